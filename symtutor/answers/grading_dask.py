"""Grade a class file on a Dask cluster: `grade_row` mapped over partitions of rows.

``symtutor grade FILE --dask ADDRESS`` (a scheduler such as ``tcp://10.0.0.5:8786``)
or ``--dask local`` (a `distributed.LocalCluster` of worker processes on this machine).
Rows are read in windows as for a local run; each window's rows are partitioned by
problem, so that a worker compiles a problem once and then meets it again from its
per-process cache; each partition is one task, `grade_partition`, which calls
`grade_row` on every row. Results are put back in input order, so the output is
byte for byte the output of a local run.

Dask runs tasks on worker threads, where `grade_row` cannot arm its per-answer
timer: the reader's own size and time limits still apply, but the two-second bound
per answer is not enforced on a cluster.

Needs the optional extra: ``pip install 'symtutor[dask]'``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

from symtutor.answers.grading import (
    ANSWER_TIMEOUT,
    Summary,
    _windows,
    grade_row,
    prepare,
    warm_up,
)
from symtutor.errors import InputError

#: Rows per task: large enough that scheduling costs little next to grading them.
PARTITION = 500
#: Seconds to wait for a remote scheduler before giving up.
CONNECT_TIMEOUT = 20
INSTALL_HINT = "--dask needs the dask extra: pip install 'symtutor[dask]'"


def grade_partition(rows: list[dict], timeout: float = ANSWER_TIMEOUT) -> list[dict]:
    """Grade a list of rows (one task on a worker); one result per row, in order.

    A Dask worker is a fresh process (a local run warms up before forking): its
    first problem must not pay SymPy's first-use costs inside the time limits."""
    warm_up()
    return [grade_row(row, timeout=timeout) for row in rows]


def partitions(rows: list[dict], size: int = PARTITION) -> tuple[list[list[int]], int]:
    """Row indices grouped by problem, in chunks of at most `size`; and the number of
    distinct (problem, answer) pairs (the summary's `distinct`, as in a local run)."""
    groups: dict = {}
    distinct: set = set()
    for index, row in enumerate(rows):
        _ident, key, answer = prepare(row)
        groups.setdefault(key, []).append(index)
        if key is not None:
            distinct.add((key, answer))
    parts = []
    for indices in groups.values():
        parts.extend(indices[i : i + size] for i in range(0, len(indices), size))
    # Largest first, so that no big partition is left running alone at the end.
    parts.sort(key=len, reverse=True)
    return parts, len(distinct)


def connect(address: str, workers: int | None = None):
    """``(client, cluster)`` for `address`; "local" starts a LocalCluster of worker
    processes (`cluster`, to close after the client), otherwise `cluster` is None.

    Raises:
        InputError: the extra is not installed, or the scheduler cannot be reached.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise InputError(INSTALL_HINT) from None
    if address == "local":
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
        return Client(cluster), cluster
    try:
        return Client(address, timeout=CONNECT_TIMEOUT), None
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(f"--dask {address}: cannot reach the scheduler ({exc})") from None


def run(
    rows: Iterator[dict],
    summary: Summary,
    client,
    *,
    timeout: float,
    progress: Callable[[int], None] | None,
    window: int,
) -> Iterator[tuple[dict, dict]]:
    """Grade `rows` on `client`'s cluster; yields ``(row, result)`` in input order."""
    started = time.perf_counter()
    tick = progress or (lambda n: None)
    summary.jobs = max(1, len(client.scheduler_info().get("workers", {})))
    client.run(warm_up)  # every worker now; one that joins later warms on its first task
    for block in _windows(rows, max(1, window)):
        parts, distinct = partitions(block)
        futures = client.map(
            grade_partition, [[block[i] for i in part] for part in parts],
            timeout=timeout, pure=False,
        )
        results: list = [None] * len(block)
        for part, future in zip(parts, futures):
            for index, result in zip(part, future.result()):
                results[index] = result
            tick(len(part))
        summary.distinct += distinct
        for row, result in zip(block, results):
            summary.add(row, result)
            yield row, result
    summary.seconds = time.perf_counter() - started
