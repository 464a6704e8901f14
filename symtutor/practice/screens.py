"""The practice screens: the lesson runner's screens, with a practice header and mastery bars.

`PlainScreen` and `RichScreen` of `symtutor.lessons.screens` draw everything a
lesson shows (feedback, hints, worked solutions); practice adds an exercise header
without "n of total" (practice has no fixed length) and a mastery bar.
"""

from __future__ import annotations

from symtutor.lessons.screens import PlainScreen, RichScreen
from symtutor.practice.mastery import MASTERED

BAR_WIDTH = 20


def bar(p: float, width: int = BAR_WIDTH, plain: bool = False) -> str:
    """P(known) as a bar: ``██████████░░░░░░░░░░`` (``#####-----`` in plain text)."""
    full, empty = ("#", "-") if plain else ("█", "░")
    filled = max(0, min(width, round(p * width)))
    return full * filled + empty * (width - filled)


def change_line(skill: str, before: float, after: float, plain: bool = False) -> str:
    """``chain    ████████░░░░ 0.42 → 0.71`` (and "mastered" once it is)."""
    arrow = "->" if plain else "→"
    mark = "  mastered" if after >= MASTERED else ""
    return f"{skill:<17} {bar(after, plain=plain)} {before:.2f} {arrow} {after:.2f}{mark}"


class PracticePlainScreen(PlainScreen):
    def practice_exercise(self, number: int, prompt: str, extra: str) -> None:
        self._print(f"Exercise {number} ({extra}): {prompt}")

    def mastery(self, lines: list[str]) -> None:
        self._print("Mastery:")
        for line in lines:
            self._print("  " + line)
        self._print()


class PracticeRichScreen(RichScreen):
    def practice_exercise(self, number: int, prompt: str, extra: str) -> None:
        from rich.panel import Panel
        from rich.text import Text

        self.console.print(Panel(Text(prompt), title=f"[bold]Exercise {number}[/]", title_align="left",
                                 subtitle=f"[dim]{extra}[/]", subtitle_align="right", border_style="yellow"))

    def mastery(self, lines: list[str]) -> None:
        self.console.print("Mastery:", style="bold")
        for line in lines:
            self.console.print("  " + line, style="green" if line.endswith("mastered") else "magenta",
                               markup=False)
        self.console.print()
