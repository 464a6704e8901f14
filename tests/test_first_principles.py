"""first_principles.work: the limit definition worked by hand, checked against the engine."""

from __future__ import annotations

import pytest
import sympy as sp

from symtutor.derivation.engine import derive_step
from symtutor.errors import InputError
from symtutor.topics.first_principles import MAX_DEGREE, evaluated, work

x, h = sp.symbols("x h")

CASES = [
    # (f, method, difference quotient (f(x+h) - f(x))/h)
    (x**2, "polynomial", 2 * x + h),
    (x**3, "polynomial", 3 * x**2 + 3 * x * h + h**2),
    (3 * x**2 - 5 * x + 7, "polynomial", 6 * x + 3 * h - 5),
    (sp.Integer(5), "polynomial", sp.Integer(0)),
    (1 / x, "common_denominator", -1 / (x * (x + h))),
    (1 / x**2, "common_denominator", -(2 * x + h) / (x**2 * (x + h) ** 2)),
    (4 / x, "common_denominator", -4 / (x * (x + h))),
    ((x + 1) / (x - 1), "common_denominator", -2 / ((x - 1) * (x + h - 1))),
    (sp.sqrt(x), "conjugate", 1 / (sp.sqrt(x + h) + sp.sqrt(x))),
    (3 * sp.sqrt(x), "conjugate", 3 / (sp.sqrt(x + h) + sp.sqrt(x))),
    (sp.sqrt(x**2 + 1), "conjugate", (2 * x + h) / (sp.sqrt((x + h) ** 2 + 1) + sp.sqrt(x**2 + 1))),
    (sp.sin(x), "standard_limit", None),
    (2 * sp.cos(x), "standard_limit", None),
    (sp.exp(x), "standard_limit", None),
]


@pytest.mark.parametrize(("f", "method", "quotient"), CASES, ids=[str(c[0]) for c in CASES])
def test_result_equals_the_engines_derivative(f, method, quotient):
    fp = work(f)
    assert fp.method == method
    engine = derive_step(f, x).result
    assert sp.simplify(fp.result - engine) == 0
    assert sp.simplify(fp.result - sp.diff(f, x)) == 0
    if quotient is not None:
        assert sp.simplify(fp.difference_quotient - quotient) == 0
    # The limit is the quotient at h = 0 (the definition, checked numerically for the trig cases).
    assert sp.simplify(sp.limit(fp.difference_quotient, h, 0) - fp.result) == 0


def test_posts_example_x_squared():
    """(x+h)² − x² over h is 2x + h, whose limit is 2x; 6 at x = 3."""
    fp = work(x**2)
    assert sp.expand(fp.difference_quotient) == 2 * x + h
    assert fp.result == 2 * x
    assert fp.result.subs(x, 3) == 6
    kinds = [line.kind for line in fp.lines]
    assert kinds == ["shifted", "numerator", "quotient", "limit"]
    shifted, numerator, quotient, _ = fp.lines
    assert shifted.forms[0] == (x + h) ** 2
    assert shifted.forms[-1] == x**2 + 2 * x * h + h**2
    assert numerator.forms[-1] == 2 * x * h + h**2
    assert quotient.forms[-1] == 2 * x + h


def test_rationalising_shows_the_conjugate_and_the_cancelled_root():
    fp = work(sp.sqrt(x))
    conjugate = next(line for line in fp.lines if line.kind == "conjugate")
    assert dict(conjugate.terms)["c"] == sp.sqrt(x + h) + sp.sqrt(x)
    assert evaluated(conjugate.forms[-1]) == h / (sp.sqrt(x + h) + sp.sqrt(x))
    assert fp.result == 1 / (2 * sp.sqrt(x))


@pytest.mark.parametrize("f", [c[0] for c in CASES], ids=[str(c[0]) for c in CASES])
def test_every_line_is_an_equality(f):
    """All forms on a line are equal, and each line's last form feeds the next step."""
    fp = work(f)
    for line in fp.lines:
        values = [evaluated(form) for form in line.forms]
        for value in values[1:]:
            assert sp.simplify(sp.expand_trig(value - values[0])) == 0, (line.kind, value, values[0])
    shifted = next(line for line in fp.lines if line.kind == "shifted")
    assert sp.simplify(evaluated(shifted.forms[0]) - f.subs(x, x + h)) == 0


def test_common_denominator_for_one_over_x():
    fp = work(1 / x)
    numerator = next(line for line in fp.lines if line.kind == "numerator")
    assert sp.simplify(numerator.forms[-1] - (-h / (x * (x + h)))) == 0
    assert fp.result == -1 / x**2


def test_standard_limits_are_named():
    assert work(sp.sin(x)).limits_used == ("sin", "cos")
    assert work(sp.exp(x)).limits_used == ("exp",)
    assert work(sp.sin(x)).result == sp.cos(x)
    assert work(2 * sp.cos(x)).result == -2 * sp.sin(x)


def test_variable_named_h_uses_k():
    hh = sp.Symbol("h")
    fp = work(hh**2)
    assert fp.h == sp.Symbol("k")
    assert fp.result == 2 * hh


@pytest.mark.parametrize(
    "f",
    [sp.tan(x), sp.sin(2 * x), sp.log(x), x ** sp.Rational(1, 3), x**x, x ** (MAX_DEGREE + 1), sp.sin(x) + x],
    ids=str,
)
def test_refuses_what_it_cannot_show_step_by_step(f):
    with pytest.raises(InputError, match="first-principles cannot work"):
        work(f)


def test_refuses_several_variables():
    y = sp.Symbol("y")
    with pytest.raises(InputError, match="one variable"):
        work(x * y)


def _printout(f, at=None):
    from symtutor.render.first_principles import FirstPrinciplesPrintout

    return FirstPrinciplesPrintout(work(f), at, rules_result=derive_step(f, x).result)


def test_printout_rationalises_in_writing():
    text = _printout(sp.sqrt(x), {x: 4}).text()
    assert "f(x + h) − f(x) = ((x + h) − x)/(√x + √(x + h)) = h/(√x + √(x + h))" in text
    assert "lim_{h→0} 1/(√x + √(x + h)) = 1/(2√x)" in text
    assert "Check by the rules: d/dx [√x] = 1/(2√x)" in text
    assert text.endswith("At x = 4: f′(4) = 1/4 ≈ 0.25\n")


def test_printout_names_the_standard_limits():
    text = _printout(sp.sin(x)).text()
    assert "lim_{h→0} sin(h)/h = 1" in text and "lim_{h→0} (cos(h) − 1)/h = 0" in text
    assert "the limit is sin(x)·0 + cos(x)·1" in text
    data = _printout(sp.sin(x)).data()
    assert data["method"] == "standard_limit"
    assert data["standard_limits"] == ["lim_{h→0} sin(h)/h = 1", "lim_{h→0} (cos(h) − 1)/h = 0"]
    assert data["result"] == "cos(x)"


def test_printout_common_denominator_json():
    data = _printout(1 / x, {x: 2}).data()
    assert sp.sympify(data["difference_quotient"]) == -1 / (x * (x + h))  # trusted: our output
    assert data["value"] == "-1/4" and data["value_float"] == -0.25
    numerator = next(s for s in data["steps"] if s["kind"] == "numerator")
    assert numerator["label"] == "f(x + h) − f(x)"
    assert sp.simplify(sp.sympify(numerator["forms"][0]) - (1 / (x + h) - 1 / x)) == 0  # trusted
