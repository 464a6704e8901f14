"""Reading the learner's answers: line editing and history on a terminal, plain lines otherwise.

On a terminal, answers are read with the standard library's `readline` (arrow
keys, Ctrl-A/E, Ctrl-R search, Tab completes the runner's commands), and the
history is kept in ``$SYMTUTOR_HOME/history`` across lessons. Each line is
appended to that file as it is entered, so a killed process keeps it too.

When stdin is not a terminal, one line is one answer, and the line is echoed
after the prompt so that the output reads as a transcript.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

HISTORY_LENGTH = 1000


def history_path() -> Path:
    """``$SYMTUTOR_HOME/history`` (or the user data folder's), beside the progress database."""
    from symtutor.lessons.progress import default_path

    return default_path().with_name("history")


class LinePrompt:
    """Reads one answer per call.

    Args:
        interactive: use readline (a terminal on both ends); otherwise read plain lines.
        history: the history file (default: `history_path()`), used when interactive.
        words: the commands Tab completes.
        color: style the prompt (interactive only; NO_COLOR turns it off).
    """

    def __init__(
        self,
        interactive: bool,
        history: Path | None = None,
        words: Sequence[str] = (),
        color: bool = True,
        stdin=None,
        stdout=None,
    ):
        self.interactive = interactive
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self.color = color and interactive and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
        self.history = None
        self._readline = None
        if interactive:
            self._setup_readline(history or history_path(), words)

    def _setup_readline(self, history: Path, words: Sequence[str]) -> None:
        try:
            import readline
        except ImportError:  # e.g. a Python built without it: input() still works, unedited
            return
        self._readline = readline
        self.history = history
        readline.set_history_length(HISTORY_LENGTH)
        try:
            if history.exists():
                readline.read_history_file(history)
                if readline.get_current_history_length() >= HISTORY_LENGTH:
                    readline.write_history_file(history)  # trims the file to the last lines
        except OSError:
            # A missing or unreadable history only costs the arrow-up convenience.
            self.history = None
        choices = sorted(words)

        def complete(text: str, state: int):
            matches = [word for word in choices if word.startswith(text)]
            return matches[state] if state < len(matches) else None

        readline.set_completer(complete)
        readline.set_completer_delims(" \t")
        if "libedit" in (readline.__doc__ or ""):
            readline.parse_and_bind("bind ^I rl_complete")
        else:
            readline.parse_and_bind("tab: complete")

    def read(self, label: str = "> ") -> str:
        """The next answer, stripped of surrounding spaces.

        Raises:
            EOFError: end of input (Ctrl-D, or the end of a pipe).
            KeyboardInterrupt: Ctrl-C.
        """
        if not self.interactive:
            self.stdout.write(label)
            self.stdout.flush()
            line = self.stdin.readline()
            if not line:
                self.stdout.write("\n")
                raise EOFError
            line = line.rstrip("\r\n")
            self.stdout.write(line + "\n")
            return line.strip()
        line = input(self._styled(label))
        self._remember(line)
        return line.strip()

    def _styled(self, label: str) -> str:
        if not self.color:
            return label
        # \001 and \002 tell readline the escape codes take no room on screen.
        return f"\001\x1b[1;36m\002{label}\001\x1b[0m\002"

    def _remember(self, line: str) -> None:
        if self._readline is None or self.history is None or not line.strip():
            return
        try:
            self.history.parent.mkdir(parents=True, exist_ok=True)
            if not self.history.exists():
                self.history.touch()
            self._readline.append_history_file(1, self.history)
        except OSError:
            # Losing history is harmless; losing the lesson over it would not be.
            self.history = None
