"""Running the CLI from tests: through `python -m symtutor`, or in-process (faster)."""

from __future__ import annotations

import os
import subprocess
import sys


def cli(*args: str) -> subprocess.CompletedProcess:
    """`python -m symtutor ARGS`, uncoloured and 100 columns wide."""
    env = dict(os.environ, NO_COLOR="1", COLUMNS="100")
    return subprocess.run([sys.executable, "-m", "symtutor", *args], capture_output=True, text=True,
                          env=env, timeout=60)


def main(capsys, *args: str) -> tuple[int, str, str]:
    """The CLI in-process (fast); subprocess tests cover the real entry point. (code, stdout, stderr)"""
    from symtutor.cli import main as cli_main

    try:
        code = cli_main(list(args))
    except SystemExit as exc:  # argparse usage errors
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def python_c(code: str, timeout: float = 120) -> str:
    """Run `python -c CODE` in a fresh interpreter (a clean sys.modules); its stdout, after it succeeds."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr
    return done.stdout
