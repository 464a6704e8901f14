"""The chain rule through a computation graph, as backpropagation does it.

Give the definitions, usually from the loss down to the parameters (the loss
is the name no other definition uses); each local derivative is derived step by step, multiplied
along every path from the loss to the parameter (and summed when there are
several paths), substituted, evaluated at the point, and checked against a
finite difference. Supports sigmoid (σ), tanh, relu, exp and ln.

Example:
  symtutor chain "L = (yhat - y)^2" "yhat = sigmoid(z)" "z = w*x + b" --wrt w --at w=0.5 --at x=2 --at b=0 --at y=1
  symtutor chain "L = (yhat - y)^2" "yhat = tanh(z)" "z = w*x + b" --wrt w,b
  symtutor chain "L = (a2 - y)^2" "a2 = sigmoid(w2*a1)" "a1 = relu(w1*x)" --wrt w1,w2 --at w1=0.5,w2=-1,x=2,y=1
"""

from __future__ import annotations

from symtutor.commands._common import add_at_option, add_output_options, command_parser, show


def register(sub) -> None:
    parser = command_parser(sub, "chain", __doc__, "symtutor.commands.chain:run")
    parser.add_argument("definitions", metavar="DEF", nargs="+",
                        help='definitions like "L = (yhat - y)^2" (one per argument, or separated by ";")')
    parser.add_argument("--wrt", required=True, metavar="W", help="the parameter(s), comma-separated")
    add_at_option(parser, "the derivative")
    add_output_options(parser)


def run(args) -> int:
    return show(args, printout(args.definitions, args.wrt, args.at))


def printout(definition_args: list[str], wrt_text: str, at: list[str] | tuple[str, ...] = ()):
    """The printout `symtutor chain DEF... --wrt W [--at V=VAL ...]` shows (lessons call it too)."""
    from symtutor.errors import InputError
    from symtutor.read.parsing import parse_definition, parse_point, parse_symbol, split_list

    # One argument may hold several definitions separated by ";" or new lines.
    texts = [part.strip() for arg in definition_args for part in arg.replace("\n", ";").split(";")]
    texts = [t for t in texts if t]
    # Every left-hand side is a name the parser must keep whole (yhat, not y·h·a·t).
    names = []
    for text in texts:
        left, eq, _ = text.partition("=")
        if not eq:
            raise InputError(f"{text!r} is not a definition: write it as NAME = EXPRESSION")
        names.append(left.strip())
    wrt_names = split_list(wrt_text)
    if not wrt_names:
        raise InputError("--wrt needs at least one parameter, e.g. --wrt w")
    wrt = [parse_symbol(w) for w in wrt_names]
    names += [w.name for w in wrt]
    definitions = [parse_definition(text, names=names) for text in texts]
    point = parse_point(list(at), names=names) if at else None

    from symtutor.topics.network import backprop
    from symtutor.render.network import ChainPrintout

    return ChainPrintout(backprop(definitions, wrt, point))
