"""Replications in this process or in worker processes, collected as :class:`~harmoni_model.results.tidy.Results`.

salabim is not thread-safe and the GIL gives threads no speed, so replications
run in a warm pool of worker processes (:mod:`harmoni_model.running.pool`), shared
by all threads of a server such as Streamlit. Each replication seeds its own
streams from (seed, replication), so the pool gives exactly the sequential
results.
"""

from __future__ import annotations

import atexit
import os
import threading
from collections.abc import Callable

from harmoni_model.results.tidy import Results
from harmoni_model.running.pool import WorkerPool
from harmoni_model.scenario.format import Scenario
from harmoni_model.simulation.engine import simulate

_pools: dict[tuple[int, int], WorkerPool] = {}  # (workers, nice) -> the shared pool
_pools_lock = threading.Lock()
BACKGROUND_NICE = 19  # the background pool's priority: only the CPU time nobody else needs


def default_workers() -> int:
    """Worker processes to use by default: the CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def worker_pool(workers: int, nice: int = 0) -> WorkerPool:
    """The shared warm pool of `workers` processes at scheduling priority `nice` (created on first use)."""
    with _pools_lock:
        pool = _pools.get((workers, nice))
        if pool is None:
            pool = _pools[workers, nice] = WorkerPool(workers, nice=nice)
        return pool


def background_pool() -> WorkerPool:
    """One worker at the lowest priority, for heavy runs on a shared server.

    A heavy run (an upload near the app's budget) would otherwise hold every worker for
    tens of seconds, and everyone else's new value would wait behind it. In the background
    worker it runs one replication at a time on the CPU time the room leaves over.
    """
    return worker_pool(1, nice=BACKGROUND_NICE)


@atexit.register
def shutdown_pools() -> None:
    """Stop every worker pool now: running jobs fail at once (called at exit and by the app on SIGTERM)."""
    with _pools_lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        pool.close()


def run_replications(
    scenario: Scenario,
    replications: int | None = None,
    workers: int | None = None,
    events: bool = False,
    *,
    timeout: float | None = None,
    cancelled: Callable[[], bool] | None = None,
    max_wait: float | None = None,
    owner: str | None = None,
    background: bool = False,
) -> Results:
    """Run `replications` (default: the scenario's) replications and collect the results.

    `workers` worker processes (default: CPU count); 1 runs in this process.
    `events`: keep the patient event log of replication 0 (:meth:`Results.events`); the
    others run without it, so the log costs one replication's bookkeeping at most.
    `timeout` (seconds per replication), `cancelled`, `max_wait` and `owner` are the pool's
    (:meth:`~harmoni_model.running.pool.WorkerPool.map`); with them the run always goes to the
    pool, even a single replication, because only a worker process can be stopped.
    `background`: run in :func:`background_pool` (one worker at the lowest priority) instead.
    """
    n = scenario.replications if replications is None else replications
    if n < 1:
        raise ValueError("replications must be >= 1")
    k = default_workers() if workers is None else workers
    if k < 1:
        raise ValueError("workers must be >= 1")
    jobs = [(scenario, r, r == 0 and events) for r in range(n)]
    bounded = timeout is not None or cancelled is not None or max_wait is not None
    options = {"timeout": timeout, "cancelled": cancelled, "max_wait": max_wait, "owner": owner}
    if background:
        runs = background_pool().map(simulate, jobs, **options)
    elif (k == 1 or n == 1) and not bounded:
        runs = [simulate(*job) for job in jobs]
    else:
        runs = worker_pool(k).map(simulate, jobs, **options)
    return Results(scenario, runs)
