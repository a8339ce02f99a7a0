"""Property-based test of the JSON API with schemathesis: every operation of
/api/v1/openapi.json, schema-valid and schema-invalid inputs, through the WSGI app.

    .venv/bin/python bench/api_schemathesis.py [--examples 150] [--seed 1] [--database-url URL]

prints the number of generated cases per operation and every failed check (5xx, a response
that breaks the schema, an undocumented status or content type, invalid data accepted, ...).
Used by tests/integration/test_api_schemathesis.py; exits non-zero on any failure.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import hypothesis
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import positive_data_acceptance

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# A random `start` is almost never a free slot: 409 is the documented answer to valid input
# that cannot be booked, so "valid data must be accepted" does not hold for this API.
EXCLUDED_CHECKS = [positive_data_acceptance]


@dataclass
class Report:
    cases: Counter = field(default_factory=Counter)
    statuses: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.cases.values())


def _check(case, label: str, report: Report) -> None:
    report.cases[label] += 1
    try:
        response = case.call()
        report.statuses[response.status_code] += 1
        case.validate_response(response, excluded_checks=EXCLUDED_CHECKS)
    except (Exception, BaseExceptionGroup) as exc:  # a failed check: keep it, keep going
        parts = getattr(exc, "exceptions", [exc])
        text = "; ".join((str(e).strip().splitlines() or [repr(e)])[0] for e in parts)
        report.failures.append(f"{label}: {text}\n    {case.as_curl_command()}")


def _explore(strategy, label: str, report: Report, examples: int, seed: int) -> None:
    @settings(max_examples=examples, deadline=None, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @hypothesis.seed(seed)
    @given(case=strategy)
    def generated(case):
        _check(case, label, report)

    try:
        generated()
    except hypothesis.errors.Unsatisfiable:
        pass  # e.g. nothing to make invalid in an operation without parameters


def run(app, examples: int = 150, seed: int = 1) -> Report:
    """Runs schemathesis against `app`; returns counts and failures instead of raising."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    report = Report()
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            label = f"{operation.method.upper()} {operation.path} [{mode.value}]"
            try:
                strategy = operation.as_strategy(generation_mode=mode)
            except Exception as exc:  # noqa: BLE001 - reported, not hidden
                report.failures.append(f"{label}: cannot generate: {exc}")
                continue
            _explore(strategy, label, report, examples, seed)
    return report


def demo_app(database_url: str | None = None):
    """A migrated database (SQLite in a temporary folder by default) with the demo school."""
    instance = tempfile.mkdtemp(prefix="sprechzeit-schemathesis-")
    os.environ.setdefault("SPRECHZEIT_INSTANCE", instance)
    from alembic import command

    from scheduler_app import create_app
    from scheduler_app.cli.database import alembic_config
    from scheduler_app.db import db
    from scheduler_app.services.demo import seed_demo

    url = database_url or f"sqlite:///{instance}/api.sqlite"
    app = create_app({"DATABASE_URL": url, "TESTING": True,
                      "SECRET_KEY": "schemathesis", "BASE_URL": "http://sprechzeit.test"})
    with app.app_context():
        command.upgrade(alembic_config(), "head")
        seed_demo(db.session)
    return app


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=150)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", help="e.g. an empty PostgreSQL database")
    args = parser.parse_args()
    report = run(demo_app(args.database_url), args.examples, args.seed)
    for label, count in sorted(report.cases.items()):
        print(f"{count:>5}  {label}")
    print(f"{report.total:>5}  cases in all; statuses {dict(sorted(report.statuses.items()))}")
    for failure in report.failures:
        print("FAIL", failure)
    print(f"{len(report.failures)} failures")
    return 1 if report.failures or report.total < 500 else 0


if __name__ == "__main__":
    sys.exit(main())
