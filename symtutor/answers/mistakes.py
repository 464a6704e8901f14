"""The catalogue of learners' mistakes: one `Mistake` row per misconception label.

Each row holds everything known about one mistake: its contract label (DESIGN.md),
the lesson skill it belongs to, the words a verdict headline shows, the feedback
templates, and how it is recognised, either by *twins* (the step engine with one
rule swapped for a buggy version, or a wrong answer built from the right one; see
`symtutor.answers.malrules`) or by a test the checker runs itself (``test``, e.g.
STACK's ``Diff`` test for ``integrated_instead``). The checker, the verdict
printout, the lesson runner, the grade summary and exports (a STACK potential
response tree has one node per row) all read this table; nothing else lists
mistakes.

`MISTAKES` is in the contract's priority order: when several rows fit one answer,
the first is reported. Importing this module never imports SymPy (the grade
summary and `--help` stay light): the buggy rules are named here and looked up in
`symtutor.answers.malrules.BUGGY` when a problem is compiled.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from symtutor.derivation.steps import Step

#: Sub-expressions larger than this (tree nodes) are not written out in feedback:
#: nobody reads them, and formatting them costs more than the whole check.
SHOW_NODES = 60

#: A template key and its slots' texts: what one feedback sentence is made from.
Found = tuple[str, dict[str, str]]


def small(expr) -> bool:
    """Whether `expr` has at most `SHOW_NODES` tree nodes."""
    count, stack = 0, [expr]
    while stack:
        count += 1
        if count > SHOW_NODES:
            return False
        stack.extend(stack.pop().args)
    return True


def show(expr) -> str:
    """`expr` in the textbook form learners see everywhere ("…" when it is huge)."""
    if not small(expr):
        return "…"
    from symtutor.notation.mathfmt import unicode

    return unicode(expr)


class Situation:
    """What feedback is filled from: the right derivation of d/d`var` `expr`.

    Chain letters map back to the inner functions they stand for, so a sentence about
    the outer function u⁵ speaks of (3x + 1)⁵, as the learner wrote it.
    """

    __slots__ = ("correct", "var", "expr", "named")

    def __init__(self, correct: Step, var, expr):
        self.correct, self.var, self.expr = correct, var, expr
        self.named = {s.term("letter"): s.term("u") for s in correct.walk() if s.rule == "chain"}

    def first(self, test: Callable[[Step], bool]) -> Step | None:
        """The first step of the right derivation (depth first) that passes `test`."""
        return next((s for s in self.correct.walk() if test(s)), None)

    def learner(self, expr):
        """`expr` with chain letters replaced by the inner functions they name."""
        return expr.xreplace(self.named) if self.named else expr

    def base(self, symbol) -> str:
        """The base a power step works on, parenthesised when it is a sum or product."""
        inner = self.named.get(symbol, symbol)
        text = show(inner)
        return f"({text})" if inner.is_Add or inner.is_Mul else text

    def others(self, expr) -> list:
        """The symbols of `expr` other than the variable, by name."""
        return sorted(expr.free_symbols - {self.var}, key=str)


@dataclass(frozen=True, slots=True)
class Twin:
    """One way the engine reproduces a mistake.

    Attributes:
        key: unique name of this twin ("chain_rule_inner_missing/innermost").
        rule: the engine rule swapped for the buggy one; None when the wrong answer
            is built from the expression and its right derivative instead.
        buggy: the name in `symtutor.answers.malrules.BUGGY` of the buggy rule (a
            rule function) or, when `rule` is None, of the builder
            ``(situation, index) -> wrong Expr``.
        find: situation -> one `Found` per wrong answer this twin gives (usually
            zero or one; one per other variable for a wrong-variable twin). Empty
            when the mistake cannot happen in this derivation.
    """

    key: str
    rule: str | None
    buggy: str
    find: Callable[[Situation], list[Found]]


@dataclass(frozen=True, slots=True)
class Mistake:
    """One misconception.

    Attributes:
        label: the contract's label (``Verdict.misconception``).
        skill: the lesson skill it is a failure of (as in ``lessons/*.toml``
            ``skills``), or None for a mistake that belongs to no one skill.
        words: what it means in a few words (a verdict's headline).
        templates: feedback sentences with ``{slot}`` fields, by case ("" is the
            general one); cases name where the sentence is used.
        twins: how the engine reproduces it, in priority order; empty when the
            checker decides it with `test`.
        test: for a mistake without twins, the check that decides it, in words.
        summary_name: the name shown in the grade summary (default: the label).
    """

    label: str
    skill: str | None
    words: str
    templates: Mapping[str, str] = field(default_factory=dict, hash=False)
    twins: tuple[Twin, ...] = ()
    test: str = ""
    summary_name: str = ""

    def __post_init__(self):
        if not self.summary_name:
            object.__setattr__(self, "summary_name", self.label)

    def feedback(self, case: str = "", **slots: Any) -> str:
        """The feedback sentence for `case`, its slots filled with `slots`."""
        return self.templates[case].format(**slots)


# --- finding where a mistake would happen (each returns the template key and slots) ---


def _one(finder: Callable[[Situation], Found | None]) -> Callable[[Situation], list[Found]]:
    def find(s: Situation) -> list[Found]:
        found = finder(s)
        return [] if found is None else [found]

    find.__name__ = finder.__name__
    find.__doc__ = finder.__doc__
    return find


def _is_pow(step: Step) -> bool:
    return step.rule == "power" and step.case != "identity"


def _chain_slots(step: Step | None) -> Found | None:
    if step is None:
        return None
    u, du = step.term("u"), step.substeps[1].result
    if not small(u):
        return "bare", {}
    if not small(du):
        return "inner", {"u": show(u)}
    return "", {"u": show(u), "du": show(du)}


@_one
def _chain_first(s: Situation) -> Found | None:
    return _chain_slots(s.first(lambda t: t.rule == "chain"))


@_one
def _chain_innermost(s: Situation) -> Found | None:
    chains = [t for t in s.correct.walk()
              if t.rule == "chain" and "chain" not in t.substeps[1].rules_used()]
    return _chain_slots(chains[-1] if chains else None)


@_one
def _power_kept(s: Situation) -> Found | None:
    t = s.first(_is_pow)
    if not t:
        return None
    n = t.term("n")
    return "", {"f": show(s.learner(t.expr)), "base": s.base(t.variable), "reduced": show(n - 1),
                "n": show(n)}


@_one
def _power_negative(s: Situation) -> Found | None:
    t = s.first(lambda t: _is_pow(t) and t.term("n").is_Number and t.term("n") < 0)
    if not t:
        return None
    n = t.term("n")
    return "", {"n": show(n), "reduced": show(n - 1), "raised": show(n + 1)}


@_one
def _power_coefficient(s: Situation) -> Found | None:
    t = s.first(_is_pow)
    return ("", {"n": show(t.term("n"))}) if t else None


@_one
def _constant_term(s: Situation) -> Found | None:
    t = s.first(lambda t: t.rule == "constant" and not t.expr.free_symbols)
    return ("", {"c": show(t.expr)}) if t else None


@_one
def _constant_function(s: Situation) -> Found | None:
    """A constant that looks like a function (ln 5, √7, 3π): differentiated as one."""
    t = s.first(lambda t: t.rule == "constant" and not t.expr.free_symbols and not t.expr.is_Number)
    return ("function", {"c": show(t.expr), "var": show(s.var)}) if t else None


@_one
def _product(s: Situation) -> Found | None:
    t = s.first(lambda t: t.rule == "product")
    return ("", {"f": show(t.term("f")), "g": show(t.term("g"))}) if t else None


@_one
def _held_constant(s: Situation) -> Found | None:
    t = s.first(lambda t: t.rule == "constant" and t.case == "held_constant")
    if not t:
        return None
    others = ", ".join(show(o) for o in s.others(t.expr))
    return "", {"var": show(s.var), "others": others, "term": show(t.expr)}


@_one
def _treated_as_variable(s: Situation) -> Found | None:
    others = s.others(s.expr)
    if not others:
        return None
    return "total", {"var": show(s.var), "others": ", ".join(show(o) for o in others)}


@_one
def _sign(s: Situation) -> Found | None:
    if s.correct.rule == "quotient":
        return "quotient", {}
    if s.correct.rule == "trig" or s.first(lambda t: t.rule == "trig"):
        return "trig", {}
    return "derivative", {}


def _quotient(key: str, names: Iterable[str]) -> Callable[[Situation], list[Found]]:
    @_one
    def quotient(s: Situation) -> Found | None:
        t = s.first(lambda t: t.rule == "quotient")
        return (key, {name: show(t.term(name)) for name in names}) if t else None

    return quotient


@_one
def _log_ln(s: Situation) -> Found | None:
    return ("", {}) if s.first(lambda t: t.rule == "log" and t.case == "ln") else None


@_one
def _log_base(s: Situation) -> Found | None:
    t = s.first(lambda t: t.rule == "log" and t.case == "base")
    return ("", {"b": show(t.term("b"))}) if t else None


@_one
def _exp_any(s: Situation) -> Found | None:
    t = s.first(lambda t: t.rule == "exp")
    if not t:
        return None
    return ("e", {}) if t.case == "e^x" else ("", {"f": show(t.expr)})


@_one
def _exp_base(s: Situation) -> Found | None:
    t = s.first(lambda t: t.rule == "exp" and t.case == "a^x")
    return ("", {"a": show(t.term("a"))}) if t else None


@_one
def _trig(s: Situation) -> Found | None:
    t = s.first(lambda t: t.rule == "trig")
    return ("", {"f": show(t.expr)}) if t else None


@_one
def _variable_exponent(s: Situation) -> Found | None:
    t = s.first(lambda t: t.rule == "log_differentiation")
    if not t:
        return None
    return "", {"f": show(t.expr), "var": show(t.variable), "ln_y": show(t.term("ln_y"))}


@_one
def _always(s: Situation) -> Found | None:
    return "", {}


def _each_other_variable(s: Situation) -> list[Found]:
    return [("", {"other": show(o), "var": show(s.var)}) for o in s.others(s.expr)]


# --- the catalogue ---------------------------------------------------------------------------


def _twin(key: str, rule: str | None, buggy: str, find) -> Twin:
    return Twin(key, rule, buggy, find)


#: Every mistake, in the contract's priority order (DESIGN.md): chain_rule_inner_missing,
#: power_rule_*, constant_derivative_nonzero, product_of_derivatives,
#: partial_other_variable_not_constant, sign_error, integrated_instead, then the others.
MISTAKES: tuple[Mistake, ...] = (
    Mistake(
        "chain_rule_inner_missing", "chain", "chain rule: the inner derivative is missing",
        {"": "The inner function {u} has derivative {du}; multiply by it (chain rule).",
         "inner": "Multiply by the derivative of the inner function {u} (chain rule).",
         "bare": "Multiply by the derivative of the inner function (chain rule)."},
        (_twin("chain_rule_inner_missing", "chain", "chain_drop_all", _chain_first),
         _twin("chain_rule_inner_missing/innermost", "chain", "chain_drop_innermost",
               _chain_innermost)),
    ),
    Mistake(
        "power_rule_exponent_not_reduced", "power", "power rule: the exponent was not reduced",
        {"": "In the power rule the exponent goes down by one: the derivative of {f} has {base} "
             "to the power {reduced}, not {n}."},
        (_twin("power_rule_exponent_not_reduced", "power", "power_kept", _power_kept),),
    ),
    Mistake(
        "power_rule_negative_exponent", "power", "power rule: a negative exponent moved the wrong way",
        {"": "Reducing the exponent {n} by one gives {reduced}, not {raised}: for a negative "
             "exponent, one less means further from zero."},
        (_twin("power_rule_negative_exponent", "power", "power_negative", _power_negative),),
    ),
    Mistake(
        "power_rule_coefficient_missing", "power", "power rule: the exponent is missing in front",
        {"": "The exponent {n} also comes down in front as a factor: d/dx xⁿ = n·xⁿ⁻¹."},
        (_twin("power_rule_coefficient_missing", "power", "power_no_coefficient",
               _power_coefficient),),
    ),
    Mistake(
        "constant_derivative_nonzero", "constant", "the derivative of a constant is 0",
        {"": "A constant term such as {c} never changes, so its derivative is 0.",
         "function": "{c} is a number (there is no {var} in it), so its derivative is 0: it is not "
                     "differentiated like a function of {var}."},
        (_twin("constant_derivative_nonzero", "constant", "constant_one", _constant_term),
         _twin("constant_derivative_nonzero/function", "constant", "constant_as_function",
               _constant_function),
         _twin("constant_derivative_nonzero/kept", "constant", "constant_kept", _constant_term)),
    ),
    Mistake(
        "product_of_derivatives", "product", "product rule: (f·g)′ is not f′·g′",
        {"": "The derivative of a product is not the product of the derivatives: "
             "(f·g)′ = f′·g + f·g′, here with f = {f} and g = {g}."},
        (_twin("product_of_derivatives", "product", "product_of_derivatives", _product),),
    ),
    Mistake(
        "partial_other_variable_not_constant", "partial",
        "partial derivative: other variables are held constant",
        {"": "In a partial derivative with respect to {var}, every other variable ({others}) is "
             "held constant: a term such as {term} has partial derivative 0.",
         "total": "In a partial derivative with respect to {var}, every other variable ({others}) "
                  "is held constant: it does not change with {var}, so it is treated like a number."},
        (_twin("partial_other_variable_not_constant", "constant", "partial_not_held", _held_constant),
         # Every other variable treated as if it were the variable itself (dy/dx = 1).
         _twin("partial_other_variable_not_constant/total", None, "total_derivative",
               _treated_as_variable)),
    ),
    Mistake(
        "sign_error", None, "sign error",
        {"quotient": "Your answer has the opposite sign: in the quotient rule the numerator is "
                     "f′·g − f·g′ (derivative of the top first).",
         "trig": "Your answer has the opposite sign: check the signs of the trig derivatives "
                 "(d/dx cos x = −sin x).",
         "derivative": "Your answer has the opposite sign: check each minus sign.",
         "expr": "Your answer has the opposite sign.",
         "value": "Your value has the opposite sign.",
         "vector": "Every component has the opposite sign."},
        (_twin("sign_error", None, "negated", _sign),),
        test="for a value, an expression or a vector: the answer is −1 times the expected one",
    ),
    Mistake(
        "integrated_instead", None, "integrated instead of differentiated",
        {"": "Your answer is an antiderivative of the function: its derivative gives the function "
             "back. You integrated instead of differentiating."},
        test="the answer's derivative is the problem (STACK's Diff test), also with a \"+ C\"",
    ),
    Mistake(
        "quotient_rule_order_swapped", "quotient", "quotient rule: the order in the numerator",
        {"": "In the quotient rule the order matters: (f′·g − f·g′)/g², with f = {f} on top and "
             "g = {g} below."},
        (_twin("quotient_rule_order_swapped", "quotient", "quotient_swapped",
               _quotient("", ("f", "g"))),),
    ),
    Mistake(
        "quotient_rule_denominator_not_squared", "quotient", "quotient rule: the denominator is squared",
        {"": "The quotient rule divides by the square of the denominator, ({g})²."},
        (_twin("quotient_rule_denominator_not_squared", "quotient", "quotient_not_squared",
               _quotient("", ("g",))),),
    ),
    Mistake(
        "log_derivative_reciprocal_of_log", "log", "the derivative of ln x is 1/x",
        {"": "The derivative of ln x is 1/x, not 1/ln x."},
        (_twin("log_derivative_reciprocal_of_log", "log", "log_reciprocal", _log_ln),),
    ),
    Mistake(
        "log_base_missing_ln", "log", "the derivative of a logarithm to base b needs ln b",
        {"": "d/dx log_b x = 1/(x·ln b): the factor 1/ln {b} is missing (1/x is the derivative of ln x "
             "only)."},
        (_twin("log_base_missing_ln", "log", "log_base_missing_ln", _log_base),),
    ),
    Mistake(
        "exp_treated_as_power", "exp", "an exponential is not a power",
        {"e": "eˣ is not a power of x (the variable is in the exponent), so the power rule does not "
              "apply: eˣ is its own derivative.",
         "": "{f} is an exponential, not a power: the power rule does not apply; d/dx aˣ = aˣ·ln a."},
        (_twin("exp_treated_as_power", "exp", "exp_as_power", _exp_any),),
    ),
    Mistake(
        "exponential_missing_ln", "exp", "the derivative of aˣ needs ln a",
        {"": "d/dx aˣ = aˣ·ln a: the factor ln {a} is missing."},
        (_twin("exponential_missing_ln", "exp", "exp_missing_ln", _exp_base),),
    ),
    Mistake(
        "trig_sign_error", "trig", "sign of a trigonometric derivative",
        {"": "Check the sign of the derivative of {f}: d/dx sin x = cos x, but d/dx cos x = −sin x."},
        (_twin("trig_sign_error", "trig", "trig_sign", _trig),),
    ),
    Mistake(
        "power_rule_on_variable_exponent", "log-differentiation",
        "the power rule needs a constant exponent",
        {"": "The power rule needs a constant exponent, but in {f} the exponent depends on {var} "
             "too: differentiate ln y = {ln_y} instead (logarithmic differentiation)."},
        (_twin("power_rule_on_variable_exponent", "log_differentiation", "power_on_variable_exponent",
               _variable_exponent),),
    ),
    Mistake(
        "not_differentiated", None, "not differentiated",
        {"": "That is the function you started from: it still needs to be differentiated."},
        (_twin("not_differentiated", None, "unchanged", _always),),
    ),
    Mistake(
        "differentiated_wrong_variable", "partial", "differentiated with respect to another variable",
        {"": "That is the partial derivative with respect to {other}; this one is with respect to {var}."},
        (_twin("differentiated_wrong_variable", None, "other_variable", _each_other_variable),),
    ),
    Mistake(
        "constant_factor_mismatch", None, "off by a constant factor",
        {"": "Your answer is {factor} times {what}: check the constant factors."},
        test="the answer divided by the expected one is the same constant (not ±1) at every point",
    ),
    Mistake(
        "too_few_significant_figures", "evaluate", "too few significant figures",
        {"": "Right as far as it goes, but give at least {figures} significant figures."},
        test="a value answer with fewer significant figures than asked, right as far as it goes",
    ),
    Mistake(
        "rounding_error", "evaluate", "rounding",
        {"": "Close: check the rounding of the last digit."},
        test="a value answer off by at most 1.5 units of its last digit",
    ),
    Mistake(
        "components_swapped", "gradient", "components in the wrong order",
        {"": "The components are in the wrong order."},
        test="a two-component vector answer with its components exchanged",
    ),
    # The applied skills' mistakes: a practice exercise lists the wrong answer each gives
    # (symtutor.practice.applied), and the session matches the learner's answer against it.
    Mistake(
        "descent_step_uphill", "descent", "descent: a step uphill (the slope added, not subtracted)",
        {"": "That step went uphill: the update subtracts η·L′(w), moving against the slope."},
        test="a generated descent step's listed wrong answer: w + η·L′(w)",
    ),
    Mistake(
        "learning_rate_missing", "descent", "descent: the learning rate is missing",
        {"": "The slope has to be multiplied by the learning rate η before it is subtracted."},
        test="a generated descent step's listed wrong answer: w − L′(w)",
    ),
    Mistake(
        "slope_not_weight", "descent", "descent: the step alone, not the new weight",
        {"": "That is the step −η·L′(w) alone: add it to the current w."},
        test="a generated descent step's listed wrong answer: −η·L′(w)",
    ),
    Mistake(
        "limit_taken_too_early", "limit-definition", "first principles: h set to 0 too early",
        {"": "That is the limit (the derivative); the question asks for the quotient before h is "
             "set to 0, so terms with h stay."},
        test="a generated difference quotient's listed wrong answer: the derivative itself",
    ),
    Mistake(
        "difference_quotient_not_divided", "limit-definition", "first principles: not divided by h",
        {"": "That is f(x + h) − f(x); it still has to be divided by h."},
        test="a generated difference quotient's listed wrong answer: the numerator alone",
    ),
)

_BY_LABEL: dict[str, Mistake] = {m.label: m for m in MISTAKES}


def by_label(label: str | None) -> Mistake | None:
    """The catalogue row for `label`, or None for a label it does not hold."""
    return _BY_LABEL.get(label) if label is not None else None


def skill_of(label: str | None) -> str | None:
    """The lesson skill a mistake is a failure of ("chain", "power", ...), or None."""
    mistake = by_label(label)
    return mistake.skill if mistake is not None else None


def words(label: str | None) -> str | None:
    """The label in words (the label with spaces when the catalogue does not hold it)."""
    if label is None:
        return None
    mistake = by_label(label)
    return mistake.words if mistake is not None else label.replace("_", " ")


def summary_name(label: str) -> str:
    """The name the grade summary shows for `label`."""
    mistake = by_label(label)
    return mistake.summary_name if mistake is not None else label


def feedback(label: str, case: str = "", **slots: Any) -> str:
    """The feedback sentence of `label` for `case`, its slots filled."""
    return _BY_LABEL[label].feedback(case, **slots)


def before(label: str) -> frozenset[str]:
    """The labels reported ahead of `label` when both fit an answer."""
    index = [m.label for m in MISTAKES].index(label)
    return frozenset(m.label for m in MISTAKES[:index])


__all__ = ["MISTAKES", "Mistake", "Twin", "Situation", "by_label", "skill_of", "words",
           "summary_name", "feedback", "before", "show"]
