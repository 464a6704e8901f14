"""Derivation steps as plain immutable data.

A `Step` records one application of one rule: what was differentiated, with
respect to what, the result, and the steps it was built from. The engine builds
these; renderers read them. Nothing here prints or computes derivatives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # SymPy is imported lazily so that `--help` stays fast.
    from sympy import Expr, Symbol

#: Rule names of the public contract (`Step.rule`). More may be added; these keep their names.
RULE_NAMES = (
    "constant",
    "power",
    "constant_multiple",
    "sum",
    "log",
    "chain",
    "product",
    "quotient",
    "exp",
    "trig",
    "inverse_trig",
    "hyperbolic",
    "log_differentiation",
)

#: The rule name of a part no rule covers, in a partial derivation (its result is the
#: unevaluated ``Derivative``; see `Derivation.complete`).
NO_RULE = "no_rule"


@dataclass(frozen=True, slots=True)
class Step:
    """One rule applied to one expression.

    Attributes:
        rule: the rule's contract name, one of `RULE_NAMES` (or a later addition).
        expr: the expression differentiated in this step.
        variable: the symbol differentiated with respect to.
        result: the derivative of `expr`, composed from the substeps' results.
        substeps: the steps this one is built from, in reading order. A `chain`
            step has exactly two: the outer rule applied to f(u), then the inner
            derivation of u = g(x).
        case: which form of the rule applies (a key of `symtutor.derivation.formulas.FORMULAS`
            together with `rule`), e.g. ``("trig", "sin")``, ``("log", "ln")``.
        why: one sentence saying why the rule applies, with ``{name}`` slots that a
            renderer fills from `terms` in its own notation.
        terms: named sub-expressions used by `why` and by renderers, e.g. a chain
            step's ``("u", 3*x + 1)``.
    """

    rule: str
    expr: Expr
    variable: Symbol
    result: Expr
    substeps: tuple[Step, ...] = ()
    case: str = ""
    why: str = ""
    terms: tuple[tuple[str, Any], ...] = field(default=())

    def term(self, name: str) -> Any:
        """The named sub-expression `name` of this step (KeyError if absent)."""
        for key, value in self.terms:
            if key == name:
                return value
        raise KeyError(name)

    def walk(self):
        """Yield this step and every step below it, depth first, in reading order."""
        yield self
        for sub in self.substeps:
            yield from sub.walk()

    def rules_used(self) -> set[str]:
        """The set of rule names used anywhere in this derivation."""
        return {step.rule for step in self.walk()}

    def explain(self, fmt=str) -> str:
        """`why` with its slots filled, each term formatted by `fmt` (default `str`)."""
        if not self.why:
            return ""
        return self.why.format(**{key: fmt(value) for key, value in self.terms})

    def to_dict(self) -> dict:
        """JSON-ready form; expressions are `str(expr)`, readable by `sympy.sympify`."""
        return {
            "rule": self.rule,
            "case": self.case,
            "expr": str(self.expr),
            "variable": str(self.variable),
            "result": str(self.result),
            "why": self.explain(),
            "terms": {key: str(value) for key, value in self.terms},
            "substeps": [sub.to_dict() for sub in self.substeps],
        }


@dataclass(frozen=True, slots=True)
class Derivation:
    """A whole derivative worked out: the input as typed, as read, and its steps.

    Attributes:
        input: the text the user typed (or `str(expr)` when given an expression).
        expr: the expression as parsed.
        variable: the symbol differentiated with respect to.
        steps: the root `Step`; ``steps.result`` is the derivative.

    A derivation asked for with ``allow_partial`` may hold ``no_rule`` steps: then
    `complete` is False, `uncovered` lists the parts no rule covers, and the result
    keeps their derivatives unevaluated (``Derivative(Max(0, x), x)``).
    """

    input: str
    expr: Expr
    variable: Symbol
    steps: Step

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        """The notebook display: HTML with the steps, LaTeX, Markdown and text (render/notebook.py)."""
        from symtutor.render.notebook import mimebundle

        return mimebundle(self)

    @property
    def result(self) -> Expr:
        """The derivative, as the last line of the derivation shows it."""
        return self.steps.result

    @property
    def uncovered(self) -> tuple[Expr, ...]:
        """The parts no rule covers (``no_rule`` steps), each once, in reading order."""
        found = [s.expr for s in self.steps.walk() if s.rule == NO_RULE]
        return tuple(dict.fromkeys(found))

    @property
    def complete(self) -> bool:
        """Whether every part was derived by a rule (no ``no_rule`` step)."""
        return not self.uncovered

    def to_dict(self) -> dict:
        """JSON-ready, the same shape as ``symtutor derive --format json``."""
        return {
            "input": self.input,
            "expr": str(self.expr),
            "variable": str(self.variable),
            "result": str(self.result),
            "complete": self.complete,
            "uncovered": [str(e) for e in self.uncovered],
            "steps": self.steps.to_dict(),
        }
