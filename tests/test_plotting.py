"""Terminal plots and the numeric evaluator behind them."""

from __future__ import annotations

import math

import pytest
import sympy as sp
from sympy import Abs, Heaviside, Max, Rational, cos, exp, log, sech, sin, sqrt, tanh

from symtutor.render import plotting
from symtutor.notation.functions import relu, sigmoid
from symtutor.render.plotting import NotNumeric, compile_numeric, numeric

x, y, w = sp.symbols("x y w")


@pytest.mark.parametrize(
    "expr, point",
    [
        (3 * x**2 + 2 * x * y - Rational(1, 2), {x: 1.5, y: -2.0}),
        (sin(x) * cos(y) + exp(-x), {x: 0.3, y: 2.0}),
        (log(x**2 + 1) / sqrt(x), {x: 2.5}),
        (sigmoid(x) * (1 - sigmoid(x)), {x: -0.7}),
        (sech(x) ** 2 + tanh(y), {x: 0.4, y: -1.1}),
        (Abs(x - 3) + Max(x, y) + sp.pi * sp.E, {x: 1.0, y: 2.0}),
        (x ** Rational(1, 3), {x: 8.0}),
    ],
)
def test_numeric_matches_sympy(expr, point):
    expected = float(expr.evalf(30, subs={k: sp.Float(v, 30) for k, v in point.items()}))
    assert numeric(expr, point) == pytest.approx(expected, rel=1e-12)


def test_numeric_activations_and_edges():
    f = compile_numeric(relu(x) + Heaviside(x), [x])
    assert f(2.0) == 3.0 and f(-2.0) == 0.0 and f(0.0) == 0.5  # SymPy's Heaviside(0) = 1/2
    assert numeric(sigmoid(x), {x: -1000.0}) == pytest.approx(0.0)  # no overflow
    assert numeric(sigmoid(x), {x: 1000.0}) == 1.0
    assert math.isnan(numeric(log(x), {x: -1.0}))
    assert math.isnan(numeric(sqrt(x), {x: -4.0}))
    assert numeric(exp(x), {x: 1e6}) == math.inf
    assert math.isnan(numeric(1 / x, {x: 0.0}))  # a pole: no value


def test_numeric_refuses_what_it_cannot_evaluate():
    with pytest.raises(NotNumeric, match="no value for y"):
        compile_numeric(x + y, [x])
    with pytest.raises(NotNumeric, match="cannot evaluate"):
        compile_numeric(sp.gamma(x), [x])


def _body(plot):
    return plot.splitlines()


def test_tangent_plot_marks_the_point_and_names_the_slope():
    plot = plotting.tangent_plot(x**2, x, 3, width=60, height=18, slope=6)
    lines = _body(plot)
    assert lines[-1] == "⠤⠤ f   ·· tangent, slope 6   ● (3, 9)"
    assert "tangent at x = 3" in lines[0]
    assert sum(line.count("●") for line in lines[:-1]) == 1
    assert max(len(line) for line in lines) <= 60
    assert "\x1b[" not in plot


def test_tangent_plot_point_sits_at_its_coordinates():
    # x from 1 to 5 (x0 = 3, span 2): the point is at the middle column of the canvas.
    plot = plotting.tangent_plot(x, x, 3, width=60, height=18, slope=1)
    rows = [line for line in plot.splitlines() if "│" in line or "┤" in line]
    canvas = [line.split("┤", 1)[-1] if "┤" in line else line.split("│", 1)[-1] for line in rows]
    (row,) = [line for line in canvas if "●" in line]
    col = row.index("●")
    width = len(canvas[0].rstrip("│"))
    assert abs(col - width / 2) <= 2


def test_tangent_plot_derives_the_slope_with_the_engine():
    plot = plotting.tangent_plot(x**3, x, 1, width=50, height=15)
    assert "tangent, slope 3" in plot


def test_tangent_plot_survives_a_pole():
    plot = plotting.tangent_plot(1 / x, x, 1, width=50, height=15, slope=-1)
    assert "tangent, slope -1" in plot and "● (1, 1)" in plot


def test_tangent_plot_refuses_a_point_outside_the_domain():
    with pytest.raises(ValueError, match="not defined at x = -1"):
        plotting.tangent_plot(log(x), x, -1, slope=-1)


def test_colour_only_when_asked():
    coloured = plotting.tangent_plot(x**2, x, 3, slope=6, color=True)
    assert "\x1b[" in coloured
    assert plotting.use_color() is False  # stdout is captured here, not a terminal


def test_no_color_wins(monkeypatch):
    class Tty:
        def isatty(self):
            return True

    assert plotting.use_color(Tty()) is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert plotting.use_color(Tty()) is False


def test_loss_curve_keys_and_integer_steps():
    plot = plotting.loss_curve([("η = 0.3", [9, 1.44, 0.2304]), ("η = 1.1", [9, 12.96, 18.66])], width=50)
    lines = plot.splitlines()
    assert lines[-1] == "·· η = 0.3   •• η = 1.1"
    axis = next(line for line in lines if line.strip().startswith("0") and "2" in line and "step" not in line)
    assert axis.split() == ["0", "1", "2"]
    single = plotting.loss_curve([("η = 0.3", [9, 1.44, 0.2304])], width=50)
    assert "··" not in single.splitlines()[-1]


def test_loss_curve_keeps_a_blow_up_from_flattening_the_rest():
    plot = plotting.loss_curve([("a", [9, 1, 0.1]), ("b", [9, 100, 1e6])], width=50, height=12)
    labels = [line.split("┤")[0].strip() for line in plot.splitlines() if "┤" in line]
    assert max(float(v) for v in labels) <= 30  # cut at 3 × the largest start


def test_path_plot_numbers_the_iterates():
    path = [0, 1.8, 2.52, 2.808]
    plot = plotting.path_plot((w - 3) ** 2, w, path, width=60, height=16)
    body = "\n".join(plot.splitlines()[1:-1])
    for k in "0123":
        assert k in body
    assert plot.splitlines()[-1].startswith("⠤⠤ L   ·· steps   0 start w = 0")
    assert "the path on L(w)" in plot.splitlines()[0]


def test_path_plot_stops_at_overflow():
    plot = plotting.path_plot((w - 3) ** 2, w, [0, 6.6, -1.32, math.inf], width=60, height=16)
    assert "3" not in plot.splitlines()[-1].split("w = ")[-1]


def test_plane_path_plot_numbers_iterates_in_the_plane():
    path = [(1, 2), (0.8, 0.8), (0.64, 0.32), (0.512, 0.128)]
    plot = plotting.plane_path_plot(("x", "y"), path, width=60, height=16)
    lines = plot.splitlines()
    assert "the path in the (x, y) plane" in lines[0]
    assert lines[-1] == "·· steps   0 start (1, 2), 1, 2, ... after each update"
    rows = [line for line in lines if "┤" in line or line.lstrip().startswith("│")]
    # Step 0 (y = 2) is the highest point drawn, step 3 (y = 0.128) the lowest.
    bodies = [line.split("┤", 1)[1] if "┤" in line else line.split("│", 1)[1] for line in rows]
    found = {k: i for i, body in enumerate(bodies) for k in "0123" if k in body}
    assert found["0"] < found["1"] < found["2"] <= found["3"]
