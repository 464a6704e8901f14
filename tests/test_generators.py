"""Exercise generators: reproducible, keys that agree with sympy.diff, mistakes the checker
refuses, ill-posed draws rejected, enough variety. (benchmarks/bench_generators.py runs
the same checks over 10,000 seeds per skill; here fewer, to keep the suite quick.)"""

from __future__ import annotations

import functools

import pytest

from symtutor.practice import generators as g
from symtutor.practice.generators import LEVELS, SKILLS, generate, generate_set
from symtutor.practice.text import Draw, IllPosed, decimal, group, join, term
from symtutor.practice.verify import judging_problems, key_problems

#: Seeds per skill for the sympy.diff check (levels cycle), and for the checker's judging.
SEEDS = 30
JUDGED = 6


@functools.lru_cache(maxsize=None)
def exercise(skill: str, seed: int):
    return generate(skill, 1 + seed % LEVELS[skill], seed=seed)


def test_the_skills_are_the_lessons_skills_and_every_skill_has_levels():
    assert SKILLS == ("power", "log", "constant", "constant-multiple", "sum", "chain", "product", "quotient",
                      "exp", "trig", "limit-definition", "partial", "gradient", "descent", "backprop")
    assert set(LEVELS) == set(SKILLS)
    assert LEVELS["chain"] == 3 and LEVELS["power"] == 3 and LEVELS["backprop"] == 3
    assert all(1 <= n <= 3 for n in LEVELS.values())


def test_the_same_seed_gives_the_same_exercise_and_another_seed_another():
    a, b = generate("chain", 2, seed=7), generate("chain", 2, seed=7)
    assert a == b
    assert generate("chain", 2, seed=8).problem != a.problem
    assert (a.skill, a.level, a.seed, a.kind) == ("chain", 2, 7, "derivative")


def test_a_known_seed_gives_a_known_exercise():
    ex = generate("constant", 1, seed=1)
    assert ex.problem == "16u + 96"
    assert ex.prompt == "Differentiate 16u + 96 with respect to u."
    assert ex.answer == "16"
    assert ex.wrt == "u"
    assert ("constant_derivative_nonzero", "17") in ex.mistakes
    assert ("sign_error", "-16") in ex.mistakes


@pytest.mark.parametrize("skill", SKILLS)
def test_keys_agree_with_sympy_diff_and_no_exercise_is_ill_posed(skill):
    problems = []
    for seed in range(SEEDS):
        ex = exercise(skill, seed)
        problems += [f"seed {seed}: {p}" for p in key_problems(ex)]
        if seed < JUDGED:
            problems += [f"seed {seed}: {p}" for p in judging_problems(ex)]
    assert problems == []


@pytest.mark.parametrize("skill", SKILLS)
def test_exercises_vary(skill):
    prompts = {exercise(skill, seed).prompt for seed in range(SEEDS)}
    assert len(prompts) >= 0.9 * SEEDS


@pytest.mark.parametrize("skill,label", [
    ("chain", "chain_rule_inner_missing"),
    ("power", "power_rule_exponent_not_reduced"),
    ("constant", "constant_derivative_nonzero"),
    ("product", "product_of_derivatives"),
    ("partial", "partial_other_variable_not_constant"),
    ("exp", "exp_treated_as_power"),
    ("quotient", "sign_error"),
    ("descent", "descent_step_uphill"),
    ("limit-definition", "limit_taken_too_early"),
])
def test_the_likely_mistake_of_a_skill_is_among_its_mistakes(skill, label):
    labels = [m[0] for m in generate(skill, 1, seed=3).mistakes]
    assert label in labels


def test_a_chain_exercise_names_the_wrong_answer_of_a_forgotten_inner_derivative():
    ex = generate("chain", 1, seed=0)
    wrong = dict(ex.mistakes)["chain_rule_inner_missing"]
    import symtutor

    verdict = symtutor.check(ex.problem, wrong, ex.wrt)
    assert not verdict.correct
    assert verdict.misconception == "chain_rule_inner_missing"
    assert symtutor.check(ex.problem, ex.answer, ex.wrt).correct


def test_levels_differ_in_difficulty():
    assert "^" not in generate("chain", 1, seed=2).problem.split("(", 1)[1].split(")")[0]  # linear inner
    nested = generate("chain", 3, seed=2).problem
    assert nested.count("(") >= 2
    assert "/" in generate("power", 2, seed=2).problem or "^(-" in generate("power", 2, seed=2).problem
    assert "sqrt" in generate("power", 3, seed=2).problem
    assert generate("gradient", 2, seed=2).answer.count(",") == 2


def test_value_and_vector_exercises():
    descent = generate("descent", 1, seed=5)
    assert descent.kind == "value" and descent.lr in ("0.1", "0.05", "0.01", "0.2", "0.25", "0.5")
    start = int(dict(descent.at)["w"])
    # w₁ = w₀ − η·L′(w₀), recomputed by hand from the loss a(w − c)² + d.
    import sympy

    w = sympy.Symbol("w")
    from symtutor.read.parsing import parse

    slope = sympy.diff(parse(descent.steps_expr), w).subs(w, start)
    assert sympy.Rational(descent.problem) == start - sympy.Rational(descent.lr) * slope
    gradient = generate("gradient", 1, seed=5)
    assert gradient.kind == "vector" and gradient.answer.startswith("[")
    backprop = generate("backprop", 3, seed=5)
    assert backprop.kind == "value" and backprop.definitions[0].startswith("L = ")
    assert [d.split(" = ")[0] for d in backprop.definitions] == ["L", "yhat", "z"]


def test_generate_refuses_unknown_skills_and_levels():
    with pytest.raises(ValueError, match="unknown skill"):
        generate("integration", 1, seed=0)
    with pytest.raises(ValueError, match="levels 1 to 3"):
        generate("chain", 4, seed=0)
    with pytest.raises(ValueError, match="levels 1 to 2"):
        generate("log", 0, seed=0)


def test_generate_set_is_reproducible_distinct_and_cycles_through_the_skills():
    first = generate_set(["chain", "power"], 6, seed=11)
    assert first == generate_set(["chain", "power"], 6, seed=11)
    assert [e.skill for e in first] == ["chain", "power"] * 3
    assert len({e.problem for e in first}) == 6
    capped = generate_set(["log", "chain"], 4, seed=3, level=3)
    assert [e.level for e in capped] == [2, 3, 2, 3]
    with pytest.raises(ValueError):
        generate_set([], 2, seed=1)


# -- rejection of ill-posed draws -------------------------------------------------------------


def test_a_mal_rule_that_gives_the_right_answer_is_rejected():
    # d/dx sin(x + 1): forgetting the inner derivative (1) changes nothing.
    with pytest.raises(IllPosed, match="chain_rule_inner_missing"):
        g.derivative_fields("sin(x + 1)", "x", "chain_rule_inner_missing")


def test_a_zero_derivative_is_rejected():
    with pytest.raises(IllPosed, match="derivative is 0"):
        g.derivative_fields("5 + ln(3)", "x")


def test_numbers_too_large_to_type_are_rejected():
    with pytest.raises(IllPosed, match="number"):
        g.derivative_fields("123456x^2", "x")
    with pytest.raises(IllPosed, match="characters"):
        g.derivative_fields("(x^2+1)^3*(x^3-2)^4*sin(x)*e^x", "x")


def test_a_derivative_undefined_almost_everywhere_is_rejected():
    with pytest.raises(IllPosed, match="undefined"):
        g.derivative_fields("sqrt(-x^2 - 1) + x^2", "x")


def test_a_value_mistake_within_the_rounding_of_the_key_is_rejected():
    from symtutor.practice.applied import Fields

    fields = Fields("value", "?", "1.98", "1.98", (("not_differentiated", "1.975"),), None, None)
    assert g.misjudged(fields) == ["the mistake not_differentiated (1.975) is accepted"]


def test_redraws_continue_the_same_random_stream(monkeypatch):
    calls = []
    original = g._draw

    def flaky(skill, level, draw):
        calls.append(draw.rng.random())
        if len(calls) == 1:
            raise IllPosed("first draw rejected")
        return original(skill, level, draw)

    monkeypatch.setattr(g, "_draw", flaky)
    ex = generate("power", 1, seed=4)
    assert len(calls) == 2 and calls[0] != calls[1]
    assert ex.skill == "power"


# -- text helpers -----------------------------------------------------------------------------


def test_text_helpers_write_what_a_learner_types():
    assert term(3, "x^2") == "3x^2" and term(-1, "x") == "-x" and term(1, "t") == "t"
    assert term(4, "11^u") == "4*11^u"  # not 411^u
    assert join("3x^2", "-5", "x", "") == "3x^2 - 5 + x"
    assert join() == "0"
    assert decimal(-13, 10) == "-1.3" and decimal(25, 100) == "0.25" and decimal(30, 10) == "3"
    assert group("3x - 2") == "(3x - 2)" and group("-x") == "-x"
    d = Draw(1)
    assert all(d.int(-3, 3) != 0 for _ in range(50))
    assert all(abs(d.signed(5, one=False)) >= 2 for _ in range(50))
    p, q = d.fraction(9, 5)
    assert q >= 2 and __import__("math").gcd(p, q) == 1


def test_answer_numbers_keep_their_significant_figures():
    import sympy

    from symtutor.practice.applied import number_text

    assert number_text(sympy.Rational(-7, 4)) == "-1.75"
    assert number_text(sympy.Rational(1, 3)) == "1/3"
    assert number_text(1 / (1 + sympy.exp(sympy.Rational(29, 20)))) == "0.1900"
    with pytest.raises(IllPosed):
        number_text(sympy.exp(-20))


def test_level_2_constants_look_like_functions_and_are_not_plain_numbers():
    # √16 would read as 4: the level's point, a constant that looks like a function, lost.
    from sympy import Add

    from symtutor.read.parsing import parse, parse_symbol

    for seed in range(120):
        ex = generate("constant", 2, seed=seed)
        var = parse_symbol(ex.wrt)
        constants = [t for t in Add.make_args(parse(ex.problem)) if not t.has(var)]
        assert any(not t.is_Number for t in constants), (seed, ex.problem)
        ex = generate("constant-multiple", 2, seed=seed)
        coefficient, _ = parse(ex.problem).as_independent(parse_symbol(ex.wrt))
        assert not coefficient.is_Rational, (seed, ex.problem)
