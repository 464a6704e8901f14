"""The interactive lesson runner: ``symtutor lesson run ID [--restart]``.

A lesson is shown item by item: explanations, worked examples (printed by the
same commands a learner can type, so never hand-typed), and exercises. At an
exercise the learner types an answer as on paper, or one of the commands in
`COMMANDS`. Each answer is judged by the checker, echoed as it was read, and
stored at once (`symtutor.lessons.progress`). Three wrong answers show the
worked solution; hints climb a ladder whose last rung gives the answer away (it
then counts as revealed, not solved). Exercises with guided steps offer them
after a wrong answer, or on ``guide``.

Start-up: the title and intro need only `tomllib`, so they are on screen before
SymPy is imported; right after that first screen a background thread imports
SymPy, the engine and the checker and prepares the first exercise, while the
learner reads. Anything that needs SymPy waits for that thread first, so the
two never run SymPy code at the same time.

When stdin is not a terminal, one line is one answer; output is plain text (no
colour, no panels), and the run ends cleanly at the end of input:
``symtutor lesson answers ID | symtutor lesson run ID`` completes a lesson.

Exit codes: 0 when the lesson ends, or on ``quit`` / end of input (progress is
saved either way); 130 on Ctrl-C (the shell convention for an interrupt: a
script can tell an interrupted run from a finished one; nothing is lost); 2 for
an unknown lesson or an unusable progress database.
"""

from __future__ import annotations

import sys
import threading
import time

# The commands at the answer prompt live in their own module, so that
# `symtutor lesson run --help` lists them without importing the runner.
from symtutor.errors import one_line as _one_line
from symtutor.lessons.answer_commands import COMMANDS, help_lines
from symtutor.lessons.screens import PlainScreen, RichScreen  # noqa: F401 (imported from here too)

#: Wrong answers allowed before the worked solution is shown.
MAX_ATTEMPTS = 3

#: Outcome -> how the summary names it.
OUTCOME_NAMES = {
    "first_try": "solved at the first try",
    "solved": "solved after another try",
    "solved_with_hints": "solved with hints or guidance",
    "revealed": "answer shown (not solved)",
    "skipped": "skipped",
}


class _Stop(Exception):
    """The learner typed `quit`, or the input ended."""


# -- background start-up ---------------------------------------------------------------


class _Background:
    """Runs SymPy-heavy preparation on one thread while the learner reads or types.

    Only one job runs at a time and the main thread calls `wait` before doing any
    SymPy work itself, so SymPy is never used from two threads at once.
    """

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self.error: BaseException | None = None

    def start(self, job) -> None:
        self.wait()

        def target():
            try:
                job()
            except Exception as exc:  # noqa: BLE001 - the same work is redone on the main
                # thread, where the error reaches the learner properly; kept for debugging.
                self.error = exc

        self._thread = threading.Thread(target=target, name="symtutor-warmup", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None


def _import_engine() -> None:
    """Import what judging and worked examples need (SymPy first: it is most of the time)."""
    import sympy  # noqa: F401

    import symtutor.answers.checking  # noqa: F401
    import symtutor.derivation.engine  # noqa: F401
    import symtutor.read.parsing  # noqa: F401


def _prepare(exercise) -> None:
    """Compile the exercise's checks (and its listed mistakes'), so judging is quick.

    Judging a throwaway answer does it: the checker caches the compiled problem.
    """
    exercise.judge("0")


# -- the runner ------------------------------------------------------------------------


class Runner:
    """Walks a learner through one lesson, saving every step in the progress store.

    Args:
        lesson: a loaded `symtutor.lessons.model.Lesson`.
        store: the open `symtutor.lessons.progress.Store`.
        screen: a `PlainScreen` or `RichScreen`.
        prompt: a `symtutor.lessons.prompt.LinePrompt`.
        interactive: a person at a terminal (pauses between long explanations).
        resume_command: the command that continues the lesson, for the goodbye line.
    """

    def __init__(self, lesson, store, screen, prompt, *, interactive: bool, resume_command: str, lessons_arg=None,
                 seed: int | None = None):
        self.lesson = lesson
        #: The seed for generated exercises on a fresh start (None: the stored or a random one).
        self.seed = seed
        self.store = store
        self.screen = screen
        self.prompt = prompt
        self.interactive = interactive
        self.resume_command = resume_command
        self.lessons_arg = lessons_arg
        self.background = _Background()
        #: Exercises whose checks are compiled (or being compiled) in the background.
        self.prepared: set[str] = set()
        self.exercises = lesson.exercises
        self.exercise_ids = [exercise.id for exercise in self.exercises]
        #: (lesson, seed) of generated exercises not drawn yet, and the background's draw.
        self.to_draw = None
        self.drawn = None

    # -- the whole lesson --------------------------------------------------------------

    def run(self, restart: bool = False) -> int:
        from symtutor.lessons import progress

        lesson, store = self.lesson, self.store
        if restart:
            store.restart(lesson.id)
        if lesson.generated:
            lesson = self._draw(lesson)
        states = store.states(lesson.id)
        pending = progress.first_unfinished(self.exercise_ids, states)
        position = store.position(lesson.id)
        if self.exercises and pending is None:
            if not store.completed(lesson.id):
                store.complete_lesson(lesson.id)  # stopped between the last answer and the summary
            self.screen.title(lesson.title, lesson.intro)
            self.screen.info(
                "You have finished this lesson. To go through it again, run "
                f"`{self.resume_command} --restart`."
            )
            self._summary()
            return 0
        start, note = self._start(pending, position)
        self.screen.title(lesson.title, lesson.intro, note)
        self.background.start(self._warmup(start))
        try:
            for index in range(start, len(lesson.items)):
                store.set_position(lesson.id, index)
                self._show(index)
        except _Stop:
            self._goodbye()
            return 0
        except KeyboardInterrupt:
            self._goodbye(interrupted=True)
            return 130
        store.complete_lesson(lesson.id)
        self._summary()
        return 0

    def _draw(self, lesson):
        """The lesson with its generated exercises held by `Planned` places, to be drawn from
        the learner's stored seed (stored now on a first run: `seed`, or a random one), so
        resuming shows the same. The draw (SymPy) runs in the background with the warm-up,
        so the first screen does not wait for it; `_drawn` swaps the exercises in."""
        from symtutor.lessons.model import Exercise, Planned

        stored = self.store.stored_seed(lesson.id)
        if self.seed is not None and stored is not None and stored != self.seed:
            raise ValueError(
                f"lesson run: this lesson's exercises were drawn with seed {stored}; "
                f"add --restart to start over with seed {self.seed}"
            )
        self.to_draw = (lesson, self.store.draw_seed(lesson.id, self.seed))
        self.lesson = lesson.placeheld()
        self.exercises = [item for item in self.lesson.items if isinstance(item, (Planned, Exercise))]
        self.exercise_ids = [exercise.id for exercise in self.exercises]
        return self.lesson

    def _drawn(self) -> None:
        """Swap the drawn exercises in for the `Planned` places (waiting for the background)."""
        if self.to_draw is None:
            return
        self.background.wait()
        lesson, seed = self.to_draw
        # Drawn again here if the background draw failed, so its error reaches the learner.
        self.lesson = self.drawn if self.drawn is not None else lesson.draw(seed)
        self.exercises = list(self.lesson.exercises)
        self.to_draw = None

    def _start(self, pending: int | None, position: int | None) -> tuple[int, str | None]:
        """Where to begin: the item after the last one shown, but no later than the first
        unfinished exercise; and a welcome-back line when resuming."""
        if position is None:
            return 0, None
        items = self.lesson.items
        start = position + 1
        if pending is not None:
            exercise_index = items.index(self.exercises[pending])
            start = min(start, exercise_index)
        start = min(start, len(items) - 1)
        done = sum(1 for state in self.store.states(self.lesson.id).values() if state.outcome)
        if pending is not None and items[start] is self.exercises[pending]:
            where = f"exercise {pending + 1} of {len(self.exercises)}"
        else:
            where = "where you stopped"
        return start, (
            f"Welcome back: {done} of {len(self.exercises)} exercises done; continuing at {where}. "
            f"(Start over with --restart.)"
        )

    def _warmup(self, start: int):
        first = next((item for item in self.lesson.items[start:] if hasattr(item, "hint_ladder")), None)

        if first is not None:
            self.prepared.add(first.id)

        to_draw = self.to_draw

        def job():
            # Only what judging needs: rich is imported by the main thread as it draws
            # (judging waits for this whole job, so nothing else belongs in it).
            _import_engine()
            if to_draw is not None:
                self.drawn = to_draw[0].draw(to_draw[1])
            if first is not None:
                _prepare(first)

        return job

    def _show(self, index: int) -> None:
        from symtutor.lessons.model import Exercise, Planned, Text, Worked

        item = self.lesson.items[index]
        if self.to_draw is not None and not isinstance(item, (Text, Worked)):
            self._drawn()
            item = self.lesson.items[index]
        following = self.lesson.items[index + 1] if index + 1 < len(self.lesson.items) else None
        if isinstance(item, Text):
            self.screen.text(item.body)
        elif isinstance(item, Worked):
            self._worked(item)
        elif isinstance(item, Exercise):
            self._exercise(item)
            return
        if self.interactive and following is not None and not isinstance(following, (Exercise, Planned)):
            self._pause()

    def _pause(self) -> None:
        """On a terminal, let the learner read before the next explanation scrolls this away."""
        try:
            answer = self.prompt.read("[Enter] to continue, or quit: ")
        except EOFError:
            raise _Stop from None
        if answer.lower() in ("quit", "q", "exit"):
            raise _Stop

    def _worked(self, item) -> None:
        from symtutor.lessons.printouts import worked_call

        self.background.wait()
        call = worked_call(item)
        try:
            if self.screen.rich:
                self.screen.worked(item.title, item.body, call.show, item.after, call.command_line())
            else:
                self.screen.worked(item.title, item.body, call.output("text"), item.after, call.command_line())
        except (ValueError, ArithmeticError, RecursionError) as exc:
            # A broken example should not end the lesson; say what went wrong instead.
            self.screen.error(f"(This worked example could not be shown: {_one_line(exc)})")

    # -- one exercise ------------------------------------------------------------------

    def _exercise(self, exercise) -> None:
        ex = _ExerciseRun(self, exercise)
        ex.run()

    def _goodbye(self, interrupted: bool = False) -> None:
        if interrupted:
            self.screen.info("")
        self.screen.info(f"Progress saved; run `{self.resume_command}` to continue.")

    def _summary(self) -> None:
        from symtutor.lessons import catalog, progress

        states = self.store.states(self.lesson.id)
        counts = dict.fromkeys(OUTCOME_NAMES, 0)
        for exercise_id in self.exercise_ids:
            state = states.get(exercise_id)
            if state is None or state.outcome is None:
                continue
            key = state.outcome
            if key == "solved" and state.attempts <= 1:
                key = "first_try"
            counts[key] += 1
        rows = [(OUTCOME_NAMES[key], count) for key, count in counts.items() if count or key == "first_try"]
        skills = []
        lesson_skills = dict.fromkeys(s for exercise in self.exercises for s in exercise.skills)
        for entry in progress.skill_summary(self.store, [self.lesson]):
            if entry["skill"] in lesson_skills:
                mark = ", mastered" if entry["mastered"] else ""
                skills.append(f"{entry['skill']} {entry['solved']}/{entry['exercises']} (mastery {entry['mastery']:.2f}{mark})")
        footer = ""
        try:
            lessons = catalog.load_all(self.lessons_arg)
        except ValueError:
            lessons = []
        ids = [lesson.id for lesson in lessons]
        if self.lesson.id in ids and ids.index(self.lesson.id) + 1 < len(ids):
            following = ids[ids.index(self.lesson.id) + 1]
            footer = f"Next: {self.resume_command.rsplit(' ', 1)[0]} {following}"
        self.screen.summary(self.lesson.title, rows, skills, footer)


class _ExerciseRun:
    """The state of one exercise while the learner works on it."""

    def __init__(self, runner: Runner, exercise):
        self.runner = runner
        self.screen = runner.screen
        self.store = runner.store
        self.exercise = exercise
        self.lesson_id = runner.lesson.id
        state = runner.store.states(self.lesson_id).get(exercise.id)
        self.attempts = state.attempts if state else 0
        self.hints_used = state.hints_used if state else 0
        self.guided_used = False
        self.guide_offered = False
        self.revealed = False
        self.ladder: list[str] | None = None
        self.shown_at = time.monotonic()

    @property
    def number(self) -> int:
        return self.runner.exercise_ids.index(self.exercise.id) + 1

    def _ladder(self) -> list[str]:
        if self.ladder is None:
            self.runner.background.wait()
            self.ladder = list(self.exercise.hint_ladder())
        return self.ladder

    def _finish(self, outcome: str) -> None:
        self.store.finish_exercise(self.lesson_id, self.exercise.id, outcome, skills=self.exercise.skills)

    def run(self) -> None:
        ex = self.exercise
        extra = f"skills: {', '.join(ex.skills)}" if ex.skills else ""
        self.screen.exercise(self.number, len(self.runner.exercises), ex.prompt, extra)
        if ex.id not in self.runner.prepared:
            # Compiled while the learner reads the question; judging waits for it.
            self.runner.prepared.add(ex.id)
            self.runner.background.start(lambda: _prepare(ex))
        if self.attempts or self.hints_used:
            self.screen.info(
                f"(Earlier: {self.attempts} answer(s) and {self.hints_used} hint(s) on this one.)"
            )
        if self.hints_used:
            ladder = self._ladder()
            for level in range(1, min(self.hints_used, len(ladder)) + 1):
                self.screen.hint(level, len(ladder), ladder[level - 1])
            self.revealed = self.hints_used >= len(ladder)
        if self.attempts >= MAX_ATTEMPTS:
            self._show_solution(f"Worked solution ({MAX_ATTEMPTS} tries used)")
            self._finish("revealed")
            return
        while True:
            answer, word = self._next_answer("> ")
            if word in ("help", "?"):
                self._help()
                continue
            if word == "hint":
                self._hint()
                continue
            if word in ("steps", "solution"):
                self._show_solution("Worked solution")
                self._finish("revealed")
                return
            if word == "skip":
                self._finish("revealed" if self.revealed else "skipped")
                self.screen.info("Skipped." if not self.revealed else "Moving on.")
                self.screen.info("")
                return
            if word == "work" or (word == "w" and not self._w_is_a_variable()):  # noqa: SIM102
                if self._work_it_out():
                    return
                continue
            if word == "guide":
                result = self._guide()
                if result == "finished":
                    return
                if result == "steps_done":
                    self.screen.info("Now the whole question: type the final answer.")
                continue
            if self._answer(answer):
                return

    def _read(self, label: str) -> str:
        try:
            return self.runner.prompt.read(label)
        except EOFError:
            raise _Stop from None

    def _next_answer(self, label: str) -> tuple[str, str]:
        """The next non-empty line and its lower-case form; `quit` or `exit` stops the lesson."""
        while True:
            answer = self._read(label)
            word = answer.lower()
            if word in ("quit", "exit"):  # not "q": a letter can be an answer
                raise _Stop
            if answer:
                return answer, word

    def _help(self) -> None:
        self.screen.info("Type your answer as on paper (2x, (3x+1)^2, ln(x), [7, 8]), or one of:")
        for line in help_lines(skip=() if self.exercise.guided else ("guide",)):
            self.screen.info(line)

    def _w_is_a_variable(self) -> bool:
        """Is `w` an answer here rather than the command? In a problem with the variable w,
        and outside derivative exercises (then `work` is the command)."""
        ex = self.exercise
        if ex.wrt == "w":
            return True
        if ex.kind not in ("derivative", "partial") or not isinstance(ex.problem, str):
            return True  # `w` only works on derivatives; elsewhere it may be an answer
        from symtutor.answers.checking import compile_problem

        self.runner.background.wait()
        try:
            return any(v.name == "w" for v in compile_problem(ex.problem, ex.wrt).variables)
        except (ValueError, ArithmeticError, RecursionError):
            return False

    def _work_it_out(self) -> bool:
        """`w`: judge the learner's working line by line; True when its last line solved it."""
        from symtutor.lessons.working import final_line

        ex = self.exercise
        if ex.kind not in ("derivative", "partial") or not isinstance(ex.problem, str):
            self.screen.info("`w` works on derivative exercises; here, type the answer.")
            return False
        self.runner.background.wait()
        answer = final_line(self.screen, self._read, ex.problem, ex.wrt)
        return False if answer is None else self._answer(answer)

    def _hint(self) -> None:
        ladder = self._ladder()
        if self.hints_used >= len(ladder):
            self.screen.info("No more hints: type the answer shown above, `steps` for the full solution, or `skip`.")
            return
        self.hints_used += 1
        self.store.record_hint(self.lesson_id, self.exercise.id, self.hints_used, skills=self.exercise.skills)
        self.screen.hint(self.hints_used, len(ladder), ladder[self.hints_used - 1])
        if self.hints_used == len(ladder):
            self.revealed = True
            self.screen.info("That hint gives the answer away: type it in to move on (it counts as shown, not solved).")

    def _show_solution(self, heading: str) -> None:
        self.runner.background.wait()
        try:
            text = self.exercise.solution_text()
        except (ValueError, ArithmeticError, RecursionError) as exc:
            text = f"(The solution could not be worked out here: {_one_line(exc)})"
        self.screen.solution(heading, text)

    def _judge(self, question, answer: str):
        """The checker's verdict, or None (after saying why) when the text cannot be read."""
        self.runner.background.wait()
        try:
            return question.judge(answer)
        except (ValueError, ArithmeticError, RecursionError) as exc:
            # InputError is a ValueError: unreadable text does not use up an attempt.
            self.screen.error(f"Could not check that: {_one_line(exc)}. (Not counted as a try; `help` lists the commands.)")
            return None

    def _answer(self, answer: str, indent: str = "") -> bool:
        """Judge and store an answer; True when the exercise is over."""
        verdict = self._judge(self.exercise, answer)
        if verdict is None:
            return False
        self.attempts = self.store.record_attempt(
            self.lesson_id,
            self.exercise.id,
            answer,
            correct=verdict.correct,
            misconception=verdict.misconception,
            seconds=round(time.monotonic() - self.shown_at, 2),
            skills=self.exercise.skills,
        )
        if verdict.correct:
            note = _note(verdict)
            if self.revealed:
                note = (note + " " if note else "") + "(Counted as shown, not solved: the last hint gave it away.)"
            self.screen.correct(_read_as(verdict), note, indent=indent)
            if self.revealed:
                outcome = "revealed"
            elif self.hints_used or self.guided_used:
                outcome = "solved_with_hints"
            else:
                outcome = "solved"
            self._finish(outcome)
            return True
        left = MAX_ATTEMPTS - self.attempts
        # The checker's feedback already carries a counterexample when no mistake is named.
        self.screen.wrong(_read_as(verdict), verdict.feedback, _mistake_name(verdict), indent=indent)
        if left <= 0:
            self._show_solution(f"Worked solution ({MAX_ATTEMPTS} tries used)")
            self._finish("revealed")
            return True
        tips = [f"{left} {'try' if left == 1 else 'tries'} left."]
        if self.exercise.guided and not self.guided_used and not self.guide_offered:
            tips.append("Type `guide` to work through it one step at a time,")
            tips.append("or `hint` for a hint.")
            self.guide_offered = True
        else:
            tips.append("Type `hint` for a hint.")
        self.screen.info(indent + " ".join(tips))
        return False

    def _guide(self) -> str:
        """Guided steps, each intermediate result checked as it is entered.

        Returns:
            "finished" when the exercise is over (its own question was the last step),
            "steps_done" when every step was worked, "left" when the learner went back.
        """
        steps = self.exercise.guided
        if not steps:
            self.screen.info("This exercise has no guided steps; try `hint`.")
            return "left"
        self.guided_used = True
        self.screen.info("Step by step. Type `back` to answer the whole question instead, or `hint` to see a step.")
        for number, step in enumerate(steps, 1):
            self.screen.guided(number, len(steps), step.prompt)
            wrong = 0
            while True:
                answer, word = self._next_answer("  > ")
                if word in ("back", "skip", "guide"):
                    return "left"
                if word in ("help", "?"):
                    self.screen.info("  Type this step's answer, `hint` to see it, `back` to leave the steps, or `quit`.")
                    continue
                if word in ("hint", "steps"):
                    self._reveal_step(step)
                    break
                if _same_question(step, self.exercise):
                    # The last step asks the exercise's own question: that answer is the
                    # exercise's answer (an attempt, judged with its mistakes and feedback).
                    if self._answer(answer, indent="  "):
                        return "finished"
                    continue
                verdict = self._judge(step, answer)
                if verdict is None:
                    continue
                self.store.record_attempt(
                    self.lesson_id,
                    self.exercise.id,
                    answer,
                    correct=verdict.correct,
                    misconception=verdict.misconception,
                    step=number,
                    seconds=round(time.monotonic() - self.shown_at, 2),
                    skills=self.exercise.skills,
                )
                if verdict.correct:
                    self.screen.correct(_read_as(verdict), indent="  ")
                    break
                wrong += 1
                self.screen.wrong(_read_as(verdict), verdict.feedback, _mistake_name(verdict), indent="  ")
                if wrong >= 2:
                    self._reveal_step(step)
                    break
        return "steps_done"

    def _reveal_step(self, step) -> None:
        self.runner.background.wait()
        try:
            shown = step.answer_display()
        except (ValueError, ArithmeticError, RecursionError) as exc:
            shown = f"(not available: {_one_line(exc)})"
        self.screen.info(f"  It is {shown}.")
        self.screen.info("")


# -- verdict text ----------------------------------------------------------------------


def _same_question(step, exercise) -> bool:
    """Whether a guided step asks exactly what the exercise asks."""
    return (step.kind, step.problem, step.wrt, step.at, step.expected, step.lr, step.steps) == (
        exercise.kind, exercise.problem, exercise.wrt, exercise.at, exercise.expected, exercise.lr, exercise.steps
    )


def _read_as(verdict) -> str:
    return getattr(verdict, "answer_read", "") or ""


def _note(verdict) -> str:
    """What the checker adds to a correct answer (unsimplified, rounded), if anything."""
    parts = []
    feedback = (verdict.feedback or "").strip()
    if feedback.startswith("Correct."):
        feedback = feedback[len("Correct."):].strip()
    if feedback:
        parts.append(feedback)
    note = getattr(verdict, "note", None)
    if note and str(note) not in feedback:
        parts.append(str(note))
    return " ".join(parts)


def _mistake_name(verdict) -> str:
    """The named misconception in words, as the checker's printout words it."""
    label = getattr(verdict, "misconception", None)
    if not label:
        return ""
    from symtutor.render.verdict import label_words

    return label_words(label) or ""


# -- entry point -----------------------------------------------------------------------


def run_command(args) -> int:
    """``symtutor lesson run ID [--restart]``: run a lesson, resuming where the learner stopped.

    Args:
        args: the parsed command line: ``id``, ``restart``, ``lessons`` (a folder or None).

    Returns:
        The exit code: 0 finished or stopped with progress saved, 130 on Ctrl-C.

    Raises:
        ValueError: an unknown lesson, a broken lesson file, or an unusable progress
            database (the CLI guard prints the one-line message and exits 2).
    """
    from symtutor.lessons import catalog
    from symtutor.lessons.progress import Store

    lessons_arg = getattr(args, "lessons", None)
    lesson = _load_lesson(catalog, args.id, lessons_arg)
    interactive = sys.stdin.isatty()
    screen = RichScreen() if interactive and sys.stdout.isatty() else PlainScreen()
    from symtutor.lessons.prompt import LinePrompt

    with Store() as store:
        prompt = LinePrompt(interactive and sys.stdout.isatty(), words=tuple(COMMANDS))
        where = f" --lessons {_quote(str(lessons_arg))}" if lessons_arg else ""
        runner = Runner(
            lesson,
            store,
            screen,
            prompt,
            interactive=interactive,
            resume_command=f"symtutor lesson{where} run {lesson.id}",
            lessons_arg=lessons_arg,
            seed=getattr(args, "seed", None),
        )
        try:
            return runner.run(restart=bool(getattr(args, "restart", False)))
        except KeyboardInterrupt:
            # Ctrl-C outside the lesson loop (e.g. during the summary): all is saved already.
            runner._goodbye(interrupted=True)
            return 130


def _load_lesson(catalog, lesson_id: str, lessons_arg):
    """The lesson, reading only ``ID.toml`` when that file holds it (the usual layout):
    parsing every lesson file would cost the first screen time for nothing."""
    import re

    folder = catalog.lessons_dir(lessons_arg)
    if folder.is_dir() and re.fullmatch(r"[a-z0-9][a-z0-9_-]*", lesson_id):
        guess = folder / f"{lesson_id}.toml"
        if guess.is_file():
            lesson = catalog.load_file(guess)
            if lesson.id == lesson_id:
                return lesson
    return catalog.load(lesson_id, lessons_arg)


def _quote(text: str) -> str:
    import shlex

    return shlex.quote(text)
