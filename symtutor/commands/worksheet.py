"""Print a worksheet: exercises with room to write, an answer key, worked solutions.

Problems come from lessons (--lesson, every exercise in order, a lesson's
generated exercises drawn from --seed as `lesson run ID --seed S` draws them)
and/or the practice generators (--skill, with --count and --seed; the same seed
gives the same problems). The parts are the exercise sheet (exam-style: one problem per block,
never split across pages), the answer key, and the step-by-step solutions
(the engine's printouts). LaTeX documents compile with pdflatex; HTML is one
self-contained page with a print stylesheet. Nothing in the output depends on
the day it is made, unless you give --date.

Example:
  symtutor worksheet --lesson chain-rule --output chain-rule.tex
  symtutor worksheet --lesson chain-rule --parts key,solutions --output key.html
  symtutor worksheet --skill chain --skill power --count 10 --seed 7 --output practice.tex
  symtutor worksheet --lesson rules --skill chain --count 5 --seed 1 --format markdown
  pdflatex chain-rule.tex
"""

from __future__ import annotations

import argparse

from symtutor.commands._common import command_parser

FORMATS = ("latex", "html", "markdown", "text", "json")
#: --output extension -> format.
EXTENSIONS = {".tex": "latex", ".html": "html", ".htm": "html", ".md": "markdown",
              ".markdown": "markdown", ".txt": "text", ".json": "json"}
#: Most generated problems one sheet may ask for.
MAX_COUNT = 200


def register(sub) -> None:
    parser = command_parser(sub, "worksheet", __doc__, "symtutor.commands.worksheet:run")
    source = parser.add_argument_group("problems")
    source.add_argument("--lesson", metavar="ID", action="append", default=[],
                        help="every exercise of lesson ID (repeat for several lessons)")
    source.add_argument("--lessons", metavar="DIR",
                        help="read lessons from DIR (default: $SYMTUTOR_LESSONS or the built-in ones)")
    source.add_argument("--skill", metavar="NAME", action="append", default=[],
                        help="generated problems practising NAME (repeat, or NAME,NAME)")
    source.add_argument("--count", type=int, default=10, metavar="N",
                        help="how many generated problems (default 10)")
    source.add_argument("--seed", type=int, default=0, metavar="S",
                        help="the generators' seed, for --skill problems and the lessons' generated "
                             "exercises: the same seed, the same problems (default 0)")
    source.add_argument("--level", type=int, default=None, metavar="L",
                        help="difficulty of generated problems (default: a mix)")
    layout = parser.add_argument_group("output")
    layout.add_argument("--parts", default="sheet,key,solutions", metavar="PARTS",
                        help="which parts, comma-separated: sheet, key, solutions (default: all three)")
    layout.add_argument("--format", choices=FORMATS, default=None,
                        help="latex, html, markdown, text or json (default: from --output's "
                             "extension, else text)")
    layout.add_argument("--output", metavar="FILE",
                        help="write to FILE (.tex .html .md .txt .json) instead of standard output")
    layout.add_argument("--title", metavar="TEXT", help="the heading (default: the lessons' titles or skills)")
    layout.add_argument("--date", metavar="TEXT", help="a date to print in the heading (default: a blank)")
    layout.add_argument("--paper", choices=("a4", "letter"), default="a4", help="paper size for LaTeX (default a4)")
    layout.add_argument("--space", type=float, default=None, metavar="CM",
                        help="room to write under each problem, in cm (default: by kind, 3 to 7)")


def run(args: argparse.Namespace) -> int:
    """Build the worksheet and write it (exit 0), or exit 2 on a bad option."""
    import sys
    from pathlib import Path

    from symtutor.render.worksheet import Worksheet, render

    parts, fmt = _parts(args.parts), _format(args)
    title, problems = _problems(args)
    sheet = Worksheet(args.title or title, tuple(problems), parts, args.date, args.paper)
    text = render(sheet, fmt)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"wrote {args.output} ({len(problems)} problems)", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _parts(text: str) -> tuple[str, ...]:
    from symtutor.errors import InputError
    from symtutor.read.parsing import split_list
    from symtutor.render.worksheet import PARTS

    chosen = split_list(text)
    unknown = [p for p in chosen if p not in PARTS]
    if unknown or not chosen:
        raise InputError(f"--parts: {', '.join(unknown) or 'none given'}; choose from {', '.join(PARTS)}")
    return tuple(p for p in PARTS if p in chosen)


def _format(args) -> str:
    from pathlib import Path

    from symtutor.errors import InputError

    if args.format:
        return args.format
    if not args.output:
        return "text"
    suffix = Path(args.output).suffix.lower()
    if suffix not in EXTENSIONS:
        raise InputError(f"--output: cannot tell the format of {args.output!r} "
                         f"(use one of {', '.join(sorted(EXTENSIONS))}, or --format)")
    return EXTENSIONS[suffix]


def _problems(args) -> tuple[str, list]:
    """(default title, problems) from the lessons, then the generators."""
    from symtutor.errors import InputError
    from symtutor.read.parsing import split_list
    from symtutor.render.worksheet_sources import from_lessons

    skills = [name for arg in args.skill for name in split_list(arg)]
    if not args.lesson and not skills:
        raise InputError("say where the problems come from: --lesson ID and/or --skill NAME")
    if args.space is not None and not 0 <= args.space <= 25:
        raise InputError("--space: give a room to write between 0 and 25 cm")
    titles, problems = [], []
    if args.lesson:
        title, problems = from_lessons(args.lesson, args.lessons, args.space, args.seed)
        titles.append(title)
    if skills:
        if not 1 <= args.count <= MAX_COUNT:
            raise InputError(f"--count: give between 1 and {MAX_COUNT} problems")
        from symtutor.render.worksheet_sources import from_generators

        title, generated = from_generators(skills, args.count, args.seed, args.level, args.space)
        titles.append(title)
        problems += generated
    return "; ".join(titles), problems
