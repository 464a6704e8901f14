"""Worked examples and worked solutions print exactly what their commands print.

Golden files hold every shipped lesson's worked examples (text and rich, as a lesson
shows them) and every exercise's worked solution, so moving how a lesson builds a
printout cannot change what the learner reads.
"""

from __future__ import annotations

import contextlib
import io

import pytest

from snapshots import check_golden
from symtutor.lessons import catalog

LESSONS = catalog.load_all()


def _worked_printouts(lesson) -> str:
    parts = []
    for item in lesson.items:
        if isinstance(item, catalog.Worked):
            parts.append(f"== {item.title}\n$ {item.command_line()}\n{item.output('text')}")
    return "\n".join(parts)


def _solutions(lesson) -> str:
    return "\n".join(f"== {exercise.id}\n{exercise.solution_text()}\n" for exercise in lesson.exercises)


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.id for lesson in LESSONS])
def test_worked_examples_print_as_their_commands(lesson):
    check_golden(f"lesson_{lesson.id}_worked.txt", _worked_printouts(lesson))


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.id for lesson in LESSONS])
def test_worked_solutions_print_as_their_commands(lesson):
    check_golden(f"lesson_{lesson.id}_solutions.txt", _solutions(lesson))


def test_rich_worked_example_prints_as_the_command(monkeypatch):
    """On a terminal a worked example is the command's own rich printout (here uncoloured)."""
    from symtutor.lessons.runner import RichScreen

    monkeypatch.setenv("COLUMNS", "100")
    lesson = next(lesson for lesson in LESSONS if lesson.id == "descent")
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        screen = RichScreen()
        for item in lesson.items:
            if isinstance(item, catalog.Worked):
                from symtutor.lessons import runner

                runner.Runner._worked(_FakeRunner(screen), item)
    check_golden("lesson_descent_worked_rich.txt", buffer.getvalue())


class _FakeRunner:
    """Just what `Runner._worked` uses: a screen and a background to wait for."""

    def __init__(self, screen):
        from symtutor.lessons.runner import _Background

        self.screen = screen
        self.background = _Background()


def test_printouts_are_built_without_the_command_line_parser():
    """A lesson calls the commands' printout functions; it never parses a command line."""
    from cli_helpers import python_c

    code = (
        "import sys\n"
        "from symtutor.lessons import catalog\n"
        "lesson = catalog.load('descent')\n"
        "worked = [item for item in lesson.items if isinstance(item, catalog.Worked)]\n"
        "assert worked[0].output('text')\n"
        "assert lesson.exercises[0].solution_text()\n"
        "print('symtutor.cli' in sys.modules)\n"
    )
    assert python_c(code).strip() == "False"


def test_a_solution_is_the_command_a_learner_could_type():
    from symtutor.lessons.printouts import question_call

    descent = next(lesson for lesson in LESSONS if lesson.id == "descent").exercise("second-step")
    call = question_call(descent)
    assert call.argv() == ["descend", "(w - 3)^2", "--start", "0", "--lr", "0.3", "--steps", "2", "--var", "w",
                           "--no-plot"]
    assert call.command_line() == "symtutor descend '(w - 3)^2' --start 0 --lr 0.3 --steps 2 --var w --no-plot"
    assert call.output("text") == descent.solution_text() + "\n"


def test_a_worked_example_that_the_command_refuses_is_a_value_error():
    from symtutor.lessons.printouts import Call

    with pytest.raises(ValueError, match="--steps must be a whole number"):
        Call("descend", ("(w-3)^2",), (("start", "0"), ("lr", "0.3"), ("steps", "many"))).output()
    with pytest.raises(ValueError, match="does not appear in"):
        Call("derive", ("x^2",), (("at", "y=1"),)).output()
