"""Lesson files: loading with tomllib alone, the schema, and errors that name file and line.

Nothing here needs the engine or the checker (see test_lessons_content.py for those).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from symtutor.lessons import catalog
from symtutor.lessons.catalog import LessonError
from symtutor.lessons.model import KINDS, Exercise, GuidedStep, Text, Worked

ROOT = Path(__file__).resolve().parents[1]
BAD = ROOT / "tests" / "fixtures" / "lessons_bad"
#: Small lessons that each show one point of the format.
CASES = ROOT / "tests" / "fixtures" / "lessons_cases"
SHIPPED_IDS = ["limits", "rules", "chain-rule", "partials", "descent", "backprop"]

HEADER = """\
[lesson]
id = "demo"
title = "Demo"
order = 1
intro = "A demo lesson."
"""

EXERCISE = """
[[items]]
type = "exercise"
id = "ex1"
prompt = "Differentiate x^2."
kind = "derivative"
problem = "x^2"
"""


def write(tmp_path: Path, text: str, name: str = "demo.toml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def load_error(tmp_path: Path, text: str) -> str:
    with pytest.raises(LessonError) as info:
        catalog.load_file(write(tmp_path, text))
    return str(info.value)


# -- the shipped lessons ---------------------------------------------------------------


def test_shipped_lessons_load_in_order():
    lessons = catalog.load_all()
    assert [lesson.id for lesson in lessons] == SHIPPED_IDS
    for lesson in lessons:
        assert lesson.title and lesson.intro
        assert lesson.path.name == f"{lesson.id}.toml"
        assert lesson.exercises, lesson.id


def test_shipped_lessons_have_at_least_42_exercises():
    total = sum(len(lesson.exercises) for lesson in catalog.load_all())
    assert total >= 42


def test_each_lesson_mixes_text_worked_examples_and_exercises():
    for lesson in catalog.load_all():
        kinds = {type(item) for item in lesson.items}
        assert {Text, Worked, Exercise} <= kinds, lesson.id
        # Explanations come before the first exercise.
        assert not isinstance(lesson.items[0], Exercise), lesson.id


def test_shipped_exercises_cover_the_kinds_the_post_needs():
    kinds = {exercise.kind for lesson in catalog.load_all() for exercise in lesson.exercises}
    assert {"derivative", "partial", "value", "gradient", "descent", "chain", "difference_quotient"} <= kinds


def test_shipped_exercises_have_skills_and_unique_ids():
    for lesson in catalog.load_all():
        ids = [exercise.id for exercise in lesson.exercises]
        assert len(ids) == len(set(ids))
        for exercise in lesson.exercises:
            assert exercise.skills, (lesson.id, exercise.id)
            assert exercise.lesson == lesson.id


def test_guided_exercises_in_the_chain_partial_and_backprop_lessons():
    guided = {
        lesson.id: [exercise.id for exercise in lesson.exercises if exercise.guided]
        for lesson in catalog.load_all()
    }
    assert guided["chain-rule"] and guided["partials"] and guided["backprop"]


def test_the_posts_numbers_are_asked():
    lessons = {lesson.id: lesson for lesson in catalog.load_all()}
    chain = lessons["chain-rule"].exercise("square-of-linear-at-1")
    assert (chain.problem, chain.at, chain.expected) == ("(3x+1)^2", {"x": "1"}, "24")
    third = lessons["descent"].exercise("third-step")
    assert (third.problem, third.at, third.lr, third.steps, third.expected) == (
        "(w - 3)^2", {"w": "0"}, "0.3", 3, "2.808",
    )
    gradient = lessons["partials"].exercise("gradient-at-point")
    assert gradient.expected == "[7, 8]" and gradient.variables == ("x", "y")


def test_loading_does_not_import_sympy():
    code = (
        "import sys\n"
        "from symtutor.lessons import catalog\n"
        "lessons = catalog.load_all()\n"
        "assert sum(len(l.exercises) for l in lessons) >= 42\n"
        "print('sympy' in sys.modules, 'rich' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False"]


# -- field handling --------------------------------------------------------------------


def test_fields_are_normalised():
    lesson = catalog.load_file(CASES / "normalised.toml")
    step, grad = lesson.exercises
    assert step.at == {"w": "0"} and step.lr == "0.3" and step.expected == "1.8"
    assert step.skills == ("descent",)
    # A guided step inherits the exercise's problem, point and settings unless it sets its own.
    (guided,) = step.guided
    assert isinstance(guided, GuidedStep)
    assert (guided.problem, guided.at, guided.kind) == ("(w - 3)^2", {"w": "0"}, "value")
    assert guided.line == 19
    assert grad.wrt == "x, y" and grad.variables == ("x", "y")
    assert grad.expected == "[2x, 2y]"


def test_chain_problem_is_a_tuple_of_definitions():
    lesson = catalog.load_file(CASES / "chain_problem.toml")
    assert lesson.exercises[0].problem == ("L = (yhat - y)^2", "yhat = w*x")


def test_worked_example_argv_is_the_command_line():
    lesson = catalog.load_file(CASES / "worked_argv.toml")
    descend, derive = lesson.items
    assert descend.argv() == ["descend", "(w - 3)^2", "--start", "0", "--lr", "0.3", "--steps", "4"]
    assert derive.argv() == ["derive", "(3x+1)^2", "--wrt", "x", "--at", "x=1"]
    assert derive.command_line() == "symtutor derive '(3x+1)^2' --wrt x --at x=1"


def test_kinds_list_what_each_needs():
    assert KINDS["descent"] == ("problem", "at", "lr", "steps")
    assert "expected" in KINDS["inner"]


# -- errors name the file and the line ---------------------------------------------------


def test_malformed_toml_names_file_and_line():
    with pytest.raises(LessonError) as info:
        catalog.load_file(BAD / "malformed.toml")
    message = str(info.value)
    assert message.startswith(f"{BAD / 'malformed.toml'}:5: malformed TOML")
    assert "\n" not in message


def test_unknown_kind_names_file_line_and_the_kinds():
    with pytest.raises(LessonError) as info:
        catalog.load_file(BAD / "unknown_kind.toml")
    message = str(info.value)
    assert message.startswith(f"{BAD / 'unknown_kind.toml'}:14: exercise 'what': unknown kind 'integral'")
    assert "derivative" in message


def test_missing_required_field_points_at_its_table(tmp_path):
    message = load_error(tmp_path, HEADER + EXERCISE.replace('problem = "x^2"\n', ""))
    assert message == f"{tmp_path / 'demo.toml'}:7: exercise 'ex1': kind 'derivative' needs 'problem'"


def test_missing_lesson_field(tmp_path):
    message = load_error(tmp_path, HEADER.replace('title = "Demo"\n', "") + EXERCISE)
    assert message == f"{tmp_path / 'demo.toml'}:1: [lesson] has no 'title'"


def test_duplicate_exercise_id(tmp_path):
    message = load_error(tmp_path, HEADER + EXERCISE + EXERCISE)
    assert message == f"{tmp_path / 'demo.toml'}:16: exercise id 'ex1' is used twice (first at line 7)"


def test_unknown_field_is_named_with_its_line(tmp_path):
    message = load_error(tmp_path, HEADER + EXERCISE + 'anwser = "2x"\n')
    assert message.startswith(f"{tmp_path / 'demo.toml'}:13: exercise 'ex1': unknown field 'anwser'")


def test_wrong_type_is_named(tmp_path):
    message = load_error(tmp_path, HEADER + EXERCISE.replace('problem = "x^2"', "problem = true"))
    assert message == f"{tmp_path / 'demo.toml'}:12: exercise 'ex1': 'problem' must be a non-empty string"


def test_unknown_item_type_and_worked_command(tmp_path):
    message = load_error(tmp_path, HEADER + '\n[[items]]\ntype = "quiz"\n')
    assert message == f"{tmp_path / 'demo.toml'}:8: item 1: 'type' must be one of text, worked, exercise (got 'quiz')"
    message = load_error(
        tmp_path, HEADER + '\n[[items]]\ntype = "worked"\ntitle = "t"\ncommand = "integrate"\nexpr = "x"\n'
    )
    assert message.startswith(f"{tmp_path / 'demo.toml'}:10: worked item 1: unknown command 'integrate'")


def test_guided_step_error_points_at_the_step(tmp_path):
    text = HEADER + EXERCISE + '\n[[items.guided]]\nprompt = "inner?"\nkind = "inner"\n'
    message = load_error(tmp_path, text)
    assert message == f"{tmp_path / 'demo.toml'}:14: exercise 'ex1', guided step 1: kind 'inner' needs 'expected'"


def test_mistake_needs_answer_and_feedback(tmp_path):
    message = load_error(tmp_path, HEADER + EXERCISE + 'mistakes = [ { answer = "2x^2" } ]\n')
    assert message == f"{tmp_path / 'demo.toml'}:13: exercise 'ex1': each mistake needs 'answer' and 'feedback'"


def test_no_lesson_table_and_no_items(tmp_path):
    assert load_error(tmp_path, EXERCISE) == f"{tmp_path / 'demo.toml'}:1: lesson file has no [lesson] table"
    assert load_error(tmp_path, HEADER) == f"{tmp_path / 'demo.toml'}:1: lesson 'demo' has no [[items]]"


def test_descent_needs_a_learning_rate(tmp_path):
    text = HEADER + EXERCISE.replace('kind = "derivative"', 'kind = "descent"') + "at = { w = 0 }\nsteps = 2\n"
    assert load_error(tmp_path, text).endswith("kind 'descent' needs 'lr'")


def test_duplicate_lesson_ids_in_a_folder(tmp_path):
    write(tmp_path, HEADER + EXERCISE, "a.toml")
    write(tmp_path, HEADER + EXERCISE, "b.toml")
    with pytest.raises(LessonError, match=r"b\.toml:2: lesson id 'demo' is also used by .*a\.toml"):
        catalog.load_all(tmp_path)


# -- where lessons come from ------------------------------------------------------------


def test_lessons_dir_prefers_argument_then_environment(tmp_path, monkeypatch):
    other = tmp_path / "env"
    other.mkdir()
    monkeypatch.setenv("SYMTUTOR_LESSONS", str(other))
    assert catalog.lessons_dir(tmp_path) == tmp_path
    assert catalog.lessons_dir() == other
    monkeypatch.delenv("SYMTUTOR_LESSONS")
    assert (catalog.lessons_dir() / "limits.toml").is_file()


def test_missing_folder_is_an_error(tmp_path):
    with pytest.raises(LessonError, match="--lessons: no such file or folder"):
        catalog.lessons_dir(tmp_path / "nope")


def test_load_unknown_id_lists_the_lessons():
    with pytest.raises(LessonError) as info:
        catalog.load("integrals")
    assert str(info.value) == "no lesson 'integrals' (lessons: " + ", ".join(SHIPPED_IDS) + ")"


def test_load_by_id_from_an_instructors_folder(tmp_path):
    write(tmp_path, HEADER + EXERCISE)
    lesson = catalog.load("demo", tmp_path)
    assert lesson.exercises[0].id == "ex1"
    assert lesson.exercise("ex1").problem == "x^2"


# -- the command line ------------------------------------------------------------------


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    import os

    environment = dict(os.environ, **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "symtutor", *args],
        capture_output=True, text=True, cwd=ROOT, timeout=120, env=environment,
    )


def test_cli_lesson_list_json():
    done = run_cli("lesson", "list", "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert [row["id"] for row in rows] == SHIPPED_IDS
    assert all(set(row) == {"id", "title", "exercises", "completed"} for row in rows)
    assert rows[0]["title"] == "The derivative as a limit"
    assert all(row["completed"] == 0 for row in rows)
    assert sum(row["exercises"] for row in rows) >= 42


def test_cli_lesson_list_text_from_env_folder(tmp_path):
    write(tmp_path, HEADER + EXERCISE)
    done = run_cli("lesson", "list", env={"SYMTUTOR_LESSONS": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].split() == ["demo", "Demo", "0/1", "done"]
    assert "symtutor lesson run demo" in done.stdout


def test_cli_lesson_list_with_lessons_option_after_the_action(tmp_path):
    write(tmp_path, HEADER + EXERCISE)
    done = run_cli("lesson", "list", "--lessons", str(tmp_path), "--format", "json")
    assert done.returncode == 0, done.stderr
    assert [row["id"] for row in json.loads(done.stdout)] == ["demo"]


def test_cli_bad_lesson_file_is_exit_2_with_one_line(tmp_path):
    write(tmp_path, HEADER + EXERCISE.replace('kind = "derivative"', 'kind = "integral"'))
    done = run_cli("lesson", "--lessons", str(tmp_path), "list")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert "demo.toml:11: exercise 'ex1': unknown kind 'integral'" in done.stderr


def test_cli_validate_reports_malformed_file_with_exit_1():
    done = run_cli("lesson", "validate", str(BAD / "malformed.toml"))
    assert done.returncode == 1
    assert done.stdout.strip() == f"{BAD / 'malformed.toml'}:5: malformed TOML: Illegal character '\\n' (column 11)"


def test_builtin_dir_in_an_installed_wheel(tmp_path, monkeypatch):
    # The wheel holds the lessons as symtutor/_lessons/ without an __init__.py: a
    # namespace package, whose folder is on its __path__.
    import types

    package = types.ModuleType("symtutor._lessons")
    package.__path__ = [str(tmp_path)]
    monkeypatch.setitem(sys.modules, "symtutor._lessons", package)
    assert catalog.builtin_dir() == tmp_path


def test_builtin_dir_is_the_checkout_or_the_installed_package():
    import symtutor

    package = Path(symtutor.__file__).resolve().parent
    if package == ROOT / "symtutor":
        assert catalog.builtin_dir() == ROOT / "lessons"
    else:  # tests run against an installed wheel
        assert catalog.builtin_dir() == package / "_lessons"
    assert sorted(p.stem for p in catalog.builtin_dir().glob("*.toml")) == sorted(SHIPPED_IDS)


def test_cli_lesson_list_shows_progress(tmp_path):
    from symtutor.lessons import progress

    with progress.Store(tmp_path / "progress.db") as store:
        store.finish_exercise("limits", "quotient-square", "solved")
        store.finish_exercise("limits", "derivative-square", "skipped")
    env = {"SYMTUTOR_HOME": str(tmp_path)}
    rows = json.loads(run_cli("lesson", "list", "--format", "json", env=env).stdout)
    assert [row["completed"] for row in rows] == [2, 0, 0, 0, 0, 0]
    text = run_cli("lesson", "list", env=env).stdout
    assert text.splitlines()[0].split()[-2:] == ["2/8", "done"]
    assert text.rstrip().endswith("Next: symtutor lesson run limits")


def test_cli_lesson_list_does_not_create_a_database(tmp_path):
    done = run_cli("lesson", "list", env={"SYMTUTOR_HOME": str(tmp_path)})
    assert done.returncode == 0
    assert list(tmp_path.iterdir()) == []


def test_load_by_id_when_the_file_has_another_name(tmp_path):
    write(tmp_path, HEADER + EXERCISE, "01-intro.toml")
    # A file named like the id but holding another lesson is not taken for it.
    write(tmp_path, HEADER.replace('id = "demo"', 'id = "other"') + EXERCISE, "demo.toml")
    assert catalog.load("demo", tmp_path).path.name == "01-intro.toml"
    assert catalog.load("other", tmp_path).path.name == "demo.toml"


def test_cli_validate_missing_path_is_exit_2():
    done = run_cli("lesson", "validate", "no/such/folder")
    assert done.returncode == 2
    assert done.stderr == "symtutor: lesson validate: no such file or folder: no/such/folder\n"
