"""The textbook formula behind each rule, keyed by (Step.rule, Step.case).

Plain data with no SymPy import: renderers show the formula a step applies, in
Unicode text or LaTeX, next to the step.
"""

from __future__ import annotations

from typing import NamedTuple


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
    ("quotient", ""): Formula(
        "d/dx f/g = (f′·g − f·g′)/g²", _D + r" \frac{f}{g} = \frac{f' g - f g'}{g^{2}}"
    ),
    ("chain", ""): Formula("d/dx f(g(x)) = f′(g(x))·g′(x)", _D + r" f(g(x)) = f'(g(x))\, g'(x)"),
    ("log", "ln"): Formula("d/dx ln x = 1/x", _D + r" \ln x = \frac{1}{x}"),
    ("log", "base"): Formula("d/dx log_b x = 1/(x·ln b)", _D + r" \log_{b} x = \frac{1}{x \ln b}"),
    ("exp", "e^x"): Formula("d/dx eˣ = eˣ", _D + r" e^{x} = e^{x}"),
    ("exp", "a^x"): Formula("d/dx aˣ = aˣ·ln a", _D + r" a^{x} = a^{x} \ln a"),
    ("trig", "sin"): Formula("d/dx sin x = cos x", _D + r" \sin x = \cos x"),
    ("trig", "cos"): Formula("d/dx cos x = −sin x", _D + r" \cos x = -\sin x"),
    ("trig", "tan"): Formula("d/dx tan x = sec²x", _D + r" \tan x = \sec^{2} x"),
    ("trig", "cot"): Formula("d/dx cot x = −csc²x", _D + r" \cot x = -\csc^{2} x"),
    ("trig", "sec"): Formula("d/dx sec x = sec x·tan x", _D + r" \sec x = \sec x \tan x"),
    ("trig", "csc"): Formula("d/dx csc x = −csc x·cot x", _D + r" \csc x = -\csc x \cot x"),
    ("inverse_trig", "asin"): Formula(
        "d/dx arcsin x = 1/√(1 − x²)", _D + r" \arcsin x = \frac{1}{\sqrt{1 - x^{2}}}"
    ),
    ("inverse_trig", "acos"): Formula(
        "d/dx arccos x = −1/√(1 − x²)", _D + r" \arccos x = -\frac{1}{\sqrt{1 - x^{2}}}"
    ),
    ("inverse_trig", "atan"): Formula(
        "d/dx arctan x = 1/(1 + x²)", _D + r" \arctan x = \frac{1}{1 + x^{2}}"
    ),
    ("inverse_trig", "acot"): Formula(
        "d/dx arccot x = −1/(1 + x²)", _D + r" \operatorname{arccot} x = -\frac{1}{1 + x^{2}}"
    ),
    ("inverse_trig", "asec"): Formula(
        "d/dx arcsec x = 1/(|x|·√(x² − 1))",
        _D + r" \operatorname{arcsec} x = \frac{1}{|x| \sqrt{x^{2} - 1}}",
    ),
    ("inverse_trig", "acsc"): Formula(
        "d/dx arccsc x = −1/(|x|·√(x² − 1))",
        _D + r" \operatorname{arccsc} x = -\frac{1}{|x| \sqrt{x^{2} - 1}}",
    ),
    ("hyperbolic", "sinh"): Formula("d/dx sinh x = cosh x", _D + r" \sinh x = \cosh x"),
    ("hyperbolic", "cosh"): Formula("d/dx cosh x = sinh x", _D + r" \cosh x = \sinh x"),
    ("hyperbolic", "tanh"): Formula(
        "d/dx tanh x = sech²x", _D + r" \tanh x = \operatorname{sech}^{2} x"
    ),
    ("hyperbolic", "coth"): Formula(
        "d/dx coth x = −csch²x", _D + r" \coth x = -\operatorname{csch}^{2} x"
    ),
    ("hyperbolic", "sech"): Formula(
        "d/dx sech x = −sech x·tanh x",
        _D + r" \operatorname{sech} x = -\operatorname{sech} x \tanh x",
    ),
    ("hyperbolic", "csch"): Formula(
        "d/dx csch x = −csch x·coth x",
        _D + r" \operatorname{csch} x = -\operatorname{csch} x \coth x",
    ),
    ("hyperbolic", "asinh"): Formula(
        "d/dx arsinh x = 1/√(x² + 1)", _D + r" \operatorname{arsinh} x = \frac{1}{\sqrt{x^{2} + 1}}"
    ),
    ("hyperbolic", "acosh"): Formula(
        "d/dx arcosh x = 1/√(x² − 1)", _D + r" \operatorname{arcosh} x = \frac{1}{\sqrt{x^{2} - 1}}"
    ),
    ("hyperbolic", "atanh"): Formula(
        "d/dx artanh x = 1/(1 − x²)", _D + r" \operatorname{artanh} x = \frac{1}{1 - x^{2}}"
    ),
    ("hyperbolic", "acoth"): Formula(
        "d/dx arcoth x = 1/(1 − x²)", _D + r" \operatorname{arcoth} x = \frac{1}{1 - x^{2}}"
    ),
    ("hyperbolic", "asech"): Formula(
        "d/dx arsech x = −1/(x·√(1 − x²))",
        _D + r" \operatorname{arsech} x = -\frac{1}{x \sqrt{1 - x^{2}}}",
    ),
    ("hyperbolic", "acsch"): Formula(
        "d/dx arcsch x = −1/(|x|·√(1 + x²))",
        _D + r" \operatorname{arcsch} x = -\frac{1}{|x| \sqrt{1 + x^{2}}}",
    ),
    ("log_differentiation", ""): Formula(
        "d/dx f^g = f^g·d/dx (g·ln f)", _D + r" f^{g} = f^{g} \, \frac{d}{dx}\left(g \ln f\right)"
    ),
    ("abs", ""): Formula(
        "d/dx |x| = x/|x|  (x ≠ 0)", _D + r" |x| = \frac{x}{|x|} \quad (x \neq 0)"
    ),
    ("activation", "sigmoid"): Formula(
        "d/dx σ(x) = σ(x)·(1 − σ(x))", _D + r" \sigma(x) = \sigma(x)\left(1 - \sigma(x)\right)"
    ),
    ("activation", "relu"): Formula(
        "d/dx relu(x) = H(x): 1 for x > 0, 0 for x < 0, none at the kink x = 0",
        _D + r" \operatorname{relu}(x) = H(x) = \begin{cases} 1 & x > 0 \\ 0 & x < 0 \end{cases}",
    ),
}


def formula_for(rule: str, case: str = "") -> Formula | None:
    """The formula for (`rule`, `case`), falling back to the rule's general form."""
    return FORMULAS.get((rule, case)) or FORMULAS.get((rule, ""))
