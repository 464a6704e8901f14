"""Grade a whole file of answers: CSV or JSONL rows of problem, answer.

Columns: problem, answer, and optionally id, wrt, kind (derivative, expr,
value, vector). Writes one JSON result per row, in input order, to --output
(or stdout), and a summary per problem: count, % correct, commonest mistake.

Example:
  symtutor grade answers.csv --output results.jsonl
  symtutor grade answers.jsonl --jobs 4
"""

from __future__ import annotations

from symtutor.commands._common import command_parser


def register(sub) -> None:
    parser = command_parser(sub, "grade", __doc__, "symtutor.commands.grade:run")
    parser.add_argument("file", metavar="FILE", help="a .csv or .jsonl file of answers")
    parser.add_argument("--output", metavar="OUT", help="write JSONL results here (default: stdout)")
    parser.add_argument("--jobs", type=int, default=None, metavar="N", help="worker processes (default: all cores)")
    parser.add_argument(
        "--format", choices=("rich", "text", "json"), default=None, help="summary format"
    )


def run(args) -> int:
    raise NotImplementedError("grade: being built")
