"""Workspace forms: own availability and changes to own appointments."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..forms_common import BlockedPeriodForm, OneOffWindowForm, WeeklyWindowForm


class StaffWeeklyForm(WeeklyWindowForm):
    offering = SelectField(_l("Für Angebot"), coerce=int, default=0)


class CancelForm(FlaskForm):
    message = TextAreaField(_l("Nachricht an die buchende Person (optional)"),
                            validators=[Optional(), Length(max=1000)])


class MoveForm(FlaskForm):
    start = SelectField(_l("Neuer Termin"), validators=[
        DataRequired(_l("Bitte einen neuen Termin wählen."))])
    message = TextAreaField(_l("Nachricht an die buchende Person (optional)"),
                            validators=[Optional(), Length(max=1000)])


__all__ = ["BlockedPeriodForm", "CancelForm", "MoveForm", "OneOffWindowForm",
           "StaffWeeklyForm"]
