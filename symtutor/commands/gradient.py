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
    """Derive every partial derivative of EXPR and read the gradient (exit 0), or exit 2."""
    from symtutor.gradient import gradient
    from symtutor.parsing import parse, parse_point
    from symtutor.render.derivation import emit_printout
    from symtutor.render.gradient import GradientPrintout

    expr = parse(args.expr)
    names = [s.name for s in expr.free_symbols]
    at = parse_point(args.at, names=names) if args.at else None
    emit_printout(GradientPrintout(gradient(expr, at)), args.format, args.output)
    return 0
