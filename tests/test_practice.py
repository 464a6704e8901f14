"""`symtutor practice`: a scripted learner, every event stored, resume after SIGKILL, the CLI."""

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

from symtutor.lessons.progress import Store
from symtutor.practice import mastery
from symtutor.practice.bridge import YOUR_TURN, faded
from symtutor.practice.screens import PracticePlainScreen, bar, change_line
from symtutor.practice.session import Session


def home() -> Path:
    return Path(os.environ["SYMTUTOR_HOME"])


def db_rows(sql: str, params=()) -> list[tuple]:
    conn = sqlite3.connect(home() / "progress.db")
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


class ScriptedLearner:
    """A prompt that answers every exercise itself: `answer(exercise)` gives the line to type."""

    interactive = False

    def __init__(self, answer):
        self.answer = answer
        self.session = None
        self.lines = 0

    def read(self, label: str = "> ") -> str:
        self.lines += 1
        return self.answer(self.session.current)


def run_session(answer, count: int, **kwargs) -> tuple[int, str]:
    out = io.StringIO()
    learner = ScriptedLearner(answer)
    with Store() as store:
        session = Session(store, PracticePlainScreen(out=out), learner, count=count, **kwargs)
        learner.session = session
        code = session.run()
    return code, out.getvalue()


def drops_inner_derivatives(ex) -> str:
    """The learner who always forgets the inner derivative, and knows everything else."""
    return dict(ex.mistakes).get("chain_rule_inner_missing", ex.answer)


@pytest.mark.slow  # 30 generated exercises, judged and stored: ~10-30 s
def test_a_learner_who_drops_the_inner_derivative_ends_with_chain_low_and_the_rest_high():
    code, out = run_session(drops_inner_derivatives, count=30, seed=4)
    assert code == 0
    with Store() as store:
        known = mastery.estimates(store)
        observations = store.observations()
    assert known["chain"] < 0.3
    assert known["power"] >= 0.95 and known["constant"] >= 0.95
    mastered = [s for s, p in known.items() if p >= 0.95]
    assert len(mastered) >= 5
    # Every failure is a chain failure, whatever the exercise's own skill was.
    failures = {(o["skill"], o["misconception"]) for o in observations if not o["correct"]}
    assert failures == {("chain", "chain_rule_inner_missing")}
    assert "Mistake: chain rule: the inner derivative is missing" in out
    assert "chain is set aside" in out  # after three misses in a row, other skills come first
    assert "You have mastered power!" in out


def test_a_right_answer_raises_mastery_by_the_bkt_update_and_is_stored():
    code, out = run_session(lambda ex: ex.answer, count=1, skill="chain", seed=1)
    assert code == 0
    assert "You chose chain (mastery 0.20)." in out
    assert "chain             ############-------- 0.20 -> 0.60" in out
    assert db_rows("SELECT skill, correct FROM observations") == [("chain", 1)]
    [(exercise, outcome, attempts)] = db_rows("SELECT exercise, outcome, attempts FROM results")
    assert exercise.startswith("chain/1/") and (outcome, attempts) == ("solved", 1)


def test_bottom_out_hint_steps_and_skip_count_as_failures():
    script = iter(["hint", "hint", "hint", "skip", "steps", "skip"])
    code, out = run_session(lambda ex: next(script), count=3, skill="power", seed=2)
    assert code == 0
    assert "Hint 3 of 3" in out and "That hint gives the answer away" in out
    assert "Worked solution" in out
    # One failure per exercise: the bottom-out hint (then skip adds nothing), steps, skip.
    assert db_rows("SELECT skill, correct FROM observations") == [("power", 0)] * 3
    assert [r[0] for r in db_rows("SELECT outcome FROM results ORDER BY id")] == ["revealed", "revealed", "skipped"]
    assert db_rows("SELECT level FROM hints") == [(1,), (2,), (3,)]


def test_a_new_skill_opens_with_a_worked_example_then_fades():
    code, out = run_session(lambda ex: ex.answer, count=3, skill="power", seed=3)
    assert out.count("Worked example:") == 1
    assert "The next exercise, worked: the last step is yours" in out
    assert "The next exercise, worked: the last 2 steps are yours" in out
    assert out.count(YOUR_TURN) == 2


def test_the_same_seed_gives_the_same_session(tmp_path, monkeypatch):
    _, first = run_session(lambda ex: ex.answer, count=2, seed=9)
    monkeypatch.setenv("SYMTUTOR_HOME", str(tmp_path / "other"))
    _, second = run_session(lambda ex: ex.answer, count=2, seed=9)
    assert first == second


def test_faded_printout_cuts_before_the_last_steps():
    printout = "d/dx [x² + 3]\n\n1  Sum rule\n   formula\n   1.1  Power rule = 2x\n   1.2  Constant rule = 0\n" \
               "   = 2x\n\nAnswer: 2x"
    assert faded(printout, 1) == ("d/dx [x² + 3]\n\n1  Sum rule\n   formula\n   1.1  Power rule = 2x\n\n" + YOUR_TURN, 1)
    assert faded(printout, 2)[0].endswith("formula\n\n" + YOUR_TURN)
    # Never everything: the first step stays, and the count says how many were hidden.
    assert faded(printout, 9) == ("d/dx [x² + 3]\n\n1  Sum rule\n   formula\n\n" + YOUR_TURN, 2)
    assert faded("d/dx [x²]\n\n1  Power rule = 2x\n\nAnswer: 2x", 1) is None


def test_bars():
    assert bar(0.5, 10) == "█████░░░░░" and bar(0.5, 10, plain=True) == "#####-----"
    assert bar(1.2, 4) == "████" and bar(-1, 4) == "░░░░"
    assert change_line("chain", 0.2, 0.97, plain=True).endswith("0.20 -> 0.97  mastered")


# -- through the real entry point -------------------------------------------------------------


def practice(*args: str, stdin: str = "", timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "symtutor", "practice", *args], input=stdin,
                          capture_output=True, text=True, timeout=timeout)


def test_piped_practice_reads_one_answer_per_line_and_ends_at_end_of_input():
    proc = practice("--skill", "constant", "--seed", "1", stdin="help\n17\nhint\n")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    out = proc.stdout
    assert "\x1b[" not in out  # plain text in a pipe
    assert "You chose constant (mastery 0.20)." in out
    assert "> help\n" in out and "  hint   a hint" in out
    assert "Hint 1 of 3" in out
    assert "Progress saved; run `symtutor practice` to continue" in out
    assert db_rows("SELECT COUNT(*) FROM attempts") == [(1,)]


def test_practice_usage_errors_exit_2_with_one_line():
    proc = practice("--skill", "integration")
    assert proc.returncode == 2 and "invalid choice" in proc.stderr and len(proc.stderr.splitlines()) == 1
    proc = practice("--count", "0")
    assert proc.returncode == 2 and proc.stderr == "symtutor: --count must be at least 1\n"


def test_sigkill_mid_exercise_loses_nothing_and_the_next_run_resumes_it():
    proc = subprocess.Popen([sys.executable, "-m", "symtutor", "practice", "--skill", "chain", "--seed", "5"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
    try:
        def until(text: str) -> None:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                line = proc.stdout.readline()
                assert line, f"practice ended before printing {text!r}"
                if text in line:
                    return
            raise AssertionError(f"no {text!r} within 60 s")

        until("Exercise 1")
        proc.stdin.write("0\n")
        proc.stdin.flush()
        until("Not yet")
        proc.stdin.write("hint\n")
        proc.stdin.flush()
        until("Hint 1 of 3")
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    conn = sqlite3.connect(home() / "progress.db")
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    [(exercise, answer, correct)] = conn.execute("SELECT exercise, answer, correct FROM attempts").fetchall()
    assert exercise.startswith("chain/") and (answer, correct) == ("0", 0)
    assert conn.execute("SELECT skill, correct FROM observations").fetchall() == [("chain", 0)]
    assert conn.execute("SELECT exercise, level FROM hints").fetchall() == [(exercise, 1)]
    conn.close()
    again = practice("--skill", "chain", stdin="quit\n")
    assert again.returncode == 0, again.stderr
    assert "Continuing the exercise you were on when you stopped." in again.stdout
    assert "Hint 1 of 3" in again.stdout  # the hint already seen is shown again
    skill, level, seed = exercise.split("/")
    from symtutor.practice.generators import generate

    assert generate(skill, int(level), seed=int(seed)).prompt in again.stdout


def test_progress_shows_mastery_bars_and_the_most_frequent_misconceptions():
    with Store() as store:
        for _ in range(3):
            store.record_observation("power", True)
        store.record_observation("chain", False, misconception="chain_rule_inner_missing")
        store.record_attempt("practice", "chain/1/1", "cos(3x)", correct=False,
                             misconception="chain_rule_inner_missing", skills=["chain"])
        store.record_attempt("practice", "chain/1/1", "3cos(3x)^2", correct=False,
                             misconception="chain_rule_inner_missing", skills=["chain"])
        store.record_attempt("practice", "power/1/1", "5x^5", correct=False,
                             misconception="power_rule_exponent_not_reduced", skills=["power"])
    proc = subprocess.run([sys.executable, "-m", "symtutor", "progress"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    lines = out.splitlines()
    assert lines[lines.index("Skills") + 1].split() == ["skill", "mastery", "right", "lessons", "review"]
    power = next(line.split() for line in lines if line.strip().startswith("power "))
    chain = next(line.split() for line in lines if line.strip().startswith("chain "))
    # Mastery as a bar and a value; answers right of those counted; lesson exercises; the
    # review column says "mastered" (no review scheduled in this store) once it is.
    assert power[1:3] == ["##########", "0.98"] and power[3] == "3/3" and power[-1] == "mastered"
    assert chain[1:3] == ["##--------", "0.18"] and chain[3] == "0/1" and chain[-1] != "mastered"
    assert "Misconceptions seen most often" in out
    lines = out.splitlines()
    first = lines.index("Misconceptions seen most often")
    assert lines[first + 1] == "    2×  chain rule: the inner derivative is missing"
    assert "power rule: the exponent was not reduced" in lines[first + 2]


def test_progress_fit_and_practice_fit_report_the_fit():
    with Store() as store:
        for i in range(40):
            store.record_observation("sum", i % 3 != 0 or i > 20)
        store.record_observation("trig", True)
    for argv in (["progress", "--fit"], ["practice", "fit"]):
        proc = subprocess.run([sys.executable, "-m", "symtutor", *argv], capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        assert "sum                 40 observations: prior" in proc.stdout
        assert "trig                 1 observation: too few, the defaults stay" in proc.stdout
    assert len(db_rows("SELECT skill FROM fitted_params")) == 1


def spawn(*args):
    pexpect = pytest.importorskip("pexpect")
    env = {**os.environ, "TERM": "dumb", "COLUMNS": "100", "LINES": "40"}
    return pexpect.spawn(sys.executable, ["-m", "symtutor", "practice", *args], env=env, encoding="utf-8",
                         timeout=60, dimensions=(40, 100))


@pytest.mark.slow
def test_terminal_session_answer_then_ctrl_c_exits_130_with_everything_saved():
    child = spawn("--skill", "constant", "--seed", "1")
    child.expect("Worked example")
    child.expect(r"\[Enter\] to try one yourself, or quit: ")
    child.sendline("")
    child.expect("Exercise 1")
    child.expect("> ")
    child.sendline("0")
    child.expect("Not yet")
    child.expect("> ")
    child.sendintr()
    child.expect("Progress saved")
    child.expect(pytest.importorskip("pexpect").EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in child.before
    assert db_rows("SELECT answer, correct FROM attempts") == [("0", 0)]


def test_a_piped_session_transcript_is_stable():
    """What a learner reads: the reason, the worked example, faded solutions, feedback, mastery."""
    from snapshots import check_golden

    answers = iter(["0", "hint", "steps"])
    code, out = run_session(lambda ex: next(answers, ex.answer), count=3, skill="chain", seed=21)
    assert code == 0
    check_golden("practice_chain_seed21.txt", out)


def test_waits_and_review_times_in_words():
    from symtutor.practice.schedule import INTERVALS, iso, review_words, wait_words

    assert [wait_words(s) for s in (0, 59, 600, 3599, 7200, 86_399, 86_400, 3 * 86_400)] == [
        "1 minute", "1 minute", "10 minutes", "1 hour", "2 hours", "1 day", "1 day", "3 days"]
    assert wait_words(INTERVALS[5]) == "21 days"
    now = 1_800_000_000
    assert review_words(iso(now - 5), now) == "due now"
    assert review_words(iso(now + 600), now) == "in 10 minutes"
    assert review_words(iso(now + 86_400 - 30), now) == "in 1 day"
