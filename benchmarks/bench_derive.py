"""Benchmark: the step engine against plain ``sympy.diff`` on textbook derivatives.

Issue 2 asks that, with SymPy's cache cleared before every call, the total time of
``symtutor.derivation.engine.derive`` (on pre-built expressions) be at most that of
``sympy.diff`` on the same corpus. Run: ``python benchmarks/bench_derive.py [ROUNDS]``.
"""

from __future__ import annotations

import sys
import time

from sympy import (
    Abs,
    E,
    Integer,
    Rational,
    Symbol,
    acos,
    acosh,
    acot,
    asec,
    asin,
    asinh,
    atan,
    atanh,
    cbrt,
    cos,
    cosh,
    cot,
    csc,
    diff,
    exp,
    log,
    pi,
    sec,
    sech,
    sin,
    sinh,
    sqrt,
    symbols,
    tan,
    tanh,
)
from sympy.core.cache import clear_cache

from symtutor.derivation.engine import derive
from symtutor.notation.functions import sigmoid

x, y, w, b, z, t = symbols("x y w b z t")

#: (expression, variable): the kind of exercise a calculus course sets.
CORPUS = [
    (x**2, x),
    (x**5, x),
    (1 / x**3, x),
    (sqrt(x), x),
    (cbrt(x), x),
    (x**pi, x),
    (Integer(7), x),
    (3 * x**4 - 2 * x**2 + 5 * x - 1, x),
    (x**3 / 3 + x / 2, x),
    ((3 * x + 1) ** 2, x),
    ((w - 3) ** 2, w),
    ((x**2 + 1) ** 5, x),
    (sqrt(x**2 + 1), x),
    (1 / (x**2 + 1), x),
    (5 / (2 * x - 1) ** 3, x),
    ((1 - x) ** 3, x),
    (x**2 * sin(x), x),
    (x * exp(x), x),
    (x**3 * log(x), x),
    (x * sin(x) * exp(x), x),
    ((x**2 + 1) * (x - 1), x),
    (sqrt(x) * cos(x), x),
    (x / (x + 1), x),
    (sin(x) / x, x),
    ((x**2 + 1) / (x - 1), x),
    (exp(x) / (1 + exp(x)), x),
    (tan(x) / x**2, x),
    ((2 * x + 3) / (x**2 - 4), x),
    (sin(x), x),
    (cos(3 * x), x),
    (tan(x**2), x),
    (sec(x), x),
    (csc(2 * x), x),
    (cot(x), x),
    (sin(x) ** 2, x),
    (sin(x) * cos(x), x),
    (sin(cos(x**2)), x),
    (exp(3 * x), x),
    (exp(-(x**2)), x),
    (2**x, x),
    (10 ** (3 * x), x),
    (log(x), x),
    (log(x**2 + 1), x),
    (log(x, 10), x),
    (log(sin(x)), x),
    (exp(x) * log(x), x),
    (asin(x), x),
    (acos(2 * x), x),
    (atan(x**2), x),
    (acot(x), x),
    (asec(x), x),
    (sinh(x), x),
    (cosh(2 * x), x),
    (tanh(x), x),
    (asinh(x), x),
    (acosh(x), x),
    (atanh(x / 2), x),
    (sech(x), x),
    (x**x, x),
    (x ** sin(x), x),
    (sin(x) ** cos(x), x),
    ((x**2 + 1) ** x, x),
    (x**2 + 3 * x * y + y**2, x),
    (x**2 + 3 * x * y + y**2, y),
    (x**2 * y + 3 * y**2, x),
    (exp(x * y), y),
    ((w * x + b - y) ** 2, w),
    (sigmoid(w * x + b), w),
    (Abs(x), x),
    (E ** (2 * t) * cos(t), t),
    (z**3 * exp(-z), z),
]


def _time(rounds: int) -> tuple[float, float]:
    """Total seconds of (derive, diff); interleaved per expression so load on a shared
    machine falls on both alike."""
    engine = oracle = 0.0
    for _ in range(rounds):
        for expr, var in CORPUS:
            clear_cache()
            start = time.perf_counter()
            derive(expr, var)
            engine += time.perf_counter() - start
            clear_cache()
            start = time.perf_counter()
            diff(expr, var)
            oracle += time.perf_counter() - start
    return engine, oracle


def main(argv: list[str]) -> int:
    rounds = int(argv[1]) if len(argv) > 1 else 5
    for expr, var in CORPUS:  # same answers, or the timing means nothing
        # the oracle on real symbols: d|x|/dx on a complex x is not what a course means
        real = {s: Symbol(s.name, real=True) for s in expr.free_symbols | {var}}
        got = derive(expr, var).result.xreplace(real)
        want = diff(expr.xreplace(real), real[var])
        point = {s: Rational(17 + 3 * i, 10) for i, s in enumerate(sorted(real.values(), key=str))}
        gap = (got - want).subs(point).evalf()
        assert abs(gap) < 1e-9, (expr, got, want)
    engine, oracle = _time(rounds)
    n = len(CORPUS) * rounds
    print(f"corpus: {len(CORPUS)} expressions x {rounds} rounds, cache cleared before each call")
    print(f"symtutor derive: {engine:.3f} s total ({engine / n * 1e3:.2f} ms per call)")
    print(f"sympy.diff:      {oracle:.3f} s total ({oracle / n * 1e3:.2f} ms per call)")
    print(f"ratio derive/diff: {engine / oracle:.2f} (target <= 1.00)")
    return 0 if engine <= oracle else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
