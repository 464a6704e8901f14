"""A printout laid out as blocks (heading, paragraph, lines, steps, table, plot),
written once in a `Style` and rendered as text, Markdown, LaTeX or rich.

The descent and chain-rule printouts are built this way; `BlocksPrintout` gives
them the `Printout` methods, so each only says what its blocks are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from symtutor.render.derivation import LATEX, MARKDOWN, TEXT, Style, latex_document, step_lines, step_tree



@dataclass
class Block:
    """One piece of a printout.

    kind: "heading" (text), "para" (text), "lines" (pre-laid-out lines, e.g. a
    derivation), "steps" (a Step to show as lines or a rich tree), "table"
    (header + rows + note), "plot" (a terminal plot).
    """

    kind: str
    text: str = ""
    lines: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    step: Any = None
    partial_vars: frozenset = frozenset()
    number: str = "1"


def blocks_text(blocks: Sequence[Block]) -> str:
    """Plain Unicode text."""
    out: list[str] = []
    for b in blocks:
        if b.kind == "heading":
            out += ["", b.text, "─" * min(len(b.text), 70)] if out else [b.text, "═" * min(len(b.text), 70)]
        elif b.kind == "para":
            out.append(b.text)
        elif b.kind == "lines":
            out += b.lines
        elif b.kind == "steps":
            out += step_lines(b.step, "text", number=b.number, indent=2, partial_vars=b.partial_vars)
        elif b.kind == "table":
            out += _text_table(b.header, b.rows)
        elif b.kind == "plot":
            out += ["", *b.text.rstrip("\n").splitlines()]
        elif b.kind == "blank":
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def _text_table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    def line(cells: list[str]) -> str:
        return "  " + "  ".join(c.rjust(w) for c, w in zip(cells, widths)).rstrip()
    return [line(header), "  " + "  ".join("─" * w for w in widths), *(line(r) for r in rows)]


def blocks_markdown(blocks: Sequence[Block]) -> str:
    """Markdown with ``$…$`` math and pipe tables."""
    out: list[str] = []
    for b in blocks:
        if b.kind == "heading":
            out += ["", f"### {b.text}", ""] if out else [f"## {b.text}", ""]
        elif b.kind == "para":
            out += [b.text, ""]
        elif b.kind == "lines":
            # A list keeps the lines apart (Markdown would join them into one paragraph).
            out += [f"- {line.strip()}" for line in b.lines] + [""]
        elif b.kind == "steps":
            out += [*step_lines(b.step, "markdown", number=b.number, partial_vars=b.partial_vars), ""]
        elif b.kind == "table":
            out.append("| " + " | ".join(b.header) + " |")
            out.append("|" + "|".join("---:" for _ in b.header) + "|")
            out += ["| " + " | ".join(r) + " |" for r in b.rows]
            out.append("")
        elif b.kind == "plot":
            out += ["```text", *b.text.rstrip("\n").splitlines(), "```", ""]
    # One blank line between blocks, however they end.
    text = "\n".join(out).strip("\n")
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text + "\n"


def blocks_latex(blocks: Sequence[Block]) -> str:
    """A LaTeX fragment (amsmath); plots are left out."""
    out: list[str] = []
    for b in blocks:
        if b.kind == "heading":
            out += [rf"\subsection*{{{b.text}}}"]
        elif b.kind == "para":
            out += [rf"\par\noindent {b.text}\par"]
        elif b.kind == "lines":
            out += [rf"\par\noindent {line}\par" for line in b.lines]
        elif b.kind == "steps":
            out += step_lines(b.step, "latex", number=b.number, partial_vars=b.partial_vars)
        elif b.kind == "table":
            out.append(r"\begin{tabular}{" + "r" * len(b.header) + "}")
            out.append(" & ".join(b.header) + r" \\ \hline")
            out += [" & ".join(r) + r" \\" for r in b.rows]
            out.append(r"\end{tabular}")
    return "\n".join(out) + "\n"


def blocks_rich(blocks: Sequence[Block]):
    """A rich renderable of text-style blocks."""
    from rich import box
    from rich.console import Group
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    parts: list[Any] = []
    for b in blocks:
        if b.kind == "heading":
            if parts:
                parts.append(Text(""))
            parts.append(Text(b.text, style="bold underline" if len(parts) else "bold"))
        elif b.kind == "para":
            parts.append(Text(b.text))
        elif b.kind == "lines":
            parts += [Text(line) for line in b.lines]
        elif b.kind == "steps":
            parts.append(Padding(step_tree(b.step, number=b.number, partial_vars=b.partial_vars), (0, 0, 0, 2)))
        elif b.kind == "table":
            table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
            for h in b.header:
                table.add_column(h, justify="right")
            for r in b.rows:
                table.add_row(*r)
            parts.append(table)
        elif b.kind == "plot":
            parts += [Text(""), Text.from_ansi(b.text.rstrip("\n"))]
        elif b.kind == "blank":
            parts.append(Text(""))
    return Group(*parts)


class BlocksPrintout:
    """Base for printouts made of blocks: subclasses define `blocks(style)` and `data()`."""

    def blocks(self, style: Style) -> list[Block]:
        raise NotImplementedError

    def text(self) -> str:
        return blocks_text(self.blocks(TEXT))

    def markdown(self) -> str:
        return blocks_markdown(self.blocks(MARKDOWN))

    def latex(self) -> str:
        return blocks_latex(self.blocks(LATEX))

    def latex_document(self) -> str:
        return latex_document(self.latex())

    def rich(self):
        return blocks_rich(self.blocks(TEXT))
