"""A printable worksheet: the exercise sheet, the answer key and the worked solutions.

The sheet is exam-style: one problem per block with room to write, a block never split
across pages. The key lists each answer (and where the problem came from); the
solutions are the engine's own printouts (derive, gradient, descend, chain,
first-principles) of each problem. Written as a LaTeX document that pdflatex compiles,
as Markdown, as plain text, as JSON and (render/worksheet_html.py) as HTML.

The output depends only on the problems and the options: no date appears unless one
is given, so the same seed gives the same sheet, byte for byte.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from symtutor.render.derivation import MARKDOWN, latex_text
from symtutor.render.latex_preamble import latex_document
from symtutor.render.worksheet_sources import SheetProblem, solution as printout_of

#: The parts a worksheet can have, in the order they are printed.
PARTS = ("sheet", "key", "solutions")
PART_TITLES = {"sheet": "Exercises", "key": "Answer key", "solutions": "Worked solutions"}
PAPERS = {"a4": "a4paper", "letter": "letterpaper"}


@dataclass(frozen=True, slots=True)
class Worksheet:
    """What to print.

    Attributes:
        title: the heading (a lesson's title, or the practice skills).
        problems: the problems, numbered from 1 in this order.
        parts: which of `PARTS` to print, in `PARTS` order.
        date: a date (any text) for the heading; None leaves a blank to fill in.
        paper: "a4" or "letter" (LaTeX; HTML prints on the printer's paper).
    """

    title: str
    problems: tuple[SheetProblem, ...]
    parts: tuple[str, ...] = PARTS
    date: str | None = None
    paper: str = "a4"

    def numbered(self):
        """(number, problem) pairs."""
        return enumerate(self.problems, 1)

    def solution(self, problem: SheetProblem, fmt: str) -> str:
        """The worked solution in `fmt`; when no command works it out, the one-line working."""
        try:
            text = printout_of(problem, fmt)
        except ValueError as exc:  # no printout for it: say so and still give the answer
            return _one_line_solution(f"(no step-by-step printout: {exc})", fmt)
        return text or _one_line_solution(problem.worked, fmt)


def _one_line_solution(text: str, fmt: str) -> str:
    if fmt == "latex":
        return rf"\par\noindent {latex_text(text)}\par" + "\n"
    if fmt == "markdown":
        return MARKDOWN.words(text) + "\n"
    return text + "\n"


# --------------------------------------------------------------------------- LaTeX

#: "^(…)" or "^2" in a prompt typed as on a keyboard (e^(3x)): one level of brackets inside.
_POWER = re.compile(r"\^(\(((?:[^()]|\([^()]*\))*)\)|[\w.]+)")


def prompt_tex(text: str) -> str:
    """A prompt as LaTeX text: escaped, with keyboard powers (e^(3x)) raised as superscripts."""
    out, last = [], 0
    for match in _POWER.finditer(text):
        exponent = match.group(2) if match.group(2) is not None else match.group(1)
        out += [latex_text(text[last:match.start()]), rf"\textsuperscript{{{latex_text(exponent)}}}"]
        last = match.end()
    return "".join(out) + latex_text(text[last:])



_LATEX_EXTRA = r"""\setlength{\parindent}{0pt}
\setlength{\parskip}{2pt}
\pagestyle{plain}
% A part starts on a new page with a centred title.
\newcommand{\sheetpart}[1]{\clearpage\begin{center}{\Large\bfseries #1}\end{center}\medskip}
"""


def to_latex(sheet: Worksheet) -> str:
    """The whole worksheet as a LaTeX document (article, geometry, amsmath; pdflatex)."""
    body = [_latex_heading(sheet)]
    first = True
    for part in PARTS:
        if part not in sheet.parts:
            continue
        # The first part follows the heading; the others start a page of their own.
        body.append(rf"\section*{{{PART_TITLES[part]}}}" if first else rf"\sheetpart{{{PART_TITLES[part]}}}")
        first = False
        body += {"sheet": _latex_sheet, "key": _latex_key, "solutions": _latex_solutions}[part](sheet)
    packages = (f"[{PAPERS[sheet.paper]},margin=2cm]{{geometry}}",)
    return latex_document("\n".join(body) + "\n", packages=packages, extra=_LATEX_EXTRA, size="11pt")


def _latex_heading(sheet: Worksheet) -> str:
    date = latex_text(sheet.date) if sheet.date else r"\rule{3.5cm}{0.4pt}"
    return (
        rf"\begin{{center}}{{\LARGE\bfseries {latex_text(sheet.title)}}}\end{{center}}" "\n"
        rf"\noindent Name: \rule{{7cm}}{{0.4pt}}\hfill Date: {date}\par" "\n"
        r"\medskip\hrule\medskip"
    )


def _latex_sheet(sheet: Worksheet) -> list[str]:
    lines = []
    for n, p in sheet.numbered():
        # A minipage keeps the prompt and its room to write on one page.
        lines += [
            r"\noindent\begin{minipage}{\linewidth}",
            rf"\textbf{{Problem {n}.}}\quad {prompt_tex(p.prompt)}\par",
            rf"\rule{{0pt}}{{{p.room:g}cm}}",
            r"\end{minipage}",
            r"\par\smallskip\hrule\medskip",
        ]
    return lines


def _latex_key(sheet: Worksheet) -> list[str]:
    lines = []
    for n, p in sheet.numbered():
        lines.append(rf"\noindent\textbf{{{n}.}}\quad $\displaystyle {p.answer_tex}$\hfill"
                     rf"{{\footnotesize\ttfamily {latex_text(p.source)}}}\par\smallskip")
    return lines


def _latex_solutions(sheet: Worksheet) -> list[str]:
    lines = []
    for n, p in sheet.numbered():
        # \filbreak: start a new page here rather than split a short solution.
        lines += [r"\filbreak", rf"\subsection*{{Problem {n}}}",
                  rf"\noindent\emph{{{prompt_tex(p.prompt)}}}\par\medskip",
                  sheet.solution(p, "latex").rstrip("\n"),
                  rf"\par\medskip\noindent\textbf{{Final answer:}} \fbox{{$\displaystyle {p.answer_tex}$}}\par\bigskip"]
    return lines


# --------------------------------------------------------------------------- Markdown and text


def to_markdown(sheet: Worksheet) -> str:
    """The worksheet as Markdown with ``$…$`` math."""
    words = MARKDOWN.words
    out = [f"# {words(sheet.title)}", ""]
    if sheet.date:
        out += [f"*{words(sheet.date)}*", ""]
    for part in (p for p in PARTS if p in sheet.parts):
        out += [f"## {PART_TITLES[part]}", ""]
        for n, p in sheet.numbered():
            if part == "sheet":
                out += [f"**Problem {n}.** {words(p.prompt)}", ""]
            elif part == "key":
                out.append(f"{n}. {MARKDOWN.wrap(p.answer_tex)} ({words(p.source)})")
            else:
                out += [f"### Problem {n}", "", f"*{words(p.prompt)}*", "",
                        _demoted(sheet.solution(p, "markdown")).rstrip("\n"), "",
                        f"**Final answer:** {MARKDOWN.wrap(p.answer_tex)}", ""]
        out.append("")
    return _squeeze("\n".join(out))


def _demoted(markdown: str) -> str:
    """A printout's headings two levels down, to sit under "### Problem N"."""
    lines, fenced = [], False
    for line in markdown.split("\n"):
        fenced ^= line.startswith("```")
        lines.append("##" + line if line.startswith("#") and not fenced else line)
    return "\n".join(lines)


def to_text(sheet: Worksheet) -> str:
    """The worksheet as plain Unicode text."""
    out = [sheet.title, "═" * min(len(sheet.title), 70)]
    if sheet.date:
        out.append(sheet.date)
    for part in (p for p in PARTS if p in sheet.parts):
        title = PART_TITLES[part]
        out += ["", title, "─" * len(title), ""]
        for n, p in sheet.numbered():
            if part == "sheet":
                out += [f"Problem {n}. {p.prompt}", ""]
            elif part == "key":
                out.append(f"{n:>3}. {p.answer}    ({p.source})")
            else:
                out += [f"Problem {n}. {p.prompt}", "", sheet.solution(p, "text").rstrip("\n"),
                        "", f"Final answer: {p.answer}", ""]
    return _squeeze("\n".join(out))


def to_json(sheet: Worksheet) -> str:
    """The problems and answers (no solutions) as JSON."""
    data = {
        "title": sheet.title,
        "date": sheet.date,
        "problems": [
            {"number": n, "source": p.source, "kind": p.kind, "prompt": p.prompt, "answer": p.answer,
             "answer_key": p.answer_key, "answer_latex": p.answer_tex,
             "command": ["symtutor", *p.call.argv()] if p.call else None}
            for n, p in sheet.numbered()
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _squeeze(text: str) -> str:
    """At most one blank line in a row; one newline at the end."""
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip("\n") + "\n"


def render(sheet: Worksheet, fmt: str) -> str:
    """The worksheet in `fmt`: latex, html, markdown, text or json."""
    if fmt == "html":
        from symtutor.render.worksheet_html import to_html

        return to_html(sheet)
    return {"latex": to_latex, "markdown": to_markdown, "text": to_text, "json": to_json}[fmt](sheet)

