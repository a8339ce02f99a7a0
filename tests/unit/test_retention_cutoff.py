"""The retention cut-off: an instant for bookings and mails, a Berlin day for events."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from scheduler_app.domain.retention import RetentionError, cutoff


def test_the_cutoff_lies_the_period_back_and_its_day_is_berlins():
    now = datetime(2027, 3, 9, 23, 30, tzinfo=UTC)  # already 10 March in Berlin
    limit = cutoff(now, 90)
    assert limit.instant == now - timedelta(days=90)
    assert limit.day == date(2026, 12, 10)


@pytest.mark.parametrize("days", [0, -1, 36501])
def test_a_period_outside_one_day_to_a_century_is_refused(days):
    with pytest.raises(RetentionError) as refused:
        cutoff(datetime(2027, 3, 10, tzinfo=UTC), days)
    assert refused.value.message.params == {"max": 36500, "days": days}
