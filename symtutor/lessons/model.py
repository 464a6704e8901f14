"""Lessons as data: what a lesson file holds, once loaded (frozen dataclasses).

The file format itself is defined in `symtutor.lessons.schema` (and described from
there in lessons/README.md); `symtutor.lessons.catalog` reads files into these
classes with `tomllib` alone. Loading a lesson never imports SymPy, so the runner
shows the title and the intro at once. The methods that need the engine hand over to
the modules that hold that work, imported on first use (the first screen needs none
of them), which import SymPy in turn:

- `symtutor.lessons.answers`: answer keys, and judging an answer;
- `symtutor.lessons.hints`: the hint ladder;
- `symtutor.lessons.printouts`: worked examples and worked solutions, as the commands
  print them;
- `symtutor.lessons.validation`: what `symtutor lesson validate` checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from symtutor.lessons.schema import COMPUTED_KINDS, KINDS, WORKED_COMMANDS

if TYPE_CHECKING:  # only for annotations: importing the checker loads SymPy
    from symtutor.answers.checking import Verdict

__all__ = [
    "COMPUTED_KINDS", "KINDS", "WORKED_COMMANDS", "Exercise", "Generate", "GuidedStep", "Item", "Lesson",
    "Mistake", "Planned", "Question", "Text", "Worked", "as_text", "question_problems", "worked_problems",
]


@dataclass(frozen=True, slots=True)
class Mistake:
    """An answer learners typically give, and what to tell them when they do."""

    answer: str
    feedback: str
    misconception: str | None = None


@dataclass(frozen=True, slots=True)
class Question:
    """What is asked and how it is checked; shared by exercises and guided steps.

    Attributes:
        prompt: the question as the learner reads it.
        kind: one of `KINDS`.
        problem: the expression (a list of definitions for ``chain``), as written.
        wrt: the variable, or variables comma-separated (``gradient``), or None.
        at: the point, variable name -> value text, in the file's order.
        expected: the author's answer, when given (verified for computed kinds).
        lr: the learning rate (``descent``).
        steps: the number of updates (``descent``).
        path: the lesson file.
        line: the line of this question's table in the file (1-based; 0 if unknown).
    """

    prompt: str
    kind: str
    problem: str | tuple[str, ...] | None = None
    wrt: str | None = None
    at: dict[str, str] = field(default_factory=dict)
    expected: str | None = None
    lr: str | None = None
    steps: int | None = None
    path: Path | None = None
    line: int = 0

    @property
    def variables(self) -> tuple[str, ...]:
        """The names in `wrt`, split on commas (empty when `wrt` is None)."""
        if not self.wrt:
            return ()
        return tuple(name.strip() for name in self.wrt.split(",") if name.strip())

    def judge(self, answer: str) -> Verdict:
        """The checker's verdict on `answer` (imports the checker on first use).

        Raises:
            symtutor.errors.InputError: `answer` is not readable mathematics.
        """
        from symtutor.lessons import answers

        return answers.judge(self, answer)

    def expected_value(self):
        """The right answer as a SymPy object (an Expr, or a tuple for vectors)."""
        from symtutor.lessons import answers

        return answers.expected(self)

    def answer_key(self) -> str:
        """One accepted answer, as plain ASCII the checker reads back (e.g. ``6*(3*x + 1)``)."""
        from symtutor.lessons import answers

        return answers.answer_key(self)

    def answer_display(self) -> str:
        """The right answer in textbook notation (``6(3x + 1)``, ``2.808``, ``[7, 8]``)."""
        from symtutor.lessons import answers

        return answers.answer_display(self)

    def argv(self) -> list[str] | None:
        """The `symtutor` command line that works this question out, if one does."""
        from symtutor.lessons import printouts

        call = printouts.question_call(self)
        return None if call is None else call.argv()

    def solution_text(self) -> str:
        """The full worked solution as plain text (the command's printout when there is one)."""
        from symtutor.lessons import printouts

        return printouts.solution_text(self)


@dataclass(frozen=True, slots=True)
class GuidedStep(Question):
    """One scaffolding step of a guided exercise (inner function, its derivative, ...)."""


@dataclass(frozen=True, slots=True)
class Exercise(Question):
    """A practice question with its hints, expected mistakes and guided steps.

    Attributes:
        id: unique within the lesson; progress is stored under (lesson id, id).
        lesson: the id of the lesson holding it.
        skills: the skills it practises (for per-skill progress).
        hints: authored hints, most general first (the ladder fills in the rest).
        mistakes: typical wrong answers with custom feedback.
        guided: scaffolding steps, offered after a wrong answer or on request.
    """

    id: str = ""
    lesson: str = ""
    skills: tuple[str, ...] = ()
    hints: tuple[str, ...] = ()
    mistakes: tuple[Mistake, ...] = ()
    guided: tuple[GuidedStep, ...] = ()

    def judge(self, answer: str) -> Verdict:
        """The checker's verdict; a listed mistake the answer matches supplies the feedback.

        Raises:
            symtutor.errors.InputError: `answer` is not readable mathematics.
        """
        from symtutor.lessons import answers

        return answers.judge_exercise(self, answer)

    def hint_ladder(self) -> list[str]:
        """Three hints: a pointer to the rule, the rule applied here, then the worked answer.

        The last one gives the answer away: a runner should count the exercise as not solved.
        """
        from symtutor.lessons import hints

        return hints.hint_ladder(self)


@dataclass(frozen=True, slots=True)
class Text:
    """An explanation, Markdown-ish (paragraphs, `code`, **bold**, - bullets)."""

    body: str
    line: int = 0


@dataclass(frozen=True, slots=True)
class Worked:
    """A worked example: a `symtutor` command run at lesson time, with text around it.

    Attributes:
        title: a heading for the example.
        command: one of `WORKED_COMMANDS`.
        expr: the expression (for ``chain``: the definitions, output first).
        wrt: the variable, if needed.
        at: the point, name -> value text.
        body: text shown before the printout.
        args: extra options (``descend``: start, lr, steps), name -> text.
        after: text shown after the printout.
    """

    title: str
    command: str
    expr: str | tuple[str, ...]
    wrt: str | None = None
    at: dict[str, str] = field(default_factory=dict)
    body: str = ""
    args: dict[str, str] = field(default_factory=dict)
    after: str = ""
    path: Path | None = None
    line: int = 0

    def argv(self) -> list[str]:
        """The command line, without the program name: ``["derive", "(3x+1)^2", "--at", "x=1"]``."""
        from symtutor.lessons import printouts

        return printouts.worked_call(self).argv()

    def command_line(self) -> str:
        """The command as a learner would type it, to try it themselves."""
        from symtutor.lessons import printouts

        return printouts.worked_call(self).command_line()

    def output(self, fmt: str = "text") -> str:
        """The command's printout in `fmt` (text, markdown, json, ...), computed now.

        Raises:
            ValueError: the command failed (its one-line message).
        """
        from symtutor.lessons import printouts

        return printouts.worked_call(self).output(fmt)


@dataclass(frozen=True, slots=True)
class Generate:
    """`count` exercises drawn from the generator of `skill` at `level` (a ``generate`` item).

    The ids are known without drawing (``gen-chain-2-1``, ``gen-chain-2-2``; `first` numbers
    on across items of one skill and level), so progress, `lesson list` and resuming need
    no SymPy; `Lesson.draw` replaces the item by the drawn exercises.
    """

    skill: str
    level: int = 1
    count: int = 1
    lesson: str = ""
    first: int = 1
    path: Path | None = None
    line: int = 0

    @property
    def ids(self) -> tuple[str, ...]:
        """The drawn exercises' ids, in order."""
        return tuple(f"gen-{self.skill}-{self.level}-{n}" for n in range(self.first, self.first + self.count))

    @property
    def skills(self) -> tuple[str, ...]:
        return (self.skill,)

    def draw(self, seed: int) -> tuple[Exercise, ...]:
        """The exercises the lesson seed `seed` gives (imports the generators and SymPy)."""
        from symtutor.lessons import drawing

        return drawing.draw_item(self, seed)


@dataclass(frozen=True, slots=True)
class Planned:
    """An exercise of a lesson as progress sees it, drawn or not: its id and skills."""

    id: str
    skills: tuple[str, ...]


Item = Text | Worked | Exercise | Generate


@dataclass(frozen=True, slots=True)
class Lesson:
    """One lesson file, loaded.

    Attributes:
        id: the lesson's id (``limits``, ``chain-rule``, ...).
        title: its title.
        intro: a short introduction, shown first.
        order: position in the list of lessons.
        items: texts, worked examples and exercises, in reading order.
        path: the file it was read from.
        skills: skills the lesson practises.
    """

    id: str
    title: str
    intro: str
    order: int
    items: tuple[Item, ...]
    path: Path | None = None
    skills: tuple[str, ...] = ()

    @property
    def exercises(self) -> tuple[Exercise, ...]:
        """The exercises, in order (before `draw`: the authored ones only)."""
        return tuple(item for item in self.items if isinstance(item, Exercise))

    @property
    def generated(self) -> tuple[Generate, ...]:
        """The ``generate`` items not drawn yet."""
        return tuple(item for item in self.items if isinstance(item, Generate))

    @property
    def plan(self) -> tuple[Exercise | Planned, ...]:
        """Every exercise, drawn or not, in order: what progress and `lesson list` count."""
        out: list[Exercise | Planned] = []
        for item in self.items:
            if isinstance(item, Exercise):
                out.append(item)
            elif isinstance(item, Generate):
                out += [Planned(exercise_id, item.skills) for exercise_id in item.ids]
            elif isinstance(item, Planned):
                out.append(item)
        return tuple(out)

    def placeheld(self) -> Lesson:
        """The lesson with each ``generate`` item replaced by a `Planned` per exercise: the
        items as they will be once drawn (same positions), without drawing (no SymPy)."""
        if not self.generated:
            return self
        import dataclasses

        items: list[Item | Planned] = []
        for item in self.items:
            items += [Planned(i, item.skills) for i in item.ids] if isinstance(item, Generate) else [item]
        return dataclasses.replace(self, items=tuple(items))

    def draw(self, seed: int) -> Lesson:
        """The lesson with every ``generate`` item replaced by its exercises drawn from `seed`.

        The same seed gives the same exercises (a learner resuming sees the ones they left).
        """
        if not self.generated:
            return self
        import dataclasses

        items: list[Item] = []
        for item in self.items:
            items += item.draw(seed) if isinstance(item, Generate) else [item]
        return dataclasses.replace(self, items=tuple(items))

    def exercise(self, exercise_id: str) -> Exercise:
        """The exercise with this id (KeyError if there is none)."""
        for item in self.exercises:
            if item.id == exercise_id:
                return item
        raise KeyError(exercise_id)


def as_text(value: Any) -> str:
    """A TOML scalar as the text the parser reads: 0.3 -> "0.3", 3 -> "3"."""
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    return value if isinstance(value, str) else repr(value)


def __getattr__(name: str):
    # The answer-key checks moved to `symtutor.lessons.validation`; imported lazily here
    # (validation imports this module) for code that still finds them in the model.
    if name in ("question_problems", "worked_problems"):
        from symtutor.lessons import validation

        return getattr(validation, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
