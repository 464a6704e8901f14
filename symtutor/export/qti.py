"""QTI 1.2 for Canvas, written by `text2qti` from its plain-text quiz format.

A value item becomes a numerical question (the derivative's value at a point, with
a relative tolerance); a derivative item becomes a multiple-choice question whose
distractors are the mal-rule answers, each with our feedback sentence shown to a
learner who picks it. Every question text ends with the tag `symtutor grade` reads
back from Canvas's student-analysis report. Choices are written in textbook
notation (``6(3x + 1)``), which `symtutor grade` reads too.

Needs the optional extra: ``pip install 'symtutor[lms]'`` (text2qti).
"""

from __future__ import annotations

import hashlib
import re

from symtutor.errors import InputError
from symtutor.export.items import Export, ExportItem

#: Relative tolerance of numerical answers (and the smallest absolute one).
REL_TOLERANCE, MIN_TOLERANCE = 1e-3, 1e-6
INSTALL_HINT = "QTI export needs the lms extra: pip install 'symtutor[lms]'"

_MARKDOWN = re.compile(r"([\\`*_$<>\[\]])")


def _md(text: str) -> str:
    """One line of text2qti Markdown showing `text` literally."""
    return _MARKDOWN.sub(r"\\\1", " ".join(str(text).split()))


def _tag(item: ExportItem) -> str:
    # Square brackets escaped for Markdown; Canvas shows them plainly.
    return _md(item.tag())


def _numerical(number: int, item: ExportItem) -> list[str]:
    value = float(item.value)
    tolerance = max(abs(value) * REL_TOLERANCE, MIN_TOLERANCE)
    return [f"{number}.  {_md(item.prompt)} {_tag(item)}", f"=   {value!r} +- {tolerance:.6g}"]


def choices(item: ExportItem) -> list[tuple[str, bool, str]]:
    """(text, correct, feedback) in order: the key among the distinct mal-rule answers.

    The key's place depends only on the item's name, so the same export gives the
    same file.
    """
    from symtutor.notation.mathfmt import unicode

    key = unicode(item.expected)
    wrong: list[tuple[str, bool, str]] = []
    for mistake in item.mistakes:
        text = unicode(mistake.expr)
        if text != key and all(text != w[0] for w in wrong):
            wrong.append((text, False, mistake.feedback))
    place = int(hashlib.sha256(item.name.encode()).hexdigest(), 16) % (len(wrong) + 1)
    return wrong[:place] + [(key, True, "Correct.")] + wrong[place:]


def _multiple_choice(number: int, item: ExportItem) -> list[str]:
    lines = [f"{number}.  {_md(item.prompt)} {_tag(item)}"]
    for letter, (text, correct, feedback) in zip("abcdefghij", choices(item)):
        lines.append(f"{'*' if correct else ''}{letter}) {'' if correct else ' '}{_md(text)}")
        lines.append(f"... {_md(feedback)}")
    return lines


def quiz_text(export: Export) -> str:
    """The quiz in text2qti's plain-text format."""
    lines = [f"Quiz title: {_md(export.title)}", "Quiz description: exported by symtutor", ""]
    for number, item in enumerate(export.items, 1):
        if item.kind == "value":
            lines += _numerical(number, item)
        else:
            lines += _multiple_choice(number, item)
        lines.append("")
    return "\n".join(lines)


def qti_zip(export: Export) -> bytes:
    """The QTI 1.2 package (a zip) Canvas imports.

    Raises:
        InputError: text2qti is not installed, or refuses the quiz.
    """
    try:
        from text2qti.config import Config
        from text2qti.err import Text2qtiError
        from text2qti.qti import QTI
        from text2qti.quiz import Quiz
    except ImportError:
        raise InputError(INSTALL_HINT) from None
    try:
        quiz = Quiz(quiz_text(export), config=Config(), source_name="symtutor")
        return QTI(quiz).zip_bytes()
    except Text2qtiError as exc:
        raise InputError(f"text2qti: {' '.join(str(exc).split())}") from None
