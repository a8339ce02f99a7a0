"""Flask extensions, created unbound and attached in create_app()."""
from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask, g, request, session
from flask_babel import Babel
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from .domain.time import BERLIN

LANGUAGES = {"de": "Deutsch", "en": "English"}
DEFAULT_LANGUAGE = "de"

babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = _l("Bitte melden Sie sich an, um diese Seite zu sehen.")
login_manager.login_message_category = "info"


@login_manager.user_loader
def _load_user(session_id: str):
    """The staff member of a session, only while the session's version is still theirs."""
    from .db import db
    from .services.auth import load_session_user

    return load_session_user(db.session, session_id)


def select_locale() -> str:
    """German unless the visitor chose English (?lang=en, kept in the session)."""
    chosen = request.args.get("lang")
    if chosen in LANGUAGES:
        session["lang"] = chosen
    return session.get("lang", DEFAULT_LANGUAGE)


def select_timezone() -> str:
    return BERLIN.key


def init_extensions(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone,
                   default_translation_directories="translations",
                   default_domain="messages")
    csrf.init_app(app)
    login_manager.init_app(app)
    app.jinja_env.add_extension("jinja2.ext.do")  # the forms macro builds attributes with it

    @app.before_request
    def _remember_language():
        g.lang = select_locale()

    @app.context_processor
    def _languages():
        return {"languages": LANGUAGES, "language_url": language_url}


def language_url(code: str) -> str:
    """The current page in another language, keeping its other query parameters."""
    args = [(k, v) for k, values in request.args.lists() if k != "lang" for v in values]
    return f"{request.path}?{urlencode(args + [('lang', code)])}"
