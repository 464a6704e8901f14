"""symtutor worksheet: problems from lessons, the three parts, every format, the same bytes every time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from pdftools import compile_pdf, dark_fraction, needs_tex, pdf_text
from snapshots import check_golden

from symtutor.lessons import catalog

LESSON = textwrap.dedent('''\
    [lesson]
    id = "mini"
    title = "A small sheet: ŷ, η & ∂"
    order = 1
    intro = "Three problems."

    [[items]]
    type = "exercise"
    id = "square"
    prompt = "Differentiate y = (3x + 1)² with respect to x."
    kind = "derivative"
    problem = "(3x+1)^2"

    [[items]]
    type = "exercise"
    id = "slope"
    prompt = "What is the slope of e^(3x) at x = 0? (50% of students forget the 3.)"
    kind = "value"
    problem = "e^(3x)"
    at = { x = 0 }

    [[items]]
    type = "exercise"
    id = "update"
    prompt = "One update w ← w − η·L′(w) on L(w) = (w − 3)², from w = 0 with η = 0.3: the new w?"
    kind = "descent"
    problem = "(w-3)^2"
    at = { w = 0 }
    lr = "0.3"
    steps = 1
    ''')


@pytest.fixture()
def lessons_dir(tmp_path):
    folder = tmp_path / "lessons"
    folder.mkdir()
    (folder / "mini.toml").write_text(LESSON, encoding="utf-8")
    return folder


def run_cli(*argv: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "symtutor", "worksheet", *argv], capture_output=True,
                          text=True, cwd=cwd, timeout=120, env=os.environ.copy())


def test_json_lists_every_exercise_with_its_answer(lessons_dir):
    result = run_cli("--lesson", "mini", "--lessons", str(lessons_dir), "--format", "json")
    assert result.returncode == 0, result.stderr
    problems = json.loads(result.stdout)["problems"]
    assert [p["source"] for p in problems] == ["mini/square", "mini/slope", "mini/update"]
    assert [p["answer"] for p in problems] == ["18x + 6", "3", "1.8"]
    assert problems[2]["command"][:2] == ["symtutor", "descend"]


def test_builtin_lesson_matches_the_lesson_file():
    lesson = catalog.load("chain-rule")
    result = run_cli("--lesson", "chain-rule", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["title"] == "The chain rule" and data["date"] is None
    # Written exercises, then the lesson's generated ones drawn from --seed (default 0).
    assert [p["prompt"] for p in data["problems"]] == [e.prompt for e in lesson.draw(0).exercises]
    assert len(data["problems"]) == len(lesson.exercises) + 2
    assert data["problems"][1]["answer"] == "24"


def test_a_lessons_generated_exercises_are_those_lesson_run_draws_for_the_seed():
    keys = {}
    for seed in ("0", "5"):
        data = json.loads(run_cli("--lesson", "rules", "--seed", seed, "--format", "json").stdout)
        answers = subprocess.run([sys.executable, "-m", "symtutor", "lesson", "answers", "rules", "--seed", seed],
                                 capture_output=True, text=True, timeout=120, check=True).stdout.splitlines()
        generated = [p for p in data["problems"] if p["source"].startswith("rules/gen-")]
        assert [p["source"] for p in generated] == ["rules/gen-power-2-1", "rules/gen-power-2-2"]
        assert [p["answer_key"] for p in generated] == answers[-2:]
        keys[seed] = answers[-2:]
    assert keys["0"] != keys["5"]


@pytest.mark.parametrize("fmt", ["latex", "html", "markdown", "text"])
def test_golden_worksheet(fmt, lessons_dir):
    result = run_cli("--lesson", "mini", "--lessons", str(lessons_dir), "--format", fmt, "--date", "Week 3")
    assert result.returncode == 0, result.stderr
    check_golden(f"worksheet_mini.{ {'latex': 'tex', 'markdown': 'md', 'text': 'txt'}.get(fmt, fmt)}", result.stdout)


def test_same_options_same_bytes_and_no_date(lessons_dir, tmp_path):
    outputs = []
    for name in ("a.tex", "b.tex"):
        result = run_cli("--lesson", "mini", "--lessons", str(lessons_dir), "--output", name, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert result.stdout == "" and "wrote" in result.stderr
        outputs.append((tmp_path / name).read_bytes())
    assert outputs[0] == outputs[1]
    assert b"\\today" not in outputs[0] and b"\\date" not in outputs[0] and b"Date: \\rule" in outputs[0]


def test_latex_layout(lessons_dir):
    tex = run_cli("--lesson", "mini", "--lessons", str(lessons_dir), "--format", "latex", "--paper", "letter",
                  "--space", "8").stdout
    assert tex.count("\\begin{minipage}{\\linewidth}") == 3  # one unbreakable block per problem
    assert tex.count("\\rule{0pt}{8cm}") == 3  # the room to write
    assert "letterpaper" in tex and "\\sheetpart{Answer key}" in tex and "\\sheetpart{Worked solutions}" in tex
    assert "e\\textsuperscript{3x}" in tex  # e^(3x) in a prompt is raised
    assert "50\\%" in tex and "\\&" in tex


def test_parts_choose_what_is_printed(lessons_dir):
    text = run_cli("--lesson", "mini", "--lessons", str(lessons_dir), "--parts", "key").stdout
    assert "Answer key" in text and "18x + 6" in text
    assert "Exercises" not in text and "Worked solutions" not in text and "Chain rule" not in text
    text = run_cli("--lesson", "mini", "--lessons", str(lessons_dir), "--parts", "solutions,sheet").stdout
    assert text.index("Exercises") < text.index("Worked solutions")  # always in sheet, key, solutions order
    assert "Chain rule" in text and "update rule" in text


def test_html_is_self_contained_and_printable(lessons_dir, tmp_path):
    result = run_cli("--lesson", "mini", "--lessons", str(lessons_dir), "--output", "sheet.html", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "sheet.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in html
    assert "http://" not in html and "https://" not in html and "<script" not in html and "<link" not in html
    assert "@media print" in html and "break-inside: avoid" in html
    assert "A small sheet: ŷ, η &amp; ∂" in html
    assert html.count('<div class="problem">') == 3 and 'style="height: 5cm"' in html
    assert "<pre>" in html and "Chain rule" in html  # the worked solutions


@pytest.mark.parametrize("argv, message", [
    ([], "--lesson ID and/or --skill NAME"),
    (["--lesson", "no-such-lesson"], "no lesson 'no-such-lesson'"),
    (["--lesson", "limits", "--parts", "sheet,answers"], "--parts: answers"),
    (["--lesson", "limits", "--output", "sheet.pdf"], "cannot tell the format"),
    (["--lesson", "limits", "--space", "-1"], "--space"),
    (["--skill", "chain", "--count", "0"], "--count"),
    (["--skill", "chain,integrals"], "no generator for integrals"),
    (["--skill", "chain", "--level", "9"], "--level: 9"),
])
def test_bad_options_exit_2_with_one_line(argv, message, tmp_path):
    result = run_cli(*argv, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_help_has_an_example_and_needs_no_sympy():
    code = "import sys; from symtutor.cli import main\ntry: main(['worksheet', '--help'])\n" \
           "except SystemExit: pass\nprint('sympy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "Example:" in result.stdout and "--lesson chain-rule" in result.stdout
    assert result.stdout.rstrip().endswith("False")


@needs_tex
def test_mini_worksheet_compiles_with_its_unicode(lessons_dir, tmp_path):
    result = run_cli("--lesson", "mini", "--lessons", str(lessons_dir), "--output", "mini.tex", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    pdf = compile_pdf(tmp_path / "mini.tex")
    text = pdf_text(pdf)
    assert "A small sheet" in text and "One update w" in text and "Final answer" in text
    assert dark_fraction(pdf) > 0.002


GENERATED = ["--skill", "chain,power", "--skill", "gradient", "--count", "6", "--seed", "11"]


def test_generated_sheet_same_seed_same_bytes(tmp_path):
    first = run_cli(*GENERATED, "--format", "latex")
    assert first.returncode == 0, first.stderr
    assert first.stdout == run_cli(*GENERATED, "--format", "latex").stdout
    other = run_cli(*GENERATED[:-1], "12", "--format", "latex").stdout
    assert other != first.stdout


def test_generated_problems_and_their_keys():
    from symtutor.practice import generators

    data = json.loads(run_cli(*GENERATED, "--format", "json").stdout)
    assert data["title"] == "Practice: chain, power, gradient"
    expected = generators.generate_set(["chain", "power", "gradient"], 6, seed=11)
    assert [p["prompt"] for p in data["problems"]] == [e.prompt for e in expected]
    assert [p["source"].split("/")[0] for p in data["problems"]] == ["chain", "power", "gradient"] * 2
    for problem, exercise in zip(data["problems"], expected):
        # The key on the sheet is the generator's own answer, as the checker judges it.
        kind = {"vector": "vector", "value": "value"}.get(exercise.kind, "expr")
        if exercise.kind == "derivative":
            assert symtutor_check(exercise.problem, problem["answer_key"], exercise.wrt).correct
        else:
            assert symtutor_check(exercise.answer, problem["answer_key"], None, kind).correct
        assert problem["command"] is not None


def symtutor_check(problem, answer, wrt, kind="derivative"):
    from symtutor.answers.checking import check

    return check(problem, answer, wrt, kind=kind)


def test_lessons_and_generators_together_number_on():
    data = json.loads(run_cli("--lesson", "limits", "--skill", "chain", "--count", "2", "--format", "json").stdout)
    numbers = [p["number"] for p in data["problems"]]
    assert numbers == list(range(1, len(numbers) + 1))
    assert data["problems"][-1]["source"].startswith("chain/") and data["problems"][0]["source"].startswith("limits/")
    assert data["title"] == catalog.load("limits").title + "; Practice: chain"


@needs_tex
def test_generated_sheet_of_every_skill_compiles(tmp_path):
    from symtutor.practice.generators import SKILLS

    result = run_cli("--skill", ",".join(SKILLS), "--count", str(len(SKILLS)), "--seed", "3",
                     "--title", "Every skill", "--output", "all.tex", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "no step-by-step printout" not in (tmp_path / "all.tex").read_text(encoding="utf-8")
    pdf = compile_pdf(tmp_path / "all.tex")
    text = pdf_text(pdf)
    assert "Every skill" in text and f"Problem {len(SKILLS)}." in text and "Worked solutions" in text
