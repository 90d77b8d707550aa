"""Pure helpers of the overview page for patient-level extracts (stays files): which format a file is,
its end date, its weekly indicators (the model's own definitions), small counts and the back-test's
tables. No Streamlit here, so all of it is unit-tested; the page's cached functions call these.

The weekly indicators come from :func:`harmoni_model.data.indicators.weekly_from_daily` of
:func:`harmoni_model.extracts.levels.daily_levels`: one definition for the dashboard and the model.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from harmoni_model.data.indicators import INDICATORS, suppress_small, weekly_from_daily
from harmoni_model.extracts.backtest import DEFAULT_REPLICATIONS
from harmoni_model.extracts.fit import default_fit_from
from harmoni_model.extracts.levels import daily_levels
from harmoni_model.extracts.stays import MAX_PROBLEMS, Extract, StaysError
from harmoni_model.results.formatting import fmt_number

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_STAYS = ROOT / "sample_data" / "stays_synthetic.csv"
SAMPLE_CAPACITY = ROOT / "sample_data" / "capacity_synthetic.csv"
BASELINE = ROOT / "sample_data" / "scenarios" / "trondheim_baseline.yaml"
SAMPLE_UNTIL = dt.date(2026, 1, 1)  # the extract is taken on the baseline's first day
SYNTHETIC = "SYNTHETIC"  # the label of the sample's rows (``source``), language-neutral like the data
STAYS, WEEKLY = "stays", "weekly"
#: The model's own default: the band's 10 % and 90 % points need many runs (fewer make the band too narrow).
BACKTEST_REPLICATIONS = DEFAULT_REPLICATIONS
MIN_FIT_DAYS = 28  # the back-test needs some weeks to fit on, and at least one week to test
_DATE = re.compile(rb"(?<!\d)(\d{4})-(\d{2})-(\d{2})")


# --- the files ------------------------------------------------------------------------


def digest(data: bytes | None) -> str | None:
    """A short content hash (the cache key of a file), None without a file."""
    return None if data is None else hashlib.sha256(data).hexdigest()[:20]


def detect_format(data: bytes) -> str:
    """``"stays"`` when the header names a stays extract's columns (``patient_id``, ``admitted``), else
    ``"weekly"`` (the weekly KPI file ``week,indicator,value,source``, whose validator explains anything else)."""
    head = data[:4096].split(b"\n", 1)[0].lstrip(b"\xef\xbb\xbf").lower()
    return STAYS if b"patient_id" in head or b"admitted" in head else WEEKLY


def latest_date(data: bytes) -> dt.date | None:
    """The latest valid ``YYYY-MM-DD`` in the file (None when it has none)."""
    best: dt.date | None = None
    for match in set(_DATE.findall(data)):
        try:
            day = dt.date(*(int(x) for x in match))
        except ValueError:
            continue
        if best is None or day > best:
            best = day
    return best


def default_until(data: bytes) -> dt.date:
    """The extract's end by default: the day after the latest date in the file (today without dates)."""
    latest = latest_date(data)
    return dt.date.today() if latest is None else latest + dt.timedelta(days=1)


@dataclass(frozen=True)
class StaysFiles:
    """The files of a stays extract and its end date: what the page's cached functions read."""

    stays: bytes
    name: str
    until: dt.date
    units: bytes | None = None
    capacity: bytes | None = None
    synthetic: bool = False

    @property
    def key(self) -> tuple:
        """The cache key: the content of every file, the end date and the name."""
        return (digest(self.stays), digest(self.units), digest(self.capacity), self.until, self.name, self.synthetic)


# --- the weekly indicators of an extract --------------------------------------------------


@dataclass(frozen=True)
class StaysData:
    """An extract's weekly indicators (columns week, indicator, value, n, source) and what they rest on."""

    weekly: pd.DataFrame
    name: str
    n_stays: int
    first: dt.date  # the first week shown: the first with the extract's full flow of admissions
    until: dt.date
    capacity: bool  # capacity.csv given: occupancy indicators can be computed
    synthetic: bool


def service_kinds(extract: Extract) -> dict[str, tuple[str, str | None]]:
    """Service id -> (organisation, kind), the map :func:`weekly_from_daily` reads."""
    return {sid: (info.organisation, info.kind) for sid, info in extract.services.items()}


def weekly_of(extract: Extract) -> pd.DataFrame:
    """The dashboard's weekly indicators of `extract`: ``weekly_from_daily(daily_levels(extract), origin, ...)``
    from the first week with its full flow of admissions on (:func:`default_fit_from`): the weeks before
    hold only the patients still present when the extract begins, admitted long ago."""
    weekly = weekly_from_daily(daily_levels(extract), extract.origin, service_kinds(extract))
    first = pd.Timestamp(default_fit_from(extract))
    return weekly[weekly["week"] >= first].reset_index(drop=True)


def stays_data(extract: Extract, synthetic: bool) -> StaysData:
    """The page's view of a read extract."""
    weekly = weekly_of(extract)
    source = f"{SYNTHETIC}: {extract.source}" if synthetic else extract.source
    weekly = weekly.assign(source=source)
    first = default_fit_from(extract)
    return StaysData(
        weekly=weekly,
        name=extract.source,
        n_stays=int(extract.stays["admitted"].notna().sum()),
        first=first,
        until=extract.date(extract.until),
        capacity=extract.capacity is not None and len(extract.capacity) > 0,
        synthetic=synthetic,
    )


Problems = list[tuple[int | None, str | None, str]]


def problems_of(exc: StaysError) -> tuple[Problems, int]:
    """The first MAX_PROBLEMS problems (line, column, message) and how many there are in all."""
    shown = [(p.line, p.column, p.message) for p in exc.problems[:MAX_PROBLEMS]]
    return shown, max(int(getattr(exc, "total", 0) or 0), len(exc.problems))


# --- small counts -------------------------------------------------------------------------


def hide_small(weekly: pd.DataFrame, on: bool, lang: str) -> pd.DataFrame:
    """The weekly table with a ``shown`` text column: small counts as "<5" (and their value NaN) when `on`."""
    if on:
        return suppress_small(weekly, lang=lang)
    out = weekly.copy()
    decimals = out["indicator"].map(lambda i: INDICATORS[i].decimals if i in INDICATORS else 1)
    out["shown"] = [fmt_number(v, d, lang) for v, d in zip(out["value"], decimals, strict=True)]
    return out


def small_text(value: float, n: float | None, indicator: str, on: bool, lang: str) -> str | None:
    """ "<5" when a single figure (a tile's period mean and the count behind it) is a small count and `on`."""
    if not on or value is None or math.isnan(value):
        return None
    row = pd.DataFrame({"indicator": [indicator], "value": [value], "n": [math.nan if n is None else n]})
    shown = suppress_small(row, lang=lang)
    return str(shown["shown"].iloc[0]) if math.isnan(shown["value"].iloc[0]) else None


def download_csv(weekly: pd.DataFrame, on: bool, lang: str = "en") -> bytes:
    """The weekly figures as CSV (``week,indicator,value,source``), small counts as "<5" when `on`.

    Values use a point as decimal separator (like the upload format); the source says SYNTHETIC for the sample.
    """
    from harmoni_model.workshop.report.table import neutralised

    shown = hide_small(weekly, on, lang)
    values = [
        s if on and s.startswith("<") else ("" if pd.isna(v) else repr(round(float(v), 4)))
        for s, v in zip(shown["shown"], weekly["value"], strict=True)
    ]
    out = pd.DataFrame(
        {
            "week": weekly["week"].dt.strftime("%Y-%m-%d"),
            "indicator": weekly["indicator"],
            "value": values,
            "source": [neutralised(s) for s in weekly["source"].astype(str)],
        }
    )
    return out.to_csv(index=False).encode("utf-8")


# --- the back-test -------------------------------------------------------------------------


def default_fit_until(first: dt.date, until: dt.date) -> dt.date:
    """One year before the extract's end, on the Monday on or after it; later when the extract is short
    (at least MIN_FIT_DAYS to fit on), and never in the last week (the test needs one)."""
    day = until - dt.timedelta(days=365)
    day += dt.timedelta(days=(7 - day.weekday()) % 7)
    earliest = first + dt.timedelta(days=MIN_FIT_DAYS)
    latest = until - dt.timedelta(days=7)
    if day < earliest:
        day = earliest + dt.timedelta(days=(7 - earliest.weekday()) % 7)
    return min(day, latest)


def score_table(
    scores: dict[str, dict[str, float]], lang: str, reference: dict[str, dict[str, float]] | None = None
) -> pd.DataFrame:
    """One row per indicator: its label, unit, coverage (% of weeks in the band), what a model that is exactly
    right would cover (``reference``: its 10–90 % range over histories, e.g. "66–90"), and MAPE (%), as text."""
    rows = []
    for ind_id, s in scores.items():
        ind = INDICATORS[ind_id]
        unit = "%" if ind.is_percentage else (ind.unit_nb if lang == "nb" else ind.unit)
        coverage, mape = s.get("coverage", math.nan), s.get("mape", math.nan)
        ref = (reference or {}).get(ind_id)
        rows.append(
            {
                "indicator": ind.label(lang),
                "unit": unit,
                "coverage": fmt_number(coverage * 100, 0, lang) if math.isfinite(coverage) else "–",
                "reference": (
                    f"{fmt_number(ref['p10'] * 100, 0, lang)}–{fmt_number(ref['p90'] * 100, 0, lang)}"
                    if ref and math.isfinite(ref.get("p10", math.nan)) and math.isfinite(ref.get("p90", math.nan))
                    else "–"
                ),
                "mape": fmt_number(mape, 1, lang) if math.isfinite(mape) else "–",
            }
        )
    return pd.DataFrame(rows, columns=["indicator", "unit", "coverage", "reference", "mape"])


def band_frame(weekly: pd.DataFrame, indicator: str, hide: bool, counts: pd.DataFrame | None = None) -> pd.DataFrame:
    """The back-test's weeks of one indicator (week, observed, low, high, mean).

    With `hide`, an observed small count is NaN (:func:`suppress_small`, judged with the count behind it
    from `counts`: the dashboard's weekly table, columns week, indicator, n); the model's band and mean are
    not patient data and stay.
    """
    rows = weekly[weekly["indicator"] == indicator][["week", "observed", "low", "high", "mean"]]
    rows = rows.sort_values("week").reset_index(drop=True)
    if hide and len(rows):
        probe = rows[["week"]].assign(indicator=indicator, value=rows["observed"])
        if counts is not None and "n" in counts.columns:
            n = counts[counts["indicator"] == indicator][["week", "n"]]
            probe = probe.merge(n, on="week", how="left")
        rows["observed"] = suppress_small(probe)["value"].to_numpy()
    return rows
