"""Progress store: every write committed, resume point, restart, damaged and locked files."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from symtutor.lessons import progress
from symtutor.lessons.progress import ExerciseState, ProgressError, Store

FIXTURES = Path(__file__).parent / "fixtures" / "lessons_runner"


def fake_lesson(lesson_id, exercises):
    """A stand-in for model.Lesson: id, title and exercises with id and skills."""
    items = tuple(SimpleNamespace(id=eid, skills=tuple(skills)) for eid, skills in exercises)
    return SimpleNamespace(id=lesson_id, title=lesson_id.title(), exercises=items)


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "progress.db") as s:
        yield s


def test_default_path_follows_symtutor_home(tmp_path, monkeypatch):
    monkeypatch.setenv("SYMTUTOR_HOME", str(tmp_path / "home"))
    assert progress.default_path() == tmp_path / "home" / "progress.db"
    with Store() as s:
        assert s.path == tmp_path / "home" / "progress.db"
    assert (tmp_path / "home" / "progress.db").is_file()


def test_default_path_without_home_is_the_user_data_dir(monkeypatch):
    import platformdirs

    monkeypatch.delenv("SYMTUTOR_HOME")
    assert progress.default_path() == Path(platformdirs.user_data_dir("symtutor")) / "progress.db"


def test_wal_and_full_sync(store):
    conn = sqlite3.connect(store.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store._conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    conn.close()


def test_attempts_hints_and_outcomes_are_visible_to_another_connection_at_once(store):
    # Another connection sees each write as soon as the call returns: it was committed.
    other = sqlite3.connect(store.path)
    assert store.record_attempt("l", "e1", "5x^5", correct=False, misconception="power_rule_exponent_not_reduced") == 1
    assert other.execute("SELECT answer, correct, misconception FROM attempts").fetchall() == [
        ("5x^5", 0, "power_rule_exponent_not_reduced")
    ]
    store.record_hint("l", "e1", 1)
    assert other.execute("SELECT exercise, level FROM hints").fetchall() == [("e1", 1)]
    assert store.record_attempt("l", "e1", "5x^4", correct=True, seconds=3.5) == 2
    store.finish_exercise("l", "e1", "solved_with_hints", skills=["power"])
    assert other.execute("SELECT outcome, attempts, hints_used, skills FROM exercises").fetchall() == [
        ("solved_with_hints", 2, 1, '["power"]')
    ]
    rows = other.execute("SELECT answer, hints_used, seconds FROM attempts ORDER BY id").fetchall()
    assert rows == [("5x^5", 0, None), ("5x^4", 1, 3.5)]
    other.close()


def test_guided_steps_are_stored_but_not_counted_as_attempts(store):
    store.record_attempt("l", "e", "3x+1", correct=True, step=1)
    store.record_attempt("l", "e", "2", correct=False, step=2)
    assert store.states("l") == {"e": ExerciseState(None, 0, 0)}
    assert [(a["step"], a["correct"]) for a in store.attempts("l")] == [(1, True), (2, False)]


def test_resume_point_is_the_first_unfinished_exercise(store):
    ids = ["a", "b", "c"]
    assert progress.first_unfinished(ids, store.states("l")) == 0
    store.finish_exercise("l", "a", "solved")
    store.record_attempt("l", "b", "1", correct=False)
    assert progress.first_unfinished(ids, store.states("l")) == 1
    store.finish_exercise("l", "b", "skipped")
    store.finish_exercise("l", "c", "revealed")
    assert progress.first_unfinished(ids, store.states("l")) is None


def test_restart_clears_position_and_outcomes_but_keeps_history(store):
    store.set_position("l", 4)
    store.record_attempt("l", "a", "2x", correct=True)
    store.finish_exercise("l", "a", "solved", skills=["power"])
    store.set_position("other", 1)
    store.restart("l")
    assert store.position("l") is None
    assert store.states("l") == {}
    assert store.position("other") == 1
    assert [a["answer"] for a in store.attempts("l")] == ["2x"]
    assert [r["outcome"] for r in store.results()] == ["solved"]


def test_unknown_outcome_is_refused(store):
    with pytest.raises(ValueError, match="unknown outcome"):
        store.finish_exercise("l", "a", "solved-ish")


def test_writes_survive_a_reopen(tmp_path):
    path = tmp_path / "p.db"
    with Store(path) as s:
        s.set_position("l", 2)
        s.record_attempt("l", "a", "x", correct=False)
    with Store(path) as s:
        assert s.position("l") == 2
        assert s.states("l") == {"a": ExerciseState(None, 1, 0)}


@pytest.mark.parametrize(
    "observations, expected",
    [
        ((), 0.2),
        ((True,), 0.6),
        ((True, True), 0.89),
        ((True, True, True), 0.977),
        ((False,), 0.176),
    ],
)
def test_mastery_is_bayesian_knowledge_tracing(observations, expected):
    assert progress.mastery(observations) == pytest.approx(expected, abs=0.005)


def test_three_first_try_solves_reach_mastery_two_do_not():
    assert progress.mastery([True] * 3) >= progress.MASTERED > progress.mastery([True] * 2)


def test_lesson_and_skill_summaries(store):
    lessons = [
        fake_lesson("rules", [("p1", ["power"]), ("p2", ["power"]), ("c1", ["chain"])]),
        fake_lesson("chain", [("c2", ["chain"])]),
    ]
    store.record_attempt("rules", "p1", "5x^4", correct=True)
    store.finish_exercise("rules", "p1", "solved", skills=["power"])
    store.record_hint("rules", "p2", 3)
    store.finish_exercise("rules", "p2", "revealed", skills=["power"])
    store.record_attempt("rules", "c1", "6(3x+1)", correct=True)
    store.finish_exercise("rules", "c1", "solved", skills=["chain"])
    per_lesson = progress.lesson_summary(store, lessons)
    assert per_lesson[0] | {"completed_at": None} == {
        "id": "rules",
        "title": "Rules",
        "completed": True,
        "exercises": 3,
        "done": 3,
        "solved": 2,
        "solved_with_hints": 0,
        "revealed": 1,
        "skipped": 0,
        "first_try": 2,
        "attempts": 2,
        "started": True,
        "completed_at": None,
    }
    assert per_lesson[1]["completed"] is False and per_lesson[1]["started"] is False
    per_skill = {s["skill"]: s for s in progress.skill_summary(store, lessons)}
    assert per_skill["power"] == {
        "skill": "power",
        "exercises": 2,
        "solved": 1,
        "practised": 2,
        "right": 1,
        "mastery": round(progress.mastery([True, False]), 2),
        "mastered": False,
    }
    assert per_skill["chain"]["exercises"] == 2 and per_skill["chain"]["solved"] == 1


def test_summaries_without_a_store_show_nothing_done():
    lessons = [fake_lesson("rules", [("p1", ["power"])])]
    assert progress.lesson_summary(None, lessons)[0]["done"] == 0
    assert progress.skill_summary(None, lessons)[0]["practised"] == 0


def test_open_existing_never_creates_the_file(tmp_path):
    assert progress.open_existing(tmp_path / "none.db") is None
    assert not (tmp_path / "none.db").exists()


def test_a_file_that_is_not_a_database_is_reported_and_left_alone(tmp_path):
    path = tmp_path / "progress.db"
    path.write_bytes(b"these are not the pages you are looking for\n" * 50)
    before = path.read_bytes()
    with pytest.raises(ProgressError) as info:
        Store(path)
    message = str(info.value)
    assert str(path) in message and "damaged" in message and "move or rename it" in message
    assert "\n" not in message
    assert path.read_bytes() == before


def test_a_malformed_database_is_reported_and_left_alone(tmp_path):
    path = tmp_path / "progress.db"
    with Store(path) as s:
        for i in range(200):
            s.record_attempt("l", f"e{i}", "x" * 300, correct=True)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(path.read_bytes())
    data[3 * 4096 : 3 * 4096 + 200] = b"Z" * 200  # trash a page in the middle
    path.write_bytes(bytes(data))
    with pytest.raises(ProgressError, match="damaged"):
        Store(path)
    assert path.read_bytes() == bytes(data)


def test_a_locked_database_gives_a_clear_message_after_the_timeout(tmp_path):
    path = tmp_path / "progress.db"
    Store(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with Store(path, timeout=0.1) as s:
            with pytest.raises(ProgressError, match="locked by another program"):
                s.record_attempt("l", "e", "x", correct=True)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with Store(path) as s:  # usable again once the other program lets go
        s.record_attempt("l", "e", "x", correct=True)
        assert s.states("l")["e"].attempts == 1


def test_a_database_from_a_newer_symtutor_is_refused(tmp_path):
    path = tmp_path / "progress.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version=99")
    conn.close()
    with pytest.raises(ProgressError, match="newer symtutor"):
        Store(path)


# -- the `symtutor progress` command, through the real entry point ---------------------


def symtutor(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "symtutor", *args],
        capture_output=True,
        text=True,
        env=env or os.environ.copy(),
        timeout=60,
    )


def seed(home: Path):
    with Store(home / "progress.db") as s:
        s.record_attempt("basics", "power5", "5x^4", correct=True)
        s.finish_exercise("basics", "power5", "solved", skills=["power"])
        s.set_position("basics", 1)


def test_progress_command_json(tmp_path):
    seed(Path(os.environ["SYMTUTOR_HOME"]))
    result = symtutor("progress", "--lessons", str(FIXTURES), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [entry["id"] for entry in data] == ["basics"]
    entry = data[0]
    assert (entry["completed"], entry["exercises"], entry["done"], entry["solved"]) == (False, 3, 1, 1)
    skills = {s["skill"]: s for s in entry["skills"]}
    assert skills["power"]["exercises"] == 2 and skills["power"]["solved"] == 1
    assert skills["power"]["practised"] == 1 and skills["chain"]["practised"] == 0


def test_progress_command_text_when_piped(tmp_path):
    seed(Path(os.environ["SYMTUTOR_HOME"]))
    result = symtutor("progress", "--lessons", str(FIXTURES))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Lessons"
    assert lines[2].split() == ["basics", "1/3", "1", "0", "0", "0"]
    row = next(line for line in lines if line.strip().startswith("power"))
    assert row.split() == ["power", "######----", "0.60", "1/1", "1/2"]
    assert f"Continue: symtutor lesson --lessons {FIXTURES} run basics" in result.stdout
    assert "\x1b" not in result.stdout


def test_progress_command_before_any_lesson_creates_nothing(tmp_path):
    home = Path(os.environ["SYMTUTOR_HOME"])
    result = symtutor("progress", "--lessons", str(FIXTURES))
    assert result.returncode == 0, result.stderr
    assert "not started" in result.stdout and "No exercises done yet" in result.stdout
    assert f"Next: symtutor lesson --lessons {FIXTURES} run basics" in result.stdout
    assert not (home / "progress.db").exists()


def test_progress_command_on_a_damaged_file_exits_2_with_one_line(tmp_path):
    path = Path(os.environ["SYMTUTOR_HOME"]) / "progress.db"
    path.write_bytes(b"garbage" * 100)
    result = symtutor("progress", "--lessons", str(FIXTURES))
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert str(path) in result.stderr and "damaged" in result.stderr
    assert path.read_bytes() == b"garbage" * 100


def test_progress_command_rich_format_draws_tables(tmp_path):
    seed(Path(os.environ["SYMTUTOR_HOME"]))
    result = symtutor("progress", "--lessons", str(FIXTURES), "--format", "rich")
    assert result.returncode == 0, result.stderr
    assert "Lessons" in result.stdout and "Skills" in result.stdout
    assert "┃ lesson" in result.stdout
    row = next(line for line in result.stdout.splitlines() if "basics" in line)
    assert "1/3" in row


def test_another_programs_database_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "progress.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(ProgressError, match="not symtutor's progress"):
        Store(path)
    assert path.read_bytes() == before
