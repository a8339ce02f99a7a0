"""The staff workspace: own appointments, offerings and availability."""
from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/workspace")

from . import views  # noqa: E402,F401  (registers the routes)
