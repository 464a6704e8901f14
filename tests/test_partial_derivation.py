"""Partial derivations: the parts with rules are worked, the part without is a "no rule" step."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import sympy as sp
from snapshots import check_golden
from sympy import Derivative, Max, Min, Symbol, floor, sin, exp, log, symbols

from symtutor.answers.checking import check
from symtutor.cli import main
from symtutor.derivation.engine import derive, derive_step
from symtutor.errors import NoRuleError

x, y = symbols("x y")


def worked_out(result):
    """`result` with each unevaluated derivative done by SymPy (the oracle)."""
    return result.xreplace({d: sp.diff(*d.args[:1], *[v for v, _ in d.variable_count])
                            for d in result.atoms(Derivative)})


@pytest.mark.parametrize(
    "expr",
    [
        x**2 + Max(0, x),
        sin(Max(0, x)),
        x * Max(0, x),
        exp(3 * x) * floor(x) + log(x),
        Max(0, x) ** 2 + Min(x, 1) / (x + 1),
        sin(x) ** 2 + Max(0, x * y),
    ],
    ids=str,
)
def test_the_covered_parts_agree_with_sympy(expr):
    d = derive(expr, x, allow_partial=True)
    assert not d.complete
    assert d.result.has(Derivative)
    assert sp.simplify(worked_out(d.result) - sp.diff(expr, x)) == 0
    # Every uncovered part is a leaf "no_rule" step whose result is its unevaluated derivative.
    no_rule = [s for s in d.steps.walk() if s.rule == "no_rule"]
    assert no_rule and all(s.substeps == () for s in no_rule)
    assert all(s.result == Derivative(s.expr, s.variable) for s in no_rule)
    assert set(d.uncovered) == {s.expr for s in no_rule}


def test_the_part_without_a_rule_is_marked_and_the_rest_is_worked():
    d = derive("x^2 + max(0, x)", allow_partial=True)
    assert d.result == 2 * x + Derivative(Max(0, x), x)
    assert d.uncovered == (Max(0, x),)
    assert [s.rule for s in d.steps.substeps] == ["power", "no_rule"]
    data = d.to_dict()
    assert data["complete"] is False
    assert data["uncovered"] == ["Max(0, x)"]
    assert data["steps"]["substeps"][1]["result"] == "Derivative(Max(0, x), x)"
    assert sp.sympify(data["result"]) == d.result  # trusted: our own JSON output


def test_each_uncovered_part_is_listed_once():
    d = derive(sin(Max(0, x)) + Max(0, x) ** 2 + floor(x), x, allow_partial=True)
    assert set(d.uncovered) == {Max(0, x), floor(x)}
    assert len(d.uncovered) == 2


def test_a_complete_derivation_says_so():
    d = derive("(3x+1)^2", allow_partial=True)
    assert d.complete and d.uncovered == ()
    assert d.to_dict()["complete"] is True and d.to_dict()["uncovered"] == []
    assert d.result == derive("(3x+1)^2").result


def test_the_api_still_raises_by_default():
    with pytest.raises(NoRuleError, match="no step-by-step rule for Max"):
        derive("x^2 + max(0, x)")
    with pytest.raises(NoRuleError):
        derive_step(x**2 + Max(0, x), x)


def test_the_checker_still_refuses():
    with pytest.raises(NoRuleError, match="no step-by-step rule for Max"):
        check("x^2 + max(0, x)", "2x")


# ---------------------------------------------------------------- the command


def run_main(argv, capsys):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("fmt,suffix", [("text", ".txt"), ("markdown", ".md"), ("latex", ".tex")])
def test_golden_partial_printout(fmt, suffix, capsys):
    code, out, err = run_main(["derive", "x^2 + max(0, x)", "--format", fmt], capsys)
    assert code == 2
    assert err == "symtutor: no step-by-step rule for Max(0, x) (it has no derivative rule symtutor can show)\n"
    check_golden(f"derive_partial_max{suffix}", out)


def test_partial_json_says_complete_false(capsys):
    code, out, err = run_main(["derive", "x^2 + max(0, x)", "--at", "x=1", "--format", "json"], capsys)
    assert code == 2 and err.count("\n") == 1
    data = json.loads(out)
    assert data["complete"] is False and data["uncovered"] == ["Max(0, x)"]
    assert "value" not in data and data["at"] == {"x": "1"}


def test_partial_rich_marks_the_step(capsys):
    code, out, _ = run_main(["derive", "sin(max(0, x)) + max(x, 2)", "--format", "rich"], capsys)
    assert code == 2
    assert out.count("No rule") == 2
    assert "⚠ no rule covers max(0, x)" in out
    assert "Partial derivation: no rule covers max(0, x) and max(2, x)" in " ".join(out.split())


def test_partial_with_a_point_has_no_value_and_no_plot(capsys):
    code, out, _ = run_main(["derive", "x^2 + max(0, x)", "--at", "x=1", "--plot", "--format", "text"],
                            capsys)
    assert code == 2
    assert "At x = 1: no value (the derivation is partial)" in out
    assert "Tangent" not in out


def test_partial_output_file_is_written(tmp_path, capsys):
    path = tmp_path / "steps.md"
    code, out, err = run_main(["derive", "x^2 + max(0, x)", "--format", "text", "--output", str(path)],
                              capsys)
    assert code == 2
    written = path.read_text(encoding="utf-8")
    assert "**No rule:**" in written and "Partial derivation: no rule covers" in written
    assert err.splitlines()[-1].startswith("symtutor: no step-by-step rule for Max(0, x)")


def test_partial_through_python_m():
    done = subprocess.run([sys.executable, "-m", "symtutor", "derive", "x^2 + max(0, x)"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "1.1  Power rule: d/dx [x²] = 2x" in done.stdout
    assert "1.2  No rule: d/dx [max(0, x)]" in done.stdout
    assert done.stdout.rstrip().endswith(
        "Partial derivation: no rule covers max(0, x), so its derivative is left unevaluated.")
    assert done.stderr.startswith("symtutor: ") and done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr


def test_an_expression_with_no_rule_at_all_is_one_no_rule_step(capsys):
    code, out, _ = run_main(["derive", "max(0, x)", "--format", "json"], capsys)
    assert code == 2
    data = json.loads(out)
    assert data["steps"]["rule"] == "no_rule" and data["complete"] is False
