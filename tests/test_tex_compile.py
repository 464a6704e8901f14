"""Every .tex file symtutor writes compiles with pdflatex, says what it should, and is not blank.

Each command runs through its real entry point (`python -m symtutor ... --output F.tex`);
the PDF's text is read back with pdftotext and its first page rendered with pdftoppm.
Skipped only where the TeX tools are absent (CI installs them).
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from pdftools import compile_pdf, dark_fraction, needs_tex, page_count, pdf_text, read_pgm

pytestmark = needs_tex

#: name -> (argv before --output, words the PDF must contain). Unicode on purpose: ŷ, η, ∂, ·, −, ², √.
COMMANDS = {
    "derive": (["derive", "(3x+1)^2", "--at", "x=1"], ["Chain rule", "Answer", "24"]),
    "derive_unicode": (["derive", "ln(x²+1) + √x − σ(x)·x"], ["Chain rule", "Sum rule", "Answer"]),
    "derive_partial": (["derive", "x^2 + 3xy + y^2", "--wrt", "y", "--at", "x=2,y=1"], ["Sum rule", "Answer"]),
    "gradient": (["gradient", "x² + 3xy + y²", "--at", "x=2,y=1"], ["Gradient", "Length", "steepest"]),
    "descend": (["descend", "(w-3)^2", "--start", "0", "--lr", "0.3"], ["Gradient descent", "2.808", "Converged"]),
    "descend_diverges": (["descend", "(w-3)^2", "--start", "0", "--lr", "1.1"], ["Diverged", "too large"]),
    "descend_two": (["descend", "x^2 + 3y^2", "--start", "x=1,y=2", "--lr", "0.1"], ["Every iterate"]),
    "descend_compare": (["descend", "(w-3)^2", "--start", "0", "--compare-lr", "0.1,0.3,1.1"], ["Side by side"]),
    "chain": (["chain", "L = (yhat - y)^2", "yhat = sigmoid(z)", "z = w*x + b", "--wrt", "w",
               "--at", "w=0.5,x=2,b=0,y=1"], ["finite difference"]),
    "chain_relu": (["chain", "L = (a2 - y)^2", "a2 = sigmoid(w2*a1)", "a1 = relu(w1*x)", "--wrt", "w1,w2",
                    "--at", "w1=0.5,w2=-1,x=2,y=1"], ["Chain rule"]),
    "first_principles": (["first-principles", "x^2", "--at", "x=3"], ["6"]),
    "check": (["check", "x^5", "5x^5", "--show-answer"], ["Not correct", "exponent"]),
    "worksheet": (["worksheet", "--lesson", "backprop"], ["Problem 1", "Answer key", "Worked solutions"]),
}


def run_cli(*argv: str, cwd, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "symtutor", *argv], capture_output=True, text=True,
                          cwd=cwd, input=stdin, timeout=120, env=os.environ.copy())


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_tex_compiles(name, tmp_path):
    argv, words = COMMANDS[name]
    tex = tmp_path / f"{name}.tex"
    result = run_cli(*argv, "--output", tex.name, cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr  # check exits 1 for a wrong answer
    source = tex.read_text(encoding="utf-8")
    assert source.startswith("\\documentclass") and source.rstrip().endswith("\\end{document}")
    pdf = compile_pdf(tex)
    text = pdf_text(pdf)
    for word in words:
        assert word in text, (word, text[:400])
    assert dark_fraction(pdf) > 0.001  # a page with only its number is ~0.00005


def test_check_steps_tex_compiles(tmp_path):
    work = "2(3x+1)·d/dx(3x+1)\n2(3x+1)·1\n6x + 2\n"
    result = run_cli("check-steps", "(3x+1)^2", "--output", "steps.tex", cwd=tmp_path, stdin=work)
    assert result.returncode == 1, result.stderr  # line 2 is wrong
    text = pdf_text(compile_pdf(tmp_path / "steps.tex"))
    assert "line 2" in text and "inner derivative is missing" in text


def test_unicode_in_running_text_compiles(tmp_path):
    """Every Unicode sign the printouts use in sentences, in text and in math mode."""
    from symtutor.render.latex_preamble import UNICODE_MATH, latex_document

    signs = "".join(ch for ch in UNICODE_MATH)
    body = f"Signs: {signs}\\par\nIn math: ${signs.replace('−', '-')}$\\par\nŷ = σ(z), η·∂L/∂w, −x², √x\n"
    tex = tmp_path / "unicode.tex"
    tex.write_text(latex_document(body), encoding="utf-8")
    text = pdf_text(compile_pdf(tex))
    assert "Signs:" in text and "In math:" in text


def test_worksheet_pdf_pages_look_like_a_worksheet(tmp_path):
    result = run_cli("worksheet", "--lesson", "chain-rule", "--output", "sheet.tex", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    pdf = compile_pdf(tmp_path / "sheet.tex")
    text = pdf_text(pdf)
    assert "The chain rule" in text and "Name:" in text
    assert "Differentiate y = (3x + 1)" in text  # the first problem's prompt
    # 11 problems with room to write need several pages; the key and solutions follow.
    assert page_count(pdf) >= 6
    assert text.index("Problem 11.") < text.index("Answer key") < text.index("Worked solutions")
    first = dark_fraction(pdf, 1)
    assert 0.002 < first < 0.2  # ink, but mostly room to write


def test_read_pgm_reads_header_comments():
    width, height, pixels = read_pgm(b"P5\n# made by hand\n3 2\n255\n\x00\xff\x00\xff\x00\xff")
    assert (width, height, pixels) == (3, 2, b"\x00\xff\x00\xff\x00\xff")
