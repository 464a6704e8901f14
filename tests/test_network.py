"""The chain rule through a computation graph: symbolic result against sympy.diff,
values against finite differences, graph errors, and the printout."""

from __future__ import annotations

import math
import random
import re

import pytest
import sympy as sp
from sympy import Rational, exp, log, tanh

from symtutor.errors import InputError
from symtutor.notation.functions import relu, sigmoid
from symtutor.topics.network import backprop

L, yhat, z, w, x, b, y = sp.symbols("L yhat z w x b y")
a, c, u, p, q = sp.symbols("a c u p q")
w1, w2, b1, b2, z1, z2, a1, a2 = sp.symbols("w1 w2 b1 b2 z1 z2 a1 a2")
h1, h2 = sp.symbols("h1 h2")

R = Rational

# (name, definitions, wrt, point): at least ten graphs covering every activation,
# two layers, shared nodes, a parameter used twice, several parameters.
GRAPHS = [
    ("sigmoid", [(L, (yhat - y) ** 2), (yhat, sigmoid(z)), (z, w * x + b)], [w, b],
     {w: R(1, 2), x: 2, b: 0, y: 1}),
    ("tanh", [(L, (yhat - y) ** 2), (yhat, tanh(z)), (z, w * x + b)], [w, b],
     {w: R(-3, 10), x: R(3, 2), b: R(1, 5), y: R(1, 2)}),
    ("relu", [(L, (yhat - y) ** 2), (yhat, relu(z)), (z, w * x + b)], [w, b],
     {w: R(7, 10), x: 2, b: R(1, 10), y: 3}),
    ("relu-off", [(L, (yhat - y) ** 2), (yhat, relu(z)), (z, w * x + b)], [w],
     {w: R(-1, 2), x: 2, b: R(1, 10), y: 1}),
    ("exp", [(L, (yhat - y) ** 2), (yhat, exp(z)), (z, w * x)], [w],
     {w: R(1, 4), x: R(-2, 1), y: R(1, 3)}),
    ("ln", [(L, -log(p)), (p, sigmoid(z)), (z, w * x + b)], [w, b],
     {w: R(2, 5), x: 3, b: R(-1, 2)}),
    ("cross-entropy", [(L, -(y * log(p) + (1 - y) * log(1 - p))), (p, sigmoid(z)), (z, w * x + b)], [w, b],
     {w: R(1, 3), x: 2, b: R(1, 4), y: 1}),
    ("two-layer", [(L, (a2 - y) ** 2), (a2, sigmoid(z2)), (z2, w2 * a1 + b2), (a1, tanh(z1)), (z1, w1 * x + b1)],
     [w1, b1, w2, b2], {w1: R(1, 2), b1: R(-1, 4), w2: R(-3, 2), b2: R(1, 10), x: 2, y: 1}),
    ("shared-node", [(L, (a + c) ** 2), (a, tanh(u)), (c, u**2), (u, w * x)], [w],
     {w: R(3, 10), x: 2}),
    ("param-twice", [(L, p * q), (p, w * x + b), (q, w**2 + b)], [w, b],
     {w: R(3, 2), x: R(-1, 2), b: 2}),
    ("softplus", [(L, log(1 + exp(z))), (z, w * x)], [w], {w: R(-7, 10), x: 3}),
    ("weight-reused", [(L, (h2 - y) ** 2), (h2, w * h1), (h1, sigmoid(w * x))], [w],
     {w: R(4, 5), x: R(-1, 1), y: R(1, 2)}),
    ("intermediate", [(L, (yhat - y) ** 2), (yhat, sigmoid(z)), (z, w * x + b)], [z],
     {w: R(1, 2), x: 2, b: 0, y: 1}),
]


def _full_loss(defs, keep=None):
    """The loss with every definition (except `keep`'s) substituted, independently of network.py."""
    table = {n: e for n, e in defs if n != keep}
    expr = defs[0][1]
    for _ in range(len(defs)):
        expr = expr.xreplace(table)
    return expr


def _same(e1, e2, symbols, seed=0):
    """Equal as functions: exactly at random rational points to 40 digits."""
    rng = random.Random(seed)
    for _ in range(5):
        point = {s: R(rng.randint(-30, 30), rng.randint(7, 13)) for s in symbols}
        d = (e1 - e2).xreplace(point).rewrite(exp).evalf(50)
        assert abs(complex(d)) < 1e-35, (point, d)


@pytest.mark.parametrize("name, defs, wrt, point", GRAPHS, ids=[g[0] for g in GRAPHS])
def test_result_is_sympy_diff_of_substituted_loss(name, defs, wrt, point):
    result = backprop(defs, wrt, point)
    full = _full_loss(defs)
    assert sp.simplify(result.full_loss - full) == 0
    for partial in result.partials:
        param = partial.param
        if param in dict(defs):
            # An intermediate node: differentiate with that node cut free, then put it back.
            node = _full_loss([(param, dict(defs)[param]), *defs])
            expected = sp.diff(_full_loss(defs, keep=param), param).xreplace({param: node})
        else:
            expected = sp.diff(full, param)
        _same(partial.result, expected, sorted(result.inputs, key=str))


@pytest.mark.parametrize("name, defs, wrt, point", GRAPHS, ids=[g[0] for g in GRAPHS])
def test_value_agrees_with_finite_difference(name, defs, wrt, point):
    result = backprop(defs, wrt, point)
    for partial in result.partials:
        assert partial.kinks == ()
        assert partial.agrees is True
        assert partial.value_float == pytest.approx(partial.finite_difference, abs=1e-6)
        assert partial.value_float == pytest.approx(float(partial.value.evalf(30)), rel=1e-12)


def test_post_example_links_and_paths():
    result = backprop([(L, (yhat - y) ** 2), (yhat, sigmoid(z)), (z, w * x + b)], [w])
    assert [(str(lk.of), str(lk.wrt)) for lk in result.links] == [("L", "yhat"), ("yhat", "z"), ("z", "w")]
    derivs = {(lk.of, lk.wrt): lk.derivative for lk in result.links}
    assert sp.expand(derivs[(L, yhat)] - (2 * yhat - 2 * y)) == 0
    assert sp.expand(derivs[(yhat, z)] - sigmoid(z) * (1 - sigmoid(z))) == 0
    assert derivs[(z, w)] == x
    (partial,) = result.partials
    assert partial.paths == ((L, yhat, z, w),)
    assert partial.value is None and partial.finite_difference is None
    assert result.order == (L, yhat, z)
    assert result.inputs == (b, w, x, y)


def test_definitions_in_any_order():
    result = backprop([(z, w * x + b), (L, (yhat - y) ** 2), (yhat, sigmoid(z))], [w])
    assert result.loss == L and result.order == (L, yhat, z)


def test_sigmoid_value_at_the_point():
    result = backprop([(L, (yhat - y) ** 2), (yhat, sigmoid(z)), (z, w * x + b)], [w],
                      {w: R(1, 2), x: 2, b: 0, y: 1})
    s = 1 / (1 + sp.exp(-1))
    expected = float((2 * (s - 1) * s * (1 - s) * 2).evalf(30))
    assert result.partials[0].value_float == pytest.approx(expected, rel=1e-14)
    assert expected == pytest.approx(-0.2115083711370669, rel=1e-12)


def test_forward_pass_values():
    result = backprop([(L, (yhat - y) ** 2), (yhat, sigmoid(z)), (z, w * x + b)], [w],
                      {w: R(1, 2), x: 2, b: 0, y: 1})
    assert list(result.forward) == [z, yhat, L]
    assert result.forward[z] == 1
    assert float(result.forward[yhat]) == pytest.approx(1 / (1 + math.exp(-1)), rel=1e-14)
    assert float(result.forward[L]) == pytest.approx((1 / (1 + math.exp(-1)) - 1) ** 2, rel=1e-14)
    assert result.to_dict()["forward"]["z"] == 1.0


def test_shared_node_sums_over_paths():
    result = backprop([(L, (a + c) ** 2), (a, tanh(u)), (c, u**2), (u, w * x)], [w])
    (partial,) = result.partials
    assert partial.paths == ((L, a, u, w), (L, c, u, w))
    assert partial.chain.is_Add


def test_several_parameters_in_json():
    result = backprop([(L, (yhat - y) ** 2), (yhat, tanh(z)), (z, w * x + b)], [w, b],
                      {w: 1, x: 2, b: 0, y: 0})
    data = result.to_dict()
    assert set(data["derivative"]) == {"w", "b"}
    assert set(data["value"]) == {"w", "b"}
    assert data["agrees"] == {"w": True, "b": True}
    assert {"of", "wrt", "expr", "derivative"} <= set(data["links"][0])
    assert sp.sympify(data["derivative"]["b"], locals={"sigmoid": sigmoid, "relu": relu}) == result.partials[1].result  # trusted


def test_relu_kink_is_named_and_zero_is_used():
    result = backprop([(L, (yhat - y) ** 2), (yhat, relu(z)), (z, w * x + b)], [w],
                      {w: 0, x: 2, b: 0, y: 1})
    (partial,) = result.partials
    assert [k.arg for k in partial.kinks] == [z]
    assert partial.value == 0


def test_too_many_paths_is_refused():
    # Each layer's two nodes both feed both nodes above: 2^7 paths from L down to w.
    layers = [sp.symbols(f"p{i} q{i}") for i in range(7)]
    defs = [(L, layers[-1][0] + layers[-1][1])]
    for i in range(6, 0, -1):
        lo = layers[i - 1]
        defs += [(layers[i][0], lo[0] * lo[1]), (layers[i][1], lo[0] + lo[1])]
    defs += [(layers[0][0], w * x), (layers[0][1], w + x)]
    with pytest.raises(InputError, match="more than 64 paths lead from L to w"):
        backprop(defs, [w])


@pytest.mark.parametrize(
    "defs, wrt, at, message",
    [
        ([(L, yhat**2), (yhat, z + 1), (z, yhat * 2)], [w], None, "circular: yhat → z → yhat"),
        ([(L, L + w)], [w], None, "circular: L → L"),
        ([(L, yhat**2), (yhat, z + 1)], [w], None, "L does not depend on w"),
        ([(L, yhat**2), (L, z + 1)], [z], None, "L is defined twice"),
        ([(L, yhat**2), (yhat, w * x), (q, w)], [w], None, "q is defined but L does not depend on it"),
        ([(L, yhat**2), (yhat, w * x)], [w], {w: 1}, "--at needs a value for x too"),
        ([(L, yhat**2), (yhat, w * x)], [w], {w: 1, x: 1, b: 2}, "--at b: not an input"),
        ([(L, yhat**2), (yhat, w * x)], [L], None, "that is the loss itself"),
        ([(L, yhat**2), (yhat, log(w))], [w], {w: 0}, "has no real value at the point"),
        ([(L, log(p)), (p, w * x)], [w], {w: -1, x: 2}, "L = ln(p) has no real value at the point (p = −2)"),
    ],
)
def test_graph_errors(defs, wrt, at, message):
    with pytest.raises(InputError, match=re.escape(message)):
        backprop(defs, wrt, at)


# --------------------------------------------------------------------------- printout and command line

import json  # noqa: E402
from cli_helpers import cli, main  # noqa: E402
from snapshots import check_golden  # noqa: E402

from symtutor.render.network import ChainPrintout  # noqa: E402

POST = ["L = (yhat - y)^2", "yhat = sigmoid(z)", "z = w*x + b"]
POST_AT = ["--at", "w=0.5", "--at", "x=2", "--at", "b=0", "--at", "y=1"]

def test_printout_shows_each_local_derivative_and_the_check():
    result = backprop([(L, (yhat - y) ** 2), (yhat, sigmoid(z)), (z, w * x + b)], [w],
                      {w: R(1, 2), x: 2, b: 0, y: 1})
    text = ChainPrintout(result).text()
    for piece in ("∂L/∂ŷ", "∂ŷ/∂z", "∂z/∂w", "∂L/∂w = ∂L/∂ŷ·∂ŷ/∂z·∂z/∂w", "path from w to the loss: w → z → ŷ → L",
                  "∂L/∂w ≈ −0.2115084", "✓ agrees", "h = 10⁻⁸"):
        assert piece in text, piece
    md = ChainPrintout(result).markdown()
    assert r"\frac{\partial L}{\partial w}" in md
    assert "agrees" in ChainPrintout(result).latex()


def test_printout_names_the_relu_kink():
    result = backprop([(L, (yhat - y) ** 2), (yhat, relu(z)), (z, w * x + b)], [w], {w: 0, x: 2, b: 0, y: 1})
    text = ChainPrintout(result).text()
    assert "relu has a kink where z = 0" in text and "relu′(0) = 0" in text
    assert "undefined" in text


def test_cli_golden_post_example():
    done = cli("chain", *POST, "--wrt", "w", *POST_AT, "--format", "text")
    assert done.returncode == 0 and done.stderr == ""
    check_golden("chain_post.txt", done.stdout)


def test_cli_json_keys(capsys):
    code, out, _ = main(capsys, "chain", *POST, "--wrt", "w,b", *POST_AT, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert {"links", "derivative", "value", "finite_difference"} <= set(data)
    assert [(lk["of"], lk["wrt"]) for lk in data["links"]] == [("L", "yhat"), ("yhat", "z"), ("z", "w"), ("z", "b")]
    assert set(data["derivative"]) == {"w", "b"}
    assert data["value_float"]["w"] == pytest.approx(-0.2115083711370669, rel=1e-12)
    assert data["finite_difference"]["w"] == pytest.approx(data["value_float"]["w"], abs=1e-6)
    assert data["agrees"] == {"w": True, "b": True}


def test_cli_multi_letter_names_stay_whole(capsys):
    code, out, _ = main(capsys, "chain", "L = (a2 - y)^2", "a2 = sigmoid(w2*a1)", "a1 = relu(w1*x)",
                        "--wrt", "w1,w2", "--at", "w1=0.5,w2=-1,x=2,y=1", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["inputs"] == ["w1", "w2", "x", "y"]
    assert data["agrees"] == {"w1": True, "w2": True}


@pytest.mark.parametrize(
    "defs, extra, message",
    [
        (["L = (yhat - y)^2", "yhat = sigmoid(z)", "z = yhat*w"], ["--wrt", "w"], "circular"),
        (POST, ["--wrt", "q"], "--wrt q: L does not depend on q"),
        (POST, ["--wrt", "w", "--at", "w=1"], "--at needs a value for b, x, y too"),
        (["L = (yhat - y)^2", "yhat sigmoid(z)"], ["--wrt", "w"], "is not a definition"),
        (["L = (yhat - y)^2", "L = z"], ["--wrt", "y"], "L is defined twice"),
    ],
)
def test_cli_errors_exit_2_with_one_line(capsys, defs, extra, message):
    code, out, err = main(capsys, "chain", *defs, *extra)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err


def test_cli_error_through_the_real_entry_point():
    done = cli("chain", "L = (yhat - y)^2", "yhat = sigmoid(z)", "z = yhat*w", "--wrt", "w")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == "symtutor: the definitions are circular: yhat → z → yhat\n"


def test_rich_output_renders():
    from symtutor.render.output import render

    result = backprop([(L, (yhat - y) ** 2), (yhat, sigmoid(z)), (z, w * x + b)], [w],
                      {w: R(1, 2), x: 2, b: 0, y: 1})
    text = render(ChainPrintout(result), "rich")
    assert "The chain rule: ∂L/∂w" in text and "✓ agrees" in text
    assert "Activation function rule" in text  # the engine's steps, as a tree


def test_cli_definitions_in_one_argument(capsys):
    code, out, _ = main(capsys, "chain", "L = (yhat - y)^2; yhat = sigmoid(z)\nz = w*x + b", "--wrt", "w",
                        *POST_AT, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert [d["name"] for d in data["definitions"]] == ["L", "yhat", "z"]
    assert data["value_float"] == pytest.approx(-0.2115083711370669, rel=1e-12)
