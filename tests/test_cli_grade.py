"""`symtutor grade` through the real entry point, with the real checker."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import make_class_file  # noqa: E402

CLASS_CSV = """\
id,problem,answer,wrt,kind
a,x^5,5x^4,,
b,x^5,5x^5,,
c,(3x+1)^2,2(3x+1),,
d,x^2 y + 3y^2,2xy + 6y,x,
e,x^5,__import__('os'),,
f,x^5,,,
g,x^5,5x^4,,integral
,x^5,5 x^4,,
"""


def grade(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "symtutor", "grade", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def results(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_grade_csv_writes_one_result_per_row_and_a_summary(tmp_path):
    path = tmp_path / "class.csv"
    path.write_text(CLASS_CSV, encoding="utf-8")
    done = grade(path, "--jobs", "2")
    assert done.returncode == 0, done.stderr
    out = results(done.stdout)
    assert [r["id"] for r in out] == ["a", "b", "c", "d", "e", "f", "g", 8]
    assert [r.get("correct") for r in out] == [True, False, False, False, None, None, None, True]
    assert [r.get("misconception") for r in out[:4]] == [
        None,
        "power_rule_exponent_not_reduced",
        "chain_rule_inner_missing",
        "partial_other_variable_not_constant",
    ]
    assert [bool(r.get("error")) for r in out] == [False] * 4 + [True] * 3 + [False]
    assert out[5]["error"] == "no answer given"
    assert out[6]["error"].startswith("unknown kind 'integral'")
    assert out[0]["expected"] == "5*x**4"
    assert all(isinstance(r["feedback"], str) and r["feedback"] for r in out if "error" not in r)
    summary = done.stderr.splitlines()
    assert summary[0].split() == ["problem", "n", "correct", "commonest", "misconception", "errors"]
    assert [line.split() for line in summary[2:6]] == [
        ["x^5", "5", "40.0%", "power_rule_exponent_not_reduced", "(1)", "2"],
        ["(3x+1)^2", "1", "0.0%", "chain_rule_inner_missing", "(1)", "0"],
        ["x^2", "y", "+", "3y^2", "(wrt", "x)", "1", "0.0%", "partial_other_variable_not_constant", "(1)", "0"],
        ["x^5", "[integral]", "1", "0.0%", "1"],
    ]
    assert summary[-2].split() == ["total", "8", "25.0%", "3"]
    assert summary[-1].startswith("graded 8 rows (6 distinct answers) in ")
    assert summary[-1].endswith(" on 2 processes")
    assert "Traceback" not in done.stderr


def test_grade_jsonl_to_an_output_file_puts_the_summary_on_stdout(tmp_path):
    path = tmp_path / "class.jsonl"
    path.write_text(
        '{"problem": "x^5", "answer": "5x^4", "id": 1}\n'
        "not json\n"
        '{"problem": "[7, 8]", "answer": [7, 8], "kind": "vector"}\n',
        encoding="utf-8",
    )
    out = tmp_path / "results.jsonl"
    done = grade(path, "--output", out, "--format", "json")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    graded = results(out.read_text(encoding="utf-8"))
    assert [r["id"] for r in graded] == [1, 2, 3]
    assert [r.get("correct") for r in graded] == [True, None, True]
    assert graded[1]["error"].startswith("line 2: not valid JSON")
    summary = json.loads(done.stdout)
    assert (summary["rows"], summary["correct"], summary["errors"]) == (3, 2, 1)
    assert [p["problem"] for p in summary["problems"]] == ["x^5", "(no problem)", "[7, 8]"]


@pytest.mark.slow
def test_jobs_1_and_jobs_2_agree_on_a_generated_class(tmp_path):
    path = tmp_path / "class.csv"
    count = make_class_file.write(path, problems=30, learners=7, seed=3)
    one = grade(path, "--jobs", "1")
    two = grade(path, "--jobs", "2")
    assert one.returncode == two.returncode == 0
    assert one.stdout == two.stdout
    out = results(one.stdout)
    assert len(out) == count == 210
    assert [r["id"] for r in out] == [row["id"] for row in make_class_file.rows(30, 7, seed=3)]
    # Every hostile or exploding answer is an error result, never a crash or a hang.
    answers = [row["answer"] for row in make_class_file.rows(30, 7, seed=3)]
    for answer, result in zip(answers, out):
        if answer in make_class_file.JUNK or not answer:
            assert "error" in result or result["correct"] is False, (answer, result)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "symtutor: cannot read nope.csv: no such file\n"),
        (
            "x^2,2x\n",
            "symtutor: nope.csv: the first line must be a header naming the columns "
            "problem and answer (missing: problem, answer)\n",
        ),
    ],
)
def test_unreadable_file_is_exit_2_with_one_line(tmp_path, content, message):
    if content is not None:
        (tmp_path / "nope.csv").write_text(content)
    done = grade("nope.csv", cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", message)


def test_bad_jobs_is_exit_2(tmp_path):
    path = tmp_path / "class.csv"
    path.write_text(CLASS_CSV)
    done = grade(path, "--jobs", "0")
    assert (done.returncode, done.stdout, done.stderr) == (2, "", "symtutor: --jobs must be at least 1\n")
