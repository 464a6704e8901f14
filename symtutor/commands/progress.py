"""Your progress: per lesson and per skill, what is done.

Example:
  symtutor progress
  symtutor progress --format json
"""

from __future__ import annotations

from symtutor.commands._common import command_parser


def register(sub) -> None:
    parser = command_parser(sub, "progress", __doc__, "symtutor.commands.progress:run")
    parser.add_argument("--format", choices=("rich", "text", "json"), default=None)


def run(args) -> int:
    raise NotImplementedError("progress: being built")
