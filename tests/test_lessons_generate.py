"""Lessons that draw exercises from the generators (`generate` items): the draw, the seed
in the progress database, resuming, validation, and the answers | run round trip."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from symtutor.lessons import catalog, drawing
from symtutor.lessons.model import Exercise, Generate
from symtutor.lessons.progress import Store
from symtutor.lessons.prompt import LinePrompt
from symtutor.lessons.runner import PlainScreen, Runner

ROOT = Path(__file__).resolve().parents[1]

SMALL = """\
[lesson]
id = "gen"
title = "Generated"
intro = "Practice drawn for you."

[[items]]
type = "text"
body = "Two power-rule exercises, then one more."

[[items]]
type = "exercise"
generate = { skill = "power", level = 1, count = 2 }

[[items]]
type = "exercise"
generate = { skill = "power", level = 1 }
"""


@pytest.fixture
def folder(tmp_path) -> Path:
    where = tmp_path / "lessons"
    where.mkdir()
    (where / "gen.toml").write_text(SMALL, encoding="utf-8")
    return where


def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "symtutor", *args], input=stdin, capture_output=True, text=True,
                          cwd=ROOT, timeout=300, env=dict(os.environ, NO_COLOR="1"))


def run_in_process(lesson, lines: list[str], *, restart: bool = False, seed: int | None = None) -> str:
    out = io.StringIO()
    stdin = io.StringIO("".join(line + "\n" for line in lines))
    with Store() as store:
        runner = Runner(lesson, store, PlainScreen(out=out), LinePrompt(False, stdin=stdin, stdout=out),
                        interactive=False, resume_command="symtutor lesson run gen", seed=seed)
        assert runner.run(restart=restart) == 0
    return out.getvalue()


# -- loading and drawing ---------------------------------------------------------------


def test_a_generate_item_loads_without_drawing_and_numbers_its_ids_on(folder):
    lesson = catalog.load("gen", folder)
    first, second = lesson.generated
    assert (first.skill, first.level, first.count, first.line) == ("power", 1, 2, 10)
    assert first.ids == ("gen-power-1-1", "gen-power-1-2")
    assert second.ids == ("gen-power-1-3",)
    assert lesson.exercises == ()
    assert [entry.id for entry in lesson.plan] == ["gen-power-1-1", "gen-power-1-2", "gen-power-1-3"]


def test_the_same_seed_draws_the_same_exercises_and_another_seed_others(folder):
    lesson = catalog.load("gen", folder)
    one, again, other = lesson.draw(7), lesson.draw(7), lesson.draw(8)
    assert [e.problem for e in one.exercises] == [e.problem for e in again.exercises]
    assert [e.problem for e in one.exercises] != [e.problem for e in other.exercises]
    assert len({e.problem for e in one.exercises}) == 3
    assert [e.id for e in one.exercises] == ["gen-power-1-1", "gen-power-1-2", "gen-power-1-3"]
    assert not one.generated and len(one.items) == 4


def test_a_drawn_exercise_is_a_lesson_exercise_with_the_generators_key(folder):
    from symtutor.practice.generators import generate_set

    item = catalog.load("gen", folder).generated[0]
    exercise = item.draw(7)[0]
    generated = generate_set(["power"], 2, seed=drawing.item_seed(item, 7), level=1)[0]
    assert isinstance(exercise, Exercise)
    assert (exercise.lesson, exercise.id, exercise.skills, exercise.kind) == ("gen", "gen-power-1-1", ("power",),
                                                                              "derivative")
    assert exercise.problem == generated.problem
    assert exercise.judge(generated.answer).correct
    assert exercise.judge(exercise.answer_key()).correct
    assert len(exercise.hint_ladder()) == 3
    assert "Power rule" in exercise.solution_text()


def test_item_seeds_differ_per_item_and_are_stable():
    a = Generate("chain", 2, 2, lesson="chain-rule", first=1)
    b = Generate("chain", 2, 2, lesson="chain-rule", first=3)
    assert drawing.item_seed(a, 5) == drawing.item_seed(a, 5) != drawing.item_seed(b, 5)
    assert drawing.item_seed(a, 5) == 413315359  # a stored seed must keep meaning the same draw


# -- the seed in the progress database ----------------------------------------------------


def test_the_draw_seed_is_stored_once_and_cleared_by_restart(tmp_path):
    with Store(tmp_path / "p.db") as store:
        assert store.stored_seed("gen") is None
        assert store.draw_seed("gen", 41) == 41
        assert store.draw_seed("gen", 99) == 41  # kept: resuming draws the same
        assert store.draw_seed("gen") == 41
        store.restart("gen")
        assert store.stored_seed("gen") is None
        assert store.draw_seed("gen", 99) == 99


def test_resuming_shows_the_same_generated_exercises(folder):
    lesson = catalog.load("gen", folder)
    first = run_in_process(lesson, ["skip"])  # one skipped, then end of input: progress saved
    with Store() as store:
        seed = store.stored_seed("gen")
    drawn = lesson.draw(seed).exercises
    assert f"Exercise 1 of 3: {drawn[0].prompt}" in first
    second = run_in_process(lesson, [e.answer_key() for e in drawn[1:]])
    assert "continuing at exercise 2 of 3" in second
    assert f"Exercise 2 of 3: {drawn[1].prompt}" in second
    assert f"Exercise 3 of 3: {drawn[2].prompt}" in second
    assert "solved at the first try: 2" in second


def test_restart_with_a_seed_draws_that_seed(folder):
    lesson = catalog.load("gen", folder)
    run_in_process(lesson, [], seed=3)
    out = run_in_process(lesson, [], restart=True, seed=11)
    assert f"Exercise 1 of 3: {lesson.draw(11).exercises[0].prompt}" in out
    with Store() as store:
        assert store.stored_seed("gen") == 11


# -- the command line ------------------------------------------------------------------


def test_run_with_another_seed_than_the_stored_one_is_exit_2(folder):
    assert cli("lesson", "--lessons", str(folder), "run", "gen", "--seed", "3", stdin="").returncode == 0
    done = cli("lesson", "--lessons", str(folder), "run", "gen", "--seed", "4", stdin="")
    assert done.returncode == 2
    assert done.stderr == ("symtutor: lesson run: this lesson's exercises were drawn with seed 3; "
                           "add --restart to start over with seed 4\n")


def test_answers_with_a_seed_piped_into_run_with_that_seed_completes_the_lesson(folder):
    keys = cli("lesson", "--lessons", str(folder), "answers", "gen", "--seed", "5")
    assert keys.returncode == 0, keys.stderr
    lesson = catalog.load("gen", folder).draw(5)
    assert keys.stdout == "".join(e.answer_key() + "\n" for e in lesson.exercises)
    done = cli("lesson", "--lessons", str(folder), "run", "gen", "--seed", "5", stdin=keys.stdout)
    assert done.returncode == 0, done.stderr
    assert "solved at the first try: 3" in done.stdout


@pytest.mark.slow
def test_shipped_chain_rule_answers_piped_into_run_completes_it(tmp_path):
    env = dict(os.environ, SYMTUTOR_HOME=str(tmp_path), NO_COLOR="1")
    python = f"{sys.executable} -m symtutor"
    done = subprocess.run(f"{python} lesson answers chain-rule | {python} lesson run chain-rule", shell=True,
                          capture_output=True, text=True, cwd=ROOT, timeout=300, env=env)
    assert done.returncode == 0, done.stderr
    assert "Exercise 13 of 13: Differentiate" in done.stdout
    assert "solved at the first try: 13" in done.stdout
    assert "Not yet" not in done.stdout


def test_lesson_list_counts_generated_exercises(tmp_path):
    done = cli("lesson", "list", "--format", "json")
    assert done.returncode == 0, done.stderr
    counts = {row["id"]: row["exercises"] for row in json.loads(done.stdout)}
    assert counts == {"limits": 8, "rules": 14, "chain-rule": 13, "partials": 11, "descent": 9, "backprop": 12}


# -- validation ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ('{ skill = "chains", level = 2 }',
         "exercise item 2 (generate): unknown skill 'chains' (one of: power, log, constant, constant-multiple, "
         "sum, chain, product, quotient, exp, trig, limit-definition, partial, gradient, descent, backprop)"),
        ('{ skill = "chain", level = 4 }',
         "exercise item 2 (generate): level must be a whole number, skill chain has levels 1 to 3 (got 4)"),
        ('{ skill = "chain", count = 0 }',
         "exercise item 2 (generate): count must be a whole number, 1 to 20 (got 0)"),
        ('{ skill = "chain", seed = 3 }',
         "exercise item 2 (generate): unknown field 'seed' in generate (allowed: count, level, skill)"),
    ],
)
def test_validate_reports_a_bad_generate_item_at_its_line(folder, spec, message):
    path = folder / "gen.toml"
    path.write_text(SMALL.replace('{ skill = "power", level = 1, count = 2 }', spec), encoding="utf-8")
    done = cli("lesson", "validate", str(path))
    assert done.returncode == 1
    assert done.stdout == f"{path}:12: {message}\n"


def test_a_generate_item_with_other_fields_is_a_load_error(folder):
    path = folder / "gen.toml"
    path.write_text(SMALL.replace("generate = { skill = \"power\", level = 1 }",
                                  'generate = { skill = "power" }\nid = "x"'), encoding="utf-8")
    with pytest.raises(catalog.LessonError) as info:
        catalog.load_file(path)
    assert str(info.value) == f"{path}:17: exercise item 3 (generate): unknown field 'id' (allowed: generate, type)"


def test_validate_draws_each_item_with_50_seeds(folder, monkeypatch):
    seen = []
    real = drawing.drawn
    monkeypatch.setattr(drawing, "drawn", lambda item, seed: seen.append((item.ids[0], seed)) or real(item, seed))
    lesson = catalog.load("gen", folder)
    assert catalog.check_lesson(lesson) == []
    assert seen == [("gen-power-1-1", s) for s in range(50)] + [("gen-power-1-3", s) for s in range(50)]


def test_validate_reports_a_drawn_exercise_judged_wrong(folder, monkeypatch):
    import dataclasses

    real = drawing.as_lesson_exercises
    monkeypatch.setattr(drawing, "as_lesson_exercises", lambda item, generated: tuple(
        dataclasses.replace(e, expected="0") for e in real(item, generated)))
    item = catalog.load("gen", folder).generated[0]
    problems = drawing.generate_problems(item, seeds=3)
    assert problems and problems[0].startswith(f"{folder / 'gen.toml'}:10: generate power level 1, seed 0, "
                                               "exercise 'gen-power-1-1'")
    assert "expected answer 0 disagrees with the engine" in problems[0]


def test_the_first_screen_does_not_wait_for_the_draw(folder, tmp_path):
    # A fresh interpreter: the title is shown before SymPy is imported (the draw runs in the
    # background with the warm-up), and the exercises shown are still the drawn ones.
    code = f"""
import io, sys
from symtutor.lessons import catalog
from symtutor.lessons.progress import Store
from symtutor.lessons.prompt import LinePrompt
from symtutor.lessons.runner import PlainScreen, Runner

class Screen(PlainScreen):
    def title(self, *args):
        print("sympy at title:", "sympy" in sys.modules, file=sys.stderr)
        super().title(*args)

lesson = catalog.load("gen", {str(folder)!r})
out = io.StringIO()
with Store({str(tmp_path / "p.db")!r}) as store:
    Runner(lesson, store, Screen(out=out), LinePrompt(False, stdin=io.StringIO(""), stdout=out),
           interactive=False, resume_command="r", seed=9).run()
print(out.getvalue())
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "sympy at title: False\n"
    first = catalog.load("gen", folder).draw(9).exercises[0]
    assert f"Exercise 1 of 3: {first.prompt}" in done.stdout
