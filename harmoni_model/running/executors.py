"""Where replications run: this machine's worker processes, or a Dask cluster.

The advisor and the experiment runner hand an executor a function importable by
name and a list of argument tuples, and get the results back in order. The
local executor uses the model's warm pool of worker processes (or this process
when `workers` is 1); the Dask executor sends the same jobs to a
``distributed`` scheduler, for sweeps that outgrow one machine. Dask is
imported only when asked for: the app and the local runs never need it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from harmoni_model.running.replications import default_workers, worker_pool
from harmoni_model.scenario.format import Scenario
from harmoni_model.simulation.engine import ReplicationResult, simulate


class Executor(Protocol):
    """Runs ``fn(*job)`` for every job; results in the order of the jobs."""

    def map(self, fn: Callable[..., Any], jobs: Sequence[tuple[Any, ...]]) -> list[Any]:
        """``fn(*job)`` for every job, results in the order of the jobs."""

    def close(self) -> None:
        """Release what the executor holds."""


def lean_replication(scenario: Scenario, replication: int) -> ReplicationResult:
    """One replication's KPIs without the daily series (what searches and sweeps need: small to send)."""
    return dataclasses.replace(simulate(scenario, replication), daily={})


class LocalExecutor:
    """This machine: the shared warm pool of `workers` processes, or this process when `workers` is 1.

    `timeout` (seconds per job) and `cancelled` are the pool's (:meth:`WorkerPool.map`): with
    either, every job runs in a worker process, even with one worker, because only a process can
    be stopped (the app's advisor on a shared server).
    """

    def __init__(
        self,
        workers: int | None = None,
        *,
        timeout: float | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> None:
        self.workers = default_workers() if workers is None else workers
        if self.workers < 1:
            raise ValueError("workers must be >= 1")
        self.timeout, self.cancelled = timeout, cancelled

    def map(self, fn: Callable[..., Any], jobs: Sequence[tuple[Any, ...]]) -> list[Any]:
        """``fn(*job)`` for every job: in this process, or on the shared worker pool."""
        bounded = self.timeout is not None or self.cancelled is not None
        if (self.workers == 1 or len(jobs) <= 1) and not bounded:
            return [fn(*job) for job in jobs]
        return worker_pool(self.workers).map(fn, jobs, timeout=self.timeout, cancelled=self.cancelled)

    def close(self) -> None:
        """Nothing to do: the pool is shared and stopped at exit."""

    def __repr__(self) -> str:
        return f"LocalExecutor(workers={self.workers})"


class DaskExecutor:
    """A Dask ``distributed`` cluster: by scheduler address, or an existing ``Client``."""

    def __init__(self, scheduler: str | Any) -> None:
        try:
            from distributed import Client
        except ImportError as exc:  # pragma: no cover - depends on the installation
            raise RuntimeError("--scheduler needs Dask: pip install 'dask[distributed]'") from exc
        self._own = isinstance(scheduler, str)
        self.client = Client(scheduler) if self._own else scheduler
        self.address = self.client.scheduler.address  # kept: a closed client forgets it

    def map(self, fn: Callable[..., Any], jobs: Sequence[tuple[Any, ...]]) -> list[Any]:
        """``fn(*job)`` for every job on the Dask cluster, results in order."""
        if not jobs:
            return []
        # pure=False: two equal jobs are still two runs (the counts must be honest).
        futures = self.client.map(_apply, [fn] * len(jobs), list(jobs), pure=False)
        return self.client.gather(futures)

    def close(self) -> None:
        """Close the client if this executor opened it."""
        if self._own:
            self.client.close()

    def __repr__(self) -> str:
        return f"DaskExecutor({self.address!r})"


def _apply(fn: Callable[..., Any], job: tuple[Any, ...]) -> Any:
    return fn(*job)


def make_executor(scheduler: str | None = None, workers: int | None = None) -> Executor:
    """The executor a command line asked for: Dask at `scheduler`, else local processes."""
    return DaskExecutor(scheduler) if scheduler else LocalExecutor(workers)
