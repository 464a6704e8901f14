"""One row per mathematical function; every other table about functions is a view of `ROWS`.

A row says everything symtutor knows about one function: the words a learner types
for it, the rule family of its derivative and the derivative itself, the textbook
formula (text and LaTeX), how it is printed, whether a power goes on its name
(sin²x), its inverse (sin⁻¹x is arcsin x), where it is real, and how to evaluate it
in floating point, complex floating point and mpmath. The lexer, the parser, the
derivation rules, the formulas, the answer checker's evaluators and the printer all
read their tables from here, so adding a function is adding one row.

Importing this module is free: it imports no SymPy and no mpmath (the lexer needs
only the names, and ``symtutor --help`` must stay fast). Derivatives are written as
functions of a namespace `sym` that holds SymPy and symtutor's own functions
(sigmoid, relu), resolved on first use; mpmath evaluators receive the mpmath module.
"""

from __future__ import annotations

import cmath
import functools
import math
from typing import Any, Callable


class Row:
    """Everything about one function.

    Attributes:
        key: the canonical key: the SymPy (or `symtutor.notation.functions`) class name,
            or a key the parser builds from other functions (``sqrt``, ``log10``).
        aliases: the words read as this function wherever they stand (``sinx`` is sin x).
        call_aliases: short words read as this function only when typed glued to "("
            (``sh(x)``), since on their own they are products of letters (s·h).
        family: the Step.rule of d/dx key(x) ("trig", "log", ...); None: no rule.
        derivative: ``(x, sym) -> d/dx key(x)`` for the families `function_rule` does.
        formula: that derivative as a textbook formula, (text, LaTeX), without "d/dx ".
        why: the reason a step gives for applying it ({f}, {var} are filled in).
        name: the ASCII name printed and read back (``arcsin``, ``ln``); default `key`.
        symbol: the Unicode name printed (``σ``); default `name`.
        power_on_name: a power is written on the name: sin²(x), not sin(x)².
        inverse: the key f^-1 means (sin^-1 x is arcsin x).
        domain: (test on a real value, what the function needs) where it is not all reals.
        real, complex: evaluators over math and cmath floats.
        mp: ``(mpmath, x) -> value``; `mp_guard` ("trig"/"exp") bounds the argument's size.
        built: the parser builds it from other functions (√x is x^(1/2)); no class of its own.
        arity: how many arguments a call takes at least.
    """

    # A plain class, not a dataclass: importing this module must stay cheap (the lexer
    # imports it for `symtutor --help`), and dataclass code generation costs a millisecond.
    __slots__ = (
        "key", "aliases", "call_aliases", "family", "derivative", "formula", "why", "name", "symbol",
        "power_on_name", "inverse", "domain", "real", "complex", "mp", "mp_guard", "built", "arity",
    )

    def __init__(
        self,
        key: str,
        aliases: tuple[str, ...] = (),
        *,
        call_aliases: tuple[str, ...] = (),
        family: str | None = None,
        derivative: Callable[[Any, Any], Any] | None = None,
        formula: tuple[str, str] | None = None,
        why: str = "",
        name: str = "",
        symbol: str = "",
        power_on_name: bool = False,
        inverse: str = "",
        domain: tuple[Callable[[Any], bool], str] | None = None,
        real: Callable | None = None,
        complex: Callable | None = None,  # noqa: A002 - the arithmetic's name
        mp: Callable | None = None,
        mp_guard: str = "",
        built: bool = False,
        arity: int = 1,
    ):
        self.key, self.aliases, self.call_aliases, self.family = key, aliases, call_aliases, family
        self.derivative, self.formula, self.why = derivative, formula, why
        self.name, self.symbol, self.power_on_name, self.inverse = name, symbol, power_on_name, inverse
        self.domain, self.real, self.complex, self.mp, self.mp_guard = domain, real, complex, mp, mp_guard
        self.built, self.arity = built, arity

    def __repr__(self) -> str:
        return f"Row({self.key!r}, {self.aliases!r}, family={self.family!r})"

    @property
    def printed(self) -> str:
        """The ASCII name."""
        return self.name or self.key


_TRIG = "{f} is a trigonometric function of {var}"
_ARC = "{f} is an inverse trigonometric function of {var}"
_HYP = "{f} is a hyperbolic function of {var}"
_ARHYP = "{f} is an inverse hyperbolic function of {var}"

_UNIT = (lambda v: -1 <= v <= 1, "needs a number between -1 and 1")
_OUTSIDE_UNIT = (lambda v: abs(v) >= 1, "needs a number of size at least 1")
_POSITIVE = (lambda v: v > 0, "needs a positive number")


def _sigmoid(z: float) -> float:
    # Two forms so neither exp overflows.
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    ez = math.exp(z)
    return ez / (1.0 + ez)


def _heaviside(z):
    # SymPy's H(0) = 1/2. A sample point lands on a step only when the step's argument
    # is 0 on a whole interval (relu(x) for x < 0); there the chain rule multiplies
    # H(0) by that argument's derivative, 0, so any finite value is right, while
    # calling it undefined would throw away every point on that side.
    if z == 0:
        return 0.5
    return 1.0 if z > 0 else 0.0


def _sign(z):
    return (z > 0) - (z < 0)


# One row per function. Formulas are "f x = f′(x)", as the printouts show them after d/dx.
ROWS: tuple[Row, ...] = (
    Row("sin", ("sin",), family="trig", derivative=lambda x, s: s.cos(x),
        formula=("sin x = cos x", r"\sin x = \cos x"), why=_TRIG, power_on_name=True, inverse="asin",
        real=math.sin, complex=cmath.sin, mp=lambda m, x: m.sin(x), mp_guard="trig"),
    Row("cos", ("cos",), family="trig", derivative=lambda x, s: -s.sin(x),
        formula=("cos x = −sin x", r"\cos x = -\sin x"), why=_TRIG, power_on_name=True, inverse="acos",
        real=math.cos, complex=cmath.cos, mp=lambda m, x: m.cos(x), mp_guard="trig"),
    Row("tan", ("tan",), call_aliases=("tg",), family="trig", derivative=lambda x, s: s.sec(x) ** 2,
        formula=("tan x = sec²x", r"\tan x = \sec^{2} x"), why=_TRIG, power_on_name=True, inverse="atan",
        real=math.tan, complex=cmath.tan, mp=lambda m, x: m.tan(x), mp_guard="trig"),
    Row("cot", ("cot",), call_aliases=("ctg",), family="trig", derivative=lambda x, s: -(s.csc(x) ** 2),
        formula=("cot x = −csc²x", r"\cot x = -\csc^{2} x"), why=_TRIG, power_on_name=True, inverse="acot",
        real=lambda x: 1.0 / math.tan(x), complex=lambda x: 1 / cmath.tan(x), mp=lambda m, x: m.cot(x),
        mp_guard="trig"),
    Row("sec", ("sec",), family="trig", derivative=lambda x, s: s.sec(x) * s.tan(x),
        formula=("sec x = sec x·tan x", r"\sec x = \sec x \tan x"), why=_TRIG, power_on_name=True,
        inverse="asec", real=lambda x: 1.0 / math.cos(x), complex=lambda x: 1 / cmath.cos(x),
        mp=lambda m, x: m.sec(x), mp_guard="trig"),
    Row("csc", ("csc", "cosec"), family="trig", derivative=lambda x, s: -s.csc(x) * s.cot(x),
        formula=("csc x = −csc x·cot x", r"\csc x = -\csc x \cot x"), why=_TRIG, power_on_name=True,
        inverse="acsc", real=lambda x: 1.0 / math.sin(x), complex=lambda x: 1 / cmath.sin(x),
        mp=lambda m, x: m.csc(x), mp_guard="trig"),
    Row("asin", ("arcsin", "asin"), family="inverse_trig", derivative=lambda x, s: 1 / s.sqrt(1 - x**2),
        formula=("arcsin x = 1/√(1 − x²)", r"\arcsin x = \frac{1}{\sqrt{1 - x^{2}}}"), why=_ARC,
        name="arcsin", domain=_UNIT, real=math.asin, complex=cmath.asin, mp=lambda m, x: m.asin(x)),
    Row("acos", ("arccos", "acos"), family="inverse_trig", derivative=lambda x, s: -1 / s.sqrt(1 - x**2),
        formula=("arccos x = −1/√(1 − x²)", r"\arccos x = -\frac{1}{\sqrt{1 - x^{2}}}"), why=_ARC,
        name="arccos", domain=_UNIT, real=math.acos, complex=cmath.acos, mp=lambda m, x: m.acos(x)),
    Row("atan", ("arctan", "atan", "arctg"), family="inverse_trig", derivative=lambda x, s: 1 / (1 + x**2),
        formula=("arctan x = 1/(1 + x²)", r"\arctan x = \frac{1}{1 + x^{2}}"), why=_ARC, name="arctan",
        real=math.atan, complex=cmath.atan, mp=lambda m, x: m.atan(x)),
    Row("acot", ("arccot", "acot", "arcctg"), family="inverse_trig", derivative=lambda x, s: -1 / (1 + x**2),
        formula=("arccot x = −1/(1 + x²)", r"\operatorname{arccot} x = -\frac{1}{1 + x^{2}}"), why=_ARC,
        name="arccot", real=lambda x: math.atan(1.0 / x) if x else math.pi / 2,
        complex=lambda x: cmath.atan(1 / x), mp=lambda m, x: m.atan(1 / x) if x else m.pi / 2),
    Row("asec", ("arcsec", "asec"), family="inverse_trig",
        derivative=lambda x, s: 1 / (s.Abs(x) * s.sqrt(x**2 - 1)),
        formula=("arcsec x = 1/(|x|·√(x² − 1))", r"\operatorname{arcsec} x = \frac{1}{|x| \sqrt{x^{2} - 1}}"),
        why=_ARC, name="arcsec", domain=_OUTSIDE_UNIT, real=lambda x: math.acos(1.0 / x),
        complex=lambda x: cmath.acos(1 / x), mp=lambda m, x: m.acos(1 / x)),
    Row("acsc", ("arccsc", "acsc", "arccosec"), family="inverse_trig",
        derivative=lambda x, s: -1 / (s.Abs(x) * s.sqrt(x**2 - 1)),
        formula=("arccsc x = −1/(|x|·√(x² − 1))", r"\operatorname{arccsc} x = -\frac{1}{|x| \sqrt{x^{2} - 1}}"),
        why=_ARC, name="arccsc", domain=_OUTSIDE_UNIT, real=lambda x: math.asin(1.0 / x),
        complex=lambda x: cmath.asin(1 / x), mp=lambda m, x: m.asin(1 / x)),
    Row("sinh", ("sinh",), call_aliases=("sh",), family="hyperbolic", derivative=lambda x, s: s.cosh(x),
        formula=("sinh x = cosh x", r"\sinh x = \cosh x"), why=_HYP, power_on_name=True, inverse="asinh",
        real=math.sinh, complex=cmath.sinh, mp=lambda m, x: m.sinh(x), mp_guard="exp"),
    Row("cosh", ("cosh",), call_aliases=("ch",), family="hyperbolic", derivative=lambda x, s: s.sinh(x),
        formula=("cosh x = sinh x", r"\cosh x = \sinh x"), why=_HYP, power_on_name=True, inverse="acosh",
        real=math.cosh, complex=cmath.cosh, mp=lambda m, x: m.cosh(x), mp_guard="exp"),
    # tanh and the others are built from exp in mpmath too, so their arguments are bounded alike.
    Row("tanh", ("tanh",), call_aliases=("th",), family="hyperbolic", derivative=lambda x, s: s.sech(x) ** 2,
        formula=("tanh x = sech²x", r"\tanh x = \operatorname{sech}^{2} x"), why=_HYP, power_on_name=True,
        inverse="atanh", real=math.tanh, complex=cmath.tanh, mp=lambda m, x: m.tanh(x), mp_guard="exp"),
    Row("coth", ("coth",), call_aliases=("cth",), family="hyperbolic",
        derivative=lambda x, s: -(s.csch(x) ** 2),
        formula=("coth x = −csch²x", r"\coth x = -\operatorname{csch}^{2} x"), why=_HYP, power_on_name=True,
        inverse="acoth", real=lambda x: 1.0 / math.tanh(x), complex=lambda x: 1 / cmath.tanh(x),
        mp=lambda m, x: m.coth(x), mp_guard="exp"),
    Row("sech", ("sech",), family="hyperbolic", derivative=lambda x, s: -s.sech(x) * s.tanh(x),
        formula=("sech x = −sech x·tanh x", r"\operatorname{sech} x = -\operatorname{sech} x \tanh x"),
        why=_HYP, power_on_name=True, inverse="asech", real=lambda x: 1.0 / math.cosh(x),
        complex=lambda x: 1 / cmath.cosh(x), mp=lambda m, x: m.sech(x), mp_guard="exp"),
    Row("csch", ("csch", "cosech"), family="hyperbolic", derivative=lambda x, s: -s.csch(x) * s.coth(x),
        formula=("csch x = −csch x·coth x", r"\operatorname{csch} x = -\operatorname{csch} x \coth x"),
        why=_HYP, power_on_name=True, inverse="acsch", real=lambda x: 1.0 / math.sinh(x),
        complex=lambda x: 1 / cmath.sinh(x), mp=lambda m, x: m.csch(x), mp_guard="exp"),
    Row("asinh", ("asinh", "arsinh", "arcsinh"), family="hyperbolic",
        derivative=lambda x, s: 1 / s.sqrt(x**2 + 1),
        formula=("arsinh x = 1/√(x² + 1)", r"\operatorname{arsinh} x = \frac{1}{\sqrt{x^{2} + 1}}"),
        why=_ARHYP, name="arsinh", real=math.asinh, complex=cmath.asinh, mp=lambda m, x: m.asinh(x)),
    Row("acosh", ("acosh", "arcosh", "arccosh"), family="hyperbolic",
        derivative=lambda x, s: 1 / s.sqrt(x**2 - 1),
        formula=("arcosh x = 1/√(x² − 1)", r"\operatorname{arcosh} x = \frac{1}{\sqrt{x^{2} - 1}}"),
        why=_ARHYP, name="arcosh", domain=(lambda v: v >= 1, "needs a number of at least 1"),
        real=math.acosh, complex=cmath.acosh, mp=lambda m, x: m.acosh(x)),
    Row("atanh", ("atanh", "artanh", "arctanh"), family="hyperbolic", derivative=lambda x, s: 1 / (1 - x**2),
        formula=("artanh x = 1/(1 − x²)", r"\operatorname{artanh} x = \frac{1}{1 - x^{2}}"), why=_ARHYP,
        name="artanh", domain=(lambda v: -1 < v < 1, "needs a number strictly between -1 and 1"),
        real=math.atanh, complex=cmath.atanh, mp=lambda m, x: m.atanh(x)),
    Row("acoth", ("acoth", "arcoth", "arccoth"), family="hyperbolic", derivative=lambda x, s: 1 / (1 - x**2),
        formula=("arcoth x = 1/(1 − x²)", r"\operatorname{arcoth} x = \frac{1}{1 - x^{2}}"), why=_ARHYP,
        name="arcoth", domain=(lambda v: abs(v) > 1, "needs a number of size more than 1"),
        real=lambda x: math.atanh(1.0 / x), complex=lambda x: cmath.atanh(1 / x),
        mp=lambda m, x: m.atanh(1 / x)),
    Row("asech", ("asech", "arsech", "arcsech"), family="hyperbolic",
        derivative=lambda x, s: -1 / (x * s.sqrt(1 - x**2)),
        formula=("arsech x = −1/(x·√(1 − x²))", r"\operatorname{arsech} x = -\frac{1}{x \sqrt{1 - x^{2}}}"),
        why=_ARHYP, name="arsech", domain=(lambda v: 0 < v <= 1, "needs a number in (0, 1]"),
        real=lambda x: math.acosh(1.0 / x), complex=lambda x: cmath.acosh(1 / x),
        mp=lambda m, x: m.acosh(1 / x)),
    Row("acsch", ("acsch", "arcsch", "arccsch", "arcosech", "arccosech"), family="hyperbolic",
        derivative=lambda x, s: -1 / (s.Abs(x) * s.sqrt(1 + x**2)),
        formula=("arcsch x = −1/(|x|·√(1 + x²))", r"\operatorname{arcsch} x = -\frac{1}{|x| \sqrt{1 + x^{2}}}"),
        why=_ARHYP, name="arcsch", domain=(lambda v: v != 0, "is undefined at 0"),
        real=lambda x: math.asinh(1.0 / x), complex=lambda x: cmath.asinh(1 / x),
        mp=lambda m, x: m.asinh(1 / x)),
    Row("exp", ("exp",), family="exp", real=math.exp, complex=cmath.exp, mp=lambda m, x: m.exp(x),
        mp_guard="exp"),
    Row("log", ("ln", "log"), family="log", name="ln", domain=_POSITIVE, real=math.log,
        complex=cmath.log, mp=lambda m, x: m.log(x)),
    Row("log10", ("log10",), built=True, domain=_POSITIVE),
    Row("log2", ("log2",), built=True, domain=_POSITIVE),
    Row("sqrt", ("sqrt",), built=True, domain=(lambda v: v >= 0, "needs a number that is not negative")),
    Row("cbrt", ("cbrt",), built=True),
    Row("Abs", ("abs", "Abs"), family="abs", name="abs", real=abs, complex=abs, mp=lambda m, x: abs(x)),
    Row("sigmoid", ("sigmoid",), family="activation", derivative=lambda x, s: s.sigmoid(x) * (1 - s.sigmoid(x)),
        formula=("σ(x) = σ(x)·(1 − σ(x))", r"\sigma(x) = \sigma(x)\left(1 - \sigma(x)\right)"),
        why="the slope of the sigmoid {f} is written with {f} itself", symbol="σ",
        real=_sigmoid, complex=lambda z: 1 / (1 + cmath.exp(-z)), mp=lambda m, z: 1 / (1 + m.exp(-z)),
        mp_guard="exp"),
    Row("relu", ("relu", "ReLU"), family="activation", derivative=lambda x, s: s.Heaviside(x),
        formula=("relu(x) = H(x): 1 for x > 0, 0 for x < 0, none at the kink x = 0",
                 r"\operatorname{relu}(x) = H(x) = \begin{cases} 1 & x > 0 \\ 0 & x < 0 \end{cases}"),
        why="{f} has a kink at {var} = 0: its slope is 1 to the right, 0 to the left, "
        "and undefined at the kink",
        real=lambda z: z if z > 0 else 0.0, mp=lambda m, z: z if z > 0 else m.mpf(0)),
    Row("Heaviside", ("Heaviside",), symbol="H", real=_heaviside, mp=lambda m, z: _heaviside(z)),
    Row("Max", ("max", "Max"), name="max", arity=2),
    Row("Min", ("min", "Min"), name="min", arity=2),
    # Not typed by learners, but met in SymPy's own results (d/dx |x| is sign x to SymPy).
    Row("sign", real=_sign, mp=lambda m, z: _sign(z)),
    Row("erf", real=math.erf, mp=lambda m, z: m.erf(z)),
    Row("floor", real=math.floor, mp=lambda m, z: m.floor(z)),
    Row("ceiling", real=math.ceil, mp=lambda m, z: m.ceil(z)),
)

#: key -> row.
BY_KEY: dict[str, Row] = {row.key: row for row in ROWS}
#: Word -> key, for every word read as a function wherever it stands.
FUNCTIONS: dict[str, str] = {alias: row.key for row in ROWS for alias in row.aliases}
#: Short word -> key, for words read as a function only when glued to "(": sh(x).
CALL_ONLY: dict[str, str] = {alias: row.key for row in ROWS for alias in row.call_aliases}
#: key -> the ASCII name printed (only where it differs from the key).
PRINTED: dict[str, str] = {row.key: row.name for row in ROWS if row.name}
#: key -> the Unicode name printed (only where it differs from the ASCII one).
SYMBOLS: dict[str, str] = {row.key: row.symbol for row in ROWS if row.symbol}
#: Keys printed with the power on the name: sin²(x).
POWER_ON_NAME: frozenset[str] = frozenset(row.key for row in ROWS if row.power_on_name)
#: key -> the key of its inverse function (what f^-1 means).
INVERSES: dict[str, str] = {row.key: row.inverse for row in ROWS if row.inverse}
#: key -> (test, need): where the function is real, and what to say otherwise.
DOMAINS: dict[str, tuple[Callable[[Any], bool], str]] = {row.key: row.domain for row in ROWS if row.domain}


def function_rows() -> tuple[Row, ...]:
    """The rows `function_rule` differentiates (those with a derivative)."""
    return tuple(row for row in ROWS if row.derivative is not None)


@functools.cache
def sym():
    """A namespace of SymPy with symtutor's own functions (sigmoid, relu): imports SymPy."""
    import types

    import sympy

    from symtutor.notation import functions

    return types.SimpleNamespace(**vars(sympy), sigmoid=functions.sigmoid, relu=functions.relu)


def function_class(key: str):
    """The SymPy class of a key (imports SymPy); None for keys the parser builds (sqrt)."""
    row = BY_KEY[key]
    return None if row.built else getattr(sym(), key)


@functools.cache
def classes() -> dict[type, Row]:
    """SymPy class -> row, for every row with a class of its own (imports SymPy)."""
    return {function_class(row.key): row for row in ROWS if not row.built}
