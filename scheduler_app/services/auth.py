"""Staff sign-in: passwords, session versions, reset and invitation links, TOTP.

A session stores "<id>:<session_version>". Logout, a password change and deactivation bump
the version, so every session cookie issued before (including a copied one) stops working.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

import pyotp
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.messages import N_, UserError
from ..models import Role, StaffMember
from . import throttle
from .mail_queue import enqueue_mail
from .passwords import check_password, hash_password
from .throttle import Policy

RESET_MAX_AGE = 2 * 3600  # seconds a reset link stays valid
INVITE_MAX_AGE = 14 * 24 * 3600
MIN_PASSWORD_LENGTH = 10
TOTP_ISSUER = "Sprechzeit"

# Verified when the e-mail is unknown, so a wrong address costs as long as a wrong password.
_DUMMY_HASH = hash_password("no such account")


class AuthError(UserError):
    """A sign-in step failed; the message is safe to show."""


@dataclass(frozen=True)
class LinkPurpose:
    salt: str
    max_age: int


RESET = LinkPurpose("password-reset", RESET_MAX_AGE)
INVITE = LinkPurpose("staff-invite", INVITE_MAX_AGE)


def find_by_email(session: Session, email: str) -> StaffMember | None:
    return session.scalar(select(StaffMember).where(
        func.lower(StaffMember.email) == normalise_email(email)))


def load_session_user(session: Session, session_id: str) -> StaffMember | None:
    try:
        staff_id, version = (int(part) for part in session_id.split(":"))
    except (ValueError, AttributeError):
        return None  # an old or foreign cookie format: not signed in
    staff = session.get(StaffMember, staff_id)
    if staff is None or not staff.is_active or staff.session_version != version:
        return None
    return staff


def authenticate(session: Session, email: str, password: str) -> StaffMember | None:
    """The active staff member with this e-mail and password, else None."""
    staff = find_by_email(session, email)
    if staff is None or not staff.is_active or not staff.password_hash:
        check_password(_DUMMY_HASH, password)
        return None
    return staff if check_password(staff.password_hash, password) else None


def normalise_email(email: str) -> str:
    return email.strip().lower()


def sign_in(session: Session, email: str, password: str, *, ip: str | None,
            policy: Policy, now: datetime) -> StaffMember | None:
    """`authenticate`, throttled per e-mail address (known or not) and per client IP.

    Raises Throttled without checking the password while either key is locked. A right
    password clears the address's failures (not the IP's: one valid account must not
    reset the counter of someone guessing others from the same address). Commits.
    """
    email_key = normalise_email(email)
    attempt = throttle.claim(session, [
        throttle.Key(throttle.STAFF_EMAIL, email_key, policy.per_account),
        throttle.Key(throttle.STAFF_IP, ip or "unknown", policy.per_ip),
    ], now, policy.keep)
    staff = authenticate(session, email, password)
    if staff is not None:
        throttle.succeeded(session, attempt, clear=[(throttle.STAFF_EMAIL, email_key)])
    return staff


def end_sessions(staff: StaffMember) -> None:
    """Every session of this person ends now (logout, deactivation, new password)."""
    staff.session_version += 1


def validate_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AuthError(N_("Das Passwort muss mindestens %(n)s Zeichen haben."),
                        n=MIN_PASSWORD_LENGTH)


def set_password(session: Session, staff: StaffMember, password: str) -> None:
    validate_new_password(password)
    staff.password_hash = hash_password(password)
    end_sessions(staff)
    session.flush()


# --- links sent by mail -------------------------------------------------------------------

def _fingerprint(staff: StaffMember) -> str:
    """Changes once the link is used (new password hash), so each link works once."""
    raw = f"{staff.password_hash or ''}:{staff.is_active}"
    return hashlib.sha256(raw.encode()).hexdigest()[:20]


def make_link_token(secret_key: str, staff: StaffMember, purpose: LinkPurpose) -> str:
    serializer = URLSafeTimedSerializer(secret_key, salt=purpose.salt)
    return serializer.dumps({"id": staff.id, "fp": _fingerprint(staff)})


def staff_for_link(session: Session, secret_key: str, token: str,
                   purpose: LinkPurpose) -> StaffMember:
    serializer = URLSafeTimedSerializer(secret_key, salt=purpose.salt)
    try:
        data = serializer.loads(token, max_age=purpose.max_age)
    except SignatureExpired:
        raise AuthError(N_("Der Link ist abgelaufen. Bitte fordern Sie einen neuen an.")) from None
    except BadSignature:
        raise AuthError(N_("Der Link ist ungültig.")) from None
    staff = session.get(StaffMember, data.get("id"))
    if staff is None or not staff.is_active or data.get("fp") != _fingerprint(staff):
        raise AuthError(N_("Der Link ist ungültig oder wurde bereits benutzt."))
    return staff


def request_password_reset(session: Session, email: str, *, secret_key: str,
                           link_for) -> bool:
    """Queues a reset mail if the address belongs to an active account.

    The caller shows the same answer either way, so the form does not reveal who has an
    account. `link_for(token)` builds the absolute URL of the reset page.
    """
    staff = find_by_email(session, email)
    if staff is None or not staff.is_active:
        return False
    link = link_for(make_link_token(secret_key, staff, RESET))
    enqueue_mail(
        session, topic="password_reset", recipient=staff.email, staff_id=staff.id,
        subject="Sprechzeit: Passwort zurücksetzen",
        body=(f"Guten Tag {staff.display_name},\n\n"
              f"über diesen Link können Sie ein neues Passwort festlegen "
              f"(gültig {RESET_MAX_AGE // 3600} Stunden):\n{link}\n\n"
              "Wenn Sie das nicht angefordert haben, ignorieren Sie diese Nachricht."))
    session.commit()
    return True


# --- TOTP ---------------------------------------------------------------------------------

def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(secret: str, staff: StaffMember) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=staff.email, issuer_name=TOTP_ISSUER)


def _matching_counter(secret: str, code: str, now: datetime) -> int | None:
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    counter = totp.timecode(now)
    for step in (counter - 1, counter, counter + 1):  # allow one step of clock drift
        if pyotp.utils.strings_equal(totp.generate_otp(step), code):
            return step
    return None


def check_totp(staff: StaffMember, code: str, now: datetime) -> bool:
    """True for a fresh valid code; remembers its time step so it cannot be replayed."""
    if not staff.totp_secret:
        return False
    step = _matching_counter(staff.totp_secret, code, now)
    if step is None or (staff.totp_last_counter is not None and step <= staff.totp_last_counter):
        return False
    staff.totp_last_counter = step
    return True


def sign_in_code(session: Session, staff: StaffMember, code: str, *, policy: Policy,
                 now: datetime) -> bool:
    """`check_totp` at sign-in, throttled per account; raises Throttled. Commits."""
    key = str(staff.id)
    attempt = throttle.claim(
        session, [throttle.Key(throttle.TOTP, key, policy.per_account)], now, policy.keep)
    if not check_totp(staff, code, now):
        return False
    throttle.succeeded(session, attempt, clear=[(throttle.TOTP, key)])
    return True


def enable_totp(staff: StaffMember, secret: str, code: str, now: datetime) -> None:
    step = _matching_counter(secret, code, now)
    if step is None:
        raise AuthError(N_("Der Code stimmt nicht. Bitte den aktuellen Code der App eingeben."))
    staff.totp_secret = secret
    staff.totp_last_counter = step


def can_disable_totp(staff: StaffMember) -> bool:
    """Admins keep the second factor once they have set it up."""
    return staff.role != Role.ADMIN


def disable_totp(staff: StaffMember, code: str, now: datetime) -> None:
    if not can_disable_totp(staff):
        raise AuthError(N_("Für die Verwaltung ist der zweite Faktor Pflicht."))
    if not check_totp(staff, code, now):
        raise AuthError(N_("Der Code stimmt nicht."))
    staff.totp_secret = None
    staff.totp_last_counter = None
