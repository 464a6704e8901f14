"""How fast `symtutor grade` marks a class: answers per minute, end to end.

Generates the class file (benchmarks/make_class_file.py: 30 problems x 1,000 learners by
default) and times the real command, process start-up included, on all cores and on
one (--jobs 1). The target is 100,000 answers per minute on a 2-core machine.

Usage:
  python benchmarks/bench_grade.py                      # 30 x 1,000, best of 3 runs
  python benchmarks/bench_grade.py --learners 200 --runs 1
  python benchmarks/bench_grade.py --file my_class.csv
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_class_file  # noqa: E402

TARGET = 100_000


def run_grade(path: Path, out: Path, jobs: int | None) -> tuple[float, float]:
    """Wall seconds and CPU seconds (all processes) for one `python -m symtutor grade` run."""
    command = [sys.executable, "-m", "symtutor", "grade", str(path), "--output", str(out)]
    if jobs:
        command += ["--jobs", str(jobs)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"grade failed ({done.returncode}): {done.stderr.strip()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu


def describe(out: Path) -> str:
    """What the results say: correct, misconceptions named, errors (a sanity check)."""
    counts = collections.Counter()
    errors = collections.Counter()
    for line in out.read_text(encoding="utf-8").splitlines():
        result = json.loads(line)
        if "error" in result:
            counts["error"] += 1
            errors[result["error"][:40]] += 1
        elif result["correct"]:
            counts["correct"] += 1
        elif result["misconception"]:
            counts["misconception named"] += 1
        else:
            counts["wrong, no label"] += 1
    parts = ", ".join(f"{k} {v:,}" for k, v in counts.most_common())
    top = "; ".join(f"{k!r} x{v}" for k, v in errors.most_common(4))
    return f"{parts}\n  commonest errors: {top}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, help="grade this file instead of a generated one")
    parser.add_argument("--problems", type=int, default=30)
    parser.add_argument("--learners", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3, help="runs per setting; the best counts")
    parser.add_argument("--skip-single", action="store_true", help="skip the --jobs 1 run")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        path = args.file
        if path is None:
            path = Path(tmp) / "class.csv"
            make_class_file.write(path, args.problems, args.learners, args.seed)
        out = Path(tmp) / "results.jsonl"
        with open(path, encoding="utf-8") as handle:
            rows = sum(1 for line in handle if line.strip()) - (path.suffix == ".csv")

        load = os.getloadavg()[0]
        print(f"class file: {path.name}, {rows:,} rows; {os.cpu_count()} cores, load average {load:.1f}")
        settings = [("all cores", None)] + ([] if args.skip_single else [("--jobs 1", 1)])
        for label, jobs in settings:
            runs = [run_grade(path, out, jobs) for _ in range(args.runs)]
            best, cpu = min(runs)
            rate = 60 * rows / best
            mark = "" if jobs == 1 else ("  (target met)" if rate >= TARGET else "  (BELOW TARGET)")
            walls = ", ".join(f"{wall:.2f}" for wall, _ in runs)
            print(
                f"{label:>10}: {best:6.2f} s best of [{walls}] -> {rate:>9,.0f} answers/minute"
                f" ({cpu:.2f} CPU s){mark}"
            )
        print("results: " + describe(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
