"""The function registry: every row reads, derives, evaluates and prints as it says."""

from __future__ import annotations

import math
import subprocess
import sys

import mpmath
import pytest
from strategies import same_derivative
from sympy import N, Rational, Symbol, diff, symbols

from symtutor.answers import equivalence as eq
from symtutor.derivation.engine import derive_step
from symtutor.derivation.formulas import FORMULAS, RULE_TITLES
from symtutor.derivation.rules import FUNCTION_RULES, RULES
from symtutor.errors import InputError
from symtutor.notation import registry
from symtutor.notation.mathfmt import plain, unicode
from symtutor.read import lexer
from symtutor.read.parsing import parse, parse_definition

x, y = symbols("x y")
ROWS = registry.ROWS
TYPED = [row for row in ROWS if row.aliases]
#: Sample points; each row is checked at those inside its real domain.
POINTS = (Rational(3, 10), Rational(7, 10), Rational(3, 2), Rational(5, 2), Rational(-2, 5), Rational(-17, 10))


def _call(word: str, row: registry.Row) -> str:
    return f"{word}(x, 2)" if row.arity == 2 else f"{word}(x)"


def _inside(row: registry.Row) -> list[Rational]:
    points = [p for p in POINTS if row.domain is None or row.domain[0](p)]
    assert points, f"no sample point inside the domain of {row.key}"
    return points


def _ids(rows):
    return [row.key for row in rows]


def test_keys_and_aliases_are_unique():
    assert len(registry.BY_KEY) == len(ROWS)
    words = [w for row in ROWS for w in row.aliases + row.call_aliases]
    assert len(words) == len(set(words))
    assert set(registry.INVERSES.values()) <= set(registry.BY_KEY)


@pytest.mark.parametrize("row", TYPED, ids=_ids(TYPED))
def test_every_alias_reads_as_the_function(row):
    expected = parse(_call(row.aliases[0], row))
    for word in row.aliases + row.call_aliases:
        assert parse(_call(word, row)) == expected, word
    if not row.built:
        assert isinstance(expected, registry.function_class(row.key))


FUNCTION_ROWS = registry.function_rows()


@pytest.mark.parametrize("row", FUNCTION_ROWS, ids=_ids(FUNCTION_ROWS))
def test_the_step_derivative_is_sympys(row):
    expr = parse(_call(row.aliases[0], row))
    step = derive_step(expr, x)
    assert step.rule == row.family and step.case == row.key
    assert same_derivative(step.result, expr, x) is True
    # and through the chain rule
    inner = parse(f"{row.aliases[0]}(3x + 1/2)")
    assert same_derivative(derive_step(inner, x).result, inner, x) is True
    assert FORMULAS[(row.family, row.key)].text.startswith("d/dx ")
    assert row.family in RULE_TITLES and RULES[row.family]


@pytest.mark.parametrize("row", TYPED, ids=_ids(TYPED))
def test_the_printed_form_reads_back(row):
    expr = parse(_call(row.aliases[0], row))
    assert parse(plain(expr)) == expr and parse(plain(expr**2)) == expr**2
    assert parse(plain(2 * expr + y)) == 2 * expr + y
    if row.key != "Heaviside":  # H(x) is the textbook's name, read back as H·x
        assert parse(unicode(expr)) == expr and parse(unicode(expr**2)) == expr**2
    if row.power_on_name:
        assert unicode(expr**2).startswith(registry.BY_KEY[row.key].printed + "²")


EVALUATED = [row for row in ROWS if row.real or row.complex or row.mp]


@pytest.mark.parametrize("row", EVALUATED, ids=_ids(EVALUATED))
def test_evaluators_agree_with_sympy_inside_the_domain(row):
    cls = registry.function_class(row.key)
    mp = eq._tables()["mp"].get(cls)
    for p in _inside(row):
        exact = N(cls(p), 40)
        want = complex(exact)
        if row.real is not None:
            assert math.isclose(row.real(float(p)), want.real, rel_tol=1e-12, abs_tol=1e-12), p
        if row.complex is not None:
            assert abs(row.complex(complex(p)) - want) <= 1e-12 * max(1, abs(want)), p
        if mp is not None:
            with mpmath.workdps(30):
                assert abs(mp(mpmath.mpf(p.p) / p.q) - mpmath.mpmathify(exact)) < 1e-25 * max(1, abs(want)), p


BUILT = [row for row in ROWS if row.built]


@pytest.mark.parametrize("row", BUILT, ids=_ids(BUILT))
def test_built_functions_evaluate_through_the_compiled_evaluator(row):
    expr = parse(_call(row.aliases[0], row))
    fn = eq.compile_real(expr, [x])
    for p in [p for p in _inside(row) if p > 0]:  # SymPy's N takes the complex cube root of -0.4
        assert math.isclose(fn((float(p),)), float(N(expr.subs(x, p), 30)), rel_tol=1e-12)
    if row.key == "cbrt":
        assert fn((-8.0,)) == -2.0  # the checker's real semantics: odd roots of negatives are real
    assert same_derivative(derive_step(expr, x).result, expr, x) is True


@pytest.mark.parametrize("row", [r for r in ROWS if r.domain], ids=_ids([r for r in ROWS if r.domain]))
def test_the_parser_refuses_a_number_outside_the_domain(row):
    outside = next(v for v in (Rational(-3), Rational(0), Rational(1, 2), Rational(3)) if not row.domain[0](v))
    with pytest.raises(InputError, match="undefined|not a real number"):
        parse(_call(row.aliases[0], row).replace("x", f"({outside})", 1))


def test_every_view_comes_from_the_rows():
    assert lexer.FUNCTIONS == {w: r.key for r in ROWS for w in r.aliases}
    assert set(FUNCTION_RULES.values()) == {r.family for r in ROWS if r.family}
    keyed = {(r.family, r.key) for r in FUNCTION_ROWS}
    assert keyed <= set(FORMULAS)
    assert set(eq._tables()["real"]) == {registry.function_class(r.key) for r in ROWS if r.real}


# --- short spellings: sh(x), ch(x), tg(x), ... ---------------------------------------------

s, h, c, t, g = symbols("s h c t g")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("sh(x)", "sinh(x)"),
        ("ch(x)", "cosh(x)"),
        ("th(x)", "tanh(x)"),
        ("cth(x)", "coth(x)"),
        ("tg(x)", "tan(x)"),
        ("ctg(x)", "cot(x)"),
        ("2sh(x)ch(x)", "2*sinh(x)*cosh(x)"),
        ("sh(x)^2", "sinh(x)^2"),
        ("cosech x", "csch(x)"),
        ("arcsinh x", "asinh(x)"),
        ("arctg(x)", "atan(x)"),
        ("cosec x", "csc(x)"),
    ],
)
def test_short_spellings_are_functions_when_called(text, expected):
    assert parse(text) == parse(expected)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("sh", s * h),
        ("shx", s * h * x),
        ("sh x", s * h * x),
        ("sh (x)", s * h * x),
        ("ch^2", c * h**2),
        ("tg", t * g),
        ("2tg + 1", 2 * t * g + 1),
        ("sh*(x)", s * h * x),
    ],
)
def test_short_spellings_not_called_are_products_of_letters(text, expected):
    assert parse(text) == expected


def test_a_context_name_wins_over_a_short_spelling():
    sh = Symbol("sh")
    assert parse("sh(x)", names=("sh",)) == sh * x
    assert parse_definition("sh = 2x") == (sh, 2 * x)


def test_longer_words_ending_in_a_short_spelling_are_still_refused():
    with pytest.raises(InputError, match="unknown function 'xsh'"):
        parse("xsh(x)")


def test_function_names_cannot_be_defined():
    for word in ("sin", "cosh", "arcsin", "cosech"):
        with pytest.raises(InputError, match="must be one name"):
            parse_definition(f"{word} = x")


def test_the_registry_and_lexer_import_without_sympy():
    code = (
        "import sys; import symtutor.read.lexer, symtutor.notation.registry, symtutor.derivation.formulas; "
        "print('sympy' in sys.modules, 'mpmath' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_diff_of_each_derivative_row_matches_at_a_point():
    # A second, independent check: the row's derivative against sympy.diff at a sample point.
    for row in FUNCTION_ROWS:
        cls = registry.function_class(row.key)
        p = _inside(row)[0]
        got = row.derivative(x, registry.sym()).subs(x, p)
        want = diff(cls(x), x).subs(x, p)
        assert abs(complex(N(got - want, 30))) < 1e-25, row.key
