"""The hint ladder: a pointer to the rule, the rule applied here, then the answer.

Authored hints come first; the rest of the first two rungs is computed from the
engine's derivation of the exercise (one function per kind of exercise below), and
the last rung is always the worked answer. SymPy is imported inside the functions.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from symtutor.lessons import answers

if TYPE_CHECKING:  # only for annotations
    from symtutor.lessons.model import Exercise, Question


def hint_ladder(exercise: Exercise) -> list[str]:
    """Three hints: the authored ones, computed ones up to two, then the worked answer."""
    hints = list(exercise.hints)
    if len(hints) < 2:
        hints += generated_hints(exercise)[len(hints) : 2]
    return hints + [bottom_out(exercise)]


def generated_hints(question: Question) -> list[str]:
    """Level 1 (which rule) and level 2 (the rule applied here), computed from the engine."""
    make = _HINTS_BY_KIND.get(question.kind)
    if make is None:
        return ["Compare with the worked example above.", "Write the expression the question describes."]
    return make(question)


def _derivative_hints(question: Question) -> list[str]:
    """derivative, partial, value, inner, outer: the outermost rule, then that rule applied here."""
    from symtutor.notation import mathfmt

    derivation = answers.derivation_of(question)
    root = derivation.steps
    first = f"Look at the outermost operation. {_rule_pointer(root)}."
    if derivation.expr.free_symbols - {derivation.variable}:
        first = f"Treat every variable except {mathfmt.unicode(derivation.variable)} as a constant. " + first
    if question.kind == "value":
        second = f"The derivative is {mathfmt.unicode(derivation.result)}; now put in {_point_text(question)}."
    else:
        second = _rule_applied(derivation)
    return [first, second]


def _rule_applied(derivation) -> str:
    """The engine's own sentence for the outermost step, with its case or its parts spelled out."""
    from symtutor.notation import mathfmt

    root = derivation.steps
    # Kept lower-case by the engine because it may start with a variable; capitalised here
    # only when it starts with an ordinary word.
    second = root.explain(mathfmt.unicode).strip() or f"apply it to {_operand(derivation.expr)}"
    if not second.endswith("."):
        second += "."
    first_word = second.split(" ", 1)[0]
    if first_word.isalpha() and first_word.islower() and (len(first_word) > 1 or first_word == "a"):
        second = second[0].upper() + second[1:]
    power = _power_case(root)
    if power:
        return f"{second} {power}"
    if root.substeps:
        parts = "; ".join(
            f"{_d(sub.variable, derivation.expr if sub.variable == derivation.variable else sub.expr)} "
            f"{_operand(sub.expr)} = {mathfmt.unicode(sub.result)}"
            for sub in root.substeps[:4]
        )
        return f"{second} Here: {parts}."
    return second


def _difference_quotient_hints(question: Question) -> list[str]:
    from sympy import Symbol, expand

    from symtutor.notation import mathfmt

    expr = _problem(question)
    x = answers.one_variable(question, expr)
    shifted = expand(expr.subs(x, x + Symbol("h")))
    return [
        "Write f(x + h), subtract f(x), and divide by h. Every term without an h cancels in the subtraction.",
        f"Here f(x + h) = {mathfmt.unicode(shifted)}. Subtract {mathfmt.unicode(expr)}, "
        "then divide each remaining term by h.",
    ]


def _evaluate_hints(question: Question) -> list[str]:
    from symtutor.notation import mathfmt

    return [
        f"No derivative needed: put {_point_text(question)} into {mathfmt.unicode(_problem(question))}.",
        "Replace each letter by its number, then do the arithmetic: inside brackets first, "
        "then powers, products and sums.",
    ]


def _gradient_hints(question: Question) -> list[str]:
    from symtutor.notation import mathfmt

    value = answers.expected(question)
    names = question.variables or tuple(sorted(str(s) for s in _problem(question).free_symbols))
    partials = ", ".join(f"∂f/∂{n}" for n in names)
    return [
        f"The gradient lists the partial derivatives in order: [{partials}]. For each one, hold the other variables constant.",
        f"Work each partial derivative on its own, then {'put in the point' if question.at else 'collect them in a vector'}."
        + ("" if question.at else f" The first one is {mathfmt.unicode(value[0])}."),
    ]


def _descent_hints(question: Question) -> list[str]:
    from symtutor.notation import mathfmt

    expr = _problem(question)
    variables = list(answers.point_of(question))
    grad = answers.derivative(question, expr, variables[0])
    w = mathfmt.unicode(variables[0])
    return [
        f"One update is {w} ← {w} − η·L'({w}) with η = {question.lr}: find L'({w}) first, then step against it.",
        f"Here L'({w}) = {mathfmt.unicode(grad)}. Repeat the update {question.steps} time(s), "
        f"each time from the {w} you just computed.",
    ]


def _chain_hints(question: Question) -> list[str]:
    names = answers.defined_names(question)
    path = " · ".join(f"∂{a}/∂{b}" for a, b in zip(names, names[1:] + [question.variables[0]]))
    return [
        f"Backpropagation is the chain rule: multiply the local derivatives along the path, {path}.",
        "Find each local derivative on its own (one definition at a time), "
        + ("put in the numbers, " if question.at else "")
        + "then multiply them.",
    ]


#: Exercise kind -> its first two hints.
_HINTS_BY_KIND = {
    **dict.fromkeys(("derivative", "partial", "value", "inner", "outer"), _derivative_hints),
    "difference_quotient": _difference_quotient_hints,
    "evaluate": _evaluate_hints,
    "gradient": _gradient_hints,
    "descent": _descent_hints,
    "chain": _chain_hints,
}


def bottom_out(question: Question) -> str:
    """The last rung: the answer, with the one line of work that produces it."""
    from symtutor.notation import mathfmt

    answer = answers.answer_display(question)
    kind = question.kind
    point = _point_text(question)
    if kind in ("derivative", "partial", "value"):
        derivation = answers.derivation_of(question)
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
                after = answers.expected(dataclasses.replace(question, steps=steps))
                path.append(answers.format_value(after, "unicode"))
            return f"{variables[0]}: " + " → ".join(path) + f". The answer is {answer}."
        return f"After {question.steps} update(s): ({', '.join(variables)}) = {answer}."
    if kind == "evaluate":
        return f"{mathfmt.unicode(_problem(question))} at {point} is {answer}."
    if kind == "gradient" and question.at:
        return f"∇f at {point} is {answer}."
    if kind == "chain":
        where = f" at {point}" if point else ""
        return f"∂{answers.defined_names(question)[0]}/∂{question.variables[0]}{where} is {answer}."
    return f"The answer is {answer}."


def _problem(question: Question):
    """The question's problem as an expression."""
    return answers.parse(question.problem, answers.names_of(question))


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
