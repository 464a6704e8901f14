"""Grade a whole file of answers: CSV or JSONL rows of problem, answer.

A CSV file needs a header row; a JSONL file has one object per line. Columns:
problem, answer, and optionally id (default: the row number), wrt, kind
(derivative, expr, value, vector). Writes one JSON result per row, in input
order, to --output (or stdout): id, correct, misconception, feedback, expected,
or id and error for a row that cannot be graded (no answer, unreadable, over
2 s). Then a summary per problem: count, % correct, commonest mistake, errors
(on stderr when the results go to stdout).

LMS response exports are read too: a Moodle quiz "Responses" report (tick
"Question text" and "Response"; one row per question slot) and a Canvas quiz
"Student Analysis" report (one row per question column). Questions exported by
'symtutor export' carry their problem in a [symtutor: ...] tag; otherwise map
the columns: --columns problem=Question,answer="Response 1",id=Email (names:
id, problem, answer, wrt, kind, student, skill).

--report FILE.html (or .md) writes a class report: facility per problem, the
commonest mistakes with counts and example answers, per-student totals,
per-skill error rates, and a bar chart (inline SVG, nothing fetched).

--dask ADDRESS grades on a Dask cluster (a scheduler address, or "local" for
worker processes on this machine); same output as a local run. Needs
pip install 'symtutor[dask]'.

Example:
  symtutor grade answers.csv --output results.jsonl
  symtutor grade answers.jsonl --jobs 4 > results.jsonl
  symtutor grade moodle-responses.csv --report report.html --output results.jsonl
  symtutor grade canvas.csv --columns problem=Question,answer=Answer,id=Email
  symtutor grade answers.csv --dask tcp://10.0.0.5:8786 --output results.jsonl
"""

from __future__ import annotations

from symtutor.commands._common import command_parser


def register(sub) -> None:
    parser = command_parser(sub, "grade", __doc__, "symtutor.commands.grade:run")
    parser.add_argument("file", metavar="FILE", help="a .csv or .jsonl file of answers")
    parser.add_argument("--output", metavar="OUT", help="write JSONL results here (default: stdout)")
    parser.add_argument("--jobs", type=int, default=None, metavar="N", help="worker processes (default: all cores)")
    parser.add_argument(
        "--columns",
        metavar="MAP",
        help='map our column names to the file\'s: problem=Question,answer="Response 1",id=Email',
    )
    parser.add_argument("--report", metavar="FILE", help="write a class report (.html or .md)")
    parser.add_argument(
        "--dask", metavar="ADDRESS", help='grade on a Dask cluster: a scheduler address, or "local"'
    )
    parser.add_argument(
        "--format",
        choices=("rich", "text", "json"),
        default=None,
        help="summary format (default: rich on a terminal, text otherwise)",
    )


def run(args) -> int:
    """Grade FILE; results as JSONL to --output or stdout, the summary to the other stream."""
    import sys

    name = args.file
    report_format, columns = _checked_options(args)
    client = cluster = None
    if args.dask:
        from symtutor.answers.grading_dask import connect

        client, cluster = connect(args.dask, args.jobs)
    # The summary goes wherever the results do not; the bar only to a terminal that
    # is not also showing the results.
    summary_stream = sys.stdout if args.output else sys.stderr
    show_bar = sys.stderr.isatty() and (bool(args.output) or not sys.stdout.isatty())
    bar = _Bar(name) if show_bar else None
    try:
        grading = _start(name, args, bar, client, columns)
        out = _open_output(args.output, grading)
    except BaseException:
        _disconnect(client, cluster)
        raise
    report = None
    if report_format:
        from symtutor.render.class_report import ClassReport

        report = ClassReport()
    if bar:
        bar.start()
    try:
        _write_results(grading, out, report)
    finally:
        grading.close()
        _disconnect(client, cluster)
        if bar:
            bar.stop()
        if out is not sys.stdout:
            out.close()
        else:
            out.flush()
    if report is not None:
        _write_report(report, args.report, report_format)
    _print_summary(grading.summary, args, summary_stream)
    return 0


def _checked_options(args):
    """(report format, column map): every option checked before any grading starts."""
    import os

    from symtutor.errors import InputError

    if args.jobs is not None and args.jobs < 1:
        raise InputError("--jobs must be at least 1")
    name = args.file
    if not os.path.isfile(name):
        what = "is a directory" if os.path.isdir(name) else "no such file"
        raise InputError(f"cannot read {name}: {what}")
    for option in (args.output, args.report):
        if option and os.path.exists(option) and os.path.samefile(option, name):
            raise InputError(f"{option} is the input file; choose another name")
    report_format = _report_format(args.report)
    columns = None
    if args.columns is not None:
        from symtutor.answers.lms_files import parse_columns

        columns = parse_columns(args.columns)
    return report_format, columns


def _start(name, args, bar, client, columns):
    """The grading of FILE, started (a bad header is reported here, before any output)."""
    from symtutor.answers.grading import grade_file
    from symtutor.errors import InputError

    try:
        return grade_file(name, jobs=args.jobs, progress=bar.advance if bar else None,
                          client=client, columns=columns)
    except OSError as exc:
        raise InputError(f"cannot read {name}: {exc.strerror or exc}") from None


def _open_output(path, grading):
    """--output opened for writing, or stdout."""
    import sys

    from symtutor.errors import InputError

    if not path:
        return sys.stdout
    try:
        return open(path, "w", encoding="utf-8")
    except OSError as exc:
        grading.close()
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None


def _write_results(grading, out, report) -> None:
    """One JSON line per row, in input order; each row also goes to the class report."""
    import json
    import os
    import sys

    try:
        write = out.write
        for row, result in grading:
            write(json.dumps(result, ensure_ascii=False) + "\n")
            if report is not None:
                report.add(row, result)
    except BrokenPipeError:
        # `| head`: stop quietly, and keep Python from complaining at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise


def _report_format(path: str | None) -> str | None:
    """"html" or "markdown" from --report's extension (checked before any grading)."""
    if path is None:
        return None
    from symtutor.errors import InputError

    suffix = path.lower().rsplit(".", 1)[-1] if "." in path else ""
    formats = {"html": "html", "htm": "html", "md": "markdown", "markdown": "markdown"}
    if suffix not in formats:
        raise InputError(f"--report {path}: name a .html or .md file")
    return formats[suffix]


def _write_report(report, path: str, fmt: str) -> None:
    from symtutor.errors import InputError

    text = report.html() if fmt == "html" else report.markdown()
    try:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None


def _disconnect(client, cluster) -> None:
    """Close the Dask client, and the local cluster that --dask local started."""
    if client is not None:
        client.close()
    if cluster is not None:
        cluster.close()


def _print_summary(summary, args, stream) -> None:
    from symtutor.render.grade_summary import GradeSummaryPrintout

    printout = GradeSummaryPrintout(summary, output=args.output)
    fmt = args.format or ("rich" if stream.isatty() else "text")
    if fmt == "rich":
        from symtutor.render.output import make_console

        make_console(file=stream).print(printout.rich())
    elif fmt == "json":
        import json

        stream.write(json.dumps(printout.data(), indent=2, ensure_ascii=False) + "\n")
    else:
        stream.write(printout.text())
    stream.flush()


class _Bar:
    """A rich progress bar on stderr, refreshed by hand.

    No refresh thread: the grading workers are forked after the bar starts, and
    forking while another thread holds a lock is how processes deadlock.
    """

    def __init__(self, name: str):
        import sys

        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        from symtutor.render.output import make_console

        self.progress = Progress(
            TextColumn("grading"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=make_console(file=sys.stderr),
            auto_refresh=False,
            transient=True,
        )
        self.task = self.progress.add_task("grading", total=_count_rows(name))
        self.last = 0.0

    def start(self) -> None:
        self.progress.start()

    def advance(self, rows: int) -> None:
        import time

        self.progress.advance(self.task, rows)
        now = time.monotonic()
        if now - self.last > 0.1:
            self.last = now
            self.progress.refresh()

    def stop(self) -> None:
        self.progress.stop()


def _count_rows(name: str) -> int | None:
    """Non-blank lines (less a CSV header): the bar's total, cheap next to grading."""
    try:
        with open(name, "rb") as handle:
            lines = sum(1 for line in handle if line.strip())
            handle.seek(0)
            first = handle.read(4096).lstrip()
    except OSError:
        return None
    is_jsonl = first.startswith(b"{") or name.lower().endswith((".jsonl", ".ndjson", ".json"))
    return lines if is_jsonl else max(lines - 1, 0)
