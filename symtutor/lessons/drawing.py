"""Drawing a lesson's generated exercises: a ``generate`` item's exercises for a seed.

Each learner's lesson has one seed, kept in the progress database
(`symtutor.lessons.progress.Store.draw_seed`), so resuming shows the same exercises and
``lesson run --restart`` draws new ones. An item's own seed is derived from the lesson
seed and the item's first id, so adding an item to a lesson leaves the others' draws as
they were. The generated exercises become lesson exercises through the practice bridge
(`symtutor.practice.bridge.lesson_exercise`): hints, ``steps``, ``w`` and judging work
as for written ones. Imports the generators, and through them SymPy.
"""

from __future__ import annotations

import dataclasses
import hashlib

from symtutor.lessons.model import Exercise, Generate

#: Seeds `lesson validate` draws each ``generate`` item with.
VALIDATE_SEEDS = 50


def item_seed(item: Generate, seed: int) -> int:
    """The seed of one item's draw: a stable hash of the lesson seed and the item's first id."""
    digest = hashlib.sha256(f"{seed}:{item.lesson}:{item.ids[0]}".encode()).digest()
    return int.from_bytes(digest[:4], "big") & 0x7FFFFFFF


def draw_item(item: Generate, seed: int) -> tuple[Exercise, ...]:
    """`item.count` different exercises of its skill and level for the lesson seed `seed`.

    Raises:
        ValueError: an unknown skill or level (the loader reports these first).
        RuntimeError: the generator found no well-posed exercise (a generator bug).
    """
    return as_lesson_exercises(item, drawn(item, seed))


def drawn(item: Generate, seed: int) -> list:
    """The generator's exercises (`symtutor.practice.generators.Exercise`) for the lesson seed."""
    from symtutor.practice.generators import generate_set

    return generate_set([item.skill], item.count, seed=item_seed(item, seed), level=item.level)


def as_lesson_exercises(item: Generate, generated: list) -> tuple[Exercise, ...]:
    """Generated exercises as the item's lesson exercises, with its ids, lesson and line."""
    from symtutor.practice.bridge import lesson_exercise

    return tuple(
        dataclasses.replace(lesson_exercise(ex, lesson=item.lesson, exercise_id=exercise_id), path=item.path,
                            line=item.line)
        for ex, exercise_id in zip(generated, item.ids)
    )


def generate_problems(item: Generate, seeds: int = VALIDATE_SEEDS) -> list[str]:
    """What `lesson validate` finds wrong with a ``generate`` item over `seeds` lesson seeds.

    Every drawn exercise must have a key the lesson computes, agreeing with the
    generator's (the engine's) answer, judged correct, with a hint ladder; the
    generator itself rejects ill-posed draws. Stops at the first seed with a problem.
    """
    from symtutor.lessons.validation import question_problems

    where = f"{item.path}:{item.line}: generate {item.skill} level {item.level}"
    for seed in range(seeds):
        try:
            generated = drawn(item, seed)
            exercises = as_lesson_exercises(item, generated)
        except (ValueError, RuntimeError) as exc:
            return [f"{where}, seed {seed}: {exc}"]
        problems: list[str] = []
        for ex, exercise in zip(generated, exercises):
            label = f"{where}, seed {seed}, exercise {exercise.id!r} ({ex.problem})"
            problems += question_problems(exercise, label)
            if not problems and not exercise.judge(ex.answer).correct:
                problems.append(f"{label}: the generator's answer {ex.answer} is judged wrong")
        if problems:
            return problems
    return []
