"""The printout of a derivation checked line by line (``symtutor check-steps``, lesson ``w``).

One row per step: its number, how it was read, a mark (✓ right, ✗ wrong, ↳ follows
from a wrong line, ? unreadable) and what was found; a wrong step's feedback follows
on the next row. The last row sums up. Rich is imported only inside `rich()`.
"""

from __future__ import annotations

from typing import Any

from symtutor.render.verdict import _md, label_words

MARKS = {"right": "✓", "wrong": "✗", "carried": "↳", "unreadable": "?"}


def _kind(v) -> str:
    if v.status == "unreadable":
        return "unreadable"
    if v.correct:
        return "right"
    return "carried" if v.status == "follows" else "wrong"


def _number(v) -> str:
    return str(v.line) if v.part == 1 else f"{v.line}.{v.part}"


def _summary(v) -> str:
    """What the mark says, in a few words (the full feedback is on the next row)."""
    kind = _kind(v)
    if kind in ("right", "carried"):
        return v.feedback
    if kind == "unreadable":
        return "could not be read"
    if v.status == "mistake":
        return f"mistake — {label_words(v.misconception)}"
    return "not equal to the derivative"


class CheckStepsPrintout:
    """A `Printout` (see `symtutor.render.output`) for one `steps.StepsReport`."""

    def __init__(self, report):
        self.report = report

    # -- pieces shared by every format -------------------------------------------------

    def _title(self) -> str:
        from sympy import Derivative, Symbol

        from symtutor.notation.mathfmt import unicode

        r = self.report
        problem = unicode(Derivative(r.expr, Symbol(r.variable), evaluate=False))
        return f"Checking {problem}, line by line"

    def _headline(self) -> str:
        r = self.report
        if r.correct and r.complete:
            return "✓ Correct and complete"
        if r.correct:
            return "✓ Right so far — not finished"
        wrong = r.first_wrong
        if wrong is None:
            return f"? {r.feedback}"
        from symtutor.answers.steps import where

        return f"✗ Not correct — the first wrong step is {where(wrong)}"

    def _rows(self) -> list[tuple[str, str, str, str, str | None]]:
        """(number, read as, mark, summary, feedback or None) per step."""
        rows = []
        for v in self.report.verdicts:
            kind = _kind(v)
            read = v.read_as if v.read_as is not None else v.input
            detail = None if kind in ("right", "carried") else v.feedback
            rows.append((_number(v), read, MARKS[kind], _summary(v), detail))
        return rows

    def _closing(self) -> str:
        r = self.report
        return "" if r.correct and r.complete else r.feedback

    # -- formats -------------------------------------------------------------------------

    def text(self) -> str:
        rows = self._rows()
        width = max(len(read) for _, read, *_ in rows)
        width = min(width, 40)
        lines = [self._title(), ""]
        for number, read, mark, summary, detail in rows:
            lines.append(f"{number:>4}  {read:<{width}}  {mark} {summary}")
            if detail:
                lines.append(f"{'':>4}  {'':<{width}}    {detail}")
        lines += ["", self._headline()]
        closing = self._closing()
        if closing:
            lines.append(f"  {closing}")
        return "\n".join(lines) + "\n"

    def markdown(self) -> str:
        lines = [f"### {self._title()}", "", "| # | line | | verdict |", "|---|---|---|---|"]
        for number, read, mark, summary, detail in self._rows():
            verdict = _md(summary) + (f"<br>{_md(detail)}" if detail else "")
            lines.append(f"| {number} | `{read.replace('|', '∣')}` | {mark} | {verdict.replace('|', '∣')} |")
        lines += ["", f"**{self._headline()}**"]
        closing = self._closing()
        if closing:
            lines += ["", _md(closing)]
        return "\n".join(lines) + "\n"

    def latex(self) -> str:
        from sympy import Derivative, Symbol

        from symtutor.notation.mathfmt import latex
        from symtutor.render.derivation import latex_text

        r = self.report
        marks = {"✓": r"$\checkmark$", "✗": r"$\times$", "↳": r"$\hookrightarrow$", "?": "?"}
        problem = latex(Derivative(r.expr, Symbol(r.variable), evaluate=False))
        lines = [rf"\textbf{{Checking ${problem}$, line by line}}", r"\begin{enumerate}"]
        for v, (number, read, mark, summary, detail) in zip(r.verdicts, self._rows()):
            shown = f"${latex(v.written)}$" if v.written is not None else rf"\texttt{{{latex_text(read)}}}"
            item = rf"  \item[{number}.] {shown} --- {marks[mark]} {latex_text(summary)}"
            if detail:
                item += rf"\\ {latex_text(detail)}"
            lines.append(item)
        lines.append(r"\end{enumerate}")
        head = self._headline()
        lines.append(rf"\noindent\textbf{{{marks.get(head[0], '')} {latex_text(head[1:].strip().replace('—', '---'))}}}")
        closing = self._closing()
        if closing:
            lines.append(rf"\par {latex_text(closing)}")
        return "\n".join(lines) + "\n"

    def latex_document(self) -> str:
        """A complete document that pdflatex compiles (what --output FILE.tex writes)."""
        from symtutor.render.derivation import latex_document

        return latex_document(self.latex())

    def data(self) -> dict[str, Any]:
        return self.report.to_dict()

    def rich(self):
        from rich.console import Group
        from rich.panel import Panel
        from rich.table import Table
        from rich.text import Text

        styles = {"✓": "green", "✗": "red", "↳": "yellow", "?": "magenta"}
        table = Table.grid(padding=(0, 2))
        table.add_column(style="dim", justify="right", no_wrap=True)
        table.add_column(style="bold")
        table.add_column()
        for number, read, mark, summary, detail in self._rows():
            verdict = Text.assemble((f"{mark} ", f"bold {styles[mark]}"), summary)
            if detail:
                verdict.append(f"\n{detail}", style="italic")
            table.add_row(number, read, verdict)
        r = self.report
        colour = "green" if r.correct else ("magenta" if r.first_wrong is None else "red")
        parts = [table]
        closing = self._closing()
        if closing:
            parts += [Text(""), Text(closing)]
        title = Text(self._headline(), style=f"bold {colour}")
        return Panel(Group(*parts), title=title, title_align="left", border_style=colour,
                     subtitle=Text(self._title(), style="dim"), subtitle_align="left", expand=False)


def echo(verdict, kept: bool = True) -> str:
    """One step's verdict as the short line shown as soon as it is typed (`kept`: an
    unreadable line stays in the record, rather than waiting to be typed again)."""
    kind = _kind(verdict)
    line = f"  {MARKS[kind]} {_summary(verdict)}"
    if kind == "unreadable" and not kept:
        line += " (type the line again)"
    if kind not in ("right", "carried"):
        line += f"\n    {verdict.feedback}"
    return line
