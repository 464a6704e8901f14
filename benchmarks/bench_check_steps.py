"""Time `symtutor check-steps` per line: median and 90th percentile, in ms.

Each derivation is judged from a fresh StepChecker (the problem's compilation is
cached, as it is across a class's lines); the first run of each problem is a warm-up.

    python benchmarks/bench_check_steps.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import time

from symtutor.answers.steps import check_steps

DERIVATIONS = [
    ("(3x+1)^2", ["2(3x+1)·d/dx(3x+1)", "2(3x+1)·3", "6(3x+1)", "18x+6"]),
    ("(3x+1)^2", ["2(3x+1)·d/dx(3x+1)", "2(3x+1)·1", "6x+2"]),
    ("(3x+1)^2", ["2(3x+1)^2·3", "6(3x+1)", "18x+1"]),
    ("x^2 + 3x", ["d/dx(x^2) + d/dx(3x)", "2x - 3", "2x + 3"]),
    ("x sin x", ["d/dx(x)·sin x + x·d/dx(sin x)", "cos x", "sin x + x cos x"]),
    ("sin(x^2)", ["cos(x^2)·(x^2)'", "cos(x^2)·2x"]),
    ("x^2y + 3y^2", ["d/dx(x^2 y) + d/dx(3y^2)", "2xy + 0", "2xy"]),
    ("e^(2x)/(x+1)", ["(d/dx(e^(2x))·(x+1) - e^(2x)·d/dx(x+1))/(x+1)^2",
                      "(2e^(2x)(x+1) - e^(2x))/(x+1)^2", "e^(2x)(2x+1)/(x+1)^2"]),
    ("ln(x^2+1)", ["1/(x^2+1) · d/dx(x^2+1)", "2x/(x^2+1)"]),
    ("sigmoid(w x + b)", ["sigmoid(w x + b)(1 - sigmoid(w x + b))·d/dx(w x + b)",
                          "w·sigmoid(w x + b)(1 - sigmoid(w x + b))"]),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    per_line: list[float] = []
    for problem, lines in DERIVATIONS:
        wrt = "x"
        check_steps(problem, lines, wrt=wrt)  # warm-up: compiles the problem once
        for _ in range(args.repeat):
            start = time.perf_counter()
            check_steps(problem, lines, wrt=wrt)
            per_line.append((time.perf_counter() - start) * 1000 / len(lines))
    per_line.sort()
    p90 = per_line[int(0.9 * (len(per_line) - 1))]
    print(f"check-steps: {len(DERIVATIONS)} derivations x {args.repeat}: "
          f"median {statistics.median(per_line):.2f} ms per line, p90 {p90:.2f} ms, "
          f"max {per_line[-1]:.2f} ms")

    cold = []
    for problem, lines in DERIVATIONS:
        from symtutor.answers import checking, steps

        checking.compile_problem.cache_clear()
        for cache in (steps._step, steps._derivative, steps._variants):
            cache.cache_clear()
        start = time.perf_counter()
        check_steps(problem, lines, wrt="x")
        cold.append((time.perf_counter() - start) * 1000 / len(lines))
    print(f"cold (problem compiled inside the timing): median {statistics.median(cold):.2f} ms per line, "
          f"max {max(cold):.2f} ms")


if __name__ == "__main__":
    main()
