"""The chain-rule printout: the graph, each local derivative step by step, their
product along every path, the substituted result, its value and the finite-difference check.
"""

from __future__ import annotations

from typing import Any

from symtutor.topics.descent import is_rounded
from symtutor.topics.network import FD_STEP, ChainResult, Link, Partial
from symtutor.render.blocks import Block, BlocksPrintout
from symtutor.render.derivation import Style
from symtutor.render.descent import num
from symtutor.notation.mathfmt import superscript

#: h = 10^FD_EXPONENT, as written in the printout.
FD_EXPONENT = -len(str(FD_STEP.q)) + 1


#: An exact value longer than this (as written) is shown only as a decimal.
MAX_EXACT_CHARS = 40


def partial_name(of: Any, wrt: Any, style: Style) -> str:
    """∂L/∂w written bare in `style`."""
    if style.name == "text":
        return f"∂{style.math(of)}/∂{style.math(wrt)}"
    return rf"\frac{{\partial {style.math(of)}}}{{\partial {style.math(wrt)}}}"


def _factor(expr: Any, style: Style) -> str:
    """One factor of a written product, bracketed where juxtaposition would misread it."""
    text = style.math(expr)
    if expr.is_Add or text.startswith(("-", "−")) or (style.name == "text" and "/" in text):
        return style.paren(expr, text) if not ("/" in text and not expr.is_Add) else f"({text})"
    return text


def _value(value: Any, style: Style) -> str:
    """A point's coordinate: 0.5 rather than 1/2 when the decimal is exact and short."""
    if value.is_Rational and not is_rounded(value):
        return num(value, style)
    return style.math(value)


class ChainPrintout(BlocksPrintout):
    """A `Printout` of a ChainResult."""

    def __init__(self, result: ChainResult):
        self.result = result

    def _title(self, style: Style) -> Block:
        defs = ", ".join(f"{style.math(n)} = {style.math(e)}" for n, e in self.result.definitions)
        if style.name == "text":
            return Block("heading", f"The chain rule through {defs}")
        return Block("heading", style.words("The chain rule through ") + style.wrap(defs))

    def _graph(self, style: Style) -> list[Block]:
        r = self.result
        lines = []
        # Inputs first, then each node after what it depends on: the forward pass order.
        for name in reversed(r.order):
            expr = r.definition(name)
            ins = ", ".join(style.math(s) for s in sorted(expr.free_symbols, key=str))
            definition = f"{style.math(name)} = {style.math(expr)}"
            if style.name == "text":
                lines.append(f"  {definition:<28} from {ins}")
            else:
                lines.append(style.wrap(definition) + style.words(" from ") + style.wrap(ins))
        inputs = ", ".join(style.math(s) for s in r.inputs)
        lines.append(("  " if style.name == "text" else "") + style.words("inputs and parameters: ")
                     + (inputs if style.name == "text" else style.wrap(inputs)))
        if r.forward:
            lines.append(("  " if style.name == "text" else "") + style.words("forward pass at the point:"))
            for name, value in r.forward.items():
                shown = _value(value, style) if value.is_Rational else num(float(value.evalf(20)), style)
                eq = "=" if value.is_Rational and not is_rounded(value) else "≈"
                if style.name == "text":
                    lines.append(f"    {style.math(name)} {eq} {shown}")
                else:
                    lines.append(style.wrap(f"{style.math(name)} {eq if eq == '=' else chr(92) + 'approx'} {shown}"))
        arrow = " → " if style.name == "text" else r" \to "
        for p in r.partials:
            for path in p.paths:
                way = arrow.join(style.math(n) for n in reversed(path))
                lines.append(("  " if style.name == "text" else "")
                             + style.words("path from ") + style.m(p.param) + style.words(" to the loss: ")
                             + (way if style.name == "text" else style.wrap(way)))
        return [Block("heading", style.words("The computation graph")), Block("lines", lines=lines)]

    def _links(self, style: Style) -> list[Block]:
        blocks = [Block("heading", style.words("Each local derivative, step by step"))]
        for i, link in enumerate(self.result.links, 1):
            blocks += self._link(link, i, style)
        return blocks

    def _link(self, link: Link, i: int, style: Style) -> list[Block]:
        name = partial_name(link.of, link.wrt, style)
        lead = f"{name}, from {style.math(link.of)} = {style.math(link.expr)}"
        out = [Block("para", f"{i}. {lead}" if style.name == "text" else f"{i}. " + style.wrap(name)
                     + style.words(", from ") + style.wrap(f"{style.math(link.of)} = {style.math(link.expr)}"))]
        others = link.expr.free_symbols - {link.wrt}
        partial = frozenset({link.wrt}) if others else frozenset()
        out.append(Block("steps", step=link.step, partial_vars=partial, number=f"{i}"))
        result = f"{name} = {style.math(link.derivative)}"
        out.append(Block("para", f"   so {result}" if style.name == "text" else style.words("so ") + style.wrap(result)))
        return out

    def _partial(self, p: Partial, style: Style) -> list[Block]:
        r = self.result
        text = style.name == "text"
        name = partial_name(r.loss, p.param, style)
        dot = "·" if text else r" \cdot "
        plus = " + "
        names = plus.join(dot.join(partial_name(a, b, style) for a, b in zip(path, path[1:])) for path in p.paths)
        links = {(lk.of, lk.wrt): lk for lk in r.links}
        def product(path) -> str:
            # Factors equal to 1 (∂z/∂b for z = wx + b) say nothing once the names are written.
            parts = [links[(a, b)].derivative for a, b in zip(path, path[1:])]
            kept = [d for d in parts if d != 1]
            if len(kept) == 1:
                return style.math(kept[0])
            shown = [_factor(d, style) for d in kept]
            return dot.join(shown) if shown else "1"

        factors = plus.join(product(path) for path in p.paths)
        lines = []
        indent = "  " + " " * len(name)
        if text:
            lines += [f"  {name} = {names}", f"{indent} = {factors}"]
        else:
            lines.append(style.wrap(f"{name} = {names} = {factors}"))
        if len(p.paths) > 1:
            lines.append(("  " if text else "") + style.words("(a sum: ") + style.m(p.param)
                         + style.words(" reaches ") + style.m(r.loss)
                         + style.words(f" along {len(p.paths)} paths, one product per path)"))
        substitutions = [n for n in r.order if n != r.loss and n != p.param]
        if substitutions:
            subs = ", ".join(f"{style.math(n)} = {style.math(r.definition(n))}" for n in substitutions)
            if text:
                lines += [f"  substituting {subs}:", f"{indent} = {style.math(p.result)}"]
            else:
                lines.append(style.words("substituting ") + style.wrap(subs) + style.words(": ")
                             + style.wrap(f"{name} = {style.math(p.result)}"))
        blocks = [Block("heading", style.words("The chain rule: ") + (name if text else style.wrap(name))),
                  Block("lines", lines=lines)]
        if p.value is not None:
            blocks.append(Block("lines", lines=self._value_lines(p, style, name)))
        return blocks

    def _value_lines(self, p: Partial, style: Style, name: str) -> list[str]:
        r = self.result
        text = style.name == "text"
        at = ", ".join(f"{style.math(k)} = {_value(v, style)}" for k, v in r.at.items())
        exact = style.math(p.value)
        decimal = num(p.value_float, style)
        show_exact = len(exact) <= MAX_EXACT_CHARS and not p.value.is_Integer and exact != decimal
        if text:
            value = f"{name} = {exact} ≈ {decimal}" if show_exact else f"{name} = {decimal}" if p.value.is_Rational \
                else f"{name} ≈ {decimal}"
            lines = [f"  at {at}:", f"    {value}"]
        else:
            value = (f"{name} = {exact} \\approx {decimal}" if show_exact
                     else f"{name} = {decimal}" if p.value.is_Rational else f"{name} \\approx {decimal}")
            lines = [style.words("at ") + style.wrap(at) + style.words(": ") + style.wrap(value)]
        for kink in p.kinks:
            arg = style.math(kink.arg)
            sentence = (f"relu has a kink where {arg} = 0, which is where this point is: its derivative "
                        f"is undefined there. symtutor uses relu′(0) = {kink.used}, as most frameworks do, "
                        "so the finite difference (which straddles the kink) need not agree.")
            lines.append(("  " if text else "") + style.words(sentence) if text else style.words(sentence))
        loss = style.math(r.loss)
        var = style.math(p.param)
        fd = num(p.finite_difference, style)
        diff = abs(p.value_float - p.finite_difference)
        if p.agrees:
            agreement, mark = "agrees", "✓"
        elif p.kinks:
            agreement, mark = "differs, as it may at the kink", "·"
        else:
            agreement, mark = "DISAGREES", "✗"
        if text:
            h = f"10{superscript(FD_EXPONENT)}"
            lines.append(f"  check by finite difference, ({loss}({var} + h) − {loss}({var} − h))/2h with h = {h}:")
            lines.append(f"    {fd}   {mark} {agreement} (difference {num(diff, style)})")
        else:
            formula = rf"\frac{{{loss}({var} + h) - {loss}({var} - h)}}{{2h}}"
            lines.append(style.words("check by finite difference: ") + style.wrap(f"{formula} = {fd}")
                         + style.words(" with ") + style.wrap(f"h = 10^{{{FD_EXPONENT}}}")
                         + style.words(f": {agreement} (difference ") + style.wrap(num(diff, style))
                         + style.words(")"))
        return lines

    def _kink_note(self, style: Style) -> list[Block]:
        from symtutor.notation.functions import relu

        if not any(e.has(relu) for _, e in self.result.definitions):
            return []
        note = ("relu′(z) is 1 for z > 0 and 0 for z < 0; at the kink z = 0 it is undefined "
                "(symtutor uses 0 there, as most frameworks do).")
        return [Block("para", style.words(note))]

    def blocks(self, style: Style) -> list[Block]:
        blocks = [self._title(style), *self._graph(style), *self._links(style), *self._kink_note(style)]
        for p in self.result.partials:
            blocks += self._partial(p, style)
        return blocks

    def data(self) -> dict:
        return self.result.to_dict()
