"""Cheap, targeted tidying of step results, so they read as a teacher writes them.

SymPy's automatic evaluation already does most of the work: numeric factors are
collected (``2*(3*x + 1)*3`` becomes ``18*x + 6``), ``ln(e)`` is 1, ``x**1`` is
``x`` and ``1*f`` is ``f``. What is left:

- distributing products over sums in small numerators, e.g. the quotient rule's
  ``f′·g − f·g′``, then taking out their common factors, and collecting small
  polynomials from the product rule;
- absolute values of real quantities: ``|u|²`` is ``u²`` and ``u²/|u|`` is ``|u|``
  (a calculus course works over the reals), so d/dx ln|x| reads ``1/x``.

Never a blanket ``simplify()``: it is slow and can hang.
"""

from __future__ import annotations

from sympy import Abs, Expr, Mul, expand_mul, factor_terms

#: Largest expression (in tree nodes) that is worth distributing out.
_SMALL = 40


def size(expr: Expr, limit: int = _SMALL) -> int:
    """Number of nodes in `expr`, counting stops a little past `limit`."""
    count = 0
    stack = [expr]
    while stack and count <= limit:
        node = stack.pop()
        count += 1
        stack.extend(node.args)
    return count


def tidy(expr: Expr, *, expand: bool = False, factor: bool = False) -> Expr:
    """`expr` in a teacher's form.

    Args:
        expr: a step's result.
        expand: multiply products out over sums, when `expr` is a small sum.
        factor: then take out common factors of a small sum (−2x² − 6x − 8 becomes
            −2(x² + 3x + 4)), e.g. for a quotient rule numerator.
    """
    if expr.has(Abs):
        expr = real_abs(expr)
    if (expand or factor) and expr.is_Add and size(expr) <= _SMALL:
        if expand:
            expr = expand_mul(expr)
        if factor and expr.is_Add:
            expr = factor_terms(expr)
    return expr


def real_abs(expr: Expr) -> Expr:
    """Even powers of |u| without the bars; powers of u beside |u| written with |u|."""
    if not expr.args or not expr.has(Abs):
        return expr
    args = [real_abs(a) for a in expr.args]
    if expr.is_Pow and isinstance(args[0], Abs) and args[1].is_even:
        return args[0].args[0] ** args[1]
    if isinstance(expr, Abs) and args[0].is_Pow and args[0].exp.is_even:
        return args[0]  # |x²| = x²
    if expr.is_Mul:
        inside = {_abs_base(f) for f in args} - {None}
        if inside:
            return Mul(*[_as_abs(f) if f.is_Pow and f.base in inside else f for f in args])
    return expr.func(*args)


def _as_abs(power: Expr) -> Expr:
    """u^(2k) as |u|^(2k), u^(2k+1) as u·|u|^(2k), so they combine with |u| beside them."""
    base, n = power.args
    if n.is_even:
        return Abs(base) ** n
    if n.is_odd:
        return base * Abs(base) ** (n - 1)
    return power


def _abs_base(factor: Expr) -> Expr | None:
    """u when `factor` is |u| or a power of |u|."""
    if isinstance(factor, Abs):
        return factor.args[0]
    if factor.is_Pow and isinstance(factor.base, Abs):
        return factor.base.args[0]
    return None
