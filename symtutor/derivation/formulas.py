"""The textbook formula behind each rule, keyed by (Step.rule, Step.case).

Plain data with no SymPy import: renderers show the formula a step applies, in
Unicode text or LaTeX, next to the step. The formulas of single functions (sin,
arsinh, σ, ...) are their rows in `symtutor.notation.registry`.
"""

from __future__ import annotations

from typing import NamedTuple

from symtutor.notation import registry


class Formula(NamedTuple):
    """One formula, written two ways."""

    text: str
    latex: str


#: Step.rule -> its title in printouts.
RULE_TITLES: dict[str, str] = {
    "constant": "Constant rule",
    "power": "Power rule",
    "constant_multiple": "Constant multiple rule",
    "sum": "Sum rule",
    "product": "Product rule",
    "quotient": "Quotient rule",
    "chain": "Chain rule",
    "log": "Logarithm rule",
    "exp": "Exponential rule",
    "trig": "Trigonometric rule",
    "inverse_trig": "Inverse trigonometric rule",
    "hyperbolic": "Hyperbolic rule",
    "log_differentiation": "Logarithmic differentiation",
    "abs": "Absolute value rule",
    "activation": "Activation function rule",
    "no_rule": "No rule",
}

_D = r"\frac{d}{dx}"

#: (Step.rule, Step.case) -> the formula that step applies.
FORMULAS: dict[tuple[str, str], Formula] = {
    ("constant", ""): Formula("d/dx c = 0", _D + r" c = 0"),
    ("constant", "held_constant"): Formula(
        "∂/∂x c = 0 when c does not depend on x", r"\frac{\partial}{\partial x} c = 0"
    ),
    ("power", ""): Formula("d/dx xⁿ = n·xⁿ⁻¹", _D + r" x^{n} = n x^{n-1}"),
    ("power", "identity"): Formula("d/dx x = 1", _D + r" x = 1"),
    ("constant_multiple", ""): Formula("d/dx c·f = c·f′", _D + r" c f = c f'"),
    ("sum", ""): Formula("d/dx (f + g) = f′ + g′", _D + r" (f + g) = f' + g'"),
    ("sum", "difference"): Formula("d/dx (f − g) = f′ − g′", _D + r" (f - g) = f' - g'"),
    ("product", ""): Formula("d/dx f·g = f′·g + f·g′", _D + r" f g = f' g + f g'"),
    ("product", "general"): Formula(
        "d/dx f₁·f₂⋯fₙ = f₁′·f₂⋯fₙ + f₁·f₂′⋯fₙ + ⋯ + f₁·f₂⋯fₙ′",
        _D + r" f_1 f_2 \cdots f_n = f_1' f_2 \cdots f_n + f_1 f_2' \cdots f_n + \cdots + f_1 f_2 \cdots f_n'",
    ),
    ("quotient", ""): Formula(
        "d/dx f/g = (f′·g − f·g′)/g²", _D + r" \frac{f}{g} = \frac{f' g - f g'}{g^{2}}"
    ),
    ("chain", ""): Formula("d/dx f(g(x)) = f′(g(x))·g′(x)", _D + r" f(g(x)) = f'(g(x))\, g'(x)"),
    ("log", "ln"): Formula("d/dx ln x = 1/x", _D + r" \ln x = \frac{1}{x}"),
    ("log", "base"): Formula("d/dx log_b x = 1/(x·ln b)", _D + r" \log_{b} x = \frac{1}{x \ln b}"),
    ("exp", "e^x"): Formula("d/dx eˣ = eˣ", _D + r" e^{x} = e^{x}"),
    ("exp", "a^x"): Formula("d/dx aˣ = aˣ·ln a", _D + r" a^{x} = a^{x} \ln a"),
    ("log_differentiation", ""): Formula(
        "d/dx f^g = f^g·d/dx (g·ln f)", _D + r" f^{g} = f^{g} \, \frac{d}{dx}\left(g \ln f\right)"
    ),
    ("abs", ""): Formula(
        "d/dx |x| = x/|x|  (x ≠ 0)", _D + r" |x| = \frac{x}{|x|} \quad (x \neq 0)"
    ),
    # Each function's own formula, from its registry row: ("trig", "sin"), ("activation", "relu"), ...
    **{
        (row.family, row.key): Formula("d/dx " + row.formula[0], _D + " " + row.formula[1])
        for row in registry.function_rows()
    },
}


def formula_for(rule: str, case: str = "") -> Formula | None:
    """The formula for (`rule`, `case`), falling back to the rule's general form."""
    return FORMULAS.get((rule, case)) or FORMULAS.get((rule, ""))
