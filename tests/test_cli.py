"""The command line as a whole: help for every command, fast start-up, exit codes."""

from __future__ import annotations

import subprocess
import sys

import pytest

from symtutor import cli


def run_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "symtutor", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_every_command_has_help_with_an_example():
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert sorted(sub.choices) == sorted(name.replace("_", "-") for name in cli.COMMANDS)
    for name, command in sub.choices.items():
        text = command.format_help()
        assert "Example:" in text, f"{name} --help has no Example block"
        assert f"symtutor {name}" in text


@pytest.mark.parametrize("flag", ["--version", "--help"])
def test_version_and_help_never_import_sympy(flag):
    code = (
        "import sys\n"
        "from symtutor import cli\n"
        "try:\n"
        f"    cli.main([{flag!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('sympy' in sys.modules, 'rich' in sys.modules,"
        " 'symtutor.practice.generators' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    # The generators (about 50 ms of imports) load only when practice runs.
    assert out.stdout.strip().splitlines()[-1] == "False False False"


def test_version_prints_the_package_version():
    from symtutor import __version__

    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"symtutor {__version__}"


def test_usage_error_is_one_line_and_exit_2():
    result = run_cli("derive")
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("symtutor: ")
    assert "EXPR" in lines[0]


def test_unknown_command_is_exit_2():
    result = run_cli("integrate", "x")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "invalid choice" in result.stderr


def test_no_command_prints_help_and_exits_2():
    result = run_cli()
    assert result.returncode == 2
    assert "COMMAND" in result.stdout


def test_importing_the_package_is_lazy():
    code = "import sys, symtutor; print('sympy' in sys.modules); symtutor.parse; print('sympy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["False", "True"]


def test_unknown_attribute_is_an_attribute_error():
    import symtutor

    with pytest.raises(AttributeError):
        symtutor.not_a_thing  # noqa: B018


def test_only_the_named_command_is_imported():
    code = (
        "import sys\n"
        "from symtutor import cli\n"
        "cli.build_parser(['derive', 'x^2'])\n"
        "print(sorted(m for m in sys.modules if m.startswith('symtutor.commands.') and m[18] != '_'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "['symtutor.commands.derive']"
    assert cli._commands_for(["first-principles", "x^2"]) == ("first_principles",)
    assert cli._commands_for(["--help"]) == cli.COMMANDS
    assert cli._commands_for(["integrate", "x"]) == cli.COMMANDS


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["derive", "-y^9", "--format", "json"], '"input": "-y^9"'),
        (["check", "-x^2", "-2x", "--format", "json"], '"problem": "-x^2"'),
        (["derive", "-2x+1", "--at", "x=-1", "--format", "text"], "At x = −1: −2"),
    ],
)
def test_an_expression_starting_with_a_minus_sign_is_an_argument_not_an_option(args, expected):
    # argparse takes "-y^9" for an unknown option; the CLI reads it as the expression typed.
    done = run_cli(*args)
    assert done.returncode == 0, done.stderr
    assert expected in done.stdout
