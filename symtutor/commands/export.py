"""Export questions to a learning-management system: Moodle (STACK) or Canvas (QTI).

FORMAT is moodle (Moodle XML of STACK questions: question variables, the answer
key, and one potential-response node per likely mistake with symtutor's feedback)
or qti (a QTI 1.2 zip for Canvas, via text2qti: numeric questions for values at a
point, multiple choice with the likely mistakes as distractors otherwise).

The questions come from a lesson's exercises (--lesson; exercise kinds without a
single answer, such as descent or gradient, are listed and skipped), from
generated practice sets (--skills, --count, --seed), or from problems given
directly (--problem, repeatable; --wrt, and --at for a value at a point).
Each question text carries a [symtutor: ...] tag so that 'symtutor grade' can
read the LMS's response report back.

Example:
  symtutor export moodle --lesson rules -o rules.xml
  symtutor export qti --lesson chain-rule -o chain.zip
  symtutor export moodle --problem "x^5" --problem "sin(x^2)" -o quiz.xml
  symtutor export qti --problem "(3x+1)^2" --at x=1 -o value.zip
"""

from __future__ import annotations

from symtutor.commands._common import command_parser


def register(sub) -> None:
    parser = command_parser(sub, "export", __doc__, "symtutor.commands.export:run")
    parser.add_argument("format", choices=("moodle", "qti"), help="moodle (STACK XML) or qti (Canvas)")
    source = parser.add_argument_group("what to export (one of)")
    source.add_argument("--lesson", metavar="ID", help="a lesson's exercises")
    source.add_argument("--problem", metavar="EXPR", action="append", default=[],
                        help="a function to differentiate (repeat for several)")
    source.add_argument("--skills", metavar="S,S", help="a generated set for these skills (comma-separated)")
    parser.add_argument("--lessons", metavar="DIR", help="load lessons from DIR")
    parser.add_argument("--count", type=int, default=10, metavar="N", help="generated exercises (default 10)")
    parser.add_argument("--seed", type=int, default=1, metavar="N", help="seed of the generated set (default 1)")
    parser.add_argument("--level", type=int, default=None, metavar="N", help="level of the generated set")
    parser.add_argument("--wrt", metavar="VAR", help="the variable of --problem")
    parser.add_argument("--at", metavar="V=VAL", action="append", default=[],
                        help="ask for the derivative's value at this point (--problem)")
    parser.add_argument("--title", metavar="TEXT", help="the quiz's title (category in Moodle)")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write here (default: stdout for moodle; required for qti)")


def run(args) -> int:
    """Build the questions, write the file, and say on stderr what was skipped."""
    import sys

    from symtutor.errors import InputError

    sources = [bool(args.lesson), bool(args.problem), bool(args.skills)]
    if sum(sources) != 1:
        raise InputError("export: give exactly one of --lesson, --problem or --skills")
    if args.format == "qti" and not args.output:
        raise InputError("export qti writes a zip file: name it with -o FILE.zip")
    export = _collect(args)
    if not export.items:
        raise InputError("export: nothing to export (" + "; ".join(
            f"{name}: {why}" for name, why in export.skipped) + ")")
    if args.title:
        export.title = args.title
    if args.format == "moodle":
        from symtutor.export.moodle import moodle_xml

        data = moodle_xml(export).encode("utf-8")
    else:
        from symtutor.export.qti import qti_zip

        data = qti_zip(export)
    if args.output:
        try:
            with open(args.output, "wb") as handle:
                handle.write(data)
        except OSError as exc:
            raise InputError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    for name, why in export.skipped:
        sys.stderr.write(f"skipped {name}: {why}\n")
    where = f" to {args.output}" if args.output else ""
    sys.stderr.write(f"exported {len(export.items)} question(s){where}\n")
    return 0


def _collect(args):
    from symtutor.errors import InputError
    from symtutor.export import items

    if args.lesson:
        return items.from_lesson(args.lesson, args.lessons)
    if args.problem:
        at = {}
        for entry in args.at:
            for part in entry.split(","):
                name, sep, value = part.partition("=")
                if not sep or not name.strip() or not value.strip():
                    raise InputError(f"--at: expected V=VAL, got {part!r}")
                at[name.strip()] = value.strip()
        return items.from_problems(args.problem, args.wrt, at or None)
    if args.count < 1 or args.count > 200:
        raise InputError("--count must be between 1 and 200")
    skills = [s.strip() for s in args.skills.split(",") if s.strip()]
    return items.from_generated(skills, args.count, seed=args.seed, level=args.level)
