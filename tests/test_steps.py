"""Step and Derivation: plain data, walked and serialised without surprises."""

from __future__ import annotations

import json

import pytest
from sympy import Integer, Symbol

from symtutor.derivation.steps import Derivation, Step

x, u = Symbol("x"), Symbol("u")


def _chain_step() -> Step:
    inner = Step("sum", 3 * x + 1, x, Integer(3), case="", why="")
    outer = Step("power", u**2, u, 2 * u, why="the exponent {n} is a constant", terms=(("n", Integer(2)),))
    return Step(
        "chain",
        (3 * x + 1) ** 2,
        x,
        6 * (3 * x + 1),
        substeps=(outer, inner),
        why="{u} is an inner function of {x}",
        terms=(("u", 3 * x + 1), ("x", x)),
    )


def test_walk_is_depth_first_in_reading_order():
    step = _chain_step()
    assert [s.rule for s in step.walk()] == ["chain", "power", "sum"]
    assert step.rules_used() == {"chain", "power", "sum"}


def test_explain_fills_slots_with_the_formatter():
    step = _chain_step()
    assert step.explain() == "3*x + 1 is an inner function of x"
    assert step.explain(lambda e: f"[{e}]") == "[3*x + 1] is an inner function of [x]"
    assert step.substeps[1].explain() == ""


def test_term_lookup():
    step = _chain_step()
    assert step.term("u") == 3 * x + 1
    with pytest.raises(KeyError):
        step.term("v")


def test_steps_are_immutable():
    step = _chain_step()
    with pytest.raises(AttributeError):
        step.rule = "power"  # type: ignore[misc]


def test_to_dict_is_json_ready_and_nested():
    d = Derivation("(3x+1)^2", (3 * x + 1) ** 2, x, _chain_step())
    data = json.loads(json.dumps(d.to_dict()))
    assert data["input"] == "(3x+1)^2"
    assert data["variable"] == "x"
    assert data["result"] == "18*x + 6"
    assert data["steps"]["rule"] == "chain"
    assert data["steps"]["terms"] == {"u": "3*x + 1", "x": "x"}
    assert [s["rule"] for s in data["steps"]["substeps"]] == ["power", "sum"]
    assert data["steps"]["substeps"][0]["why"] == "the exponent 2 is a constant"
    assert d.result == 18 * x + 6
