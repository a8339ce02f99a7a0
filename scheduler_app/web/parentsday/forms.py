"""Forms of the Elternsprechtag pages (Flask-WTF, so every POST carries a CSRF token)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    DateField,
    DateTimeLocalField,
    DecimalField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

DATETIME = "%Y-%m-%dT%H:%M"


class ActionForm(FlaskForm):
    """A button with nothing but the CSRF token."""


class EventForm(FlaskForm):
    name = StringField(_l("Name"), validators=[
        DataRequired(_l("Bitte einen Namen angeben.")), Length(max=120)])
    day = DateField(_l("Tag"), validators=[InputRequired(_l("Bitte den Tag angeben."))])
    start = TimeField(_l("Beginn"), validators=[InputRequired(_l("Bitte den Beginn angeben."))])
    end = TimeField(_l("Ende"), validators=[InputRequired(_l("Bitte das Ende angeben."))])
    day2 = DateField(_l("Zweiter Tag (optional)"), validators=[Optional()])
    start2 = TimeField(_l("Beginn am zweiten Tag"), validators=[Optional()])
    end2 = TimeField(_l("Ende am zweiten Tag"), validators=[Optional()])
    slot_minutes = SelectField(_l("Dauer eines Gesprächs"), coerce=int,
                               choices=[SelectChoice(10, _l("10 Minuten")),
                                        SelectChoice(15, _l("15 Minuten"))])
    transition_minutes = IntegerField(_l("Zeit für den Raumwechsel (Minuten)"), default=5,
                                      validators=[NumberRange(0, 30, _l("0 bis 30 Minuten."))])
    break_start = TimeField(_l("Pause für alle von (optional)"), validators=[Optional()])
    break_end = TimeField(_l("Pause bis"), validators=[Optional()])
    wishes_open_at = DateTimeLocalField(_l("Wünsche möglich ab"), format=DATETIME,
                                        validators=[Optional()])
    wishes_close_at = DateTimeLocalField(_l("Wünsche möglich bis"), format=DATETIME,
                                         validators=[Optional()])
    publish_planned_at = DateTimeLocalField(_l("Plan wird veröffentlicht am"), format=DATETIME,
                                            validators=[Optional()])
    self_booking_opens_at = DateTimeLocalField(_l("Freie Termine selbst buchen ab"),
                                               format=DATETIME, validators=[Optional()])
    submit = SubmitField(_l("Speichern"))

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.start.data and self.end.data and self.end.data <= self.start.data:
            self.end.errors.append(_l("Das Ende muss nach dem Beginn liegen."))
            ok = False
        if self.day2.data and not (self.start2.data and self.end2.data):
            self.start2.errors.append(_l("Bitte Beginn und Ende des zweiten Tages angeben."))
            ok = False
        if bool(self.break_start.data) != bool(self.break_end.data) or (
                self.break_start.data and self.break_end.data <= self.break_start.data):
            self.break_end.errors.append(_l("Bitte die Pause mit Beginn und Ende angeben."))
            ok = False
        if (self.wishes_open_at.data and self.wishes_close_at.data
                and self.wishes_close_at.data <= self.wishes_open_at.data):
            self.wishes_close_at.errors.append(_l("Das Ende muss nach dem Beginn liegen."))
            ok = False
        return ok


class PhaseForm(FlaskForm):
    wishes_open_at = EventForm.wishes_open_at
    wishes_close_at = EventForm.wishes_close_at
    publish_planned_at = EventForm.publish_planned_at
    self_booking_opens_at = EventForm.self_booking_opens_at
    submit = SubmitField(_l("Termine speichern"))


class UploadForm(FlaskForm):
    kind = SelectField(_l("Inhalt der Datei"), choices=[
        SelectChoice("students", _l("Schülerinnen, Schüler und Familien")),
        SelectChoice("teachers", _l("Lehrkräfte"))])
    file = FileField(_l("CSV-Datei"))
    submit = SubmitField(_l("Vorschau anzeigen"))


class ConfirmImportForm(FlaskForm):
    kind = StringField()
    content = TextAreaField()  # the file again, so nothing is kept on the server meanwhile
    submit = SubmitField(_l("Import bestätigen"))


class JobForm(FlaskForm):
    time_limit = DecimalField(_l("Rechenzeit in Sekunden"), default=60, places=0,
                              validators=[InputRequired(_l("Bitte eine Rechenzeit angeben.")),
                                          NumberRange(1, 600, _l("1 bis 600 Sekunden."))])
    submit = SubmitField(_l("Plan berechnen"))


class PlanUploadForm(FlaskForm):
    file = FileField(_l("Plan-Datei (JSON)"))
    submit = SubmitField(_l("Plan prüfen und laden"))


class CodeForm(FlaskForm):
    code = StringField(_l("Zugangscode"), validators=[
        DataRequired(_l("Bitte den Zugangscode aus dem Brief eingeben.")), Length(max=40)])
    submit = SubmitField(_l("Anmelden"))
