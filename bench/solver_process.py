"""Runs one planning solver in a child process, so its run time and peak memory are its own.

A bench script calls `solve_in_child(__file__, ...)`; the child is the same script started
with `--worker ...`, which hands over to `worker()` here.
"""
from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path


def worker(package: str, argv: list[str]) -> int:
    """In the child: solve with `package` (baseline or optimiser), write the plan."""
    kind, source, target, time_limit, seed = argv
    solver = importlib.import_module(package)
    started = time.perf_counter()
    instance = solver.load_instance(source)
    if kind == "baseline":
        plan = solver.solve_baseline(instance)
    else:
        plan = solver.solve(instance, time_limit=float(time_limit), seed=int(seed))
    plan["stats"]["bench_seconds"] = round(time.perf_counter() - started, 2)
    Path(target).write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    return 0


def solve_in_child(script: str, kind: str, source: Path, target: Path, time_limit: float,
                   seed: int) -> tuple[dict, float]:
    """The plan `script --worker` wrote, and the child's peak memory in MB."""
    proc = subprocess.Popen([sys.executable, script, "--worker", kind, str(source),
                             str(target), str(time_limit), str(seed)])
    _, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage, incl. peak RSS
    code = os.waitstatus_to_exitcode(status)
    if code:
        raise SystemExit(f"{kind} failed on {source.name} (exit {code})")
    plan = json.loads(target.read_text(encoding="utf-8"))
    return plan, usage.ru_maxrss / 1024  # KiB on Linux
