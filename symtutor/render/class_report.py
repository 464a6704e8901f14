"""The class report of ``symtutor grade --report``: what a class got right and wrong.

Built row by row from the graded ``(row, result)`` pairs, then written as HTML (one
self-contained page: tables and inline SVG bar charts, no script, nothing fetched)
or Markdown. It holds, per problem, the facility (the fraction of answers that are
right), the commonest mistakes with counts and example answers; per student (a
``student``, ``learner``, ``name`` or ``email`` column, or what an LMS report
names), right answers out of attempted; per skill (the differentiation rules a
problem's derivation uses, or a ``skill`` column), the error rate.
"""

from __future__ import annotations

import collections
import html
from dataclasses import dataclass, field

#: Example answers kept per mistake.
EXAMPLES = 3
#: Columns that name the learner, in order of preference.
STUDENT_COLUMNS = ("student", "learner", "name", "email")
#: The label of wrong answers no misconception explains, and of unreadable ones.
UNLABELLED = "wrong (no known mistake)"
ERROR = "not gradable (unreadable, blank, timed out)"


@dataclass(slots=True)
class ProblemRecord:
    """Counts and examples for one (problem, wrt, kind)."""

    problem: str
    wrt: str | None
    kind: str
    n: int = 0
    correct: int = 0
    mistakes: collections.Counter = field(default_factory=collections.Counter)
    examples: dict = field(default_factory=dict)
    skills: tuple[str, ...] = ()

    @property
    def facility(self) -> float:
        """Right answers as a fraction of all answers (unreadable ones count as wrong)."""
        return self.correct / self.n if self.n else 0.0

    def title(self) -> str:
        extra = f" (wrt {self.wrt})" if self.wrt else ""
        kind = f" [{self.kind}]" if self.kind != "derivative" else ""
        return f"{self.problem}{extra}{kind}"


def _cell(row: dict, name: str) -> str | None:
    value = row.get(name)
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    return str(value).strip() or None


def skills_of(problem: str, wrt: str | None, kind: str) -> tuple[str, ...]:
    """The rules a problem's derivation uses (human titles), or its kind for other kinds."""
    if kind != "derivative":
        return ({"value": "Numeric value", "vector": "Vector", "expr": "Expression"}.get(kind, kind),)
    from symtutor.answers.checking import compile_problem
    from symtutor.render.derivation import rule_title

    try:
        derivation = compile_problem(problem, wrt, kind=kind).derivation
    except Exception:  # noqa: BLE001 - an unreadable problem has no skills; its rows say why
        return ()
    return tuple(sorted(rule_title(rule) for rule in derivation.rules_used()))


class ClassReport:
    """Accumulates graded rows; `data`, `markdown` and `html` give the report."""

    def __init__(self):
        self.problems: dict[tuple, ProblemRecord] = {}
        self.students: dict[str, list[int]] = {}  # name -> [right, answered]
        self.row_skills: collections.Counter = collections.Counter()  # skill column given
        self.row_skill_wrong: collections.Counter = collections.Counter()

    def add(self, row: dict, result: dict) -> None:
        """Count one graded row."""
        key = (_cell(row, "problem") or "(no problem)", _cell(row, "wrt"),
               (_cell(row, "kind") or "derivative").lower())
        record = self.problems.get(key)
        if record is None:
            record = self.problems[key] = ProblemRecord(*key)
        record.n += 1
        right = bool(result.get("correct")) and "error" not in result
        if right:
            record.correct += 1
        else:
            label = ERROR if "error" in result else (result.get("misconception") or UNLABELLED)
            record.mistakes[label] += 1
            examples = record.examples.setdefault(label, [])
            answer = _cell(row, "answer")
            if answer and len(examples) < EXAMPLES and answer not in examples:
                examples.append(answer)
        student = next((s for s in map(lambda c: _cell(row, c), STUDENT_COLUMNS) if s), None)
        if student is not None:
            tally = self.students.setdefault(student, [0, 0])
            tally[0] += right
            tally[1] += 1
        skill = _cell(row, "skill")
        if skill is not None:
            self.row_skills[skill] += 1
            self.row_skill_wrong[skill] += not right

    # -- the figures

    def skill_rates(self) -> dict[str, tuple[int, int]]:
        """Skill -> (wrong answers, answers), over the problems that need the skill."""
        if self.row_skills:
            return {s: (self.row_skill_wrong[s], n) for s, n in sorted(self.row_skills.items())}
        rates: dict[str, list[int]] = {}
        for record in self.problems.values():
            if not record.skills:
                record.skills = skills_of(record.problem, record.wrt, record.kind)
            for skill in record.skills:
                tally = rates.setdefault(skill, [0, 0])
                tally[0] += record.n - record.correct
                tally[1] += record.n
        return {s: (wrong, n) for s, (wrong, n) in sorted(rates.items())}

    def data(self) -> dict:
        """Everything in the report, JSON-ready (the tests read this)."""
        return {
            "problems": [
                {
                    "problem": r.problem, "wrt": r.wrt, "kind": r.kind, "n": r.n,
                    "correct": r.correct, "facility": round(r.facility, 4),
                    "mistakes": [
                        {"label": label, "count": count, "examples": r.examples.get(label, [])}
                        for label, count in r.mistakes.most_common()
                    ],
                }
                for r in self.problems.values()
            ],
            "students": [
                {"student": name, "correct": right, "answered": n}
                for name, (right, n) in sorted(self.students.items())
            ],
            "skills": [
                {"skill": s, "wrong": wrong, "answered": n, "error_rate": round(wrong / n, 4) if n else 0.0}
                for s, (wrong, n) in self.skill_rates().items()
            ],
        }

    # -- Markdown

    def markdown(self) -> str:
        """The report as Markdown (tables; the chart is HTML-only)."""
        data = self.data()
        lines = ["# Class report", "", "## Problems", "",
                 "| problem | answers | right | facility | commonest mistakes |",
                 "|---|---:|---:|---:|---|"]
        for p, r in zip(data["problems"], self.problems.values()):
            top = "; ".join(f"{m['label']} ({m['count']})" for m in p["mistakes"][:3])
            lines.append(f"| {_md(r.title())} | {p['n']} | {p['correct']} | "
                         f"{100 * p['facility']:.1f}% | {_md(top)} |")
        lines += ["", "## Commonest mistakes", ""]
        for p, r in zip(data["problems"], self.problems.values()):
            if not p["mistakes"]:
                continue
            lines.append(f"### {_md(r.title())}")
            lines.append("")
            for m in p["mistakes"][:5]:
                examples = ", ".join(f"`{e}`" for e in m["examples"])
                lines.append(f"- **{_md(m['label'])}**: {m['count']}" + (f" (e.g. {examples})" if examples else ""))
            lines.append("")
        lines += _md_students(data["students"])
        lines += ["## Skills", "", "| skill | answers | wrong | error rate |", "|---|---:|---:|---:|"]
        for s in data["skills"]:
            lines.append(f"| {_md(s['skill'])} | {s['answered']} | {s['wrong']} | {100 * s['error_rate']:.1f}% |")
        return "\n".join(lines) + "\n"

    # -- HTML

    def html(self) -> str:
        """The report as one self-contained HTML page (inline CSS and SVG)."""
        data = self.data()
        parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
                 "<title>Class report</title>", f"<style>{_CSS}</style></head><body>",
                 "<h1>Class report</h1>", "<h2>Facility per problem</h2>",
                 bar_chart([(r.title(), r.facility) for r in self.problems.values()],
                           "Fraction of answers right, per problem"),
                 "<table><thead><tr><th>problem</th><th>answers</th><th>right</th>"
                 "<th>facility</th></tr></thead><tbody>"]
        for p, r in zip(data["problems"], self.problems.values()):
            parts.append(f"<tr><td>{_h(r.title())}</td><td>{p['n']}</td><td>{p['correct']}</td>"
                         f"<td>{100 * p['facility']:.1f}%</td></tr>")
        parts.append("</tbody></table><h2>Commonest mistakes</h2>")
        for p, r in zip(data["problems"], self.problems.values()):
            if not p["mistakes"]:
                continue
            parts.append(f"<h3>{_h(r.title())}</h3><table><thead><tr><th>mistake</th><th>count</th>"
                         "<th>example answers</th></tr></thead><tbody>")
            for m in p["mistakes"][:5]:
                examples = ", ".join(f"<code>{_h(e)}</code>" for e in m["examples"])
                parts.append(f"<tr><td>{_h(m['label'])}</td><td>{m['count']}</td><td>{examples}</td></tr>")
            parts.append("</tbody></table>")
        parts += _html_students(data["students"])
        parts.append("<h2>Error rate per skill</h2>")
        parts.append(bar_chart([(s["skill"], s["error_rate"]) for s in data["skills"]],
                               "Fraction of answers wrong on problems needing the skill", colour="#c0392b"))
        parts.append("<table><thead><tr><th>skill</th><th>answers</th><th>wrong</th><th>error rate</th>"
                     "</tr></thead><tbody>")
        for s in data["skills"]:
            parts.append(f"<tr><td>{_h(s['skill'])}</td><td>{s['answered']}</td><td>{s['wrong']}</td>"
                         f"<td>{100 * s['error_rate']:.1f}%</td></tr>")
        parts.append("</tbody></table></body></html>")
        return "\n".join(parts) + "\n"


def _md_students(students: list[dict]) -> list[str]:
    if not students:
        return ["## Students", "", "(no student column in the file)", ""]
    lines = ["## Students", "", "| student | right | answered |", "|---|---:|---:|"]
    lines += [f"| {_md(s['student'])} | {s['correct']} | {s['answered']} |" for s in students]
    return lines + [""]


def _html_students(students: list[dict]) -> list[str]:
    if not students:
        return ["<h2>Students</h2><p>(no student column in the file)</p>"]
    rows = "".join(f"<tr><td>{_h(s['student'])}</td><td>{s['correct']}</td><td>{s['answered']}</td></tr>"
                   for s in students)
    return ["<h2>Students</h2><table><thead><tr><th>student</th><th>right</th><th>answered</th>"
            f"</tr></thead><tbody>{rows}</tbody></table>"]


#: Bar chart geometry (pixels).
LABEL_WIDTH, BAR_WIDTH, BAR_HEIGHT, GAP = 260, 360, 18, 6
LABEL_CHARS = 38


def bar_chart(items: list[tuple[str, float]], title: str, colour: str = "#2e86c1") -> str:
    """Horizontal bars for fractions in [0, 1], as an inline SVG element."""
    height = len(items) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + BAR_WIDTH + 60
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" role="img" aria-label="{_h(title)}">',
           f"<title>{_h(title)}</title>"]
    for i, (label, fraction) in enumerate(items):
        y = GAP + i * (BAR_HEIGHT + GAP)
        short = label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"
        length = round(BAR_WIDTH * max(0.0, min(1.0, fraction)), 1)
        out.append(f'<text x="{LABEL_WIDTH - 6}" y="{y + 13}" text-anchor="end">{_h(short)}</text>')
        out.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR_HEIGHT}" '
                   f'fill="{colour}"><title>{_h(label)}: {100 * fraction:.1f}%</title></rect>')
        out.append(f'<text x="{LABEL_WIDTH + length + 4}" y="{y + 13}">{100 * fraction:.0f}%</text>')
    out.append("</svg>")
    return "\n".join(out)


_CSS = ("body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#222}"
        "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.2em .6em;"
        "text-align:left}svg text{font-size:12px;font-family:sans-serif}")


def _h(text: str) -> str:
    return html.escape(str(text), quote=True)


def _md(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")
