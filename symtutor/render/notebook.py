"""How results display themselves in a Jupyter notebook (`_repr_mimebundle_`).

`Derivation`, `Verdict`, `Gradient`, `DescentRun` and `ChainResult` each call
`mimebundle(self)`, which builds the same printout the command line shows and returns
it as HTML (the steps as nested lists; a descent run with its plots as inline SVG),
LaTeX (the result as a formula), Markdown and plain text. No script, stylesheet or
font is fetched: the HTML is complete in itself.
"""

from __future__ import annotations

from html import escape
from typing import Any

from symtutor.render.derivation import LATEX, TEXT, build_node, Node

#: The frame of every display; inline styles only (a notebook strips <style> in some viewers).
_BOX = 'style="font-family: system-ui, sans-serif; line-height: 1.45"'
_MONO = "font-family: ui-monospace, 'DejaVu Sans Mono', monospace"


def mimebundle(obj: Any) -> dict[str, str]:
    """The display of a symtutor result: text/html, text/latex, text/markdown, text/plain."""
    printout, latex, html = _parts(obj)
    return {
        "text/plain": printout.text(),
        "text/markdown": printout.markdown(),
        "text/latex": latex,
        "text/html": f"<div class=\"symtutor\" {_BOX}>{html}</div>",
    }


def _parts(obj: Any):
    """(printout, LaTeX formula, HTML body) for one result, by its type."""
    kind = type(obj).__name__
    if kind == "Derivation":
        return _derivation(obj)
    if kind == "Verdict":
        return _verdict(obj)
    if kind == "Gradient":
        return _gradient(obj)
    if kind == "DescentRun":
        return _descent(obj)
    if kind == "ChainResult":
        return _chain(obj)
    raise TypeError(f"no notebook display for {kind}")


# --------------------------------------------------------------------------- the step tree


def steps_html(step, *, number: str = "1", partial_vars=frozenset()) -> str:
    """A derivation's steps as nested lists: rule, what is differentiated, formula, reason, result."""
    return f'<ul style="list-style: none; padding-left: 0">{_node_html(build_node(step, TEXT, number, frozenset(partial_vars)))}</ul>'


def _node_html(node: Node) -> str:
    notes = "".join(
        f'<div style="color: #555">{"formula: " if kind == "formula" else ""}{escape(text)}</div>'
        for kind, text in node.notes
    )
    children = "".join(_node_html(child) for child in node.children)
    if children:
        children = f'<ul style="list-style: none; padding-left: 1.6em; border-left: 1px solid #ddd">{children}</ul>'
    tail = "".join(f"<div><b>{escape(text)}</b></div>" for _, text in node.tail)
    head = (f'<span style="color: #0a6a8a; font-weight: bold">{escape(node.number)}</span> '
            f"<b>{escape(node.title)}:</b> <span style=\"{_MONO}\">{escape(node.head)}</span>")
    return f"<li>{head}{notes}{children}{tail}</li>"


def _lines_html(lines) -> str:
    return "".join(f"<div>{escape(line)}</div>" for line in lines if line.strip())


# --------------------------------------------------------------------------- each result


def _derivation(d):
    from symtutor.render.derivation import DerivationPrintout

    p = DerivationPrintout(d)
    partial = p.partial_vars
    header = TEXT.dexpr(d.variable, d.expr, p.partial)
    latex = f"$${LATEX.dexpr(d.variable, d.expr, p.partial)} = {LATEX.math(d.result)}$$"
    html = (f"<div><b style=\"{_MONO}\">{escape(header)}</b></div>{steps_html(d.steps, partial_vars=partial)}"
            f"<div><b>Answer:</b> <span style=\"{_MONO}\">{escape(TEXT.eq(header, TEXT.math(d.result)))}</span></div>")
    return p, latex, html


def _verdict(v):
    from symtutor.render.verdict import VerdictPrintout

    p = VerdictPrintout(v)
    headline, rows = p._headline(), p._lines()  # the same words as the terminal panel
    colour = "#1a7f37" if v.correct else "#c62828"
    html = (f'<div style="border-left: 4px solid {colour}; padding-left: .6em">'
            f'<div style="color: {colour}; font-weight: bold">{escape(headline)}</div>'
            + "".join(f'<div><span style="color: #666">{escape(name)}:</span> {escape(text)}</div>'
                      for name, text in rows) + "</div>")
    words = headline.replace("✓", "").replace("✗", "").replace("—", "-").strip()
    mark = r"\checkmark" if v.correct else r"\times"
    latex = f"$${mark}\\ \\text{{{_tex_text(words)}}}$$"
    return p, latex, html


def _gradient(g):
    from symtutor.render.gradient import GradientPrintout
    from symtutor.notation import mathfmt

    p = GradientPrintout(g)
    several = len(g.variables) > 1
    parts = []
    for i, (var, d) in enumerate(zip(g.variables, g.derivations), 1):
        parts.append(f"<div><b>∂f/∂{escape(TEXT.math(var))}</b></div>"
                     + steps_html(d.steps, number=str(i), partial_vars={var} if several else ()))
    text = p.text()
    summary = text[text.index("Gradient:"):].splitlines() if "Gradient:" in text else []
    html = "".join(parts) + f'<div style="margin-top: .5em">{_lines_html(summary)}</div>'
    latex = r"$$\nabla f = \left[" + ", ".join(mathfmt.latex(e) for e in g.partials) + r"\right]"
    if g.value is not None:
        latex += r" \quad\text{at the point: } \left[" + ", ".join(mathfmt.latex(v) for v in g.value) + r"\right]"
    return p, latex + "$$", html


def _descent(run):
    from symtutor.render.descent import DescentPrintout
    from symtutor.render.notebook_plots import descent_svgs
    from symtutor.topics.descent import fmt_number

    p = DescentPrintout(run)
    html = blocks_html(p.blocks(TEXT)) + "".join(f"<div>{svg}</div>" for svg in descent_svgs(run))
    names = [LATEX.math(v) for v in run.variables]
    where = ", ".join(f"{n} = {fmt_number(run.last.w[v])}" for n, v in zip(names, run.variables))
    latex = (f"$$L = {LATEX.math(run.loss)},\\quad \\eta = {fmt_number(run.lr)},\\quad "
             f"\\text{{after {run.last.step} updates: }} {where}$$").replace("−", "-").replace("×10^", r"\times 10^")
    return p, latex, html


def _chain(result):
    from symtutor.render.network import ChainPrintout, partial_name
    from symtutor.notation import mathfmt

    p = ChainPrintout(result)
    formulas = []
    for part in result.partials:
        line = f"{partial_name(result.loss, part.param, LATEX)} = {mathfmt.latex(part.result)}"
        if part.value is not None:
            line += f" = {mathfmt.latex(part.value)}"
        formulas.append(line)
    latex = "$$" + r" \\ ".join(formulas) + "$$" if len(formulas) == 1 else (
        r"$$\begin{aligned}" + r" \\ ".join(f"&{f}" for f in formulas) + r"\end{aligned}$$")
    return p, latex, blocks_html(p.blocks(TEXT))


# --------------------------------------------------------------------------- blocks


def blocks_html(blocks) -> str:
    """A block printout (render/blocks.py) in HTML; terminal plots are left to the SVGs."""
    out = []
    for b in blocks:
        if b.kind == "heading":
            out.append(f'<div style="font-weight: bold; margin-top: .6em">{escape(b.text)}</div>')
        elif b.kind == "para":
            out.append(f"<p style=\"margin: .2em 0\">{escape(b.text)}</p>")
        elif b.kind == "lines":
            out.append(f'<div style="{_MONO}">{_lines_html(b.lines)}</div>')
        elif b.kind == "steps":
            out.append(steps_html(b.step, number=b.number, partial_vars=b.partial_vars))
        elif b.kind == "table":
            out.append(_table_html(b.header, b.rows))
    return "".join(out)


def _table_html(header, rows) -> str:
    cell = 'style="text-align: right; padding: 0 .6em"'
    head = "".join(f"<th {cell}>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td {cell}>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _tex_text(words: str) -> str:
    """Words for \\text{...}: the characters TeX would read as commands left out."""
    return "".join(ch for ch in words if ch not in "\\{}$^_%#&~")
