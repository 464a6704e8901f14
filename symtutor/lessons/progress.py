"""A learner's progress, kept in SQLite so that nothing typed is ever lost.

The file is ``$SYMTUTOR_HOME/progress.db`` (default: the platform's user data
directory, e.g. ``~/.local/share/symtutor`` on Linux). Every answer, every hint
and every exercise outcome is its own committed transaction, written the moment
it happens: Ctrl-C, end of input or a killed process loses at most the line being
typed.

Durability: the database runs in WAL mode with ``synchronous=FULL``. WAL lets
``symtutor progress`` read while a lesson is writing, and makes each commit one
append to the log; FULL makes that append reach the disk before the commit
returns, so an answer survives a power cut as well as a killed process. The cost
(one fsync per answer, a few milliseconds) is invisible at the pace people type;
NORMAL would only be safe against process crashes, which is not the promise.

What is stored:

- ``attempts``: every answer judged (lesson, exercise, guided step or NULL for
  the exercise's own answer, the text, correct, misconception, hints used so
  far, seconds since the exercise was shown, time). Never deleted.
- ``hints``: every hint shown (lesson, exercise, level, time). Never deleted.
- ``exercises``: the current state of each exercise: its outcome (NULL while
  unfinished), attempts and hints used. ``--restart`` clears a lesson's rows.
- ``results``: every outcome ever reached, kept across restarts; mastery is
  estimated from it.
- ``lessons``: per lesson, the index of the last item shown, and when it was
  started and completed. ``--restart`` clears it.

Outcomes: ``solved`` (no hints, no guidance), ``solved_with_hints`` (hints or
guided steps used, answer not given away), ``revealed`` (the bottom-out hint,
the ``steps`` solution or the worked solution after the last attempt was seen:
not solved), ``skipped``.

Practice (``symtutor practice``) adds, in schema version 2:

- ``observations``: every knowledge-tracing observation of a skill (skill, right
  or wrong, the exercise, the misconception that made it a failure, time). Never deleted.
- ``reviews``: per skill, its Leitner box and when it is next due for review.
- ``fitted_params``: knowledge-tracing parameters fitted to this learner
  (``symtutor practice fit``), per skill.

Mastery is Bayesian knowledge tracing (Corbett & Anderson 1995) per skill, over
the exercises practising it in the order they were finished: an exercise is a
correct observation when it was solved at the first attempt without help, and
an incorrect one otherwise. The parameters live in one documented table,
`symtutor.practice.mastery.PARAMS` (the usual textbook defaults: P(known at start)
0.2, P(learn per exercise) 0.15, P(slip) 0.1, P(guess) 0.2). A skill counts as
mastered at P(known) ≥ 0.95, which three first-try solves in a row reach from the start.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from symtutor.practice.mastery import DEFAULT as _BKT
from symtutor.practice.mastery import MASTERED

OUTCOMES = ("solved", "solved_with_hints", "revealed", "skipped")
#: Outcomes that count as solved in summaries.
SOLVED = frozenset({"solved", "solved_with_hints"})

#: Bayesian knowledge tracing parameters (kept for callers; the table is in practice.mastery).
BKT_INIT, BKT_LEARN, BKT_SLIP, BKT_GUESS = _BKT.prior, _BKT.learn, _BKT.slip, _BKT.guess

SCHEMA_VERSION = 3
_SCHEMA = """
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY,
    lesson TEXT NOT NULL,
    exercise TEXT NOT NULL,
    step INTEGER,
    answer TEXT NOT NULL,
    correct INTEGER NOT NULL,
    misconception TEXT,
    hints_used INTEGER NOT NULL DEFAULT 0,
    seconds REAL,
    at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS hints (
    id INTEGER PRIMARY KEY,
    lesson TEXT NOT NULL,
    exercise TEXT NOT NULL,
    level INTEGER NOT NULL,
    at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS exercises (
    lesson TEXT NOT NULL,
    exercise TEXT NOT NULL,
    outcome TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    hints_used INTEGER NOT NULL DEFAULT 0,
    skills TEXT NOT NULL DEFAULT '[]',
    updated TEXT NOT NULL,
    PRIMARY KEY (lesson, exercise)
);
CREATE TABLE IF NOT EXISTS results (
    id INTEGER PRIMARY KEY,
    lesson TEXT NOT NULL,
    exercise TEXT NOT NULL,
    outcome TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    hints_used INTEGER NOT NULL,
    skills TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS lessons (
    lesson TEXT PRIMARY KEY,
    position INTEGER,
    started TEXT,
    updated TEXT,
    completed TEXT
);
CREATE INDEX IF NOT EXISTS attempts_by_exercise ON attempts (lesson, exercise);
CREATE TABLE IF NOT EXISTS observations (
    id INTEGER PRIMARY KEY,
    skill TEXT NOT NULL,
    correct INTEGER NOT NULL,
    exercise TEXT,
    misconception TEXT,
    at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS reviews (
    skill TEXT PRIMARY KEY,
    box INTEGER NOT NULL,
    due TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS seeds (
    lesson TEXT PRIMARY KEY,
    seed INTEGER NOT NULL,
    at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS fitted_params (
    skill TEXT PRIMARY KEY,
    prior REAL NOT NULL,
    learn REAL NOT NULL,
    slip REAL NOT NULL,
    guess REAL NOT NULL,
    observations INTEGER NOT NULL,
    at TEXT NOT NULL
);
"""


_TABLES = frozenset({"attempts", "hints", "exercises", "results", "lessons", "observations", "reviews",
                     "fitted_params", "seeds"})


class ProgressError(ValueError):
    """The progress database cannot be used (damaged, locked, unwritable); one line, for users."""


@dataclass(frozen=True, slots=True)
class ExerciseState:
    """Where one exercise stands: its outcome (None while unfinished), attempts and hints used."""

    outcome: str | None
    attempts: int
    hints_used: int


def default_path() -> Path:
    """``$SYMTUTOR_HOME/progress.db``, or the platform's user data directory when unset."""
    home = os.environ.get("SYMTUTOR_HOME")
    if home:
        return Path(home).expanduser() / "progress.db"
    import platformdirs

    return Path(platformdirs.user_data_dir("symtutor")) / "progress.db"


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


class Store:
    """The progress database. Each `record_*`/`finish_*` call is committed before it returns.

    Args:
        path: the database file (default: `default_path()`); its folder is created.
        timeout: seconds to wait for another process's lock before giving up.

    Raises:
        ProgressError: the file is not a usable database (damaged, locked, made by a
            newer symtutor, or cannot be created). The file is never overwritten.
    """

    def __init__(self, path: str | os.PathLike | None = None, *, timeout: float = 5.0):
        self.path = Path(path) if path is not None else default_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ProgressError(f"cannot create the folder for progress {self.path.parent}: {exc.strerror}") from None
        self._conn = None
        try:
            # autocommit mode: transactions are explicit (BEGIN IMMEDIATE) in `_write`.
            self._conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
            self._open()
        except sqlite3.Error as exc:
            self.close()
            raise self._error(exc) from None
        except ProgressError:
            self.close()
            raise

    def _open(self) -> None:
        conn = self._conn
        # Read before writing anything: a damaged file fails here, untouched. The file is
        # small (kilobytes per lesson), so a full quick_check costs a few milliseconds.
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        problems = [row[0] for row in conn.execute("PRAGMA quick_check").fetchall()]
        if problems != ["ok"]:
            raise sqlite3.DatabaseError(f"database disk image is malformed: {problems[0]}")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version == 0 and tables - _TABLES:
            # Some other program's database: adding tables to it would be overwriting it.
            raise ProgressError(
                f"{self.path} is an SQLite database, but not symtutor's progress; "
                "move it elsewhere or set SYMTUTOR_HOME to another folder"
            )
        if version > SCHEMA_VERSION:
            raise ProgressError(
                f"progress database {self.path} was written by a newer symtutor; upgrade symtutor to use it"
            )
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        if version < SCHEMA_VERSION:
            with self._write():
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def _error(self, exc: sqlite3.Error) -> ProgressError:
        """A one-line message for a SQLite failure, naming the file and what to do."""
        text = str(exc)
        low = text.lower()
        if isinstance(exc, sqlite3.DatabaseError) and ("not a database" in low or "malformed" in low or "corrupt" in low):
            return ProgressError(
                f"progress database {self.path} is damaged ({text}); it was left untouched: "
                "move or rename it to start afresh, or restore a backup"
            )
        if "locked" in low or "busy" in low:
            return ProgressError(
                f"progress database {self.path} is locked by another program; close it (or wait) and try again"
            )
        if "readonly" in low or "read-only" in low:
            return ProgressError(f"progress database {self.path} is read-only; make it writable or set SYMTUTOR_HOME")
        return ProgressError(f"progress database {self.path}: {text}")

    class _Transaction:
        def __init__(self, store: Store):
            self.store = store

        def __enter__(self):
            # IMMEDIATE takes the write lock up front, so the busy timeout applies (a
            # deferred transaction upgrading its lock could fail at once instead).
            self.store._conn.execute("BEGIN IMMEDIATE")
            return self.store._conn

        def __exit__(self, exc_type, exc, tb):
            conn = self.store._conn
            if exc_type is None:
                conn.execute("COMMIT")
            elif conn.in_transaction:
                conn.execute("ROLLBACK")
            return False

    def _write(self) -> Store._Transaction:
        return Store._Transaction(self)

    def _run(self, fn, *args):
        """Run `fn(conn, *args)` in one committed write transaction, mapping SQLite errors."""
        try:
            with self._write() as conn:
                return fn(conn, *args)
        except sqlite3.Error as exc:
            raise self._error(exc) from None

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise self._error(exc) from None

    def close(self) -> None:
        """Close the connection (everything is already committed)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writing -----------------------------------------------------------------------

    @staticmethod
    def _ensure_exercise(conn, lesson: str, exercise: str, skills: Iterable[str] = ()) -> None:
        conn.execute(
            "INSERT OR IGNORE INTO exercises (lesson, exercise, skills, updated) VALUES (?, ?, ?, ?)",
            (lesson, exercise, json.dumps(list(skills)), _now()),
        )

    def set_position(self, lesson: str, index: int) -> None:
        """Record that item `index` (0-based, in the lesson's items) is on screen."""
        self._set_lesson_column(lesson, "position", index)

    def _set_lesson_column(self, lesson: str, column: str, value=None) -> None:
        """Set one column of the lesson's row, creating the row if need be (`value` None: now)."""
        # `column` is one of this class's own names, never user text.
        def write(conn):
            now = _now()
            conn.execute(
                f"INSERT INTO lessons (lesson, {column}, started, updated) VALUES (?, ?, ?, ?) "
                f"ON CONFLICT(lesson) DO UPDATE SET {column} = excluded.{column}, updated = excluded.updated",
                (lesson, now if value is None else value, now, now),
            )

        self._run(write)

    def record_attempt(
        self,
        lesson: str,
        exercise: str,
        answer: str,
        *,
        correct: bool,
        misconception: str | None = None,
        step: int | None = None,
        seconds: float | None = None,
        skills: Iterable[str] = (),
    ) -> int:
        """Store one judged answer; returns the exercise's attempt count after it.

        Args:
            step: None for the exercise's own answer (it counts as an attempt), or the
                1-based number of a guided step (kept, but not counted as an attempt).
        """

        def write(conn):
            self._ensure_exercise(conn, lesson, exercise, skills)
            if step is None:
                conn.execute(
                    "UPDATE exercises SET attempts = attempts + 1, updated = ? WHERE lesson = ? AND exercise = ?",
                    (_now(), lesson, exercise),
                )
            attempts, hints_used = conn.execute(
                "SELECT attempts, hints_used FROM exercises WHERE lesson = ? AND exercise = ?", (lesson, exercise)
            ).fetchone()
            conn.execute(
                "INSERT INTO attempts (lesson, exercise, step, answer, correct, misconception, hints_used, seconds, at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (lesson, exercise, step, answer, int(bool(correct)), misconception, hints_used, seconds, _now()),
            )
            return attempts

        return self._run(write)

    def record_hint(self, lesson: str, exercise: str, level: int, *, skills: Iterable[str] = ()) -> None:
        """Store that hint `level` (1-based) of an exercise was shown."""

        def write(conn):
            self._ensure_exercise(conn, lesson, exercise, skills)
            conn.execute(
                "UPDATE exercises SET hints_used = max(hints_used, ?), updated = ? WHERE lesson = ? AND exercise = ?",
                (level, _now(), lesson, exercise),
            )
            conn.execute(
                "INSERT INTO hints (lesson, exercise, level, at) VALUES (?, ?, ?, ?)", (lesson, exercise, level, _now())
            )

        self._run(write)

    def finish_exercise(self, lesson: str, exercise: str, outcome: str, *, skills: Iterable[str] = ()) -> None:
        """Store the outcome of an exercise (one of `OUTCOMES`), in its state and its history."""
        if outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {outcome!r}")
        skills_json = json.dumps(list(skills))

        def write(conn):
            self._ensure_exercise(conn, lesson, exercise, ())
            now = _now()
            conn.execute(
                "UPDATE exercises SET outcome = ?, skills = ?, updated = ? WHERE lesson = ? AND exercise = ?",
                (outcome, skills_json, now, lesson, exercise),
            )
            attempts, hints_used = conn.execute(
                "SELECT attempts, hints_used FROM exercises WHERE lesson = ? AND exercise = ?", (lesson, exercise)
            ).fetchone()
            conn.execute(
                "INSERT INTO results (lesson, exercise, outcome, attempts, hints_used, skills, at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (lesson, exercise, outcome, attempts, hints_used, skills_json, now),
            )

        self._run(write)

    def complete_lesson(self, lesson: str) -> None:
        """Mark the lesson as completed (every exercise has an outcome)."""
        self._set_lesson_column(lesson, "completed")

    def restart(self, lesson: str) -> None:
        """Start a lesson over: clear its position and outcomes; the history of attempts stays."""

        def write(conn):
            conn.execute("DELETE FROM exercises WHERE lesson = ?", (lesson,))
            conn.execute("DELETE FROM lessons WHERE lesson = ?", (lesson,))
            conn.execute("DELETE FROM seeds WHERE lesson = ?", (lesson,))  # draw fresh exercises

        self._run(write)

    def draw_seed(self, lesson: str, seed: int | None = None) -> int:
        """The seed the lesson's generated exercises are drawn from, stored on first use.

        Args:
            seed: the seed to store when the lesson has none yet (default: a random one).
                A stored seed is kept until `restart`: resuming shows the same exercises.
        """
        import secrets

        new = secrets.randbelow(2**31) if seed is None else seed

        def write(conn):
            conn.execute("INSERT OR IGNORE INTO seeds (lesson, seed, at) VALUES (?, ?, ?)", (lesson, new, _now()))
            return conn.execute("SELECT seed FROM seeds WHERE lesson = ?", (lesson,)).fetchone()[0]

        return self._run(write)

    def stored_seed(self, lesson: str) -> int | None:
        """The lesson's stored draw seed, or None."""
        rows = self._query("SELECT seed FROM seeds WHERE lesson = ?", (lesson,))
        return rows[0][0] if rows else None

    def open_exercise(self, lesson: str, exercise: str, *, skills: Iterable[str] = ()) -> None:
        """Record that an exercise is on screen (practice resumes it after an interruption)."""

        def write(conn):
            self._ensure_exercise(conn, lesson, exercise, skills)
            conn.execute("UPDATE exercises SET updated = ? WHERE lesson = ? AND exercise = ?",
                         (_now(), lesson, exercise))

        self._run(write)

    def record_observation(self, skill: str, correct: bool, *, exercise: str | None = None,
                           misconception: str | None = None) -> None:
        """Store one knowledge-tracing observation of `skill` (practice)."""

        def write(conn):
            conn.execute(
                "INSERT INTO observations (skill, correct, exercise, misconception, at) VALUES (?, ?, ?, ?, ?)",
                (skill, int(bool(correct)), exercise, misconception, _now()),
            )

        self._run(write)

    def set_review(self, skill: str, box: int, due: str) -> None:
        """Put `skill` in Leitner `box`, next due at `due` (ISO time, UTC)."""

        def write(conn):
            conn.execute(
                "INSERT INTO reviews (skill, box, due, updated) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(skill) DO UPDATE SET box = excluded.box, due = excluded.due, updated = excluded.updated",
                (skill, box, due, _now()),
            )

        self._run(write)

    def save_fitted_params(self, skill: str, params: Any, observations: int) -> None:
        """Store knowledge-tracing parameters fitted for `skill` (prior, learn, slip, guess)."""

        def write(conn):
            conn.execute(
                "INSERT OR REPLACE INTO fitted_params (skill, prior, learn, slip, guess, observations, at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (skill, params.prior, params.learn, params.slip, params.guess, observations, _now()),
            )

        self._run(write)

    # -- reading -----------------------------------------------------------------------

    def unfinished(self, lesson: str) -> list[str]:
        """Ids of the lesson's exercises without an outcome, the most recently touched first."""
        rows = self._query("SELECT exercise FROM exercises WHERE lesson = ? AND outcome IS NULL "
                           "ORDER BY updated DESC, rowid DESC", (lesson,))
        return [row[0] for row in rows]

    def observations(self) -> list[dict[str, Any]]:
        """Every knowledge-tracing observation, oldest first."""
        rows = self._query("SELECT skill, correct, exercise, misconception, at FROM observations ORDER BY id")
        keys = ("skill", "correct", "exercise", "misconception", "at")
        return [dict(zip(keys, row)) | {"correct": bool(row[1])} for row in rows]

    def reviews(self) -> dict[str, tuple[int, str]]:
        """skill -> (Leitner box, due time) for every skill with a review schedule."""
        return {skill: (box, due) for skill, box, due in self._query("SELECT skill, box, due FROM reviews")}

    def fitted_params(self) -> dict[str, Any]:
        """skill -> fitted `symtutor.practice.mastery.BKTParams`, for the skills fitted so far."""
        from symtutor.practice.mastery import BKTParams

        rows = self._query("SELECT skill, prior, learn, slip, guess FROM fitted_params")
        return {skill: BKTParams(prior, learn, slip, guess) for skill, prior, learn, slip, guess in rows}

    def misconception_counts(self) -> list[tuple[str, int]]:
        """(label, how often) for every misconception diagnosed in an answer, most frequent first."""
        rows = self._query(
            "SELECT misconception, COUNT(*) FROM attempts WHERE misconception IS NOT NULL "
            "GROUP BY misconception ORDER BY COUNT(*) DESC, misconception"
        )
        return [(label, count) for label, count in rows]

    def position(self, lesson: str) -> int | None:
        """The index of the last item shown, or None if the lesson was never started."""
        rows = self._query("SELECT position FROM lessons WHERE lesson = ?", (lesson,))
        return rows[0][0] if rows else None

    def completed(self, lesson: str) -> str | None:
        """When the lesson was completed (ISO time), or None."""
        rows = self._query("SELECT completed FROM lessons WHERE lesson = ?", (lesson,))
        return rows[0][0] if rows else None

    def states(self, lesson: str) -> dict[str, ExerciseState]:
        """Exercise id -> its current `ExerciseState`, for every exercise touched in the lesson."""
        rows = self._query("SELECT exercise, outcome, attempts, hints_used FROM exercises WHERE lesson = ?", (lesson,))
        return {exercise: ExerciseState(outcome, attempts, hints) for exercise, outcome, attempts, hints in rows}

    def attempts(self, lesson: str | None = None) -> list[dict[str, Any]]:
        """Every stored answer (oldest first), optionally for one lesson only."""
        sql = "SELECT lesson, exercise, step, answer, correct, misconception, hints_used, seconds, at FROM attempts"
        params: tuple = ()
        if lesson is not None:
            sql += " WHERE lesson = ?"
            params = (lesson,)
        keys = ("lesson", "exercise", "step", "answer", "correct", "misconception", "hints_used", "seconds", "at")
        rows = self._query(sql + " ORDER BY id", params)
        return [dict(zip(keys, row)) | {"correct": bool(row[4])} for row in rows]

    def results(self) -> list[dict[str, Any]]:
        """Every exercise outcome ever reached (across restarts), oldest first."""
        rows = self._query("SELECT lesson, exercise, outcome, attempts, hints_used, skills, at FROM results ORDER BY id")
        keys = ("lesson", "exercise", "outcome", "attempts", "hints_used", "skills", "at")
        return [dict(zip(keys, row)) | {"skills": json.loads(row[5])} for row in rows]


def first_unfinished(exercise_ids: Sequence[str], states: dict[str, ExerciseState]) -> int | None:
    """The index in `exercise_ids` of the first exercise with no outcome, or None if all have one."""
    for index, exercise_id in enumerate(exercise_ids):
        state = states.get(exercise_id)
        if state is None or state.outcome is None:
            return index
    return None


def mastery(observations: Iterable[bool], skill: str | None = None) -> float:
    """P(skill known) after a sequence of observations, by Bayesian knowledge tracing.

    Args:
        observations: True for an exercise solved at the first attempt without help.
        skill: whose parameters to use (`symtutor.practice.mastery.PARAMS`); the defaults if None.
    """
    from symtutor.practice import mastery as bkt

    return bkt.trace(observations, bkt.params_for(skill) if skill else bkt.DEFAULT)


def lesson_summary(store: Store | None, lessons: Sequence[Any]) -> list[dict[str, Any]]:
    """Per lesson: how far the learner got. `store` None means no progress yet.

    Args:
        lessons: `symtutor.lessons.model.Lesson` objects (id, title, exercises with id/skills).

    Returns:
        One dict per lesson: ``id``, ``title``, ``completed`` (bool), ``exercises`` (count),
        ``done`` (with an outcome), ``solved`` (without hints or guidance), ``first_try``
        (of those, at the first attempt), ``solved_with_hints``, ``revealed``, ``skipped``,
        ``attempts`` (answers given), ``started`` (bool), ``completed_at`` (ISO time or None).
    """
    out = []
    for lesson in lessons:
        ids = [exercise.id for exercise in _plan(lesson)]
        states = store.states(lesson.id) if store else {}
        counts = dict.fromkeys(OUTCOMES, 0)
        for exercise_id in ids:
            state = states.get(exercise_id)
            if state is not None and state.outcome in counts:
                counts[state.outcome] += 1
        done = sum(counts.values())
        first_try = sum(
            1
            for i in ids
            if i in states and states[i].outcome == "solved" and states[i].attempts <= 1
        )
        completed_at = store.completed(lesson.id) if store else None
        out.append(
            {
                "id": lesson.id,
                "title": lesson.title,
                "completed": bool(ids) and done == len(ids),
                "exercises": len(ids),
                "done": done,
                **counts,
                "first_try": first_try,
                "attempts": sum(states[i].attempts for i in ids if i in states),
                "started": store is not None and (store.position(lesson.id) is not None or bool(states)),
                "completed_at": completed_at,
            }
        )
    return out


def _plan(lesson) -> Sequence[Any]:
    """Every exercise of a lesson, generated ones included before they are drawn."""
    return getattr(lesson, "plan", None) or lesson.exercises


def skill_summary(store: Store | None, lessons: Sequence[Any]) -> list[dict[str, Any]]:
    """Per skill: exercises solved out of those in the lessons, and the mastery estimate.

    Returns:
        One dict per skill (skills of the lessons' exercises, then any others seen in the
        history), in first-seen order: ``skill``, ``exercises`` (in the lessons),
        ``solved`` (currently solved, with or without hints), ``practised`` (observations:
        lesson exercises finished and practice answers judged), ``right`` (the successes
        among them: a lesson exercise solved at the first try without help, a practice
        answer right without a hint), ``mastery`` (P(known), rounded to 2 places)
        and ``mastered`` (bool).
    """
    totals: dict[str, int] = {}
    solved: dict[str, int] = {}
    for lesson in lessons:
        states = store.states(lesson.id) if store else {}
        for exercise in _plan(lesson):
            for skill in exercise.skills:
                totals[skill] = totals.get(skill, 0) + 1
                state = states.get(exercise.id)
                if state is not None and state.outcome in SOLVED:
                    solved[skill] = solved.get(skill, 0) + 1
    from symtutor.practice import mastery as bkt

    # Lesson exercises finished (first try or not), then practice answers one by one.
    history = bkt.observations(store)
    fitted = store.fitted_params() if store else {}
    out = []
    for skill in list(totals) + [s for s in history if s not in totals]:
        p = bkt.trace(history.get(skill, ()), bkt.params_for(skill, fitted))
        out.append(
            {
                "skill": skill,
                "exercises": totals.get(skill, 0),
                "solved": solved.get(skill, 0),
                "practised": len(history.get(skill, ())),
                "right": sum(history.get(skill, ())),
                "mastery": round(p, 2),
                "mastered": p >= MASTERED,
            }
        )
    return out


def open_existing(path: str | os.PathLike | None = None) -> Store | None:
    """The store if its file exists, else None (reading progress never creates the file)."""
    target = Path(path) if path is not None else default_path()
    if not target.exists():
        return None
    return Store(target)
