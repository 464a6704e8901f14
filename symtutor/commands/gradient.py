"""The gradient: every partial derivative, step by step, and the steepest directions.

Example:
  symtutor gradient "x^2 + 3xy + y^2" --at x=2 --at y=1
"""

from __future__ import annotations

from symtutor.commands._common import add_at_option, add_output_options, command_parser


def register(sub) -> None:
    parser = command_parser(sub, "gradient", __doc__, "symtutor.commands.gradient:run")
    parser.add_argument("expr", metavar="EXPR", help="f of several variables")
    add_at_option(parser, "the gradient")
    add_output_options(parser)


def run(args) -> int:
    raise NotImplementedError("gradient: being built")
