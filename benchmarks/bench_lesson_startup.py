"""How fast a lesson starts: first screen, and first judged answer, in a real terminal.

Measures, each as the median of several runs in a pseudo-terminal (pexpect):

1. process start -> the lesson's title and intro on screen (target: 0.3 s), for
   every shipped lesson;
2. process start -> the verdict on the first answer, typed the moment the prompt
   appears, for a lesson that opens with an exercise; compared with the wall time
   of ``python -c "import sympy"`` (target: no later);
3. the same through a pipe: ``echo ANSWER | symtutor lesson run ID``.

Usage: python benchmarks/bench_lesson_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pexpect

LESSON = """\
[lesson]
id = "bench"
title = "Start-up benchmark"
order = 1
intro = "One exercise, straight away."

[[items]]
type = "exercise"
id = "power5"
prompt = "Differentiate x^5."
kind = "derivative"
problem = "x^5"
wrt = "x"
"""


def spawn(args: list[str], env: dict) -> tuple[pexpect.spawn, float]:
    start = time.perf_counter()
    child = pexpect.spawn(sys.executable, ["-m", "symtutor", *args], env=env, encoding="utf-8",
                          timeout=30, dimensions=(40, 100))
    return child, start


def first_screen(lesson_id: str, env: dict) -> float:
    from symtutor.lessons import catalog

    intro_start = catalog.load(lesson_id).intro.split()[:3]
    child, start = spawn(["lesson", "run", lesson_id, "--restart"], env)
    child.expect(r"\s+".join(map(lambda w: __import__("re").escape(w), intro_start)))
    elapsed = time.perf_counter() - start
    child.terminate(force=True)
    return elapsed


def first_verdict(lessons: Path, env: dict) -> tuple[float, float]:
    child, start = spawn(["lesson", "--lessons", str(lessons), "run", "bench", "--restart"], env)
    child.expect("One exercise")
    shown = time.perf_counter() - start
    child.expect("> ")
    child.sendline("5x^4")
    child.expect("Correct")
    judged = time.perf_counter() - start
    child.terminate(force=True)
    return shown, judged


def piped(lessons: Path, env: dict) -> tuple[float, float]:
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "symtutor", "lesson", "--lessons", str(lessons), "run", "bench", "--restart"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
    )
    proc.stdin.write("5x^4\n")
    proc.stdin.close()
    judged = None
    for line in proc.stdout:
        if judged is None and line.startswith("Correct"):
            judged = time.perf_counter() - start
    proc.wait()
    return judged or float("nan"), time.perf_counter() - start


def import_sympy() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import sympy"], check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    from symtutor.lessons import catalog

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        lessons = Path(tmp) / "lessons"
        lessons.mkdir()
        (lessons / "bench.toml").write_text(LESSON, encoding="utf-8")
        env = {**os.environ, "SYMTUTOR_HOME": str(home), "TERM": "xterm-256color"}
        env.pop("SYMTUTOR_LESSONS", None)
        import_sympy()  # warm the file cache, as for every run below
        print(f"{runs} runs each, medians (min-max)\n")
        print("1. process start -> title and intro on screen (target <= 0.300 s)")
        for lesson in catalog.load_all():
            times = [first_screen(lesson.id, env) for _ in range(runs)]
            print(f"   {lesson.id:<12} {statistics.median(times):.3f} s  ({min(times):.3f}-{max(times):.3f})")
        sympy_times = [import_sympy() for _ in range(runs)]
        results = [first_verdict(lessons, env) for _ in range(runs)]
        pipe = [piped(lessons, env) for _ in range(runs)]
        sympy_median = statistics.median(sympy_times)
        print(f"\n2. python -c 'import sympy' wall time:        {sympy_median:.3f} s  "
              f"({min(sympy_times):.3f}-{max(sympy_times):.3f})")
        shown = [r[0] for r in results]
        judged = [r[1] for r in results]
        print(f"   terminal: first screen                     {statistics.median(shown):.3f} s")
        print(f"   terminal: first answer judged (typed at once) {statistics.median(judged):.3f} s  "
              f"({min(judged):.3f}-{max(judged):.3f})  = {statistics.median(judged) / sympy_median:.2f}x import sympy")
        print(f"3. piped: first answer judged                 {statistics.median(r[0] for r in pipe):.3f} s; "
              f"whole run {statistics.median(r[1] for r in pipe):.3f} s")


if __name__ == "__main__":
    main()
