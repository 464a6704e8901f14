"""What gets exported: questions with their answer key and likely mistakes.

An `ExportItem` is one question: a derivative to give as an expression, or its
value at a point (a number). Its mistakes are symtutor's mal-rule variants of the
derivative (`symtutor.answers.malrules`), each kept only when the checker itself
names that misconception for it, with the checker's feedback sentence: exactly
what ``symtutor check`` would tell a learner who gave that answer.

Sources: a lesson's ``derivative``, ``partial`` and ``value`` exercises, or problems
given on the command line. Other exercise kinds (descent, chain, gradient, ...) have
no single-expression answer an LMS question could hold; they are listed in
`Export.skipped` with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Mistakes kept per question (PRT nodes, or multiple-choice distractors).
MAX_MISTAKES = 6


@dataclass(frozen=True, slots=True)
class Mistake:
    """A likely wrong answer: its misconception label, expression, and our feedback."""

    label: str
    expr: Any
    feedback: str
    value: Any = None  # at the item's point, for value items


@dataclass(frozen=True, slots=True)
class ExportItem:
    """One question to export."""

    name: str
    prompt: str
    problem: str
    wrt: str
    kind: str  # "derivative" or "value"
    function: Any  # the SymPy expression differentiated
    expected: Any  # the derivative (an Expr)
    at: tuple[tuple[str, Any], ...] = ()  # value items: (variable, exact value)
    value: Any = None  # value items: the derivative at the point
    mistakes: tuple[Mistake, ...] = ()
    skills: tuple[str, ...] = ()

    def tag(self) -> str:
        """The tag `symtutor grade` reads back from an LMS report's question text."""
        if self.kind == "value":
            from symtutor.notation.mathfmt import plain

            return f"[symtutor: value of {plain(self.value)}]"
        return f"[symtutor: derivative of {self.problem} wrt {self.wrt}]"


@dataclass(slots=True)
class Export:
    """A titled set of items, and what could not be exported (name, reason)."""

    title: str
    items: list[ExportItem] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def make_item(name: str, problem: str, wrt: str | None = None, *, prompt: str | None = None,
              at: dict[str, str] | None = None, skills: tuple[str, ...] = ()) -> ExportItem:
    """An item for d(problem)/d(wrt), or its value at `at` when a point is given.

    Raises:
        InputError: the problem or the point cannot be read.
        NoRuleError: no rule differentiates the problem.
    """
    from symtutor.answers.checking import compile_problem
    from symtutor.notation.mathfmt import unicode
    from symtutor.read import parsing

    compiled = compile_problem(problem, wrt, kind="derivative")
    var = compiled.var
    point = parsing.parse_point([f"{k}={v}" for k, v in (at or {}).items()],
                                names=compiled.names) if at else {}
    kind = "value" if point else "derivative"
    value = compiled.expected.subs(point) if point else None
    mistakes = []
    for variant in compiled.variants:
        if len(mistakes) == MAX_MISTAKES:
            break
        verdict = compiled.judge_expr(variant.expr, echo=False)
        if verdict.misconception != variant.label:
            continue  # another mistake comes first in the checker's order: it would say that
        mistake = Mistake(variant.label, variant.expr, variant.detail)
        if point:
            wrong = variant.expr.subs(point)
            if not wrong.is_real or wrong == value or any(m.value == wrong for m in mistakes):
                continue
            mistake = Mistake(variant.label, variant.expr, variant.detail, wrong)
        mistakes.append(mistake)
    if prompt is None:
        prompt = f"Differentiate {unicode(compiled.expr)} with respect to {var.name}"
        prompt += (f", and give its value at {', '.join(f'{k} = {v}' for k, v in at.items())}."
                   if point else ".")
    return ExportItem(
        name=name, prompt=prompt, problem=problem, wrt=var.name, kind=kind,
        function=compiled.expr, expected=compiled.expected,
        at=tuple((str(k), v) for k, v in point.items()), value=value,
        mistakes=tuple(mistakes), skills=skills,
    )


def from_lesson(lesson_id: str, lessons: str | None = None) -> Export:
    """The exportable exercises of a lesson (see the module docstring for which)."""
    from symtutor.lessons import catalog

    lesson = catalog.load(lesson_id, lessons)
    export = Export(title=lesson.title)
    for exercise in lesson.exercises:
        name = f"{lesson.id}-{exercise.id}"
        if exercise.kind not in ("derivative", "partial", "value"):
            export.skipped.append((name, f"{exercise.kind} exercises have no single answer to export"))
            continue
        wrt = exercise.variables[0] if exercise.variables else None
        at = dict(exercise.at) if exercise.kind == "value" else None
        export.items.append(make_item(name, exercise.problem, wrt, prompt=exercise.prompt,
                                      at=at, skills=exercise.skills))
    return export


def from_problems(problems: list[str], wrt: str | None = None, at: dict[str, str] | None = None,
                  title: str = "symtutor questions") -> Export:
    """One item per problem (its derivative, or its value at `at`)."""
    export = Export(title=title)
    for number, problem in enumerate(problems, 1):
        export.items.append(make_item(f"q{number:02d}", problem, wrt, at=at))
    return export


def from_generated(skills: list[str], count: int, *, seed: int, level: int | None = None) -> Export:
    """A generated practice set (`symtutor.practice.generators`): its derivative and
    value exercises (other kinds are listed as skipped).

    Raises:
        InputError: an unknown skill or level.
    """
    from symtutor.errors import InputError

    try:
        from symtutor.practice.generators import generate_set
    except ImportError:  # the generators are not part of this build
        raise InputError("export --skills: this symtutor has no exercise generators") from None
    try:
        exercises = generate_set(skills, count, seed=seed, level=level)
    except ValueError as exc:
        raise InputError(f"--skills: {exc}") from None
    export = Export(title=f"symtutor practice: {', '.join(skills)} (seed {seed})")
    for number, exercise in enumerate(exercises, 1):
        name = f"{exercise.skill}-{number:02d}-seed{exercise.seed}"
        if exercise.kind == "derivative":
            export.items.append(make_item(name, exercise.problem, exercise.wrt, prompt=exercise.prompt,
                                          skills=(exercise.skill,)))
        elif exercise.kind == "value" and exercise.steps_expr and exercise.at and not exercise.lr:
            export.items.append(make_item(name, exercise.steps_expr, exercise.wrt, prompt=exercise.prompt,
                                          at=dict(exercise.at), skills=(exercise.skill,)))
        else:
            export.skipped.append((name, f"{exercise.kind} exercises ({exercise.skill}) have no "
                                         "single derivative to export"))
    return export
