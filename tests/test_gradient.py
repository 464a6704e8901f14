"""gradient.gradient: partials from the engine, the vector at a point, steepest directions."""

from __future__ import annotations

import pytest
import sympy as sp

from symtutor.errors import InputError
from symtutor.gradient import gradient, natural_key

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


def test_constant_has_no_gradient():
    with pytest.raises(InputError):
        gradient(sp.Integer(3))


def test_natural_order_of_variables():
    names = sp.symbols("w10 w2 b w1")
    assert [s.name for s in sorted(names, key=natural_key)] == ["b", "w1", "w2", "w10"]
