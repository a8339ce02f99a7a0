"""Lernentwicklungsgespräche: first come, first served against the optimiser, side by side.

    .venv/bin/python bench/lernentwicklung.py [INSTANCE.json ...] [--only]
                                              [--time-limit SECONDS] [--seed N]

Takes three generated year groups (`make_lernentwicklung.py`: 2 classes x 20 students over
2 afternoons, 6 x 25 over 3, 8 x 28 over 4), then the instance files given (`--only`: just
those). Each solver runs in its own process, so its peak memory (max RSS, from the child's
resource usage) is its own; every plan is checked with `evaluate`, which also gives the
figures. The optimiser's time limit defaults to 30 s.

Prints a Markdown table: students scheduled, preference score (of the best possible per
student), teacher idle minutes (and in % of the baseline's), family idle minutes, run time
and peak memory.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from make_lernentwicklung import make  # noqa: E402  (beside this script)
from solver_process import solve_in_child, worker  # noqa: E402

GENERATED = [(2, 20, 2), (6, 25, 3), (8, 28, 4)]  # classes, students per class, days


def run(kind: str, source: Path, target: Path, time_limit: float, seed: int) -> dict:
    from scheduler_app.planning.lernentwicklung import evaluate, load_instance

    plan, peak_mb = solve_in_child(__file__, kind, source, target, time_limit, seed)
    figures = evaluate(load_instance(source), plan)
    figures.update(seconds=plan["stats"]["bench_seconds"], peak_mb=peak_mb)
    return figures


def main(argv: list[str]) -> int:
    if argv[:1] == ["--worker"]:
        return worker("scheduler_app.planning.lernentwicklung", argv[1:6])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("instances", nargs="*", type=Path)
    parser.add_argument("--time-limit", type=float, default=30.0,
                        help="seconds for the optimiser")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", action="store_true",
                        help="only the instances given, not the generated ones")
    args = parser.parse_args(argv)
    print(f"load average before: {', '.join(f'{x:.2f}' for x in os.getloadavg())}, "
          f"{os.cpu_count()} CPUs, seed {args.seed}\n")
    print("| instance | solver | valid | scheduled | preference score | teacher idle min "
          "| idle vs FCFS | family idle min | seconds | peak MB |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        sources = []
        for classes, students, days in [] if args.only else GENERATED:
            path = Path(tmp) / f"jg-{classes}x{students}x{days}d.json"
            path.write_text(json.dumps(make(classes, students, days, seed=0)),
                            encoding="utf-8")
            sources.append(path)
        sources += args.instances
        for source in sources:
            base = run("baseline", source, Path(tmp) / "baseline.json", args.time_limit,
                       args.seed)
            best = run("optimiser", source, Path(tmp) / "optimiser.json", args.time_limit,
                       args.seed)
            for name, f in (("FCFS baseline", base), (f"optimiser {args.time_limit:g} s", best)):
                share = f["teacher_idle_minutes"] / max(1, base["teacher_idle_minutes"])
                failures += not f["valid"]
                print(f"| {source.stem} | {name} | {'yes' if f['valid'] else 'NO'} "
                      f"| {f['scheduled']} of {f['students']} "
                      f"| {f['preference_score']} of {f['preference_bound']} "
                      f"| {f['teacher_idle_minutes']} | {share:.0%} "
                      f"| {f['family_idle_minutes']} | {f['seconds']:.1f} "
                      f"| {f['peak_mb']:.0f} |", flush=True)
    print(f"\nload average after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
