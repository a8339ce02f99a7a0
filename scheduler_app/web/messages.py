"""Showing the services' German messages in the visitor's language.

Services raise `UserError`s (and produce `Message`s, e.g. the CSV import preview) whose
German text is a msgid of the catalog; see scheduler_app/domain/messages.py.
"""
from __future__ import annotations

from flask_babel import gettext

from ..domain.messages import Message, UserError


def translated(value: Message | BaseException | str | None) -> str:
    """The message of a service error, or a `Message`, in the current language.

    Plain strings and other exceptions come back as they are (their German text).
    """
    if value is None:
        return ""
    if isinstance(value, UserError):
        value = value.message
    if isinstance(value, Message):
        return gettext(value.msgid, **value.params)
    return str(value)
