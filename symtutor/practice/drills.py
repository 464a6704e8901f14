"""Templates of the differentiation-rule skills: a derivative to work out, as text.

Each function takes a `Draw` and a level and returns ``(problem, wrt)``: the
expression as a learner would type it and the variable. The generator computes the
key with the engine and the likely mistakes with the mal-rules, and redraws when the
exercise is ill-posed. Levels grow in difficulty (see `LEVELS`).
"""

from __future__ import annotations

from collections.abc import Callable

from symtutor.practice.text import Draw, group, join, linear, power, term

#: The functions a template may wrap, as typed: name -> format with {0} for the argument.
FUNCTIONS = {"sin": "sin({0})", "cos": "cos({0})", "exp": "e^({0})", "ln": "ln({0})"}


def _not_square(k: int) -> int:
    """k, or k + 1 when k is a perfect square: √k must stay a root (√16 would read as 4,
    and the exercise would lose the constant that looks like a function)."""
    from math import isqrt

    return k + 1 if isqrt(k) ** 2 == k else k


def _fn(name: str, arg: str) -> str:
    """sin(x), e^x (e^(3x) for a longer argument), ln(x)."""
    if name == "exp" and arg.isalpha():
        return f"e^{arg}"
    return FUNCTIONS[name].format(arg)


def power_rule(d: Draw, level: int) -> tuple[str, str]:
    """1: a·xⁿ + b·xᵐ; 2: a negative exponent (a/xⁿ); 3: roots and fractional exponents."""
    v = d.letter()
    if level == 1:
        n, m = sorted(d.sample(range(2, 13), 2), reverse=True)
        return join(term(d.signed(12), power(v, n)), term(d.signed(12), power(v, m))), v
    if level == 2:
        n, m = d.int(1, 6), d.int(2, 9)
        a, b = d.signed(12), d.signed(12)
        first = f"{a}/{power(v, n)}" if d.choice((True, False)) else term(a, power(v, -n))
        return join(term(b, power(v, m)), first), v
    p, q = d.fraction(9, 5)
    root = term(d.signed(12), f"sqrt({v})")
    return join(root, term(d.signed(12), f"{v}^({p}/{q})")), v


def constant_rule(d: Draw, level: int) -> tuple[str, str]:
    """1: a·x + c; 2: a·xⁿ plus constants that look like functions (ln 5, √7, e³, π)."""
    v = d.letter()
    if level == 1:
        return join(term(d.signed(20, one=False), v), str(d.signed(99))), v
    k = d.int(2, 20)
    const = d.choice((f"ln({k})", f"sqrt({_not_square(k)})", f"e^{k}", f"{k}pi"))
    terms = [term(d.signed(12), power(v, d.int(2, 9))), const, str(d.signed(50))]
    return join(*d.sample(terms, 3)), v


def constant_multiple_rule(d: Draw, level: int) -> tuple[str, str]:
    """1: a fraction times xⁿ; 2: a constant such as 2π or 5·ln 3 times xⁿ or a function."""
    v = d.letter()
    if level == 1:
        p, q = d.fraction(20, 12)
        n = d.int(2, 15)
        if d.choice((True, False)):
            return f"({p}/{q}){power(v, n)}", v
        return f"{term(p, power(v, n))}/{q}", v
    k = d.int(2, 12)
    const = d.choice((f"{k}pi", f"ln({k})", f"e^{k}", f"sqrt({_not_square(k)})"))
    body = d.choice((power(v, d.int(2, 9)), _fn(d.choice(("sin", "cos", "exp")), v)))
    return f"{term(d.signed(12), const)} {body}", v


def sum_rule(d: Draw, level: int) -> tuple[str, str]:
    """1: a polynomial of four terms; 2: three of sin, eˣ, ln, xⁿ with coefficients."""
    v = d.letter()
    if level == 1:
        n, m = sorted(d.sample(range(2, 10), 2), reverse=True)
        return join(term(d.signed(9), power(v, n)), term(d.signed(9), power(v, m)),
                    term(d.signed(12), v), str(d.int(-20, 20, zero=True))), v
    pool = [_fn(name, v) for name in ("sin", "cos", "exp", "ln")] + [power(v, d.int(2, 9))]
    return join(*(term(d.signed(9), body) for body in d.sample(pool, 3))), v


def log_rule(d: Draw, level: int) -> tuple[str, str]:
    """1: a·ln x + b·xⁿ; 2: ln(kx) (= ln k + ln x) or a logarithm to another base."""
    v = d.letter()
    rest = term(d.signed(12), power(v, d.int(2, 9)))
    if level == 1:
        return join(term(d.signed(12), f"ln({v})"), rest), v
    k = d.int(2, 10)
    log = d.choice((f"ln({k}{v})", f"log({v}, {k})"))
    return join(term(d.signed(12), log), rest), v


def exp_rule(d: Draw, level: int) -> tuple[str, str]:
    """1: a·eˣ + b·xⁿ; 2: a·kˣ (the factor ln k) with b·eˣ."""
    v = d.letter()
    if level == 1:
        return join(term(d.signed(12), f"e^{v}"), term(d.signed(12), power(v, d.int(2, 9)))), v
    k = d.int(2, 12)
    terms = [term(d.signed(12), f"{k}^{v}"), term(d.signed(12), f"e^{v}")]
    return join(*d.sample(terms, 2)), v


def trig_rule(d: Draw, level: int) -> tuple[str, str]:
    """1: a·sin x + b·cos x + c·x; 2: with tan x as well."""
    v = d.letter()
    if level == 1:
        terms = [term(d.signed(12), f"sin({v})"), term(d.signed(12), f"cos({v})"), term(d.signed(12), v)]
    else:
        terms = [term(d.signed(9), f"tan({v})"), term(d.signed(12), f"sin({v})"),
                 term(d.signed(12), f"cos({v})")]
    return join(*d.sample(terms, 3)), v


def _outer(d: Draw, inner: str, v: str, positive: bool = False) -> str:
    """c·f(inner) for a random outer f: a power, sin, cos, e^, ln or √ (ln and √ only when
    `positive`, so the exercise has a domain to sample)."""
    c = d.signed(9)
    names = ["pow", "sin", "cos", "exp"] + (["ln", "sqrt"] if positive else [])
    name = d.choice(names)
    if name == "pow":
        return term(c, f"({inner})^{d.int(2, 9)}")
    if name == "sqrt":
        return term(c, f"sqrt({inner})")
    return term(c, _fn(name, inner))


def chain_rule(d: Draw, level: int) -> tuple[str, str]:
    """1: a linear inner function; 2: a polynomial inner function; 3: nested twice."""
    v = d.letter()
    if level == 1:
        return _outer(d, linear(d.signed(9, one=False), v, d.signed(12)), v, positive=True), v
    if level == 2:
        a, b = d.int(1, 9), d.int(1, 12)
        if d.choice((True, False)):
            inner = join(term(a, power(v, 2)), str(b))  # positive everywhere: ln and √ are safe
            return _outer(d, inner, v, positive=True), v
        inner = join(term(d.signed(9), power(v, d.int(2, 4))), term(d.signed(9), v), str(d.signed(12)))
        return _outer(d, inner, v), v
    a, b, n = d.signed(9, one=False), d.signed(12), d.int(2, 6)
    lin = linear(a, v, b)
    middle = d.choice((f"({lin})^{n}", f"sin({lin})", f"cos({lin})", f"e^({lin})"))
    c = d.signed(9)
    # A power of a power is one power: only sin, cos and e^ go around (3x + 1)ⁿ.
    outer = d.choice(("sin", "cos", "exp") if middle.startswith("(") else ("sin", "cos", "exp", "pow"))
    if outer == "pow":
        return term(c, f"({middle})^{d.int(2, 5)}"), v
    return term(c, _fn(outer, middle)), v


def product_rule(d: Draw, level: int) -> tuple[str, str]:
    """1: (a·xⁿ + b)·f(x); 2: f(ax)·g(bx); 3: three factors, xⁿ·f(ax)·g(bx) with a, b ≤ 3."""
    v = d.letter()
    names = ("sin", "cos", "exp", "ln")
    if level == 1:
        poly = join(term(d.signed(12), power(v, d.int(1, 9))), str(d.signed(12)))
        return f"({poly}){_fn(d.choice(names), v)}", v
    if level == 2:
        f, g = d.sample(("sin", "cos", "exp"), 2)
        c = d.signed(9)
        return term(c, f"{_fn(f, term(d.signed(9), v))}{_fn(g, term(d.signed(9), v))}"), v
    f, g = d.sample(names, 2)
    # f(av)·g(bv) with a, b in 1..3: the chain rule inside one factor now and then.
    args = [term(d.choice((1, 1, 2, 3)), v) for _ in range(2)]
    return term(d.signed(9), f"{power(v, d.int(1, 6))}{_fn(f, args[0])}{_fn(g, args[1])}"), v


def quotient_rule(d: Draw, level: int) -> tuple[str, str]:
    """1: (ax + b)/(cx + d); 2: a polynomial or function over a quadratic or a power."""
    v = d.letter()
    if level == 1:
        while True:
            a, b, c, e = d.signed(9), d.signed(12), d.signed(9), d.signed(12)
            if a * e - b * c:
                return f"({linear(a, v, b)})/({linear(c, v, e)})", v
    top = d.choice((join(term(d.signed(9), power(v, d.int(1, 4))), str(d.signed(12))),
                    term(d.signed(9), _fn(d.choice(("sin", "cos", "exp")), v))))
    bottom = d.choice((join(power(v, 2), str(d.int(1, 12))), power(v, d.int(2, 5)),
                       linear(d.signed(9), v, d.signed(12))))
    return f"{group(top)}/({bottom})", v


def partial_rule(d: Draw, level: int) -> tuple[str, str]:
    """1: a polynomial in two variables; 2: with eˣʸ-like factors, sin and ln."""
    x, y = d.pair()
    wrt = d.choice((x, y))
    if level == 1:
        mixed = term(d.signed(9), f"{power(x, d.int(1, 5))}{power(y, d.int(1, 5))}")
        return join(mixed, term(d.signed(9), power(x, d.int(2, 6))), term(d.signed(9), power(y, d.int(2, 6)))), wrt
    a, b = d.signed(5), d.signed(9)
    mixed = d.choice((f"{power(x, d.int(1, 4))}e^({term(a, y)})", f"sin({term(a, x)}{y})",
                      f"{power(y, d.int(1, 4))}ln({x})", f"{power(x, d.int(1, 4))}cos({term(a, y)})"))
    other = term(d.signed(9), power(d.choice((x, y)), d.int(2, 6)))
    return join(term(b, mixed), other), wrt


#: skill -> (template, number of levels), for the skills whose answer is a derivative.
DRILLS: dict[str, tuple[Callable[[Draw, int], tuple[str, str]], int]] = {
    "power": (power_rule, 3),
    "log": (log_rule, 2),
    "constant": (constant_rule, 2),
    "constant-multiple": (constant_multiple_rule, 2),
    "sum": (sum_rule, 2),
    "chain": (chain_rule, 3),
    "product": (product_rule, 3),
    "quotient": (quotient_rule, 2),
    "exp": (exp_rule, 2),
    "trig": (trig_rule, 2),
    "partial": (partial_rule, 2),
}


#: skill -> the misconception its exercises exist to catch: an exercise where that
#: mal-rule gives the right answer (or does not apply) is ill-posed and redrawn.
SIGNATURES = {
    "power": "power_rule_exponent_not_reduced",
    "chain": "chain_rule_inner_missing",
    "product": "product_of_derivatives",
    "quotient": "quotient_rule_denominator_not_squared",
    "partial": "partial_other_variable_not_constant",
}
