"""Templates of the applied skills: first principles, gradients, descent, backpropagation.

Unlike the rule drills (`symtutor.practice.drills`), the answer here is not the
derivative itself but something computed from it: a difference quotient, a gradient
at a point, the weight after a descent step, a local derivative of a small network.
Each function takes a `Draw` and a level and returns the exercise's fields (a
`Fields`); every number in a key comes from the engine's derivative, and the likely
mistakes from the mal-rules applied to that derivative.
"""

from __future__ import annotations

from dataclasses import dataclass

from symtutor.practice.text import Draw, IllPosed, decimal, join, power, term

#: Activations of the little network w → z → ŷ → L: name -> ŷ as typed, for z.
ACTIVATIONS = {"σ": "sigmoid(z)", "tanh": "tanh(z)"}
#: Learning rates a descent exercise uses (exact decimals, so w₁ is one too).
RATES = ("0.1", "0.05", "0.01", "0.2", "0.25", "0.5")
#: Rates for the steeper losses of level 2.
SMALL_RATES = ("0.01", "0.005", "0.02", "0.001")
#: The loss's factor c, as typed -> L = c(ŷ − y)² as shown.
LOSSES = {"1": "(ŷ − y)²", "0.5": "½(ŷ − y)²", "2": "2(ŷ − y)²"}


@dataclass(frozen=True, slots=True)
class Fields:
    """What an applied template produces (the generator adds skill, level and seed)."""

    kind: str
    prompt: str
    problem: str
    answer: str
    mistakes: tuple[tuple[str, str], ...]
    steps_expr: str | None
    wrt: str | None
    at: tuple[tuple[str, str], ...] = ()
    lr: str | None = None
    definitions: tuple[str, ...] = ()


# -- numbers as answers ----------------------------------------------------------------


def number_text(value) -> str:
    """An exact number as a learner types it: 3, -2.75, 1/3; an irrational one to 4 figures.

    Raises:
        IllPosed: the value is not a finite real number, or too large or too small to type.
    """
    from sympy import Rational

    if not value.is_number or not value.is_finite or not value.is_real:
        raise IllPosed(f"{value} is not a finite real number")
    if isinstance(value, Rational):
        p, q = int(value.p), int(value.q)
        if abs(p) > 99999 or q > 10000:
            raise IllPosed(f"{value} has too many digits to type")
        for digits in range(5):
            if (10**digits) % q == 0:
                return decimal(p * (10**digits // q), 10**digits)
        return f"{p}/{q}"
    x = float(value)
    if not 1e-3 <= abs(x) <= 9999:
        raise IllPosed(f"{x} is too large or too small to give to 3 figures")
    # "#" keeps trailing zeros: 0.3800 has 4 significant figures, 0.38 would have 2.
    return f"{x:#.4g}".rstrip(".")


def exact_text(value) -> str:
    """An exact number as text the checker reads back (the value kind's problem)."""
    from symtutor.notation.mathfmt import plain

    return plain(value)


def _parse(text: str, names: tuple[str, ...] = ()):
    from symtutor.read.parsing import parse

    return parse(text, names=names)


def _derivative(expr, var):
    from symtutor.derivation.engine import derive_step
    from symtutor.errors import NoRuleError

    try:
        return derive_step(expr, var)
    except NoRuleError as exc:  # never expected from our templates; redraw rather than fail
        raise IllPosed(str(exc)) from None


def _wrong_slopes(expr, var, step):
    """(label, wrong derivative) from the mal-rules, for mistakes computed from a slope."""
    from symtutor.answers.malrules import variants

    return [(label, wrong) for label, wrong, _ in variants(expr, var, step)]


def _at(expr, point: dict):
    from sympy import nan, zoo

    value = expr.xreplace(point)  # xreplace: much faster than subs, and exact for numbers
    if value.has(nan, zoo) or not value.is_number:
        raise IllPosed("undefined at the point")
    return value


def _mistakes(right: str, wrongs) -> tuple[tuple[str, str], ...]:
    """Mistakes as (label, text), each distinct from the key and from the others.

    Raises:
        IllPosed: a mistake gives the right answer (the exercise could not tell them apart).
    """
    out, seen = [], {right}
    for label, text in wrongs:
        if text == right:
            raise IllPosed(f"the mistake {label} gives the right answer")
        if text not in seen:
            seen.add(text)
            out.append((label, text))
    return tuple(out)


def _safe(values):
    """(label, number text) for the values that can be typed; the others are dropped."""
    for label, value in values:
        try:
            yield label, number_text(value)
        except IllPosed:
            continue


# -- first principles ----------------------------------------------------------------------


def limit_definition(d: Draw, level: int) -> Fields:
    """(f(x + h) − f(x))/h simplified, for 1: a quadratic; 2: a cubic."""
    from symtutor.notation.mathfmt import plain

    if level == 1:
        f = join(term(d.signed(12), "x^2"), term(d.int(-15, 15, zero=True), "x"), str(d.int(-30, 30, zero=True)))
    else:
        f = join(term(d.signed(6), "x^3"), term(d.int(-9, 9, zero=True), "x^2"),
                 term(d.int(-12, 12, zero=True), "x"), str(d.int(-20, 20, zero=True)))
    from sympy import Symbol, expand

    expr = _parse(f)
    x, h = Symbol("x"), Symbol("h")
    # For a polynomial the quotient is the expanded difference divided term by term:
    # the same algebra as `first_principles.work`, without building its printout
    # (a tenth of a second); the worked solution runs that printout when it is asked for.
    numerator = expand(expr.xreplace({x: x + h}) - expr)
    quotient, derivative = expand(numerator / h), _derivative(expr, x).result
    answer = plain(quotient)
    mistakes = _mistakes(answer, [("limit_taken_too_early", plain(derivative)),
                                  ("difference_quotient_not_divided", plain(numerator)),
                                  ("sign_error", plain(-quotient))])
    prompt = (f"From the definition: for f(x) = {_shown(f)}, simplify the difference quotient "
              "(f(x + h) − f(x))/h until h can be set to 0 (do not set it yet).")
    return Fields("expr", prompt, answer, answer, mistakes, f, "x")


def _shown(text: str) -> str:
    from symtutor.read.parsing import reading

    return reading(text)


# -- gradient at a point ---------------------------------------------------------------------


def gradient(d: Draw, level: int) -> Fields:
    """∇f at a point: 1: a polynomial in two variables; 2: in three."""
    names = ("x", "y") if level == 1 else ("x", "y", "z")
    terms = [term(d.signed(6), "".join(power(n, d.int(1, 3)) for n in d.sample(names, 2)))]
    terms += [term(d.signed(9), power(n, d.int(1, 4))) for n in names]
    f = join(*d.sample(terms, len(terms)))
    expr = _parse(f)
    symbols = sorted(expr.free_symbols, key=lambda s: s.name)
    if [s.name for s in symbols] != list(names):
        raise IllPosed("a variable cancelled out")
    from sympy import Integer

    # Not ±1: there a power rule mistake often gives the right number (1ⁿ = 1).
    point = {s: Integer(d.choice((-3, -2, 2, 3))) for s in symbols}
    key, wrongs = [], []
    steps = [_derivative(expr, s) for s in symbols]
    for s, step in zip(symbols, steps):
        key.append(_at(step.result, point))
    if all(k == 0 for k in key):
        raise IllPosed("the gradient is 0 at the point (a stationary point)")
    texts = [number_text(k) for k in key]
    for i, (s, step) in enumerate(zip(symbols, steps)):
        for label, wrong in _wrong_slopes(expr, s, step):
            for _, text in _safe([(label, _at(wrong, point))]):
                wrongs.append((label, _vector(texts[:i] + [text] + texts[i + 1:])))
    if len(names) == 2 and texts[0] != texts[1]:
        wrongs.append(("components_swapped", _vector(texts[::-1])))
    wrongs.append(("sign_error", _vector([number_text(-k) for k in key])))
    answer = _vector(texts)
    where = ", ".join(f"{s} = {v}" for s, v in point.items())
    prompt = (f"Find the gradient ∇f = [{', '.join(f'∂f/∂{n}' for n in names)}] of "
              f"f({', '.join(names)}) = {_shown(f)} at {where}.")
    at = tuple((s.name, str(v)) for s, v in point.items())
    return Fields("vector", prompt, answer, answer, _mistakes(answer, wrongs), f, None, at)


def _vector(texts) -> str:
    return "[" + ", ".join(texts) + "]"


# -- one gradient-descent step ----------------------------------------------------------------


def descent(d: Draw, level: int) -> Fields:
    """w after one update w ← w − η·L′(w): 1: L a shifted parabola; 2: L a squared polynomial."""
    from sympy import Rational, Symbol

    if level == 1:
        loss = join(term(d.int(1, 5), f"(w - {d.signed(12)})^2".replace("- -", "+ ")),
                    str(d.int(0, 12, zero=True)))
        start, lr = d.int(-6, 6), d.choice(RATES)
    else:
        inner = join(term(d.signed(4), "w^2"), term(d.signed(6), "w"), str(d.signed(9)))
        loss = f"({inner})^2"
        start, lr = d.int(-3, 3), d.choice(SMALL_RATES)
    w = Symbol("w")
    expr = _parse(loss)
    eta = Rational(lr)
    step = _derivative(expr, w)
    slope = _at(step.result, {w: Rational(start)})
    if slope == 0:
        raise IllPosed("the slope is 0 at the start: no step")
    if abs(eta * slope) > 50:
        raise IllPosed("the step is far too large to make sense")
    answer = number_text(start - eta * slope)
    wrongs = [("descent_step_uphill", start + eta * slope), ("learning_rate_missing", start - slope),
              ("slope_not_weight", -eta * slope)]
    wrongs += [(label, start - eta * _at(wrong, {w: Rational(start)}))
               for label, wrong in _wrong_slopes(expr, w, step)]
    prompt = (f"Gradient descent on L(w) = {_shown(loss)}, starting at w = {start} with learning "
              f"rate η = {lr}: what is w after one update w ← w − η·L′(w)?")
    return Fields("value", prompt, answer, answer, _mistakes(answer, _safe(wrongs)), loss, "w",
                  (("w", str(start)),), lr)


# -- a local derivative of w → z → ŷ → L ------------------------------------------------------


def backprop(d: Draw, level: int) -> Fields:
    """In z = w·x + b, ŷ = act(z), L = c(ŷ − y)²: 1: ∂L/∂ŷ; 2: ∂ŷ/∂w; 3: ∂L/∂w, all at numbers."""
    from sympy import Symbol

    act = d.choice(tuple(ACTIVATIONS))
    w0, x0, b0 = d.tenths(-20, 20), d.choice(("-3", "-2", "-1.5", "-1", "-0.5", "0.5", "1", "1.5", "2", "3")), \
        d.tenths(-10, 10, zero=True)
    y0, c = d.choice(("0", "1", "-1", "0.5")), d.choice(tuple(LOSSES))
    z_text = f"{x0}*w + {b0}".replace("+ -", "- ")
    yhat_text = ACTIVATIONS[act].replace("z", f"({z_text})")
    loss_of = f"{c}*({{}} - {y0})^2".replace("- -", "+ ")
    w, yhat = Symbol("w"), Symbol("yhat")
    if level == 1:
        forward = _at(_parse(yhat_text), {w: _parse(w0)})
        target, var, point, asked = loss_of.format("yhat"), yhat, {yhat: forward}, "∂L/∂ŷ"
    elif level == 2:
        target, var, point, asked = yhat_text, w, {w: _parse(w0)}, "∂ŷ/∂w"
    else:
        target, var, point, asked = loss_of.format(yhat_text), w, {w: _parse(w0)}, "∂L/∂w"
    expr = _parse(target, names=("yhat",))
    step = _derivative(expr, var)
    value = _at(step.result, point)
    answer = number_text(value)
    wrongs = [(label, _at(wrong, point)) for label, wrong in _wrong_slopes(expr, var, step)]
    shown_act = "σ(z)" if act == "σ" else "tanh(z)"
    prompt = (f"A neuron: z = w·x + b, ŷ = {shown_act}, L = {LOSSES[c]}. "
              f"At w = {w0}, x = {x0}, b = {b0}, y = {y0}, what is {asked}?")
    if not value.is_Rational:
        prompt += " (3 significant figures are enough.)"
    at = (("w", w0), ("x", x0), ("b", b0), ("y", y0))
    if level == 1:
        at += (("yhat", exact_text(point[yhat])),)
    # The network as definitions, output first (for the `chain` printout); ∂ŷ/∂w starts at ŷ.
    definitions = (f"L = {_loss(c)}", f"yhat = {ACTIVATIONS[act]}", "z = x*w + b")
    return Fields("value", prompt, exact_text(value), answer, _mistakes(answer, _safe(wrongs)),
                  target, var.name, at, None, definitions[1:] if level == 2 else definitions)


def _loss(c: str) -> str:
    """L as a definition of ŷ and y, for the chain printout: "0.5*(yhat - y)^2"."""
    return "(yhat - y)^2" if c == "1" else f"{c}*(yhat - y)^2"


#: skill -> (template, number of levels), for the applied skills.
APPLIED = {
    "limit-definition": (limit_definition, 2),
    "gradient": (gradient, 2),
    "descent": (descent, 2),
    "backprop": (backprop, 3),
}
