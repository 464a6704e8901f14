"""The gradient: every partial derivative, step by step, and the steepest directions.

Derives each partial derivative with the other variables held constant, puts
them together as the gradient vector and, at a point (--at, one value for every
variable), gives its value, its length and the unit directions of steepest
ascent and descent, exactly and in decimals.

Example:
  symtutor gradient "x^2 + 3xy + y^2" --at x=2 --at y=1
  symtutor gradient "x^2 + 3xy + y^2" --at x=2,y=1 --format json
"""

from __future__ import annotations

from symtutor.commands._common import add_at_option, add_output_options, command_parser, show


def register(sub) -> None:
    parser = command_parser(sub, "gradient", __doc__, "symtutor.commands.gradient:run")
    parser.add_argument("expr", metavar="EXPR", help="f of several variables")
    add_at_option(parser, "the gradient")
    add_output_options(parser)


def run(args) -> int:
    """Derive every partial derivative of EXPR and read the gradient (exit 0), or exit 2."""
    return show(args, printout(args.expr, args.at))


def printout(expr_text: str, at: list[str] | tuple[str, ...] = ()):
    """The printout `symtutor gradient EXPR [--at V=VAL ...]` shows (lessons call it too)."""
    from symtutor.topics.gradient import gradient
    from symtutor.read.parsing import parse, parse_point
    from symtutor.render.gradient import GradientPrintout

    expr = parse(expr_text)
    names = [s.name for s in expr.free_symbols]
    point = parse_point(list(at), names=names) if at else None
    return GradientPrintout(gradient(expr, point), input_text=expr_text)
