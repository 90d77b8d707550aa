"""The app's one door to the model: scenarios on disk, and cached simulation runs.

Runs are cached by the scenario's content, shared by all sessions, and carried
out in the model's warm pool of worker processes (salabim is not thread-safe;
Streamlit runs each session in a thread). What is cached is small: the KPIs of
each replication and the daily bands the charts need, not the raw daily series,
so a cache hit (going back to an earlier value) costs almost nothing.
"""

from __future__ import annotations

import dataclasses
import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from harmoni_model import Results, Scenario, dumps_scenario, load_scenario, loads_scenario, run_replications
from harmoni_model.running.replications import default_workers, worker_pool

ROOT = Path(__file__).resolve().parents[2]
SCENARIO_DIR = ROOT / "sample_data" / "scenarios"
BASELINE_FILE = "trondheim_baseline.yaml"
PREPARED_FILES = (
    BASELINE_FILE,
    "growth_2030.yaml",
    "weekend_intake.yaml",
    "short_term_plus20.yaml",
    "hospital_minus10.yaml",
    "summer_closure.yaml",
    "faster_vedtak.yaml",
    "first_come_first_served.yaml",
    "hospital_patients_first.yaml",
    "sobstad_rebuild_2028.yaml",
)
MEASURES = ("occupancy", "queue", "blocked")
BANDS = (*MEASURES, "capacity")  # and the regular places each day (the calendar), drawn under the occupancy
QUICK_REPLICATIONS = 3  # a first answer while the server is busy (the page says so)
BUSY_RUNS = 2  # other runs in progress from which the studio gives the quick answer
RAN_LOG_SIZE = 1024


@dataclass(frozen=True)
class Run:
    """A simulated scenario as the pages use it."""

    results: Results  # per-replication KPIs (the daily series are dropped)
    bands: dict[tuple[str, str], pd.DataFrame]  # (service, BANDS) -> date, mean, low (10 %), high (90 %)

    def estimates(self) -> dict:
        """KPI estimates per service id and "system" (see Results.estimates)."""
        return self.results.estimates()


@st.cache_resource(show_spinner=False)
def scenario_file(name: str) -> Scenario:
    """A prepared scenario (validated once per server)."""
    if name not in PREPARED_FILES:
        raise KeyError(name)
    return load_scenario(SCENARIO_DIR / name)


def daily_bands(results: Results) -> dict[tuple[str, str], pd.DataFrame]:
    """Mean and 10-90 % band over replications, per service and measure: date, mean, low, high.

    Vectorised over the replications (one array per series), because it runs in
    the server for every new scenario while other sessions wait for the GIL.
    """
    runs = results.runs
    first = runs[0]
    days = len(next(iter(first.daily.values()))["occupancy"])
    dates = pd.date_range(pd.Timestamp(first.start_date), periods=days, freq="D")
    out = {}
    for sid in first.daily:
        for measure in BANDS:
            values = np.array([r.daily[sid][measure] for r in runs], dtype=float)  # replications x days
            low, high = np.quantile(values, [0.1, 0.9], axis=0)
            out[sid, measure] = pd.DataFrame({"date": dates, "mean": values.mean(axis=0), "low": low, "high": high})
    return out


@st.cache_data(max_entries=256, show_spinner=False)
def _run(content: str, replications: int) -> Run:
    results = run_replications(loads_scenario(content), replications, workers=default_workers())
    bands = daily_bands(results)
    lean = [dataclasses.replace(r, daily={}) for r in results.runs]
    _ran(content, replications, mark=True)
    return Run(Results(results.scenario, lean), bands)


@st.cache_resource(show_spinner=False)
def _ran_log() -> tuple[dict[str, None], threading.Lock]:
    return {}, threading.Lock()


def _ran(content: str, replications: int, mark: bool = False) -> bool:
    """Whether this scenario was run with these replications on this server (recent runs; `mark` records one)."""
    key = f"{hashlib.sha256(content.encode()).hexdigest()}:{replications}"
    log, lock = _ran_log()
    with lock:
        if mark:
            log[key] = None
            while len(log) > RAN_LOG_SIZE:
                del log[next(iter(log))]
        return key in log


def cached_run(scenario: Scenario, replications: int | None = None) -> Run:
    """`scenario` simulated (cached by content: the same scenario is never run twice)."""
    n = scenario.replications if replications is None else replications
    return _run(dumps_scenario(scenario, "json"), n)


def replications_now(scenario: Scenario) -> int:
    """The scenario's replications, or QUICK_REPLICATIONS while the worker pool is busy with other runs.

    When a room of people changes values at once, twenty new scenarios are more simulation than two
    cores do in a few seconds; a quick answer from fewer replications (the page says so) keeps the
    studio responsive. A scenario already run in full is always shown in full (it is cached).
    """
    n = scenario.replications
    if n <= QUICK_REPLICATIONS or _ran(dumps_scenario(scenario, "json"), n):
        return n
    busy = worker_pool(default_workers()).runs_in_progress() >= BUSY_RUNS if default_workers() > 1 else False
    return QUICK_REPLICATIONS if busy else n
