"""Moodle XML: each item as a STACK question with one potential-response tree.

The question variables hold the function (``p``), the answer key (``ta``, our
derivative, or its value at the point) and one variable per likely mistake
(``m1``, ``m2``, ...; for value items ``v1``, ... their values). The PRT ``prt1``
tests the answer against ``ta`` first (``AlgEquiv``, or ``NumRelative`` for
numbers), then against each mistake in the checker's order; a node that matches a
mistake gives our feedback sentence and records the misconception label as its
answer note, which Moodle's responses report shows. Each question carries STACK
question tests (``qtest``): the answer key scores 1, each mistake reaches its node.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from symtutor.export.items import Export, ExportItem
from symtutor.export.maxima import maxima

#: The STACK version the XML is written for (STACK 4.4+ reads it).
STACK_VERSION = "2023121100"
#: Relative tolerance of numeric answers.
NUM_TOLERANCE = "0.001"


def _text(parent: ET.Element, tag: str, value: str = "", fmt: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(element, "text").text = value
    return element


def _simple(parent: ET.Element, tag: str, value: str = "") -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = value
    return element


def _html(text: str) -> str:
    from html import escape

    return escape(text, quote=False)


def question_variables(item: ExportItem) -> str:
    """The ``questionvariables`` program: p, ta, and one line per mistake.

    A first comment line names the problem as symtutor reads it (Maxima has no
    spelling of sigmoid, so ``p`` may be written out)."""
    lines = [f"/* symtutor: derivative of {item.problem} wrt {item.wrt} */", f"p: {maxima(item.function)};"]
    if item.kind == "value":
        lines.append(f"ta: {maxima(item.value)};")
        lines.append(f"tx: {maxima(item.expected)};")
    else:
        lines.append(f"ta: {maxima(item.expected)};")
    for k, mistake in enumerate(item.mistakes, 1):
        lines.append(f"m{k}: {maxima(mistake.expr)};")
        if item.kind == "value":
            lines.append(f"v{k}: {maxima(mistake.value)};")
    return "\n".join(lines)


def _question_text(item: ExportItem) -> str:
    d = f"\\frac{{d}}{{d{item.wrt}}}"
    where = ""
    if item.kind == "value":
        where = "\\Big|_{" + ", ".join(f"{k} = {maxima(v)}" for k, v in item.at) + "}"
    return (f"<p>{_html(item.prompt)}</p>"
            f"<p>\\[ {d}\\left({{@p@}}\\right){where} = \\]</p>"
            "<p>[[input:ans1]] [[validation:ans1]]</p>"
            f"<p><small>{_html(item.tag())}</small></p>")


def _input(question: ET.Element, item: ExportItem) -> None:
    element = ET.SubElement(question, "input")
    numeric = item.kind == "value"
    for tag, value in (
        ("name", "ans1"), ("type", "numerical" if numeric else "algebraic"), ("tans", "ta"),
        ("boxsize", "25"), ("strictsyntax", "1"), ("insertstars", "1"), ("syntaxhint", ""),
        ("syntaxattribute", "0"), ("forbidwords", ""), ("allowwords", ""),
        ("forbidfloat", "0" if numeric else "1"), ("requirelowestterms", "0"),
        ("checkanswertype", "0"), ("mustverify", "1"), ("showvalidation", "1"), ("options", ""),
    ):
        _simple(element, tag, value)


def _node(prt: ET.Element, number: int, last: int, tans: str, numeric: bool, *,
          score: str, note: str, feedback: str) -> None:
    node = ET.SubElement(prt, "node")
    _simple(node, "name", str(number))
    _simple(node, "description", note)
    _simple(node, "answertest", "NumRelative" if numeric else "AlgEquiv")
    _simple(node, "sans", "ans1")
    _simple(node, "tans", tans)
    _simple(node, "testoptions", NUM_TOLERANCE if numeric else "")
    _simple(node, "quiet", "0")
    for side, nscore, nnext, nnote, nfeedback in (
        ("true", score, "-1", note, feedback),
        ("false", "0", str(number + 1) if number < last else "-1", f"prt1-{number + 1}-F", ""),
    ):
        _simple(node, f"{side}scoremode", "=")
        _simple(node, f"{side}score", nscore)
        _simple(node, f"{side}penalty", "")
        _simple(node, f"{side}nextnode", nnext)
        _simple(node, f"{side}answernote", nnote)
        _text(node, f"{side}feedback", _html(nfeedback) if nfeedback else "", "html")


def _prt(question: ET.Element, item: ExportItem) -> None:
    prt = ET.SubElement(question, "prt")
    _simple(prt, "name", "prt1")
    _simple(prt, "value", "1.0000000")
    _simple(prt, "autosimplify", "1")
    _simple(prt, "feedbackstyle", "1")
    _text(prt, "feedbackvariables", "")
    numeric = item.kind == "value"
    last = len(item.mistakes)
    _node(prt, 0, last, "ta", numeric, score="1", note="prt1-1-T", feedback="")
    for k, mistake in enumerate(item.mistakes, 1):
        _node(prt, k, last, f"v{k}" if numeric else f"m{k}", numeric, score="0",
              note=f"prt1-{k + 1}-T-{mistake.label}", feedback=mistake.feedback)


def _qtests(question: ET.Element, item: ExportItem) -> None:
    """STACK's own question tests: the key scores 1, each mistake reaches its node."""
    cases = [("ta", "1", "prt1-1-T")]
    cases += [(f"v{k}" if item.kind == "value" else f"m{k}", "0", f"prt1-{k + 1}-T-{m.label}")
              for k, m in enumerate(item.mistakes, 1)]
    for number, (answer, score, note) in enumerate(cases, 1):
        qtest = ET.SubElement(question, "qtest")
        _simple(qtest, "testcase", str(number))
        _simple(qtest, "description", note)
        testinput = ET.SubElement(qtest, "testinput")
        _simple(testinput, "name", "ans1")
        _simple(testinput, "value", answer)
        expected = ET.SubElement(qtest, "expected")
        _simple(expected, "name", "prt1")
        _simple(expected, "expectedscore", score)
        _simple(expected, "expectedpenalty", "0")
        _simple(expected, "expectedanswernote", note)


def stack_question(item: ExportItem) -> ET.Element:
    """One ``<question type="stack">`` element."""
    question = ET.Element("question", {"type": "stack"})
    _text(question, "name", item.name)
    _text(question, "questiontext", _question_text(item), "html")
    _text(question, "generalfeedback", "", "html")
    _simple(question, "defaultgrade", "1")
    _simple(question, "penalty", "0.1")
    _simple(question, "hidden", "0")
    _simple(question, "idnumber", item.name)
    _text(question, "stackversion", STACK_VERSION)
    _text(question, "questionvariables", question_variables(item))
    _text(question, "specificfeedback", "[[feedback:prt1]]", "html")
    _text(question, "questionnote", "{@p@}")
    for tag, value in (("questionsimplify", "1"), ("assumepositive", "0"), ("assumereal", "0")):
        _simple(question, tag, value)
    _text(question, "prtcorrect", "Correct answer, well done.", "html")
    _text(question, "prtpartiallycorrect", "Your answer is partially correct.", "html")
    _text(question, "prtincorrect", "Incorrect answer.", "html")
    for tag, value in (("multiplicationsign", "dot"), ("sqrtsign", "1"), ("complexno", "i"),
                       ("inversetrig", "cos-1"), ("logicsymbol", "lang"), ("matrixparens", "["),
                       ("variantsselectionseed", "")):
        _simple(question, tag, value)
    _input(question, item)
    _prt(question, item)
    _qtests(question, item)
    for tag in ("tags",):
        tags = ET.SubElement(question, tag)
        for skill in ("symtutor", *item.skills):
            _simple(ET.SubElement(tags, "tag"), "text", skill)
    return question


def moodle_xml(export: Export, category: str | None = None) -> str:
    """The whole quiz file: a category, then one STACK question per item."""
    quiz = ET.Element("quiz")
    head = ET.SubElement(quiz, "question", {"type": "category"})
    _text(head, "category", f"$course$/top/symtutor/{category or export.title}")
    for item in export.items:
        quiz.append(stack_question(item))
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"
