"""The summary `symtutor grade` prints: per problem n, % correct, commonest mistake, errors.

A `Printout` (see `symtutor.render.output`); the plain-text form imports no rich.
"""

from __future__ import annotations

from typing import Any

from symtutor.answers.grading import ProblemStats, Summary
from symtutor.answers.mistakes import summary_name

HEADERS = ("problem", "n", "correct", "commonest misconception", "errors")


class GradeSummaryPrintout:
    """The same summary as text, Markdown, LaTeX, JSON or a rich table."""

    def __init__(self, summary: Summary, output: str | None = None):
        self.summary = summary
        self.output = output

    # -- pieces shared by every format

    def _rows(self) -> list[tuple[str, str, str, str, str]]:
        return [
            (_problem(s), str(s.n), f"{s.percent_correct:.1f}%", _commonest(s), str(s.errors))
            for s in self.summary.problems.values()
        ]

    def _total(self) -> tuple[str, str, str, str, str]:
        s = self.summary
        return ("total", str(s.rows), f"{s.percent_correct:.1f}%", "", str(s.errors))

    def footer(self) -> str:
        """One line: how much was graded, how fast, and where the results went."""
        s = self.summary
        rate = f"{s.per_minute:,.0f} answers/minute" if s.seconds > 0 else "instant"
        workers = "1 process" if s.jobs == 1 else f"{s.jobs} processes"
        line = (
            f"graded {s.rows:,} rows ({s.distinct:,} distinct answers) in {s.seconds:.1f} s: "
            f"{rate} on {workers}"
        )
        if self.output:
            line += f"; results in {self.output}"
        return line

    # -- Printout protocol

    def text(self) -> str:
        """Aligned plain-text columns."""
        rows = [HEADERS, *self._rows(), self._total()]
        widths = [max(len(r[i]) for r in rows) for i in range(len(HEADERS))]
        right = (False, True, True, False, True)

        def line(row):
            cells = [c.rjust(w) if r else c.ljust(w) for c, w, r in zip(row, widths, right)]
            return "  ".join(cells).rstrip()

        rule = "  ".join("-" * w for w in widths)
        body = [line(HEADERS), rule, *(line(r) for r in rows[1:-1]), rule, line(rows[-1])]
        return "\n".join(body) + "\n" + self.footer() + "\n"

    def markdown(self) -> str:
        """A Markdown table and the footer line."""
        rows = [*self._rows(), self._total()]
        out = ["| " + " | ".join(HEADERS) + " |", "| --- | ---: | ---: | --- | ---: |"]
        out += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows]
        return "\n".join(out) + "\n\n" + self.footer() + "\n"

    def latex(self) -> str:
        """A LaTeX tabular and the footer line."""
        def esc(text: str) -> str:
            text = text.replace("\\", "\0")  # placeholder: its replacement holds braces
            for char in "_%&#${}":
                text = text.replace(char, "\\" + char)
            return text.replace("^", r"\^{}").replace("\0", r"\textbackslash{}")

        rows = [*self._rows(), self._total()]
        out = [r"\begin{tabular}{lrrlr}", " & ".join(HEADERS) + r" \\ \hline"]
        out += [" & ".join(esc(c) for c in r) + r" \\" for r in rows]
        out.append(r"\end{tabular}")
        return "\n".join(out) + "\n\n" + esc(self.footer()) + "\n"

    def data(self) -> dict[str, Any]:
        """The summary as JSON-ready data."""
        return self.summary.to_dict()

    def rich(self):
        """A rich Table with the totals as its footer."""
        from rich.table import Table
        from rich.text import Text

        # Cells are Text, not markup: a problem like "[7, 8]" or a kind "[value]" must
        # not be read as a style tag.
        table = Table(title="Grading summary", caption=Text(self.footer()), show_footer=True)
        total = self._total()
        styles = (None, None, None, "yellow", "red")
        for header, foot, style, justify in zip(
            HEADERS, total, styles, ("left", "right", "right", "left", "right")
        ):
            table.add_column(header, footer=Text(foot), justify=justify, style=style)
        for row in self._rows():
            table.add_row(*(Text(cell) for cell in row))
        return table


#: Longest problem text shown in the table (a problem cell is read, not studied).
PROBLEM_WIDTH = 40


def _problem(stats: ProblemStats) -> str:
    text = " ".join(stats.problem.split())
    if len(text) > PROBLEM_WIDTH:
        text = text[: PROBLEM_WIDTH - 1] + "…"
    if stats.wrt:
        text += f"  (wrt {stats.wrt})"
    if stats.kind != "derivative":
        text += f"  [{stats.kind}]"
    return text


def _commonest(stats: ProblemStats) -> str:
    top = stats.commonest
    return "" if top is None else f"{summary_name(top[0])} ({top[1]})"
