"""Grade a whole class's answers: read rows, judge them on every core, keep input order.

A row is a dict with ``problem`` and ``answer`` and optionally ``id``, ``wrt`` and
``kind``. `grade_row` turns one row into one JSON-ready result and is a pure,
top-level function, so it maps unchanged onto other executors::

    import dask.bag as db
    results = db.from_sequence(read_rows("class.csv")).map(grade_row).compute()

`grade_file` is the fast path the ``symtutor grade`` command uses: it groups rows by
problem so that each worker compiles a problem once (its derivative, mal-rule
variants and values at the test points), judges each distinct answer once, and
puts the results back in input order. Memory stays bounded on large files because
rows are read and graded in windows.

Nothing here prints; the command and `symtutor.render.grade_summary` do that.
"""

from __future__ import annotations

import collections
import csv
import io
import itertools
import json
import math
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from symtutor.errors import InputError, one_line

KINDS = ("derivative", "expr", "value", "vector")

#: Seconds one answer may take before it becomes a "timed out" error result.
ANSWER_TIMEOUT = 2.0
#: Seconds compiling one problem may take (it happens once per problem and worker).
PROBLEM_TIMEOUT = 10.0
#: Rows read, grouped and graded together: bounds memory on large files (about 50 MB),
#: and is large enough that a class of 30 problems x 1,000 learners is one window
#: (each window starts its problems afresh on whichever worker takes them).
WINDOW = 100_000
#: Distinct answers per task sent to a worker: large enough that a problem is mostly
#: compiled by one worker only, small enough to keep both cores busy to the end.
CHUNK = 250

#: With --jobs left to its default, a file with fewer distinct answers than this is
#: graded in-process: starting workers would take longer than grading.
SMALL = 100

#: Keys copied from a verdict into a result, in output order.
RESULT_KEYS = ("correct", "misconception", "feedback", "expected")

Key = tuple[str, "str | None", str]  # (problem, wrt, kind)
Compiler = Callable[..., Any]  # compile_problem(problem, wrt, kind=...) -> has .judge(answer)


# --------------------------------------------------------------------------- reading


def detect_format(path: str | os.PathLike) -> str:
    """``"csv"`` or ``"jsonl"``: by extension, else by the first non-blank character.

    Raises:
        InputError: the file is a JSON array rather than one object per line.
        OSError: the file cannot be opened.
    """
    suffix = Path(path).suffix.lower()
    if suffix in (".csv", ".tsv"):
        return "csv"
    with open(path, encoding="utf-8-sig", errors="replace") as handle:
        head = handle.read(4096).lstrip()
    if head.startswith("["):
        raise InputError(
            f"{Path(path).name}: a JSON array; write one JSON object per line (JSONL)"
        )
    if suffix in (".jsonl", ".ndjson", ".json") or head.startswith("{"):
        return "jsonl"
    return "csv"


def read_rows(path: str | os.PathLike, fmt: str | None = None) -> Iterator[dict]:
    """Stream the rows of a CSV or JSONL answer file, one dict per record, in order.

    Every record yields exactly one row: a malformed one (bad JSON, not an object,
    a CSV parse error) becomes ``{"id": n, "error": "..."}``. Rows without an ``id``
    get their 1-based row number (blank lines are not rows).

    Args:
        path: the file.
        fmt: ``"csv"`` or ``"jsonl"``; detected when omitted.

    Raises:
        InputError: the file is not a class file at all (no problem/answer header).
        OSError: the file cannot be read.
    """
    fmt = fmt or detect_format(path)
    # Bad bytes become U+FFFD, which the parser then refuses for that row alone.
    handle = open(path, encoding="utf-8-sig", errors="replace", newline="")
    try:
        rows = _csv_rows(handle, Path(path).name) if fmt == "csv" else _jsonl_rows(handle)
        yield from rows
    finally:
        handle.close()


def _jsonl_rows(handle: io.TextIOBase) -> Iterator[dict]:
    number = 0
    for line_no, line in enumerate(handle, 1):
        if not line.strip():
            continue
        number += 1
        try:
            record = json.loads(line)
        except ValueError as exc:
            yield {"id": number, "error": f"line {line_no}: not valid JSON ({exc.msg})"}
            continue
        except RecursionError:
            yield {"id": number, "error": f"line {line_no}: JSON nested too deeply"}
            continue
        if not isinstance(record, dict):
            yield {"id": number, "error": f"line {line_no}: expected a JSON object"}
            continue
        yield _with_id(record, number)


def _csv_rows(handle: io.TextIOBase, name: str) -> Iterator[dict]:
    sample = handle.read(4096)
    handle.seek(0)
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    reader = csv.reader(handle, delimiter=delimiter)
    header: list[str] | None = None
    number = 0
    while True:
        line_before = reader.line_num
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if header is None:
                raise InputError(f"{name}: unreadable CSV header ({exc})") from None
            number += 1
            yield {"id": number, "error": f"line {reader.line_num}: unreadable CSV ({exc})"}
            if reader.line_num == line_before:  # no progress: stop rather than spin
                return
            continue
        if not any(f.strip() for f in fields):
            continue
        if header is None:
            header = [f.strip().lower() for f in fields]
            missing = [c for c in ("problem", "answer") if c not in header]
            if missing:
                raise InputError(
                    f"{name}: the first line must be a header naming the columns "
                    f"problem and answer (missing: {', '.join(missing)})"
                )
            continue
        number += 1
        record = {col: value for col, value in zip(header, fields) if col}
        yield _with_id(record, number)


def _with_id(record: dict, number: int) -> dict:
    ident = record.get("id")
    if ident is None or (isinstance(ident, str) and not ident.strip()):
        record = dict(record, id=number)
    return record


# --------------------------------------------------------------------------- one row


def prepare(row: dict) -> tuple[Any, Key | None, str | dict]:
    """Validate one row: ``(id, key, answer)``, or ``(id, None, error_result)``.

    ``key`` is ``(problem, wrt, kind)`` with the defaults filled in.
    """
    ident = row.get("id")
    if not isinstance(ident, (str, int, float)) or isinstance(ident, bool):
        ident = None if ident is None else json.dumps(ident)
    if "error" in row:
        return ident, None, {"id": ident, "error": str(row["error"])}
    try:
        problem = _text(row, "problem")
        answer = _text(row, "answer")
        wrt = _text(row, "wrt", required=False) or None
        kind = (_text(row, "kind", required=False) or "derivative").lower()
    except InputError as exc:
        return ident, None, {"id": ident, "error": str(exc)}
    if kind not in KINDS:
        return ident, None, {
            "id": ident,
            "error": f"unknown kind {kind!r} (use one of {', '.join(KINDS)})",
        }
    return ident, (problem, wrt, kind), answer


def _text(row: dict, column: str, *, required: bool = True) -> str:
    value = row.get(column)
    if isinstance(value, bool) or isinstance(value, (dict,)):
        raise InputError(f"{column}: expected text, got {json.dumps(value)}")
    if isinstance(value, (int, float)):
        value = repr(value) if isinstance(value, float) else str(value)
    elif isinstance(value, list):
        # A JSONL vector answer may come as a list: [7, 8] reads as the text "[7, 8]".
        if not all(isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in value):
            raise InputError(f"{column}: a list may hold only numbers and expressions")
        value = "[" + ", ".join(str(v) for v in value) + "]"
    elif value is not None and not isinstance(value, str):
        raise InputError(f"{column}: expected text")
    value = (value or "").strip()
    if required and not value:
        raise InputError(f"no {column} given")
    return value


def grade_row(row: dict, *, timeout: float = ANSWER_TIMEOUT, compiler: Compiler | None = None) -> dict:
    """Grade one row; the result is JSON-ready and never an exception.

    Pure apart from per-process caches (compiled problems, judged answers), and
    top-level, so it pickles for ``multiprocessing``, Dask and Ray alike.

    Args:
        row: ``problem``, ``answer`` and optionally ``id``, ``wrt``, ``kind``.
        timeout: seconds the answer may take (enforced when called on a process's
            main thread, where a timer signal can interrupt it).
        compiler: stands in for `symtutor.answers.checking.compile_problem` (tests).

    Returns:
        ``{"id", "correct", "misconception", "feedback", "expected"}`` or
        ``{"id", "error"}``.
    """
    ident, key, answer = prepare(row)
    if key is None:
        return answer
    (result,) = grade_answers(key, [answer], timeout=timeout, compiler=compiler)
    return {"id": ident, **result}


# --------------------------------------------------------------------------- workers


class AnswerTimeout(BaseException):
    """Raised by the timer signal; a BaseException so no `except Exception` swallows it."""


def _on_alarm(signum, frame):
    raise AnswerTimeout


#: In a worker process only: CPU seconds, as a multiple of the time bound, after which
#: the kernel ends the process. A Python signal handler runs only between bytecodes,
#: so C code that never returns (a runaway regex, a huge integer power) ignores the
#: alarm; this backstop does not, and the pool then isolates the answer (see _Pool).
HARD_LIMIT_FACTOR = 3.0
_hard_limit = False  # set by _worker_init in pool workers, never in the caller's process


class _time_limit:
    """Interrupt the block after `seconds` (main thread only; otherwise unbounded)."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.armed = False

    def __enter__(self):
        if self.seconds and threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGALRM, _on_alarm)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
            if _hard_limit:
                signal.setitimer(signal.ITIMER_VIRTUAL, self.seconds * HARD_LIMIT_FACTOR)
            self.armed = True
        return self

    def __exit__(self, *exc):
        if self.armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            if _hard_limit:
                signal.setitimer(signal.ITIMER_VIRTUAL, 0)
            signal.signal(signal.SIGALRM, self.previous)
        return False


#: Per-process caches. Failures are cached too: a problem that cannot be compiled
#: fails every row of it, and must not cost its timeout once per row.
_PROBLEMS: dict[tuple, Any] = {}
_ANSWERS: dict[tuple, dict] = {}
_CACHE_LIMIT = 50_000


def _compiled(key: Key, compiler: Compiler | None):
    """The compiled problem for `key`, or an error result dict (cached either way)."""
    cache_key = (key, compiler)
    hit = _PROBLEMS.get(cache_key)
    if hit is not None:
        return hit
    if compiler is None:
        from symtutor.answers.checking import compile_problem as compiler_fn
    else:
        compiler_fn = compiler
    problem, wrt, kind = key
    try:
        with _time_limit(PROBLEM_TIMEOUT):
            compiled = compiler_fn(problem, wrt, kind=kind)
    except AnswerTimeout:
        compiled = {"error": f"problem: timed out (over {PROBLEM_TIMEOUT:g} s) preparing {problem!r}"}
    except (ValueError, ArithmeticError, RecursionError, MemoryError) as exc:
        compiled = {"error": f"problem: {_message(exc)}"}
    except Exception as exc:  # noqa: BLE001 - one bad problem must not end a class's run
        compiled = {"error": f"problem: internal error while preparing it ({type(exc).__name__})"}
    if len(_PROBLEMS) >= 1024:
        _PROBLEMS.clear()
    _PROBLEMS[cache_key] = compiled
    return compiled


def grade_answers(
    key: Key,
    answers: Iterable[str],
    *,
    timeout: float = ANSWER_TIMEOUT,
    compiler: Compiler | None = None,
) -> list[dict]:
    """Judge each answer to one problem; one result dict (without ``id``) per answer.

    Top-level and picklable: this is the task a worker process runs. Each answer
    gets its own time bound, and any failure in one answer becomes that answer's
    error result.
    """
    compiled = _compiled(key, compiler)
    results = []
    for answer in answers:
        if isinstance(compiled, dict):
            results.append(dict(compiled))
            continue
        memo_key = (key, compiler, timeout, answer)
        result = _ANSWERS.get(memo_key)
        if result is None:
            result = _judge(compiled, answer, timeout)
            if len(_ANSWERS) >= _CACHE_LIMIT:
                _ANSWERS.clear()
            _ANSWERS[memo_key] = result
        results.append(dict(result))
    return results


def _judge(compiled, answer: str, timeout: float) -> dict:
    try:
        with _time_limit(timeout):
            verdict = compiled.judge(answer)
            data = verdict.to_dict()
    except AnswerTimeout:
        return {"error": f"timed out (over {timeout:g} s)"}
    except (ValueError, ArithmeticError, RecursionError, MemoryError) as exc:
        # InputError (unreadable answer) lands here with a message written for people.
        return {"error": _message(exc)}
    except Exception as exc:  # noqa: BLE001 - one bad answer must not end a class's run
        return {"error": f"internal error while checking this answer ({type(exc).__name__})"}
    return {k: _jsonable(data.get(k)) for k in RESULT_KEYS}


def _message(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "too deeply nested to check"
    if isinstance(exc, MemoryError):
        return "too large to check (out of memory)"
    return one_line(exc)


def _jsonable(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)


def _worker_init() -> None:
    global _hard_limit
    # Ctrl-C is the parent's to handle; workers are terminated, not interrupted.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # SIGVTALRM's default action ends the process, even inside C code (HARD_LIMIT_FACTOR).
    signal.signal(signal.SIGVTALRM, signal.SIG_DFL)
    _hard_limit = True


# --------------------------------------------------------------------------- the run


@dataclass
class ProblemStats:
    """Counts for one (problem, wrt, kind) in a graded file."""

    problem: str
    wrt: str | None = None
    kind: str = "derivative"
    n: int = 0
    correct: int = 0
    errors: int = 0
    misconceptions: collections.Counter = field(default_factory=collections.Counter)

    @property
    def percent_correct(self) -> float:
        """Correct answers as a percentage of all rows (errors count as not correct)."""
        return 100.0 * self.correct / self.n if self.n else 0.0

    @property
    def commonest(self) -> tuple[str, int] | None:
        """The most frequent misconception and its count (ties: the first seen)."""
        if not self.misconceptions:
            return None
        return self.misconceptions.most_common(1)[0]


@dataclass
class Summary:
    """What a grading run found: per-problem counts, totals and throughput."""

    problems: dict[tuple, ProblemStats] = field(default_factory=dict)
    rows: int = 0
    correct: int = 0
    errors: int = 0
    seconds: float = 0.0
    jobs: int = 1
    distinct: int = 0  # distinct (problem, answer) pairs actually judged
    auto: bool = False  # jobs was left to its default (all cores, or 1 for a small file)

    def add(self, row: dict, result: dict) -> None:
        """Count one row and its result."""
        key = (
            _label(row.get("problem")) or "(no problem)",
            _label(row.get("wrt")),
            (_label(row.get("kind")) or "derivative").lower(),
        )
        stats = self.problems.get(key)
        if stats is None:
            stats = self.problems[key] = ProblemStats(*key)
        stats.n += 1
        self.rows += 1
        if "error" in result:
            stats.errors += 1
            self.errors += 1
        elif result.get("correct"):
            stats.correct += 1
            self.correct += 1
        elif result.get("misconception"):
            stats.misconceptions[result["misconception"]] += 1

    @property
    def percent_correct(self) -> float:
        """Correct answers as a percentage of all rows."""
        return 100.0 * self.correct / self.rows if self.rows else 0.0

    @property
    def per_minute(self) -> float:
        """Throughput: rows graded per minute of wall time."""
        return 60.0 * self.rows / self.seconds if self.seconds > 0 else math.inf

    def to_dict(self) -> dict:
        """JSON-ready summary (``grade --format json``)."""
        return {
            "rows": self.rows,
            "correct": self.correct,
            "errors": self.errors,
            "percent_correct": round(self.percent_correct, 1),
            "seconds": round(self.seconds, 3),
            "answers_per_minute": round(self.per_minute) if self.seconds > 0 else None,
            "jobs": self.jobs,
            "problems": [
                {
                    "problem": s.problem,
                    "wrt": s.wrt,
                    "kind": s.kind,
                    "n": s.n,
                    "correct": s.correct,
                    "percent_correct": round(s.percent_correct, 1),
                    "errors": s.errors,
                    "commonest_misconception": s.commonest[0] if s.commonest else None,
                    "commonest_count": s.commonest[1] if s.commonest else 0,
                }
                for s in self.problems.values()
            ],
        }


def _label(value) -> str | None:
    """A row's cell as summary text (JSONL cells may be numbers or lists)."""
    if value is None:
        return None
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return text.strip() or None


class Grading:
    """An iterator of ``(row, result)`` in input order; `summary` is complete at the end."""

    def __init__(self, pairs: Iterator[tuple[dict, dict]], summary: Summary):
        self._pairs = pairs
        self.summary = summary

    def __iter__(self):
        return self._pairs

    def close(self) -> None:
        """Stop early: workers still busy are terminated."""
        self._pairs.close()


def grade_file(
    path: str | os.PathLike,
    jobs: int | None = None,
    *,
    timeout: float = ANSWER_TIMEOUT,
    compiler: Compiler | None = None,
    progress: Callable[[int], None] | None = None,
    window: int = WINDOW,
) -> Grading:
    """Grade every row of a CSV or JSONL file, in parallel, keeping input order.

    Args:
        path: the answer file (see `read_rows`).
        jobs: worker processes; default all cores; 1 grades in this process.
        timeout: seconds per answer.
        compiler: stands in for `symtutor.answers.checking.compile_problem` (tests).
        progress: called with the number of rows just finished.
        window: rows grouped and graded together.

    Returns:
        A `Grading`: iterate it for ``(row, result)`` pairs; its ``summary`` is
        filled in as you go and complete (with timing) when the iteration ends.

    Raises:
        InputError, OSError: the file is missing, unreadable or not a class file;
            raised here, before any row is graded.
    """
    fmt = detect_format(path)
    rows = read_rows(path, fmt)
    first = next(rows, None)  # surfaces a bad header now, not mid-output
    rows = itertools.chain([] if first is None else [first], rows)
    # The readers give every row its id already, so grade_rows numbers nothing here.
    return grade_rows(rows, jobs, timeout=timeout, compiler=compiler, progress=progress, window=window)


def grade_rows(
    rows: Iterable[dict],
    jobs: int | None = None,
    *,
    timeout: float = ANSWER_TIMEOUT,
    compiler: Compiler | None = None,
    progress: Callable[[int], None] | None = None,
    window: int = WINDOW,
) -> Grading:
    """Like `grade_file`, for rows already in memory (or any iterable of row dicts).

    Rows without an ``id`` get their 1-based position, as in a file.
    """
    summary = Summary(jobs=_jobs(jobs), auto=jobs is None)
    numbered = (_with_id(row, number) for number, row in enumerate(rows, 1))
    return Grading(
        _run(numbered, summary, timeout=timeout, compiler=compiler, progress=progress, window=window),
        summary,
    )


def _jobs(jobs: int | None) -> int:
    if jobs is None:
        # The cores this process may run on (a container or taskset may allow fewer).
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        return max(1, cores or 1)
    if jobs < 1:
        raise InputError("--jobs must be at least 1")
    return jobs


@dataclass
class _Window:
    """One window of rows: their slots into the tasks, and the tasks' results."""

    rows: list[dict]
    slots: list  # per row: error result dict, or (id, task index, position in task)
    tasks: list[tuple[Key, list[str]]]
    weights: list[int]  # rows each task answers (for the progress bar)
    results: list[list[dict] | None]
    futures: list = field(default_factory=list)
    attempts: list = field(default_factory=list)


def _plan(rows: list[dict]) -> _Window:
    """Group a window's rows by problem and dedupe answers into worker tasks."""
    groups: dict[Key, dict[str, int]] = {}
    counts: dict[Key, collections.Counter] = {}
    pending = []
    slots: list = []
    for row in rows:
        ident, key, answer = prepare(row)
        if key is None:
            slots.append(answer)
            continue
        answers = groups.setdefault(key, {})
        position = answers.setdefault(answer, len(answers))
        counts.setdefault(key, collections.Counter())[position] += 1
        slots.append(None)
        pending.append((len(slots) - 1, ident, key, position))
    tasks: list[tuple[Key, list[str]]] = []
    weights: list[int] = []
    where: dict[tuple[Key, int], tuple[int, int]] = {}
    for key, answers in groups.items():
        distinct = list(answers)
        for start in range(0, len(distinct), CHUNK):
            part = distinct[start : start + CHUNK]
            for offset in range(len(part)):
                where[key, start + offset] = (len(tasks), offset)
            weights.append(sum(counts[key][start + i] for i in range(len(part))))
            tasks.append((key, part))
    # Largest tasks first, so that no big one is left running alone at the end.
    order = sorted(range(len(tasks)), key=lambda i: -len(tasks[i][1]))
    renumber = {old: new for new, old in enumerate(order)}
    tasks = [tasks[i] for i in order]
    weights = [weights[i] for i in order]
    for index, ident, key, position in pending:
        task, offset = where[key, position]
        slots[index] = (ident, renumber[task], offset)
    return _Window(rows, slots, tasks, weights, [None] * len(tasks))


def _windows(rows: Iterator[dict], size: int) -> Iterator[list[dict]]:
    while True:
        block = list(itertools.islice(rows, size))
        if not block:
            return
        yield block


def _run(
    rows: Iterator[dict],
    summary: Summary,
    *,
    timeout: float,
    compiler: Compiler | None,
    progress: Callable[[int], None] | None,
    window: int,
) -> Iterator[tuple[dict, dict]]:
    started = time.perf_counter()
    tick = progress or (lambda n: None)
    windows = (_plan(block) for block in _windows(rows, max(1, window)))
    first = next(windows, None)
    if first is None:  # nothing to grade: no need to load the checker
        summary.jobs = 1 if summary.auto else summary.jobs
        summary.seconds = time.perf_counter() - started
        return
    windows = itertools.chain([first], windows)
    if summary.auto and len(first.rows) < window:
        if sum(len(answers) for _, answers in first.tasks) < SMALL:
            summary.jobs = 1  # the whole file is a few answers: workers cost more than they save
    jobs = summary.jobs
    if compiler is None:
        # Before forking workers: import SymPy, the parser, engine and checker (and warm
        # their caches) once, not once per worker. grade_answers never raises.
        grade_answers(("x^2", None, "derivative"), ["2x"], timeout=timeout)
        tick(0)
    if jobs == 1:
        for win in windows:
            for number, (key, answers) in enumerate(win.tasks):
                win.results[number] = grade_answers(key, answers, timeout=timeout, compiler=compiler)
                tick(win.weights[number])
            tick(sum(1 for slot in win.slots if isinstance(slot, dict)))
            yield from _emit(win, summary)
        summary.seconds = time.perf_counter() - started
        return
    pool = _Pool(jobs, timeout, compiler)
    try:
        in_flight: collections.deque[_Window] = collections.deque()
        for win in windows:
            pool.submit(win)
            in_flight.append(win)
            # Two windows in flight: workers chew on the next while this one is written.
            if len(in_flight) > 1:
                yield from _finish(pool, in_flight.popleft(), summary, tick)
        while in_flight:
            yield from _finish(pool, in_flight.popleft(), summary, tick)
    finally:
        pool.close()
    summary.seconds = time.perf_counter() - started


def _finish(pool: "_Pool", win: _Window, summary: Summary, tick) -> Iterator[tuple[dict, dict]]:
    pool.wait(win, tick)
    tick(sum(1 for slot in win.slots if isinstance(slot, dict)))
    yield from _emit(win, summary)


def _emit(win: _Window, summary: Summary) -> Iterator[tuple[dict, dict]]:
    summary.distinct += sum(len(answers) for _, answers in win.tasks)
    for row, slot in zip(win.rows, win.slots):
        if isinstance(slot, dict):
            result = slot
        else:
            ident, task, offset = slot
            result = {"id": ident, **win.results[task][offset]}
        summary.add(row, result)
        yield row, result


class _Pool:
    """A process pool that survives a worker dying: its tasks are retried, then failed."""

    ATTEMPTS = 2

    def __init__(self, jobs: int, timeout: float, compiler: Compiler | None):
        self.jobs = jobs
        self.timeout = timeout
        self.compiler = compiler
        self.executor = None

    def _executor(self):
        if self.executor is None:
            self.executor = self._make(self.jobs)
        return self.executor

    @staticmethod
    def _make(workers: int):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # fork: workers inherit the imported checker instead of importing SymPy again.
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_init)

    def submit(self, win: _Window) -> None:
        win.futures = [self._submit(task) for task in win.tasks]
        win.attempts = [1] * len(win.tasks)

    def _submit(self, task):
        from concurrent.futures import Future
        from concurrent.futures.process import BrokenProcessPool

        key, answers = task
        executor = self._executor()
        try:
            future = executor.submit(
                grade_answers, key, answers, timeout=self.timeout, compiler=self.compiler
            )
        except BrokenProcessPool as exc:
            # The pool broke since the last submit: fail this task the way a running
            # one fails, so that `wait` recovers it like the others.
            future = Future()
            future.set_exception(exc)
        future.executor = executor  # which pool to restart if this one breaks
        return future

    def wait(self, win: _Window, tick) -> None:
        from concurrent.futures import FIRST_COMPLETED, CancelledError
        from concurrent.futures import wait as wait_for
        from concurrent.futures.process import BrokenProcessPool

        todo = {future: number for number, future in enumerate(win.futures)}
        while todo:
            # The timeout only lets the progress display tick over while workers are busy.
            done, _ = wait_for(list(todo), timeout=0.25, return_when=FIRST_COMPLETED)
            if not done:
                tick(0)
                continue
            broken = False
            for future in done:
                try:
                    win.results[todo[future]] = future.result()
                except (BrokenProcessPool, CancelledError):
                    broken = True  # resubmitted by _recover
                    continue
                except Exception as exc:  # noqa: BLE001 - e.g. a result that failed to pickle
                    message = f"internal error while grading ({type(exc).__name__})"
                    answers = win.tasks[todo[future]][1]
                    win.results[todo[future]] = [{"error": message} for _ in answers]
                tick(win.weights[todo.pop(future)])
            if broken:
                todo = self._recover(win, todo, tick)

    def _recover(self, win: _Window, todo: dict, tick) -> dict:
        """A worker died (killed, out of memory): retry its tasks on a fresh pool once,
        then one by one in a process of their own, to find the answer that kills it."""
        failed = [f for f in todo if f.done() and (f.cancelled() or f.exception() is not None)]
        dead = {future.executor for future in failed}
        if self.executor in dead:
            self.executor.shutdown(wait=False, cancel_futures=True)
            self.executor = None
        retry = {}
        for future, number in todo.items():
            if future not in failed and future.executor not in dead:
                retry[future] = number  # from a healthy pool: keep waiting for it
                continue
            if future.done() and future not in failed:
                retry[future] = number  # finished before its pool died
                continue
            if win.attempts[number] >= self.ATTEMPTS:
                key, answers = win.tasks[number]
                win.results[number] = self._isolated(key, answers)
                tick(win.weights[number])
                continue
            win.attempts[number] += 1
            retry[self._submit(win.tasks[number])] = number
        return retry

    def _isolated(self, key: Key, answers: list[str], probed: bool = False) -> list[dict] | None:
        """Grade in a process of its own; on a crash, halve until the culprit is alone.

        Returns None only for an empty `answers` whose problem crashes to compile.
        """
        from concurrent.futures.process import BrokenProcessPool

        executor = self._make(1)
        try:
            future = executor.submit(
                grade_answers, key, answers, timeout=self.timeout, compiler=self.compiler
            )
            return future.result()
        except BrokenProcessPool:
            pass
        finally:
            executor.shutdown(wait=True)
        if not answers:
            return None  # compiling the problem alone crashed
        if len(answers) == 1:
            return [{"error": "the grading process stopped on this answer (it crashed or ran far too long)"}]
        if not probed and self._isolated(key, []) is None:
            return [{"error": "problem: the grading process crashed preparing it"} for _ in answers]
        middle = len(answers) // 2
        return self._isolated(key, answers[:middle], True) + self._isolated(key, answers[middle:], True)

    def close(self) -> None:
        if self.executor is None:
            return
        # Workers may be mid-answer (on Ctrl-C, or an abandoned iteration): stop them now.
        processes = list(getattr(self.executor, "_processes", {}).values())
        self.executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join(timeout=5)
