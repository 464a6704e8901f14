"""Issue 11: every input within the reading limits answers in 2 seconds or is refused.

Value tests first (the general product rule agrees with sympy.diff; a refusal is one
exact line and exit code 2, from every entry point), then a property test that draws
large expressions within the parser's limits and times each `derive` and `check`.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sympy import Integer, Mul, Rational, Symbol, diff, sin

import symtutor
from symtutor.answers.checking import check
from symtutor.answers.grading import grade_row
from symtutor.derivation.engine import derive, derive_step
from symtutor.derivation.rules import MAX_PARTS, PAIRWISE_FACTORS
from symtutor.derivation.tidy import expanded_terms, polynomial, size
from symtutor.errors import InputError, NoRuleError, TooLargeError
from symtutor.read.lexer import MAX_LENGTH

x = Symbol("x")

#: The one line every too-large derivation is refused with.
TOO_LARGE = (
    "expression too large to derive step by step: its derivative would have over "
    "6,000 parts (a product of 50 linear factors has 7,400)"
)


def product_text(n: int) -> str:
    return "".join(f"(x+{k})" for k in range(1, n + 1))


def quotient_text(n: int) -> str:
    return "/".join(f"(x+{k})" for k in range(1, n + 1))


#: Past the derivative limit in few factors: 15 factors of 13 terms. The reader takes
#: a tenth of the time it takes for 60 linear factors (its 0.5 s budget is wall time,
#: so on a busy machine a long product can be refused while it is read, not derived).
WIDE = "".join("(" + " + ".join(f"x^{j}" for j in range(12, 1, -1)) + f" + x + {k})" for k in range(1, 16))


def _at(expr, value):
    return expr.subs(x, value)


# --- values: the general product rule ----------------------------------------------------


@pytest.mark.parametrize("n", [4, 5, 12, 30, 40])
def test_product_of_n_factors_equals_sympy_diff_at_exact_points(n):
    d = derive(product_text(n))
    expected = diff(Mul(*[x + k for k in range(1, n + 1)]), x)
    for point in (Integer(0), Integer(-3), Rational(1, 2), Rational(-7, 3), Integer(11)):
        assert _at(d.result, point) == _at(expected, point)


def test_product_of_four_or_more_factors_is_one_general_step_with_a_substep_per_factor():
    step = derive_step(x * sin(x) * (x + 1) * (x + 2), x)
    assert step.rule == "product" and step.case == "general"
    assert [s.expr for s in step.substeps] == list((x * sin(x) * (x + 1) * (x + 2)).as_ordered_factors())
    assert step.term("n") == 4
    assert step.explain() == "all 4 factors depend on x: one term per factor, that factor differentiated"


def test_three_factors_stay_pairwise():
    assert PAIRWISE_FACTORS == 3
    step = derive_step(x * sin(x) * (x + 1), x)
    assert step.case == "" and len(step.substeps) == 2


def test_general_product_is_multiplied_out_only_when_small():
    # 5 linear factors: 5 terms of 16 monomials each, collected as a teacher would.
    assert derive(product_text(5)).result == 5 * x**4 + 60 * x**3 + 255 * x**2 + 450 * x + 274
    # 10 factors: left as 10 products of 9 factors (multiplying out costs 2⁹ terms each).
    ten = derive(product_text(10)).result
    assert ten.is_Add and len(ten.args) == 10 and all(len(t.args) == 9 for t in ten.args)


def test_general_product_with_the_product_of_derivatives_mistake():
    # (fghk)' taken as f'g'h'k' is still recognised with four factors.
    v = check("x sin(x) e^x ln(x)", "cos(x) e^x / x")
    assert v.correct is False and v.misconception == "product_of_derivatives"


def test_quotient_chain_equals_sympy_diff():
    d = derive(quotient_text(20))
    f = (x + 1) / Mul(*[x + k for k in range(2, 21)])
    for point in (Integer(0), Rational(1, 3), Integer(5)):
        assert _at(d.result, point) == _at(diff(f, x), point)


def test_derivative_of_sixty_factor_product_is_refused_not_computed():
    start = time.perf_counter()
    with pytest.raises(TooLargeError) as info:
        derive(product_text(60))
    assert str(info.value) == TOO_LARGE
    assert isinstance(info.value, InputError) and isinstance(info.value, ValueError)
    # Refused from an estimate before the n² terms are built.
    assert time.perf_counter() - start < 1.0


def test_largest_product_allowed_is_just_under_the_limit():
    assert size(derive(product_text(44)).result, 10**6) <= MAX_PARTS
    with pytest.raises(TooLargeError):
        derive(product_text(46))


# --- values: tidy's bounds ---------------------------------------------------------------


def test_expanded_terms_counts_without_expanding():
    a, b, c = Symbol("a"), Symbol("b"), Symbol("c")
    assert expanded_terms((x + 1) * (x + 2)) == 4
    assert expanded_terms((a + b + c + x) ** 3) == 20  # C(6, 3)
    assert expanded_terms((a + b + c + x) ** 11) == 121  # capped just past the limit
    assert expanded_terms((x + 1) ** 1000) == 121


def test_polynomial_leaves_products_with_many_terms_factored():
    a, b, c, d = (Symbol(n) for n in "abcd")
    wide = (a + b + c + d + x) ** 8 * (x + 1)
    assert polynomial(wide, x) is wide
    assert polynomial((x - 1) * (x**2 + 1), x) == x**3 - x**2 + x - 1


def test_many_symbol_power_times_a_factor_is_quick():
    start = time.perf_counter()
    d = derive("(a+b+c+d+e+f+g+x)^11 (x+1)", "x")
    assert time.perf_counter() - start < 2.0
    at = {s: Integer(i + 1) for i, s in enumerate(sorted(d.expr.free_symbols, key=str))}
    assert d.result.subs(at) == diff(d.expr, x).subs(at)


# --- every entry point refuses the same way ------------------------------------------------


def test_api_check_and_check_steps_raise_the_same_input_error():
    for call in (lambda: check(WIDE, "1"), lambda: symtutor.check_steps(WIDE, ["1"])):
        with pytest.raises(InputError) as info:
            call()
        assert str(info.value) == TOO_LARGE


def test_a_worked_line_too_large_to_derive_is_one_verdict_and_judging_goes_on():
    # The lesson prompt's `w` (work) judges lines this way too.
    report = symtutor.check_steps("x^2", [f"d/dx({WIDE})", "2x"])
    first, second = report.verdicts
    assert (first.status, first.feedback) == ("unreadable", TOO_LARGE)
    assert second.status == "follows" and report.verdicts[-1].correct


def test_grade_row_gives_an_error_for_the_row():
    row = {"id": "7", "problem": WIDE, "answer": "1"}
    assert grade_row(row) == {"id": "7", "error": "problem: " + TOO_LARGE}


def _cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "symtutor", *args], capture_output=True,
                          text=True, input=stdin, timeout=60)


@pytest.mark.parametrize("argv", [["derive", WIDE], ["check", WIDE, "1"], ["check-steps", WIDE]])
def test_cli_refuses_with_one_line_and_exit_2(argv):
    done = _cli(*argv, stdin="1\n")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == f"symtutor: {TOO_LARGE}\n"


def test_cli_grade_writes_the_error_row_and_goes_on(tmp_path):
    answers = tmp_path / "answers.csv"
    answers.write_text(f'id,problem,answer\n1,"{WIDE}",1\n2,x^2,2x\n', encoding="utf-8")
    out = tmp_path / "results.jsonl"
    done = _cli("grade", str(answers), "--output", str(out))
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows[0] == {"id": "1", "error": "problem: " + TOO_LARGE}
    assert rows[1]["id"] == "2" and rows[1]["correct"] is True


def test_cli_derives_a_thirty_factor_product():
    done = _cli("derive", product_text(30), "--format", "json")
    assert done.returncode == 0, done.stderr
    steps = json.loads(done.stdout)["steps"]
    assert steps["rule"] == "product" and steps["case"] == "general"
    assert len(steps["substeps"]) == 30


# --- property: large expressions within the reading limits --------------------------------

#: Seconds a call may take (issue 11). The calls run in-process, so the interpreter's
#: start-up (about 0.3 s) is the margin the command line keeps on top of this.
LIMIT = 2.0
#: Wall-clock bound: generous for a CI machine shared with other jobs, and still the
#: difference between an answer and a hang (these inputs took 8 s to over 20 s).
WALL_LIMIT = 3 * LIMIT

_ATOMS = ("x", "(x+{k})", "({k}x-1)", "x^{k}", "sin({k}x)", "e^({k}x)", "ln(x^2+{k})", "√(x+{k})",
          "tanh(x)", "σ({k}x)", "{k}")


@st.composite
def _text(draw, depth: int = 0) -> str:
    """Expression text, from one atom to long products, quotient chains, sums, powers and towers."""
    kind = draw(st.sampled_from(("atom", "product", "quotient", "sum", "power", "function"))
                if depth < 3 else st.just("atom"))
    if kind == "atom":
        return draw(st.sampled_from(_ATOMS)).format(k=draw(st.integers(2, 99)))
    if kind == "function":
        name = draw(st.sampled_from(("sin", "cos", "exp", "ln", "sqrt", "tanh")))
        return f"{name}({draw(_text(depth + 1))})"
    if kind == "power":
        return f"({draw(_text(depth + 1))})^{draw(st.integers(2, 60))}"
    n = draw(st.integers(2, 160 if depth == 0 else 12))
    parts = [draw(_text(depth + 1)) for _ in range(n)]
    if kind == "sum":
        return "(" + " + ".join(parts) + ")"
    return ("/" if kind == "quotient" else "").join(f"({p})" for p in parts)


def _timed(call) -> tuple[float, float, str]:
    """(wall, CPU seconds, outcome) of `call`; a refusal is an outcome, not a failure."""
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        call()
        outcome = "answered"
    except (InputError, NoRuleError) as exc:
        outcome = f"refused: {exc}"
        assert "\n" not in str(exc)
    return time.perf_counter() - wall, time.process_time() - cpu, outcome


@pytest.mark.slow
@settings(max_examples=30, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                 HealthCheck.data_too_large])
@given(text=_text().filter(lambda t: 200 <= len(t) <= MAX_LENGTH))
def test_large_expressions_are_derived_and_checked_in_time_or_refused(text):
    for name, call in (("derive", lambda: derive(text, "x")),
                       ("check", lambda: check(text, "1", "x"))):
        wall, cpu, outcome = _timed(call)
        # CPU time is what symtutor itself spends, whatever else the machine runs;
        # wall time catches a hang (sleeping, waiting) that CPU time would miss.
        assert cpu < LIMIT, f"{name} took {cpu:.2f} s CPU ({outcome[:80]}) on {text[:120]}…"
        assert wall < WALL_LIMIT, f"{name} took {wall:.2f} s ({outcome[:80]}) on {text[:120]}…"


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    product_text(44), product_text(60), product_text(120), quotient_text(40), quotient_text(80),
    " + ".join(f"sin({k}x)" for k in range(1, 161)),
    "sin(cos(exp(ln(" * 9 + "x+1" + "))))" * 9,
    "(" + " + ".join(f"x^{k}" for k in range(1, 121)) + ")^120",
])
def test_issue_eleven_inputs_answer_in_time_or_are_refused(text):
    for call in (lambda: derive(text, "x"), lambda: check(text, "1", "x")):
        wall, cpu, _ = _timed(call)
        assert cpu < LIMIT and wall < WALL_LIMIT

