"""The chain rule through a computation graph, as backpropagation does it.

Give the definitions from the loss down to the parameters; each local
derivative is derived step by step and multiplied along the path.

Example:
  symtutor chain "L = (yhat - y)^2" "yhat = sigmoid(z)" "z = w*x + b" --wrt w --at w=0.5 --at x=2 --at b=0 --at y=1
  symtutor chain "L = (yhat - y)^2" "yhat = tanh(z)" "z = w*x + b" --wrt w,b
"""

from __future__ import annotations

from symtutor.commands._common import add_at_option, add_output_options, command_parser


def register(sub) -> None:
    parser = command_parser(sub, "chain", __doc__, "symtutor.commands.chain:run")
    parser.add_argument("definitions", metavar="DEF", nargs="+", help='definitions like "L = (yhat - y)^2"')
    parser.add_argument("--wrt", required=True, metavar="W", help="the parameter(s), comma-separated")
    add_at_option(parser, "the derivative")
    add_output_options(parser)


def run(args) -> int:
    raise NotImplementedError("chain: being built")
