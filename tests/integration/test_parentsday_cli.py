"""`flask elternsprechtag export`, `solve` and `import-plan`: the round trip through files."""
from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import func, select

from scheduler_app.models import ParentsDayAppointment, Student
from scheduler_app.services.parentsday.setup import save_wishes

from parentsday_helpers import make_event


def test_export_solve_import_round_trip(runner, session, tmp_path):
    event = make_event(session)
    teachers = {t.code: t.id for t in event.teachers}
    for s in session.scalars(select(Student)):
        save_wishes(session, s.family, s, {teachers["MUE"]: 2, teachers["SZ"]: 1},
                    datetime.now(UTC))
    instance, plan = tmp_path / "in.json", tmp_path / "plan.json"
    result = runner.invoke(args=["elternsprechtag", "export", str(event.id), "-o",
                                 str(instance)])
    assert result.exit_code == 0, result.output
    assert "3 families, 3 teachers, 10 requests" in result.output
    assert json.loads(instance.read_text())["format"] == "elternsprechtag/1"
    result = runner.invoke(args=["elternsprechtag", "solve", str(instance), "-o", str(plan),
                                 "--time-limit", "2", "--quiet"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["elternsprechtag", "import-plan", str(event.id), str(plan),
                                 "--apply"])
    assert result.exit_code == 0, result.output
    planned = len(json.loads(plan.read_text())["appointments"])
    assert f"{planned} talks taken over" in result.output
    assert session.scalar(select(func.count()).select_from(ParentsDayAppointment)) == planned


def test_import_plan_errors_are_one_line(runner, session, tmp_path):
    event = make_event(session)
    bad = tmp_path / "bad.json"
    bad.write_text("{nope")
    result = runner.invoke(args=["elternsprechtag", "import-plan", str(event.id), str(bad)])
    assert result.exit_code != 0 and "Die Datei ist kein JSON-Plan." in result.output
    result = runner.invoke(args=["elternsprechtag", "export", "999", "-o", str(bad)])
    assert result.exit_code != 0 and "no Elternsprechtag with id 999" in result.output
    assert "Traceback" not in result.output
