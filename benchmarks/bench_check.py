"""Time `symtutor.check` over the checker's test table (tests/test_checking.py CASES).

SymPy's cache is cleared before every check, so no answer profits from the one
before it. Two figures:

* cold: the compiled-problem cache is cleared too, so each check parses and
  derives the problem, builds its mal-rule variants and evaluates them;
* cached: problems compiled beforehand (as `symtutor grade` and the lesson
  runner use them), so a check is parse answer + evaluate + compare.

Targets: median ≤ 5 ms, slowest ≤ 50 ms.

Run: /work/venv/bin/python benchmarks/bench_check.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="passes over the table (best per case)")
    args = parser.parse_args()

    from sympy.core.cache import clear_cache
    from test_checking import CASES

    from symtutor.answers.checking import check, compile_problem

    def timed(fn) -> float:
        clear_cache()
        start = time.perf_counter()
        fn()
        return time.perf_counter() - start

    check("x^2", "2x")  # imports and first-use set-up are not what is measured

    cold: dict[int, float] = {}
    cached: dict[int, float] = {}
    for _ in range(args.repeat):
        for i, (problem, answer, wrt, kind, _, _) in enumerate(CASES):
            compile_problem.cache_clear()
            t = timed(lambda: check(problem, answer, wrt, kind=kind))
            cold[i] = min(cold.get(i, t), t)
        compiled = {}
        for problem, _, wrt, kind, _, _ in CASES:
            compiled[(problem, wrt, kind)] = compile_problem(problem, wrt, kind=kind)
        for i, (problem, answer, wrt, kind, _, _) in enumerate(CASES):
            problem_obj = compiled[(problem, wrt, kind)]
            t = timed(lambda: problem_obj.judge(answer))
            cached[i] = min(cached.get(i, t), t)

    print(f"{len(CASES)} checks, SymPy cache cleared before each, best of {args.repeat} passes")
    for name, times in (("cold (compile + judge)", cold), ("cached problem (judge)", cached)):
        values = sorted(times.values())
        slowest = max(times, key=times.get)
        p90 = values[int(0.9 * (len(values) - 1))]
        print(f"  {name:<24} median {statistics.median(values) * 1e3:6.2f} ms   "
              f"p90 {p90 * 1e3:6.2f} ms   slowest {values[-1] * 1e3:6.2f} ms "
              f"({CASES[slowest][0]!r} / {CASES[slowest][1]!r})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
