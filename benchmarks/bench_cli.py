"""Command-line start-up and CPU cost, measured as the user pays them.

(a) `symtutor --version` wall time (budget: under 0.15 s).
(b) CPU time (user + sys of the child processes, from getrusage) of
    `symtutor derive "(3x+1)^2"` with stdout piped (so the plain-text printout),
    against the smallest SymPy program doing the same job (budget: at most 1.0x).

Runs are interleaved so that drift in machine load hits both sides alike.

Byte code: an installed symtutor has its .pyc files (pip compiles them), as SymPy
has. A shell with PYTHONDONTWRITEBYTECODE=1 and an editable install recompiles
symtutor's modules on every run (tens of ms) while SymPy's stay cached, so by
default the children get a private PYTHONPYCACHEPREFIX (warmed before timing) and
no PYTHONDONTWRITEBYTECODE; --as-is measures the environment unchanged.

Usage: python benchmarks/bench_cli.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def symtutor_command() -> list[str]:
    """The installed console script next to this interpreter, else `python -m symtutor`."""
    script = Path(sys.executable).with_name("symtutor")
    if script.exists():
        return [str(script)]
    found = shutil.which("symtutor")
    return [found] if found else [sys.executable, "-m", "symtutor"]


#: The minimal SymPy program of issue 10 (no parser: sympify would load SymPy's parser too).
SYMPY_PROGRAM = "import sympy; x=sympy.Symbol('x'); print(sympy.diff((3*x+1)**2, x))"
#: CPU budget of symtutor derive relative to SYMPY_PROGRAM.
BUDGET = 1.0


ENV = dict(os.environ)


def cpu_of(argv: list[str]) -> tuple[float, str]:
    """(user + sys CPU seconds, stdout) of one run of `argv`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed (exit {done.returncode}): {done.stderr.strip()}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, done.stdout


def wall_of(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=ENV)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15, help="runs of each command (default 15)")
    parser.add_argument("--as-is", action="store_true", help="keep the environment's byte-code settings")
    args = parser.parse_args()
    cmd = symtutor_command()
    if not args.as_is:
        ENV.pop("PYTHONDONTWRITEBYTECODE", None)
        ENV["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="symtutor-bench-pyc-")
    bytecode = "as the environment has it" if args.as_is else "cached in a private prefix"
    env_note = f"{' '.join(cmd)} (python {sys.version.split()[0]}, {os.cpu_count()} CPUs, byte code {bytecode})"
    print(f"symtutor: {env_note}")
    print(f"load average before: {', '.join(f'{v:.2f}' for v in os.getloadavg())}")

    # Warm the file cache and .pyc files so the first measured run is not an outlier.
    wall_of(cmd + ["--version"])
    cpu_of(cmd + ["derive", "(3x+1)^2"])
    cpu_of([sys.executable, "-c", SYMPY_PROGRAM])

    walls = [wall_of(cmd + ["--version"]) for _ in range(args.runs)]
    version_median = statistics.median(walls)
    print(f"(a) symtutor --version: median {version_median * 1000:.1f} ms, "
          f"min {min(walls) * 1000:.1f} ms over {args.runs} runs (budget 150 ms) "
          f"{'OK' if version_median < 0.15 else 'OVER BUDGET'}")

    ours, theirs = [], []
    for _ in range(args.runs):
        cpu, out = cpu_of(cmd + ["derive", "(3x+1)^2"])
        ours.append(cpu)
        cpu, _ = cpu_of([sys.executable, "-c", SYMPY_PROGRAM])
        theirs.append(cpu)
    total_ours, total_theirs = sum(ours), sum(theirs)
    ratio = total_ours / total_theirs
    print(f"(b) CPU over {args.runs} runs each (user+sys, RUSAGE_CHILDREN):")
    print(f"    symtutor derive \"(3x+1)^2\" (piped, plain text): total {total_ours:.3f} s, "
          f"median {statistics.median(ours) * 1000:.0f} ms")
    print(f"    python -c \"{SYMPY_PROGRAM}\": total {total_theirs:.3f} s, "
          f"median {statistics.median(theirs) * 1000:.0f} ms")
    median_ratio = statistics.median(ours) / statistics.median(theirs)
    print(f"    ratio of totals {ratio:.3f}, of medians {median_ratio:.3f} (budget {BUDGET:.2f}) "
          f"{'OK' if ratio <= BUDGET else 'OVER BUDGET'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
