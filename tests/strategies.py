"""Hypothesis strategies for random expressions, and the sympy.diff oracle they are checked by.

`expressions` draws nested expressions from every rule family the engine knows
(powers with negative and fractional exponents, products, quotients, exp, ln,
log base b, a^g, trig, inverse trig, hyperbolic and their inverses, sigmoid,
compositions, f^g with the variable in base and exponent, other symbols as
constants). Shared with the checker's tests.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import mpmath
from hypothesis import strategies as st
from sympy import (
    Derivative,
    Expr,
    Function,
    I,
    Integer,
    Rational,
    Subs,
    Symbol,
    diff,
    expand,
    log,
    nan,
    oo,
    pi,
    preorder_traversal,
    zoo,
)

from symtutor.answers.equivalence import NotCompilable, compile_real
from symtutor.notation import registry


def _families() -> tuple[tuple[type, ...], ...]:
    """The registry's functions grouped by rule family, inverses apart (sin... / arcsin...)."""
    groups: dict[tuple[str, bool], list[type]] = {}
    for cls, row in registry.classes().items():
        if row.family is not None:
            groups.setdefault((row.family, bool(row.inverse)), []).append(cls)
    return tuple(tuple(group) for group in groups.values())


#: Function families, each drawn as often as a sum or a product.
FAMILIES = _families()
_DRAWN = {f for family in FAMILIES for f in family}
EXPONENTS = tuple(
    Rational(p, q)
    for p, q in ((2, 1), (3, 1), (4, 1), (-1, 1), (-2, 1), (-3, 1), (1, 2), (1, 3), (-1, 2), (3, 2))
)
CONSTANTS = (
    Integer(1),
    Integer(2),
    Integer(3),
    Integer(-1),
    Integer(5),
    Rational(1, 2),
    Rational(-3, 4),
    pi,
)
BASES = (Integer(2), Integer(3), Integer(10), Rational(1, 2))


def _ok(expr: Expr, var: Symbol) -> bool:
    # zoo/nan come from things like 1/0 or log(0); SymPy's diff of them is meaningless.
    # Towers like 10^(10^(10^x)) or x^(x^x) overflow any numeric check, so at most two
    # powers with a non-constant exponent.
    # SymPy rewrites |2^x| as 2^re(x): only the functions we drew may remain.
    towers = sum(1 for node in preorder_traversal(expr) if node.is_Pow and not node.exp.is_Number)
    return (
        towers <= 2
        and not expr.has(zoo, nan, oo, -oo, I)
        and all(type(f) in _DRAWN for f in expr.atoms(Function))
        and expr.count_ops() <= 40
        and _real_constants(expr)
        and _has_real_point(expr, var)
    )


def _has_real_point(expr: Expr, var: Symbol) -> bool:
    """Whether `same_derivative` will find a point where `expr` is real and SymPy's derivative
    has a value (checked in 40 digits, not only in floats).

    asec(sech((2x)^(−x))) is real nowhere (sech < 1 off 0), yet sech of (30.2)^(−15.1)
    ≈ 1 − 1e−45 rounds to 1 even in 40 digits and asec(1) = 0: the expression looks real
    at x = 15.1, but its derivative (a 0 under a square root in the denominator) is not.
    """
    names = sorted(expr.free_symbols, key=str)
    if not names:  # a constant: real if it has a finite float value
        return next(_wide_points(expr, []), None) is not None
    want, real = oracle(expr, var)
    body = expr.xreplace(real)
    names = sorted(real.values(), key=str)
    with mpmath.workdps(40):
        return any(
            _real_domain(body, at) and _value(want, at) is not None for at in _points(body, names)
        )


def _real_constants(expr: Expr) -> bool:
    # Complex constants such as atanh(2) or acosh(1/2) make SymPy's Heaviside raise
    # ("defined only for real values") while it differentiates relu(x + atanh(2)).
    # 0**(x*y) has no derivative worth checking either (SymPy gives zoo·0^(xy)).
    for node in preorder_traversal(expr):
        if node.is_Pow and node.base.is_zero:
            return False
        if node.is_number and not node.is_Atom:
            try:
                im = node.evalf(15).as_real_imag()[1]
                if not im.is_zero and abs(im) > 1e-12:
                    return False
            except (TypeError, ValueError):  # nan and friends: not comparable
                return False
    return True


def _power(base: Expr, n: Expr) -> Expr:
    # SymPy computes 10**(10**100) exactly and hangs: keep numbers small (nan is filtered out).
    if base is nan or n is nan:
        return nan
    if base.is_Number and n.is_Number and (abs(n) > 10 or abs(base) > 10**6):
        return nan
    return base**n


def _apply(function, arg: Expr) -> Expr:
    # relu(nan) and relu(I) raise while SymPy evaluates Max: nan is filtered out.
    try:
        return function(arg)
    except (TypeError, ValueError):
        return nan


#: Ways to combine subexpressions, drawn uniformly (each function family counts once).
SHAPES = ("add", "sub", "mul", "div", "scale", "power", "a^g", "log_b", "f^g") + tuple(
    range(len(FAMILIES))
)


@st.composite
def _tree(draw, symbols: tuple[Symbol, ...], depth: int) -> Expr:
    if depth <= 0 or draw(st.integers(0, 3)) == 0:
        return draw(
            st.one_of(st.just(symbols[0]), st.sampled_from(symbols), st.sampled_from(CONSTANTS))
        )
    shape = draw(st.sampled_from(SHAPES))

    def sub() -> Expr:
        return draw(_tree(symbols, depth - 1))

    if isinstance(shape, int):
        return _apply(draw(st.sampled_from(FAMILIES[shape])), sub())
    if shape == "add":
        return sub() + sub()
    if shape == "sub":
        return sub() - sub()
    if shape == "mul":
        return sub() * sub()
    if shape == "div":
        return sub() / sub()
    if shape == "scale":
        return draw(st.sampled_from(CONSTANTS)) * sub()
    if shape == "power":
        return _power(sub(), draw(st.sampled_from(EXPONENTS)))
    if shape == "a^g":
        return _power(draw(st.sampled_from(BASES)), sub())
    if shape == "log_b":
        return log(sub(), draw(st.sampled_from(BASES)))
    # f(x)^g(x): the variable in both base and exponent
    return (sub() + symbols[0]) ** (sub() * symbols[0])


def expressions(variables: Sequence[str] = ("x",), max_depth: int = 3) -> st.SearchStrategy[Expr]:
    """Random nested expressions in `variables` (the first is the one differentiated).

    Args:
        variables: symbol names; the others appear as constants in partial derivatives.
        max_depth: how deeply operations nest.
    """
    symbols = tuple(Symbol(name) for name in variables)
    return _tree(symbols, max_depth).filter(lambda expr: _ok(expr, symbols[0]))


#: Real values tried for every symbol when exact comparison is inconclusive.
POINTS = tuple(Rational(n, 100) for n in (73, 137, -61, 191, 31, -153, 113))
#: Values tried, in every combination, when no point of `POINTS` is in the real domain.
WIDE = tuple(
    Rational(n, 100) for n in (5, -7, 23, -29, 93, -97, 107, -113, 290, -310, 430, -470, 790, -830, 1510, -1730)
)
#: Points compared before a derivative counts as equal.
MIN_COMPARED = 7
#: Most points of the wide grid tried in exact arithmetic (each costs an evalf per node).
WIDE_TRIED = 24


def oracle(expr: Expr, var: Symbol) -> tuple[Expr, dict]:
    """sympy.diff on real symbols (|x| has no derivative over the complex numbers).

    Returns the derivative and the map from the original symbols to the real ones.
    """
    real = {s: Symbol(s.name, real=True) for s in expr.free_symbols | {var}}
    return diff(expr.xreplace(real), real[var]), real


def same_derivative(result: Expr, expr: Expr, var: Symbol) -> bool | None:
    """Whether `result` equals d`expr`/d`var` by sympy.diff: exactly, else at real points.

    Returns None when no point could be compared (all undefined or complex there).
    """
    want, real = oracle(expr, var)
    got = result.xreplace(real)
    if got == want:
        return True
    if want.has(Derivative, Subs):
        return None  # SymPy could not differentiate it either
    if got.count_ops() + want.count_ops() < 60 and expand(got - want) == 0:
        return True
    compared = 0
    names = sorted(real.values(), key=str)
    with mpmath.workdps(40):
        for at in _points(expr.xreplace(real), names):
            if not _real_domain(expr.xreplace(real), at):
                continue  # outside the function's real domain (acosh at x < −1, ...)
            a, b = _value(got, at), _value(want, at)
            if a is None or b is None:
                continue
            if abs(a - b) > mpmath.mpf("1e-15") * max(1, abs(a), abs(b)):
                return False
            compared += 1
            if compared >= MIN_COMPARED:
                break
    return True if compared else None


def _points(expr: Expr, names: list[Symbol]):
    """`POINTS` along the diagonal, then a few `WIDE` points where `expr` is real in floats.

    asec(ln(x + y)) is real only where x + y ≥ e or ≤ 1/e: the wide grid finds such points
    (a float pre-check, cheap, before the exact one in `same_derivative`).
    """
    for i in range(len(POINTS)):
        yield {s: POINTS[(i + j) % len(POINTS)] for j, s in enumerate(names)}
    yield from itertools.islice(_wide_points(expr, names), WIDE_TRIED)


def _wide_points(expr: Expr, names: list[Symbol]):
    """Points of the `WIDE` grid where `expr` has a finite real value in floating point.

    The expressions drawn are all real somewhere (asec(tanh x) is real nowhere: no
    derivative to compare, so `expressions` does not draw it).
    """
    try:
        fn = compile_real(expr, names)
    except NotCompilable:
        return
    for values in itertools.product(POINTS + WIDE, repeat=len(names)):
        if len(set(values)) < len(values):
            continue  # x = y is a degenerate point (|x − y| has a kink there), as the diagonal avoids
        try:
            value = fn(tuple(float(v) for v in values))
        except (ArithmeticError, ValueError, TypeError):
            continue
        if isinstance(value, float) and math.isfinite(value):
            yield dict(zip(names, values))


def _real_domain(expr: Expr, at: dict) -> bool:
    """Whether `expr` and every function and power inside it are real at the point.

    sinh(x − acosh x) is real at x = −1.5 although acosh x is not: the textbook
    derivative of acosh (for x > 1) and SymPy's principal branch differ there.
    """
    return all(
        _value(node, at) is not None
        for node in preorder_traversal(expr)
        if node.is_Function or node.is_Pow or node is expr
    )


def _value(expr: Expr, at: dict):
    """`expr` at the point, as a real mpf, or None where it is undefined, infinite or complex."""
    if _exactly_undefined(expr, at):
        return None
    try:
        # maxn caps SymPy's adaptive precision, which can otherwise chase a cancellation for seconds
        value = expr.evalf(40, subs=at, maxn=60)
    except ValueError:  # e.g. relu of a complex number: not comparable
        return None
    if value.is_Float:
        re, im = value, Integer(0)
    else:
        re, im = value.as_real_imag()
        if not (re.is_Float or re.is_zero) or not (im.is_Float or im.is_zero):
            return None  # undefined there (zoo, nan) or not a number at all
    re = mpmath.mpf(re._mpf_) if re.is_Float else mpmath.mpf(0)
    im = mpmath.mpf(im._mpf_) if im.is_Float else mpmath.mpf(0)
    if not mpmath.isfinite(re) or not mpmath.isfinite(im):
        return None
    if abs(im) > mpmath.mpf("1e-25") * max(1, abs(re)):
        return None  # outside the real domain: complex values are not what a course compares
    if abs(re) > 10**30:
        return None  # near a pole, or 0^(...) evaluated through a cancellation: not comparable
    return re


def _exactly_undefined(expr: Expr, at: dict) -> bool:
    """Whether `expr` is exactly infinite or undefined at the (rational) point.

    evalf with subs cannot see an exact cancellation: x + |x| at x = −0.61 comes out as
    0.e-130, and log of it as a finite −321.6, so ln(x + |x|) would look defined where it
    is log(0). Substituting the rationals exactly gives zoo there.
    """
    try:
        exact = expr.xreplace(at)
    except (ArithmeticError, ValueError, TypeError):
        return True
    return exact.has(zoo, nan, oo, -oo)
