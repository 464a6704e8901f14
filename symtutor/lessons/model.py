"""Lessons as data: what a lesson file holds, read with `tomllib` alone.

Loading a lesson never imports SymPy, so the runner can show the title and the
intro at once. Judging answers, answer keys, hints and solutions import the
checker and the engine lazily, on first use (the private functions at the end).

A lesson file is TOML::

    [lesson]
    id = "chain-rule"                 # letters, digits and dashes; unique in the folder
    title = "The chain rule"
    order = 3                         # lessons are listed by order, then id
    intro = "One or two sentences shown before anything else."
    skills = ["chain"]                # optional; skills the lesson practises

    [[items]]                         # an explanation
    type = "text"
    body = '''Markdown-ish text: paragraphs, `code`, **bold**, - bullets.'''

    [[items]]                         # a worked example: the result is computed by
    type = "worked"                   # the command at run time, never typed in here
    title = "Differentiating (3x+1)²"
    command = "derive"                # derive | first-principles | gradient | descend | chain
    expr = "(3x+1)^2"                 # for chain: a list of definitions, output first
    wrt = "x"                         # optional
    at = { x = 1 }                    # optional point
    args = { start = 0, lr = 0.3, steps = 4 }   # descend only: start, lr, steps
    body = "Text shown before the printout."
    after = "Optional text shown after it."

    [[items]]                         # an exercise
    type = "exercise"
    id = "chain-square"               # unique in the lesson
    prompt = "Differentiate (3x+1)² with respect to x."
    kind = "derivative"               # see KINDS below
    problem = "(3x+1)^2"
    wrt = "x"
    at = { x = 1 }                    # value, evaluate, gradient, descent, chain
    expected = "24"                   # optional for computed kinds: then it is verified
    skills = ["chain"]
    hints = ["pointer to the rule", "the rule applied to this case"]   # optional
    mistakes = [ { answer = "2(3x+1)", feedback = "...",               # optional; the label
                   misconception = "chain_rule_inner_missing" } ]      # is optional too
    [[items.guided]]                  # optional scaffolding steps, in order
    prompt = "What is the inner function g(x)?"
    kind = "inner"
    expected = "3x+1"

Exercise kinds (what the learner's answer is):

- ``derivative``: d(problem)/d(wrt), an expression (``wrt`` optional for one variable).
- ``partial``: the same with ``wrt`` required, for functions of several variables.
- ``value``: the derivative d(problem)/d(wrt) at the point ``at``, a number.
- ``evaluate``: the problem itself at the point ``at``, a number.
- ``gradient``: the vector of partials in the order of ``wrt`` (a list, or all the
  variables sorted), at ``at`` when given: ``[7, 8]``.
- ``descent``: w after ``steps`` updates w ← w − lr·L'(w) of the loss ``problem``,
  starting from ``at`` (one variable: a number; several: a vector).
- ``chain``: ``problem`` is a list of definitions ``"L = (yhat - y)^2"``, output first;
  the answer is dL/d(wrt) through all of them, at ``at`` when given.
- ``inner``: the inner function of a composition in ``problem``; ``expected`` is
  required and must be an inner function the engine uses in its derivation.
- ``outer``: the outer derivative f'(g(x)) of a composition; ``expected`` is required and
  must equal an outer derivative in the engine's derivation.
- ``expr``: ``expected`` is the answer, an expression (checked for parsing only).
- ``difference_quotient``: (f(x+h) − f(x))/h for f = ``problem``, simplified so that h
  can be set to 0 (for x²: 2x + h).

Guided steps take the same fields as an exercise's question (prompt, kind, problem,
wrt, at, expected, lr, steps); problem, wrt and at default to the exercise's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # only for annotations: importing the checker loads SymPy
    from symtutor.answers.checking import Verdict

#: Exercise kinds and what each one needs besides `prompt`.
KINDS: dict[str, tuple[str, ...]] = {
    "derivative": ("problem",),
    "partial": ("problem", "wrt"),
    "value": ("problem", "at"),
    "evaluate": ("problem", "at"),
    "gradient": ("problem",),
    "descent": ("problem", "at", "lr", "steps"),
    "chain": ("problem", "wrt"),
    "inner": ("problem", "expected"),
    "outer": ("problem", "expected"),
    "expr": ("expected",),
    "difference_quotient": ("problem",),
}

#: Kinds whose answer the engine computes (an `expected` there is verified against it).
COMPUTED_KINDS = frozenset(
    {"derivative", "partial", "value", "evaluate", "gradient", "descent", "chain", "difference_quotient"}
)

#: Commands a worked example may use (the `symtutor` subcommands that print a derivation).
WORKED_COMMANDS = ("derive", "first-principles", "gradient", "descend", "chain")


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
        return _judge(self, answer)

    def expected_value(self):
        """The right answer as a SymPy object (an Expr, or a tuple for vectors)."""
        return _expected(self)

    def answer_key(self) -> str:
        """One accepted answer, as plain ASCII the checker reads back (e.g. ``6*(3*x + 1)``)."""
        return _answer_key(self)

    def answer_display(self) -> str:
        """The right answer in textbook notation (``6(3x + 1)``, ``2.808``, ``[7, 8]``)."""
        return _answer_display(self)

    def argv(self) -> list[str] | None:
        """The `symtutor` command line that works this question out, if one does."""
        return _question_argv(self)

    def solution_text(self) -> str:
        """The full worked solution as plain text (the command's printout when there is one)."""
        return _solution_text(self)


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
        return _judge_exercise(self, answer)

    def hint_ladder(self) -> list[str]:
        """Three hints: a pointer to the rule, the rule applied here, then the worked answer.

        The last one gives the answer away: a runner should count the exercise as not solved.
        """
        return _hint_ladder(self)


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
        return _worked_argv(self)

    def command_line(self) -> str:
        """The command as a learner would type it, to try it themselves."""
        import shlex

        return "symtutor " + " ".join(shlex.quote(part) for part in self.argv())

    def output(self, fmt: str = "text") -> str:
        """The command's printout in `fmt` (text, markdown, json, ...), computed now.

        Raises:
            ValueError: the command failed (its one-line message).
        """
        return _run_command(self.argv(), fmt)


Item = Text | Worked | Exercise


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
        """The exercises, in order."""
        return tuple(item for item in self.items if isinstance(item, Exercise))

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


# ---------------------------------------------------------------------------
# Answers, hints and solutions. Everything below imports SymPy, the engine and
# the checker lazily, so that loading a lesson stays instant.
# ---------------------------------------------------------------------------

#: Exercise kind -> the checker's kind for comparing a final answer.
_VALUE_KINDS = frozenset({"value", "evaluate", "descent"})


def _answer_kind(question: Question) -> str:
    """How the final answer is compared: "expr", "value" or "vector"."""
    kind = question.kind
    if kind == "gradient":
        return "vector"
    if kind == "descent":
        return "vector" if len(question.at) > 1 else "value"
    if kind in _VALUE_KINDS or (kind == "chain" and question.at):
        return "value"
    return "expr"


def _names(question: Question) -> tuple[str, ...]:
    """Multi-letter names the parser must keep whole (yhat, w1, eta, ...)."""
    names = list(question.variables) + list(question.at)
    if isinstance(question.problem, tuple):
        names += [definition.split("=", 1)[0].strip() for definition in question.problem]
    return tuple(dict.fromkeys(name for name in names if name))


def _parse(text: str, names: tuple[str, ...]):
    from symtutor.read import parsing

    return parsing.parse(text, names=names)


def _point(question: Question) -> dict:
    from symtutor.read import parsing

    return {
        parsing.parse_symbol(name): parsing.parse_number(value) if _is_number(value) else _parse(value, ())
        for name, value in question.at.items()
    }


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"\s*[-+]?(\d+\.?\d*|\.\d+)(/\d+)?\s*", text))


def _derivative(question: Question, expr, variable):
    from symtutor.derivation import engine

    return engine.derive(expr, variable).result


def _one_variable(question: Question, expr):
    """The variable to differentiate by: `wrt`, or the only free symbol of `expr`."""
    from symtutor.read import parsing
    from symtutor.errors import InputError

    if question.variables:
        return parsing.parse_symbol(question.variables[0])
    free = sorted(expr.free_symbols, key=str)
    if len(free) == 1:
        return free[0]
    if len(question.at) == 1:
        return parsing.parse_symbol(next(iter(question.at)))
    raise InputError(f"{question.problem}: say which variable ('wrt'); it has {', '.join(map(str, free))}")


def _evaluate(expr, point):
    """`expr` at `point`, exact when it can be (sigmoid(0) -> 1/2)."""
    value = expr.subs(point) if point else expr
    if not value.free_symbols:
        value = value.doit()
    return value


def _compose(question: Question):
    """The output of a chain of definitions as one expression of the parameters."""
    from symtutor.read import parsing

    names = _names(question)
    definitions = [parsing.parse_definition(text, names=names) for text in question.problem]
    output = definitions[0][1]
    table = dict(definitions[1:])
    for _ in range(len(definitions)):
        substituted = output.subs(table)
        if substituted == output:
            break
        output = substituted
    return output


def _cache_key(question: Question) -> tuple:
    return (question.kind, question.problem, question.wrt, tuple(question.at.items()),
            question.expected, question.lr, question.steps)


#: Answers computed so far, by `_cache_key`: a lesson asks for the same key many times.
_EXPECTED: dict[tuple, Any] = {}


def _difference_quotient(question: Question, expr):
    """(f(x+h) - f(x))/h with h cancelled where it can be: x² -> 2x + h."""
    from sympy import Symbol, cancel, expand

    x = _one_variable(question, expr)
    h = Symbol("h")
    return expand(cancel(expand(expr.subs(x, x + h) - expr) / h))


def _expected(question: Question):
    key = _cache_key(question)
    if key not in _EXPECTED:
        if len(_EXPECTED) > 1024:
            _EXPECTED.clear()
        _EXPECTED[key] = _compute_expected(question)
    return _EXPECTED[key]


def _compute_expected(question: Question):
    from symtutor.read import parsing

    kind = question.kind
    names = _names(question)
    point = _point(question)
    if kind in ("inner", "outer", "expr"):
        return parsing.parse_answer(question.expected, names=names)
    if kind == "chain":
        expr = _compose(question)
        variable = parsing.parse_symbol(question.variables[0])
        return _evaluate(_derivative(question, expr, variable), point)
    expr = _parse(question.problem, names)
    if kind in ("derivative", "partial"):
        return _derivative(question, expr, _one_variable(question, expr))
    if kind == "value":
        return _evaluate(_derivative(question, expr, _one_variable(question, expr)), point)
    if kind == "evaluate":
        return _evaluate(expr, point)
    if kind == "gradient":
        variables = (
            [parsing.parse_symbol(name) for name in question.variables]
            if question.variables
            else sorted(expr.free_symbols, key=str)
        )
        return tuple(_evaluate(_derivative(question, expr, v), point) for v in variables)
    if kind == "descent":
        return _descend(question, expr, point)
    if kind == "difference_quotient":
        return _difference_quotient(question, expr)
    raise ValueError(f"unknown kind {kind!r}")


def _descend(question: Question, loss, start: dict):
    """The weights after `steps` updates w <- w - lr * dL/dw (all weights at once)."""
    from symtutor.read import parsing

    lr = parsing.parse_number(question.lr)
    variables = list(start)
    grads = [_derivative(question, loss, v) for v in variables]
    current = dict(start)
    for _ in range(question.steps or 1):
        slopes = [g.subs(current) for g in grads]
        current = {v: current[v] - lr * slope for v, slope in zip(variables, slopes)}
    values = tuple(current[v] for v in variables)
    return values[0] if len(values) == 1 else values


def _number_text(value) -> str | None:
    """An exact rational as a terminating decimal ("2.808"), or None when it has none."""
    from sympy import Rational

    if not isinstance(value, Rational):
        return None
    p, q = int(value.p), int(value.q)
    if q == 1:
        return str(p)
    rest = q
    for factor in (2, 5):
        while rest % factor == 0:
            rest //= factor
    if rest != 1:
        return None
    digits = 0
    while (10**digits) % q:
        digits += 1
    sign = "-" if p < 0 else ""
    whole, frac = divmod(abs(p) * 10**digits // q, 10**digits)
    return f"{sign}{whole}.{str(frac).rjust(digits, '0')}"


def _format(value, style: str) -> str:
    from symtutor.notation import mathfmt

    if isinstance(value, tuple):
        return "[" + ", ".join(_format(v, style) for v in value) + "]"
    decimal = _number_text(value)
    if decimal is not None:
        return decimal if style == "plain" else decimal.replace("-", "−")
    return mathfmt.plain(value) if style == "plain" else mathfmt.unicode(value)


def _answer_key(question: Question) -> str:
    if question.kind == "expr":
        return question.expected
    return _format(_expected(question), "plain")


def _answer_display(question: Question) -> str:
    return _format(_expected(question), "unicode")


def _check(problem: str, answer: str, wrt: str | None, kind: str):
    from symtutor.answers import checking

    return checking.check(problem, answer, wrt, kind=kind)


def _judge(question: Question, answer: str):
    if question.kind in ("derivative", "partial"):
        wrt = question.variables[0] if question.variables else None
        return _check(question.problem, answer, wrt, "derivative")
    return _check(_answer_key(question), answer, None, _answer_kind(question))


def _judge_exercise(exercise: Exercise, answer: str):
    import dataclasses

    verdict = _judge(exercise, answer)
    if verdict.correct or not exercise.mistakes:
        return verdict
    mistake = _matching_mistake(exercise, answer)
    if mistake is None:
        return verdict
    changes = {"feedback": mistake.feedback}
    if mistake.misconception:
        changes["misconception"] = mistake.misconception
    return dataclasses.replace(verdict, **changes)


def _matching_mistake(exercise: Exercise, answer: str) -> Mistake | None:
    """The listed mistake `answer` is equivalent to, if any."""
    from symtutor.errors import InputError

    kind = _answer_kind(exercise)
    for mistake in exercise.mistakes:
        try:
            if _check(mistake.answer, answer, None, kind).correct:
                return mistake
        except InputError:
            continue
    return None


def _derivation(question: Question):
    from symtutor.derivation import engine

    expr = _parse(question.problem, _names(question))
    return engine.derive(expr, _one_variable(question, expr))


def _rule_pointer(step) -> str:
    """"Power rule: d/dx xⁿ = n·xⁿ⁻¹" for a step, as far as the engine's tables know it."""
    from symtutor.derivation import formulas

    title = formulas.RULE_TITLES.get(step.rule, step.rule.replace("_", " ").capitalize())
    formula = formulas.FORMULAS.get((step.rule, step.case)) or formulas.FORMULAS.get((step.rule, ""))
    return f"{title}: {formula.text}" if formula else title


def _operand(expr) -> str:
    """`expr` in textbook notation, in brackets when it is a sum (d/dx (x² + 1), not d/dx x² + 1)."""
    from symtutor.notation import mathfmt

    text = mathfmt.unicode(expr)
    return f"({text})" if expr.is_Add else text


def _d(variable, expr) -> str:
    """d/dx, or ∂/∂x when `expr` has other variables."""
    from symtutor.notation import mathfmt

    d = "∂" if len(expr.free_symbols - {variable}) > 0 else "d"
    return f"{d}/{d}{mathfmt.unicode(variable)}"


def _point_text(question: Question) -> str:
    """The point in textbook notation: "ŷ = 0.5, y = 1", "b = −1"."""
    from symtutor.read import parsing
    from symtutor.notation import mathfmt

    return ", ".join(
        f"{mathfmt.unicode(parsing.parse_symbol(name))} = {value.replace('-', '−')}"
        for name, value in question.at.items()
    )


def _power_case(step) -> str | None:
    """For a power-rule step on xⁿ: what n is and what becomes of it."""
    from sympy import Pow

    expr = step.expr
    if step.rule != "power" or not isinstance(expr, Pow) or not expr.exp.is_Rational:
        return None
    n = expr.exp
    lowered = n - 1
    shown = str(n).replace("-", "−")
    return f"Here n = {shown}: {shown} comes down in front, and the exponent becomes {str(lowered).replace('-', '−')}."


def _generated_hints(question: Question) -> list[str]:
    """Level 1 (which rule) and level 2 (the rule applied here), computed from the engine."""
    from symtutor.notation import mathfmt

    kind = question.kind
    if kind in ("derivative", "partial", "value", "inner", "outer"):
        derivation = _derivation(question)
        root = derivation.steps
        var = mathfmt.unicode(derivation.variable)
        first = f"Look at the outermost operation. {_rule_pointer(root)}."
        multi = bool(derivation.expr.free_symbols - {derivation.variable})
        if multi:
            first = f"Treat every variable except {var} as a constant. " + first
        # The engine's own sentence for the step; kept lower-case because it may start with a variable.
        second = root.explain(mathfmt.unicode).strip() or f"apply it to {_operand(derivation.expr)}"
        if not second.endswith("."):
            second += "."
        first_word = second.split(" ", 1)[0]
        if first_word.isalpha() and first_word.islower() and (len(first_word) > 1 or first_word == "a"):
            second = second[0].upper() + second[1:]
        power = _power_case(root)
        if power:
            second = f"{second} {power}"
        elif root.substeps:
            parts = "; ".join(
                f"{_d(sub.variable, derivation.expr if sub.variable == derivation.variable else sub.expr)} "
                f"{_operand(sub.expr)} = {mathfmt.unicode(sub.result)}"
                for sub in root.substeps[:4]
            )
            second = f"{second} Here: {parts}."
        if kind == "value":
            second = (
                f"The derivative is {mathfmt.unicode(derivation.result)}; now put in {_point_text(question)}."
            )
        return [first, second]
    if kind == "difference_quotient":
        from sympy import Symbol, expand

        expr = _parse(question.problem, _names(question))
        x = _one_variable(question, expr)
        shifted = expand(expr.subs(x, x + Symbol("h")))
        return [
            "Write f(x + h), subtract f(x), and divide by h. Every term without an h cancels in the subtraction.",
            f"Here f(x + h) = {mathfmt.unicode(shifted)}. Subtract {mathfmt.unicode(expr)}, "
            "then divide each remaining term by h.",
        ]
    if kind == "evaluate":
        point = _point_text(question)
        shown = mathfmt.unicode(_parse(question.problem, _names(question)))
        return [
            f"No derivative needed: put {point} into {shown}.",
            "Replace each letter by its number, then do the arithmetic: inside brackets first, "
            "then powers, products and sums.",
        ]
    if kind == "gradient":
        value = _expected(question)
        names = question.variables or tuple(sorted(str(s) for s in _parse(question.problem, _names(question)).free_symbols))
        partials = ", ".join(f"∂f/∂{n}" for n in names)
        return [
            f"The gradient lists the partial derivatives in order: [{partials}]. For each one, hold the other variables constant.",
            f"Work each partial derivative on its own, then {'put in the point' if question.at else 'collect them in a vector'}."
            + ("" if question.at else f" The first one is {mathfmt.unicode(value[0])}."),
        ]
    if kind == "descent":
        expr = _parse(question.problem, _names(question))
        start = _point(question)
        variables = list(start)
        grad = _derivative(question, expr, variables[0])
        w = mathfmt.unicode(variables[0])
        return [
            f"One update is {w} ← {w} − η·L'({w}) with η = {question.lr}: find L'({w}) first, then step against it.",
            f"Here L'({w}) = {mathfmt.unicode(grad)}. Repeat the update {question.steps} time(s), "
            f"each time from the {w} you just computed.",
        ]
    if kind == "chain":
        names = [d.split("=", 1)[0].strip() for d in question.problem]
        path = " · ".join(f"∂{a}/∂{b}" for a, b in zip(names, names[1:] + [question.variables[0]]))
        return [
            f"Backpropagation is the chain rule: multiply the local derivatives along the path, {path}.",
            "Find each local derivative on its own (one definition at a time), "
            + ("put in the numbers, " if question.at else "")
            + "then multiply them.",
        ]
    return ["Compare with the worked example above.", "Write the expression the question describes."]


def _hint_ladder(exercise: Exercise) -> list[str]:
    hints = list(exercise.hints)
    if len(hints) < 2:
        hints += _generated_hints(exercise)[len(hints) : 2]
    return hints + [_bottom_out(exercise)]


def _bottom_out(question: Question) -> str:
    """The last rung: the answer, with the one line of work that produces it."""
    from symtutor.notation import mathfmt

    answer = _answer_display(question)
    kind = question.kind
    point = _point_text(question)
    if kind in ("derivative", "partial", "value"):
        derivation = _derivation(question)
        line = (
            f"{_d(derivation.variable, derivation.expr)} {_operand(derivation.expr)} = "
            f"{mathfmt.unicode(derivation.result)}"
        )
        if kind == "value":
            return f"{line}, and at {point} that is {answer}."
        return f"{line}."
    if kind == "descent":
        variables = list(question.at)
        if len(variables) == 1:
            path = [question.at[variables[0]]]
            for steps in range(1, (question.steps or 1) + 1):
                path.append(_format(_expected(_replace(question, steps=steps)), "unicode"))
            return f"{variables[0]}: " + " → ".join(path) + f". The answer is {answer}."
        return f"After {question.steps} update(s): ({', '.join(variables)}) = {answer}."
    if kind == "evaluate":
        shown = mathfmt.unicode(_parse(question.problem, _names(question)))
        return f"{shown} at {point} is {answer}."
    if kind == "gradient" and question.at:
        return f"∇f at {point} is {answer}."
    if kind == "chain":
        names = [d.split("=", 1)[0].strip() for d in question.problem]
        where = f" at {point}" if point else ""
        return f"∂{names[0]}/∂{question.variables[0]}{where} is {answer}."
    return f"The answer is {answer}."


def _replace(question: Question, **changes) -> Question:
    import dataclasses

    return dataclasses.replace(question, **changes)


def _at_args(at: dict[str, str]) -> list[str]:
    args: list[str] = []
    for name, value in at.items():
        args += ["--at", f"{name}={value}"]
    return args


def _worked_argv(worked: Worked) -> list[str]:
    exprs = list(worked.expr) if isinstance(worked.expr, tuple) else [worked.expr]
    argv = [worked.command, *exprs]
    if worked.command == "descend":
        for option in ("start", "lr", "steps", "var"):
            if option in worked.args:
                argv += [f"--{option}", worked.args[option]]
        return argv
    if worked.wrt and worked.command in ("derive", "chain"):
        argv += ["--wrt", worked.wrt]
    return argv + _at_args(worked.at)


def _question_argv(question: Question) -> list[str] | None:
    kind = question.kind
    wrt = ["--wrt", question.variables[0]] if question.variables else []
    if kind in ("derivative", "partial", "inner", "outer"):
        return ["derive", question.problem, *wrt]
    if kind == "value":
        return ["derive", question.problem, *wrt, *_at_args(question.at)]
    if kind == "difference_quotient":
        return ["first-principles", question.problem]
    if kind == "gradient":
        return ["gradient", question.problem, *_at_args(question.at)]
    if kind == "descent":
        start = ",".join(f"{k}={v}" for k, v in question.at.items())
        if len(question.at) == 1:
            start = next(iter(question.at.values()))
        var = ["--var", next(iter(question.at))] if len(question.at) == 1 else []
        return ["descend", question.problem, "--start", start, "--lr", question.lr,
                "--steps", str(question.steps), *var, "--no-plot"]
    if kind == "chain":
        return ["chain", *question.problem, "--wrt", question.variables[0], *_at_args(question.at)]
    return None


def _run_command(argv: list[str], fmt: str = "text") -> str:
    """Run a `symtutor` subcommand in this process and return what it printed."""
    import contextlib
    import importlib
    import io

    from symtutor import cli

    try:
        args = cli.build_parser(argv).parse_args([*argv, "--format", fmt])  # only that command registered
    except SystemExit:
        raise ValueError(f"cannot run: symtutor {' '.join(argv)}") from None
    module_name, _, func_name = args.run.partition(":")
    buffer = io.StringIO()
    try:
        func = getattr(importlib.import_module(module_name), func_name)
        with contextlib.redirect_stdout(buffer):
            code = func(args)
    except (NotImplementedError, ImportError, SyntaxError) as exc:
        # A command that is missing or broken in this installation: say so, do not crash.
        raise ValueError(f"symtutor {argv[0]} is not available: {type(exc).__name__}: {exc}") from None
    if code not in (0, None):
        raise ValueError(f"symtutor {' '.join(argv)} exited with {code}")
    return buffer.getvalue()


def _solution_text(question: Question) -> str:
    argv = question.argv()
    if argv is not None:
        try:
            return _run_command(argv, "text").rstrip()
        except ValueError:
            # The printout is a nicety; the answer itself still stands.
            pass
    return f"Answer: {_answer_display(question)}"


def _chain_parts(question: Question) -> list[tuple]:
    """(inner g(x), outer derivative f'(g(x))) for every chain step the engine takes."""
    derivation = _derivation(question)
    parts = []
    for step in derivation.steps.walk():
        if step.rule != "chain" or len(step.substeps) != 2:
            continue
        outer, inner = step.substeps
        letters = outer.expr.free_symbols - inner.expr.free_symbols - {derivation.variable}
        outer_derivative = outer.result
        for letter in letters:
            outer_derivative = outer_derivative.subs(letter, inner.expr)
        parts.append((inner.expr, outer_derivative))
    return parts


def _same(a, b, kind: str) -> bool:
    return _check(_format(a, "plain"), _format(b, "plain"), None, kind).correct


#: What `question_problems` turns into a problem message rather than a crash.
_CHECK_ERRORS = (ValueError, ArithmeticError, RecursionError, NotImplementedError, TypeError, AttributeError, KeyError)


def question_problems(question: Question, where: str | None = None) -> list[str]:
    """Everything wrong with one question's answer key (imports the engine and checker).

    Args:
        question: an exercise or a guided step.
        where: how to name it in messages (default: ``FILE:LINE: exercise 'ID'``).

    Returns:
        One message per problem; empty when the key is computed, agrees with any
        authored `expected`, is judged correct, and every listed mistake is judged wrong.
    """
    if where is None:
        label = f"exercise {question.id!r}" if isinstance(question, Exercise) else "guided step"
        where = f"{question.path}:{question.line}: {label}"
    problems: list[str] = []
    try:
        value = _expected(question)
    except _CHECK_ERRORS as exc:
        return [f"{where}: cannot compute the answer: {exc}"]
    try:
        if question.expected is not None and question.kind in COMPUTED_KINDS:
            if not _check(_format(value, "plain"), question.expected, None, _answer_kind(question)).correct:
                problems.append(
                    f"{where}: expected answer {question.expected} disagrees with the engine, "
                    f"which computes {_format(value, 'unicode')}"
                )
        if question.kind in ("inner", "outer"):
            parts = _chain_parts(question)
            index = 0 if question.kind == "inner" else 1
            if not any(_same(part[index], value, "expr") for part in parts):
                found = ", ".join(_format(part[index], "unicode") for part in parts) or "none (no chain rule)"
                problems.append(
                    f"{where}: expected {question.kind} {question.expected} is not one the engine uses "
                    f"(it finds: {found})"
                )
        key = _answer_key(question)
        verdict = question.judge(key)
        if not verdict.correct:
            problems.append(f"{where}: the answer key {key} is judged wrong: {verdict.feedback}")
        if isinstance(question, Exercise):
            question.hint_ladder()  # the runner must be able to give every hint
        for mistake in getattr(question, "mistakes", ()):
            try:
                if question.judge(mistake.answer).correct:
                    problems.append(f"{where}: listed mistake {mistake.answer} is judged correct")
            except _CHECK_ERRORS as exc:
                problems.append(f"{where}: listed mistake {mistake.answer} cannot be read: {exc}")
    except _CHECK_ERRORS as exc:
        problems.append(f"{where}: cannot check the answer key: {exc}")
    for number, step in enumerate(getattr(question, "guided", ()), 1):
        problems += question_problems(step, f"{where}, guided step {number} (line {step.line})")
    return problems


def worked_problems(worked: Worked) -> list[str]:
    """Whether a worked example's command runs; one message if it does not."""
    try:
        worked.output("text")
    except _CHECK_ERRORS as exc:
        return [f"{worked.path}:{worked.line}: worked example {worked.title!r}: {exc}"]
    return []
