"""Decide whether a learner's expression is the same function as the expected one.

Layers, cheapest first (after STACK's answer tests and WeBWorK's MathObjects):

1. Structural: the two SymPy trees are identical.
2. Numeric: both are evaluated at the same deterministic sample of real points
   (both signs, magnitudes 0.1 to 10, never integers, so ``sin(πx)`` cannot hide
   behind integer points) by closures compiled once from the tree over `math`.
   Points where the expected expression is undefined are skipped; a learner's
   answer undefined where the expected one is defined is a *domain mismatch*.
   Every float disagreement is re-checked at 60 digits with `mpmath` at the exact
   rational point before it counts, so cancellation (``101(x−1)^100`` against its
   expansion) cannot fool the comparison; every float agreement is confirmed the
   same way at two points, so ``3x² + 0.0000001`` is not mistaken for ``3x²``.
3. Complex points (principal branches, `cmath`) decide when fewer than three real
   points are usable.
4. Symbolic: ``expand``/``simplify`` of the difference, only for small expressions
   and only when no point at all could be evaluated (SymPy's ``simplify`` has no
   time bound of its own).

Semantics chosen (documented for learners and graders): expressions are read as
*real* functions. A real point where a logarithm's argument is not positive, a
square root's is negative, or ``asin`` gets |x| > 1 is a point where the
expression is undefined; odd roots of negative numbers are real
(``(−8)^(1/3) = −2``). Hence ``log(x²)`` and ``2·log(x)`` are *not* equivalent:
they agree for x > 0, but only the first is defined for x < 0 (a learner who
writes ``2 log x`` for ``log(x²)`` gets a domain-mismatch verdict; the reverse is
accepted, because points where the expected answer is undefined are skipped).
``sqrt(x²)`` is ``|x|``, not ``x``. A removable hole is *not* detected:
``(x²−1)/(x−1)`` is accepted for ``x + 1``, since they agree wherever both are
defined and a sample never lands on the single point x = 1.

`Reference.compare` (derivative answers, vectors, check-steps) skips points where the
expected expression is undefined. `DomainReference.compare_domains` (the ``expr``
kind, issue 12) compares domains both ways: a domain is the set of real points where
an expression is defined, and two domains differ when they differ on a set of
positive measure (seen at random points of every sign pattern, magnitudes 0.1 to
about 32). It also evaluates both sides at *special points*, every combination of
−2, −1, −½, ½, 2, 3: a disagreement where both are defined there is a difference
(``(a^b)^c`` and ``a^(bc)`` differ at a = −1, b = 2, c = ½, although for almost every
a < 0 neither is defined), while a side undefined there is only a hole. Letters the
answer uses and the expected expression does not are sampled too: an answer
undefined for some of their values at every point (``log(a^x, a)`` for ``x`` needs
a > 0) is equal *where both are defined*, a condition on those letters.
"""

from __future__ import annotations

import cmath
import functools
import itertools
import math
import random
import zlib
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Callable, Sequence

import mpmath
import sympy
from sympy.core.function import AppliedUndef

from symtutor.derivation.tidy import size

#: Relative tolerance of the float comparison, and its absolute floor near zero.
RTOL = 1e-9
ATOL = 1e-12
#: Digits used to confirm a comparison with mpmath, and the tolerance there.
MP_DPS = 60
#: Digits for a second look when 60 digits say "different" (cancellation of up
#: to ~200 digits, as in an expanded (x−1)^100 near x = 1, still cannot fool it).
MP_DPS_HIGH = 260
#: Most extra digits used to confirm an agreement where values are huge (see
#: `Reference._confirm_agreement`); past 10^1000, "+ 1" goes unnoticed.
MP_EXTRA_MAX = 1000
MP_RTOL = mpmath.mpf(10) ** -30
MP_ATOL = mpmath.mpf(10) ** -40
#: Below this, a difference in `MP_DPS_HIGH` digits may be cancellation noise.
_NOISE_FLOOR = mpmath.mpf(10) ** -200
#: Real sample size, complex sample size, and how many agreements mpmath confirms.
N_REAL = 14
N_COMPLEX = 6
N_CONFIRM = 2
#: Extra real points for an expression that was 0 at every first sample point.
N_DENSE = 64
#: Fewer usable real points than this and the complex points decide.
MIN_POINTS = 3
#: Sample points are k/1009: a prime denominator keeps them off integers and
#: half-integers, so sin(n·π·x) is never accidentally zero for small n.
_DENOM = 1009
#: Guards that keep mpmath from building numbers too large to hold.
_MP_EXP_LIMIT = 1e7
_MP_TRIG_LIMIT = 1e12
#: Node-count limit for the symbolic layer (expand/simplify are unbounded in time).
SYMBOLIC_NODES = 30
#: Extra real points a `DomainReference` compares domains at, and their largest
#: magnitude (a power of ten).
N_DOMAIN = 64
DOMAIN_TOP = 1.5
#: Samples of the letters only the answer uses (each crossed with all the points).
N_PARAMS = 16
#: Values of every letter at the special points, and the most special points used.
SPECIAL_VALUES = (-2, -1, -0.5, 0.5, 2, 3)
MAX_SPECIAL = 256
#: Points tried when confirming that one side is undefined where the other is not.
DOMAIN_TRIES = 4

Values = tuple  # one entry per sample point: a number, or None where undefined


class Undefined(ArithmeticError):
    """The expression has no real value at this point (outside its domain)."""


class TooBig(ArithmeticError):
    """The value at this point is too large for the arithmetic being used."""


class NotCompilable(ValueError):
    """The expression holds something the evaluator does not know (e.g. ``f(x)``)."""


# ---------------------------------------------------------------------------
# Sample points


@dataclass(frozen=True, slots=True)
class Point:
    """One sample point: exact rational coordinates and their float images."""

    exact: tuple[Fraction, ...]
    floats: tuple[float, ...]

    def describe(self, variables: Sequence[sympy.Symbol]) -> str:
        """``x = 1.5, y = -0.5`` (floats rounded for reading)."""
        return ", ".join(f"{v} = {format_value(x)}" for v, x in zip(variables, self.floats))


def seed_for(key: str) -> int:
    """A stable seed from a problem's text (Python's `hash` changes per process)."""
    return zlib.crc32(key.encode("utf-8"))


def _numerator(rng: random.Random, top: float = 1.0) -> int:
    """k > 0 with k/1009 log-uniform over 0.1..10^top, never an integer."""
    while True:
        k = round(10 ** rng.uniform(-1.0, top) * _DENOM)
        if k % _DENOM:
            return k


def _point(exact) -> Point:
    exact = tuple(exact)
    return Point(exact, tuple(float(x) for x in exact))


def real_points(n_vars: int, seed: int, n: int = N_REAL) -> tuple[Point, ...]:
    """`n` points with both signs and magnitudes spread log-uniformly over 0.1..10."""
    rng = random.Random(seed)
    points = []
    for i in range(n):
        exact = []
        for j in range(n_vars):
            k = _numerator(rng)
            # Alternate signs so every variable is negative at half the points.
            negative = (i + j) % 2 == 1 if n_vars == 1 else rng.random() < 0.5
            exact.append(Fraction(-k if negative else k, _DENOM))
        points.append(_point(exact))
    return tuple(points)


def domain_points(n_vars: int, seed: int, n: int = N_DOMAIN) -> tuple[Point, ...]:
    """Points for telling domains apart: every sign pattern of up to 4 letters in turn.

    Magnitudes reach 10^1.5 (about 32), so a domain such as x > 5 (√(x − 3)·√(x − 5))
    is sampled too; with random signs a domain that is one orthant of three letters
    would be missed one time in seven.
    """
    rng = random.Random(seed ^ 0xD0A1)
    patterns = 2 ** n_vars if n_vars <= 4 else 0
    count = max(n, 2 * patterns)
    points = []
    for i in range(count):
        exact = []
        for j in range(n_vars):
            negative = (i >> j) & 1 == 1 if patterns else rng.random() < 0.5
            k = _numerator(rng, DOMAIN_TOP)
            exact.append(Fraction(-k if negative else k, _DENOM))
        points.append(_point(exact))
    return tuple(points)


@functools.lru_cache(maxsize=8)
def _special_grid(n_vars: int) -> tuple[Point, ...]:
    values = tuple(Fraction(v) for v in SPECIAL_VALUES)
    return tuple(_point(p) for p in itertools.product(values, repeat=n_vars))


def is_special(point: Point) -> bool:
    """Whether `point` is one of the `special_points` (every coordinate a special value)."""
    return bool(point.exact) and all(x in SPECIAL_VALUES for x in point.floats)


def special_points(n_vars: int, seed: int) -> tuple[Point, ...]:
    """Every combination of `SPECIAL_VALUES` (a sample of `MAX_SPECIAL` past 3 letters).

    Where both sides are defined at such a point they must agree: (a^b)^c and a^(bc)
    differ at a = −1, b = 2, c = 1/2 although both are undefined at almost every
    point with a < 0. The values are exact in binary, so the 60-digit check sees the
    same exponents as the float one (2·(1/2) is exactly 1 in both).
    """
    if len(SPECIAL_VALUES) ** n_vars <= MAX_SPECIAL:
        return _special_grid(n_vars)
    values = tuple(Fraction(v) for v in SPECIAL_VALUES)
    rng = random.Random(seed ^ 0x5BEC)
    return tuple(_point(rng.choice(values) for _ in range(n_vars)) for _ in range(MAX_SPECIAL))


def complex_points(n_vars: int, seed: int, n: int = N_COMPLEX) -> tuple[tuple[complex, ...], ...]:
    """`n` points off the real axis, for expressions undefined at most real points."""
    rng = random.Random(seed ^ 0x5EED)
    def part() -> float:
        return rng.choice((-1, 1)) * 10 ** rng.uniform(-0.7, 0.7)

    return tuple(tuple(complex(part(), part()) for _ in range(n_vars)) for _ in range(n))


#: Friendly coordinates for counterexamples shown to learners.
NICE_VALUES = (1.5, 0.5, 2.5, -1.5, -0.5, 3.5, 2, 1, -1, -2.5)


def nice_points(n_vars: int) -> tuple[Point, ...]:
    """Points a learner can check by hand, in order of preference."""
    out = []
    for k in range(len(NICE_VALUES)):
        exact = tuple(Fraction(NICE_VALUES[(k + j) % len(NICE_VALUES)]) for j in range(n_vars))
        out.append(Point(exact, tuple(float(x) for x in exact)))
    return tuple(out)


# ---------------------------------------------------------------------------
# Compiling an expression into closures


def _real_pow_rational(p: int, q: int) -> Callable[[float], float]:
    """b^(p/q) for real b: odd roots of negatives are real, even roots undefined."""
    e = p / q
    if q == 2 and p == 1:
        return math.sqrt
    if q % 2 == 1:

        def odd_root(b: float) -> float:
            if b < 0:
                r = math.pow(-b, e)
                return -r if p % 2 else r
            return math.pow(b, e)

        return odd_root
    return lambda b: math.pow(b, e)


def _mp_pow(b, e):
    """Real-valued b^e in mpmath, refusing numbers too large to hold."""
    if b == 0:
        if e > 0:
            return mpmath.mpf(0)
        raise Undefined("0 to a non-positive power")
    if abs(e * mpmath.log(abs(b))) > _MP_EXP_LIMIT:
        raise TooBig("power too large")
    if b < 0:
        if mpmath.isint(e):
            return mpmath.power(b, e)
        raise Undefined("negative base, non-integer power")
    return mpmath.power(b, e)


def _mp_pow_rational(p: int, q: int):
    e = mpmath.mpf(p) / q

    def pw(b):
        if b < 0 and q % 2 == 1:
            r = _mp_pow(-b, e)
            return -r if p % 2 else r
        return _mp_pow(b, e)

    return pw


def _guard(limit: float, fn: Callable) -> Callable:
    def guarded(x):
        if abs(x) > limit:
            raise TooBig("argument too large")
        return fn(x)

    return guarded


def _domain(test: Callable[[Any], bool], fn: Callable) -> Callable:
    def checked(x):
        if not test(x):
            raise Undefined("outside the domain")
        return fn(x)

    return checked


def _function_tables():
    """SymPy function class -> evaluator, for each of the three arithmetics (from the registry)."""
    from symtutor.notation import registry

    limits = {"trig": _MP_TRIG_LIMIT, "exp": _MP_EXP_LIMIT}
    real, cplx, mp = {}, {}, {}
    for cls, row in registry.classes().items():
        if row.real is not None:
            real[cls] = row.real
        if row.complex is not None:
            cplx[cls] = row.complex
        if row.mp is not None:
            fn = functools.partial(row.mp, mpmath)
            if row.domain is not None:
                fn = _domain(row.domain[0], fn)
            if row.mp_guard:
                fn = _guard(limits[row.mp_guard], fn)
            mp[cls] = fn
    return {"real": real, "complex": cplx, "mp": mp}


_TABLES: dict | None = None


def _tables():
    global _TABLES
    if _TABLES is None:
        _TABLES = _function_tables()
    return _TABLES


def _constant(value: sympy.Expr, mode: str):
    """A SymPy number as a float, complex or mpf (raises TooBig past float range)."""
    if value.is_Rational:
        p, q = int(value.p), int(value.q)
        if mode == "mp":
            return mpmath.mpf(p) / q
        try:
            x = p / q
        except OverflowError as exc:
            raise TooBig("constant beyond float range") from exc
        return complex(x) if mode == "complex" else x
    if mode == "mp":
        return mpmath.mpmathify(value.evalf(MP_DPS + 5))
    if mode == "complex":
        return complex(value.evalf(20))
    if value.is_extended_real is False:
        raise Undefined("non-real constant")
    x = float(value.evalf(20))
    if not math.isfinite(x):
        raise TooBig("constant beyond float range")
    return x


def compile_real(expr: sympy.Expr, variables: Sequence[sympy.Symbol]) -> Callable:
    """`expr` as a float function of a tuple of coordinates (in `variables`' order).

    It raises as math does (ValueError, ZeroDivisionError, OverflowError) or
    `Undefined`/`TooBig`; `Evaluator.real` and `plotting.compile_numeric` each map
    those to their own conventions. Raises NotCompilable for what it cannot evaluate.
    """
    return _compile(expr, {v: i for i, v in enumerate(variables)}, "real")


def _compile(expr: sympy.Expr, index: dict, mode: str, memo: dict | None = None) -> Callable:
    """Walk `expr` once into nested closures taking a tuple of coordinates.

    `memo` shares the closure of a repeated sub-expression (derivatives repeat
    their pieces a lot), so compiling costs the size of the DAG, not of the tree.
    """
    if memo is None:
        memo = {}
    hit = memo.get(expr)
    if hit is not None:
        return hit
    fn = _compile_node(expr, index, mode, memo)
    memo[expr] = fn
    return fn


def _compile_node(expr: sympy.Expr, index: dict, mode: str, memo: dict) -> Callable:
    if expr.is_Symbol:
        if expr not in index:
            raise NotCompilable(f"unknown symbol {expr}")
        i = index[expr]
        return lambda v: v[i]
    if expr.is_Number or expr.is_NumberSymbol or expr is sympy.I:
        if expr in (sympy.nan, sympy.zoo, sympy.oo, sympy.S.NegativeInfinity):
            return _raiser(Undefined("infinite or undefined constant"))
        try:
            c = _constant(expr, mode)
        except (Undefined, TooBig) as exc:
            return _raiser(exc)
        return lambda v: c
    if expr.is_Add:
        parts = [_compile(a, index, mode, memo) for a in expr.args]
        if len(parts) == 2:
            a, b = parts
            return lambda v: a(v) + b(v)
        return lambda v: sum(p(v) for p in parts)
    if expr.is_Mul:
        parts = [_compile(a, index, mode, memo) for a in expr.args]
        if len(parts) == 2:
            a, b = parts
            return lambda v: a(v) * b(v)

        def product(v):
            r = parts[0](v)
            for p in parts[1:]:
                r = r * p(v)
            return r

        return product
    if expr.is_Pow:
        return _compile_pow(expr, index, mode, memo)
    func = _tables()[mode].get(expr.func)
    if func is not None and isinstance(expr, sympy.Heaviside):
        # Heaviside(z, H0) carries its value at 0 as a second argument; a sample
        # point never lands exactly on the step.
        arg = _compile(expr.args[0], index, mode, memo)
        return lambda v: func(arg(v))
    if func is not None and len(expr.args) == 1:
        arg = _compile(expr.args[0], index, mode, memo)
        return lambda v: func(arg(v))
    if isinstance(expr, (sympy.Max, sympy.Min)) and mode != "complex":
        parts = [_compile(a, index, mode, memo) for a in expr.args]
        pick = max if isinstance(expr, sympy.Max) else min
        return lambda v: pick(p(v) for p in parts)
    if isinstance(expr, AppliedUndef):
        raise NotCompilable(f"unknown function {expr.func}")
    raise NotCompilable(f"cannot evaluate {type(expr).__name__}")


def _raiser(exc: Exception) -> Callable:
    def fail(v):
        raise exc

    return fail


def _compile_pow(expr: sympy.Expr, index: dict, mode: str, memo: dict) -> Callable:
    base_expr, exp_expr = expr.args
    base = _compile(base_expr, index, mode, memo)
    if exp_expr.is_Integer:
        n = int(exp_expr)
        if mode == "mp":
            if abs(n) > 10**6:
                return lambda v: _mp_pow(base(v), n)
            return lambda v: base(v) ** n
        if n == 2:
            return lambda v: (lambda b: b * b)(base(v))
        if n == -1:
            return lambda v: 1 / base(v)
        return lambda v: base(v) ** n
    if exp_expr.is_Rational:
        p, q = int(exp_expr.p), int(exp_expr.q)
        if mode == "real":
            pw = _real_pow_rational(p, q)
        elif mode == "mp":
            pw = _mp_pow_rational(p, q)
        else:
            e = p / q
            return lambda v: _complex_pow(base(v), e)
        return lambda v: pw(base(v))
    exponent = _compile(exp_expr, index, mode, memo)
    if mode == "real":
        return lambda v: math.pow(base(v), exponent(v))
    if mode == "mp":
        return lambda v: _mp_pow(base(v), exponent(v))
    return lambda v: _complex_pow(base(v), exponent(v))


def _complex_pow(b, e):
    if b == 0:
        if getattr(e, "real", e) > 0:
            return 0j
        raise Undefined("0 to a non-positive power")
    return cmath.exp(e * cmath.log(b))


class Evaluator:
    """An expression compiled once, evaluated at many points.

    `real(point)` returns a float, or raises `Undefined` (outside the real domain)
    or `TooBig` (beyond float range; `mp` can still tell). `complex_(z)` uses
    principal branches. `mp(point)` evaluates at the exact rational point with
    `MP_DPS` digits, under real semantics.
    """

    __slots__ = ("expr", "variables", "_index", "_real", "_complex", "_mp", "_fallback")

    def __init__(self, expr: sympy.Expr, variables: Sequence[sympy.Symbol]):
        self.expr = expr
        self.variables = tuple(variables)
        self._index = {v: i for i, v in enumerate(self.variables)}
        self._complex = None
        self._mp: dict[int, Callable] = {}
        self._fallback = False
        try:
            self._real = _compile(expr, self._index, "real")
        except NotCompilable:
            # Something our tables lack: let SymPy evaluate it (slow, but correct).
            self._fallback = True
            self._real = None

    def real(self, point: Point) -> float:
        if self._fallback:
            return _as_real(self._evalf(point.exact, 20))
        try:
            value = self._real(point.floats)
        except (ValueError, ZeroDivisionError) as exc:
            raise Undefined(str(exc)) from exc
        except OverflowError as exc:
            raise TooBig(str(exc)) from exc
        except TypeError as exc:  # a complex slipped through (e.g. floor of a complex)
            raise Undefined(str(exc)) from exc
        if isinstance(value, complex):
            raise Undefined("non-real value")
        value = float(value)
        if not math.isfinite(value):
            if math.isnan(value):
                raise Undefined("not a number")
            raise TooBig("infinite in float arithmetic")
        return value

    def complex_(self, z: tuple[complex, ...]) -> complex:
        if self._complex is None:
            self._complex = _compile(self.expr, self._index, "complex")
        try:
            value = complex(self._complex(z))
        except (ValueError, ZeroDivisionError, TypeError) as exc:
            raise Undefined(str(exc)) from exc
        except OverflowError as exc:
            raise TooBig(str(exc)) from exc
        if not (math.isfinite(value.real) and math.isfinite(value.imag)):
            raise TooBig("not finite")
        return value

    def mp(self, point: Point, dps: int = MP_DPS):
        with mpmath.workdps(dps):
            if self._fallback:
                return mpmath.mpf(_as_real(self._evalf(point.exact, dps)))
            if dps not in self._mp:
                # Constants are rounded at compile time, so each precision has its own closure.
                self._mp[dps] = _compile(self.expr, self._index, "mp")
            coords = tuple(mpmath.mpf(x.numerator) / x.denominator for x in point.exact)
            try:
                value = self._mp[dps](coords)
            except (ValueError, ZeroDivisionError) as exc:
                raise Undefined(str(exc)) from exc
            except (OverflowError, MemoryError) as exc:
                raise TooBig(str(exc)) from exc
            if isinstance(value, mpmath.mpc):
                if value.imag != 0:
                    raise Undefined("non-real value")
                value = value.real
            value = mpmath.mpf(value)
            if not mpmath.isfinite(value):
                raise Undefined("not finite")
            return value

    def _evalf(self, exact, digits: int):
        subs = {v: sympy.Rational(x.numerator, x.denominator) for v, x in zip(self.variables, exact)}
        try:
            value = self.expr.evalf(digits, subs=subs)
        except (ValueError, TypeError, ArithmeticError) as exc:
            # SymPy refuses some functions off their real domain (Heaviside of a complex).
            raise Undefined(str(exc)) from exc
        if value.has(sympy.nan, sympy.zoo, sympy.oo, sympy.S.NegativeInfinity) or not value.is_number:
            raise Undefined("no value")
        return value


def _as_real(value) -> float:
    re, im = value.as_real_imag()
    if abs(float(im)) > 1e-12 * max(1.0, abs(float(re))):
        raise Undefined("non-real value")
    x = float(re)
    if not math.isfinite(x):
        raise TooBig("not finite")
    return x


def evaluate(ev: Evaluator, points: Sequence[Point], mp_fallback: bool = True) -> Values:
    """Real values of `ev` at `points`: a float, an mpf (beyond float range), or None (undefined).

    Without `mp_fallback`, a value beyond float range is None too (cheaper).
    """
    out = []
    for point in points:
        try:
            out.append(ev.real(point))
        except Undefined:
            out.append(None)
        except TooBig:
            if not mp_fallback:
                out.append(None)
                continue
            try:
                out.append(ev.mp(point))
            except (Undefined, TooBig):
                out.append(None)
    return tuple(out)


def close(a, b, rtol: float = RTOL, atol: float = ATOL) -> bool:
    """a ≈ b relatively (absolutely, near zero); works for floats, complex and mpf."""
    if a == b:
        return True
    if isinstance(a, mpmath.mpf) or isinstance(b, mpmath.mpf):
        a, b = mpmath.mpf(a), mpmath.mpf(b)
        return abs(a - b) <= rtol * max(abs(a), abs(b)) + atol
    return abs(a - b) <= rtol * max(abs(a), abs(b)) + atol


def mp_close(a, b, dps: int = MP_DPS) -> bool:
    """The high-precision comparison that confirms or overrules the float one."""
    with mpmath.workdps(dps):
        return abs(a - b) <= MP_RTOL * max(abs(a), abs(b)) + MP_ATOL


# ---------------------------------------------------------------------------
# Comparing against a reference


@dataclass(frozen=True, slots=True)
class Comparison:
    """The outcome of comparing an answer with the reference expression.

    Attributes:
        outcome: "equal", "different", "domain" (undefined where the reference is
            defined, equal elsewhere) or "unknown" (nothing could be evaluated);
            `DomainReference.compare_domains` adds "wider" (defined where the
            reference is not, equal elsewhere) and "where_defined" (equal wherever
            both are defined; the answer is undefined only for some values of letters
            the reference does not use).
        point: the deciding point (a disagreement or an undefined answer), if any.
        answer_value: the answer's value there (None when undefined).
        expected_value: the reference's value there.
        how: which layer decided: "structural", "numeric", "complex", "symbolic".
    """

    outcome: str
    point: Point | None = None
    answer_value: Any = None
    expected_value: Any = None
    how: str = "numeric"

    @property
    def equal(self) -> bool:
        return self.outcome == "equal"


class Reference:
    """An expected expression with its values at the sample points, computed once.

    Args:
        expr: the expected expression.
        variables: the symbols, in a fixed order (values are given in this order).
        key: text that seeds the sample points (the problem), so a problem always
            gets the same points.
    """

    def __init__(self, expr: sympy.Expr, variables: Sequence[sympy.Symbol], key: str):
        self._start(expr, variables, seed_for(key), real_points(len(variables), seed_for(key)))
        if _all_negligible(expr, self.values):
            extra = real_points(len(self.variables), self.seed ^ 0xD15E, N_DENSE)
            self.points += extra
            self.values += evaluate(self.evaluator, extra)
            self.usable = tuple(i for i, v in enumerate(self.values) if v is not None)

    def _start(self, expr: sympy.Expr, variables: Sequence[sympy.Symbol], seed: int,
               points: tuple[Point, ...]) -> None:
        """Evaluate `expr` at `points` and reset the lazily computed parts."""
        self.expr = expr
        self.variables = tuple(variables)
        self.seed = seed
        self.points = points
        self.evaluator = Evaluator(expr, self.variables)
        self.values = evaluate(self.evaluator, self.points)
        self.usable = tuple(i for i, v in enumerate(self.values) if v is not None)
        self._complex_points = None
        self._complex_values = None
        self._confirm: tuple[int, ...] | None = None
        self._mp_cache: dict[int, Any] = {}

    # -- lazily computed parts -------------------------------------------------

    def complex_values(self):
        if self._complex_values is None:
            self._complex_points = complex_points(len(self.variables), self.seed)
            values = []
            for z in self._complex_points:
                try:
                    values.append(self.evaluator.complex_(z))
                except (Undefined, TooBig, NotCompilable):
                    values.append(None)
            self._complex_values = tuple(values)
        return self._complex_points, self._complex_values

    def confirm_points(self) -> tuple[int, ...]:
        """The points (indices) where an agreement is confirmed at 60 digits.

        Found on first use: a problem whose answers are all wrong never pays for it.
        """
        if self._confirm is None:
            chosen = []
            # The smallest values first: there a wrong "+ 1" is not lost next to 10^100.
            for i in sorted(self.usable, key=lambda k: abs(self.values[k])):
                if len(chosen) == N_CONFIRM:
                    break
                if self.mp_value(i) is not None:
                    chosen.append(i)
            self._confirm = tuple(chosen)
        return self._confirm

    def mp_value(self, i: int):
        if i not in self._mp_cache:
            try:
                self._mp_cache[i] = self.evaluator.mp(self.points[i])
            except (Undefined, TooBig):
                self._mp_cache[i] = None
        return self._mp_cache[i]

    # -- comparing ----------------------------------------------------------------

    def compare(self, answer: sympy.Expr, answer_values: Values | None = None,
                evaluator: Evaluator | None = None) -> Comparison:
        """Compare `answer` with the reference expression (see the module docstring).

        Args:
            answer: the learner's expression; its symbols must be among `variables`.
            answer_values: its values at `points`, if already computed.
            evaluator: its compiled form, if already built.
        """
        if answer == self.expr:
            return Comparison("equal", how="structural")
        ev = evaluator or Evaluator(answer, self.variables)
        values = answer_values if answer_values is not None else evaluate(ev, self.points)
        domain_point = None
        compared = 0
        tiny = []  # agreements only the absolute floor made (both sides below ATOL)
        for i in self.usable:
            expected, got = self.values[i], values[i]
            if got is None:
                # Undefined in floats; make sure it is not only float trouble.
                if domain_point is None:
                    domain_point = i
                continue
            compared += 1
            if close(expected, got):
                if abs(expected) <= ATOL and abs(got) <= ATOL:
                    tiny.append(i)
                continue
            verdict = self._confirm_point(ev, i)
            if verdict is False:
                return Comparison("different", self.points[i], got, expected)
        if domain_point is not None:
            # "Agrees elsewhere" needs somewhere to agree: an answer defined almost
            # nowhere the reference is defined is simply different.
            outcome = "domain" if compared >= MIN_POINTS else "different"
            return Comparison(outcome, self.points[domain_point], None, self.values[domain_point])
        if compared < MIN_POINTS:
            return self._compare_complex(answer, ev)
        if compared - len(tiny) < MIN_POINTS:
            settled = self._tiny_agreements(ev, values, tiny, compared - len(tiny))
            if settled is not None:
                return settled
        for i in self.confirm_points():
            if self._confirm_agreement(ev, i) is False:
                return Comparison("different", self.points[i], values[i], self.values[i])
        return Comparison("equal")

    def _confirm_agreement(self, ev: Evaluator, i: int) -> bool | None:
        """Confirm a float agreement at point i with enough digits to see a difference of 1e-30.

        For a value near 10^L (L > 20) that takes about L extra digits (capped at
        `MP_EXTRA_MAX`): a relative tolerance alone would let ``f + 1`` pass for ``f``
        wherever f is astronomically large.
        """
        magnitude = abs(self.values[i])
        if magnitude < 1e20:
            return self._confirm_point(ev, i)
        digits = int(mpmath.log10(magnitude))
        extra = min(MP_EXTRA_MAX, 20 * -(-digits // 20))
        dps = MP_DPS + extra
        point = self.points[i]
        try:
            expected = self.evaluator.mp(point, dps)
            got = ev.mp(point, dps)
        except Undefined:
            return False
        except TooBig:
            return None
        with mpmath.workdps(dps):
            return abs(expected - got) <= mpmath.mpf(10) ** -(30 + extra) * max(abs(expected), abs(got))

    def _tiny_agreements(self, ev: Evaluator, values: Values, tiny: list[int],
                         telling: int) -> Comparison | None:
        """Look again at agreements that only the absolute floor made; None if enough tell.

        Below `ATOL` f′ and 2f′ are "close": the derivative of (1/2)^((x − 1)^(x²)) is
        1e−32 to 1e−300 at every sample point with x > 2.8, and a sample may hold no other
        usable point. There both sides are compared relatively, in `MP_DPS_HIGH` digits. If
        still fewer than `MIN_POINTS` points tell, the real points cannot decide, and the
        answer is not called equal.
        """
        for i in tiny:
            verdict = self._relative_point(ev, i)
            if verdict is False:
                return Comparison("different", self.points[i], values[i], self.values[i])
            telling += bool(verdict)
            if telling >= MIN_POINTS:
                return None
        return Comparison("unknown")

    def _relative_point(self, ev: Evaluator, i: int) -> bool | None:
        """Relative agreement at point i in `MP_DPS_HIGH` digits: True, False, or None (cannot tell).

        A difference below 10^−200 may be cancellation noise of the answer's own form
        (O(1) terms cancelling, evaluated in 260 digits), so it tells nothing.
        """
        try:
            expected = self.evaluator.mp(self.points[i], MP_DPS_HIGH)
            got = ev.mp(self.points[i], MP_DPS_HIGH)
        except (Undefined, TooBig):
            return None
        with mpmath.workdps(MP_DPS_HIGH):
            gap = abs(expected - got)
            if gap <= MP_RTOL * max(abs(expected), abs(got)):
                return True
            return False if gap > _NOISE_FLOOR else None

    def _confirm_point(self, ev: Evaluator, i: int) -> bool | None:
        """60-digit check at point i: True (agree), False (differ), None (cannot tell).

        "Differ" at 60 digits is looked at again with `MP_DPS_HIGH` digits before it
        stands, because cancellation can eat more than 60 digits.
        """
        expected = self.mp_value(i)
        if expected is None:
            return None
        try:
            got = ev.mp(self.points[i])
        except Undefined:
            return False
        except TooBig:
            return None
        if mp_close(expected, got):
            return True
        point = self.points[i]
        if _matches_float(got, ev, point) and _matches_float(expected, self.evaluator, point):
            # Both floats agree with their 60-digit values: neither evaluation lost
            # more than a few digits, so 60 digits are plenty and the difference is real.
            return False
        try:
            expected = self.evaluator.mp(self.points[i], MP_DPS_HIGH)
            got = ev.mp(self.points[i], MP_DPS_HIGH)
        except Undefined:
            return False
        except TooBig:
            return None
        return mp_close(expected, got, MP_DPS_HIGH)

    def _compare_complex(self, answer: sympy.Expr, ev: Evaluator) -> Comparison:
        try:
            points, expected = self.complex_values()
        except NotCompilable:
            return _symbolic(answer, self.expr)
        compared = 0
        for z, want in zip(points, expected):
            if want is None:
                continue
            try:
                got = ev.complex_(z)
            except (Undefined, TooBig, NotCompilable):
                continue
            compared += 1
            if not close(want, got, rtol=1e-8, atol=1e-10):
                return Comparison("different", None, got, want, how="complex")
        if compared >= MIN_POINTS:
            return Comparison("equal", how="complex")
        return _symbolic(answer, self.expr)


def _all_negligible(expr: sympy.Expr, values: Values) -> bool:
    """Zero (or below `ATOL`) wherever it was sampled, yet not the zero expression.

    Its action is somewhere narrower (relu(−log₂(−log₂ x)) moves only on ½ < x < 1;
    the derivative of (1/2)^((x − 1)^(x²)) is below 1e−30 for x > 2.8), and an answer
    that is 0 or twice as large there would look equal: look harder before trusting the
    sample.
    """
    return expr != 0 and all(v is None or abs(v) <= ATOL for v in values)


class DomainReference(Reference):
    """A reference that also compares *where* the two sides are defined (the expr kind).

    Points: the `Reference` points, `domain_points` (every sign pattern, magnitudes to
    about 32), and `special_points` (small integers and halves of every letter). Letters
    only the answer uses (`params`) are sampled `N_PARAMS` times, each sample crossed
    with all those points; the reference does not depend on them.

    `compare_domains` then decides, in this order: "different" (the two differ at a
    point where both are defined: a sample point or a special point); "domain" (the
    answer is undefined on a set of positive measure where the reference is defined);
    "wider" (the answer is defined on such a set where the reference is not);
    "where_defined" (equal wherever both are defined, the answer being undefined only
    for some samples of `params`, at every point: a condition on letters the reference
    does not use, as log(a^x, a) = x needs a > 0); "equal". Special points never
    decide a domain question: a hole such as x = 1 in (x² − 1)/(x − 1) has measure 0.
    """

    def __init__(self, expr: sympy.Expr, variables: Sequence[sympy.Symbol], key: str,
                 params: Sequence[sympy.Symbol] = ()):
        seed = seed_for(key)
        n, self.params = len(variables), tuple(params)
        if n:
            base = real_points(n, seed) + domain_points(n, seed)
        else:  # a number: one point per parameter sample, or the usual count (as Reference)
            base = (_point(()),) if self.params else real_points(0, seed)
        if n and _all_negligible(expr, evaluate(Evaluator(expr, variables), base, mp_fallback=False)):
            base += real_points(n, seed ^ 0xD15E, N_DENSE)
        if self.params:
            samples = domain_points(len(self.params), seed ^ 0x9A9A, N_PARAMS)
            general = tuple(Point(v.exact + p.exact, v.floats + p.floats) for p in samples for v in base)
            self.groups = tuple(j for j in range(len(samples)) for _ in base)
        else:
            general, self.groups = base, (0,) * len(base)
        self.n_general = len(general)
        every = tuple(variables) + self.params
        self._start(expr, every, seed, general + special_points(len(every), seed))
        # Two numbers (no letters at all) are compared once, at 60 digits.
        self.min_points = MIN_POINTS if every else 1

    def compare_domains(self, answer: sympy.Expr, answer_values: Values | None = None,
                        evaluator: Evaluator | None = None) -> Comparison:
        """Compare `answer` with the reference, domains included (see the class docstring)."""
        if answer == self.expr:
            return Comparison("equal", how="structural")
        ev = evaluator or Evaluator(answer, self.variables)
        values = answer_values if answer_values is not None else evaluate(ev, self.points)
        excluded = self._excluded(values)
        if excluded and len(excluded) == len(set(self.groups)):
            i = self.groups.index(min(excluded))
            return Comparison("different", self.points[i], None, self.values[i])
        sides = {"domain": [], "wider": []}
        compared = 0
        for i in range(self.n_general):
            want, got = self.values[i], values[i]
            if self.groups[i] in excluded or (want is None and got is None):
                continue
            if got is None or want is None:
                sides["domain" if got is None else "wider"].append(i)
                continue
            compared += 1
            if not close(want, got) and self._confirm_point(ev, i) is False:
                return Comparison("different", self.points[i], got, want)
        hit = self._special_difference(ev, values)
        if hit is not None:
            return hit
        for outcome, candidates in sides.items():
            i = self._undefined_point(ev, candidates, answer_side=outcome == "domain")
            if i is not None:
                kind = outcome if compared >= self.min_points else "different"
                return Comparison(kind, self.points[i], values[i], self.values[i])
        if compared < self.min_points:
            found = self._compare_complex(answer, ev)
        else:
            found = self._confirm_common(ev, values, excluded)
        if found.equal and excluded:
            i = next(k for k in range(self.n_general) if self.groups[k] in excluded)
            return Comparison("where_defined", self.points[i], None, self.values[i], found.how)
        return found

    def _excluded(self, values: Values) -> frozenset[int]:
        """Samples of `params` at which the answer is undefined wherever the reference is defined."""
        if not self.params:
            return frozenset()
        defined: dict[int, bool] = {}
        for i in range(self.n_general):
            if self.values[i] is not None:
                g = self.groups[i]
                defined[g] = defined.get(g, False) or values[i] is not None
        return frozenset(g for g, ok in defined.items() if not ok)

    def _undefined_point(self, ev: Evaluator, candidates: list[int], answer_side: bool) -> int | None:
        """The first candidate where one side is undefined at 60 digits and the other is not.

        Floats alone cannot say "undefined": a value beyond float range that mpmath
        could not hold either is not a point outside the domain.
        """
        undefined, defined = (ev, self.evaluator) if answer_side else (self.evaluator, ev)
        for i in candidates[:DOMAIN_TRIES]:
            # At the point and at a point nudged off it: sample points share the
            # denominator 1009, so n + m can land on a whole number, where x^(n+m) is
            # defined for x < 0 and x^n·x^m is not; a set of positive measure survives a nudge.
            if all(_one_side_undefined(undefined, defined, p) for p in (self.points[i], _nudged(self.points[i]))):
                return i
        return None

    def _special_difference(self, ev: Evaluator, values: Values) -> Comparison | None:
        """A special point where both sides are defined and differ (confirmed at 60 digits)."""
        for i in range(self.n_general, len(self.points)):
            want, got = self.values[i], values[i]
            if want is None or got is None or close(want, got):
                continue
            try:
                ev.mp(self.points[i])
            except (Undefined, TooBig):
                continue  # defined in floats only: not a point of the domain after all
            if self._confirm_point(ev, i) is False:
                return Comparison("different", self.points[i], got, want)
        return None

    def _confirm_common(self, ev: Evaluator, values: Values, excluded: frozenset[int]) -> Comparison:
        """Confirm the float agreement at 60 digits at the smallest values both sides have."""
        common = [i for i in range(self.n_general) if self.groups[i] not in excluded
                  and values[i] is not None and self.values[i] is not None]
        for i in sorted(common, key=lambda k: abs(self.values[k]))[:N_CONFIRM]:
            if self._confirm_agreement(ev, i) is False:
                return Comparison("different", self.points[i], values[i], self.values[i])
        return Comparison("equal")


def _one_side_undefined(undefined: Evaluator, defined: Evaluator, point: Point) -> bool:
    """At 60 digits, `undefined` has no real value at `point` and `defined` has one."""
    try:
        defined.mp(point)
    except (Undefined, TooBig):
        return False
    try:
        undefined.mp(point)
    except Undefined:
        return True
    except TooBig:
        return False
    return False


#: The nudge of `_nudged`: a prime denominator no sample point shares.
_NUDGE = Fraction(1, 1000003)


def _nudged(point: Point) -> Point:
    """`point` moved by a different tiny amount in each coordinate."""
    return _point(x + (2 * j + 1) * _NUDGE for j, x in enumerate(point.exact))


def _matches_float(value, ev: Evaluator, point: Point) -> bool:
    try:
        x = ev.real(point)
    except (Undefined, TooBig):
        return False
    return close(x, value, rtol=1e-8, atol=0.0)


def _big_power(expr: sympy.Expr) -> bool:
    return any(p.exp.is_Number and abs(p.exp) > 12 for p in expr.atoms(sympy.Pow))


def _symbolic(a: sympy.Expr, b: sympy.Expr) -> Comparison:
    """The last resort: simplify the difference, for small expressions only."""
    if size(a, SYMBOLIC_NODES) > SYMBOLIC_NODES or size(b, SYMBOLIC_NODES) > SYMBOLIC_NODES:
        return Comparison("unknown", how="symbolic")
    if _big_power(a) or _big_power(b):
        # A few nodes can still expand into millions of terms: (x+1)^200·(x+2)^200.
        return Comparison("unknown", how="symbolic")
    diff = sympy.expand(a - b)
    if diff == 0 or sympy.simplify(diff) == 0:
        return Comparison("equal", how="symbolic")
    return Comparison("unknown", how="symbolic")


def equivalent(a: sympy.Expr, b: sympy.Expr, variables: Sequence[sympy.Symbol] | None = None,
               key: str | None = None) -> Comparison:
    """Compare `a` (an answer) with `b` (the expected expression) once.

    Args:
        a: the expression to judge.
        b: the reference expression.
        variables: symbols in a fixed order; default: those of both, sorted by name.
        key: seeds the sample points; default: ``str(b)``.

    Returns:
        A `Comparison`; ``.equal`` is True when they are the same function.
    """
    if variables is None:
        variables = sorted(a.free_symbols | b.free_symbols, key=lambda s: s.name)
    return Reference(b, variables, key or str(b)).compare(a)


def _short(x: float) -> str:
    """A number for a learner: at most 4 significant figures, no trailing zeros."""
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    text = f"{x:.4g}"
    if "e" in text:
        mantissa, _, exponent = text.partition("e")
        return f"{mantissa}×10^{int(exponent)}"
    return text


def format_value(value) -> str:
    """A value at a point, for feedback (None reads as "undefined")."""
    if value is None:
        return "undefined"
    if isinstance(value, complex):
        return f"{_short(value.real)} {'+' if value.imag >= 0 else '−'} {_short(abs(value.imag))}i"
    if isinstance(value, mpmath.mpf):
        if abs(value) < 1e300:
            return _short(float(value))
        return mpmath.nstr(value, 4)
    return _short(float(value)).replace("-", "−")
