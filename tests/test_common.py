"""The guard that turns failures into exit codes, and the shared options."""

from __future__ import annotations

import argparse
import sys
import types

from symtutor.commands import _common
from symtutor.errors import InputError


def _args_running(func) -> argparse.Namespace:
    module = types.ModuleType("symtutor_test_fake_command")
    module.go = func
    sys.modules[module.__name__] = module
    return argparse.Namespace(run=f"{module.__name__}:go")


def test_input_error_becomes_one_line_and_exit_2(capsys):
    def go(args):
        raise InputError("cannot read 'x +': the expression ends after '+'\nsecond line")

    assert _common.run_guarded(_args_running(go)) == 2
    err = capsys.readouterr().err
    assert err == "symtutor: cannot read 'x +': the expression ends after '+'\n"


def test_return_value_is_the_exit_code():
    assert _common.run_guarded(_args_running(lambda args: 1)) == 1
    assert _common.run_guarded(_args_running(lambda args: None)) == 0


def test_keyboard_interrupt_is_130(capsys):
    def go(args):
        raise KeyboardInterrupt

    assert _common.run_guarded(_args_running(go)) == 130
    assert "Traceback" not in capsys.readouterr().err


def test_recursion_error_is_reported_not_raised(capsys):
    def go(args):
        raise RecursionError("maximum recursion depth exceeded")

    assert _common.run_guarded(_args_running(go)) == 2
    assert capsys.readouterr().err == "symtutor: maximum recursion depth exceeded\n"


def test_at_option_collects_repeated_points():
    parser = argparse.ArgumentParser()
    _common.add_at_option(parser)
    _common.add_output_options(parser)
    args = parser.parse_args(["--at", "x=2", "--at", "y=1", "--format", "json"])
    assert args.at == ["x=2", "y=1"]
    assert args.format == "json"
    assert args.output is None


def test_an_internal_error_is_one_line_unless_debugging(capsys, monkeypatch):
    def go(args):
        raise TypeError("unsupported operand")

    assert _common.run_guarded(_args_running(go)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("symtutor: internal error (TypeError: unsupported operand)")
    assert "SYMTUTOR_DEBUG=1" in err

    monkeypatch.setenv("SYMTUTOR_DEBUG", "1")
    with __import__("pytest").raises(TypeError):
        _common.run_guarded(_args_running(go))
