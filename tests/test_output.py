"""emit/render: one printout, every format, and --output by extension."""

from __future__ import annotations

import json

import pytest

from symtutor.render import output


class Demo:
    def text(self):
        return "d/dx x² = 2x"

    def markdown(self):
        return "**d/dx** $x^2$ = $2x$"

    def latex(self):
        return r"\frac{d}{dx} x^2 = 2x"

    def data(self):
        return {"result": "2*x"}

    def rich(self):
        from rich.text import Text

        return Text("d/dx x² = 2x", style="bold")


@pytest.mark.parametrize(
    "fmt, expected",
    [
        ("text", "d/dx x² = 2x\n"),
        ("markdown", "**d/dx** $x^2$ = $2x$\n"),
        ("latex", "\\frac{d}{dx} x^2 = 2x\n"),
        ("rich", "d/dx x² = 2x\n"),
    ],
)
def test_render_each_format(fmt, expected):
    assert output.render(Demo(), fmt) == expected


def test_render_json_is_the_data():
    assert json.loads(output.render(Demo(), "json")) == {"result": "2*x"}


def test_html_and_svg_exports_contain_the_text():
    assert "2x" in output.render(Demo(), "html") and "<html" in output.render(Demo(), "html").lower()
    svg = output.render(Demo(), "svg")
    assert svg.lstrip().startswith("<svg")


def test_emit_writes_stdout_and_file(tmp_path, capsys):
    target = tmp_path / "steps.md"
    output.emit(Demo(), "text", str(target))
    captured = capsys.readouterr()
    assert captured.out == "d/dx x² = 2x\n"
    assert captured.err == f"wrote {target}\n"
    assert target.read_text(encoding="utf-8") == "**d/dx** $x^2$ = $2x$\n"


def test_emit_refuses_an_unknown_extension(tmp_path):
    with pytest.raises(ValueError, match="cannot tell the format"):
        output.emit(Demo(), "text", str(tmp_path / "steps.docx"))


def test_default_format_is_text_when_not_a_terminal(capsys):
    assert output.default_format() == "text"


def test_no_color_means_no_escape_codes(monkeypatch, capsys):
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("FORCE_COLOR", "1")
    output.emit(Demo(), "rich")
    assert "\x1b[1m" not in capsys.readouterr().out


def test_a_tex_file_is_a_complete_document_when_the_printout_offers_one(tmp_path, capsys):
    class WithDocument(Demo):
        def latex_document(self):
            return "\\documentclass{article}\n\\begin{document}x\\end{document}"

    target = tmp_path / "steps.tex"
    output.emit(WithDocument(), "text", str(target))
    assert target.read_text(encoding="utf-8").startswith("\\documentclass{article}")
    output.emit(Demo(), "text", str(target))  # no document form: the fragment in the shared preamble
    written = target.read_text(encoding="utf-8")
    assert written.startswith("\\documentclass{article}")  # a .tex file always compiles
    assert written.endswith("\\begin{document}\n\\frac{d}{dx} x^2 = 2x\n\\end{document}\n")
