"""Replications in worker processes, and the tidy results they add up to.

salabim is not thread-safe and the GIL gives threads no speed, so replications
run in a warm pool of worker processes (:mod:`harmoni_model.workers`), shared
by all threads of a server such as Streamlit. Each replication seeds its own
streams from (seed, replication), so the pool gives exactly the sequential
results.
"""

from __future__ import annotations

import atexit
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .engine import DAILY_FIELDS, ReplicationResult, simulate
from .kpis import SERVICE_KPIS, SYSTEM_KPIS
from .scenario import Scenario
from .summary import Estimate, estimate
from .workers import WorkerPool

if TYPE_CHECKING:
    import pandas as pd

_pools: dict[int, WorkerPool] = {}
_pools_lock = threading.Lock()


def default_workers() -> int:
    """Worker processes to use by default: the CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def worker_pool(workers: int) -> WorkerPool:
    """The shared warm pool of `workers` processes (created on first use)."""
    with _pools_lock:
        pool = _pools.get(workers)
        if pool is None:
            pool = _pools[workers] = WorkerPool(workers)
        return pool


@atexit.register
def shutdown_pools() -> None:
    """Stop every worker pool (called at exit; safe to call any time)."""
    with _pools_lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        pool.close()


def run_replications(
    scenario: Scenario,
    replications: int | None = None,
    workers: int | None = None,
) -> Results:
    """Run `replications` (default: the scenario's) replications and collect the results.

    `workers` worker processes (default: CPU count); 1 runs in this process.
    """
    n = scenario.replications if replications is None else replications
    if n < 1:
        raise ValueError("replications must be >= 1")
    k = default_workers() if workers is None else workers
    if k < 1:
        raise ValueError("workers must be >= 1")
    jobs = [(scenario, r) for r in range(n)]
    if k == 1 or n == 1:
        runs = [simulate(*job) for job in jobs]
    else:
        runs = worker_pool(k).map(simulate, jobs)
    return Results(scenario, runs)


@dataclass(frozen=True)
class Results:
    """All replications of one scenario, with tidy views and the summary."""

    scenario: Scenario
    runs: Sequence[ReplicationResult]

    @property
    def replications(self) -> int:
        return len(self.runs)

    def estimates(self) -> dict[str, dict[str, Estimate]]:
        """KPI -> estimate per service id, and under the key ``"system"``."""
        out: dict[str, dict[str, Estimate]] = {}
        for sid in self.scenario.service_ids:
            out[sid] = {k: estimate(r.services[sid][k] for r in self.runs) for k in SERVICE_KPIS}
        out["system"] = {k: estimate(r.system[k] for r in self.runs) for k in SYSTEM_KPIS}
        return out

    def difference(self, baseline: Results) -> dict[str, dict[str, Estimate]]:
        """This scenario minus `baseline`, paired by replication (common random numbers).

        Both must have the same seed and number of replications: then replication
        r of each saw the same patients, and the interval of the paired
        differences is far narrower than the two intervals side by side.
        """
        if baseline.scenario.seed != self.scenario.seed or baseline.replications != self.replications:
            raise ValueError("paired differences need the same seed and number of replications")
        pairs = list(zip(self.runs, baseline.runs, strict=True))
        out: dict[str, dict[str, Estimate]] = {}
        for sid in self.scenario.service_ids:
            if sid in baseline.scenario.service_ids:
                out[sid] = {
                    k: estimate(a.services[sid][k] - b.services[sid][k] for a, b in pairs) for k in SERVICE_KPIS
                }
        out["system"] = {k: estimate(a.system[k] - b.system[k] for a, b in pairs) for k in SYSTEM_KPIS}
        return out

    def to_json(self) -> dict[str, Any]:
        """The CLI's JSON contract (DESIGN.md)."""
        est = self.estimates()
        system = est.pop("system")
        return {
            "scenario": self.scenario.name,
            "replications": self.replications,
            "seed": self.scenario.seed,
            "horizon_days": self.scenario.horizon_days,
            "warmup_days": self.scenario.warmup_days,
            "services": {sid: {k: e.as_json() for k, e in kpis.items()} for sid, kpis in est.items()},
            "system": {k: e.as_json() for k, e in system.items()},
        }

    # --- pandas views (pandas is imported only when asked for) --------------

    def replication_kpis(self) -> pd.DataFrame:
        """Long format: replication, scope (service id or "system"), organisation, kpi, value."""
        import pandas as pd

        org = {s.id: s.organisation for s in self.scenario.services}
        rows = []
        for r in self.runs:
            for sid, kpis in r.services.items():
                rows.extend((r.replication, sid, org[sid], k, v) for k, v in kpis.items())
            rows.extend((r.replication, "system", "system", k, v) for k, v in r.system.items())
        return pd.DataFrame(rows, columns=["replication", "scope", "organisation", "kpi", "value"])

    def summary(self) -> pd.DataFrame:
        """One row per scope and KPI: mean, 95 % CI (Student t) and n."""
        import pandas as pd

        org = {s.id: s.organisation for s in self.scenario.services}
        rows = [
            (scope, org.get(scope, "system"), kpi, e.mean, e.low, e.high, e.n)
            for scope, kpis in self.estimates().items()
            for kpi, e in kpis.items()
        ]
        return pd.DataFrame(rows, columns=["scope", "organisation", "kpi", "mean", "ci_low", "ci_high", "n"])

    def daily(self) -> pd.DataFrame:
        """Daily series: replication, service, day (0 = first measured day), date, and the levels."""
        import numpy as np
        import pandas as pd

        frames = []
        for r in self.runs:
            for sid, series in r.daily.items():
                n = len(series["occupancy"])
                frame = pd.DataFrame({f: series[f] for f in DAILY_FIELDS})
                frame.insert(0, "date", pd.Timestamp(r.start_date) + pd.to_timedelta(np.arange(n), unit="D"))
                frame.insert(0, "day", np.arange(n))
                frame.insert(0, "service", sid)
                frame.insert(0, "replication", r.replication)
                frames.append(frame)
        return pd.concat(frames, ignore_index=True)
