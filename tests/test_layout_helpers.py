"""The projector layout's pure helpers, with hand-computed examples: the dashboard's latest week, tables
that fit a 1280 column, the queue chart's shades, money in the tiles without its unit."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from harmoni_model.results.estimates import Estimate
from pages.ui.cost_tables import mnok_number
from pages.ui.dashboard_data import latest_week
from pages.ui.queue_chart import run_opacities


def weekly(values: dict[str, float], n: dict[str, float] | None = None) -> pd.DataFrame:
    weeks = list(values)
    frame = pd.DataFrame(
        {"week": pd.to_datetime(weeks), "indicator": "overliggedogn", "value": list(values.values()), "source": "x"}
    )
    if n is not None:
        frame["n"] = [n.get(w, math.nan) for w in weeks]
    return frame


def test_the_latest_week_is_the_newest_with_a_value_against_the_week_before():
    df = weekly({"2025-01-06": 10.0, "2025-01-13": 12.0, "2025-01-20": math.nan}, n={"2025-01-06": 3, "2025-01-13": 4})
    fig = latest_week(df, "overliggedogn")
    assert fig.week == pd.Timestamp("2025-01-13").date()
    assert (fig.value, fig.previous, fig.change) == (12.0, 10.0, 2.0)
    assert (fig.n, fig.previous_n) == (4.0, 3.0)


def test_a_missing_week_before_gives_no_change_and_no_data_gives_no_week():
    fig = latest_week(weekly({"2025-01-06": 10.0, "2025-01-20": 15.0}), "overliggedogn")
    assert fig.week == pd.Timestamp("2025-01-20").date() and fig.previous is None and fig.change is None
    empty = latest_week(weekly({"2025-01-06": 10.0}), "kad_occupancy_pct")
    assert empty.week is None and math.isnan(empty.value) and empty.change is None


def test_runs_are_shaded_from_faint_to_full():
    assert run_opacities(1) == [1.0]
    assert run_opacities(2) == [0.4, 1.0]
    assert run_opacities(3) == [0.4, 0.7, 1.0]


@pytest.mark.parametrize(
    ("lang", "level", "change"),
    [("nb", "2\u00a0193,0", "−70,5 (−73,4 til −67,5)"), ("en", "2,193.0", "−70.5 (−73.4 to −67.5)")],
)
def test_money_in_a_tile_is_millions_without_the_unit(lang, level, change):
    assert mnok_number(Estimate(2_193.0e6, 0.0, 0.0, 1), lang) == level
    assert mnok_number(Estimate(-70.5e6, -73.4e6, -67.5e6, 6), lang, difference=True) == change
