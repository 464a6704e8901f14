"""symtutor.answers.mistakes: one catalogue row per mistake, read by checker, verdict and summary."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from sympy import cos, exp, log, sin, symbols

from symtutor.answers import malrules, mistakes
from symtutor.answers.checking import check
from symtutor.answers.mistakes import MISTAKES, by_label, skill_of

x, y = symbols("x y")
ROOT = Path(__file__).resolve().parent.parent

#: DESIGN.md's labels, in its priority order.
CONTRACT = ["chain_rule_inner_missing", "power_rule_exponent_not_reduced",
            "power_rule_coefficient_missing", "constant_derivative_nonzero",
            "product_of_derivatives", "partial_other_variable_not_constant", "sign_error",
            "integrated_instead"]


def test_every_contract_label_is_one_row_in_the_contracts_order():
    labels = [m.label for m in MISTAKES]
    assert len(labels) == len(set(labels))
    assert [labels.index(c) for c in CONTRACT] == sorted(labels.index(c) for c in CONTRACT)
    # "then any others": nothing outside the contract list comes before integrated_instead
    # except the other power_rule_* label.
    ahead = labels[: labels.index("integrated_instead")]
    assert set(ahead) - set(CONTRACT) == {"power_rule_negative_exponent"}


def test_lookup_and_skills():
    assert by_label("chain_rule_inner_missing").skill == "chain"
    assert by_label("no_such_label") is None and by_label(None) is None
    assert skill_of("chain_rule_inner_missing") == "chain"
    assert skill_of("power_rule_coefficient_missing") == "power"
    assert skill_of("constant_derivative_nonzero") == "constant"
    assert skill_of("partial_other_variable_not_constant") == "partial"
    assert skill_of("quotient_rule_order_swapped") == "quotient"
    assert skill_of("sign_error") is None
    assert skill_of("made_up") is None


def test_a_missing_inner_derivative_in_a_product_is_a_chain_failure():
    v = check("x^2 sin(3x)", "2x sin(3x) + x^2 cos(3x)")
    assert v.misconception == "chain_rule_inner_missing"
    assert skill_of(v.misconception) == "chain"


def test_skills_are_the_lessons_skills_or_named_rules():
    used = set()
    for path in (ROOT / "lessons").glob("*.toml"):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        used |= set(data["lesson"].get("skills", []))
        for item in data.get("items", []):
            used |= set(item.get("skills", []))
    assert {"chain", "power", "partial"} <= used
    # Rules no lesson practises yet keep the engine's rule name, hyphenated.
    extra = {"product", "quotient", "log-differentiation"}
    for m in MISTAKES:
        assert m.skill is None or m.skill in used | extra, m.label


def test_twins_name_existing_buggy_rules_and_rules():
    from symtutor.derivation.rules import RULES

    for m in MISTAKES:
        for twin in m.twins:
            assert twin.buggy in malrules.BUGGY, twin.key
            assert twin.rule is None or twin.rule in RULES, twin.key
        assert m.twins or m.test, m.label  # each mistake says how it is recognised


def test_the_malrule_views_come_from_the_catalogue():
    assert malrules.LABELS == tuple(m.label for m in MISTAKES if m.twins)
    assert [row[0] for row in malrules.MAL_RULES] == [m.label for m in MISTAKES for _ in m.twins]


@pytest.mark.parametrize("label", [m.label for m in MISTAKES])
def test_every_template_fills(label):
    m = by_label(label)
    for case, template in m.templates.items():
        slots = {name: "X" for name in _slot_names(template)}
        text = m.feedback(case, **slots)
        assert "{" not in text and text.endswith(".")


def _slot_names(template):
    import string

    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


def test_feedback_is_the_catalogues_template():
    details = {label: d for label, _, d in malrules.variants((3 * x + 1) ** 2, x)}
    assert details["chain_rule_inner_missing"] == mistakes.feedback(
        "chain_rule_inner_missing", u="3x + 1", du="3")
    v = check("cos(x)", "sin(x)")
    assert v.misconception == "sign_error"
    assert v.feedback == by_label("sign_error").templates["trig"]
    v = check("x^2", "x^3/3")
    assert v.feedback == mistakes.feedback("integrated_instead")
    v = check("x^3", "6x^2")
    assert v.misconception == "constant_factor_mismatch"
    assert v.feedback == mistakes.feedback("constant_factor_mismatch", factor="2",
                                           what="the derivative")


def test_every_label_the_checker_gives_is_in_the_catalogue():
    cases = [("(3x+1)^2", "2(3x+1)"), ("x^5", "5x^5"), ("x^2 + 7", "2x + 1"),
             ("x^2 sin(x)", "2x cos(x)"), ("cos(x)", "sin(x)"), ("x^2", "x^3/3"),
             ("x/(x+1)", "1/(x+1)"), ("ln(x)", "1/ln(x)"), ("e^x", "x e^(x-1)"),
             ("2^x", "2^x"), ("x^x", "x x^(x-1)"), ("x^3", "x^3"), ("x^3", "6x^2")]
    for problem, answer in cases:
        label = check(problem, answer).misconception
        assert by_label(label) is not None, (problem, answer, label)
    assert check("x^2 y", "x^2", wrt="x").misconception == "differentiated_wrong_variable"
    assert check("2.808", "2.8", kind="value").misconception == "too_few_significant_figures"
    assert check("[7, 8]", "[8, 7]", kind="vector").misconception == "components_swapped"


def test_words_and_summary_names():
    from symtutor.render.verdict import label_words

    assert label_words("sign_error") == by_label("sign_error").words == "sign error"
    assert label_words("some_new_label") == "some new label"
    assert mistakes.summary_name("sign_error") == "sign_error"
    assert mistakes.summary_name("unknown_label") == "unknown_label"


def test_reading_the_catalogue_does_not_import_sympy():
    code = ("import sys, symtutor.answers.mistakes as m; m.words('sign_error'); "
            "print('sympy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"


def test_variants_use_every_twin_somewhere():
    exprs = [(3 * x + 1) ** 5 + 7, x**2 * sin(x), x / (x + 1) + x**2, x**x, exp(x), 2**x, log(x),
             cos(x), x**-3, x**2 * y + 3 * y**2, sin((3 * x + 1) ** 2), log(x, 8)]
    labels = set()
    for e in exprs:
        labels |= {label for label, _, _ in malrules.variants(e, x)}
    assert labels == set(malrules.LABELS)
