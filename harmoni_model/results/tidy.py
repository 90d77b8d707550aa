"""All replications of one scenario as tidy results: estimates, pandas views, the CLI's JSON.

Comparing two runs is :mod:`harmoni_model.results.comparison`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from harmoni_model.results.estimates import Estimate, estimate
from harmoni_model.scenario.format import Scenario
from harmoni_model.simulation.engine import DAILY_FIELDS, ReplicationResult
from harmoni_model.simulation.kpis import SERVICE_KPIS, SYSTEM_KPIS

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Results:
    """All replications of one scenario, with tidy views and the summary."""

    scenario: Scenario
    runs: Sequence[ReplicationResult]

    @property
    def replications(self) -> int:
        """How many replications were run."""
        return len(self.runs)

    def estimates(self) -> dict[str, dict[str, Estimate]]:
        """KPI -> estimate per service id, and under the key ``"system"``."""
        out: dict[str, dict[str, Estimate]] = {}
        for sid in self.scenario.service_ids:
            out[sid] = {k: estimate(r.services[sid][k] for r in self.runs) for k in SERVICE_KPIS}
        out["system"] = {k: estimate(r.system[k] for r in self.runs) for k in SYSTEM_KPIS}
        return out

    def to_json(self) -> dict[str, Any]:
        """The CLI's JSON contract (docs/MODEL.md, "Command line")."""
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
