"""Forms of the public pages; the rules that need the offering are checked in validate()."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from ...models import BookerKind, Mode, Offering
from ...services.public_booking import is_email, is_phone


class BookingForm(FlaskForm):
    start = HiddenField()
    # Handed out with the page; the same key books at most once (double click, reload).
    request_key = HiddenField(validators=[Optional(), Length(min=16, max=64)])
    booker_kind = RadioField(_l("Wer bucht?"), default=BookerKind.PARENT.value, choices=[
        SelectChoice(BookerKind.PARENT.value, _l("Ich bin Elternteil oder erziehungsberechtigt")),
        SelectChoice(BookerKind.STUDENT.value, _l("Ich bin Schülerin oder Schüler"))])
    name = StringField(_l("Name"), validators=[
        DataRequired(_l("Bitte geben Sie einen Namen an.")), Length(max=120)])
    email = StringField(_l("E-Mail-Adresse"), validators=[Optional(), Length(max=254)])
    phone = StringField(_l("Telefonnummer (freiwillig)"), validators=[Optional(), Length(max=40)])
    mode = RadioField(_l("Wie möchten Sie sprechen?"), choices=[
        SelectChoice(Mode.IN_PERSON.value, _l("Persönlich in der Schule")),
        SelectChoice(Mode.PHONE.value, _l("Am Telefon"))])
    topic = TextAreaField(_l("Worum geht es? (freiwillig)"), validators=[Optional(),
                                                                        Length(max=500)])
    consent = BooleanField(
        _l("Ich bin einverstanden, dass die Schule meine Angaben speichert, um den Termin "
           "zu vereinbaren und mich dazu zu benachrichtigen."),
        validators=[DataRequired(_l("Ohne Ihr Einverständnis können wir den Termin nicht "
                                    "speichern."))])

    def configure(self, offering: Offering) -> BookingForm:
        """Fits the form to the offering: who may book, how, and whether a topic is asked."""
        self.offering = offering
        kinds = [c for c in self.booker_kind.choices
                 if (c.value == BookerKind.PARENT.value and offering.for_parents)
                 or (c.value == BookerKind.STUDENT.value and offering.for_students)]
        self.booker_kind.choices = kinds
        if len(kinds) == 1:
            self.booker_kind.data = kinds[0].value
        modes = [c for c in self.mode.choices
                 if (c.value == Mode.IN_PERSON.value and offering.in_person)
                 or (c.value == Mode.PHONE.value and offering.phone)]
        self.mode.choices = modes
        if not offering.in_person:  # only by phone: the number is not optional
            self.phone.label.text = _l("Telefonnummer")
        if not self.mode.data or self.mode.data not in {m.value for m in modes}:
            self.mode.data = modes[0].value
        self.asks_topic = offering.topic_enabled and not offering.confidential
        return self

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        student = self.booker_kind.data == BookerKind.STUDENT.value
        email = (self.email.data or "").strip()
        if not email and not student:
            self.email.errors = [*self.email.errors,
                                 _l("Bitte geben Sie Ihre E-Mail-Adresse an.")]
            ok = False
        elif email and not is_email(email):
            self.email.errors = [*self.email.errors,
                                 _l("Diese E-Mail-Adresse sieht nicht gültig aus.")]
            ok = False
        phone = (self.phone.data or "").strip()
        if self.mode.data == Mode.PHONE.value and not phone:
            self.phone.errors = [*self.phone.errors, _l(
                "Für ein Telefongespräch brauchen wir eine Telefonnummer.")]
            ok = False
        elif phone and not is_phone(phone):
            self.phone.errors = [*self.phone.errors,
                                 _l("Diese Telefonnummer sieht nicht gültig aus.")]
            ok = False
        return ok


class CancelForm(FlaskForm):
    """Only the CSRF token: cancelling is a POST with nothing else to say."""


class MoveForm(FlaskForm):
    start = RadioField(_l("Neuer Termin"), choices=[],
                       validators=[DataRequired(_l("Bitte wählen Sie einen neuen Termin."))],
                       validate_choice=False)
