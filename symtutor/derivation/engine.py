"""The step engine: differentiate an expression rule by rule.

`derive` is the public entry point (``symtutor.derive``): it reads text, picks the
variable and returns a `Derivation`. `derive_step` works on SymPy objects and lets
a caller pass its own rule table (the checker's mal-rules).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sympy import Expr, Integer, Symbol

from symtutor.errors import InputError, NoRuleError
from symtutor.derivation.rules import RULES, Context, RuleFn
from symtutor.derivation.steps import Derivation, Step


def derive_step(expr: Expr, var: Symbol, rules: Mapping[str, RuleFn] | None = None, *,
                allow_partial: bool = False) -> Step:
    """The step tree for d/d`var` `expr`.

    Args:
        expr: the expression to differentiate.
        var: the symbol to differentiate with respect to; other symbols are constants.
        rules: a rule table (default `rules.RULES`); a copy with one entry swapped
            models a learner's mistake everywhere that rule applies.
        allow_partial: a part with no rule becomes a ``no_rule`` step whose result is
            the unevaluated ``Derivative`` instead of raising NoRuleError.

    Returns:
        The root `Step`; its ``result`` is the derivative.

    Raises:
        NoRuleError: some part of `expr` has no rule (``Max(0, x)``) and `allow_partial`
            is false, or it nests too deeply.
    """
    try:
        taken = {s.name for s in expr.free_symbols} | {var.name}
        table = RULES if rules is None else rules
        return Context(table, taken, partial=allow_partial).derive(expr, var)
    except RecursionError:
        raise _too_deep() from None


def derive(
    expr: str | Expr,
    wrt: str | Symbol | None = None,
    *,
    names: Iterable[str] = (),
    allow_partial: bool = False,
) -> Derivation:
    """Differentiate `expr` step by step.

    Args:
        expr: text as a learner types it (``"(3x+1)^2"``), or a SymPy expression.
        wrt: the variable, as text or a Symbol; may be omitted when `expr` has exactly
            one free symbol (and when it has none, x is used).
        names: multi-letter names the parser should keep whole (e.g. ``"yhat"``).
        allow_partial: return a partial derivation when some part has no rule: that
            part is a ``no_rule`` step, its derivative left unevaluated
            (``Derivative(Max(0, x), x)``), and ``.complete`` is False. By default
            such an expression raises NoRuleError, as the contract says.

    Returns:
        The `Derivation`; ``.result`` is the derivative, ``.steps`` the root step.

    Raises:
        InputError: the text cannot be read, or the variable is ambiguous.
        NoRuleError: some part of the expression has no rule (and `allow_partial` is
            false), or it nests too deeply.
    """
    names = tuple(names)
    if isinstance(expr, str):
        from symtutor.read.parsing import parse

        text, parsed = expr, parse(expr, names=names)
    else:
        if isinstance(expr, int):  # a plain number from calling code
            expr = Integer(expr)
        if not isinstance(expr, Expr):
            raise TypeError(f"derive needs text or a SymPy expression, not {type(expr).__name__}")
        text, parsed = str(expr), expr
    try:
        var = variable_of(parsed, wrt)
    except RecursionError:
        raise _too_deep() from None
    return Derivation(text, parsed, var, derive_step(parsed, var, allow_partial=allow_partial))


def _too_deep() -> NoRuleError:
    return NoRuleError("the expression is nested too deeply to derive step by step")


def variable_of(expr: Expr, wrt: str | Symbol | None) -> Symbol:
    """The variable to differentiate `expr` by: `wrt` (text or Symbol), else its only symbol.

    Raises:
        InputError: `wrt` is not a variable name, or `expr` has several symbols and no `wrt`.
    """
    if isinstance(wrt, Symbol):
        return wrt
    if isinstance(wrt, str):
        from symtutor.read.parsing import parse_symbol

        return parse_symbol(wrt)
    if wrt is not None:
        raise TypeError(f"wrt must be text or a Symbol, not {type(wrt).__name__}")
    free = sorted(expr.free_symbols, key=str)
    if not free:
        return Symbol("x")
    if len(free) == 1:
        return free[0]
    shown = ", ".join(str(s) for s in free)
    raise InputError(
        f"{_show(expr)} has more than one variable ({shown}): say which one with --wrt"
    )


def _show(expr: Expr) -> str:
    """`expr` in the one-line textbook form learners see everywhere else."""
    from symtutor.notation.mathfmt import unicode

    return unicode(expr)
