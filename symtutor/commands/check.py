"""Check an answer to a derivative problem and name the mistake, if any.

PROBLEM is the expression to differentiate (or, with --kind value/vector/expr,
the expected answer itself). ANSWER is what the learner wrote. symtutor shows
how it read the answer and, when it is wrong, which mistake it looks like; the
right answer is shown only with --show-answer (JSON always carries it under
"expected"). Exit code 0 means correct, 1 incorrect, 2 unreadable input.

A value answer with at least 3 significant figures is accepted when it is
within half a unit of its last digit ("2.81" for 2.808).

Example:
  symtutor check "(3x+1)^2" "6(3x+1)"
  symtutor check "x^5" "5x^5"                 # exponent not reduced
  symtutor check "x^2y + 3y^2" "2xy" --wrt x
  symtutor check "2.808" "2.81" --kind value
  symtutor check "[7, 8]" "(8, 7)" --kind vector
  symtutor check "sin(x^2)" "cos(x^2)" --show-answer
"""

from __future__ import annotations

from symtutor.commands._common import add_output_options, command_parser

KINDS = ("derivative", "expr", "value", "vector")


def register(sub) -> None:
    parser = command_parser(sub, "check", __doc__, "symtutor.commands.check:run")
    parser.add_argument("problem", metavar="PROBLEM", help="the expression to differentiate")
    parser.add_argument("answer", metavar="ANSWER", help="the learner's answer")
    parser.add_argument("--wrt", metavar="V", help="the variable (needed when PROBLEM has several)")
    parser.add_argument(
        "--kind",
        choices=KINDS,
        default="derivative",
        help="derivative (default): ANSWER is d(PROBLEM)/dV; expr, value, vector: "
        "PROBLEM is the expected answer itself",
    )
    parser.add_argument("--show-answer", action="store_true",
                        help="also show the expected answer")
    add_output_options(parser)


def run(args) -> int:
    """Judge ANSWER; exit 0 when correct, 1 when not (2, via the guard, when unreadable)."""
    from symtutor.answers.checking import check
    from symtutor.render.output import emit
    from symtutor.render.verdict import VerdictPrintout

    verdict = check(args.problem, args.answer, args.wrt, kind=args.kind)
    emit(VerdictPrintout(verdict, show_answer=args.show_answer), args.format, args.output)
    return 0 if verdict.correct else 1
