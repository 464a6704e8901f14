"""A worksheet as one self-contained HTML page: no script, no font or stylesheet to fetch.

Math is the Unicode textbook notation of the terminal printouts (6(3x + 1), ∂f/∂x,
ŷ), which every browser shows without a math library; the worked solutions are the
plain-text printouts. The print stylesheet starts each part on a new page, never
splits a problem or a solution, and keeps the room to write.
"""

from __future__ import annotations

from html import escape

from symtutor.render.worksheet import PART_TITLES, PARTS, Worksheet

CSS = """\
:root { color-scheme: light; }
body { font-family: "Latin Modern Roman", "CMU Serif", Georgia, "Times New Roman", serif;
       max-width: 46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; color: #111; }
h1 { text-align: center; font-size: 1.8rem; margin-bottom: .5rem; }
.meta { display: flex; justify-content: space-between; border-bottom: 1px solid #111;
        padding-bottom: .5rem; }
.blank { display: inline-block; border-bottom: 1px solid #111; min-width: 7cm; }
.blank.short { min-width: 3.5cm; }
h2 { font-size: 1.35rem; }
.problem { border-bottom: 1px solid #999; padding: .4rem 0; break-inside: avoid; page-break-inside: avoid; }
.problem .room { display: block; }
.key li { margin: .2rem 0; }
.key .source, .source { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .8rem;
                        color: #555; float: right; }
.answer { font-weight: bold; }
.solution { break-inside: avoid; page-break-inside: avoid; margin-bottom: 1.2rem; }
.solution .prompt { font-style: italic; }
pre { font-family: "DejaVu Sans Mono", ui-monospace, Menlo, Consolas, monospace; font-size: .82rem;
      white-space: pre-wrap; background: #f6f6f6; padding: .6rem; border-radius: 4px; }
@page { margin: 2cm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; }
  .part + .part { break-before: page; page-break-before: always; }
  pre { background: none; border: 1px solid #ccc; }
}
"""


def to_html(sheet: Worksheet) -> str:
    """The whole worksheet as one HTML document."""
    date = escape(sheet.date) if sheet.date else '<span class="blank short"></span>'
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(sheet.title)}</title>",
        f"<style>\n{CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(sheet.title)}</h1>",
        f'<p class="meta"><span>Name: <span class="blank"></span></span><span>Date: {date}</span></p>',
    ]
    for part in (p for p in PARTS if p in sheet.parts):
        out.append(f'<section class="part {part}">')
        out.append(f"<h2>{PART_TITLES[part]}</h2>")
        out += {"sheet": _sheet, "key": _key, "solutions": _solutions}[part](sheet)
        out.append("</section>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def _sheet(sheet: Worksheet) -> list[str]:
    return [
        f'<div class="problem"><p><strong>Problem {n}.</strong> {escape(p.prompt)}</p>'
        f'<div class="room" style="height: {p.room:g}cm"></div></div>'
        for n, p in sheet.numbered()
    ]


def _key(sheet: Worksheet) -> list[str]:
    items = [
        f'<li><span class="answer">{escape(p.answer)}</span> <span class="source">{escape(p.source)}</span></li>'
        for _, p in sheet.numbered()
    ]
    return ['<ol class="key">', *items, "</ol>"]


def _solutions(sheet: Worksheet) -> list[str]:
    return [
        f'<article class="solution"><h3>Problem {n}</h3><p class="prompt">{escape(p.prompt)}</p>'
        f"<pre>{escape(sheet.solution(p, 'text').rstrip())}</pre>"
        f'<p>Final answer: <span class="answer">{escape(p.answer)}</span></p></article>'
        for n, p in sheet.numbered()
    ]
