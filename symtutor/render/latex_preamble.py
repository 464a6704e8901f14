"""The preamble every `.tex` document of symtutor starts with, so that pdflatex compiles it.

Printouts write math in LaTeX, but sentences (rule reasons, feedback, lesson prompts)
keep the Unicode a learner reads on a terminal: ŷ, η, ∂, ·, −, ², √, ✓. pdflatex with
the default fonts knows none of these, so each is declared once here with
`\\DeclareUnicodeCharacter`, as math (`\\ensuremath`) so it works in text and in
formulas alike. Only packages of Debian's texlive-latex-base and -recommended are used.
"""

from __future__ import annotations

#: Unicode character -> the LaTeX that draws it (inside \ensuremath unless it starts with "!").
UNICODE_MATH = {
    # Greek, as learners and the formulas write it.
    **{chr(0x3B1 + i): "\\" + name for i, name in enumerate(
        "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi ! pi rho "
        "varsigma sigma tau upsilon phi chi psi omega".split()) if name != "!"},
    "ο": "o", "Γ": r"\Gamma", "Δ": r"\Delta", "Θ": r"\Theta", "Λ": r"\Lambda", "Π": r"\Pi",
    "Σ": r"\Sigma", "Φ": r"\Phi", "Ψ": r"\Psi", "Ω": r"\Omega",
    # Operators and relations.
    "∂": r"\partial", "∇": r"\nabla", "·": r"\cdot", "⋅": r"\cdot", "−": "-", "×": r"\times",
    "÷": r"\div", "±": r"\pm", "∓": r"\mp", "≈": r"\approx", "≠": r"\neq", "≤": r"\leq",
    "≥": r"\geq", "≡": r"\equiv", "→": r"\to", "←": r"\leftarrow", "↦": r"\mapsto",
    "⇒": r"\Rightarrow", "↳": r"\hookrightarrow", "√": r"\surd", "∞": r"\infty",
    "∑": r"\sum", "∏": r"\prod", "∫": r"\int", "∈": r"\in", "∘": r"\circ", "⋮": r"\vdots",
    "…": r"\dots", "⋯": r"\cdots", "′": r"{}^{\prime}", "″": r"{}^{\prime\prime}",
    "✓": r"\checkmark", "✗": r"\times", "ŷ": r"\hat{y}", "ȳ": r"\bar{y}",
    "ℝ": r"\mathbb{R}",
    # Superscripts and subscripts (x², w₁); each on its own empty base, so that a run of
    # them (10⁻⁵) is not a "double superscript" in math mode.
    **{ch: f"{{}}^{{{d}}}" for ch, d in zip("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")},
    "⁺": "{}^{+}", "⁻": "{}^{-}", "ⁿ": "{}^{n}", "ˣ": "{}^{x}", "ʰ": "{}^{h}", "ⁱ": "{}^{i}",
    **{ch: f"{{}}_{{{d}}}" for ch, d in zip("₀₁₂₃₄₅₆₇₈₉", "0123456789")},
    # Box drawing of text tables and rules: a plain rule in print.
    "─": "!\\textendash{}", "═": "!=", "—": "!---", "–": "!--",
}


def _declarations() -> str:
    lines = []
    for ch, tex in sorted(UNICODE_MATH.items()):
        body = tex[1:] if tex.startswith("!") else rf"\ensuremath{{{tex}}}"
        lines.append(rf"\DeclareUnicodeCharacter{{{ord(ch):04X}}}{{{body}}}")
    return "\n".join(lines)


def preamble(*, packages: tuple[str, ...] = (), extra: str = "", size: str = "") -> str:
    """`\\documentclass` to just before `\\begin{document}`.

    Args:
        size: the class's font size option ("11pt"), or "" for the default.
        packages: more `\\usepackage` lines' contents, e.g. ``"[margin=2cm]{geometry}"``.
        extra: definitions to add after the packages.
    """
    lines = [
        rf"\documentclass{{article}}" if not size else rf"\documentclass[{size}]{{article}}",
        r"\usepackage[utf8]{inputenc}",
        r"\usepackage{amsmath,amssymb}",
        *(rf"\usepackage{p}" for p in packages),
        _declarations(),
    ]
    if extra:
        lines.append(extra.rstrip("\n"))
    return "\n".join(lines) + "\n"


def latex_document(body: str, *, packages: tuple[str, ...] = (), extra: str = "", size: str = "") -> str:
    """Wrap a LaTeX fragment in a complete document that pdflatex compiles."""
    body = body if body.endswith("\n") else body + "\n"
    return f"{preamble(packages=packages, extra=extra, size=size)}\\begin{{document}}\n{body}\\end{{document}}\n"
