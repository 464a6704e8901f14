"""Batch grading: reading class files, order, error rows, summary, parallel runs, time bound.

Orchestration is tested with a small fake checker (`fake_compile`, injected through the
`compiler` argument) so these tests are fast and exact; tests/test_cli_grade.py runs
the real checker end to end.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import time

import pytest

from symtutor.errors import InputError
from symtutor.answers.grading import (
    Summary,
    detect_format,
    grade_answers,
    grade_file,
    grade_row,
    grade_rows,
    read_rows,
)
from symtutor.render.grade_summary import GradeSummaryPrintout


class FakeVerdict:
    def __init__(self, correct, misconception, feedback, expected):
        self.data = {
            "correct": correct,
            "misconception": misconception,
            "feedback": feedback,
            "expected": expected,
            "answer_read": "ignored",
        }

    def to_dict(self):
        return dict(self.data)


class FakeProblem:
    """x^N: right is "Nx^(N-1)", "Nx^N" keeps the exponent; a few answers misbehave."""

    def __init__(self, n: int):
        self.n = n

    def judge(self, answer: str) -> FakeVerdict:
        n = self.n
        if answer == "slow":
            time.sleep(3)
        if answer == "boom":
            raise RuntimeError("a bug in the checker")
        if answer == "die":
            os._exit(3)  # a worker killed mid-answer (segfault, out of memory)
        if answer == "stuck":
            # C code that no Python signal handler interrupts (about a minute of it).
            hashlib.pbkdf2_hmac("sha256", b"x", b"y", 10**8)
        if answer.count("(") != answer.count(")"):
            raise InputError("unbalanced parentheses")
        right = f"{n}x^({n - 1})"
        if answer.replace(" ", "") == right:
            return FakeVerdict(True, None, "Correct.", right)
        if answer.replace(" ", "") == f"{n}x^({n})":
            return FakeVerdict(False, "power_rule_exponent_not_reduced", "Reduce it.", right)
        return FakeVerdict(False, None, "Not the derivative.", right)


def fake_compile(problem: str, wrt=None, *, kind="derivative") -> FakeProblem:
    if not problem.startswith("x^"):
        raise InputError(f"cannot read {problem!r}")
    return FakeProblem(int(problem[2:]))


def class_rows(count: int = 200) -> list[dict]:
    """A deterministic class: 4 problems, right, kept-exponent, other and bad answers."""
    rows = []
    for i in range(count):
        n = 2 + i % 4
        answer = [f"{n}x^({n - 1})", f"{n} x^({n - 1})", f"{n}x^({n})", "7", "((", ""][i // 4 % 6]
        rows.append({"id": f"s{i}", "problem": f"x^{n}", "answer": answer})
    return rows


def expected_result(row: dict) -> dict:
    """What the fake checker should say about a class_rows row (the oracle)."""
    n = int(row["problem"][2:])
    answer = row["answer"]
    right = f"{n}x^({n - 1})"
    if not answer:
        return {"id": row["id"], "error": "no answer given"}
    if answer == "((":
        return {"id": row["id"], "error": "unbalanced parentheses"}
    if answer.replace(" ", "") == right:
        verdict = (True, None, "Correct.")
    elif answer == f"{n}x^({n})":
        verdict = (False, "power_rule_exponent_not_reduced", "Reduce it.")
    else:
        verdict = (False, None, "Not the derivative.")
    keys = ("correct", "misconception", "feedback")
    return {"id": row["id"], **dict(zip(keys, verdict)), "expected": right}


def write_csv(path, rows, columns=("id", "problem", "answer")):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([row.get(c, "") for c in columns])
    return path


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- reading


def test_format_is_detected_by_extension_then_content(tmp_path):
    assert detect_format(write_csv(tmp_path / "a.csv", [])) == "csv"
    assert detect_format(write_jsonl(tmp_path / "a.jsonl", [{"problem": "x"}])) == "jsonl"
    sniffed = tmp_path / "answers.txt"
    sniffed.write_text('{"problem": "x^2", "answer": "2x"}\n')
    assert detect_format(sniffed) == "jsonl"
    sniffed.write_text("problem,answer\nx^2,2x\n")
    assert detect_format(sniffed) == "csv"
    array = tmp_path / "a.json"
    array.write_text('[{"problem": "x^2", "answer": "2x"}]')
    with pytest.raises(InputError, match="one JSON object per line"):
        detect_format(array)


def test_csv_rows_stream_with_ids_defaulting_to_the_row_number(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text(
        "\ufeffProblem, Answer ,id,wrt,kind\n"
        'x^2,2x,,,\n'
        '\n'
        '"x^2 y",2xy,alice,x,\n'
        "x^3,3x^2\n",
        encoding="utf-8",
    )
    rows = list(read_rows(path))
    assert [r["id"] for r in rows] == [1, "alice", 3]
    assert rows[1] == {"problem": "x^2 y", "answer": "2xy", "id": "alice", "wrt": "x", "kind": ""}
    assert rows[2] == {"problem": "x^3", "answer": "3x^2", "id": 3}


def test_csv_without_a_header_is_refused_with_one_line(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("x^2,2x\nx^3,3x^2\n")
    with pytest.raises(InputError, match="header naming the columns problem and answer"):
        list(read_rows(path))


def test_an_unreadable_csv_record_is_an_error_row_and_reading_goes_on(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("problem,answer\nx^2,2x\nx^2," + "x" * 200_000 + "\nx^3,3x^2\n")
    rows = list(read_rows(path))
    assert [r["id"] for r in rows] == [1, 2, 3]
    assert rows[1]["error"].startswith("line 3: unreadable CSV (field larger than field limit")
    assert rows[2] == {"problem": "x^3", "answer": "3x^2", "id": 3}


def test_jsonl_bad_lines_become_error_rows_in_place(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(
        '{"problem": "x^2", "answer": "2x"}\n'
        "{not json\n"
        "\n"
        "[1, 2]\n"
        '{"problem": "x^2", "answer": [7, 8], "id": 99}\n',
        encoding="utf-8",
    )
    rows = list(read_rows(path))
    assert [r["id"] for r in rows] == [1, 2, 3, 99]
    assert rows[1]["error"].startswith("line 2: not valid JSON")
    assert rows[2]["error"] == "line 4: expected a JSON object"


# --------------------------------------------------------------------------- one row


@pytest.mark.parametrize(
    ("row", "result"),
    [
        (
            {"id": 1, "problem": "x^3", "answer": "3x^(2)"},
            {"id": 1, "correct": True, "misconception": None, "feedback": "Correct.", "expected": "3x^(2)"},
        ),
        (
            {"id": 2, "problem": "x^3", "answer": " 3x^(3) "},
            {
                "id": 2,
                "correct": False,
                "misconception": "power_rule_exponent_not_reduced",
                "feedback": "Reduce it.",
                "expected": "3x^(2)",
            },
        ),
        ({"id": 3, "answer": "2x"}, {"id": 3, "error": "no problem given"}),
        ({"id": 4, "problem": "x^2", "answer": None}, {"id": 4, "error": "no answer given"}),
        ({"id": 5, "problem": "x^2", "answer": "(("}, {"id": 5, "error": "unbalanced parentheses"}),
        (
            {"id": 6, "problem": "x^2", "answer": "2x", "kind": "integral"},
            {"id": 6, "error": "unknown kind 'integral' (use one of derivative, expr, value, vector)"},
        ),
        ({"id": 7, "problem": "sin(", "answer": "2x"}, {"id": 7, "error": "problem: cannot read 'sin('"}),
        (
            {"id": 8, "problem": "x^2", "answer": "boom"},
            {"id": 8, "error": "internal error while checking this answer (RuntimeError)"},
        ),
        ({"id": 9, "problem": "x^2", "answer": {"a": 1}}, {"id": 9, "error": 'answer: expected text, got {"a": 1}'}),
        ({"id": 10, "error": "line 3: not valid JSON"}, {"id": 10, "error": "line 3: not valid JSON"}),
    ],
)
def test_grade_row(row, result):
    assert grade_row(row, compiler=fake_compile) == result


def test_grade_row_maps_unchanged_onto_another_executor():
    # What Dask's bag.map or ray.remote do with it: pickle the function, call it per row.
    import multiprocessing
    from functools import partial

    rows = [dict(row, id=n) for n, row in enumerate(class_rows(24), 1)]
    with multiprocessing.get_context("fork").Pool(2) as pool:
        mapped = pool.map(partial(grade_row, compiler=fake_compile), rows)
    assert mapped == [r for _, r in grade_rows(rows, jobs=1, compiler=fake_compile)]
    assert mapped == [expected_result(r) for r in rows]


def test_a_slow_answer_times_out_and_the_next_one_is_graded():
    started = time.perf_counter()
    results = grade_answers(("x^2", None, "derivative"), ["slow", "2x^(1)"], timeout=0.2, compiler=fake_compile)
    assert time.perf_counter() - started < 2
    assert results == [
        {"error": "timed out (over 0.2 s)"},
        {"correct": True, "misconception": None, "feedback": "Correct.", "expected": "2x^(1)"},
    ]


# --------------------------------------------------------------------------- a run


def test_results_are_one_per_row_in_input_order(tmp_path):
    rows = class_rows()
    grading = grade_file(write_csv(tmp_path / "class.csv", rows), jobs=1, compiler=fake_compile)
    results = [result for _row, result in grading]
    assert results == [expected_result(r) for r in rows]


def test_jobs_1_and_jobs_2_give_identical_output(tmp_path):
    rows = class_rows()
    path = write_jsonl(tmp_path / "class.jsonl", rows)
    # A small window and chunk force several windows and tasks through the pool.
    one = [r for _, r in grade_file(path, jobs=1, compiler=fake_compile, window=37)]
    two = [r for _, r in grade_file(path, jobs=2, compiler=fake_compile, window=37)]
    assert one == two == [expected_result(r) for r in rows]


def test_a_timed_out_answer_in_a_worker_is_an_error_row(tmp_path):
    rows = [{"problem": "x^2", "answer": a} for a in ("2x^(1)", "slow", "2x^(2)")]
    results = [r for _, r in grade_rows(rows, jobs=2, compiler=fake_compile, timeout=0.3)]
    assert [r.get("error") for r in results] == [None, "timed out (over 0.3 s)", None]
    assert [r.get("correct") for r in results] == [True, None, False]


def test_a_worker_that_dies_costs_only_the_answer_that_killed_it():
    rows = [{"problem": "x^2", "answer": a} for a in ("2x^(1)", "die", "2x^(2)")]
    rows.append({"problem": "x^3", "answer": "3x^(2)"})
    results = [r for _, r in grade_rows(rows, jobs=2, compiler=fake_compile)]
    assert [r.get("error") for r in results] == [
        None,
        "the grading process stopped on this answer (it crashed or ran far too long)",
        None,
        None,
    ]
    assert [r.get("correct") for r in results] == [True, None, False, True]
    assert [r["id"] for r in results] == [1, 2, 3, 4]


def test_an_answer_stuck_in_c_code_is_stopped_and_isolated():
    rows = [{"problem": "x^2", "answer": a} for a in ("2x^(1)", "stuck")]
    results = [r for _, r in grade_rows(rows, jobs=2, compiler=fake_compile, timeout=0.1)]
    assert results == [
        {"id": 1, "correct": True, "misconception": None, "feedback": "Correct.", "expected": "2x^(1)"},
        {"id": 2, "error": "the grading process stopped on this answer (it crashed or ran far too long)"},
    ]


def test_progress_counts_every_row(tmp_path):
    seen = []
    rows = class_rows(50)
    list(grade_rows(rows, jobs=1, compiler=fake_compile, progress=seen.append, window=16))
    assert sum(seen) == 50


def test_summary_numbers(tmp_path):
    rows = class_rows(60)
    grading = grade_rows(rows, jobs=1, compiler=fake_compile)
    for _ in grading:
        pass
    summary = grading.summary
    assert (summary.rows, summary.correct, summary.errors) == (60, 24, 16)
    assert summary.distinct == 4 * 5  # 4 problems x 5 distinct non-empty answers
    stats = {s.problem: s for s in summary.problems.values()}
    assert list(stats) == ["x^2", "x^3", "x^4", "x^5"]
    x2 = stats["x^2"]
    # x^2's 15 rows cycle through right, right (spaced), kept, 7, ((, "": 3,3,3,2,2,2
    assert (x2.n, x2.correct, x2.errors) == (15, 6, 4)
    assert x2.percent_correct == 40.0
    assert x2.commonest == ("power_rule_exponent_not_reduced", 3)
    data = summary.to_dict()
    assert data["percent_correct"] == 40.0
    assert data["problems"][0]["commonest_misconception"] == "power_rule_exponent_not_reduced"


def test_summary_text_table():
    summary = Summary()
    summary.add({"problem": "x^2"}, {"id": 1, "correct": True})
    summary.add({"problem": "x^2"}, {"id": 2, "correct": False, "misconception": "sign_error"})
    summary.add({"problem": "x^2", "wrt": "x"}, {"id": 3, "error": "no answer given"})
    summary.add({}, {"id": 4, "error": "line 4: not valid JSON"})
    summary.seconds, summary.distinct = 2.0, 2
    text = GradeSummaryPrintout(summary).text()
    assert text.splitlines() == [
        "problem       n  correct  commonest misconception  errors",
        "------------  -  -------  -----------------------  ------",
        "x^2           2    50.0%  sign_error (1)                0",
        "x^2  (wrt x)  1     0.0%                                1",
        "(no problem)  1     0.0%                                1",
        "------------  -  -------  -----------------------  ------",
        "total         4    25.0%                                2",
        "graded 4 rows (2 distinct answers) in 2.0 s: 120 answers/minute on 1 process",
    ]


@pytest.mark.parametrize("name", ["empty.csv", "empty.jsonl"])
def test_an_empty_file_grades_nothing_without_loading_workers(tmp_path, name):
    path = tmp_path / name
    path.write_text("\n")
    grading = grade_file(path)
    assert list(grading) == []
    assert (grading.summary.rows, grading.summary.jobs, grading.summary.problems) == (0, 1, {})
