"""How long a lesson takes to print its worked examples and worked solutions.

For every shipped lesson, in a fresh process (SymPy, the engine and the checker
already imported, as the runner's background start-up does while the learner reads
the intro), measures the CPU seconds to build:

1. the first worked example's printout (what the learner waits for after the intro);
2. all its worked examples;
3. all its exercises' worked solutions (`steps`).

Each number is the median of several processes. CPU time, not wall time: the machine
may be shared.

Usage: python benchmarks/bench_lesson_worked.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

_ONE_RUN = """
import json, sys, time
import sympy, symtutor.answers.checking, symtutor.derivation.engine, symtutor.read.parsing
from symtutor.lessons import catalog
lesson = catalog.load(sys.argv[1])
worked = [item for item in lesson.items if isinstance(item, catalog.Worked)]
start = time.process_time()
worked[0].output("text")
first = time.process_time() - start
for item in worked[1:]:
    item.output("text")
every = time.process_time() - start
start = time.process_time()
for exercise in lesson.exercises:
    exercise.solution_text()
print(json.dumps([first, every, time.process_time() - start]))
"""


def one_run(lesson_id: str) -> list[float]:
    done = subprocess.run([sys.executable, "-c", _ONE_RUN, lesson_id], capture_output=True, text=True,
                          check=True, env={**os.environ, "SYMTUTOR_LESSONS": ""})
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    from symtutor.lessons import catalog

    print(f"{runs} runs each, median CPU seconds; load average {os.getloadavg()[0]:.1f}")
    print(f"   {'lesson':<12} {'first worked':>12} {'all worked':>11} {'all solutions':>14}")
    totals = [0.0, 0.0, 0.0]
    for lesson in catalog.load_all():
        results = [one_run(lesson.id) for _ in range(runs)]
        medians = [statistics.median(r[i] for r in results) for i in range(3)]
        totals = [t + m for t, m in zip(totals, medians)]
        print(f"   {lesson.id:<12} {medians[0]:>12.3f} {medians[1]:>11.3f} {medians[2]:>14.3f}")
    print(f"   {'total':<12} {totals[0]:>12.3f} {totals[1]:>11.3f} {totals[2]:>14.3f}")


if __name__ == "__main__":
    main()
