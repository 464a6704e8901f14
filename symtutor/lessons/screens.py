"""What a lesson shows, and how: plain text for pipes and files, panels and colour on a
terminal. `symtutor.lessons.runner` decides what to show; a screen only draws it
(practice's screens add a header and mastery bars: `symtutor.practice.screens`).

The first screen (`_title_box`) is drawn by hand, without importing rich, so that it
is up before SymPy has finished importing.
"""

from __future__ import annotations

import sys
from typing import Any


class PlainScreen:
    """Plain text: no colour, no boxes, no escape codes (pipes, files, dumb terminals)."""

    rich = False

    def __init__(self, out=None):
        self.out = out or sys.stdout

    def _print(self, text: str = "") -> None:
        self.out.write(text + "\n")
        self.out.flush()

    @staticmethod
    def _plain(body: str) -> str:
        """Lesson text without Markdown emphasis marks (``**bold**``, ``*italic*``)."""
        import re

        body = body.replace("**", "")
        # Only a *word* in asterisks: products like 2*x*y in a formula stay as they are.
        body = re.sub(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])", r"\1", body)
        return body.strip("\n")

    def title(self, title: str, intro: str, note: str | None = None) -> None:
        self._print(title)
        self._print("=" * len(title))
        self._print(self._plain(intro))
        if note:
            self._print()
            self._print(note)
        self._print()

    def text(self, body: str) -> None:
        self._print(self._plain(body))
        self._print()

    def worked(self, title: str, body: str, printout: str, after: str, command: str) -> None:
        heading = f"Worked example: {title}"
        self._print(heading)
        self._print("-" * len(heading))
        if body:
            self._print(self._plain(body))
            self._print()
        self._print(printout.rstrip("\n"))
        self._print()
        if after:
            self._print(self._plain(after))
        self._print(f"(Try it yourself: {command})")
        self._print()

    def exercise(self, number: int, total: int, prompt: str, extra: str = "") -> None:
        self._print(f"Exercise {number} of {total}: {prompt}" + (f" ({extra})" if extra else ""))

    def guided(self, number: int, total: int, prompt: str) -> None:
        self._print(f"  Step {number} of {total}: {prompt}")

    def correct(self, read: str, note: str = "", indent: str = "") -> None:
        self._print(indent + (f"Correct: read as {read}." if read else "Correct."))
        if note:
            self._print(indent + note)
        self._print()

    def wrong(self, read: str, feedback: str, mistake: str = "", extra: str = "", indent: str = "") -> None:
        self._print(indent + (f"Not yet: read as {read}." if read else "Not yet."))
        if mistake:
            self._print(f"{indent}Mistake: {mistake}.")
        if feedback:
            self._print(indent + feedback)
        if extra:
            self._print(indent + extra)

    def hint(self, level: int, total: int, text: str) -> None:
        self._print(f"Hint {level} of {total}: {text}")

    def solution(self, heading: str, text: str) -> None:
        self._print(heading)
        self._print(text.rstrip("\n"))
        self._print()

    def info(self, text: str) -> None:
        self._print(text)

    def say(self, text: str, style: str = "dim") -> None:
        """Prose (a reason, a line's verdict): wrapped at words on a terminal."""
        self._print(text)

    def error(self, text: str) -> None:
        self._print(text)

    def summary(self, title: str, rows: list[tuple[str, int]], skills: list[str], footer: str) -> None:
        heading = f"Summary: {title}"
        self._print(heading)
        self._print("-" * len(heading))
        for name, count in rows:
            self._print(f"  {name}: {count}")
        if skills:
            self._print("Skills: " + "; ".join(skills))
        if footer:
            self._print(footer)


class RichScreen(PlainScreen):
    """Panels and colour for a terminal (rich honours NO_COLOR and TERM=dumb)."""

    rich = True

    def __init__(self):
        super().__init__()
        self._console = None

    @property
    def console(self):
        # Created on first use: the first screen is drawn without importing rich at all.
        if self._console is None:
            from rich.console import Console

            self._console = Console(highlight=False)
        return self._console

    def title(self, title: str, intro: str, note: str | None = None) -> None:
        # Drawn by hand, in the same rounded box rich uses for every later panel: importing
        # rich would cost a sixth of the 0.3 s the first screen has.
        self._print(_title_box(title, self._plain(intro), note))

    def text(self, body: str) -> None:
        self.console.print(_markdown(body.strip("\n")))
        self.console.print()

    def worked(self, title: str, body: str, printout: Any, after: str, command: str) -> None:
        from rich.rule import Rule

        self.console.print(Rule(f"[bold]Worked example: {title}[/]", align="left", style="cyan"))
        if body:
            self.console.print(_markdown(body.strip("\n")))
            self.console.print()
        if callable(printout):
            printout()  # the command prints itself, in colour
        else:
            self.console.print(printout.rstrip("\n"), markup=False)
        self.console.print()
        if after:
            self.console.print(_markdown(after.strip("\n")))
        self.console.print(f"[dim]Try it yourself:[/] [bold]{command}[/]", soft_wrap=True, markup=True)
        self.console.print()

    def exercise(self, number: int, total: int, prompt: str, extra: str = "") -> None:
        from rich.panel import Panel
        from rich.text import Text

        self.console.print(
            Panel(
                Text(prompt.replace("**", "").replace("`", "")),
                title=f"[bold]Exercise {number} of {total}[/]",
                title_align="left",
                subtitle=f"[dim]{extra}[/]" if extra else None,
                subtitle_align="right",
                border_style="yellow",
            )
        )

    def guided(self, number: int, total: int, prompt: str) -> None:
        self.console.print(f"  [bold magenta]Step {number} of {total}:[/] {prompt}", markup=True)

    def correct(self, read: str, note: str = "", indent: str = "") -> None:
        from rich.text import Text

        line = Text(indent) + Text("✓ Correct", style="bold green")
        if read:
            line.append(f"  (read as {read})", style="dim")
        self.console.print(line)
        if note:
            self.console.print(indent + note, markup=False)
        self.console.print()

    def wrong(self, read: str, feedback: str, mistake: str = "", extra: str = "", indent: str = "") -> None:
        from rich.text import Text

        line = Text(indent) + Text("✗ Not yet", style="bold red")
        if read:
            line.append(f"  (read as {read})", style="dim")
        self.console.print(line)
        if mistake:
            self.console.print(Text(indent) + Text("Mistake: ", style="bold") + Text(mistake))
        if feedback:
            self.console.print(indent + feedback, markup=False)
        if extra:
            self.console.print(indent + extra, style="dim", markup=False)

    def hint(self, level: int, total: int, text: str) -> None:
        from rich.text import Text

        self.console.print(Text(f"Hint {level} of {total}: ", style="bold blue") + Text(text))

    def solution(self, heading: str, text: str) -> None:
        from rich.panel import Panel
        from rich.text import Text

        self.console.print(Panel(Text(text.rstrip("\n")), title=heading, title_align="left", border_style="blue"))

    def info(self, text: str) -> None:
        # soft_wrap: the terminal wraps it, so a command in it stays one copyable line.
        self.console.print(text, style="dim", markup=False, soft_wrap=True)

    def say(self, text: str, style: str = "dim") -> None:
        # Wrapped at words, each line under its own indent (a hanging indent), so that a
        # number or a full stop never breaks onto the next line alone.
        from rich.padding import Padding
        from rich.text import Text

        for line in text.split("\n"):
            body = line.lstrip(" ")
            self.console.print(Padding(Text(body, style=style), (0, 0, 0, len(line) - len(body))))

    def error(self, text: str) -> None:
        self.console.print(text, style="red", markup=False)

    def summary(self, title: str, rows: list[tuple[str, int]], skills: list[str], footer: str) -> None:
        from rich.panel import Panel
        from rich.table import Table

        table = Table.grid(padding=(0, 2))
        table.add_column(justify="right")
        table.add_column()
        for name, count in rows:
            table.add_row(str(count), name)
        if skills:
            table.add_row("", "")
            table.add_row("skills", "; ".join(skills))
        self.console.print(Panel(table, title=f"[bold]Summary: {title}[/]", title_align="left", border_style="green"))
        if footer:
            self.console.print(footer, markup=False)


_MARKDOWN = None


def _markdown(text: str):
    """Lesson text as rich Markdown, with indented blocks shown as displayed formulas.

    rich draws an indented block as highlighted code inside blank padding; in a lesson
    it is a formula (``d/dx f(g(x)) = f′(g(x))·g′(x)``), so it is set in bold, indented,
    without the padding (and without loading a syntax highlighter).
    """
    global _MARKDOWN
    if _MARKDOWN is None:
        from rich.markdown import CodeBlock, Markdown
        from rich.text import Text

        class Formula(CodeBlock):
            def __rich_console__(self, console, options):
                lines = str(self.text).rstrip().splitlines()
                yield Text("\n".join("    " + line for line in lines), style="bold")

        class LessonMarkdown(Markdown):
            elements = {**Markdown.elements, "code_block": Formula, "fence": Formula}

        _MARKDOWN = LessonMarkdown
    return _MARKDOWN(text)


def _title_box(title: str, intro: str, note: str | None) -> str:
    """The lesson's first screen: its title on a rounded box around the intro."""
    import os
    import shutil
    import textwrap

    color = "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
    cyan, bold, italic, reset = ("\x1b[36m", "\x1b[1m", "\x1b[3m", "\x1b[0m") if color else ("",) * 4
    width = max(shutil.get_terminal_size((80, 24)).columns, 30)
    inner = width - 6  # a border and two spaces of padding on each side
    heading = title if len(title) <= width - 6 else title[: width - 7] + "…"
    rows: list[tuple[str, str]] = [("", "")]
    for paragraph in intro.split("\n"):
        rows += [("", line) for line in (textwrap.wrap(paragraph, inner) or [""])]
    if note:
        rows.append(("", ""))
        rows += [(italic, line) for line in textwrap.wrap(note, inner)]
    rows.append(("", ""))
    top = f"{cyan}╭─{reset} {bold}{heading}{reset} {cyan}{'─' * (width - len(heading) - 5)}╮{reset}"
    body = [f"{cyan}│{reset}  {style}{line.ljust(inner)}{reset if style else ''}  {cyan}│{reset}" for style, line in rows]
    bottom = f"{cyan}╰{'─' * (width - 2)}╯{reset}"
    return "\n".join([top, *body, bottom])
