"""The printout of a checked answer: ✓ or ✗, how the answer was read, what went wrong.

The expected answer is shown only when the caller asks (`show_answer`); the JSON
form always carries it under ``expected`` (the contract), for scripts and graders.
Rich is imported only inside `rich()`, so plain-text output never loads it.
"""

from __future__ import annotations

from typing import Any

from symtutor.answers import mistakes

#: Misconception label -> what it means, in a few words (a view of the catalogue).
LABEL_WORDS = {m.label: m.words for m in mistakes.MISTAKES}


def label_words(label: str | None) -> str | None:
    """The label in words (the label itself, spaced, when the catalogue has no entry)."""
    return mistakes.words(label)


class VerdictPrintout:
    """A `Printout` (see `symtutor.render.output`) for one `checking.Verdict`.

    Args:
        verdict: the verdict to show.
        show_answer: also show the expected answer (text, Markdown, LaTeX, rich).
    """

    def __init__(self, verdict, show_answer: bool = False):
        self.verdict = verdict
        self.show_answer = show_answer

    # -- pieces shared by every format -------------------------------------------------

    def _headline(self) -> str:
        v = self.verdict
        if v.correct:
            return "✓ Correct"
        words = label_words(v.misconception)
        return f"✗ Not correct — {words}" if words else "✗ Not correct"

    def _expected_text(self) -> str:
        from symtutor.answers.checking import _show

        return _show(self.verdict.expected)

    def _lines(self) -> list[tuple[str, str]]:
        """(name, text) rows under the headline."""
        v = self.verdict
        rows = [("read as", v.answer_read)]
        feedback = v.feedback
        if v.correct and feedback.startswith("Correct."):
            feedback = feedback[len("Correct."):].strip()
        if feedback:
            rows.append(("feedback", feedback))
        if self.show_answer and v.expected is not None:
            rows.append(("answer", self._expected_text()))
        return rows

    # -- formats -------------------------------------------------------------------------

    def text(self) -> str:
        lines = [self._headline()]
        for name, text in self._lines():
            lines.append(f"  {name + ':':<9} {text}")
        return "\n".join(lines) + "\n"

    def markdown(self) -> str:
        lines = [f"**{self._headline()}**", ""]
        for name, text in self._lines():
            value = f"`{text}`" if name in ("read as", "answer") else _md(text)
            lines.append(f"- {name}: {value}")
        return "\n".join(lines) + "\n"

    def latex(self) -> str:
        from symtutor.render.derivation import latex_text

        head = self._headline()
        mark = r"$\checkmark$" if self.verdict.correct else r"$\times$"
        words = latex_text(head[1:].strip().replace("—", "---"))
        lines = [rf"\textbf{{{mark} {words}}}", r"\begin{itemize}"]
        for name, text in self._lines():
            lines.append(rf"  \item {latex_text(name)}: {latex_text(text)}")
        lines.append(r"\end{itemize}")
        return "\n".join(lines) + "\n"

    def data(self) -> dict[str, Any]:
        return self.verdict.to_dict()

    def rich(self):
        from rich.panel import Panel
        from rich.table import Table
        from rich.text import Text

        v = self.verdict
        colour = "green" if v.correct else "red"
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="dim", no_wrap=True)
        grid.add_column()
        for name, text in self._lines():
            style = "bold" if name in ("read as", "answer") else ""
            grid.add_row(name, Text(text, style=style))
        title = Text(self._headline(), style=f"bold {colour}")
        return Panel(grid, title=title, title_align="left", border_style=colour, expand=False)


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_")
