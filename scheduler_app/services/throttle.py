"""A throttle for sign-in attempts, stored in the database so every worker process sees it.

Policy per key (an e-mail address, a client IP, an account): once `Limit.attempts`
attempts under that key have failed within `Limit.window`, further attempts are refused
until `Limit.window` has passed since the last failure; the password or code is then not
even checked. Refused attempts do not count, so the lock ends on time however often
someone keeps trying, and afterwards the full number of attempts is available again.

Parallel guesses cannot slip past the limit: an attempt is claimed (a row written and
committed) *before* the password is checked, and every claim of other workers still being
checked counts as a failure. A successful attempt removes its claim; for an account key it
removes the account's failures too. Keys are stored only as SHA-256 of scope and key, and
rows older than twice the longest window are deleted on every write.
"""
from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..models import LoginAttempt

STAFF_EMAIL = "staff_email"  # key: the normalised e-mail address, known or not
STAFF_IP = "staff_ip"  # key: the client IP
TOTP = "totp"  # key: the account id, at the second-factor step
FAMILY_IP = "family_ip"  # key: the client IP at the Elternsprechtag code sign-in


@dataclass(frozen=True)
class Limit:
    attempts: int  # failures allowed within the window
    window: timedelta  # also how long sign-in stays refused after the last failure


@dataclass(frozen=True)
class Policy:
    per_account: Limit  # staff e-mail (known or unknown) and the TOTP step
    per_ip: Limit  # staff sign-in per client IP
    family_per_ip: Limit  # Elternsprechtag access codes per client IP

    @classmethod
    def from_config(cls, config: Mapping) -> Policy:
        """From the app's settings (defaults and environment names in config.py)."""
        def value(name: str) -> int:
            return int(config[name])

        window = timedelta(minutes=value("LOGIN_THROTTLE_MINUTES"))
        return cls(per_account=Limit(value("LOGIN_MAX_FAILURES_PER_ACCOUNT"), window),
                   per_ip=Limit(value("LOGIN_MAX_FAILURES_PER_IP"), window),
                   family_per_ip=Limit(value("FAMILY_CODE_MAX_FAILURES_PER_IP"), window))

    @property
    def keep(self) -> timedelta:
        """How long rows are kept: long enough to judge every limit."""
        return 2 * max(self.per_account.window, self.per_ip.window, self.family_per_ip.window)


class Throttled(Exception):
    """Too many failed attempts; try again in `retry_after` seconds."""

    def __init__(self, retry_after: int):
        super().__init__(f"throttled for {retry_after} s")
        self.retry_after = retry_after

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.retry_after / 60))


@dataclass(frozen=True)
class Key:
    scope: str
    key: str
    limit: Limit

    @property
    def digest(self) -> str:
        return key_digest(self.scope, self.key)


def key_digest(scope: str, key: str) -> str:
    return hashlib.sha256(f"{scope}\0{key}".encode()).hexdigest()


@dataclass(frozen=True)
class Claim:
    """The rows one attempt holds while it is checked; they stay if it fails."""

    row_ids: tuple[int, ...]


def _wait_seconds(session: Session, row: LoginAttempt, limit: Limit, now: datetime) -> float:
    """Seconds this key is still refused, judged by the other attempts under it."""
    if limit.attempts <= 0:
        return 0.0
    times = session.scalars(
        select(LoginAttempt.at)
        .where(LoginAttempt.key_hash == row.key_hash, LoginAttempt.id != row.id,
               LoginAttempt.at > now - 2 * limit.window)
        .order_by(LoginAttempt.at.desc()).limit(limit.attempts)).all()
    if len(times) < limit.attempts or times[0] - times[-1] >= limit.window:
        return 0.0
    return max(0.0, (times[0] + limit.window - now).total_seconds())


def claim(session: Session, keys: Sequence[Key], now: datetime, keep: timedelta) -> Claim:
    """Counts one attempt under every key, or raises Throttled if any key is locked.

    Commits: the claim must be visible to other workers before the password is checked.
    """
    session.execute(delete(LoginAttempt).where(LoginAttempt.at < now - keep))
    rows = [LoginAttempt(scope=k.scope, key_hash=k.digest, at=now) for k in keys]
    session.add_all(rows)
    session.commit()
    wait = max((_wait_seconds(session, row, k.limit, now)
                for row, k in zip(rows, keys, strict=True)), default=0.0)
    ids = tuple(row.id for row in rows)
    if wait > 0:
        session.execute(delete(LoginAttempt).where(LoginAttempt.id.in_(ids)))
        session.commit()
        raise Throttled(math.ceil(wait))
    return Claim(ids)


def succeeded(session: Session, attempt: Claim, clear: Sequence[tuple[str, str]] = ()) -> None:
    """The attempt was right: drop its claim and the failures of the keys in `clear`."""
    session.execute(delete(LoginAttempt).where(LoginAttempt.id.in_(attempt.row_ids)))
    digests = [key_digest(scope, key) for scope, key in clear]
    if digests:
        session.execute(delete(LoginAttempt).where(LoginAttempt.key_hash.in_(digests)))
    session.commit()
