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
BEFORE_THE_2026_CHANGES = datetime(2026, 3, 1, tzinfo=UTC)


class _NeverClosed(ClosedDays):
    """Not even on public holidays: closures are an input of the engine, so the DST tests
    can run on 31 Oct 2027 too, which is Reformation Day in Lower Saxony."""

    def is_public_holiday(self, day: date) -> bool:
        return False


NEVER_CLOSED = _NeverClosed()


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


@pytest.mark.parametrize("day", [date(2026, 3, 29), date(2027, 3, 28)])  # 02:00 -> 03:00
def test_spring_gap_has_no_slot(day):
    night = Availability(weekly=[WeeklyWindow(6, time(1), time(4))])  # Sundays 01-04
    slots = bookable_slots(HALF_HOUR, night, [], NEVER_CLOSED, now=BEFORE_THE_2026_CHANGES,
                           first=day, last=day)
    assert [label[-5:] for label in starts(slots)] == ["01:00", "01:30", "03:00", "03:30"]
    # 01:00 CET is 00:00 UTC and 03:00 CEST is 01:00 UTC: two real hours, no hole between.
    midnight = datetime.combine(day, time(0), tzinfo=UTC)
    assert [s.start for s in slots] == [midnight + i * timedelta(minutes=30) for i in range(4)]


@pytest.mark.parametrize("start, end", [(time(2), time(3)), (time(2, 30), time(3))])
def test_a_window_inside_the_spring_gap_gives_no_slot_and_no_error(start, end):
    gap = Availability(weekly=[WeeklyWindow(6, start, end)])  # Sundays, in the skipped hour
    slots = bookable_slots(HALF_HOUR, gap, [], NO_CLOSURES, now=NOW,
                           first=date(2027, 3, 21), last=date(2027, 4, 4))
    days = {label[:10] for label in starts(slots)}
    assert days == {"2027-03-21", "2027-04-04"}  # the Sundays before and after, not 28 March


@pytest.mark.parametrize("day", [date(2026, 10, 25), date(2027, 10, 31)])  # 03:00 -> 02:00
def test_autumn_repeated_hour_gives_distinct_ordered_slots(day):
    night = Availability(weekly=[WeeklyWindow(6, time(1), time(4))])
    slots = bookable_slots(HALF_HOUR, night, [], NEVER_CLOSED, now=BEFORE_THE_2026_CHANGES,
                           first=day, last=day)
    assert [label[-5:] for label in starts(slots)] == [
        "01:00", "01:30", "02:00", "02:30", "02:00", "02:30", "03:00", "03:30"]
    # 01:00 CEST is 23:00 UTC the evening before, 04:00 CET is 03:00 UTC: four real hours,
    # so the repeated wall-clock times are distinct, strictly ordered instants.
    first_start = datetime.combine(day, time(0), tzinfo=UTC) - timedelta(hours=1)
    assert [s.start for s in slots] == [first_start + i * timedelta(minutes=30)
                                        for i in range(8)]


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
    # Reformation Day, a public holiday in Lower Saxony (and the autumn DST change of 2027).
    assert bookable_slots(HALF_HOUR, every_day, [], NO_CLOSURES, now=NOW,
                          first=date(2027, 10, 31), last=date(2027, 10, 31)) == []


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


def test_valid_until_is_the_last_day_of_a_weekly_window():
    avail = tuesday_afternoons(valid_until=date(2026, 11, 10))
    slots = bookable_slots(HALF_HOUR, avail, [], NO_CLOSURES, now=NOW,
                           first=date(2026, 11, 2), last=date(2026, 11, 30))
    assert starts(slots)[-4:] == ["2026-11-10 14:00", "2026-11-10 14:30",
                                  "2026-11-10 15:00", "2026-11-10 15:30"]
    assert {label[:10] for label in starts(slots)} == {"2026-11-03", "2026-11-10"}


def test_invalid_rules_are_refused():
    with pytest.raises(ValueError):
        WeeklyWindow(1, time(15), time(14))
    with pytest.raises(ValueError):
        OfferingRules(duration=timedelta(minutes=7))
    with pytest.raises(ValueError):
        OfferingRules(duration=timedelta(minutes=30), in_person=False, phone=False)
