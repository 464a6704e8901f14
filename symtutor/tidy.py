"""Cheap, targeted tidying of step results, so they read as a teacher writes them.

SymPy's automatic evaluation already does most of the work: numeric factors are
collected (``2*(3*x + 1)*3`` becomes ``18*x + 6``), ``ln(e)`` is 1, ``x**1`` is
``x`` and ``1*f`` is ``f``. What is left is distributing products over sums in small
numerators, e.g. the quotient rule's ``f′·g − f·g′``. Never a blanket
``simplify()``: it is slow and can hang.
"""

from __future__ import annotations

from sympy import Expr, expand_mul

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


def tidy(expr: Expr, *, expand: bool = False) -> Expr:
    """`expr` in a teacher's form; with `expand`, products over sums are multiplied out when small."""
    if expand and expr.is_Add and size(expr) <= _SMALL:
        return expand_mul(expr)
    return expr
