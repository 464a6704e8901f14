"""`w` at an answer prompt (lessons and practice): the learner's own working, judged
line by line by `symtutor.answers.steps.StepChecker`."""

from __future__ import annotations

from collections.abc import Callable


def final_line(screen, read: Callable[[str], str | None], problem: str, wrt: str | None) -> str | None:
    """Read working lines until an empty one, echoing each line's verdict.

    Returns:
        The last line's text when it is a right, finished answer (the caller judges it as
        the answer); otherwise None, after the checker's feedback on where it went wrong.
    """
    from symtutor.answers.steps import StepChecker
    from symtutor.errors import one_line
    from symtutor.render.check_steps import echo

    try:
        checker = StepChecker(problem, wrt)
    except (ValueError, ArithmeticError, RecursionError) as exc:
        screen.error(f"Could not check working here: {one_line(exc)}.")
        return None
    screen.info(f"Work it out one line at a time (d/d{checker.var.name}(...) for a step still to do); "
                "an empty line ends.")
    last = None
    while line := read("  w> "):
        for verdict in checker.add(line, keep_unreadable=False):
            screen.say(echo(verdict, kept=False))
            if verdict.status != "unreadable":
                last = verdict
    if last is None:
        return None
    if last.correct and not last.pending:
        return last.input
    screen.say(checker.report().feedback)
    return None
