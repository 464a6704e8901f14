"""Read mathematics typed by a learner, safely: the only place text becomes SymPy.

Nothing here evaluates the text (no ``eval``, ``sympify`` or ``parse_expr``). A small
lexer (`symtutor.read.lexer`) turns the text into tokens from a fixed vocabulary, and a
recursive-descent parser builds SymPy objects directly from them. Sizes are bounded
*before* anything is built: the input length, the nesting depth, the digits in a
number, the size of a power of numbers (``9^9^9``), factorials (``(10^7)!``), and
scientific notation (``1e999999``). Exponents are at most 1000, except whole exponents
of a base holding a letter (``(x − a)^6000``, up to 100,000), which build no number
unless the base has a numeric factor (``(2x)^6000`` is refused: 2^6000). Every refusal
is an `InputError` with one line.

How text is read (the choices a teacher would make):

* ``x^2``, ``x**2`` and ``x²`` are powers; ``2^3^2`` is 2^(3^2); ``-x^2`` is -(x²);
  the exponent is one factor, so ``e^-2x`` is e^(-2)·x and ``x^1/2`` is x/2 (write
  ``e^(-2x)`` and ``x^(1/2)``).
* Juxtaposition multiplies: ``2x``, ``3xy`` (3·x·y), ``3(x+1)``, ``(x+1)(x-1)``,
  ``x(x+1)``. Written *without a space* it binds tighter than ``/``, as WeBWorK and
  physics texts read it: ``1/2x`` is 1/(2x). With a space it is ordinary
  multiplication, left to right: ``1/2 x`` is x/2.
* Multi-letter words split into one-letter variables (``xy`` is x·y, ``abc`` is a·b·c)
  unless they are a function name (``sinx`` is sin(x), ``xsinx`` is x·sin(x)), a Greek
  letter name (``eta``, ``theta``), a name with digits or an underscore (``w1``, ``x_2``,
  both x_2 and x₂ are the symbol ``x2``), a letter with a hat (``yhat``, ``y_hat``,
  ``ŷ`` are the symbol ``yhat``), or a name given in `names`. Letters glued to ``(``
  that make no known function are refused (``foo(x)``: unknown function).
* Every name of a function comes from `symtutor.notation.registry`: ``arcsin``/``asin``,
  ``arsinh``/``arcsinh``/``asinh``, ``cosec``, ``cosech``, ``arctg``, ``ln``/``log``, ...
  The short spellings ``sh``, ``ch``, ``th``, ``cth``, ``tg`` and ``ctg`` (sinh, cosh,
  tanh, coth, tan, cot, as many European textbooks write them) are read as functions
  *only* when the two or three letters stand alone and are glued to ``(``: ``sh(x)`` is
  sinh(x), but ``shx``, ``sh x``, ``sh (x)``, ``sh^2`` and ``2tg`` stay products of
  letters (s·h·x, ..., 2·t·g), since s·h and t·g are ordinary products in physics
  formulas. Glued to ``(`` they were refused before ("unknown function"), so no
  reading changed; a context name ``sh`` still wins, and ``xsh(x)`` is still refused.
* A function without parentheses takes the following tight product (no spaces):
  ``sin x cos x`` is sin(x)·cos(x), ``sin 2x`` is sin(2x), ``sin x^2`` is sin(x²),
  ``ln x + 1`` is ln(x) + 1, ``2 sin x cos x`` is 2·sin(x)·cos(x), and ``sinxcosx`` is
  sin(x)·cos(x) (a function name ends the previous argument). With parentheses the
  argument is what they hold, and a power after them applies to the value:
  ``sin(x)^2`` is sin(x)².
* ``sin^2 x`` and ``sin²x`` are sin(x)²; ``sin^-1 x`` and ``tan⁻¹x`` are the inverse
  functions arcsin(x), arctan(x), as teachers mean them (for trig and hyperbolic
  functions only; ``ln^-1 x`` is 1/ln(x)).
* ``e`` is Euler's number and ``pi``/``π`` is π. ``E``, ``I``, ``N``, ``S``, ``Q`` are
  plain symbols. ``ln`` and ``log`` are the natural logarithm; ``log(x, 10)``,
  ``log10(x)``, ``log2(x)`` and a subscript base, ``log_8(x)``, ``log_{8} x``, ``log₈(x)``,
  have bases (``log8(x)``, digits glued on, is ln(8x), as ``sin2x`` is sin(2x)). ``σ(z)`` and ``sigmoid(z)`` are the sigmoid; the
  name ``sigma`` (or ``σ`` without a parenthesis) is a symbol.
* ``√x`` takes the next power: ``√x^2`` is √(x²) and ``√2x`` is √2·x.
* Decimals are exact: ``0.5`` is 1/2 and ``2.808`` is 351/125; ``1e-3`` is 1/1000
  (scientific notation wins over e: ``2e3`` is 2000, ``2e^3`` is 2·e³). ``5!`` is 120
  (factorials of whole numbers only).
* ``[ ]`` and ``{ }`` group like ``( )``; ``|x|`` is the absolute value. A single letter
  before ``(`` multiplies: ``x(x+1)``, and ``f(x)`` is f·x.
* Products fold left to right exactly as Python evaluates the same text written with
  ``*``, so ``parse("2(x+1)") == 2*(x + 1)`` (SymPy distributes that to 2x + 2).
* Results that are not real numbers (``sqrt(-9)``, ``ln(-1)``, ``arcsin(2)``) or
  undefined (``1/0``, ``ln 0``) are refused; numeric values are checked in floating point
  first, so ``sinh(sinh(sinh(15)))`` is refused at once instead of computed digit by digit.
* A function of a function (``sin(cos x)``) or of an argument holding a large power
  (``ln(sinh(x^109))``) is kept as written, without SymPy's automatic simplification,
  which can take seconds on such input; so ``sin(asin(cos x))`` stays as typed.
* Anything SymPy itself fails to build becomes a one-line `InputError`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable
from fractions import Fraction

from sympy import Abs, Add, E, Expr, Function, Integer, Max, Min, Mul, Pow, Rational, S, Symbol, exp, factorial, im, log, pi, re

from symtutor.read.lexer import CONSTANTS, FUNCTIONS, Token, canonical_name, check_text, column, tokenize
from symtutor.errors import InputError
from symtutor.notation import registry

__all__ = [
    "InputError",
    "parse",
    "parse_answer",
    "parse_vector",
    "parse_number",
    "parse_definition",
    "parse_point",
    "parse_symbol",
    "parse_step",
    "MAX_DEPTH",
    "MAX_EXPONENT",
    "MAX_BITS",
    "MAX_FACTORIAL",
]

#: Deepest nesting of brackets, powers and function arguments.
MAX_DEPTH = 40
#: Largest exponent magnitude of a power whose base is not 0, 1 or -1.
MAX_EXPONENT = 1000
#: Largest whole exponent of a base that holds a letter: ``(x − a)^6000`` builds no
#: number (SymPy keeps the power as it is), so only the bound on numbers that such a
#: power multiplies out applies (``(2x)^6000`` is 2^6000·x^6000: refused by MAX_BITS).
MAX_SYMBOLIC_EXPONENT = 100_000
#: Largest number built, in bits (about 1,000 decimal digits).
MAX_BITS = 3400
#: Largest n for n!.
MAX_FACTORIAL = 500
#: Time budget for building one expression, in seconds. SymPy evaluates some numeric
#: parts as it builds them (|√2 + √3 − √(5 + 2√6)| is 0); each such step is bounded,
#: and this caps how many an input can chain together. It is CPU time of the reading
#: thread (`time.thread_time`), so a busy machine does not refuse ordinary input.
MAX_SECONDS = 0.5
# SymPy imports more of itself the first time it adds two terms (0.15–0.4 s on a busy
# machine); do that now, so the first expression's budget measures arithmetic, not imports.
Symbol("x") + 1

#: f^-1 means the inverse function for these (sin^-1 x = arcsin x).
_INVERSES = registry.INVERSES
#: Where each function is real: a test on the argument's value, and what to say otherwise.
_DOMAINS = registry.DOMAINS

_ATOM_START = frozenset(("num", "name", "const", "func", "open", "bar", "root", "deriv"))


def _names(names: Iterable[str]) -> frozenset[str]:
    """Context names as the lexer spells them: "y_hat" and "ŷ" -> "yhat", "x_2" -> "x2"."""
    if isinstance(names, str):
        names = (names,)
    out = set()
    for raw in names:
        name = str(getattr(raw, "name", raw)).strip()  # Symbols are welcome too
        if not name:
            continue
        out.add(canonical_name(name) or name)
    return frozenset(out)


# --------------------------------------------------------------------------- bounds


def _bits(expr: Expr) -> float:
    """A cheap upper estimate of the bits SymPy would multiply out when raising `expr` to a power.

    Rationals, radicals of them and their products are multiplied out ((2√3)^n is
    2^n·3^(n/2)); sums and functions (π + 1, sin(1)) stay symbolic, so count as one.
    """
    if expr.is_Rational:
        return max(int(expr.p).bit_length(), int(expr.q).bit_length())
    if expr.is_Pow:
        b, e = expr.args
        if e.is_Rational:
            return _bits(b) * max(1, abs(float(e))) + 1
        return 1
    if expr.is_Mul:
        return sum(_bits(a) for a in expr.args) + 1
    return 1


def _numeric_factor(base: Expr) -> Expr:
    """The number SymPy multiplies out when it raises `base` to a whole power.

    (2x)^n is 2^n·x^n; the sign goes into (−1)^n, which is no size. A sum, a function
    or a power of a letter is kept as it is (S.One: nothing is built).
    """
    if not base.is_Mul:
        return S.One
    factor = Mul(*[a for a in base.args if a.is_number])
    return -factor if factor.could_extract_minus_sign() else factor


_INFINITIES = (S.Infinity, S.NegativeInfinity, S.ComplexInfinity, S.NaN)


def _check_number(value: Expr, pos: int) -> Expr:
    if value.is_Rational and _bits(value) > MAX_BITS:
        raise InputError(f"number too large (over about 1,000 digits) ({column(pos)})")
    return value


def _power(base: Expr, exponent: Expr, pos: int) -> Expr:
    """base**exponent, refused before building when the result would explode."""
    trivial = base.is_Number and base in (S.Zero, S.One, S.NegativeOne)
    if not trivial and exponent.is_number:
        if exponent.is_Rational:
            size = abs(Fraction(int(exponent.p), int(exponent.q)))
        else:
            # A numeric exponent like 3*sqrt(2): its size decides the result's size.
            try:
                size = abs(_approx(exponent))
            except (_TooLarge, ValueError, ZeroDivisionError, OverflowError):
                size = math.inf
        symbolic = exponent.is_Integer and not base.is_number
        limit = MAX_SYMBOLIC_EXPONENT if symbolic else MAX_EXPONENT
        if size > limit:
            raise InputError(f"exponent too large (over {limit}) ({column(pos)})")
        numeric = _numeric_factor(base) if symbolic and size > MAX_EXPONENT else base
        if numeric.is_number and numeric != 1 and _bits(numeric) * max(1, size) > MAX_BITS:
            raise InputError(
                f"number too large: that power has over about 1,000 digits ({column(pos)})"
            )
    if base.is_number and exponent.is_number and not exponent.is_Integer:
        value = _real_value(base, "power", pos)
        if value is not None and value < 0:
            hint = f"; for the real cube root write -({_short(-base)})^(1/3)" if exponent == Rational(1, 3) else ""
            raise InputError(
                f"({_short(base)})^({_short(exponent)}) is not a real number: "
                f"a negative number to a fractional power ({column(pos)}){hint}"
            )
    if base == S.Zero and exponent.is_number and exponent.is_negative:
        raise InputError(f"division by zero: 0 to a negative power ({column(pos)})")
    if not exponent.is_Integer and (_deep(base) or _deep(exponent)):
        # As for functions (see _Parser.apply): SymPy's evaluation of powers of nested
        # functions can take seconds; they stay as written.
        if base is S.Exp1:
            return exp(exponent, evaluate=False)
        return Pow(base, exponent, evaluate=False)
    if exponent.is_Integer and base.is_Add and not base.is_number and not base.has(*_INFINITIES):
        # SymPy would only ask each term whether it is infinite (about 0.5 ms of
        # assumption queries) and then build exactly this; see test_sum_powers_match_sympy.
        return Pow(base, exponent, evaluate=False)
    return Pow(base, exponent)


# --------------------------------------------------------------------------- parser


class _Parser:
    """Recursive descent over the tokens; each method is one level of the grammar.

    sum    := term (('+' | '-') term)*
    term   := unary (('*' | '/') unary | <space> tight)*      (loose product, left to right)
    unary  := ('-' | '+')* tight
    tight  := power (<no space> power)*                       (2x, 3xy, (x+1)(x-1))
    power  := postfix ('^' exponent)?                         (right associative)
    postfix:= atom (superscript | '!')*
    atom   := number | name | constant | function | ( sum ) | [ sum ] | { sum } | | sum | | √ power
    """

    def __init__(self, tokens: list[Token], as_written: bool = False, var: Symbol | None = None):
        self.tokens = tokens
        # The variable of a derivation line (parse_step): a prime (...)' differentiates by it.
        self.var = var
        # Keep 2(3x + 1) and −(x + 1) as products instead of letting SymPy distribute
        # them: for echoing an answer the way it was typed, never for computing with it.
        self.as_written = as_written
        self.deadline = time.thread_time() + MAX_SECONDS
        self.i = 0
        self.depth = 0
        self.bars = 0  # open |...| groups: inside one, '|' in operator position closes it

    # -- helpers
    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def advance(self) -> Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def is_op(self, *ops: str) -> bool:
        tok = self.tokens[self.i]
        return tok.kind == "op" and tok.value in ops

    def in_time(self) -> None:
        if time.thread_time() > self.deadline:
            raise InputError(f"expression too costly to read (over {MAX_SECONDS} s of arithmetic)")

    def enter(self, pos: int) -> None:
        self.in_time()
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise InputError(f"expression nested too deeply (over {MAX_DEPTH} levels) ({column(pos)})")

    def starts_atom(self, tok: Token, operand: bool = False) -> bool:
        """Can `tok` begin a factor? After an operator (operand=True) '|' always opens an
        absolute value; after a factor it opens one only outside every |...| group."""
        if tok.kind == "bar":
            return operand or self.bars == 0
        return tok.kind in _ATOM_START

    def fail_here(self) -> None:
        tok = self.tok
        if tok.kind == "end":
            prev = self.tokens[self.i - 1] if self.i else None
            if prev is not None and prev.kind in ("op", "open", "bar", "root", "func"):
                raise InputError(f"the expression ends too soon: something is missing after '{_show(prev)}'")
            raise InputError("the expression ends too soon")
        if tok.kind == "close":
            raise InputError(f"unexpected '{tok.value}' ({column(tok.pos)})")
        if tok.kind == "op" and tok.value == ",":
            raise InputError(f"unexpected ',' ({column(tok.pos)}): a list of values is only read as an answer")
        raise InputError(f"unexpected '{_show(tok)}' ({column(tok.pos)})")

    # -- grammar
    def parse_all(self) -> Expr:
        try:
            expr = self.sum()
        except InputError:
            raise
        except (AttributeError, TypeError, ValueError, ArithmeticError, RecursionError, MemoryError) as exc:
            # SymPy's own evaluation can fail on odd but harmless-looking input (a missing
            # method deep in its assumptions, say); the learner gets one line, not a traceback.
            raise InputError(
                f"SymPy could not build this expression ({type(exc).__name__}); try writing it more simply"
            ) from exc
        if self.tok.kind != "end":
            self.fail_here()
        return expr

    def sum(self) -> Expr:
        terms = [self.term()]
        while self.is_op("+", "-"):
            op = self.advance()
            self.in_time()
            term = self.term()
            terms.append(term if op.value == "+" else -term)
        if len(terms) == 1:
            return terms[0]
        return _check_number(Add(*terms), self.tok.pos)

    def term(self) -> Expr:
        # Folded left to right with binary * and /, exactly as Python evaluates the same
        # text written with * and / (SymPy distributes 2*(x + 1) but not 2*y*(x + 1)).
        value = self.unary()
        while True:
            tok = self.tok
            if tok.kind == "op" and tok.value == "*":
                self.advance()
                value = _check_number(self.times(value, self.unary()), tok.pos)
            elif tok.kind == "op" and tok.value == "/":
                self.advance()
                denominator = self.unary()
                if denominator == S.Zero:
                    raise InputError(f"division by zero ({column(tok.pos)})")
                value = _check_number(Mul(value, _power(denominator, S.NegativeOne, tok.pos)), tok.pos)
            elif tok.space and self.starts_atom(tok):
                if tok.kind == "num" and self.tokens[self.i - 1].kind in ("num", "sup"):
                    raise InputError(f"a number right after another number ({column(tok.pos)}); put * between them")
                value = _check_number(self.times(value, self.tight()), tok.pos)
            else:
                return value

    def signs(self) -> bool:
        """Read the + and − signs before an operand; True when they make a minus."""
        negative = False
        while self.is_op("-", "+"):
            if self.advance().value == "-":
                negative = not negative
        if not self.starts_atom(self.tok, operand=True):
            self.fail_here()
        return negative

    def unary(self) -> Expr:
        negative = self.signs()
        value = self.tight()
        if not negative:
            return value
        if self.as_written and value.is_Add:
            return Mul(S.NegativeOne, value, evaluate=False)
        return -value

    def times(self, left: Expr, right: Expr) -> Expr:
        """left·right, as Python's * would build it (or kept whole in as-written mode)."""
        if self.as_written and (
            (left.is_Number and right.is_Add) or (right.is_Number and left.is_Add)
        ):
            return Mul(left, right, evaluate=False)
        return left * right

    def tight(self, in_argument: bool = False) -> Expr:
        value = self.power()
        while True:
            tok = self.tok
            if tok.space or not self.starts_atom(tok):
                break
            if in_argument and tok.kind == "func":
                break  # sinxcosx: the next function starts a new factor
            prev = self.tokens[self.i - 1]
            if tok.kind == "num" and prev.kind in ("num", "sup"):
                raise InputError(f"a number right after another number ({column(tok.pos)}); put * between them")
            value = _check_number(self.times(value, self.power()), tok.pos)
        return value

    def power(self) -> Expr:
        base = self.postfix()
        if self.is_op("^"):
            op = self.advance()
            exponent = self.exponent(op)
            return _power(base, exponent, op.pos)
        return base

    def exponent(self, op: Token) -> Expr:
        self.enter(op.pos)
        negative = False
        while self.is_op("-", "+"):
            if self.advance().value == "-":
                negative = not negative
        if not self.starts_atom(self.tok, operand=True):
            self.fail_here()
        value = self.power()
        self.depth -= 1
        return -value if negative else value

    def postfix(self) -> Expr:
        value = self.atom()
        while True:
            tok = self.tok
            if tok.kind == "sup":
                self.advance()
                value = _power(value, Integer(tok.value), tok.pos)
            elif tok.kind == "op" and tok.value == "!":
                self.advance()
                value = _factorial(value, tok.pos)
            elif tok.kind == "prime":
                self.advance()
                value = _derivative(value, self.var, tok.pos)
            else:
                return value

    def atom(self) -> Expr:
        tok = self.tok
        kind = tok.kind
        if kind == "num":
            self.advance()
            value = tok.value
            return Rational(value.numerator, value.denominator)
        if kind == "name":
            self.advance()
            return Symbol(tok.value)
        if kind == "const":
            self.advance()
            return E if tok.value == "e" else pi
        if kind == "func":
            return self.function()
        if kind == "deriv" or (kind == "open" and self._bracketed_operator()):
            return self.derivative()
        if kind == "open":
            self.advance()
            self.enter(tok.pos)
            if self.tok.kind == "close":
                raise InputError(f"empty brackets '{tok.value}{self.tok.value}' ({column(tok.pos)})")
            value = self.sum()
            self.close(tok)
            self.depth -= 1
            return value
        if kind == "bar":
            self.advance()
            self.enter(tok.pos)
            self.bars += 1
            value = self.sum()
            if self.tok.kind != "bar":
                if self.tok.kind == "end":
                    raise InputError(f"'|' opened at {column(tok.pos)} is never closed")
                self.fail_here()
            self.advance()
            self.bars -= 1
            self.depth -= 1
            _check_domain("Abs", value, "abs", tok.pos)
            return _abs(value)
        if kind == "root":
            self.advance()
            self.enter(tok.pos)
            if not self.starts_atom(self.tok, operand=True):
                self.fail_here()
            value = self.power()
            self.depth -= 1
            degree = tok.value
            if degree == 2:
                _check_domain("sqrt", value, "√", tok.pos)
                return _power(value, S.Half, tok.pos)
            return _power(value, Rational(1, degree), tok.pos)
        self.fail_here()
        raise AssertionError("unreachable")

    def _bracketed_operator(self) -> bool:
        """At "(d/dx)": the operator alone in brackets, applied to what follows."""
        ahead = self.tokens[self.i + 1:self.i + 3]
        return (len(ahead) == 2 and ahead[0].kind == "deriv" and ahead[1].kind == "close"
                and ahead[1].value == ")" and self.tok.value == "(")

    def derivative(self) -> Expr:
        """d/dx(...) (with any power on the bracket), d/dx x^2 (the tight product, as sin x^2)
    or (d/dx)(...), unevaluated."""
        bracketed = self.tok.kind == "open"
        if bracketed:
            self.advance()
        tok = self.advance()
        if bracketed:
            self.advance()
        self.enter(tok.pos)
        if self.tok.kind == "open" and self.tok.value == "(":
            # d/dx (3x+1)^2 is the derivative of the square, as a learner means it
            # (unlike sin(x)^2): the argument is the bracket with any power on it.
            arg = self.power()
        elif self.starts_atom(self.tok, operand=True) or (self.is_op("-") and not self.tok.space):
            arg = self.argument()
        else:
            raise InputError(f"d/d{tok.value} needs something to differentiate ({column(tok.pos)})")
        self.depth -= 1
        return _derivative(arg, Symbol(str(tok.value)), tok.pos)

    def close(self, opener: Token) -> None:
        tok = self.tok
        want = {"(": ")", "[": "]", "{": "}"}[opener.value]
        if tok.kind == "close" and tok.value == want:
            self.advance()
            return
        if tok.kind == "close":
            raise InputError(f"'{opener.value}' at {column(opener.pos)} is closed by '{tok.value}' ({column(tok.pos)})")
        if tok.kind == "end":
            raise InputError(f"'{opener.value}' opened at {column(opener.pos)} is never closed")
        self.fail_here()

    def function(self) -> Expr:
        tok = self.advance()
        key = str(tok.value)
        self.enter(tok.pos)
        # sin^2 x, sin²x, sin^-1 x: a power written on the function name.
        fpower = None
        if self.tok.kind == "sup":
            fpower = Integer(self.advance().value)
        elif self.is_op("^"):
            op = self.advance()
            fpower = self.exponent(op)
            if not fpower.is_Rational:
                raise InputError(f"{_name(tok)}^n needs a number n ({column(op.pos)})")
        if fpower is not None and fpower == -1 and key in _INVERSES:
            key, fpower = _INVERSES[key], None
        if self.tok.kind == "open" and self.tok.value == "(":
            opener = self.advance()
            args = self.arguments(tok, opener)
        elif not (self.starts_atom(self.tok, operand=True) or self.is_op("-", "+")):
            raise InputError(f"{_name(tok)} needs an argument ({column(tok.pos)})")
        else:
            args = [self.argument()]
        value = self.apply(tok, key, args)
        self.depth -= 1
        if fpower is not None:
            value = _power(value, fpower, tok.pos)
        return value

    def argument(self) -> Expr:
        negative = self.signs()
        value = self.tight(in_argument=True)
        return -value if negative else value

    def arguments(self, func: Token, opener: Token) -> list[Expr]:
        if self.tok.kind == "close":
            raise InputError(f"{_name(func)}() needs an argument ({column(func.pos)})")
        args = [self.sum()]
        while self.is_op(","):
            self.advance()
            args.append(self.sum())
        self.close(opener)
        return args

    def apply(self, tok: Token, key: str, args: list[Expr]) -> Expr:
        name = _name(tok)
        if key in ("Max", "Min"):
            if len(args) < 2:
                raise InputError(f"{name} needs at least two arguments, like {name}(0, x) ({column(tok.pos)})")
            for arg in args:
                _real_value(arg, name, tok.pos)  # SymPy compares numbers to order them
            if any(_risky(arg) for arg in args):
                return (Max if key == "Max" else Min)(*args, evaluate=False)
            return (Max if key == "Max" else Min)(*args)
        if key == "log":
            if tok.base is not None:
                if len(args) != 1:
                    raise InputError(f"{name} takes one argument ({column(tok.pos)})")
                args.append(_log_base(str(tok.base)))
            if len(args) > 2:
                raise InputError(f"{name} takes one argument, or two: log(x, base) ({column(tok.pos)})")
            if len(args) == 2:
                base = _real_value(args[1], name, tok.pos)
                if base is not None and (base <= 0 or base == 1):
                    raise InputError(f"a logarithm's base must be positive and not 1 ({column(tok.pos)})")
            _check_domain("log", args[0], name, tok.pos)
            if _risky(args[0]):
                value = log(args[0], evaluate=False)
                return value / log(args[1]) if len(args) == 2 else value
            return log(*args)
        if len(args) != 1:
            raise InputError(f"{name} takes one argument ({column(tok.pos)})")
        arg = args[0]
        _check_domain(key, arg, name, tok.pos)
        if key in ("log10", "log2"):
            base = Integer(10 if key == "log10" else 2)
            return log(arg, evaluate=False) / log(base) if _risky(arg) else log(arg, base)
        if key == "sqrt":
            return _power(arg, S.Half, tok.pos)
        if key == "cbrt":
            return _power(arg, Rational(1, 3), tok.pos)
        if key == "exp":
            return _power(E, arg, tok.pos)
        if key == "Abs":
            return _abs(arg)
        if _risky(arg):
            # SymPy's simplification of, say, csc(acos(cosh(√(e^(sec x))))) runs assumption
            # queries that grow steeply with nesting (about a second at seven levels) and
            # cannot be interrupted; such a function of functions stays as written.
            return registry.function_class(key)(arg, evaluate=False)
        return registry.function_class(key)(arg)


def _real_value(arg: Expr, name: str, pos: int) -> Fraction | float | None:
    """The value of a numeric `arg` (None if it has variables); refuses non-real values.

    Checked before a function is applied to a number, because SymPy can spend minutes
    simplifying functions of complex numbers (ln(ln(1/ln(arcsin(91)))).
    """
    if not arg.is_number:
        return None
    if arg.is_Rational:
        return Fraction(int(arg.p), int(arg.q))
    if arg.has(*_INFINITIES):
        raise InputError(f"{name} of an undefined value (a division by zero inside) ({column(pos)})")
    try:
        return _approx(arg)
    except _TooLarge:
        raise InputError(
            f"a number in {name}({_short(arg)}) is too large to work with (over 10^308) ({column(pos)})"
        ) from None
    except (ValueError, ZeroDivisionError):
        raise InputError(f"{_short(arg)} is not a real number ({column(pos)})") from None


class _TooLarge(ArithmeticError):
    """A number beyond floating point range turned up while estimating a value."""


def _approx(expr: Expr) -> float:
    """The value of a numeric expression in floating point, refusing to explode.

    SymPy's evalf computes exact digits, which for sinh(sinh(sinh(15))) means millions of
    bits (minutes); floating point, by the answer checker's compiled evaluator, says at
    once that the value is beyond 10^308.

    Raises:
        _TooLarge: some intermediate value is not a finite float.
        ValueError, ZeroDivisionError: the value is not real, or undefined.
    """
    from symtutor.answers.equivalence import NotCompilable, TooBig, Undefined, compile_real

    try:
        value = compile_real(expr, ())(())
    except NotCompilable:
        # Nothing the parser builds lands here; SymPy's exact evaluation is the fallback.
        value = complex(expr.evalf(15))
    except (OverflowError, TooBig):
        raise _TooLarge from None
    except (Undefined, TypeError) as exc:
        raise ValueError(str(exc)) from None
    if isinstance(value, complex):
        if abs(value.imag) > 1e-9 * max(1.0, abs(value.real)):
            raise ValueError("not real")
        value = value.real
    value = float(value)
    if not math.isfinite(value):
        raise _TooLarge
    return value


def _check_domain(key: str, arg: Expr, name: str, pos: int) -> None:
    value = _real_value(arg, name, pos)
    if value is None or key not in _DOMAINS:
        return
    test, need = _DOMAINS[key]
    ok = test(value)
    if not ok and isinstance(value, float):
        # Floating point may have lost the answer to cancellation (ln(e^(π√163) − 640320³ − 744))
        # or rounding at a boundary (arcsin(√2·√2/2)); exact digits decide. Every value
        # involved is below 10^308 here, so this is quick.
        exact = complex(arg.evalf(30))
        ok = abs(exact.imag) <= 1e-25 and (test(exact.real) or exact.real == 0 and test(0))
        ok = ok or test(round(exact.real, 25))
    if not ok:
        if value == 0 and key in ("log", "log10", "log2", "acsch"):
            raise InputError(f"{name}(0) is undefined ({column(pos)})")
        raise InputError(f"{name}({_short(arg)}) is not a real number: {name} {need} ({column(pos)})")


def _short(expr: Expr) -> str:
    """An expression for an error message, cut to a readable length."""
    from symtutor.notation.mathfmt import plain

    text = plain(expr)
    return text if len(text) <= 40 else text[:37] + "..."


def _abs(arg: Expr) -> Expr:
    """|arg|, kept as written when SymPy would bring in re() (|e^x| is e^(re x) for complex x)."""
    if _risky(arg):
        return Abs(arg, evaluate=False)  # see _Parser.apply: SymPy could take seconds
    value = Abs(arg)
    if value.has(re, im):
        return Abs(arg, evaluate=False)
    if arg.has(Abs):
        # SymPy leaves ||y|| inside |9|y|| = 9·||y||; |·| of |·| is just |·|.
        value = value.replace(
            lambda e: isinstance(e, Abs) and isinstance(e.args[0], Abs), lambda e: e.args[0]
        )
    return value


def _nested(arg: Expr) -> bool:
    """True if `arg` holds a function of a function (or is a function of a number)."""
    for node in arg.atoms(Function):
        if node.atoms(Function) - {node} or node.is_number:
            return True
    return False


def _risky(arg: Expr) -> bool:
    """Would SymPy's simplification of f(arg) be slow? A function of functions, or a large
    power inside (SymPy splits (x)^109 into real and imaginary parts term by term)."""
    if _nested(arg):
        return True
    return any(p.exp.is_Rational and abs(p.exp.p) > 12 for p in arg.atoms(Pow))


def _deep(expr: Expr) -> bool:
    """True if `expr` holds a function of a function."""
    return any(node.atoms(Function) - {node} for node in expr.atoms(Function))


def _log_base(text: str) -> Expr:
    if text.isdigit():
        return Integer(int(text))
    if text == "e":
        return E
    return Symbol(text)


def _derivative(arg: Expr, var: Symbol | None, pos: int) -> Expr:
    """d/dvar(arg), unevaluated; first derivatives only."""
    from sympy import Derivative  # only derivation lines (parse_step) need it
    if var is None:
        raise InputError(f"primes like (...)' are only read in a derivation ({column(pos)})")
    if arg.has(Derivative):
        raise InputError(f"second derivatives are not read: one d/dx at a time ({column(pos)})")
    return Derivative(arg, var, evaluate=False)


def _factorial(value: Expr, pos: int) -> Expr:
    if not value.is_Integer or value.is_negative:
        raise InputError(f"'!' (factorial) is only read after a whole number like 5! ({column(pos)})")
    if value > MAX_FACTORIAL:
        raise InputError(f"factorial too large (symtutor computes n! up to n = {MAX_FACTORIAL}) ({column(pos)})")
    return factorial(value)


def _name(tok: Token) -> str:
    return tok.text or registry.PRINTED.get(str(tok.value), str(tok.value))


def _show(tok: Token) -> str:
    if tok.text:
        return tok.text
    if tok.kind in ("op", "open", "close", "bar"):
        return str(tok.value)
    if tok.kind == "root":
        return {2: "√", 3: "∛", 4: "∜"}[tok.value]
    return str(tok.value)


def _finish(expr: Expr) -> Expr:
    if expr.has(S.ComplexInfinity, S.NaN, S.Infinity, S.NegativeInfinity):
        raise InputError("the expression is undefined (it divides by zero or similar)")
    if expr.has(S.ImaginaryUnit):
        raise InputError(
            "the expression is not a real number (a root or logarithm of a negative number)"
        )
    return expr


# --------------------------------------------------------------------------- public API


def parse(text: str, *, names: Iterable[str] = (), as_written: bool = False) -> Expr:
    """Read one expression typed by a learner.

    Args:
        text: the expression, as typed (``"3xy + x²"``, ``"sin^2 x"``, ``"1/2 x"``).
        names: multi-letter symbol names the context defines (``"yhat"``), read whole
            instead of being split into one-letter variables.
        as_written: keep a number times a sum (``2(3x + 1)``, ``−(x + 1)``) as a product
            instead of letting SymPy distribute it. Only for echoing (see `reading`):
            the result is not in SymPy's canonical form, so never compute with it.

    Returns:
        The SymPy expression. Decimals become exact rationals.

    Raises:
        InputError: the text is not a mathematical expression symtutor reads, or it
            is too large; the message is one line for the learner.
    """
    tokens = tokenize(text, _names(names))
    return _finish(_Parser(tokens, as_written).parse_all())


def reading(text: str, *, names: Iterable[str] = ()) -> str:
    """How `text` was read, in textbook form, keeping the shape it was typed in.

    ``reading("2(3x+1)")`` is ``"2(3x + 1)"`` where ``mathfmt.unicode(parse(...))``
    would show SymPy's distributed ``"6x + 2"``. Vectors read as ``"(7, 8)"``.

    Raises:
        InputError: as `parse`.
    """
    from symtutor.notation.mathfmt import unicode

    span = _vector_span(tokenize(text, _names(names)))
    if span is not None:
        return "(" + ", ".join(unicode(e) for e in parse_vector(text, names=names)) + ")"
    return unicode(parse(text, names=names, as_written=True))


def _split_top(tokens: list[Token], start: int, stop: int) -> list[tuple[int, int]]:
    """Ranges of tokens[start:stop] between commas at bracket depth 0."""
    parts, depth, begin = [], 0, start
    for k in range(start, stop):
        tok = tokens[k]
        if tok.kind == "open":
            depth += 1
        elif tok.kind == "close":
            depth -= 1
        elif tok.kind == "op" and tok.value == "," and depth == 0:
            parts.append((begin, k))
            begin = k + 1
    parts.append((begin, stop))
    return parts


def _parse_range(tokens: list[Token], start: int, stop: int) -> Expr:
    if start == stop:
        pos = tokens[start].pos if start < len(tokens) else 0
        raise InputError(f"an empty entry in the list ({column(pos)})")
    end = Token("end", None, tokens[stop].pos)
    return _finish(_Parser(tokens[start:stop] + [end]).parse_all())


def _vector_span(tokens: list[Token]) -> tuple[int, int] | None:
    """If the tokens are a bracketed list "[a, b]" / "(a, b)", the inner range."""
    first, last = tokens[0], tokens[-2] if len(tokens) >= 2 else None
    if first.kind != "open" or last is None or last.kind != "close":
        return None
    depth = 0
    for k, tok in enumerate(tokens[:-1]):
        if tok.kind == "open":
            depth += 1
        elif tok.kind == "close":
            depth -= 1
            if depth == 0 and k != len(tokens) - 2:
                return None  # "(a)(b)": the first bracket closes early
    return (1, len(tokens) - 2)


def parse_answer(text: str, *, names: Iterable[str] = ()) -> Expr | tuple[Expr, ...]:
    """Read an answer: one expression, or a vector like ``[7, 8]``, ``(7, 8)`` or ``7, 8``.

    Raises:
        InputError: as for `parse`.
    """
    tokens = tokenize(text, _names(names))
    parts = _split_top(tokens, 0, len(tokens) - 1)
    if len(parts) > 1:
        return tuple(_parse_range(tokens, a, b) for a, b in parts)
    span = _vector_span(tokens)
    if span is not None:
        inner = _split_top(tokens, *span)
        if len(inner) > 1:
            return tuple(_parse_range(tokens, a, b) for a, b in inner)
    return _finish(_Parser(tokens).parse_all())


def parse_vector(text: str, *, names: Iterable[str] = ()) -> tuple[Expr, ...]:
    """Read a vector: ``[7, 8]``, ``(7, 8)``, ``7, 8``; a single value gives a 1-tuple.

    Raises:
        InputError: as for `parse`.
    """
    tokens = tokenize(text, _names(names))
    parts = _split_top(tokens, 0, len(tokens) - 1)
    if len(parts) == 1:
        span = _vector_span(tokens)
        if span is not None and tokens[0].value == "[":
            parts = _split_top(tokens, *span)
        elif span is not None and len(_split_top(tokens, *span)) > 1:
            parts = _split_top(tokens, *span)
    return tuple(_parse_range(tokens, a, b) for a, b in parts)


def parse_number(text: str) -> Expr:
    """Read an exact number: ``"2.808"`` -> 351/125, ``"1/3"``, ``"-0.5"``, ``"pi/2"``, ``"√2"``.

    Raises:
        InputError: the text is not a number (e.g. it contains a variable).
    """
    value = parse(text)
    if value.free_symbols:
        names = ", ".join(sorted(str(s) for s in value.free_symbols))
        raise InputError(f"expected a number, but '{text.strip()}' contains {names}")
    return value


def parse_symbol(text: str, *, names: Iterable[str] = ()) -> Symbol:
    """Read one variable name, as given to ``--wrt`` or ``--var``: ``x``, ``w1``, ``x_2``, ``eta``, ``η``.

    Raises:
        InputError: the text is not a single variable name.
    """
    check_text(text)
    name = canonical_name(text, _names(names))
    if name is None:
        stripped = text.strip()
        if stripped in FUNCTIONS or stripped in CONSTANTS or stripped == "π":
            kind = "a function" if stripped in FUNCTIONS else "a constant"
            raise InputError(f"'{stripped}' is {kind}, not a variable name")
        if stripped.isascii() and stripped.isalpha():
            raise InputError(
                f"'{stripped}' reads as several variables; use one letter, a Greek name or a subscript like w1"
            )
        raise InputError(f"'{stripped}' is not a variable name (use a letter, a Greek name or a name like w1)")
    return Symbol(name)


def parse_definition(text: str, *, names: Iterable[str] = ()) -> tuple[Symbol, Expr]:
    """Read a definition ``"L = (yhat - y)^2"``: a name, ``=``, an expression.

    The left-hand side may be any single name, including multi-letter ones like ``yhat``
    or ``loss``; pass earlier left-hand sides in `names` so the right-hand side reads them
    whole.

    Raises:
        InputError: no single '=', a left-hand side that is not a name, or a bad expression.
    """
    check_text(text)
    if text.count("=") != 1 or "==" in text:
        raise InputError(f"a definition needs exactly one '=', like L = (yhat - y)^2: got '{text.strip()}'")
    left, right = text.split("=")
    left = left.strip()
    if not left:
        raise InputError("a definition needs a name before '='")
    name = canonical_name(left, frozenset({left}) | _names(names))
    if name is None or name in ("e", "pi") or name in _RESERVED:
        raise InputError(f"the left side of a definition must be one name, not '{left}'")
    if not right.strip():
        raise InputError(f"the definition of {left} has nothing after '='")
    return Symbol(name), parse(right, names=_names(names) | {name})


def parse_point(items: Iterable[str] | str, *, names: Iterable[str] = ()) -> dict[Symbol, Expr]:
    """Read a point given as ``["x=3"]``, ``["x=1", "y=2"]`` or ``["x=1,y=2"]``.

    Values are exact numbers or numeric expressions (``pi/2``, ``1/3``, ``-0.5``).

    Raises:
        InputError: an item without '=', a bad name or value, or a variable given twice.
    """
    if isinstance(items, str):
        items = [items]
    point: dict[Symbol, Expr] = {}
    for item in items:
        check_text(item)
        for piece in split_list(item) or [item]:
            if piece.count("=") != 1:
                raise InputError(f"expected V=VALUE like x=3, got '{piece.strip()}'")
            left, right = piece.split("=")
            symbol = parse_symbol(left, names=names)
            if symbol in point:
                raise InputError(f"{symbol} is given twice")
            if not right.strip():
                raise InputError(f"no value after '{left.strip()}='")
            point[symbol] = parse_number(right)
    return point


def parse_step(text: str, var: Symbol, *, names: Iterable[str] = (), as_written: bool = False) -> Expr:
    """Read one line of a learner's derivation of d/d`var`: an expression that may hold
    unevaluated derivatives, kept as SymPy ``Derivative`` objects.

    Besides everything `parse` reads: ``d/dx(3x+1)``, ``(d/dx)(3x+1)``, ``d/dx (3x+1)^2``
    (the derivative of the square: a power on the bracket belongs to the argument),
    ``d/dx x^2`` (the tight product after it, as for a function name), ``∂/∂x(...)``,
    ``d/dw1(...)``, and a prime on a bracket, ``(3x+1)'`` (the derivative by `var`).
    ``dy/dx``, ``f'`` and second derivatives (``d/dx(d/dx(...))``, ``(...)''``) are refused.

    Raises:
        InputError: as `parse`.
    """
    tokens = tokenize(text, _names(names), derivatives=True)
    return _finish(_Parser(tokens, as_written, var).parse_all())


def split_top_level(text: str) -> list[str]:
    """`text` split at the commas outside any brackets (empty pieces kept): no parsing."""
    parts, depth, begin = [], 0, 0
    for k, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[begin:k])
            begin = k + 1
    parts.append(text[begin:])
    return parts


def split_list(text: str) -> list[str]:
    """The items of a comma-separated list such as ``--wrt w,b`` or ``x=1, y=2``, stripped;
    commas inside brackets do not split and empty items are dropped. No parsing."""
    return [p.strip() for p in split_top_level(text) if p.strip()]


#: Words that cannot be defined as names: every function name.
_RESERVED = frozenset(FUNCTIONS)
