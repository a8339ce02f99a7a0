"""The public pages parents and students see, without an account."""
from __future__ import annotations

from flask import Blueprint, render_template

from ..db import db
from ..services import offerings as offering_service

bp = Blueprint("public", __name__)


@bp.get("/")
def index():
    return render_template("public/index.html",
                           offerings=offering_service.list_offerings(db.session))
