"""check-steps from the command line: golden printout, JSON, piped stdin, files, hostile lines;
and the lesson's `w` command in piped mode.

Regenerate the golden file after a deliberate change with
    SYMTUTOR_REGEN_GOLDEN=1 pytest tests/test_cli_check_steps.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"
REGEN = os.environ.get("SYMTUTOR_REGEN_GOLDEN") == "1"
SLIP = "2(3x+1)·d/dx(3x+1)\n2(3x+1)·1\n6x + 2\n"
RIGHT = "2(3x+1)·d/dx(3x+1)\n2(3x+1)·3\n6(3x+1)\n18x+6\n"


def run(*argv: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "symtutor", "check-steps", *argv], input=stdin,
                          capture_output=True, text=True, env=env, timeout=60)


@pytest.mark.parametrize(("name", "lines"), [("check_steps_slip", SLIP), ("check_steps_right", RIGHT)])
def test_golden_text_printout(name, lines):
    proc = run("(3x+1)^2", "--format", "text", stdin=lines)
    path = GOLDEN / f"{name}.txt"
    if REGEN:
        path.write_text(proc.stdout, encoding="utf-8")
    assert proc.stdout == path.read_text(encoding="utf-8")
    assert proc.returncode == (1 if name.endswith("slip") else 0)


def test_piped_stdin_defaults_to_text_and_skips_blank_and_comment_lines():
    proc = run("(3x+1)^2", stdin="# my working\n\n2(3x+1)·3\n\n18x+6\n")
    assert proc.returncode == 0, proc.stderr
    assert "✓ Correct and complete" in proc.stdout and "\x1b[" not in proc.stdout
    assert "   2  18x + 6" in proc.stdout


def test_json_has_one_verdict_per_line():
    proc = run("(3x+1)^2", "--format", "json", stdin=SLIP)
    data = json.loads(proc.stdout)
    assert proc.returncode == 1
    assert [v["status"] for v in data["lines"]] == ["follows", "mistake", "follows"]
    assert [v["correct"] for v in data["lines"]] == [True, False, False]
    assert data["lines"][1]["misconception"] == "chain_rule_inner_missing"
    assert data["lines"][0]["rule"] == "chain" and data["lines"][2]["follows_from"] == 2
    assert data["correct"] is False and data["complete"] is False
    assert data["expected"] == "18*x + 6"


def test_file_option_and_wrt(tmp_path):
    f = tmp_path / "work.txt"
    f.write_text("d/dx(x^2y) + d/dx(3y^2)\n2xy\n", encoding="utf-8")
    proc = run("x^2y + 3y^2", "--wrt", "x", "--file", str(f), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["complete"] is True
    missing = run("x^2", "--file", str(tmp_path / "nope.txt"))
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1


@pytest.mark.parametrize(
    "line",
    ["__import__('os').system('echo hi')", "lambda: 1", "x; y", "9^9^9", "d/dx(d/dx(x))", "x\x00",
     "(" * 200 + "x", "a" * 3000, "x = = ="],
)
def test_hostile_lines_exit_2_with_one_line(line):
    proc = run("x^2", stdin=f"2x\n{line}\n")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    assert proc.stderr.startswith("symtutor: line 2") and proc.stderr.count("\n") == 1
    assert "hi\n" not in proc.stdout


def test_bad_problem_and_no_lines_exit_2():
    bad = run("foo(x)", stdin="1\n")
    assert bad.returncode == 2 and bad.stderr.startswith("symtutor: unknown function")
    empty = run("x^2", stdin="\n\n")
    assert empty.returncode == 2 and "no lines" in empty.stderr


def test_markdown_and_latex_formats():
    md = run("(3x+1)^2", "--format", "markdown", stdin=SLIP)
    assert "| 2 | `2(3x + 1)` | ✗ |" in md.stdout
    tex = run("(3x+1)^2", "--format", "latex", stdin=SLIP)
    assert r"\begin{enumerate}" in tex.stdout and r"$\times$" in tex.stdout
    assert r"$2 \left(3 x + 1\right) \frac{d}{d x} \left(3 x + 1\right)$" in tex.stdout


def test_latex_file_is_a_document_in_plain_ascii(tmp_path):
    out = tmp_path / "work.tex"
    proc = run("(3x+1)^2", "--format", "text", "--output", str(out), stdin=SLIP + "foo(x)\n")
    assert proc.returncode == 2
    body = out.read_text(encoding="utf-8")
    assert body.startswith("\\documentclass") and body.rstrip().endswith("\\end{document}")
    assert body.isascii(), [ch for ch in body if not ch.isascii()]


# -- the lesson's `w` ------------------------------------------------------------------------


def test_lesson_w_command_in_piped_mode():
    sys.path.insert(0, str(Path(__file__).parent))
    from test_runner import outcomes, run_lesson

    code, out = run_lesson(["w", "2(3x+1)·d/dx(3x+1)", "", "5x^4",
                            "w", "2(3x+1)·d/dx(3x+1)", "2(3x+1)", "", "work", "6(3x+1)", "", "6"])
    assert code == 0
    assert "  w> 2(3x+1)·d/dx(3x+1)" in out
    # Exercise 1 is x^5: that working is wrong (and not an attempt).
    assert "✗ not equal to the derivative" in out or "✗ mistake" in out
    assert "✗ mistake — chain rule: the inner derivative is missing" in out
    assert "✓ Follows from the problem: chain rule, then power rule." in out
    assert out.count("Correct: read as") == 3
    assert outcomes()["chain-square"] == ("solved", 1, 0)


def test_lesson_w_is_an_answer_outside_derivative_exercises():
    sys.path.insert(0, str(Path(__file__).parent))
    from test_runner import run_lesson

    # Exercise 3 asks for a value: there `w` is judged as an answer, `work` explains itself.
    code, out = run_lesson(["5x^4", "6(3x+1)", "work", "w", "6"])
    assert code == 0
    assert "`w` works on derivative exercises; here, type the answer." in out
    assert "Work it out one line at a time" not in out
