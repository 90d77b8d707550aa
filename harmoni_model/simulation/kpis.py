"""KPI definitions: the one place that says what each number means.

Pure functions from the raw counts and time integrals of one replication (a
:class:`ServiceStats`) to KPI values. Definitions are documented in
docs/MODEL.md; all refer to the measured period after warm-up.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from harmoni_model.language import in_language

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


@dataclass(frozen=True)
class KpiInfo:
    """How a KPI reads: its name in both languages, its unit, how it is shown, and which way is better."""

    nb: str
    en: str
    unit: str  # "patients", "days", "share", "bed-days", "NOK", "admissions"
    scale: float = 1.0  # shown value = value x scale (a share in %, money in million kroner)
    decimals: int = 1
    lower_is_better: bool | None = True  # None: no direction (more occupancy is neither good nor bad)
    floor: float | None = 0.0  # the quantity cannot go below this (intervals are clipped for display)
    ceiling: float | None = None
    total: bool = False  # a total over the measured period: pages show it per year (results.yearly)

    def label(self, lang: str) -> str:
        """The KPI's name in `lang` ("nb" or "en")."""
        return in_language(self.nb, self.en, lang)

    def unit_label(self, lang: str, per_year: bool = True) -> str:
        """The unit of the shown value in words: ``døgn`` / ``days``, ``%``, ``bed-days a year`` for a total."""
        nb, en = UNIT_NAMES[self.unit]
        if self.total and per_year:
            nb, en = f"{nb} per år", f"{en} a year"
        return in_language(nb, en, lang)


#: Each unit in words, in the scale the pages show it (shares in per cent, money in million kroner).
UNIT_NAMES: dict[str, tuple[str, str]] = {
    "patients": ("pasienter", "patients"),
    "days": ("døgn", "days"),
    "share": ("%", "%"),
    "bed-days": ("døgn", "bed-days"),
    "NOK": ("mill. kr", "MNOK"),
    "admissions": ("innleggelser", "admissions"),
}


_SHARE = {"unit": "share", "scale": 100.0, "decimals": 1, "ceiling": 1.0}
#: Every KPI's name, unit, display and direction: the one table pages, map and report read.
KPI_INFO: dict[str, KpiInfo] = {
    "mean_occupancy": KpiInfo("Belegg (snitt, pasienter)", "Occupancy (mean, patients)", "patients", 1.0, 1, None),
    "utilisation": KpiInfo("Utnyttelse (%)", "Utilisation (%)", lower_is_better=None, **_SHARE),
    "mean_queue": KpiInfo("Kø (snitt, pasienter)", "Queue (mean, patients)", "patients", 1.0, 1),
    "mean_wait_days": KpiInfo("Ventetid (døgn, snitt)", "Wait (days, mean)", "days", 1.0, 1),
    "p90_wait_days": KpiInfo("Ventetid, 90. persentil (døgn)", "Wait, 90th percentile (days)", "days", 1.0, 1),
    "share_waited": KpiInfo("Andel som ventet (%)", "Share who waited (%)", **_SHARE),
    "share_lost": KpiInfo("Andel avvist (%)", "Share turned away (%)", **_SHARE),
    "share_diverted": KpiInfo("Andel sendt videre når fullt (%)", "Share diverted when full (%)", **_SHARE),
    "mean_blocked": KpiInfo("Utskrivningsklare (snitt, pasienter)", "Ready to leave (mean, patients)", "patients"),
    "blocked_days": KpiInfo(
        "Utskrivningsklare døgn per år", "Ready-to-leave bed-days a year", "bed-days", 1.0, 0, total=True
    ),
    "admissions": KpiInfo("Innleggelser per år", "Admissions a year", "admissions", 1.0, 0, None, total=True),
    "overliggedogn": KpiInfo(
        "Overliggedøgn per år", "Delayed-discharge bed-days a year", "bed-days", 1.0, 0, total=True
    ),
    "overliggedogn_cost_nok": KpiInfo(
        "Betaling for overliggedøgn (mill. kr per år)", "Delayed-discharge payment (MNOK a year)", "NOK", 1e-6, 1,
        total=True,
    ),
}


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
