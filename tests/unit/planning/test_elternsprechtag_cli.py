"""`flask elternsprechtag solve` needs no database and fails in one line on a broken file."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from helpers_elternsprechtag import check_plan, shared_instance

ROOT = Path(__file__).resolve().parents[3]


def flask(tmp_path, *args):
    # A database URL pointing at nothing: no file, no tables, no migrations run.
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path / 'never-migrated.sqlite'}",
               SPRECHZEIT_INSTANCE=str(tmp_path / "instance"), SECRET_KEY="x")
    return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "elternsprechtag",
                           "solve", *map(str, args)], cwd=ROOT, env=env, capture_output=True,
                          text=True, check=False, timeout=60)


def test_solve_writes_a_valid_plan_without_a_database(tmp_path):
    instance = shared_instance("small")
    source = tmp_path / "small.json"
    source.write_text(json.dumps(instance), encoding="utf-8")
    out = tmp_path / "plan.json"
    done = flask(tmp_path, source, "-o", out, "--time-limit", "1.5")
    assert done.returncode == 0, done.stderr
    assert "must-talks missed 0" in done.stderr and f"plan written to {out}" in done.stderr
    figures = check_plan(instance, json.loads(out.read_text(encoding="utf-8")), tmp_path)
    assert figures["scheduled"] >= 90
    assert not (tmp_path / "never-migrated.sqlite").exists() or \
        (tmp_path / "never-migrated.sqlite").stat().st_size == 0


def test_a_broken_instance_file_fails_in_one_line(tmp_path):
    broken = tmp_path / "kaputt.json"
    broken.write_text('{"format": "elternsprechtag/1", "days": [', encoding="utf-8")
    done = flask(tmp_path, broken, "-o", tmp_path / "plan.json")
    assert done.returncode != 0
    assert done.stderr.strip().count("\n") == 0
    assert done.stderr.startswith("Error: kaputt.json: not valid JSON")
    assert not (tmp_path / "plan.json").exists()
