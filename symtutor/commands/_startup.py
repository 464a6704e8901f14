"""Start-up cost of a command: SymPy imported with the cyclic garbage collector paused.

Importing SymPy builds hundreds of thousands of objects that live as long as the
process, and the collector passes over them about 150 times while it does: some
100 ms of CPU, a sixth of a whole `symtutor derive`. With the collector paused
during the import and what was loaded then frozen (`gc.freeze`: later passes skip
it), the command pays for neither. Only in a fresh process: when SymPy is already
loaded (tests calling `main`, a lesson running several commands) nothing changes,
so no garbage made before is frozen for good.
"""

from __future__ import annotations

import contextlib
import gc
import sys


@contextlib.contextmanager
def first_import():
    """Run the body (the command's imports) with the collector paused, if SymPy is not loaded yet."""
    if "sympy" in sys.modules or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()
