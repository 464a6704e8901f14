"""Gradient descent on a loss: w <- w - lr * dL/dw, step by step.

Shows the derivative (derived rule by rule), the update rule worked out for the
first steps, a table of every iterate, a verdict (converged, oscillating,
diverged) and plots of the loss and of the path on the curve.

Example:
  symtutor descend "(w-3)^2" --start 0 --lr 0.3
  symtutor descend "(w-3)^2" --start 0 --lr 1.1          # too large: diverges
  symtutor descend "(w-3)^2" --start 0 --compare-lr 0.1,0.3,0.9,1.1
  symtutor descend "x^2 + 3y^2" --start x=1,y=2 --lr 0.1
  symtutor descend "(w*x - y)^2" --start w=0,x=2,y=1 --var w --lr 0.1   # x, y held constant
"""

from __future__ import annotations

from symtutor.commands._common import add_output_options, command_parser


def register(sub) -> None:
    parser = command_parser(sub, "descend", __doc__, "symtutor.commands.descend:run")
    parser.add_argument("loss", metavar="LOSS", help="the loss L(w)")
    parser.add_argument("--start", required=True, metavar="W0", help="start value (or x=1,y=2)")
    # Read as text, not float: "0.3" stays exactly 3/10, so the iterates are exact.
    parser.add_argument("--lr", default=None, metavar="ETA", help="learning rate η (e.g. 0.3 or 1/10)")
    parser.add_argument("--steps", type=int, default=20, metavar="N", help="most updates to make (default 20)")
    parser.add_argument("--var", metavar="W", help="the variable(s) to descend on, comma-separated "
                        "(default: every variable of LOSS; the others are held at their --start values)")
    parser.add_argument("--compare-lr", metavar="ETA,ETA,...", help="run several learning rates side by side")
    parser.add_argument("--tol", type=float, default=1e-6, metavar="TOL",
                        help="converged when the step and the gradient are below TOL (default 1e-6)")
    parser.add_argument("--no-plot", action="store_true", help="do not draw the loss curve and the path")
    add_output_options(parser)


def run(args) -> int:
    from symtutor.render.output import default_format, emit

    fmt = args.format or default_format()
    shown = printout(args.loss, args.start, args.lr, args.steps, var=args.var, compare_lr=args.compare_lr,
                     tol=args.tol, plot=not args.no_plot, fmt=fmt, output=args.output)
    emit(shown, fmt, args.output)
    return 0


def printout(loss_text: str, start_text: str, lr: str | None = None, steps: int = 20, *,
             var: str | None = None, compare_lr: str | None = None, tol: float = 1e-6, plot: bool = True,
             fmt: str = "text", output: str | None = None):
    """The printout `symtutor descend LOSS --start W0 ...` shows in `fmt` (lessons call it too).

    Raises:
        symtutor.errors.InputError: an unreadable loss, start or rate, or no rate at all.
    """
    from symtutor.read.parsing import parse_symbol, split_list
    from symtutor.topics.descent import descend

    variables = [parse_symbol(name) for name in split_list(var)] if var else None
    loss, point = _loss_and_start(loss_text, start_text.strip(), variables)
    rates = _rates(lr, compare_lr)
    runs = [descend(loss, point, rate, steps, variables=variables, tolerance=tol) for rate in rates]
    plots: list[str] = []
    # JSON and LaTeX leave plots out; they are drawn only if some output shows them.
    if plot and (fmt not in ("json", "latex") or output):
        plots = _plots(runs, color=fmt == "rich")

    from symtutor.render.descent import ComparePrintout, DescentPrintout

    return ComparePrintout(runs, plots) if compare_lr else DescentPrintout(runs[0], plots)


def _loss_and_start(loss_text: str, start_text: str, variables):
    """The loss as an expression and the start point {symbol: value}, from --start's text."""
    from symtutor.errors import InputError
    from symtutor.read.parsing import parse, parse_number, parse_point

    named_start = "=" in start_text
    point = parse_point([start_text]) if named_start else {}
    names = [v.name for v in (variables or [])] + [k.name for k in point]
    # "L = (w-3)^2" or "L(w) = ...": the loss is the right-hand side.
    loss = parse(loss_text.split("=", 1)[1] if "=" in loss_text else loss_text, names=names)
    if named_start:
        return loss, point
    free = sorted(loss.free_symbols, key=lambda s: s.name)
    if variables and len(variables) == 1:
        var = variables[0]
    elif len(free) == 1:
        var = free[0]
    elif not free:
        raise InputError("the loss has no variable to descend on")
    else:
        shown = ", ".join(s.name for s in free)
        raise InputError(f"the loss has several variables ({shown}): give --start {free[0].name}=...,"
                         f"{free[1].name}=... (and --var to choose which to descend on)")
    return loss, {var: _number(parse_number, start_text, "--start")}


def _rates(lr: str | None, compare_lr: str | None) -> list:
    """The learning rate(s): --lr's one, or --compare-lr's list."""
    from symtutor.errors import InputError
    from symtutor.read.parsing import parse_number, split_list

    if compare_lr and lr is not None:
        raise InputError("give either --lr or --compare-lr, not both")
    if compare_lr:
        rates = [_number(parse_number, t, "--compare-lr") for t in split_list(compare_lr)]
        if not rates:
            raise InputError("--compare-lr needs learning rates, e.g. --compare-lr 0.1,0.3,0.9")
        return rates
    if lr is not None:
        return [_number(parse_number, lr.strip(), "--lr")]
    raise InputError("give a learning rate with --lr ETA (e.g. --lr 0.1), or several with --compare-lr")


def _number(parse_number, text: str, option: str):
    """parse_number, with the option named in the message when the text is not a number."""
    from symtutor.errors import InputError

    try:
        return parse_number(text)
    except InputError as exc:
        raise InputError(f"{option}: {exc}") from None


def _plots(runs, color: bool) -> list[str]:
    """The loss curve(s) and, for one variable and one run, the path on L."""
    from symtutor.render import plotting
    from symtutor.topics.descent import fmt_number

    if color:
        color = plotting.use_color()
    curves = [(f"η = {fmt_number(r.lr)}", r.losses()) for r in runs]
    plots = [plotting.loss_curve(curves, color=color,
                                 title="the loss after each update" if len(runs) == 1 else
                                 "the loss after each update, per learning rate")]
    first = runs[0]
    if len(runs) == 1 and len(first.variables) == 1:
        var = first.variables[0]
        plots.append(plotting.path_plot(first.loss, var, [it.w[var] for it in first.iterates], color=color))
    elif len(runs) == 1 and len(first.variables) == 2:
        a, b = first.variables
        path = [(it.w[a], it.w[b]) for it in first.iterates]
        plots.append(plotting.plane_path_plot((a.name, b.name), path, color=color))
    return plots
