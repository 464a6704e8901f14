"""Differentiate an expression and show every rule applied.

Reads EXPR the way it is written on paper (2x, x², (3x+1)^2, ln x, sin^2 x),
differentiates it rule by rule (constant, power, sum, chain, product, ...),
names each rule and says why it applies.

When some part has no rule (max(0, x)), the steps for the rest are still shown,
the uncovered part is marked "No rule" and left as an unevaluated derivative,
a closing line names it, and the exit code is 2 with a one-line message on
stderr (the JSON form says "complete": false and lists the "uncovered" parts).

Example:
  symtutor derive "(3x+1)^2"
  symtutor derive "x^2 + 3xy + y^2" --wrt y
  symtutor derive "x^2" --at x=3 --plot
  symtutor derive "ln(x^2+1)" --format latex --output steps.tex
"""

from __future__ import annotations

from symtutor.commands._common import add_at_option, add_output_options, command_parser, show


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
    """Derive EXPR step by step and print it (exit 0), or exit 2 on bad input.

    A partial derivation (some part has no rule) is printed too, then exits 2 with
    the no-rule message on stderr: the derivative is not complete.
    """
    from symtutor.commands._startup import first_import

    with first_import():
        from symtutor.derivation import engine  # noqa: F401
        from symtutor.render import derivation, output  # noqa: F401

        # SymPy's Add imports its tensor module (and combinatorics) on the first sum it
        # builds: done here, it is paused-GC import time, not part of the parser's 0.5 s
        # budget, which a cold byte-code cache on a busy machine could otherwise exceed.
        import sympy.tensor.tensor  # noqa: F401
    shown = printout(args.expr, args.wrt, args.at, plot=args.plot, fmt=args.format, allow_partial=True)
    code = show(args, shown)
    uncovered = shown.uncovered
    if uncovered:
        from symtutor.commands._common import fail
        from symtutor.derivation.rules import no_rule
        from symtutor.errors import one_line

        return fail(one_line(no_rule(*uncovered)))
    return code


def printout(expr: str, wrt: str | None = None, at: list[str] | tuple[str, ...] = (), *,
             plot: bool = False, fmt: str | None = None, allow_partial: bool = False):
    """The printout `symtutor derive EXPR [--wrt V] [--at V=VAL ...] [--plot]` shows (lessons call it too).

    With `allow_partial`, a part no rule covers is a marked "no rule" step (no value
    at the point, no plot); without it, such an expression raises NoRuleError.

    Raises:
        symtutor.errors.InputError: unreadable EXPR or point, or a point off the expression.
        symtutor.errors.NoRuleError: a part has no rule and `allow_partial` is false.
    """
    from symtutor.derivation.engine import derive
    from symtutor.errors import InputError
    from symtutor.read.parsing import parse_point
    from symtutor.render.derivation import DerivationPrintout

    derivation = derive(expr, wrt, allow_partial=allow_partial)
    symbols = derivation.expr.free_symbols | {derivation.variable}
    point = parse_point(list(at), names=[s.name for s in symbols]) if at else {}
    unknown = [str(v) for v in point if v not in symbols]
    if unknown:
        raise InputError(f"--at: {', '.join(unknown)} does not appear in {expr}")
    shown = tangent = None
    if plot and derivation.complete:  # no tangent without a slope
        shown, tangent = _tangent_plot(derivation, point, fmt)
    return DerivationPrintout(derivation, point, plot=shown, tangent=tangent)


def _tangent_plot(derivation, at, fmt):
    """(plot, tangent line): f and its tangent at the --at point, as terminal text."""
    import sympy

    from symtutor.errors import InputError
    from symtutor.render.plotting import tangent_plot
    from symtutor.render.derivation import evaluate_at
    from symtutor.render.output import default_format

    var = derivation.variable
    if var not in at:
        raise InputError(f"--plot needs the point of tangency: add --at {var}=VALUE")
    others = derivation.expr.free_symbols - {var}
    missing = sorted(str(s) for s in others if s not in at)
    if missing:
        raise InputError(f"--plot needs a value for every other variable too (missing {', '.join(missing)})")
    rest = {k: v for k, v in at.items() if k != var}
    f = derivation.expr.subs(rest)
    slope = evaluate_at(derivation.result, at)
    height = evaluate_at(derivation.expr, at, "f")
    tangent = sympy.expand(height + slope * (var - at[var]))
    # Colour only where rich will show it: on a terminal in the default format.
    color = None if (fmt or default_format()) == "rich" else False
    try:
        return tangent_plot(f, var, at[var], slope=slope, color=color), tangent
    except TypeError as exc:  # a value the plot cannot turn into a float
        raise InputError(f"--plot: cannot plot f near {var} = {at[var]} ({exc})") from None
