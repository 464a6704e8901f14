"""Check an answer to a derivative problem and name the mistake, if any.

PROBLEM is the expression to differentiate (or, with --kind value/vector/expr,
the expected answer itself). ANSWER is what the learner wrote. Exit code 0
means correct, 1 incorrect, 2 unreadable input.

Example:
  symtutor check "(3x+1)^2" "6(3x+1)"
  symtutor check "x^5" "5x^5"                 # exponent not reduced
  symtutor check "x^2y + 3y^2" "2xy" --wrt x
  symtutor check "2.808" "2.81" --kind value
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
    add_output_options(parser)


def run(args) -> int:
    raise NotImplementedError("check: being built")
