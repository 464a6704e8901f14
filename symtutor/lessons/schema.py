"""The lesson file format, written once: its tables, their fields, the exercise kinds.

The loader (`symtutor.lessons.catalog`) takes the fields each table allows, the
exercise kinds and the worked-example commands from here; lessons/README.md holds
`markdown()`'s description (tests/test_lessons_schema.py keeps the two the same;
``python -m symtutor.lessons.schema`` prints it). Standard library only: loading a
lesson never imports SymPy.
"""

from __future__ import annotations


class Field:
    """One field of a table in a lesson file.

    Attributes:
        name: the TOML key.
        value: what it holds, in words ("text", "whole number", "{ x = 1 }").
        need: "required", "optional", or when it is needed ("kind descent").
        meaning: what it is for.
    """

    # Plain classes, not dataclasses: loading a lesson imports this module before the
    # first screen, and dataclass code generation costs a millisecond a class.
    __slots__ = ("name", "value", "need", "meaning")

    def __init__(self, name: str, value: str, need: str, meaning: str) -> None:
        self.name, self.value, self.need, self.meaning = name, value, need, meaning

    def __repr__(self) -> str:
        return f"Field({self.name!r}, {self.value!r}, {self.need!r}, {self.meaning!r})"


class Kind:
    """An exercise kind: what the question needs, and what the learner's answer is.

    Attributes:
        name: the kind's name in a lesson file.
        needs: the fields a question of this kind must have besides `prompt`.
        computed: the engine computes the answer (an authored `expected` is verified).
        answer: what the answer is, in words.
    """

    __slots__ = ("name", "needs", "computed", "answer")

    def __init__(self, name: str, needs: tuple[str, ...], computed: bool, answer: str) -> None:
        self.name, self.needs, self.computed, self.answer = name, needs, computed, answer

    def __repr__(self) -> str:
        return f"Kind({self.name!r}, {self.needs!r}, {self.computed!r}, {self.answer!r})"


_QUESTION = (
    Field("prompt", "text", "required", "the question as the learner reads it"),
    Field("kind", "a kind (below)", "required", "what the answer is and how it is checked"),
    Field("problem", "text; for chain a list of definitions", "by kind", "the expression, as written on paper"),
    Field("wrt", "a variable, or a list of them", "by kind", "the variable(s) to differentiate by"),
    Field("at", "{ x = 1 }", "by kind", "the point, one value per variable"),
    Field("expected", "text, number or list", "by kind", "the answer; for computed kinds it must agree "
          "with the engine"),
    Field("lr", "number", "kind descent", "the learning rate"),
    Field("steps", "whole number, 1 to 1000", "kind descent", "the number of updates"),
)

#: Table -> its fields, in the order a lesson file usually writes them.
TABLES: dict[str, tuple[Field, ...]] = {
    "lesson": (
        Field("id", "lower-case letters, digits, dashes", "required", "unique in the folder"),
        Field("title", "text", "required", "shown on the first screen and in `lesson list`"),
        Field("order", "whole number", "optional (0)", "lessons are listed by order, then id"),
        Field("intro", "text", "required", "one or two sentences, shown before anything else"),
        Field("skills", "list of text", "optional", "the skills the lesson practises"),
    ),
    "text": (
        Field("type", '"text"', "required", "an explanation"),
        Field("body", "text", "required", "paragraphs, `code`, **bold**, - bullets"),
    ),
    "worked": (
        Field("type", '"worked"', "required", "a worked example, computed by the command when shown"),
        Field("title", "text", "required", "its heading"),
        Field("command", "a command (below)", "required", "the `symtutor` command that prints it"),
        Field("expr", "text; for chain a list of definitions, output first", "required", "its argument(s)"),
        Field("wrt", "a variable", "chain; optional for derive", "the variable(s) to differentiate by"),
        Field("at", "{ x = 1 }", "optional", "the point (not for descend)"),
        Field("args", "{ start = 0, lr = 0.3, steps = 4 }", "descend: start", "descend's options (fields below)"),
        Field("body", "text", "optional", "text shown before the printout"),
        Field("after", "text", "optional", "text shown after it"),
    ),
    "args": (
        Field("start", "number, or text like \"x=1,y=2\"", "required", "--start"),
        Field("lr", "number", "optional", "--lr"),
        Field("steps", "whole number", "optional", "--steps"),
        Field("var", "a variable", "optional", "--var"),
    ),
    "exercise": (
        Field("type", '"exercise"', "required", "a practice question"),
        Field("id", "lower-case letters, digits, dashes, underscores", "required", "unique in the lesson; "
              "progress is stored under it"),
        *_QUESTION,
        Field("skills", "list of text", "optional", "the skills it practises"),
        Field("hints", "list of text", "optional", "authored hints, most general first; the ladder "
              "fills in the rest and ends with the answer"),
        Field("mistakes", "list of mistake tables (below)", "optional", "typical wrong answers"),
        Field("guided", "[[items.guided]] tables (below)", "optional", "scaffolding, offered after a "
              "wrong answer or on `guide`"),
        Field("generate", "{ skill = \"chain\", level = 2, count = 3 } (below)", "optional", "instead of "
              "everything but `type`: `count` exercises drawn from a generator, fresh per learner"),
    ),
    "generate": (
        Field("skill", "a generator's skill (`symtutor practice --help` lists them)", "required",
              "what the drawn exercises practise (also their skill for mastery)"),
        Field("level", "whole number, 1 to the skill's highest", "optional (1)", "the difficulty"),
        Field("count", "whole number, 1 to 20", "optional (1)", "how many exercises to draw; their ids are "
              "gen-SKILL-LEVEL-1, -2, ... (numbered on across items)"),
    ),
    "mistake": (
        Field("answer", "text, number or list", "required", "the wrong answer; must be judged wrong"),
        Field("feedback", "text", "required", "what to tell a learner who gives it"),
        Field("misconception", "a label", "optional", "the misconception it shows (replaces the checker's)"),
    ),
    # problem, wrt, at, lr and steps default to the exercise's own.
    "guided": _QUESTION,
}

#: The keys a lesson file's top level holds.
TOP_LEVEL = ("lesson", "items")

#: Exercise kinds, in the order they are listed.
KIND_LIST: tuple[Kind, ...] = (
    Kind("derivative", ("problem",), True, "d(`problem`)/d(`wrt`), an expression (`wrt` optional for one variable)"),
    Kind("partial", ("problem", "wrt"), True, "the same with `wrt` required, for several variables"),
    Kind("value", ("problem", "at"), True, "the derivative at the point `at`, a number"),
    Kind("evaluate", ("problem", "at"), True, "`problem` itself at the point `at`, a number"),
    Kind("gradient", ("problem",), True, "the partials in the order of `wrt` (else all variables sorted), "
         "at `at` when given: [7, 8]"),
    Kind("descent", ("problem", "at", "lr", "steps"), True, "w after `steps` updates w ← w − lr·L'(w) from `at` "
         "(one variable: a number; several: a vector)"),
    Kind("chain", ("problem", "wrt"), True, "`problem` is definitions, output first; dL/d(`wrt`) through all "
         "of them, at `at` when given"),
    Kind("inner", ("problem", "expected"), False, "`expected`: an inner function of a composition, one the "
         "engine uses in its derivation"),
    Kind("outer", ("problem", "expected"), False, "`expected`: an outer derivative f'(g(x)), one in the "
         "engine's derivation"),
    Kind("expr", ("expected",), False, "`expected` is the answer, an expression (checked for parsing only)"),
    Kind("difference_quotient", ("problem",), True, "(f(x+h) − f(x))/h simplified so that h can be set to 0 "
         "(for x²: 2x + h)"),
)

#: Exercise kinds and what each one needs besides `prompt`.
KINDS: dict[str, tuple[str, ...]] = {kind.name: kind.needs for kind in KIND_LIST}

#: Kinds whose answer the engine computes (an `expected` there is verified against it).
COMPUTED_KINDS = frozenset(kind.name for kind in KIND_LIST if kind.computed)

#: Commands a worked example may use, with what each prints.
COMMANDS: dict[str, str] = {
    "derive": "every step of a derivative (expr, wrt, at)",
    "first-principles": "the limit of the difference quotient (expr, at)",
    "gradient": "every partial derivative and the gradient (expr, at)",
    "descend": "gradient descent (expr, args)",
    "chain": "backpropagation through definitions (expr as a list, wrt, at)",
}

#: Commands a worked example may use (the `symtutor` subcommands that print a derivation).
WORKED_COMMANDS = tuple(COMMANDS)


#: Table -> how the description names it.
TITLES = {
    "lesson": "[lesson]",
    "text": 'Text item ([[items]] with type = "text")',
    "worked": 'Worked example ([[items]] with type = "worked")',
    "args": "A worked example's args (descend only)",
    "exercise": 'Exercise ([[items]] with type = "exercise")',
    "generate": "Generated exercises (an exercise's `generate`, with no other field but `type`)",
    "mistake": "A mistake (an entry of an exercise's mistakes)",
    "guided": "Guided step ([[items.guided]]; problem, wrt, at, lr and steps default to the exercise's)",
}


def keys(table: str) -> tuple[str, ...]:
    """The fields `table` (a key of `TABLES`) allows, in order."""
    return tuple(field.name for field in TABLES[table])


def markdown() -> str:
    """The schema as Markdown tables: every table's fields, the kinds, the commands."""
    lines = []
    for table, fields in TABLES.items():
        lines += [f"**{TITLES[table]}**", "", "| field | value | needed | meaning |", "| --- | --- | --- | --- |"]
        lines += [f"| `{f.name}` | {f.value} | {f.need} | {f.meaning} |" for f in fields]
        lines.append("")
    lines += ["**Exercise kinds** (guided steps take them too; computed: the engine works out the answer)",
              "", "| kind | needs | computed | the answer |", "| --- | --- | --- | --- |"]
    lines += [f"| `{k.name}` | {', '.join(k.needs)} | {'yes' if k.computed else 'no'} | {k.answer} |"
              for k in KIND_LIST]
    lines += ["", "**Worked-example commands**", "", "| command | prints |", "| --- | --- |"]
    lines += [f"| `{name}` | {text} |" for name, text in COMMANDS.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover - prints the README's schema section
    print(markdown(), end="")
