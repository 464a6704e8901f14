"""Gradient descent worked step by step: w ← w − η·∇L(w).

The gradient comes from the engine (so the printout can show how it was
derived). While the numbers stay small the iterates are exact Rationals, so the
post's 1.8, 2.52, 2.808 are exactly 9/5, 63/25, 351/125; once a numerator or
denominator grows past `EXACT_DIGITS` digits (or a value stops being rational,
e.g. e^(−0.6)) the run carries on in floating point.

Pure: no printing, no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sympy import Expr, Rational, S, Symbol

from symtutor.errors import InputError

#: Exact arithmetic is kept while every numerator and denominator has at most this many digits.
EXACT_DIGITS = 30
#: Default tolerance: converged when |∇L| and |Δw| are both below it.
TOLERANCE = 1e-6
#: Beyond this magnitude the run is called diverged and stopped (well before float overflow).
BLOW_UP = 1e100
#: Most updates one run may take (keeps every run quick).
MAX_STEPS = 10_000
#: The loss must rise at each of this many consecutive updates (and end above its start)
#: before a run is called diverged without blowing up outright.
RISING_RUN = 5


@dataclass(frozen=True, slots=True)
class Iterate:
    """The state after `step` updates.

    Attributes:
        step: how many updates have been made (0 = the start).
        w: the value of each variable (Rational while exact, else float).
        grad: ∂L/∂v at `w` for each variable v, same kind of number.
        loss: L(w).
        exact: True when every number here is an exact Rational.
    """

    step: int
    w: dict[Symbol, Any]
    grad: dict[Symbol, Any]
    loss: Any
    exact: bool

    def norm(self) -> float:
        """|∇L(w)|, the Euclidean length of the gradient, as a float."""
        return math.sqrt(math.fsum(float(g) ** 2 for g in self.grad.values()))

    def to_dict(self, variables: Sequence[Symbol]) -> dict:
        """JSON-ready: numbers as floats (None where they overflowed); one variable → bare numbers."""
        return {
            "step": self.step,
            "w": _pack({v: self.w[v] for v in variables}),
            "grad": _pack({v: self.grad[v] for v in variables}),
            "loss": _json_number(self.loss),
            "exact": self.exact,
        }


@dataclass(frozen=True, slots=True)
class DescentRun:
    """One gradient-descent run and what it did.

    Attributes:
        loss: L as given (constants from --start already substituted).
        variables: the symbols descended on, in order.
        partials: ∂L/∂v for each variable, as the engine derived them.
        derivations: the engine's root Step for each partial (for the printout).
        lr: the learning rate η (exact when given as a decimal).
        iterates: entry k is the state after k updates; entry 0 is the start.
        steps: the number of updates asked for.
        tolerance: the convergence tolerance.
        converged: |∇L| and |Δw| fell below `tolerance` (the run stopped there).
        diverged: the loss blew up or rose at every recent step.
        oscillating_in: the variables whose step changed sign at every update of a
            stretch (each step jumps past the minimum in that direction).
        held: constants substituted into the loss before descending.
        undefined: the last step left the loss's domain (e.g. ln of a negative
            number); the run stopped there.
    """

    loss: Expr
    variables: tuple[Symbol, ...]
    partials: tuple[Expr, ...]
    derivations: tuple[Any, ...]
    lr: Expr
    iterates: tuple[Iterate, ...]
    steps: int
    tolerance: float
    converged: bool
    diverged: bool
    oscillating_in: tuple[Symbol, ...]
    held: dict[Symbol, Expr] = field(default_factory=dict)
    undefined: bool = False

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        """The notebook display: HTML with the steps, LaTeX, Markdown and text (render/notebook.py)."""
        from symtutor.render.notebook import mimebundle

        return mimebundle(self)

    @property
    def oscillating(self) -> bool:
        """Some variable's step changes sign update after update: overshooting."""
        return bool(self.oscillating_in)

    @property
    def start(self) -> Iterate:
        """The first iterate (no updates yet)."""
        return self.iterates[0]

    @property
    def last(self) -> Iterate:
        """The last iterate computed."""
        return self.iterates[-1]

    @property
    def exact_until(self) -> int:
        """The last step whose numbers are all exact (−1 if none)."""
        last = -1
        for it in self.iterates:
            if not it.exact:
                break
            last = it.step
        return last

    def losses(self) -> list[float]:
        """The loss after each update, as floats (inf where it overflowed)."""
        return [_as_float(it.loss) for it in self.iterates]

    def to_dict(self) -> dict:
        """JSON-ready, the shape of ``symtutor descend --format json``."""
        single = len(self.variables) == 1
        return {
            "loss": str(self.loss),
            "variables": [str(v) for v in self.variables],
            "derivative": str(self.partials[0])
            if single
            else {str(v): str(p) for v, p in zip(self.variables, self.partials)},
            "lr": float(self.lr),
            "lr_exact": str(self.lr),
            "steps": self.steps,
            "start": _pack({v: self.start.w[v] for v in self.variables}),
            "held": {str(k): str(v) for k, v in self.held.items()},
            "iterates": [it.to_dict(self.variables) for it in self.iterates],
            "converged": self.converged,
            "converged_at": self.last.step if self.converged else None,
            "diverged": self.diverged,
            "undefined": self.undefined,
            "oscillating": self.oscillating,
            "oscillating_in": [str(v) for v in self.oscillating_in],
            "exact_until": self.exact_until,
            "tolerance": self.tolerance,
        }


def as_number(value: Any) -> Expr:
    """A SymPy number from a SymPy expression, int, float or Fraction, never from text.

    Text must go through `symtutor.read.parsing` (which never evaluates it); a str here is a
    programming error, so it raises TypeError rather than being sympified.
    """
    from fractions import Fraction

    from sympy import Basic, Float, Integer

    if isinstance(value, Basic):
        return value
    if isinstance(value, bool):
        raise TypeError("expected a number, got a bool")
    if isinstance(value, int):
        return Integer(value)
    if isinstance(value, Fraction):
        return Rational(value.numerator, value.denominator)
    if isinstance(value, float):
        return Float(value)
    raise TypeError(f"expected a number, got {type(value).__name__} (parse text with symtutor.read.parsing)")


def _as_float(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, OverflowError):
        return math.inf


def _json_number(value: Any) -> float | None:
    f = _as_float(value)
    return f if math.isfinite(f) else None


def _pack(values: Mapping[Symbol, Any]) -> Any:
    if len(values) == 1:
        return _json_number(next(iter(values.values())))
    return {str(k): _json_number(v) for k, v in values.items()}


def _small_rational(value: Any) -> bool:
    """A Rational whose numerator and denominator are short enough to carry on exactly."""
    if not getattr(value, "is_Rational", False):
        return False
    limit = 10**EXACT_DIGITS
    return abs(value.p) < limit and value.q < limit


def descend(
    loss: Expr,
    start: Mapping[Symbol, Any],
    lr: Any,
    steps: int = 20,
    *,
    variables: Sequence[Symbol] | None = None,
    tolerance: float = TOLERANCE,
) -> DescentRun:
    """Run gradient descent w ← w − η·∇L(w) from `start`.

    Args:
        loss: L, a SymPy expression.
        start: a value for every free symbol of L. Those in `variables` are the
            starting point; any others are held constant.
        lr: the learning rate η > 0 (a SymPy number; exact Rationals keep the run exact).
        steps: the most updates to make (1 to MAX_STEPS); the run stops early when
            it converges or blows up.
        variables: the symbols to descend on; default: every free symbol of L.
        tolerance: converged when |∇L| and the last |Δw| are below this.

    Returns:
        A DescentRun.

    Raises:
        InputError: a missing start value, η ≤ 0, a bad step count, or a loss
            that cannot be evaluated at the start.
    """
    variables, lr = _checked(loss, start, lr, steps, variables, tolerance)
    held = {k: as_number(v) for k, v in start.items() if k not in variables}
    loss = loss.xreplace(held) if held else loss

    from symtutor.derivation.engine import derive_step

    derivations = tuple(derive_step(loss, v) for v in variables)
    partials = tuple(step.result for step in derivations)

    stepper = _Stepper(loss, variables, partials, lr)
    current = _start_state(stepper, {v: as_number(start[v]) for v in variables})
    iterates, ending = _iterate(stepper, current, steps, tolerance)
    diverged = ending == "diverged" or (ending == "stopped" and _rising(iterates))
    return DescentRun(
        loss=loss,
        variables=variables,
        partials=partials,
        derivations=derivations,
        lr=lr,
        iterates=tuple(iterates),
        steps=steps,
        tolerance=tolerance,
        converged=ending == "converged",
        diverged=diverged,
        oscillating_in=_oscillating(iterates, variables),
        held=held,
        undefined=ending == "undefined",
    )


def _checked(loss: Expr, start: Mapping[Symbol, Any], lr: Any, steps: int,
             variables: Sequence[Symbol] | None, tolerance: float) -> tuple[tuple[Symbol, ...], Expr]:
    """(the variables to descend on, the learning rate as a SymPy number), or InputError."""
    free = sorted(loss.free_symbols, key=lambda s: s.name)
    variables = tuple(free if variables is None else variables)
    if not variables:
        raise InputError("the loss has no variable to descend on")
    missing = [v.name for v in free if v not in start]
    if missing:
        raise InputError(f"--start needs a value for {', '.join(missing)}")
    unknown = [v.name for v in variables if v not in free]
    if unknown:
        raise InputError(f"the loss does not contain {', '.join(unknown)}")
    extra = [k.name for k in start if k not in free]
    if extra:
        raise InputError(f"--start gives {', '.join(extra)}, which the loss does not contain")
    lr = as_number(lr)
    if not lr.is_number or not lr.is_real or not lr.is_positive:
        raise InputError(f"the learning rate must be a positive number (got {lr})")
    if not (tolerance > 0 and math.isfinite(tolerance)):
        raise InputError(f"the tolerance must be a positive number (got {tolerance})")
    if not 1 <= steps <= MAX_STEPS:
        raise InputError(f"--steps must be between 1 and {MAX_STEPS} (got {steps})")
    return variables, lr


def _start_state(stepper: _Stepper, point: dict[Symbol, Expr]):
    """The state at the start, or InputError when the loss cannot be descended from there."""
    current = stepper.state(0, point)
    where = ", ".join(f"{v} = {fmt_number(point[v])}" for v in point)
    if _undefined(current):
        raise InputError(f"the loss or its gradient is undefined at the start ({where})")
    if _blown_up(current):
        raise InputError(f"the loss is too large at the start ({where}) to descend from")
    return current


def _iterate(stepper: _Stepper, current, steps: int, tolerance: float) -> tuple[list, str]:
    """Every state from `current` on, and how the run ended: "converged", "diverged"
    (blew up), "undefined" (left the loss's domain) or "stopped" (used every step)."""
    iterates = [current]
    for k in range(1, steps + 1):
        previous = current
        current = stepper.state(k, stepper.update(previous))
        iterates.append(current)
        if _undefined(current):
            return iterates, "undefined"
        if _blown_up(current):
            return iterates, "diverged"
        norm = current.norm()
        if norm < tolerance and (norm == 0 or _step_size(previous, current) < tolerance):
            return iterates, "converged"
    return iterates, "stopped"


class _Stepper:
    """Evaluates L and ∇L exactly while it can, in floats after that."""

    def __init__(self, loss: Expr, variables: tuple[Symbol, ...], partials: tuple[Expr, ...], lr: Expr):
        self.loss = loss
        self.variables = variables
        self.partials = partials
        self.lr = lr
        self.exact = bool(lr.is_Rational)
        self._float = None

    def _floats(self):
        """Float versions of L and ∇L, compiled once, when first needed."""
        if self._float is None:
            from symtutor.render.plotting import NotNumeric, compile_numeric

            try:
                self._float = (
                    compile_numeric(self.loss, self.variables),
                    [compile_numeric(p, self.variables) for p in self.partials],
                )
            except NotNumeric as exc:
                raise InputError(f"cannot evaluate the loss numerically: {exc}") from None
        return self._float

    def state(self, k: int, point: dict[Symbol, Any]) -> Iterate:
        if self.exact and all(_small_rational(v) for v in point.values()):
            grad = {v: p.xreplace(point) for v, p in zip(self.variables, self.partials)}
            loss = self.loss.xreplace(point)
            if all(_small_rational(g) for g in grad.values()) and _small_rational(loss):
                return Iterate(k, point, grad, loss, True)
        # From here on the run is in floating point for good.
        self.exact = False
        loss_fn, grad_fns = self._floats()
        args = [_as_float(point[v]) for v in self.variables]
        fpoint = dict(zip(self.variables, args))
        grad = {v: fn(*args) for v, fn in zip(self.variables, grad_fns)}
        return Iterate(k, fpoint, grad, loss_fn(*args), False)

    def update(self, it: Iterate) -> dict[Symbol, Any]:
        if it.exact and self.exact:
            return {v: it.w[v] - self.lr * it.grad[v] for v in self.variables}
        lr = float(self.lr)
        out = {}
        for v in self.variables:
            try:
                out[v] = float(it.w[v]) - lr * float(it.grad[v])
            except OverflowError:
                out[v] = math.inf
        return out


def _undefined(it: Iterate) -> bool:
    """Some value is nan (outside the domain), or SymPy's complex infinity / nan."""
    for value in (it.loss, *it.w.values(), *it.grad.values()):
        if isinstance(value, float):
            if math.isnan(value):
                return True
        elif value.has(S.NaN, S.ComplexInfinity):
            return True
    return False


def _blown_up(it: Iterate) -> bool:
    values = [it.loss, *it.w.values(), *it.grad.values()]
    for value in values:
        f = _as_float(value)
        if not math.isfinite(f) or abs(f) > BLOW_UP:
            return True
    return False


def _step_size(a: Iterate, b: Iterate) -> float:
    return math.sqrt(math.fsum((float(b.w[v]) - float(a.w[v])) ** 2 for v in a.w))


def _rising(iterates: Sequence[Iterate]) -> bool:
    """The loss rose at each of the last few updates and ended above where it started."""
    losses = [_as_float(it.loss) for it in iterates]
    if len(losses) < 2:
        return False
    window = min(RISING_RUN, len(losses) - 1)
    tail = losses[-(window + 1) :]
    rising = all(b > a for a, b in zip(tail, tail[1:]))
    return rising and losses[-1] > losses[0]


def _oscillating(iterates: Sequence[Iterate], variables: Sequence[Symbol]) -> tuple[Symbol, ...]:
    """The variables whose step changes sign at every update of a stretch of at least three."""
    found = []
    if len(iterates) < 4:
        return ()
    for v in variables:
        deltas = [float(b.w[v]) - float(a.w[v]) for a, b in zip(iterates, iterates[1:])]
        deltas = [d for d in deltas if math.isfinite(d)]
        run = best = 1
        for a, b in zip(deltas, deltas[1:]):
            run = run + 1 if a * b < 0 else 1
            best = max(best, run)
        if best >= 3:
            found.append(v)
    return tuple(found)


#: Exact decimals are shown in full up to this many significant digits.
SHOWN_DIGITS = 8


def fmt_number(value: Any, digits: int = 7) -> str:
    """A number as people write it: exact decimals in full when short, else rounded.

    9/5 → "1.8", 351/125 → "2.808", 1/3 → "0.3333333" (rounded; see `is_rounded`),
    floats to `digits` significant digits, never rounded to a whole number they are not
    (2.9999996 → "2.9999996", not "3").
    """
    if not is_rounded(value):
        return _terminating_decimal(value)
    f = _as_float(value)
    if not math.isfinite(f):
        return "∞" if f > 0 else "−∞" if f < 0 else "undefined"
    if f == 0:
        return "0"
    text = f"{f:.{digits}g}"
    while "e" not in text and float(text) == round(f) != f and digits < 16:
        digits += 2
        text = f"{f:.{digits}g}"
    if "e" in text:
        mantissa, exp = text.split("e")
        return f"{mantissa}×10^{int(exp)}"
    return text


def is_rounded(value: Any) -> bool:
    """True when `fmt_number(value)` is not the exact value."""
    if getattr(value, "is_Rational", False):
        decimal = _terminating_decimal(value)
        if decimal is None or len(decimal) > 2 * SHOWN_DIGITS:
            return True
        return len(decimal.replace("-", "").replace(".", "").strip("0")) > SHOWN_DIGITS
    if isinstance(value, int):
        return False
    return True


def _terminating_decimal(value: Rational) -> str | None:
    """The exact decimal of a Rational whose denominator is 2^a·5^b, else None."""
    q = int(value.q)
    twos = fives = 0
    while q % 2 == 0:
        q //= 2
        twos += 1
    while q % 5 == 0:
        q //= 5
        fives += 1
    if q != 1:
        return None
    places = max(twos, fives)
    scaled = abs(int(value.p)) * (10**places) // int(value.q)
    sign = "-" if value < 0 else ""
    if places == 0:
        return f"{sign}{scaled}"
    digits = str(scaled).rjust(places + 1, "0")
    return f"{sign}{digits[:-places]}.{digits[-places:]}".rstrip("0").rstrip(".")


