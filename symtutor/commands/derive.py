"""Differentiate an expression and show every rule applied.

Reads EXPR the way it is written on paper (2x, x², (3x+1)^2, ln x, sin^2 x),
differentiates it rule by rule (constant, power, sum, chain, product, ...),
names each rule and says why it applies.

Example:
  symtutor derive "(3x+1)^2"
  symtutor derive "x^2 + 3xy + y^2" --wrt y
  symtutor derive "x^2" --at x=3 --plot
  symtutor derive "ln(x^2+1)" --format latex --output steps.tex
"""

from __future__ import annotations

from symtutor.commands._common import add_at_option, add_output_options, command_parser


def register(sub) -> None:
    parser = command_parser(sub, "derive", __doc__, "symtutor.commands.derive:run")
    parser.add_argument("expr", metavar="EXPR", help="the expression to differentiate")
    parser.add_argument("--wrt", metavar="V", help="the variable (needed when EXPR has several)")
    add_at_option(parser)
    parser.add_argument(
        "--plot", action="store_true", help="with --at: plot f and its tangent line at the point"
    )
    add_output_options(parser)


def run(args) -> int:
    raise NotImplementedError("derive: being built")
