"""Exercise generators: correctness, variety and speed over many seeds per skill.

For every skill, seeds 0..N-1 (levels cycling 1, 2, ..., LEVELS[skill]):

- keys disagreeing with ``sympy.diff`` and ill-posed exercises, by
  `symtutor.practice.verify.key_problems` (an independent recomputation);
- distinct exercises (distinct prompts) as a fraction of N;
- the time `generate` takes for one exercise with its key and mistakes ready
  (median and 90th percentile, milliseconds): wall-clock, and the CPU time of the
  process (which other programs on a shared machine do not inflate).

With ``--judge K`` the first K seeds of each skill also go through the checker
(`verify.judging_problems`: the answer accepted, every mistake refused).

Usage:
    PYTHONPATH=. python benchmarks/bench_generators.py [--seeds 10000] [--jobs 2] [--judge 200]
        [--skills chain,power] [--log chunks.jsonl] [--out results.json]
    PYTHONPATH=. python benchmarks/bench_generators.py --summarize chunks.jsonl

Each finished chunk of seeds is appended to the ``--log`` file as it completes, so an
interrupted run can still be summarized (``--summarize``) from what it finished.

The machine this runs on is shared: run it more than once and compare medians.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed

CHUNK = 250


def _run(skill: str, seeds: range, judge: int) -> dict:
    from symtutor.practice.generators import LEVELS, generate
    from symtutor.practice.verify import judging_problems, key_problems

    generate(skill, 1, seed=10**9)  # imports and caches warm, not timed
    times, cpu, prompts, bad, failures = [], [], [], 0, []
    for seed in seeds:
        level = 1 + seed % LEVELS[skill]
        start, start_cpu = time.perf_counter(), time.process_time()
        try:
            ex = generate(skill, level, seed=seed)
        except RuntimeError as exc:
            bad += 1
            failures.append(f"seed {seed}: {exc}")
            continue
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        prompts.append(ex.prompt)
        problems = key_problems(ex)
        if seed < judge:
            problems += judging_problems(ex)
        if problems:
            bad += 1
            failures.append(f"seed {seed} level {level}: {ex.problem}: {'; '.join(problems)}")
    return {"skill": skill, "lo": seeds.start, "n": len(seeds), "times": times, "cpu": cpu, "prompts": prompts, "bad": bad,
            "failures": failures[:20]}


def main(argv: list[str] | None = None) -> int:
    from symtutor.practice.generators import SKILLS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--judge", type=int, default=0)
    parser.add_argument("--skills", default=",".join(SKILLS))
    parser.add_argument("--log", default=None)
    parser.add_argument("--out", default=None)
    parser.add_argument("--summarize", metavar="LOG", default=None)
    args = parser.parse_args(argv)
    if args.summarize:
        with open(args.summarize, encoding="utf-8") as fh:
            return _report([json.loads(line) for line in fh if line.strip()], None, args.out)
    skills = [s for s in args.skills.split(",") if s]
    parts = []
    began = time.perf_counter()
    log = open(args.log, "a", encoding="utf-8") if args.log else None
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        # Round robin over the skills, so that an interrupted run has covered every
        # skill equally far; chunks already in the log are not run again.
        done = set()
        if args.log and os.path.exists(args.log):
            with open(args.log, encoding="utf-8") as fh:
                parts = [json.loads(line) for line in fh if line.strip()]
            done = {(p["skill"], p["lo"]) for p in parts}
        futures = [pool.submit(_run, s, range(lo, min(lo + CHUNK, args.seeds)), args.judge)
                   for lo in range(0, args.seeds, CHUNK) for s in skills if (s, lo) not in done]
        for future in as_completed(futures):
            part = future.result()
            parts.append(part)
            if log:
                log.write(json.dumps(part) + "\n")
                log.flush()
    if log:
        log.close()
    return _report(parts, (time.perf_counter() - began, args.jobs), args.out)


def _report(parts: list[dict], wall: tuple[float, int] | None, out: str | None) -> int:
    merged: dict[str, dict] = {}
    for part in parts:
        into = merged.setdefault(part["skill"], {"n": 0, "times": [], "cpu": [], "prompts": [], "bad": 0,
                                                 "failures": []})
        into["n"] += part["n"]
        for key in ("times", "cpu", "prompts", "failures"):
            into[key] += part[key]
        into["bad"] += part["bad"]
    rows, all_times, all_cpu = [], [], []
    print(f"{'skill':<18}{'seeds':>7}{'bad':>5}{'distinct':>10}{'median ms':>11}{'p90 ms':>8}{'cpu median':>12}")
    for skill, m in merged.items():
        times, cpu = sorted(m["times"]), sorted(m["cpu"])
        seeds = m["n"]
        all_times += times
        all_cpu += cpu
        row = {
            "skill": skill,
            "seeds": seeds,
            "bad": m["bad"],
            "distinct": len(set(m["prompts"])) / max(seeds, 1),
            "median_ms": 1000 * statistics.median(times),
            "p90_ms": 1000 * times[int(0.9 * (len(times) - 1))],
            "cpu_median_ms": 1000 * statistics.median(cpu),
            "failures": m["failures"][:5],
        }
        rows.append(row)
        print(f"{skill:<18}{seeds:>7}{row['bad']:>5}{row['distinct']:>10.3f}"
              f"{row['median_ms']:>11.1f}{row['p90_ms']:>8.1f}{row['cpu_median_ms']:>12.1f}")
        for failure in row["failures"]:
            print("    " + failure)
    overall, overall_cpu = 1000 * statistics.median(all_times), 1000 * statistics.median(all_cpu)
    line = f"overall median {overall:.1f} ms wall, {overall_cpu:.1f} ms CPU, over {len(all_times)} exercises"
    if wall:
        line += f"; wall time {wall[0]:.0f} s with {wall[1]} processes"
    print(line)
    if out:
        with open(out, "w", encoding="utf-8") as fh:
            json.dump({"rows": rows, "overall_median_ms": overall, "overall_cpu_median_ms": overall_cpu}, fh,
                      indent=2)
    return 1 if any(r["bad"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
