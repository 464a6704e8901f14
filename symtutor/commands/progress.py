"""Your progress: per lesson and per skill, what is done, how well each skill is mastered.

Progress is kept in $SYMTUTOR_HOME/progress.db (default: your user data folder);
every answer is saved as you give it. The skills table shows each skill's mastery
(a knowledge-tracing estimate, as a bar: three right answers in a row mark a skill
as mastered), your answers right out of those counted for it, the lesson exercises
solved, and when a mastered skill's spaced review is due. The misconceptions your wrong answers
showed most often are listed below it.
--fit fits the knowledge-tracing parameters to your own answers (as `symtutor practice fit`).

Example:
  symtutor progress
  symtutor progress --format json
  symtutor progress --fit
"""

from __future__ import annotations

import textwrap

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
    parser.add_argument("--fit", action="store_true", help="fit the mastery parameters to your answers")

#: How many misconceptions the report lists.
TOP_MISCONCEPTIONS = 5


def run(args) -> int:
    """Show progress per lesson and per skill (JSON: one object per lesson, its skills inside)."""
    import json
    import shlex
    import sys

    if getattr(args, "fit", False):
        from symtutor.commands.practice import fit_command

        return fit_command()
    from symtutor.lessons import catalog, progress

    lessons = catalog.load_all(getattr(args, "lessons", None))
    store = progress.open_existing()
    try:
        per_lesson = progress.lesson_summary(store, lessons)
        per_skill = progress.skill_summary(store, lessons)
        reviews = store.reviews() if store else {}
        mistakes = store.misconception_counts()[:TOP_MISCONCEPTIONS] if store else []
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
            names = dict.fromkeys(s for exercise in lesson.plan for s in exercise.skills)
            entry["skills"] = [skills[name] for name in names if name in skills]
        print(json.dumps(per_lesson, indent=2, ensure_ascii=False))
        return 0
    if fmt == "rich":
        _print_rich(per_lesson, per_skill, path, command, mistakes, reviews)
    else:
        sys.stdout.write(text_report(per_lesson, per_skill, path, command, mistakes, reviews))
    return 0


def skill_row(entry: dict, reviews: dict, plain: bool) -> tuple[str, str, str, str, str]:
    """One practised skill: name, mastery bar and value, answers right of those judged,
    lesson exercises solved, and when a mastered skill's review is."""
    from symtutor.practice.schedule import review_words
    from symtutor.practice.screens import bar

    review = ""
    if entry["mastered"]:
        due = reviews.get(entry["skill"])
        review = review_words(due[1]) if due else "mastered"
    lessons = f"{entry['solved']}/{entry['exercises']}" if entry["exercises"] else "–"
    return (entry["skill"], f"{bar(entry['mastery'], BAR, plain=plain)} {entry['mastery']:.2f}",
            f"{entry['right']}/{entry['practised']}", lessons, review)


#: The skills table's columns, and the line under it that says what they mean.
SKILL_HEADINGS = ("skill", "mastery", "right", "lessons", "review")
SKILL_KEY = ("mastery: the chance you know it (mastered from 0.95); right: answers right, of those "
             "counted for mastery; lessons: lesson exercises solved; review: when a mastered skill "
             "comes back.")
BAR = 10


def mistake_lines(mistakes: list[tuple[str, int]]) -> list[str]:
    """``  3×  chain rule: the inner derivative is missing`` per misconception, most frequent first."""
    from symtutor.render.verdict import label_words

    return [f"  {count:>3}×  {label_words(label)}" for label, count in mistakes]


def next_step(per_lesson: list[dict], command: str = "symtutor lesson run") -> str:
    """What to do next: a lesson begun and not finished, else the first not completed."""
    for entry in per_lesson:
        if entry["started"] and not entry["completed"]:
            return f"Continue: {command} {entry['id']}  (or: symtutor practice)"
    for entry in per_lesson:
        if not entry["completed"]:
            return f"Next: {command} {entry['id']}  (or: symtutor practice)"
    if per_lesson:
        return "Every lesson is completed: `symtutor practice` keeps going with exercises chosen for you."
    return "No lessons found."


def _done_column(entry: dict) -> str:
    if entry["completed"]:
        return "completed"
    if entry["done"] or entry["started"]:
        return f"{entry['done']}/{entry['exercises']}"
    return "not started"


def text_report(per_lesson: list[dict], per_skill: list[dict], path, command: str = "symtutor lesson run",
                mistakes: list[tuple[str, int]] = (), reviews: dict | None = None) -> str:
    """The plain-text report: a lessons table, a skills table with mastery bars, the
    misconceptions seen most often, then where it is kept."""
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
        rows = [SKILL_HEADINGS, *(skill_row(entry, reviews or {}, plain=True) for entry in practised)]
        lines += ["Skills", *_columns(rows), *textwrap.wrap(SKILL_KEY, 78, initial_indent="  ",
                                                             subsequent_indent="  "), ""]
    else:
        lines += ["No exercises done yet.", ""]
    if mistakes:
        lines += ["Misconceptions seen most often", *mistake_lines(mistakes), ""]
    lines.append(next_step(per_lesson, command))
    lines.append(f"(saved in {path})")
    return "\n".join(lines) + "\n"


def _columns(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]


def _print_rich(per_lesson: list[dict], per_skill: list[dict], path, command: str,
                mistakes: list[tuple[str, int]] = (), reviews: dict | None = None) -> None:
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
        from rich.text import Text

        skills = Table(title="Skills", title_justify="left", caption=SKILL_KEY, caption_justify="left")
        for name, justify in zip(SKILL_HEADINGS, ("left", "left", "right", "right", "left")):
            skills.add_column(name, justify=justify, no_wrap=True)
        for entry in practised:
            cells = skill_row(entry, reviews or {}, plain=False)
            colour = "green" if entry["mastered"] else "magenta"
            skills.add_row(cells[0], Text(cells[1], style=colour), cells[2], cells[3],
                           Text(cells[4], style="green"))
        console.print(skills)
        console.print()
    else:
        console.print("No exercises done yet.")
    if mistakes:
        console.print("Misconceptions seen most often", style="italic")
        for line in mistake_lines(mistakes):
            console.print(line, markup=False)
        console.print()
    console.print(next_step(per_lesson, command), style="bold", markup=False)
    console.print(f"(saved in {path})", style="dim", markup=False, soft_wrap=True)
