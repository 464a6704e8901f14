"""Mal-rules: the step engine with one rule swapped for a learner's buggy version.

Each buggy rule is a rule function with the engine's signature that wraps (or
replaces) one entry of `symtutor.derivation.rules.RULES`. Because the engine's substeps
recurse through ``ctx.rules``, a swapped entry applies everywhere that rule is
used, at any depth: forgetting the inner derivative of ``sin((3x+1)²)`` comes out
of the same swap as forgetting it in ``(3x+1)⁵``. The wrong derivatives produced
this way are what `symtutor.answers.checking` compares a learner's answer against.

Which mistakes exist, their order, skills and feedback are the catalogue
`symtutor.answers.mistakes.MISTAKES`; its twins name the functions of `BUGGY` here.
`variants` returns the wrong answers in the catalogue's (the contract's) priority
order. ``integrated_instead`` and ``constant_factor_mismatch`` have no twin: the
checker decides them (`symtutor.answers.checking`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from sympy import Add, Expr, Mul, Pow, S, Symbol, exp, log

from symtutor.answers.mistakes import MISTAKES, Situation
from symtutor.answers.mistakes import show as _show  # noqa: F401 (older import path)
from symtutor.derivation.rules import RULES, Context, RuleFn, split_fraction
from symtutor.derivation.steps import Step
from symtutor.errors import NoRuleError

Variant = tuple[str, Expr, str]


# --- the buggy twins ------------------------------------------------------------------


def _chain_drop(only_innermost: bool) -> RuleFn:
    """f(g(x))′ = f′(g(x)), the inner derivative forgotten (everywhere, or at the innermost links)."""

    def chain_without_inner(expr: Expr, var: Symbol, ctx: Context) -> Step:
        step = RULES["chain"](expr, var, ctx)
        outer, inner = step.substeps
        if only_innermost and "chain" in inner.rules_used():
            return step
        wrong = outer.result.xreplace({step.term("letter"): step.term("u")})
        return replace(step, result=wrong)

    return chain_without_inner


def _power_bug(kind: str) -> RuleFn:
    """d/dx xⁿ as n·xⁿ (kept), n·xⁿ⁺¹ (negative exponent moved up) or xⁿ⁻¹ (no n)."""

    def buggy_power(expr: Expr, var: Symbol, ctx: Context) -> Step:
        step = RULES["power"](expr, var, ctx)
        if expr == var:
            return step
        n = expr.exp
        if kind == "kept":
            wrong = n * Pow(var, n)
        elif kind == "negative":
            if not (n.is_Number and n < 0):
                return step
            wrong = n * Pow(var, n + 1)
        else:
            wrong = Pow(var, n - 1)
        return replace(step, result=wrong)

    return buggy_power


def _constant_bug(kept: bool) -> RuleFn:
    """d/dx c = 1, or d/dx c = c, for a number c."""

    def buggy_constant(expr: Expr, var: Symbol, ctx: Context) -> Step:
        step = RULES["constant"](expr, var, ctx)
        if expr.free_symbols:
            return step
        return replace(step, result=expr if kept else S.One)

    return buggy_constant


def constant_as_function(expr: Expr, var: Symbol, ctx: Context) -> Step:
    """d/dx ln 5 = 1/5, d/dx √7 = 1/(2√7), d/dx e³ = 3e², d/dx 3π = 3: a number
    differentiated as if it were the function it looks like (its argument, base or
    symbol taken for the variable)"""
    step = RULES["constant"](expr, var, ctx)
    if expr.free_symbols or expr.is_Number:
        return step
    if isinstance(expr, log):
        return replace(step, result=1 / expr.args[0])
    if isinstance(expr, exp):
        k = expr.args[0]
        return replace(step, result=k * exp(k - 1))
    if expr.is_Pow and expr.base.is_Number and expr.exp.is_Rational and not expr.exp.is_Integer:
        return replace(step, result=expr.exp * Pow(expr.base, expr.exp - 1))
    coeff, rest = expr.as_coeff_Mul()
    if rest.is_NumberSymbol and coeff != 1:
        return replace(step, result=coeff)
    return step


def product_of_derivatives(expr: Expr, var: Symbol, ctx: Context) -> Step:
    """(f·g)′ = f′·g′ (and (f·g·h·k)′ = f′·g′·h′·k′ where the general rule applies)"""
    step = RULES["product"](expr, var, ctx)
    return replace(step, result=Mul(*[sub.result for sub in step.substeps]))


def partial_not_held(expr: Expr, var: Symbol, ctx: Context) -> Step:
    """∂/∂x of a term in y alone = its derivative in y (y not held constant)."""
    step = RULES["constant"](expr, var, ctx)
    others = sorted(expr.free_symbols - {var}, key=str)
    if not others:
        return step
    wrong = Add(*[ctx.derive(expr, s).result for s in others])
    return replace(step, result=wrong)


def _quotient_bug(kind: str) -> RuleFn:
    """(f/g)′ as (f·g′ − f′·g)/g² (order swapped) or (f′·g − f·g′)/g (not squared)."""

    def buggy_quotient(expr: Expr, var: Symbol, ctx: Context) -> Step:
        step = RULES["quotient"](expr, var, ctx)
        f, g = split_fraction(expr, var)
        df, dg = step.substeps
        numerator = df.result * g - f * dg.result
        wrong = -numerator / g**2 if kind == "swapped" else numerator / g
        return replace(step, result=wrong)

    return buggy_quotient


def log_reciprocal(expr: Expr, var: Symbol, ctx: Context) -> Step:
    """d/dx ln x = 1/ln x"""
    step = RULES["log"](expr, var, ctx)
    if step.case != "ln":
        return step
    return replace(step, result=1 / expr)


def log_base_missing_ln(expr: Expr, var: Symbol, ctx: Context) -> Step:
    """d/dx log_b x = 1/x, the factor 1/ln b forgotten"""
    step = RULES["log"](expr, var, ctx)
    if step.case != "base":
        return step
    return replace(step, result=1 / var)


def exp_as_power(expr: Expr, var: Symbol, ctx: Context) -> Step:
    """d/dx eˣ = x·eˣ⁻¹ (and aˣ = x·aˣ⁻¹), the power rule misapplied"""
    step = RULES["exp"](expr, var, ctx)
    base = S.Exp1 if isinstance(expr, exp) else expr.base
    return replace(step, result=var * Pow(base, var - 1))


def exp_missing_ln(expr: Expr, var: Symbol, ctx: Context) -> Step:
    """d/dx aˣ = aˣ, the factor ln a forgotten"""
    step = RULES["exp"](expr, var, ctx)
    return replace(step, result=expr)


def trig_sign(expr: Expr, var: Symbol, ctx: Context) -> Step:
    """d/dx cos x = sin x (and sin x → −cos x): every trig derivative with its sign flipped"""
    step = RULES["trig"](expr, var, ctx)
    return replace(step, result=-step.result)


def power_on_variable_exponent(expr: Expr, var: Symbol, ctx: Context) -> Step:
    """d/dx f^g = g·f^(g−1)·f′, the power rule used on a variable exponent"""
    step = RULES["log_differentiation"](expr, var, ctx)
    f, g = expr.args
    wrong = g * Pow(f, g - 1) * ctx.derive(f, var).result
    return replace(step, result=wrong)


# --- wrong answers built from the expression rather than by a swapped rule -------------


def _negated(s: Situation, index: int) -> Expr:
    return -s.correct.result


def _total_derivative(s: Situation, index: int) -> Expr:
    """Every variable treated as if it were the variable itself (dy/dx = 1)."""
    from symtutor.derivation.engine import derive_step

    return Add(*[derive_step(s.expr, v).result for v in sorted(s.expr.free_symbols, key=str)])


def _unchanged(s: Situation, index: int) -> Expr:
    return s.expr


def _other_variable(s: Situation, index: int) -> Expr:
    """The partial derivative with respect to the index-th other variable."""
    from symtutor.derivation.engine import derive_step

    return derive_step(s.expr, s.others(s.expr)[index]).result


#: The names the catalogue's twins use -> buggy rule functions (for a twin with a rule)
#: or builders ``(situation, index) -> wrong Expr`` (for a twin without).
BUGGY: dict[str, Callable] = {
    "chain_drop_all": _chain_drop(False),
    "chain_drop_innermost": _chain_drop(True),
    "power_kept": _power_bug("kept"),
    "power_negative": _power_bug("negative"),
    "power_no_coefficient": _power_bug("missing"),
    "constant_one": _constant_bug(False),
    "constant_kept": _constant_bug(True),
    "constant_as_function": constant_as_function,
    "product_of_derivatives": product_of_derivatives,
    "partial_not_held": partial_not_held,
    "total_derivative": _total_derivative,
    "negated": _negated,
    "quotient_swapped": _quotient_bug("swapped"),
    "quotient_not_squared": _quotient_bug("square"),
    "log_reciprocal": log_reciprocal,
    "log_base_missing_ln": log_base_missing_ln,
    "exp_as_power": exp_as_power,
    "exp_missing_ln": exp_missing_ln,
    "trig_sign": trig_sign,
    "power_on_variable_exponent": power_on_variable_exponent,
    "unchanged": _unchanged,
    "other_variable": _other_variable,
}

#: Every label `variants` can return, in priority order.
LABELS = tuple(m.label for m in MISTAKES if m.twins)

#: (label, twin key, rule swapped, buggy rule) in priority order: the catalogue's twins.
#: A `None` rule means the wrong answer is built from the right one directly.
MAL_RULES: tuple[tuple[str, str, str | None, Callable], ...] = tuple(
    (m.label, t.key, t.rule, BUGGY[t.buggy]) for m in MISTAKES for t in m.twins
)


def derive_with(expr: Expr, var: Symbol, rule: str, buggy: RuleFn) -> Expr:
    """The derivative the engine gives with `rule` swapped for `buggy`."""
    from symtutor.derivation.engine import derive_step

    table = dict(RULES)
    table[rule] = buggy
    return derive_step(expr, var, table).result


def variants(expr: Expr, var: Symbol, correct: Step | None = None,
             deadline: float | None = None) -> list[Variant]:
    """The wrong derivatives learners typically give for d/d`var` `expr`.

    Args:
        expr: the expression being differentiated.
        var: the variable.
        correct: the engine's own step tree for it, if already computed.
        deadline: a `time.thread_time` (CPU) time after which no more are built.

    Returns:
        ``[(label, wrong_expr, detail), ...]`` in the contract's priority order, one
        entry per distinct buggy derivation (a mal-rule that changes nothing, or
        whose rule the derivation never uses, is left out). ``detail`` is a
        sentence for the learner that names the sub-expression concerned. The same
        label may appear twice (e.g. every chain link dropped, or only the innermost).
    """
    from symtutor.derivation.engine import derive_step

    if correct is None:
        correct = derive_step(expr, var)
    situation = Situation(correct, var, expr)
    used = correct.rules_used()
    out: list[Variant] = []
    seen = {correct.result}
    for mistake in MISTAKES:
        for twin in mistake.twins:
            if twin.rule is not None and twin.rule not in used:
                continue
            for index, (case, slots) in enumerate(twin.find(situation)):
                if deadline is not None and time.thread_time() > deadline:
                    return out
                wrong = _wrong(situation, twin.rule, BUGGY[twin.buggy], index)
                if wrong is None or wrong in seen or wrong.has(S.NaN, S.ComplexInfinity):
                    continue
                seen.add(wrong)
                out.append((mistake.label, wrong, mistake.feedback(case, **slots)))
    return out


def _wrong(s: Situation, rule: str | None, buggy: Callable, index: int) -> Expr | None:
    """The wrong answer of one twin, or None when its buggy rule has no answer here."""
    try:
        if rule is None:
            return buggy(s, index)
        return derive_with(s.expr, s.var, rule, buggy)
    except (NoRuleError, ArithmeticError, RecursionError, TypeError):
        return None  # the buggy twin has no answer here; nothing to match
