"""Golden files: printouts users see, compared byte for byte.

They live in tests/golden/; after a deliberate change regenerate them with
    SYMTUTOR_REGEN_GOLDEN=1 pytest tests
and read the diff before committing.
"""

from __future__ import annotations

import os
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"
#: The one switch that rewrites golden files instead of comparing with them.
REGEN = os.environ.get("SYMTUTOR_REGEN_GOLDEN") == "1"


def check_golden(name: str, text: str) -> None:
    """Assert `text` is the golden file `name` (rewriting it first when `REGEN` is set)."""
    path = GOLDEN / name
    if REGEN:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")
