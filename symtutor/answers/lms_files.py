"""Read the response files that learning-management systems export, as grading rows.

Three layouts, decided from the CSV header:

``long``    one answer per line (our own class files). ``--columns`` maps our
            names to the file's headers: ``problem=Question,answer=Response,id=Email``.
``moodle``  a Moodle quiz "Responses" report: one attempt per line, with
            ``Question N`` (the question text, shown when "Question text" is ticked)
            and ``Response N`` per question slot. Each slot becomes a row.
``canvas``  a Canvas "Student Analysis" report: one learner per line; each question
            is a column headed ``<question id>: <question text>``, followed by a
            column of points. Each question becomes a row.

The problem comes from the question text: a question exported by ``symtutor export``
carries a tag ``[symtutor: derivative of x^5 wrt x]``, read back here; a question
text without a tag must be the problem itself (map a column with ``--columns``).
STACK's response summary (``ans1: 5*x^4 [score]``) is reduced to the answer text,
and Moodle's ``-`` (no response) to a blank. Each row also gets a ``student``
(e-mail, username or name) for the class report.

Nothing here parses mathematics: cells stay text for `symtutor.read`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

from symtutor.errors import InputError

FIELDS = ("id", "problem", "answer", "wrt", "kind", "student", "skill")

#: The tag our exporters put in every question text (see symtutor.export.common).
TAG = re.compile(
    r"\[symtutor:\s*(?P<kind>derivative|expr|value|vector)\s+of\s+(?P<problem>.+?)"
    r"(?:\s+wrt\s+(?P<wrt>[A-Za-z]\w*))?\s*\]"
)
#: STACK's response summary: "Seed: 12; ans1: 5*x^4 [score]; prt1: # = 1 | prt1-1-T".
_STACK_ANSWER = re.compile(r"(?:^|;)\s*ans\d+\s*:\s*(?P<answer>.*?)\s*\[[a-z]+\]\s*(?:;|$)", re.S)
_MOODLE_SLOT = re.compile(r"^response\s+(\d+)$", re.I)
_CANVAS_QUESTION = re.compile(r"^(\d+):\s*(.*)$", re.S)
_STUDENT_HEADERS = ("email address", "email", "username", "name", "sis_id", "sis_user_id")


def parse_columns(spec: str) -> dict[str, str]:
    """``'problem=Question,answer="Response 1"'`` -> ``{"problem": "Question", ...}``.

    Raises:
        InputError: an entry is not ``name=Header`` or names a field we do not have.
    """
    mapping: dict[str, str] = {}
    for entry in next(csv.reader(io.StringIO(spec), skipinitialspace=True), []):
        name, sep, header = entry.partition("=")
        name, header = name.strip().lower(), header.strip().strip('"').strip()
        if not sep or not header:
            raise InputError(f"--columns: expected NAME=HEADER, got {entry!r}")
        if name not in FIELDS:
            raise InputError(f"--columns: unknown name {name!r} (use {', '.join(FIELDS)})")
        mapping[name] = header
    if not mapping:
        raise InputError("--columns: nothing to map (e.g. --columns problem=Question,answer=Response)")
    return mapping


def problem_of(text: str) -> dict:
    """``{"problem", "kind", "wrt"}`` from a question text (its tag), or the text itself."""
    m = TAG.search(text)
    if not m:
        return {"problem": text.strip()}
    found = {"problem": m.group("problem").strip(), "kind": m.group("kind")}
    if m.group("wrt"):
        found["wrt"] = m.group("wrt")
    return found


def answer_of(text: str) -> str:
    """The learner's answer from a response cell: STACK's summary and Moodle's '-' undone."""
    text = text.strip()
    if text == "-":
        return ""
    m = _STACK_ANSWER.search(text)
    return m.group("answer") if m else text


class Layout:
    """How one file's records become rows; `rows(fields)` yields 0 or more row dicts."""

    name = "long"

    def rows(self, fields: list[str]) -> Iterator[dict]:  # pragma: no cover - abstract
        raise NotImplementedError


class Long(Layout):
    """One answer per record; `mapping` is our name -> the column's index."""

    def __init__(self, index: dict[str, int]):
        self.index = index

    def rows(self, fields):
        row = {name: fields[i] for name, i in self.index.items() if i < len(fields)}
        if "problem" in row:
            found = problem_of(row["problem"])
            row.update({k: v for k, v in found.items() if k == "problem" or not row.get(k)})
        if "answer" in row:
            row["answer"] = answer_of(row["answer"])
        yield row


def _student_column(lower: list[str]) -> int | None:
    for name in _STUDENT_HEADERS:
        if name in lower:
            return lower.index(name)
    return None


def _student(fields: list[str], lower: list[str], column: int | None) -> str:
    if column is not None and column < len(fields) and fields[column].strip():
        return fields[column].strip()
    first = lower.index("first name") if "first name" in lower else None
    last = next((lower.index(h) for h in ("surname", "last name") if h in lower), None)
    parts = [fields[i].strip() for i in (first, last) if i is not None and i < len(fields)]
    return " ".join(p for p in parts if p)


class Moodle(Layout):
    """A Moodle Responses report: ``Question N`` / ``Response N`` per slot."""

    name = "moodle"

    def __init__(self, header: list[str], slots: list[tuple[int, int, int]]):
        self.lower = [h.strip().lower() for h in header]
        self.slots = slots  # (slot number, question column, response column)
        self.student = _student_column(self.lower)

    def rows(self, fields):
        if fields and fields[0].strip().lower() == "overall average":
            return  # Moodle's last line: the class averages, not an attempt
        student = _student(fields, self.lower, self.student)
        for number, qcol, rcol in self.slots:
            question = fields[qcol] if qcol < len(fields) else ""
            response = fields[rcol] if rcol < len(fields) else ""
            row = {"id": f"{student}#{number}", "student": student, **problem_of(question),
                   "answer": answer_of(response)}
            yield row


class Canvas(Layout):
    """A Canvas Student Analysis report: ``<id>: <question text>`` columns."""

    name = "canvas"

    def __init__(self, header: list[str], questions: list[tuple[int, str, dict]]):
        self.lower = [h.strip().lower() for h in header]
        self.questions = questions  # (column, question id, problem fields)
        self.student = _student_column(self.lower)

    def rows(self, fields):
        student = _student(fields, self.lower, self.student)
        for column, qid, found in self.questions:
            answer = fields[column] if column < len(fields) else ""
            yield {"id": f"{student}#{qid}", "student": student, **found, "answer": answer_of(answer)}


def layout(header: list[str], columns: dict[str, str] | None, name: str) -> Layout:
    """The layout for a CSV file with this header.

    Raises:
        InputError: the header fits no layout (the message says what is missing).
    """
    raw = [h.strip() for h in header]
    lower = [h.lower() for h in raw]
    if columns:
        index = {}
        for field, wanted in columns.items():
            if wanted.lower() not in lower:
                raise InputError(f"{name}: --columns {field}={wanted}: no such column "
                                 f"(the header has: {', '.join(raw[:12])})")
            index[field] = lower.index(wanted.lower())
        for field in FIELDS:  # unmapped fields keep their own column, if there is one
            if field not in index and field in lower and lower.index(field) not in index.values():
                index[field] = lower.index(field)
        if "answer" not in index or "problem" not in index:
            raise InputError(f"{name}: --columns must map answer and problem")
        return Long(index)
    if "problem" in lower and "answer" in lower:
        return Long({f: lower.index(f) for f in FIELDS if f in lower})
    slots = []
    for col, head in enumerate(lower):
        m = _MOODLE_SLOT.match(head)
        if m and f"question {m.group(1)}" in lower:
            slots.append((int(m.group(1)), lower.index(f"question {m.group(1)}"), col))
    if slots:
        return Moodle(raw, slots)
    questions = []
    for col, head in enumerate(raw):
        m = _CANVAS_QUESTION.match(head)
        if m and col + 1 < len(raw):
            questions.append((col, m.group(1), problem_of(m.group(2))))
    if questions:
        return Canvas(raw, questions)
    # Neither ours nor a report we know: the message of a class file without a header
    # (see --help for Moodle and Canvas reports and --columns).
    missing = [c for c in ("problem", "answer") if c not in lower]
    raise InputError(
        f"{name}: the first line must be a header naming the columns "
        f"problem and answer (missing: {', '.join(missing)})"
    )
