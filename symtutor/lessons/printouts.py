"""Worked examples and worked solutions: the commands' own printouts, built directly.

A worked example (or an exercise's solution) is described once, as a `Call`: the
command, its arguments and its options in command-line order. The same `Call` gives
the line a learner can type to try it (``symtutor derive '(3x+1)^2' --at x=1``) and
the printout, built by the very function the command runs (``printout`` in each
`symtutor.commands` module), so what a lesson shows is what the command prints.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # only for annotations
    from symtutor.lessons.model import Question, Worked
    from symtutor.render.output import Printout


@dataclass(frozen=True, slots=True)
class Call:
    """A `symtutor` command with its arguments, as a lesson runs it.

    Attributes:
        command: the subcommand (one of `symtutor.lessons.schema.WORKED_COMMANDS`).
        args: its positional arguments.
        options: (option name, value) in command-line order; ``--at`` may repeat, and
            a value of True is a flag (``--no-plot``).
    """

    command: str
    args: tuple[str, ...]
    options: tuple[tuple[str, str | bool], ...] = ()

    def argv(self) -> list[str]:
        """The command line, without the program name: ``["derive", "(3x+1)^2", "--at", "x=1"]``."""
        argv = [self.command, *self.args]
        for name, value in self.options:
            argv += [f"--{name}"] if value is True else [f"--{name}", value]
        return argv

    def command_line(self) -> str:
        """The command as a learner would type it."""
        return "symtutor " + " ".join(shlex.quote(part) for part in self.argv())

    def printout(self, fmt: str) -> Printout:
        """The command's printout (`fmt` matters where it changes the content: descend's plots).

        Raises:
            ValueError: the command refuses its input (its one-line message).
        """
        options: dict[str, Any] = {}
        for name, value in self.options:
            if name == "at":
                options.setdefault("at", []).append(value)
            else:
                options[name] = value
        try:
            return _BUILDERS[self.command](self, options, fmt)
        except (NotImplementedError, ImportError, SyntaxError) as exc:
            # A command that is missing or broken in this installation: say so, do not crash.
            raise ValueError(f"symtutor {self.command} is not available: {type(exc).__name__}: {exc}") from None

    def output(self, fmt: str = "text") -> str:
        """The printout as the command prints it in `fmt` (text, markdown, json, ...)."""
        from symtutor.render.output import render

        return render(self.printout(fmt), fmt)

    def show(self) -> None:
        """Print the printout on the terminal in colour, as the command does."""
        from symtutor.render.output import emit

        emit(self.printout("rich"), "rich")


def _derive(call: Call, options: dict, fmt: str):
    from symtutor.commands import derive

    return derive.printout(call.args[0], options.get("wrt"), options.get("at", ()))


def _first_principles(call: Call, options: dict, fmt: str):
    from symtutor.commands import first_principles

    return first_principles.printout(call.args[0], options.get("at", ()))


def _gradient(call: Call, options: dict, fmt: str):
    from symtutor.commands import gradient

    return gradient.printout(call.args[0], options.get("at", ()))


def _chain(call: Call, options: dict, fmt: str):
    from symtutor.commands import chain

    return chain.printout(list(call.args), options["wrt"], options.get("at", ()))


def _descend(call: Call, options: dict, fmt: str):
    from symtutor.commands import descend

    steps = options.get("steps", "20")
    if not steps.strip().isdigit():  # the command line reads --steps as a whole number
        raise ValueError(f"cannot run: {call.command_line()} (--steps must be a whole number)")
    return descend.printout(call.args[0], options["start"], options.get("lr"), int(steps), var=options.get("var"),
                            plot="no-plot" not in options, fmt=fmt)


#: Command -> the function that builds its printout from a `Call`.
_BUILDERS = {
    "derive": _derive,
    "first-principles": _first_principles,
    "gradient": _gradient,
    "chain": _chain,
    "descend": _descend,
}


def worked_call(worked: Worked) -> Call:
    """The command a worked example shows."""
    args = tuple(worked.expr) if isinstance(worked.expr, tuple) else (worked.expr,)
    if worked.command == "descend":
        options = tuple((name, worked.args[name]) for name in ("start", "lr", "steps", "var") if name in worked.args)
        return Call(worked.command, args, options)
    wrt = (("wrt", worked.wrt),) if worked.wrt and worked.command in ("derive", "chain") else ()
    return Call(worked.command, args, wrt + _at(worked.at))


def question_call(question: Question) -> Call | None:
    """The command that works a question out, if one does."""
    kind = question.kind
    wrt = (("wrt", question.variables[0]),) if question.variables else ()
    if kind in ("derivative", "partial", "inner", "outer"):
        return Call("derive", (question.problem,), wrt)
    if kind == "value":
        return Call("derive", (question.problem,), wrt + _at(question.at))
    if kind == "difference_quotient":
        return Call("first-principles", (question.problem,))
    if kind == "gradient":
        return Call("gradient", (question.problem,), _at(question.at))
    if kind == "descent":
        one = len(question.at) == 1
        start = next(iter(question.at.values())) if one else ",".join(f"{k}={v}" for k, v in question.at.items())
        var = (("var", next(iter(question.at))),) if one else ()
        options = (("start", start), ("lr", question.lr), ("steps", str(question.steps)), *var, ("no-plot", True))
        return Call("descend", (question.problem,), options)
    if kind == "chain":
        return Call("chain", tuple(question.problem), (("wrt", question.variables[0]), *_at(question.at)))
    return None


def solution_text(question: Question) -> str:
    """The full worked solution as plain text: the command's printout, else the answer."""
    call = question_call(question)
    if call is not None:
        try:
            return call.output("text").rstrip()
        except ValueError:
            # The printout is a nicety; the answer itself still stands.
            pass
    from symtutor.lessons import answers

    return f"Answer: {answers.answer_display(question)}"


def _at(point: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(("at", f"{name}={value}") for name, value in point.items())
