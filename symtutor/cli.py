"""The `symtutor` command line: a thin dispatcher over `symtutor.commands`.

Each subcommand lives in its own module under `symtutor/commands/` with a
`register(subparsers)` function that imports only the standard library, so
`symtutor --help` and `--version` never import SymPy. The work is imported only
when a command runs.

Exit codes (part of the contract): 0 success or correct, 1 incorrect answer,
2 invalid input or usage (one line on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys

from symtutor._version import __version__

#: Subcommand modules, in the order `--help` lists them.
COMMANDS = (
    "derive",
    "check",
    "check_steps",
    "grade",
    "export",
    "first_principles",
    "gradient",
    "descend",
    "chain",
    "worksheet",
    "lesson",
    "practice",
    "progress",
)

EPILOG = """\
Examples:
  symtutor lesson run rules              start a lesson
  symtutor practice                      exercises chosen for you, until mastery
  symtutor derive "(3x+1)^2" --at x=1    every step of a derivative, and its value
  symtutor check "x^5" "5x^5"            is this answer right? which mistake is it?

Run 'symtutor COMMAND --help' for a command's options and examples.
"""


class _Parser(argparse.ArgumentParser):
    """argparse that exits 2 with one line (not the whole usage) on a usage error."""

    def error(self, message: str):  # noqa: D401 - argparse's signature
        self.exit(2, f"symtutor: {message} (see '{self.prog} --help')\n")


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser; importing it costs no SymPy.

    When `argv` names a command, only that command's module is imported and
    registered (start-up time is measured); otherwise every command is, for `--help`.
    """
    parser = _Parser(
        prog="symtutor",
        description="A step-by-step calculus tutor for the terminal.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"symtutor {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in _commands_for(argv):
        importlib.import_module(f"symtutor.commands.{name}").register(sub)
    return parser


def _commands_for(argv: list[str] | None) -> tuple[str, ...]:
    """The command modules needed to parse `argv`: the one it names, or all of them."""
    if argv:
        first = next((arg for arg in argv if not arg.startswith("-")), None)
        if first is not None and first.replace("-", "_") in COMMANDS:
            return (first.replace("-", "_"),)
    return COMMANDS


#: Arguments argparse reads as options: the short flags we have, and anything after "--".
_OPTION = re.compile(r"^(-[ho]|--.*|-)$")
#: Negative numbers, which argparse already reads as values (``--start -0.5``).
_NEGATIVE_NUMBER = re.compile(r"^-\d+$|^-\d*\.\d+$")


def _shield_minus(argv: list[str]) -> list[str]:
    """A space before an expression that starts with a minus sign (``-x^2``, ``-2x``), which
    argparse would take for an unknown option; `_unshield` takes it off after parsing."""
    return [" " + arg if arg.startswith("-") and not _OPTION.match(arg) and not _NEGATIVE_NUMBER.match(arg)
            else arg for arg in argv]


def _unshield(args: argparse.Namespace) -> None:
    for name, value in vars(args).items():
        if isinstance(value, str) and value.startswith(" -"):
            setattr(args, name, value[1:])
        elif isinstance(value, list):
            setattr(args, name, [v[1:] if isinstance(v, str) and v.startswith(" -") else v for v in value])


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    if argv is None:
        argv = sys.argv[1:]
    argv = _shield_minus(argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    _unshield(args)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    from symtutor.commands._common import run_guarded

    return run_guarded(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
