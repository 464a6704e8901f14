"""The first-principles printout: the limit of the difference quotient, line by line."""

from __future__ import annotations

import functools

from symtutor.topics.first_principles import STANDARD_LIMITS, STANDARD_LIMITS_LATEX, Difference, FirstPrinciples, Over
from symtutor.render.derivation import LATEX, MARKDOWN, TEXT, Style, latex_document, point_text, value_text
from symtutor.derivation.tidy import trailing


def _h_last(method):
    """Write the step h last in every sum, as a teacher does: x² + 2hx + h², 2x + h."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with trailing(self.fp.h):
            return method(self, *args, **kwargs)

    return wrapper


def _label(kind: str, fp: FirstPrinciples, style: Style) -> str:
    """The left-hand side of a line of working, bare."""
    x, h = style.math(fp.var), style.math(fp.h)
    # The limit is taken of the quotient as the working last wrote it.
    quotient = next((line.forms[-1] for line in fp.lines if line.kind == "quotient"), fp.difference_quotient)
    if style.name == "text":
        labels = {
            "shifted": f"f({x} + {h})",
            "numerator": f"f({x} + {h}) − f({x})",
            "conjugate": f"f({x} + {h}) − f({x})",
            "quotient": f"(f({x} + {h}) − f({x}))/{h}",
            "limit": f"lim_{{{h}→0}} {_paren_text(quotient)}",
        }
    else:
        labels = {
            "shifted": f"f({x} + {h})",
            "numerator": f"f({x} + {h}) - f({x})",
            "conjugate": f"f({x} + {h}) - f({x})",
            "quotient": rf"\frac{{f({x} + {h}) - f({x})}}{{{h}}}",
            "limit": rf"\lim_{{{h} \to 0}} \left({style.math(quotient)}\right)",
        }
    return labels[kind]


def _form(form, style: Style) -> str:
    """One form of a line, bare: an expression, or a difference written as it was taken."""
    if isinstance(form, Over):
        top, bottom = _form(form.top, style), _form(form.bottom, style)
        if style.name != "text":
            return rf"\frac{{{top}}}{{{bottom}}}"
        if isinstance(form.top, Difference) or form.top.is_Add:
            top = f"({top})"
        if not (form.bottom.is_Atom or form.bottom.is_Function or form.bottom.is_Pow):
            bottom = f"({bottom})"
        return f"{top}/{bottom}"
    if not isinstance(form, Difference):
        return style.math(form)
    left = style.paren(form.left, style.math(form.left)) if form.left.is_Add else style.math(form.left)
    right = style.math(form.right)
    if form.right.is_Add or right.startswith(("−", "-")):
        right = style.paren(form.right, right) if form.right.is_Add else f"({right})"
    minus = "−" if style.name == "text" else "-"
    return f"{left} {minus} {right}"


def _paren_text(expr) -> str:
    text = TEXT.math(expr)
    return f"({text})" if expr.is_Add else text


class FirstPrinciplesPrintout:
    """A `Printout` of `first_principles.work`, with the value at a point.

    Args:
        fp: the working.
        at: {Symbol: value} or None.
        rules_result: the engine's derivative, shown as a cross-check (optional).
        input_text: what the user typed (JSON "input"); str(f) when omitted.
    """

    def __init__(self, fp: FirstPrinciples, at: dict | None = None, rules_result=None, input_text=None):
        from symtutor.render.derivation import evaluate_at

        self.fp = fp
        self.input_text = input_text if input_text is not None else str(fp.expr)
        self.at = dict(at or {})
        self.rules_result = rules_result
        self.value = evaluate_at(fp.result, self.at) if self.at else None

    def _lines(self, style: Style) -> list[tuple[str, str, str]]:
        """(number, equation, note) for each line of working."""
        out = []
        for i, line in enumerate(self.fp.lines, 1):
            parts = [_label(line.kind, self.fp, style)] + [_form(f, style) for f in line.forms]
            note = style.fill(line.note, line.terms)
            if line.kind == "limit" and self.fp.limits_used:
                table = STANDARD_LIMITS if style.name == "text" else {
                    k: style.wrap(v) for k, v in STANDARD_LIMITS_LATEX.items()}
                note = (style.words("use the standard limits ") + ", ".join(table[k] for k in self.fp.limits_used)
                        + style.words(": the limit is ") + note)
            out.append((str(i), style.wrap(" = ".join(parts)), note))
        return out

    def _definition(self, style: Style) -> str:
        x, h = style.math(self.fp.var), style.math(self.fp.h)
        if style.name == "text":
            return f"f′({x}) = lim_{{{h}→0}} (f({x} + {h}) − f({x}))/{h}"
        return rf"f'({x}) = \lim_{{{h} \to 0}} \frac{{f({x} + {h}) - f({x})}}{{{h}}}"

    def _fx(self, style: Style) -> str:
        return style.eq(f"f({style.math(self.fp.var)})", style.math(self.fp.expr))

    def _result(self, style: Style) -> str:
        x = style.math(self.fp.var)
        prime = "f′" if style.name == "text" else "f'"
        return style.eq(f"{prime}({x})", style.math(self.fp.result))

    def _value_line(self, style: Style) -> str | None:
        if self.value is None:
            return None
        prime = "f′" if style.name == "text" else "f'"
        arg = ", ".join(style.math(v) for v in self.at.values())
        return style.wrap(f"{prime}({arg})") + " = " + value_text(self.value, style)

    @_h_last
    def text(self) -> str:
        """Plain Unicode text."""
        s = TEXT
        lines = [f"f({s.math(self.fp.var)}) = {s.math(self.fp.expr)}", f"Definition: {self._definition(s)}", ""]
        for number, equation, note in self._lines(s):
            lines.append(f"{number}  {equation}")
            if note:
                lines.append(f"   ({note})")
        lines += ["", f"Difference quotient: {s.math(self.fp.difference_quotient)}",
                  f"Derivative: {self._result(s)}"]
        if self.rules_result is not None:
            lines.append(f"Check by the rules: d/d{s.math(self.fp.var)} [{s.math(self.fp.expr)}] = "
                         f"{s.math(self.rules_result)}")
        value = self._value_line(s)
        if value:
            lines.append(f"At {point_text(self.at)}: {value}")
        return "\n".join(lines) + "\n"

    @_h_last
    def markdown(self) -> str:
        """Markdown with ``$…$`` math."""
        s = MARKDOWN
        lines = [f"### Derivative of {self._fx(s)} from first principles", "",
                 f"Definition: {s.wrap(self._definition(s))}", ""]
        for number, equation, note in self._lines(s):
            lines.append(f"{number}. {equation}")
            if note:
                lines.append(f"   - {note}")
        lines += ["", f"**Difference quotient:** {s.m(self.fp.difference_quotient)}", "",
                  f"**Derivative:** {self._result(s)}"]
        if self.rules_result is not None:
            lines += ["", "**Check by the rules:** " + s.wrap(
                f"{s.dexpr(self.fp.var, self.fp.expr, False)} = {s.math(self.rules_result)}")]
        value = self._value_line(s)
        if value:
            lines += ["", f"**At {s.wrap(point_text(self.at, s))}:** {value}"]
        return "\n".join(lines) + "\n"

    @_h_last
    def latex(self) -> str:
        """A LaTeX fragment (amsmath)."""
        s = LATEX
        lines = [rf"\noindent Derivative of {self._fx(s)} from first principles:", rf"\[ {self._definition(s)} \]",
                 r"\begin{enumerate}"]
        for _number, equation, note in self._lines(s):
            lines.append(rf"  \item {equation}" + (rf" \\ ({note})" if note else ""))
        lines += [r"\end{enumerate}",
                  rf"\noindent\textbf{{Difference quotient:}} {s.m(self.fp.difference_quotient)}\\",
                  rf"\textbf{{Derivative:}} {self._result(s)}"]
        if self.rules_result is not None:
            lines[-1] += r"\\"
            lines.append(r"\textbf{Check by the rules:} " + s.wrap(
                f"{s.dexpr(self.fp.var, self.fp.expr, False)} = {s.math(self.rules_result)}"))
        value = self._value_line(s)
        if value:
            lines[-1] += r"\\"
            lines.append(rf"\textbf{{At ${point_text(self.at, s)}$:}} {value}")
        return "\n".join(lines) + "\n"

    def latex_document(self) -> str:
        """A complete document that pdflatex compiles."""
        return latex_document(self.latex())

    def data(self) -> dict:
        """The JSON contract: difference_quotient, result, value, steps."""
        fp = self.fp
        out = {
            "input": self.input_text,
            "expr": str(fp.expr),
            "variable": str(fp.var),
            "increment": str(fp.h),
            "method": fp.method,
            "difference_quotient": str(fp.difference_quotient),
            "result": str(fp.result),
            "steps": [
                {"label": _label(line.kind, fp, TEXT), "kind": line.kind, "expr": str(line.forms[-1]),
                 "forms": [str(f) for f in line.forms], "note": line.explain(TEXT.math)}
                for line in fp.lines
            ],
            "standard_limits": [STANDARD_LIMITS[k] for k in fp.limits_used],
        }
        if self.value is not None:
            out["at"] = {str(k): str(v) for k, v in self.at.items()}
            out["value"] = str(self.value)
            if self.value.is_number and self.value.is_real:
                out["value_float"] = float(self.value)
        return out

    @_h_last
    def rich(self):
        """A rich renderable."""
        from rich.console import Group
        from rich.text import Text

        s = TEXT
        parts = [Text(f"f({s.math(self.fp.var)}) = {s.math(self.fp.expr)}", style="bold"),
                 Text.assemble(("Definition: ", "dim"), self._definition(s)), Text("")]
        for number, equation, note in self._lines(s):
            parts.append(Text.assemble((f"{number}  ", "bold cyan"), equation))
            if note:
                parts.append(Text(f"   {note}", style="italic dim"))
        parts += [Text(""),
                  Text.assemble(("Difference quotient: ", "bold"), (s.math(self.fp.difference_quotient), "yellow")),
                  Text.assemble(("Derivative: ", "bold"), (self._result(s), "bold green"))]
        if self.rules_result is not None:
            parts.append(Text.assemble(("Check by the rules: ", "dim"),
                                       f"d/d{s.math(self.fp.var)} [{s.math(self.fp.expr)}] = "
                                       f"{s.math(self.rules_result)}"))
        value = self._value_line(s)
        if value:
            parts.append(Text.assemble((f"At {point_text(self.at)}: ", "bold"), (value, "bold green")))
        return Group(*parts)
