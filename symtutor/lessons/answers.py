"""Answer keys and judging: what an exercise's right answer is, and whether an answer is it.

The right answer of a computed kind is worked out by the engine (never typed in a
lesson file); a learner's answer is judged by the checker, with a lesson's listed
mistakes supplying the feedback. SymPy, the engine and the checker are imported
inside the functions, so importing this module (as the lesson model does) stays free.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # only for annotations
    from symtutor.lessons.model import Exercise, Mistake, Question

#: Kinds whose answer is one number.
_VALUE_KINDS = frozenset({"value", "evaluate", "descent"})


def answer_kind(question: Question) -> str:
    """How the final answer is compared: "expr", "value" or "vector"."""
    kind = question.kind
    if kind == "gradient":
        return "vector"
    if kind == "descent":
        return "vector" if len(question.at) > 1 else "value"
    if kind in _VALUE_KINDS or (kind == "chain" and question.at):
        return "value"
    return "expr"


def names_of(question: Question) -> tuple[str, ...]:
    """Multi-letter names the parser must keep whole (yhat, w1, eta, ...)."""
    names = list(question.variables) + list(question.at)
    if isinstance(question.problem, tuple):
        names += defined_names(question)
    return tuple(dict.fromkeys(name for name in names if name))


def defined_names(question: Question) -> list[str]:
    """The names a chain's definitions define, output first (L, yhat, z)."""
    return [definition.split("=", 1)[0].strip() for definition in question.problem]


def parse(text: str, names: tuple[str, ...]):
    from symtutor.read import parsing

    return parsing.parse(text, names=names)


def point_of(question: Question) -> dict:
    from symtutor.read import parsing

    return {
        parsing.parse_symbol(name): parsing.parse_number(value) if _is_number(value) else parse(value, ())
        for name, value in question.at.items()
    }


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"\s*[-+]?(\d+\.?\d*|\.\d+)(/\d+)?\s*", text))


def derivative(question: Question, expr, variable):
    from symtutor.derivation import engine

    return engine.derive(expr, variable).result


def one_variable(question: Question, expr):
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

    names = names_of(question)
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

    x = one_variable(question, expr)
    h = Symbol("h")
    return expand(cancel(expand(expr.subs(x, x + h) - expr) / h))


def expected(question: Question):
    key = _cache_key(question)
    if key not in _EXPECTED:
        if len(_EXPECTED) > 1024:
            _EXPECTED.clear()
        _EXPECTED[key] = _compute_expected(question)
    return _EXPECTED[key]


def _compute_expected(question: Question):
    from symtutor.read import parsing

    kind = question.kind
    names = names_of(question)
    point = point_of(question)
    if kind in ("inner", "outer", "expr"):
        return parsing.parse_answer(question.expected, names=names)
    if kind == "chain":
        expr = _compose(question)
        variable = parsing.parse_symbol(question.variables[0])
        return _evaluate(derivative(question, expr, variable), point)
    expr = parse(question.problem, names)
    if kind in ("derivative", "partial"):
        return derivative(question, expr, one_variable(question, expr))
    if kind == "value":
        return _evaluate(derivative(question, expr, one_variable(question, expr)), point)
    if kind == "evaluate":
        return _evaluate(expr, point)
    if kind == "gradient":
        variables = (
            [parsing.parse_symbol(name) for name in question.variables]
            if question.variables
            else sorted(expr.free_symbols, key=str)
        )
        return tuple(_evaluate(derivative(question, expr, v), point) for v in variables)
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
    grads = [derivative(question, loss, v) for v in variables]
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


def format_value(value, style: str) -> str:
    from symtutor.notation import mathfmt

    if isinstance(value, tuple):
        return "[" + ", ".join(format_value(v, style) for v in value) + "]"
    decimal = _number_text(value)
    if decimal is not None:
        return decimal if style == "plain" else decimal.replace("-", "−")
    return mathfmt.plain(value) if style == "plain" else mathfmt.unicode(value)


def answer_key(question: Question) -> str:
    if question.kind == "expr":
        return question.expected
    return format_value(expected(question), "plain")


def answer_display(question: Question) -> str:
    return format_value(expected(question), "unicode")


def check(problem: str, answer: str, wrt: str | None, kind: str):
    from symtutor.answers import checking

    return checking.check(problem, answer, wrt, kind=kind)


def judge(question: Question, answer: str):
    if question.kind in ("derivative", "partial"):
        wrt = question.variables[0] if question.variables else None
        return check(question.problem, answer, wrt, "derivative")
    return check(answer_key(question), answer, None, answer_kind(question))


def judge_exercise(exercise: Exercise, answer: str):
    import dataclasses

    verdict = judge(exercise, answer)
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

    kind = answer_kind(exercise)
    for mistake in exercise.mistakes:
        try:
            if check(mistake.answer, answer, None, kind).correct:
                return mistake
        except InputError:
            continue
    return None


def derivation_of(question: Question):
    from symtutor.derivation import engine

    expr = parse(question.problem, names_of(question))
    return engine.derive(expr, one_variable(question, expr))


def chain_parts(question: Question) -> list[tuple]:
    """(inner g(x), outer derivative f'(g(x))) for every chain step the engine takes."""
    derivation = derivation_of(question)
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


def same(a, b, kind: str) -> bool:
    return check(format_value(a, "plain"), format_value(b, "plain"), None, kind).correct
