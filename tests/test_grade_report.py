"""`symtutor grade --report`: the class report's figures, in HTML and Markdown."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET

from symtutor.render.class_report import ERROR, UNLABELLED, ClassReport, bar_chart

ROWS = [
    # student, problem, answer, result
    ("ada", "x^5", "5x^4", {"correct": True, "misconception": None}),
    ("bob", "x^5", "5x^5", {"correct": False, "misconception": "power_rule_exponent_not_reduced"}),
    ("cy", "x^5", "5 x^5", {"correct": False, "misconception": "power_rule_exponent_not_reduced"}),
    ("dee", "x^5", "7", {"correct": False, "misconception": None}),
    ("ada", "sin(x^2)", "2x cos(x^2)", {"correct": True, "misconception": None}),
    ("bob", "sin(x^2)", "cos(x^2)", {"correct": False, "misconception": "chain_rule_inner_missing"}),
    ("cy", "sin(x^2)", "", {"error": "no answer given"}),
    ("dee", "sin(x^2)", "2x cos(x^2)", {"correct": True, "misconception": None}),
]


def report() -> ClassReport:
    built = ClassReport()
    for student, problem, answer, result in ROWS:
        built.add({"student": student, "problem": problem, "answer": answer}, {"id": 1, **result})
    return built


def test_figures():
    data = report().data()
    x5, sin = data["problems"]
    assert (x5["problem"], x5["n"], x5["correct"], x5["facility"]) == ("x^5", 4, 1, 0.25)
    assert x5["mistakes"][0] == {"label": "power_rule_exponent_not_reduced", "count": 2,
                                 "examples": ["5x^5", "5 x^5"]}
    assert x5["mistakes"][1] == {"label": UNLABELLED, "count": 1, "examples": ["7"]}
    assert sin["facility"] == 0.5
    assert {m["label"]: m["count"] for m in sin["mistakes"]} == {"chain_rule_inner_missing": 1, ERROR: 1}
    assert data["students"] == [
        {"student": "ada", "correct": 2, "answered": 2}, {"student": "bob", "correct": 0, "answered": 2},
        {"student": "cy", "correct": 0, "answered": 2}, {"student": "dee", "correct": 1, "answered": 2}]
    skills = {s["skill"]: (s["wrong"], s["answered"]) for s in data["skills"]}
    # x^5 uses the power rule; sin(x^2) the chain, trig and power rules.
    assert skills["Power rule"] == (3 + 2, 8)
    assert skills["Chain rule"] == (2, 4)
    assert skills["Trigonometric rule"] == (2, 4)


def test_skill_column_wins_over_derived_skills():
    built = ClassReport()
    built.add({"problem": "x^5", "answer": "5x^4", "skill": "power"}, {"correct": True})
    built.add({"problem": "x^5", "answer": "x^4", "skill": "power"}, {"correct": False})
    assert built.data()["skills"] == [{"skill": "power", "wrong": 1, "answered": 2, "error_rate": 0.5}]


def test_html_is_self_contained_with_an_svg_chart():
    page = report().html()
    assert "<script" not in page and "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in page
    svgs = re.findall(r"<svg.*?</svg>", page, re.S)
    assert len(svgs) == 2
    chart = ET.fromstring(svgs[0])  # well-formed SVG
    widths = [float(r.get("width")) for r in chart.iter("{http://www.w3.org/2000/svg}rect")]
    assert widths == [90.0, 180.0]  # 25% and 50% of the 360-pixel bar
    assert "<td>x^5</td><td>4</td><td>1</td><td>25.0%</td>" in page
    assert "<code>5x^5</code>, <code>5 x^5</code>" in page


def test_markdown_tables():
    text = report().markdown()
    assert "| x^5 | 4 | 1 | 25.0% | power_rule_exponent_not_reduced (2); wrong (no known mistake) (1) |" in text
    assert "| ada | 2 | 2 |" in text
    assert "| Chain rule | 4 | 2 | 50.0% |" in text
    assert "- **power_rule_exponent_not_reduced**: 2 (e.g. `5x^5`, `5 x^5`)" in text


def test_labels_are_escaped():
    svg = bar_chart([("<b>&", 0.5)], "t")
    assert "&lt;b&gt;&amp;" in svg and "<b>" not in svg


def test_cli_report_from_a_class_file(tmp_path):
    (tmp_path / "c.csv").write_text(
        "student,problem,answer\nada,x^5,5x^4\nbob,x^5,5x^5\nada,(3x+1)^2,6(3x+1)\nbob,(3x+1)^2,2(3x+1)\n")
    done = subprocess.run([sys.executable, "-m", "symtutor", "grade", "c.csv", "--jobs", "1",
                           "--output", "out.jsonl", "--report", "r.html"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "r.html").read_text()
    assert "<td>(3x+1)^2</td><td>2</td><td>1</td><td>50.0%</td>" in page
    assert "<td>chain_rule_inner_missing</td><td>1</td><td><code>2(3x+1)</code></td>" in page
    assert "<tr><td>ada</td><td>2</td><td>2</td></tr>" in page
    done = subprocess.run([sys.executable, "-m", "symtutor", "grade", "c.csv", "--report", "r.pdf"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert (done.returncode, done.stderr) == (2, "symtutor: --report r.pdf: name a .html or .md file\n")
