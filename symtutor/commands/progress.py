"""Your progress: per lesson and per skill, what is done.

Progress is kept in $SYMTUTOR_HOME/progress.db (default: your user data folder);
every answer is saved as you give it. Mastery is a knowledge-tracing estimate per
skill: three first-try solves in a row mark a skill as mastered.

Example:
  symtutor progress
  symtutor progress --format json
"""

from __future__ import annotations

from symtutor.commands._common import command_parser


def register(sub) -> None:
    parser = command_parser(sub, "progress", __doc__, "symtutor.commands.progress:run")
    parser.add_argument(
        "--format",
        choices=("rich", "text", "json"),
        default=None,
        help="output format (default: rich on a terminal, text otherwise)",
    )
    parser.add_argument(
        "--lessons", metavar="DIR", default=None, help="lessons from DIR (default: $SYMTUTOR_LESSONS or the built-in ones)"
    )


def run(args) -> int:
    """Show progress per lesson and per skill (JSON: one object per lesson, its skills inside)."""
    import json
    import shlex
    import sys

    from symtutor.lessons import catalog, progress

    lessons = catalog.load_all(getattr(args, "lessons", None))
    store = progress.open_existing()
    try:
        per_lesson = progress.lesson_summary(store, lessons)
        per_skill = progress.skill_summary(store, lessons)
        path = store.path if store else progress.default_path()
    finally:
        if store is not None:
            store.close()
    fmt = args.format or ("rich" if sys.stdout.isatty() else "text")
    folder = getattr(args, "lessons", None)
    command = f"symtutor lesson --lessons {shlex.quote(folder)} run" if folder else "symtutor lesson run"
    if fmt == "json":
        skills = {entry["skill"]: entry for entry in per_skill}
        for lesson, entry in zip(lessons, per_lesson):
            names = dict.fromkeys(s for exercise in lesson.exercises for s in exercise.skills)
            entry["skills"] = [skills[name] for name in names if name in skills]
        print(json.dumps(per_lesson, indent=2, ensure_ascii=False))
        return 0
    if fmt == "rich":
        _print_rich(per_lesson, per_skill, path, command)
    else:
        sys.stdout.write(text_report(per_lesson, per_skill, path, command))
    return 0


def next_step(per_lesson: list[dict], command: str = "symtutor lesson run") -> str:
    """What to do next: a lesson begun and not finished, else the first not completed."""
    for entry in per_lesson:
        if entry["started"] and not entry["completed"]:
            return f"Continue: {command} {entry['id']}"
    for entry in per_lesson:
        if not entry["completed"]:
            return f"Next: {command} {entry['id']}"
    return "Every lesson is completed." if per_lesson else "No lessons found."


def _done_column(entry: dict) -> str:
    if entry["completed"]:
        return "completed"
    if entry["done"] or entry["started"]:
        return f"{entry['done']}/{entry['exercises']}"
    return "not started"


def text_report(per_lesson: list[dict], per_skill: list[dict], path, command: str = "symtutor lesson run") -> str:
    """The plain-text report: a lessons table, then a skills table, then where it is kept."""
    rows = [("lesson", "done", "solved", "with hints", "revealed", "skipped")]
    for entry in per_lesson:
        rows.append(
            (
                entry["id"],
                _done_column(entry),
                str(entry["solved"]),
                str(entry["solved_with_hints"]),
                str(entry["revealed"]),
                str(entry["skipped"]),
            )
        )
    lines = ["Lessons", *_columns(rows), ""]
    practised = [s for s in per_skill if s["practised"]]
    if practised:
        rows = [("skill", "solved", "mastery", ""), *(_skill_cells(entry, "mastered") for entry in practised)]
        lines += ["Skills", *_columns(rows), ""]
    else:
        lines += ["No exercises done yet.", ""]
    lines.append(next_step(per_lesson, command))
    lines.append(f"(saved in {path})")
    return "\n".join(lines) + "\n"


def _skill_cells(entry: dict, mastered: str) -> tuple[str, str, str, str]:
    """One skill's row: skill, solved/exercises, mastery, and `mastered` once it is."""
    return (entry["skill"], f"{entry['solved']}/{entry['exercises']}", f"{entry['mastery']:.2f}",
            mastered if entry["mastered"] else "")


def _columns(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]


def _print_rich(per_lesson: list[dict], per_skill: list[dict], path, command: str) -> None:
    from rich.table import Table

    from symtutor.render.output import make_console

    console = make_console()
    table = Table(title="Lessons", title_justify="left")
    for name, justify in (
        ("lesson", "left"),
        ("title", "left"),
        ("done", "right"),
        ("solved", "right"),
        ("with hints", "right"),
        ("revealed", "right"),
        ("skipped", "right"),
    ):
        table.add_column(name, justify=justify)
    for entry in per_lesson:
        done = _done_column(entry)
        style = "green" if entry["completed"] else ("dim" if done == "not started" else "")
        table.add_row(
            entry["id"],
            entry["title"],
            f"[{style}]{done}[/]" if style else done,
            str(entry["solved"]),
            str(entry["solved_with_hints"]),
            str(entry["revealed"]),
            str(entry["skipped"]),
        )
    console.print(table)
    practised = [s for s in per_skill if s["practised"]]
    if practised:
        skills = Table(title="Skills", title_justify="left")
        skills.add_column("skill")
        skills.add_column("solved", justify="right")
        skills.add_column("mastery", justify="right")
        skills.add_column("status")
        for entry in practised:
            skills.add_row(*_skill_cells(entry, "[green]mastered[/]"))
        console.print(skills)
    else:
        console.print("No exercises done yet.")
    console.print(next_step(per_lesson, command), style="bold", markup=False)
    console.print(f"(saved in {path})", style="dim", markup=False, soft_wrap=True)
