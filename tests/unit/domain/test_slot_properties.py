"""Property tests: whatever the rules, the slot engine keeps its promises.

No slot overlaps a busy interval of the person (with its buffers) or of its room, leaves its
window or its room's opening hours, breaks the minimum notice, the horizon or the cap per day,
or repeats; slots come in time order. Windows, busy times and "now" are drawn around both
daylight-saving changes of 2026 and 2027.
"""
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from scheduler_app.domain.availability import (
    Availability,
    RoomAvailability,
    WeeklyWindow,
    WeekParity,
)
from scheduler_app.domain.closures import NO_CLOSURES
from scheduler_app.domain.intervals import Interval
from scheduler_app.domain.slots import OfferingRules, bookable_slots
from scheduler_app.domain.time import BERLIN

# Mondays before the four DST changes; the ranges below run across them.
WEEKS = [date(2026, 3, 23), date(2026, 10, 19), date(2027, 3, 22), date(2027, 10, 25)]
FIVE = timedelta(minutes=5)
five_minutes = st.integers(min_value=1, max_value=12).map(lambda n: n * FIVE)


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
    availability = Availability(weekly=draw(st.lists(weekly_windows(), min_size=1,
                                                     max_size=4)))
    windows = availability.open_intervals(first, last, NO_CLOSURES)
    assume(windows)  # without an open window there is nothing to check

    def instant():
        return base + draw(st.integers(0, 24 * 16 * 12)) * FIVE

    def busy_intervals(at_most):
        # Half of them start inside the person's windows: elsewhere they rarely meet a slot.
        def start():
            if draw(st.booleans()):
                return instant()
            window = draw(st.sampled_from(windows))
            return window.start + FIVE * draw(st.integers(0, (window.end - window.start) // FIVE))
        starts = [start() for _ in range(draw(st.integers(0, at_most)))]
        return [Interval(s, s + draw(five_minutes) * draw(st.integers(1, 6))) for s in starts]

    busy = busy_intervals(6)
    rooms = [RoomAvailability(room_id, f"R{room_id}", draw(st.sampled_from(
        [Availability(always_open=True), availability,
         Availability(weekly=draw(st.lists(weekly_windows(), min_size=1, max_size=3)))])))
        for room_id in range(draw(st.integers(0, 3)))]
    in_person = draw(st.booleans())
    rules = OfferingRules(
        duration=draw(five_minutes),
        step=draw(st.none() | five_minutes),
        buffer_before=draw(st.sampled_from([timedelta(0), timedelta(minutes=5),
                                            timedelta(minutes=15)])),
        buffer_after=draw(st.sampled_from([timedelta(0), timedelta(minutes=10)])),
        min_notice=timedelta(hours=draw(st.integers(0, 72))),
        horizon=timedelta(days=draw(st.integers(1, 20))),
        max_per_day=draw(st.none() | st.integers(1, 3)),
        in_person=in_person,
        phone=draw(st.booleans()) or not in_person,
    )
    # "Now" from four days before the first day to two days into the range: later it
    # leaves nothing to check.
    now = datetime.combine(first, time(0), tzinfo=BERLIN) + draw(
        st.integers(-96 * 12, 48 * 12)) * FIVE
    engine_input = dict(now=now, first=first, last=last, person_busy=busy,
                        room_busy={room.room_id: busy_intervals(4) for room in rooms},
                        # The person's busy times are this offering's bookings, counted on
                        # the Berlin day they start on, as the slot service counts them.
                        booked_per_day=Counter(b.start.astimezone(BERLIN).date() for b in busy))
    return rules, availability, rooms, engine_input


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_slots_respect_every_rule(scenario):
    rules, availability, rooms, engine_input = scenario
    now, first, last, busy = (engine_input[k] for k in ("now", "first", "last", "person_busy"))
    slots = bookable_slots(rules, availability, rooms, NO_CLOSURES, **engine_input)
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
        if rules.max_per_day is not None:
            assert engine_input["booked_per_day"][local.date()] < rules.max_per_day, \
                "one more booking would exceed the cap per day"
        assert slot.in_person or slot.phone
        assert not slot.rooms or slot.in_person
        if slot.in_person and rooms:
            assert slot.rooms, "an in-person slot needs one of the offering's rooms"
        for room_id in slot.rooms:
            room = next(r for r in rooms if r.room_id == room_id)
            room_open = room.availability.open_intervals(first, last, NO_CLOSURES)
            assert any(w.start <= slot.start and slot.end <= w.end for w in room_open), \
                "slot leaves its room's opening hours"
            # The engine applies buffers to the person only: a room is taken for the talk.
            assert not any(b.start < slot.end and slot.start < b.end
                           for b in engine_input["room_busy"][room_id]), \
                "slot's room is booked then"
