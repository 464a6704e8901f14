"""Interactive lessons: worked examples, then practice with feedback.

Example:
  symtutor lesson list
  symtutor lesson run limits
  symtutor lesson answers chain-rule | symtutor lesson run chain-rule
  symtutor lesson validate my-lessons/
"""

from __future__ import annotations

import argparse

from symtutor.commands._common import command_parser


def register(sub) -> None:
    parser = command_parser(sub, "lesson", __doc__, "symtutor.commands.lesson:run")
    parser.add_argument(
        "--lessons", metavar="DIR", help="load lessons from DIR (default: $SYMTUTOR_LESSONS or the built-in ones)"
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
    p = actions.add_parser("list", help="list lessons and your progress")
    p.add_argument("--format", choices=("rich", "text", "json"), default=None)
    p = actions.add_parser("run", help="run a lesson (resumes where you stopped)")
    p.add_argument("id", metavar="ID")
    p.add_argument("--restart", action="store_true", help="start the lesson over")
    p = actions.add_parser("answers", help="print one accepted answer per exercise")
    p.add_argument("id", metavar="ID")
    p = actions.add_parser("validate", help="check every lesson's answer key against the engine")
    p.add_argument("path", metavar="PATH", nargs="?", help="a lesson file or folder (default: the built-in lessons)")
    for p in actions.choices.values():
        p.add_argument("--lessons", metavar="DIR", default=argparse.SUPPRESS, help=argparse.SUPPRESS)


def run(args) -> int:
    raise NotImplementedError("lesson: being built")
