"""Turn learner text into tokens: the first half of `symtutor.read.parsing`.

Nothing here imports SymPy or evaluates anything: the lexer only recognises
characters, numbers and words, and refuses what is not mathematics. Multi-letter
words are split here (``xsinx`` -> ``x``, ``sin``, ``x``), so the parser sees
function names, constants and symbol names as separate tokens.
"""

from __future__ import annotations

import keyword
import re
from fractions import Fraction

from symtutor.errors import InputError
from symtutor.notation import registry

#: Longest input read, in characters.
MAX_LENGTH = 2000
#: Most tokens in one input.
MAX_TOKENS = 1000
#: Most digits in one numeric literal.
MAX_DIGITS = 1000
#: Largest power of ten written in scientific notation (1e300).
MAX_SCI_EXPONENT = 300

#: Word -> canonical function key (the parser maps keys to SymPy classes); words that
#: are functions only when glued to "(" (sh(x)) are in `CALL_ONLY`. Both come from the registry.
FUNCTIONS = registry.FUNCTIONS
CALL_ONLY = registry.CALL_ONLY

#: Greek letter names (read as one symbol each) and their Unicode letters.
GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ",
    "nu": "ν", "xi": "ξ", "omicron": "ο", "rho": "ρ", "sigma": "σ", "tau": "τ",
    "upsilon": "υ", "phi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Sigma": "Σ",
    "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}
#: Unicode Greek letter -> name; variants map to the same name.
GREEK_LETTERS = {v: k for k, v in GREEK.items()}
GREEK_LETTERS.update({"π": "pi", "ϵ": "epsilon", "ϑ": "theta", "ϕ": "phi", "ς": "sigma", "µ": "mu"})

CONSTANTS = {"e": "e", "pi": "pi"}

#: Every multi-letter word the splitter knows, besides context names.
_WORDS = frozenset(FUNCTIONS) | frozenset(GREEK) | frozenset(CONSTANTS)
_MAX_WORD = max(map(len, _WORDS))

# Python keywords are never mathematics; "lambda" stays readable as the Greek letter
# because the ':' a Python lambda needs is refused on its own.
KEYWORDS = frozenset(keyword.kwlist) - {"lambda"}

_SUPERSCRIPTS = {c: str(i) for i, c in enumerate("⁰¹²³⁴⁵⁶⁷⁸⁹")}
_SUBSCRIPTS = {c: str(i) for i, c in enumerate("₀₁₂₃₄₅₆₇₈₉")}

_OPERATORS = {
    "+": "+", "-": "-", "−": "-", "–": "-", "‐": "-", "‑": "-", "﹣": "-", "－": "-",
    "*": "*", "·": "*", "⋅": "*", "×": "*", "∙": "*", "∗": "*", "•": "*",
    "/": "/", "÷": "/", "∕": "/", "⁄": "/",
    "^": "^", "!": "!", ",": ",",
}
_OPEN = {"(": ")", "[": "]", "{": "}"}
_CLOSE = {")": "(", "]": "[", "}": "{"}
_ROOTS = {"√": 2, "∛": 3, "∜": 4}
#: One character, one token: closing brackets, '|' and roots.
_SINGLE = {
    **{c: ("close", c) for c in _CLOSE},
    "|": ("bar", "|"),
    **{c: ("root", degree) for c, degree in _ROOTS.items()},
}

_REFUSED = {
    ".": "'.' is only used in decimals like 0.5 (attributes are not mathematics)",
    ";": "';' separates statements; type one expression",
    ":": "':' is not mathematics (no slices, dictionaries or lambdas)",
    "=": "'=' makes a definition or an equation, not an expression",
    "<": "comparisons like '<' are not expressions",
    ">": "comparisons like '>' are not expressions",
    "≤": "comparisons like '≤' are not expressions",
    "≥": "comparisons like '≥' are not expressions",
    "≠": "comparisons like '≠' are not expressions",
    "#": "'#' is not mathematics",
    "\\": "backslashes are not mathematics (type sqrt(x), not \\sqrt{x})",
    "&": "'&' is not mathematics",
    "~": "'~' is not mathematics",
    "@": "'@' is not mathematics",
    "$": "'$' is not mathematics",
    "%": "'%' is not mathematics (write 0.05, not 5%)",
    "?": "'?' is not mathematics",
}
_QUOTES = frozenset("'\"`‘’“”«»")

_NUMBER = re.compile(r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE]([+-]?)([0-9]+))?")
_LETTERS = re.compile(r"[A-Za-z]+")
_SUBSCRIPT = re.compile(r"_\{([A-Za-z0-9]+)\}|_([0-9]+|[A-Za-z]+[0-9]*)")
_DIGITS = re.compile(r"[0-9]+")
_UNDERSCORES = re.compile(r"_+[A-Za-z0-9_]*")
_BAD_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]"
)
_HAT = "\u0302"  # combining circumflex: y + ̂ = ŷ
# Full-width forms (typed with East Asian input methods) are the ASCII characters.
_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20
_VULGAR = {
    "½": Fraction(1, 2), "⅓": Fraction(1, 3), "⅔": Fraction(2, 3), "¼": Fraction(1, 4),
    "¾": Fraction(3, 4), "⅕": Fraction(1, 5), "⅙": Fraction(1, 6), "⅛": Fraction(1, 8),
}
_D_DX = re.compile(r"(?<![A-Za-z])([d∂])[A-Za-z]?\s*/\s*[d∂][A-Za-z]")
#: The operator d/dx (∂/∂x) in a derivation line: d, /, d and a variable (x, w1, x_2, θ).
_D_OP = re.compile(r"(?<![A-Za-z])[d∂]\s*/\s*[d∂]\s*(?P<var>[A-Za-z](?:_?[0-9]+)?|[α-ορ-ωΑ-Ω])")


class Token:
    """One token.

    kind is one of: num (value: Fraction), name (symbol name), const ("e", "pi"),
    func (function key; `base` set for log_b), op (+ - * / ^ ! ,), open / close (the
    bracket character), bar (|), root (2, 3, 4), sup (an int exponent), end.
    `space` records whether whitespace came just before, which decides how tightly
    juxtaposed factors bind.
    """

    __slots__ = ("kind", "value", "pos", "space", "base", "text")

    def __init__(self, kind: str, value: object, pos: int, space: bool = False, base: object = None, text: str = ""):
        self.kind = kind
        self.value = value
        self.pos = pos
        self.space = space
        self.base = base
        self.text = text

    def __repr__(self) -> str:
        return f"Token({self.kind!r}, {self.value!r}, {self.pos})"


def column(pos: int) -> str:
    """A position as the learner counts it."""
    return f"column {pos + 1}"


def check_text(text: object) -> str:
    """Refuse non-strings, empty, oversized and control-character input; return the text."""
    if not isinstance(text, str):
        raise InputError(f"expected text, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise InputError(
            f"input too long ({len(text):,} characters; symtutor reads at most {MAX_LENGTH:,})"
        )
    bad = _BAD_CONTROL.search(text)
    if bad:
        what = "a NUL byte" if bad.group() == "\x00" else f"control character U+{ord(bad.group()):04X}"
        raise InputError(f"input contains {what} ({column(bad.start())})")
    if not text.strip():
        raise InputError("empty input: type an expression such as (3x+1)^2")
    return text


def split_word(word: str, names: frozenset[str] = frozenset()) -> list[str]:
    """Split a run of ASCII letters into the words a person meant.

    A context name or known word is kept whole; otherwise the longest known word
    starting at each position is taken, and any other letter stands alone:
    ``xsinx`` -> ``x sin x``, ``abc`` -> ``a b c``, ``costheta`` -> ``cos theta``.
    """
    if word in names or word in _WORDS or _is_hat(word):
        return [word]
    parts: list[str] = []
    i, n = 0, len(word)
    longest = max(_MAX_WORD, max(map(len, names), default=0))
    while i < n:
        for size in range(min(longest, n - i), 1, -1):
            piece = word[i : i + size]
            if piece in names or piece in _WORDS or _is_hat(piece):
                parts.append(piece)
                i += size
                break
        else:
            parts.append(word[i])
            i += 1
    return parts


def _is_hat(word: str) -> bool:
    # "yhat", "xhat": a letter with a hat, as ŷ is typed without Unicode.
    return len(word) == 4 and word.endswith("hat")


def _suffix(match: re.Match[str] | None) -> str:
    """Canonical subscript text: x_2, x_{2}, x2, x₂ all give "2"; x_i gives "_i"."""
    if match is None:
        return ""
    sub = match.group(1) or match.group(2)
    if sub.isdigit() or sub == "hat":
        return sub
    return "_" + sub


def _read_suffix(text: str, end: int) -> tuple[str, int, re.Match[str] | None]:
    """Read a subscript after a name: digits, _2, _{12}, _i, _hat or ₁₂."""
    m = _DIGITS.match(text, end)
    if m:
        return m.group(), m.end(), None
    m = _SUBSCRIPT.match(text, end)
    if m:
        return _suffix(m), m.end(), m
    k = end
    while k < len(text) and text[k] in _SUBSCRIPTS:
        k += 1
    return "".join(_SUBSCRIPTS[ch] for ch in text[end:k]), k, None


class _Lexer:
    def __init__(self, text: str, names: frozenset[str], derivatives: bool = False):
        self.text = text
        self.names = names
        # Derivation lines (parsing.parse_step): d/dx(...) and (...)' are tokens too.
        self.derivatives = derivatives
        self.tokens: list[Token] = []
        self.space = False

    def add(self, kind: str, value: object, pos: int, base: object = None, text: str = "") -> None:
        if len(self.tokens) >= MAX_TOKENS:
            raise InputError(f"input too long (more than {MAX_TOKENS} symbols and operators)")
        self.tokens.append(Token(kind, value, pos, self.space, base, text))
        self.space = False

    def derivative(self, i: int) -> int | None:
        """At d/dx or a prime after ')' in a derivation line: add the token, return its end."""
        c = self.text[i]
        if c in "d∂":
            op = _D_OP.match(self.text, i)
            if op is None:
                return None
            self.add("deriv", _canonical_var(op.group("var")), i, text=op.group())
            return op.end()
        last = self.tokens[-1] if self.tokens else None
        if last is None or self.space or not (last.kind == "prime" or (last.kind, last.value) == ("close", ")")):
            return None
        self.add("prime", None, i)
        return i + 1

    def run(self) -> list[Token]:
        text = self.text
        n = len(text)
        i = 0
        while i < n:
            c = text[i]
            if self.derivatives and c in "d∂'′" and (end := self.derivative(i)) is not None:
                i = end
                continue
            if c.isspace():
                self.space = True
                i += 1
            elif "0" <= c <= "9" or (c == "." and i + 1 < n and "0" <= text[i + 1] <= "9"):
                i = self.number(i)
            elif c.isascii() and c.isalpha():
                i = self.word(i)
            elif c in GREEK_LETTERS or c == "ŷ":
                i = self.greek(i)
            elif c in _OPERATORS:
                i = self.operator(i)
            elif c in _OPEN:
                i = self.opener(i)
            elif c in _SUPERSCRIPTS or c in "⁻⁺":
                i = self.superscript(i)
            elif c in _SINGLE:
                self.add(_SINGLE[c][0], _SINGLE[c][1], i)
                i += 1
            elif c in _VULGAR:
                i = self.vulgar(i)
            else:
                self.refuse(i)
        self.add("end", None, n)
        return self.tokens

    def operator(self, i: int) -> int:
        text, c = self.text, self.text[i]
        if c == "*" and text.startswith("**", i):
            self.add("op", "^", i)
            return i + 2
        if c == "!" and text.startswith("!=", i):
            raise InputError(f"comparisons like '!=' are not expressions ({column(i)})")
        self.add("op", _OPERATORS[c], i)
        return i + 1

    def opener(self, i: int) -> int:
        c = self.text[i]
        prev = self.tokens[-1] if self.tokens else None
        if c == "[" and not self.space and prev is not None and prev.kind in ("name", "const", "close"):
            raise InputError(
                f"indexing like x[0] is not mathematics; write a subscript as x_0 ({column(i)})"
            )
        self.add("open", c, i)
        return i + 1

    def vulgar(self, i: int) -> int:
        c = self.text[i]
        if self.tokens and self.tokens[-1].kind == "num" and not self.space:
            raise InputError(f"a mixed number like 3½ is ambiguous: write 3.5 or 7/2 ({column(i)})")
        self.add("num", _VULGAR[c], i, text=c)
        return i + 1

    def refuse(self, i: int) -> None:
        """Raise the one-line reason the character at `i` is not mathematics."""
        text, c = self.text, self.text[i]
        if c == "_":
            m = _UNDERSCORES.match(text, i)
            raise InputError(f"unknown name '{m.group()}': names start with a letter ({column(i)})")
        if c in "'′" and i > 0 and (text[i - 1].isalnum() or text[i - 1] == ")"):
            raise InputError(f"primes like f' are not read: type the expression itself ({column(i)})")
        if c in _QUOTES:
            raise InputError(f"quotes are not mathematics: type the expression without them ({column(i)})")
        if c == "=" and text.startswith("==", i):
            raise InputError(f"comparisons like '==' are not expressions ({column(i)})")
        if c in _REFUSED:
            raise InputError(f"{_REFUSED[c]} ({column(i)})")
        raise InputError(f"unexpected character '{c}' ({column(i)})")

    def number(self, i: int) -> int:
        if self.text[i] == "." and not self.space and self.tokens and self.tokens[-1].kind in ("name", "const", "close", "func"):
            raise InputError(f"{_REFUSED['.']} ({column(i)})")
        m = _NUMBER.match(self.text, i)
        raw = m.group()
        sign, exp_digits = m.group(1), m.group(2)
        mantissa = raw if exp_digits is None else raw[: raw.lower().index("e")]
        if sum(ch.isdigit() for ch in mantissa) > MAX_DIGITS:
            raise InputError(f"number too long (more than {MAX_DIGITS} digits) ({column(i)})")
        value = Fraction(mantissa) if mantissa != "." else Fraction(0)
        if exp_digits is not None:
            if len(exp_digits.lstrip("0")) > 3 or int(exp_digits) > MAX_SCI_EXPONENT:
                raise InputError(
                    f"number {raw} is out of range (exponents up to e{MAX_SCI_EXPONENT}) ({column(i)})"
                )
            power = Fraction(10) ** int(exp_digits)
            value = value / power if sign == "-" else value * power
        self.add("num", value, i, text=raw)
        return m.end()

    def word(self, i: int) -> int:
        text = self.text
        m = _LETTERS.match(text, i)
        letters, end = m.group(), m.end()
        if letters in KEYWORDS:
            raise InputError(f"'{letters}' is a programming word, not mathematics ({column(i)})")
        hat = text.startswith(_HAT, end)
        if hat:
            end += len(_HAT)
        before_suffix = end
        suffix, end, sub_m = _read_suffix(text, end)
        # log_8, log_{8}, log₈: a subscript written as one is a base; log8x is log(8x).
        written_sub = end > before_suffix and text[before_suffix] not in "0123456789"
        full = _canonical(letters + ("hat" if hat else "") + suffix)
        if full in self.names:
            self.add("name", full, i, text=text[i:end])
            return end
        if full in CALL_ONLY and text.startswith("(", end):
            # sh(x), tg(x): a short spelling is a function only when called (see parsing).
            self.add("func", CALL_ONLY[full], i, text=full)
            return end
        if hat:
            pieces = (split_word(letters[:-1], self.names) if len(letters) > 1 else [])
            pieces.append(letters[-1] + "hat")
        else:
            pieces = split_word(letters, self.names)
        last = pieces[-1]
        # A run of plain letters glued to '(' reads as a call: refuse names we don't know.
        if (
            len(letters) > 1
            and not suffix
            and not hat
            and text.startswith("(", end)
            and last not in FUNCTIONS
            and len(pieces) > 1
        ):
            hint = f"; to multiply, write {'*'.join(letters)}*(...)" if len(letters) <= 3 else ""
            raise InputError(f"unknown function '{letters}' ({column(i)}){hint}")
        pos = i
        for piece in pieces[:-1]:
            self._piece(piece, pos)
            pos += len(piece)
        if not suffix:
            self._piece(last, pos)
        elif last in FUNCTIONS:
            key = FUNCTIONS[last]
            if key == "log" and suffix in ("10", "2"):
                self.add("func", "log" + suffix, pos, text=text[pos:end])
            elif key == "log" and written_sub and suffix.isdigit():
                self.add("func", "log", pos, base=suffix, text=text[pos:end])
            elif suffix.isdigit():
                # sin2x: the digits begin the argument.
                self._piece(last, pos)
                self.add("num", Fraction(int(suffix)), end - len(suffix), text=suffix)
            elif key == "log" and sub_m is not None:
                base = sub_m.group(1) or sub_m.group(2)
                self.add("func", "log", pos, base=base, text=text[pos:end])
            else:
                raise InputError(f"a subscript after '{last}' is not understood ({column(pos)})")
        else:
            self.add("name", _canonical(last + suffix), pos, text=text[pos:end])
        return end

    def _piece(self, piece: str, pos: int) -> None:
        if piece in self.names:
            self.add("name", piece, pos, text=piece)
        elif piece in FUNCTIONS:
            self.add("func", FUNCTIONS[piece], pos, text=piece)
        elif piece in CONSTANTS:
            self.add("const", CONSTANTS[piece], pos, text=piece)
        else:
            self.add("name", _canonical(piece), pos, text=piece)

    def greek(self, i: int) -> int:
        text = self.text
        c = text[i]
        end = i + 1
        if c == "ŷ":
            name = "yhat"
        else:
            name = GREEK_LETTERS[c]
        if name == "pi":
            self.add("const", "pi", i, text=c)
            return end
        if name == "sigma" and text.startswith("(", end):
            self.add("func", "sigmoid", i, text=c)
            return end
        suffix, end, _ = _read_suffix(text, end)
        self.add("name", _canonical(name + suffix), i, text=text[i:end])
        return end

    def superscript(self, i: int) -> int:
        text = self.text
        j = i
        sign = 1
        while j < len(text) and text[j] in "⁻⁺":
            if text[j] == "⁻":
                sign = -sign
            j += 1
        k = j
        while k < len(text) and text[k] in _SUPERSCRIPTS:
            k += 1
        if k == j:
            raise InputError(f"a superscript sign needs digits after it ({column(i)})")
        digits = "".join(_SUPERSCRIPTS[ch] for ch in text[j:k])
        if len(digits) > 4:
            raise InputError(f"exponent too large ({column(i)})")
        self.add("sup", sign * int(digits), i, text=text[i:k])
        return k


def _canonical(name: str) -> str:
    """One spelling per symbol: x_2 -> x2, y_hat -> yhat."""
    if name.endswith("_hat"):
        return name[:-4] + "hat"
    return name


def _canonical_var(text: str) -> str:
    """The symbol name of d/dV's V: x, w1 (from w1 or w_1), theta (from θ)."""
    if text in GREEK_LETTERS:
        return GREEK_LETTERS[text]
    return text.replace("_", "")


def tokenize(text: str, names: frozenset[str] = frozenset(), derivatives: bool = False) -> list[Token]:
    """Tokens of `text`, ending with an `end` token.

    With `derivatives`, the operator ``d/dx`` (``∂/∂x``) is a ``deriv`` token (value: the
    variable's name) and a prime after a closing bracket, ``(3x+1)'``, a ``prime`` token;
    ``dy/dx`` and primes on names (``f'``) are refused as always.

    Raises:
        InputError: for anything that is not mathematics, or too long.
    """
    check_text(text)
    text = text.translate(_FULLWIDTH)
    probe = _D_OP.sub(lambda m: " " * len(m.group()), text) if derivatives else text
    if _D_DX.search(probe):
        if derivatives:
            raise InputError("write a derivative as d/dx(...) (or (...)'), not dy/dx")
        raise InputError("type only the expression itself: symtutor supplies the d/dx")
    return _Lexer(text, names, derivatives).run()


def canonical_name(text: str, names: frozenset[str] = frozenset()) -> str | None:
    """The canonical symbol name if `text` is exactly one name, else None.

    ``x_2`` -> ``x2``, ``η`` -> ``eta``, ``ŷ`` and ``y_hat`` -> ``yhat``; ``xy`` is two
    names unless it is in `names`.
    """
    try:
        tokens = tokenize(text, names)
    except InputError:
        return None
    if len(tokens) == 2 and tokens[0].kind == "name":
        return str(tokens[0].value)
    return None
