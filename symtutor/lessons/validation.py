"""What `symtutor lesson validate` checks beyond the schema: answer keys and worked examples.

The loader (`symtutor.lessons.catalog`) has already checked the file against
`symtutor.lessons.schema`; here every answer key is computed by the engine and judged
by the checker, every listed mistake must be judged wrong, every guided step must
check, and every worked example's command must run. Imports the engine and checker.
"""

from __future__ import annotations

from symtutor.lessons import answers
from symtutor.lessons.model import Exercise, Question, Worked
from symtutor.lessons.schema import COMPUTED_KINDS

#: What `question_problems` turns into a problem message rather than a crash.
_CHECK_ERRORS = (ValueError, ArithmeticError, RecursionError, NotImplementedError, TypeError, AttributeError, KeyError)


def question_problems(question: Question, where: str | None = None) -> list[str]:
    """Everything wrong with one question's answer key (imports the engine and checker).

    Args:
        question: an exercise or a guided step.
        where: how to name it in messages (default: ``FILE:LINE: exercise 'ID'``).

    Returns:
        One message per problem; empty when the key is computed, agrees with any
        authored `expected`, is judged correct, and every listed mistake is judged wrong.
    """
    if where is None:
        label = f"exercise {question.id!r}" if isinstance(question, Exercise) else "guided step"
        where = f"{question.path}:{question.line}: {label}"
    problems: list[str] = []
    try:
        value = answers.expected(question)
    except _CHECK_ERRORS as exc:
        return [f"{where}: cannot compute the answer: {exc}"]
    try:
        if question.expected is not None and question.kind in COMPUTED_KINDS:
            kind = answers.answer_kind(question)
            if not answers.check(answers.format_value(value, "plain"), question.expected, None, kind).correct:
                problems.append(
                    f"{where}: expected answer {question.expected} disagrees with the engine, "
                    f"which computes {answers.format_value(value, 'unicode')}"
                )
        if question.kind in ("inner", "outer"):
            parts = answers.chain_parts(question)
            index = 0 if question.kind == "inner" else 1
            if not any(answers.same(part[index], value, "expr") for part in parts):
                found = ", ".join(answers.format_value(part[index], "unicode") for part in parts)
                found = found or "none (no chain rule)"
                problems.append(
                    f"{where}: expected {question.kind} {question.expected} is not one the engine uses "
                    f"(it finds: {found})"
                )
        key = answers.answer_key(question)
        verdict = question.judge(key)
        if not verdict.correct:
            problems.append(f"{where}: the answer key {key} is judged wrong: {verdict.feedback}")
        if isinstance(question, Exercise):
            question.hint_ladder()  # the runner must be able to give every hint
        for mistake in getattr(question, "mistakes", ()):
            try:
                if question.judge(mistake.answer).correct:
                    problems.append(f"{where}: listed mistake {mistake.answer} is judged correct")
            except _CHECK_ERRORS as exc:
                problems.append(f"{where}: listed mistake {mistake.answer} cannot be read: {exc}")
    except _CHECK_ERRORS as exc:
        problems.append(f"{where}: cannot check the answer key: {exc}")
    for number, step in enumerate(getattr(question, "guided", ()), 1):
        problems += question_problems(step, f"{where}, guided step {number} (line {step.line})")
    return problems


def worked_problems(worked: Worked) -> list[str]:
    """Whether a worked example's command runs; one message if it does not."""
    try:
        worked.output("text")
    except _CHECK_ERRORS as exc:
        return [f"{worked.path}:{worked.line}: worked example {worked.title!r}: {exc}"]
    return []
