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


class TooLargeError(InputError, ArithmeticError):
    """Readable input whose derivation or judgement would be too large to do in time.

    An `InputError` (so a ValueError) to callers, with a one-line message naming the
    limit passed. Also an ArithmeticError, like an overflow: code that tries a
    learner's mistake by deriving the expression with a buggy rule skips a buggy
    derivation that grows past the limit, as it skips one that divides by zero.
    """
