"""Check a learner's answer and say what went wrong, in a sentence or two.

`compile_problem` does everything about a problem once (parse it, derive it with
the step engine, build the mal-rule variants, evaluate all of them at the sample
points) and is cached; `CompiledProblem.judge` then only parses the answer,
evaluates it at the same points and compares numbers, so judging is cheap enough
for a whole class's answers (`symtutor grade`). `check` is the one-call form.

The order of judgement (after STACK's potential-response trees):

1. equivalent to the expected answer (see `symtutor.answers.equivalence`) -> correct,
   with a note when it is much longer than it needs to be;
2. undefined where the expected answer is defined -> domain mismatch;
3. equal to a mal-rule variant, in the contract's priority order, with
   ``integrated_instead`` (the answer's derivative is the problem: STACK's
   ``Diff`` test) in its place after ``sign_error``;
4. a constant multiple of the expected answer -> ``constant_factor_mismatch``;
5. otherwise a counterexample at a point a learner can check by hand.

Feedback never contains the whole expected answer; `Verdict.expected` carries it
for callers that decide to show it.

Answer kinds:

``derivative``  the answer is d(problem)/d(wrt).
``expr``        the problem text *is* the expected expression, compared with its domain
                (`equivalence.DomainReference`): equal on the same domain -> correct;
                different where both are defined -> not correct; undefined where the
                expected answer is defined, or defined where it is not (``ln(x²)`` for
                ``2 ln x``), on a set of positive measure -> the domain mismatch, not
                correct; undefined only for some values of letters the expected
                answer does not use (``log(a^x, a)`` for ``x`` needs a > 0) -> correct,
                with the note "Equivalent where both are defined: ...". Decimals are
                exact numbers (``0.1`` is 1/10): ``0.99999999`` is not
                ``99999998/99999999`` here; ask ``value`` for rounding.
``value``       the problem is a number. Exact answers (``1/3``, ``pi/2``) must be
                equal to 1e-12. A decimal answer with at least 3 significant
                figures is accepted when it is within half a unit of its own last
                digit (``2.81`` for 2.808) or, when the expected number is itself a
                decimal, within half a unit of *its* last digit (the author's
                rounding). Fewer than 3 significant figures is not accepted unless
                exact (``2.8`` for 2.808 asks for more figures).
``vector``      a tuple of expressions or numbers (``[7, 8]``, ``(7, 8)``, ``7, 8``),
                judged component by component.
"""

from __future__ import annotations

import functools
import math
import re
import time
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

import mpmath
from sympy import Expr, Symbol

from symtutor.answers import equivalence as eq
from symtutor.answers import mistakes
from symtutor.errors import InputError
from symtutor.derivation.tidy import size

KINDS = ("derivative", "expr", "value", "vector")

#: Significant figures a rounded decimal answer needs.
MIN_SIG_FIGS = 3
#: Relative tolerance for exact (non-decimal) numeric answers.
VALUE_RTOL = 1e-12
#: CPU seconds a problem may spend on mal-rule variants (only huge problems come near it;
#: the variants not built by then are not diagnosed, the answer is still judged).
VARIANT_BUDGET = 0.4
#: An answer this many nodes longer than the expected one gets a "simplify" note.
UNSIMPLIFIED_MARGIN = 6
#: How the note on an expr answer that is right only where it is defined begins.
WHERE_DEFINED = "Equivalent where both are defined"


@dataclass(frozen=True, slots=True)
class Verdict:
    """The checker's judgement of one answer.

    Attributes:
        correct: whether the answer is accepted.
        misconception: the mistake's label (DESIGN.md), or None.
        feedback: one or two sentences for the learner; never the full expected answer.
        expected: the expected answer (an Expr, a tuple for vectors), for callers that
            decide to show it.
        answer_read: how the answer was read, in textbook form (``6(3x + 1)``).
        kind: "derivative", "expr", "value" or "vector".
        problem: the problem text.
        variable: the variable differentiated with respect to (derivative kind).
        note: a remark on a correct answer (unsimplified, rounded), or None.
        counterexample: where a wrong answer differs: {"at": {var: value}, "yours":
            value, "expected": value} (values as short strings), or None.
        components: for vectors, one bool per component (None otherwise).
    """

    correct: bool
    misconception: str | None
    feedback: str
    expected: Any
    answer_read: str
    kind: str = "derivative"
    problem: str = ""
    variable: str | None = None
    note: str | None = None
    counterexample: dict | None = None
    components: tuple[bool, ...] | None = None

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        """The notebook display: HTML with the steps, LaTeX, Markdown and text (render/notebook.py)."""
        from symtutor.render.notebook import mimebundle

        return mimebundle(self)

    def to_dict(self) -> dict:
        """JSON-ready; expressions as ``str(expr)`` (readable by ``sympy.sympify``)."""
        return {
            "correct": self.correct,
            "misconception": self.misconception,
            "feedback": self.feedback,
            "expected": _expected_str(self.expected),
            "answer_read": self.answer_read,
            "kind": self.kind,
            "problem": self.problem,
            "variable": self.variable,
            "note": self.note,
            "counterexample": self.counterexample,
            "components": list(self.components) if self.components is not None else None,
        }


def _expected_str(expected) -> str | None:
    if expected is None:
        return None
    if isinstance(expected, tuple):
        return "[" + ", ".join(str(e) for e in expected) + "]"
    return str(expected)


def _show(expr) -> str:
    """Textbook form for echoing (mathfmt), falling back to str()."""
    try:
        from symtutor.notation.mathfmt import unicode
    except ImportError:
        return str(expr)
    if isinstance(expr, tuple):
        return "(" + ", ".join(unicode(e) for e in expr) + ")"
    return unicode(expr)


# ---------------------------------------------------------------------------
# Public entry points


def check(problem: str, answer: str, wrt: str | None = None, *, kind: str = "derivative") -> Verdict:
    """Judge `answer` to `problem`.

    Args:
        problem: the expression to differentiate (kind "derivative") or the
            expected answer itself (kinds "expr", "value", "vector").
        answer: what the learner typed.
        wrt: the variable (needed when the problem has several).
        kind: "derivative", "expr", "value" or "vector".

    Returns:
        A `Verdict`.

    Raises:
        InputError: the problem or the answer cannot be read.
    """
    return compile_problem(problem, wrt, kind=kind).judge(answer)


@functools.lru_cache(maxsize=1024)
def compile_problem(problem: str, wrt: str | None = None, *, kind: str = "derivative") -> CompiledProblem:
    """Everything about `problem` computed once; cached by (problem, wrt, kind).

    Raises:
        InputError: the problem cannot be read, or `kind` is unknown.
        NoRuleError: (derivative kind) no differentiation rule covers the problem.
    """
    if kind not in KINDS:
        raise InputError(f"unknown answer kind {kind!r} (use one of: {', '.join(KINDS)})")
    from symtutor.read import parsing

    if kind == "value":
        return ValueProblem(problem, _parse_value(problem, "problem"))
    if kind == "vector":
        items = parsing.parse_vector(problem)
        return VectorProblem(problem, tuple(items), _component_texts(problem))
    # A multi-letter variable named by --wrt (yhat, w1) is one name in the problem too.
    names = (wrt.strip(),) if wrt and wrt.strip().isidentifier() else ()
    expr = parsing.parse(problem, names=names)
    var = parsing.parse_symbol(wrt, names=names) if wrt else None
    return ExprProblem(problem, expr, var, kind)


# ---------------------------------------------------------------------------
# Expressions (derivative and expr kinds)


#: "f'(x) =", "y' =", "dy/dx =", "∂L/∂w =", "d/dx(...) =": a left-hand side naming the
#: derivative, which learners often write before their answer.
_LHS = re.compile(
    r"^\s*(?:[A-Za-z]\w*\s*['′]+\s*(?:\(\s*\w+\s*\))?"
    r"|[d∂]\s*\w*\s*/\s*[d∂]\s*\w+(?:\s*\(.*?\))?)\s*=(?!=)\s*(?P<rest>.+)$",
    re.S,
)


def _strip_lhs(text: str) -> str:
    """The answer without a leading "f'(x) =" / "dy/dx =" (anything else is left alone)."""
    m = _LHS.match(text)
    return m.group("rest") if m else text


@dataclass(slots=True)
class _Variant:
    label: str
    expr: Expr
    detail: str
    values: tuple


class CompiledProblem:
    """Base: a problem ready to judge answers. Subclasses per answer kind."""

    kind: str = ""
    problem: str = ""
    expected: Any = None

    def judge(self, answer: str) -> Verdict:  # pragma: no cover - abstract
        raise NotImplementedError


class ExprProblem(CompiledProblem):
    """A derivative (or a given expression) with its reference values and mal-rule variants."""

    def __init__(self, problem: str, expr: Expr, var: Symbol | None, kind: str):
        self.problem = problem
        self.kind = kind
        self.expr = expr
        self.derivation = None
        if kind == "derivative":
            from symtutor.derivation.engine import derive_step, variable_of

            self.var = variable_of(expr, var)
            self.derivation = derive_step(expr, self.var)
            self.expected = self.derivation.result
            self.what = "the derivative"
        else:
            self.var = var
            self.expected = expr
            self.what = "the expected answer"
        symbols = set(expr.free_symbols) | set(self.expected.free_symbols)
        if self.var is not None:
            symbols.add(self.var)
        self.variables = tuple(sorted(symbols, key=lambda s: s.name))
        # Multi-letter names (w1, yhat, eta) the answer's parser must keep whole.
        self.names = tuple(s.name for s in self.variables if len(s.name) > 1)
        if kind == "expr":
            self.reference = eq.DomainReference(self.expected, self.variables, f"{kind}|{problem}")
        else:
            self.reference = eq.Reference(self.expected, self.variables, f"{kind}|{problem}")
        self.expected_size = size(self.expected, 200)
        self.variants: list[_Variant] = []
        if kind == "derivative":
            from symtutor.answers.malrules import variants

            deadline = time.thread_time() + VARIANT_BUDGET
            for label, wrong, detail in variants(expr, self.var, self.derivation, deadline):
                if time.thread_time() > deadline:
                    break
                values = self._values(wrong)
                if values is not None:
                    self.variants.append(_Variant(label, wrong, detail, values))
        elif kind == "expr" and self.expected != 0:
            values = self._values(-self.expected)
            if values is not None:
                self.variants.append(_Variant("sign_error", -self.expected,
                                              mistakes.feedback("sign_error", "expr"), values))
        self._nice = None
        self._param_references: dict[tuple, eq.DomainReference] = {}
        self._problem_values = None
        self._problem_ev = None

    def _values(self, wrong: Expr):
        """A variant's values at the points, or None if it agrees with the right answer."""
        try:
            ev = eq.Evaluator(wrong, self.variables)
        except eq.NotCompilable:
            return None
        values = eq.evaluate(ev, self.reference.points, mp_fallback=False)
        if _agrees(values, self.reference.values, rtol=1e-9, atol=1e-12):
            return None  # a buggy rule that happens to give the right answer here
        return values

    # -- judging ------------------------------------------------------------------

    def judge(self, answer: str) -> Verdict:
        """Judge one answer (text). Raises InputError when it cannot be read."""
        from symtutor.read import parsing

        text = _strip_lhs(answer)
        parsed = parsing.parse_answer(text, names=self.names)
        if isinstance(parsed, tuple):
            return self._not_single(parsed, _show(parsed))
        verdict = self.judge_expr(parsed)
        # Echo the shape the learner typed (2(3x + 1)), not SymPy's distributed 6x + 2.
        return replace(verdict, answer_read=parsing.reading(text, names=self.names))

    def judge_quiet(self, answer: str) -> Verdict:
        """`judge` without echoing the answer back (``answer_read`` is ""): for
        `symtutor grade`, where printing each answer would cost more than judging it."""
        from symtutor.read import parsing

        parsed = parsing.parse_answer(_strip_lhs(answer), names=self.names)
        if isinstance(parsed, tuple):
            return self._not_single(parsed, "")
        # The verdict is a function of the expression read: answers typed differently
        # that read the same (5x^4, 5*x^4, (3/3)*5x^4) are judged once.
        memo = self.__dict__.setdefault("_quiet", {})
        verdict = memo.get(parsed)
        if verdict is None:
            verdict = self.judge_expr(parsed, echo=False)
            if len(memo) >= 4096:
                memo.clear()
            memo[parsed] = verdict
        return verdict

    def _not_single(self, parsed: tuple, read: str) -> Verdict:
        """The verdict on a list typed where one expression was asked for."""
        return self._verdict(False, None, "Give a single expression, not a list of "
                             f"{len(parsed)} components.", read)

    def judge_expr(self, answer: Expr, *, echo: bool = True) -> Verdict:
        """Judge an answer that is already a SymPy expression (echoed unless `echo` is False)."""
        read = _show(answer) if echo else ""
        extra = answer.free_symbols - set(self.variables)
        if extra:
            return self._extra_symbols(answer, extra, read)
        ev = eq.Evaluator(answer, self.variables)
        values = eq.evaluate(ev, self.reference.points)
        if self.kind == "expr":
            comparison = self.reference.compare_domains(answer, values, ev)
            settled = self._domain_outcome(comparison, answer, read)
            if settled is not None:
                return settled
        else:
            comparison = self.reference.compare(answer, values, ev)
        if comparison.equal:
            return self._correct(answer, read)
        if comparison.outcome == "unknown":
            return self._verdict(False, None, "symtutor could not evaluate your answer at any "
                                 "test point, so it cannot confirm it; try writing it another way.",
                                 read)
        if comparison.outcome == "domain":
            return self._domain(comparison, read)
        for variant in self._matching(values, answer, ev):
            return self._verdict(False, variant.label, variant.detail, read)
        factor = _constant_ratio(values, self.reference.values)
        if factor is not None:
            return self._verdict(False, "constant_factor_mismatch",
                                 mistakes.feedback("constant_factor_mismatch", factor=factor,
                                                   what=self.what),
                                 read, counterexample=self._counterexample(ev))
        offset = _constant_offset(values, self.reference.values)
        if comparison.point is not None and eq.is_special(comparison.point):
            # (a^b)^c against a^(bc): a friendly point would show only that one side is
            # undefined there; the special point shows two values that differ.
            cex = _from_comparison(comparison, self.variables)
        else:
            cex = self._counterexample(ev) or _from_comparison(comparison, self.variables)
        if _nearly(values, self.reference.values):
            return self._verdict(False, None, f"Your answer is very close to {self.what} but not "
                                 "equal to it: use exact numbers (fractions such as 1/3, not "
                                 "rounded decimals).", read, counterexample=cex)
        if offset is not None:
            more = "more" if offset[0] > 0 else "less"
            return self._verdict(False, None, f"Your answer is {offset[1]} {more} than {self.what} "
                                 "everywhere: check the constant terms.", read, counterexample=cex)
        return self._verdict(False, None, _counter_sentence(cex, self.what), read, counterexample=cex)

    def _matching(self, values, answer: Expr, ev: eq.Evaluator):
        """Variants the answer equals, in priority order (integrated_instead after sign_error)."""
        placed = False
        for variant in self.variants:
            if not placed and variant.label not in _BEFORE_INTEGRATED:
                placed = True
                hit = self._integrated(answer, ev)
                if hit:
                    yield hit
            if _agrees(values, variant.values):
                yield variant
        if not placed:
            hit = self._integrated(answer, ev)
            if hit:
                yield hit

    def _integrated(self, answer: Expr, ev: eq.Evaluator) -> _Variant | None:
        """STACK's Diff test: is the answer's derivative the problem itself?

        Decided numerically, without differentiating the answer symbolically: a
        central difference in floats as a sieve, then at 60 digits with a step of
        1e-25 (error far below the 1e-20 tolerance) at two points.
        """
        if self.kind != "derivative" or not answer.has(self.var):
            return None
        if self._problem_values is None:
            problem_ev = eq.Evaluator(self.expr, self.variables)
            self._problem_ev = problem_ev
            self._problem_values = eq.evaluate(problem_ev, self.reference.points)
        k = self.variables.index(self.var)
        checked = 0
        for point, want in zip(self.reference.points, self._problem_values):
            if want is None or isinstance(want, mpmath.mpf):
                continue
            try:
                slope = _float_slope(ev, point, k)
            except (eq.Undefined, eq.TooBig):
                continue
            if not eq.close(slope, want, rtol=1e-4, atol=1e-6):
                return None
            checked += 1
            if checked == 2 * eq.MIN_POINTS:
                break
        if checked < eq.MIN_POINTS:
            return None
        confirmed = 0
        for point, want in zip(self.reference.points, self._problem_values):
            if want is None:
                continue
            try:
                slope = _mp_slope(ev, point, k)
                target = self._problem_ev.mp(point)
            except (eq.Undefined, eq.TooBig):
                continue
            with mpmath.workdps(eq.MP_DPS):
                if abs(slope - target) > mpmath.mpf(10) ** -20 * max(1, abs(target)):
                    return None
            confirmed += 1
            if confirmed == eq.N_CONFIRM:
                break
        if not confirmed:
            return None
        return _Variant("integrated_instead", answer, mistakes.feedback("integrated_instead"), ())

    def _correct(self, answer: Expr, read: str, note: str | None = None) -> Verdict:
        if size(answer, 400) > self.expected_size + max(UNSIMPLIFIED_MARGIN, self.expected_size // 2):
            note = " ".join(n for n in (note, "It can be simplified further.") if n)
        feedback = "Correct." if note is None else "Correct. " + note
        return self._verdict(True, None, feedback, read, note=note)

    def _domain_outcome(self, comparison: eq.Comparison, answer: Expr, read: str) -> Verdict | None:
        """The expr kind's verdicts on domains (see `_where_defined_note`), or None.

        "where_defined" is accepted with a note; "wider" is the domain mismatch the
        other way round (the answer is defined where the expected answer is not).
        """
        if comparison.outcome == "where_defined":
            return self._correct(answer, read, _where_defined_note(comparison, self.reference))
        if comparison.outcome != "wider":
            return None
        return self._domain_verdict(comparison, read, self.reference.variables)

    def _domain_verdict(self, comparison: eq.Comparison, read: str, variables) -> Verdict:
        """The domain mismatch, either way round: "domain" or "wider" (expr kind)."""
        if comparison.outcome == "domain":
            return self._domain(comparison, read, variables)
        at = comparison.point.describe(variables)
        yours = eq.format_value(comparison.answer_value)
        return self._verdict(
            False, None,
            f"Your answer is defined at {at} (it is {yours} there), where {self.what} is "
            "undefined; where both are defined they agree. Check the domain: an identity such "
            "as ln(xy) = ln x + ln y or √x·√y = √(xy) holds only where both sides are defined.",
            read, counterexample={"at": _point_dict(comparison.point, variables),
                                  "yours": yours, "expected": "undefined"})

    def _extra_symbols(self, answer: Expr, extra: set, read: str) -> Verdict:
        names = ", ".join(sorted(s.name for s in extra))
        if self.kind == "derivative" and len(extra) == 1:
            # An antiderivative "+ C" is still integrating instead of differentiating.
            (c,) = extra
            hit = None
            if c.name in ("C", "c", "K", "k"):
                without = answer.subs(c, 0)
                hit = self._integrated(without, eq.Evaluator(without, self.variables))
            if hit:
                return self._verdict(False, "integrated_instead", hit.detail, read)
        if self.kind == "expr":
            # Letters the expected answer does not use may cancel where the answer is
            # defined (log(a^x, a) for x, √(k/m)·√(m/k) for 1): compare with them sampled.
            reference = self._with_params(tuple(sorted(extra, key=lambda s: s.name)))
            comparison = reference.compare_domains(answer)
            if comparison.equal:
                return self._correct(answer, read)
            if comparison.outcome == "where_defined":
                return self._correct(answer, read, _where_defined_note(comparison, reference))
            if comparison.outcome in ("domain", "wider"):
                return self._domain_verdict(comparison, read, reference.variables)
        where = "the problem" if self.kind == "derivative" else "the expected answer"
        return self._verdict(False, None, f"Your answer uses {names}, which does not appear in {where}.",
                             read)

    def _with_params(self, params: tuple) -> eq.DomainReference:
        """The expected answer sampled with letters only answers use (kept: a class reuses them)."""
        if params not in self._param_references:
            self._param_references[params] = eq.DomainReference(
                self.expected, self.variables, f"expr|{self.problem}", params)
        return self._param_references[params]

    def _domain(self, comparison: eq.Comparison, read: str, variables=None) -> Verdict:
        variables = variables or self.variables
        at = comparison.point.describe(variables) if comparison.point else "some points"
        cex = {"at": _point_dict(comparison.point, variables) if comparison.point else None,
               "yours": "undefined", "expected": eq.format_value(comparison.expected_value)}
        return self._verdict(
            False, None,
            f"Your answer is undefined at {at}, where {self.what} is defined; elsewhere they agree. "
            "Check the domain (a logarithm needs a positive argument, a square root a "
            "non-negative one).",
            read, counterexample=cex)

    def _counterexample(self, ev: eq.Evaluator) -> dict | None:
        """The first friendly point where the answer and the expected value differ."""
        if self._nice is None:
            # Built aside and stored whole: a time limit may interrupt this (grade).
            nice = []
            for point in eq.nice_points(len(self.variables)):
                try:
                    nice.append((point, self.reference.evaluator.real(point),
                                 self.reference.evaluator.mp(point)))
                except (eq.Undefined, eq.TooBig):
                    continue
            self._nice = nice
        for point, want, want_mp in self._nice:
            try:
                got = ev.real(point)
            except eq.Undefined:
                got = None
            except eq.TooBig:
                continue
            if got is not None and eq.close(got, want, rtol=1e-6):
                continue
            if got is not None:
                # A float disagreement could be cancellation; confirm before showing it.
                try:
                    if eq.mp_close(ev.mp(point), want_mp):
                        continue
                except (eq.Undefined, eq.TooBig):
                    continue
            return {"at": _point_dict(point, self.variables), "yours": eq.format_value(got),
                    "expected": eq.format_value(want)}
        return None

    def _verdict(self, correct, label, feedback, read, *, note=None, counterexample=None) -> Verdict:
        return Verdict(
            correct=correct,
            misconception=label,
            feedback=feedback,
            expected=self.expected,
            answer_read=read,
            kind=self.kind,
            problem=self.problem,
            variable=self.var.name if self.var is not None else None,
            note=note,
            counterexample=counterexample,
        )


def _where_defined_note(comparison: eq.Comparison, reference: eq.DomainReference) -> str:
    """The note on an expr answer equal to the expected one wherever both are defined.

    Accepted (correct, with this note): the answer is undefined only for some values of
    letters the expected answer does not use, so the two agree wherever both are defined
    (log(a^x, a) for x needs a > 0, a ≠ 1).
    """
    letters = ", ".join(p.name for p in reference.params) or "its letters"
    at = comparison.point.describe(reference.variables) if comparison.point else "some points"
    return (f"{WHERE_DEFINED}: your answer is undefined at {at}, so it holds only for some "
            f"values of {letters}.")


def _shifted(point: eq.Point, k: int, h: Fraction) -> eq.Point:
    exact = list(point.exact)
    exact[k] += h
    return eq.Point(tuple(exact), tuple(float(x) for x in exact))


def _float_slope(ev: eq.Evaluator, point: eq.Point, k: int) -> float:
    h = Fraction(1e-5 * max(1.0, abs(point.floats[k])))
    up, down = ev.real(_shifted(point, k, h)), ev.real(_shifted(point, k, -h))
    return (up - down) / (2 * float(h))


_MP_STEP = Fraction(1, 10**25)


def _mp_slope(ev: eq.Evaluator, point: eq.Point, k: int):
    up = ev.mp(_shifted(point, k, _MP_STEP))
    down = ev.mp(_shifted(point, k, -_MP_STEP))
    with mpmath.workdps(eq.MP_DPS):
        return (up - down) / (2 * mpmath.mpf(_MP_STEP.numerator) / _MP_STEP.denominator)


#: Labels reported before integrated_instead (the catalogue's order, DESIGN.md's).
_BEFORE_INTEGRATED = mistakes.before("integrated_instead")


def _agrees(values, target, rtol: float = 1e-7, atol: float = 1e-10) -> bool:
    """The answer's values match `target` at every point both are defined (at least 3)."""
    matched = 0
    for got, want in zip(values, target):
        if got is None or want is None:
            continue
        if not eq.close(got, want, rtol=rtol, atol=atol):
            return False
        matched += 1
    return matched >= eq.MIN_POINTS


def _floats(values, reference):
    pairs = []
    for got, want in zip(values, reference):
        if got is None or want is None:
            continue
        try:
            g, w = float(got), float(want)
        except (OverflowError, TypeError):
            continue
        # Past 1e150 differences and ratios of floats overflow; such points say nothing here.
        if abs(g) < 1e150 and abs(w) < 1e150:
            pairs.append((g, w))
    return pairs


def _constant_ratio(values, reference) -> str | None:
    """"3" when the answer is 3 times the reference at every point (ratio not ±1)."""
    pairs = [(g, w) for g, w in _floats(values, reference) if abs(w) > 1e-9]
    if len(pairs) < eq.MIN_POINTS:
        return None
    ratios = [g / w for g, w in pairs]
    r = ratios[0]
    if not all(eq.close(q, r, rtol=1e-7, atol=1e-12) for q in ratios):
        return None
    if eq.close(r, 1.0, rtol=1e-3) or eq.close(r, -1.0, rtol=1e-7) or abs(r) < 1e-12:
        return None
    return _nice_number(r)


def _nearly(values, reference) -> bool:
    """Within 0.1% at every point: a rounded coefficient rather than a mistake."""
    pairs = _floats(values, reference)
    return len(pairs) >= eq.MIN_POINTS and all(eq.close(g, w, rtol=1e-3, atol=1e-9) for g, w in pairs)


def _constant_offset(values, reference) -> tuple[float, str] | None:
    pairs = _floats(values, reference)
    if len(pairs) < eq.MIN_POINTS:
        return None
    diffs = [g - w for g, w in pairs]
    d = diffs[0]
    if abs(d) < 1e-12 or not all(eq.close(q, d, rtol=1e-7, atol=1e-9) for q in diffs):
        return None
    return d, _nice_number(abs(d))


def _nice_number(x: float) -> str:
    """3, 1/2, −2; a small multiple of a constant a learner drops or adds (3π, 1/ln(3),
    √2/2); else a decimal (0.9102)."""
    if not math.isfinite(x):
        return eq.format_value(x)
    frac = _small_fraction(x, 100)
    if frac is not None:
        text = str(frac.numerator) if frac.denominator == 1 else f"{frac.numerator}/{frac.denominator}"
    else:
        text = _constant_multiple(x) or eq.format_value(x)
    return text.replace("-", "−")


def _small_fraction(x: float, largest: int) -> Fraction | None:
    frac = Fraction(x).limit_denominator(largest)
    return frac if frac and abs(float(frac) - x) <= 1e-9 * max(1.0, abs(x)) else None


#: Constants a factor or an offset is tried against: name (as the printer writes it) -> value.
_CONSTANTS = {"π": math.pi, "e": math.e,
              **{f"ln({k})": math.log(k) for k in range(2, 21)},
              **{f"√{k}": math.sqrt(k) for k in (2, 3, 5, 6, 7, 10, 11, 13, 14, 15, 17, 19)}}


def _constant_multiple(x: float) -> str | None:
    """x as (p/q)·c or (p/q)/c for c in `_CONSTANTS` and q ≤ 12: "3π", "1/ln(3)", "−ln(2)/2"."""
    for name, c in _CONSTANTS.items():
        glue = "·" if name.startswith("ln") else ""
        frac = _small_fraction(x / c, 12)
        if frac is not None:
            p, q = frac.numerator, frac.denominator
            head = "" if p == 1 else "-" if p == -1 else f"{p}{glue}"
            return f"{head}{name}" + (f"/{q}" if q != 1 else "")
        frac = _small_fraction(x * c, 12)
        if frac is not None:
            p, q = frac.numerator, frac.denominator
            return f"{p}/{name}" if q == 1 else f"{p}/({q}{glue}{name})"
    return None


def _point_dict(point: eq.Point, variables) -> dict:
    return {v.name: eq.format_value(x) for v, x in zip(variables, point.floats)}


def _from_comparison(comparison: eq.Comparison, variables) -> dict | None:
    if comparison.point is None:
        return None
    return {"at": _point_dict(comparison.point, variables),
            "yours": eq.format_value(comparison.answer_value),
            "expected": eq.format_value(comparison.expected_value)}


def _counter_sentence(cex: dict | None, what: str) -> str:
    if cex is None:
        return f"Your answer is not equal to {what}."
    at = ", ".join(f"{k} = {v}" for k, v in cex["at"].items())
    if cex["yours"] == "undefined":
        return f"Not equal to {what}: at {at} your answer is undefined, but {what} is {cex['expected']}."
    return f"Not equal to {what}: at {at} your answer is {cex['yours']}, but {what} is {cex['expected']}."


# ---------------------------------------------------------------------------
# Numbers (value kind)

_DECIMAL = re.compile(r"^\s*[+\-−]?\s*(\d*)(?:\.(\d*))?\s*(?:[eE]([+\-−]?\d+))?\s*$")


def _parse_value(text: str, what: str) -> Expr:
    """An exact number from text: a decimal, a fraction, or a constant expression (pi/2)."""
    from symtutor.read import parsing

    try:
        value = parsing.parse_number(text)
    except InputError:
        value = parsing.parse(text)
    if value.free_symbols:
        names = ", ".join(sorted(s.name for s in value.free_symbols))
        raise InputError(f"the {what} should be a number, but it contains {names}")
    return value


def _decimal_places(text: str) -> tuple[int, int] | None:
    """(significant figures, exponent of the last digit's place) of a decimal literal."""
    m = _DECIMAL.match(text)
    if not m or not (m.group(1) or m.group(2)):
        return None
    whole, frac = m.group(1) or "", m.group(2) or ""
    shift = int(m.group(3).replace("−", "-")) if m.group(3) else 0
    digits = (whole + frac).lstrip("0")
    if not frac and m.group(2) is None:
        # An integer: trailing zeros are not significant (280 has 2 figures).
        digits = digits.rstrip("0") or ("0" if not digits else digits)
        last = len(whole) - len(whole.rstrip("0")) if whole.strip("0") else 0
        return max(len(digits), 1), last + shift
    return max(len(digits), 1), -len(frac) + shift


def _read_number(text: str, value: Expr) -> str:
    """A decimal answer echoes as the decimal typed (2.81, not 281/100)."""
    if _decimal_places(text) is not None:
        return text.strip().replace("-", "−")
    return _show(value)


def _mp(value: Expr):
    with mpmath.workdps(eq.MP_DPS):
        if value.is_Rational:
            return mpmath.mpf(int(value.p)) / int(value.q)
        return mpmath.mpmathify(value.evalf(eq.MP_DPS + 5))


def _judge_number(answer_text: str, answer: Expr, expected: Expr, expected_text: str | None):
    """(correct, label, feedback, note) for a number against the expected number."""
    try:
        a, e = _mp(answer), _mp(expected)
    except (TypeError, ValueError) as exc:
        raise InputError("the answer should be a real number") from exc
    if isinstance(a, mpmath.mpc) or isinstance(e, mpmath.mpc):
        if a == e:
            return True, None, "Correct.", None
        return False, None, "Your value is not correct.", None
    with mpmath.workdps(eq.MP_DPS):
        diff = abs(a - e)
        if answer == expected or diff <= VALUE_RTOL * max(abs(a), abs(e)):
            return True, None, "Correct.", None
        tolerance = mpmath.mpf(0)
        places = _decimal_places(answer_text)
        if places and places[0] >= MIN_SIG_FIGS:
            tolerance = mpmath.mpf(10) ** places[1] / 2
        given = _decimal_places(expected_text) if expected_text is not None else None
        if given and given[0] >= MIN_SIG_FIGS:
            tolerance = max(tolerance, mpmath.mpf(10) ** given[1] / 2)
        if diff <= tolerance * (1 + mpmath.mpf(10) ** -20):
            note = f"Accepted as rounded to {places[0]} significant figures." if places else None
            return True, None, "Correct." + (f" {note}" if note else ""), note
        if places and places[0] < MIN_SIG_FIGS and diff <= mpmath.mpf(10) ** places[1] / 2:
            return (False, "too_few_significant_figures",
                    mistakes.feedback("too_few_significant_figures", figures=MIN_SIG_FIGS), None)
        if e != 0 and abs(a + e) <= VALUE_RTOL * abs(e):
            return False, "sign_error", mistakes.feedback("sign_error", "value"), None
        if places and diff <= mpmath.mpf(10) ** places[1] * 1.5:
            return False, "rounding_error", mistakes.feedback("rounding_error"), None
        direction = "too large" if a > e else "too small"
        return False, None, f"Your value is {direction}.", None


class ValueProblem(CompiledProblem):
    """A number, judged with the significant-figures rule of the module docstring."""

    kind = "value"

    def __init__(self, problem: str, value: Expr):
        self.problem = problem
        self.expected = value
        _mp(value)  # fail early on something that is not a real number

    def judge(self, answer: str) -> Verdict:
        value = _parse_value(answer, "answer")
        correct, label, feedback, note = _judge_number(answer, value, self.expected, self.problem)
        return Verdict(correct, label, feedback, self.expected, _read_number(answer, value),
                       "value", self.problem, None, note)


# ---------------------------------------------------------------------------
# Vectors


def _component_texts(text: str) -> list[str]:
    """The raw text of each component (for significant figures): split on top-level commas."""
    from symtutor.read.parsing import split_top_level

    body = text.strip()
    if body[:1] in "[(" and body[-1:] in "])":
        body = body[1:-1]
    return [p.strip() for p in split_top_level(body)]


class VectorProblem(CompiledProblem):
    """A tuple of expressions or numbers, judged component by component."""

    kind = "vector"

    def __init__(self, problem: str, items: tuple, texts: list[str]):
        self.problem = problem
        self.expected = items
        self.texts = texts if len(texts) == len(items) else [None] * len(items)
        symbols = set().union(*(e.free_symbols for e in items)) if items else set()
        self.variables = tuple(sorted(symbols, key=lambda s: s.name))
        self.names = tuple(s.name for s in self.variables if len(s.name) > 1)
        self.references = [
            eq.Reference(e, self.variables, f"vector|{problem}|{i}") if e.free_symbols else None
            for i, e in enumerate(items)
        ]

    def judge(self, answer: str) -> Verdict:
        from symtutor.read import parsing

        parsed = parsing.parse_answer(answer, names=self.names)
        got = parsed if isinstance(parsed, tuple) else (parsed,)
        read = _show(got)
        n = len(self.expected)
        if len(got) != n:
            return self._verdict(False, None, f"The answer should have {n} components; yours has "
                                 f"{len(got)}.", read, None)
        texts = _component_texts(answer)
        if len(texts) != n:
            texts = [None] * n
        oks, notes = [], []
        for i in range(n):
            ok, note = self._component(i, got[i], texts[i])
            oks.append(ok)
            if note:
                notes.append(note)
        if all(oks):
            note = notes[0] if notes else None
            return self._verdict(True, None, "Correct." + (f" {note}" if note else ""), read,
                                 tuple(oks), note)
        label, feedback = self._diagnose(got, oks)
        return self._verdict(False, label, feedback, read, tuple(oks))

    def _component(self, i: int, got: Expr, text: str | None) -> tuple[bool, str | None]:
        want = self.expected[i]
        if got.free_symbols - set(self.variables):
            return False, None
        ref = self.references[i]
        if ref is None:
            if got.free_symbols:
                return False, None
            correct, _, _, note = _judge_number(text or str(got), got, want, self.texts[i])
            return correct, note
        return ref.compare(got).equal, None

    def _diagnose(self, got: tuple, oks: list[bool]) -> tuple[str | None, str]:
        n = len(oks)
        if n >= 2 and all(self._same(got[i], -self.expected[i], i) for i in range(n)):
            return "sign_error", mistakes.feedback("sign_error", "vector")
        if n == 2 and self._same(got[0], self.expected[1], 1) and self._same(got[1], self.expected[0], 0):
            return "components_swapped", mistakes.feedback("components_swapped")
        right = [str(i + 1) for i, ok in enumerate(oks) if ok]
        wrong = [str(i + 1) for i, ok in enumerate(oks) if not ok]
        if right:
            return None, (f"Component{'s' if len(right) > 1 else ''} {', '.join(right)} "
                          f"{'are' if len(right) > 1 else 'is'} right; component"
                          f"{'s' if len(wrong) > 1 else ''} {', '.join(wrong)} "
                          f"{'are' if len(wrong) > 1 else 'is'} not.")
        return None, "None of the components is right."

    def _same(self, got: Expr, want: Expr, i: int) -> bool:
        if got.free_symbols - set(self.variables):
            return False
        if not want.free_symbols and not got.free_symbols:
            try:
                return bool(abs(_mp(got) - _mp(want)) <= 1e-9 * max(1, abs(_mp(want))))
            except (TypeError, ValueError):
                return False
        return eq.equivalent(got, want, self.variables, key=f"vector|{self.problem}|{i}").equal

    def _verdict(self, correct, label, feedback, read, components, note=None) -> Verdict:
        return Verdict(correct, label, feedback, self.expected, read, "vector", self.problem,
                       None, note, None, components)


__all__ = ["KINDS", "Verdict", "CompiledProblem", "check", "compile_problem"]
