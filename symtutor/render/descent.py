"""The gradient-descent printout: the derivative, the update rule worked for the
first steps, every iterate in a table, a verdict, and the plots.

A printout is built once as a list of blocks (heading, paragraph, lines, table,
plot) in one `Style`, then written as text, Markdown, LaTeX or rich; the chain
printout (render/network.py) uses the same blocks (render/blocks.py).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from symtutor.topics.descent import DescentRun, Iterate, fmt_number, is_rounded
from symtutor.render.blocks import Block, BlocksPrintout
from symtutor.render.derivation import TEXT, Style
from symtutor.notation.mathfmt import superscript

#: The update rule is written out in full for this many steps.
WORKED_STEPS = 3
#: A table longer than this shows its head and tail with the middle elided.
MAX_ROWS = 60
_HEAD_ROWS, _TAIL_ROWS = 40, 10


# --------------------------------------------------------------------------- numbers




def num(value: Any, style: Style) -> str:
    """A number written in `style`: exact decimals when short, else rounded."""
    text = fmt_number(value)
    if style.name == "text":
        mantissa, times, exponent = text.partition("×10^")
        if times:
            text = mantissa + "×10" + superscript(exponent)
        return text.replace("-", "−")
    text = text.replace("∞", r"\infty").replace("×10^", r"\times 10^{")
    if r"\times 10^{" in text:
        text += "}"
    return text


def cell(number: str, style: Style) -> str:
    """A number for a table cell: cells are text, so LaTeX needs math mode for every number
    (a minus sign, 2.4\\times 10^{-5}) and Markdown for those written with TeX commands."""
    if style.name == "latex" or (style.name == "markdown" and "\\" in number):
        return style.wrap(number)
    return number


def _paren(text: str) -> str:
    return f"({text})" if text.startswith(("−", "-")) else text


def _vec(values: Sequence[str]) -> str:
    return values[0] if len(values) == 1 else "(" + ", ".join(values) + ")"


# --------------------------------------------------------------------------- one run


class DescentPrintout(BlocksPrintout):
    """A `Printout` of one gradient-descent run.

    Args:
        run: the DescentRun.
        plots: the loss curve and (one variable) the path on L, already drawn, or ().
    """

    def __init__(self, run: DescentRun, plots: Sequence[str] = ()):
        self.run = run
        self.plots = list(plots)

    # -- pieces -------------------------------------------------------------------
    def _names(self, style: Style) -> dict[str, str]:
        run = self.run
        vs = [style.math(v) for v in run.variables]
        single = len(vs) == 1
        if style.name == "text":
            grads = [f"L′({vs[0]})"] if single else [f"∂L/∂{v}" for v in vs]
            w = vs[0] if single else "(" + ", ".join(vs) + ")"
            grad = grads[0] if single else "∇L"
            return {"w": w, "grad": grad, "grads": grads, "vs": vs, "eta": "η", "arrow": "←",
                    "loss": f"L({', '.join(vs)})", "dot": "·"}
        grads = [f"L'({vs[0]})"] if single else [rf"\frac{{\partial L}}{{\partial {v}}}" for v in vs]
        w = vs[0] if single else r"\left(" + ", ".join(vs) + r"\right)"
        return {"w": w, "grad": grads[0] if single else r"\nabla L", "grads": grads, "vs": vs,
                "eta": r"\eta", "arrow": r"\leftarrow", "loss": f"L({', '.join(vs)})", "dot": r" \cdot "}

    def _header(self, style: Style) -> list[Block]:
        run = self.run
        n = self._names(style)
        start = ", ".join(f"{style.math(v)} = {num(run.start.w[v], style)}" for v in run.variables)
        held = ", ".join(f"{style.math(k)} = {style.math(v)}" for k, v in run.held.items())
        lr = num(run.lr, style)
        if style.name == "text":
            title = f"Gradient descent on {n['loss']} = {style.math(run.loss)}"
            setting = f"learning rate η = {lr}, start {start}, at most {_updates(run.steps)}"
            if held:
                setting += f"; held constant: {held}"
            return [Block("heading", title), Block("para", setting)]
        w = style.wrap
        title = style.words("Gradient descent on ") + w(f"{n['loss']} = {style.math(run.loss)}")
        setting = (style.words("learning rate ") + w(rf"\eta = {lr}") + style.words(", start ")
                   + w(start) + style.words(f", at most {_updates(run.steps)}"))
        if held:
            setting += style.words("; held constant: ") + w(held)
        return [Block("heading", title), Block("para", setting)]

    def _derivative(self, style: Style) -> list[Block]:
        run = self.run
        n = self._names(style)
        single = len(run.variables) == 1
        title = "The derivative, step by step" if single else "The partial derivatives, step by step"
        blocks = [Block("heading", style.words(title))]
        partial = frozenset(run.variables) if not single else frozenset()
        for i, (step, g, p) in enumerate(zip(run.derivations, n["grads"], run.partials), 1):
            blocks.append(Block("steps", step=step, partial_vars=partial, number=str(i)))
            blocks.append(Block("para", style.wrap(f"{g} = {style.math(p)}") if style.name != "text"
                                else f"  so {g} = {style.math(p)}"))
        return blocks

    def worked_lines(self, style: Style, count: int = WORKED_STEPS) -> list[str]:
        """The update rule with the numbers of the first `count` steps put in."""
        run = self.run
        n = self._names(style)
        its = run.iterates
        lines = []
        rule = f"{n['w']} {n['arrow']} {n['w']} − {n['eta']}{n['dot']}{n['grad']}"
        if style.name != "text":
            rule = style.wrap(rule.replace("−", "-").replace("·", r" \cdot "))
        lines.append((style.words("update rule: ") if style.name != "text" else "update rule:  ") + rule)
        for before, after in zip(its[:count], its[1 : count + 1]):
            lines.append(self._worked_line(before, after, style, n))
        return lines

    def _worked_line(self, before: Iterate, after: Iterate, style: Style, n: dict) -> str:
        run = self.run
        vs = run.variables
        w0 = _vec([num(before.w[v], style) for v in vs])
        g = _vec([num(before.grad[v], style) for v in vs])
        w1 = _vec([num(after.w[v], style) for v in vs])
        approx = any(is_rounded(after.w[v]) for v in vs)
        eq = "≈" if approx else "="
        lr = num(run.lr, style)
        if style.name == "text":
            grad_at = n["grad"].replace(f"({n['w']})", f"({w0})") if len(vs) == 1 else f"∇L{w0}"
            return (f"step {after.step}:  {grad_at} = {g}, so "
                    f"{n['w']} ← {w0} − {lr}·{_paren(g)} {eq} {w1}")
        eq = r"\approx" if approx else "="
        paren = (lambda t: rf"\left({t}\right)" if t.startswith("-") else t)
        grad_at = f"L'({w0})" if len(vs) == 1 else rf"\nabla L{w0}"
        return (style.words(f"step {after.step}: ") + style.wrap(f"{grad_at} = {g}")
                + style.words(", so ")
                + style.wrap(rf"{n['w']} \leftarrow {w0} - {lr} \cdot {paren(g)} {eq} {w1}"))

    def table(self, style: Style) -> tuple[list[str], list[list[str]], str]:
        """Header, rows and a note for the table of iterates (the middle elided when long)."""
        run = self.run
        n = self._names(style)
        m = (lambda s: s) if style.name == "text" else style.wrap
        header = ["step", *(m(v) for v in n["vs"]), *(m(g) for g in n["grads"]), m(n["loss"])]
        its = list(run.iterates)
        rows = []
        shown = its if len(its) <= MAX_ROWS else its[:_HEAD_ROWS] + [None] + its[-_TAIL_ROWS:]
        for it in shown:
            if it is None:
                rows.append(["⋮" if style.name == "text" else "…"] + [""] * (len(header) - 1))
                continue
            rows.append([
                str(it.step),
                *(cell(num(it.w[v], style), style) for v in run.variables),
                *(cell(num(it.grad[v], style), style) for v in run.variables),
                cell(num(it.loss, style), style),
            ])
        notes = [f"row k is the state after k updates; {'the gradient' if len(run.variables) > 1 else 'the derivative'} and the loss are taken at that point."]
        exact_until = run.exact_until
        if exact_until < run.last.step:
            if exact_until >= 0:
                notes.append(f"Exact fractions through step {exact_until}; after that the numbers grow long, "
                             "so the run continues in floating point (shown rounded).")
            else:
                notes.append("The values are not exact fractions, so the run is in floating point (shown rounded).")
        if len(its) > MAX_ROWS:
            notes.append(f"{len(its) - _HEAD_ROWS - _TAIL_ROWS} rows elided; the JSON output lists them all.")
        return header, rows, " ".join(notes)

    def verdict(self, style: Style = TEXT) -> str:
        """One or two sentences: converged / diverged / oscillating / not yet."""
        return verdict_text(self.run, style)

    def blocks(self, style: Style) -> list[Block]:
        """The whole printout as blocks in `style`."""
        blocks = self._header(style) + self._derivative(style)
        blocks.append(Block("heading", style.words("The update rule, worked")))
        blocks.append(Block("lines", lines=self.worked_lines(style)))
        blocks.append(Block("heading", style.words("Every iterate")))
        header, rows, note = self.table(style)
        blocks.append(Block("table", header=header, rows=rows))
        blocks.append(Block("para", style.words(note)))
        blocks.append(Block("heading", style.words("Verdict")))
        blocks.append(Block("para", self.verdict(style)))
        blocks += [Block("plot", plot) for plot in self.plots]
        return blocks

    # -- Printout protocol ---------------------------------------------------------
    def data(self) -> dict:
        out = self.run.to_dict()
        out["verdict"] = self.verdict(TEXT)
        return out


def verdict_text(run: DescentRun, style: Style = TEXT) -> str:
    """The verdict on a run, in words (numbers written in `style`)."""
    names = [style.math(v) for v in run.variables]
    # Once converged, the digits below the tolerance are noise: w ≈ 3, not 2.9999998.
    show = (lambda v: _rounded(v, run.tolerance, style)) if run.converged else (lambda v: num(v, style))
    where = ", ".join(f"{v} ≈ {show(run.last.w[var])}" for v, var in zip(names, run.variables))
    if style.name != "text":
        where = style.wrap(where.replace("≈", r"\approx"))
    lr = num(run.lr, style)
    eta = f"η = {lr}" if style.name == "text" else style.wrap(rf"\eta = {lr}")
    w = style.words
    # Which directions overshoot, when there are several.
    across = ""
    if len(run.variables) > 1 and run.oscillating:
        across = w(" (in ") + ", ".join(style.m(v) for v in run.oscillating_in) + w(")")
    if run.undefined:
        at = ", ".join(f"{v} = {num(run.last.w[var], style)}" for v, var in zip(names, run.variables))
        if style.name != "text":
            at = style.wrap(at)
        return (w(f"Stopped after {_updates(run.last.step)}: the loss is undefined at ") + at
                + w(" (outside its domain). ") + eta
                + w(" took a step too far; a smaller learning rate may stay inside."))
    if run.diverged:
        losses = run.losses()
        first = num(losses[0], style)
        last = num(losses[-1], style) if math.isfinite(losses[-1]) else ("∞" if style.name == "text" else r"$\infty$")
        if style.name != "text":
            first, last = style.wrap(first), style.wrap(last) if not last.startswith("$") else last
        return (w("Diverged: the loss grew from ") + first + w(" to ") + last
                + w(f" in {_updates(run.last.step)}. ") + eta
                + w(" is too large: each step overshoots the minimum by more than the distance it started from."))
    if run.converged:
        grad = "|∇L|" if len(names) > 1 else "|L′|"
        tol = num(run.tolerance, style)
        text = (w("Converged: ") + where + w(f" after {_updates(run.last.step)} (the step and {grad} fell below ")
                + (tol if style.name == "text" else style.wrap(tol)) + w(")."))
        if run.oscillating:
            text += w(" Overshooting") + across + w(": each step jumps past the minimum and back, so ") + eta + w(
                " is too large for a smooth approach, though it still converges.")
        return text
    if run.oscillating:
        if _closing_in(run):
            return (w("Overshooting") + across + w(": each step jumps past the minimum and back, so ") + eta
                    + w(" is too large for a smooth approach. It is still closing in (")
                    + where + w(f" after {_updates(run.last.step)}); more steps would converge."))
        return (w("Oscillating") + across + w(": each step jumps past the minimum and back without getting closer (")
                + where + w(f" after {_updates(run.last.step)}). ") + eta
                + w(" is too large; a smaller learning rate approaches smoothly."))
    grad = num(run.last.norm(), style)
    if style.name != "text":
        grad = style.wrap(grad)
    return (w(f"Not converged yet after {_updates(run.last.step)}: ") + where
            + w(" (|gradient| = ") + grad + w("). More steps or a larger learning rate would get closer."))


def _updates(n: int) -> str:
    return f"{n} update" if n == 1 else f"{n} updates"


def _rounded(value: Any, tolerance: float, style: Style) -> str:
    """`value` to the decimals the tolerance justifies (at least 3 significant digits)."""
    f = float(value)
    places = max(0, min(12, math.ceil(-math.log10(tolerance)) - 1))
    text = f"{round(f, places):.{places}f}".rstrip("0").rstrip(".") if places else f"{round(f)}"
    if text in ("-0", ""):
        text = "0"
    return text.replace("-", "−") if style.name == "text" else text


def _closing_in(run: DescentRun) -> bool:
    """The steps are getting shorter: the last step is clearly shorter than the first."""
    its = run.iterates
    if len(its) < 3:
        return False
    first = sum((float(its[1].w[v]) - float(its[0].w[v])) ** 2 for v in run.variables)
    last = sum((float(its[-1].w[v]) - float(its[-2].w[v])) ** 2 for v in run.variables)
    return last < 0.5 * first


# --------------------------------------------------------------------------- several rates


class ComparePrintout(BlocksPrintout):
    """Several learning rates on the same loss, side by side.

    Args:
        runs: the DescentRuns (same loss and start, different η).
        plots: the combined loss curve, already drawn, or ().
    """

    def __init__(self, runs: Sequence[DescentRun], plots: Sequence[str] = ()):
        self.runs = list(runs)
        self.plots = list(plots)

    def table(self, style: Style) -> tuple[list[str], list[list[str]]]:
        """One row per step; a column of w per run (of L when there are several variables)."""
        first = self.runs[0]
        single = len(first.variables) == 1
        label = (lambda r: f"η = {num(r.lr, style)}") if style.name == "text" else (
            lambda r: style.wrap(rf"\eta = {num(r.lr, style)}"))
        what = style.math(first.variables[0]) if single else "L"
        header = ["step", *(f"{what}, {label(r)}" if style.name == "text" else
                            f"{style.wrap(what)}, {label(r)}" for r in self.runs)]
        longest = max(len(r.iterates) for r in self.runs)
        rows = []
        steps = range(longest)
        if longest > MAX_ROWS:
            steps = [*range(_HEAD_ROWS), None, *range(longest - _TAIL_ROWS, longest)]
        for k in steps:
            if k is None:
                rows.append(["⋮"] + [""] * len(self.runs))
                continue
            row = [str(k)]
            for r in self.runs:
                if k < len(r.iterates):
                    it = r.iterates[k]
                    row.append(cell(num(it.w[first.variables[0]] if single else it.loss, style), style))
                else:
                    row.append("")
            rows.append(row)
        return header, rows

    def blocks(self, style: Style) -> list[Block]:
        first = self.runs[0]
        lead = DescentPrintout(first)
        head = lead._header(style)
        rates = ", ".join(num(r.lr, style) for r in self.runs)
        if style.name == "text":
            head[1] = Block("para", f"learning rates η = {rates}; " + head[1].text.split(", ", 1)[1])
        blocks = head + lead._derivative(style)
        blocks.append(Block("heading", style.words("Side by side")))
        header, rows = self.table(style)
        blocks.append(Block("table", header=header, rows=rows))
        blocks.append(Block("para", style.words("row k is the state after k updates; a blank cell: that run had stopped.")))
        blocks.append(Block("heading", style.words("Verdicts")))
        for r in self.runs:
            eta = f"η = {num(r.lr, style)}" if style.name == "text" else style.wrap(rf"\eta = {num(r.lr, style)}")
            blocks.append(Block("para", f"{eta}: " + verdict_text(r, style)))
        blocks += [Block("plot", plot) for plot in self.plots]
        return blocks

    def data(self) -> dict:
        first = self.runs[0]
        return {
            "loss": str(first.loss),
            "variables": [str(v) for v in first.variables],
            "start": first.to_dict()["start"],
            "runs": [dict(r.to_dict(), verdict=verdict_text(r)) for r in self.runs],
        }
