"""Differentiate from the definition: the limit of the difference quotient.

Works f(x+h), the subtraction f(x+h) - f(x), the division by h and the limit
h -> 0, step by step, for polynomials, 1/x, sqrt(x) and more.

Example:
  symtutor first-principles "x^2" --at x=3
  symtutor first-principles "1/x"
"""

from __future__ import annotations

from symtutor.commands._common import add_at_option, add_output_options, command_parser


def register(sub) -> None:
    parser = command_parser(sub, "first-principles", __doc__, "symtutor.commands.first_principles:run")
    parser.add_argument("expr", metavar="EXPR", help="f(x), in one variable")
    add_at_option(parser)
    add_output_options(parser)


def run(args) -> int:
    raise NotImplementedError("first-principles: being built")
