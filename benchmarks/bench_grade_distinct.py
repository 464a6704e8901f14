"""Grading throughput when every answer is distinct: no deduplication helps.

`symtutor grade` judges each distinct (problem, answer) once, so a real class file,
where many learners type the same thing, grades faster than its row count suggests.
This benchmark removes that help: each of the 30 problems of
benchmarks/make_class_file.py gets 2,000 answers that are all different texts --
equivalent rewritings of the right answer, the typical mistakes rewritten the same
ways, other wrong answers (constant offsets and factors, random polynomials) and a
little junk -- and the real command (`python -m symtutor grade`, process start-up
included) is timed on all cores. The target is 100,000 answers per minute on 2 cores.

Usage:
  python benchmarks/bench_grade_distinct.py                   # 30 x 2,000, 3 runs, median
  python benchmarks/bench_grade_distinct.py --answers 500 --runs 1
  python benchmarks/bench_grade_distinct.py --write class.csv  # just write the file
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_grade  # noqa: E402
import make_class_file  # noqa: E402

TARGET = 100_000

#: Ways to write the same value differently; {a} is the answer, {k} a number.
SAME = (
    "({k}/{k})*({a})",
    "({a})*{k}/{k}",
    "{a} + {k} - {k}",
    "{k}*({a})/{k}",
    "({a}) + 0*{k}",
    "({a})*({k}+1)/({k}+1)",
)
#: Wrong answers built from a right one.
WRONG = ("{a} + {k}", "{k}*({a})", "({a})/{k}", "{a} - {k}/7")
#: Answers that cannot be read (each made distinct by its number).
JUNK = ("{a} +* {k}", "(({a}) + {k}", "idk {k}")
SHARES = ((0.55, "right"), (0.27, "mistake"), (0.15, "wrong"), (0.03, "junk"))


def _value_answers(problem, rng: random.Random, n: int) -> list[str]:
    """Distinct numbers for a value problem: the right value and mistakes, written differently."""
    out: dict[str, None] = {}
    base = [float(make_class_file.PROBLEMS[-2].right[0])]
    while len(out) < n:
        roll = rng.random()
        if roll < 0.55:
            text = f"{base[0]:.{rng.randint(3, 12)}f}" + "0" * rng.randint(0, 3)
            text = f"({text}*{len(out) + 2})/{len(out) + 2}"
        elif roll < 0.85:
            text = f"{rng.choice(problem.mistakes)}*{len(out) + 2}/{len(out) + 2}"
        else:
            text = f"{rng.uniform(-10, 10):.{rng.randint(2, 6)}f}"
        out.setdefault(text, None)
    return list(out)


def _vector_answers(problem, rng: random.Random, n: int) -> list[str]:
    out: dict[str, None] = {}
    while len(out) < n:
        k = len(out) + 2
        roll = rng.random()
        if roll < 0.55:
            text = f"[7*{k}/{k}, 8 + {k} - {k}]"
        elif roll < 0.85:
            a, b = rng.choice(problem.mistakes).strip("[]()").split(",")
            text = f"({a.strip()}*{k}/{k}, {b.strip()})"
        else:
            text = f"[{rng.randint(-50, 50)}, {k}]"
        out.setdefault(text, None)
    return list(out)


def distinct_answers(problem, rng: random.Random, n: int) -> list[str]:
    """`n` different answer texts to one problem, in the shares of SHARES."""
    if problem.kind == "value":
        return _value_answers(problem, rng, n)
    if problem.kind == "vector":
        return _vector_answers(problem, rng, n)
    var = problem.wrt or "x"
    out: dict[str, None] = {}
    while len(out) < n:
        k = rng.randint(2, 20_000)
        roll = rng.random()
        for share, what in SHARES:
            if roll < share:
                break
            roll -= share
        if what == "right":
            text = rng.choice(SAME).format(a=rng.choice(problem.right), k=k)
        elif what == "mistake":
            text = rng.choice(SAME).format(a=rng.choice(problem.mistakes), k=k)
        elif what == "wrong":
            if rng.random() < 0.6:
                text = rng.choice(WRONG).format(a=rng.choice(problem.right), k=k)
            else:
                text = f"{rng.randint(-9, 9)}{var}^{rng.randint(2, 6)} + {k}{var} - {rng.randint(1, 99)}"
        else:
            text = rng.choice(JUNK).format(a=rng.choice(problem.right), k=k)
        out.setdefault(text, None)
    return list(out)


def write(path: Path, problems: int = 30, answers: int = 2000, seed: int = 1) -> int:
    """Write the class file: answers interleaved learner by learner; returns the row count."""
    rng = random.Random(seed)
    chosen = [make_class_file.PROBLEMS[i % len(make_class_file.PROBLEMS)] for i in range(problems)]
    per_problem = [distinct_answers(p, rng, answers) for p in chosen]
    count = 0
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=("id", "problem", "answer", "wrt", "kind"))
        writer.writeheader()
        for learner in range(answers):
            for number, (problem, texts) in enumerate(zip(chosen, per_problem), 1):
                writer.writerow({
                    "id": f"L{learner + 1:05d}-P{number:02d}",
                    "problem": problem.problem,
                    "answer": texts[learner],
                    "wrt": problem.wrt,
                    "kind": problem.kind,
                })
                count += 1
    return count


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--problems", type=int, default=30)
    parser.add_argument("--answers", type=int, default=2000, help="distinct answers per problem")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3, help="runs; the median counts")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: all cores)")
    parser.add_argument("--write", type=Path, help="only write the class file here")
    args = parser.parse_args(argv)
    if args.write:
        print(f"wrote {write(args.write, args.problems, args.answers, args.seed):,} rows to {args.write}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        path, out = Path(tmp) / "distinct.csv", Path(tmp) / "results.jsonl"
        rows = write(path, args.problems, args.answers, args.seed)
        print(f"{rows:,} rows, all distinct per problem; {os.cpu_count()} cores, "
              f"load average {os.getloadavg()[0]:.1f} (a shared machine: figures are under load)")
        runs = [bench_grade.run_grade(path, out, args.jobs) for _ in range(args.runs)]
        walls = sorted(wall for wall, _ in runs)
        median = statistics.median(walls)
        rate = 60 * rows / median
        mark = "target met" if rate >= TARGET else "BELOW TARGET"
        print(f"median {median:.2f} s of [{', '.join(f'{w:.2f}' for w in walls)}] -> "
              f"{rate:,.0f} answers/minute ({mark}); CPU s per run: "
              f"{', '.join(f'{cpu:.1f}' for _, cpu in runs)}")
        print("results: " + bench_grade.describe(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
