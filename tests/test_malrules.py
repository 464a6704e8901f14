"""symtutor.answers.malrules: the engine with one rule swapped gives the answers learners give."""

from __future__ import annotations

import pytest
from sympy import Rational, cos, diff, exp, log, pi, sin, sqrt, symbols

from symtutor.answers.malrules import LABELS, MAL_RULES, derive_with, variants

x, y = symbols("x y")


def wrong(expr, label, var=x):
    return [w for lab, w, _ in variants(expr, var) if lab == label]


@pytest.mark.parametrize(
    ("expr", "label", "expected_wrong"),
    [
        ((3 * x + 1) ** 5, "chain_rule_inner_missing", 5 * (3 * x + 1) ** 4),
        (log(x**2 + 1), "chain_rule_inner_missing", 1 / (x**2 + 1)),
        (sin(x**2), "chain_rule_inner_missing", cos(x**2)),
        (exp(3 * x), "chain_rule_inner_missing", exp(3 * x)),
        (x**5, "power_rule_exponent_not_reduced", 5 * x**5),
        (x**5, "power_rule_coefficient_missing", x**4),
        (x**-3, "power_rule_negative_exponent", -3 / x**2),
        (x**2 + 7, "constant_derivative_nonzero", 2 * x + 1),
        (x**2 * sin(x), "product_of_derivatives", 2 * x * cos(x)),
        (x**2 + log(5), "constant_derivative_nonzero", 2 * x + Rational(1, 5)),
        (x**2 + sqrt(7), "constant_derivative_nonzero", 2 * x + 1 / (2 * sqrt(7))),
        (x**2 + exp(3), "constant_derivative_nonzero", 2 * x + 3 * exp(2)),
        (x**2 + 3 * pi, "constant_derivative_nonzero", 2 * x + 3),
        (x**2 * y + 3 * y**2, "partial_other_variable_not_constant", 2 * x * y + 6 * y),
        (cos(x), "sign_error", sin(x)),
        (x / (x + 1), "quotient_rule_denominator_not_squared", 1 / (x + 1)),
        (log(x), "log_derivative_reciprocal_of_log", 1 / log(x)),
        (log(x, 8), "log_base_missing_ln", 1 / x),
        (3 * log(x**2 + 1, 2), "log_base_missing_ln", 6 * x / (x**2 + 1)),
        (exp(x), "exp_treated_as_power", x * exp(x - 1)),
        (2**x, "exponential_missing_ln", 2**x),
        (x**x, "power_rule_on_variable_exponent", x * x ** (x - 1)),
        (x**3, "not_differentiated", x**3),
    ],
)
def test_notes_mistakes_table(expr, label, expected_wrong):
    found = wrong(expr, label)
    assert any((w - expected_wrong).expand() == 0 for w in found), found


def test_other_variables_treated_as_the_variable():
    found = wrong(x**2 * y, "partial_other_variable_not_constant")
    assert any((w - (2 * x * y + x**2)).expand() == 0 for w in found)


def test_chain_rule_dropped_at_any_depth():
    # Inside a sum and a product, every chain link loses its inner derivative.
    e = sin(x**2) + x * exp(3 * x)
    (first, *_) = wrong(e, "chain_rule_inner_missing")
    assert (first - (cos(x**2) + exp(3 * x) + x * exp(3 * x))).expand() == 0


def test_only_the_innermost_link_dropped_is_a_second_variant():
    e = sin((3 * x + 1) ** 2)
    found = wrong(e, "chain_rule_inner_missing")
    assert cos((3 * x + 1) ** 2) in found
    assert any((w - 2 * (3 * x + 1) * cos((3 * x + 1) ** 2)).expand() == 0 for w in found)


def test_priority_order_follows_the_contract():
    order = [label for label, *_ in MAL_RULES]
    first = {label: order.index(label) for label in reversed(order)}
    contract = ["chain_rule_inner_missing", "power_rule_exponent_not_reduced",
                "constant_derivative_nonzero", "product_of_derivatives",
                "partial_other_variable_not_constant", "sign_error"]
    assert [first[c] for c in contract] == sorted(first[c] for c in contract)
    assert set(order) <= set(LABELS)
    labels = [label for label, _, _ in variants((3 * x + 1) ** 5 + 7, x)]
    assert labels.index("chain_rule_inner_missing") < labels.index("power_rule_exponent_not_reduced")
    assert labels.index("constant_derivative_nonzero") < labels.index("sign_error")


def first_details(expr, var=x):
    out = {}
    for label, _, detail in variants(expr, var):
        out.setdefault(label, detail)
    return out


def test_details_point_at_the_sub_expression():
    details = first_details((3 * x + 1) ** 2)
    assert details["chain_rule_inner_missing"] == (
        "The inner function 3x + 1 has derivative 3; multiply by it (chain rule).")
    details = first_details(x**2 * y + 3 * y**2)
    assert "3y²" in details["partial_other_variable_not_constant"]
    details = first_details((3 * x + 1) ** 5)
    # The power rule applied to the outer function is described in the learner's terms.
    assert "to the power 4, not 5" in details["power_rule_exponent_not_reduced"]


def test_no_variant_equals_the_right_answer_and_none_repeat():
    for e in [(3 * x + 1) ** 2, x**2 * sin(x), x / (x + 1), x**x, exp(x), 7 + 0 * x]:
        right = diff(e, x)
        found = [w for _, w, _ in variants(e, x)]
        assert all((w - right).simplify() != 0 for w in found)
        assert len(found) == len(set(found))


def test_mal_rules_not_used_by_the_derivation_are_skipped():
    labels = {label for label, _, _ in variants(x**5, x)}
    assert "chain_rule_inner_missing" not in labels
    assert "product_of_derivatives" not in labels
    assert variants(Rational(7), x)[0][0] == "constant_derivative_nonzero"


def test_derive_with_swaps_one_rule():
    from symtutor.answers.malrules import product_of_derivatives

    assert derive_with(x**2 * exp(x), x, "product", product_of_derivatives) == 2 * x * exp(x)
