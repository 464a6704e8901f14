"""Exercise generators, one per lesson skill: ``generate("chain", 2, seed=7)``.

Every random choice comes from ``random.Random(seed)``, so a seed reproduces its
exercise exactly (``--seed N`` reproduces a whole set). The problem is written as
text a learner would type and read back by our parser; its key is computed by the
engine (`symtutor.derivation`), its likely mistakes by the mal-rules
(`symtutor.answers.malrules.variants`). A draw is rejected and the next one from the
same generator tried (up to `MAX_DRAWS`) when the exercise is ill-posed:

- a mal-rule gives the right answer (the exercise could not tell them apart);
- the derivative is 0 by accident;
- a number in the answer is too large to type (`MAX_NUMBER`, `MAX_ANSWER_CHARS`);
- the answer is undefined at too many sample points, or at the exercise's point.

Skills and levels (`LEVELS` counts them):

=================  =========================================================
power              1 a·xⁿ + b·xᵐ; 2 negative exponents; 3 roots, fractional exponents
log                1 a·ln x + …; 2 ln(kx), log to base k
constant           1 a·x + c; 2 constants that look like functions (ln 5, e³, π)
constant-multiple  1 a fraction times xⁿ; 2 a constant like 2π times a function
sum                1 four polynomial terms; 2 three of sin, eˣ, ln, xⁿ
chain              1 linear inner; 2 polynomial inner; 3 nested twice
product            1 polynomial · function; 2 f(ax)·g(bx); 3 three factors
quotient           1 (ax + b)/(cx + d); 2 function or polynomial over a quadratic
exp                1 a·eˣ + …; 2 a·kˣ (the factor ln k)
trig               1 sin, cos and x; 2 with tan
limit-definition   (f(x + h) − f(x))/h simplified: 1 quadratic; 2 cubic
partial            1 polynomial in two variables; 2 with e, sin, ln factors
gradient           ∇f at an integer point: 1 two variables; 2 three
descent            w after one step: 1 a shifted parabola; 2 a squared polynomial
backprop           z = wx + b, ŷ = act(z), L = c(ŷ − y)²: 1 ∂L/∂ŷ; 2 ∂ŷ/∂w; 3 ∂L/∂w
=================  =========================================================
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from symtutor.practice.applied import APPLIED, Fields
from symtutor.practice.drills import DRILLS, SIGNATURES
from symtutor.practice.skills import SKILLS  # re-exported: generators.SKILLS
from symtutor.practice.text import Draw, IllPosed

LEVELS: dict[str, int] = {skill: (DRILLS.get(skill) or APPLIED[skill])[1] for skill in SKILLS}

#: Draws tried before giving up (rejections are rare: a few per hundred).
MAX_DRAWS = 100
#: Largest numerator or denominator in an answer a learner has to type.
MAX_NUMBER = 9999
#: Longest answer (as typed) an exercise may expect.
MAX_ANSWER_CHARS = 72


@dataclass(frozen=True, slots=True)
class Exercise:
    """One generated exercise; `generate(skill, level, seed=seed)` makes it again.

    Attributes:
        skill, level, seed: what made it.
        kind: the checker's kind ("derivative", "value", "vector", "expr").
        prompt: the question in words, with the expression as it reads.
        problem: what ``symtutor.check(problem, answer, wrt=wrt, kind=kind)`` judges against.
        wrt: the variable (derivative kind; for value kinds, the variable of `steps_expr`).
        answer: one accepted answer, as a learner would type it.
        mistakes: (misconception label, the wrong answer it produces), from the mal-rules.
        steps_expr: the expression whose derivation is the worked solution, if any.
        at: the point where `steps_expr`'s derivative is taken (value and vector kinds);
            for backprop every number of the network (w, x, b, y, and ŷ at level 1).
        lr: the learning rate (descent).
        definitions: backprop's network as definitions, output first ("L = (yhat - y)^2", ...).
    """

    skill: str
    level: int
    seed: int
    kind: str
    prompt: str
    problem: str
    wrt: str | None
    answer: str
    mistakes: tuple[tuple[str, str], ...]
    steps_expr: str | None
    at: tuple[tuple[str, str], ...] = ()
    lr: str | None = None
    definitions: tuple[str, ...] = ()


def generate(skill: str, level: int = 1, *, seed: int) -> Exercise:
    """The exercise for `skill` at `level` drawn from `seed`.

    Raises:
        ValueError: an unknown skill, or a level outside 1..LEVELS[skill].
        RuntimeError: no well-posed exercise in `MAX_DRAWS` draws (a generator bug).
    """
    if skill not in LEVELS:
        raise ValueError(f"unknown skill {skill!r} (skills: {', '.join(SKILLS)})")
    if not 1 <= level <= LEVELS[skill]:
        raise ValueError(f"skill {skill} has levels 1 to {LEVELS[skill]}, not {level}")
    draw = Draw(seed)
    reasons = []
    for _ in range(MAX_DRAWS):
        try:
            fields = _draw(skill, level, draw)
        except IllPosed as exc:
            reasons.append(str(exc))
            continue
        return Exercise(skill, level, seed, fields.kind, fields.prompt, fields.problem, fields.wrt,
                        fields.answer, fields.mistakes, fields.steps_expr, fields.at, fields.lr,
                        fields.definitions)
    raise RuntimeError(f"no well-posed {skill} exercise at level {level} from seed {seed}: {reasons[-1]}")


def generate_set(skills: Sequence[str], count: int, *, seed: int, level: int | None = None) -> list[Exercise]:
    """`count` different exercises, cycling through `skills`, reproducible from `seed`.

    Args:
        level: every exercise at this level (capped at each skill's highest); None draws
            a level per exercise.
    """
    if not skills:
        raise ValueError("no skills to draw exercises from")
    rng = random.Random(seed)
    out: list[Exercise] = []
    seen: set[tuple[str, str]] = set()
    for i in range(count):
        skill = skills[i % len(skills)]
        for _ in range(MAX_DRAWS):
            lvl = min(level, LEVELS.get(skill, 1)) if level is not None else rng.randint(1, LEVELS.get(skill, 1))
            exercise = generate(skill, lvl, seed=rng.randrange(2**31))
            if (exercise.skill, exercise.problem) not in seen:
                break
        seen.add((exercise.skill, exercise.problem))
        out.append(exercise)
    return out


def _draw(skill: str, level: int, draw: Draw) -> Fields:
    if skill in APPLIED:
        fields = APPLIED[skill][0](draw, level)
        _check_typable(fields.answer)
        problems = misjudged(fields)
        if problems:
            raise IllPosed(problems[0])
        return fields
    problem, wrt = DRILLS[skill][0](draw, level)
    return derivative_fields(problem, wrt, SIGNATURES.get(skill))


def derivative_fields(problem: str, wrt: str, signature: str | None = None) -> Fields:
    """A derivative exercise's fields: its key from the engine, its mistakes from the mal-rules.

    Args:
        signature: a misconception the exercise must be able to tell from the right answer.

    Raises:
        IllPosed: see the module docstring.
    """
    from symtutor.derivation.engine import derive_step
    from symtutor.errors import NoRuleError
    from symtutor.notation.mathfmt import plain
    from symtutor.read.parsing import parse, parse_symbol, reading

    expr, var = parse(problem), parse_symbol(wrt)
    try:
        step = derive_step(expr, var)
    except NoRuleError as exc:
        raise IllPosed(str(exc)) from None
    key = step.result
    if key == 0:
        raise IllPosed("the derivative is 0")
    answer = plain(key)
    _check_typable(answer, key)
    mistakes = _distinct_mistakes(expr, var, step, key)
    if signature and signature not in {label for label, _ in mistakes}:
        # variants() leaves out a wrong answer equal to the right one: sin(x + 1) forgotten
        # inner derivative is still cos(x + 1).
        raise IllPosed(f"the mistake {signature} gives the right answer here, or cannot be made")
    shown = reading(problem)
    if len(expr.free_symbols) > 1:
        names = ", ".join(sorted(s.name for s in expr.free_symbols))
        prompt = f"Find ∂f/∂{wrt} for f({names}) = {shown}."
    else:
        prompt = f"Differentiate {shown} with respect to {wrt}."
    return Fields("derivative", prompt, problem, answer, mistakes, problem, wrt)


def _distinct_mistakes(expr, var, step, key) -> tuple[tuple[str, str], ...]:
    """The mal-rules' wrong answers, numerically different from the key and each other.

    Raises:
        IllPosed: the key is undefined at most sample points, or a mal-rule gives it.
    """
    from symtutor.answers import equivalence as eq
    from symtutor.answers.malrules import variants
    from symtutor.notation.mathfmt import plain

    variables = tuple(sorted(expr.free_symbols | {var}, key=lambda s: s.name))
    points = eq.real_points(len(variables), eq.seed_for(plain(expr)))
    right = eq.evaluate(eq.Evaluator(key, variables), points, mp_fallback=False)
    if sum(v is not None for v in right) < eq.MIN_POINTS + 2:
        raise IllPosed("the derivative is undefined at most sample points")
    out, seen = [], set()
    for label, wrong, _ in variants(expr, var, step):
        if wrong.free_symbols - set(variables):
            continue
        values = eq.evaluate(eq.Evaluator(wrong, variables), points, mp_fallback=False)
        if _same(values, right):
            raise IllPosed(f"the mistake {label} gives the right answer")
        text = plain(wrong)
        if text not in seen:
            seen.add(text)
            out.append((label, text))
    return tuple(out)


def _same(values, right) -> bool:
    """Equal at every point where both are defined (and there are enough of them)."""
    from symtutor.answers import equivalence as eq

    both = [(a, b) for a, b in zip(values, right) if a is not None and b is not None]
    return len(both) >= eq.MIN_POINTS and all(eq.close(a, b, rtol=1e-9, atol=1e-12) for a, b in both)


def _check_typable(answer: str, key=None) -> None:
    """Raises IllPosed when the answer is too long, or has a number too large, to type."""
    if len(answer) > MAX_ANSWER_CHARS:
        raise IllPosed(f"the answer is {len(answer)} characters long")
    if key is not None:
        from sympy import Rational

        for atom in key.atoms(Rational):
            if abs(atom.p) > MAX_NUMBER or atom.q > MAX_NUMBER:
                raise IllPosed(f"the answer has the number {atom}")


def misjudged(fields: Fields | Exercise) -> list[str]:
    """Where the checker a learner meets disagrees with the exercise: its answer refused,
    or a listed mistake accepted (e.g. a value within the key's rounding)."""
    from symtutor.answers.checking import check

    wrt = fields.wrt if fields.kind == "derivative" else None
    out = []
    verdict = check(fields.problem, fields.answer, wrt, kind=fields.kind)
    if not verdict.correct:
        out.append(f"the answer {fields.answer} is refused: {verdict.feedback}")
    for label, wrong in fields.mistakes:
        if check(fields.problem, wrong, wrt, kind=fields.kind).correct:
            out.append(f"the mistake {label} ({wrong}) is accepted")
    return out
