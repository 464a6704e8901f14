"""Terminal plots: a function with its tangent line, loss curves, a descent path.

Each plot is drawn by plotext and returned as a string, so a printout can place
it among its other lines (and a test can compare it). Numbers come from
`numeric`, a small evaluator over SymPy expression trees: no text is ever
turned into code here.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

#: Markers: braille dots for curves (fine resolution), plain characters for the rest,
#: so that plots stay readable without colour.
CURVE = "braille"
LINE_MARKS = ("·", "•", "+", "x", "o", "*")
POINT = "●"

#: How far a curve may run past the interesting part before the y-range is cut.
_CLIP_FACTOR = 4.0


class NotNumeric(ValueError):
    """An expression the evaluator has no numeric form for."""


# --------------------------------------------------------------------------- evaluator


def compile_numeric(expr: Any, variables: Sequence[Any]) -> Callable[..., float]:
    """Turn a SymPy expression into a float function of `variables`, in that order.

    The checker's compiled evaluator (`symtutor.answers.equivalence.compile_real`: built from
    the expression tree, never from text), with a plot's conventions on top: points
    outside the domain give nan, overflow gives inf.

    Args:
        expr: a SymPy expression.
        variables: the symbols, in the order the returned function takes them.

    Returns:
        A function taking one float per variable and returning a float.

    Raises:
        NotNumeric: for a free symbol not in `variables` or an unknown function.
    """
    from symtutor.answers.equivalence import NotCompilable, TooBig, compile_real

    missing = sorted(str(s) for s in expr.free_symbols - set(variables))
    if missing:
        raise NotNumeric(f"no value for {', '.join(missing)}")
    try:
        fn = compile_real(expr, variables)
    except NotCompilable as exc:
        raise NotNumeric(f"cannot evaluate {expr} numerically: {exc}") from None

    def call(*args: float) -> float:
        try:
            value = fn(args)
        except (OverflowError, TooBig):
            return math.inf
        except (ArithmeticError, ValueError, TypeError):  # outside the domain, or a pole
            return math.nan
        return math.nan if isinstance(value, complex) else float(value)

    return call


def numeric(expr: Any, values: Mapping[Any, Any]) -> float:
    """The value of `expr` as a float at the point `values` ({Symbol: number}).

    Raises:
        NotNumeric: for a free symbol without a value or an unknown function.
    """
    variables = list(values)
    fn = compile_numeric(expr, variables)
    return fn(*(float(values[v]) for v in variables))


# --------------------------------------------------------------------------- drawing


def use_color(stream=None) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    stream = stream or sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)())


def _plotext():
    """plotext, imported without building its interactive documentation.

    plotext's __init__ assembles the text of `plotext.doc` at import (about 0.2-0.4 s,
    half its import time); symtutor never reads it, so a stand-in takes its place while
    plotext loads. Should a later plotext need the real module, it is imported normally.
    """
    if "plotext" in sys.modules:
        return sys.modules["plotext"]
    import types

    doc = "plotext._doc.doc"
    stand_in = types.ModuleType(doc)
    stand_in.docs = None  # the one name plotext's __init__ takes from it
    installed = sys.modules.setdefault(doc, stand_in) is stand_in
    try:
        import plotext
    except ImportError:
        sys.modules.pop(doc, None)
        sys.modules.pop("plotext", None)
        import plotext
    finally:
        if installed and sys.modules.get(doc) is stand_in:
            del sys.modules[doc]
    return plotext


def _figure(width: int, height: int, color: bool):
    fig = _plotext().figure
    fig.clear()
    fig.theme("simple" if color else "colorless")
    fig.legend(False)
    fig.plot_size(width, height)
    return fig


def _finish(fig, color: bool, key: Sequence[str] = ()) -> str:
    text = fig.build().string(colorless=not color)
    lines = [line.rstrip() for line in text.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    if key:
        lines.append("   ".join(key))
    return "\n".join(lines)


def _segments(xs: Sequence[float], ys: Sequence[float]) -> list[tuple[list[float], list[float]]]:
    """Split a sampled curve where it is undefined, so no line jumps across a gap."""
    out: list[tuple[list[float], list[float]]] = []
    cur_x: list[float] = []
    cur_y: list[float] = []
    for x, y in zip(xs, ys):
        if math.isfinite(y):
            cur_x.append(x)
            cur_y.append(y)
        elif cur_x:
            out.append((cur_x, cur_y))
            cur_x, cur_y = [], []
    if cur_x:
        out.append((cur_x, cur_y))
    return out


def _y_range(values: Iterable[float], must_show: Iterable[float] = ()) -> tuple[float, float]:
    """A y-range holding `must_show` and the body of `values`, cut where a curve runs away."""
    finite = sorted(v for v in values if math.isfinite(v))
    keep = [v for v in must_show if math.isfinite(v)]
    if not finite and not keep:
        return -1.0, 1.0
    if finite:
        # Cut at the 5th/95th percentiles widened, so a pole (1/x) does not flatten the rest.
        lo_q = finite[int(0.05 * (len(finite) - 1))]
        hi_q = finite[int(0.95 * (len(finite) - 1))]
        spread = max(hi_q - lo_q, 1e-9)
        lo = max(finite[0], lo_q - _CLIP_FACTOR * spread)
        hi = min(finite[-1], hi_q + _CLIP_FACTOR * spread)
    else:
        lo = hi = keep[0]
    lo = min([lo, *keep])
    hi = max([hi, *keep])
    if hi - lo < 1e-9:
        lo, hi = lo - 1.0, hi + 1.0
    pad = 0.05 * (hi - lo)
    return lo - pad, hi + pad


def _num(value: float) -> str:
    """A short, readable number for keys and labels."""
    if not math.isfinite(value):
        return str(value)
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.4g}"


def _unicode(expr: Any) -> str:
    from symtutor.notation.mathfmt import unicode

    return unicode(expr)


def tangent_plot(
    expr: Any,
    var: Any,
    x0: Any,
    width: int = 70,
    height: int = 20,
    *,
    slope: Any = None,
    color: bool | None = False,
) -> str:
    """Plot f and its tangent line at x0, with the point of tangency marked.

    Args:
        expr: f, a SymPy expression in `var` (other symbols must be absent).
        var: the variable (a Symbol).
        x0: the point of tangency (a number or SymPy number).
        width: characters across, frame included.
        height: lines down, frame included.
        slope: f'(x0) if already known; otherwise the engine derives it.
        color: ANSI colours in the string; None means "if stdout is a colour terminal".

    Returns:
        The plot, followed by a key line naming f, the tangent line and the point.

    Raises:
        ValueError: when f or its slope is not defined at x0.
    """
    color = use_color() if color is None else color
    x0f = float(x0)
    f = compile_numeric(expr, [var])
    y0 = f(x0f)
    m = _slope_at(expr, var, x0f, slope)
    if not (math.isfinite(y0) and math.isfinite(m)):
        raise ValueError(f"f or its slope is not defined at {var} = {_num(x0f)}")

    span = max(2.0, abs(x0f))
    lo, hi = x0f - span, x0f + span
    n = max(2 * width, 60)
    xs = [lo + (hi - lo) * i / (n - 1) for i in range(n)]
    ys = [f(x) for x in xs]
    tangent = [y0 + m * (x - x0f) for x in xs]
    # The tangent should be visible near the point, but f decides the scale.
    near = [t for x, t in zip(xs, tangent) if abs(x - x0f) <= span / 2]
    ymin, ymax = _y_range(ys, [y0, *near])

    fig = _figure(width, height, color)
    for sx, sy in _segments(xs, ys):
        fig.draw(fig.signal(sx, sy, marker=CURVE).lines(True))
    # The tangent is drawn as a dotted segment between the points where it leaves the window.
    tx, ty = _clip_line(x0f, y0, m, lo, hi, ymin, ymax)
    fig.draw(fig.signal(tx, ty, marker=LINE_MARKS[0]).lines(True))
    fig.draw(fig.signal([x0f], [y0], marker=POINT))
    fig.ruler(axis=1).lim(ymin, ymax)
    fig.ruler(axis=0).lim(lo, hi)
    fig.title(f"f({var}) = {_unicode(expr)} and its tangent at {var} = {_num(x0f)}")
    key = ("⠤⠤ f", f"{LINE_MARKS[0] * 2} tangent, slope {_num(m)}", f"{POINT} ({_num(x0f)}, {_num(y0)})")
    return _finish(fig, color, key)


def _slope_at(expr: Any, var: Any, x0: float, slope: Any) -> float:
    """f'(x0) as a float: from `slope` (a number or f' as an expression), else derived by the engine."""
    if slope is None:
        from symtutor.derivation.engine import derive_step

        slope = derive_step(expr, var).result
    if not isinstance(slope, (int, float)):
        slope = numeric(slope, {var: x0}) if getattr(slope, "free_symbols", None) else float(slope)
    return float(slope)


def _clip_line(
    x0: float, y0: float, m: float, lo: float, hi: float, ymin: float, ymax: float
) -> tuple[list[float], list[float]]:
    """The part of the line through (x0, y0) with slope m inside the window."""
    x_left, x_right = lo, hi
    if m != 0:
        xa = x0 + (ymin - y0) / m
        xb = x0 + (ymax - y0) / m
        x_left = max(lo, min(xa, xb))
        x_right = min(hi, max(xa, xb))
    return [x_left, x_right], [y0 + m * (x_left - x0), y0 + m * (x_right - x0)]


def loss_curve(
    runs: Sequence[tuple[str, Sequence[float]]],
    width: int = 70,
    height: int = 16,
    *,
    color: bool | None = False,
    title: str = "loss per step",
) -> str:
    """Plot loss against step for one or several descent runs.

    Args:
        runs: (label, losses) pairs; losses[k] is the loss after k updates. Values
            that overflowed (inf/nan) end that run's curve.
        width: characters across.
        height: lines down.
        color: ANSI colours in the string; None means "if stdout is a colour terminal".
        title: the plot's title.

    Returns:
        The plot with a key line naming each run's marker.
    """
    color = use_color() if color is None else color
    fig = _figure(width, height, color)
    everything: list[float] = []
    key = []
    for i, (label, losses) in enumerate(runs):
        # One curve reads best in fine braille; several need markers that differ without colour.
        mark = CURVE if len(runs) == 1 else LINE_MARKS[i % len(LINE_MARKS)]
        xs = list(range(len(losses)))
        ys = [float(v) for v in losses]
        for sx, sy in _segments(xs, ys):
            fig.draw(fig.signal(sx, sy, marker=mark).lines(True))
        everything.extend(ys)
        key.append(f"{mark * 2} {label}")
    finite = [v for v in everything if math.isfinite(v)]
    starts = [float(losses[0]) for _, losses in runs if losses and math.isfinite(float(losses[0]))]
    ymin = min(finite, default=0.0)
    ymax = max(finite, default=1.0)
    # A run that blows up would flatten the others into the floor: cut the scale at a
    # few times the largest starting loss and let that run leave through the top.
    if starts and ymax > 3 * max(starts) > 0:
        ymax = 3 * max(starts)
    if ymax - ymin < 1e-12:
        ymax = ymin + 1.0
    pad = 0.04 * (ymax - ymin)
    # A loss that never goes below 0 gets no negative axis labels.
    fig.ruler(axis=1).lim(0.0 if 0 <= ymin < pad else ymin - pad, ymax + pad)
    longest = max((len(losses) for _, losses in runs), default=1)
    fig.ruler(axis=0).lim(0, max(longest - 1, 1))
    fig.ruler(axis=0).ticks(_int_ticks(max(longest - 1, 1)))
    fig.title(title)
    fig.label("step", axis=0)
    return _finish(fig, color, key if len(runs) > 1 else ())


def _int_ticks(last: int, most: int = 8) -> list[int]:
    """Whole-number step ticks, at most `most` of them, always including 0 and `last`."""
    stride = max(1, math.ceil(last / (most - 1)))
    ticks = list(range(0, last + 1, stride))
    if ticks[-1] != last:
        ticks.append(last)
    return ticks


def path_window(path, n: int) -> tuple[list[float], list[float]]:
    """The finite start of a descent path, and `n` evenly spaced w across it with a margin.

    Non-finite entries end the path (a diverged run); the window spans at least 1.
    """
    ws = []
    for w in path:
        w = float(w)
        if not math.isfinite(w):
            break
        ws.append(w)
    lo, hi = min(ws), max(ws)
    span = max(hi - lo, 1.0)
    lo, hi = lo - 0.15 * span, hi + 0.15 * span
    return ws, [lo + (hi - lo) * i / (n - 1) for i in range(n)]


def path_plot(
    loss: Any,
    var: Any,
    path: Sequence[float],
    width: int = 70,
    height: int = 18,
    *,
    color: bool | None = False,
) -> str:
    """Plot a one-variable loss L(w) with the descent's iterates marked on it, in order.

    Args:
        loss: L, a SymPy expression in `var`.
        var: the variable.
        path: w after 0, 1, 2, ... updates (non-finite entries end the path).
        width: characters across.
        height: lines down.
        color: ANSI colours in the string; None means "if stdout is a colour terminal".

    Returns:
        The plot: the curve, the iterates joined in order, the start and the end marked.
    """
    color = use_color() if color is None else color
    f = compile_numeric(loss, [var])
    ws, xs = path_window(path, max(2 * width, 60))
    ys = [f(x) for x in xs]
    path_y = [f(w) for w in ws]
    ymin, ymax = _y_range(ys, path_y)

    fig = _figure(width, height, color)
    for sx, sy in _segments(xs, ys):
        fig.draw(fig.signal(sx, sy, marker=CURVE).lines(True))
    fig.draw(fig.signal(ws, path_y, marker=LINE_MARKS[0]).lines(True))
    # The first iterates are numbered (0 = start), so the order of the jumps can be read.
    for k, (w, y) in enumerate(zip(ws[:10], path_y[:10])):
        fig.draw(fig.signal([w], [y], marker=str(k)))
    if len(ws) > 10:
        fig.draw(fig.signal(ws[-1:], path_y[-1:], marker=POINT))
    fig.ruler(axis=1).lim(ymin, ymax)
    fig.ruler(axis=0).lim(xs[0], xs[-1])
    fig.title(f"the path on L({var}) = {_unicode(loss)}")
    fig.label(str(var), axis=0)
    key = [
        "⠤⠤ L",
        f"{LINE_MARKS[0] * 2} steps",
        f"0 start {var} = {_num(ws[0])}, 1, 2, ... after each update",
    ]
    if len(ws) > 10:
        key.append(f"{POINT} after {len(ws) - 1} updates {var} = {_num(ws[-1])}")
    return _finish(fig, color, key)


def plane_path_plot(
    names: Sequence[str],
    path: Sequence[tuple[float, float]],
    width: int = 70,
    height: int = 18,
    *,
    color: bool | None = False,
) -> str:
    """Plot a two-variable descent's iterates in the plane of its variables, in order.

    Args:
        names: the two variables' names (horizontal, vertical).
        path: (first, second) after 0, 1, 2, ... updates (non-finite entries end the path).
        width: characters across.
        height: lines down.
        color: ANSI colours in the string; None means "if stdout is a colour terminal".

    Returns:
        The plot: the iterates joined in order, the first ten numbered, the last marked.
    """
    color = use_color() if color is None else color
    points = []
    for a, b in path:
        a, b = float(a), float(b)
        if not (math.isfinite(a) and math.isfinite(b)):
            break
        points.append((a, b))
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    fig = _figure(width, height, color)
    fig.draw(fig.signal(xs, ys, marker=LINE_MARKS[0]).lines(True))
    for k, (a, b) in enumerate(points[:10]):
        fig.draw(fig.signal([a], [b], marker=str(k)))
    if len(points) > 10:
        fig.draw(fig.signal(xs[-1:], ys[-1:], marker=POINT))
    for axis, values in ((0, xs), (1, ys)):
        lo, hi = min(values), max(values)
        pad = max(hi - lo, 1e-9) * 0.08
        fig.ruler(axis=axis).lim(lo - pad, hi + pad)
    first, second = names
    fig.title(f"the path in the ({first}, {second}) plane")
    fig.label(first, axis=0)
    key = [f"{LINE_MARKS[0] * 2} steps", f"0 start ({_num(xs[0])}, {_num(ys[0])}), 1, 2, ... after each update"]
    if len(points) > 10:
        key.append(f"{POINT} after {len(points) - 1} updates ({_num(xs[-1])}, {_num(ys[-1])})")
    return _finish(fig, color, key)
