"""Comparing two runs: the one rule for whether they saw the same patients, and the difference it gives.

Replication r of a scenario draws its random numbers from ``(seed, r, purpose)``
(common random numbers, docs/MODEL.md), so two runs saw the same patients when
they share the seed, the replication indices, the measured period
(``horizon_days``), the warm-up and the start date (weekday and month
profiles). Then the difference is taken replication by replication (*paired*),
and its interval is far narrower than the two intervals side by side.
Otherwise it is the difference of the means with Welch's interval (*unpaired*).
Every caller (studio, compare page, report, costs) compares through this module.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence

from harmoni_model.results.estimates import Estimate, estimate, t975
from harmoni_model.results.tidy import Results
from harmoni_model.results.yearly import year_factor
from harmoni_model.scenario.format import SYSTEM
from harmoni_model.simulation.kpis import KPI_INFO, SERVICE_KPIS, SYSTEM_KPIS

NO_DIFFERENCE = Estimate(math.nan, math.nan, math.nan, 0)


def is_paired(results: Results, baseline: Results) -> bool:
    """Whether replication r of `results` saw the same patients as replication r of `baseline`."""
    a, b = results.scenario, baseline.scenario
    return (
        a.seed == b.seed
        and [r.replication for r in results.runs] == [r.replication for r in baseline.runs]
        and a.horizon_days == b.horizon_days
        and a.warmup_days == b.warmup_days
        and a.start_date == b.start_date
    )


def first_replications(results: Results, n: int) -> Results:
    """The first `n` replications of `results` (they pair with any run of n replications of the same setup)."""
    return Results(results.scenario, results.runs[:n])


def paired_difference(a: Sequence[float], b: Sequence[float]) -> Estimate:
    """Mean and 95 % interval of the replication-wise differences a[r] − b[r] (NaN pairs left out)."""
    return estimate(x - y for x, y in zip(a, b, strict=True))


def welch_difference(a: Sequence[float], b: Sequence[float]) -> Estimate:
    """Mean of `a` minus mean of `b` with Welch's 95 % interval (NaN interval if either has fewer than 2).

    ``n`` of the result is the smaller sample's size.
    """
    xa = [x for x in a if not math.isnan(x)]
    xb = [x for x in b if not math.isnan(x)]
    if not xa or not xb:
        return NO_DIFFERENCE
    ea, eb = estimate(xa), estimate(xb)
    diff, n = ea.mean - eb.mean, min(len(xa), len(xb))
    if len(xa) < 2 or len(xb) < 2:
        return Estimate(diff, math.nan, math.nan, n)
    va = math.fsum((x - ea.mean) ** 2 for x in xa) / (len(xa) - 1) / len(xa)  # squared standard errors
    vb = math.fsum((x - eb.mean) ** 2 for x in xb) / (len(xb) - 1) / len(xb)
    if va + vb == 0:
        return Estimate(diff, diff, diff, n)
    df = (va + vb) ** 2 / (va**2 / (len(xa) - 1) + vb**2 / (len(xb) - 1))  # Welch-Satterthwaite
    half = t975(df) * math.sqrt(va + vb)
    return Estimate(diff, diff - half, diff + half, n)


def difference(a: Sequence[float], b: Sequence[float], paired: bool) -> Estimate:
    """`a` minus `b`: paired by replication, or Welch's difference of means."""
    return paired_difference(a, b) if paired else welch_difference(a, b)


class Comparison(Mapping[str, dict[str, Estimate]]):
    """A run minus a baseline run: scope (service id or "system") -> KPI -> difference, and whether it is paired.

    Totals over the measured period (``KPI_INFO[k].total``) are over the
    baseline's measured period: an unpaired run with another horizon is first
    put on the baseline's (through ``results.yearly``), so a per-year display of
    the difference with the baseline's scenario is right.
    """

    def __init__(self, paired: bool, differences: dict[str, dict[str, Estimate]]) -> None:
        self.paired = paired
        self._differences = differences

    def at(self, scope: str, kpi: str) -> Estimate | None:
        """The difference of one KPI, or None when either run has no such scope."""
        return self._differences.get(scope, {}).get(kpi)

    def __getitem__(self, scope: str) -> dict[str, Estimate]:
        return self._differences[scope]

    def __iter__(self) -> Iterator[str]:
        return iter(self._differences)

    def __len__(self) -> int:
        return len(self._differences)

    def __repr__(self) -> str:
        return f"Comparison(paired={self.paired}, scopes={list(self._differences)})"


def _values(results: Results, scope: str, kpi: str) -> list[float]:
    if scope == SYSTEM:
        return [r.system[kpi] for r in results.runs]
    return [r.services[scope][kpi] for r in results.runs]


def compare(results: Results, baseline: Results) -> Comparison:
    """`results` minus `baseline` for every KPI of the services both have and of the system."""
    paired = is_paired(results, baseline)
    # a total over another measured period, put on the baseline's (only ever unpaired: pairing needs the horizon)
    rescale = year_factor(results.scenario) / year_factor(baseline.scenario)
    scopes = [sid for sid in results.scenario.service_ids if sid in baseline.scenario.service_ids]
    out: dict[str, dict[str, Estimate]] = {}
    for scope in (*scopes, SYSTEM):
        kpis = SYSTEM_KPIS if scope == SYSTEM else SERVICE_KPIS
        out[scope] = {}
        for k in kpis:
            f = rescale if KPI_INFO[k].total else 1.0
            a = [v * f for v in _values(results, scope, k)] if f != 1.0 else _values(results, scope, k)
            out[scope][k] = difference(a, _values(baseline, scope, k), paired)
    return Comparison(paired, out)
