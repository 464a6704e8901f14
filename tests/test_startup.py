"""The collector pause around a command's first import of SymPy (symtutor.commands._startup)."""

from __future__ import annotations

import gc
import subprocess
import sys

from symtutor.commands._startup import first_import


def test_a_fresh_process_imports_sympy_with_the_collector_paused_then_frozen():
    code = (
        "import gc, sys\n"
        "from symtutor.commands._startup import first_import\n"
        "seen = []\n"
        "with first_import():\n"
        "    seen.append(gc.isenabled())\n"
        "    import sympy\n"
        "print(seen[0], gc.isenabled(), gc.get_freeze_count() > 10000)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.stdout.split() == ["False", "True", "True"], done.stderr


def test_nothing_changes_once_sympy_is_loaded():
    import sympy  # noqa: F401

    frozen = gc.get_freeze_count()
    with first_import():
        assert gc.isenabled()
    assert gc.isenabled() and gc.get_freeze_count() == frozen


def test_the_collector_is_back_on_after_an_error():
    code = (
        "import gc\n"
        "from symtutor.commands._startup import first_import\n"
        "try:\n"
        "    with first_import():\n"
        "        raise ValueError\n"
        "except ValueError:\n"
        "    pass\n"
        "print(gc.isenabled())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "True", done.stderr
