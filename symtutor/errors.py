"""Exceptions of the public API. Importing this module never imports SymPy."""


class InputError(ValueError):
    """Text that symtutor will not read: not mathematics, too large, or malformed.

    The message is one line, written for the person who typed the text.
    """


class NoRuleError(ValueError):
    """An expression that no differentiation rule covers (e.g. ``Max(0, x)``).

    symtutor never falls back silently to ``sympy.diff``; it says so instead.
    """


def one_line(exc: BaseException) -> str:
    """The first line of an exception's message (its type name if the message is empty)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
