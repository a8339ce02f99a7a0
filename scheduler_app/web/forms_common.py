"""Form pieces shared by the workspace and the office: time windows in Berlin wall time."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Length,
    Optional,
    Regexp,
    StopValidation,
    ValidationError,
)

from ..domain.time import local_to_utc, wall_time_exists
from .filters import weekday_name

REQUIRED_TIME = _l("Bitte eine Uhrzeit angeben (z. B. 14:30).")
REQUIRED_DATE = _l("Bitte ein Datum angeben.")
FIRST_YEAR, LAST_YEAR = 2000, 2099


def opts(pairs) -> list[SelectChoice]:
    """Select options from (value, label) pairs, as WTForms 3.3 wants them."""
    return [SelectChoice(value, label) for value, label in pairs]


def weekday_choices() -> list[SelectChoice]:
    return opts((i, weekday_name(i)) for i in range(7))


def _plausible_year(_form, field) -> None:
    """A mistyped year (0202, 9999) is refused before it reaches the UTC conversion."""
    if field.data and not FIRST_YEAR <= field.data.year <= LAST_YEAR:
        raise StopValidation(_l("Bitte ein Datum zwischen %(first)d und %(last)d angeben.",
                                first=FIRST_YEAR, last=LAST_YEAR))


def _end_after_start(form, field) -> None:
    if form.start.data and field.data and field.data <= form.start.data:
        raise ValidationError(_l("Das Ende muss nach dem Beginn liegen."))


class WeeklyWindowForm(FlaskForm):
    weekday = SelectField(_l("Wochentag"), coerce=int)
    start = TimeField(_l("Von"), validators=[DataRequired(REQUIRED_TIME)])
    end = TimeField(_l("Bis"), validators=[DataRequired(REQUIRED_TIME), _end_after_start])
    valid_from = DateField(_l("Gültig ab"), validators=[Optional()])
    valid_until = DateField(_l("Gültig bis"), validators=[Optional()])
    parity = SelectField(_l("Wochen"), choices=opts([
        ("", _l("jede Woche")), ("A", _l("nur A-Wochen (ungerade Kalenderwoche)")),
        ("B", _l("nur B-Wochen (gerade Kalenderwoche)"))]), default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.weekday.choices = weekday_choices()

    def validate_valid_until(self, field) -> None:
        if self.valid_from.data and field.data and field.data < self.valid_from.data:
            raise ValidationError(_l("„Gültig bis“ darf nicht vor „Gültig ab“ liegen."))


class OneOffWindowForm(FlaskForm):
    day = DateField(_l("Datum"), validators=[DataRequired(REQUIRED_DATE), _plausible_year])
    start = TimeField(_l("Von"), validators=[DataRequired(REQUIRED_TIME)])
    end = TimeField(_l("Bis"), validators=[DataRequired(REQUIRED_TIME), _end_after_start])
    note = StringField(_l("Notiz (nur für Sie)"), validators=[Optional(), Length(max=200)])

    def validate_start(self, field) -> None:
        if self.day.data and not self.day.errors and field.data \
                and not wall_time_exists(self.day.data, field.data):
            raise ValidationError(_l("Diese Uhrzeit gibt es an diesem Tag nicht "
                                     "(Zeitumstellung)."))

    def interval(self) -> tuple[datetime, datetime]:
        return (local_to_utc(self.day.data, self.start.data),
                local_to_utc(self.day.data, self.end.data))


class BlockedPeriodForm(FlaskForm):
    first_day = DateField(_l("Von (Datum)"),
                          validators=[DataRequired(REQUIRED_DATE), _plausible_year])
    start = TimeField(_l("Von (Uhrzeit, leer = ganzer Tag)"), validators=[Optional()])
    last_day = DateField(_l("Bis (Datum)"),
                         validators=[DataRequired(REQUIRED_DATE), _plausible_year])
    end = TimeField(_l("Bis (Uhrzeit, leer = ganzer Tag)"), validators=[Optional()])
    note = StringField(_l("Grund (nur für Sie)"), validators=[Optional(), Length(max=200)])

    def interval(self) -> tuple[datetime, datetime]:
        start = local_to_utc(self.first_day.data, self.start.data or time(0))
        if self.end.data:
            end = local_to_utc(self.last_day.data, self.end.data)
        else:
            end = local_to_utc(self.last_day.data + timedelta(days=1), time(0))
        return start, end

    def validate_last_day(self, field) -> None:
        if self.first_day.data and not self.first_day.errors and field.data:
            if field.data < self.first_day.data:
                raise ValidationError(_l("Das Ende muss nach dem Beginn liegen."))
            start, end = self.interval()
            if end <= start:
                raise ValidationError(_l("Das Ende muss nach dem Beginn liegen."))


INVALID_EMAIL = _l("Das ist keine gültige E-Mail-Adresse.")


def email_address(message=INVALID_EMAIL) -> Regexp:
    """A plausible address; whether it exists shows when the mail arrives."""
    return Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$", message=message)
