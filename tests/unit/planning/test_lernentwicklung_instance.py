"""Reading a `lernentwicklung/1` instance: a dict or a file, and one precise line per fault."""
from __future__ import annotations

import copy
import json

import pytest
from helpers_lernentwicklung import instance, klass, prefer, student, windows

from scheduler_app.planning.elternsprechtag import InstanceError as ESTInstanceError
from scheduler_app.planning.lernentwicklung import InstanceError, load_instance


def good() -> dict:
    return instance({"KLA": windows(("14:00", "16:00")), "BER": windows(("14:00", "16:00"))},
                    [klass("7a", ["KLA"], [student("S1", "F1")]),
                     klass("7b", ["KLA", "BER"],
                           [student("S2", "F1", prefer(("15:00", "16:00", 1))),
                            student("S3", "F3")])])


def test_a_dict_and_a_file_load_alike(tmp_path):
    path = tmp_path / "in.json"
    path.write_text(json.dumps(good()), encoding="utf-8")
    assert load_instance(good()) == load_instance(path) == load_instance(str(path))


def test_the_error_is_the_elternsprechtag_one():
    assert InstanceError is ESTInstanceError


def broken(change) -> str:
    data = copy.deepcopy(good())
    change(data)
    with pytest.raises(InstanceError) as exc:
        load_instance(data)
    return str(exc.value)


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d.update(format="elternsprechtag/1"),
     "format must be 'lernentwicklung/1', got 'elternsprechtag/1'"),
    (lambda d: d.pop("talk_minutes"), "'talk_minutes' is missing"),
    (lambda d: d.update(grid_minutes=0), "grid_minutes: expected a whole number 1..1440, got 0"),
    (lambda d: d["teachers"][1].update(id="KLA"), "teacher KLA: id appears twice"),
    (lambda d: d["teachers"][0]["windows"][0].update(end="13:00"),
     "teacher KLA: windows[0]: end 13:00 is not after start 14:00"),
    (lambda d: d["rooms"][0].pop("windows"), "room R1: 'windows' is missing"),
    (lambda d: d["classes"][1]["teachers"].append("XYZ"),
     "class 7b: teachers[2]: unknown teacher 'XYZ'"),
    (lambda d: d["classes"][0].update(teachers=[]),
     "class 7a: 'teachers' is empty: a talk needs at least one teacher"),
    (lambda d: d["classes"][0].update(rooms=["R9"]), "class 7a: rooms[0]: unknown room 'R9'"),
    (lambda d: d["classes"][1]["students"][1].update(family=7),
     "class 7b: students[1]: unknown family 7: expected a family id"),
    (lambda d: d["classes"][1]["students"][1].update(id="S1"),
     "class 7b: students[1]: student S1 appears twice (also in class 7a)"),
    (lambda d: d["classes"][1]["students"][0]["preferences"][0].update(rank=4),
     "class 7b: students[0]: preferences[0].rank: expected a whole number 1..3, got 4"),
    (lambda d: d["classes"][1]["students"][0]["preferences"][0].pop("rank"),
     "class 7b: students[0]: preferences[0]: 'rank' is missing"),
    (lambda d: d["classes"][1]["students"][0]["preferences"][0].update(date="2027-02-30"),
     "class 7b: students[0]: preferences[0].date: expected a date YYYY-MM-DD"),
])
def test_each_fault_is_named_in_one_line(change, message):
    text = broken(change)
    assert text.startswith(message), text
    assert "\n" not in text


def test_a_file_error_names_the_file(tmp_path):
    path = tmp_path / "kaputt.json"
    path.write_text('{"format": "lernentwicklung/1", ', encoding="utf-8")
    with pytest.raises(InstanceError, match=r"^kaputt\.json: not valid JSON"):
        load_instance(path)
    data = good()
    data["classes"][0]["students"][0]["family"] = ""
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InstanceError, match=r"^kaputt\.json: class 7a: students\[0\]: unknown"):
        load_instance(path)
