"""One definition, two uses: the weekly indicators of a model run's daily series and of its own event log agree.

`daily_levels(extract_from_run(run))` must give back `run.daily`, field by field, day by day; the weekly
indicators (`weekly_from_daily`) of both are then the same. Also: the weekly definitions by hand, and the
small-count suppression.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
from plain_scenarios import ROOT, make_scenario, make_service

from harmoni_model import load_scenario, simulate, validate_data
from harmoni_model.data.indicators import INDICATORS, suppress_small, weekly_from_daily
from harmoni_model.data.model_indicators import weekly_indicators
from harmoni_model.extracts.from_model import extract_from_run
from harmoni_model.extracts.levels import daily_levels
from harmoni_model.simulation.engine import DAILY_FIELDS, ReplicationResult

NAN = math.nan


def busy_scenario():
    """Blocking, processing delays (into a weekday-only unit), a capacity calendar closing places while they are
    occupied, overflow places, reneging, initial occupancy and an initial queue."""
    return validate_data(make_scenario(
        start_date="2025-03-05", horizon_days=200, warmup_days=20, seed=4,
        services=[
            make_service("ward", organisation="hospital", kind="hospital_ward", capacity=12,
                         length_of_stay={"distribution": "lognormal", "mean": 4.0, "cv": 0.9}, blocking=True,
                         initial_occupancy=12, overflow={"places": 3},
                         capacity_calendar=[{"from": "2025-06-20", "to": "2025-08-10", "capacity": 6}],
                         next=[{"to": "exit", "p": 0.5},
                               {"to": "short", "p": 0.35, "delay": {"distribution": "exponential", "mean": 0.7}},
                               {"to": "nh", "p": 0.15, "delay": {"distribution": "gamma", "mean": 2.0, "cv": 0.5}}]),
            make_service("short", kind="short_term_stay", capacity=8,
                         admission_days=["mon", "tue", "wed", "thu", "fri"],
                         length_of_stay={"distribution": "gamma", "mean": 9.0, "cv": 0.6},
                         renege={"distribution": "exponential", "mean": 6.0}, overflow={"places": 1},
                         capacity_calendar=[{"from": "2025-07-01", "to": "2025-07-31", "capacity": 5}],
                         next=[{"to": "exit", "p": 0.8},
                               {"to": "nh", "p": 0.2, "delay": {"distribution": "exponential", "mean": 3.0}}]),
            make_service("nh", kind="long_term_place", capacity=20, initial_occupancy=19, initial_queue=3,
                         length_of_stay={"distribution": "lognormal", "mean": 34.0, "cv": 0.8},
                         renege={"distribution": "exponential", "mean": 40.0}),
        ],
        arrivals=[{"id": "adm", "to": "ward", "rate_per_day": 2.4, "weekday_profile": [1.2, 1.1, 1, 1, 1, 0.8, 0.9]}],
    ))  # fmt: skip


SCENARIOS = {
    "example_small": lambda: load_scenario(ROOT / "sample_data" / "scenarios" / "example_small.yaml"),
    "busy": busy_scenario,
}
_RUNS: dict[str, tuple] = {}


def run_both(name: str):
    """The scenario, its run (with the event log), and the daily levels of that log over the measured days."""
    if name not in _RUNS:
        scenario = SCENARIOS[name]()
        result = simulate(scenario, 0, events=True)
        extract = extract_from_run(result, scenario)
        first = extract.day(result.start_date)  # the first measured day (warm-up excluded)
        levels = daily_levels(extract, first, first + scenario.horizon_days)
        _RUNS[name] = (scenario, result, levels)
    return _RUNS[name]


@pytest.mark.parametrize("field", DAILY_FIELDS)
@pytest.mark.parametrize("name", list(SCENARIOS))
def test_daily_levels_of_the_event_log_are_the_runs_daily_series(name, field):
    scenario, result, levels = run_both(name)
    assert list(levels) == list(result.daily)
    for sid, series in result.daily.items():
        model = np.asarray(series[field], dtype="float64")
        mine = np.asarray(levels[sid][field], dtype="float64")
        assert len(mine) == len(model) == scenario.horizon_days
        off = np.flatnonzero(~(np.abs(mine - model) <= 1e-7))
        assert not len(off), (
            f"{sid}.{field}: {len(off)} of {len(model)} days differ, first on measured day {off[0]}:"
            f" model {model[off[0]]!r}, from the stays {mine[off[0]]!r}"
        )


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_weekly_indicators_of_the_stays_and_of_the_model_are_the_same(name):
    scenario, result, levels = run_both(name)
    services = {s.id: (s.organisation, s.kind) for s in scenario.services}
    model = weekly_indicators(scenario, result)
    pd.testing.assert_frame_equal(model, weekly_from_daily(result.daily, result.start_date, services))
    stays = weekly_from_daily(levels, result.start_date, services)
    pd.testing.assert_frame_equal(stays, model, check_exact=False, rtol=0, atol=1e-6)


def test_the_busy_scenario_exercises_what_it_should():
    """Guard the scenario itself: otherwise the equality above would prove less than it says."""
    scenario, result, _ = run_both("busy")
    total = {sid: {f: sum(v) for f, v in series.items()} for sid, series in result.daily.items()}
    assert total["ward"]["overflow"] > 0 and total["short"]["overflow"] > 0
    assert total["ward"]["blocked"] > 0 and total["ward"]["queue"] > 0
    assert total["short"]["reneged"] > 0 and total["nh"]["reneged"] > 0
    assert min(result.daily["ward"]["capacity"]) == 6 and min(result.daily["short"]["capacity"]) == 5
    extract = extract_from_run(result, scenario)
    stays = extract.stays
    assert (stays["admitted"] - extract.day(scenario.start_date) < 0).any()  # patients present at the start
    delayed = stays[(stays["ready"] < stays["left"]) & (stays["service"] == "ward")]
    assert len(delayed) > 50  # discharge-ready time: processing delays and blocking


# --- the weekly definitions by hand -------------------------------------------------


def _daily(n: int, **fields: list[float]) -> dict[str, list[float]]:
    return {f: [0.0] * n for f in DAILY_FIELDS} | fields


def test_weekly_from_daily_by_hand():
    days = 15  # two whole weeks from Monday 6 January; the 15th day is dropped
    daily = {
        "hosp": _daily(days, occupancy=[8.0] * days, capacity=[10.0] * days, blocked=[1.0] * 7 + [0.0] * 8,
                       overflow=[1.0] * 7 + [0.5] * 8),
        "st": _daily(days, occupancy=[3.0] * days, capacity=[NAN] * days, overflow=[NAN] * days,
                     queue=[2.0] * 7 + [4.0] * 8,
                     admissions=[1, 0, 0, 0, 0, 0, 1] + [0] * 8, wait_days=[3, 0, 0, 0, 0, 0, 1] + [0] * 8),
        "nh": _daily(days, occupancy=[20.0] * days, capacity=[25.0] * 7 + [20.0] * 8, queue=[1.0] * days,
                     admissions=[5] + [0] * 6 + [0, 0, 1] + [0] * 6, wait_days=[50] + [0] * 6 + [0, 0, 7] + [0] * 6),
        "other": _daily(days, occupancy=[99.0] * days),  # not in `services`: ignored
    }  # fmt: skip
    services = {"hosp": ("hospital", "hospital_ward"), "st": ("municipality", "short_term_stay"),
                "nh": ("municipality", "long_term_place")}  # fmt: skip
    weekly = weekly_from_daily(daily, dt.date(2025, 1, 6), services)
    assert list(weekly.columns) == ["week", "indicator", "value", "n"]
    got = {(row.indicator, str(row.week.date())): (row.value, row.n) for row in weekly.itertuples()}
    w1, w2 = "2025-01-06", "2025-01-13"
    expected = {
        ("utskrivningsklare_per_day", w1): (1.0, 1.0), ("utskrivningsklare_per_day", w2): (0.0, 0.0),
        ("overliggedogn", w1): (7.0, 7.0), ("overliggedogn", w2): (0.0, 0.0),
        ("corridor_days", w1): (7.0, 7.0), ("corridor_days", w2): (3.5, 3.5),
        ("hospital_occupancy_pct", w1): (80.0, 8.0), ("hospital_occupancy_pct", w2): (80.0, 8.0),
        # nursing home: 140 of 175 place-days, then 140 of 140 (a calendar closed 5 places)
        ("nursing_home_occupancy_pct", w1): (80.0, 20.0), ("nursing_home_occupancy_pct", w2): (100.0, 20.0),
        ("short_term_waiting_list", w1): (2.0, 2.0), ("short_term_waiting_list", w2): (4.0, 4.0),
        ("short_term_wait_days", w1): (2.0, 2.0), ("short_term_wait_days", w2): (NAN, 0.0),  # (3 + 1) / 2; nobody
        ("nursing_home_waiting_list", w1): (1.0, 1.0), ("nursing_home_waiting_list", w2): (1.0, 1.0),
        ("nursing_home_wait_days", w1): (10.0, 5.0), ("nursing_home_wait_days", w2): (7.0, 1.0),
    }  # fmt: skip
    # short-term occupancy: its capacity is unknown (an extract without capacity.csv), so it is left out
    assert set(got) == set(expected)
    for key, (value, n) in expected.items():
        assert got[key][1] == pytest.approx(n), key
        assert (math.isnan(value) and math.isnan(got[key][0])) or got[key][0] == pytest.approx(value), key
    order = list(dict.fromkeys(weekly["indicator"]))
    assert order == [i for i in INDICATORS if i in order]  # display order


def test_weekly_from_daily_with_less_than_a_week_is_empty():
    weekly = weekly_from_daily({"hosp": _daily(6)}, dt.date(2025, 1, 6), {"hosp": ("hospital", None)})
    assert weekly.empty and list(weekly.columns) == ["week", "indicator", "value", "n"]


def test_the_model_weekly_indicators_are_the_shared_definition():
    scenario = validate_data(make_scenario(horizon_days=14, warmup_days=0, start_date="2025-01-06"))
    result = simulate(scenario, 0)
    assert isinstance(result, ReplicationResult)
    services = {s.id: (s.organisation, s.kind) for s in scenario.services}
    pd.testing.assert_frame_equal(
        weekly_indicators(scenario, result), weekly_from_daily(result.daily, result.start_date, services)
    )


# --- small counts -------------------------------------------------------------------


def test_suppress_small_by_hand():
    week = pd.Timestamp("2025-01-06")
    rows = [
        ("overliggedogn", 3.0, 3.0, "<5"),  # bed-days: 0 < 3 < 5
        ("overliggedogn", 0.0, 0.0, "0"),  # 0 stays 0
        ("overliggedogn", 12.0, 12.0, "12"),
        ("utskrivningsklare_per_day", 4.99, 4.99, "<5"),  # patients (a mean of a count): by its value
        ("utskrivningsklare_per_day", 5.0, 5.0, "5,0"),
        ("hospital_occupancy_pct", 80.0, 3.0, "<5"),  # a percentage of 3 patients
        ("hospital_occupancy_pct", 80.0, 30.0, "80,0"),
        ("short_term_wait_days", 2.5, 4.0, "<5"),  # a mean wait of 4 admissions
        ("short_term_wait_days", 2.5, 5.0, "2,5"),
        ("short_term_wait_days", NAN, 0.0, "–"),  # nobody admitted: no value
        ("nursing_home_waiting_list", 0.5, 0.5, "<5"),
    ]
    weekly = pd.DataFrame(
        {"week": week, "indicator": [r[0] for r in rows], "value": [r[1] for r in rows], "n": [r[2] for r in rows]}
    )
    out = suppress_small(weekly)
    assert out["shown"].tolist() == [r[3] for r in rows]
    hidden = out["shown"] == "<5"
    assert out.loc[hidden, "value"].isna().all()
    pd.testing.assert_series_equal(out.loc[~hidden, "value"], weekly.loc[~hidden, "value"])
    assert weekly["value"].iloc[0] == 3.0  # the input is not changed
    assert suppress_small(weekly, lang="en")["shown"].iloc[6] == "80.0"
    three = suppress_small(weekly, threshold=3)["shown"].tolist()
    assert three[0] == "3" and three[5] == "80,0" and three[7] == "2,5" and three[10] == "<3"
    no_n = suppress_small(weekly.drop(columns="n"))["shown"].tolist()
    assert no_n[0] == "<5" and no_n[5] == "80,0"  # without n only counts can be judged
