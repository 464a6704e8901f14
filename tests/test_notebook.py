"""Results display themselves in Jupyter: the mime bundles, and a real notebook run by nbclient.

The nbclient test needs the optional extra (`pip install '.[notebook]'`, which CI installs);
it is skipped only when nbclient, nbformat or ipykernel cannot be imported.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET

import pytest
import sympy as sp

import symtutor
from symtutor.read.parsing import parse, parse_definition, parse_point
from symtutor.topics.descent import descend
from symtutor.topics.gradient import gradient
from symtutor.topics.network import backprop

MIMES = {"text/html", "text/latex", "text/markdown", "text/plain"}
w, x, y = sp.symbols("w x y")


def chain_result():
    names = ["L", "yhat", "z", "w", "x", "b", "y"]
    defs = [parse_definition(t, names=names) for t in ("L = (yhat - y)^2", "yhat = sigmoid(z)", "z = w*x + b")]
    return backprop(defs, [sp.Symbol("w")], parse_point(["w=0.5,x=2,b=0,y=1"], names=names))


def svgs(html: str) -> list[ET.Element]:
    """Every inline SVG in `html`, parsed (so each one is well-formed XML)."""
    return [ET.fromstring(svg) for svg in re.findall(r"<svg .*?</svg>", html, flags=re.S)]


def test_derivation_bundle_has_the_steps_in_every_format():
    d = symtutor.derive("(3x+1)^2")
    bundle = d._repr_mimebundle_()
    assert set(bundle) == MIMES
    assert bundle["text/latex"] == r"$$\frac{d}{dx}\left[\left(3 x + 1\right)^{2}\right] = 18 x + 6$$"
    html = bundle["text/html"]
    assert "<b>Chain rule:</b>" in html and "1.1</span> <b>Power rule:</b>" in html
    assert "u = 3x + 1 is an inner function of x" in html
    assert "outer × inner: 2(3x + 1)·3 = 18x + 6" in html
    assert bundle["text/plain"] == symtutor.derive("(3x+1)^2")._repr_mimebundle_()["text/plain"]
    assert bundle["text/plain"].startswith("d/dx [(3x + 1)²]") and "Answer: d/dx [(3x + 1)²] = 18x + 6" in bundle["text/plain"]
    assert "**Chain rule:**" in bundle["text/markdown"]
    assert "<script" not in html and "http" not in html


def test_verdict_bundle_names_the_mistake_without_the_answer():
    bundle = symtutor.check("(3x+1)^2", "2(3x+1)")._repr_mimebundle_()
    assert set(bundle) == MIMES
    assert "✗ Not correct — chain rule: the inner derivative is missing" in bundle["text/html"]
    assert "#c62828" in bundle["text/html"]
    assert bundle["text/latex"] == r"$$\times\ \text{Not correct - chain rule: the inner derivative is missing}$$"
    assert "18x + 6" not in bundle["text/html"]  # the verdict never gives the answer away
    right = symtutor.check("x^2", "2x")._repr_mimebundle_()
    assert "✓ Correct" in right["text/html"] and right["text/latex"].startswith(r"$$\checkmark")


def test_gradient_bundle():
    bundle = gradient(parse("x^2 + 3xy + y^2"), {x: 2, y: 1})._repr_mimebundle_()
    assert bundle["text/latex"] == (r"$$\nabla f = \left[2 x + 3 y, 3 x + 2 y\right] \quad"
                                    r"\text{at the point: } \left[7, 8\right]$$")
    html = bundle["text/html"]
    assert "∂f/∂x" in html and "∂f/∂y" in html and "<b>Sum rule:</b>" in html
    assert "Gradient: ∇f = [2x + 3y, 3x + 2y]" in html


def test_descent_bundle_shows_its_plots():
    run = descend(parse("(w-3)^2"), {w: 0}, sp.Rational(3, 10), 3)
    bundle = run._repr_mimebundle_()
    html = bundle["text/html"]
    plots = svgs(html)
    assert len(plots) == 2  # the loss after each update, and the path on L(w)
    assert [p.find("{http://www.w3.org/2000/svg}title").text for p in plots] == [
        "the loss after each update", "the path on L(w)"]
    # Four iterates (start and three updates) are marked on each plot.
    assert all(len(p.findall("{http://www.w3.org/2000/svg}circle")) == 4 for p in plots)
    assert "<table>" in html and "<td style=\"text-align: right; padding: 0 .6em\">2.808</td>" in html
    assert bundle["text/latex"] == (r"$$L = \left(w - 3\right)^{2},\quad \eta = 0.3,\quad "
                                    r"\text{after 3 updates: } w = 2.808$$")


def test_diverging_and_two_variable_descent_plots():
    diverged = descend(parse("(w-3)^2"), {w: 0}, sp.Rational(11, 10), 40)
    assert len(svgs(diverged._repr_mimebundle_()["text/html"])) == 2
    two = descend(parse("x^2 + 3y^2"), {x: 1, y: 2}, sp.Rational(1, 10), 5)
    assert len(svgs(two._repr_mimebundle_()["text/html"])) == 1  # no path on a curve for two variables


def test_chain_bundle():
    bundle = chain_result()._repr_mimebundle_()
    assert bundle["text/latex"].startswith(r"$$\frac{\partial L}{\partial w} = ")
    assert "finite difference" in bundle["text/html"] and "<b>Chain rule:</b>" in bundle["text/html"]


CELLS = [
    "import symtutor, sympy as sp\nfrom symtutor.read.parsing import parse",
    'symtutor.derive("(3x+1)^2")',
    'symtutor.check("(3x+1)^2", "2(3x+1)")',
    'from symtutor.topics.gradient import gradient\nx, y = sp.symbols("x y")\n'
    'gradient(parse("x^2 + 3xy + y^2"), {x: 2, y: 1})',
    'from symtutor.topics.descent import descend\nw = sp.Symbol("w")\n'
    'descend(parse("(w-3)^2"), {w: 0}, sp.Rational(3, 10), 3)',
    'from symtutor.read.parsing import parse_definition, parse_point\n'
    'from symtutor.topics.network import backprop\nnames = ["L", "yhat", "z", "w", "x", "b", "y"]\n'
    'defs = [parse_definition(t, names=names) for t in ("L = (yhat - y)^2", "yhat = sigmoid(z)", "z = w*x + b")]\n'
    'backprop(defs, [sp.Symbol("w")], parse_point(["w=0.5,x=2,b=0,y=1"], names=names))',
]


def test_a_real_notebook_displays_every_result(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in CELLS]
    path = tmp_path / "symtutor.ipynb"
    nbformat.write(nb, path)
    nb = nbformat.read(path, as_version=4)
    # The kernel finds this checkout's package the way the test run does (PYTHONPATH or install).
    os.environ.setdefault("PYTHONPATH", os.getcwd())
    nbclient.NotebookClient(nb, timeout=180, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute()
    results = []
    for cell in nb.cells[1:]:
        outputs = [o for o in cell.outputs if o.output_type == "execute_result"]
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert not errors, errors
        assert len(outputs) == 1
        assert set(outputs[0].data) == MIMES
        results.append(outputs[0].data)
    derivation, verdict, grad, run, chain = results
    assert "<b>Chain rule:</b>" in derivation["text/html"] and derivation["text/latex"].endswith("= 18 x + 6$$")
    assert "inner derivative is missing" in verdict["text/html"]
    assert r"\left[7, 8\right]" in grad["text/latex"]
    assert len(svgs(run["text/html"])) == 2 and "2.808" in run["text/plain"]
    assert "finite difference" in chain["text/plain"]
    nbformat.validate(nb)
