"""gradient.gradient: partials from the engine, the vector at a point, steepest directions."""

from __future__ import annotations

import pytest
import sympy as sp

from symtutor.errors import InputError
from symtutor.topics.gradient import gradient, natural_key

x, y, z = sp.symbols("x y z")
F = x**2 + 3 * x * y + y**2


def test_posts_partials_and_value():
    g = gradient(F, {x: sp.Integer(2), y: sp.Integer(1)})
    assert g.variables == (x, y)
    assert g.partials == (2 * x + 3 * y, 3 * x + 2 * y)
    assert g.value == (7, 8)
    assert g.norm == sp.sqrt(113)
    assert g.ascent == (7 * sp.sqrt(113) / 113, 8 * sp.sqrt(113) / 113)
    assert g.descent == (-7 * sp.sqrt(113) / 113, -8 * sp.sqrt(113) / 113)
    assert float(g.ascent[0]) == pytest.approx(7 / 113**0.5)


def test_each_partial_holds_the_others_constant():
    g = gradient(F)
    dx, dy = g.derivations
    assert dx.variable == x and dy.variable == y
    assert "held_constant" in {s.case for s in dx.steps.walk()} | {s.case for s in dy.steps.walk()}
    for d in g.derivations:
        assert sp.simplify(d.result - sp.diff(F, d.variable)) == 0
    assert g.value is None and g.ascent is None


def test_partials_agree_with_sympy_for_three_variables():
    f = x * sp.exp(y) + sp.sin(x * z) + y**2 * z
    g = gradient(f, {x: 0, y: 0, z: 1})
    assert g.value == tuple(sp.diff(f, v).subs({x: 0, y: 0, z: 1}) for v in (x, y, z))
    assert g.value == (2, 0, 0)
    assert g.ascent == (1, 0, 0)


def test_stationary_point_has_no_direction():
    g = gradient(x**2 + y**2, {x: 0, y: 0})
    assert g.value == (0, 0)
    assert g.norm == 0
    assert g.ascent is None and g.descent is None


def test_point_must_name_every_variable_and_only_those():
    with pytest.raises(InputError, match="missing y"):
        gradient(F, {x: 2})
    with pytest.raises(InputError, match="z is not a variable"):
        gradient(F, {x: 2, y: 1, z: 0})


def test_undefined_partial_is_refused():
    with pytest.raises(InputError, match="undefined"):
        gradient(sp.log(x) + y, {x: 0, y: 1})


def test_slope_at_a_kink_is_refused():
    from symtutor.notation.functions import relu

    with pytest.raises(InputError, match="kink"):
        gradient(relu(x) + y, {x: 0, y: 1})
    assert gradient(relu(x) + y, {x: 2, y: 1}).value == (1, 1)


def test_constant_has_no_gradient():
    with pytest.raises(InputError):
        gradient(sp.Integer(3))


def test_natural_order_of_variables():
    names = sp.symbols("w10 w2 b w1")
    assert [s.name for s in sorted(names, key=natural_key)] == ["b", "w1", "w2", "w10"]


def _text(f, at):
    from symtutor.render.gradient import GradientPrintout

    return GradientPrintout(gradient(f, at)).text()


def test_printout_directions_and_reading():
    text = _text(F, {x: 2, y: 1})
    assert "At x = 2, y = 1: ∇f = [7, 8]" in text
    assert "Length: |∇f| = √113 ≈ 10.6301" in text
    assert "Steepest ascent: [7/√113, 8/√113] ≈ [0.6585, 0.7526]" in text
    assert "Steepest descent: [−7/√113, −8/√113] ≈ [−0.6585, −0.7526]" in text
    assert "a small step in x raises f about 7× as much as the step" in text
    assert "∂f/∂x  (y is held constant)" in text and "∂f/∂y  (x is held constant)" in text


def test_printout_simplifies_directions_that_are_not_whole_over_a_root():
    text = _text(x**2 + y**2, {x: 1, y: -1})
    assert "Steepest ascent: [√2/2, −√2/2] ≈ [0.7071, −0.7071]" in text
    assert "a small step in y lowers f about 2× as much as the step" in text
    assert "Steepest ascent: [3/5, 4/5] ≈ [0.6, 0.8]" in _text(3 * x + 4 * y, {x: 0, y: 0})


def test_printout_at_a_stationary_point():
    text = _text(x**2 + y**2, {x: 0, y: 0})
    assert "Stationary point: ∇f = 0 here" in text
    assert "Steepest" not in text
