"""Adaptive practice: generated exercises, chosen for you, until you master each skill.

symtutor picks the skill with the lowest mastery that you are ready for (its
prerequisites mastered), says why, and serves new exercises for it until the
knowledge-tracing estimate reaches 0.95. Mastered skills come back for spaced review.
A new skill starts with a worked example; the next exercises show the worked
solution with the last steps left to you, then nothing.

At the prompt, type your answer as on paper (6(3x+1), ln x, [7, 8], 0.125), or:
  hint    a hint; the last one shows the answer (not counted as solved)
  steps   show the full worked solution (not counted as solved)
  w       work it out line by line, each line checked (derivative exercises)
  skip    another exercise (not counted as solved)
  quit    stop; progress is saved (so is Ctrl-C or end of input)
  help    list these commands

`symtutor practice fit` fits the knowledge-tracing parameters to your own answers.

Example:
  symtutor practice
  symtutor practice --skill chain --seed 7
  symtutor practice fit
"""

from __future__ import annotations

from symtutor.commands._common import command_parser


def register(sub) -> None:
    from symtutor.practice.skills import SKILLS

    parser = command_parser(sub, "practice", __doc__, "symtutor.commands.practice:run")
    parser.add_argument("action", nargs="?", choices=("fit",), help="fit: fit mastery parameters to your history")
    parser.add_argument("--skill", choices=SKILLS, metavar="NAME", help=f"practise this skill: {', '.join(SKILLS)}")
    parser.add_argument("--seed", type=int, help="make the exercises reproducible")
    parser.add_argument("--count", type=int, metavar="N", help="stop after N exercises")


def run(args) -> int:
    """Run a practice session (exit 0, or 130 on Ctrl-C), or fit the parameters."""
    if args.action == "fit":
        return fit_command()
    import sys

    from symtutor.lessons.progress import Store
    from symtutor.lessons.prompt import LinePrompt
    from symtutor.practice.screens import PracticePlainScreen, PracticeRichScreen
    from symtutor.practice.session import COMMANDS, Session

    if args.count is not None and args.count < 1:
        raise ValueError("--count must be at least 1")
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    screen = PracticeRichScreen() if interactive else PracticePlainScreen()
    with Store() as store:
        prompt = LinePrompt(interactive, words=tuple(COMMANDS))
        return Session(store, screen, prompt, skill=args.skill, seed=args.seed, count=args.count).run()


def fit_command() -> int:
    """``symtutor practice fit`` (and ``symtutor progress --fit``): fit, save, report."""
    from symtutor.lessons import progress
    from symtutor.practice import mastery

    store = progress.open_existing()
    if store is None:
        print("No progress yet: nothing to fit. Practise first (symtutor practice).")
        return 0
    with store:
        report = mastery.fit_store(store)
    if not report:
        print("No answers yet: nothing to fit.")
        return 0
    print(f"Knowledge-tracing parameters fitted per skill (at least {mastery.MIN_OBSERVATIONS} observations):")
    for skill, entry in sorted(report.items()):
        params, count = entry["params"], entry["observations"]
        observed = f"{count:>4} observation{'s' if count != 1 else ''}"
        if params is None:
            print(f"  {skill:<17} {observed}: too few, the defaults stay")
            continue
        before, after = entry["log_likelihood"]
        print(f"  {skill:<17} {observed}: prior {params.prior:.2f}, "
              f"learn {params.learn:.2f}, slip {params.slip:.2f}, guess {params.guess:.2f} "
              f"(log-likelihood {before:.1f} -> {after:.1f})")
    return 0
