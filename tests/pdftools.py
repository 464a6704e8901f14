"""Compile a .tex file with pdflatex, read its text back, and look at one page's pixels.

Tests that use these skip only when the TeX tools are truly absent (`.ci/run` installs
them: texlive-latex-base, texlive-latex-recommended, poppler-utils).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

TOOLS = ("pdflatex", "pdftotext", "pdftoppm")
MISSING = [tool for tool in TOOLS if shutil.which(tool) is None]
needs_tex = pytest.mark.skipif(bool(MISSING), reason=f"not on PATH: {', '.join(MISSING)}")


def compile_pdf(tex: Path) -> Path:
    """pdflatex `tex` in its folder (twice is never needed: no references); the PDF's path.

    Fails the test with the first LaTeX error when it does not compile.
    """
    result = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", tex.name],
        cwd=tex.parent, capture_output=True, text=True, errors="replace", timeout=120,
    )
    pdf = tex.with_suffix(".pdf")
    if result.returncode != 0 or not pdf.exists():
        log = result.stdout
        at = log.find("\n!")
        pytest.fail(f"pdflatex failed on {tex.name}:\n{log[at:at + 800] if at >= 0 else log[-800:]}")
    return pdf


def pdf_text(pdf: Path) -> str:
    """The PDF's text (pdftotext), with runs of white space made single spaces."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                         text=True, timeout=60, check=True).stdout
    return " ".join(out.split())


def page_count(pdf: Path) -> int:
    """How many pages (pdftotext separates them with form feeds)."""
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, timeout=60,
                         check=True).stdout
    return out.count("\f")


def dark_fraction(pdf: Path, page: int = 1) -> float:
    """The share of dark pixels on `page`, rendered at 50 dpi in grey (a PGM read by hand)."""
    out = subprocess.run(
        ["pdftoppm", "-gray", "-r", "50", "-f", str(page), "-l", str(page), str(pdf)],
        capture_output=True, timeout=60, check=True,
    ).stdout
    width, height, pixels = read_pgm(out)
    assert width * height == len(pixels)
    return sum(1 for b in pixels if b < 128) / len(pixels)


def read_pgm(data: bytes) -> tuple[int, int, bytes]:
    """(width, height, pixel bytes) of a binary 8-bit PGM (P5) image."""
    fields: list[bytes] = []
    pos = 0
    while len(fields) < 4:  # magic, width, height, maxval; '#' starts a comment
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    assert fields[0] == b"P5" and fields[3] == b"255", fields
    width, height = int(fields[1]), int(fields[2])
    return width, height, data[pos + 1:pos + 1 + width * height]
