"""Printed paper for the Elternsprechtag, with fpdf2: access letters, door lists, plans.

German text with umlauts needs a Unicode TrueType font; DejaVu Sans ships with the app in
`scheduler_app/data/fonts/` so printing works on any machine.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from fpdf import FPDF

from ...domain.time import to_local
from ...models import Family, ParentsDay, ParentsDayAppointment, ParentsDayTeacher

FONTS = Path(__file__).resolve().parents[2] / "data" / "fonts"


class _Document(FPDF):
    def __init__(self, title: str, school: str):
        super().__init__(format="A4")
        self.set_title(title)
        self.set_author(school)
        self.set_creator("Sprechzeit")
        self.school = school
        self.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(True, margin=18)
        self.set_margins(20, 18, 20)

    def header(self):
        self.set_font("DejaVu", "", 9)
        self.set_text_color(80, 80, 80)
        self.cell(0, 6, self.school, new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)
        self.ln(4)

    def heading(self, text: str, size: int = 16):
        self.set_font("DejaVu", "B", size)
        self.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(3)

    def text(self, text: str, size: int = 11, bold: bool = False):  # noqa: A003
        self.set_font("DejaVu", "B" if bold else "", size)
        self.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def table(self, header: list[str], rows: Iterable[list[str]], widths: list[int]):
        self.set_font("DejaVu", "B", 10)
        self.set_fill_color(230, 230, 230)
        for label, width in zip(header, widths, strict=True):
            self.cell(width, 8, label, border=1, fill=True)
        self.ln()
        self.set_font("DejaVu", "", 10)
        for row in rows:
            for value, width in zip(row, widths, strict=True):
                self.cell(width, 8, value, border=1)
            self.ln()


def _hhmm(a: ParentsDayAppointment) -> tuple[str, str, str]:
    start, end = to_local(a.starts_at), to_local(a.ends_at)
    return f"{start:%d.%m.%Y}", f"{start:%H:%M}", f"{end:%H:%M}"


def _days(event: ParentsDay) -> str:
    return ", ".join(f"{d.day:%d.%m.%Y} {d.start_time:%H:%M}–{d.end_time:%H:%M} Uhr"
                     for d in event.days)


def access_letters(event: ParentsDay, families: list[tuple[Family, str]], url: str,
                   school: str) -> bytes:
    """One page per family: its children, its access code, the address and how it works."""
    pdf = _Document(f"Zugangsbriefe {event.name}", school)
    for family, code in families:
        pdf.add_page()
        pdf.heading(f"Einladung zum {event.name}")
        pdf.text(f"An: {family.name}")
        children = ", ".join(f"{s.first_name} {s.last_name} ({s.school_class.name})"
                             for s in family.students)
        pdf.text(f"Für: {children}")
        pdf.ln(3)
        pdf.text(f"Termin: {_days(event)}")
        pdf.text("Liebe Eltern und Erziehungsberechtigte,")
        pdf.text("Sie können sich die Lehrkräfte aussuchen, mit denen Sie sprechen möchten. "
                 "Die Schule erstellt daraus einen Plan, in dem Geschwister möglichst "
                 "nacheinander an der Reihe sind und Sie wenig warten.")
        pdf.ln(2)
        pdf.text("So geht es:", bold=True)
        for step in (f"1. Öffnen Sie {url}",
                     "2. Geben Sie Ihren Zugangscode ein (siehe unten).",
                     "3. Wählen Sie für jedes Kind die Lehrkräfte und ihre Wichtigkeit "
                     "(1 = gern, 2 = wichtig, 3 = sehr wichtig).",
                     "4. Geben Sie an, wann Sie kommen können.",
                     "5. Nach der Planung sehen Sie dort Ihren persönlichen Plan."):
            pdf.text(step)
        pdf.ln(4)
        pdf.text("Ihr Zugangscode:", bold=True)
        pdf.set_font("DejaVu", "B", 22)
        pdf.cell(0, 14, code, border=1, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        pdf.text("Bitte geben Sie den Code nicht weiter. Ohne Internet: Geben Sie Ihre "
                 "Wünsche auf Papier oder telefonisch im Sekretariat ab.", size=9)
    return bytes(pdf.output())


def door_lists(event: ParentsDay, teachers: list[tuple[ParentsDayTeacher,
                                                       list[ParentsDayAppointment]]],
               school: str) -> bytes:
    """One page per teacher to hang at the door: times, children and classes."""
    pdf = _Document(f"Türlisten {event.name}", school)
    for teacher, appointments in teachers:
        pdf.add_page()
        pdf.heading(f"{teacher.name} – Raum {teacher.room or '–'}")
        pdf.text(event.name)
        rows = []
        for a in appointments:
            day, start, end = _hhmm(a)
            rows.append([day, f"{start}–{end}", f"{a.student.first_name} {a.student.last_name}",
                         a.student.school_class.name])
        if rows:
            pdf.table(["Datum", "Zeit", "Schülerin / Schüler", "Klasse"], rows,
                      [28, 30, 82, 30])
        else:
            pdf.text("Keine Termine.")
    return bytes(pdf.output())


def family_plan(event: ParentsDay, family: Family,
                appointments: list[ParentsDayAppointment], school: str) -> bytes:
    pdf = _Document(f"Plan {family.name}", school)
    pdf.add_page()
    pdf.heading(f"Ihr Plan für den {event.name}")
    pdf.text(family.name)
    rows = []
    for a in appointments:
        day, start, end = _hhmm(a)
        rows.append([day, f"{start}–{end}", a.teacher.name, a.teacher.room or "–",
                     a.student.first_name])
    if rows:
        pdf.table(["Datum", "Zeit", "Lehrkraft", "Raum", "Kind"], rows, [26, 28, 56, 26, 34])
    else:
        pdf.text("Für Ihre Wünsche war leider kein Termin frei.")
    pdf.ln(4)
    pdf.text(f"Zwischen Gesprächen in verschiedenen Räumen haben Sie mindestens "
             f"{event.transition_minutes} Minuten Zeit für den Weg.", size=9)
    return bytes(pdf.output())
