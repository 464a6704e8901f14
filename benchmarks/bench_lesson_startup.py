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

import resource

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


def children_cpu() -> float:
    """CPU seconds used so far by finished child processes (user + system).

    Wall times swing with whatever else the machine runs; CPU time barely does, so
    the comparisons are also given in CPU seconds.
    """
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


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


#: Runs `symtutor lesson run ID` and stops the process the moment the first screen is drawn.
_STOP_AT_TITLE = """
import os, sys
from symtutor.lessons import runner
draw = runner.PlainScreen.title
def title(self, *args, **kwargs):
    draw(self, *args, **kwargs)
    sys.stdout.flush()
    os._exit(0)
runner.PlainScreen.title = title
from symtutor.cli import main
main(["lesson", "run", sys.argv[1], "--restart"])
"""


def first_screen_cpu(lesson_id: str, env: dict) -> float:
    """CPU seconds from process start to the first screen (plain output; rich draws it alike)."""
    cpu = children_cpu()
    subprocess.run([sys.executable, "-c", _STOP_AT_TITLE, lesson_id], env=env, check=True,
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    return children_cpu() - cpu


def first_verdict(lessons: Path, env: dict, think: float = 0.0) -> tuple[float, float, float, float]:
    """(first screen, verdict, Enter -> verdict, CPU seconds up to the verdict), the answer
    typed `think` s after the prompt."""
    cpu = children_cpu()
    child, start = spawn(["lesson", "--lessons", str(lessons), "run", "bench", "--restart"], env)
    child.expect("One exercise")
    shown = time.perf_counter() - start
    child.expect("> ")
    time.sleep(think)
    child.delaybeforesend = 0
    sent = time.perf_counter()
    child.sendline("5x^4")
    child.expect("Correct")
    judged = time.perf_counter()
    child.terminate(force=True)
    child.close()
    return shown, judged - start, judged - sent, children_cpu() - cpu


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


def import_sympy(env: dict | None = None, code: str = "import sympy") -> tuple[float, float]:
    """(wall, CPU) seconds of `python -c "import sympy"`."""
    cpu = children_cpu()
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    return time.perf_counter() - start, children_cpu() - cpu


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
        # An installed wheel has its bytecode compiled; a checkout run with
        # PYTHONDONTWRITEBYTECODE=1 would compile every symtutor module on every start
        # (about 0.2 s). Keep the bytecode in a private cache, like an installation.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        import_sympy(env)  # warm the file cache, as for every run below
        piped(lessons, env)  # fills the bytecode cache
        load = os.getloadavg()[0]
        print(f"{runs} runs each, medians (min-max); {os.cpu_count()} CPUs, load average {load:.1f}\n")
        print("1. process start -> title and intro on screen (target <= 0.300 s)")
        for lesson in catalog.load_all():
            times = [first_screen(lesson.id, env) for _ in range(runs)]
            cpu = statistics.median(first_screen_cpu(lesson.id, env) for _ in range(runs))
            print(f"   {lesson.id:<12} {statistics.median(times):.3f} s  ({min(times):.3f}-{max(times):.3f});"
                  f"  CPU {cpu:.3f} s")
        sympy_runs = [import_sympy(env) for _ in range(runs)]
        sympy_times = [r[0] for r in sympy_runs]
        sympy_cpu = statistics.median(r[1] for r in sympy_runs)
        # The same without the interpreter's tear-down (the runner is measured before its own).
        bare_cpu = statistics.median(
            import_sympy(env, "import os, sympy; os._exit(0)")[1] for _ in range(runs)
        )
        results = [first_verdict(lessons, env) for _ in range(runs)]
        pipe = [piped(lessons, env) for _ in range(runs)]
        sympy_median = statistics.median(sympy_times)
        print(f"\n2. python -c 'import sympy' wall time:        {sympy_median:.3f} s  "
              f"({min(sympy_times):.3f}-{max(sympy_times):.3f}); CPU {sympy_cpu:.3f} s")
        thinking = [first_verdict(lessons, env, think=1.0) for _ in range(runs)]
        shown = [r[0] for r in results]
        judged = [r[1] for r in results]
        wait = [r[2] for r in results]
        print(f"   terminal: first screen                        {statistics.median(shown):.3f} s")
        print(f"   terminal: first answer judged (typed at once) {statistics.median(judged):.3f} s  "
              f"({min(judged):.3f}-{max(judged):.3f})  = {statistics.median(judged) / sympy_median:.2f}x import sympy")
        print(f"      of which Enter -> verdict                  {statistics.median(wait):.3f} s")
        verdict_cpu = statistics.median(r[3] for r in results)
        print(f"      CPU up to the verdict                      {verdict_cpu:.3f} s "
              f"= {verdict_cpu / sympy_cpu:.2f}x import sympy's CPU "
              f"({verdict_cpu / bare_cpu:.2f}x without its exit, {bare_cpu:.3f} s)")
        print(f"   terminal: answer typed 1 s after the prompt:  Enter -> verdict "
              f"{statistics.median(r[2] for r in thinking):.3f} s")
        print(f"3. piped: first answer judged                 {statistics.median(r[0] for r in pipe):.3f} s; "
              f"whole run {statistics.median(r[1] for r in pipe):.3f} s")


if __name__ == "__main__":
    main()
