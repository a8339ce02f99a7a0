"""schemathesis against /api/v1/openapi.json: >= 500 generated cases, no 5xx, no response
outside the schema (bench/api_schemathesis.py does the work and prints the same figures)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import api_schemathesis  # noqa: E402

from scheduler_app.db import db  # noqa: E402
from scheduler_app.services.demo import seed_demo  # noqa: E402


@pytest.mark.slow
def test_schemathesis_finds_nothing(app):
    with app.app_context():
        seed_demo(db.session)
    report = api_schemathesis.run(app, examples=70, seed=5)
    assert report.total >= 500, report.cases
    assert not [s for s in report.statuses if s >= 500], report.statuses
    assert report.failures == []
