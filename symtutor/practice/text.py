"""Writing generated problems as the text a learner would type.

Generators draw numbers and write them into templates with these helpers; the text
is then read back by `symtutor.read.parsing` like any learner's input (the numbers
come from `random.Random`, never from a user, so nothing untrusted is evaluated).
"""

from __future__ import annotations

import math
import random

#: Letters a one-variable exercise may use. Not e (Euler's number), i, h (the limit
#: increment) or w (the `w` command at the practice prompt).
LETTERS = ("x", "t", "u", "z", "s", "r", "v", "y")
#: Pairs of letters for functions of two variables.
PAIRS = (("x", "y"), ("s", "t"), ("u", "v"))


class IllPosed(Exception):
    """A draw that makes a bad exercise (redrawn by the generator); the message says why."""


class Draw:
    """The random choices of one exercise, all from one `random.Random(seed)`."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)

    def int(self, lo: int, hi: int, *, zero: bool = False, one: bool = True) -> int:
        """An integer in [lo, hi]; never 0 unless `zero`; never ±1 unless `one`."""
        while True:
            n = self.rng.randint(lo, hi)
            if (n or zero) and (one or abs(n) != 1):
                return n

    def signed(self, hi: int, *, one: bool = True) -> int:
        """A non-zero integer in [−hi, hi]."""
        return self.int(-hi, hi, one=one)

    def choice(self, items):
        return self.rng.choice(items)

    def sample(self, items, k: int):
        return self.rng.sample(list(items), k)

    def letter(self) -> str:
        return self.rng.choice(LETTERS)

    def pair(self) -> tuple[str, str]:
        return self.rng.choice(PAIRS)

    def fraction(self, hi_p: int, hi_q: int) -> tuple[int, int]:
        """p/q in lowest terms, q ≥ 2."""
        while True:
            p, q = self.signed(hi_p), self.int(2, hi_q)
            if math.gcd(p, q) == 1:
                return p, q

    def tenths(self, lo: int, hi: int, *, zero: bool = False) -> str:
        """A one-decimal number lo/10 .. hi/10 as text ("-1.3", "0.5", "2")."""
        return decimal(self.int(lo, hi, zero=zero), 10)


def decimal(numerator: int, denominator: int) -> str:
    """numerator/denominator (a power of ten) as decimal text: (−13, 10) -> "-1.3"."""
    if numerator % denominator == 0:
        return str(numerator // denominator)
    sign = "-" if numerator < 0 else ""
    digits = len(str(denominator)) - 1
    whole, frac = divmod(abs(numerator), denominator)
    return f"{sign}{whole}.{str(frac).rjust(digits, '0').rstrip('0')}"


def term(coef: int, body: str = "") -> str:
    """coef·body as typed: (3, "x^2") -> "3x^2", (−1, "x") -> "-x", (5, "") -> "5", (4, "2pi") -> "4*2pi"."""
    if not body:
        return str(coef)
    if coef == 1:
        return body
    if coef == -1:
        return "-" + body
    # 4·11^u must not read as 411^u.
    return f"{coef}*{body}" if body[0].isdigit() else f"{coef}{body}"


def power(letter: str, n: int) -> str:
    """x, x^5 or x^(−2)."""
    if n == 1:
        return letter
    return f"{letter}^{n}" if n > 0 else f"{letter}^({n})"


def join(*terms: str) -> str:
    """Terms joined into a sum as typed: ("3x^2", "-5", "x") -> "3x^2 - 5 + x"."""
    out = ""
    for t in terms:
        if not t:
            continue
        if not out:
            out = t
        elif t.startswith("-"):
            out += " - " + t[1:]
        else:
            out += " + " + t
    return out or "0"


def linear(a: int, letter: str, b: int) -> str:
    """a·x + b as typed ("3x - 2"); b may be 0."""
    return join(term(a, letter), str(b) if b else "")


def group(text: str) -> str:
    """`text` in brackets when it is a sum (for a factor or a base)."""
    inner = text[1:] if text.startswith("-") else text
    return f"({text})" if (" + " in inner or " - " in inner) else text
