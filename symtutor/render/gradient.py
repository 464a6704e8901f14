"""The gradient printout: each partial derivative step by step, then ∇f and its reading."""

from __future__ import annotations

from symtutor.topics.gradient import Gradient
from symtutor.render.derivation import (
    LATEX,
    MARKDOWN,
    TEXT,
    Style,
    decimal,
    is_decimal_worthy,
    latex_document,
    point_text,
    step_lines,
    step_tree,
)


def _vector(style: Style, items: list[str]) -> str:
    """[a, b] from bare math strings, bare."""
    if style.name == "text":
        return "[" + ", ".join(items) + "]"
    return r"\left[" + ", ".join(items) + r"\right]"


def _over(style: Style, c, norm) -> str:
    """c/|∇f| the way it is written by hand: 7/√113 rather than 7√113/113."""
    if not (c.is_Integer and norm.is_Pow):
        import sympy

        # Only whole components read well over the root; anything else is shown simplified.
        return style.math(sympy.radsimp(c / norm))
    num = style.math(abs(c))
    den = style.math(norm)
    sign = "" if c.is_nonnegative else ("−" if style.name == "text" else "-")
    if c.is_zero:
        return "0"
    if style.name == "text":
        return f"{sign}{num}/{den}"
    return rf"{sign}\frac{{{num}}}{{{den}}}"


def _decimals(values, style: Style) -> str:
    minus = "−" if style.name == "text" else "-"
    return _vector(style, [decimal(v, 4, minus) for v in values])


def _rate(value) -> str:
    """A rate for the reading: 7, 2.5, 0.333."""
    if value.is_Integer:
        return str(abs(int(value)))
    return decimal(abs(value), 3)


class GradientPrintout:
    """A `Printout` of `gradient.gradient`.

    Args:
        grad: the `Gradient`.
        input_text: what the user typed (JSON "input"); str(f) when omitted.
    """

    def __init__(self, grad: Gradient, input_text: str | None = None):
        self.g = grad
        self.input_text = input_text if input_text is not None else str(grad.expr)

    def _fname(self, style: Style) -> str:
        return "f(" + ", ".join(style.math(v) for v in self.g.variables) + ")"

    def _partial_name(self, var, style: Style) -> str:
        v = style.math(var)
        return f"∂f/∂{v}" if style.name == "text" else rf"\frac{{\partial f}}{{\partial {v}}}"

    def _held(self, var) -> list:
        return [v for v in self.g.variables if v != var]

    def _held_text(self, var, style: Style) -> str:
        held = self._held(var)
        if not held:
            return ""
        names = ", ".join(style.m(v) for v in held)
        verb = "is" if len(held) == 1 else "are"
        return f"{names} {verb} held constant"

    def _nabla(self, style: Style) -> str:
        return "∇f" if style.name == "text" else r"\nabla f"

    def _gradient_line(self, style: Style) -> str:
        return style.eq(self._nabla(style), _vector(style, [style.math(p) for p in self.g.partials]))

    def _with_decimals(self, style: Style, exact: str, values) -> str:
        """exact ≈ decimals as one inline math span (decimals only when they add something)."""
        if not any(is_decimal_worthy(v) for v in values):
            return style.wrap(exact)
        if style.name == "text":
            return f"{exact} ≈ {_decimals(values, style)}"
        return style.wrap(rf"{exact} \approx {_decimals(values, style)}")

    def _value_line(self, style: Style) -> str | None:
        if self.g.value is None:
            return None
        exact = f"{self._nabla(style)} = " + _vector(style, [style.math(c) for c in self.g.value])
        return self._with_decimals(style, exact, self.g.value)

    def _norm_line(self, style: Style) -> str | None:
        norm = self.g.norm
        if norm is None:
            return None
        bars = "|∇f|" if style.name == "text" else r"\lvert\nabla f\rvert"
        exact = f"{bars} = {style.math(norm)}"
        if not is_decimal_worthy(norm):
            return style.wrap(exact)
        minus = "−" if style.name == "text" else "-"
        sign = " ≈ " if style.name == "text" else r" \approx "
        return style.wrap(exact + sign + decimal(norm, 6, minus))

    def _direction(self, style: Style, sign: int, comps) -> str:
        """sign·∇f/|∇f|, exact, with decimals beside it unless it is all integers."""
        exact = _vector(style, [_over(style, sign * c, self.g.norm) for c in self.g.value])
        return self._with_decimals(style, exact, comps)

    def _direction_lines(self, style: Style) -> list[tuple[str, str]]:
        g = self.g
        if g.value is None:
            return []
        if g.ascent is None:
            return [("Stationary point", style.words("∇f = 0 here, so no direction is steepest; f is flat "
                                                     "to first order."))]
        return [("Steepest ascent", self._direction(style, 1, g.ascent)),
                ("Steepest descent", self._direction(style, -1, g.descent))]

    def _reading(self, style: Style) -> list[str]:
        g = self.g
        if g.value is None:
            return []
        out = []
        for var, comp in zip(g.variables, g.value):
            name = style.m(var)
            if not comp.is_real:
                continue
            if comp.is_zero:
                out.append(f"a small step in {name} leaves f unchanged to first order")
            elif comp.is_positive:
                out.append(f"a small step in {name} raises f about {_rate(comp)}× as much as the step")
            else:
                out.append(f"a small step in {name} lowers f about {_rate(comp)}× as much as the step")
        if g.ascent is not None:
            norm = _rate(g.norm) if g.norm.is_Integer else decimal(g.norm, 4)
            bars = "|∇f|" if style.name == "text" else style.wrap(r"\lvert\nabla f\rvert")
            out.append(f"stepping along the steepest-ascent direction raises f about {norm}× as much as "
                       f"the step (that is {bars}); the opposite direction lowers it as fast")
        if style.name == "latex":
            return [o.replace("×", r"$\times$") for o in out]
        return out

    def _sections(self, style_name: str):
        """(var, title, held sentence, step lines) per partial derivative."""
        style = {"text": TEXT, "markdown": MARKDOWN, "latex": LATEX}[style_name]
        for i, (var, d) in enumerate(zip(self.g.variables, self.g.derivations), 1):
            yield var, self._partial_name(var, style), self._held_text(var, style), step_lines(
                d.steps, style_name, number=str(i), partial_vars={var} if len(self.g.variables) > 1 else ())

    def text(self) -> str:
        """Plain Unicode text."""
        s = TEXT
        lines = [f"{self._fname(s)} = {s.math(self.g.expr)}", ""]
        for var, title, held, body in self._sections("text"):
            lines.append(f"{title}" + (f"  ({held})" if held else ""))
            lines += body
            lines.append("")
        lines.append(f"Gradient: {self._gradient_line(s)}")
        if self.g.value is not None:
            lines.append(f"At {point_text(self.g.at)}: {self._value_line(s)}")
            lines.append(f"Length: {self._norm_line(s)}")
            lines += [f"{label}: {text}" for label, text in self._direction_lines(s)]
            reading = self._reading(s)
            if reading:
                lines += ["", "Reading:"] + [f"  - {r}" for r in reading]
        return "\n".join(lines) + "\n"

    def markdown(self) -> str:
        """Markdown with ``$…$`` math."""
        s = MARKDOWN
        lines = [f"### Gradient of {s.eq(self._fname(s), s.math(self.g.expr))}", ""]
        for var, title, held, body in self._sections("markdown"):
            lines.append(f"#### {s.wrap(title)}" + (f" ({held})" if held else ""))
            lines.append("")
            lines += body
            lines.append("")
        lines.append(f"**Gradient:** {self._gradient_line(s)}")
        if self.g.value is not None:
            lines += ["", f"**At {s.wrap(point_text(self.g.at, s))}:** {self._value_line(s)}", "",
                      f"**Length:** {self._norm_line(s)}"]
            for label, text in self._direction_lines(s):
                lines += ["", f"**{label}:** {text}"]
            reading = self._reading(s)
            if reading:
                lines += ["", "**Reading:**", ""] + [f"- {r}" for r in reading]
        return "\n".join(lines) + "\n"

    def latex(self) -> str:
        """A LaTeX fragment (amsmath)."""
        s = LATEX
        lines = [rf"\noindent Gradient of ${self._fname(s)} = {s.math(self.g.expr)}$", ""]
        for var, title, held, body in self._sections("latex"):
            lines.append(rf"\par\medskip\noindent ${title}$" + (f" ({held})" if held else "") + r"\par")
            lines += body
        lines += ["", rf"\par\medskip\noindent\textbf{{Gradient:}} {self._gradient_line(s)}\par"]
        if self.g.value is not None:
            lines.append(rf"\par\noindent\textbf{{At ${point_text(self.g.at, s)}$:}} {self._value_line(s)}\par")
            lines.append(rf"\par\noindent\textbf{{Length:}} {self._norm_line(s)}\par")
            for label, text in self._direction_lines(s):
                lines.append(rf"\par\noindent\textbf{{{label}:}} {text}\par")
            reading = self._reading(s)
            if reading:
                lines.append(r"\begin{itemize}")
                lines += [rf"  \item {r}" for r in reading]
                lines.append(r"\end{itemize}")
        return "\n".join(lines) + "\n"

    def latex_document(self) -> str:
        """A complete document that pdflatex compiles."""
        return latex_document(self.latex())

    def data(self) -> dict:
        """The JSON contract: partials, gradient, value, steepest_ascent, steepest_descent."""
        g = self.g
        out = {
            "input": self.input_text,
            "expr": str(g.expr),
            "variables": [str(v) for v in g.variables],
            "partials": {str(v): str(p) for v, p in zip(g.variables, g.partials)},
            "gradient": [str(p) for p in g.partials],
            "steps": {str(v): d.steps.to_dict() for v, d in zip(g.variables, g.derivations)},
            "steepest_ascent": None,
            "steepest_descent": None,
        }
        if g.value is not None:
            out["at"] = {str(k): str(v) for k, v in g.at.items()}
            out["value"] = [str(c) for c in g.value]
            out["value_float"] = _floats(g.value)
            out["norm"] = str(g.norm)
            out["norm_float"] = _floats([g.norm])[0] if _floats([g.norm]) else None
        if g.ascent is not None:
            out["steepest_ascent"] = [str(c) for c in g.ascent]
            out["steepest_descent"] = [str(c) for c in g.descent]
            out["steepest_ascent_float"] = _floats(g.ascent)
            out["steepest_descent_float"] = _floats(g.descent)
        return out

    def rich(self):
        """A rich renderable."""
        from rich.console import Group
        from rich.text import Text

        s = TEXT
        parts = [Text(f"{self._fname(s)} = {s.math(self.g.expr)}", style="bold"), Text("")]
        for i, (var, d) in enumerate(zip(self.g.variables, self.g.derivations), 1):
            held = self._held_text(var, s)
            parts.append(Text.assemble((self._partial_name(var, s), "bold"), (f"  ({held})" if held else "", "dim")))
            parts.append(step_tree(d.steps, number=str(i),
                                   partial_vars={var} if len(self.g.variables) > 1 else ()))
            parts.append(Text(""))
        parts.append(Text.assemble(("Gradient: ", "bold"), (self._gradient_line(s), "bold green")))
        if self.g.value is not None:
            parts.append(Text.assemble((f"At {point_text(self.g.at)}: ", "bold"), (self._value_line(s), "bold green")))
            parts.append(Text.assemble(("Length: ", "bold"), self._norm_line(s)))
            for label, text in self._direction_lines(s):
                parts.append(Text.assemble((f"{label}: ", "bold"), text))
            reading = self._reading(s)
            if reading:
                parts += [Text(""), Text("Reading:", style="bold")] + [Text(f"  - {r}") for r in reading]
        return Group(*parts)


def _floats(values) -> list[float]:
    out = []
    for v in values:
        if not (v.is_number and v.is_real):
            return []
        out.append(float(v))
    return out

