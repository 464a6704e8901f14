"""The lesson runner: answers, hints, guided steps, resume, piped mode, a real terminal, kills."""

from __future__ import annotations

import io
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from symtutor.lessons import catalog
from symtutor.lessons.progress import Store
from symtutor.lessons.prompt import LinePrompt
from symtutor.lessons.runner import PlainScreen, Runner

FIXTURES = Path(__file__).parent / "fixtures" / "lessons_runner"
RESUME = f"symtutor lesson --lessons {FIXTURES} run basics"
KEY = ["5x^4", "6(3x+1)", "6"]


def home() -> Path:
    return Path(os.environ["SYMTUTOR_HOME"])


def run_lesson(lines: list[str], *, restart: bool = False, lesson_id: str = "basics") -> tuple[int, str]:
    """Run the fixture lesson in this process, as when stdin is a pipe; (exit code, output)."""
    lesson = catalog.load(lesson_id, FIXTURES)
    out = io.StringIO()
    stdin = io.StringIO("".join(line + "\n" for line in lines))
    with Store() as store:
        runner = Runner(
            lesson,
            store,
            PlainScreen(out=out),
            LinePrompt(False, stdin=stdin, stdout=out),
            interactive=False,
            resume_command=RESUME,
            lessons_arg=str(FIXTURES),
        )
        code = runner.run(restart=restart)
    return code, out.getvalue()


def db_rows(sql: str, params=()) -> list[tuple]:
    conn = sqlite3.connect(home() / "progress.db")
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def outcomes() -> dict[str, tuple]:
    rows = db_rows("SELECT exercise, outcome, attempts, hints_used FROM exercises WHERE lesson = 'basics'")
    return {row[0]: tuple(row[1:]) for row in rows}


# -- in-process, piped -------------------------------------------------------------------


def test_the_answer_key_completes_the_lesson_with_full_marks():
    code, out = run_lesson(KEY)
    assert code == 0
    assert out.count("Correct: read as") == 3
    assert "solved at the first try: 3" in out
    assert "Not yet" not in out
    assert outcomes() == {
        "power5": ("solved", 1, 0),
        "chain-square": ("solved", 1, 0),
        "slope-at-3": ("solved", 1, 0),
    }
    assert db_rows("SELECT completed IS NOT NULL FROM lessons WHERE lesson = 'basics'") == [(1,)]


def test_output_is_plain_text_and_reads_as_a_transcript():
    code, out = run_lesson(KEY)
    lines = out.splitlines()
    assert lines[:3] == ["Runner basics", "=============", "Three short exercises to try the runner."]
    assert "Exercise 1 of 3: Differentiate x^5 with respect to x. (skills: power)" in lines
    assert "> 5x^4" in lines  # the answer is echoed after the prompt
    assert "\x1b" not in out and "╭" not in out


def test_a_wrong_answer_names_the_mistake_and_is_stored():
    code, out = run_lesson(["5x^5", "5x^4"])
    assert "Not yet: read as 5x⁵." in out
    assert "Mistake: power rule: the exponent was not reduced." in out
    assert "The exponent must drop by one." in out
    assert "2 tries left." in out
    rows = db_rows("SELECT answer, correct, misconception, step FROM attempts ORDER BY id")
    assert rows == [
        ("5x^5", 0, "power_rule_exponent_not_reduced", None),
        ("5x^4", 1, None, None),
    ]
    assert outcomes()["power5"] == ("solved", 2, 0)


def test_three_wrong_answers_show_the_worked_solution_and_count_as_revealed():
    code, out = run_lesson(["x^4", "5x", "4x^5"])
    assert out.count("Not yet") == 3
    assert "Worked solution" in out
    assert "5x⁴" in out.split("Worked solution", 1)[1]
    assert outcomes()["power5"] == ("revealed", 3, 0)
    # The lesson moved on to the next exercise.
    assert "Exercise 2 of 3" in out


def test_unreadable_input_does_not_use_an_attempt():
    code, out = run_lesson(["5x^^4", "5x^4"])
    line = next(line for line in out.splitlines() if line.startswith("Could not check that: "))
    assert line.endswith("(Not counted as a try; `help` lists the commands.)")
    assert outcomes()["power5"] == ("solved", 1, 0)
    assert db_rows("SELECT count(*) FROM attempts") == [(1,)]


def test_hint_ladder_ends_in_a_bottom_out_that_counts_as_revealed():
    code, out = run_lesson(["hint", "hint", "hint", "hint", "5x^4"])
    assert "Hint 1 of 3:" in out and "Hint 2 of 3:" in out and "Hint 3 of 3:" in out
    assert "No more hints" in out
    bottom = out.split("Hint 3 of 3:", 1)[1].splitlines()[0]
    assert "5x⁴" in bottom
    assert "That hint gives the answer away" in out
    assert "Counted as shown, not solved" in out
    assert outcomes()["power5"] == ("revealed", 1, 3)
    assert db_rows("SELECT level FROM hints ORDER BY id") == [(1,), (2,), (3,)]


def test_one_hint_then_right_is_solved_with_hints():
    run_lesson(["hint", "5x^4"])
    assert outcomes()["power5"] == ("solved_with_hints", 1, 1)


def test_skip_and_steps():
    code, out = run_lesson(["skip", "steps", "6"])
    assert code == 0
    assert "Skipped." in out
    assert "Worked solution" in out
    assert outcomes() == {
        "power5": ("skipped", 0, 0),
        "chain-square": ("revealed", 0, 0),
        "slope-at-3": ("solved", 1, 0),
    }
    assert "answer shown (not solved): 1" in out and "skipped: 1" in out


def test_help_lists_the_commands():
    code, out = run_lesson(["help"])
    for command in ("hint", "steps", "skip", "quit", "help"):
        assert f"  {command} " in out


def test_guided_steps_are_offered_after_a_wrong_answer_and_checked_one_by_one():
    code, out = run_lesson(["5x^4", "2(3x+1)", "guide", "3x+1", "2", "3", "2(3x+1)", "6(3x+1)", "6"])
    assert code == 0
    assert "Type `guide` to work through it one step at a time" in out
    assert "Step 1 of 4: What is the inner function g(x)?" in out
    assert "  Not yet: read as 2." in out  # a wrong step is judged on the spot
    assert "Step 4 of 4: Multiply them" in out
    # The last step asks the exercise's own question: its answer ends the exercise.
    assert "Now the whole question" not in out
    steps = db_rows("SELECT step, answer, correct FROM attempts WHERE exercise = 'chain-square' ORDER BY id")
    assert steps == [
        (None, "2(3x+1)", 0),
        (1, "3x+1", 1),
        (2, "2", 0),
        (2, "3", 1),
        (3, "2(3x+1)", 1),
        (None, "6(3x+1)", 1),
    ]
    assert outcomes()["chain-square"] == ("solved_with_hints", 2, 0)
    assert outcomes()["slope-at-3"] == ("solved", 1, 0)


def test_guide_back_returns_to_the_whole_question_and_hint_shows_a_step():
    code, out = run_lesson(["5x^4", "guide", "hint", "back", "6(3x+1)"])
    assert "  It is 3x + 1." in out
    assert "Step 2 of 4" in out and "Step 3 of 4" not in out
    # Guidance is help: the exercise counts as solved with hints.
    assert outcomes()["chain-square"] == ("solved_with_hints", 1, 0)


def test_guide_on_an_exercise_without_steps_says_so():
    code, out = run_lesson(["guide", "5x^4"])
    assert "no guided steps" in out
    assert outcomes()["power5"] == ("solved", 1, 0)


def test_end_of_input_mid_lesson_saves_and_resumes_at_the_first_unfinished_exercise():
    code, out = run_lesson(["5x^4", "hint"])
    assert code == 0
    assert out.rstrip().splitlines()[-1] == f"Progress saved; run `{RESUME}` to continue."
    assert outcomes() == {"power5": ("solved", 1, 0), "chain-square": (None, 0, 1)}
    code, out = run_lesson(KEY[1:])
    assert code == 0
    assert "Welcome back: 1 of 3 exercises done; continuing at exercise 2 of 3." in out
    assert "Exercise 1 of 3" not in out
    assert "(Earlier: 0 answer(s) and 1 hint(s) on this one.)" in out
    assert "Hint 1 of 3:" in out  # the hint seen before is shown again
    assert outcomes()["chain-square"] == ("solved_with_hints", 1, 1)
    assert outcomes()["slope-at-3"] == ("solved", 1, 0)


def test_quit_saves_and_exits_0():
    code, out = run_lesson(["5x^4", "quit", "6(3x+1)"])
    assert code == 0
    assert "Progress saved" in out
    assert "chain-square" not in {row[0] for row in db_rows("SELECT exercise FROM attempts")}


def test_a_finished_lesson_says_so_and_restart_starts_over_keeping_history():
    run_lesson(KEY)
    code, out = run_lesson(KEY)
    assert code == 0
    assert "You have finished this lesson" in out and "--restart" in out
    assert db_rows("SELECT count(*) FROM attempts") == [(3,)]
    code, out = run_lesson(["x^4"], restart=True)
    assert "Welcome back" not in out
    assert outcomes() == {"power5": (None, 1, 0)}
    assert db_rows("SELECT count(*) FROM attempts") == [(4,)]
    assert db_rows("SELECT count(*) FROM results") == [(3,)]


def test_summary_reports_skills_and_the_next_lesson():
    code, out = run_lesson(KEY)
    assert "Skills: power 2/2" in out and "chain 1/1" in out
    assert "Next:" not in out  # the fixture folder holds one lesson


# -- through the real entry point ---------------------------------------------------------


def symtutor(*args, input=None, timeout=60):
    return subprocess.run(
        [sys.executable, "-m", "symtutor", *args],
        input=input,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_lesson_answers_piped_into_lesson_run_completes_it():
    answers = symtutor("lesson", "--lessons", str(FIXTURES), "answers", "basics")
    assert answers.returncode == 0, answers.stderr
    result = symtutor("lesson", "--lessons", str(FIXTURES), "run", "basics", input=answers.stdout)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.count("Correct: read as") == 3
    assert "solved at the first try: 3" in result.stdout
    assert "\x1b" not in result.stdout


def test_unknown_lesson_exits_2_with_one_line():
    result = symtutor("lesson", "--lessons", str(FIXTURES), "run", "nope", input="")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "no lesson 'nope'" in result.stderr


def test_a_damaged_progress_file_exits_2_and_is_left_untouched():
    path = home() / "progress.db"
    garbage = b"not a database, honestly\n" * 40
    path.write_bytes(garbage)
    result = symtutor("lesson", "--lessons", str(FIXTURES), "run", "basics", input="5x^4\n")
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert str(path) in lines[0] and "damaged" in lines[0] and "move or rename it" in lines[0]
    assert path.read_bytes() == garbage


def test_sigkill_between_answers_loses_no_committed_answer():
    proc = subprocess.Popen(
        [sys.executable, "-m", "symtutor", "lesson", "--lessons", str(FIXTURES), "run", "basics"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        bufsize=1,
    )
    try:

        def until(text: str) -> None:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                line = proc.stdout.readline()
                if text in line:
                    return
                assert line, f"the runner ended before printing {text!r}"
            raise AssertionError(f"no {text!r} within 30 s")

        proc.stdin.write("5x^4\n")
        proc.stdin.flush()
        until("Correct")
        proc.stdin.write("2(3x+1)\n")
        proc.stdin.flush()
        until("Not yet")
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    conn = sqlite3.connect(home() / "progress.db")
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert conn.execute("SELECT exercise, answer, correct FROM attempts ORDER BY id").fetchall() == [
        ("power5", "5x^4", 1),
        ("chain-square", "2(3x+1)", 0),
    ]
    conn.close()
    assert outcomes() == {"power5": ("solved", 1, 0), "chain-square": (None, 1, 0)}
    # The next run resumes at the exercise that was interrupted, with its attempt counted.
    code, out = run_lesson(["6(3x+1)", "6"])
    assert "continuing at exercise 2 of 3" in out
    assert "(Earlier: 1 answer(s) and 0 hint(s) on this one.)" in out
    assert outcomes()["chain-square"] == ("solved", 2, 0)


# -- a real terminal ------------------------------------------------------------------------


def spawn(*args):
    pexpect = pytest.importorskip("pexpect")
    env = {**os.environ, "TERM": "dumb", "COLUMNS": "100", "LINES": "40"}
    return pexpect.spawn(
        sys.executable,
        ["-m", "symtutor", "lesson", "--lessons", str(FIXTURES), "run", "basics", *args],
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 100),
    )


def reply(child, answer: str, *expected: str) -> None:
    """At the prompt, type `answer`, then expect each of `expected` in turn."""
    child.expect("> ")
    child.sendline(answer)
    for text in expected:
        child.expect(text)


def leave(child, send, message: str, exitstatus: int) -> None:
    """At the prompt, `send` (Ctrl-C, end of input), expect `message` and the exit status."""
    child.expect("> ")
    send()
    child.expect(message)
    child.expect(pytest.importorskip("pexpect").EOF)
    child.close()
    assert child.exitstatus == exitstatus


@pytest.mark.slow  # two real terminal sessions, each importing SymPy: a few seconds
def test_terminal_session_with_right_and_wrong_answers_a_hint_ctrl_c_and_resume():
    child = spawn()
    child.expect("Runner basics")
    child.expect("Three short exercises")
    child.expect("Exercise 1 of 3")
    reply(child, "5x^5", "Not yet", "Mistake: power rule: the exponent was not reduced",
          "The exponent must drop by one.")
    reply(child, "5x^4", "Correct", "Exercise 2 of 3")
    reply(child, "hint", "Hint 1 of 3: ")
    leave(child, child.sendintr, "Progress saved; run `symtutor lesson --lessons .* run basics` to continue.", 130)
    assert "Traceback" not in child.before

    assert db_rows("SELECT exercise, answer, correct, misconception FROM attempts ORDER BY id") == [
        ("power5", "5x^5", 0, "power_rule_exponent_not_reduced"),
        ("power5", "5x^4", 1, None),
    ]
    assert db_rows("SELECT exercise, level FROM hints") == [("chain-square", 1)]
    assert outcomes() == {"power5": ("solved", 2, 0), "chain-square": (None, 0, 1)}

    child = spawn()
    child.expect("Welcome back: 1 of 3 exercises done; continuing at exercise 2 of 3")
    child.expect("Exercise 2 of 3")
    assert "Exercise 1 of 3" not in child.before
    reply(child, "6(3x+1)", "Correct", "Exercise 3 of 3")
    leave(child, child.sendeof, "Progress saved", 0)
    assert outcomes()["chain-square"] == ("solved_with_hints", 1, 1)
    # The line editor's history was kept beside the progress database.
    history = (home() / "history").read_text(encoding="utf-8")
    assert "5x^5" in history and "6(3x+1)" in history


def test_a_lesson_in_its_own_id_file_is_read_without_parsing_the_others(tmp_path):
    from symtutor.lessons.runner import _load_lesson

    source = (FIXTURES / "runner-basics.toml").read_text(encoding="utf-8")
    (tmp_path / "basics.toml").write_text(source, encoding="utf-8")
    (tmp_path / "broken.toml").write_text("[lesson\n", encoding="utf-8")
    assert _load_lesson(catalog, "basics", tmp_path).title == "Runner basics"
    # Any other name goes through the catalog, which reports the broken file.
    with pytest.raises(ValueError, match="broken.toml"):
        _load_lesson(catalog, "elsewhere", tmp_path)


# -- pieces --------------------------------------------------------------------------------


def test_plain_prompt_echoes_each_line_and_raises_eof_at_the_end():
    out = io.StringIO()
    prompt = LinePrompt(False, stdin=io.StringIO("  5x^4  \nhint\n"), stdout=out)
    assert prompt.read("> ") == "5x^4"
    assert prompt.read("> ") == "hint"
    with pytest.raises(EOFError):
        prompt.read("> ")
    assert out.getvalue() == ">   5x^4  \n> hint\n> \n"


def test_title_box_fits_the_terminal_and_wraps_the_intro(monkeypatch):
    from symtutor.lessons.screens import _title_box

    monkeypatch.setenv("COLUMNS", "40")
    box = _title_box("Runner basics", "word " * 20, "Welcome back.")
    lines = box.splitlines()
    assert lines[0] == "╭─ Runner basics " + "─" * 22 + "╮"
    assert all(len(line) == 40 for line in lines)
    assert lines[-1] == "╰" + "─" * 38 + "╯"
    assert "│  Welcome back." in box
    assert "\x1b" not in box  # TERM=dumb (conftest): no colour


def test_title_box_is_coloured_on_a_colour_terminal(monkeypatch):
    from symtutor.lessons.screens import _title_box

    monkeypatch.setenv("TERM", "xterm-256color")
    assert "\x1b[36m╭─" in _title_box("T", "intro", None)
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b" not in _title_box("T", "intro", None)


def test_lesson_text_shows_indented_blocks_as_formulas():
    from rich.console import Console

    from symtutor.lessons.screens import _markdown

    out = io.StringIO()
    Console(file=out, width=60, color_system=None).print(_markdown("Rates multiply:\n\n    d/dx f(g(x)) = f′(g(x))·g′(x)\n\nSo."))
    lines = [line.rstrip() for line in out.getvalue().splitlines()]
    assert lines == ["Rates multiply:", "", "    d/dx f(g(x)) = f′(g(x))·g′(x)", "", "So."]


@pytest.mark.parametrize(
    "text, plain",
    [
        ("the loss *near* w", "the loss near w"),
        ("**Outer** times inner", "Outer times inner"),
        ("z = w*x + b, and 2*x*y", "z = w*x + b, and 2*x*y"),
        ("a * b * c", "a * b * c"),
    ],
)
def test_plain_text_drops_emphasis_marks_but_not_products(text, plain):
    assert PlainScreen._plain(text) == plain


def test_rich_screen_prose_wraps_at_words_under_its_own_indent():
    from rich.console import Console

    from symtutor.lessons.screens import RichScreen

    screen = RichScreen()
    out = io.StringIO()
    screen._console = Console(file=out, width=40, color_system=None)
    screen.say("    Not equal to the problem: at u = 1.5 this line is −11.87, but it should be −12.")
    lines = out.getvalue().splitlines()
    assert [line.rstrip() for line in lines] == [
        "    Not equal to the problem: at u = 1.5",
        "    this line is −11.87, but it should",
        "    be −12.",
    ]
