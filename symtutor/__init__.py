"""symtutor: a step-by-step calculus tutor for the terminal.

The public API (stable):

    >>> import symtutor
    >>> symtutor.parse("3xy + x²")                 # a sympy.Expr
    >>> d = symtutor.derive("(3x+1)^2", wrt="x")   # a Derivation
    >>> v = symtutor.check("(3x+1)^2", "2(3x+1)")  # a Verdict
    >>> r = symtutor.check_steps("(3x+1)^2", ["2(3x+1)·3", "18x+6"])  # a StepsReport

Importing the package is cheap: SymPy is loaded the first time one of these is used.
"""

from symtutor._version import __version__
from symtutor.errors import InputError, NoRuleError, TooLargeError

__all__ = ["__version__", "InputError", "NoRuleError", "TooLargeError", "parse", "derive", "check", "check_steps"]

# name -> module that defines it; resolved on first use (PEP 562) so that
# `import symtutor` and `symtutor --version` never import SymPy.
_LAZY = {
    "parse": "symtutor.read.parsing",
    "derive": "symtutor.derivation.engine",
    "check": "symtutor.answers.checking",
    "check_steps": "symtutor.answers.steps",
}


def __getattr__(name: str):
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'symtutor' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
