"""`flask lernentwicklung solve` needs no database and fails in one line on a broken file."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from helpers_lernentwicklung import year_group

from scheduler_app.cli.lernentwicklung import lernentwicklung_group
from scheduler_app.planning.lernentwicklung import evaluate

ROOT = Path(__file__).resolve().parents[3]


def flask(tmp_path, *args):
    # A database URL pointing at nothing: no file, no tables, no migrations run.
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path / 'never-migrated.sqlite'}",
               SPRECHZEIT_INSTANCE=str(tmp_path / "instance"), SECRET_KEY="x")
    return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "lernentwicklung",
                           "solve", *map(str, args)], cwd=ROOT, env=env, capture_output=True,
                          text=True, check=False, timeout=60)


def test_solve_writes_a_plan_that_evaluate_accepts(tmp_path):
    instance = year_group(classes=2, students=12, days=1, seed=3)
    source, out = tmp_path / "jahrgang.json", tmp_path / "plan.json"
    source.write_text(json.dumps(instance), encoding="utf-8")
    done = flask(tmp_path, source, "-o", out, "--time-limit", "2", "--seed", "1")
    assert done.returncode == 0, done.stderr
    assert f"plan written to {out}" in done.stderr.splitlines()[-1]
    plan = json.loads(out.read_text(encoding="utf-8"))
    figures = evaluate(instance, plan)
    assert figures["valid"], figures["errors"]
    assert len(plan["talks"]) + len(plan["unscheduled"]) == 24
    assert plan["stats"]["seed"] == 1
    db = tmp_path / "never-migrated.sqlite"
    assert not db.exists() or db.stat().st_size == 0


def test_a_broken_instance_file_fails_in_one_line(tmp_path):
    # In-process (the app's start-up is what the test above already covers).
    broken = tmp_path / "kaputt.json"
    instance = year_group(classes=1, students=2, days=1)
    instance["classes"][0]["students"][1]["family"] = None
    broken.write_text(json.dumps(instance), encoding="utf-8")
    done = CliRunner().invoke(lernentwicklung_group,
                              ["solve", str(broken), "-o", str(tmp_path / "plan.json")])
    assert done.exit_code == 1
    assert done.stderr.strip().count("\n") == 0
    assert done.stderr.startswith("Error: kaputt.json: class 7a: students[1]: unknown family")
    assert not (tmp_path / "plan.json").exists()
