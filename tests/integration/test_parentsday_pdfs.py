"""Access letters, door lists and family plans as PDFs, rendered to PNGs for a person to see.

The PNGs land in tests/artifacts/ (elternsprechtag-*.png).
"""
from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pypdfium2 as pdfium
from sqlalchemy import select

from scheduler_app.models import Family, Student
from scheduler_app.planning.elternsprechtag import solve_baseline
from scheduler_app.services.parentsday.booking import (
    appointments_of_family,
    appointments_of_teacher,
)
from scheduler_app.services.parentsday.instance import export_instance
from scheduler_app.services.parentsday.jobs import apply_job, import_plan
from scheduler_app.services.parentsday.pdfs import access_letters, door_lists, family_plan
from scheduler_app.services.parentsday.setup import family_code, save_wishes

from parentsday_helpers import SECRET, make_event

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
NOW = datetime.now(UTC)


def _render(pdf: bytes, name: str) -> list[str]:
    """Writes each page as a PNG; returns the text of each page."""
    ARTIFACTS.mkdir(exist_ok=True)
    document = pdfium.PdfDocument(pdf)
    texts = []
    for i in range(len(document)):
        page = document[i]
        page.render(scale=1.2).to_pil().save(ARTIFACTS / f"elternsprechtag-{name}-{i + 1}.png")
        texts.append(page.get_textpage().get_text_range())
    document.close()
    assert (ARTIFACTS / f"elternsprechtag-{name}-1.png").stat().st_size > 5000
    return texts


def _planned(session):
    event = make_event(session)
    teachers = {t.code: t for t in event.teachers}
    for s in session.scalars(select(Student)):
        save_wishes(session, s.family, s, {teachers["MUE"].id: 2, teachers["BÄR"].id: 3}, NOW)
    plan = solve_baseline(export_instance(session, event))
    apply_job(session, event, import_plan(session, event, json.dumps(plan).encode()))
    return event


def test_access_letters_one_page_per_family_with_code_and_umlauts(session):
    event = make_event(session)
    families = [(f, family_code(SECRET, f)) for f in event.families]
    texts = _render(access_letters(event, families, "http://sprechzeit.test/elternsprechtag",
                                   "Oberschule am See"), "zugangsbriefe")
    assert len(texts) == len(families) == 3
    mueller = next(i for i, (f, _c) in enumerate(families) if f.name == "Familie Müller")
    assert "Jörg Müller (6c)" in texts[mueller]
    assert families[mueller][1] in texts[mueller]
    assert "http://sprechzeit.test/elternsprechtag" in texts[mueller]


def test_door_lists_and_family_plan(session):
    event = _planned(session)
    lists = [(t, appointments_of_teacher(session, t)) for t in event.teachers]
    texts = _render(door_lists(event, lists, "Oberschule am See"), "tuerlisten")
    assert len(texts) == 3
    bear = next(i for i, (t, _a) in enumerate(lists) if t.code == "BÄR")
    assert "Herr Bär – Raum B2.01" in texts[bear] and "Ömer Özdemir" in texts[bear]
    family = session.scalars(select(Family).where(Family.name == "Familie Yilmaz")).one()
    text = _render(family_plan(event, family, appointments_of_family(session, family),
                               "Oberschule am See"), "familienplan")[0]
    assert "Frau Müller" in text and "Elif" in text and "Can" in text
