"""Plots for the notebook display, as inline SVG: no plotting library, nothing fetched.

The terminal printouts draw with plotext; a notebook shows these SVG versions of the
same two plots of a descent run: the loss after each update, and (one variable) the
path of the iterates on the curve L(w).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from symtutor.render.plotting import _segments, _y_range, compile_numeric, path_window

WIDTH, HEIGHT = 520, 280
_LEFT, _RIGHT, _TOP, _BOTTOM = 62, 16, 30, 40
COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e")


def _fmt(value: float) -> str:
    if value == int(value) and abs(value) < 1e6:
        return str(int(value))
    return f"{value:.3g}"


def svg_chart(series: Sequence[tuple[str, Sequence[float], Sequence[float], str]], title: str,
              xlabel: str, xrange: tuple[float, float], yrange: tuple[float, float]) -> str:
    """A line chart; each series is (label, xs, ys, "line" | "points" | "both").

    Non-finite points break a line; the y-range is given (points outside are clipped).
    """
    (x0, x1), (y0, y1) = xrange, yrange
    pw, ph = WIDTH - _LEFT - _RIGHT, HEIGHT - _TOP - _BOTTOM

    def sx(x: float) -> float:
        return _LEFT + pw * (x - x0) / ((x1 - x0) or 1)

    def sy(y: float) -> float:
        return _TOP + ph * (1 - (min(max(y, y0), y1) - y0) / ((y1 - y0) or 1))

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="11">',
             f'<title>{escape(title)}</title>',
             f'<rect x="{_LEFT}" y="{_TOP}" width="{pw}" height="{ph}" fill="white" stroke="#999"/>',
             f'<text x="{WIDTH / 2}" y="18" text-anchor="middle" font-size="13">{escape(title)}</text>',
             f'<text x="{_LEFT + pw / 2}" y="{HEIGHT - 6}" text-anchor="middle">{escape(xlabel)}</text>']
    for frac in (0, 0.5, 1):  # three ticks on each axis: ends and middle
        x, y = x0 + frac * (x1 - x0), y0 + frac * (y1 - y0)
        parts.append(f'<text x="{sx(x):.1f}" y="{_TOP + ph + 14}" text-anchor="middle">{_fmt(x)}</text>')
        parts.append(f'<text x="{_LEFT - 4}" y="{sy(y) + 4:.1f}" text-anchor="end">{_fmt(y)}</text>')
    for i, (label, xs, ys, how) in enumerate(series):
        colour = COLOURS[i % len(COLOURS)]
        if how in ("line", "both"):
            for seg_x, seg_y in _segments(list(xs), list(ys)):
                points = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in zip(seg_x, seg_y))
                parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="1.6" points="{points}"/>')
        if how in ("points", "both"):
            parts += [f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="2.6" fill="{colour}"/>'
                      for x, y in zip(xs, ys) if math.isfinite(x) and math.isfinite(y)]
        parts.append(f'<text x="{_LEFT + 8}" y="{_TOP + 14 + 13 * i}" fill="{colour}">{escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def loss_svg(runs) -> str:
    """The loss after each update, one line per run (per learning rate)."""
    from symtutor.topics.descent import fmt_number

    series, values, longest = [], [], 1
    for run in runs:
        losses = run.losses()
        values += losses
        longest = max(longest, len(losses) - 1)
        series.append((f"η = {fmt_number(run.lr)}", list(range(len(losses))), losses, "both"))
    return svg_chart(series, "the loss after each update", "update", (0, longest), _y_range(values))


def path_svg(run) -> str | None:
    """L(w) with the iterates on it, in order (one variable only)."""
    from symtutor.notation.mathfmt import unicode

    if len(run.variables) != 1:
        return None
    var = run.variables[0]
    f = compile_numeric(run.loss, [var])
    ws, xs = path_window((it.w[var] for it in run.iterates), 200)
    ys, path_y = [f(x) for x in xs], [f(w) for w in ws]
    series = [(f"L({var}) = {unicode(run.loss)}", xs, ys, "line"), ("the iterates", ws, path_y, "both")]
    return svg_chart(series, f"the path on L({var})", str(var), (xs[0], xs[-1]), _y_range(ys, path_y))


def descent_svgs(run) -> list[str]:
    """The SVG plots of one descent run."""
    path = path_svg(run)
    return [loss_svg([run])] + ([path] if path else [])
