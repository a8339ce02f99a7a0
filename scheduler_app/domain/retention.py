"""How long personal data is kept: the retention period and the cut-off it gives.

Bookings and mails hold the names and contact data of parents and students (minors among
them), an Elternsprechtag holds whole classes. The school keeps them only as long as it
needs them, a number of days after the talk (or the mail, or the event's last day), and
then removes them on a schedule (services/retention.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .messages import N_, UserError
from .time import ensure_utc, local_date

# A sanity bound: a period beyond it is a typing error, and dates before year 1 overflow.
MAX_DAYS = 36500


class RetentionError(UserError):
    """The retention period cannot be used as given."""


@dataclass(frozen=True)
class Cutoff:
    """What has outlived a retention period of `days` at `now`.

    A booking whose end and a mail whose sending lie before `instant` have; so has an
    Elternsprechtag whose last (Berlin) day lies before `day`, a whole day being the
    event's unit.
    """

    days: int
    instant: datetime
    day: date


def cutoff(now: datetime, days: int) -> Cutoff:
    if not 1 <= days <= MAX_DAYS:
        raise RetentionError(
            N_("Die Aufbewahrungsfrist muss zwischen 1 und %(max)d Tagen liegen, nicht "
               "%(days)d."), max=MAX_DAYS, days=days)
    period = timedelta(days=days)
    return Cutoff(days, ensure_utc(now) - period, local_date(now) - period)
