"""parse_step: derivation lines with unevaluated d/dx(...), (d/dx)(...) and (...)'."""

from __future__ import annotations

import builtins
import os
import time

import pytest
from sympy import Derivative, Symbol, sin

from symtutor.errors import InputError
from symtutor.notation.mathfmt import unicode
from symtutor.read.parsing import parse, parse_step

x, y, w1, theta = Symbol("x"), Symbol("y"), Symbol("w1"), Symbol("theta")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2(3x+1)·d/dx(3x+1)", 2 * (3 * x + 1) * Derivative(3 * x + 1, x)),
        ("d/dx(x^2) + d/dx(3x)", Derivative(x**2, x) + Derivative(3 * x, x)),
        ("(d/dx)(x^2)", Derivative(x**2, x)),
        ("(3x+1)'", Derivative(3 * x + 1, x)),
        ("(3x+1)′·2", 2 * Derivative(3 * x + 1, x)),
        ("d/dx x^2 + 1", Derivative(x**2, x) + 1),
        ("2d/dx(x)", 2 * Derivative(x, x)),
        ("∂/∂x(xy)", Derivative(x * y, x)),
        ("d/dx(x)^2", Derivative(x**2, x)),
        ("d/dx (3x+1)^2", Derivative((3 * x + 1) ** 2, x)),
        ("d/dx(3x+1)·3", 3 * Derivative(3 * x + 1, x)),
        ("(d/dx)(x+1)^2", Derivative((x + 1) ** 2, x)),
        ("sin(x)'", Derivative(sin(x), x)),
        ("d/dθ(θ^2)", Derivative(theta**2, theta)),
        ("d/dw_1(w1^2)", Derivative(w1**2, w1)),
        ("d / dx (x)", Derivative(x, x)),
        ("6(3x+1)", 18 * x + 6),
    ],
)
def test_lines_with_derivatives(text, expected):
    assert parse_step(text, x) == expected


def test_derivatives_stay_unevaluated_even_of_constants():
    assert parse_step("d/dx(5) + d/dx(x)", x) == Derivative(5, x) + Derivative(x, x)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("2(3x+1)·d/dx(3x+1)", "2(3x + 1)·d/dx(3x + 1)"),
        ("(3x+1)'", "d/dx(3x + 1)"),
        ("6(3x+1)", "6(3x + 1)"),
    ],
)
def test_as_written_keeps_the_shape(text, shown):
    assert unicode(parse_step(text, x, as_written=True)) == shown


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("dy/dx", "not dy/dx"),
        ("d/dx(d/dx(x))", "second derivatives"),
        ("(x)''", "second derivatives"),
        ("f'", "primes like f'"),
        ("x'", "primes like f'"),
        ("d/dx", "needs something to differentiate"),
        ("(d/dx)", "needs something to differentiate"),
        ("d/dx + 1", "needs something to differentiate"),
        ("d/dx()", "empty brackets"),
        ("d/dx(__import__('os'))", "__import__"),
        ("d/dx(x).real", "'.'"),
        ("d/dx(lambda: 1)", "lambdas"),
        ("d/dx(9^9^9)", "exponent too large"),
        ("d/dx(" * 50 + "x" + ")" * 50, "nested too deeply"),
        ("(" * 60 + "x" + ")" * 60 + "'", "nested too deeply"),
        ("d/dx(x)" * 400, "too long"),
        ("d/dx(x\x00)", "NUL"),
        ("d/dx(x); import os", "';'"),
        ("d/dx(x) = 2", "'='"),
    ],
)
def test_hostile_and_malformed_lines_are_refused_fast(text, needle, monkeypatch):
    def trap(*args, **kwargs):
        raise AssertionError("user text reached a code runner")

    for name in ("eval", "exec", "compile"):
        monkeypatch.setattr(builtins, name, trap)
    monkeypatch.setattr(os, "system", trap)
    start = time.perf_counter()
    with pytest.raises(InputError) as info:
        parse_step(text, x)
    assert time.perf_counter() - start < 1.0
    message = str(info.value)
    assert needle in message and "\n" not in message and len(message) < 200


def test_plain_parse_still_refuses_derivative_notation():
    with pytest.raises(InputError, match="symtutor supplies the d/dx"):
        parse("d/dx(x^2)")
    with pytest.raises(InputError, match="primes"):
        parse("(x+1)'")
