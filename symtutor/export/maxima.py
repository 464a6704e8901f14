"""SymPy expressions as Maxima text, for STACK question variables and answer tests.

Maxima writes powers with ``^``, the constants as ``%e``, ``%pi``, natural logs as
``log``, and lacks symtutor's activation functions, which are written out
(``sigmoid(u)`` is ``1/(1+exp(-u))``, ``relu(u)`` is ``max(0,u)``, Heaviside ``H(u)``
is ``if u > 0 then 1 else 0``, only defined off the kink). Anything else without
a Maxima spelling raises `NotExportable`, so an export never writes a question
STACK would read differently.
"""

from __future__ import annotations

from sympy.printing.str import StrPrinter

from symtutor.notation import registry

#: SymPy function name -> Maxima function name. Every trigonometric, inverse
#: trigonometric and hyperbolic function of the registry has its SymPy name in Maxima
#: too, so a function added there is exported with no change here; the activations
#: are written out in `MaximaPrinter._print_Function`.
FUNCTIONS = {
    **{row.key: row.key for row in registry.function_rows()
       if row.family in ("trig", "inverse_trig", "hyperbolic")},
    "Abs": "abs", "log": "log", "exp": "exp", "Max": "max", "Min": "min",
}


class NotExportable(ValueError):
    """The expression uses something Maxima (STACK) has no spelling for."""


class MaximaPrinter(StrPrinter):
    """StrPrinter with Maxima's constants, functions and power operator."""

    printmethod = "_maxima"

    def _print_Pow(self, expr, rational=False):
        return super()._print_Pow(expr, rational).replace("**", "^")

    def _print_Exp1(self, expr):
        return "%e"

    def _print_Pi(self, expr):
        return "%pi"

    def _print_ImaginaryUnit(self, expr):
        return "%i"

    def _print_Infinity(self, expr):
        raise NotExportable("infinity")

    def _print_Float(self, expr):
        return repr(float(expr))

    def _print_Function(self, expr):
        name = type(expr).__name__
        args = ",".join(self._print(a) for a in expr.args)
        if name == "sigmoid":
            return f"1/(1+exp(-({args})))"
        if name == "relu":
            return f"max(0,{args})"
        if name == "Heaviside":
            return f"(if ({self._print(expr.args[0])}) > 0 then 1 else 0)"
        if name not in FUNCTIONS:
            raise NotExportable(f"no Maxima spelling for {name}")
        return f"{FUNCTIONS[name]}({args})"

    _print_Abs = _print_Max = _print_Min = _print_exp = _print_log = _print_Function

    def _print_Symbol(self, expr):
        name = expr.name
        if not name.isidentifier() or name.startswith("_"):
            raise NotExportable(f"symbol {name!r}")
        return name

    def emptyPrinter(self, expr):  # noqa: N802 - SymPy's name
        raise NotExportable(f"no Maxima spelling for {type(expr).__name__}")


def maxima(expr) -> str:
    """`expr` as Maxima text; powers with ``^`` (SymPy's ``**`` never remains).

    Raises:
        NotExportable: something in `expr` has no Maxima spelling.
    """
    text = MaximaPrinter().doprint(expr)
    return text.replace("**", "^")
