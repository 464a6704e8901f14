"""Differentiation rules, one small function each, as a calculus book states them.

Every rule takes ``(expr, var, ctx)`` and returns a `Step` whose result is built
from its substeps' results: this is the derivation itself, never ``sympy.diff``
output dressed up. Which rule applies is decided by `classify` (a table keyed by
expression type, in the style of SymPy's ``manualintegrate``); what the rule
*does* lives only in its entry of `RULES`. A mal-rule table (a copy of `RULES`
with one entry swapped for a learner's buggy version) therefore changes every
place that rule applies, at any depth, because substeps recurse through
`Context.derive`, which looks rules up in ``ctx.rules``.

Choices a teacher makes, kept consistent everywhere:

- 1/x³ is the power rule with n = −3, and √x with n = 1/2 (never the quotient rule);
- c/g(x) is a constant multiple of g(x)⁻¹, done by the chain rule; the quotient
  rule is for f/g with f and g both depending on the variable (or 1/(g·h));
- log_b x has its own case, 1/(x·ln b), rather than a constant multiple of ln x;
- a product of three factors is f·(g·h), the product rule applied pairwise; one of four
  or more is the general product rule in one step, a term per factor (applied pairwise,
  its n − 1 nested steps would print about n³/3 factors: 70,000 for 60 factors);
- anything free of the variable is a constant, "held constant" when it holds other
  symbols (partial derivatives);
- an inner function gets a fresh letter (u, v, w, p, …) that the expression does not
  use, and one inner function keeps one letter throughout a derivation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from sympy import Add, Derivative, Expr, Mul, Pow, S, Symbol, exp, log

from symtutor.errors import NoRuleError, TooLargeError
from symtutor.notation import registry
from symtutor.derivation.steps import Step
from symtutor.derivation.tidy import factored, ordered_terms, polynomial, size, tidy

RuleFn = Callable[[Expr, Symbol, "Context"], Step]

#: Most parts (symbols, numbers, operations: tree nodes) one step's result may have. The
#: derivative is one such result, and judging an answer evaluates it at some twenty
#: points, several at 60 digits: 6,000 parts keep `check` well inside 2 seconds. A
#: product of 40 linear factors has a derivative of 4,700 parts; one of 50, 7,400.
MAX_PARTS = 6000
#: Most parts all the steps' results may have together: what a printout shows.
MAX_SHOWN = 40000

#: Letters for inner functions, in the order a teacher reaches for them.
LETTERS = ("u", "v", "w", "p", "q", "r", "s", "t", "z", "k", "m", "a", "b", "c")


@dataclass
class Context:
    """What one derivation carries down the tree.

    Attributes:
        rules: rule name -> rule function; substeps look rules up here, so a
            swapped entry applies at every depth.
        taken: symbol names that may not be used for an inner function (every
            symbol of the expression, and every letter already handed out).
        letters: inner function -> the letter it was given, so the same inner
            function keeps its letter and no letter names two things.
        partial: a part no rule covers becomes a "no_rule" step (its result the
            unevaluated derivative) instead of raising NoRuleError.
    """

    rules: Mapping[str, RuleFn]
    taken: set[str] = field(default_factory=set)
    letters: dict[Expr, Symbol] = field(default_factory=dict)
    shown: int = 0  # parts of all step results so far (see MAX_SHOWN)
    partial: bool = False  # mark parts no rule covers (a no_rule step) instead of raising

    def derive(self, expr: Expr, var: Symbol) -> Step:
        """The step for d/d`var` `expr`, by whichever rule `classify` picks.

        Raises:
            NoRuleError: no rule covers `expr` (unless `partial`).
            TooLargeError: the step's result, or all results so far, passed a limit.
        """
        try:
            name = classify(expr, var)
        except NoRuleError:
            if not self.partial:
                raise
            name = "no_rule"
        step = self.rules[name](expr, var, self)
        if step.substeps:  # a rule without substeps gives a result of a few parts
            self.charge(size(step.result, MAX_PARTS))
        return step

    def charge(self, parts: int) -> None:
        """Count a result of `parts` parts; refuse once past a limit."""
        self.afford(parts)
        self.shown += parts
        if self.shown > MAX_SHOWN:
            raise TooLargeError(
                f"expression too large to derive step by step: its steps would show over "
                f"{MAX_SHOWN:,} parts"
            )

    @staticmethod
    def afford(parts: int) -> None:
        """Refuse a result of `parts` parts (an estimate, before the work) past `MAX_PARTS`."""
        if parts > MAX_PARTS:
            raise TooLargeError(
                f"expression too large to derive step by step: its derivative would have over "
                f"{MAX_PARTS:,} parts (a product of 50 linear factors has 7,400)"
            )

    def letter_for(self, inner: Expr) -> Symbol:
        """A fresh letter naming `inner` (the same letter if `inner` was named before)."""
        letter = self.letters.get(inner)
        if letter is not None:
            return letter
        name = next((c for c in LETTERS if c not in self.taken), None)
        if name is None:
            name = next(f"u{i}" for i in range(1, 10**6) if f"u{i}" not in self.taken)
        self.taken.add(name)
        letter = self.letters[inner] = Symbol(name)
        return letter


def _step(rule, expr, var, result, substeps=(), case="", why="", terms=()) -> Step:
    return Step(rule, expr, var, tidy(result), tuple(substeps), case, why, tuple(terms))


# --- classification: which rule applies (kept apart from what the rules do) ---------

#: Function class -> the rule for it applied to the variable itself (the row's family).
FUNCTION_RULES: dict[type, str] = {
    cls: row.family for cls, row in registry.classes().items() if row.family is not None
}


def no_rule(*exprs: Expr) -> NoRuleError:
    """The error for an expression (or several parts of one) no rule covers."""
    parts = ", ".join(str(e) for e in exprs)
    which = "it has" if len(exprs) == 1 else "they have"
    return NoRuleError(f"no step-by-step rule for {parts} ({which} no derivative rule symtutor can show)")


def split_coefficient(expr: Expr, var: Symbol) -> tuple[Expr, Expr]:
    """(c, f) with expr = c·f, c free of `var`; log_b keeps its 1/ln b."""
    c, f = expr.as_independent(var, as_Add=False)
    if isinstance(f, log):
        # log(x, 10) is stored as log(x)/log(10): 1/ln 10 belongs to log₁₀, not to c.
        inv = [a for a in Mul.make_args(c) if _is_inverse_log(a)]
        if len(inv) == 1:
            return c / inv[0], f * inv[0]
    return c, f


def _is_inverse_log(e: Expr) -> bool:
    return e.is_Pow and e.exp == -1 and isinstance(e.base, log)


def log_base(expr: Expr, var: Symbol) -> tuple[Expr, Expr] | None:
    """(argument, base) when `expr` is log_b(g) = ln g / ln b with b free of `var`."""
    if not expr.is_Mul or len(expr.args) != 2:
        return None
    a, b = expr.args
    if _is_inverse_log(a):
        a, b = b, a
    if isinstance(a, log) and _is_inverse_log(b) and not b.has(var):
        return a.args[0], b.base.args[0]
    return None


def split_fraction(expr: Expr, var: Symbol) -> tuple[Expr, Expr]:
    """(numerator, denominator): factors with a negative constant exponent go below."""
    num, den = [], []
    for factor in Mul.make_args(expr):
        if factor.is_Pow and factor.exp.is_Number and factor.exp < 0 and factor.base.has(var):
            den.append(Pow(factor.base, -factor.exp))
        else:
            num.append(factor)
    return Mul(*num), Mul(*den)


def _kind_mul(expr: Expr, var: Symbol) -> str:
    c, f = split_coefficient(expr, var)
    if c != 1:
        return "constant_multiple"
    base = log_base(f, var)
    if base is not None:
        return "log" if base[0] == var else "chain"
    num, den = split_fraction(f, var)
    if den != 1 and (num != 1 or den.is_Mul):
        return "quotient"
    return "product"


def _kind_pow(expr: Expr, var: Symbol) -> str:
    base, n = expr.args
    if base.has(var) and n.has(var):
        return "log_differentiation"
    if base.has(var):
        return "power" if base == var else "chain"
    return "exp" if n == var else "chain"


def _kind_function(expr: Expr, var: Symbol) -> str:
    if len(expr.args) != 1:
        raise no_rule(expr)
    return FUNCTION_RULES[type(expr)] if expr.args[0] == var else "chain"


#: Expression type -> the function that names the rule for it.
KINDS: dict[type, Callable[[Expr, Symbol], str]] = {
    Add: lambda expr, var: "sum",
    Mul: _kind_mul,
    Pow: _kind_pow,
    **{f: _kind_function for f in FUNCTION_RULES},
}


def classify(expr: Expr, var: Symbol) -> str:
    """The name of the rule that differentiates `expr` with respect to `var`.

    Raises:
        NoRuleError: no rule covers `expr` (Max, floor, an undefined function, ...).
    """
    if not expr.has(var):
        return "constant"
    if expr == var:  # also when `var` is a Dummy, a subclass of Symbol
        return "power"
    kind = KINDS.get(type(expr))
    if kind is None:
        raise no_rule(expr)
    return kind(expr, var)


def decompose(expr: Expr, var: Symbol, u: Symbol | None = None) -> tuple[Expr, Expr] | None:
    """(inner g, outer f(u)) with expr = f(g(var)), or None when there is no inner function.

    `u` is the letter to write the outer function in (default ``Symbol("u")``).
    """
    u = Symbol("u") if u is None else u
    if expr.is_Pow:
        base, n = expr.args
        if base.has(var) and not n.has(var) and base != var:
            return base, Pow(u, n)
        if n.has(var) and not base.has(var) and n != var:
            return n, Pow(base, u)
        return None
    if expr.is_Mul:
        pair = log_base(expr, var)
        if pair is not None and pair[0] != var:
            return pair[0], log(u) / log(pair[1])
        return None
    if type(expr) in FUNCTION_RULES and len(expr.args) == 1 and expr.args[0] != var:
        if expr.args[0].has(var):
            return expr.args[0], expr.func(u)
    return None


# --- the rules ----------------------------------------------------------------------


def constant(expr: Expr, var: Symbol, ctx: Context) -> Step:
    """d/dx c = 0"""
    others = sorted(expr.free_symbols - {var}, key=str)
    if not others:
        return _step(
            "constant",
            expr,
            var,
            S.Zero,
            why="{c} is a constant: it never changes",
            terms=(("c", expr), ("var", var)),
        )
    names = [f"{{y{i}}}" for i in range(len(others))]
    who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    verb = "does" if len(names) == 1 else "do"
    pronoun = "it is" if len(names) == 1 else "they are"
    why = f"{who} {verb} not depend on {{var}}, so {pronoun} held constant"
    terms = [("c", expr), ("var", var)] + [(f"y{i}", s) for i, s in enumerate(others)]
    return _step("constant", expr, var, S.Zero, case="held_constant", why=why, terms=terms)


def power(expr: Expr, var: Symbol, ctx: Context) -> Step:
    """d/dx xⁿ = n·xⁿ⁻¹"""
    if expr == var:
        return _step(
            "power",
            expr,
            var,
            S.One,
            case="identity",
            why="{var} changes at the same rate as itself",
            terms=(("var", var), ("n", S.One)),
        )
    n = expr.exp
    if n.is_Number and n < 0:
        why = "{f} is {var} to the power {n}, a constant"
    elif n.is_Rational and not n.is_Integer:
        why = "a root is a power: {f} is {var} to the constant power {n}"
    else:
        why = "the exponent {n} is a constant"
    return _step(
        "power",
        expr,
        var,
        n * Pow(var, n - 1),
        why=why,
        terms=(("f", expr), ("var", var), ("n", n)),
    )


def constant_multiple(expr: Expr, var: Symbol, ctx: Context) -> Step:
    """d/dx c·f = c·f′"""
    c, f = split_coefficient(expr, var)
    inner = ctx.derive(f, var)
    return _step(
        "constant_multiple",
        expr,
        var,
        c * inner.result,
        (inner,),
        why="the factor {c} is a constant, so it stays in front",
        terms=(("c", c), ("f", f), ("var", var)),
    )


def sum_rule(expr: Expr, var: Symbol, ctx: Context) -> Step:
    """d/dx (f + g) = f′ + g′"""
    terms = ordered_terms(expr)  # the order the printout shows them in: 3x before 1
    subs = [ctx.derive(term, var) for term in terms]
    case = "difference" if any(t.could_extract_minus_sign() for t in terms) else ""
    return _step(
        "sum",
        expr,
        var,
        Add(*[s.result for s in subs]),
        subs,
        case,
        why="the derivative of a sum is the sum of the derivatives of its terms",
        terms=(("f", expr), ("var", var)),
    )


#: Most factors a product is split pairwise, f·(g·h); more take the general product rule.
PAIRWISE_FACTORS = 3


def product(expr: Expr, var: Symbol, ctx: Context) -> Step:
    """d/dx f·g = f′·g + f·g′"""
    factors = expr.as_ordered_factors()  # the order the printout shows them in
    if len(factors) > PAIRWISE_FACTORS:
        return general_product(expr, factors, var, ctx)
    first, *rest = factors
    f, g = first, Mul(*rest)  # three factors: f times the product of the other two
    df, dg = ctx.derive(f, var), ctx.derive(g, var)
    f_dg = f * dg.result
    if rest[1:] and dg.result.is_Add:
        # f·(g′h + gh′) reads better multiplied out: f′gh + fg′h + fgh′
        f_dg = Add(*[f * t for t in dg.result.args])
    result = df.result * g + f_dg
    result = polynomial(result, var)  # (x − 1)(x² + 1): a teacher collects 3x² − 2x + 1
    return _step(
        "product",
        expr,
        var,
        result,
        (df, dg),
        why="{f} and {g} both depend on {var}",
        terms=(("f", f), ("g", g), ("var", var)),
    )


def general_product(expr: Expr, factors: list[Expr], var: Symbol, ctx: Context) -> Step:
    """d/dx f₁f₂…fₙ = f₁′f₂…fₙ + f₁f₂′…fₙ + … + f₁f₂…fₙ′, one substep per factor.

    The work grows as n² (n terms of n factors), never as the degree-n polynomial
    multiplied out: `polynomial` collects only small ones.
    """
    # Each of the n terms is about the whole product: refuse before building them.
    ctx.afford(len(factors) * size(expr, MAX_PARTS))
    subs = [ctx.derive(f, var) for f in factors]
    terms = [
        Mul(*factors[:i], sub.result, *factors[i + 1 :]) for i, sub in enumerate(subs) if sub.result != 0
    ]
    return _step(
        "product",
        expr,
        var,
        polynomial(Add(*terms), var),
        subs,
        case="general",
        why="all {n} factors depend on {var}: one term per factor, that factor differentiated",
        terms=(("f", factors[0]), ("g", Mul(*factors[1:])), ("n", S(len(factors))), ("var", var)),  # trusted: an int
    )


def quotient(expr: Expr, var: Symbol, ctx: Context) -> Step:
    """d/dx f/g = (f′·g − f·g′)/g²"""
    f, g = split_fraction(expr, var)
    df, dg = ctx.derive(f, var), ctx.derive(g, var)
    numerator = factored(df.result * g - f * dg.result)
    why = (
        "{f} and {g} both depend on {var}"
        if f.has(var)
        else "the denominator {g} is a product that depends on {var}"
    )
    return _step(
        "quotient",
        expr,
        var,
        numerator / g**2,
        (df, dg),
        why=why,
        terms=(("f", f), ("g", g), ("var", var)),
    )


def chain(expr: Expr, var: Symbol, ctx: Context) -> Step:
    """d/dx f(g(x)) = f′(g(x))·g′(x)"""
    found = decompose(expr, var, Symbol("u"))
    if found is None:
        raise no_rule(expr)
    g = found[0]
    u = ctx.letter_for(g)
    f_of_u = decompose(expr, var, u)[1]
    outer = ctx.derive(f_of_u, u)
    inner = ctx.derive(g, var)
    # multiplied before substituting, so 2·u·x becomes 2x(wx + b) rather than x(2wx + 2b)
    result = (outer.result * inner.result).xreplace({u: g})
    return _step(
        "chain",
        expr,
        var,
        result,
        (outer, inner),
        why="{letter} = {u} is an inner function of {var}",
        terms=(("u", g), ("outer", f_of_u), ("letter", u), ("var", var)),
    )


def log_rule(expr: Expr, var: Symbol, ctx: Context) -> Step:
    """d/dx ln x = 1/x, and d/dx log_b x = 1/(x·ln b)"""
    pair = log_base(expr, var)
    if pair is not None:
        b = pair[1]
        return _step(
            "log",
            expr,
            var,
            1 / (var * log(b)),
            case="base",
            why="{f} is the logarithm of {var} to the constant base {b}",
            terms=(("f", expr), ("var", var), ("b", b)),
        )
    return _step(
        "log",
        expr,
        var,
        1 / var,
        case="ln",
        why="{f} is the natural logarithm of {var}",
        terms=(("f", expr), ("var", var)),
    )


def exp_rule(expr: Expr, var: Symbol, ctx: Context) -> Step:
    """d/dx eˣ = eˣ, and d/dx aˣ = aˣ·ln a"""
    if isinstance(expr, exp):
        return _step(
            "exp",
            expr,
            var,
            expr,
            case="e^x",
            why="{f} is its own derivative",
            terms=(("f", expr), ("var", var)),
        )
    a = expr.base
    return _step(
        "exp",
        expr,
        var,
        expr * log(a),
        case="a^x",
        why="the base {a} is a constant and the exponent is {var}",
        terms=(("f", expr), ("a", a), ("var", var)),
    )


def function_rule(expr: Expr, var: Symbol, ctx: Context) -> Step:
    """d/dx f(x) = f′(x) as the function's registry row gives it: sin, arcsin, sinh, σ, relu, ..."""
    # The row's family is the rule (trig, inverse_trig, hyperbolic, activation) and its
    # key the case; the derivative and the reason given come from the row.
    row = registry.classes()[expr.func]
    return _step(
        row.family,
        expr,
        var,
        row.derivative(var, registry.sym()),
        case=row.key,
        why=row.why,
        terms=(("f", expr), ("var", var)),
    )


def log_differentiation(expr: Expr, var: Symbol, ctx: Context) -> Step:
    """d/dx f^g = f^g·d/dx (g·ln f)"""
    f, g = expr.args
    ln_y = g * log(f)
    sub = ctx.derive(ln_y, var)
    return _step(
        "log_differentiation",
        expr,
        var,
        expr * sub.result,
        (sub,),
        why="both the base {f} and the exponent {g} depend on {var}, "
        "so differentiate its logarithm {ln_y} instead",
        terms=(("f", f), ("g", g), ("ln_y", ln_y), ("var", var)),
    )


def abs_rule(expr: Expr, var: Symbol, ctx: Context) -> Step:
    """d/dx |x| = x/|x|"""
    return _step(
        "abs",
        expr,
        var,
        var / expr,
        why="{f} has a kink at {var} = 0, where it has no derivative; "
        "elsewhere its slope is the sign of {var}",
        terms=(("f", expr), ("var", var)),
    )


def no_rule_step(expr: Expr, var: Symbol, ctx: Context) -> Step:
    """d/dx f = d/dx f, left unevaluated: a part no rule covers (partial derivations only)"""
    # Like the DontKnowRule of SymPy's manualintegrate: the step says what is not covered,
    # and its result, the unevaluated Derivative, is carried up the tree unchanged.
    return Step(
        "no_rule",
        expr,
        var,
        Derivative(expr, var),
        why="no rule covers {f}: symtutor shows no step for it and leaves its derivative unevaluated",
        terms=(("f", expr), ("var", var)),
    )


#: Rule name -> rule function. Copy and swap one entry to model a learner's mistake.
RULES: dict[str, RuleFn] = {
    "constant": constant,
    "power": power,
    "constant_multiple": constant_multiple,
    "sum": sum_rule,
    "product": product,
    "quotient": quotient,
    "chain": chain,
    "log": log_rule,
    "exp": exp_rule,
    "trig": function_rule,
    "inverse_trig": function_rule,
    "hyperbolic": function_rule,
    "log_differentiation": log_differentiation,
    "abs": abs_rule,
    "activation": function_rule,
    "no_rule": no_rule_step,
}
