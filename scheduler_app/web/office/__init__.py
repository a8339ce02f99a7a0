"""The office: staff, rooms, offerings, closures, room overview and statistics."""
from flask import Blueprint

bp = Blueprint("office", __name__, url_prefix="/office")

from . import views, views_more  # noqa: E402,F401  (registers the routes)
