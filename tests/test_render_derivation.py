"""The derivation printout in every format, from hand-built steps and from the engine."""

from __future__ import annotations

import io
import json

import pytest
import sympy as sp

from symtutor.derivation.engine import derive_step
from symtutor.notation import mathfmt
from symtutor.render.derivation import DerivationPrintout, step_lines, step_tree
from symtutor.render.output import render
from symtutor.derivation.steps import Derivation, Step

x, y, u = sp.symbols("x y u")


def chain_by_hand() -> Derivation:
    """(3x + 1)² built step by step, the way the post works it."""
    outer = Step("power", u**2, u, 2 * u, why="the exponent {n} is a constant", terms=(("n", sp.Integer(2)),))
    three_x = Step(
        "constant_multiple", 3 * x, x, sp.Integer(3),
        substeps=(Step("power", x, x, sp.Integer(1), case="identity"),),
        why="the factor {c} stays in front", terms=(("c", sp.Integer(3)),),
    )
    one = Step("constant", sp.Integer(1), x, sp.Integer(0), why="a constant does not change")
    inner = Step("sum", 3 * x + 1, x, sp.Integer(3), substeps=(three_x, one), why="term by term")
    root = Step(
        "chain", (3 * x + 1) ** 2, x, 6 * (3 * x + 1), substeps=(outer, inner),
        why="{f} is an outer power of an inner function", terms=(("f", (3 * x + 1) ** 2), ("u", 3 * x + 1)),
    )
    return Derivation("(3x+1)^2", (3 * x + 1) ** 2, x, root)


def partial_by_hand() -> Derivation:
    f = x**2 + 3 * x * y + y**2
    steps = Step(
        "sum", f, x, 2 * x + 3 * y,
        substeps=(
            Step("power", x**2, x, 2 * x),
            Step("constant_multiple", 3 * x * y, x, 3 * y,
                 substeps=(Step("power", x, x, sp.Integer(1), case="identity"),),
                 why="{c} is held constant", terms=(("c", 3 * y),)),
            Step("constant", y**2, x, sp.Integer(0), case="held_constant",
                 why="{c} does not depend on x, so it is held constant", terms=(("c", y**2),)),
        ),
    )
    return Derivation("x^2 + 3xy + y^2", f, x, steps)


def test_text_numbers_every_step_with_rule_formula_reason_and_result():
    text = DerivationPrintout(chain_by_hand(), at={x: sp.Integer(1)}).text()
    lines = text.splitlines()
    assert lines[0] == "d/dx [(3x + 1)²]"
    for line in (
        "1  Chain rule: d/dx [(3x + 1)²]",
        "   formula: d/dx f(g(x)) = f′(g(x))·g′(x)",
        "   (3x + 1)² is an outer power of an inner function",
        "   let u = 3x + 1",
        "   1.1  Power rule: d/du [u²] = 2u",
        "      the exponent 2 is a constant",
        "   1.2  Sum rule: d/dx [3x + 1]",
        "      1.2.1  Constant multiple rule: d/dx [3x]",
        "         1.2.1.1  Power rule: d/dx [x] = 1",
        "      1.2.2  Constant rule: d/dx [1] = 0",
        "      = 3",
        "   outer × inner: 2(3x + 1)·3 = 18x + 6",
    ):
        assert line in lines, line
    assert lines[-2:] == ["Answer: d/dx [(3x + 1)²] = 18x + 6", "At x = 1: 24"]


def test_partial_derivative_uses_del_and_says_what_is_held_constant():
    text = DerivationPrintout(partial_by_hand(), at={x: sp.Integer(2), y: sp.Integer(1)}).text()
    assert text.splitlines()[0] == "∂/∂x [x² + 3xy + y²]"
    assert "3y is held constant" in text
    assert "   1.3  Constant rule: ∂/∂x [y²] = 0" in text.splitlines()
    assert "y² does not depend on x, so it is held constant" in text
    assert "Answer: ∂/∂x [x² + 3xy + y²] = 2x + 3y" in text
    assert text.endswith("At x = 2, y = 1: 7\n")


def test_value_that_is_not_an_integer_shows_exact_and_decimal():
    printout = DerivationPrintout(chain_by_hand(), at={x: sp.Rational(1, 7)})
    assert printout.value == sp.Rational(60, 7)
    assert printout.text().endswith("At x = 1/7: 60/7 ≈ 8.57143\n")
    data = printout.data()
    assert data["value"] == "60/7"
    assert data["value_float"] == pytest.approx(60 / 7)


def test_undefined_value_is_an_input_error():
    d = Derivation("ln x", sp.log(x), x, Step("log", sp.log(x), x, 1 / x, case="ln"))
    with pytest.raises(ValueError, match="undefined at x = 0"):
        DerivationPrintout(d, at={x: sp.Integer(0)})


def test_markdown_nests_ordered_lists_with_dollar_math():
    md = DerivationPrintout(chain_by_hand(), at={x: sp.Integer(1)}).markdown()
    lines = md.splitlines()
    assert lines[0].startswith("### $\\frac{d}{dx}")
    assert lines[2].startswith("1. **Chain rule:** $\\frac{d}{dx}")
    assert any(line.startswith("   1. **Power rule:** $\\frac{d}{du}") for line in lines)
    assert any(line.startswith("      1. **Constant multiple rule:**") for line in lines)
    assert any(line.startswith("   - formula: $") for line in lines)
    assert "**Answer:**" in md and md.rstrip().endswith("$24$")
    # Every inline math span is closed.
    for line in lines:
        assert line.count("$") % 2 == 0, line
    # GitHub would eat the backslash of TeX's punctuation commands (\, \{ ...).
    assert not any(cmd in md for cmd in ("\\,", "\\;", "\\!", "\\{", "\\}"))


def test_latex_fragment_and_document():
    printout = DerivationPrintout(chain_by_hand(), at={x: sp.Integer(1)})
    tex = printout.latex()
    assert "\\documentclass" not in tex
    assert "\\frac{d}{dx}" in tex and "\\textbf{1.1~Power rule:}" in tex
    assert tex.count("{") == tex.count("}")
    assert tex.count("$") % 2 == 0
    doc = printout.latex_document()
    assert doc.startswith("\\documentclass{article}") and doc.rstrip().endswith("\\end{document}")
    # Nothing from the Unicode text rendering leaks into LaTeX.
    assert "·" not in tex and "′" not in tex and "²" not in tex


def test_json_is_the_derivation_plus_value():
    data = json.loads(render(DerivationPrintout(chain_by_hand(), at={x: sp.Integer(1)}), "json"))
    assert data["input"] == "(3x+1)^2"
    assert data["variable"] == "x"
    assert sp.sympify(data["result"]) == 18 * x + 6  # trusted: our own output
    assert data["steps"]["rule"] == "chain"
    assert [s["rule"] for s in data["steps"]["substeps"]] == ["power", "sum"]
    assert data["value"] == "24" and data["value_float"] == 24.0
    assert data["at"] == {"x": "1"}


def test_rich_tree_renders_to_plain_text_without_escape_codes():
    from rich.console import Console

    buf = io.StringIO()
    Console(file=buf, width=80).print(DerivationPrintout(chain_by_hand(), at={x: sp.Integer(1)}).rich())
    out = buf.getvalue()
    assert "\x1b[" not in out
    lines = out.splitlines()
    assert lines[0] == "d/dx [(3x + 1)²]"
    assert "1  Chain rule: d/dx [(3x + 1)²]" in lines
    assert "├── 1.1  Power rule: d/du [u²] = 2u" in lines
    # Formula and reason sit under the title; only substeps branch off.
    assert lines[lines.index("1  Chain rule: d/dx [(3x + 1)²]") + 1] == "   formula: d/dx f(g(x)) = f′(g(x))·g′(x)"
    assert "│        formula: d/dx xⁿ = n·xⁿ⁻¹" in lines
    assert "└── outer × inner: 2(3x + 1)·3 = 18x + 6" in lines
    assert lines[-1] == "At x = 1: 24"


def test_rich_brackets_are_not_taken_for_markup():
    """d/dx [x] must survive: rich would read "[x]" as a style tag."""
    from rich.console import Console

    d = Derivation("x", x, x, Step("power", x, x, sp.Integer(1), case="identity"))
    buf = io.StringIO()
    Console(file=buf, width=80).print(step_tree(d.steps))
    assert buf.getvalue().splitlines()[0] == "1  Power rule: d/dx [x] = 1"


def test_step_lines_can_be_numbered_and_indented_for_other_printouts():
    lines = step_lines(chain_by_hand().steps, "text", number="2", indent=2)
    assert lines[0] == "  2  Chain rule: d/dx [(3x + 1)²]"
    assert "     2.1  Power rule: d/du [u²] = 2u" in lines
    md = step_lines(chain_by_hand().steps, "markdown", number="3")
    assert md[0].startswith("3. **Chain rule:**")


@pytest.mark.parametrize(
    "expr",
    [(3 * x + 1) ** 2, x**2 * sp.sin(x), sp.log(x**2 + 1), sp.exp(3 * x) / (x + 1), sp.sqrt(x**3 + 1),
     sp.atan(2 * x), x**x],
    ids=str,
)
def test_engine_derivations_print_every_step_result(expr):
    """Each printed step result is the engine's own, and the answer equals sympy.diff."""
    step = derive_step(expr, x)
    d = Derivation(str(expr), expr, x, step)
    text = DerivationPrintout(d).text()
    for s in step.walk():
        if not s.substeps:
            assert f"= {mathfmt.unicode(s.result)}" in text
    assert sp.simplify(step.result - sp.diff(expr, x)) == 0
    assert text.rstrip().endswith(f"= {mathfmt.unicode(step.result)}")
    assert render(DerivationPrintout(d), "markdown").rstrip().endswith(f"= {mathfmt.latex(step.result)}$")
    assert json.loads(render(DerivationPrintout(d), "json"))["result"] == str(step.result)
