"""`symtutor check` through the real entry point: exit codes, output, JSON keys."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "symtutor", "check", *args],
                          capture_output=True, text=True, timeout=60)


def test_correct_answer_exits_0_and_echoes_how_it_was_read():
    p = run("x^5", "5x^4", "--format", "text")
    assert p.returncode == 0
    assert p.stdout == "✓ Correct\n  read as:  5x⁴\n"
    assert p.stderr == ""


def test_wrong_answer_exits_1_with_the_misconception():
    p = run("(3x+1)^5", "5(3x+1)^4", "--format", "text")
    assert p.returncode == 1
    assert p.stdout.splitlines() == [
        "✗ Not correct — chain rule: the inner derivative is missing",
        "  read as:  5·(3x + 1)⁴",
        "  feedback: The inner function 3x + 1 has derivative 3; multiply by it (chain rule).",
    ]
    assert "15" not in p.stdout  # the answer is not given away


def test_json_has_the_contract_keys():
    p = run("x^2y + 3y^2", "2xy + 6y", "--wrt", "x", "--format", "json")
    assert p.returncode == 1
    data = json.loads(p.stdout)
    assert data["correct"] is False
    assert data["misconception"] == "partial_other_variable_not_constant"
    assert data["expected"] == "2*x*y"
    assert data["feedback"].startswith("In a partial derivative with respect to x")


def test_show_answer():
    p = run("sin(x^2)", "cos(x^2)", "--show-answer", "--format", "text")
    assert p.returncode == 1
    assert p.stdout.splitlines()[-1] == "  answer:   2x·cos(x²)"


@pytest.mark.parametrize(
    ("args", "code", "first_line"),
    [
        (("2.808", "2.81", "--kind", "value"), 0, "✓ Correct"),
        (("2.808", "2.8", "--kind", "value"), 1, "✗ Not correct — too few significant figures"),
        (("[7, 8]", "(8, 7)", "--kind", "vector"), 1, "✗ Not correct — components in the wrong order"),
        (("ln(x^2)", "2 ln x", "--kind", "expr"), 1, "✗ Not correct"),
    ],
)
def test_kinds(args, code, first_line):
    p = run(*args, "--format", "text")
    assert p.returncode == code
    assert p.stdout.splitlines()[0] == first_line


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("x^2", "2x +"), "symtutor: "),
        (("x^2 y", "2xy"), "symtutor: "),
        (("x^2", "__import__('os').system('true')"), "symtutor: "),
        (("2.808", "abc", "--kind", "value"), "symtutor: "),
    ],
)
def test_unreadable_input_exits_2_with_one_line(args, message):
    p = run(*args)
    assert p.returncode == 2
    assert p.stdout == ""
    assert p.stderr.startswith(message)
    assert len(p.stderr.strip().splitlines()) == 1
    assert "Traceback" not in p.stderr


def test_markdown_and_latex():
    md = run("x^5", "5x^5", "--format", "markdown")
    assert md.returncode == 1
    assert md.stdout.startswith("**✗ Not correct — power rule: the exponent was not reduced**")
    tex = run("x^5", "5x^4", "--format", "latex")
    assert tex.stdout.startswith(r"\textbf{$\checkmark$ Correct}")
    assert r"\begin{itemize}" in tex.stdout


def test_rich_panel_when_asked():
    p = run("x^5", "5x^5", "--format", "rich")
    assert p.returncode == 1
    lines = p.stdout.splitlines()
    assert lines[0].startswith("╭─ ✗ Not correct — power rule: the exponent was not reduced")
    assert "read as   5x⁵" in lines[1]
