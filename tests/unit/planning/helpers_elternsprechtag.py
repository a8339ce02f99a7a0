"""Tiny hand-made instances and the shared sample files for the Elternsprechtag tests."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
CHECK_PLAN = SHARED / "tools" / "check_plan.py"


def shared_instance(name: str) -> dict:
    path = SHARED / "instances" / f"{name}.json"
    if not path.exists():
        pytest.skip(f"{path} not present")
    return json.loads(path.read_text(encoding="utf-8"))


def check_plan(instance: dict, plan: dict, tmp_path: Path) -> dict:
    """Run the shared validator on the plan; returns its figures, fails on an invalid plan."""
    if not CHECK_PLAN.exists():
        pytest.skip(f"{CHECK_PLAN} not present")
    inst_file, plan_file = tmp_path / "instance.json", tmp_path / "plan.json"
    inst_file.write_text(json.dumps(instance), encoding="utf-8")
    plan_file.write_text(json.dumps(plan), encoding="utf-8")
    done = subprocess.run([sys.executable, str(CHECK_PLAN), str(inst_file), str(plan_file),
                           "--json"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def tiny(teachers, families, days=(("2026-11-26", "15:00", "16:00"),), transition=5) -> dict:
    return {
        "format": "elternsprechtag/1", "name": "tiny", "slot_minutes": 10,
        "transition_minutes": transition,
        "days": [{"date": d, "start": a, "end": b} for d, a, b in days],
        "teachers": teachers, "families": families,
    }


def request(teacher, student="S1", priority=1, required=False, slots=1) -> dict:
    return {"teacher": teacher, "student": student, "priority": priority,
            "required": required, "slots": slots}
