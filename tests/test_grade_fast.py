"""The bulk grading path (no echo of the answer, the expected text printed once per
problem) gives exactly the verdict `symtutor.check` gives, row by row."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import bench_grade_distinct  # noqa: E402
import make_class_file  # noqa: E402

from symtutor import check  # noqa: E402
from symtutor.answers.grading import RESULT_KEYS, grade_answers  # noqa: E402
from symtutor.errors import InputError  # noqa: E402


def _slow(problem: str, answer: str, wrt: str | None, kind: str) -> dict:
    """What `symtutor.check` says, in a grading result's keys (or its error)."""
    try:
        data = check(problem, answer, wrt, kind=kind).to_dict()
    except InputError as exc:
        return {"error": str(exc)}
    return {key: data[key] for key in RESULT_KEYS}


@pytest.mark.parametrize("number", range(len(make_class_file.PROBLEMS)))
def test_bulk_grading_agrees_with_check_on_every_row(number):
    problem = make_class_file.PROBLEMS[number]
    rng = random.Random(number)
    answers = bench_grade_distinct.distinct_answers(problem, rng, 40)
    answers += list(problem.right) + list(problem.mistakes) + ["", "2x +", "idk"]
    answers = [a for a in answers if a.strip()]  # a blank is a row error before any check
    key = (problem.problem, problem.wrt or None, problem.kind or "derivative")
    fast = grade_answers(key, answers, timeout=0)
    for answer, result in zip(answers, fast):
        assert result == _slow(problem.problem, answer, problem.wrt or None, key[2]), answer
