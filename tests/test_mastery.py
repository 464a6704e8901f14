"""Knowledge tracing: the update by hand, the shared parameter table, observations from the
progress database, fitting on data generated from known parameters, and the schedule."""

from __future__ import annotations

import math
import random

import pytest

from symtutor.lessons import progress
from symtutor.lessons.progress import Store
from symtutor.practice import mastery, schedule
from symtutor.practice.mastery import DEFAULT, BKTParams, fit, log_likelihood, trace, update


def test_one_update_by_hand():
    # Right: 0.2·0.9 / (0.2·0.9 + 0.8·0.2) = 0.18/0.34 = 0.52941; then + 0.47059·0.15 = 0.6.
    assert update(0.2, True) == pytest.approx(0.6)
    # Wrong: 0.2·0.1 / (0.02 + 0.8·0.8) = 0.030303; then + 0.969697·0.15 = 0.175758.
    assert update(0.2, False) == pytest.approx(0.175758, abs=1e-6)
    p = BKTParams(prior=0.5, learn=0.0, slip=0.2, guess=0.3)
    # 0.5·0.8 / (0.4 + 0.5·0.3) = 0.4/0.55 = 0.727273, and no learning.
    assert update(0.5, True, p) == pytest.approx(0.727273, abs=1e-6)


def test_three_right_answers_master_a_skill_two_do_not():
    assert trace([True, True]) == pytest.approx(0.890323, abs=1e-6)
    assert trace([True, True, True]) == pytest.approx(0.977351, abs=1e-6)
    assert not mastery.mastered(trace([True, True])) and mastery.mastered(trace([True] * 3))
    assert trace([]) == DEFAULT.prior


def test_lessons_use_the_same_table():
    assert progress.mastery([True, False, True]) == trace([True, False, True])
    assert (progress.BKT_INIT, progress.BKT_LEARN, progress.BKT_SLIP, progress.BKT_GUESS) == (0.2, 0.15, 0.1, 0.2)
    assert progress.MASTERED == mastery.MASTERED == 0.95
    assert mastery.params_for("chain") == DEFAULT
    fitted = {"chain": BKTParams(0.3, 0.1, 0.05, 0.25)}
    assert mastery.params_for("chain", fitted) == fitted["chain"]
    assert mastery.params_for("power", fitted) == DEFAULT


def test_a_misconception_belongs_to_its_skill():
    assert mastery.skill_of("chain_rule_inner_missing") == "chain"
    assert mastery.skill_of("product_of_derivatives") == "product"
    assert mastery.skill_of("power_rule_negative_exponent") == "power"
    assert mastery.skill_of("sign_error") is None
    assert mastery.skill_of(None) is None


def test_log_likelihood_by_hand():
    # P(right first) = 0.2·0.9 + 0.8·0.2 = 0.34; then P(known) = 0.6, P(wrong) = 1 − (0.54 + 0.08) = 0.38.
    assert log_likelihood([[True]], DEFAULT) == pytest.approx(math.log(0.34))
    assert log_likelihood([[True, False]], DEFAULT) == pytest.approx(math.log(0.34) + math.log(0.38))


def _simulate(p: BKTParams, learners: int, length: int, seed: int) -> list[list[bool]]:
    rng = random.Random(seed)
    out = []
    for _ in range(learners):
        known = rng.random() < p.prior
        seq = []
        for _ in range(length):
            seq.append(rng.random() < (1 - p.slip if known else p.guess))
            known = known or rng.random() < p.learn
        out.append(seq)
    return out


def test_fit_recovers_the_parameters_that_generated_the_data():
    truth = BKTParams(prior=0.35, learn=0.2, slip=0.08, guess=0.25)
    data = _simulate(truth, learners=300, length=12, seed=1)
    got = fit(data)
    assert got.prior == pytest.approx(truth.prior, abs=0.08)
    assert got.learn == pytest.approx(truth.learn, abs=0.06)
    assert got.slip == pytest.approx(truth.slip, abs=0.04)
    assert got.guess == pytest.approx(truth.guess, abs=0.06)
    assert log_likelihood(data, got) >= log_likelihood(data, truth)


def test_observations_merge_lesson_results_and_practice_answers(tmp_path):
    with Store(tmp_path / "p.db") as store:
        store.finish_exercise("rules", "a", "solved", skills=["power"])
        store.record_attempt("practice", "chain/1/5", "cos(3x)", correct=False,
                             misconception="chain_rule_inner_missing", skills=["chain"])
        store.record_observation("chain", False, exercise="chain/1/5", misconception="chain_rule_inner_missing")
        store.record_observation("power", True, exercise="power/1/2")
        store.finish_exercise("practice", "power/1/2", "solved", skills=["power"])
        obs = mastery.observations(store)
        assert obs == {"power": [True, True], "chain": [False]}
        est = mastery.estimates(store)
        assert est["power"] == pytest.approx(0.890323, abs=1e-6)
        assert est["chain"] == pytest.approx(0.175758, abs=1e-6)
        assert store.misconception_counts() == [("chain_rule_inner_missing", 1)]


def test_fit_store_saves_fits_that_estimates_then_use(tmp_path):
    data = _simulate(BKTParams(0.3, 0.3, 0.1, 0.2), learners=1, length=40, seed=3)[0]
    with Store(tmp_path / "p.db") as store:
        for correct in data:
            store.record_observation("sum", correct)
        store.record_observation("log", True)
        report = mastery.fit_store(store)
        assert report["log"]["params"] is None and report["log"]["observations"] == 1
        params = report["sum"]["params"]
        assert isinstance(params, BKTParams)
        assert report["sum"]["log_likelihood"][1] >= report["sum"]["log_likelihood"][0]
        assert store.fitted_params() == {"sum": params}
        assert mastery.estimates(store)["sum"] == pytest.approx(trace(data, params))


# -- the schedule -------------------------------------------------------------------------------


def test_a_new_learner_starts_with_power_and_a_worked_example():
    choice = schedule.choose({}, {}, {}, now=0)
    assert (choice.skill, choice.level, choice.review, choice.worked_first, choice.hidden) == \
        ("power", 1, False, True, 1)
    assert "lowest" in choice.reason and "ready for" in choice.reason


def test_the_lowest_mastery_among_ready_skills_is_chosen_and_prerequisites_gate():
    known = {"power": 0.97, "constant": 0.5}
    choice = schedule.choose(known, {"power": 5, "constant": 3}, {}, now=0)
    # log is ready (power mastered) and at 0.2, below constant's 0.5; chain is ready too, but later.
    assert choice.skill == "log"
    assert not schedule.ready("product", known)  # needs sum
    assert schedule.ready("chain", known)
    assert "power is mastered" in schedule.choose({"power": 0.97, "constant": 0.97, "log": 0.97}, {}, {},
                                                  now=0).reason


def test_fading_goes_from_a_worked_example_to_hiding_one_then_two_steps_then_none():
    assert schedule.fading(0, 0.2) == (True, 1)
    assert schedule.fading(1, 0.3) == (False, 2)
    assert schedule.fading(2, 0.3) == (False, None)
    assert schedule.fading(0, 0.7) == (False, None)


def test_levels_rise_with_mastery():
    assert [schedule.level_for("chain", p) for p in (0.1, 0.4, 0.7, 0.96)] == [1, 2, 3, 3]
    assert schedule.level_for("log", 0.5) == 2


def test_a_due_review_comes_first_but_never_twice_in_a_row():
    known = {"power": 0.98, "constant": 0.98}
    reviews = {"power": (1, schedule.iso(100))}
    first = schedule.choose(known, {}, reviews, now=200)
    assert first.skill == "power" and first.review and "box 1" in first.reason
    second = schedule.choose(known, {}, reviews, now=200, last_was_review=True)
    assert not second.review
    not_due = schedule.choose(known, {}, reviews, now=50)
    assert not not_due.review


def test_leitner_boxes_move_up_on_success_and_back_to_one_on_a_miss():
    assert schedule.first_review(0) == (1, schedule.iso(600))
    assert schedule.reviewed(1, True, 0) == (2, schedule.iso(86_400))
    assert schedule.reviewed(5, True, 0) == (5, schedule.iso(21 * 86_400))
    assert schedule.reviewed(3, False, 0) == (1, schedule.iso(600))


def test_a_skill_missed_three_times_in_a_row_rests_for_a_while():
    history = [("power", True), ("chain", False), ("chain", False), ("chain", False)]
    assert schedule.resting(history) == {"chain"}
    assert schedule.resting(history + [("log", True)] * 5) == set()
    assert schedule.resting(history[:3]) == set()
    known = {"power": 0.97, "constant": 0.97, "chain": 0.05}
    choice = schedule.choose(known, {}, {}, now=0, rest={"chain"})
    assert choice.skill != "chain" and "chain is set aside" in choice.reason


def test_practice_stays_with_a_skill_until_it_is_mastered():
    known = {"power": 0.6, "constant": 0.2}
    stay = schedule.choose(known, {"power": 1}, {}, now=0, current="power")
    assert stay.skill == "power" and stay.reason == "Still power: mastery 0.60; practising it until it reaches 0.95."
    assert schedule.choose(known, {"power": 1}, {}, now=0).skill == "constant"
    assert schedule.choose(known, {}, {}, now=0, current="power", rest={"power"}).skill == "constant"
