"""The derivative from its definition: f′(x) = lim_{h→0} (f(x + h) − f(x))/h.

`work` carries out the limit the way it is done by hand, with cheap, targeted
algebra (expand, together, cancel) and never a blanket `simplify`:

- polynomials: expand f(x + h), subtract, divide by h, let h → 0;
- rational functions (1/x, 1/x², ...): put the subtraction over a common denominator;
- c·√P(x): multiply by the conjugate to clear the root from the numerator;
- c·sin x, c·cos x, c·eˣ: expand with the addition formula and finish with the
  named standard limits sin h/h → 1, (cos h − 1)/h → 0, (eʰ − 1)/h → 1.

Anything else is refused with an InputError that names what is covered.
Pure: no printing, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from symtutor.errors import InputError

#: Largest polynomial degree worked out (beyond it the expansion is a wall of terms).
MAX_DEGREE = 12
#: Largest expression size (sympy count_ops) accepted.
MAX_OPS = 80
#: Largest degree bound (`tidy.degree_bound`) for which SymPy computes the exact degree.
_EXACT_DEGREE_UP_TO = 1000

#: The standard limits this module may use, by name.
STANDARD_LIMITS = {
    "sin": "lim_{h→0} sin(h)/h = 1",
    "cos": "lim_{h→0} (cos(h) − 1)/h = 0",
    "exp": "lim_{h→0} (eʰ − 1)/h = 1",
}
STANDARD_LIMITS_LATEX = {
    "sin": r"\lim_{h\to 0} \frac{\sin h}{h} = 1",
    "cos": r"\lim_{h\to 0} \frac{\cos h - 1}{h} = 0",
    "exp": r"\lim_{h\to 0} \frac{e^{h} - 1}{h} = 1",
}

COVERED = "polynomials, rational functions like 1/x, c·√(polynomial), and c·sin x, c·cos x, c·eˣ"


@dataclass(frozen=True)
class Difference:
    """left − right kept as written, (x² + 2xh + h²) − x², since SymPy would reorder a sum."""

    left: Any
    right: Any

    def __str__(self) -> str:
        return f"({self.left}) - ({self.right})"


@dataclass(frozen=True)
class Over:
    """top/bottom kept as written, (2xh + h²)/h, before SymPy cancels it."""

    top: Any
    bottom: Any

    def __str__(self) -> str:
        return f"({self.top})/({self.bottom})"


def evaluated(form):
    """A line's form as a SymPy expression (`Difference` and `Over` worked out)."""
    if isinstance(form, Difference):
        return evaluated(form.left) - evaluated(form.right)
    if isinstance(form, Over):
        return evaluated(form.top) / evaluated(form.bottom)
    return form


@dataclass(frozen=True)
class Line:
    """One line of the working: `kind` names it, `forms` are equal expressions, left to right.

    Kinds: "shifted" (f(x + h)), "numerator" (f(x + h) − f(x)), "conjugate",
    "quotient" ((f(x + h) − f(x))/h), "limit". A form is a SymPy expression, a
    `Difference` or an `Over`.
    """

    kind: str
    forms: tuple[Any, ...]
    note: str = ""
    terms: tuple[tuple[str, Any], ...] = ()

    def explain(self, fmt=str) -> str:
        """`note` with its {name} slots filled from `terms`, each written by `fmt`."""
        return self.note.format(**{key: fmt(value) for key, value in self.terms})


@dataclass(frozen=True)
class FirstPrinciples:
    """The limit definition worked through for one function.

    Attributes:
        expr: f(x).
        var: x.
        h: the increment symbol (h, or k if the variable itself is named h).
        method: "polynomial", "common_denominator", "conjugate" or "standard_limit".
        lines: the working, in order.
        difference_quotient: (f(x + h) − f(x))/h simplified, e.g. 2x + h.
        result: the limit as h → 0, f′(x).
        limits_used: keys of STANDARD_LIMITS used (standard_limit method only).
    """

    expr: Any
    var: Any
    h: Any
    method: str
    lines: tuple[Line, ...]
    difference_quotient: Any
    result: Any
    limits_used: tuple[str, ...] = field(default=())


def _refuse(expr, why: str = "") -> InputError:
    from symtutor.notation import mathfmt

    reason = f" ({why})" if why else ""
    return InputError(
        f"first-principles cannot work {mathfmt.unicode(expr)} step by step{reason}; "
        f"it covers {COVERED} (use 'symtutor derive' for the rules)"
    )


def work(expr, var=None) -> FirstPrinciples:
    """Differentiate `expr` from the limit definition, step by step.

    Args:
        expr: f, a SymPy expression in one variable.
        var: the variable; taken from `expr` when omitted (x for a constant).

    Returns:
        The `FirstPrinciples` working, whose `result` is f′(x).

    Raises:
        InputError: for several variables, for expressions outside the forms covered,
            or for inputs too large to expand by hand.
    """
    import sympy

    free = sorted(expr.free_symbols, key=lambda s: s.name)
    if var is None:
        if len(free) > 1:
            names = ", ".join(s.name for s in free)
            raise InputError(f"first-principles works with one variable; this has {names}")
        var = free[0] if free else sympy.Symbol("x")
    elif set(free) - {var}:
        others = ", ".join(s.name for s in free if s != var)
        raise InputError(f"first-principles works with one variable; this also has {others}")
    if sympy.count_ops(expr) > MAX_OPS:
        raise _refuse(expr, "too large to expand by hand")
    h = sympy.Symbol("k" if var.name == "h" else "h")

    if expr.is_polynomial(var):
        return _polynomial(expr, var, h)
    if expr.is_rational_function(var):
        return _rational(expr, var, h)
    radical = _constant_times_sqrt(expr, var)
    if radical is not None:
        return _conjugate(expr, var, h, *radical)
    standard = _constant_times_standard(expr, var)
    if standard is not None:
        return _standard(expr, var, h, *standard)
    raise _refuse(expr)


def _shifted(expr, var, h):
    """f(x + h) as written before any algebra: (x + h)², not x² + 2xh + h²."""
    import sympy

    moved = var + h
    with sympy.evaluate(False):
        return expr.xreplace({var: moved})


def _check_degree(poly_expr, var, expr) -> None:
    import sympy

    from symtutor.derivation.tidy import degree_bound

    # sympy.degree multiplies the polynomial out: (x + 1)^6000 (readable since the
    # parser allows large powers of letters) would take minutes. A bound from the tree
    # refuses those at once; SymPy counts exactly when the bound is modest.
    bound = degree_bound(poly_expr, var)
    if bound is not None and bound > _EXACT_DEGREE_UP_TO:
        raise _refuse(expr, f"degree up to {bound} is above {MAX_DEGREE}")
    degree = sympy.degree(poly_expr, var) if poly_expr.has(var) else 0
    if degree > MAX_DEGREE:
        raise _refuse(expr, f"degree {degree} is above {MAX_DEGREE}")


def _polynomial(expr, var, h) -> FirstPrinciples:
    import sympy

    _check_degree(expr, var, expr)
    shifted = _shifted(expr, var, h)
    expanded = sympy.expand(expr.subs(var, var + h))
    numerator = sympy.expand(expanded - expr)
    quotient = sympy.expand(sympy.cancel(numerator / h))
    result = quotient.subs(h, 0)
    with sympy.evaluate(False):
        subtraction = Difference(expanded, expr)
        division = Over(numerator, h)
    lines = (
        Line("shifted", _distinct(shifted, expanded), "expand"),
        Line("numerator", _distinct(subtraction, numerator), "the terms without {h} cancel", (("h", h),)),
        Line("quotient", _distinct(division, quotient), "divide every term by {h}", (("h", h),)),
        Line("limit", (result,), "substitute {h} = 0: no {h} is left in a denominator", (("h", h),)),
    )
    return FirstPrinciples(expr, var, h, "polynomial", lines, quotient, result)


def _rational(expr, var, h) -> FirstPrinciples:
    import sympy

    for part in sympy.fraction(expr):
        _check_degree(part, var, expr)  # before cancel multiplies out 1/(x + 1)^6000
    num, den = sympy.fraction(sympy.cancel(expr))
    _check_degree(num, var, expr)
    _check_degree(den, var, expr)
    # Evaluated, so that 1/((x + h) + 1) reads 1/(x + h + 1).
    shifted = expr.subs(var, var + h)
    subtraction = Difference(shifted, expr)
    top, bottom = sympy.fraction(sympy.together(expr.subs(var, var + h) - expr))
    top = sympy.expand(top)
    bottom = sympy.factor(bottom)
    common = top / bottom
    # top vanishes at h = 0 (f(x) − f(x)), so h divides it exactly.
    reduced_top = sympy.expand(sympy.cancel(top / h))
    quotient = reduced_top / bottom
    with sympy.evaluate(False):
        division = Over(top, sympy.Mul(h, *sympy.Mul.make_args(bottom)))
    result = sympy.factor(sympy.cancel(quotient.subs(h, 0)))
    lines = (
        Line("shifted", (shifted,)),
        Line("numerator", _distinct(subtraction, common), "over a common denominator"),
        Line("quotient", _distinct(division, quotient), "divide by {h}: the factor {h} cancels", (("h", h),)),
        Line("limit", _distinct(quotient.subs(h, 0), result),
             "substitute {h} = 0: the denominator no longer vanishes", (("h", h),)),
    )
    return FirstPrinciples(expr, var, h, "common_denominator", lines, quotient, result)


def _constant_times_sqrt(expr, var):
    """(c, P) when expr = c·√P with P a polynomial in var and c constant; else None."""
    import sympy

    coeff, rest = expr.as_independent(var, as_Add=False)
    if isinstance(rest, sympy.Pow) and rest.exp == sympy.Rational(1, 2) and rest.base.is_polynomial(var):
        return coeff, rest.base
    return None


def _conjugate(expr, var, h, coeff, radicand) -> FirstPrinciples:
    import sympy

    _check_degree(radicand, var, expr)
    shifted = _shifted(expr, var, h)
    root_h = sympy.sqrt(radicand.subs(var, var + h))
    root = sympy.sqrt(radicand)
    conj = root_h + root
    inner = sympy.expand(radicand.subs(var, var + h) - radicand)
    reduced = sympy.expand(sympy.cancel(inner / h))
    with sympy.evaluate(False):
        subtraction = Difference(root_h, root) if coeff == 1 else _scaled(coeff, sympy.Add(root_h, _minus(root)))
        difference_of_squares = sympy.Add(radicand.subs(var, var + h), _minus(radicand))
        top = Difference(radicand.subs(var, var + h), radicand) if coeff == 1 else _scaled(coeff, difference_of_squares)
        before = Over(top, conj)
        cleared = Over(_scaled(coeff, inner), conj)
        division = Over(_scaled(coeff, inner), sympy.Mul(h, conj))
    quotient = coeff * reduced / conj
    at_zero = quotient.subs(h, 0)
    result = at_zero
    lines = (
        Line("shifted", (shifted,)),
        Line("numerator", (subtraction,)),
        Line("conjugate", _distinct(before, cleared),
             "multiply top and bottom by the conjugate {c}: (a − b)(a + b) = a² − b² clears the root",
             (("c", conj),)),
        Line("quotient", _distinct(division, quotient), "divide by {h}: the factor {h} cancels", (("h", h),)),
        Line("limit", (result,), "substitute {h} = 0: the denominator becomes {d}, not 0",
             (("h", h), ("d", sympy.Mul(2, root)))),
    )
    return FirstPrinciples(expr, var, h, "conjugate", lines, quotient, result)


def _constant_times_standard(expr, var):
    """(c, name) for c·sin(x), c·cos(x), c·exp(x); else None."""
    import sympy

    coeff, rest = expr.as_independent(var, as_Add=False)
    if rest == sympy.sin(var):
        return coeff, "sin"
    if rest == sympy.cos(var):
        return coeff, "cos"
    if rest == sympy.exp(var):
        return coeff, "exp"
    return None


def _standard(expr, var, h, coeff, name) -> FirstPrinciples:
    import sympy

    sin, cos, exp = sympy.sin, sympy.cos, sympy.exp
    shifted = _shifted(expr, var, h)
    with sympy.evaluate(False):
        if name == "sin":
            addition = _scaled(coeff, sympy.Add(sympy.Mul(sin(var), cos(h)), sympy.Mul(cos(var), sin(h))))
            grouped = _scaled(coeff, sympy.Add(sympy.Mul(sin(var), sympy.Add(cos(h), -1)),
                                                 sympy.Mul(cos(var), sin(h))))
            split = _scaled(coeff, sympy.Add(
                sympy.Mul(sin(var), sympy.Mul(sympy.Add(cos(h), -1), sympy.Pow(h, -1))),
                sympy.Mul(cos(var), sympy.Mul(sin(h), sympy.Pow(h, -1)))))
            used = ("sin", "cos")
            note = "the angle-addition formula sin(a + b) = sin a cos b + cos a sin b"
        elif name == "cos":
            addition = _scaled(coeff, sympy.Add(sympy.Mul(cos(var), cos(h)), sympy.Mul(-1, sin(var), sin(h))))
            grouped = _scaled(coeff, sympy.Add(sympy.Mul(cos(var), sympy.Add(cos(h), -1)),
                                                 sympy.Mul(-1, sin(var), sin(h))))
            split = _scaled(coeff, sympy.Add(
                sympy.Mul(cos(var), sympy.Mul(sympy.Add(cos(h), -1), sympy.Pow(h, -1))),
                sympy.Mul(-1, sin(var), sympy.Mul(sin(h), sympy.Pow(h, -1)))))
            used = ("sin", "cos")
            note = "the angle-addition formula cos(a + b) = cos a cos b − sin a sin b"
        else:
            addition = _scaled(coeff, sympy.Mul(exp(var), exp(h)))
            grouped = _scaled(coeff, sympy.Mul(exp(var), sympy.Add(exp(h), -1)))
            split = _scaled(coeff, sympy.Mul(exp(var), sympy.Mul(sympy.Add(exp(h), -1), sympy.Pow(h, -1))))
            used = ("exp",)
            note = "an exponential of a sum is the product of the exponentials"
        subtraction = Difference(addition, expr)
    # The limits themselves are the named standard ones; the result is assembled from them.
    limit_of = {"sin": sympy.Integer(1), "cos": sympy.Integer(0), "exp": sympy.Integer(1)}
    if name == "sin":
        result = coeff * (sin(var) * limit_of["cos"] + cos(var) * limit_of["sin"])
    elif name == "cos":
        result = coeff * (cos(var) * limit_of["cos"] - sin(var) * limit_of["sin"])
    else:
        result = coeff * exp(var) * limit_of["exp"]
    # How the limits combine, written with slots so that every format can typeset it.
    combined = {"sin": "{s}·0 + {c}·1", "cos": "{c}·0 − {s}·1", "exp": "{e}·1"}[name]
    if coeff != 1:
        combined = "{k}·(" + combined + ")"
    terms = (("s", sin(var)), ("c", cos(var)), ("e", exp(var)), ("k", coeff))
    lines = (
        Line("shifted", (shifted, addition), note),
        Line("numerator", (subtraction, grouped), "group the terms"),
        Line("quotient", (split,), "divide by {h}; each part is a standard limit", (("h", h),)),
        Line("limit", (result,), combined, terms),
    )
    quotient = split.doit() if hasattr(split, "doit") else split
    return FirstPrinciples(expr, var, h, "standard_limit", lines, quotient, result, used)


def _distinct(*forms):
    """Drop forms that print the same as the one before (nothing to show)."""
    out = []
    for form in forms:
        if not out or str(form) != str(out[-1]):
            out.append(form)
    return tuple(out)


def _scaled(coeff, expr):
    """coeff·expr, unevaluated, without writing a factor of 1."""
    import sympy

    if coeff == 1:
        return expr
    with sympy.evaluate(False):
        return sympy.Mul(coeff, expr)


def _minus(expr):
    """−expr for display: −5 for a number, −(3x + 1) kept whole for a sum."""
    import sympy

    if expr.is_Number:
        return -expr
    with sympy.evaluate(False):
        return sympy.Mul(-1, expr)
