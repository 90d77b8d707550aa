"""The indicators St. Olavs and Trondheim kommune share weekly (the *samhandlingsdashbord*): the one table.

:data:`INDICATORS` says what each indicator is: labels in bokmål and English, unit,
which organisation owns the number and which direction is good. The history file
(:mod:`harmoni_model.data.history`) may hold only these ids.

:func:`weekly_from_daily` is **the one definition** of how daily levels become these weekly
indicators. It has two uses: a model run's daily series
(:func:`harmoni_model.data.model_indicators.weekly_indicators`) and the daily levels of a
patient-level extract (:func:`harmoni_model.extracts.levels.daily_levels`), so the dashboard's
figures from real stays and the model's figures mean the same thing.
:func:`suppress_small` hides small counts for figures shared outside the analysis room.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

HOSPITAL = "hospital"
MUNICIPALITY = "municipality"
#: Units that count people or bed-days (small counts of them are suppressed by value, the others by `n`).
COUNT_UNITS = frozenset({"patients", "bed-days", "persons", "clients"})


@dataclass(frozen=True)
class Indicator:
    """One shared indicator of the overview page."""

    id: str
    label_nb: str
    label_en: str
    unit: str  # "%", "days" (a mean wait), or a count: "patients", "bed-days", "persons", "clients"
    unit_nb: str
    organisation: str  # "hospital" or "municipality": who owns the number
    higher_is_better: bool | None  # None: no direction, judge against a target band
    decimals: int  # for display

    def label(self, lang: str = "nb") -> str:
        """The indicator's name in `lang` ("nb" or "en")."""
        return self.label_nb if lang == "nb" else self.label_en

    @property
    def is_percentage(self) -> bool:
        """Written as a percentage (``85.3``, not ``0.853``)."""
        return self.unit == "%"

    @property
    def is_count(self) -> bool:
        """A count of people or bed-days (a level or a weekly total), not a percentage or a mean wait."""
        return self.unit in COUNT_UNITS

    @property
    def max_pct(self) -> float:
        """Occupancy can exceed 100 % (St. Olavs has run above it); other shares cannot."""
        return 200.0 if self.id.endswith("occupancy_pct") else 100.0


_TABLE: tuple[Indicator, ...] = (
    Indicator(
        "utskrivningsklare_per_day",
        "Utskrivningsklare pasienter i sykehusseng (snitt per dag)",
        "Discharge-ready patients in hospital beds (mean per day)",
        "patients",
        "pasienter",
        HOSPITAL,
        False,
        1,
    ),
    Indicator(
        "overliggedogn",
        "Overliggedøgn (per uke)",
        "Delayed-discharge bed-days (per week)",
        "bed-days",
        "liggedøgn",
        HOSPITAL,
        False,
        0,
    ),
    Indicator(
        "corridor_days",
        "Korridordøgn (per uke)",
        "Corridor bed-days (per week)",
        "bed-days",
        "liggedøgn",
        HOSPITAL,
        False,
        0,
    ),
    Indicator(
        "hospital_occupancy_pct",
        "Beleggsprosent sykehus",
        "Hospital bed occupancy",
        "%",
        "%",
        HOSPITAL,
        None,
        1,
    ),
    Indicator(
        "kad_occupancy_pct",
        "Beleggsprosent KAD",
        "Municipal acute beds (KAD) occupancy",
        "%",
        "%",
        MUNICIPALITY,
        None,
        1,
    ),
    Indicator(
        "short_term_occupancy_pct",
        "Beleggsprosent korttidsplasser",
        "Short-term beds occupancy",
        "%",
        "%",
        MUNICIPALITY,
        None,
        1,
    ),
    Indicator(
        "nursing_home_occupancy_pct",
        "Beleggsprosent langtidsplasser sykehjem",
        "Long-term nursing-home places occupancy",
        "%",
        "%",
        MUNICIPALITY,
        None,
        1,
    ),
    Indicator(
        "short_term_waiting_list",
        "Venter på korttidsplass (snitt)",
        "Waiting for a short-term place (mean)",
        "persons",
        "personer",
        MUNICIPALITY,
        False,
        1,
    ),
    Indicator(
        "short_term_wait_days",
        "Ventetid til korttidsplass (snitt, dager)",
        "Wait for a short-term place (mean, days)",
        "days",
        "dager",
        MUNICIPALITY,
        False,
        1,
    ),
    Indicator(
        "nursing_home_waiting_list",
        "Venter på langtidsplass (snitt)",
        "Waiting for a long-term place (mean)",
        "persons",
        "personer",
        MUNICIPALITY,
        False,
        1,
    ),
    Indicator(
        "nursing_home_wait_days",
        "Ventetid til langtidsplass (snitt, dager)",
        "Wait for a long-term place (mean, days)",
        "days",
        "dager",
        MUNICIPALITY,
        False,
        1,
    ),
    Indicator(
        "home_care_clients",
        "Mottakere av hjemmetjenester (snitt)",
        "Home-care clients (mean)",
        "clients",
        "brukere",
        MUNICIPALITY,
        None,
        0,
    ),
    Indicator(
        "readmissions_30d_pct",
        "Reinnleggelser innen 30 dager",
        "30-day readmissions",
        "%",
        "%",
        HOSPITAL,
        False,
        1,
    ),
)

#: The shared indicators by id, in display order.
INDICATORS: dict[str, Indicator] = {ind.id: ind for ind in _TABLE}

# --- one definition: daily levels -> weekly indicators ------------------------------

#: Which kind of service feeds which occupancy indicator (the hospital's: every hospital service).
OCCUPANCY_BY_KIND: dict[str, str] = {
    "kad_occupancy_pct": "municipal_acute",
    "short_term_occupancy_pct": "short_term_stay",
    "nursing_home_occupancy_pct": "long_term_place",
}
#: Weekly means of a daily level of a kind: (indicator, kind, daily field).
SERIES_BY_KIND: tuple[tuple[str, str, str], ...] = (
    ("short_term_waiting_list", "short_term_stay", "queue"),
    ("nursing_home_waiting_list", "long_term_place", "queue"),
    ("home_care_clients", "home_based_care", "occupancy"),
)
#: Mean waits of the patients admitted in the week to a kind: (indicator, kind).
WAIT_BY_KIND: tuple[tuple[str, str], ...] = (
    ("short_term_wait_days", "short_term_stay"),
    ("nursing_home_wait_days", "long_term_place"),
)
#: The weekly table's columns.
WEEKLY_COLUMNS = ("week", "indicator", "value", "n")


def weekly_from_daily(
    daily: Mapping[str, Mapping[str, Sequence[float]]],
    start_date: dt.date,
    services: Mapping[str, tuple[str, str | None]],
) -> pd.DataFrame:
    """The weekly indicators of daily levels: columns ``week``, ``indicator``, ``value``, ``n``.

    `daily` is the engine's shape (service id -> DAILY_FIELDS -> one value per day, day 0 on
    `start_date`); `services` maps a service id to (organisation, kind). Weeks are consecutive
    blocks of 7 days from `start_date` (``week`` is that block's first day: a Monday when day 0
    is one); an incomplete last week is dropped. The hospital's indicators add up every hospital
    service, the others every service of their kind; an indicator with no service to feed it is
    left out, and so is one whose inputs are unknown on every day (occupancy without capacity,
    corridor days without overflow: NaN in an extract without capacities). A week with an unknown
    day is NaN. Definitions:

    - ``utskrivningsklare_per_day``: the week's mean of the hospital's discharge-ready (``blocked``);
      ``overliggedogn`` its sum (bed-days); ``corridor_days`` the sum of ``overflow`` (place-days above
      the regular places);
    - ``*_occupancy_pct``: the week's occupied place-days over its place-days (each day's ``capacity``)
      x 100, NaN without places;
    - ``*_waiting_list``, ``home_care_clients``: the week's mean ``queue`` / ``occupancy``;
    - ``*_wait_days``: the mean wait of the patients admitted in the week (sum of ``wait_days`` over
      the sum of ``admissions``), NaN when nobody was admitted.

    ``n`` is the count behind the value, for :func:`suppress_small`: the value itself for counts of
    people or bed-days, the mean number of patients in a place for occupancy, the admissions for a
    mean wait. ``readmissions_30d_pct`` is never produced: daily levels do not follow patients after
    they leave.
    """
    ids = [sid for sid in services if sid in daily]
    n_days = min((len(daily[sid]["occupancy"]) for sid in ids), default=0)
    n_weeks = n_days // 7
    if n_weeks == 0:
        return pd.DataFrame(
            {"week": pd.Series(dtype="datetime64[ns]"), "indicator": pd.Series(dtype=object),
             "value": pd.Series(dtype="float64"), "n": pd.Series(dtype="float64")}
        )  # fmt: skip
    days = n_weeks * 7

    def total(group: list[str], field: str) -> np.ndarray:
        out = np.zeros(days)
        for sid in group:  # NaN (unknown) propagates: a total with an unknown part is unknown
            out = out + np.asarray(daily[sid][field][:days], dtype="float64")
        return out

    def week_sum(values: np.ndarray) -> np.ndarray:
        return values.reshape(n_weeks, 7).sum(axis=1)

    def known(group: list[str], field: str) -> bool:
        return any(not np.isnan(np.asarray(daily[sid][field][:days], dtype="float64")).all() for sid in group)

    def of_kind(kind: str) -> list[str]:
        return [sid for sid in ids if services[sid][1] == kind]

    columns: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # indicator -> (value, n) per week

    def occupancy_pct(ind_id: str, group: list[str]) -> None:
        if not known(group, "capacity"):
            return
        occupancy = week_sum(total(group, "occupancy"))
        capacity = week_sum(total(group, "capacity"))  # place-days in the week
        with np.errstate(divide="ignore", invalid="ignore"):
            pct = np.where(capacity > 0, occupancy * 100.0 / capacity, math.nan)
        columns[ind_id] = (pct, occupancy / 7)

    hospital = [sid for sid in ids if services[sid][0] == HOSPITAL]
    if hospital:
        blocked = week_sum(total(hospital, "blocked"))
        columns["utskrivningsklare_per_day"] = (blocked / 7, blocked / 7)
        columns["overliggedogn"] = (blocked, blocked)
        if known(hospital, "overflow"):
            corridor = week_sum(total(hospital, "overflow"))
            columns["corridor_days"] = (corridor, corridor)
        occupancy_pct("hospital_occupancy_pct", hospital)
    for ind_id, kind in OCCUPANCY_BY_KIND.items():
        if group := of_kind(kind):
            occupancy_pct(ind_id, group)
    for ind_id, kind, field in SERIES_BY_KIND:
        if group := of_kind(kind):
            mean = week_sum(total(group, field)) / 7
            columns[ind_id] = (mean, mean)
    for ind_id, kind in WAIT_BY_KIND:
        if group := of_kind(kind):
            waits = week_sum(total(group, "wait_days"))
            admissions = week_sum(total(group, "admissions"))
            with np.errstate(divide="ignore", invalid="ignore"):
                mean = np.where(admissions > 0, waits / admissions, math.nan)
            columns[ind_id] = (mean, admissions)

    weeks = pd.to_datetime(
        [(start_date + dt.timedelta(days=7 * w)).isoformat() for w in range(n_weeks)], format="%Y-%m-%d"
    )
    rows = [
        pd.DataFrame({"week": weeks, "indicator": ind_id, "value": columns[ind_id][0], "n": columns[ind_id][1]})
        for ind_id in INDICATORS  # display order
        if ind_id in columns
    ]
    return pd.concat(rows, ignore_index=True)


# --- small counts -------------------------------------------------------------------

#: Below this, a count is shown as "<5" by default.
SMALL_COUNT = 5


def suppress_small(weekly: pd.DataFrame, threshold: int = SMALL_COUNT, lang: str = "nb") -> pd.DataFrame:
    """A copy of a weekly table with small counts hidden, and a ``shown`` text column.

    Statistical disclosure control: a figure shared outside the analysis room (a slide, a
    report, a screenshot of the dashboard) must not let anyone single out a patient. A weekly
    count of 1 or 2 discharge-ready patients in a small unit, or a mean wait over 2 admissions,
    can point to a person when combined with what a reader already knows. So:

    - counts of people or bed-days (:attr:`Indicator.is_count`) with ``0 < value < threshold``,
    - percentages and mean waits whose count behind them (``n``) is ``0 < n < threshold``,

    are shown as ``"<5"`` (the threshold) and their ``value`` set to NaN. A 0 stays 0 (nobody is
    revealed by nobody), a missing value shows as a dash, and a row without ``n`` (a weekly file
    that brings none) is judged by its value alone when it is a count, and shown otherwise.
    Everything else is written with the indicator's decimals in `lang`.
    """
    from harmoni_model.results.formatting import fmt_number

    out = weekly.copy()
    value = out["value"].astype("float64")
    n = out["n"].astype("float64") if "n" in out.columns else pd.Series(math.nan, index=out.index)
    is_count = out["indicator"].map(lambda i: i in INDICATORS and INDICATORS[i].is_count).astype(bool)
    small = np.where(is_count, (value > 0) & (value < threshold), (n > 0) & (n < threshold))
    small = pd.Series(small, index=out.index, dtype=bool)
    out["value"] = value.mask(small)
    decimals = out["indicator"].map(lambda i: INDICATORS[i].decimals if i in INDICATORS else 1)
    out["shown"] = [
        f"<{threshold}" if hidden else fmt_number(v, d, lang)
        for hidden, v, d in zip(small, value, decimals, strict=True)
    ]
    return out
