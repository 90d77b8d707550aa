"""KPI definitions: the one place that says what each number means.

Pure functions from the raw counts and time integrals of one replication (a
:class:`ServiceStats`) to KPI values. Definitions follow DESIGN.md and
docs/MODEL.md; all refer to the measured period after warm-up.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

SERVICE_KPIS: tuple[str, ...] = (
    "mean_occupancy",
    "utilisation",
    "mean_queue",
    "mean_wait_days",
    "p90_wait_days",
    "share_waited",
    "share_lost",
    "share_diverted",
    "mean_blocked",
    "blocked_days",
    "admissions",
)
SYSTEM_KPIS: tuple[str, ...] = ("overliggedogn", "overliggedogn_cost_nok")

NAN = float("nan")


@dataclass
class ServiceStats:
    """Raw measurements of one service over the measured period of one replication."""

    organisation: str
    effective_capacity: int
    period_days: float
    area_occupancy: float = 0.0  # ∫ occupied places dt (bed-days)
    area_queue: float = 0.0  # ∫ patients waiting for this service dt
    area_blocked: float = 0.0  # ∫ patients blocked in this service dt
    asked: int = 0  # patients who asked for a place (arrivals, transfers, diversions in)
    waited: int = 0
    lost: int = 0
    diverted: int = 0
    admissions: int = 0
    discharges: int = 0
    waits: list[float] = field(default_factory=list)  # per admission in the period, 0 if at once
    wait_total: float = 0.0  # sum of `waits`


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100) with linear interpolation; NaN for no values."""
    if not values:
        return NAN
    xs = sorted(values)
    pos = (len(xs) - 1) * q / 100.0
    lo = math.floor(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def service_kpis(s: ServiceStats) -> dict[str, float]:
    """Every per-service KPI of one replication."""
    days = s.period_days
    mean_occupancy = s.area_occupancy / days
    return {
        "mean_occupancy": mean_occupancy,
        "utilisation": mean_occupancy / s.effective_capacity if s.effective_capacity else NAN,
        "mean_queue": s.area_queue / days,
        "mean_wait_days": math.fsum(s.waits) / len(s.waits) if s.waits else NAN,
        "p90_wait_days": percentile(s.waits, 90),
        "share_waited": _share(s.waited, s.asked),
        "share_lost": _share(s.lost, s.asked),
        "share_diverted": _share(s.diverted, s.asked),
        "mean_blocked": s.area_blocked / days,
        "blocked_days": s.area_blocked,
        "admissions": float(s.admissions),
    }


def system_kpis(
    per_service: Mapping[str, Mapping[str, float]],
    organisations: Mapping[str, str],
    rate_nok: float,
) -> dict[str, float]:
    """System KPIs: delayed-discharge bed-days in hospital services and what they cost."""
    days = math.fsum(k["blocked_days"] for sid, k in per_service.items() if organisations[sid] == "hospital")
    return {"overliggedogn": days, "overliggedogn_cost_nok": days * rate_nok}
