"""A lesson file's text made into a `symtutor.lessons.model.Lesson`, checked against
`symtutor.lessons.schema`: every error is a `LessonError` naming the file and the line
(the line of the key at fault, else of its table). `tomllib` only: no SymPy.

`symtutor.lessons.catalog` finds the files and loads them through `read_lesson`.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from pathlib import Path
from typing import Any

from symtutor.errors import InputError
from symtutor.lessons import schema
from symtutor.lessons.model import Exercise, Generate, GuidedStep, Lesson, Mistake, Text, Worked, as_text
from symtutor.lessons.schema import KINDS, WORKED_COMMANDS

#: What a lesson id (and an exercise id) may look like.
ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\- \"]+?)\s*\]\]?\s*(#.*)?$")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")

# The fields each table allows, from the one schema.
_LESSON_KEYS = set(schema.keys("lesson"))
_ITEM_KEYS = {item_type: set(schema.keys(item_type)) for item_type in ("text", "worked", "exercise")}
_GUIDED_KEYS = set(schema.keys("guided"))
_MISTAKE_KEYS = set(schema.keys("mistake"))
_WORKED_ARGS = schema.keys("args")
_GENERATE_KEYS = set(schema.keys("generate"))
#: Most exercises one ``generate`` item may draw.
MAX_GENERATED = 20


class LessonError(InputError):
    """A lesson file that cannot be used; the message names the file and the line."""


def read_lesson(path: Path, source: str) -> Lesson:
    """The lesson in `source`, the text of the file at `path` (used in messages).

    Raises:
        LessonError: malformed TOML or a schema error, as ``FILE:LINE: message``.
    """
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _TOML_POSITION.search(message)
        if found:
            text = message[: found.start()]
            raise LessonError(
                f"{path}:{found.group(1)}: malformed TOML: {text} (column {found.group(2)})"
            ) from None
        raise LessonError(f"{path}: malformed TOML: {message}") from None
    return _Builder(path, source).lesson(data)


class _Builder:
    """Turns parsed TOML into model objects, with line numbers for every error."""

    def __init__(self, path: Path, source: str) -> None:
        self.path = path
        self.lines = source.splitlines()
        self.lesson_line = 0
        self.item_lines: list[int] = []
        # (item index, sub-array name) -> header lines of [[items.NAME]] tables
        self.sub_lines: dict[tuple[int, str], list[int]] = {}
        for number, line in enumerate(self.lines, 1):
            found = _HEADER.match(line)
            if not found:
                continue
            name = found.group(1).replace(" ", "").replace('"', "")
            if name == "lesson":
                self.lesson_line = number
            elif name == "items":
                self.item_lines.append(number)
            elif name.startswith("items.") and self.item_lines:
                key = (len(self.item_lines) - 1, name.split(".", 1)[1])
                self.sub_lines.setdefault(key, []).append(number)
        self.item_lines.append(len(self.lines) + 1)  # sentinel: end of the last item

    # -- errors -----------------------------------------------------------------

    def _item_span(self, index: int | None) -> tuple[int, int]:
        if index is None:
            end = self.item_lines[0] if self.item_lines else len(self.lines) + 1
            return self.lesson_line or 1, end
        if index + 1 < len(self.item_lines):
            return self.item_lines[index], self.item_lines[index + 1]
        return 1, len(self.lines) + 1

    def line_of(self, index: int | None, key: str | None = None) -> int:
        """The line of `key` in item `index` (None: the [lesson] table), else the table's line."""
        start, end = self._item_span(index)
        if key:
            pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
            for number in range(start, min(end, len(self.lines) + 1)):
                if pattern.match(self.lines[number - 1]):
                    return number
            sub = self.sub_lines.get((index, key)) if index is not None else None
            if sub:
                return sub[0]
        return start

    def fail(self, index: int | None, key: str | None, message: str) -> LessonError:
        return LessonError(f"{self.path}:{self.line_of(index, key)}: {message}")

    # -- fields -----------------------------------------------------------------

    def text(self, table: dict, key: str, index: int | None, what: str, required: bool = True) -> str:
        value = table.get(key)
        if value is None:
            if required:
                raise self.fail(index, None, f"{what} has no {key!r}")
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.fail(index, key, f"{what}: {key!r} must be a non-empty string")
        return value.strip()

    def strings(self, table: dict, key: str, index: int | None, what: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(index, key, f"{what}: {key!r} must be a list of strings")
        return tuple(v.strip() for v in value)

    def point(self, table: dict, key: str, index: int | None, what: str) -> dict[str, str]:
        value = table.get(key, {})
        if not isinstance(value, dict):
            raise self.fail(index, key, f"{what}: {key!r} must be a table like {{ x = 3 }}")
        point = {}
        for name, number in value.items():
            try:
                point[str(name)] = as_text(number).strip()
            except TypeError:
                raise self.fail(index, key, f"{what}: {key}.{name} must be a number") from None
            if not point[str(name)]:
                raise self.fail(index, key, f"{what}: {key}.{name} is empty")
        return point

    def wrt(self, table: dict, index: int | None, what: str) -> str | None:
        value = table.get("wrt")
        if value is None:
            return None
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = ", ".join(v.strip() for v in value)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(index, "wrt", f"{what}: 'wrt' must be a variable name or a list of them")
        return value.strip()

    def unknown_keys(self, table: dict, allowed: set[str], index: int | None, what: str) -> None:
        extra = sorted(set(table) - allowed)
        if extra:
            raise self.fail(
                index, extra[0],
                f"{what}: unknown field {extra[0]!r} (allowed: {', '.join(sorted(allowed))})",
            )

    # -- tables -----------------------------------------------------------------

    def lesson(self, data: dict[str, Any]) -> Lesson:
        self.unknown_keys(data, set(schema.TOP_LEVEL), None, "lesson file")
        head = data.get("lesson")
        if not isinstance(head, dict):
            raise LessonError(f"{self.path}:1: lesson file has no [lesson] table")
        self.unknown_keys(head, _LESSON_KEYS, None, "[lesson]")
        lesson_id = self.text(head, "id", None, "[lesson]")
        if not ID.match(lesson_id):
            raise self.fail(None, "id", f"[lesson]: id {lesson_id!r} must be lower-case letters, digits and dashes")
        title = self.text(head, "title", None, "[lesson]")
        intro = self.text(head, "intro", None, "[lesson]")
        order = head.get("order", 0)
        if not isinstance(order, int) or isinstance(order, bool):
            raise self.fail(None, "order", "[lesson]: 'order' must be a whole number")
        skills = self.strings(head, "skills", None, "[lesson]")
        raw_items = data.get("items", [])
        if not isinstance(raw_items, list) or not raw_items:
            raise LessonError(f"{self.path}:{self.lesson_line or 1}: lesson {lesson_id!r} has no [[items]]")
        items = []
        seen: dict[str, int] = {}
        for index, table in enumerate(raw_items):
            item = self.item(table, index, lesson_id)
            if isinstance(item, Generate):
                # Number on after earlier items of the same skill and level.
                taken = sum(1 for i in seen if i.startswith(f"gen-{item.skill}-{item.level}-"))
                item = dataclasses.replace(item, first=taken + 1)
            ids = item.ids if isinstance(item, Generate) else (item.id,) if isinstance(item, Exercise) else ()
            for exercise_id in ids:
                if exercise_id in seen:
                    raise self.fail(
                        index, "id" if isinstance(item, Exercise) else "generate",
                        f"exercise id {exercise_id!r} is used twice (first at line {seen[exercise_id]})",
                    )
                seen[exercise_id] = item.line
            items.append(item)
        return Lesson(
            id=lesson_id, title=title, intro=intro, order=order, items=tuple(items),
            path=self.path, skills=skills,
        )

    def item(self, table: Any, index: int, lesson_id: str):
        if not isinstance(table, dict):
            raise self.fail(index, None, f"item {index + 1} must be a table ([[items]])")
        kind = table.get("type")
        if kind not in _ITEM_KEYS:
            raise self.fail(
                index, "type" if "type" in table else None,
                f"item {index + 1}: 'type' must be one of text, worked, exercise (got {kind!r})",
            )
        what = f"{kind} item {index + 1}"
        if kind == "exercise" and "generate" in table:
            return self.generate(table, index, lesson_id)
        if kind == "exercise" and isinstance(table.get("id"), str):
            what = f"exercise {table['id']!r}"
        self.unknown_keys(table, _ITEM_KEYS[kind], index, what)
        line = self.line_of(index)
        if kind == "text":
            return Text(body=self.text(table, "body", index, what), line=line)
        if kind == "worked":
            return self.worked(table, index, what, line)
        return self.exercise(table, index, what, line, lesson_id)

    def generate(self, table: dict, index: int, lesson_id: str) -> Generate:
        """A ``generate`` item: checked against the generators' skills and levels (no SymPy)."""
        what = f"exercise item {index + 1} (generate)"
        self.unknown_keys(table, {"type", "generate"}, index, what)
        spec = table["generate"]
        if not isinstance(spec, dict):
            raise self.fail(index, "generate", f'{what}: \'generate\' must be a table like {{ skill = "chain", level = 2 }}')
        extra = sorted(set(spec) - _GENERATE_KEYS)
        if extra:
            allowed = ", ".join(sorted(_GENERATE_KEYS))
            raise self.fail(index, "generate", f"{what}: unknown field {extra[0]!r} in generate (allowed: {allowed})")
        from symtutor.practice.generators import LEVELS, SKILLS

        skill = spec.get("skill")
        if skill not in LEVELS:
            raise self.fail(index, "generate", f"{what}: unknown skill {skill!r} (one of: {', '.join(SKILLS)})")
        numbers = {}
        for key, highest in (("level", LEVELS[skill]), ("count", MAX_GENERATED)):
            value = spec.get(key, 1)
            if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= highest:
                limit = f"skill {skill} has levels 1 to {highest}" if key == "level" else f"1 to {highest}"
                raise self.fail(index, "generate", f"{what}: {key} must be a whole number, {limit} (got {value!r})")
            numbers[key] = value
        return Generate(skill=skill, lesson=lesson_id, path=self.path, line=self.line_of(index), **numbers)

    def worked(self, table: dict, index: int, what: str, line: int) -> Worked:
        command = self.text(table, "command", index, what)
        if command not in WORKED_COMMANDS:
            raise self.fail(
                index, "command",
                f"{what}: unknown command {command!r} (one of: {', '.join(WORKED_COMMANDS)})",
            )
        expr = self.problem(table, "expr", index, what, command == "chain")
        if expr is None:
            raise self.fail(index, None, f"{what} has no 'expr'")
        args = self.point(table, "args", index, what)
        extra = sorted(set(args) - set(_WORKED_ARGS))
        if extra:
            allowed = ", ".join(_WORKED_ARGS)
            raise self.fail(index, "args", f"{what}: unknown argument {extra[0]!r} (allowed: {allowed})")
        if command == "descend" and "start" not in args:
            raise self.fail(index, "args", f"{what}: descend needs args.start")
        if command == "chain" and not table.get("wrt"):
            raise self.fail(index, None, f"{what}: chain needs 'wrt'")
        return Worked(
            title=self.text(table, "title", index, what),
            command=command,
            expr=expr,
            wrt=self.wrt(table, index, what),
            at=self.point(table, "at", index, what),
            body=self.text(table, "body", index, what, required=False),
            args=args,
            after=self.text(table, "after", index, what, required=False),
            path=self.path,
            line=line,
        )

    def problem(self, table: dict, key: str, index: int, what: str, definitions: bool):
        value = table.get(key)
        if value is None:
            return None
        if definitions:
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not value or not all(
                isinstance(v, str) and "=" in v for v in value
            ):
                raise self.fail(index, key, f'{what}: {key!r} must be a list of definitions like "L = (yhat - y)^2"')
            return tuple(v.strip() for v in value)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return as_text(value)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(index, key, f"{what}: {key!r} must be a non-empty string")
        return value.strip()

    def question_fields(self, table: dict, index: int, what: str, defaults: dict | None = None) -> dict:
        kind = table.get("kind")
        if kind is None and defaults is None:
            raise self.fail(index, None, f"{what} has no 'kind' (one of: {', '.join(KINDS)})")
        if kind not in KINDS:
            raise self.fail(index, "kind", f"{what}: unknown kind {kind!r} (one of: {', '.join(KINDS)})")
        fields: dict[str, Any] = {
            "prompt": self.text(table, "prompt", index, what),
            "kind": kind,
            "problem": self.problem(table, "problem", index, what, kind == "chain"),
            "wrt": self.wrt(table, index, what),
            "at": self.point(table, "at", index, what),
            "expected": None,
            "lr": None,
            "steps": None,
        }
        if "expected" in table:
            value = table["expected"]
            if isinstance(value, list):
                try:
                    value = "[" + ", ".join(as_text(v) for v in value) + "]"
                except TypeError:
                    raise self.fail(index, "expected", f"{what}: 'expected' must be numbers or expressions") from None
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                value = as_text(value)
            if not isinstance(value, str) or not value.strip():
                raise self.fail(index, "expected", f"{what}: 'expected' must be an answer (text or number)")
            fields["expected"] = value.strip()
        if "lr" in table:
            try:
                fields["lr"] = as_text(table["lr"]).strip()
            except TypeError:
                raise self.fail(index, "lr", f"{what}: 'lr' must be a number") from None
        if "steps" in table:
            steps = table["steps"]
            if not isinstance(steps, int) or isinstance(steps, bool) or not 1 <= steps <= 1000:
                raise self.fail(index, "steps", f"{what}: 'steps' must be a whole number from 1 to 1000")
            fields["steps"] = steps
        if defaults:
            for key in ("problem", "wrt", "lr", "steps"):
                if fields[key] is None and defaults.get(key) is not None and not (
                    key == "problem" and (kind == "chain") != isinstance(defaults["problem"], tuple)
                ):
                    fields[key] = defaults[key]
            if not fields["at"] and kind in ("value", "evaluate", "descent", "gradient", "chain"):
                fields["at"] = dict(defaults.get("at") or {})
        missing = [key for key in KINDS[kind] if fields.get(key) in (None, {}, "")]
        if missing:
            raise self.fail(index, None, f"{what}: kind {kind!r} needs {missing[0]!r}")
        return fields

    def exercise(self, table: dict, index: int, what: str, line: int, lesson_id: str) -> Exercise:
        exercise_id = self.text(table, "id", index, "exercise item")
        if not ID.match(exercise_id):
            raise self.fail(index, "id", f"{what}: id must be lower-case letters, digits, dashes and underscores")
        fields = self.question_fields(table, index, what)
        mistakes = []
        raw = table.get("mistakes", [])
        if not isinstance(raw, list):
            raise self.fail(index, "mistakes", f"{what}: 'mistakes' must be a list of {{ answer, feedback }} tables")
        for entry in raw:
            if not isinstance(entry, dict):
                raise self.fail(index, "mistakes", f"{what}: each mistake must be a table {{ answer, feedback }}")
            self.unknown_keys(entry, _MISTAKE_KEYS, index, f"{what}, a mistake")
            answer = entry.get("answer")
            if isinstance(answer, list):
                answer = "[" + ", ".join(as_text(v) for v in answer) + "]"
            elif isinstance(answer, (int, float)) and not isinstance(answer, bool):
                answer = as_text(answer)
            feedback = entry.get("feedback")
            if not isinstance(answer, str) or not answer.strip() or not isinstance(feedback, str) or not feedback.strip():
                raise self.fail(index, "mistakes", f"{what}: each mistake needs 'answer' and 'feedback'")
            label = entry.get("misconception")
            if label is not None and not isinstance(label, str):
                raise self.fail(index, "mistakes", f"{what}: a mistake's 'misconception' must be a label")
            mistakes.append(Mistake(answer=answer.strip(), feedback=feedback.strip(), misconception=label))
        guided = []
        raw = table.get("guided", [])
        if not isinstance(raw, list):
            raise self.fail(index, "guided", f"{what}: 'guided' must be a list of steps ([[items.guided]])")
        step_lines = self.sub_lines.get((index, "guided"), [])
        for number, entry in enumerate(raw):
            step_what = f"{what}, guided step {number + 1}"
            if not isinstance(entry, dict):
                raise self.fail(index, "guided", f"{step_what} must be a table")
            step_line = step_lines[number] if number < len(step_lines) else self.line_of(index, "guided")
            try:
                self.unknown_keys(entry, _GUIDED_KEYS, index, step_what)
                step_fields = self.question_fields(entry, index, step_what, defaults=fields)
            except LessonError as exc:
                # Point at the step's own [[items.guided]] table, not at the exercise.
                message = str(exc).split(": ", 1)[-1]
                raise LessonError(f"{self.path}:{step_line}: {message}") from None
            guided.append(GuidedStep(**step_fields, path=self.path, line=step_line))
        return Exercise(
            **fields,
            path=self.path,
            line=line,
            id=exercise_id,
            lesson=lesson_id,
            skills=self.strings(table, "skills", index, what),
            hints=self.strings(table, "hints", index, what),
            mistakes=tuple(mistakes),
            guided=tuple(guided),
        )
