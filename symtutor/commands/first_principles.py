"""Differentiate from the definition: the limit of the difference quotient.

Works f(x+h), the subtraction f(x+h) - f(x), the division by h and the limit
h -> 0, step by step: polynomials (expand), rational functions such as 1/x
(common denominator), c*sqrt(polynomial) (multiply by the conjugate), and
sin x, cos x, e^x (finished with the standard limits sin h/h -> 1,
(cos h - 1)/h -> 0, (e^h - 1)/h -> 1). Anything else is refused with exit 2.

Example:
  symtutor first-principles "x^2" --at x=3
  symtutor first-principles "1/x"
  symtutor first-principles "sqrt(x)" --format markdown --output sqrt.md
"""

from __future__ import annotations

from symtutor.commands._common import add_at_option, add_output_options, command_parser, show


def register(sub) -> None:
    parser = command_parser(sub, "first-principles", __doc__, "symtutor.commands.first_principles:run")
    parser.add_argument("expr", metavar="EXPR", help="f(x), in one variable")
    add_at_option(parser)
    add_output_options(parser)


def run(args) -> int:
    """Work EXPR from the limit definition and print it (exit 0), or exit 2."""
    return show(args, printout(args.expr, args.at))


def printout(expr_text: str, at: list[str] | tuple[str, ...] = ()):
    """The printout `symtutor first-principles EXPR [--at V=VAL]` shows (lessons call it too)."""
    from symtutor.derivation.engine import derive_step
    from symtutor.errors import InputError
    from symtutor.topics.first_principles import work
    from symtutor.read.parsing import parse, parse_point
    from symtutor.render.first_principles import FirstPrinciplesPrintout

    expr = parse(expr_text)
    fp = work(expr)
    point = parse_point(list(at), names=[fp.var.name]) if at else {}
    unknown = [str(v) for v in point if v != fp.var]
    if unknown:
        raise InputError(f"--at: {', '.join(unknown)} is not the variable of f ({fp.var})")
    # The rules' answer is shown as a cross-check; the two must agree.
    rules = derive_step(expr, fp.var).result
    return FirstPrinciplesPrintout(fp, point, rules_result=rules, input_text=expr_text)
