"""Gradient descent: the post's iterates exactly, convergence, oscillation, divergence,
several variables, the float fallback, and the printouts."""

from __future__ import annotations

import json
import math

import pytest
import sympy as sp
from sympy import Rational, exp, log

from symtutor.topics.descent import BLOW_UP, descend, fmt_number, is_rounded
from symtutor.errors import InputError
from symtutor.render.derivation import MARKDOWN, TEXT
from symtutor.render.descent import ComparePrintout, DescentPrintout, verdict_text

w, x, y = sp.symbols("w x y")
R = Rational
POST_LOSS = (w - 3) ** 2


def run(lr, steps=20, loss=POST_LOSS, start=None, **kw):
    return descend(loss, start or {w: 0}, R(lr), steps, **kw)


def test_post_iterates_are_exact():
    r = run("3/10", steps=3)
    ws = [it.w[w] for it in r.iterates]
    assert ws == [0, R(9, 5), R(63, 25), R(351, 125)]  # 1.8, 2.52, 2.808 exactly
    assert all(isinstance(v, sp.Rational) for v in ws)
    assert [it.grad[w] for it in r.iterates] == [-6, R(-12, 5), R(-24, 25), R(-48, 125)]
    assert [it.loss for it in r.iterates] == [9, R(36, 25), R(144, 625), R(576, 15625)]
    assert [it.step for it in r.iterates] == [0, 1, 2, 3]
    assert sp.expand(r.partials[0] - (2 * w - 6)) == 0
    assert not (r.converged or r.diverged or r.oscillating)


def test_post_converges_to_three():
    r = run("3/10")
    assert r.converged and not r.diverged and not r.oscillating
    assert r.last.step == 18  # |L'| = 6·0.4^k < 1e-6 first at k = 18
    assert abs(float(r.last.w[w]) - 3) < 1e-6
    assert verdict_text(r).startswith("Converged: w ≈ 3 after 18 updates")


def test_lr_1_1_diverges():
    r = run("11/10")
    assert r.diverged and r.oscillating and not r.converged
    losses = r.losses()
    assert all(b > a for a, b in zip(losses, losses[1:]))
    assert float(r.iterates[1].w[w]) == pytest.approx(6.6)
    assert verdict_text(r).startswith("Diverged: the loss grew from 9 to")
    assert "η = 1.1 is too large" in verdict_text(r)


def test_divergence_stops_before_overflow_and_json_stays_valid():
    r = run("11/10", steps=10_000)
    assert r.diverged and r.last.step < 10_000
    assert abs(float(r.last.loss)) > BLOW_UP or not math.isfinite(float(r.last.loss))
    json.dumps(r.to_dict(), allow_nan=False)


def test_lr_0_9_oscillates_but_converges():
    short = run("9/10")
    assert short.oscillating and not short.diverged and not short.converged
    assert "Overshooting" in verdict_text(short) and "still closing in" in verdict_text(short)
    long = run("9/10", steps=200)
    assert long.converged and long.oscillating
    text = verdict_text(long)
    assert text.startswith("Converged: w ≈ 3") and "Overshooting" in text and "η = 0.9 is too large" in text
    ws = [float(it.w[w]) for it in short.iterates[:4]]
    assert ws == pytest.approx([0, 5.4, 1.08, 4.536])


def test_lr_1_bounces_forever():
    r = run(1)
    assert [it.w[w] for it in r.iterates[:4]] == [0, 6, 0, 6]
    assert r.oscillating and not r.converged and not r.diverged
    assert "without getting closer" in verdict_text(r)


def test_small_lr_not_converged_yet():
    r = run("1/10")
    assert not (r.converged or r.diverged or r.oscillating)
    assert verdict_text(r).startswith("Not converged yet after 20 updates")


def test_multivariable_descent():
    r = descend(x**2 + 3 * y**2, {x: 1, y: 2}, R(1, 10), 3)
    assert r.variables == (x, y)
    assert r.iterates[1].w == {x: R(4, 5), y: R(4, 5)}
    assert r.iterates[0].grad == {x: 2, y: 12}
    assert r.iterates[2].w == {x: R(16, 25), y: R(8, 25)}
    data = r.to_dict()
    assert data["start"] == {"x": 1.0, "y": 2.0}
    assert data["iterates"][1]["w"] == {"x": 0.8, "y": 0.8}
    assert data["derivative"] == {"x": "2*x", "y": "6*y"}
    done = descend(x**2 + 3 * y**2, {x: 1, y: 2}, R(1, 10), 500)
    assert done.converged and not done.oscillating
    assert abs(float(done.last.w[x])) < 1e-5 and abs(float(done.last.w[y])) < 1e-5


def test_other_symbols_are_held_constant():
    r = descend((w * x - y) ** 2, {w: 0, x: 2, y: 1}, R(1, 10), 200, variables=[w])
    assert r.variables == (w,) and r.held == {x: 2, y: 1}
    assert r.converged and abs(float(r.last.w[w]) - 0.5) < 1e-6


def test_float_fallback_for_irrational_values():
    r = descend(exp(w) - 2 * w, {w: 0}, R(1, 2), 100)
    assert r.exact_until == 0  # e^(1/2) is not rational
    assert isinstance(r.iterates[1].w[w], float)
    assert r.converged and float(r.last.w[w]) == pytest.approx(math.log(2), abs=1e-6)


def test_exact_until_numbers_grow_long():
    r = run("1/10", steps=200)
    assert 10 < r.exact_until < 200
    assert all(it.exact for it in r.iterates[: r.exact_until + 1])
    assert not any(it.exact for it in r.iterates[r.exact_until + 1 :])
    # The float part continues the same sequence: w_k = 3 − 3·0.8^k.
    k = r.exact_until + 5
    assert float(r.iterates[k].w[w]) == pytest.approx(3 - 3 * 0.8**k, rel=1e-12)


def test_log_loss_domain_error_is_diverged_or_nan_free():
    r = descend(-log(w), {w: 1}, R(1, 2), 20)
    assert not r.converged and r.diverged is False
    assert float(r.last.w[w]) > 1


def test_leaving_the_domain_stops_the_run():
    r = descend(sp.sqrt(w), {w: 1}, R(1), 20)
    assert r.undefined and not r.diverged and not r.converged
    assert r.last.step == 2 and float(r.last.w[w]) == pytest.approx(0.5 - 1 / (2 * math.sqrt(0.5)))
    assert verdict_text(r).startswith("Stopped after 2 updates: the loss is undefined at w = −0.2071068")
    json.dumps(r.to_dict(), allow_nan=False)


def test_exact_minimum_converges_at_once():
    r = descend(x**2 + y**2, {x: 1, y: 1}, R(1, 2), 20)
    assert r.converged and r.last.step == 1 and r.last.w == {x: 0, y: 0}
    assert verdict_text(r) == "Converged: x ≈ 0, y ≈ 0 after 1 update (the step and |∇L| fell below 1×10⁻⁶)."


@pytest.mark.parametrize(
    "loss, start, message",
    [
        (log(w), {w: 0}, r"undefined at the start \(w = 0\)"),
        (1 / w, {w: 0}, r"undefined at the start"),
        (POST_LOSS, {w: R(10) ** 300}, r"too large at the start \(w = 1×10\^300\)"),
    ],
)
def test_bad_starting_points(loss, start, message):
    with pytest.raises(InputError, match=message):
        descend(loss, start, R(1, 10), 20)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(lr=0), "learning rate must be a positive number"),
        (dict(lr=-1), "learning rate must be a positive number"),
        (dict(steps=0), "--steps must be between 1 and"),
        (dict(tolerance=0.0), "the tolerance must be a positive number"),
        (dict(start={x: 1}), "--start needs a value for w"),
        (dict(start={w: 1, x: 2}), "--start gives x"),
        (dict(variables=[x]), "the loss does not contain x"),
    ],
)
def test_bad_arguments(kwargs, message):
    args = dict(loss=POST_LOSS, start={w: 0}, lr=R(3, 10), steps=20) | kwargs
    variables = args.pop("variables", None)
    tolerance = args.pop("tolerance", 1e-6)
    with pytest.raises(InputError, match=message):
        descend(args["loss"], args["start"], args["lr"], args["steps"], variables=variables, tolerance=tolerance)


@pytest.mark.parametrize(
    "value, text, rounded",
    [
        (R(9, 5), "1.8", False),
        (R(351, 125), "2.808", False),
        (R(-12, 5), "-2.4", False),
        (sp.Integer(9), "9", False),
        (R(1, 3), "0.3333333", True),
        (R(576, 15625), "0.036864", False),
        (2.9999996, "2.9999996", True),
        (2.5e-9, "2.5×10^-9", True),
        (float("inf"), "∞", True),
    ],
)
def test_fmt_number(value, text, rounded):
    assert fmt_number(value) == text
    assert is_rounded(value) is rounded


def _table_rows(text):
    """The cells of the first table in a text printout (the lines under its ──── rule)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("────  "))
    rows = []
    for line in lines[start + 1 :]:
        if not line.strip() or not line.startswith("  "):
            break
        rows.append(line.split())
    return rows


def test_printout_shows_the_post_steps():
    out = DescentPrintout(run("3/10")).text()
    assert "step 1:  L′(0) = −6, so w ← 0 − 0.3·(−6) = 1.8" in out
    assert "step 2:  L′(1.8) = −2.4, so w ← 1.8 − 0.3·(−2.4) = 2.52" in out
    assert "step 3:  L′(2.52) = −0.96, so w ← 2.52 − 0.3·(−0.96) = 2.808" in out
    rows = _table_rows(out)
    assert rows[:4] == [["0", "0", "−6", "9"], ["1", "1.8", "−2.4", "1.44"],
                        ["2", "2.52", "−0.96", "0.2304"], ["3", "2.808", "−0.384", "0.036864"]]
    assert "Converged: w ≈ 3 after 18 updates" in out


def test_printout_formats_agree_on_the_numbers():
    p = DescentPrintout(run("3/10", steps=3))
    md = p.markdown()
    assert r"$w \leftarrow 0 - 0.3 \cdot \left(-6\right) = 1.8$" in md
    assert "| 3 | 2.808 | -0.384 | 0.036864 |" in md
    tex = p.latex()
    assert r"\begin{tabular}{rrrr}" in tex and "2.808" in tex
    data = p.data()
    assert [it["w"] for it in data["iterates"]] == [0.0, 1.8, 2.52, 2.808]
    assert {"start", "iterates", "diverged", "converged", "oscillating", "lr", "loss", "derivative"} <= set(data)
    assert set(data["iterates"][0]) >= {"step", "w", "grad", "loss"}
    assert data["start"] == 0.0 and data["lr"] == 0.3 and data["diverged"] is False


def test_multivariable_printout():
    out = DescentPrintout(descend(x**2 + 3 * y**2, {x: 1, y: 2}, R(1, 10), 3)).text()
    assert "step 1:  ∇L(1, 2) = (2, 12), so (x, y) ← (1, 2) − 0.1·(2, 12) = (0.8, 0.8)" in out
    assert "∂L/∂x" in out and "∂L/∂y" in out


def test_long_runs_elide_the_middle_of_the_table():
    out = DescentPrintout(run("1/100", steps=300)).text()
    assert "⋮" in out and "the JSON output lists them all" in out
    assert "floating point" in out


def test_compare_printout():
    runs = [run(lr) for lr in ("1/10", "3/10", "9/10", "11/10")]
    p = ComparePrintout(runs)
    data = p.data()
    assert [r["diverged"] for r in data["runs"]] == [False, False, False, True]
    assert [r["lr"] for r in data["runs"]] == [0.1, 0.3, 0.9, 1.1]
    text = p.text()
    header = next(line for line in text.splitlines() if line.strip().startswith("step"))
    assert header.split("  ")[-1].strip() == "w, η = 1.1"
    assert _table_rows(text)[1] == ["1", "0.6", "1.8", "5.4", "6.6"]
    assert "η = 1.1: Diverged" in text and "η = 0.3: Converged" in text
    assert "Side by side" in p.markdown()


def test_markdown_escapes_no_math_in_words():
    md = DescentPrintout(run("11/10")).markdown()
    assert r"$\eta = 1.1$" in md
    assert "Diverged" in verdict_text(run("11/10"), MARKDOWN)
    assert verdict_text(run("11/10"), TEXT) != verdict_text(run("11/10"), MARKDOWN)


# --------------------------------------------------------------------------- the command line

from cli_helpers import cli, main  # noqa: E402
from snapshots import check_golden  # noqa: E402


def test_cli_golden_post_example():
    done = cli("descend", "(w-3)^2", "--start", "0", "--lr", "0.3", "--no-plot", "--format", "text")
    assert done.returncode == 0 and done.stderr == ""
    check_golden("descend_post.txt", done.stdout)


def test_cli_golden_compare():
    done = cli("descend", "(w-3)^2", "--start", "0", "--compare-lr", "0.1,0.3,0.9,1.1", "--no-plot",
               "--format", "text")
    assert done.returncode == 0
    check_golden("descend_compare.txt", done.stdout)


def test_cli_json_post_numbers():
    done = cli("descend", "(w-3)^2", "--start", "0", "--lr", "0.3", "--format", "json")
    assert done.returncode == 0
    data = json.loads(done.stdout)
    assert [it["w"] for it in data["iterates"][:4]] == [0, 1.8, 2.52, 2.808]
    assert [it["step"] for it in data["iterates"][:4]] == [0, 1, 2, 3]
    assert data["start"] == 0 and data["diverged"] is False and data["converged"] is True
    assert data["converged_at"] == 18 and data["lr_exact"] == "3/10"
    assert sp.sympify(data["derivative"]) == 2 * w - 6  # trusted: our own JSON


def test_cli_json_divergence(capsys):
    code, out, _ = main(capsys, "descend", "(w-3)^2", "--start", "0", "--lr", "1.1", "--format", "json")
    data = json.loads(out)
    assert data["diverged"] is True and data["oscillating"] is True
    assert data["verdict"].startswith("Diverged")


def test_cli_json_compare_and_multivariable(capsys):
    data = json.loads(main(capsys, "descend", "(w-3)^2", "--start", "0", "--compare-lr", "0.1,0.3,0.9,1.1",
                           "--format", "json")[1])
    assert [r["lr"] for r in data["runs"]] == [0.1, 0.3, 0.9, 1.1]
    assert [r["diverged"] for r in data["runs"]] == [False, False, False, True]
    multi = json.loads(main(capsys, "descend", "x^2 + 3y^2", "--start", "x=1,y=2", "--lr", "0.1",
                            "--steps", "3", "--format", "json")[1])
    assert multi["iterates"][1]["w"] == {"x": 0.8, "y": 0.8}
    held = json.loads(main(capsys, "descend", "(w*x - y)^2", "--start", "w=0,x=2,y=1", "--var", "w",
                           "--lr", "0.1", "--format", "json")[1])
    assert held["variables"] == ["w"] and held["held"] == {"x": "2", "y": "1"}


def test_cli_plots_in_text_output(capsys):
    code, out, _ = main(capsys, "descend", "(w-3)^2", "--start", "0", "--lr", "0.3", "--format", "text")
    assert code == 0
    assert "the loss after each update" in out and "the path on L(w)" in out
    assert "\x1b[" not in out


@pytest.mark.parametrize(
    "args, message",
    [
        (["--start", "0", "--lr", "0"], "the learning rate must be a positive number"),
        (["--start", "0", "--lr", "abc"], "--lr: "),
        (["--start", "0"], "give a learning rate with --lr"),
        (["--start", "0", "--lr", "0.3", "--steps", "0"], "--steps must be between"),
        (["--start", "q=1", "--lr", "0.3"], "--start needs a value for w"),
        (["--start", "0", "--lr", "0.3", "--compare-lr", "0.1,0.2"], "either --lr or --compare-lr"),
        (["--start", "0", "--compare-lr", ","], "--compare-lr needs learning rates"),
    ],
)
def test_cli_errors_exit_2_with_one_line(capsys, args, message):
    code, out, err = main(capsys, "descend", "(w-3)^2", *args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err


def test_cli_error_through_the_real_entry_point():
    done = cli("descend", "x^2 + y^2", "--start", "1", "--lr", "0.1")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("symtutor: ") and done.stderr.count("\n") == 1
    assert "several variables (x, y)" in done.stderr


# --------------------------------------------------------------------------- properties and other outputs

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

rationals = st.fractions(min_value=-20, max_value=20, max_denominator=50).map(lambda f: R(f.numerator, f.denominator))


@given(a=rationals, w0=rationals, lr=st.fractions(min_value=0, max_value=2, max_denominator=20).filter(lambda f: f > 0))
def test_parabola_iterates_follow_the_closed_form(a, w0, lr):
    # On (w − a)², each update multiplies the distance to a by (1 − 2η): w_k = a + (w0 − a)(1 − 2η)^k.
    lr = R(lr.numerator, lr.denominator)
    r = descend((w - a) ** 2, {w: w0}, lr, 6)
    for it in r.iterates:
        expected = a + (w0 - a) * (1 - 2 * lr) ** it.step
        if it.exact:
            assert it.w[w] == expected
        else:
            assert float(it.w[w]) == pytest.approx(float(expected), rel=1e-9, abs=1e-9)
    shrink = abs(1 - 2 * lr)
    if w0 != a and r.last.step >= 5:
        assert r.oscillating == (1 - 2 * lr < 0)
        assert r.diverged == (shrink > 1)


def test_rich_output_renders(capsys):
    from symtutor.render.output import render

    text = render(DescentPrintout(run("3/10", steps=3)), "rich")
    assert "Gradient descent on L(w) = (w − 3)²" in text
    assert "w ← 0 − 0.3·(−6) = 1.8" in text
    assert "2.808" in text and "Verdict" in text


def test_output_file_follows_its_extension(tmp_path, capsys):
    target = tmp_path / "run.md"
    code, out, err = main(capsys, "descend", "(w-3)^2", "--start", "0", "--lr", "0.3", "--steps", "3",
                          "--format", "json", "--output", str(target))
    assert code == 0 and json.loads(out)["iterates"][3]["w"] == 2.808
    written = target.read_text(encoding="utf-8")
    assert written.startswith("## Gradient descent on")
    assert "```text" in written  # the plots go to the file even though stdout was JSON


def test_text_is_never_sympified():
    with pytest.raises(TypeError, match="parse text with symtutor.read.parsing"):
        descend(POST_LOSS, {w: "__import__('os')"}, R(3, 10), 3)
    with pytest.raises(TypeError):
        descend(POST_LOSS, {w: 0}, "0.3", 3)
    from fractions import Fraction

    r = descend(POST_LOSS, {w: 0}, Fraction(3, 10), 1)
    assert r.iterates[1].w[w] == R(9, 5)


def test_overshooting_is_reported_per_direction():
    r = descend(x**2 + 10 * y**2, {x: 1, y: 1}, R(9, 100), 200)
    assert r.converged and r.oscillating_in == (y,)
    assert "Overshooting (in y)" in verdict_text(r)
    assert r.to_dict()["oscillating_in"] == ["y"]


def test_cli_loss_written_as_a_definition(capsys):
    code, out, _ = main(capsys, "descend", "L(w) = (w-3)^2", "--start", "0", "--lr", "0.3", "--steps", "3",
                        "--format", "json")
    assert code == 0
    assert [it["w"] for it in json.loads(out)["iterates"]] == [0, 1.8, 2.52, 2.808]
