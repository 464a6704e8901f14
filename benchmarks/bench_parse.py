"""How fast symtutor reads learner input, and how fast it refuses hostile input.

Run: python benchmarks/bench_parse.py

Prints, for a list of textbook inputs, the median and worst time of `parse` with
SymPy's cache cleared before every call (the cold cost a learner pays), the same for
`sympify` on the equivalent Python-syntax strings (trusted constants, for scale), the
worst time to refuse each hostile input, and the cost of `mathfmt.unicode`.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

ACCEPT = [
    "(3x+1)^2", "x^2", "x**2", "x²", "x⁻¹", "2x", "3xy", "3(x+1)", "(x+1)(x-1)",
    "x(x+1)", "ln x", "ln(x)", "log(x, 10)", "log10(x)", "log_2(x)", "e^x", "exp(x)",
    "sqrt(x)", "√x", "√(x+1)", "∛x", "pi x", "πx", "3 − x", "2·x", "2×x", "arctan(x)",
    "sin^2 x", "sin^-1 x", "|x|", "abs(x)", "eta w", "θ^2", "w1 x + b1", "x_2",
    "sigmoid(z)", "σ(z)", "relu(z)", "max(0, x)", "5!", "0.5x", "2.808", "1e-3",
    "ŷ - y", "-x^2", "2^3^2", "1/2x", "1/2 x", "sin x cos x", "sin 2x", "sin x^2",
    "ln x + 1", "2 sin x cos x", "xsinx", "x^x", "2^x", "e^(3x)", "ln(x^2+1)",
    "sin(x^2)", "x^2 sin x", "x/(x+1)", "(x^2+1)/(x-1)", "tanh(2x+1)",
    "e^(-x^2/2)", "(yhat - y)^2", "x^2 y + 3y^2", "1/(1+e^(-z))", "arcsin(2x)",
    "cosh(x) sinh(x)", "(3x^2 - 2x + 7)^5",
]

# The same inputs in Python syntax, for a scale comparison with sympify (trusted constants).
SYMPY_EQUIVALENTS = [
    "(3*x+1)**2", "x**2", "x**2", "x**2", "x**-1", "2*x", "3*x*y", "3*(x+1)",
    "(x+1)*(x-1)", "x*(x+1)", "log(x)", "log(x)", "log(x, 10)", "log(x, 10)",
    "log(x, 2)", "exp(x)", "exp(x)", "sqrt(x)", "sqrt(x)", "sqrt(x+1)", "x**(1/3)",
    "pi*x", "pi*x", "3 - x", "2*x", "2*x", "atan(x)", "sin(x)**2", "asin(x)",
    "Abs(x)", "Abs(x)", "eta*w", "theta**2", "w1*x + b1", "x2", "1/(1+exp(-z))",
    "1/(1+exp(-z))", "Max(0, z)", "Max(0, x)", "120", "x/2", "2808/1000", "1/1000",
    "yhat - y", "-x**2", "2**3**2", "1/(2*x)", "x/2", "sin(x)*cos(x)", "sin(2*x)",
    "sin(x**2)", "log(x) + 1", "2*sin(x)*cos(x)", "x*sin(x)", "x**x", "2**x",
    "exp(3*x)", "log(x**2+1)", "sin(x**2)", "x**2*sin(x)", "x/(x+1)",
    "(x**2+1)/(x-1)", "tanh(2*x+1)", "exp(-x**2/2)", "(yhat - y)**2",
    "x**2*y + 3*y**2", "1/(1+exp(-z))", "asin(2*x)", "cosh(x)*sinh(x)",
    "(3*x**2 - 2*x + 7)**5",
]

HOSTILE = [
    "__import__('os').system('echo hi')",
    "().__class__.__bases__[0].__subclasses__()",
    "9^9^9",
    "9**9**8",
    "10^10^8",
    "(((9^64)^64)^64)^64",
    "(10^7)!",
    "1e999999",
    "x^" * 999 + "x",
    "(" * 500 + "x" + ")" * 500,
    "+x" * 1000,
    "x" * 100_000,
    "2^2^2^2^2^2",
    "9" * 2000,
    "sin(" * 300 + "x" + ")" * 300,
    "lambda: 1",
    "x\x00",
]


def _timed(func, arg) -> float:
    from sympy.core.cache import clear_cache

    clear_cache()
    start = time.perf_counter()
    try:
        func(arg)
    except ValueError:
        pass
    return time.perf_counter() - start


def _import_time(module: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", f"import {module}"], check=True)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    from sympy import sympify

    from symtutor.errors import InputError
    from symtutor.read.parsing import parse
    from symtutor.notation import mathfmt

    assert len(ACCEPT) == len(SYMPY_EQUIVALENTS)
    for text in ACCEPT:  # warm up imports and every code path once
        parse(text)
    rounds = 5
    ours = [min(_timed(parse, t) for _ in range(rounds)) for t in ACCEPT]
    theirs = [
        min(_timed(sympify, s) for _ in range(rounds))  # trusted: constant strings above
        for s in SYMPY_EQUIVALENTS
    ]
    exprs = [parse(t) for t in ACCEPT]
    echo = [min(_timed(mathfmt.unicode, e) for _ in range(rounds)) for e in exprs]

    refused = []
    for text in HOSTILE:
        start = time.perf_counter()
        try:
            parse(text)
        except InputError:
            pass
        else:
            raise SystemExit(f"accepted hostile input {text[:40]!r}")
        refused.append((time.perf_counter() - start, text))

    ms = 1000.0
    print(f"parse, {len(ACCEPT)} textbook inputs, SymPy cache cleared before each call:")
    slowest = ACCEPT[ours.index(max(ours))]
    print(f"  median {statistics.median(ours) * ms:.3f} ms, worst {max(ours) * ms:.3f} ms ({slowest!r}), total {sum(ours) * ms:.1f} ms")
    print(f"  parse('(3x+1)^2'): {ours[0] * ms:.3f} ms")
    print("sympify on the same inputs in Python syntax (for scale):")
    print(f"  median {statistics.median(theirs) * ms:.3f} ms, worst {max(theirs) * ms:.3f} ms, total {sum(theirs) * ms:.1f} ms")
    print(f"  ratio parse/sympify (total): {sum(ours) / sum(theirs):.2f}")
    print("mathfmt.unicode on the parsed inputs:")
    print(f"  median {statistics.median(echo) * ms:.3f} ms, worst {max(echo) * ms:.3f} ms")
    worst, which = max(refused)
    print(f"refusing {len(HOSTILE)} hostile inputs: worst {worst * ms:.3f} ms ({which[:30]!r}...)")
    print("import time (fresh interpreter, best of 3):")
    base = _import_time("sys")
    print(f"  python -c 'import sympy': {(_import_time('sympy') - base) * ms:.0f} ms over an empty interpreter")
    print(f"  python -c 'import symtutor.read.parsing': {(_import_time('symtutor.read.parsing') - base) * ms:.0f} ms")
    print(f"  python -c 'import symtutor.notation.mathfmt': {(_import_time('symtutor.notation.mathfmt') - base) * ms:.0f} ms")


if __name__ == "__main__":
    main()
