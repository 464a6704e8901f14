"""The interactive ``symtutor practice`` loop.

Each round: choose a skill (`symtutor.practice.schedule`, which says why), generate
an exercise for it, show a worked example or a faded worked solution while the skill
is new, then read answers and commands until the exercise is over. Every answer, hint
and outcome, and every knowledge-tracing observation, is committed to the progress
database the moment it happens (`symtutor.lessons.progress.Store`, under the lesson
name ``practice``); an exercise left unfinished (Ctrl-C, end of input, a killed
process) is shown again on the next run.

What updates mastery (`symtutor.practice.mastery`): a right answer is a success of the
exercise's skill (not after a hint: then it is no observation at all); a wrong one is a failure of
the skill its diagnosed misconception belongs to, else of the exercise's skill; the
bottom-out hint, ``steps`` and ``skip`` are failures of the exercise's skill.

Screens and the line prompt are the lesson runner's (`symtutor.lessons.runner`,
`symtutor.lessons.prompt`): colour and panels on a terminal, plain lines otherwise
(one answer per line from a pipe).
"""

from __future__ import annotations

import random
import time

from symtutor.practice import schedule
from symtutor.practice.bridge import exercise_id, faded, lesson_exercise, parse_id

LESSON = "practice"
#: Wrong answers before the worked solution is shown (as in lessons).
MAX_ATTEMPTS = 3

COMMANDS = {
    "hint": "a hint (the last one shows the answer, which then counts as not solved)",
    "steps": "show the full worked solution (counts as not solved)",
    "w": "work it out line by line, an empty line ends; a right last line is your answer (or `work`)",
    "skip": "move on to another exercise (counts as not solved)",
    "quit": "stop here; your progress is saved",
    "help": "this list",
}


class _Stop(Exception):
    """`quit`, or the end of the input."""


class Session:
    """One run of ``symtutor practice``.

    Args:
        store: the open progress `Store`.
        screen: a `PracticePlainScreen` or `PracticeRichScreen`.
        prompt: a `LinePrompt`.
        skill: practise only this skill (``--skill``).
        seed: make the exercises reproducible (``--seed``).
        count: stop after this many exercises (None: until `quit` or the end of input).
    """

    def __init__(self, store, screen, prompt, *, skill: str | None = None, seed: int | None = None,
                 count: int | None = None, clock=time.time):
        self.store, self.screen, self.prompt = store, screen, prompt
        self.skill, self.count, self.clock = skill, count, clock
        self.rng = random.Random(seed)
        self.number = 0
        self.last_was_review = False
        self.current = None
        self.current_skill: str | None = None

    # -- the loop ----------------------------------------------------------------------

    def run(self) -> int:
        self.screen.title("Practice", "Exercises chosen for you, one skill at a time, until you master it. "
                          "Type `help` for the commands.", self._welcome())
        try:
            resumed = self._resume()
            if resumed is not None:
                self._play(*resumed)
            while self.count is None or self.number < self.count:
                choice = self._choose()
                self.screen.say(choice.reason, style="cyan")
                if choice.worked_first:
                    self._worked_example(choice)
                    self._pause()
                from symtutor.practice.generators import generate

                self._play(generate(choice.skill, choice.level, seed=self.rng.randrange(2**31)), choice)
        except _Stop:
            self._goodbye()
            return 0
        except KeyboardInterrupt:
            self._goodbye(interrupted=True)
            return 130
        self._goodbye()
        return 0

    def _welcome(self) -> str | None:
        known = self._known()
        if not known:
            return None
        mastered = sorted(s for s, p in known.items() if p >= schedule.MASTERED)
        return (f"Welcome back: {len(mastered)} skill{'s' if len(mastered) != 1 else ''} mastered"
                + (f" ({', '.join(mastered)})." if mastered else "."))

    def _known(self) -> dict[str, float]:
        from symtutor.practice import mastery

        return mastery.estimates(self.store)

    def _history(self) -> list[tuple[str, bool]]:
        """The practice exercises finished, oldest first: (skill, solved at all)."""
        from symtutor.lessons.progress import SOLVED

        return [(skill, r["outcome"] in SOLVED)
                for r in self.store.results() if r["lesson"] == LESSON for skill in r["skills"]]

    def _choose(self) -> schedule.Choice:
        history = self._history()
        practised: dict[str, int] = {}
        for skill, _ in history:
            practised[skill] = practised.get(skill, 0) + 1
        return schedule.choose(self._known(), practised, self.store.reviews(), now=self.clock(),
                               last_was_review=self.last_was_review, skill=self.skill,
                               rest=schedule.resting(history), current=self.current_skill)

    def _resume(self):
        """The exercise left unfinished last time, with its choice, or None."""
        from symtutor.practice.generators import LEVELS, generate

        for text in self.store.unfinished(LESSON):
            parsed = parse_id(text)
            if parsed and parsed[0] in LEVELS and 1 <= parsed[1] <= LEVELS[parsed[0]]:
                skill, level, seed = parsed
                if self.skill not in (None, skill):
                    continue
                self.screen.info("Continuing the exercise you were on when you stopped.")
                review = skill in self.store.reviews() and self._known().get(skill, 0) >= schedule.MASTERED
                return generate(skill, level, seed=seed), schedule.Choice(skill, level, "", review=review)
        return None

    def _pause(self) -> None:
        """On a terminal, let the learner read the worked example before the exercise follows."""
        if not self.prompt.interactive:
            return
        try:
            answer = self.prompt.read("[Enter] to try one yourself, or quit: ")
        except EOFError:
            raise _Stop from None
        if answer.lower() in ("quit", "exit"):
            raise _Stop

    def _worked_example(self, choice: schedule.Choice) -> None:
        from symtutor.practice.generators import generate

        example = generate(choice.skill, choice.level, seed=self.rng.randrange(2**31))
        try:
            printout = lesson_exercise(example).solution_text()
        except (ValueError, ArithmeticError, RecursionError):
            return  # the example is a help, not a requirement: go straight to the exercise
        self.screen.worked(example.prompt.rstrip("."), "A new skill: first a worked example.", printout,
                           "", _command(example))

    def _play(self, ex, choice: schedule.Choice) -> None:
        from symtutor.practice import mastery

        self.number += 1
        self.current = ex  # the exercise on screen (for scripted learners in tests)
        before = self._known()
        outcome = _ExerciseRun(self, ex, choice).run()
        after = self._known()
        self.last_was_review = choice.review
        if not choice.review:
            self.current_skill = ex.skill
        lines = []
        for skill in sorted(set(after), key=lambda s: (s != ex.skill, s)):
            old, new = before.get(skill, mastery.params_for(skill).prior), after[skill]
            if skill == ex.skill or abs(new - old) > 1e-9:
                lines.append(_change(self.screen, skill, old, new))
        self._schedule_review(ex.skill, choice, outcome, before.get(ex.skill, 0.0), after.get(ex.skill, 0.0))
        self.screen.mastery(lines)

    def _schedule_review(self, skill: str, choice, outcome: str, before: float, after: float) -> None:
        reviews = self.store.reviews()
        now = self.clock()
        if choice.review and skill in reviews:
            box, due = schedule.reviewed(reviews[skill][0], outcome == "first_try", now)
            self.store.set_review(skill, box, due)
            wait = schedule.wait_words(schedule.INTERVALS[box])
            self.screen.say(f"Review of {skill}: {'right first time' if outcome == 'first_try' else 'back to box 1'};"
                            f" next review in {wait}.", style="cyan")
        elif after >= schedule.MASTERED and skill not in reviews:
            box, due = schedule.first_review(now)
            self.store.set_review(skill, box, due)
            self.screen.say(f"You have mastered {skill}! It will come back for a review in "
                            f"{schedule.wait_words(schedule.INTERVALS[box])}, then at longer and longer intervals.", style="cyan")

    def _goodbye(self, interrupted: bool = False) -> None:
        if interrupted:
            self.screen.info("")
        self.screen.info("Progress saved; run `symtutor practice` to continue, `symtutor progress` to see it.")


def _change(screen, skill: str, old: float, new: float) -> str:
    from symtutor.practice.screens import change_line

    return change_line(skill, old, new, plain=not screen.rich)


def _command(ex) -> str:
    import shlex

    argv = lesson_exercise(ex).argv() or []
    return "symtutor " + " ".join(shlex.quote(a) for a in argv)


class _ExerciseRun:
    """One exercise on screen: answers, hints and commands until it is over."""

    def __init__(self, session: Session, ex, choice: schedule.Choice):
        self.session, self.ex, self.choice = session, ex, choice
        self.store, self.screen = session.store, session.screen
        self.id = exercise_id(ex)
        self.question = lesson_exercise(ex)
        state = self.store.states(LESSON).get(self.id)
        self.attempts = state.attempts if state else 0
        self.hints_used = state.hints_used if state else 0
        self.revealed = False
        self.ladder: list[str] | None = None
        self.shown_at = time.monotonic()

    def run(self) -> str:
        """Returns "first_try", "solved", "revealed" or "skipped"."""
        ex = self.ex
        extra = f"{ex.skill}, level {ex.level}" + (", review" if self.choice.review else "")
        self.store.open_exercise(LESSON, self.id, skills=(ex.skill,))
        if self.choice.hidden and ex.kind == "derivative":  # derivation printouts have numbered steps
            self._faded(self.choice.hidden)
        # The question last, right above the prompt.
        self.screen.practice_exercise(self.session.number, ex.prompt, extra)
        if self.hints_used:
            ladder = self._ladder()
            for level in range(1, min(self.hints_used, len(ladder)) + 1):
                self.screen.hint(level, len(ladder), ladder[level - 1])
            self.revealed = self.hints_used >= len(ladder)
        while True:
            answer = self._read("> ")
            word = answer.lower()
            if not answer:
                continue
            if word in ("quit", "exit"):
                raise _Stop
            if word in ("help", "?"):
                self._help()
            elif word == "hint":
                self._hint()
            elif word in ("steps", "solution"):
                self._solution("Worked solution")
                return self._finish("revealed", failure=not self.revealed)
            elif word == "skip":
                self.screen.info("Skipped.")
                return self._finish("revealed" if self.revealed else "skipped", failure=not self.revealed)
            elif word == "work" or (word == "w" and not self._w_is_variable()):
                result = self._work_it_out()
                if result:
                    return result
            else:
                result = self._answer(answer)
                if result:
                    return result

    def _read(self, label: str) -> str:
        try:
            return self.session.prompt.read(label)
        except EOFError:
            raise _Stop from None

    def _help(self) -> None:
        self.screen.info("Type your answer as on paper (2x, (3x+1)^2, ln(x), [7, 8], 0.125), or one of:")
        for name, text in COMMANDS.items():
            if name == "w" and self.ex.kind != "derivative":
                continue
            self.screen.info(f"  {name:<6} {text}")

    def _faded(self, hidden: int) -> None:
        try:
            printout = self.question.solution_text()
        except (ValueError, ArithmeticError, RecursionError):
            return
        cut = faded(printout, hidden)
        if cut is None:
            return  # one step: nothing to show that would not give it away
        text, hidden = cut
        steps = "the last step is" if hidden == 1 else f"the last {hidden} steps are"
        self.screen.solution(f"The next exercise, worked: {steps} yours", text)

    def _ladder(self) -> list[str]:
        if self.ladder is None:
            self.ladder = list(self.question.hint_ladder())
        return self.ladder

    def _hint(self) -> None:
        ladder = self._ladder()
        if self.hints_used >= len(ladder):
            self.screen.info("No more hints: type the answer shown above, `steps` for the full solution, or `skip`.")
            return
        self.hints_used += 1
        self.store.record_hint(LESSON, self.id, self.hints_used, skills=(self.ex.skill,))
        self.screen.hint(self.hints_used, len(ladder), ladder[self.hints_used - 1])
        if self.hints_used == len(ladder):
            self.revealed = True
            self._observe(False)
            self.screen.info("That hint gives the answer away: type it in to move on (it counts as shown, not solved).")

    def _solution(self, heading: str) -> None:
        try:
            text = self.question.solution_text()
        except (ValueError, ArithmeticError, RecursionError):
            text = f"Answer: {self.ex.answer}"
        self.screen.solution(heading, text)

    def _observe(self, correct: bool, label: str | None = None) -> None:
        from symtutor.practice.mastery import skill_of

        skill = self.ex.skill if correct else (skill_of(label) or self.ex.skill)
        self.store.record_observation(skill, correct, exercise=self.id, misconception=label)

    def _finish(self, outcome: str, *, failure: bool = False) -> str:
        if failure:
            self._observe(False)
        stored = {"first_try": "solved"}.get(outcome, outcome)
        self.store.finish_exercise(LESSON, self.id, stored, skills=(self.ex.skill,))
        return outcome

    def _judge(self, answer: str):
        """The verdict and the misconception (a listed mistake names it for numbers), or None."""
        from symtutor.answers.checking import check
        from symtutor.errors import one_line

        ex = self.ex
        wrt = ex.wrt if ex.kind == "derivative" else None
        try:
            verdict = check(ex.problem, answer, wrt, kind=ex.kind)
        except (ValueError, ArithmeticError, RecursionError) as exc:
            self.screen.error(f"Could not check that: {one_line(exc)}. (Not counted as a try; `help` lists "
                              "the commands.)")
            return None, None
        label = verdict.misconception
        if not verdict.correct and label is None:
            for mistake, wrong in ex.mistakes:
                try:
                    if check(wrong, answer, None, kind=_value_kind(ex.kind)).correct:
                        label = mistake
                        break
                except ValueError:
                    continue
        return verdict, label

    def _answer(self, answer: str, indent: str = "") -> str | None:
        """Judge and store an answer; the outcome when the exercise is over, else None."""
        from symtutor.render.verdict import label_words

        verdict, label = self._judge(answer)
        if verdict is None:
            return None
        self.attempts = self.store.record_attempt(
            LESSON, self.id, answer, correct=verdict.correct, misconception=label,
            seconds=round(time.monotonic() - self.shown_at, 2), skills=(self.ex.skill,))
        read = verdict.answer_read or ""
        if verdict.correct:
            note = verdict.note or ""
            if self.revealed:
                note = (note + " " if note else "") + "(Counted as shown, not solved: the last hint gave it away.)"
                self.screen.correct(read, note, indent=indent)
                return self._finish("revealed")
            if self.hints_used:
                # A right answer after a hint is no evidence of knowing the skill (nor against it).
                note = (note + " " if note else "") + "(Solved with a hint: mastery grows with answers given " \
                    "without one.)"
            else:
                self._observe(True)
            self.screen.correct(read, note, indent=indent)
            first = self.attempts == 1 and not self.hints_used
            return self._finish("first_try" if first else ("solved" if not self.hints_used else "solved_with_hints"))
        self._observe(False, label)
        feedback = verdict.feedback if verdict.misconception == label else _mistake_sentence(label)
        self.screen.wrong(read, feedback, label_words(label) or "", indent=indent)
        left = MAX_ATTEMPTS - self.attempts
        if left <= 0:
            self._solution(f"Worked solution ({MAX_ATTEMPTS} tries used)")
            return self._finish("revealed")
        self.screen.info(indent + f"{left} {'try' if left == 1 else 'tries'} left. Type `hint` for a hint.")
        return None

    def _w_is_variable(self) -> bool:
        """`w` is an answer, not the command, where w is a variable of the exercise."""
        return self.ex.kind != "derivative" or self.ex.wrt == "w" or "w" in self.ex.problem

    def _work_it_out(self) -> str | None:
        """`w`: the learner's working judged line by line; the outcome when its last line solves it."""
        from symtutor.lessons.working import final_line

        if self.ex.kind != "derivative":
            self.screen.info("`w` works on derivative exercises; here, type the answer.")
            return None
        answer = final_line(self.screen, self._read, self.ex.problem, self.ex.wrt)
        return None if answer is None else self._answer(answer)


def _value_kind(kind: str) -> str:
    """How a listed wrong answer is compared with the learner's: as a number, a vector or an expression."""
    return kind if kind in ("value", "vector") else "expr"


def _mistake_sentence(label: str | None) -> str:
    """The catalogue's feedback for a listed mistake, when it has a general sentence."""
    from symtutor.answers.mistakes import by_label
    from symtutor.render.verdict import label_words

    mistake = by_label(label)
    if mistake is not None and "" in mistake.templates and "{" not in mistake.templates[""]:
        return mistake.templates[""]
    return f"That is the answer the mistake \"{label_words(label)}\" gives."
