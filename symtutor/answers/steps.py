"""Check a learner's own derivation, line by line (``symtutor check-steps``, ``w`` in lessons).

The learner works out d/dx of a problem; each line is an expression claimed equal to
that derivative. A line may still hold unevaluated derivatives, ``2(3x+1)·d/dx(3x+1)``
or ``d/dx(x^2) + d/dx(3x)`` (read by `symtutor.read.parsing.parse_step`), and may be a
chain ``a = b = c`` (each link is judged as a step of its own). A leading ``=``, and a
left-hand side naming the derivative (``f'(x) =``, ``dy/dx =``), are dropped.

Each step is judged against the *corrected state*: the last right line (at the start,
d/dx of the problem itself). Its value, with every d/dx(...) worked out by the step
engine, is compared with the derivative by the answer checker
(`symtutor.answers.checking`), so equivalence and counterexamples come from one place.

* right -> ``follows``, with the rules that explain the step: the engine's rules for each
  d/dx(...) that disappeared, walked down to the d/dx(...) the new line still holds
  (``rules``: chain, then power); ``rule`` is the outermost one when every d/dx worked out
  starts with the same rule (d/dx(x²) + d/dx(3x) -> 2x + 3 has none: power and constant
  multiple). With no d/dx worked out it is ``algebra``: "expanded" or "factored" when
  SymPy's expand/factor of the previous line gives this one (small lines), else judged by
  the products of sums written, else "simplified" (shorter) or "rewritten";
* equal to the previous line, which was wrong -> ``follows`` too, but not correct:
  "follows from your line N, but line N was wrong" (one slip is one mistake);
* equal to a mal-rule variant of one d/dx(u) of the corrected state (the others worked
  out right) -> ``mistake``, naming u; failing that, the checker's label for the whole
  line -> ``mistake``;
* otherwise ``not_equivalent``, with a point where the line and the derivative differ.

A line that cannot be read is ``unreadable``; it changes nothing, and the next line is
judged from the same state.
"""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from sympy import Derivative, Expr, Symbol

from symtutor.answers import equivalence as eq
from symtutor.answers.checking import _agrees, _show, compile_problem
from symtutor.derivation.tidy import size
from symtutor.errors import InputError, NoRuleError

STATUSES = ("follows", "mistake", "not_equivalent", "unreadable")

#: A chain link that only names the derivative: f'(x), y', dy/dx, ∂L/∂w.
_NAMES_DERIVATIVE = re.compile(
    r"^\s*(?:[A-Za-z]\w*\s*['′]+\s*(?:\(\s*\w+\s*\))?|[d∂]\s*[A-Za-z]\w*\s*/\s*[d∂]\s*\w+)\s*$"
)
#: Most links read in one line (a = b = c ...).
MAX_LINKS = 20


@dataclass(frozen=True, slots=True)
class LineVerdict:
    """The judgement of one step (one line, or one link of an ``=`` chain).

    Attributes:
        line: the line number (1-based); `part` is the link in an ``=`` chain (1-based).
        input: the text of the step. read_as: how it was read (None when unreadable).
        status: one of `STATUSES`. correct: the step equals the derivative.
        rule: the rule that explains a step that follows (``chain``, ``algebra``), or None.
        rules: every rule the step used, outermost first.
        algebra: for an algebra step, "expanded", "factored", "simplified" or "rewritten".
        misconception: the mistake's label, for ``mistake``. subexpression: the d/dx(u)
            where it was made, when known. feedback: one or two sentences.
        counterexample: where a wrong step and the derivative differ ({"at", "yours",
            "expected"}). follows_from: the wrong line a ``follows`` step continues.
        finished: the step holds no d/dx(...) and needs no more simplifying; pending: it
            still holds a d/dx(...). written: the step as read, in the shape typed (for
            printouts; not part of the JSON).
    """

    line: int
    part: int
    input: str
    read_as: str | None
    status: str
    correct: bool
    feedback: str
    rule: str | None = None
    rules: tuple[str, ...] = ()
    algebra: str | None = None
    misconception: str | None = None
    subexpression: str | None = None
    counterexample: dict | None = None
    follows_from: int | None = None
    finished: bool = False
    pending: bool = False
    written: Expr | None = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict:
        return {
            "line": self.line, "part": self.part, "input": self.input, "read_as": self.read_as,
            "status": self.status, "correct": self.correct, "rule": self.rule,
            "rules": list(self.rules), "algebra": self.algebra,
            "misconception": self.misconception, "subexpression": self.subexpression,
            "feedback": self.feedback, "counterexample": self.counterexample,
            "follows_from": self.follows_from,
        }


@dataclass(frozen=True, slots=True)
class StepsReport:
    """Every step's verdict, and the derivation's overall judgement.

    `correct`: every step is right (and readable). `complete`: the last step is the
    derivative in simplest form. `feedback`: the first wrong step's feedback, or a
    sentence on the whole.
    """

    problem: str
    expr: Expr
    variable: str
    expected: Expr
    verdicts: tuple[LineVerdict, ...] = field(default=())

    @property
    def unreadable(self) -> tuple[LineVerdict, ...]:
        return tuple(v for v in self.verdicts if v.status == "unreadable")

    @property
    def first_wrong(self) -> LineVerdict | None:
        return next((v for v in self.verdicts if not v.correct and v.status != "unreadable"), None)

    @property
    def correct(self) -> bool:
        return bool(self.verdicts) and all(v.correct for v in self.verdicts)

    @property
    def complete(self) -> bool:
        read = [v for v in self.verdicts if v.status != "unreadable"]
        return bool(read) and read[-1].correct and read[-1].finished

    @property
    def feedback(self) -> str:
        wrong = self.first_wrong
        if wrong is not None:
            return f"{where(wrong)}: {wrong.feedback}"
        if self.unreadable:
            return f"{where(self.unreadable[0])} could not be read: {self.unreadable[0].feedback}"
        if self.complete:
            return "Every line is right, and the last one is the derivative in simplest form."
        read = [v for v in self.verdicts if v.status != "unreadable"]
        if read and read[-1].pending:
            return (f"Every line is right so far, but the last one still has a d/d{self.variable}(...) "
                    "to work out.")
        return "Every line is right, but the last one can be simplified further."

    @property
    def exit_code(self) -> int:
        """2 when a line is unreadable, 1 when one is wrong, 0 when all are right."""
        if self.unreadable:
            return 2
        return 0 if self.correct else 1

    def to_dict(self) -> dict:
        return {
            "problem": self.problem, "variable": self.variable, "expected": str(self.expected),
            "correct": self.correct, "complete": self.complete, "feedback": self.feedback,
            "lines": [v.to_dict() for v in self.verdicts],
        }


def status_of(verdict) -> str:
    """``mistake`` for a checker verdict that names one, else ``not_equivalent``."""
    return "mistake" if verdict.misconception else "not_equivalent"


def where(v: LineVerdict) -> str:
    """"line 2", or "line 2, part 3" for a link of an ``=`` chain."""
    return f"line {v.line}" if v.part == 1 else f"line {v.line}, part {v.part}"


@dataclass(frozen=True, slots=True)
class _State:
    """A step already judged: its expression (with Derivatives), shape and value."""

    expr: Expr
    written: Expr
    value: Expr
    line: int
    correct: bool
    wrong_from: int | None = None  # the first wrong line of a run of lines following it
    text: str = ""


def check_steps(problem: str, lines: Iterable[str] | str, wrt: str | None = None) -> StepsReport:
    """Judge a learner's derivation of d/d`wrt` `problem`, line by line.

    Args:
        problem: the expression being differentiated (``"(3x+1)^2"``).
        lines: the learner's lines (a list, or one string with one line per row); blank
            lines are skipped. Each is an expression claimed equal to the derivative,
            possibly with d/dx(...) still in it, or an ``=`` chain of them.
        wrt: the variable (needed when the problem has several).

    Returns:
        A `StepsReport`; unreadable lines are verdicts of status ``unreadable``.

    Raises:
        InputError: the problem cannot be read, or there are no lines.
        NoRuleError: no differentiation rule covers the problem.
    """
    if isinstance(lines, str):
        lines = lines.splitlines()
    checker = StepChecker(problem, wrt)
    for text in lines:
        if text.strip():
            checker.add(text)
    if not checker.verdicts:
        raise InputError("no lines to check: give one expression per line")
    return checker.report()


class StepChecker:
    """Judges lines one at a time (for interactive use); `report` sums them up."""

    def __init__(self, problem: str, wrt: str | None = None):
        self.compiled = compile_problem(problem, wrt, kind="derivative")
        self.problem = problem
        self.var: Symbol = self.compiled.var
        self.expected: Expr = self.compiled.expected
        start = Derivative(self.compiled.expr, self.var, evaluate=False)
        self.anchor = _State(start, start, self.expected, 0, True)
        self.prev = self.anchor
        self.verdicts: list[LineVerdict] = []
        self.line = 0

    def report(self) -> StepsReport:
        return StepsReport(self.problem, self.compiled.expr, self.var.name, self.expected,
                           tuple(self.verdicts))

    def add(self, text: str, keep_unreadable: bool = True) -> list[LineVerdict]:
        """Judge one more line; returns its verdicts (one per ``=`` link).

        With `keep_unreadable` False (a learner typing, who can type the line again), a
        line that cannot be read is returned but not kept, and does not take a number.
        """
        self.line += 1
        saved = (self.anchor, self.prev)
        try:
            links = _links(text)
        except InputError as exc:
            links = None
            out = [LineVerdict(self.line, 1, text.strip(), None, "unreadable", False, str(exc))]
        if links is not None:
            out = []
            for part, link in enumerate(links, start=1):
                out.append(self._judge(link, part))
                if out[-1].status == "unreadable" and not keep_unreadable:
                    break  # the links after it are judged when the line is typed again
        if not keep_unreadable and out[-1].status == "unreadable":
            self.line -= 1
            self.anchor, self.prev = saved
            return out
        self.verdicts.extend(out)
        return out

    # -- one step -------------------------------------------------------------------

    def _judge(self, text: str, part: int) -> LineVerdict:
        base = {"line": self.line, "part": part, "input": text.strip()}
        try:
            expr, written = self._read(text)
            value = self._value(expr)
        except (InputError, NoRuleError, ArithmeticError, RecursionError) as exc:
            message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            return LineVerdict(**base, read_as=None, status="unreadable", correct=False,
                               feedback=message)
        base["read_as"], base["written"] = _show(written), written
        other = sorted({d.variables[0] for d in expr.atoms(Derivative)} - {self.var}, key=str)
        if other:
            self.prev = _State(expr, written, value, self.line, False, self.line, base["input"])
            v, w = _show(self.var), _show(other[0])
            return LineVerdict(**base, status="mistake", correct=False,
                               misconception="differentiated_wrong_variable",
                               feedback=f"This derivative is with respect to {v}: write d/d{v}(...), "
                                        f"not d/d{w}(...).")
        verdict = self.compiled.judge_expr(value)
        finished = verdict.correct and not expr.has(Derivative) and verdict.note is None
        if verdict.correct:
            source, recovered = self.anchor, not self.prev.correct
            state = _State(expr, written, value, self.line, True, text=base["input"])
            self.anchor = self.prev = state
            return self._follows(base, source, state, True, finished=finished, recovered=recovered,
                                 pending=expr.has(Derivative))
        prev = self.prev
        state = _State(expr, written, value, self.line, False)
        if not prev.correct and self._same(value, prev.value):
            self.prev = _State(expr, written, value, self.line, False, prev.wrong_from, base["input"])
            return self._follows(base, prev, state, False, wrong_from=prev.wrong_from,
                                 pending=expr.has(Derivative))
        self.prev = _State(expr, written, value, self.line, False, self.line, base["input"])
        return self._wrong(base, expr, value, verdict)

    def _read(self, text: str) -> tuple[Expr, Expr]:
        from symtutor.read.parsing import parse_step

        names = self.compiled.names
        return (parse_step(text, self.var, names=names),
                parse_step(text, self.var, names=names, as_written=True))

    def _value(self, expr: Expr) -> Expr:
        """`expr` with every d/dv(u) replaced by the engine's derivative."""
        found = expr.atoms(Derivative)
        if not found:
            return expr
        return expr.xreplace({d: _derivative(d.expr, d.variables[0]) for d in found})

    def _same(self, a: Expr, b: Expr) -> bool:
        return eq.equivalent(a, b, self.compiled.variables, key=f"steps|{self.problem}").equal

    # -- verdicts ----------------------------------------------------------------------

    def _follows(self, base: dict, source: _State, state: _State, correct: bool, *,
                 finished: bool = False, wrong_from: int | None = None,
                 recovered: bool = False, pending: bool = False) -> LineVerdict:
        rule, rules, algebra = explain(source, state, self.var)
        words = rule_words(rule, rules, algebra)
        origin = "the problem" if source.line == 0 else f"line {source.line}"
        if recovered:
            feedback = f"Right again, worked from {origin}: {words}."
        elif correct:
            feedback = f"Follows from {origin}: {words}."
        else:
            how = algebra if rule == "algebra" and algebra else words
            feedback = f"Follows from your line {source.line} ({how}), but line {wrong_from} was wrong."
        if correct and source.line == 0 and state.expr == source.expr:
            rule, rules, algebra = None, (), None
            feedback = "The problem itself, written as a derivative."
        elif correct and _show(state.written) == _show(source.written):
            if "".join(base["input"].split()) == "".join(source.text.split()):
                rule, rules, algebra = None, (), None
                feedback = f"The same as {origin}."
            else:  # the same once read (2(3x+1)·3 reads as 6(3x + 1)): numbers multiplied out
                rule, rules, algebra = "algebra", ("algebra",), "simplified"
                feedback = f"Follows from {origin}: algebra (simplified)."
        return LineVerdict(**base, status="follows", correct=correct, feedback=feedback, rule=rule,
                           rules=rules, algebra=algebra, follows_from=wrong_from, finished=finished,
                           pending=pending)

    def _wrong(self, base: dict, expr: Expr, value: Expr, verdict) -> LineVerdict:
        if verdict.counterexample is None:
            # The checker leaves it out for a named mistake; a step shows where it differs.
            try:
                ev = eq.Evaluator(value, self.compiled.variables)
                verdict = replace(verdict, counterexample=self.compiled._counterexample(ev))
            except eq.NotCompilable:
                pass
        local = self._local_mistake(value)
        origin = "the problem" if self.anchor.line == 0 else f"line {self.anchor.line}"
        if local is not None:
            label, sub, detail = local
            whole = self.anchor.line == 0  # d/dx of the whole problem: no need to name it
            return LineVerdict(**base, status="mistake", correct=False, misconception=label,
                               subexpression=sub, feedback=detail if whole else f"In {sub}: {detail}",
                               counterexample=verdict.counterexample)
        if value.free_symbols - set(self.compiled.variables):
            # "+ C", or a letter not in the problem: the checker says which.
            return LineVerdict(**base, status=status_of(verdict), correct=False,
                               misconception=verdict.misconception, feedback=verdict.feedback)
        differentiating = self.anchor.expr.has(Derivative)
        if verdict.misconception is not None and (differentiating or verdict.misconception == "sign_error"):
            return LineVerdict(**base, status="mistake", correct=False,
                               misconception=verdict.misconception, feedback=verdict.feedback,
                               counterexample=verdict.counterexample)
        cex = verdict.counterexample
        worked = self.anchor.expr.atoms(Derivative) - expr.atoms(Derivative)
        if len(worked) == 1 and self.anchor.line > 0:
            step = f"working out {_show(next(iter(worked)))}"
        else:
            step = "working out the derivative" if differentiating else "the algebra"
        feedback = f"Not equal to {origin}: something went wrong in {step}."
        if cex is not None and cex.get("at"):
            at = ", ".join(f"{k} = {v}" for k, v in cex["at"].items())
            feedback += f" At {at} this line is {cex['yours']}, but it should be {cex['expected']}."
        return LineVerdict(**base, status="not_equivalent", correct=False, feedback=feedback,
                           counterexample=cex)

    def _local_mistake(self, value: Expr) -> tuple[str, str, str] | None:
        """(label, d/dx(u) shown, detail) when `value` is the corrected state with one
        d/dx(u) worked out by a mal-rule and every other one right."""
        ds = sorted(self.anchor.expr.atoms(Derivative), key=str)
        if not ds:
            return None
        variables, points = self.compiled.variables, self.compiled.reference.points
        try:
            mine = eq.evaluate(eq.Evaluator(value, variables), points, mp_fallback=False)
        except eq.NotCompilable:
            return None
        right = {d: _derivative(d.expr, d.variables[0]) for d in ds}
        for d in ds:
            u, v = d.expr, d.variables[0]
            try:
                wrongs = _variants(u, v)
            except (NoRuleError, ArithmeticError, RecursionError, TypeError):
                continue
            for label, wrong, detail in wrongs:
                candidate = self.anchor.expr.xreplace({**right, d: wrong})
                try:
                    theirs = eq.evaluate(eq.Evaluator(candidate, variables), points, mp_fallback=False)
                except eq.NotCompilable:
                    continue
                if _agrees(mine, theirs):
                    return label, _show(d), detail
        return None


# ---------------------------------------------------------------------------
# Which rule explains a step


def explain(source: _State, state: _State, var: Symbol) -> tuple[str | None, tuple[str, ...], str | None]:
    """(rule, rules, algebra) for the step from `source` to `state` (both equal in value).

    The d/dx(u) of `source` that `state` no longer holds were worked out: their rules are
    the engine's, walked down to the d/dx(...) that `state` still holds. With none worked
    out, the step is algebra.
    """
    before, after = source.expr.atoms(Derivative), state.expr.atoms(Derivative)
    gone, kept = before - after, {d.expr for d in after - before}
    if not gone:
        return "algebra", ("algebra",), _algebra(source.written, state.written)
    rules: list[str] = []
    roots = set()
    for d in sorted(gone, key=str):
        try:
            step = _step(d.expr, d.variables[0])
        except (NoRuleError, RecursionError):
            continue
        roots.add(step.rule)
        _collect(step, kept, rules)
    rule = roots.pop() if len(roots) == 1 else None
    return rule, tuple(rules), None


def _collect(step, stop: set, out: list[str]) -> None:
    if step.expr in stop:
        return
    if step.rule not in out:
        out.append(step.rule)
    for sub in step.substeps:
        _collect(sub, stop, out)


def _sum_products(expr: Expr) -> int:
    """How many products (or integer powers) of sums `expr` holds: what expanding removes."""
    count, stack = 0, [expr]
    while stack:
        node = stack.pop()
        if node.is_Mul and any(a.is_Add for a in node.args):
            count += 1
        elif node.is_Pow and node.base.is_Add and node.exp.is_Integer and node.exp > 1:
            count += 1
        stack.extend(node.args)
    return count


#: Largest lines (tree nodes) whose algebra is told apart by expanding and factoring (and
#: no power above 12: (x+1)^998 is small but expands for seconds).
ALGEBRA_NODES = 40


def _algebra(before: Expr, after: Expr) -> str:
    """How `after` rewrites `before` (both as written): expanded, factored, simplified."""
    small = all(size(e, ALGEBRA_NODES + 1) <= ALGEBRA_NODES and not e.has(Derivative)
                and not eq._big_power(e) for e in (before, after))
    if small:
        from sympy import expand, factor

        shown = _show(after)
        if _show(expand(before)) == shown:
            return "expanded"
        if _show(factor(before)) == shown:
            return "factored"
    b, a = _sum_products(before), _sum_products(after)
    if a == 0 < b:
        return "expanded"
    if a > b:
        return "factored"
    if size(after, 400) < size(before, 400):
        return "simplified"
    return "rewritten"


def rule_words(rule: str | None, rules: tuple[str, ...], algebra: str | None) -> str:
    """"chain rule, then power rule", "algebra (expanded)"."""
    if rule == "algebra":
        return f"algebra ({algebra})" if algebra else "algebra"
    from symtutor.derivation.formulas import RULE_TITLES

    names = [RULE_TITLES.get(r, r.replace("_", " ")).lower() for r in rules if r != "constant"]
    if not names:
        return "the rule for constants"
    if len(names) == 1:
        return names[0]
    return ", then ".join([", ".join(names[:-1]), names[-1]])


# ---------------------------------------------------------------------------
# Cached engine work


def _links(text: str) -> list[str]:
    """The links of an ``=`` chain, without a leading ``=`` or a name of the derivative."""
    body = text.strip()
    if body.startswith("="):
        body = body[1:]
    links = body.split("=")
    if len(links) > MAX_LINKS:
        raise InputError(f"too many '=' in one line (at most {MAX_LINKS - 1})")
    if len(links) > 1 and _NAMES_DERIVATIVE.match(links[0]):
        links = links[1:]
    if len(links) > 1 and not all(link.strip() for link in links):
        raise InputError("an '=' with nothing on one side: write a = b = c")
    return links


@functools.lru_cache(maxsize=512)
def _step(expr: Expr, var: Symbol):
    from symtutor.derivation.engine import derive_step

    return derive_step(expr, var)


@functools.lru_cache(maxsize=512)
def _derivative(expr: Expr, var: Symbol) -> Expr:
    return _step(expr, var).result


@functools.lru_cache(maxsize=256)
def _variants(expr: Expr, var: Symbol) -> tuple:
    """The mal-rule variants of d/dvar(expr), within the checker's time budget."""
    from symtutor.answers.checking import VARIANT_BUDGET
    from symtutor.answers.malrules import variants

    deadline = time.thread_time() + VARIANT_BUDGET
    return tuple(variants(expr, var, _step(expr, var), deadline))


__all__ = ["STATUSES", "LineVerdict", "StepsReport", "StepChecker", "check_steps", "where"]
