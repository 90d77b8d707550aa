"""Targets and reference levels for the shared indicators of the overview page (no Streamlit here).

Each entry names its source. ``est=True`` marks an estimate (EST): a figure
derived by us, not stated as such in the source. A *target* (``kind="max"``)
is a goal someone has set ("at most"); a *reference* (``kind="reference"``) is
a level to compare with (a national mean, a literature threshold), not a goal.

Targets whose quantity no indicator in the KPI history measures keep
``indicator=None``: the page lists them so the workshop sees what is not yet
measured. Delayed-discharge bed-days (overliggedøgn) have no target here on
purpose: no public target was found; the indicator is simply "lower is better".
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Goal:
    """A target ("at most") or a reference level, with its source."""

    id: str
    indicator: str | None  # an id of INDICATORS; None when no indicator in the history measures it
    kind: str  # "max" (a goal: at most `value`) or "reference" (a level to compare with)
    value: float
    text_nb: str  # what the target is about
    text_en: str
    source_nb: str
    source_en: str
    est: bool = False
    unit_nb: str = ""  # only for targets without an indicator (the indicator's unit otherwise)
    unit_en: str = ""

    def text(self, lang: str) -> str:
        return self.text_nb if lang == "nb" else self.text_en

    def source(self, lang: str) -> str:
        return self.source_nb if lang == "nb" else self.source_en

    def unit(self, lang: str) -> str:
        return self.unit_nb if lang == "nb" else self.unit_en


GOALS: tuple[Goal, ...] = (
    Goal(
        id="nursing_home_wait_weeks",
        indicator="nursing_home_wait_days",
        kind="max",
        value=42,
        text_nb="Plass i sykehjem (heldøgns omsorg) innen seks uker: 42 dager",
        text_en="A long-term nursing-home place within six weeks: 42 days",
        source_nb="Trondheim kommune, handlings- og økonomiplan (HØP) 2023–2026",
        source_en="Trondheim kommune, action and budget plan (HØP) 2023–2026",
    ),
    Goal(
        id="nursing_home_waiting_list",
        indicator="nursing_home_waiting_list",
        kind="max",
        value=75,
        text_nb="Venteliste som svarer til seks ukers ventetid",
        text_en="Waiting list equivalent to a six-week wait",
        source_nb=(
            "Avledet av målet om plass innen seks uker (HØP 2023–2026): om lag seks uker med innleggelser "
            "i langtidsplass (sample_data/CALIBRATION.md)"
        ),
        source_en=(
            "Derived from the target of a place within six weeks (HØP 2023–2026): about six weeks of "
            "long-term admissions (sample_data/CALIBRATION.md)"
        ),
        est=True,
    ),
    Goal(
        id="kad_mean_stay_days",
        indicator=None,
        kind="max",
        value=3,
        text_nb="Gjennomsnittlig liggetid i KAD (kommunal akutt døgnenhet)",
        text_en="Mean length of stay in municipal acute beds (KAD)",
        source_nb="Helsedirektoratet, kommunalt døgntilbud for øyeblikkelig hjelp",
        source_en="Norwegian Directorate of Health (Helsedirektoratet), municipal emergency inpatient beds",
        unit_nb="døgn",
        unit_en="days",
    ),
    Goal(
        id="kad_occupancy_national",
        indicator="kad_occupancy_pct",
        kind="reference",
        value=44.0,
        text_nb="Landsgjennomsnitt for belegg i KAD",
        text_en="National mean KAD occupancy",
        source_nb="Avledet av Helsedirektoratet, «Status for kommunalt døgntilbud for øyeblikkelig hjelp» (2022)",
        source_en="Derived from Helsedirektoratet, status of municipal emergency inpatient beds (2022)",
        est=True,
    ),
    Goal(
        id="hospital_occupancy_85",
        indicator="hospital_occupancy_pct",
        kind="reference",
        value=85.0,
        text_nb="Belegg der risikoen for sengemangel øker raskt",
        text_en="Occupancy above which the risk of bed shortage rises steeply",
        source_nb="Bagust, Place og Posnett, BMJ 1999;319:155–158 (simuleringsstudie)",
        source_en="Bagust, Place and Posnett, BMJ 1999;319:155–158 (simulation study)",
    ),
    Goal(
        id="readmissions_national",
        indicator="readmissions_30d_pct",
        kind="reference",
        value=21.7,
        text_nb="Landsgjennomsnitt for utskrivningsklare pasienter (øyeblikkelig hjelp 1–30 dager etter utskrivning)",
        text_en="National mean for discharge-ready patients (emergency readmission 1–30 days after discharge)",
        source_nb="Helsedirektoratet, «Utskrivningsklare pasienter» (2024), tall for 2022",
        source_en="Helsedirektoratet, report on discharge-ready patients (2024), 2022 data",
    ),
)


def goal_for(indicator: str) -> Goal | None:
    """The target (or reference level) of an indicator, if there is one."""
    return next((tg for tg in GOALS if tg.indicator == indicator), None)
