"""`/feeds/<token>.ics`: the secret iCal feeds calendar apps subscribe to.

No login: the token in the URL is the credential. Unknown and revoked tokens get the same
plain 404, so the answer tells nothing about which tokens exist.
"""
from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, Response, abort, current_app, request

from calendars.feeds import is_not_modified

from ..db import db
from ..services.feeds import feed_state, find_feed_token, render_feed_for

bp = Blueprint("feeds", __name__)


@bp.get("/feeds/<token>.ics")
def feed(token: str):
    session = db.session
    feed_token = find_feed_token(session, token)
    if feed_token is None:
        abort(404)
    now = datetime.now(UTC)
    base_url = current_app.config["BASE_URL"]
    # Calendar apps poll every few minutes: the validators come from a few aggregate
    # queries, and the feed is rendered only when the client's copy is out of date.
    state = feed_state(session, feed_token, base_url, now)
    headers = {
        "ETag": state.etag,
        "Last-Modified": state.last_modified.strftime("%a, %d %b %Y %H:%M:%S GMT"),
        # Personal data: only the subscriber's client may cache it, and must revalidate.
        "Cache-Control": "private, no-cache",
        "X-Robots-Tag": "noindex",
    }
    if is_not_modified(state, request.headers.get("If-None-Match"),
                       request.headers.get("If-Modified-Since")):
        session.commit()  # the token's content stamp and last use, if they changed
        return Response(status=304, headers=headers)
    doc = render_feed_for(session, feed_token, base_url, now, state)
    session.commit()
    return Response(doc.body, headers=headers, mimetype="text/calendar",
                    content_type="text/calendar; charset=utf-8")
