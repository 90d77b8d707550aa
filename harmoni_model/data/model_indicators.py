"""The shared weekly indicators computed from one model run, so model output and real extracts compare.

Which service feeds which indicator comes from the services' declared ``kind``
(docs/MODEL.md): the hospital's indicators from every hospital service, the
others from the services of their kind, added up. Nothing here knows a service id.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING

import pandas as pd

from harmoni_model.data.indicators import HOSPITAL, INDICATORS

if TYPE_CHECKING:
    from harmoni_model.scenario.format import Scenario
    from harmoni_model.simulation.engine import ReplicationResult

#: Which kind of service feeds which occupancy indicator (the hospital's: every hospital service).
OCCUPANCY_BY_KIND: dict[str, str] = {
    "kad_occupancy_pct": "municipal_acute",
    "short_term_occupancy_pct": "short_term_stay",
    "nursing_home_occupancy_pct": "long_term_place",
}
#: The other indicators of a kind: (indicator, kind, daily series, weekly mean).
SERIES_BY_KIND: tuple[tuple[str, str, str], ...] = (
    ("nursing_home_waiting_list", "long_term_place", "queue"),
    ("home_care_clients", "home_based_care", "occupancy"),
)


def weekly_indicators(scenario: Scenario, result: ReplicationResult) -> pd.DataFrame:
    """The model-based indicators of one run, per week, in the history format (without ``source``).

    Weeks are consecutive blocks of 7 measured days from the first measured day
    (a Monday when the run starts on one); an incomplete last week is dropped.
    The hospital's indicators add up every hospital service; the others every
    service of their ``kind`` (occupancy over the sum of their places, each day's places from the
    daily ``capacity`` series, so a capacity calendar's closed weeks read as fuller, not emptier).
    An indicator with no service to feed it is left out. ``readmissions_30d_pct``
    is never produced: the model does not follow patients after they leave.
    """
    daily = result.daily
    n_days = len(next(iter(daily.values()))["occupancy"]) if daily else 0
    n_weeks = n_days // 7
    if n_weeks == 0:
        return pd.DataFrame({"week": pd.Series(dtype="datetime64[ns]"), "indicator": [], "value": []})
    days = n_weeks * 7
    week_of_day = [d // 7 for d in range(days)]

    def total(ids: list[str], field: str) -> pd.Series:
        return sum(
            (pd.Series(daily[sid][field][:days], dtype="float64") for sid in ids), pd.Series(0.0, index=range(days))
        )

    def pct(ids: list[str]) -> pd.Series:
        occupancy = total(ids, "occupancy").groupby(week_of_day).sum()
        capacity = total(ids, "capacity").groupby(week_of_day).sum()  # place-days in the week
        return (occupancy * 100.0 / capacity).where(capacity > 0, math.nan)

    def of_kind(kind: str) -> list[str]:
        return [s.id for s in scenario.services if s.kind == kind and s.id in daily]

    columns: dict[str, pd.Series] = {}
    hospital = [s.id for s in scenario.services if s.organisation == HOSPITAL and s.id in daily]
    if hospital:
        by_week = total(hospital, "blocked").groupby(week_of_day)
        columns["utskrivningsklare_per_day"] = by_week.mean()
        columns["overliggedogn"] = by_week.sum()
        columns["hospital_occupancy_pct"] = pct(hospital)
    for ind_id, kind in OCCUPANCY_BY_KIND.items():
        if ids := of_kind(kind):
            columns[ind_id] = pct(ids)
    for ind_id, kind, field in SERIES_BY_KIND:
        if ids := of_kind(kind):
            columns[ind_id] = total(ids, field).groupby(week_of_day).mean()

    mondays = pd.to_datetime(
        [(result.start_date + dt.timedelta(days=7 * w)).isoformat() for w in range(n_weeks)], format="%Y-%m-%d"
    )
    rows = []
    for ind_id in INDICATORS:  # display order
        if ind_id in columns:
            values = columns[ind_id].to_numpy()
            rows.append(pd.DataFrame({"week": mondays, "indicator": ind_id, "value": values}))
    return pd.concat(rows, ignore_index=True)
