"""The chain rule through a computation graph, as backpropagation does it.

Definitions such as ``L = (yhat - y)^2``, ``yhat = sigmoid(z)``, ``z = w*x + b``
form a graph (a DAG: a node may feed several others). For each parameter, every
path from the loss down to it is followed; each edge's local derivative is
derived step by step by the engine; the chain rule multiplies them along a path
and sums over the paths. The result is checked against a central finite
difference of the fully substituted loss.

Pure: no printing, no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sympy import Expr, Heaviside, Rational, S, Symbol

from symtutor.topics.descent import as_number
from symtutor.errors import InputError

#: More paths than this from the loss to one parameter is refused (the count can grow
#: exponentially with shared nodes; a learner's graph has a handful).
MAX_PATHS = 64
#: Precision (digits) of the finite-difference check, and its step.
FD_DIGITS = 40
FD_STEP = Rational(1, 10**8)
#: The derivative of relu at its kink, the convention PyTorch and most frameworks use.
RELU_AT_KINK = S.Zero


@dataclass(frozen=True, slots=True)
class Link:
    """One local derivative: ∂`of`/∂`wrt`, where `wrt` appears in the definition of `of`.

    Attributes:
        of: the node (a defined name, e.g. L).
        wrt: one of its inputs (e.g. yhat).
        expr: the definition of `of`.
        step: the engine's derivation of ∂expr/∂wrt.
    """

    of: Symbol
    wrt: Symbol
    expr: Expr
    step: Any

    @property
    def derivative(self) -> Expr:
        """∂of/∂wrt as the engine derived it."""
        return self.step.result

    def to_dict(self) -> dict:
        return {
            "of": str(self.of),
            "wrt": str(self.wrt),
            "expr": str(self.expr),
            "derivative": str(self.derivative),
            "steps": self.step.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class Kink:
    """A relu whose argument is exactly 0 at the point: its derivative is undefined there."""

    arg: Expr
    used: Expr = RELU_AT_KINK


@dataclass(frozen=True, slots=True)
class Partial:
    """∂loss/∂param worked out.

    Attributes:
        param: the parameter.
        paths: each path from the loss down to `param`, as node tuples (loss first).
        chain: the chain-rule sum of products, in the graph's own names (∂L/∂ŷ·∂ŷ/∂z·∂z/∂w).
        result: `chain` with every definition substituted: only inputs and parameters remain.
        value: `result` at the point, exact (None without a point).
        value_float: `value` as a float (None without a point).
        finite_difference: (L(p + h) − L(p − h))/2h of the fully substituted loss (None without a point).
        kinks: relu kinks met at the point (there `value` uses relu′(0) = 0 and the
            finite difference is not expected to agree).
    """

    param: Symbol
    paths: tuple[tuple[Symbol, ...], ...]
    chain: Expr
    result: Expr
    value: Expr | None = None
    value_float: float | None = None
    finite_difference: float | None = None
    kinks: tuple[Kink, ...] = ()

    @property
    def agrees(self) -> bool | None:
        """The value and the finite difference agree to 1e-6 (relative for large values)."""
        if self.value_float is None or self.finite_difference is None:
            return None
        return abs(self.value_float - self.finite_difference) <= 1e-6 * max(1.0, abs(self.value_float))


@dataclass(frozen=True, slots=True)
class ChainResult:
    """The whole computation.

    Attributes:
        definitions: (name, expr) in the order given.
        loss: the loss's name.
        order: the defined names from the loss down (a topological order).
        inputs: the names with no definition (inputs and parameters), sorted.
        links: the local derivatives on some path to some parameter, loss side first.
        partials: one Partial per parameter, in --wrt order.
        at: the point (None without one).
        full_loss: the loss with every definition substituted.
        forward: each defined node's exact value at the point, inputs first
            (the forward pass; empty without a point).
    """

    definitions: tuple[tuple[Symbol, Expr], ...]
    loss: Symbol
    order: tuple[Symbol, ...]
    inputs: tuple[Symbol, ...]
    links: tuple[Link, ...]
    partials: tuple[Partial, ...]
    at: dict[Symbol, Expr] | None
    full_loss: Expr
    forward: dict[Symbol, Expr] = field(default_factory=dict)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        """The notebook display: HTML with the steps, LaTeX, Markdown and text (render/notebook.py)."""
        from symtutor.render.notebook import mimebundle

        return mimebundle(self)

    def definition(self, name: Symbol) -> Expr:
        """The expression `name` is defined as."""
        return dict(self.definitions)[name]

    def to_dict(self) -> dict:
        """JSON-ready, the shape of ``symtutor chain --format json``."""
        single = len(self.partials) == 1

        def per(f):
            return f(self.partials[0]) if single else {str(p.param): f(p) for p in self.partials}

        out: dict[str, Any] = {
            "definitions": [{"name": str(n), "expr": str(e)} for n, e in self.definitions],
            "loss": str(self.loss),
            "inputs": [str(s) for s in self.inputs],
            "wrt": [str(p.param) for p in self.partials],
            "links": [link.to_dict() for link in self.links],
            "paths": per(lambda p: [[str(n) for n in path] for path in p.paths]),
            "chain": per(lambda p: str(p.chain)),
            "derivative": per(lambda p: str(p.result)),
            "full_loss": str(self.full_loss),
        }
        if self.at is not None:
            out["at"] = {str(k): str(v) for k, v in self.at.items()}
            out["value"] = per(lambda p: str(p.value))
            out["value_float"] = per(lambda p: p.value_float)
            out["finite_difference"] = per(lambda p: p.finite_difference)
            out["agrees"] = per(lambda p: p.agrees)
            out["kinks"] = per(lambda p: [str(k.arg) for k in p.kinks])
            out["forward"] = {str(k): float(_to_float(v, str(k))) for k, v in self.forward.items()}
        return out


def backprop(
    definitions: Sequence[tuple[Symbol, Expr]],
    wrt: Sequence[Symbol],
    at: Mapping[Symbol, Any] | None = None,
) -> ChainResult:
    """Apply the chain rule through the graph the definitions form.

    Args:
        definitions: (name, expr) pairs in any order; the loss is the name no other
            definition uses (the first one, if that does not single it out).
        wrt: the parameters (inputs with no definition, or intermediate nodes).
        at: a value for every input the loss depends on, to evaluate at (optional).

    Returns:
        A ChainResult.

    Raises:
        InputError: a name defined twice, circular definitions, a definition the
            loss does not use, a parameter not in the graph, or a missing value.
    """
    definitions = tuple((name, expr) for name, expr in definitions)
    defs, loss, order, inputs = _graph(definitions)
    wrt = _checked_wrt(tuple(wrt), loss, defs, order, inputs)
    point = None if at is None else _checked_point(at, inputs)

    from symtutor.derivation.engine import derive_step

    link_cache: dict[tuple[Symbol, Symbol], Link] = {}

    def link(of: Symbol, child: Symbol) -> Link:
        key = (of, child)
        if key not in link_cache:
            link_cache[key] = Link(of, child, defs[of], derive_step(defs[of], child))
        return link_cache[key]

    full_loss = _expand(loss, defs, order)
    forward = _forward(order, defs, point) if point is not None else {}
    partials = []
    for p in wrt:
        paths = _paths(loss, p, defs)
        chain = S.Zero
        for path in paths:
            term = S.One
            for of, child in zip(path, path[1:]):
                term *= link(of, child).derivative
            chain += term
        result = _substitute(chain, defs, order)
        partials.append(_evaluate(p, paths, chain, result, loss, defs, order, point))
    # Loss side first, then by the order the parameters asked for them.
    rank = {n: i for i, n in enumerate(order)}
    links = tuple(sorted(link_cache.values(), key=lambda lk: rank[lk.of]))  # stable: --wrt order within a node
    return ChainResult(definitions, loss, order, inputs, links, tuple(partials), point, full_loss, forward)


def _graph(definitions: tuple[tuple[Symbol, Expr], ...]):
    """(name -> definition, the loss, the names from the loss down, the inputs), or InputError."""
    if not definitions:
        raise InputError("give at least one definition, like \"L = (yhat - y)^2\"")
    defs: dict[Symbol, Expr] = {}
    for name, expr in definitions:
        if name in defs:
            raise InputError(f"{name} is defined twice")
        defs[name] = expr
    # The loss is the one name nothing else uses; if that is unclear, the first definition.
    roots = [n for n in defs if not any(n in e.free_symbols for e in defs.values())]
    loss = roots[0] if len(roots) == 1 else definitions[0][0]
    order = _topological(loss, defs)
    unused = [str(n) for n, _ in definitions if n not in order]
    if unused:
        raise InputError(f"{', '.join(unused)} {'is' if len(unused) == 1 else 'are'} defined but "
                         f"{loss} does not depend on {'it' if len(unused) == 1 else 'them'}")
    inputs = tuple(sorted({s for n in order for s in defs[n].free_symbols if s not in defs}, key=str))
    return defs, loss, order, inputs


def _checked_wrt(wrt: tuple[Symbol, ...], loss: Symbol, defs, order, inputs) -> tuple[Symbol, ...]:
    """The parameters, each a node or an input of the graph other than the loss; or InputError."""
    if not wrt:
        raise InputError("--wrt needs at least one parameter")
    if len(set(wrt)) != len(wrt):
        raise InputError("--wrt names a parameter twice")
    for p in wrt:
        if p == loss:
            raise InputError(f"--wrt {p}: that is the loss itself (∂{p}/∂{p} = 1)")
        if p not in defs and p not in inputs:
            known = ", ".join(str(s) for s in (*inputs, *order[1:]))
            raise InputError(f"--wrt {p}: {loss} does not depend on {p} (the graph's names: {known})")
    return wrt


def _checked_point(at: Mapping[Symbol, Any], inputs: tuple[Symbol, ...]) -> dict[Symbol, Expr]:
    """The point as SymPy numbers, one for every input and nothing else; or InputError."""
    point = {k: as_number(v) for k, v in at.items()}
    stray = [str(k) for k in point if k not in inputs]
    if stray:
        raise InputError(f"--at {', '.join(stray)}: not an input of the graph (inputs: "
                         f"{', '.join(str(s) for s in inputs)})")
    missing = [str(s) for s in inputs if s not in point]
    if missing:
        raise InputError(f"--at needs a value for {', '.join(missing)} too")
    return point


def _forward(order: Sequence[Symbol], defs: Mapping[Symbol, Expr], point: dict[Symbol, Expr]) -> dict[Symbol, Expr]:
    """Each node's value at the point, inputs first (the forward pass); refuses a non-real value."""
    values: dict[Symbol, Expr] = {}
    for name in reversed(order):
        value = defs[name].xreplace(point).xreplace(values)
        try:
            _to_float(value, str(name))
        except InputError:
            known = {**point, **values}
            args = ", ".join(f"{_show(s)} = {_show(known[s])}" for s in sorted(defs[name].free_symbols, key=str))
            raise InputError(f"{_show(name)} = {_show(defs[name])} has no real value at the point ({args})") from None
        values[name] = value
    return values


def _show(expr: Expr) -> str:
    """`expr` as learners see it everywhere else (for messages)."""
    from symtutor.notation.mathfmt import unicode

    return unicode(expr)


def _topological(loss: Symbol, defs: Mapping[Symbol, Expr]) -> tuple[Symbol, ...]:
    """The defined names reachable from the loss, each before everything it depends on."""
    state: dict[Symbol, int] = {}  # 1 = on the current path, 2 = done
    post: list[Symbol] = []
    stack: list[Symbol] = []

    def visit(node: Symbol) -> None:
        state[node] = 1
        stack.append(node)
        for child in sorted(defs[node].free_symbols, key=str):
            if child not in defs:
                continue
            if state.get(child) == 1:
                cycle = stack[stack.index(child):] + [child]
                raise InputError("the definitions are circular: " + " → ".join(str(n) for n in cycle))
            if child not in state:
                visit(child)
        stack.pop()
        state[node] = 2
        post.append(node)

    visit(loss)
    return tuple(reversed(post))


def _paths(loss: Symbol, target: Symbol, defs: Mapping[Symbol, Expr]) -> tuple[tuple[Symbol, ...], ...]:
    """Every path from the loss down to `target` (loss first)."""
    found: list[tuple[Symbol, ...]] = []

    def walk(node: Symbol, path: tuple[Symbol, ...]) -> None:
        if node == target:
            found.append(path)
            if len(found) > MAX_PATHS:
                raise InputError(f"more than {MAX_PATHS} paths lead from {loss} to {target}")
            return
        if node not in defs:
            return
        for child in sorted(defs[node].free_symbols, key=str):
            walk(child, (*path, child))

    walk(loss, (loss,))
    return tuple(found)


def _substitute(expr: Expr, defs: Mapping[Symbol, Expr], order: Sequence[Symbol], keep: Symbol | None = None) -> Expr:
    """Replace defined names by their definitions until only inputs remain.

    In topological order (loss side first) one pass suffices: a name's definition
    only mentions names further down, which are replaced after it.
    """
    for name in order:
        if name != keep and expr.has(name):
            expr = expr.xreplace({name: defs[name]})
    return expr


def _expand(node: Symbol, defs: Mapping[Symbol, Expr], order: Sequence[Symbol], keep: Symbol | None = None) -> Expr:
    return _substitute(node, defs, order, keep)


def _evaluate(
    param: Symbol,
    paths: tuple[tuple[Symbol, ...], ...],
    chain: Expr,
    result: Expr,
    loss: Symbol,
    defs: Mapping[Symbol, Expr],
    order: Sequence[Symbol],
    point: dict[Symbol, Expr] | None,
) -> Partial:
    if point is None:
        return Partial(param, paths, chain, result)
    from symtutor.notation.functions import relu

    # Relu arguments that are exactly zero at the point: the derivative is undefined there.
    kinks = []
    for node in order:
        for r in defs[node].atoms(relu):
            arg_value = _substitute(r.args[0], defs, order).xreplace(point)
            if arg_value.is_zero:
                kinks.append(Kink(r.args[0]))
    value = result.replace(Heaviside, lambda *a: Heaviside(a[0], RELU_AT_KINK)).xreplace(point)
    value_float = _to_float(value, f"∂{loss}/∂{param}")

    # The loss as a function of the parameter: substitute everything except the parameter's own
    # definition (for an intermediate node), then the point for the rest.
    cut = _expand(loss, defs, order, keep=param)
    here = dict(point)
    if param in defs:
        p0 = _substitute(defs[param], defs, order).xreplace(point)
    else:
        p0 = here.pop(param)
    cut = cut.xreplace(here)
    h = FD_STEP
    up = cut.xreplace({param: p0 + h}).evalf(FD_DIGITS)
    down = cut.xreplace({param: p0 - h}).evalf(FD_DIGITS)
    fd = _to_float((up - down) / (2 * h), "the finite difference")
    return Partial(param, paths, chain, result, value, value_float, fd, tuple(kinks))


def _to_float(value: Expr, what: str) -> float:
    try:
        number = complex(value.evalf(30))
    except (TypeError, ValueError):
        raise InputError(f"{what} is undefined at the point") from None
    if number.imag != 0 or not math.isfinite(number.real):
        raise InputError(f"{what} is undefined at the point")
    return number.real
