"""Broken instance files give one clear line naming the file and the fault."""
from __future__ import annotations

import json

import pytest
from helpers_elternsprechtag import request, tiny

from scheduler_app.planning.elternsprechtag import InstanceError, load_instance


def good() -> dict:
    return tiny([{"id": "T1", "room": "A"}], [{"id": "F1", "requests": [request("T1")]}])


def load(tmp_path, data, name="in.json") -> dict:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return load_instance(path)


def error(tmp_path, data) -> str:
    with pytest.raises(InstanceError) as caught:
        load(tmp_path, data)
    message = str(caught.value)
    assert "\n" not in message and message.startswith("in.json: ")
    return message


def test_a_good_instance_loads(tmp_path):
    assert load(tmp_path, good())["families"][0]["id"] == "F1"


def test_missing_file(tmp_path):
    with pytest.raises(InstanceError, match="nix.json: file not found"):
        load_instance(tmp_path / "nix.json")


def test_not_json_names_line_and_column(tmp_path):
    assert "not valid JSON" in error(tmp_path, '{"format": "elternsprechtag/1",\n  oops}')
    assert "line 2" in error(tmp_path, '{"format": "elternsprechtag/1",\n  oops}')


@pytest.mark.parametrize(("change", "expected"), [
    (lambda d: d.update(format="leg/1"), "format must be 'elternsprechtag/1'"),
    (lambda d: d.pop("teachers"), "'teachers' is missing"),
    (lambda d: d.update(days=[]), "'days' is empty"),
    (lambda d: d["days"][0].update(start="3 pm"), "days[0].start: expected a time HH:MM"),
    (lambda d: d["days"][0].update(end="14:00"), "days[0]: end 14:00 is not after start"),
    (lambda d: d["days"][0].update(date="26.11.2026"), "expected a date YYYY-MM-DD"),
    (lambda d: d["families"][0]["requests"][0].update(teacher="XYZ"),
     "family F1: requests[0]: unknown teacher 'XYZ'"),
    (lambda d: d["families"][0]["requests"][0].update(priority=5),
     "requests[0].priority: expected a whole number 1..3, got 5"),
    (lambda d: d["families"][0]["requests"][0].update(slots=0), "requests[0].slots"),
    (lambda d: d["families"][0]["requests"].append(request("T1")), "requested twice"),
    (lambda d: d["teachers"].append({"id": "T1"}), "teacher T1: id appears twice"),
    (lambda d: d["teachers"][0].update(breaks=[{"date": "2026-11-26", "start": "16:00"}]),
     "teacher T1: breaks[0]: 'end' is missing"),
])
def test_faults_are_named(tmp_path, change, expected):
    data = good()
    change(data)
    assert expected in error(tmp_path, data)


def test_not_an_object(tmp_path):
    assert "expected a JSON object" in error(tmp_path, "[1, 2]")
