"""Cheap, targeted tidying of step results, so they read as a teacher writes them.

SymPy's automatic evaluation already does most of the work: numeric factors are
collected (``2*(3*x + 1)*3`` becomes ``18*x + 6``), ``ln(e)`` is 1, ``x**1`` is
``x`` and ``1*f`` is ``f``. What is left:

- taking common factors out of the quotient rule's numerator ``f′·g − f·g′`` (so
  powers of g cancel), multiplying the rest out when small, and collecting small
  polynomials from the product rule;
- absolute values of real quantities: ``|u|²`` is ``u²`` and ``u²/|u|`` is ``|u|``
  (a calculus course works over the reals), so d/dx ln|x| reads ``1/x``.

Never a blanket ``simplify()``: it is slow and can hang.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from math import comb

from sympy import Abs, Add, Expr, Mul, Symbol, expand, factor_terms

#: Largest expression (in tree nodes) that is worth distributing out.
_SMALL = 40
#: Largest sum (in tree nodes) that common factors are taken out of.
_LARGE = 200


def size(expr: Expr, limit: int = _SMALL) -> int:
    """Number of nodes in `expr`, counting stops a little past `limit`."""
    count = 0
    stack = [expr]
    while stack and count <= limit:
        node = stack.pop()
        count += 1
        stack.extend(node.args)
    return count


def tidy(expr: Expr) -> Expr:
    """`expr` in a teacher's form: SymPy's own evaluation, plus |u| tidied over the reals."""
    if expr.has(Abs):
        return real_abs(expr)
    return expr


def factored(expr: Expr) -> Expr:
    """A sum with its common factors taken out, e.g. a quotient-rule numerator.

    Common powers come out first, so (f′h² − f·2h·h′)/h⁴ cancels down to
    (f′h − 2f·h′)/h³; what is left is multiplied out when small and its numeric
    content taken out: −2x² − 6x − 8 becomes −2(x² + 3x + 4).
    """
    if expr.has(Abs):
        expr = real_abs(expr)
    if not expr.is_Add or size(expr, _LARGE) > _LARGE:
        return expr
    # 2x + 2 inside a term hides the factor x + 1 that another term shows
    terms = [factor_terms(term) if term.is_Mul else term for term in expr.args]
    common = common_factor(Add(*terms))
    rest = Add(*[term / common for term in terms]) if common != 1 else expr
    if rest.is_Add and size(rest) <= _SMALL and expanded_terms(rest) <= _MAX_TERMS:
        rest = expand(rest, power_base=False, power_exp=False, log=False)
    if rest.is_Add:
        rest = factor_terms(rest)
    coeff, body = rest.as_coeff_Mul()
    if body.is_Add:
        content, body = body.primitive()
        coeff *= content
    if coeff == 1:
        return common * body
    # Unevaluated, or SymPy would multiply ½·(x + 2) straight back out to x/2 + 1; the
    # caller divides by g², after which the product is an ordinary (evaluated) one.
    return Mul(*[a for a in (coeff, common, body) if a != 1], evaluate=False)


def common_factor(expr: Expr) -> Expr:
    """The product of the powers (with constant exponents) that every term shares.

    A base that appears with different exponents comes out to the lowest one, so
    −x/(2√(x+1)) + √(x+1) shares (x + 1)^(−1/2).
    """
    powers = [term.as_powers_dict() for term in Add.make_args(expr)]
    common = []
    for base in powers[0]:
        if base.is_number:
            continue
        exponents = [p.get(base) for p in powers]
        if all(e is not None and e.is_Number for e in exponents):
            common.append(base ** min(exponents))
    return Mul(*common)


def degree_bound(expr: Expr, var: Symbol) -> int | None:
    """An upper bound on the degree of `expr` in `var`, or None when it is not a polynomial.

    Cheaper than `Poly`: a walk over the tree that adds degrees of factors.
    """
    if not expr.has(var):
        return 0
    if expr == var:
        return 1
    if expr.is_Add:
        parts = [degree_bound(a, var) for a in expr.args]
        return None if None in parts else max(parts)
    if expr.is_Mul:
        parts = [degree_bound(a, var) for a in expr.args]
        return None if None in parts else sum(parts)
    if expr.is_Pow and expr.exp.is_Integer and expr.exp >= 0:
        inner = degree_bound(expr.base, var)
        return None if inner is None else inner * int(expr.exp)
    return None


#: Most terms a multiplied-out result may have: (a + b + c + x)¹¹ would have 364.
_MAX_TERMS = 120


def expanded_terms(expr: Expr, limit: int = _MAX_TERMS) -> int:
    """An upper bound on the number of terms `expr` has multiplied out, capped past `limit`.

    Sums add, products multiply, a sum of t terms to the power k has at most
    C(t + k − 1, k): counted on the tree without expanding anything.
    """
    if expr.is_Add:
        total = 0
        for arg in expr.args:
            total += expanded_terms(arg, limit)
            if total > limit:
                return limit + 1
        return total
    if expr.is_Mul:
        total = 1
        for arg in expr.args:
            total *= expanded_terms(arg, limit)
            if total > limit:
                return limit + 1
        return total
    if expr.is_Pow and expr.exp.is_Integer and expr.exp > 1 and expr.base.is_Add:
        t, k = expanded_terms(expr.base, limit), int(expr.exp)
        return min(limit + 1, comb(t + k - 1, k)) if k < 4 * limit else limit + 1
    return 1


def polynomial(expr: Expr, var: Symbol, max_degree: int = 12) -> Expr:
    """`expr` multiplied out when it is a polynomial in `var` of modest degree, else unchanged.

    (x − 1)(x² + 1)′ reads 3x² − 2x + 1; (x² + 1)¹⁰(3x − 2)⁷ stays factored, and so does
    a product with more than `_MAX_TERMS` terms multiplied out, in any number of symbols.
    """
    bound = degree_bound(expr, var)
    if bound is None or bound > max_degree or expanded_terms(expr) > _MAX_TERMS:
        return expr
    return expand(expr)


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


#: Symbols written last in a sum, e.g. the step h of a difference quotient (2x + h).
_TRAILING: ContextVar[frozenset] = ContextVar("symtutor_trailing_symbols", default=frozenset())


@contextmanager
def trailing(*symbols: Symbol):
    """Within this block, `ordered_terms` puts terms with `symbols` last: x² + 2hx + h²."""
    token = _TRAILING.set(frozenset(symbols))
    try:
        yield
    finally:
        _TRAILING.reset(token)


def ordered_terms(expr: Expr) -> list[Expr]:
    """The terms of a sum in the order a teacher writes them (printouts and steps agree).

    SymPy's order, except that a polynomial's terms go by descending degree (wx + b,
    not b + wx), terms in the `trailing` symbols come last (2x + h), and a two-term
    sum starts with its positive term (ŷ − y, not −y + ŷ).
    """
    late = _TRAILING.get()
    # A printout asks for the same sum's order many times (every line that shows it),
    # and SymPy's sort computes each term's real and imaginary parts: remember it, by
    # identity (x + 1.0 == x + 1 in SymPy, but they print differently).
    hit = _ORDERED.get(id(expr))
    if hit is not None and hit[0] is expr and hit[1] == late:
        return list(hit[2])
    if len(_ORDERED) > 4096:
        _ORDERED.clear()
    terms = _ordered_terms(expr, late)
    _ORDERED[id(expr)] = (expr, late, tuple(terms))
    return terms


#: id(sum) -> (the sum, trailing symbols, its terms in order); holding the sum keeps its id unique.
_ORDERED: dict[int, tuple] = {}


def _ordered_terms(expr: Expr, late) -> list[Expr]:
    terms = list(expr.as_ordered_terms())
    degrees = [_monomial_degree(term) for term in terms]
    if None not in degrees:
        terms = [t for _, t in sorted(zip(degrees, terms), key=lambda pair: -pair[0])]
    if late and not late.isdisjoint(expr.free_symbols):
        terms.sort(key=lambda t: sum(_degree_in(t, s) for s in late))
    if len(terms) == 2 and terms[0].could_extract_minus_sign() and not terms[1].could_extract_minus_sign():
        terms.reverse()
    return terms


def _degree_in(term: Expr, symbol: Symbol) -> int:
    """The power of `symbol` in a product term (0 when it is absent or not a plain power)."""
    for factor in Mul.make_args(term):
        base, exponent = factor.as_base_exp()
        if base == symbol:
            return int(exponent) if exponent.is_Integer else 1
    return 1 if symbol in term.free_symbols else 0


def _monomial_degree(term: Expr) -> int | None:
    """Total degree of c·x^a·y^b… with whole a, b ≥ 0; None for anything else."""
    _, rest = term.as_coeff_Mul()
    degree = 0
    for factor in Mul.make_args(rest):
        base, exponent = factor.as_base_exp()
        if not base.is_Symbol or not (exponent.is_Integer and exponent > 0):
            if factor.is_number:
                continue
            return None
        degree += int(exponent)
    return degree
