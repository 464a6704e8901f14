"""Mal-rules: the step engine with one rule swapped for a learner's buggy version.

Each mal-rule is a rule function with the engine's signature that wraps (or
replaces) one entry of `symtutor.derivation.rules.RULES`. Because the engine's substeps
recurse through ``ctx.rules``, a swapped entry applies everywhere that rule is
used, at any depth: forgetting the inner derivative of ``sin((3x+1)²)`` comes out
of the same swap as forgetting it in ``(3x+1)⁵``. The wrong derivatives produced
this way are what `symtutor.answers.checking` compares a learner's answer against.

`variants` returns them in the priority order of the contract (DESIGN.md):
chain_rule_inner_missing, power_rule_*, constant_derivative_nonzero,
product_of_derivatives, partial_other_variable_not_constant, sign_error, then
the others. ``integrated_instead`` is not here: it is decided by differentiating
the learner's answer (STACK's ``Diff`` test), which needs no antiderivative; see
`symtutor.answers.checking`. The general ``constant_factor_mismatch`` is decided there too.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from sympy import Add, Expr, Mul, Pow, S, Symbol, exp

from symtutor.errors import NoRuleError
from symtutor.derivation.rules import RULES, Context, RuleFn, split_fraction
from symtutor.derivation.steps import Step

#: Every label `variants` can return, in priority order (then the checker's own).
LABELS = (
    "chain_rule_inner_missing",
    "power_rule_exponent_not_reduced",
    "power_rule_negative_exponent",
    "power_rule_coefficient_missing",
    "constant_derivative_nonzero",
    "product_of_derivatives",
    "partial_other_variable_not_constant",
    "sign_error",
    "quotient_rule_order_swapped",
    "quotient_rule_denominator_not_squared",
    "log_derivative_reciprocal_of_log",
    "exp_treated_as_power",
    "exponential_missing_ln",
    "trig_sign_error",
    "power_rule_on_variable_exponent",
    "not_differentiated",
    "differentiated_wrong_variable",
)

Variant = tuple[str, Expr, str]


#: Sub-expressions larger than this (tree nodes) are not written out in a detail:
#: nobody reads them, and formatting them costs more than the whole check.
SHOW_NODES = 60


def _small(expr) -> bool:
    count, stack = 0, [expr]
    while stack:
        count += 1
        if count > SHOW_NODES:
            return False
        stack.extend(stack.pop().args)
    return True


def _show(expr) -> str:
    """`expr` in the textbook form learners see everywhere ("…" when it is huge)."""
    if not _small(expr):
        return "…"
    from symtutor.notation.mathfmt import unicode

    return unicode(expr)


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


# --- which steps of the right derivation a mal-rule would touch -----------------------


def _first(correct: Step, test: Callable[[Step], bool]) -> Step | None:
    return next((s for s in correct.walk() if test(s)), None)


def _is_pow(step: Step) -> bool:
    return step.rule == "power" and step.case != "identity"


def _chain_detail(step: Step) -> str:
    inner = step.substeps[1]
    if not _small(step.term("u")):
        return "Multiply by the derivative of the inner function (chain rule)."
    if not _small(inner.result):
        return (f"Multiply by the derivative of the inner function {_show(step.term('u'))} "
                f"(chain rule).")
    return (f"The inner function {_show(step.term('u'))} has derivative "
            f"{_show(inner.result)}; multiply by it (chain rule).")


def _innermost_chain(correct: Step) -> Step | None:
    chains = [s for s in correct.walk() if s.rule == "chain" and "chain" not in s.substeps[1].rules_used()]
    return chains[-1] if chains else None


def _details(correct: Step, var: Symbol, expr: Expr) -> dict[str, Callable[[], str | None]]:
    """label -> a function giving the feedback sentence, or None when the mal-rule cannot apply."""
    v = _show(var)
    # Chain letters back to the inner functions they stand for, so a detail about the
    # outer function u⁵ speaks of (3x + 1)⁵, as the learner wrote it.
    named = {s.term("letter"): s.term("u") for s in correct.walk() if s.rule == "chain"}

    def learner(e):
        return e.xreplace(named) if named else e

    def base(symbol):
        inner = named.get(symbol, symbol)
        text = _show(inner)
        return f"({text})" if inner.is_Add or inner.is_Mul else text

    def chain():
        s = _first(correct, lambda s: s.rule == "chain")
        return _chain_detail(s) if s else None

    def chain_inner():
        s = _innermost_chain(correct)
        return _chain_detail(s) if s else None

    def kept():
        s = _first(correct, _is_pow)
        if not s:
            return None
        n = s.term("n")
        return (f"In the power rule the exponent goes down by one: the derivative of "
                f"{_show(learner(s.expr))} has {base(s.variable)} to the power {_show(n - 1)}, "
                f"not {_show(n)}.")

    def negative():
        s = _first(correct, lambda s: _is_pow(s) and s.term("n").is_Number and s.term("n") < 0)
        if not s:
            return None
        n = s.term("n")
        return (f"Reducing the exponent {_show(n)} by one gives {_show(n - 1)}, not {_show(n + 1)}: "
                f"for a negative exponent, one less means further from zero.")

    def coefficient():
        s = _first(correct, _is_pow)
        if not s:
            return None
        return (f"The exponent {_show(s.term('n'))} also comes down in front as a factor: "
                f"d/dx xⁿ = n·xⁿ⁻¹.")

    def constant():
        s = _first(correct, lambda s: s.rule == "constant" and not s.expr.free_symbols)
        if not s:
            return None
        return f"A constant term such as {_show(s.expr)} never changes, so its derivative is 0."

    def product():
        s = _first(correct, lambda s: s.rule == "product")
        if not s:
            return None
        return (f"The derivative of a product is not the product of the derivatives: "
                f"(f·g)′ = f′·g + f·g′, here with f = {_show(s.term('f'))} "
                f"and g = {_show(s.term('g'))}.")

    def partial():
        s = _first(correct, lambda s: s.rule == "constant" and s.case == "held_constant")
        if not s:
            return None
        others = ", ".join(_show(o) for o in sorted(s.expr.free_symbols - {var}, key=str))
        return (f"In a partial derivative with respect to {v}, every other variable ({others}) "
                f"is held constant: a term such as {_show(s.expr)} has partial derivative 0.")

    def total():
        others = sorted(expr.free_symbols - {var}, key=str)
        if not others:
            return None
        names = ", ".join(_show(o) for o in others)
        return (f"In a partial derivative with respect to {v}, every other variable ({names}) "
                f"is held constant: it does not change with {v}, so it is treated like a number.")

    def sign():
        if correct.rule == "quotient":
            return ("Your answer has the opposite sign: in the quotient rule the numerator is "
                    "f′·g − f·g′ (derivative of the top first).")
        if correct.rule == "trig" or _first(correct, lambda s: s.rule == "trig"):
            return ("Your answer has the opposite sign: check the signs of the trig derivatives "
                    "(d/dx cos x = −sin x).")
        return "Your answer has the opposite sign: check each minus sign."

    def quotient_swapped():
        s = _first(correct, lambda s: s.rule == "quotient")
        if not s:
            return None
        return (f"In the quotient rule the order matters: (f′·g − f·g′)/g², with f = "
                f"{_show(s.term('f'))} on top and g = {_show(s.term('g'))} below.")

    def quotient_square():
        s = _first(correct, lambda s: s.rule == "quotient")
        if not s:
            return None
        return f"The quotient rule divides by the square of the denominator, ({_show(s.term('g'))})²."

    def log_recip():
        s = _first(correct, lambda s: s.rule == "log" and s.case == "ln")
        return "The derivative of ln x is 1/x, not 1/ln x." if s else None

    def exp_power():
        s = _first(correct, lambda s: s.rule == "exp")
        if not s:
            return None
        if s.case == "e^x":
            return ("eˣ is not a power of x (the variable is in the exponent), so the power rule "
                    "does not apply: eˣ is its own derivative.")
        return (f"{_show(s.expr)} is an exponential, not a power: the power rule does not apply; "
                f"d/dx aˣ = aˣ·ln a.")

    def exp_ln():
        s = _first(correct, lambda s: s.rule == "exp" and s.case == "a^x")
        if not s:
            return None
        return f"d/dx aˣ = aˣ·ln a: the factor ln {_show(s.term('a'))} is missing."

    def trig():
        s = _first(correct, lambda s: s.rule == "trig")
        if not s:
            return None
        return (f"Check the sign of the derivative of {_show(s.expr)}: d/dx sin x = cos x, "
                f"but d/dx cos x = −sin x.")

    def var_exponent():
        s = _first(correct, lambda s: s.rule == "log_differentiation")
        if not s:
            return None
        return (f"The power rule needs a constant exponent, but in {_show(s.expr)} the exponent "
                f"depends on {_show(s.variable)} too: differentiate ln y = {_show(s.term('ln_y'))} "
                f"instead (logarithmic differentiation).")

    def same():
        return "That is the function you started from: it still needs to be differentiated."

    return {
        "chain_rule_inner_missing": chain,
        "chain_rule_inner_missing/innermost": chain_inner,
        "power_rule_exponent_not_reduced": kept,
        "power_rule_negative_exponent": negative,
        "power_rule_coefficient_missing": coefficient,
        "constant_derivative_nonzero": constant,
        "product_of_derivatives": product,
        "partial_other_variable_not_constant": partial,
        "partial_other_variable_not_constant/total": total,
        "sign_error": sign,
        "quotient_rule_order_swapped": quotient_swapped,
        "quotient_rule_denominator_not_squared": quotient_square,
        "log_derivative_reciprocal_of_log": log_recip,
        "exp_treated_as_power": exp_power,
        "exponential_missing_ln": exp_ln,
        "trig_sign_error": trig,
        "power_rule_on_variable_exponent": var_exponent,
        "not_differentiated": same,
    }


#: (label, detail key, rule swapped, buggy rule) in priority order. A `None` rule
#: means the wrong answer is built from the right one directly.
MAL_RULES: tuple[tuple[str, str, str | None, RuleFn | None], ...] = (
    ("chain_rule_inner_missing", "chain_rule_inner_missing", "chain", _chain_drop(False)),
    ("chain_rule_inner_missing", "chain_rule_inner_missing/innermost", "chain", _chain_drop(True)),
    ("power_rule_exponent_not_reduced", "power_rule_exponent_not_reduced", "power", _power_bug("kept")),
    ("power_rule_negative_exponent", "power_rule_negative_exponent", "power", _power_bug("negative")),
    ("power_rule_coefficient_missing", "power_rule_coefficient_missing", "power", _power_bug("missing")),
    ("constant_derivative_nonzero", "constant_derivative_nonzero", "constant", _constant_bug(False)),
    ("constant_derivative_nonzero", "constant_derivative_nonzero", "constant", _constant_bug(True)),
    ("product_of_derivatives", "product_of_derivatives", "product", product_of_derivatives),
    ("partial_other_variable_not_constant", "partial_other_variable_not_constant", "constant",
     partial_not_held),
    # Every other variable treated as if it were the variable itself (dy/dx = 1).
    ("partial_other_variable_not_constant", "partial_other_variable_not_constant/total", None, None),
    ("sign_error", "sign_error", None, None),
    ("quotient_rule_order_swapped", "quotient_rule_order_swapped", "quotient", _quotient_bug("swapped")),
    ("quotient_rule_denominator_not_squared", "quotient_rule_denominator_not_squared", "quotient",
     _quotient_bug("square")),
    ("log_derivative_reciprocal_of_log", "log_derivative_reciprocal_of_log", "log", log_reciprocal),
    ("exp_treated_as_power", "exp_treated_as_power", "exp", exp_as_power),
    ("exponential_missing_ln", "exponential_missing_ln", "exp", exp_missing_ln),
    ("trig_sign_error", "trig_sign_error", "trig", trig_sign),
    ("power_rule_on_variable_exponent", "power_rule_on_variable_exponent", "log_differentiation",
     power_on_variable_exponent),
    ("not_differentiated", "not_differentiated", None, None),
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
    used = correct.rules_used()
    details = _details(correct, var, expr)
    right = correct.result
    out: list[Variant] = []
    seen = {right}
    for label, detail_key, rule, buggy in MAL_RULES:
        if deadline is not None and time.perf_counter() > deadline:
            break
        if rule is not None and rule not in used:
            continue
        detail = details[detail_key]()
        if detail is None:
            continue
        if label == "sign_error":
            wrong = -right
        elif detail_key.endswith("/total"):
            try:
                wrong = Add(*[derive_step(expr, s).result
                              for s in sorted(expr.free_symbols, key=str)])
            except (NoRuleError, ArithmeticError, RecursionError, TypeError):
                continue
        elif label == "not_differentiated":
            wrong = expr
        else:
            try:
                wrong = derive_with(expr, var, rule, buggy)
            except (NoRuleError, ArithmeticError, RecursionError, TypeError):
                continue  # the buggy twin has no answer here; nothing to match
        if wrong in seen or wrong.has(S.NaN, S.ComplexInfinity):
            continue
        seen.add(wrong)
        out.append((label, wrong, detail))
    # A partial derivative taken with respect to another of the variables.
    for other in sorted(expr.free_symbols - {var}, key=str):
        if deadline is not None and time.perf_counter() > deadline:
            break
        try:
            wrong = derive_step(expr, other).result
        except (NoRuleError, ArithmeticError, RecursionError, TypeError):
            continue
        if wrong in seen:
            continue
        seen.add(wrong)
        out.append(("differentiated_wrong_variable", wrong,
                    f"That is the partial derivative with respect to {_show(other)}; "
                    f"this one is with respect to {_show(var)}."))
    return out
