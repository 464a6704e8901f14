"""The derivation printout: a derivative worked rule by rule, as board work.

Every step shows its number (1, 1.1, 1.2, ...), the rule's title, what is
differentiated, the textbook formula of the rule, why it applies, and its result.
A chain step also shows the substitution ``let u = …`` and the product of the
outer and inner derivatives. The same tree is written as plain text, Markdown
(``$…$`` LaTeX math, which GitHub and pandoc both typeset), LaTeX, JSON and rich.

This module also holds the small formatting pieces the other printouts share
(`Style`, `TEXT`, `MARKDOWN`, `LATEX`, `point_text`, `value_lines`). Rich is
imported only inside `rich()` methods, so plain-text output never loads it.
"""

from __future__ import annotations

import math
import string
from typing import Any, Callable

from symtutor.derivation.steps import NO_RULE, Derivation, Step

#: The mark before a "no rule" step's reason, so the uncovered part stands out in every format.
UNCOVERED_MARK = "⚠ "

# Unicode that appears in explanation sentences, spelled so pdflatex needs no extra package.
_LATEX_TEXT = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "·": r"$\cdot$",
    "−": "-",
    "′": "'",
    "″": "''",
    "→": r"$\to$",
    "←": r"$\leftarrow$",
    "—": "---",
    "–": "--",
    "×": r"$\times$",
    "≈": r"$\approx$",
    "≠": r"$\neq$",
    "≤": r"$\leq$",
    "≥": r"$\geq$",
    "∂": r"$\partial$",
    "∇": r"$\nabla$",
    "√": r"$\surd$",
    "∞": r"$\infty$",
    "η": r"$\eta$",
    "σ": r"$\sigma$",
    "…": r"\dots{}",
    "⚠": r"\textbf{(!)}",
    "⁰": r"\textsuperscript{0}",
    "¹": r"\textsuperscript{1}",
    "²": r"\textsuperscript{2}",
    "³": r"\textsuperscript{3}",
    "ⁿ": r"\textsuperscript{n}",
    "ˣ": r"\textsuperscript{x}",
    "ʰ": r"\textsuperscript{h}",
    "⁺": r"\textsuperscript{+}",
    "⁻": r"\textsuperscript{-}",
}


def latex_text(text: str) -> str:
    """Escape running text for LaTeX (special characters and common Unicode math signs)."""
    return "".join(_LATEX_TEXT.get(ch, ch) for ch in text)


def _md_text(text: str) -> str:
    # Only the characters that would start Markdown emphasis or math by accident.
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_").replace("$", "\\$")


def _paren_unicode(expr, text: str) -> str:
    """Parenthesise a factor when juxtaposition would misread it."""
    if expr.is_Add or (expr.is_number and expr.is_negative) or text.startswith(("−", "-")):
        return f"({text})"
    return text


def _paren_latex(expr, text: str) -> str:
    if expr.is_Add or (expr.is_number and expr.is_negative) or text.startswith("-"):
        return rf"\left({text}\right)"
    return text


class Style:
    """How one output format writes math, operators and running text.

    Attributes:
        name: "text", "markdown" or "latex" ("text" is also used for rich).
        math: a SymPy expression as a bare math string (Unicode or LaTeX).
        wrap: makes a bare math string printable inline (``$…$`` in Markdown).
        words: escapes running text.
        paren: parenthesises a factor in a product (expr, math string) -> string.
        dot: the multiplication sign between two written factors.

    A plain class rather than a dataclass, as are `Node` and `_Layout`: every
    `derive` imports this module, and generating dataclass code costs start-up time.
    """

    __slots__ = ("name", "math", "wrap", "words", "paren", "dot")

    def __init__(self, name: str, math: Callable[[Any], str], wrap: Callable[[str], str],
                 words: Callable[[str], str], paren: Callable[[Any, str], str], dot: str):
        self.name, self.math, self.wrap, self.words = name, math, wrap, words
        self.paren, self.dot = paren, dot

    def m(self, expr) -> str:
        """`expr` written inline."""
        return self.wrap(self.math(expr))

    def d(self, var, partial: bool) -> str:
        """The operator d/dx or ∂/∂x, bare (not wrapped)."""
        v = self.math(var)
        if self.name == "text":
            return f"∂/∂{v}" if partial else f"d/d{v}"
        if partial:
            return rf"\frac{{\partial}}{{\partial {v}}}"
        return rf"\frac{{d}}{{d{v}}}"

    def dexpr(self, var, expr, partial: bool) -> str:
        """d/dx [expr], bare."""
        if self.name == "text":
            return f"{self.d(var, partial)} [{self.math(expr)}]"
        return rf"{self.d(var, partial)}\left[{self.math(expr)}\right]"

    def eq(self, *parts: str) -> str:
        """Bare math strings joined by '=' and wrapped once."""
        return self.wrap(" = ".join(parts))

    def why(self, step: Step) -> str:
        """The step's reason, its term slots filled with inline math."""
        return self.fill(step.why, step.terms)

    def fill(self, template: str, terms) -> str:
        """A sentence with {name} slots: its words escaped, its slots as inline math."""
        if not template:
            return ""
        values = dict(terms)
        out = []
        for literal, name, _spec, _conv in string.Formatter().parse(template):
            out.append(self.words(literal))
            if name is not None:
                out.append(self.m(values[name]))
        text = "".join(out)
        # "$u$ = $3x + 1$" reads better as one formula.
        return text.replace("$ = $", " = ") if self.name != "text" else text

    def formula(self, step: Step) -> str:
        """The rule's textbook formula for this step's case, inline, or ''."""
        from symtutor.derivation import formulas

        found = formulas.FORMULAS.get((step.rule, step.case)) or formulas.FORMULAS.get((step.rule, ""))
        if found is None:
            return ""
        return found.text if self.name == "text" else self.wrap(found.latex)


def _mathfmt():
    from symtutor.notation import mathfmt

    return mathfmt


def _unicode(expr) -> str:
    return _mathfmt().unicode(expr)


def _latex(expr) -> str:
    return _mathfmt().latex(expr)


def _md_math(tex: str) -> str:
    r"""Inline math for Markdown that GitHub and pandoc both typeset.

    GitHub applies Markdown's backslash escapes inside $…$ (so "\," would lose its
    backslash) while pandoc keeps the TeX raw; spelling the few punctuation
    commands with letters suits both.
    """
    for old, new in _MD_TEX.items():
        tex = tex.replace(old, new)
    return f"${tex}$"


_MD_TEX = {r"\,": r"\ ", r"\;": r"\ ", r"\:": r"\ ", r"\!": "", r"\{": r"\lbrace ", r"\}": r"\rbrace ",
           r"\|": r"\Vert ", r"\#": r"\sharp "}

TEXT = Style("text", _unicode, lambda s: s, lambda s: s, _paren_unicode, "·")
MARKDOWN = Style("markdown", _latex, _md_math, _md_text, _paren_latex, r" \cdot ")
LATEX = Style("latex", _latex, lambda s: f"${s}$", latex_text, _paren_latex, r" \cdot ")
STYLES = {"text": TEXT, "rich": TEXT, "markdown": MARKDOWN, "latex": LATEX}


def rule_title(rule: str) -> str:
    """The human title of a rule name ("chain" -> "Chain rule")."""
    from symtutor.derivation import formulas

    return formulas.RULE_TITLES.get(rule) or rule.replace("_", " ").capitalize() + " rule"


# --------------------------------------------------------------------------- the step tree


class Node:
    """One step laid out for printing, in one style.

    `head` is "d/dx [expr]" (with "= result" appended for a step without substeps);
    `notes` come before the substeps, `tail` after them; each note is (kind, text)
    with kind one of "formula", "why", "let", "product", "result", "uncovered".
    """

    __slots__ = ("number", "title", "head", "notes", "children", "tail")

    def __init__(self, number: str, title: str, head: str):
        self.number, self.title, self.head = number, title, head
        self.notes: list[tuple[str, str]] = []
        self.children: list[Node] = []
        self.tail: list[tuple[str, str]] = []


def _chain_product(step: Step, style: Style) -> str | None:
    """f′(g(x))·g′(x) written out before it is tidied, e.g. "2(3x + 1)·3"."""
    import sympy

    outer, inner = step.substeps
    if inner.result == 1:
        return None
    try:
        g = step.term("u")
    except KeyError:
        g = inner.expr
    # evaluate(False) keeps 2·(3x + 1) from being multiplied out by SymPy.
    with sympy.evaluate(False):
        outer_at = outer.result.xreplace({outer.variable: g})
    return f"{_factor(style, outer_at)}{style.dot}{_factor(style, inner.result)}"


def _factor(style: Style, expr) -> str:
    """`expr` as one factor of a written product: sums and (in text) fractions in parentheses."""
    text = style.math(expr)
    if style.name == "text" and "/" in text and not (text.startswith("(") and text.endswith(")")):
        return f"({text})"
    return style.paren(expr, text)


def build_node(step: Step, style: Style, number: str = "1", partial_vars: frozenset = frozenset()) -> Node:
    """Lay out `step` and its substeps in `style`, numbering it `number`.

    Args:
        step: the step to lay out.
        style: TEXT, MARKDOWN or LATEX.
        number: this step's number; substeps get number.1, number.2, ...
        partial_vars: variables whose derivatives are partial (written ∂/∂x).
    """
    partial = step.variable in partial_vars
    head = style.dexpr(step.variable, step.expr, partial)
    if step.rule == NO_RULE:
        # Nothing to equate: the result is the same derivative, unevaluated.
        node = Node(number, rule_title(step.rule), style.wrap(head))
        node.notes.append(("uncovered", style.words(UNCOVERED_MARK) + style.why(step)))
        return node
    if not step.substeps:
        head = style.wrap(f"{head} = {style.math(step.result)}")
    else:
        head = style.wrap(head)
    node = Node(number, rule_title(step.rule), head)
    formula = style.formula(step)
    if formula:
        node.notes.append(("formula", formula))
    why = style.why(step)
    if why:
        node.notes.append(("why", why))
    if step.rule == "chain" and len(step.substeps) == 2:
        outer, inner = step.substeps
        try:
            g = step.term("u")
        except KeyError:
            g = inner.expr
        # The engine's reason often introduces the letter already ("u = 3x + 1 is ...").
        if "{u}" not in step.why:
            node.notes.append(("let", "let " + style.eq(style.math(outer.variable), style.math(g))))
    for i, sub in enumerate(step.substeps, 1):
        node.children.append(build_node(sub, style, f"{number}.{i}", partial_vars))
    if step.substeps:
        result = style.math(step.result)
        if step.rule == "chain" and len(step.substeps) == 2:
            product = _chain_product(step, style)
            if product and product != result:
                label = style.words("outer × inner: ")
                node.tail.append(("product", label + style.wrap(f"{product} = {result}")))
                return node
        node.tail.append(("result", style.wrap(f"= {result}")))
    return node


def _text_node(node: Node, indent: int) -> list[str]:
    pad = " " * indent
    body = " " * (indent + 3)
    lines = [f"{pad}{node.number}  {node.title}: {node.head}"]
    lines += [f"{body}{_NOTE_PREFIX.get(kind, '')}{text}" for kind, text in node.notes]
    for child in node.children:
        lines += _text_node(child, indent + 3)
    lines += [f"{body}{text}" for _, text in node.tail]
    return lines


_NOTE_PREFIX = {"formula": "formula: "}


def _markdown_node(node: Node, indent: int, ordinal: int) -> list[str]:
    pad = " " * indent
    marker = f"{ordinal}. "
    body = " " * (indent + len(marker))
    lines = [f"{pad}{marker}**{_md_text(node.title)}:** {node.head}"]
    for kind, text in node.notes:
        prefix = "formula: " if kind == "formula" else ""
        lines.append(f"{body}- {prefix}{text}")
    for i, child in enumerate(node.children, 1):
        lines += _markdown_node(child, indent + len(marker), i)
    for _, text in node.tail:
        lines.append(f"{body}- {text}")
    return lines


def _latex_node(node: Node, depth: int) -> list[str]:
    # A flat run of hanging-indented paragraphs: nested enumerate stops at depth 4.
    indent = f"{1.5 * depth + 1.5:g}em"
    parts = [rf"\textbf{{{node.number}~{latex_text(node.title)}:}} {node.head}"]
    for kind, text in node.notes:
        parts.append(("formula: " if kind == "formula" else "") + text)
    lines = [rf"\par\noindent\hangindent={indent}\hangafter=0 " + " \\\\\n".join(parts) + r"\par"]
    for child in node.children:
        lines += _latex_node(child, depth + 1)
    if node.tail:
        lines.append(rf"\par\noindent\hangindent={indent}\hangafter=0 " + " \\\\\n".join(t for _, t in node.tail) + r"\par")
    return lines


def step_lines(step: Step, fmt: str = "text", *, number: str = "1", indent: int = 0,
               partial_vars=frozenset()) -> list[str]:
    """The lines of one step and its substeps, for reuse inside other printouts.

    Args:
        step: the step to print.
        fmt: "text", "markdown" or "latex".
        number: the number given to `step` (its substeps are number.1, number.2, ...).
        indent: spaces before each line (text and Markdown).
        partial_vars: variables to write with ∂ rather than d.

    Returns:
        Lines without trailing newlines.
    """
    style = STYLES[fmt]
    node = build_node(step, style, number, frozenset(partial_vars))
    if fmt == "markdown":
        return _markdown_node(node, indent, int(number.split(".")[-1]) if number.split(".")[-1].isdigit() else 1)
    if fmt == "latex":
        return _latex_node(node, 0)
    return _text_node(node, indent)


def step_tree(step: Step, *, number: str = "1", partial_vars=frozenset(), tree=None):
    """The step as a rich Tree (added under `tree` when given, which is returned)."""
    from rich.text import Text
    from rich.tree import Tree

    node = build_node(step, TEXT, number, frozenset(partial_vars))

    def add(parent, n: Node):
        # The rule's formula and reason sit under its title; only substeps branch off.
        label = Text.assemble((n.number, "bold cyan"), "  ", (n.title, "bold"), ": ", n.head)
        indent = " " * (len(n.number) + 2)
        for kind, text in n.notes:
            label.append("\n" + indent)
            label.append_text(_rich_note(kind, text))
        branch = parent.add(label) if parent is not None else Tree(label, guide_style="dim")
        for child in n.children:
            add(branch, child)
        for kind, text in n.tail:
            branch.add(_rich_note(kind, text))
        return branch

    made = add(tree, node)
    return tree if tree is not None else made


def _rich_note(kind: str, text: str):
    from rich.text import Text

    styles = {"formula": "italic magenta", "why": "", "let": "yellow", "product": "", "result": "bold green",
              "uncovered": "bold red"}
    prefix = "formula: " if kind == "formula" else ""
    return Text.assemble((prefix, "dim"), (text, styles.get(kind, "")))


# --------------------------------------------------------------------------- values at a point


def point_text(at: dict, style: Style = TEXT) -> str:
    """"x = 1, y = 2" in `style` (bare, not wrapped)."""
    sep = ", " if style.name == "text" else r",\ "
    return sep.join(f"{style.math(var)} = {style.math(val)}" for var, val in at.items())


def is_decimal_worthy(value) -> bool:
    """A number whose exact form is not already an integer (so a decimal helps)."""
    return bool(getattr(value, "is_number", False)) and not value.is_Integer and value.is_finite is not False


def decimal(value, digits: int = 6, minus: str = "−") -> str:
    """A short decimal rendering of a SymPy number ("0.658505", "−0.915315", "1.2e+3456")."""
    v = value.evalf(15)
    in_range = v.is_real and (v == 0 or 1e-300 < abs(v) < 1e300)
    text = f"{float(v):.{digits}g}" if in_range else str(value.evalf(digits))
    return text.replace("-", minus)


def evaluate_at(expr, at: dict, what: str = "the derivative"):
    """`expr` at the point `at`, exactly; InputError where it is undefined there."""
    import sympy

    from symtutor.errors import InputError

    # SymPy gives H(0) = 1/2 and sign(0) = 0, but a slope at a kink (relu, |x|) has no value.
    for kink in expr.atoms(sympy.Heaviside, sympy.sign):
        if kink.args[0].subs(at) == 0:
            raise InputError(f"{what} is undefined at {point_text(at)} (a kink: the slopes on either side differ)")
    value = expr.subs(at)
    if value.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo) or value.is_finite is False:
        raise InputError(f"{what} is undefined at {point_text(at)}")
    # A real-calculus tutor: √x at x = −1 is outside the domain, not the number i/2.
    if value.is_number and value.is_real is False:
        raise InputError(f"{what} is not a real number at {point_text(at)}")
    return value


#: An exact value with more bits than this is shown as a 15-digit decimal: thousands of
#: digits help nobody (and Python refuses to write integers past 4,300 digits).
MAX_EXACT_BITS = 3400


def writable(value):
    """`value` itself, or its 15-digit decimal when its exact form would be thousands of digits."""
    if getattr(value, "is_Rational", False) and max(int(value.p).bit_length(), int(value.q).bit_length()) > MAX_EXACT_BITS:
        return value.evalf(15)
    return value


def value_text(value, style: Style = TEXT) -> str:
    """An exact value, with its decimal beside it when it is not an integer."""
    exact = style.math(value)
    if not is_decimal_worthy(value) or value.is_Float:
        return style.wrap(exact)
    if style.name == "text":
        return f"{exact} ≈ {decimal(value)}"
    return style.wrap(rf"{exact} \approx {decimal(value, minus='-')}")


# --------------------------------------------------------------------------- the printout


class _Layout:
    """Where one format puts the pieces of a derivation printout around its steps.

    Templates take ``{h}`` (the header, bare), ``{hw}`` (wrapped as inline math), ``{a}``
    (the answer), ``{p}``/``{v}`` (a point and the value there) and ``{t}`` (a closing
    sentence). `gap` puts a blank line before each line after the answer; `plot` is
    (lines before, lines after) a plot, or None for none. A plain class, not a
    dataclass: generating dataclass code costs start-up time every `derive` pays.
    """

    __slots__ = ("style", "header", "answer", "at", "line", "gap", "plot")

    def __init__(self, style: Style, header: str, answer: str, at: str, line: str, gap: bool,
                 plot: tuple[tuple[str, ...], tuple[str, ...]] | None):
        self.style, self.header, self.answer, self.at = style, header, answer, at
        self.line, self.gap, self.plot = line, gap, plot


_LAYOUTS = {
    "text": _Layout(TEXT, "{hw}", "Answer: {a}", "At {p}: {v}", "{t}", False, (("",), ())),
    "markdown": _Layout(MARKDOWN, "### {hw}", "**Answer:** {a}", "**At {p}:** {v}", "{t}",
                        True, (("", "```text"), ("```",))),
    "latex": _Layout(LATEX, r"\[ {h} \]", r"\par\medskip\noindent\textbf{{Answer:}} {a}\par",
                     r"\par\noindent\textbf{{At {p}:}} {v}\par", r"\par\noindent {t}\par", False, None),
}


class DerivationPrintout:
    """A `Printout` of a derivation, with its value at a point and an optional plot.

    A partial derivation (``derivation.complete`` false) shows its "no rule" steps
    marked, has no value at the point, and ends with a line naming the uncovered parts.

    Args:
        derivation: the engine's `Derivation`.
        at: {Symbol: value} to evaluate the derivative at, or None.
        plot: a terminal plot (text) to show after the value, or None.
        tangent: the tangent line's right-hand side, y = f(x₀) + f′(x₀)(x − x₀), or None.
    """

    def __init__(self, derivation: Derivation, at: dict | None = None, plot: str | None = None,
                 tangent=None):
        self.derivation = derivation
        self.at = dict(at or {})
        self.plot = plot
        self.tangent = tangent
        self.uncovered = derivation.uncovered
        evaluate = self.at and not self.uncovered
        self.value = writable(evaluate_at(derivation.result, self.at)) if evaluate else None
        others = derivation.expr.free_symbols - {derivation.variable}
        self.partial = bool(others)
        self.partial_vars = frozenset({derivation.variable}) if self.partial else frozenset()

    # The pieces every format shares.
    def _header(self, style: Style) -> str:
        return style.dexpr(self.derivation.variable, self.derivation.expr, self.partial)

    def _answer(self, style: Style) -> str:
        return style.eq(self._header(style), style.math(self.derivation.result))

    def _value(self, style: Style) -> str | None:
        if self.at and self.uncovered:
            return style.words("no value (the derivation is partial)")
        return None if self.value is None else value_text(self.value, style)

    def _tangent(self, style: Style) -> str | None:
        """ "Tangent line at x = 3: y = 6x − 9" """
        if self.tangent is None:
            return None
        var = self.derivation.variable
        point = style.wrap(f"{style.math(var)} = {style.math(self.at[var])}")
        return f"{style.words('Tangent line at ')}{point}: {style.eq('y', style.math(self.tangent))}"

    def _uncovered(self, style: Style) -> str | None:
        """ "Partial derivation: no rule covers max(0, x), so its derivative is left unevaluated." """
        if not self.uncovered:
            return None
        parts = [style.m(e) for e in self.uncovered]
        named = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + style.words(" and ") + parts[-1]
        rest = ("so its derivative is" if len(parts) == 1 else "so their derivatives are") + " left unevaluated."
        return f"{style.words('Partial derivation: no rule covers ')}{named}, {style.words(rest)}"

    def _document(self, fmt: str) -> str:
        """The printout in one of the line formats (text, markdown, latex)."""
        lay = _LAYOUTS[fmt]
        s = lay.style
        header = self._header(s)
        lines = [lay.header.format(h=header, hw=s.wrap(header)), ""]
        lines += step_lines(self.derivation.steps, fmt, partial_vars=self.partial_vars)
        lines += ["", lay.answer.format(a=self._answer(s))]
        gap = [""] if lay.gap else []
        value = self._value(s)
        if value is not None:
            lines += gap + [lay.at.format(p=s.wrap(point_text(self.at, s)), v=value)]
        for closing in (self._tangent(s), self._uncovered(s)):
            if closing is not None:
                lines += gap + [lay.line.format(t=closing)]
        if self.plot and lay.plot is not None:
            lines += [*lay.plot[0], self.plot.rstrip("\n"), *lay.plot[1]]
        return "\n".join(lines) + "\n"

    def text(self) -> str:
        """Plain Unicode text."""
        return self._document("text")

    def markdown(self) -> str:
        """Markdown with ``$…$`` math."""
        return self._document("markdown")

    def latex(self) -> str:
        """A LaTeX fragment to paste into a document (amsmath; no preamble)."""
        return self._document("latex")

    def latex_document(self) -> str:
        """A complete document that pdflatex compiles (what --output FILE.tex writes)."""
        return latex_document(self.latex())

    def data(self) -> dict:
        """Derivation.to_dict(), plus "value" (and "value_float") with a point."""
        out = self.derivation.to_dict()
        if self.at and self.uncovered:
            out["at"] = {str(k): str(v) for k, v in self.at.items()}
        if self.value is not None:
            out["at"] = {str(k): str(v) for k, v in self.at.items()}
            out["value"] = str(self.value)
            if self.value.is_number and self.value.is_real and math.isfinite(float(self.value)):
                out["value_float"] = float(self.value)
        if self.tangent is not None:
            out["tangent"] = str(self.tangent)
        return out

    def rich(self):
        """A rich renderable: the step tree, the answer and the value."""
        from rich.console import Group
        from rich.text import Text

        s = TEXT
        tree = step_tree(self.derivation.steps, partial_vars=self.partial_vars)
        parts = [Text(self._header(s), style="bold"), Text(""), tree, Text(""),
                 Text.assemble(("Answer: ", "bold"), (self._answer(s), "bold green"))]
        value = self._value(s)
        if value is not None:
            parts.append(Text.assemble((f"At {point_text(self.at)}: ", "bold"), (value, "bold green")))
        if self.tangent is not None:
            parts.append(Text(self._tangent(s)))
        if self.uncovered:
            parts.append(Text(self._uncovered(s), style="bold red"))
        if self.plot:
            parts += [Text(""), Text.from_ansi(self.plot.rstrip("\n"))]
        return Group(*parts)


def latex_document(body: str) -> str:
    """Wrap a LaTeX fragment in a compilable article (the shared preamble declares Unicode)."""
    from symtutor.render.latex_preamble import latex_document as document

    return document(body)
