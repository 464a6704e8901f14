"""Public entry point for grading at scale: ``from symtutor.grading import grade_row, read_rows``.

The implementation lives in :mod:`symtutor.answers.grading`; this module keeps the
documented import path (README, cluster recipes) stable.
"""

from symtutor.answers.grading import grade_row, read_rows  # noqa: F401

__all__ = ["grade_row", "read_rows"]
