"""Reading the office's CSV exports for the Elternsprechtag: students and teachers.

Exports come from school administration software or Excel: `;` or `,` (or tab) separated,
UTF-8 with or without BOM or Windows-1252, a header row with German column names. The
result is a preview: parsed rows plus line-numbered German error messages (`Message`s, so
the page can show them in English too); the caller saves nothing while there is an error.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import time

from .messages import Message, N_

MAX_BYTES = 5 * 1024 * 1024
EMAIL = re.compile(r"^[^@\s;,]+@[^@\s;,]+\.[^@\s;,]+$")

STUDENT_COLUMNS = {
    "class_name": ("Klasse", ["klasse", "klassenbezeichnung", "kl"]),
    "last_name": ("Nachname", ["nachname", "familienname", "name"]),
    "first_name": ("Vorname", ["vorname", "rufname"]),
    "key": ("Schüler-ID", ["schuelerid", "schuelernr", "schuelernummer", "id", "nr",
                           "schuelerkennung"]),
    "email": ("E-Mail Erziehungsberechtigte", [
        "emailerziehungsberechtigte", "emailerziehungsberechtigter", "emaileltern", "email",
        "mail", "elternemail"]),
    "family_key": ("Familie", ["familie", "familienschluessel", "familienid",
                               "familienkennung", "familiennr"]),
    "guardian": ("Erziehungsberechtigte", ["erziehungsberechtigte", "erziehungsberechtigter",
                                           "eltern", "nameerziehungsberechtigte"]),
}
STUDENT_REQUIRED = ("class_name", "last_name", "first_name")

TEACHER_COLUMNS = {
    "code": ("Kürzel", ["kuerzel", "lehrerkuerzel", "kurzzeichen", "kurzname"]),
    "name": ("Name", ["name", "lehrkraft", "nachname"]),
    "first_name": ("Vorname", ["vorname"]),
    "email": ("E-Mail", ["email", "mail", "emaildienstlich"]),
    "room": ("Raum", ["raum", "zimmer"]),
    "late_start": ("Beginn", ["beginn", "ab", "kommtab", "spaetererbeginn"]),
    "early_leave": ("Ende", ["ende", "bis", "gehtum", "frueheresende"]),
    "breaks": ("Pause", ["pause", "pausen"]),
}
TEACHER_REQUIRED = ("code", "name", "email")


@dataclass
class StudentRow:
    line: int
    key: str
    class_name: str
    first_name: str
    last_name: str
    email: str | None
    family_key: str | None
    guardian: str | None


@dataclass
class TeacherRow:
    line: int
    code: str
    name: str
    email: str
    room: str | None
    late_start: time | None
    early_leave: time | None
    breaks: list[tuple[time, time]]


@dataclass
class FamilyGroup:
    key: str  # family key or guardian e-mail, lower case; "s:KEY" for a student alone
    name: str
    email: str | None
    students: list[StudentRow]


@dataclass
class Preview:
    kind: str  # students | teachers
    delimiter: str = ";"
    encoding: str = "utf-8"
    rows: list = field(default_factory=list)
    errors: list[tuple[int, Message]] = field(default_factory=list)
    families: list[FamilyGroup] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    def error(self, line: int, msgid: str, /, **params) -> None:
        """Records a German message (msgid with %(name)s placeholders) for `line`."""
        self.errors.append((line, Message(msgid, **params)))


def decode(data: bytes) -> tuple[str, str]:
    """The text and its encoding: UTF-8 (with or without BOM), else Windows-1252."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def _norm(header: str) -> str:
    h = header.strip().lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        h = h.replace(a, b)
    return re.sub(r"[^a-z0-9]", "", h)


def _sniff(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ";"


def _read(data: bytes, kind: str, columns: dict, required: tuple[str, ...]):
    preview = Preview(kind=kind)
    if len(data) > MAX_BYTES:
        preview.error(0, N_("Die Datei ist größer als 5 MB."))
        return preview, []
    text, preview.encoding = decode(data)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        preview.error(1, N_("Die Datei ist leer oder die erste Zeile (Kopfzeile) fehlt."))
        return preview, []
    preview.delimiter = _sniff(lines[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=preview.delimiter)
    header = next(reader)
    index: dict[str, int] = {}
    for position, name in enumerate(header):
        normalised = _norm(name)
        for field_name, (_label, aliases) in columns.items():
            if normalised in aliases and field_name not in index:
                index[field_name] = position
                break
    for field_name in required:
        if field_name not in index:
            preview.error(1, N_("Zeile 1: Die Spalte „%(column)s“ fehlt (gefunden: %(found)s)."),
                          column=columns[field_name][0],
                          found=", ".join(h.strip() for h in header))
    if preview.errors:
        return preview, []
    records = []
    for values in reader:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(header):
            preview.error(line, N_("Zeile %(line)d: %(found)d Spalten statt %(expected)d – "
                                   "steht ein Trennzeichen im Text?"),
                          line=line, found=len(values), expected=len(header))
            continue
        record = {name: values[pos].strip() if pos < len(values) else ""
                  for name, pos in index.items()}
        records.append((line, record))
    return preview, records


def parse_time(value: str) -> time:
    """`16:30`, `16.30` or `16:30 Uhr`; ValueError otherwise."""
    return _time(value)


def parse_breaks(value: str) -> list[tuple[time, time]]:
    """`16:30-16:50 17:30-17:40` (also separated by `/` or `,`); ValueError otherwise."""
    return _breaks(value) if value.strip() else []


def _time(value: str) -> time:
    match = re.fullmatch(r"(\d{1,2})[:.](\d{2})(?:\s*Uhr)?", value.strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(value)
    return time(int(match[1]), int(match[2]))


def _breaks(value: str) -> list[tuple[time, time]]:
    result = []
    for part in re.split(r"[\s/,+]+(?=\d)", value.strip()):
        start, sep, end = part.partition("-")
        if not sep:
            raise ValueError(part)
        a, b = _time(start), _time(end)
        if b <= a:
            raise ValueError(part)
        result.append((a, b))
    return result


def _check_length(preview: Preview, line: int, label: str, value: str, limit: int) -> bool:
    if len(value) > limit:
        preview.error(line, N_("Zeile %(line)d: „%(column)s“ ist länger als %(limit)d Zeichen."),
                      line=line, column=label, limit=limit)
        return False
    return True


def _check_common(preview: Preview, line: int, r: dict, columns: dict,
                  required: tuple | list) -> tuple[bool, str | None]:
    """Required cells filled and the e-mail well-formed: (row is fine, lower-cased e-mail)."""
    ok = True
    for name in required:
        if not r.get(name):
            preview.error(line, N_("Zeile %(line)d: „%(column)s“ ist leer."), line=line,
                          column=columns[name][0])
            ok = False
    email = (r.get("email") or "").lower() or None
    if email and not EMAIL.match(email):
        preview.error(line, N_("Zeile %(line)d: „%(value)s“ ist keine gültige E-Mail-Adresse."),
                      line=line, value=r["email"])
        ok = False
    return ok, email


def parse_students(data: bytes) -> Preview:
    """Students with class and guardians; siblings join by shared e-mail or family key."""
    preview, records = _read(data, "students", STUDENT_COLUMNS, STUDENT_REQUIRED)
    seen: dict[str, int] = {}
    for line, r in records:
        fine, email = _check_common(preview, line, r, STUDENT_COLUMNS, STUDENT_REQUIRED)
        bad = not fine
        for name, limit in (("class_name", 20), ("first_name", 80), ("last_name", 80),
                            ("key", 40), ("family_key", 60), ("guardian", 120)):
            if not _check_length(preview, line, STUDENT_COLUMNS[name][0], r.get(name) or "",
                                 limit):
                bad = True
        if bad:
            continue
        key = r.get("key") or f"{r['class_name']}-{r['last_name']}-{r['first_name']}"
        if key in seen:
            preview.error(line, N_("Zeile %(line)d: Schüler „%(key)s“ steht schon in Zeile "
                                   "%(first)d."), line=line, key=key, first=seen[key])
            continue
        seen[key] = line
        preview.rows.append(StudentRow(
            line=line, key=key, class_name=r["class_name"], first_name=r["first_name"],
            last_name=r["last_name"], email=email,
            family_key=(r.get("family_key") or "").lower() or None,
            guardian=r.get("guardian") or None))
    if not preview.errors and not preview.rows:
        preview.error(2, N_("Die Datei enthält keine Schülerinnen und Schüler."))
    preview.errors.sort(key=lambda e: e[0])
    preview.families = group_families(preview.rows)
    return preview


def group_families(rows: list[StudentRow]) -> list[FamilyGroup]:
    """Siblings: students sharing a family key or a guardian e-mail (transitively)."""
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_with: dict[str, int] = {}
    for i, row in enumerate(rows):
        for token in (f"k:{row.family_key}" if row.family_key else None,
                      f"e:{row.email}" if row.email else None):
            if token is None:
                continue
            if token in first_with:
                parent[find(i)] = find(first_with[token])
            else:
                first_with[token] = i
    groups: dict[int, list[StudentRow]] = {}
    for i, row in enumerate(rows):
        groups.setdefault(find(i), []).append(row)
    families = []
    for members in groups.values():
        head = members[0]
        key = next((m.family_key for m in members if m.family_key), None) \
            or next((m.email for m in members if m.email), None) or f"s:{head.key.lower()}"
        surnames = list(dict.fromkeys(m.last_name for m in members))
        name = next((m.guardian for m in members if m.guardian), None) \
            or "Familie " + " / ".join(surnames)
        email = next((m.email for m in members if m.email), None)
        families.append(FamilyGroup(key=key[:80], name=name[:120], email=email,
                                    students=members))
    return families


def parse_teachers(data: bytes) -> Preview:
    """Teachers with Kürzel, e-mail, room, late start, early leave and breaks."""
    preview, records = _read(data, "teachers", TEACHER_COLUMNS, TEACHER_REQUIRED)
    seen: dict[str, int] = {}
    for line, r in records:
        fine, email = _check_common(preview, line, r, TEACHER_COLUMNS, TEACHER_REQUIRED)
        bad = not fine
        times = {}
        for name in ("late_start", "early_leave"):
            try:
                times[name] = _time(r[name]) if r.get(name) else None
            except ValueError:
                preview.error(line, N_("Zeile %(line)d: „%(value)s“ in „%(column)s“ ist keine "
                                       "Uhrzeit (z. B. 16:30)."),
                              line=line, value=r[name], column=TEACHER_COLUMNS[name][0])
                bad = True
        if times.get("late_start") and times.get("early_leave") \
                and times["early_leave"] <= times["late_start"]:
            preview.error(line, N_("Zeile %(line)d: „Ende“ (%(end)s) liegt nicht nach "
                                   "„Beginn“ (%(start)s)."),
                          line=line, start=r["late_start"], end=r["early_leave"])
            bad = True
        try:
            breaks = _breaks(r["breaks"]) if r.get("breaks") else []
        except ValueError:
            preview.error(line, N_("Zeile %(line)d: Pause „%(value)s“ nicht lesbar "
                                   "(z. B. 16:30-16:50)."), line=line, value=r["breaks"])
            bad = True
        for name, limit in (("code", 20), ("room", 40), ("name", 120)):
            if not _check_length(preview, line, TEACHER_COLUMNS[name][0], r.get(name) or "",
                                 limit):
                bad = True
        if bad:
            continue
        code = r["code"].upper()
        if code in seen:
            preview.error(line, N_("Zeile %(line)d: Kürzel „%(code)s“ steht schon in Zeile "
                                   "%(first)d."), line=line, code=code, first=seen[code])
            continue
        seen[code] = line
        name = f"{r['first_name']} {r['name']}" if r.get("first_name") else r["name"]
        preview.rows.append(TeacherRow(
            line=line, code=code, name=name[:120], email=email, room=r.get("room") or None,
            late_start=times["late_start"], early_leave=times["early_leave"], breaks=breaks))
    if not preview.errors and not preview.rows:
        preview.error(2, N_("Die Datei enthält keine Lehrkräfte."))
    preview.errors.sort(key=lambda e: e[0])
    return preview
