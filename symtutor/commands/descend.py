"""Gradient descent on a loss: w <- w - lr * dL/dw, step by step.

Example:
  symtutor descend "(w-3)^2" --start 0 --lr 0.3
  symtutor descend "(w-3)^2" --start 0 --lr 1.1          # too large: diverges
  symtutor descend "(w-3)^2" --start 0 --compare-lr 0.1,0.3,0.9,1.1
  symtutor descend "x^2 + 3y^2" --start x=1,y=2 --lr 0.1
"""

from __future__ import annotations

from symtutor.commands._common import add_output_options, command_parser


def register(sub) -> None:
    parser = command_parser(sub, "descend", __doc__, "symtutor.commands.descend:run")
    parser.add_argument("loss", metavar="LOSS", help="the loss L(w)")
    parser.add_argument("--start", required=True, metavar="W0", help="start value (or x=1,y=2)")
    parser.add_argument("--lr", type=float, default=None, metavar="ETA", help="learning rate")
    parser.add_argument("--steps", type=int, default=20, metavar="N", help="number of updates (default 20)")
    parser.add_argument("--var", metavar="W", help="the variable (needed when LOSS has several)")
    parser.add_argument("--compare-lr", metavar="ETA,ETA,...", help="run several learning rates side by side")
    parser.add_argument("--no-plot", action="store_true", help="do not draw the loss curve")
    add_output_options(parser)


def run(args) -> int:
    raise NotImplementedError("descend: being built")
