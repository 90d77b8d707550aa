"""Pure helpers of the overview page (*samhandlingsdashbord*): periods, "same period last year",
summaries, target checks and chart/table frames. No Streamlit here, so all of it is unit-tested.

The input is a weekly table: the indicators computed from a stays extract
(:func:`pages.ui.extract_data.stays_data`: columns ``week`` (datetime64, Mondays), ``indicator``, ``value``,
``n`` (the count behind the value, for small counts) and ``source``), or a validated weekly KPI file
(:func:`harmoni_model.data.history.validate_history`: the same without ``n``).

*Same period last year* means the same weeks 52 weeks (364 days) earlier: Mondays stay Mondays and
ISO week numbers match (except around a 53-week year, where the comparison is off by one week).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace

import pandas as pd

from harmoni_model.data.indicators import INDICATORS, Indicator
from harmoni_model.results.formatting import fmt_number, fmt_signed

from .dashboard_goals import Goal
from .tiles import metric_delta as tile_delta

ORGANISATIONS = ("both", "hospital", "municipality")
YEAR_BACK = dt.timedelta(weeks=52)
MIN_COVERAGE = 0.5  # the previous period needs at least half as many weeks as the current one
SYNTHETIC_PREFIX = "SYNTHETIC"

# Period choices besides whole years ("year:2025")
LAST_13 = "last13"
LAST_52 = "last52"
ALL = "all"
CUSTOM = "custom"


def is_synthetic(df: pd.DataFrame) -> bool:
    """Whether any row of the history says it is synthetic (``source`` starts with "SYNTHETIC")."""
    if df.empty:
        return False
    return bool(df["source"].astype(str).str.lstrip().str.upper().str.startswith(SYNTHETIC_PREFIX).any())


def indicators_for(df: pd.DataFrame, organisation: str = "both") -> list[str]:
    """Indicator ids with data, in display order, owned by `organisation` ("both" for all)."""
    present = set(df["indicator"].unique())
    return [
        ind.id
        for ind in INDICATORS.values()
        if ind.id in present and (organisation == "both" or ind.organisation == organisation)
    ]


# --- periods ------------------------------------------------------------------


def _day(value: object) -> dt.date:
    return pd.Timestamp(value).date()


def data_span(df: pd.DataFrame) -> tuple[dt.date, dt.date]:
    """First and last week (Monday) in the history."""
    return _day(df["week"].min()), _day(df["week"].max())


def period_options(df: pd.DataFrame) -> list[str]:
    """Choices for the period filter: whole years (newest first), the last 13 and 52 weeks, all, custom."""
    years = sorted({int(y) for y in df["week"].dt.year.unique()}, reverse=True)
    return [f"year:{y}" for y in years] + [LAST_13, LAST_52, ALL, CUSTOM]


def period_bounds(
    option: str, df: pd.DataFrame, custom: tuple[dt.date, dt.date] | None = None
) -> tuple[dt.date, dt.date]:
    """The first and last day (inclusive) of a period choice, within the data."""
    first, last = data_span(df)
    if option.startswith("year:"):
        year = int(option.removeprefix("year:"))
        return max(dt.date(year, 1, 1), first), min(dt.date(year, 12, 31), last)
    if option == LAST_13:
        return max(last - dt.timedelta(weeks=12), first), last
    if option == LAST_52:
        return max(last - dt.timedelta(weeks=51), first), last
    if option == CUSTOM and custom is not None:
        start, end = sorted(custom)
        return start, end
    return first, last


def same_period_last_year(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The same weeks one year (52 weeks) earlier."""
    return start - YEAR_BACK, end - YEAR_BACK


def in_period(df: pd.DataFrame, start: dt.date, end: dt.date, indicator: str | None = None) -> pd.DataFrame:
    """Rows with ``start <= week <= end`` (and of `indicator`, if given)."""
    mask = (df["week"] >= pd.Timestamp(start)) & (df["week"] <= pd.Timestamp(end))
    if indicator is not None:
        mask &= df["indicator"] == indicator
    return df[mask]


# --- summaries ------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodFigure:
    """One indicator over a period: mean of its weekly values, and the same weeks a year earlier."""

    indicator: str
    value: float  # mean over the period (NaN without data)
    weeks: int
    previous: float | None  # mean over the same weeks last year; None when too few of them have data
    previous_weeks: int
    n: float | None = None  # the count behind `value` (for small counts): see :func:`period_count`
    previous_n: float | None = None

    @property
    def change(self) -> float | None:
        if self.previous is None or math.isnan(self.value):
            return None
        return self.value - self.previous


def period_count(n: pd.Series, indicator: str) -> float | None:
    """The count behind a period's mean: the admissions of all its weeks for a mean wait (the mean is over
    all of them), else the weekly mean of the counts (people in a place, on a list); None without counts."""
    n = n.dropna()
    if n.empty:
        return None
    return float(n.sum()) if INDICATORS[indicator].unit == "days" else float(n.mean())


def period_figure(df: pd.DataFrame, indicator: str, start: dt.date, end: dt.date) -> PeriodFigure:
    """Mean of `indicator` over ``[start, end]`` and over the same weeks last year."""
    rows = in_period(df, start, end, indicator)
    value = float(rows["value"].mean()) if len(rows) else math.nan
    mine = df[df["indicator"] == indicator].set_index("week")
    earlier = rows["week"] - YEAR_BACK
    previous_values = mine["value"].reindex(earlier).dropna()
    enough = len(rows) > 0 and len(previous_values) >= MIN_COVERAGE * len(rows)
    has_n = "n" in df.columns
    return PeriodFigure(
        indicator=indicator,
        value=value,
        weeks=len(rows),
        previous=float(previous_values.mean()) if enough else None,
        previous_weeks=len(previous_values),
        n=period_count(rows["n"], indicator) if has_n else None,
        previous_n=period_count(mine["n"].reindex(previous_values.index), indicator) if has_n and enough else None,
    )


@dataclass(frozen=True)
class LatestWeek:
    """An indicator's newest week with a value, and the week before it (the dashboard's headline tiles)."""

    indicator: str
    week: dt.date | None  # None: the indicator has no value at all
    value: float
    previous: float | None  # the week before (7 days earlier); None when it has no value
    n: float | None = None  # the counts behind them (for small counts)
    previous_n: float | None = None

    @property
    def change(self) -> float | None:
        """The change from the week before; None without one."""
        if self.previous is None or math.isnan(self.value):
            return None
        return self.value - self.previous


def latest_week(df: pd.DataFrame, indicator: str) -> LatestWeek:
    """The newest week of `indicator` that has a value, against the week just before it."""
    mine = df[(df["indicator"] == indicator)].dropna(subset=["value"]).set_index("week").sort_index()
    if mine.empty:
        return LatestWeek(indicator, None, math.nan, None)
    week = mine.index[-1]
    before = week - pd.Timedelta(days=7)
    has_n = "n" in mine.columns

    def count(at: pd.Timestamp) -> float | None:
        return float(mine.at[at, "n"]) if has_n and not pd.isna(mine.at[at, "n"]) else None

    previous = float(mine.at[before, "value"]) if before in mine.index else None
    return LatestWeek(
        indicator,
        _day(week),
        float(mine.at[week, "value"]),
        previous,
        n=count(week),
        previous_n=count(before) if previous is not None else None,
    )


@dataclass(frozen=True)
class GoalCheck:
    """A value against a target or reference level."""

    difference: float  # value - target
    met: bool | None  # for a "max" target: value <= target; None for a reference level
    good: bool | None  # whether the difference is in the good direction; None when no direction applies


def check_goal(value: float, target: Goal, higher_is_better: bool | None) -> GoalCheck | None:
    """How `value` stands against `target`; None without a value."""
    if value is None or math.isnan(value):
        return None
    difference = value - target.value
    if target.kind == "max":
        met = value <= target.value
        return GoalCheck(difference, met, met)
    if higher_is_better is None or difference == 0:
        good = None
    else:
        good = difference > 0 if higher_is_better else difference < 0
    return GoalCheck(difference, None, good)


def delta_color(indicator: Indicator) -> str:
    """``st.metric``'s delta_color: "normal" (higher is better), "inverse" (lower is better), "off" (no direction)."""
    if indicator.higher_is_better is None:
        return "off"
    return "normal" if indicator.higher_is_better else "inverse"


# --- formatting -------------------------------------------------------------------


def value_text(value: float, indicator: Indicator, lang: str, unit: bool = True) -> str:
    """A value with its unit: ``85,3 %`` / ``12 liggedøgn`` (nb), ``85.3%`` / ``12 bed-days`` (en).

    Percentages keep their ``%`` sign even with ``unit=False``.
    """
    number = fmt_number(value, indicator.decimals, lang)
    if value is None or math.isnan(value):
        return number
    if indicator.is_percentage:
        return f"{number}\u00a0%" if lang == "nb" else f"{number}%"
    if not unit:
        return number
    return f"{number} {indicator.unit_nb if lang == 'nb' else indicator.unit}"


def change_unit(indicator: Indicator, lang: str) -> str:
    """The unit of a difference: percentage points for percentages, else the indicator's unit."""
    if indicator.is_percentage:
        return "%-poeng" if lang == "nb" else "pp"
    return indicator.unit_nb if lang == "nb" else indicator.unit


def metric_delta(change: float | None, indicator: Indicator, lang: str) -> str | int | None:
    """The ``delta`` for ``st.metric``: signed text (``+3,1 %-poeng`` for percentages, ``-2`` otherwise),
    the number 0 (grey, no arrow), or None."""
    if change is None or math.isnan(change):
        return None
    if round(change, indicator.decimals) == 0:
        return 0
    text = tile_delta(fmt_signed(change, indicator.decimals, lang))
    return f"{text} {change_unit(indicator, lang)}" if indicator.is_percentage else text


def date_text(day: dt.date, lang: str) -> str:
    """``06.01.2025`` (nb) or ``6 Jan 2025`` (en)."""
    if lang == "nb":
        return day.strftime("%d.%m.%Y")
    return f"{day.day} {day.strftime('%b %Y')}"


def week_text(day: dt.date, lang: str) -> str:
    """The ISO week of a day: ``uke 2 2025`` (nb) / ``week 2 2025`` (en)."""
    year, week, _ = day.isocalendar()
    return f"{'uke' if lang == 'nb' else 'week'} {week} {year}"


def week_span(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last Monday in ``[start, end]`` (the weeks a period holds), and the Sunday ending the last."""
    first = start + dt.timedelta(days=(7 - start.weekday()) % 7)
    last = end - dt.timedelta(days=end.weekday())
    return first, last


def span_text(start: dt.date, end: dt.date, lang: str) -> str:
    """A period as weeks and dates: ``uke 2 2025 – uke 52 2025 (06.01.2025–28.12.2025)``."""
    first, last = week_span(start, end)
    if last < first:
        return f"{date_text(start, lang)}–{date_text(end, lang)}"
    sunday = last + dt.timedelta(days=6)
    sep = "–" if lang == "nb" else " to "
    return (
        f"{week_text(first, lang)} – {week_text(last, lang)} ({date_text(first, lang)}{sep}{date_text(sunday, lang)})"
    )


def level_text(value: float, indicator: Indicator, lang: str) -> str:
    """A target level: like :func:`value_text`, without decimals for a whole number (``85 %``, ``21,7 %``)."""
    if float(value).is_integer():
        indicator = replace(indicator, decimals=0)
    return value_text(value, indicator, lang)


# --- frames for charts and tables ---------------------------------------------------


def chart_frame(df: pd.DataFrame, indicator: str, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Weekly values of `indicator` in the period (``series="current"``) and of the same weeks last year
    moved forward onto this year's weeks (``series="last_year"``), so the two lines can be compared.

    Columns: ``week`` (datetime64), ``value``, ``series``. Weeks without data are simply missing.
    """
    current = in_period(df, start, end, indicator)[["week", "value"]].assign(series="current")
    before_start, before_end = same_period_last_year(start, end)
    earlier = in_period(df, before_start, before_end, indicator)[["week", "value"]]
    earlier = earlier.assign(week=earlier["week"] + YEAR_BACK, series="last_year")
    return pd.concat([current, earlier], ignore_index=True)


def target_in_view(values: pd.Series, target: float, slack: float = 0.5) -> bool:
    """Whether a target line fits a chart of `values` without squashing them: within the data's range
    widened by `slack` times that range (or times the value, for a flat series) on both sides."""
    values = values.dropna()
    if values.empty:
        return True
    low, high = float(values.min()), float(values.max())
    margin = slack * max(high - low, abs(high), 1e-9)
    return low - margin <= target <= high + margin


def wide_table(
    df: pd.DataFrame, indicators: list[str], start: dt.date, end: dt.date, values: str = "value"
) -> pd.DataFrame:
    """One row per week (newest first), one column per indicator id (in the given order), of column `values`."""
    rows = in_period(df, start, end)
    rows = rows[rows["indicator"].isin(indicators)]
    table = rows.pivot(index="week", columns="indicator", values=values)
    return table.reindex(columns=[i for i in indicators if i in table.columns]).sort_index(ascending=False)


def sources(df: pd.DataFrame) -> pd.DataFrame:
    """The distinct sources and how many rows each gives."""
    counts = df.groupby("source", sort=False).size().rename("rows").reset_index()
    return counts.sort_values("rows", ascending=False, kind="stable").reset_index(drop=True)
