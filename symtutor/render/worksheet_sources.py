"""Where worksheet problems come from: lesson exercises and the practice generators.

Each source is turned into `SheetProblem`s: the prompt, the answer (textbook Unicode
and LaTeX), and the `symtutor` command whose printout is the worked solution. The
solution itself is rendered only when a part that shows it is written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only for annotations
    from symtutor.lessons.printouts import Call

#: Centimetres of room to write under a problem, by exercise kind (default 5).
ROOM_CM = {
    "derivative": 5.0, "partial": 5.0, "value": 4.5, "evaluate": 3.0, "gradient": 6.0,
    "descent": 6.0, "chain": 7.0, "inner": 3.0, "outer": 3.5, "expr": 3.0,
    "difference_quotient": 6.0,
}

_NUMBERS = re.compile(r"\[?[−-]?\d+(\.\d+)?(, [−-]?\d+(\.\d+)?)*\]?")


@dataclass(frozen=True, slots=True)
class SheetProblem:
    """One problem of a worksheet.

    Attributes:
        prompt: the question, as the learner reads it (Unicode).
        kind: the exercise kind (derivative, value, gradient, ...).
        answer: the right answer in textbook notation (``6(3x + 1)``, ``2.808``).
        answer_tex: the same as LaTeX math (no dollars).
        answer_key: one accepted answer in ASCII the checker reads back.
        source: where it comes from (``chain-rule/square-of-linear``, ``chain L2 #3``).
        call: the `symtutor` command whose printout works it out, or None.
        worked: a one-line solution for problems no command works out.
        room: centimetres of room to write under it.
    """

    prompt: str
    kind: str
    answer: str
    answer_tex: str
    answer_key: str
    source: str
    call: Call | None = None
    worked: str = ""
    room: float = 5.0


def from_question(question, source: str, room: float | None = None) -> SheetProblem:
    """A sheet problem from a lesson `Question` (an Exercise, or one made for a generator).

    Raises:
        ValueError: the answer cannot be computed (a broken lesson file).
    """
    display = question.answer_display()
    from symtutor.lessons.printouts import question_call

    call = question_call(question)
    worked = "" if call else _last_hint(question)
    return SheetProblem(
        prompt=question.prompt,
        kind=question.kind,
        answer=display,
        answer_tex=answer_tex(question.expected_value(), display),
        answer_key=question.answer_key(),
        source=source,
        call=call,
        worked=worked,
        room=ROOM_CM.get(question.kind, 5.0) if room is None else room,
    )


def _last_hint(question) -> str:
    """The hint ladder's last rung: the answer with the line of work that gives it."""
    ladder = getattr(question, "hint_ladder", None)
    return ladder()[-1] if ladder else f"The answer is {question.answer_display()}."


def answer_tex(value, display: str) -> str:
    """An answer as LaTeX math: numbers as the learner writes them, expressions typeset."""
    from symtutor.notation import mathfmt

    if _NUMBERS.fullmatch(display):
        text = display.replace("−", "-")
        return text.replace("[", r"\left[").replace("]", r"\right]")
    if isinstance(value, tuple):
        return r"\left[" + ", ".join(mathfmt.latex(v) for v in value) + r"\right]"
    return mathfmt.latex(value)


def from_lessons(lesson_ids: Sequence[str], lessons_dir: str | None = None,
                 room: float | None = None, seed: int = 0) -> tuple[str, list[SheetProblem]]:
    """(title, problems): every exercise of the lessons, in lesson order, the lessons'
    ``generate`` items drawn from `seed` (the exercises ``lesson run ID --seed S`` shows).

    Raises:
        symtutor.lessons.catalog.LessonError: no such lesson, or a broken file.
    """
    from symtutor.lessons import catalog

    lessons = [catalog.load(lesson_id, lessons_dir).draw(seed) for lesson_id in lesson_ids]
    problems = [from_question(ex, f"{lesson.id}/{ex.id}", room) for lesson in lessons for ex in lesson.exercises]
    return "; ".join(lesson.title for lesson in lessons), problems


def solution(problem: SheetProblem, fmt: str) -> str:
    """The worked solution in `fmt` ("text", "markdown" or "latex"): the command's printout.

    Raises:
        ValueError: the command failed (a problem no rule covers).
    """
    if problem.call is None:
        return ""
    return problem.call.output(fmt).rstrip("\n") + "\n"


def from_generators(skills: Sequence[str], count: int, seed: int, level: int | None = None,
                    room: float | None = None) -> tuple[str, list[SheetProblem]]:
    """(title, problems): `count` generated exercises cycling through `skills`, from `seed`.

    Each is made a lesson question by the practice bridge, so its answer, hints and
    worked solution come from the same code as a lesson's.

    Raises:
        InputError: an unknown skill or level (the message lists the skills).
    """
    from symtutor.errors import InputError
    from symtutor.practice import generators
    from symtutor.practice.bridge import exercise_id, lesson_exercise

    unknown = [s for s in skills if s not in generators.LEVELS]
    if unknown:
        raise InputError(f"--skill: no generator for {', '.join(unknown)} "
                         f"(skills: {', '.join(generators.SKILLS)})")
    if level is not None and not 1 <= level <= max(generators.LEVELS[s] for s in skills):
        raise InputError(f"--level: {level} is not a level of {', '.join(skills)}")
    exercises = generators.generate_set(list(skills), count, seed=seed, level=level)
    problems = [from_question(lesson_exercise(ex), exercise_id(ex), room) for ex in exercises]
    return "Practice: " + ", ".join(skills), problems
