"""Sign-in forms."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from ...services.auth import MIN_PASSWORD_LENGTH
from ..forms_common import email_address


class LoginForm(FlaskForm):
    email = EmailField(_l("E-Mail-Adresse"), validators=[
        DataRequired(_l("Bitte die E-Mail-Adresse angeben.")), Length(max=254)])
    password = PasswordField(_l("Passwort"), validators=[
        DataRequired(_l("Bitte das Passwort angeben."))])


class CodeForm(FlaskForm):
    code = StringField(_l("Code aus der Authenticator-App"), validators=[
        DataRequired(_l("Bitte den sechsstelligen Code angeben.")), Length(max=10)])


class ForgotForm(FlaskForm):
    email = EmailField(_l("E-Mail-Adresse"), validators=[
        DataRequired(_l("Bitte die E-Mail-Adresse angeben.")),
        email_address(), Length(max=254)])


class NewPasswordForm(FlaskForm):
    password = PasswordField(_l("Neues Passwort"), validators=[
        DataRequired(_l("Bitte ein Passwort angeben.")),
        Length(min=MIN_PASSWORD_LENGTH,
               message=_l("Das Passwort muss mindestens %(n)s Zeichen haben.",
                          n=MIN_PASSWORD_LENGTH))])
    confirm = PasswordField(_l("Passwort wiederholen"), validators=[
        DataRequired(_l("Bitte das Passwort wiederholen.")),
        EqualTo("password", _l("Die beiden Passwörter stimmen nicht überein."))])
