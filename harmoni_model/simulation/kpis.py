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
    "process_delay_days",
    "capacity_blocked_days",
    "mean_overflow",
    "overflow_days",
    "share_overflow",
    "share_reneged",
    "p_full",
    "days_full",
    "share_found_full",
)
SYSTEM_KPIS: tuple[str, ...] = ("overliggedogn", "overliggedogn_cost_nok", "corridor_days")
#: Per service and origin (an arrival id or the service a patient came from): who waits.
ORIGIN_KPIS: tuple[str, ...] = ("mean_wait_days", "share_waited", "share_reneged", "admissions")

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
    # over 100 % with overflow places, or while a calendar closes places that are still occupied
    "utilisation": KpiInfo("Utnyttelse (%)", "Utilisation (%)", lower_is_better=None, **(_SHARE | {"ceiling": None})),
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
    "process_delay_days": KpiInfo(
        "Døgn i saksbehandling etter utskrivningsklar, per år", "Bed-days in discharge processing a year",
        "bed-days", 1.0, 0, total=True,
    ),
    "capacity_blocked_days": KpiInfo(
        "Døgn som venter på ledig plass videre, per år", "Bed-days waiting for a free place onward, a year",
        "bed-days", 1.0, 0, total=True,
    ),
    "mean_overflow": KpiInfo("Pasienter på ekstraplass/korridor (snitt)", "Patients in overflow places (mean)",
                             "patients", 1.0, 1),
    "overflow_days": KpiInfo("Døgn på ekstraplass/korridor per år", "Overflow bed-days a year", "bed-days", 1.0, 0,
                             total=True),
    "share_overflow": KpiInfo("Andel innlagt på ekstraplass/korridor (%)", "Share admitted to an overflow place (%)",
                              **_SHARE),
    "share_reneged": KpiInfo("Andel som gikk ut av ventelisten (%)", "Share who left the waiting list (%)",
                             lower_is_better=None, **_SHARE),
    "p_full": KpiInfo("Andel av tiden fullt (%)", "Share of time full (%)", **_SHARE),
    "days_full": KpiInfo("Døgn med fullt belegg per år", "Days at capacity a year", "days", 1.0, 0, total=True),
    "share_found_full": KpiInfo("Andel som fant det fullt (%)", "Share who found it full (%)", **_SHARE),
    "overliggedogn": KpiInfo(
        "Overliggedøgn per år", "Delayed-discharge bed-days a year", "bed-days", 1.0, 0, total=True
    ),
    "overliggedogn_cost_nok": KpiInfo(
        "Betaling for overliggedøgn (mill. kr per år)", "Delayed-discharge payment (MNOK a year)", "NOK", 1e-6, 1,
        total=True,
    ),
    "corridor_days": KpiInfo("Korridordøgn i sykehuset per år", "Hospital corridor bed-days a year", "bed-days",
                             1.0, 0, total=True),
}  # fmt: skip


@dataclass
class ServiceStats:
    """Raw measurements of one service over the measured period of one replication."""

    organisation: str
    effective_capacity: float  # regular places, the mean over the period (a calendar changes them)
    period_days: float
    area_occupancy: float = 0.0  # ∫ occupied places dt (bed-days), regular and overflow
    area_queue: float = 0.0  # ∫ patients waiting for this service dt
    area_blocked: float = 0.0  # ∫ patients whose stay ended, waiting in this service for a full next one dt
    area_delay: float = 0.0  # ∫ patients whose stay ended, in a discharge processing delay here dt
    area_overflow: float = 0.0  # ∫ max(0, occupancy − regular capacity) dt
    asked: int = 0  # patients who asked for a place (arrivals, transfers, diversions in)
    waited: int = 0
    lost: int = 0
    diverted: int = 0
    reneged: int = 0  # left the waiting list when their patience ran out
    found_full: int = 0  # asked while every regular place was taken
    admissions: int = 0
    overflow_admissions: int = 0  # admitted while every regular place was taken
    discharges: int = 0
    waits: list[float] = field(default_factory=list)  # per admission in the period, 0 if at once
    wait_total: float = 0.0  # sum of `waits`
    full_time: float = 0.0  # days with every regular place taken
    days_full: int = 0  # days with at least one moment at capacity
    # origin -> [asked, waited, admitted, total wait of the admitted, reneged]
    by_origin: dict[str, list] = field(default_factory=dict)

    def origin(self, name: str) -> list:
        """The counts of one origin (created at zero)."""
        counts = self.by_origin.get(name)
        if counts is None:
            counts = self.by_origin[name] = [0, 0, 0, 0.0, 0]
        return counts


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
        "mean_blocked": (s.area_blocked + s.area_delay) / days,
        "blocked_days": s.area_blocked + s.area_delay,
        "admissions": float(s.admissions),
        "process_delay_days": s.area_delay,
        "capacity_blocked_days": s.area_blocked,
        "mean_overflow": s.area_overflow / days,
        "overflow_days": s.area_overflow,
        "share_overflow": _share(s.overflow_admissions, s.admissions),
        "share_reneged": _share(s.reneged, s.asked),
        "p_full": s.full_time / days,
        "days_full": float(s.days_full),
        "share_found_full": _share(s.found_full, s.asked),
    }


def origin_kpis(s: ServiceStats) -> dict[str, dict[str, float]]:
    """Per origin: mean wait of its admitted patients, share who waited, share who reneged, admissions."""
    out = {}
    for origin, (asked, waited, admitted, wait_total, reneged) in s.by_origin.items():
        out[origin] = {
            "mean_wait_days": wait_total / admitted if admitted else NAN,
            "share_waited": _share(waited, asked),
            "share_reneged": _share(reneged, asked),
            "admissions": float(admitted),
        }
    return out


def system_kpis(
    per_service: Mapping[str, Mapping[str, float]],
    organisations: Mapping[str, str],
    rate_nok: float,
) -> dict[str, float]:
    """System KPIs: delayed-discharge bed-days in hospital services, what they cost, and corridor bed-days."""
    hospital = [k for sid, k in per_service.items() if organisations[sid] == "hospital"]
    days = math.fsum(k["blocked_days"] for k in hospital)
    corridor = math.fsum(k["overflow_days"] for k in hospital)
    return {"overliggedogn": days, "overliggedogn_cost_nok": days * rate_nok, "corridor_days": corridor}
