"""Agreement and timing of `check --kind expr` on the equivalence table (issue 12).

The table is tests/test_equivalence_table.py: (expected, answer, verdict, reason) rows.
Prints how many rows the checker agrees with, the rows it does not, and the median and
slowest time of one check (problem compiled, as `symtutor grade` uses it, and cold).

Run from the repository root (any checkout, so the figure before a change can be
reproduced with the old code and this table):

    PYTHONPATH=$PWD /work/venv/bin/python benchmarks/bench_equivalence_table.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))


def main() -> int:
    from test_equivalence_table import TABLE, judged

    from symtutor.answers import checking

    judged("x^2", "2x")  # imports and first compilations out of the figures
    wrong, times, cached = [], [], []
    for expected, answer, verdict, reason in TABLE:
        checking.compile_problem.cache_clear()
        start = time.perf_counter()
        got = judged(expected, answer)
        middle = time.perf_counter()
        judged(expected, answer)
        cached.append(time.perf_counter() - middle)
        times.append((middle - start, expected, answer))
        if got != verdict:
            wrong.append((expected, answer, verdict, got, reason))
    agree = len(TABLE) - len(wrong)
    print(f"agreement: {agree}/{len(TABLE)} = {100 * agree / len(TABLE):.1f}%")
    for expected, answer, verdict, got, reason in wrong:
        print(f"  {expected!r} vs {answer!r}: expected {verdict}, got {got} ({reason})")
    cold = sorted(times, reverse=True)
    print(f"cold check (problem compiled too): median {1000 * statistics.median(t for t, *_ in cold):.1f} ms")
    print(f"cached check (problem compiled before): median {1000 * statistics.median(cached):.1f} ms, "
          f"slowest {1000 * max(cached):.1f} ms")
    for t, expected, answer in cold[:5]:
        print(f"  slowest cold: {1000 * t:.1f} ms  {expected!r} vs {answer!r}")
    for expected, answer in LARGE_POWERS:
        runs = []
        for _ in range(7):
            checking.compile_problem.cache_clear()
            start = time.perf_counter()
            judged(expected, answer)
            runs.append(time.perf_counter() - start)
        print(f"check --kind expr {expected!r} {answer!r}: median {1000 * statistics.median(runs):.1f} ms "
              "of 7 (problem compiled each time)")
    return 0


#: The issue's large powers, timed on their own (nothing may multiply them out).
LARGE_POWERS = (("(x-a)^6000", "(a-x)^6000"), ("(x-a)^6001", "(a-x)^6001"), ("(x+1)^100000", "(x+1)^100000 + 1"))


if __name__ == "__main__":
    raise SystemExit(main())
