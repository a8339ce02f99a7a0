"""Flask extensions, created unbound and attached in create_app()."""
from __future__ import annotations

from flask import Flask, g, request, session
from flask_babel import Babel
from flask_wtf.csrf import CSRFProtect

from .domain.time import BERLIN

LANGUAGES = {"de": "Deutsch", "en": "English"}
DEFAULT_LANGUAGE = "de"

babel = Babel()
csrf = CSRFProtect()


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

    @app.before_request
    def _remember_language():
        g.lang = select_locale()

    @app.context_processor
    def _languages():
        return {"languages": LANGUAGES}
