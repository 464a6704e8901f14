"""Time against size: how `symtutor derive` and `symtutor check` grow with the input.

Issue 11: every input within the parser's limits (2,000 characters, 1,000 tokens,
40 levels of nesting) must answer in 2 seconds or be refused with one line and exit
code 2. This sweeps five families of ordinary expressions from small up to those
limits, runs each through the real command line (``python -m symtutor``, start-up
included, as a user pays it) and prints one row per size:

- product:     (x+1)(x+2)…(x+n)
- quotient:    (x+1)/(x+2)/(x+3)/…/(x+n)
- sum:         sin(1x) + sin(2x) + … + sin(nx)
- nested:      sin(cos(sin(…(x + 1)…))), n functions deep
- power:       (x + x² + … + xⁿ)^n, a power of a sum

`check` is asked with the wrong answer ``1``, so it also tries its whole catalogue
of mistakes (the costliest path). A cell reads ``0.61/1.23``: CPU seconds of the
child (user + sys, what the command itself costs) / wall seconds (what the user
waits, which on a shared machine includes waiting for a core); ``R`` after it
means refused (exit 2 with one line, printed under the table), ``>T`` killed at
the timeout. The promise is checked on CPU time, which other load barely moves;
``symtutor derive x`` is the first row, the start-up every cell includes. Read
medians with ``--repeat``.

``--in-process`` times the same calls inside this interpreter instead (parse, derive
and print the text printout; parse and check), without start-up: the work alone, and
no timeout, so use it with care on the old code.

Usage: python benchmarks/bench_sizes.py [--timeout S] [--repeat N] [--family NAME ...] [--quick] [--in-process]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 2.0  # seconds: the promise of issue 11


def product(n: int) -> str:
    return "".join(f"(x+{k})" for k in range(1, n + 1))


def quotient(n: int) -> str:
    return "/".join(f"(x+{k})" for k in range(1, n + 1))


def sum_of(n: int) -> str:
    return " + ".join(f"sin({k}x)" for k in range(1, n + 1))


def nested(n: int) -> str:
    names = ("sin", "cos", "exp", "ln")
    text = "x+1"
    for k in range(n):
        text = f"{names[k % len(names)]}({text})"
    return text


def power(n: int) -> str:
    return "(" + " + ".join("x" if k == 1 else f"x^{k}" for k in range(1, n + 1)) + f")^{n}"


FAMILIES = {
    "product": (product, (2, 5, 10, 20, 40, 60, 80, 120, 160)),
    "quotient": (quotient, (2, 5, 10, 20, 30, 40, 60, 80, 120, 160)),
    "sum": (sum_of, (2, 10, 20, 40, 80, 120, 160)),
    "nested": (nested, (2, 5, 10, 15, 20, 25, 30, 38)),
    "power": (power, (2, 3, 5, 8, 12, 20, 40, 80, 120)),
}
QUICK = {"product": (10, 60, 120), "quotient": (10, 20, 40), "sum": (20, 120),
         "nested": (10, 30), "power": (5, 20, 80)}


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(argv: list[str], timeout: float) -> tuple[float, float, int | None, str]:
    """(CPU s, wall s, exit code or None when killed, first stderr line) of one CLI run."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1")
    cpu, start = _cpu(), time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "symtutor", *argv], env=env, capture_output=True,
            text=True, timeout=timeout, stdin=subprocess.DEVNULL, cwd=ROOT,
        )
    except subprocess.TimeoutExpired:
        return timeout, time.perf_counter() - start, None, ""
    line = done.stderr.strip().splitlines()[0] if done.stderr.strip() else ""
    return _cpu() - cpu, time.perf_counter() - start, done.returncode, line


def run_here(argv: list[str], timeout: float) -> tuple[float, float, int | None, str]:
    """The same as `run`, inside this interpreter: (CPU s, wall s, 0/1 or 2 when refused, message)."""
    import contextlib
    import io

    from symtutor.errors import one_line

    sys.setrecursionlimit(10000)
    cpu, start = time.process_time(), time.perf_counter()
    try:
        if argv[0] == "derive":
            from symtutor.derivation.engine import derive
            from symtutor.render.derivation import DerivationPrintout
            from symtutor.render.output import emit

            with contextlib.redirect_stdout(io.StringIO()):
                emit(DerivationPrintout(derive(argv[1]), {}), "text", None)
        else:
            from symtutor.answers.checking import check

            check(argv[1], argv[2])
        code, line = 0, ""
    except (ValueError, ArithmeticError, RecursionError) as exc:
        code, line = 2, "symtutor: " + one_line(exc)
    return time.process_time() - cpu, time.perf_counter() - start, code, line


def cell(cpu: float, wall: float, code: int | None, timeout: float) -> str:
    if code is None:
        return f">{timeout:g}"
    return f"{cpu:.2f}/{wall:.2f}" + (" R" if code == 2 else "")


def measure(argv: list[str], timeout: float, repeat: int) -> tuple[float, float, int | None, str]:
    runs = [RUN(argv, timeout) for _ in range(repeat)]
    if any(r[2] is None for r in runs):
        return timeout, timeout, None, ""
    cpu = statistics.median(r[0] for r in runs)
    wall = statistics.median(r[1] for r in runs)
    return cpu, wall, runs[-1][2], runs[-1][3]


RUN = run


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--timeout", type=float, default=20.0, help="kill a run after S seconds")
    ap.add_argument("--repeat", type=int, default=1, help="runs per cell (median shown)")
    ap.add_argument("--family", action="append", choices=sorted(FAMILIES))
    ap.add_argument("--quick", action="store_true", help="a few sizes per family")
    ap.add_argument("--in-process", action="store_true", help="time the calls in this interpreter")
    args = ap.parse_args()
    global RUN
    if args.in_process:
        sys.path.insert(0, str(ROOT))
        RUN = run_here
        RUN(["derive", "x"], args.timeout)  # imports and first-use caches, not timed
    print(f"{'family':9} {'n':>4} {'chars':>6}  {'derive cpu/wall s':>18}  {'check cpu/wall s':>18}")
    messages: dict[str, str] = {}
    worst = worst_wall = 0.0
    rows = [("start-up", 1, "x")] + [
        (name, n, FAMILIES[name][0](n))
        for name in args.family or FAMILIES
        for n in (QUICK[name] if args.quick else FAMILIES[name][1])
    ]
    for name, n, text in rows:
        cells = []
        for argv in (["derive", text, "--format", "text"], ["check", text, "1", "--format", "text"]):
            cpu, wall, code, line = measure(argv, args.timeout, args.repeat)
            worst, worst_wall = max(worst, cpu), max(worst_wall, wall)
            if code == 2 and line:
                messages.setdefault(line, f"{name} n={n}")
            cells.append(cell(cpu, wall, code, args.timeout))
        print(f"{name:9} {n:>4} {len(text):>6}  {cells[0]:>18}  {cells[1]:>18}", flush=True)
    for line, where in messages.items():
        print(f"R (first at {where}): {line}")
    verdict = "within" if worst <= LIMIT else "OVER"
    print(f"slowest: {worst:.2f} s CPU, {worst_wall:.2f} s wall ({verdict} the {LIMIT:g} s promise on CPU time)")
    return 0 if worst <= LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
