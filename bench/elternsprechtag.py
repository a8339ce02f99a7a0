"""Elternsprechtag: first come, first served against the optimiser, side by side.

    .venv/bin/python bench/elternsprechtag.py [INSTANCE.json ...] [--only]
                                              [--time-limit SECONDS] [--seed N]

Takes every `*.json` in `../shared/instances/` (relative to the repository), smallest
first, then the instance files given (`--only`: just those). Each solver runs in its own
process, so its peak memory (max RSS, from the child's resource usage) is its own; every
plan is checked with
`../shared/tools/check_plan.py` and its figures come from that validator. The time limit
defaults to 60 s for instances up to 600 families and 120 s above.

Prints a Markdown table: scheduled talks, must-talks missed, priority, idle minutes (and in
% of the baseline's), extra days, run time and peak memory.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from solver_process import solve_in_child, worker  # noqa: E402  (beside this script)


def run(kind: str, source: Path, target: Path, time_limit: float, seed: int) -> dict:
    plan, peak_mb = solve_in_child(__file__, kind, source, target, time_limit, seed)
    check = subprocess.run([sys.executable, str(SHARED / "tools" / "check_plan.py"),
                            str(source), str(target), "--json"],
                           capture_output=True, text=True, check=False)
    figures = json.loads(check.stdout.splitlines()[-1])
    figures.update(seconds=plan["stats"]["bench_seconds"], peak_mb=peak_mb,
                   check_exit=check.returncode)
    return figures


def default_limit(source: Path) -> float:
    families = len(json.loads(source.read_text(encoding="utf-8"))["families"])
    return 60.0 if families <= 600 else 120.0


def main(argv: list[str]) -> int:
    if argv[:1] == ["--worker"]:
        return worker("scheduler_app.planning.elternsprechtag", argv[1:6])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("instances", nargs="*", type=Path)
    parser.add_argument("--time-limit", type=float, help="seconds for the optimiser")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", action="store_true",
                        help="only the instances given, not the shared ones")
    args = parser.parse_args(argv)
    shared = [] if args.only else sorted((SHARED / "instances").glob("*.json"),
                                         key=lambda p: p.stat().st_size)
    sources = shared + [p for p in args.instances if p.resolve() not in
                        {s.resolve() for s in shared}]
    print(f"load average before: {', '.join(f'{x:.2f}' for x in os.getloadavg())}, "
          f"{os.cpu_count()} CPUs, seed {args.seed}\n")
    print("| instance | solver | valid | scheduled | must missed | priority | idle min "
          "| idle vs FCFS | extra days | seconds | peak MB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for source in sources:
            limit = args.time_limit or default_limit(source)
            base = run("baseline", source, Path(tmp) / "baseline.json", limit, args.seed)
            best = run("optimiser", source, Path(tmp) / "optimiser.json", limit, args.seed)
            for name, f in (("FCFS baseline", base), (f"optimiser {limit:g} s", best)):
                share = f["idle_minutes_total"] / max(1, base["idle_minutes_total"])
                failures += not f["valid"]
                print(f"| {source.stem} ({f['requests']} requests) | {name} "
                      f"| {'yes' if f['valid'] else 'NO'} | {f['scheduled']} "
                      f"| {f['required_missed']} of {f['required_total']} "
                      f"| {f['priority_scheduled']} of {f['priority_total']} "
                      f"| {f['idle_minutes_total']} | {share:.0%} | {f['extra_days']} "
                      f"| {f['seconds']:.1f} | {f['peak_mb']:.0f} |", flush=True)
    print(f"\nload average after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
