"""The slot engine on wall-clock rules in Europe/Berlin, across closures and DST."""
from datetime import UTC, date, datetime, time, timedelta

import pytest

from scheduler_app.domain.availability import (
    Availability,
    RoomAvailability,
    WeeklyWindow,
    WeekParity,
)
from scheduler_app.domain.closures import NO_CLOSURES, ClosedDays, Period
from scheduler_app.domain.intervals import Interval
from scheduler_app.domain.slots import OfferingRules, bookable_slots
from scheduler_app.domain.time import BERLIN

NOW = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
HALF_HOUR = OfferingRules(duration=timedelta(minutes=30), horizon=timedelta(days=800))


def local(y, mo, d, h, mi=0):
    return datetime(y, mo, d, h, mi, tzinfo=BERLIN)


def starts(slots):
    return [s.start.astimezone(BERLIN).strftime("%Y-%m-%d %H:%M") for s in slots]


def tuesday_afternoons(**kw):
    return Availability(weekly=[WeeklyWindow(1, time(14), time(16), **kw)])


def test_weekly_window_yields_slots_in_local_time():
    slots = bookable_slots(HALF_HOUR, tuesday_afternoons(), [], NO_CLOSURES,
                           now=NOW, first=date(2026, 11, 2), last=date(2026, 11, 8))
    assert starts(slots) == ["2026-11-03 14:00", "2026-11-03 14:30",
                             "2026-11-03 15:00", "2026-11-03 15:30"]
    assert all(s.end - s.start == timedelta(minutes=30) for s in slots)
    assert all(s.start.tzinfo is not None for s in slots)


def test_same_local_time_in_summer_and_winter():
    slots = bookable_slots(HALF_HOUR, tuesday_afternoons(), [], NO_CLOSURES,
                           now=NOW, first=date(2027, 6, 15), last=date(2027, 6, 15))
    assert starts(slots)[0] == "2027-06-15 14:00"
    assert slots[0].start == datetime(2027, 6, 15, 12, 0, tzinfo=UTC)  # CEST, UTC+2


def test_spring_gap_has_no_slot():
    night = Availability(weekly=[WeeklyWindow(6, time(1), time(4))])  # Sundays 01-04
    slots = bookable_slots(HALF_HOUR, night, [], NO_CLOSURES, now=NOW,
                           first=date(2027, 3, 28), last=date(2027, 3, 28))
    labels = starts(slots)
    assert not any(" 02:" in label for label in labels)
    assert labels == ["2027-03-28 01:00", "2027-03-28 01:30", "2027-03-28 03:00",
                      "2027-03-28 03:30"]


@pytest.mark.parametrize("start, end", [(time(2), time(3)), (time(2, 30), time(3))])
def test_a_window_inside_the_spring_gap_gives_no_slot_and_no_error(start, end):
    gap = Availability(weekly=[WeeklyWindow(6, start, end)])  # Sundays, in the skipped hour
    slots = bookable_slots(HALF_HOUR, gap, [], NO_CLOSURES, now=NOW,
                           first=date(2027, 3, 21), last=date(2027, 4, 4))
    days = {label[:10] for label in starts(slots)}
    assert days == {"2027-03-21", "2027-04-04"}  # the Sundays before and after, not 28 March


def test_autumn_repeated_hour_gives_distinct_ordered_slots():
    night = Availability(weekly=[WeeklyWindow(6, time(1), time(4))])
    # 31 Oct 2027 is Reformation Day, a public holiday in Lower Saxony: closed.
    assert bookable_slots(HALF_HOUR, night, [], NO_CLOSURES, now=NOW,
                          first=date(2027, 10, 31), last=date(2027, 10, 31)) == []
    slots = bookable_slots(HALF_HOUR, night, [], NO_CLOSURES, now=NOW - timedelta(days=30),
                           first=date(2026, 10, 25), last=date(2026, 10, 25))
    instants = [s.start for s in slots]
    assert instants == sorted(set(instants))
    assert len(slots) == 8  # four real hours: 02:00-03:00 happens twice
    offsets = [s.start.astimezone(BERLIN).utcoffset() for s in slots]
    assert offsets.count(timedelta(hours=2)) == 4 and offsets.count(timedelta(hours=1)) == 4


def test_public_holiday_and_school_holidays_close():
    closed = ClosedDays.from_periods([Period("Weihnachtsferien", date(2026, 12, 23),
                                             date(2027, 1, 9))])
    every_day = Availability(weekly=[WeeklyWindow(d, time(9), time(10)) for d in range(7)])
    slots = bookable_slots(HALF_HOUR, every_day, [], closed, now=NOW,
                           first=date(2026, 12, 20), last=date(2027, 1, 12))
    days = {s.start.astimezone(BERLIN).date() for s in slots}
    assert date(2026, 12, 22) in days and date(2027, 1, 11) in days
    assert not any(date(2026, 12, 23) <= d <= date(2027, 1, 9) for d in days)
    open_in_holidays = OfferingRules(duration=timedelta(minutes=30), horizon=timedelta(days=800),
                                     open_in_school_holidays=True)
    days = {s.start.astimezone(BERLIN).date()
            for s in bookable_slots(open_in_holidays, every_day, [], closed, now=NOW,
                                    first=date(2026, 12, 20), last=date(2027, 1, 12))}
    assert date(2026, 12, 28) in days
    assert date(2026, 12, 25) not in days and date(2027, 1, 1) not in days  # public holidays


def test_buffers_notice_horizon_and_cap():
    rules = OfferingRules(duration=timedelta(minutes=30), buffer_after=timedelta(minutes=15),
                          min_notice=timedelta(hours=24), horizon=timedelta(days=9),
                          max_per_day=2)
    now = local(2026, 11, 2, 15, 0)  # Monday 15:00
    busy = [Interval(local(2026, 11, 10, 15, 0), local(2026, 11, 10, 15, 30))]
    slots = bookable_slots(rules, tuesday_afternoons(), [], NO_CLOSURES, now=now,
                           first=date(2026, 11, 2), last=date(2026, 11, 30),
                           person_busy=busy, booked_per_day={date(2026, 11, 3): 1})
    # 3 Nov: only from 15:00 (24 h notice). 10 Nov: 14:30 collides with the buffer, 15:00 busy.
    assert starts(slots) == ["2026-11-03 15:00", "2026-11-03 15:30",
                             "2026-11-10 14:00", "2026-11-10 15:30"]
    full = bookable_slots(rules, tuesday_afternoons(), [], NO_CLOSURES, now=now,
                          first=date(2026, 11, 3), last=date(2026, 11, 3),
                          booked_per_day={date(2026, 11, 3): 2})
    assert full == []


def test_rooms_must_be_open_and_free_phone_needs_none():
    rules = OfferingRules(duration=timedelta(minutes=30), horizon=timedelta(days=800),
                          phone=True)
    b004 = RoomAvailability(4, "B0.04")
    b005 = RoomAvailability(5, "B0.05", Availability(
        weekly=[WeeklyWindow(1, time(14), time(15))]))
    busy = {4: [Interval(local(2026, 11, 3, 14), local(2026, 11, 3, 15))]}
    slots = bookable_slots(rules, tuesday_afternoons(), [b004, b005], NO_CLOSURES, now=NOW,
                           first=date(2026, 11, 3), last=date(2026, 11, 3), room_busy=busy)
    assert [(starts([s])[0][-5:], s.rooms, s.phone) for s in slots] == [
        ("14:00", (5,), True), ("14:30", (5,), True), ("15:00", (4,), True),
        ("15:30", (4,), True)]
    in_person_only = OfferingRules(duration=timedelta(minutes=30), horizon=timedelta(days=800))
    busy[4] = [Interval(local(2026, 11, 3, 14), local(2026, 11, 3, 16))]
    slots = bookable_slots(in_person_only, tuesday_afternoons(), [b004, b005], NO_CLOSURES,
                           now=NOW, first=date(2026, 11, 3), last=date(2026, 11, 3),
                           room_busy=busy)
    assert starts(slots) == ["2026-11-03 14:00", "2026-11-03 14:30"]


def test_validity_parity_extra_and_blocked():
    weekly = WeeklyWindow(1, time(14), time(15), valid_from=date(2026, 11, 10),
                          parity=WeekParity.A)
    extra = Interval(local(2026, 11, 5, 8), local(2026, 11, 5, 9))
    blocked = Interval(local(2026, 11, 24, 14, 30), local(2026, 11, 24, 16))
    avail = Availability(weekly=[weekly], extra=[extra], blocked=[blocked])
    slots = bookable_slots(HALF_HOUR, avail, [], NO_CLOSURES, now=NOW,
                           first=date(2026, 11, 2), last=date(2026, 11, 30))
    # ISO week 46 (10 Nov) is even (B), week 47 (17 Nov) odd (A), week 48 (24 Nov) even.
    assert starts(slots) == ["2026-11-05 08:00", "2026-11-05 08:30",
                             "2026-11-17 14:00", "2026-11-17 14:30"]


def test_invalid_rules_are_refused():
    with pytest.raises(ValueError):
        WeeklyWindow(1, time(15), time(14))
    with pytest.raises(ValueError):
        OfferingRules(duration=timedelta(minutes=7))
    with pytest.raises(ValueError):
        OfferingRules(duration=timedelta(minutes=30), in_person=False, phone=False)
