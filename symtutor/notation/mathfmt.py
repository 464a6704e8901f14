"""Mathematics as text: the textbook line a learner reads, ASCII, and LaTeX.

`unicode` writes an expression the way a teacher would on one line ("6(3x + 1)",
"2x·sin(x)", "−3/x⁴", "e^(3x)", "√(x + 1)") and is what symtutor echoes to show how
an answer was read, so it never hides a reading: products of functions carry a "·",
denominators with more than one factor are bracketed ("1/(2√x)"), and
`symtutor.read.parsing.parse` reads every string it writes back to the same expression.
`plain` does the same in ASCII ("6*(3*x + 1)", "x^2", "sqrt(x)").

SymPy is not imported at module level: every function receives an expression that
already exists, and importing this module stays free.
"""

from __future__ import annotations

import functools
import math
from typing import TYPE_CHECKING

from symtutor.notation import registry
from symtutor.read.lexer import GREEK, KEYWORDS, split_word

if TYPE_CHECKING:
    from sympy import Expr

__all__ = ["unicode", "plain", "latex"]

_ADD, _MUL, _NEG, _POW, _ATOM = 10, 20, 25, 30, 40

_SUP = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def superscript(text: object) -> str:
    """Digits and minus signs as superscripts: superscript(-40) is "⁻⁴⁰"."""
    return str(text).translate(_SUP)

#: SymPy function name -> how we write it; functions written with the power on the
#: name (sin²(x)); names only the Unicode form uses (σ). All from the registry.
_FUNC_NAMES = registry.PRINTED
_POWER_ON_NAME = registry.POWER_ON_NAME
_UNICODE_ONLY = registry.SYMBOLS


def unicode(expr: Expr) -> str:
    """One-line textbook form with Unicode: "6(3x + 1)", "2x·sin(x)", "x²", "−3/x⁴".

    Args:
        expr: a SymPy expression (or a number).

    Returns:
        The text; `symtutor.read.parsing.parse` reads it back to `expr` (for expressions
        SymPy builds in its normal, evaluated form).
    """
    return _Printer(ascii=False).show(_sympify_trusted(expr))


def plain(expr: Expr) -> str:
    """ASCII form that `symtutor.read.parsing.parse` reads back: "6*(3*x + 1)", "x^2", "sqrt(x)"."""
    return _Printer(ascii=True).show(_sympify_trusted(expr))


def latex(expr: Expr) -> str:
    """LaTeX: SymPy's, with ln for the natural logarithm, σ for the sigmoid, and sums
    in the same order as `unicode` writes them."""
    return _latex_printer().doprint(_sympify_trusted(expr))


@functools.cache
def _latex_printer():
    from sympy.printing.latex import LatexPrinter

    from symtutor.derivation.tidy import ordered_terms

    class _Latex(LatexPrinter):
        def _as_ordered_terms(self, expr, order=None):
            return ordered_terms(expr) if expr.is_Add else super()._as_ordered_terms(expr, order)

        def _print_Mul(self, expr):
            rewritten = _with_log_base(expr)
            return super()._print_Mul(expr) if rewritten is None else self._print(rewritten)

        def _print_LogBase(self, expr):
            arg, base = expr.args
            return rf"\log_{{{self._print(base)}}}{{\left({self._print(arg)} \right)}}"

    return _Latex({"ln_notation": True})


@functools.cache
def _log_base_class():
    from sympy import Function

    class LogBase(Function):
        """log_b(g), written as one: only the printers build it, from ln(g)/ln(b)."""

        nargs = 2

    return LogBase


def _with_log_base(expr):
    """A product with ln(g)/ln(b) written as one factor log_b(g) (b a whole number from 2,
    g not a number), or None: SymPy stores log(x, 8) as ln(x)/ln(8), and the learner
    wrote, and should read, log₈(x)."""
    from sympy import Mul, log

    factors = Mul.make_args(expr)
    # Every product the printers write passes here: most have no logarithm, and stop at once.
    logs = [i for i, f in enumerate(factors) if isinstance(f, log) and f.args[0].free_symbols]
    if len(logs) != 1:
        return None
    bases = [i for i, f in enumerate(factors)
             if f.is_Pow and f.exp == -1 and isinstance(f.base, log) and f.base.args[0].is_Integer
             and f.base.args[0] > 1]
    if len(bases) != 1:
        return None
    arg, base = factors[logs[0]].args[0], factors[bases[0]].base.args[0]
    rest = [f for i, f in enumerate(factors) if i not in (logs[0], bases[0])]
    return Mul(*rest, _log_base_class()(arg, base))


def _sympify_trusted(expr):
    # Python numbers and tuples given by our own code (never user text) become SymPy objects.
    if isinstance(expr, bool):
        raise TypeError("mathfmt formats expressions, not booleans")
    if isinstance(expr, (int, float)):
        from sympy import Float, Integer

        return Integer(expr) if isinstance(expr, int) else Float(expr)
    if isinstance(expr, (tuple, list)):
        from sympy import Tuple

        return Tuple(*[_sympify_trusted(e) for e in expr])
    return expr


def _symbol_text(name: str, ascii: bool) -> str:
    if ascii:
        return name
    base, digits = name, ""
    while base and base[-1].isdigit():
        base, digits = base[:-1], base[-1] + digits
    if not base:
        return name
    if base.endswith("hat") and len(base) == 4:
        base = "ŷ" if base[0] == "y" else base[0] + "\u0302"
    elif base in GREEK:
        base = GREEK[base]
    elif "_" in base:
        head, _, tail = base.partition("_")
        if head in GREEK:
            base = GREEK[head] + "_" + tail
    return base + digits.translate(_SUB)


class _Printer:
    def __init__(self, ascii: bool):
        self.ascii = ascii
        self.times = "*" if ascii else "·"
        self.minus = "-" if ascii else "−"
        self.bars = 0  # |...| groups open around what is being written
        # (id, bars) -> (expr, its text): a derivative repeats the same factors many
        # times (60 factors: 3,600), and SymPy shares them, so each is written once.
        # Holding expr keeps its id from being reused while the printer lives.
        self.seen: dict[tuple[int, int], tuple] = {}

    def show(self, expr) -> str:
        return self.p(expr)[0]

    # Each method returns (text, precedence of its outermost operation).
    def p(self, expr) -> tuple[str, int]:
        if not expr.args:
            return self.leaf(expr)
        key = (id(expr), self.bars)
        hit = self.seen.get(key)
        if hit is not None and hit[0] is expr:
            return hit[1]
        out = self.compound(expr)
        self.seen[key] = (expr, out)
        return out

    def leaf(self, expr) -> tuple[str, int]:
        if expr.is_Symbol:
            return _symbol_text(expr.name, self.ascii), _ATOM
        if expr.is_Number:
            return self.number(expr)
        return self.compound(expr)

    def compound(self, expr) -> tuple[str, int]:
        if expr.is_Add:
            return self.add(expr)
        if expr.is_Mul:
            return self.mul(expr)
        if expr.is_Pow:
            return self.pow(expr)
        if expr.is_Symbol:
            return _symbol_text(expr.name, self.ascii), _ATOM
        if expr.is_Number:
            return self.number(expr)
        name = type(expr).__name__
        if name == "Tuple":
            return "(" + ", ".join(self.show(e) for e in expr.args) + ")", _ATOM
        if name == "Derivative":
            return self.derivative(expr)
        if expr.is_Function:
            return self.function(expr)
        return self.other(expr)

    def derivative(self, expr) -> tuple[str, int]:
        inner, variables = expr.expr, expr.variables
        d = "∂" if (len(inner.free_symbols) > 1 and not self.ascii) else "d"
        if self.ascii:
            return f"Derivative({self.show(inner)}, {', '.join(self.show(v) for v in variables)})", _ATOM
        order = len(variables)
        if order == 1:
            head = f"{d}/{d}{self.show(variables[0])}"
        elif len(set(variables)) == 1:
            sup = str(order).translate(_SUP)
            head = f"{d}{sup}/{d}{self.show(variables[0])}{sup}"
        else:
            head = f"{d}{str(order).translate(_SUP)}/" + "".join(f"{d}{self.show(v)}" for v in variables)
        return f"{head}({self.show(inner)})", _ATOM

    def wrap(self, expr, above: int) -> str:
        text, prec = self.p(expr)
        return f"({text})" if prec < above else text

    # -- numbers and constants
    def number(self, expr) -> tuple[str, int]:
        from sympy import S

        if expr.is_Integer:
            text = str(abs(int(expr)))
            return (self.minus + text, _NEG) if expr < 0 else (text, _ATOM)
        if expr.is_Rational:
            text = f"{abs(int(expr.p))}/{int(expr.q)}"
            return (self.minus + text if expr < 0 else text), _MUL
        if expr is S.Pi:
            return ("pi" if self.ascii else "π"), _ATOM
        if expr is S.Exp1:
            return "e", _ATOM
        if expr is S.Infinity:
            return ("oo" if self.ascii else "∞"), _ATOM
        if expr is S.NegativeInfinity:
            return ("-oo" if self.ascii else "−∞"), _NEG
        if expr is S.ImaginaryUnit:
            return "I" if self.ascii else "i", _ATOM
        if expr is S.NaN or expr is S.ComplexInfinity:
            return "undefined", _ATOM
        if expr.is_Float:
            text = _float_text(expr)
            return (self.minus + text[1:], _NEG) if text.startswith("-") else (text, _ATOM)
        return str(expr), _ATOM

    def other(self, expr) -> tuple[str, int]:
        from sympy import S

        if expr is S.Pi or expr is S.Exp1 or expr is S.ImaginaryUnit:
            return self.number(expr)
        if expr is S.ComplexInfinity or expr is S.NaN:
            return "undefined", _ATOM
        return str(expr), _ATOM

    # -- sums
    def add(self, expr) -> tuple[str, int]:
        from symtutor.derivation.tidy import ordered_terms

        terms = ordered_terms(expr)
        parts: list[str] = []
        for k, term in enumerate(terms):
            negative = term.could_extract_minus_sign()
            body = self.wrap(-term if negative else term, _MUL) if negative else self.wrap(term, _ADD + 1)
            if k == 0:
                parts.append(self.minus + body if negative else body)
            else:
                parts.append((f" {self.minus} " if negative else " + ") + body)
        return "".join(parts), _ADD

    # -- products and fractions
    def mul(self, expr) -> tuple[str, int]:
        if expr.could_extract_minus_sign():
            text, prec = self.p(-expr)
            return self.minus + (f"({text})" if prec < _MUL else text), _NEG
        rewritten = _with_log_base(expr)
        if rewritten is not None:
            return self.p(rewritten)
        numer, denom = self.split_fraction(expr)
        return self.fraction(numer, denom)

    def split_fraction(self, expr):
        from sympy import Integer

        coeff, rest = expr.as_coeff_Mul()
        numer, denom = [], []
        if coeff.is_Rational:
            if coeff.p != 1:
                numer.append(Integer(coeff.p))
            if coeff.q != 1:
                denom.append(Integer(coeff.q))
        elif coeff != 1:
            numer.append(coeff)
        factors = rest.as_ordered_factors() if rest.is_Mul else [rest]
        for f in factors:
            if f == 1:
                continue
            if f.is_Pow and f.exp.is_Rational and f.exp.is_negative:
                denom.append(f.base if f.exp == -1 else f.func(f.base, -f.exp))
            else:
                numer.append(f)
        return numer, denom

    def fraction(self, numer, denom) -> tuple[str, int]:
        top = self.product(numer) if numer else ("1", _ATOM)
        if not denom:
            return top
        top_text = top[0] if top[1] >= _MUL else f"({top[0]})"
        if len(denom) == 1:
            bottom_text, prec = self.p(denom[0])
            if prec < _POW:
                bottom_text = f"({bottom_text})"
        else:
            bottom_text = f"({self.product(denom)[0]})"
        return f"{top_text}/{bottom_text}", _MUL

    def product(self, factors) -> tuple[str, int]:
        if len(factors) == 1:
            return self.p(factors[0])
        out, run, prev = "", "", None
        for f in factors:
            text, prec = self.p(f)
            if prec <= _NEG:
                text = f"({text})"
            kind = _kind(f, text)
            sep = "" if prev is None else self.glue(prev, kind, text, run)
            out += sep + text
            if kind == "letter" and text.isascii():
                run = run + text if (sep == "" and prev is not None and prev[0] == "letter") else text
            else:
                run = ""
            prev = (kind, text)
        return out, _MUL

    def glue(self, prev, kind: str, text: str, run: str) -> str:
        """The separator before a factor: "" where juxtaposition reads unambiguously, else "·".

        `run` is the run of ASCII letters juxtaposed so far: the parser splits such runs
        into words, so "p" "i" must not be written "pi", nor "x" "y" "(" as "xy(".
        """
        if self.ascii:
            return "*"
        left_kind, left_text = prev
        if left_kind == "number":
            if kind in ("letter", "letterpow", "paren", "root", "pi", "epow") or (kind == "abs" and not self.bars):
                # Inside |...| a "|" after a factor would close the group: write 2·|x| there.
                return ""
            return self.times
        if left_kind in ("letter", "letterpow", "pi") and kind in ("letter", "letterpow"):
            first = text[0]
            if not first.isascii():
                return ""
            candidate = (run if left_kind == "letter" else "") + first
            return "" if _all_single(candidate) else self.times
        if kind == "paren":
            if left_kind in ("letterpow", "paren"):
                return ""
            if left_kind in ("letter", "pi") and len(run) <= 1 and left_text != "σ":
                return ""
        return self.times

    # -- powers
    def pow(self, expr) -> tuple[str, int]:
        from sympy import Rational, S

        base, e = expr.base, expr.exp
        if e.is_Rational and e.is_negative:
            numer, denom = self.split_fraction(expr)
            return self.fraction(numer, denom)
        if base is S.Exp1:
            return self.exp_power(e)
        if e == Rational(1, 2) or (e == Rational(1, 3) and not self.ascii):
            if self.ascii:
                return f"sqrt({self.show(base)})", _ATOM
            sign = "√" if e == Rational(1, 2) else "∛"
            text, prec = self.p(base)
            if not (base.is_Symbol and len(text) == 1 or base.is_Integer and base > 0 or text in ("π", "e")):
                text = f"({text})"
            return sign + text, _POW
        if e.is_Integer and e > 1 and base.is_Function and base.func.__name__ in _POWER_ON_NAME and not self.ascii:
            return f"{base.func.__name__}{str(int(e)).translate(_SUP)}({self.args(base)})", _ATOM
        base_text = self.wrap(base, _ATOM)
        if base.is_Pow or (base.is_Number and not base.is_Integer) or (base.is_Integer and base < 0):
            base_text = f"({self.show(base)})"
        if e.is_Integer and not self.ascii:
            return base_text + str(int(e)).translate(_SUP), _POW
        return f"{base_text}^{self.exponent(e)}", _POW

    def exponent(self, e) -> str:
        text, prec = self.p(e)
        simple = (e.is_Symbol and (self.ascii or len(text) == 1)) or (e.is_Integer and e >= 0)
        return text if simple else f"({text})"

    def exp_power(self, e) -> tuple[str, int]:
        if e.is_Integer and e > 0 and not self.ascii:
            return "e" + str(int(e)).translate(_SUP), _POW
        return f"e^{self.exponent(e)}", _POW

    # -- functions
    def args(self, expr) -> str:
        return ", ".join(self.show(a) for a in expr.args)

    def function(self, expr) -> tuple[str, int]:
        name = type(expr).__name__
        if name == "exp":
            return self.exp_power(expr.args[0])
        if name == "Abs":
            self.bars += 1
            inner = self.show(expr.args[0])
            self.bars -= 1
            return (f"abs({inner})" if self.ascii else f"|{inner}|"), _ATOM
        if name == "factorial":
            return f"{self.wrap(expr.args[0], _ATOM)}!", _ATOM
        if name == "LogBase":
            arg, base = expr.args
            if self.ascii:
                return f"log({self.show(arg)}, {self.show(base)})", _ATOM
            return f"log{str(int(base)).translate(_SUB)}({self.show(arg)})", _ATOM
        if not self.ascii and name in _UNICODE_ONLY:
            name = _UNICODE_ONLY[name]
        else:
            name = _FUNC_NAMES.get(name, name)
        if not getattr(expr, "args", None):
            return str(expr), _ATOM
        if type(expr).__name__ == "Heaviside":
            # SymPy stores H(0) as a second argument; the step function itself has one.
            return f"{name}({self.show(expr.args[0])})", _ATOM
        return f"{name}({self.args(expr)})", _ATOM


def _float_text(expr) -> str:
    value = float(expr)
    if math.isinf(value) or (value == 0 and expr != 0):  # beyond a double's range: SymPy's digits
        return str(expr.evalf(15))
    text = repr(value)
    return text[:-2] if text.endswith(".0") else text


def _kind(expr, text: str) -> str:
    """What a factor looks like, for deciding how to join it to its neighbours."""
    if expr.is_Rational:
        return "number"
    if expr.is_Symbol and len(text) == 1 and text.isalpha():
        return "letter"
    if (
        expr.is_Pow
        and expr.exp.is_Integer
        and expr.base.is_Symbol
        and len(text) > 1
        and text[0].isalpha()
        and text[1] in "⁰¹²³⁴⁵⁶⁷⁸⁹"
    ):
        return "letterpow"
    if text == "π":
        return "pi"
    if type(expr).__name__ == "exp":
        return "epow"
    if text.startswith("(") and text.endswith(")"):
        return "paren"
    if text.startswith(("√", "∛")):
        return "root"
    if text.startswith("|"):
        return "abs"
    return "other"


def _all_single(letters: str) -> bool:
    """True when the parser reads `letters` as one-letter variables only (not "pi", "ln", "if")."""
    return letters not in KEYWORDS and all(len(p) == 1 and p != "e" for p in split_word(letters))
