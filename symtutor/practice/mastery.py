"""Mastery per skill: Bayesian knowledge tracing (Corbett & Anderson 1995).

Each skill is a hidden state, known or not. Four parameters per skill:

=========  =====================================================  =======
parameter  meaning                                                default
=========  =====================================================  =======
prior      P(known) before the first observation                   0.20
learn      P(not known → known) after each opportunity             0.15
slip       P(wrong answer | known)                                 0.10
guess      P(right answer | not known)                             0.20
=========  =====================================================  =======

These are the textbook defaults (as in pyBKT's starting values), for every skill in
`PARAMS`; ``symtutor practice fit`` replaces them with values fitted to the learner's
own history (stored in the progress database, used from then on). A skill counts as
mastered at P(known) ≥ `MASTERED` = 0.95: from the defaults, three right answers in a
row reach it (0.20 → 0.60 → 0.89 → 0.98).

What counts as an observation (see `observations`): every judged answer of
``symtutor practice`` (right without a hint: a success of the exercise's skill; right
after a hint: nothing; wrong: a failure of
the skill its diagnosed misconception belongs to — a forgotten inner derivative is a
chain-rule failure even inside a product-rule exercise — or of the exercise's skill
when no misconception is named); a bottom-out hint, ``steps`` or ``skip`` is a failure.
Finished lesson exercises count once each, as in the lessons' own summary: a success
when solved at the first attempt without help.

`fit` estimates the parameters by maximum likelihood with coordinate-wise grid search
(each parameter in turn over a grid, the others held, until nothing changes; a coarse
grid first, then a fine one around its result):
the forward algorithm gives the exact likelihood of every learner's sequence, so no
EM approximation is needed, and the grid keeps slip and guess in the identifiable
region (guess < 0.5, slip < 0.5) where "known" means more right answers.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

MASTERED = 0.95


@dataclass(frozen=True, slots=True)
class BKTParams:
    """The four knowledge-tracing parameters of one skill (see the module docstring)."""

    prior: float
    learn: float
    slip: float
    guess: float


DEFAULT = BKTParams(prior=0.2, learn=0.15, slip=0.1, guess=0.2)

#: skill -> parameters: the one table, used by lessons and practice alike.
PARAMS: dict[str, BKTParams] = {
    skill: DEFAULT
    for skill in ("power", "log", "constant", "constant-multiple", "sum", "chain", "product", "quotient",
                  "exp", "trig", "limit-definition", "partial", "gradient", "descent", "backprop",
                  "evaluate", "learning-rate")
}

def skill_of(label: str | None) -> str | None:
    """The skill a misconception label is a failure of (from the mistake catalogue), or None
    for a general slip (sign_error, a constant factor, ...), which then counts against the
    exercise's skill."""
    from symtutor.answers.mistakes import skill_of as catalogue_skill

    return catalogue_skill(label) if label else None


def params_for(skill: str, fitted: Mapping[str, BKTParams] | None = None) -> BKTParams:
    """The parameters in use for `skill`: fitted ones when there are, else the table's."""
    if fitted and skill in fitted:
        return fitted[skill]
    return PARAMS.get(skill, DEFAULT)


def update(known: float, correct: bool, p: BKTParams = DEFAULT) -> float:
    """P(known) after one observation: Bayes' rule on the answer, then the chance to learn."""
    if correct:
        evidence = known * (1 - p.slip)
        known = evidence / (evidence + (1 - known) * p.guess)
    else:
        evidence = known * p.slip
        known = evidence / (evidence + (1 - known) * (1 - p.guess))
    return known + (1 - known) * p.learn


def trace(observations: Iterable[bool], p: BKTParams = DEFAULT) -> float:
    """P(known) after a sequence of observations (True = right), starting from the prior."""
    known = p.prior
    for correct in observations:
        known = update(known, correct, p)
    return known


def mastered(known: float) -> bool:
    return known >= MASTERED


# -- where the observations come from -------------------------------------------------------


def observations(store) -> dict[str, list[bool]]:
    """skill -> its observations, oldest first: finished lesson exercises, then practice.

    Args:
        store: an open `symtutor.lessons.progress.Store`, or None (no history yet).
    """
    out: dict[str, list[bool]] = {}
    if store is None:
        return out
    events: list[tuple[str, int, str, bool]] = []
    for i, result in enumerate(store.results()):
        if result["lesson"] == PRACTICE:
            continue  # practice answers are observed one by one, below
        first_try = result["outcome"] == "solved" and result["attempts"] <= 1
        for skill in result["skills"]:
            events.append((result["at"], i, skill, first_try))
    for i, row in enumerate(store.observations()):
        events.append((row["at"], 10**9 + i, row["skill"], row["correct"]))
    for _, _, skill, correct in sorted(events):
        out.setdefault(skill, []).append(correct)
    return out


#: The `lesson` name practice exercises are stored under in the progress tables.
PRACTICE = "practice"


def estimates(store, fitted: Mapping[str, BKTParams] | None = None) -> dict[str, float]:
    """skill -> P(known) now, for every skill with at least one observation."""
    if fitted is None and store is not None:
        fitted = store.fitted_params()
    return {skill: trace(obs, params_for(skill, fitted)) for skill, obs in observations(store).items()}


# -- fitting ----------------------------------------------------------------------------------

#: Ranges searched by `fit` (inclusive): a coarse grid, then a fine one around the best.
RANGES = {"prior": (0.01, 0.99), "learn": (0.01, 0.6), "slip": (0.01, 0.45), "guess": (0.01, 0.45)}
STEPS = (0.05, 0.01)
#: Sequences with fewer observations than this in all are not fitted (defaults stay).
MIN_OBSERVATIONS = 30


def log_likelihood(sequences: Sequence[Sequence[bool]], p: BKTParams) -> float:
    """log P(every sequence | p), by the forward algorithm (exact for BKT's two states)."""
    total = 0.0
    for seq in sequences:
        known = p.prior
        for correct in seq:
            right = known * (1 - p.slip) + (1 - known) * p.guess
            prob = right if correct else 1 - right
            total += math.log(max(prob, 1e-300))
            known = update(known, correct, p)
    return total


def fit(sequences: Sequence[Sequence[bool]], start: BKTParams = DEFAULT, rounds: int = 6) -> BKTParams:
    """Maximum-likelihood parameters for `sequences` (one per learner, or per skill run).

    Coordinate-wise grid search: each parameter in turn is set to the grid value that
    maximises the likelihood with the others held, until a round changes nothing; first
    on a grid of step 0.05 over each whole range, then of step 0.01 around the result.
    """
    best, best_ll = start, log_likelihood(sequences, start)
    previous = None
    for step in STEPS:
        for _ in range(rounds):
            changed = False
            for name, (lo, hi) in RANGES.items():
                if previous is not None:  # the fine grid: one coarse step either side
                    centre = getattr(best, name)
                    lo, hi = max(lo, centre - previous), min(hi, centre + previous)
                for k in range(int(round((hi - lo) / step)) + 1):
                    candidate = replace(best, **{name: round(lo + k * step, 4)})
                    ll = log_likelihood(sequences, candidate)
                    if ll > best_ll + 1e-9:
                        best, best_ll, changed = candidate, ll, True
            if not changed:
                break
        previous = step
    return best


def fit_store(store) -> dict[str, dict[str, Any]]:
    """Fit every skill with enough observations in `store`, save the fits, and report.

    Returns:
        skill -> {"observations": n, "params": BKTParams or None (not enough data),
        "log_likelihood": before and after, as a pair}.
    """
    report: dict[str, dict[str, Any]] = {}
    for skill, obs in observations(store).items():
        before = params_for(skill)
        entry: dict[str, Any] = {"observations": len(obs), "params": None,
                                 "log_likelihood": (log_likelihood([obs], before), None)}
        if len(obs) >= MIN_OBSERVATIONS:
            params = fit([obs], before)
            store.save_fitted_params(skill, params, len(obs))
            entry["params"] = params
            entry["log_likelihood"] = (entry["log_likelihood"][0], log_likelihood([obs], params))
        report[skill] = entry
    return report
