"""Service messages: German text as before, msgid and parameters kept, all in the catalog."""
from __future__ import annotations

import pickle
import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from scheduler_app.domain.messages import Message, N_, UserError
from scheduler_app.domain.parentsday_csv import parse_students

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "scheduler_app/translations/en/LC_MESSAGES/messages.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def test_a_message_is_its_german_text_and_keeps_msgid_and_parameters():
    message = Message(N_("Zeile %(line)d: „%(column)s“ ist leer."), line=3, column="E-Mail")
    assert message == "Zeile 3: „E-Mail“ ist leer."
    assert message.msgid == "Zeile %(line)d: „%(column)s“ ist leer."
    assert message.params == {"line": 3, "column": "E-Mail"}
    assert pickle.loads(pickle.dumps(message)).params == message.params
    plain = Message("Nur 100 % sicher.")  # without parameters nothing is formatted
    assert plain == plain.msgid == "Nur 100 % sicher."


def test_a_user_error_reads_as_german_and_passes_its_message_on():
    error = UserError(N_("Das Passwort muss mindestens %(n)s Zeichen haben."), n=12)
    assert str(error) == "Das Passwort muss mindestens 12 Zeichen haben."
    assert UserError(error.message).message.params == {"n": 12}


def test_csv_preview_errors_are_messages():
    preview = parse_students(b"Klasse;Nachname;Vorname\n5a;;Anna\n")
    (line, message), = preview.errors
    assert line == 2 and message == "Zeile 2: „Nachname“ ist leer."
    assert message.msgid == "Zeile %(line)d: „%(column)s“ ist leer."


def test_every_marked_message_has_an_english_translation_with_the_same_placeholders():
    with PO.open("rb") as po:
        catalog = read_po(po)
    marked = {msgid for _file, _line, msgid, _comments, _context in extract_from_dir(
        ROOT / "scheduler_app", [("**.py", "python")], keywords={"N_": None})}
    assert len(marked) > 50
    for msgid in marked:
        entry = catalog.get(msgid)
        assert entry is not None and entry.string and not entry.fuzzy, msgid
        assert set(PLACEHOLDER.findall(entry.string)) == set(PLACEHOLDER.findall(msgid)), msgid
