"""Functions of neural networks that SymPy has no name for: the sigmoid and ReLU.

Kept as named functions (not rewritten into exponentials) so that a derivation
can say "σ'(z) = σ(z)(1 − σ(z))", the way the lessons teach it.
"""

from __future__ import annotations

from sympy import Function, Heaviside, Max, S, exp


class sigmoid(Function):  # noqa: N801 - lower case, like SymPy's own functions
    """σ(z) = 1/(1 + e^(−z)), the logistic function."""

    @classmethod
    def eval(cls, z):  # trusted: SymPy's evaluation hook, not Python's eval
        if z.is_Number:
            return 1 / (1 + exp(-z))
        return None

    def fdiff(self, argindex=1):
        """σ'(z) = σ(z)·(1 − σ(z))"""
        s = sigmoid(self.args[0])
        return s * (1 - s)

    def _eval_rewrite_as_exp(self, z, **kwargs):
        return 1 / (1 + exp(-z))

    def _eval_evalf(self, prec):
        return (1 / (1 + exp(-self.args[0])))._eval_evalf(prec)

    def _eval_is_real(self):
        return self.args[0].is_real

    def _latex(self, printer):
        return r"\sigma\left(%s\right)" % printer._print(self.args[0])


class relu(Function):  # noqa: N801
    """relu(z) = max(0, z), with a kink at z = 0."""

    @classmethod
    def eval(cls, z):  # trusted: SymPy's evaluation hook, not Python's eval
        if z.is_Number:
            return Max(S.Zero, z)
        return None

    def fdiff(self, argindex=1):
        """relu'(z) = 1 for z > 0, 0 for z < 0 (the Heaviside step; undefined at the kink z = 0)."""
        return Heaviside(self.args[0])

    def _eval_rewrite_as_Max(self, z, **kwargs):
        return Max(S.Zero, z)

    def _eval_evalf(self, prec):
        return Max(S.Zero, self.args[0])._eval_evalf(prec)

    def _eval_is_real(self):
        return self.args[0].is_real

    def _latex(self, printer):
        return r"\operatorname{relu}\left(%s\right)" % printer._print(self.args[0])

