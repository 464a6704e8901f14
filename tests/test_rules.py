"""Rules one by one: classification, decomposition, the rule table, letters, formulas, tidy."""

from __future__ import annotations

import inspect
from dataclasses import replace

import pytest
from sympy import (
    Abs,
    Dummy,
    Integer,
    Max,
    Symbol,
    acosh,
    asin,
    cos,
    exp,
    expand,
    log,
    pi,
    sin,
    sqrt,
    symbols,
    tanh,
)

from symtutor.derivation import rules
from symtutor.derivation.engine import derive_step
from symtutor.errors import NoRuleError
from symtutor.derivation.formulas import FORMULAS, RULE_TITLES, Formula, formula_for
from symtutor.notation.functions import relu, sigmoid
from symtutor.derivation.rules import (
    RULES,
    Context,
    classify,
    decompose,
    log_base,
    split_coefficient,
    split_fraction,
)
from symtutor.derivation.steps import RULE_NAMES
from symtutor.derivation.tidy import degree_bound, factored, polynomial, size, tidy

x, y, u, v, b = symbols("x y u v b")


@pytest.mark.parametrize(
    "expr, rule",
    [
        (Integer(4), "constant"),
        (pi, "constant"),
        (y**2, "constant"),
        (sin(y), "constant"),
        (x, "power"),
        (x**3, "power"),
        (1 / x, "power"),
        (sqrt(x), "power"),
        (x**y, "power"),
        (3 * x, "constant_multiple"),
        (y * x**2, "constant_multiple"),
        (-x, "constant_multiple"),
        (x + 1, "sum"),
        (x - y, "sum"),
        (x * sin(x), "product"),
        (x / (x + 1), "quotient"),
        (sin(x) / x, "quotient"),
        (1 / (x * (x + 1)), "quotient"),
        (1 / (x + 1), "chain"),
        ((x + 1) ** 2, "chain"),
        (sin(2 * x), "chain"),
        (log(x), "log"),
        (log(x, 10), "log"),
        (log(x**2, 10), "chain"),
        (exp(x), "exp"),
        (2**x, "exp"),
        (2 ** (x**2), "chain"),
        (sin(x), "trig"),
        (asin(x), "inverse_trig"),
        (tanh(x), "hyperbolic"),
        (acosh(x), "hyperbolic"),
        (x**x, "log_differentiation"),
        (sin(x) ** x, "log_differentiation"),
        (Abs(x), "abs"),
        (sigmoid(x), "activation"),
        (relu(x), "activation"),
    ],
    ids=str,
)
def test_classify(expr, rule):
    assert classify(expr, x) == rule


@pytest.mark.parametrize("expr", [Max(0, x), sin(x).func(x, evaluate=False) + Max(x, 1)], ids=str)
def test_classify_refuses_what_no_rule_covers(expr):
    with pytest.raises(NoRuleError):
        derive_step(expr, x)


def test_decompose_names_inner_and_outer():
    assert decompose((3 * x + 1) ** 2, x, u) == (3 * x + 1, u**2)
    assert decompose(2 ** (x**2), x, u) == (x**2, 2**u)
    assert decompose(sin(x**2), x, u) == (x**2, sin(u))
    assert decompose(log(x**2 + 1, 10), x, u) == (x**2 + 1, log(u) / log(10))
    assert decompose(sin(x), x, u) is None
    assert decompose(x**2, x, u) is None


def test_log_base_and_split_coefficient_keep_one_over_ln_b_with_the_log():
    assert log_base(log(x, 10), x) == (x, 10)
    assert log_base(log(x), x) is None
    assert split_coefficient(3 * log(x, 10), x) == (3, log(x) / log(10))
    assert split_coefficient(3 * y * x**2, x) == (3 * y, x**2)


def test_split_fraction():
    assert split_fraction(x / (x + 1), x) == (x, x + 1)
    assert split_fraction(sin(x) / (x**2 * (x - 1)), x) == (sin(x), x**2 * (x - 1))


def test_every_contract_rule_has_a_function_with_a_one_line_formula_docstring():
    assert set(RULE_NAMES) <= set(RULES)
    assert {"abs", "activation"} <= set(RULES)
    for name, fn in RULES.items():
        doc = inspect.getdoc(fn)
        assert doc and "\n" not in doc and "=" in doc, name
        assert list(inspect.signature(fn).parameters) == ["expr", "var", "ctx"], name


def test_every_rule_has_a_title_and_every_formula_two_forms():
    assert set(RULES) <= set(RULE_TITLES)
    for (rule, case), formula in FORMULAS.items():
        assert rule in RULES
        assert isinstance(formula, Formula) and formula.text and formula.latex
        assert formula.text.startswith(("d/dx", "∂/∂x")), (rule, case)
    assert FORMULAS[("power", "")].text == "d/dx xⁿ = n·xⁿ⁻¹"
    assert FORMULAS[("trig", "sin")].latex == r"\frac{d}{dx}\sin x = \cos x".replace("}\\", "} \\")
    assert formula_for("chain", "anything") == FORMULAS[("chain", "")]


# --- the table is the single place each rule lives -----------------------------------


def _swapped(name, fn):
    table = dict(RULES)
    table[name] = fn
    return table


def test_a_swapped_chain_rule_is_used_at_every_depth():
    calls = []

    def chain_without_inner(expr, var, ctx):
        """d/dx f(g(x)) = f′(g(x)) (inner derivative forgotten)"""
        step = RULES["chain"](expr, var, ctx)
        calls.append(expr)
        outer = step.substeps[0]
        return replace(step, result=outer.result.xreplace({step.term("letter"): step.term("u")}))

    step = derive_step(sin(cos(x**2)), x, _swapped("chain", chain_without_inner))
    assert calls == [cos(x**2), sin(cos(x**2))]  # innermost finishes first
    assert step.result == cos(cos(x**2))
    assert (
        derive_step((3 * x + 1) ** 5, x, _swapped("chain", chain_without_inner)).result
        == 5 * (3 * x + 1) ** 4
    )


def test_a_swapped_power_rule_reaches_the_outer_function_of_a_chain():
    def exponent_kept(expr, var, ctx):
        """d/dx xⁿ = n·xⁿ (exponent not reduced)"""
        step = RULES["power"](expr, var, ctx)
        return step if expr == var else replace(step, result=expr.exp * expr)

    table = _swapped("power", exponent_kept)
    assert derive_step(x**5, x, table).result == 5 * x**5
    assert expand(derive_step((3 * x + 1) ** 2, x, table).result) == expand(6 * (3 * x + 1) ** 2)


def test_a_swapped_constant_and_product_rule():
    def constant_is_one(expr, var, ctx):
        """d/dx c = 1 (a learner's mistake)"""
        return replace(RULES["constant"](expr, var, ctx), result=Integer(1))

    def product_of_derivatives(expr, var, ctx):
        """d/dx f·g = f′·g′ (a learner's mistake)"""
        step = RULES["product"](expr, var, ctx)
        df, dg = step.substeps
        return replace(step, result=df.result * dg.result)

    assert derive_step(x**2 + 7, x, _swapped("constant", constant_is_one)).result == 2 * x + 1
    table = _swapped("product", product_of_derivatives)
    assert derive_step(x**2 * sin(x), x, table).result == 2 * x * cos(x)


# --- rule bodies compose their substeps ------------------------------------------------


def test_chain_result_is_outer_at_inner_times_inner_derivative():
    step = derive_step(sqrt(x**2 + 1), x)
    outer, inner = step.substeps
    letter = step.term("letter")
    assert outer.expr == sqrt(letter) and outer.variable == letter
    assert step.result == outer.result.xreplace({letter: x**2 + 1}) * inner.result
    assert step.result == x / sqrt(x**2 + 1)


def test_product_of_three_factors_is_applied_pairwise_and_multiplied_out():
    step = derive_step(x * sin(x) * exp(x), x)
    first, rest = step.substeps
    assert first.expr == x and rest.rule == "product" and rest.expr == exp(x) * sin(x)
    assert step.result.is_Add and len(step.result.args) == 3


def test_quotient_numerator_is_multiplied_out_when_small():
    step = derive_step((x**2 + 1) / (x - 1), x)
    assert step.result == (x**2 - 2 * x - 1) / (x - 1) ** 2
    assert [s.expr for s in step.substeps] == [x**2 + 1, x - 1]


def test_log_differentiation_differentiates_g_ln_f():
    step = derive_step(x ** sin(x), x)
    (sub,) = step.substeps
    assert sub.expr == sin(x) * log(x)
    assert step.term("ln_y") == sin(x) * log(x)
    assert step.result == x ** sin(x) * sub.result


def test_power_why_names_negative_and_fractional_exponents():
    assert derive_step(x**-3, x).explain() == "x**(-3) is x to the power -3, a constant"
    assert "root" in derive_step(sqrt(x), x).explain()
    assert derive_step(x**4, x).explain() == "the exponent 4 is a constant"


def test_cases_pick_the_formula_variant():
    assert derive_step(log(x), x).case == "ln"
    assert derive_step(log(x, 2), x).case == "base"
    assert derive_step(log(x, 2), x).result == 1 / (x * log(2))
    assert derive_step(exp(x), x).case == "e^x"
    assert derive_step(3**x, x).case == "a^x"
    assert derive_step(x - 1, x).case == "difference"
    assert derive_step(x + 1, x).case == ""
    assert derive_step(x, x).case == "identity"
    assert derive_step(sigmoid(x), x).case == "sigmoid"
    assert derive_step(relu(x), x).case == "relu"


def test_activation_and_abs_name_their_kinks():
    assert derive_step(sigmoid(x), x).result == sigmoid(x) * (1 - sigmoid(x))
    assert "kink" in derive_step(relu(x), x).explain()
    step = derive_step(Abs(x), x)
    assert step.result == x / Abs(x) and "kink" in step.explain()


# --- letters --------------------------------------------------------------------------


def test_letters_are_fresh_stable_and_never_run_out():
    ctx = Context(RULES, {"u", "x"})
    assert ctx.letter_for(x + 1) == v
    assert ctx.letter_for(x + 2) == Symbol("w")
    assert ctx.letter_for(x + 1) == v
    crowded = Context(RULES, set(rules.LETTERS))
    assert crowded.letter_for(x) == Symbol("u1")
    assert crowded.letter_for(x + 1) == Symbol("u2")


# --- tidy -----------------------------------------------------------------------------


def test_factored_takes_out_common_factors_then_content():
    assert factored(x**2 * (x + 1) + 3 * x * (x + 1) ** 2) == x * (x + 1) * (4 * x + 3)
    assert str(factored(-2 * x**2 - 6 * x - 8)) == "-2*(x**2 + 3*x + 4)"
    assert factored(x * cos(x) - sin(x)) == x * cos(x) - sin(x)
    big = sum((x + i) * (x - i) * sin(i * x) for i in range(1, 30))
    assert size(big, 200) > 200 and factored(big) == big
    assert size(x) == 1


def test_polynomial_is_multiplied_out_only_at_modest_degree():
    assert polynomial(2 * x * (x - 1) + x**2 + 1, x) == 3 * x**2 - 2 * x + 1
    high = (x + 1) ** 20 * (x - 1)
    assert polynomial(high, x) == high
    assert polynomial(sin(x) * (x + 1), x) == sin(x) * (x + 1)
    assert degree_bound((x**2 + 1) ** 3 * y, x) == 6
    assert degree_bound(sqrt(x), x) is None


@pytest.mark.parametrize(
    "expr, want",
    [
        (Abs(x) ** 2, x**2),
        (x / Abs(x) ** 2, 1 / x),
        (x**2 / Abs(x), Abs(x)),
        (x**3 / Abs(x), x * Abs(x)),
        (Abs(x**2), x**2),
        (x / Abs(x), x / Abs(x)),
        (sin(x) + 1, sin(x) + 1),
    ],
    ids=str,
)
def test_absolute_values_tidy_over_the_reals(expr, want):
    assert tidy(expr) == want


def test_abs_results_read_as_a_teacher_writes_them():
    assert derive_step(log(Abs(x)), x).result == 1 / x
    assert derive_step(x * Abs(x), x).result == 2 * Abs(x)
    assert derive_step(x**2 * Abs(x), x).result == 3 * x * Abs(x)


def test_a_dummy_variable_works_like_a_symbol():
    d = Dummy("t")
    step = derive_step(sin(d**2), d)
    assert step.result == 2 * d * cos(d**2)


def test_sum_steps_follow_the_printed_order_of_terms():
    from sympy import Symbol

    from symtutor.derivation.engine import derive_step
    from symtutor.derivation.tidy import ordered_terms

    w, x, b, y, yhat = (Symbol(n) for n in ("w", "x", "b", "y", "yhat"))
    assert ordered_terms(b + w * x) == [w * x, b]
    assert ordered_terms(yhat - y) == [yhat, -y]
    assert ordered_terms(1 - x) == [1, -x]
    assert ordered_terms(x**3 - 4 * x + 2) == [x**3, -4 * x, 2]
    step = derive_step(3 * x + 1, x)
    assert [s.expr for s in step.substeps] == [3 * x, 1]
