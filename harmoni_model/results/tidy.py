"""All replications of one scenario as tidy results: estimates, pandas views, the CLI's JSON.

Comparing two runs is :mod:`harmoni_model.results.comparison`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from harmoni_model.results.estimates import Estimate, estimate
from harmoni_model.scenario.format import Scenario
from harmoni_model.simulation.engine import DAILY_FIELDS, START_ORIGIN, ReplicationResult
from harmoni_model.simulation.kpis import ORIGIN_KPIS, SERVICE_KPIS, SYSTEM_KPIS

if TYPE_CHECKING:
    import pandas as pd

#: The event log's columns: the stays format (sample_data/FORMATS.md, "Event log (stays)").
EVENT_COLUMNS: tuple[str, ...] = ("patient_id", "service", "referred", "admitted", "ready", "left", "next")
# A per-origin KPI that is a count: an origin absent in a replication sent nobody, so it counts 0 there.
_ORIGIN_COUNTS = frozenset({"admissions"})


class NoEventLogError(ValueError):
    """The run kept no patient event log (run it with ``events=True``)."""


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
        """KPI -> estimate per service id, and under the key ``"system"``.

        Computed once (the studio's tiles, sentence and pathway all ask); each call returns its own dicts.
        """
        kept = self.__dict__.get("_estimates")
        if kept is None:
            kept = {sid: {k: estimate(r.services[sid][k] for r in self.runs) for k in SERVICE_KPIS}
                    for sid in self.scenario.service_ids}  # fmt: skip
            kept["system"] = {k: estimate(r.system[k] for r in self.runs) for k in SYSTEM_KPIS}
            object.__setattr__(self, "_estimates", kept)  # frozen: a cache, not a field (not in eq or repr)
        return {scope: dict(kpis) for scope, kpis in kept.items()}

    def by_origin(self) -> dict[str, dict[str, dict[str, Estimate]]]:
        """Per service and origin (an arrival id, an upstream service id, or ``"(start)"``): KPI -> estimate.

        Who waits, by where the patients came from (kpis.ORIGIN_KPIS). An origin that sent
        nobody to a service in a replication has no wait or share there: that replication is
        left out of its estimate, so ``n`` is the number of replications in which the origin
        asked for the service (for ``mean_wait_days``: in which one of its patients was
        admitted). ``admissions`` is a count, 0 in such a replication (``n`` = every replication).
        Origins are listed as the scenario lists them: arrivals, then services, then ``"(start)"``.
        """
        rank = {o: k for k, o in enumerate((*(a.id for a in self.scenario.arrivals), *self.scenario.service_ids))}
        rank[START_ORIGIN] = len(rank)
        out: dict[str, dict[str, dict[str, Estimate]]] = {}
        for sid in self.scenario.service_ids:
            seen = {origin for r in self.runs for origin in r.by_origin.get(sid, {})}
            origins = sorted(seen, key=lambda o: (rank.get(o, len(rank) + 1), o))
            out[sid] = {
                origin: {
                    k: estimate(
                        r.by_origin[sid][origin][k]
                        if origin in r.by_origin.get(sid, {})
                        else (0.0 if k in _ORIGIN_COUNTS else math.nan)
                        for r in self.runs
                    )
                    for k in ORIGIN_KPIS
                }
                for origin in origins
            }
        return out

    def occupancy_distribution(self, service_id: str) -> list[float]:
        """Share of measured time at occupancy 0, 1, 2, ... (regular plus overflow places), mean over replications.

        Each replication's shares are padded with zeros to the longest; the result sums to 1.
        """
        if service_id not in self.scenario.service_ids:
            raise KeyError(service_id)
        shares = [r.occupancy_distribution(service_id) for r in self.runs]
        levels = max((len(s) for s in shares), default=0)
        n = len(shares)
        return [math.fsum(s[i] for s in shares if i < len(s)) / n for i in range(levels)]

    def to_json(self, occupancy_distribution: bool = False) -> dict[str, Any]:
        """The CLI's JSON contract (docs/MODEL.md, "Command line").

        `occupancy_distribution`: add ``"occupancy_distribution": {service id: [share at 0, 1, ...]}``.
        """
        est = self.estimates()
        system = est.pop("system")
        out = {
            "scenario": self.scenario.name,
            "replications": self.replications,
            "seed": self.scenario.seed,
            "horizon_days": self.scenario.horizon_days,
            "warmup_days": self.scenario.warmup_days,
            "services": {sid: {k: e.as_json() for k, e in kpis.items()} for sid, kpis in est.items()},
            "system": {k: e.as_json() for k, e in system.items()},
            "by_origin": {
                sid: {origin: {k: e.as_json() for k, e in kpis.items()} for origin, kpis in origins.items()}
                for sid, origins in self.by_origin().items()
            },
        }
        if occupancy_distribution:
            out["occupancy_distribution"] = {sid: self.occupancy_distribution(sid) for sid in self.scenario.service_ids}
        return out

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

    def events(self) -> pd.DataFrame:
        """The patient event log of the first replication: one row per stay, in the stays format.

        Columns :data:`EVENT_COLUMNS`: ``patient_id`` (``p000001``, ... one per simulated
        patient, numbered by their first stay; a patient's later stays keep it), ``service``,
        ``referred``, ``admitted``, ``ready``, ``left`` (ISO date-times ``YYYY-MM-DDTHH:MM:SS``
        from the scenario's ``start_date``, to the second) and ``next`` (a service id or
        ``exit``). A time or place that does not exist is missing (pandas' missing value:
        ``isna()`` is true; an empty field in the CSV): ``referred`` for a patient admitted
        the moment they asked (else when they joined the list; after a processing delay, when
        the delay ended), ``admitted`` for a wait that never got the place (reneged, or still
        waiting at the end), ``ready`` for a stay still going at the end of the run, ``left``
        and ``next`` for a patient still in the place (or on the list). Every simulated stay
        and wait is listed, warm-up included; patients present at the start have an
        ``admitted`` (or ``referred``) before ``start_date``. Rows come as the run logged them:
        the patients present at the start first, then every stay in the order it began (the
        wait, or else the admission).

        Raises :class:`NoEventLogError` when the run kept no log (``run_replications(...,
        events=True)``, or ``simulate(..., events=True)`` for a single replication).
        """
        import pandas as pd

        run = next((r for r in self.runs if r.stays is not None), None)
        if run is None:
            raise NoEventLogError(
                "this run kept no patient event log: run it with run_replications(scenario, events=True)"
            )
        stays = run.stays or []
        start = dt.datetime.combine(self.scenario.start_date, dt.time())
        patients = patient_numbers(stays)

        def when(days: float | None) -> str | None:
            if days is None:
                return None
            return (start + dt.timedelta(seconds=round(days * 86_400))).isoformat(timespec="seconds")

        rows = [
            (f"p{patient:06d}", service, when(referred), when(admitted), when(ready), when(left), to)
            for patient, (_, service, referred, admitted, ready, left, to) in zip(patients, stays, strict=True)
        ]
        return pd.DataFrame(rows, columns=list(EVENT_COLUMNS))


def patient_numbers(stays: Sequence[tuple]) -> list[int]:
    """The patient (1, 2, ...) of each stay of an event log, numbered by their first stay.

    The engine writes each patient's number into every stay of that patient (the first field);
    here they are renumbered in the order of first appearance, so the log reads from p000001.
    """
    first: dict[int, int] = {}
    return [first.setdefault(row[0], len(first) + 1) for row in stays]
