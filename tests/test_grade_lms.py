"""LMS response exports read by `symtutor grade`: Moodle responses, Canvas student
analysis, and --columns; fixtures in tests/fixtures/lms/ are shaped like the real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from symtutor.answers.grading import read_rows
from symtutor.answers.lms_files import answer_of, parse_columns, problem_of
from symtutor.errors import InputError

LMS = Path(__file__).parent / "fixtures" / "lms"


def grade(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "symtutor", "grade", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, timeout=180)


def test_moodle_responses_become_one_row_per_slot_without_the_average_line():
    rows = list(read_rows(LMS / "moodle_responses.csv"))
    assert len(rows) == 4 * 3
    assert rows[0] == {"id": "ada@example.edu#1", "student": "ada@example.edu", "problem": "x^5",
                       "kind": "derivative", "wrt": "x", "answer": "5*x^4"}
    assert rows[5]["problem"] == "x^2 y + 3y^2" and rows[5]["wrt"] == "y"
    assert rows[10]["answer"] == ""  # Moodle's "-": no response


def test_canvas_student_analysis_becomes_one_row_per_question():
    rows = list(read_rows(LMS / "canvas_student_analysis.csv"))
    assert [r["id"] for r in rows[:3]] == ["Ada Lovelace#101", "Ada Lovelace#102", "Ada Lovelace#103"]
    assert rows[4] == {"id": "Alan Turing#102", "student": "Alan Turing", "problem": "(3x+1)^2",
                       "kind": "derivative", "wrt": "x", "answer": "2(3x+1)"}
    assert len(rows) == 9


def test_columns_option_maps_headers():
    mapping = parse_columns('problem=Question,answer="Response 1",student=Email')
    assert mapping == {"problem": "Question", "answer": "Response 1", "student": "Email"}
    rows = list(read_rows(LMS / "renamed_columns.csv", columns=mapping))
    assert [(r["problem"], r["answer"], r["student"]) for r in rows[:2]] == [
        ("x^5", "5x^4", "ada@example.edu"), ("x^5", "x^4", "alan@example.edu")]
    assert [r["id"] for r in rows] == [1, 2, 3, 4]


@pytest.mark.parametrize("spec", ["problem", "colour=Red", "=x", ""])
def test_bad_columns_option_is_an_input_error(spec):
    with pytest.raises(InputError):
        parse_columns(spec)


def test_stack_summary_and_tags_are_undone():
    assert answer_of("Seed: 7; ans1: 2*x*cos(x^2) [score]; prt1: # = 1 | prt1-1-T") == "2*x*cos(x^2)"
    assert answer_of("ans1: 3*x [valid]") == "3*x"
    assert answer_of("  5x^4 ") == "5x^4"
    assert problem_of("Find it. [symtutor: derivative of (w x - y)^2 wrt w]") == {
        "problem": "(w x - y)^2", "kind": "derivative", "wrt": "w"}
    assert problem_of("x^3") == {"problem": "x^3"}


def test_cli_grades_a_moodle_file_end_to_end(tmp_path):
    out = tmp_path / "out.jsonl"
    done = grade(LMS / "moodle_responses.csv", "--output", out, "--jobs", "1")
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r.get("correct") for r in results] == [
        True, True, True, False, False, False, True, True, False, False, None, True]
    assert results[3]["misconception"] == "power_rule_exponent_not_reduced"
    assert results[4]["misconception"] == "chain_rule_inner_missing"
    assert results[10] == {"id": "emmy@example.edu#2", "error": "no answer given"}


def test_cli_grades_a_canvas_file_with_a_report(tmp_path):
    out, report = tmp_path / "out.jsonl", tmp_path / "report.md"
    done = grade(LMS / "canvas_student_analysis.csv", "--output", out, "--report", report, "--jobs", "1")
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["correct"] for r in results] == [True, True, True, False, False, False, True, True, False]
    text = report.read_text()
    assert "| Ada Lovelace | 3 | 3 |" in text and "| Alan Turing | 0 | 3 |" in text


def test_cli_columns_and_bad_columns(tmp_path):
    out = tmp_path / "out.jsonl"
    done = grade(LMS / "renamed_columns.csv", "--columns", "problem=Question,answer=Response 1",
                 "--output", out, "--jobs", "1")
    assert done.returncode == 0, done.stderr
    assert [json.loads(line)["correct"] for line in out.read_text().splitlines()] == [True, False, True, False]
    done = grade(LMS / "renamed_columns.csv", "--columns", "problem=Nope,answer=Response 1")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("symtutor: renamed_columns.csv: --columns problem=Nope: no such column")
    assert len(done.stderr.splitlines()) == 1
