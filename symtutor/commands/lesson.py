"""Interactive lessons: worked examples, then practice with feedback.

Example:
  symtutor lesson list
  symtutor lesson run limits
  symtutor lesson answers chain-rule | symtutor lesson run chain-rule
  symtutor lesson validate my-lessons/
"""

from __future__ import annotations

import argparse
import json
import sys

from symtutor.commands._common import command_parser
from symtutor.lessons.answer_commands import help_lines


RUN_DESCRIPTION = """\
Run a lesson: explanations, worked examples, then exercises.

Type answers as on paper (6(3x+1), ln x, [7, 8], 2.808), or one of:
{commands}

Every answer is saved as you give it; running the lesson again resumes at the
first unfinished exercise. --restart starts over from the beginning (your past
answers stay in the history that `symtutor progress` summarises).

Example:
  symtutor lesson run chain-rule
  symtutor lesson answers chain-rule | symtutor lesson run chain-rule
"""


def register(sub) -> None:
    parser = command_parser(sub, "lesson", __doc__, "symtutor.commands.lesson:run")
    parser.add_argument(
        "--lessons", metavar="DIR", help="load lessons from DIR (default: $SYMTUTOR_LESSONS or the built-in ones)"
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
    p = actions.add_parser("list", help="list lessons and your progress")
    p.add_argument("--format", choices=("rich", "text", "json"), default=None)
    p = actions.add_parser(
        "run",
        help="run a lesson (resumes where you stopped)",
        description=RUN_DESCRIPTION.format(commands="\n".join(help_lines())),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("id", metavar="ID")
    p.add_argument("--restart", action="store_true", help="start the lesson over")
    p.add_argument("--seed", type=_seed, metavar="N", help="draw the generated exercises from seed N (on a first "
                   "run or with --restart; kept when you resume)")
    p = actions.add_parser(
        "answers", help="print one accepted answer per exercise",
        description="Print one accepted answer per exercise, one a line. Generated exercises are drawn "
        "from your stored seed, as `lesson run` draws them (stored now if the lesson has none yet), "
        "or from --seed N (not stored): pipe into `lesson run ID --seed N` then.",
    )
    p.add_argument("id", metavar="ID")
    p.add_argument("--seed", type=_seed, metavar="N", help="draw the generated exercises from seed N")
    p = actions.add_parser("validate", help="check every lesson's answer key against the engine")
    p.add_argument("path", metavar="PATH", nargs="?", help="a lesson file or folder (default: the built-in lessons)")
    for p in actions.choices.values():
        p.add_argument("--lessons", metavar="DIR", default=argparse.SUPPRESS, help=argparse.SUPPRESS)


def run(args) -> int:
    """Dispatch `lesson ACTION`; `run` belongs to the interactive runner."""
    action = getattr(args, "action", None)
    if action == "run":
        from symtutor.lessons import runner

        return runner.run_command(args)
    if action == "list":
        return _list(args)
    if action == "answers":
        return _answers(args)
    if action == "validate":
        return _validate(args)
    print("usage: symtutor lesson {list,run,answers,validate} ... (see 'symtutor lesson --help')", file=sys.stderr)
    return 2


def _list(args) -> int:
    from symtutor.lessons import catalog

    lessons = catalog.load_all(args.lessons)
    completed = _completed_counts(lessons)
    rows = [
        {
            "id": lesson.id,
            "title": lesson.title,
            "exercises": len(lesson.plan),
            **({"completed": completed[lesson.id]} if completed is not None else {}),
        }
        for lesson in lessons
    ]
    fmt = args.format or ("rich" if sys.stdout.isatty() else "text")
    if fmt == "json":
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    if not rows:
        print("No lessons found.")
        return 0
    if fmt == "rich":
        return _list_rich(rows)
    width = max(len(row["id"]) for row in rows)
    title_width = max(len(row["title"]) for row in rows)
    for row in rows:
        done = f"{row['completed']}/{row['exercises']} done" if "completed" in row else f"{row['exercises']} exercises"
        print(f"{row['id']:<{width}}  {row['title']:<{title_width}}  {done}")
    print("\n" + _suggestion(rows))
    return 0


def _suggestion(rows: list[dict]) -> str:
    """Where to go next: the first lesson not finished."""
    started = any(row.get("completed") for row in rows)
    for row in rows:
        if row.get("completed", 0) < row["exercises"]:
            return f"{'Next' if started else 'Start with'}: symtutor lesson run {row['id']}"
    return "Every lesson is done. Run one again with: symtutor lesson run ID --restart"


def _list_rich(rows: list[dict]) -> int:
    from rich.table import Table

    from symtutor.render.output import make_console

    table = Table(title="Lessons", title_justify="left", show_edge=False)
    table.add_column("id", style="bold")
    table.add_column("title")
    table.add_column("exercises", justify="right")
    if any("completed" in row for row in rows):
        table.add_column("done", justify="right")
    for row in rows:
        cells = [row["id"], row["title"], str(row["exercises"])]
        if "completed" in row:
            cells.append(f"{row['completed']}/{row['exercises']}")
        table.add_row(*cells)
    console = make_console()
    console.print(table)
    console.print("\n" + _suggestion(rows), markup=False)
    return 0


def _completed_counts(lessons) -> dict[str, int] | None:
    """Exercises finished per lesson, from the progress store (all 0 before the first lesson)."""
    from symtutor.lessons import progress

    path = progress.default_path()
    if not path.exists():
        # Listing lessons should not create a database as a side effect.
        return {lesson.id: 0 for lesson in lessons}
    try:
        with progress.Store(path) as store:
            summary = progress.lesson_summary(store, lessons)
    except progress.ProgressError as exc:
        print(f"symtutor: progress not shown: {exc}", file=sys.stderr)
        return None
    return {row["id"]: int(row["done"]) for row in summary}


def _answers(args) -> int:
    from symtutor.lessons import catalog

    lesson = catalog.load(args.id, args.lessons)
    if lesson.generated:
        lesson = lesson.draw(args.seed if args.seed is not None else _stored_seed(lesson.id))
    keys = [exercise.answer_key() for exercise in lesson.exercises]
    sys.stdout.write("".join(key + "\n" for key in keys))
    return 0


def _seed(text: str) -> int:
    if not text.isdigit() or len(text) > 10:
        raise argparse.ArgumentTypeError(f"a seed is a whole number from 0 to 9999999999, not {text[:40]!r}")
    return int(text)


def _stored_seed(lesson_id: str) -> int:
    """The learner's draw seed for the lesson, as `lesson run` uses it (stored now if new)."""
    from symtutor.lessons.progress import Store

    with Store() as store:
        return store.draw_seed(lesson_id)


def _validate(args) -> int:
    from pathlib import Path

    from symtutor.errors import InputError
    from symtutor.lessons import catalog

    path = args.path or args.lessons
    if args.path and not Path(args.path).exists():
        raise InputError(f"lesson validate: no such file or folder: {args.path}")
    problems = catalog.validate(path)
    if problems:
        for problem in problems:
            print(problem)
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    where = catalog.lessons_dir(path)
    count = len(catalog.lesson_files(path))
    print(f"ok: {count} lesson file(s) in {where} check out")
    return 0
