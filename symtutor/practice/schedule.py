"""What to practise next, and why: prerequisites, mastery, spaced review, fading.

- A skill is *ready* when every prerequisite in `PREREQUISITES` is mastered.
- New practice goes to the ready, unmastered skill with the lowest mastery, and stays
  with it until it is mastered (or set aside, below).
- Mastered skills come back for review on a Leitner schedule: a skill enters box 1
  when it is first mastered; a review answered right at the first try moves it up a
  box, anything else sends it back to box 1. `INTERVALS` gives each box's wait. A due
  review is served before new practice, but never two reviews in a row while new
  practice remains, so reviews are mixed in rather than piled up.
- A skill missed (answer shown or skipped) `STUCK_AFTER` exercises in a row is set aside for
  `REST` exercises of other skills (wheel-spinning, Beck & Gong 2013: more of the same
  rarely helps then); it comes back afterwards, or at once if nothing else is left.
- Worked examples fade (backward fading, Renkl & Atkinson 2003): a skill's first
  practice opens with a full worked example; its first exercise then shows the worked
  solution with the last step left to the learner, the next with the last two, and
  from then on (or once mastery is 0.6) none.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from symtutor.practice.mastery import MASTERED

#: skill -> the skills it builds on (a small graph, following the lessons' order).
PREREQUISITES: dict[str, tuple[str, ...]] = {
    "power": (),
    "constant": (),
    "constant-multiple": ("power",),
    "sum": ("power", "constant"),
    "log": ("power",),
    "exp": ("power",),
    "trig": ("power",),
    "limit-definition": ("power",),
    "chain": ("power",),
    "product": ("power", "sum"),
    "quotient": ("product",),
    "partial": ("power", "sum"),
    "gradient": ("partial",),
    "descent": ("chain",),
    "backprop": ("chain", "partial"),
}

#: Leitner box -> seconds until the next review (10 minutes, 1 day, 3, 7, 21 days).
INTERVALS = {1: 600, 2: 86_400, 3: 3 * 86_400, 4: 7 * 86_400, 5: 21 * 86_400}
#: Exercises in a row not solved (answer shown, or skipped) before a skill is set aside, and for how
#: many exercises of other skills.
STUCK_AFTER = 3
REST = 5
#: Mastery from which a skill's exercises are served without any worked steps.
NO_FADING_FROM = 0.6


@dataclass(frozen=True, slots=True)
class Choice:
    """The next exercise's skill and level, and the reason, in a sentence for the learner.

    Attributes:
        review: a spaced review of a mastered skill.
        worked_first: show a full worked example before the exercise.
        hidden: how many final steps of the worked solution the learner fills in
            (None: no worked steps shown at all).
    """

    skill: str
    level: int
    reason: str
    review: bool = False
    worked_first: bool = False
    hidden: int | None = None


def iso(seconds: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def wait_words(seconds: float) -> str:
    """A wait in words: "10 minutes", "5 hours", "1 day", "21 days"."""
    seconds = max(0.0, float(seconds))
    if seconds < 3570:
        minutes = max(1, round(seconds / 60))
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    if seconds < 84_600:
        hours = round(seconds / 3600)
        return f"{hours} hour{'s' if hours != 1 else ''}"
    days = round(seconds / 86_400)
    return f"{days} day{'s' if days != 1 else ''}"


def review_words(due: str, now: float | None = None) -> str:
    """When a mastered skill's review is: "due now" or "in 3 days"."""
    import calendar

    now = time.time() if now is None else now
    left = calendar.timegm(time.strptime(due, "%Y-%m-%dT%H:%M:%SZ")) - now
    return "due now" if left <= 0 else f"in {wait_words(left)}"


def ready(skill: str, known: Mapping[str, float]) -> bool:
    return all(known.get(p, 0.0) >= MASTERED for p in PREREQUISITES.get(skill, ()))


def level_for(skill: str, known: float) -> int:
    """Harder levels as mastery grows: level k of n from mastery (k − 1)/n · 0.95 on."""
    from symtutor.practice.generators import LEVELS

    n = LEVELS[skill]
    return min(n, 1 + int(known / MASTERED * n)) if known < MASTERED else n


def fading(practised: int, known: float) -> tuple[bool, int | None]:
    """(worked example first?, steps hidden) for a skill practised `practised` times."""
    if known >= NO_FADING_FROM or practised >= 2:
        return False, None
    return practised == 0, practised + 1


def resting(history: Sequence[tuple[str, bool]]) -> set[str]:
    """Skills set aside for now, from the practice history [(skill, solved), ...]."""
    out = set()
    for skill in {s for s, _ in history}:
        positions = [i for i, (s, _) in enumerate(history) if s == skill]
        streak = 0
        for i in reversed(positions):
            if history[i][1]:
                break
            streak += 1
        if streak >= STUCK_AFTER and len(history) - 1 - positions[-1] < REST:
            out.add(skill)
    return out


def choose(known: Mapping[str, float], practised: Mapping[str, int], reviews: Mapping[str, tuple[int, str]],
           *, now: float | None = None, last_was_review: bool = False, skill: str | None = None,
           rest: set[str] = frozenset(), current: str | None = None) -> Choice:
    """The next exercise.

    Args:
        known: skill -> P(known) (skills never practised may be missing: 0.2 is assumed).
        practised: skill -> how many exercises of it have been finished.
        reviews: skill -> (Leitner box, due time as ISO text).
        skill: the learner's own choice (``--skill``), honoured whatever the schedule says.
        rest: skills set aside for now (`resting`).
        current: the skill of the last new-practice exercise: practice stays with it until
            it is mastered.
    """
    from symtutor.practice.generators import SKILLS
    from symtutor.practice.mastery import PARAMS

    now = time.time() if now is None else now
    p = {s: known.get(s, PARAMS[s].prior) for s in SKILLS}
    if skill is not None:
        return _new(skill, p[skill], practised.get(skill, 0), f"You chose {skill} (mastery {p[skill]:.2f}).")
    due = sorted((d, s) for s, (box, d) in reviews.items() if d <= iso(now) and p.get(s, 0) >= MASTERED)
    pending = [s for s in SKILLS if p[s] < MASTERED and ready(s, p)]
    if due and (not last_was_review or not pending):
        s = due[0][1]
        box = reviews[s][0]
        return Choice(s, level_for(s, p[s]), f"Review: you mastered {s}, and it is due again (Leitner box "
                      f"{box}); a review keeps it from fading.", review=True)
    if current in pending and current not in rest:
        return _new(current, p[current], practised.get(current, 0),
                    f"Still {current}: mastery {p[current]:.2f}; practising it until it reaches {MASTERED}.")
    if pending:
        fresh = [name for name in pending if name not in rest] or pending
        s = min(fresh, key=lambda name: (p[name], SKILLS.index(name)))
        why = _why(s, p, fresh)
        aside = sorted(set(pending) - set(fresh))
        if aside:
            why += (f" ({', '.join(aside)} is set aside for a few exercises after {STUCK_AFTER} misses in a row;"
                    " it comes back soon.)")
        return _new(s, p[s], practised.get(s, 0), why)
    if reviews:
        s = min(reviews, key=lambda name: reviews[name][1])
        return Choice(s, level_for(s, p[s]), f"Every skill is mastered; reviewing {s} early, the next one due.",
                      review=True)
    s = min(SKILLS, key=lambda name: p[name])
    return _new(s, p[s], practised.get(s, 0), f"Practising {s}, your lowest mastery ({p[s]:.2f}).")


def _new(skill: str, known: float, practised: int, reason: str) -> Choice:
    worked, hidden = fading(practised, known)
    return Choice(skill, level_for(skill, known), reason, worked_first=worked, hidden=hidden)


def _why(skill: str, p: Mapping[str, float], pending: list[str]) -> str:
    """"chain: mastery 0.20, the lowest of the skills you are ready for (needs power: mastered)."""
    needs = PREREQUISITES.get(skill, ())
    after = f" Its prerequisite{'s' if len(needs) > 1 else ''} {', '.join(needs)} " \
            f"{'are' if len(needs) > 1 else 'is'} mastered." if needs else ""
    if len(pending) == 1:
        return f"Practising {skill} (mastery {p[skill]:.2f}): the one skill you are ready for now.{after}"
    return (f"Practising {skill}: mastery {p[skill]:.2f}, the lowest of the {len(pending)} skills you are "
            f"ready for.{after}")


def reviewed(box: int, first_try: bool, now: float | None = None) -> tuple[int, str]:
    """(new box, next due time) after a review: up a box when right at the first try, else box 1."""
    now = time.time() if now is None else now
    box = min(box + 1, max(INTERVALS)) if first_try else 1
    return box, iso(now + INTERVALS[box])


def first_review(now: float | None = None) -> tuple[int, str]:
    """(box 1, due time) for a skill just mastered."""
    now = time.time() if now is None else now
    return 1, iso(now + INTERVALS[1])
