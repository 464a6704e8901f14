"""The SymPy -> Maxima printer, round-tripped on the engine's rule tables.

Each expression of tests/test_engine.py's tables, and its derivative, is printed to
Maxima and read back by a tiny reader written here (trusted test strings only): it
must come back as the same expression (structurally, or up to SymPy's own
re-distribution of a minus sign, checked exactly), or (where Maxima has no
spelling of our activation functions and they are written out) equal in value.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import sympy

sys.path.insert(0, str(Path(__file__).resolve().parent))
import test_engine  # noqa: E402

from symtutor.answers.equivalence import equivalent  # noqa: E402
from symtutor.derivation.engine import derive_step  # noqa: E402
from symtutor.export.maxima import NotExportable, maxima  # noqa: E402
from symtutor.read.parsing import parse  # noqa: E402


def read_maxima(text: str):
    """A tiny Maxima reader for the printer's own output (trusted, test only)."""
    assert "**" not in text and "%i" not in text
    python = text.replace("%e", "E").replace("%pi", "pi").replace("^", "**")
    python = python.replace("if (", "Piecewise((1, (").replace(") > 0 then 1 else 0)", ") > 0), (0, True))")
    return sympy.sympify(python, locals={"E": sympy.E, "pi": sympy.pi, "abs": sympy.Abs,
                                         "max": sympy.Max, "min": sympy.Min})  # trusted


def _cases():
    out = []
    for text, wrt, *_ in test_engine.TEXT_TABLE:
        names = (wrt,) if wrt and len(wrt) > 1 else ()
        out.append((text, parse(text, names=("eta", "w1")), wrt))
    for expr, var, *_ in test_engine.EXPR_TABLE:
        out.append((str(expr), expr, var.name))
    return out


CASES = _cases()
ACTIVATIONS = ("sigmoid", "relu", "Heaviside")


@pytest.mark.parametrize(("label", "expr", "wrt"), CASES, ids=[c[0] for c in CASES])
def test_round_trip_of_expression_and_derivative(label, expr, wrt):
    var = sympy.Symbol(wrt) if wrt else sorted(expr.free_symbols, key=str)[0] if expr.free_symbols else sympy.Symbol("x")
    derivative = derive_step(expr, var).result
    for original in (expr, derivative):
        text = maxima(original)
        back = read_maxima(text)
        if any(original.has(sympy.Function(name)) or name in str(original) for name in ACTIVATIONS):
            assert equivalent(back, original).equal, (text, original)
        else:
            # Structurally the same, or the same up to SymPy re-distributing a sign
            # when the text is read back (-(2x + 1)/... comes back as (-2x - 1)/...).
            assert back == original or sympy.simplify(back - original) == 0, (text, back, original)


def test_spellings():
    x = sympy.Symbol("x")
    assert maxima(sympy.exp(3 * x) * sympy.pi) == "%pi*exp(3*x)"
    assert maxima(sympy.E ** 2) == "exp(2)"
    assert maxima(x ** sympy.Rational(-1, 2)) == "1/sqrt(x)"
    assert maxima(sympy.log(x) / x**3) == "log(x)/x^3"
    assert maxima(sympy.Abs(x - 1)) == "abs(x - 1)"
    assert maxima(parse("sigmoid(x)")) == "1/(1+exp(-(x)))"


def test_unknown_functions_are_refused():
    with pytest.raises(NotExportable):
        maxima(sympy.gamma(sympy.Symbol("x")))
    with pytest.raises(NotExportable):
        maxima(sympy.oo)
