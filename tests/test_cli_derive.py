"""derive, first-principles and gradient from the command line: golden printouts, exit codes, files.

Golden files: see tests/snapshots.py (SYMTUTOR_REGEN_GOLDEN=1 regenerates them).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
import sympy as sp
from snapshots import check_golden

from symtutor.cli import main


# The post's examples, each printed as plain text and as Markdown.
EXAMPLES = {
    "derive_x2_at_3": ["derive", "x^2", "--at", "x=3"],
    "derive_3x_plus_1_squared_at_1": ["derive", "(3x+1)^2", "--at", "x=1"],
    "derive_partial_x": ["derive", "x^2 + 3xy + y^2", "--wrt", "x"],
    "first_principles_x2_at_3": ["first-principles", "x^2", "--at", "x=3"],
    "gradient_at_2_1": ["gradient", "x^2 + 3xy + y^2", "--at", "x=2", "--at", "y=1"],
}
SUFFIX = {"text": ".txt", "markdown": ".md"}


def run_main(argv, capsys) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def run_cli(*argv: str, env: dict | None = None, cwd=None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "symtutor", *argv],
        capture_output=True, text=True, env=full_env, cwd=cwd, timeout=60,
    )


@pytest.mark.parametrize("fmt", ["text", "markdown"])
@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_golden_printouts(name, fmt, capsys):
    code, out, err = run_main([*EXAMPLES[name], "--format", fmt], capsys)
    assert code == 0, err
    check_golden(f"{name}{SUFFIX[fmt]}", out)


# ---------------------------------------------------------------- the post's numbers


def test_derive_slope_6_at_3(capsys):
    code, out, _ = run_main(["derive", "x^2", "--at", "x=3", "--format", "json"], capsys)
    data = json.loads(out)
    assert code == 0
    assert {"input", "variable", "result", "steps", "value"} <= set(data)
    assert data["result"] == "2*x" and data["value"] == "6"


def test_a_logarithm_to_a_base_is_shown_as_typed(capsys):
    code, out, _ = run_main(["derive", "3log_8(x)", "--format", "text"], capsys)
    assert code == 0
    assert out.splitlines()[0] == "d/dx [3·log₈(x)]"
    assert "      log₈(x) is the logarithm of x to the constant base 8" in out.splitlines()
    assert out.rstrip().endswith("Answer: d/dx [3·log₈(x)] = 3/(x·ln(8))")
    code, out, _ = run_main(["derive", "3log_8(x)", "--format", "json"], capsys)
    assert json.loads(out)["result"] == "3/(x*log(8))"  # the contract: SymPy's own text


def test_derive_chain_24_at_1(capsys):
    code, out, _ = run_main(["derive", "(3x+1)^2", "--at", "x=1", "--format", "json"], capsys)
    data = json.loads(out)
    x = sp.Symbol("x")
    assert sp.expand(sp.sympify(data["result"]) - 6 * (3 * x + 1)) == 0  # trusted: our output
    assert data["steps"]["rule"] == "chain"
    assert data["value"] == "24" and data["value_float"] == 24.0


def test_derive_partials(capsys):
    x, y = sp.symbols("x y")
    for wrt, expected in (("x", 2 * x + 3 * y), ("y", 3 * x + 2 * y)):
        code, out, _ = run_main(["derive", "x^2 + 3xy + y^2", "--wrt", wrt, "--format", "json"], capsys)
        assert code == 0
        assert sp.sympify(json.loads(out)["result"]) == expected  # trusted: our output


def test_first_principles_difference_quotient(capsys):
    code, out, _ = run_main(["first-principles", "x^2", "--at", "x=3", "--format", "json"], capsys)
    data = json.loads(out)
    x, h = sp.symbols("x h")
    assert code == 0
    assert sp.sympify(data["difference_quotient"]) == 2 * x + h  # trusted: our output
    assert data["result"] == "2*x" and data["value"] == "6"
    assert data["input"] == "x^2" and data["method"] == "polynomial"
    assert [s["kind"] for s in data["steps"]] == ["shifted", "numerator", "quotient", "limit"]
    assert all({"label", "expr"} <= set(s) for s in data["steps"])


def test_gradient_7_8(capsys):
    code, out, _ = run_main(
        ["gradient", "x^2 + 3xy + y^2", "--at", "x=2", "--at", "y=1", "--format", "json"], capsys
    )
    data = json.loads(out)
    assert code == 0
    assert data["input"] == "x^2 + 3xy + y^2"
    assert data["partials"] == {"x": "2*x + 3*y", "y": "3*x + 2*y"}
    assert data["gradient"] == ["2*x + 3*y", "3*x + 2*y"]
    assert data["value"] == ["7", "8"]
    assert [sp.sympify(c) for c in data["steepest_ascent"]] == [  # trusted: our output
        7 / sp.sqrt(113), 8 / sp.sqrt(113)]
    assert data["steepest_descent_float"] == pytest.approx([-7 / 113**0.5, -8 / 113**0.5])


def test_gradient_without_point_has_null_directions(capsys):
    code, out, _ = run_main(["gradient", "x*y", "--format", "json"], capsys)
    data = json.loads(out)
    assert code == 0 and "value" not in data
    assert data["steepest_ascent"] is None and data["partials"] == {"x": "y", "y": "x"}


# ---------------------------------------------------------------- files


@pytest.mark.parametrize(
    ("suffix", "starts"),
    [(".md", "### $"), (".tex", "\\documentclass{article}"), (".txt", "d/dx [(3x + 1)²]"), (".json", "{"),
     (".svg", "<svg"), (".html", "<!DOCTYPE html>")],
)
def test_output_file_in_the_format_of_its_extension(suffix, starts, tmp_path, capsys):
    path = tmp_path / f"steps{suffix}"
    code, out, err = run_main(["derive", "(3x+1)^2", "--at", "x=1", "--format", "text", "--output", str(path)],
                              capsys)
    assert code == 0
    assert out.startswith("d/dx [(3x + 1)²]")
    assert err == f"wrote {path}\n"
    content = path.read_text(encoding="utf-8")
    assert content.lstrip().startswith(starts)
    assert "24" in content


def test_first_principles_and_gradient_write_files(tmp_path, capsys):
    tex = tmp_path / "fp.tex"
    html = tmp_path / "grad.html"
    assert run_main(["first-principles", "1/x", "--format", "text", "--output", str(tex)], capsys)[0] == 0
    assert run_main(["gradient", "x^2 + 3xy + y^2", "--at", "x=2,y=1", "--format", "text",
                     "--output", str(html)], capsys)[0] == 0
    assert "\\begin{enumerate}" in tex.read_text() and "\\end{document}" in tex.read_text()
    assert "√113" in html.read_text()


# ---------------------------------------------------------------- through the real entry point


def test_derive_through_python_m():
    done = run_cli("derive", "(3x+1)^2", "--at", "x=1")
    assert done.returncode == 0 and done.stderr == ""
    assert "Chain rule" in done.stdout
    assert done.stdout.rstrip().endswith("At x = 1: 24")
    assert "\x1b[" not in done.stdout  # piped: plain text


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["derive", "2x +"], None),
        (["derive", "x^2 + 3xy + y^2"], "x"),
        (["derive", "max(0, x)"], None),
        (["derive", "x^2", "--at", "y=1"], "y"),
        (["derive", "1/x", "--at", "x=0"], "undefined"),
        (["derive", "x^2", "--plot"], "--at"),
        (["derive", "ln(x)", "--at", "x=0", "--plot"], "undefined"),
        (["derive", "sqrt(x)", "--at", "x=-1"], "not a real number"),
        (["derive", "relu(x)", "--at", "x=0"], "kink"),
        (["gradient", "sqrt(x*y)", "--at", "x=1,y=-1"], "not a real number"),
        (["derive", "x*y", "--at", "x=2", "--wrt", "x", "--plot"], "missing y"),
        (["first-principles", "tan(x)"], "first-principles cannot work"),
        (["first-principles", "x*y"], "one variable"),
        (["gradient", "x^2 + y^2", "--at", "x=1"], "missing y"),
        (["derive", "x^2", "--output", "steps.docx"], "--output"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else str(v),
)
def test_bad_input_exits_2_with_one_line(argv, message, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code, out, err = run_main(argv, capsys)
    assert code == 2, out + err
    assert err.startswith("symtutor: ") and err.count("\n") == 1
    if message:
        assert message in err


@pytest.mark.parametrize("argv", [["derive", "2x +"], ["first-principles", "tan(x)"]])
def test_bad_input_through_python_m(argv):
    done = run_cli(*argv)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr + done.stdout
    assert done.stderr.startswith("symtutor: ") and done.stderr.count("\n") == 1


def test_plain_text_never_imports_rich():
    code = (
        "import sys; from symtutor.cli import main; "
        "main(['derive', '(3x+1)^2', '--at', 'x=1', '--format', 'text']); "
        "main(['gradient', 'x*y', '--at', 'x=1,y=2', '--format', 'text']); "
        "main(['first-principles', 'x^2', '--format', 'text']); "
        "assert not any(m == 'rich' or m.startswith('rich.') for m in sys.modules), 'rich imported'"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "At x = 1: 24" in done.stdout


COLOUR = re.compile(r"\x1b\[[0-9;]*(?:3[0-7]|38;|9[0-7])[0-9;]*m")


def test_rich_format_honours_no_color():
    coloured = run_cli("derive", "x^2", "--at", "x=3", "--format", "rich", env={"FORCE_COLOR": "1", "TERM": "xterm"})
    assert coloured.returncode == 0 and COLOUR.search(coloured.stdout)
    plain = run_cli("derive", "x^2", "--at", "x=3", "--format", "rich",
                    env={"FORCE_COLOR": "1", "TERM": "xterm", "NO_COLOR": "1"})
    assert plain.returncode == 0 and not COLOUR.search(plain.stdout)
    assert "At x = 3: 6" in re.sub(r"\x1b\[[0-9;]*m", "", plain.stdout)


def test_derive_plot_shows_the_tangent(capsys):
    code, out, _ = run_main(["derive", "x^2", "--at", "x=3", "--plot", "--format", "text"], capsys)
    assert code == 0
    assert "At x = 3: 6\nTangent line at x = 3: y = 6x − 9\n" in out
    plot = out.split("y = 6x − 9", 1)[1]
    assert len(plot.strip().splitlines()) >= 10
    assert "tangent" in plot
    code, out, _ = run_main(["derive", "(3x+1)^2", "--at", "x=1", "--plot", "--format", "json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["value"] == "24" and data["tangent"] == "24*x - 8"  # y = 16 + 24(x − 1)


@pytest.mark.parametrize("command", ["derive", "first-principles", "gradient"])
def test_help_has_examples(command, capsys):
    with pytest.raises(SystemExit) as stop:
        main([command, "--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert "Example:" in out and f"symtutor {command} " in out


@pytest.mark.parametrize(
    "argv",
    [
        ["derive", "(3x+1)^2", "--at", "x=1/3"],
        ["derive", "x^2 sin(x) + ln(x^2+1)", "--at", "x=2"],
        ["derive", "x^2 + 3xy + y^2", "--wrt", "y"],
        ["first-principles", "sqrt(x)", "--at", "x=4"],
        ["first-principles", "sin(x)"],
        ["first-principles", "e^x"],
        ["first-principles", "1/x^2"],
        ["gradient", "x^2 + 3xy + y^2", "--at", "x=2,y=1"],
        ["gradient", "x*e^y - y", "--at", "x=1/2,y=0"],
    ],
    ids=" ".join,
)
def test_latex_is_plain_ascii_for_pdflatex(argv, capsys):
    """Unicode from the text printout must not leak into LaTeX (pdflatex would stop on it)."""
    code, out, _ = run_main([*argv, "--format", "latex"], capsys)
    assert code == 0
    assert [ch for ch in out if ord(ch) > 127] == []
    assert out.count("{") == out.count("}")
    assert out.count("$") % 2 == 0


def test_a_value_of_thousands_of_digits_is_shown_as_a_decimal():
    # Python refuses to write integers past 4,300 digits; the exact value helps nobody anyway.
    done = run_cli("derive", "(x+1)^6000", "--at", "x=2.5", "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["value"] == "4.38883554580032e+3267"
    assert "value_float" not in data  # beyond a double: no Infinity in the JSON
    text = run_cli("derive", "(x+1)^1000", "--at", "x=123.456", "--format", "text").stdout
    assert text.splitlines()[-1] == "At x = 15432/125: 8.33341221113898e+2095"
