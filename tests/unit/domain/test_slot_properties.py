"""Property tests: whatever the rules, the slot engine keeps its promises.

No slot overlaps a busy interval (with its buffers), leaves its window, breaks the minimum
notice or the horizon, or repeats; slots come in time order. Windows, busy times and "now"
are drawn around both daylight-saving changes of 2026 and 2027.
"""
from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler_app.domain.availability import Availability, WeeklyWindow, WeekParity
from scheduler_app.domain.closures import NO_CLOSURES
from scheduler_app.domain.intervals import Interval
from scheduler_app.domain.slots import OfferingRules, bookable_slots
from scheduler_app.domain.time import BERLIN

# Mondays before the four DST changes; the ranges below run across them.
WEEKS = [date(2026, 3, 23), date(2026, 10, 19), date(2027, 3, 22), date(2027, 10, 25)]
five_minutes = st.integers(min_value=1, max_value=12).map(lambda n: timedelta(minutes=5 * n))


@st.composite
def weekly_windows(draw):
    weekday = draw(st.integers(0, 6))
    start_min = draw(st.integers(0, 22 * 12)) * 5  # any five-minute mark, nights included
    length = draw(st.integers(1, 36)) * 5
    end_min = min(start_min + length, 23 * 60 + 55)
    parity = draw(st.sampled_from([None, WeekParity.A, WeekParity.B]))
    return WeeklyWindow(weekday, time(start_min // 60, start_min % 60),
                        time(end_min // 60, end_min % 60), parity=parity)


@st.composite
def scenarios(draw):
    monday = draw(st.sampled_from(WEEKS))
    first = monday + timedelta(days=draw(st.integers(0, 6)))
    last = first + timedelta(days=draw(st.integers(0, 9)))
    base = datetime.combine(monday, time(0), tzinfo=BERLIN).astimezone(UTC)

    def instant(max_hours=24 * 16):
        return base + timedelta(minutes=5 * draw(st.integers(0, max_hours * 12)))

    busy = []
    for _ in range(draw(st.integers(0, 6))):
        start = instant()
        busy.append(Interval(start, start + draw(five_minutes) * draw(st.integers(1, 6))))
    rules = OfferingRules(
        duration=draw(five_minutes),
        step=draw(st.none() | five_minutes),
        buffer_before=draw(st.sampled_from([timedelta(0), timedelta(minutes=5),
                                            timedelta(minutes=15)])),
        buffer_after=draw(st.sampled_from([timedelta(0), timedelta(minutes=10)])),
        min_notice=timedelta(hours=draw(st.integers(0, 72))),
        horizon=timedelta(days=draw(st.integers(1, 20))),
    )
    availability = Availability(weekly=draw(st.lists(weekly_windows(), min_size=1,
                                                     max_size=4)))
    return rules, availability, busy, instant(), first, last


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_slots_respect_every_rule(scenario):
    rules, availability, busy, now, first, last = scenario
    slots = bookable_slots(rules, availability, [], NO_CLOSURES, now=now, first=first,
                           last=last, person_busy=busy)
    windows = availability.open_intervals(first, last, NO_CLOSURES)
    starts = [s.start for s in slots]
    assert starts == sorted(set(starts)), "slots repeat or come out of order"
    for slot in slots:
        assert slot.end - slot.start == rules.duration
        assert any(w.start <= slot.start and slot.end <= w.end for w in windows), \
            "slot leaves its window"
        assert slot.start >= now + rules.min_notice, "slot breaks the minimum notice"
        assert slot.start <= now + rules.horizon, "slot lies beyond the horizon"
        assert first <= slot.start.astimezone(BERLIN).date() <= last
        blocked_from = slot.start - rules.buffer_before
        blocked_to = slot.end + rules.buffer_after
        assert not any(b.start < blocked_to and blocked_from < b.end for b in busy), \
            "slot overlaps a busy interval or its buffers"
        local = slot.start.astimezone(BERLIN)
        assert local.astimezone(UTC) == slot.start  # a real instant, never in the spring gap
