"""Checking a generated exercise independently of the engine that made it.

`key_problems` recomputes the key with ``sympy.diff`` (never with our engine) and
says where it disagrees; `judging_problems` runs the answer and every listed mistake
through the checker a learner meets (the answer must be accepted, each mistake
refused). Used by the tests, `benchmarks/bench_generators.py` and lesson validation.
"""

from __future__ import annotations

from symtutor.practice.generators import MAX_ANSWER_CHARS, Exercise, misjudged


def key_problems(ex: Exercise) -> list[str]:
    """Why `ex`'s key disagrees with sympy.diff, or is ill-posed; empty when it is sound."""
    import sympy

    from symtutor.answers import equivalence as eq
    from symtutor.read import parsing

    out = []
    if len(ex.answer) > MAX_ANSWER_CHARS:
        out.append(f"answer too long to type ({len(ex.answer)} characters)")
    names = (ex.wrt,) if ex.wrt and len(ex.wrt) > 1 else ()
    expr = parsing.parse(ex.steps_expr, names=names) if ex.steps_expr else None
    point = {sympy.Symbol(k): parsing.parse(v) for k, v in ex.at}
    if ex.kind == "derivative":
        var = parsing.parse_symbol(ex.wrt, names=names)
        want, got = sympy.diff(parsing.parse(ex.problem, names=names), var), parsing.parse(ex.answer, names=names)
        if want == 0:
            out.append("the derivative is 0")
        if not eq.equivalent(got, want).equal:
            out.append(f"key {ex.answer} but sympy.diff gives {want}")
    elif ex.kind == "expr":  # the difference quotient of f = steps_expr
        x, h = sympy.Symbol("x"), sympy.Symbol("h")
        want = sympy.cancel((expr.subs(x, x + h) - expr) / h)
        got = parsing.parse(ex.answer)
        if not eq.equivalent(got, want, (h, x)).equal:
            out.append(f"key {ex.answer} but the difference quotient is {want}")
        if sympy.expand(got.subs(h, 0) - sympy.diff(expr, x)) != 0:
            out.append("the quotient at h = 0 is not the derivative")
    elif ex.kind == "vector":
        symbols = sorted(expr.free_symbols, key=lambda s: s.name)
        want = [sympy.diff(expr, s).subs(point) for s in symbols]
        got = parsing.parse_vector(ex.answer)
        if len(got) != len(want) or any(sympy.simplify(g - w) != 0 for g, w in zip(got, want)):
            out.append(f"key {ex.answer} but sympy.diff gives {want}")
        if all(w == 0 for w in want):
            out.append("the gradient is 0")
    else:
        var = parsing.parse_symbol(ex.wrt, names=names)
        slope = sympy.diff(expr, var).subs(point)
        want = point[var] - sympy.Rational(ex.lr) * slope if ex.lr else slope
        got = parsing.parse(ex.problem)
        if abs(sympy.N(got - want, 30)) > 1e-12 * max(1, abs(sympy.N(want))):
            out.append(f"key {ex.problem} but sympy.diff gives {sympy.N(want)}")
        if slope == 0:
            out.append("the slope is 0")
    return out


def judging_problems(ex: Exercise) -> list[str]:
    """Where the checker disagrees with the exercise: its answer refused, a mistake accepted."""
    return misjudged(ex)
