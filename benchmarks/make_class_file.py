"""Write a realistic class answer file for `symtutor grade` (deterministic for a seed).

30 problems x 1,000 learners by default: right answers in several equivalent forms,
the typical mistakes of docs/NOTES.md (the ones symtutor's mal-rules name), other
wrong answers, blanks, and junk (text, hostile strings, huge powers, bad brackets).

Usage:
  python benchmarks/make_class_file.py class.csv                 # or class.jsonl
  python benchmarks/make_class_file.py class.csv --learners 100 --seed 7
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from pathlib import Path
from typing import NamedTuple


class Problem(NamedTuple):
    problem: str
    right: tuple[str, ...]  # equivalent correct forms
    mistakes: tuple[str, ...]  # typical wrong answers (mostly mal-rule outputs)
    wrt: str = ""
    kind: str = ""


PROBLEMS = (
    Problem("x^5", ("5x^4", "5*x^4", "5x**4", "5 x⁴"), ("5x^5", "x^4", "x^6/6", "-5x^4")),
    Problem("(3x+1)^2", ("6(3x+1)", "18x+6", "6*(3*x+1)", "2(3x+1)*3"), ("2(3x+1)", "6(3x+1)^2", "-6(3x+1)")),
    Problem("(3x+1)^5", ("15(3x+1)^4", "5(3x+1)^4*3", "15*(3x+1)**4"), ("5(3x+1)^4", "15(3x+1)^5", "3(3x+1)^4")),
    Problem("ln(x^2+1)", ("2x/(x^2+1)", "2x/(1+x^2)", "2*x*(x^2+1)^(-1)"), ("1/(x^2+1)", "-2x/(x^2+1)")),
    Problem("sin(x^2)", ("2x cos(x^2)", "2x*cos(x^2)", "cos(x^2)*2x", "2x·cos(x²)"), ("cos(x^2)", "-2x cos(x^2)")),
    Problem("e^(3x)", ("3e^(3x)", "3*exp(3x)", "3 e^(3x)"), ("e^(3x)", "e^(3x)/3", "-3e^(3x)")),
    Problem(
        "x^2 sin(x)",
        ("2x sin(x) + x^2 cos(x)", "x^2 cos(x) + 2x sin(x)", "x(2sin(x) + x cos(x))"),
        ("2x cos(x)", "-2x sin(x) - x^2 cos(x)"),
    ),
    Problem("x/(x+1)", ("1/(x+1)^2", "(x+1)^(-2)", "((x+1) - x)/(x+1)^2"), ("-1/(x+1)^2", "1/(x+1)")),
    Problem("ln(x)", ("1/x", "x^(-1)", "1 / x"), ("1/ln(x)", "-1/x", "x ln(x) - x")),
    Problem("cos(x)", ("-sin(x)", "-sin x", "−sin(x)"), ("sin(x)", "sin x")),
    Problem("1/x^3", ("-3/x^4", "-3x^(-4)", "-3*x**-4"), ("-3/x^2", "-3/x^3", "x^(-4)", "3/x^4")),
    Problem("7", ("0",), ("1", "7", "7x")),
    Problem("3x^2", ("6x", "6*x", "6 x", "2*3x"), ("x^3", "6x^2", "3x", "-6x")),
    Problem("x^2 y + 3y^2", ("2xy", "2yx", "2*x*y"), ("2xy + 6y", "x^2 + 6y", "2x"), wrt="x"),
    Problem("x^2 y + 3y^2", ("x^2 + 6y", "6y + x^2"), ("2xy + x^2 + 6y", "6y", "-x^2 - 6y"), wrt="y"),
    Problem(
        "sqrt(x)",
        ("1/(2sqrt(x))", "0.5x^(-0.5)", "sqrt(x)/(2x)", "1/(2√x)"),
        ("0.5x^(0.5)", "x^(-0.5)", "(2/3)x^(3/2)", "-1/(2sqrt(x))"),
    ),
    Problem("e^x", ("e^x", "exp(x)"), ("x e^(x-1)", "-e^x")),
    Problem("2^x", ("2^x ln(2)", "ln(2)*2^x", "2^x*log(2)"), ("2^x", "x 2^(x-1)", "-2^x ln(2)")),
    Problem("x^x", ("x^x (ln(x) + 1)", "x^x*(1+ln(x))", "x^x ln(x) + x^x"), ("x*x^(x-1)", "x^x")),
    Problem("sin(x)cos(x)", ("cos(x)^2 - sin(x)^2", "cos(2x)", "1 - 2sin(x)^2"), ("-sin(x)cos(x)", "sin(x)^2 - cos(x)^2")),
    Problem("tan(x)", ("sec(x)^2", "1 + tan(x)^2", "1/cos(x)^2"), ("-sec(x)^2", "sec(x)")),
    Problem(
        "sigmoid(x)",
        ("sigmoid(x)(1 - sigmoid(x))", "sigmoid(x)*(1-sigmoid(x))", "e^(-x)/(1+e^(-x))^2"),
        ("sigmoid(x)", "-sigmoid(x)(1 - sigmoid(x))"),
    ),
    Problem("(w x - y)^2", ("2x(wx - y)", "2x(w*x - y)", "2wx^2 - 2xy"), ("2(wx - y)", "-2x(wx - y)"), wrt="w"),
    Problem("3w^2 + 2w + 1", ("6w + 2", "2(3w+1)", "2 + 6w"), ("6w + 3", "6w^2 + 2w", "w^3 + w^2 + w", "-6w - 2")),
    Problem("e^(-x^2)", ("-2x e^(-x^2)", "-2x*exp(-x^2)"), ("e^(-x^2)", "2x e^(-x^2)")),
    Problem("ln(3x)", ("1/x", "3/(3x)"), ("1/(3x)", "-1/x")),
    Problem("sin(3x+1)", ("3cos(3x+1)", "3*cos(3x + 1)"), ("cos(3x+1)", "-3cos(3x+1)", "-cos(3x+1)/3")),
    Problem("x^3 - 4x", ("3x^2 - 4", "3x^2-4", "3*x**2 - 4"), ("3x^3 - 4x", "x^2 - 4", "x^4/4 - 2x^2", "4 - 3x^2")),
    Problem("2.808", ("2.808", "2.8080", "351/125"), ("2.52", "1.8", "2.9"), kind="value"),
    Problem("[7, 8]", ("[7, 8]", "(7, 8)", "[7,8]"), ("[8, 7]", "[-7, -8]", "[7, 9]"), kind="vector"),
)

#: What else turns up in a class's answers: blanks, words, code, explosions, typos.
JUNK = (
    "idk",
    "no idea",
    "the derivative",
    "__import__('os').system('ls')",
    "().__class__.__bases__[0].__subclasses__()",
    "lambda: 0",
    "x.real",
    "9^9^9",
    "9**9**9**9",
    "10^10^8",
    "1e999999",
    "(((x+1)",
    "x+1))",
    "2x +",
    "x +* 2",
    "x = 5",
    "'hello'",
    "?",
    "🙂",
    "x" + "+x" * 3000,
)

#: Shares of a learner's answers (the rest are junk).
P_RIGHT, P_MISTAKE, P_OTHER_WRONG, P_BLANK = 0.55, 0.27, 0.08, 0.04


def _spacing(answer: str, rng: random.Random) -> str:
    """The same answer typed with different spacing (people do)."""
    style = rng.random()
    if style < 0.6:
        return answer
    if style < 0.8:
        return answer.replace(" + ", "+").replace(" - ", "-")
    return answer.replace("+", " + ").replace("  ", " ")


def answer_for(problem: Problem, rng: random.Random) -> str:
    """One learner's answer to `problem`."""
    roll = rng.random()
    if roll < P_RIGHT:
        return _spacing(rng.choice(problem.right), rng)
    roll -= P_RIGHT
    if roll < P_MISTAKE:
        return _spacing(rng.choice(problem.mistakes), rng)
    roll -= P_MISTAKE
    if roll < P_OTHER_WRONG:
        if problem.kind in ("value", "vector"):
            return rng.choice(problem.mistakes)
        return f"{problem.right[0]} + {rng.randint(1, 9)}"
    roll -= P_OTHER_WRONG
    if roll < P_BLANK:
        return ""
    return rng.choice(JUNK)


def rows(problems: int = 30, learners: int = 1000, seed: int = 1):
    """Yield class rows: each learner answers each problem, learner by learner."""
    rng = random.Random(seed)
    chosen = [PROBLEMS[i % len(PROBLEMS)] for i in range(problems)]
    for learner in range(1, learners + 1):
        for number, problem in enumerate(chosen, 1):
            yield {
                "id": f"L{learner:04d}-P{number:02d}",
                "problem": problem.problem,
                "answer": answer_for(problem, rng),
                "wrt": problem.wrt,
                "kind": problem.kind,
            }


def write(path: str | Path, problems: int = 30, learners: int = 1000, seed: int = 1) -> int:
    """Write the file (CSV, or JSONL for a .jsonl name); returns the number of rows."""
    path = Path(path)
    count = 0
    with open(path, "w", newline="", encoding="utf-8") as handle:
        if path.suffix.lower() in (".jsonl", ".ndjson"):
            for row in rows(problems, learners, seed):
                handle.write(json.dumps({k: v for k, v in row.items() if v}, ensure_ascii=False) + "\n")
                count += 1
        else:
            writer = csv.DictWriter(handle, fieldnames=("id", "problem", "answer", "wrt", "kind"))
            writer.writeheader()
            for row in rows(problems, learners, seed):
                writer.writerow(row)
                count += 1
    return count


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", help="file to write (.csv or .jsonl)")
    parser.add_argument("--problems", type=int, default=30)
    parser.add_argument("--learners", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    count = write(args.output, args.problems, args.learners, args.seed)
    print(f"wrote {count:,} rows to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
