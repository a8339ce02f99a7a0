"""Sending the queued mails of the outbox over SMTP, with retries and backoff.

A message is marked SENT only after the SMTP server accepted it; any failure leaves it
PENDING with `next_attempt_at` pushed back (1, 2, 4 ... minutes, at most an hour), so an
SMTP outage loses nothing and the mail goes out on the first run after the server is back.
A server that refuses a message outright (a 5xx for the recipient) is tried a few more
times and then marked FAILED for the office to see.
"""
from __future__ import annotations

import json
import smtplib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Channel, OutboxMessage, OutboxStatus

MAX_BACKOFF = timedelta(hours=1)
MAX_REFUSALS = 5
BATCH = 200


@dataclass(frozen=True)
class MailSettings:
    server: str = "127.0.0.1"
    port: int = 25
    username: str | None = None
    password: str | None = None
    use_tls: bool = False
    sender: str = "Sprechzeit <sprechzeit@schule.example>"
    timeout: float = 10.0

    @classmethod
    def from_config(cls, config) -> MailSettings:
        return cls(server=config.get("MAIL_SERVER", "127.0.0.1"),
                   port=int(config.get("MAIL_PORT", 25)),
                   username=config.get("MAIL_USERNAME"), password=config.get("MAIL_PASSWORD"),
                   use_tls=bool(config.get("MAIL_USE_TLS")),
                   sender=config.get("MAIL_SENDER") or cls.sender,
                   timeout=float(config.get("MAIL_TIMEOUT", 10.0)))


@dataclass
class SendResult:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, ... minutes after the 1st, 2nd, 3rd failure; at most an hour."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def build_email(message: OutboxMessage, sender: str) -> EmailMessage:
    """The MIME message of an outbox row: text, and the .ics as a calendar part.

    Payloads carry "subject" and "body" (or "text"), and either one "ics" with its
    "ics_method" or a list of "attachments" ({"filename", "content_type", "data"}).
    """
    payload = json.loads(message.payload or "{}")
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = message.recipient
    mail["Subject"] = payload.get("subject", "Sprechzeit")
    mail["Date"] = formatdate(localtime=False)
    # A stable Message-ID per outbox row lets a mail server drop a repeated delivery.
    domain = sender.rsplit("@", 1)[-1].strip(">") or "sprechzeit.invalid"
    mail["Message-ID"] = make_msgid(idstring=f"outbox-{message.id}", domain=domain)
    mail.set_content(payload.get("body") or payload.get("text") or "")
    if ics := payload.get("ics"):
        method = payload.get("ics_method", "PUBLISH")
        mail.add_attachment(ics.encode(), maintype="text", subtype="calendar",
                            filename="termin.ics", params={"method": method})
    for attachment in payload.get("attachments") or ():
        content_type = attachment.get("content_type", "application/octet-stream")
        main, _, rest = content_type.partition("/")
        subtype, *params = [p.strip() for p in rest.split(";")]
        extra = dict(p.split("=", 1) for p in params if "=" in p and not p.startswith("charset"))
        mail.add_attachment(attachment.get("data", "").encode(), maintype=main,
                            subtype=subtype or "octet-stream",
                            filename=attachment.get("filename", "anhang"), params=extra)
    return mail


LEASE = timedelta(minutes=10)


def _claim_next(session: Session, now: datetime) -> OutboxMessage | None:
    """Takes the next due mail and leases it, in a short transaction of its own.

    The lease (next_attempt_at pushed LEASE ahead, committed before the SMTP dialogue) keeps
    a second sender (cron beside `outbox run`) away from the row, without holding a database
    lock while a slow mail server answers: on SQLite that lock would stall every booking. A
    sender that dies mid-send leaves the row to be tried again when the lease ends; the
    stable Message-ID lets the mail server drop such a repeat.
    """
    message = session.scalar(
        select(OutboxMessage)
        .where(OutboxMessage.channel == Channel.MAIL,
               OutboxMessage.status == OutboxStatus.PENDING,
               OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(1)
        .with_for_update(skip_locked=True))
    if message is not None:
        message.next_attempt_at = now + LEASE
        session.commit()
    return message


def _connect(settings: MailSettings) -> smtplib.SMTP:
    smtp = smtplib.SMTP(settings.server, settings.port, timeout=settings.timeout)
    if settings.use_tls:
        smtp.starttls()
    if settings.username:
        smtp.login(settings.username, settings.password or "")
    return smtp


def _retry(message: OutboxMessage, now: datetime, error: str, refused: bool,
           result: SendResult) -> None:
    message.attempts += 1
    message.last_error = error[:500]
    if refused and message.attempts >= MAX_REFUSALS:
        message.status = OutboxStatus.FAILED
        result.failed += 1
    else:
        message.next_attempt_at = now + backoff(message.attempts)
        result.retrying += 1
    if error not in result.errors:
        result.errors.append(error)


def _postpone_all(session: Session, now: datetime, error: str, result: SendResult) -> None:
    """The server is unreachable: every due mail waits for its next attempt, untouched."""
    while (message := _claim_next(session, now)) is not None:
        _retry(message, now, error, refused=False, result=result)
        session.commit()


def send_due(session: Session, settings: MailSettings, now: datetime | None = None,
             limit: int = BATCH) -> SendResult:
    """Sends every due mail once over one SMTP connection; commits after each message."""
    now = now or datetime.now(UTC)
    result = SendResult()
    smtp: smtplib.SMTP | None = None
    try:
        for _ in range(limit):
            message = _claim_next(session, now)
            if message is None:
                break
            try:
                smtp = smtp or _connect(settings)
                smtp.send_message(build_email(message, settings.sender))
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError,
                    smtplib.SMTPSenderRefused) as exc:
                _retry(message, now, f"abgelehnt: {exc}", refused=True, result=result)
            except (OSError, smtplib.SMTPException) as exc:
                error = f"SMTP {settings.server}:{settings.port}: {exc}"
                _retry(message, now, error, refused=False, result=result)
                session.commit()
                _postpone_all(session, now, error, result)
                break
            else:
                message.attempts += 1
                message.status = OutboxStatus.SENT
                message.sent_at = now
                message.last_error = None
                result.sent += 1
            session.commit()
    finally:
        session.commit()
        if smtp is not None:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                pass
    return result
