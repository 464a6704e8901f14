"""`symtutor export`: Moodle XML (STACK) and QTI 1.2 that validate, and whose mistake
branches fire for the mal-rule answers when fed through symtutor's own checker."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile

import pytest

from symtutor import check
from symtutor.answers.lms_files import problem_of
from symtutor.export.items import from_lesson, from_problems
from symtutor.export.moodle import moodle_xml
from symtutor.read.parsing import parse

ANSWER_TESTS = {"AlgEquiv", "NumRelative"}
#: Children every STACK question needs for Moodle's importer (qformat_xml + qtype_stack).
STACK_CHILDREN = ("name", "questiontext", "generalfeedback", "defaultgrade", "penalty", "hidden",
                  "questionvariables", "specificfeedback", "questionnote", "questionsimplify",
                  "assumepositive", "assumereal", "prtcorrect", "prtpartiallycorrect",
                  "prtincorrect", "multiplicationsign", "sqrtsign", "complexno", "inversetrig",
                  "matrixparens", "input", "prt")
NODE_CHILDREN = ("name", "answertest", "sans", "tans", "testoptions", "quiet",
                 "truescoremode", "truescore", "truenextnode", "trueanswernote", "truefeedback",
                 "falsescoremode", "falsescore", "falsenextnode", "falseanswernote", "falsefeedback")


def variables(question: ET.Element) -> dict[str, str]:
    """The question variables as name -> Maxima text (one ``name: value;`` per line)."""
    out = {}
    for line in question.findtext("questionvariables/text").splitlines():
        if line.startswith("/*") and line.endswith("*/"):
            continue  # a Maxima comment
        m = re.fullmatch(r"([A-Za-z]\w*): (.+);", line)
        assert m, line
        assert m.group(1) not in out, f"{m.group(1)} defined twice"
        out[m.group(1)] = m.group(2)
    return out


def stack_problems(xml_text: str) -> list[str]:
    """What Moodle/STACK would refuse in the file (empty: it validates)."""
    problems = []
    root = ET.fromstring(xml_text)  # well-formed, or this raises
    if root.tag != "quiz":
        return ["root is not <quiz>"]
    questions = root.findall("question")
    if not questions or questions[0].get("type") != "category" or not \
            questions[0].findtext("category/text", "").startswith("$course$/"):
        problems.append("first question is not a $course$ category")
    for q in questions[1:]:
        name = q.findtext("name/text")
        if q.get("type") != "stack":
            problems.append(f"{name}: type {q.get('type')}")
        problems += [f"{name}: no <{c}>" for c in STACK_CHILDREN if q.find(c) is None]
        text = q.findtext("questiontext/text", "")
        for needle in ("[[input:ans1]]", "[[validation:ans1]]"):
            if needle not in text:
                problems.append(f"{name}: question text lacks {needle}")
        if "[[feedback:prt1]]" not in q.findtext("specificfeedback/text", ""):
            problems.append(f"{name}: specific feedback lacks [[feedback:prt1]]")
        defined = variables(q)
        inputs = q.findall("input")
        if [i.findtext("name") for i in inputs] != ["ans1"] or inputs[0].findtext("tans") not in defined:
            problems.append(f"{name}: input ans1 missing or its answer undefined")
        if inputs and inputs[0].findtext("type") not in ("algebraic", "numerical"):
            problems.append(f"{name}: input type {inputs[0].findtext('type')}")
        problems += _prt_problems(name, q.find("prt"), defined)
    return problems


def _prt_problems(name: str, prt: ET.Element, defined: dict) -> list[str]:
    problems = []
    nodes = prt.findall("node")
    names = [n.findtext("name") for n in nodes]
    if prt.findtext("name") != "prt1" or names != [str(i) for i in range(len(nodes))]:
        problems.append(f"{name}: PRT nodes not named 0..n-1")
    notes = set()
    for i, node in enumerate(nodes):
        problems += [f"{name}: node {i} has no <{c}>" for c in NODE_CHILDREN if node.find(c) is None]
        if node.findtext("answertest") not in ANSWER_TESTS or node.findtext("sans") != "ans1":
            problems.append(f"{name}: node {i} test")
        if node.findtext("tans") not in defined:
            problems.append(f"{name}: node {i} compares with an undefined variable")
        for side in ("true", "false"):
            nxt = int(node.findtext(f"{side}nextnode"))
            if nxt != -1 and not i < nxt < len(nodes):  # forward only: the tree has no cycle
                problems.append(f"{name}: node {i} {side} branch goes to {nxt}")
            float(node.findtext(f"{side}score"))
            note = node.findtext(f"{side}answernote")
            if not note or " " in note or note in notes:
                problems.append(f"{name}: node {i} answer note {note!r}")
            notes.add(note)
    return problems


def ours(maxima_text: str) -> str:
    """Maxima text as symtutor input (the printer's constants back to our names)."""
    return maxima_text.replace("%e", "e").replace("%pi", "pi")


def fired(xml_text: str) -> list[tuple[str, str, str | None]]:
    """For every mistake node: (question, the node's label, what symtutor.check says)."""
    out = []
    for q in ET.fromstring(xml_text).findall("question[@type='stack']"):
        # The first line of the question variables names the problem in symtutor's words.
        found = problem_of(q.findtext("questionvariables/text").splitlines()[0].replace("/* ", "[").replace(" */", "]"))
        assert found["kind"] == "derivative" and found["wrt"] == _wrt(q)
        defined = variables(q)
        for node in q.findall("prt/node")[1:]:
            label = node.findtext("trueanswernote").split("-T-", 1)[1]
            k = node.findtext("tans").lstrip("mv")
            verdict = check(found["problem"], ours(defined[f"m{k}"]), found["wrt"])
            assert verdict.feedback == node.findtext("truefeedback/text"), q.findtext("name/text")
            out.append((q.findtext("name/text"), label, verdict.misconception))
    return out


def _wrt(q: ET.Element) -> str:
    return re.search(r"\\frac\{d\}\{d(\w+)\}", q.findtext("questiontext/text")).group(1)


@pytest.mark.parametrize("lesson", ["rules", "chain-rule", "partials", "backprop", "limits", "descent"])
def test_lesson_exports_validate_and_every_node_fires(lesson):
    export = from_lesson(lesson)
    text = moodle_xml(export)
    assert stack_problems(text) == []
    results = fired(text)
    assert all(label == said for _, label, said in results), [r for r in results if r[1] != r[2]]
    if lesson in ("rules", "chain-rule"):
        assert len(results) >= 2 * len(export.items)  # most questions have several mistake nodes


def test_problem_export_key_and_nodes_are_what_check_says():
    text = moodle_xml(from_problems(["(3x+1)^2", "sin(x^2)", "x^2 sin(x)"]))
    assert stack_problems(text) == []
    q = ET.fromstring(text).findall("question")[1]
    assert variables(q)["p"] == "(3*x + 1)^2" and variables(q)["ta"] == "18*x + 6"
    assert check("(3x+1)^2", ours(variables(q)["ta"])).correct
    labels = [label for _, label, _ in fired(text)[:3]]
    assert labels[0] == "chain_rule_inner_missing"
    assert {("q02", "chain_rule_inner_missing"), ("q03", "product_of_derivatives")} <= {
        (name, label) for name, label, _ in fired(text)}


def test_value_items_compare_numbers_and_nodes_hold_the_mistakes_values():
    export = from_problems(["(3x+1)^2"], at={"x": "1"})
    text = moodle_xml(export)
    assert stack_problems(text) == []
    q = ET.fromstring(text).findall("question")[1]
    defined = variables(q)
    assert q.findtext("input/type") == "numerical" and defined["ta"] == "24"
    assert {n.findtext("answertest") for n in q.findall("prt/node")} == {"NumRelative"}
    for k, mistake in enumerate(export.items[0].mistakes, 1):
        assert parse(ours(defined[f"v{k}"])) == parse(ours(defined[f"m{k}"])).subs("x", 1) == mistake.value
    assert "[symtutor: value of 24]" in q.findtext("questiontext/text")


def test_a_broken_file_is_caught_by_the_checks():
    text = moodle_xml(from_problems(["x^5"]))
    assert stack_problems(text.replace("[[input:ans1]]", "")) == ["q01: question text lacks [[input:ans1]]"]
    assert stack_problems(text.replace("<falsenextnode>1</falsenextnode>", "<falsenextnode>0</falsenextnode>"))
    with pytest.raises(ET.ParseError):
        stack_problems(text.replace("</quiz>", ""))


# --------------------------------------------------------------------------- QTI

text2qti = pytest.importorskip("text2qti")


def qti_items(data: bytes) -> list[ET.Element]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    assert "imsmanifest.xml" in names
    ET.fromstring(archive.read("imsmanifest.xml"))
    (assessment,) = [n for n in names if n.endswith(".xml") and "/" in n and "meta" not in n]
    root = ET.fromstring(archive.read(assessment))
    ns = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}
    assert root.tag == "{%s}questestinterop" % ns["q"]
    return root.findall(".//q:item", ns)


def _strip(html_text: str) -> str:
    return re.sub(r"<[^>]+>", "", html_text).strip()


def test_qti_multiple_choice_distractors_are_mal_rule_answers():
    from symtutor.export.qti import qti_zip

    ns = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
    items = qti_items(qti_zip(from_lesson("chain-rule")))
    assert items
    checked = 0
    for item in items:
        kind = item.find(f".//{ns}qtimetadatafield[{ns}fieldlabel='question_type']/{ns}fieldentry").text
        question = _strip(item.find(f"{ns}presentation/{ns}material/{ns}mattext").text)
        found = problem_of(question)
        if kind == "numerical_question":
            assert found["kind"] == "value"
            continue
        assert kind == "multiple_choice_question" and found["kind"] == "derivative"
        right = {c.find(f"{ns}conditionvar/{ns}varequal").text
                 for c in item.iter(f"{ns}respcondition")
                 if c.find(f"{ns}setvar") is not None and c.find(f"{ns}setvar").text == "100"}
        for label in item.iter(f"{ns}response_label"):
            choice = _strip(label.find(f"{ns}material/{ns}mattext").text)
            verdict = check(found["problem"], choice, found.get("wrt"))
            assert verdict.correct == (label.get("ident") in right), (question, choice)
            assert verdict.correct or verdict.misconception is not None, (question, choice)
            checked += 1
    assert checked >= 8


def test_qti_numeric_item_accepts_the_value():
    from symtutor.export.qti import qti_zip

    ns = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
    (item,) = qti_items(qti_zip(from_problems(["(3x+1)^2"], at={"x": "1"})))
    assert item.find(f".//{ns}varequal").text == "24.0000"
    assert float(item.find(f".//{ns}vargte").text) < 24 < float(item.find(f".//{ns}varlte").text)


# --------------------------------------------------------------------------- the command


def export(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "symtutor", "export", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, timeout=180)


def test_cli_exports_a_lesson_and_says_what_it_skipped(tmp_path):
    done = export("moodle", "--lesson", "partials", "-o", tmp_path / "q.xml")
    assert done.returncode == 0, done.stderr
    assert stack_problems((tmp_path / "q.xml").read_text()) == []
    assert "skipped partials-downhill-step: descent exercises have no single answer to export" in done.stderr
    assert done.stderr.splitlines()[-1].startswith("exported ")
    done = export("qti", "--problem", "x^5", "--problem", "ln(x)", "-o", tmp_path / "q.zip")
    assert done.returncode == 0, done.stderr
    assert len(qti_items((tmp_path / "q.zip").read_bytes())) == 2


@pytest.mark.parametrize(("args", "message"), [
    (["moodle"], "symtutor: export: give exactly one of --lesson, --problem or --skills\n"),
    (["qti", "--lesson", "rules"], "symtutor: export qti writes a zip file: name it with -o FILE.zip\n"),
    (["moodle", "--lesson", "nope"], None),
    (["moodle", "--problem", "__import__('os')"], None),
    (["moodle", "--problem", "x^2", "--at", "x"], "symtutor: --at: expected V=VAL, got 'x'\n"),
])
def test_cli_bad_input_is_exit_2_with_one_line(args, message):
    done = export(*args)
    assert (done.returncode, done.stdout) == (2, "")
    assert len(done.stderr.splitlines()) == 1 and done.stderr.startswith("symtutor: ")
    if message:
        assert done.stderr == message


# --------------------------------------------------------------------------- generated sets


def test_generated_set_exports_validate_fire_and_repeat_for_a_seed():
    from symtutor.export.items import from_generated

    skills = ["power", "chain", "product", "quotient", "exp", "trig", "log", "partial", "gradient"]
    export = from_generated(skills, 18, seed=7)
    text = moodle_xml(export)
    assert stack_problems(text) == []
    results = fired(text)
    assert results and all(label == said for _, label, said in results)
    assert [name for name, _ in export.skipped] == [n for n, _ in from_generated(skills, 18, seed=7).skipped]
    assert text == moodle_xml(from_generated(skills, 18, seed=7))  # same seed, same file
    assert len(export.items) + len(export.skipped) == 18


def test_cli_generated_set_and_unknown_skill(tmp_path):
    done = export("moodle", "--skills", "chain,product", "--count", "4", "--seed", "2", "-o", tmp_path / "g.xml")
    assert done.returncode == 0, done.stderr
    assert len(ET.parse(tmp_path / "g.xml").getroot().findall("question[@type='stack']")) == 4
    done = export("moodle", "--skills", "juggling", "-o", tmp_path / "g.xml")
    assert done.returncode == 2 and done.stderr.startswith("symtutor: --skills: unknown skill 'juggling'")
