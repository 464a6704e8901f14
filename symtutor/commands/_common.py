"""Options shared by several commands, and the guard that turns errors into exit codes."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from symtutor.errors import one_line

FORMATS = ("rich", "text", "markdown", "latex", "json")


def add_output_options(parser: argparse.ArgumentParser) -> None:
    """--format and --output, as every printing command has them."""
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="output format (default: rich on a terminal, text otherwise)",
    )
    parser.add_argument(
        "--output",
        metavar="FILE",
        help="also write the printout to FILE; the format follows the extension "
        "(.html, .svg, .md, .tex, .txt, .json)",
    )


def add_at_option(parser: argparse.ArgumentParser, what: str = "the derivative") -> None:
    """--at V=VAL, repeatable: a point at which to evaluate."""
    parser.add_argument(
        "--at",
        metavar="V=VAL",
        action="append",
        default=[],
        help=f"evaluate {what} at V=VAL (repeat for several variables, or V=1,W=2)",
    )


def command_parser(sub, name: str, doc: str, run: str, **kwargs) -> argparse.ArgumentParser:
    """Add subcommand `name` whose help is `doc` (first line: summary; rest: description).

    `run` is "module:function", imported only when the command runs.
    """
    summary, _, rest = doc.strip().partition("\n")
    parser = sub.add_parser(
        name,
        help=summary,
        description=(summary + "\n" + rest).strip(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        **kwargs,
    )
    parser.set_defaults(run=run)
    return parser


def show(args: argparse.Namespace, printout) -> int:
    """Print a command's printout in its --format (and to --output); the exit code, 0."""
    from symtutor.render.output import emit

    emit(printout, args.format, args.output)
    return 0


def fail(message: str) -> int:
    """Print one line on stderr and return exit code 2."""
    print(f"symtutor: {message}", file=sys.stderr)
    return 2


def run_guarded(args: argparse.Namespace) -> int:
    """Run `args.run`, mapping every failure to one line on stderr and exit code 2."""
    module_name, _, func_name = args.run.partition(":")
    try:
        func = getattr(importlib.import_module(module_name), func_name)
        return int(func(args) or 0)
    except KeyboardInterrupt:
        print("", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`); nothing more to say.
        sys.stderr.close()
        return 0
    except (ValueError, ArithmeticError, RecursionError, MemoryError, OSError) as exc:
        # InputError and NoRuleError are ValueErrors; their messages are written for users.
        return fail(one_line(exc))
    except Exception as exc:  # a bug of ours, not the user's: say so in one line
        if os.environ.get("SYMTUTOR_DEBUG"):
            raise
        return fail(
            f"internal error ({type(exc).__name__}: {exc}); please report it, "
            "and run with SYMTUTOR_DEBUG=1 to see the traceback"
        )
