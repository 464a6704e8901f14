"""The commands a learner can type at a lesson's answer prompt, with their one-line help.

One list for the runner (its `help`, Tab completion) and for
``symtutor lesson run --help``; standard library only, so `--help` stays instant.
"""

from __future__ import annotations

#: Command -> its one-line help, in the order `help` lists them.
COMMANDS = {
    "hint": "a hint (the last one shows the answer, which then counts as not solved)",
    "guide": "work through the exercise one step at a time (where the exercise has steps)",
    "steps": "show the full worked solution (counts as not solved)",
    "w": "work it out line by line, an empty line ends; a right last line is your answer (or `work`)",
    "skip": "move on to the next exercise",
    "quit": "stop here; your progress is saved (so it is on Ctrl-C or at the end of input)",
    "help": "this list",
}


def help_lines(indent: str = "  ", skip: tuple[str, ...] = ()) -> list[str]:
    """The list as aligned lines: ``  hint   a hint (...)``."""
    return [f"{indent}{name:<6} {text}" for name, text in COMMANDS.items() if name not in skip]
