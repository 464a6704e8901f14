"""The gradient: every partial derivative, and what the vector says at a point.

Each partial derivative comes from the step engine (the other variables held as
constants, as the steps say). At a point, the gradient's length and the unit
directions of steepest ascent (∇f/|∇f|) and descent (−∇f/|∇f|) follow, exactly.
Pure: no printing, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from symtutor.errors import InputError


@dataclass(frozen=True)
class Gradient:
    """∇f, and its reading at a point when one is given.

    Attributes:
        expr: f.
        variables: the variables, in order (the gradient's components follow it).
        derivations: one engine `Derivation` per variable: ∂f/∂v step by step.
        at: {Symbol: value} or None.
        value: ∇f at the point (exact), or None.
        norm: |∇f| at the point, or None.
        ascent: ∇f/|∇f| at the point; None without a point or where ∇f = 0.
        descent: −∇f/|∇f|, likewise.
    """

    expr: Any
    variables: tuple[Any, ...]
    derivations: tuple[Any, ...]
    at: dict | None = None
    value: tuple[Any, ...] | None = None
    norm: Any = None
    ascent: tuple[Any, ...] | None = None
    descent: tuple[Any, ...] | None = None

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        """The notebook display: HTML with the steps, LaTeX, Markdown and text (render/notebook.py)."""
        from symtutor.render.notebook import mimebundle

        return mimebundle(self)

    @property
    def partials(self) -> tuple[Any, ...]:
        """∂f/∂v for each variable, in order."""
        return tuple(d.result for d in self.derivations)


def natural_key(symbol) -> tuple:
    """Sort w2 before w10, x before y."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", symbol.name))


def gradient(expr, at: dict | None = None, variables=None) -> Gradient:
    """∇f, derived step by step, and its reading at `at`.

    Args:
        expr: f, a SymPy expression.
        at: {Symbol: value} giving every variable, or None.
        variables: the variables in order; by default f's free symbols, sorted by name.

    Returns:
        A `Gradient`.

    Raises:
        InputError: for a constant f, or a point that misses or adds a variable, or
            where a partial derivative is undefined.
    """
    import sympy

    from symtutor.derivation.engine import derive

    if variables is None:
        variables = sorted(expr.free_symbols, key=natural_key)
    variables = tuple(variables)
    if not variables:
        raise InputError("the gradient needs a function of at least one variable")
    derivations = tuple(derive(expr, v) for v in variables)
    if not at:
        return Gradient(expr, variables, derivations)

    at = dict(at)
    missing = [v.name for v in variables if v not in at]
    extra = [str(v) for v in at if v not in variables]
    if extra:
        raise InputError(f"--at: {', '.join(extra)} is not a variable of f ({', '.join(v.name for v in variables)})")
    if missing:
        raise InputError(f"--at: give a value for every variable (missing {', '.join(missing)})")
    value = []
    point = ", ".join(f"{k} = {v}" for k, v in at.items())
    for d in derivations:
        # SymPy gives H(0) = 1/2 and sign(0) = 0, but a slope at a kink (relu, |x|) has no value.
        for kink in d.result.atoms(sympy.Heaviside, sympy.sign):
            if kink.args[0].subs(at) == 0:
                raise InputError(f"∂f/∂{d.variable} is undefined at {point} (a kink)")
        component = d.result.subs(at)
        if component.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo) or component.is_finite is False:
            raise InputError(f"∂f/∂{d.variable} is undefined at {point}")
        if component.is_number and component.is_real is False:
            raise InputError(f"∂f/∂{d.variable} is not a real number at {point}")
        value.append(component)
    value = tuple(value)
    norm = sympy.sqrt(sum((c**2 for c in value), sympy.Integer(0)))
    if norm.is_zero:
        return Gradient(expr, variables, derivations, at, value, norm)
    ascent = tuple(sympy.radsimp(c / norm) for c in value)
    descent = tuple(-c for c in ascent)
    return Gradient(expr, variables, derivations, at, value, norm, ascent, descent)
