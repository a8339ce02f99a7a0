"""The office manages staff accounts: invite by mail, deactivate, reactivate."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.messages import N_, UserError
from ..models import Role, StaffMember
from .auth import INVITE, INVITE_MAX_AGE, end_sessions, find_by_email, make_link_token
from .mail_queue import enqueue_mail


class StaffAdminError(UserError):
    """The change cannot be made; the message is German and safe to show."""


def list_staff(session: Session) -> list[StaffMember]:
    return list(session.scalars(select(StaffMember).order_by(
        StaffMember.is_active.desc(), StaffMember.display_name)))


def _queue_invitation(session: Session, staff: StaffMember, *, secret_key: str,
                      link_for, inviter: StaffMember) -> None:
    link = link_for(make_link_token(secret_key, staff, INVITE))
    enqueue_mail(
        session, topic="staff_invitation", recipient=staff.email, staff_id=staff.id,
        subject="Einladung zu Sprechzeit",
        body=(f"Guten Tag {staff.display_name},\n\n"
              f"{inviter.display_name} hat Sie zu Sprechzeit eingeladen, der Terminbuchung "
              f"der Schule. Über diesen Link legen Sie Ihr Passwort fest "
              f"(gültig {INVITE_MAX_AGE // 86400} Tage):\n{link}\n"))


def invite_staff(session: Session, *, email: str, display_name: str, role: Role,
                 inviter: StaffMember, secret_key: str, link_for) -> StaffMember:
    """Creates the account without a password and queues the invitation mail."""
    email = email.strip().lower()
    if find_by_email(session, email) is not None:
        raise StaffAdminError(N_("Zu dieser E-Mail-Adresse gibt es schon ein Konto."))
    staff = StaffMember(email=email, display_name=display_name.strip(), role=role)
    session.add(staff)
    session.flush()
    _queue_invitation(session, staff, secret_key=secret_key, link_for=link_for,
                      inviter=inviter)
    session.commit()
    return staff


def resend_invitation(session: Session, staff: StaffMember, *, inviter: StaffMember,
                      secret_key: str, link_for) -> None:
    if staff.password_hash:
        raise StaffAdminError(N_("Dieses Konto hat bereits ein Passwort."))
    if not staff.is_active:
        raise StaffAdminError(N_("Das Konto ist deaktiviert."))
    _queue_invitation(session, staff, secret_key=secret_key, link_for=link_for,
                      inviter=inviter)
    session.commit()


def deactivate_staff(session: Session, staff: StaffMember, *, by: StaffMember) -> None:
    """Ends every session of the account at once; its offerings stop being bookable."""
    if staff.id == by.id:
        raise StaffAdminError(N_("Sie können Ihr eigenes Konto nicht deaktivieren."))
    staff.is_active = False
    end_sessions(staff)
    session.commit()


def reactivate_staff(session: Session, staff: StaffMember) -> None:
    staff.is_active = True
    session.commit()
