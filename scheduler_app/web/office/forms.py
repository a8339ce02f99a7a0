"""Office forms."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from ..forms_common import email_address, opts
from ...models import ClosureKind, OfferingKind, Role, RoomKind

ROLE_LABELS = {Role.ADMIN: _l("Verwaltung (Sekretariat/Schulleitung)"),
               Role.COUNSELLOR: _l("Beratung"), Role.TEACHER: _l("Lehrkraft")}
ROOM_KIND_LABELS = {RoomKind.PARENTS_ROOM: _l("Elternsprechzimmer"),
                    RoomKind.COUNSELLING: _l("Beratungsraum"), RoomKind.OFFICE: _l("Büro"),
                    RoomKind.CLASSROOM: _l("Klassenraum")}
OFFERING_KIND_LABELS = {OfferingKind.COUNSELLING: _l("Beratungslehrkraft"),
                        OfferingKind.SOCIAL_WORK: _l("Schulsozialarbeit"),
                        OfferingKind.DEINE_CHANCE: _l("„Deine Chance“"),
                        OfferingKind.TEACHER_TALK: _l("Gespräch mit einer Lehrkraft")}
CLOSURE_KIND_LABELS = {ClosureKind.SCHOOL_HOLIDAY: _l("Schulferien"),
                       ClosureKind.SCHOOL_CLOSED: _l("Schule geschlossen (z. B. Studientag)")}


def _multiple_of_five(_form, field) -> None:
    if field.data is not None and field.data % 5:
        raise ValidationError(_l("Bitte ein Vielfaches von 5 Minuten angeben."))


class InviteForm(FlaskForm):
    display_name = StringField(_l("Name (wie er Eltern angezeigt wird)"), validators=[
        DataRequired(_l("Bitte einen Namen angeben.")), Length(max=120)])
    email = EmailField(_l("E-Mail-Adresse"), validators=[
        DataRequired(_l("Bitte die E-Mail-Adresse angeben.")),
        email_address(), Length(max=254)])
    role = SelectField(_l("Rolle"),
                       choices=opts((r.value, label) for r, label in ROLE_LABELS.items()),
                       default=Role.TEACHER.value)


class RoomForm(FlaskForm):
    code = StringField(_l("Raumnummer"), validators=[
        DataRequired(_l("Bitte die Raumnummer angeben.")), Length(max=40)])
    name = StringField(_l("Bezeichnung"), validators=[Optional(), Length(max=120)])
    kind = SelectField(_l("Art"),
                       choices=opts((k.value, label) for k, label in ROOM_KIND_LABELS.items()))
    is_active = BooleanField(_l("buchbar"), default=True)


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def _minutes(label, default, maximum=24 * 60 * 30):
    return IntegerField(label, default=default, validators=[
        InputRequired(_l("Bitte eine Zahl angeben.")),
        NumberRange(min=0, max=maximum, message=_l("Bitte eine Zahl von %(min)s bis %(max)s.")),
        _multiple_of_five])


class OfferingForm(FlaskForm):
    title = StringField(_l("Titel"), validators=[
        DataRequired(_l("Bitte einen Titel angeben.")), Length(max=160)])
    title_en = StringField(_l("Titel auf Englisch"), validators=[Optional(), Length(max=160)])
    description = TextAreaField(_l("Beschreibung"), validators=[Optional(), Length(max=2000)])
    staff_id = SelectField(_l("Person"), coerce=int)
    kind = SelectField(_l("Art"), choices=opts((k.value, label)
                                           for k, label in OFFERING_KIND_LABELS.items()))
    duration_minutes = IntegerField(_l("Dauer in Minuten"), default=30, validators=[
        InputRequired(_l("Bitte eine Zahl angeben.")),
        NumberRange(min=5, max=240, message=_l("Bitte eine Zahl von %(min)s bis %(max)s.")),
        _multiple_of_five])
    buffer_before_minutes = _minutes(_l("Puffer davor (Minuten)"), 0, 120)
    buffer_after_minutes = _minutes(_l("Puffer danach (Minuten)"), 0, 120)
    min_notice_minutes = _minutes(_l("Vorlauf (Minuten)"), 24 * 60)
    horizon_days = IntegerField(_l("Buchbar für die nächsten … Tage"), default=56, validators=[
        InputRequired(_l("Bitte eine Zahl angeben.")),
        NumberRange(min=1, max=365, message=_l("Bitte eine Zahl von %(min)s bis %(max)s."))])
    max_per_day = IntegerField(_l("Höchstens … Termine am Tag (leer = unbegrenzt)"),
                               validators=[Optional(), NumberRange(
                                   min=1, max=100,
                                   message=_l("Bitte eine Zahl von %(min)s bis %(max)s."))])
    in_person = BooleanField(_l("persönlich"), default=True)
    phone = BooleanField(_l("telefonisch"))
    rooms = MultiCheckboxField(_l("Räume (der erste freie wird genommen)"), coerce=int)
    for_parents = BooleanField(_l("für Eltern"), default=True)
    for_students = BooleanField(_l("für Schülerinnen und Schüler"))
    confidential = BooleanField(
        _l("vertraulich (Beratung: ohne Anliegen, in Übersichten nur „belegt“)"))
    open_in_school_holidays = BooleanField(_l("auch in den Schulferien"))
    topic_enabled = BooleanField(_l("Anliegen abfragen"), default=True)
    is_active = BooleanField(_l("buchbar"), default=True)

    def validate_phone(self, field) -> None:
        if not (field.data or self.in_person.data):
            raise ValidationError(_l("Bitte „persönlich“ oder „telefonisch“ ankreuzen."))

    def values(self) -> dict:
        data = {name: getattr(self, name).data for name in (
            "staff_id", "title", "title_en", "description", "in_person", "phone",
            "duration_minutes", "buffer_before_minutes", "buffer_after_minutes",
            "min_notice_minutes", "horizon_days", "max_per_day", "for_parents",
            "for_students", "confidential", "open_in_school_holidays", "topic_enabled",
            "is_active")}
        data["kind"] = OfferingKind(self.kind.data)
        data["title_en"] = data["title_en"] or None
        data["description"] = data["description"] or None
        return data


class ClosureForm(FlaskForm):
    kind = SelectField(_l("Art"), choices=opts((k.value, label)
                                           for k, label in CLOSURE_KIND_LABELS.items()))
    name = StringField(_l("Bezeichnung"), validators=[
        DataRequired(_l("Bitte eine Bezeichnung angeben.")), Length(max=120)])
    first_day = DateField(_l("Erster Tag"),
                          validators=[DataRequired(_l("Bitte ein Datum angeben."))])
    last_day = DateField(_l("Letzter Tag"),
                         validators=[DataRequired(_l("Bitte ein Datum angeben."))])

    def validate_last_day(self, field) -> None:
        if self.first_day.data and field.data and field.data < self.first_day.data:
            raise ValidationError(_l("Der letzte Tag liegt vor dem ersten."))


class IcsImportForm(FlaskForm):
    ics = FileField(_l("Ferien als iCalendar-Datei (.ics)"), validators=[
        FileRequired(_l("Bitte eine .ics-Datei wählen."))])
