"""The app's one door to the model: scenarios on disk, and cached simulation runs.

Runs are cached by the scenario's content, shared by all sessions, and carried
out in the model's warm pool of worker processes (salabim is not thread-safe;
Streamlit runs each session in a thread). What is cached is small: the KPIs of
each replication and the daily bands the charts need, not the raw daily series,
so a cache hit (going back to an earlier value) costs almost nothing.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from harmoni_model import Results, Scenario, dumps_scenario, load_scenario, loads_scenario, run_replications
from harmoni_model.runner import default_workers

ROOT = Path(__file__).resolve().parents[2]
SCENARIO_DIR = ROOT / "sample_data" / "scenarios"
BASELINE_FILE = "trondheim_baseline.yaml"
PREPARED_FILES = (
    BASELINE_FILE,
    "growth_2030.yaml",
    "weekend_intake.yaml",
    "short_term_plus20.yaml",
    "hospital_minus10.yaml",
)
MEASURES = ("occupancy", "queue", "blocked")


@dataclass(frozen=True)
class Run:
    """A simulated scenario as the pages use it."""

    results: Results  # per-replication KPIs (the daily series are dropped)
    bands: dict[tuple[str, str], pd.DataFrame]  # (service, measure) -> date, mean, low (10 %), high (90 %)

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
        for measure in MEASURES:
            values = np.array([r.daily[sid][measure] for r in runs], dtype=float)  # replications x days
            low, high = np.quantile(values, [0.1, 0.9], axis=0)
            out[sid, measure] = pd.DataFrame({"date": dates, "mean": values.mean(axis=0), "low": low, "high": high})
    return out


@st.cache_data(max_entries=256, show_spinner=False)
def _run(content: str, replications: int) -> Run:
    results = run_replications(loads_scenario(content), replications, workers=default_workers())
    bands = daily_bands(results)
    lean = [dataclasses.replace(r, daily={}) for r in results.runs]
    return Run(Results(results.scenario, lean), bands)


def simulate(scenario: Scenario, replications: int | None = None) -> Run:
    """`scenario` simulated (cached by content: the same scenario is never run twice)."""
    n = scenario.replications if replications is None else replications
    return _run(dumps_scenario(scenario, "json"), n)
