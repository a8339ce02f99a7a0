"""What the sign-in pages need of the throttle: the policy, the client IP, the 429 page.

The client IP is `request.remote_addr`. Behind a reverse proxy that is the proxy's address,
so every visitor would share one counter: configure werkzeug's ProxyFix there (README,
"Behind a reverse proxy").
"""
from __future__ import annotations

from flask import current_app, make_response, render_template, request
from flask_babel import ngettext

from ..services.throttle import Policy, Throttled


def policy() -> Policy:
    return Policy.from_config(current_app.config)


def client_ip() -> str | None:
    return request.remote_addr


def throttled_page(template: str, refusal: Throttled, **context):
    """The same sign-in page with a note to wait: 429 with Retry-After (seconds)."""
    message = ngettext(
        "Zu viele fehlgeschlagene Anmeldeversuche. Bitte versuchen Sie es in %(num)s "
        "Minute erneut.",
        "Zu viele fehlgeschlagene Anmeldeversuche. Bitte versuchen Sie es in %(num)s "
        "Minuten erneut.", refusal.minutes)
    response = make_response(render_template(template, throttled=message, **context), 429)
    response.headers["Retry-After"] = str(refusal.retry_after)
    return response
