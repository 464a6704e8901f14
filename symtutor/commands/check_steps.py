"""Check your own derivation of a derivative, line by line.

PROBLEM is the expression to differentiate. Each line you give is an expression
claimed equal to its derivative: the answer itself, or a step on the way that
still holds derivatives to work out, written d/dx(...), (d/dx)(...) or (...)'.
A line may be a chain "a = b = c"; a leading "=" or "f'(x) =" is dropped. Lines
come from --file, from a pipe (every non-empty line; lines starting with '#' are
comments), or, on a terminal, as you type them, until an empty line.

Every step gets a verdict: it follows (and by which rule, or by algebra), it is a
known mistake (which one, and in which d/dx(...)), or it is not equal to the
derivative (and where they differ). After a wrong line, the next lines are judged
against the right derivative, and a line that follows from the wrong one says so.
Exit code 0 means every line is right, 1 a line is wrong, 2 a line is unreadable.

Example:
  printf '2(3x+1)·d/dx(3x+1)\n6(3x+1)\n18x+6\n' | symtutor check-steps "(3x+1)^2"
  symtutor check-steps "x sin x" --file my-working.txt
  symtutor check-steps "x^2y + 3y^2" --wrt x --format json < lines.txt
"""

from __future__ import annotations

import sys

from symtutor.commands._common import add_output_options, command_parser

#: Most lines read from a file or a pipe.
MAX_LINES = 200


def register(sub) -> None:
    parser = command_parser(sub, "check-steps", __doc__, "symtutor.commands.check_steps:run")
    parser.add_argument("problem", metavar="PROBLEM", help="the expression to differentiate")
    parser.add_argument("--wrt", metavar="V", help="the variable (needed when PROBLEM has several)")
    parser.add_argument("--file", metavar="F", help="read the lines from F (default: standard input)")
    add_output_options(parser)


def read_lines(stream) -> list[str]:
    """Every non-empty, non-comment line of a file or pipe (at most MAX_LINES)."""
    from symtutor.errors import InputError

    lines = []
    for raw in stream:
        text = raw.rstrip("\r\n")
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        lines.append(text)
        if len(lines) > MAX_LINES:
            raise InputError(f"too many lines (symtutor checks at most {MAX_LINES})")
    return lines


def _interactive(checker, quiet: bool) -> None:
    """Read lines from the terminal until an empty one, showing each verdict as it comes.

    With `quiet` (JSON on stdout), the prompts and verdicts go to stderr instead.
    """
    from sympy import Derivative

    from symtutor.notation.mathfmt import unicode
    from symtutor.render.check_steps import echo

    talk = sys.stderr if quiet else sys.stdout
    if not quiet:
        try:
            import readline  # noqa: F401 - line editing for input()
        except ImportError:
            pass
    problem = unicode(Derivative(checker.compiled.expr, checker.var, evaluate=False))
    print(f"{problem}: work it out one line at a time (d/dx(...) for a step still to do); "
          "an empty line ends.", file=talk)
    while True:
        label = f"{checker.line + 1:>3}> "
        try:
            if quiet:
                talk.write(label)
                talk.flush()
                text = sys.stdin.readline()
                if not text:
                    raise EOFError
            else:
                text = input(label)
        except EOFError:
            print(file=talk)
            return
        if not text.strip():
            return
        for verdict in checker.add(text.rstrip("\r\n"), keep_unreadable=False):
            print(echo(verdict, kept=False), file=talk)


def run(args) -> int:
    """Judge every line; exit 0 when all are right, 1 when one is wrong, 2 when one is unreadable."""
    from symtutor.answers.steps import StepChecker, where
    from symtutor.errors import InputError
    from symtutor.render.check_steps import CheckStepsPrintout
    from symtutor.render.output import emit

    checker = StepChecker(args.problem, args.wrt)
    if args.file:
        with open(args.file, encoding="utf-8") as handle:
            lines = read_lines(handle)
    elif sys.stdin.isatty():
        lines = None
        _interactive(checker, quiet=args.format == "json")
    else:
        lines = read_lines(sys.stdin)
    for text in lines or ():
        checker.add(text)
    if not checker.verdicts:
        raise InputError("no lines to check: give one expression per line")
    report = checker.report()
    emit(CheckStepsPrintout(report), args.format, args.output)
    for verdict in report.unreadable:
        print(f"symtutor: {where(verdict)}: {verdict.feedback}", file=sys.stderr)
    return report.exit_code
