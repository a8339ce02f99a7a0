"""Messages for people that services produce without Flask, translatable by the web layer.

German is the source text. A message is written once as a msgid with `%(name)s`
placeholders, marked with `N_` so that `pybabel extract -k N_` puts it into the catalog,
and kept together with its parameters:

    raise OfficeError(N_("Diesen Raum gibt es schon."))
    raise AuthError(N_("Das Passwort muss mindestens %(n)s Zeichen haben."), n=12)
    Message(N_("Zeile %(line)d: „%(column)s“ ist leer."), line=3, column="E-Mail")

A `Message` is the German text itself (a `str`), so logs, the CLI, the JSON API and
`str(exc)` stay German; a view shows it in the visitor's language with
`scheduler_app.web.messages.translated(...)`, which looks up the msgid and fills in the
parameters afterwards. Never concatenate German pieces: a translator must see the whole
sentence.
"""
from __future__ import annotations

from typing import Any


def N_(text: str) -> str:
    """Marks `text` for extraction into the catalog; returns it unchanged."""
    return text


class Message(str):
    """German text that remembers its msgid and parameters."""

    msgid: str
    params: dict[str, Any]

    def __new__(cls, msgid: str, /, **params: Any) -> Message:
        self = super().__new__(cls, msgid % params if params else msgid)
        self.msgid = msgid
        self.params = params
        return self

    def __reduce__(self):  # str's own pickling would drop msgid and params
        return _rebuild, (self.msgid, self.params)


def _rebuild(msgid: str, params: dict[str, Any]) -> Message:
    return Message(msgid, **params)


class UserError(ValueError):
    """A refusal whose message is safe to show: German, translatable in the web layer.

    `UserError(N_("… %(limit)d …"), limit=5)`, or `UserError(message)` to pass on the
    `Message` of another error.
    """

    def __init__(self, msgid: str, /, **params: Any) -> None:
        self.message = msgid if isinstance(msgid, Message) and not params \
            else Message(msgid, **params)
        super().__init__(self.message)
