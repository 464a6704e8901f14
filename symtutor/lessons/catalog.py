"""Finding, loading and validating lesson files.

Loading uses `tomllib` only (no SymPy) and checks the file against
`symtutor.lessons.schema` (`symtutor.lessons.lesson_file`); every error names the
file and the line. `validate` goes further and checks each answer key against the
engine and the checker.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from symtutor.lessons.lesson_file import ID as _ID
from symtutor.lessons.lesson_file import LessonError, read_lesson
from symtutor.lessons.model import Exercise, Generate, Lesson, Worked
from symtutor.lessons.schema import COMPUTED_KINDS

#: The environment variable naming an instructor's lesson folder.
ENV_VAR = "SYMTUTOR_LESSONS"


def lessons_dir(arg: str | os.PathLike | None = None) -> Path:
    """Where lessons are read from: `arg`, else $SYMTUTOR_LESSONS, else the built-in ones.

    Raises:
        LessonError: the folder named by `arg` or the variable does not exist.
    """
    chosen = arg if arg else os.environ.get(ENV_VAR)
    if chosen:
        path = Path(chosen).expanduser()
        if not path.exists():
            source = "--lessons" if arg else f"${ENV_VAR}"
            raise LessonError(f"{source}: no such file or folder: {path}")
        return path
    return builtin_dir()


def builtin_dir() -> Path:
    """The lessons shipped with symtutor (package data ``symtutor._lessons``)."""
    try:
        import symtutor._lessons as package
    except ModuleNotFoundError:
        # A source checkout or editable install: the top-level lessons/ folder.
        return Path(__file__).resolve().parents[2] / "lessons"
    # The wheel ships the folder without an __init__.py (a namespace package), so ask
    # its __path__; importlib.resources.files() returns a MultiplexedPath there.
    for entry in package.__path__:
        return Path(entry)
    return Path(__file__).resolve().parents[2] / "lessons"


def lesson_files(path: str | os.PathLike | None = None) -> list[Path]:
    """The lesson files at `path` (a file or a folder; default: `lessons_dir()`), sorted."""
    where = lessons_dir(path)
    if where.is_file():
        return [where]
    return sorted(where.glob("*.toml"))


def load_file(path: str | os.PathLike) -> Lesson:
    """Read and check one lesson file (no SymPy involved).

    Raises:
        LessonError: unreadable file, malformed TOML or a schema error, as
            ``FILE:LINE: message``.
    """
    path = Path(path)
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LessonError(f"{path}: cannot read lesson file: {exc}") from exc
    return read_lesson(path, source)


def load_all(dir: str | os.PathLike | None = None) -> list[Lesson]:  # noqa: A002 - the interface's name
    """Every lesson in the folder, by order then id.

    Raises:
        LessonError: the first file with an error, or two lessons with one id.
    """
    lessons = [load_file(path) for path in lesson_files(dir)]
    seen: dict[str, Lesson] = {}
    for lesson in lessons:
        if lesson.id in seen:
            raise LessonError(
                f"{lesson.path}:{_id_line(lesson.path)}: lesson id {lesson.id!r} is also used by "
                f"{seen[lesson.id].path}"
            )
        seen[lesson.id] = lesson
    return sorted(lessons, key=lambda lesson: (lesson.order, lesson.id))


def load(lesson_id: str, dir: str | os.PathLike | None = None) -> Lesson:  # noqa: A002
    """The lesson with this id.

    Raises:
        LessonError: no such lesson (the message lists the ids there are), or a file error.
    """
    where = lessons_dir(dir)
    if where.is_dir() and _ID.match(lesson_id):
        # The usual layout is ID.toml: read just that file, so a lesson starts fast.
        # (Duplicate ids across files are `validate`'s and `load_all`'s to report.)
        candidate = where / f"{lesson_id}.toml"
        if candidate.is_file():
            lesson = load_file(candidate)
            if lesson.id == lesson_id:
                return lesson
    lessons = load_all(dir)
    for lesson in lessons:
        if lesson.id == lesson_id:
            return lesson
    known = ", ".join(lesson.id for lesson in lessons) or "none"
    raise LessonError(f"no lesson {lesson_id!r} (lessons: {known})")


def validate(path: str | os.PathLike | None = None) -> list[str]:
    """Everything wrong with the lessons at `path` (a file or folder; default: the built-in).

    Checks that every file loads, ids are unique, every answer key is computed
    by the engine (and agrees with an authored `expected`), every key is judged
    correct by the checker, every listed mistake is judged wrong, and every
    guided step checks. Imports the engine and the checker.

    Returns:
        One message per problem, each naming the file and the exercise; empty when clean.
    """
    problems: list[str] = []
    try:
        files = lesson_files(path)
    except LessonError as exc:
        return [str(exc)]
    if not files:
        return [f"{lessons_dir(path)}: no lesson files (*.toml) found"]
    ids: dict[str, Path] = {}
    for file in files:
        try:
            lesson = load_file(file)
        except LessonError as exc:
            problems.append(str(exc))
            continue
        if lesson.id in ids:
            problems.append(f"{file}: lesson id {lesson.id!r} is also used by {ids[lesson.id]}")
        ids.setdefault(lesson.id, file)
        problems.extend(check_lesson(lesson))
    return problems


def check_lesson(lesson: Lesson) -> list[str]:
    """The answer-key problems of one loaded lesson (imports the engine and checker)."""
    from symtutor.lessons.validation import question_problems, worked_problems

    problems: list[str] = []
    for item in lesson.items:
        if isinstance(item, Worked):
            problems.extend(worked_problems(item))
        elif isinstance(item, Exercise):
            problems.extend(question_problems(item))
        elif isinstance(item, Generate):
            from symtutor.lessons.drawing import generate_problems

            problems.extend(generate_problems(item))
    return problems


def _id_line(path: Path | None) -> int:
    if path is None:
        return 0
    try:
        source = path.read_text(encoding="utf-8")
    except OSError:
        return 0
    for number, line in enumerate(source.splitlines(), 1):
        if re.match(r"\s*id\s*=", line):
            return number
    return 0


__all__ = [
    "COMPUTED_KINDS",
    "ENV_VAR",
    "LessonError",
    "builtin_dir",
    "check_lesson",
    "lesson_files",
    "lessons_dir",
    "load",
    "load_all",
    "load_file",
    "validate",
]
