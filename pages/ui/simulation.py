"""The app's one door to the model: scenarios on disk, and cached simulation runs.

Runs are cached by the scenario's content, shared by all sessions, and carried
out in the model's warm pool of worker processes (salabim is not thread-safe;
Streamlit runs each session in a thread).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from harmoni_model import Results, Scenario, load_scenario, run_replications
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


@st.cache_resource(show_spinner=False)
def scenario_file(name: str) -> Scenario:
    """A prepared scenario (validated once per server)."""
    if name not in PREPARED_FILES:
        raise KeyError(name)
    return load_scenario(SCENARIO_DIR / name)


@st.cache_data(max_entries=128, show_spinner=False)
def _run(content: str, replications: int) -> Results:
    from harmoni_model import loads_scenario

    return run_replications(loads_scenario(content), replications, workers=default_workers())


def simulate(scenario: Scenario, replications: int | None = None) -> Results:
    """Results of `scenario` (cached by content: the same scenario is never run twice)."""
    from harmoni_model import dumps_scenario

    n = scenario.replications if replications is None else replications
    return _run(dumps_scenario(scenario, "json"), n)
