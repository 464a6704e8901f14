"""Generated exercises as lesson questions, for the lessons' hints and worked solutions.

A practice exercise is turned into a `symtutor.lessons.model.Exercise` (its public
constructor) so that practice reuses, rather than re-implements, the lesson hint
ladder (rule pointer, the rule applied, then the bottom-out answer) and the worked
solution printed by the matching command (derive, first-principles, gradient,
descend, chain). Judging stays with the generated exercise's own problem and kind.
"""

from __future__ import annotations

import re

from symtutor.practice.generators import Exercise

#: Backward fading puts this where the hidden steps of a worked solution were.
YOUR_TURN = "… your turn: finish from here."

_STEP = re.compile(r"^\s*\d+(\.\d+)*\s\s")


def lesson_exercise(ex: Exercise, *, lesson: str = "practice", exercise_id: str | None = None):
    """`ex` as a `symtutor.lessons.model.Exercise` of `lesson` (id default ``skill/level/seed``)."""
    from symtutor.lessons.model import Exercise as LessonExercise

    common = {"prompt": ex.prompt, "id": exercise_id or _id(ex), "lesson": lesson, "skills": (ex.skill,)}
    at = dict(ex.at)
    if ex.skill == "limit-definition":
        return LessonExercise(kind="difference_quotient", problem=ex.steps_expr, **common)
    if ex.kind == "vector":
        names = ", ".join(at)
        return LessonExercise(kind="gradient", problem=ex.steps_expr, wrt=names, at=at, **common)
    if ex.skill == "descent":
        return LessonExercise(kind="descent", problem=ex.steps_expr, at=at, lr=ex.lr, steps=1, **common)
    if ex.skill == "backprop" and ex.wrt == "w":
        # Only the numbers the definitions use (∂ŷ/∂w has no y).
        used = " ".join(d.split("=", 1)[1] for d in ex.definitions)
        point = {k: v for k, v in at.items() if k != "yhat" and re.search(rf"\b{k}\b", used)}
        return LessonExercise(kind="chain", problem=ex.definitions, wrt="w", at=point, **common)
    if ex.kind == "value":
        return LessonExercise(kind="value", problem=ex.steps_expr, wrt=ex.wrt, at={ex.wrt: at[ex.wrt]}, **common)
    kind = "partial" if ", " in ex.prompt.split("=")[0] else "derivative"
    return LessonExercise(kind=kind, problem=ex.problem, wrt=ex.wrt, **common)


def exercise_id(ex: Exercise) -> str:
    """How a generated exercise is stored in the progress tables: ``chain/2/81723``."""
    return f"{ex.skill}/{ex.level}/{ex.seed}"


_id = exercise_id  # lesson_exercise's keyword of the same name hides the function


def parse_id(text: str) -> tuple[str, int, int] | None:
    """(skill, level, seed) from an `exercise_id`, or None when it is not one."""
    parts = text.split("/")
    if len(parts) != 3 or not parts[1].isdigit() or not parts[2].isdigit():
        return None
    return parts[0], int(parts[1]), int(parts[2])


def faded(printout: str, hidden: int) -> tuple[str, int] | None:
    """The worked solution with its last steps replaced by `YOUR_TURN`, and how many went.

    A step is a numbered block of the derivation printout (``1.2  Power rule: …`` and
    the lines under it). The printout is cut before the first hidden step, so everything
    after it goes too: the results that combine the steps and the answer. At most all
    but the first step is hidden (an empty worked solution shows nothing), so `hidden`
    may come back smaller than asked; None when the solution has a single step.
    """
    lines = printout.rstrip("\n").split("\n")
    starts = [i for i, line in enumerate(lines) if _STEP.match(line)]
    hidden = min(hidden, len(starts) - 1)
    if hidden < 1:
        return None
    cut = starts[len(starts) - hidden]
    return "\n".join(lines[:cut] + ["", YOUR_TURN]), hidden
