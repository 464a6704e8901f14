"""Send a printout to the terminal and, with --output, to a file.

Every printing command builds one object with the `Printout` methods and hands
it to `emit`; the choice of format, the file export and NO_COLOR handling live
here once.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any, Protocol

#: File extension -> format written by --output.
EXTENSIONS = {
    ".html": "html",
    ".htm": "html",
    ".svg": "svg",
    ".md": "markdown",
    ".markdown": "markdown",
    ".tex": "latex_document",
    ".txt": "text",
    ".json": "json",
}


class Printout(Protocol):
    """What a command hands to `emit`: the same content in every format."""

    def text(self) -> str: ...  # plain Unicode text, no markup
    def markdown(self) -> str: ...
    def latex(self) -> str: ...
    def data(self) -> dict[str, Any]: ...  # the JSON contract
    def rich(self) -> Any: ...  # a rich renderable


def default_format() -> str:
    """rich on a terminal, plain text when piped or redirected."""
    return "rich" if sys.stdout.isatty() else "text"


def make_console(file=None, width: int | None = None, record: bool = False):
    """A rich Console; rich itself honours NO_COLOR, FORCE_COLOR and non-terminals."""
    from rich.console import Console

    return Console(file=file, width=width, record=record, highlight=False, soft_wrap=False)


def render(printout: Printout, fmt: str) -> str:
    """The printout as a string in `fmt` (text, markdown, latex, latex_document, json, html, svg, rich)."""
    if fmt == "text":
        return _newline(printout.text())
    if fmt == "markdown":
        return _newline(printout.markdown())
    if fmt == "latex":
        return _newline(printout.latex())
    if fmt == "latex_document":
        # A .tex file compiles on its own when the printout can wrap itself in a document.
        document = getattr(printout, "latex_document", None)
        if document is None:
            from symtutor.render.latex_preamble import latex_document

            return _newline(latex_document(printout.latex()))
        return _newline(document())
    if fmt == "json":
        import json  # here: plain-text printouts need not load it

        return json.dumps(printout.data(), indent=2, ensure_ascii=False) + "\n"
    console = make_console(file=io.StringIO(), width=100, record=True)
    console.print(printout.rich())
    if fmt == "html":
        return console.export_html(inline_styles=True)
    if fmt == "svg":
        return console.export_svg(title="symtutor")
    return console.export_text()


def emit(printout: Printout, fmt: str | None = None, output: str | None = None) -> None:
    """Show `printout` on stdout in `fmt` and, if `output` is given, write it to that file."""
    fmt = fmt or default_format()
    if fmt == "rich":
        make_console().print(printout.rich())
    else:
        sys.stdout.write(render(printout, fmt))
    if output:
        path = Path(output)
        file_fmt = EXTENSIONS.get(path.suffix.lower())
        if file_fmt is None:
            known = ", ".join(sorted(EXTENSIONS))
            raise ValueError(f"--output: cannot tell the format of {path.name!r} (use one of {known})")
        path.write_text(render(printout, file_fmt), encoding="utf-8")
        print(f"wrote {path}", file=sys.stderr)


def _newline(text: str) -> str:
    return text if text.endswith("\n") else text + "\n"
