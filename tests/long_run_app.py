"""A tiny Streamlit app for tests/test_pool_faults.py (run with ``streamlit run``, not collected by pytest).

One long run through the app's own door (`pages.ui.cached_runs.cached_run`, so with its timeout,
cancellation and queue bound): a small scenario over many years at triple demand, several seconds
of CPU per replication. ``?days=`` changes the scenario, as a visitor's new value does. The run
goes to the room's pool of two workers; ``?background=1`` leaves it to the app's rule (this run is
heavy: the background worker).
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # `streamlit run` puts only this script's folder on the path

import pages.ui.cached_runs as cr  # noqa: E402
from harmoni_model import load_scenario, validate_data  # noqa: E402
from harmoni_model.scenario.budget import CLI_BUDGET  # noqa: E402
from pages.ui.cached_runs import RUN_ERRORS, cached_run, run_error_text  # noqa: E402

# This run is longer than the hosted app's budget allows (that is its point: a run to cancel and to
# SIGTERM in the middle of), so the test app takes the command line's budget.
cr.APP_BUDGET = CLI_BUDGET
if st.query_params.get("background") != "1":  # the room's pool (two workers), not the background lane
    cr.HEAVY_JOB_SECONDS = cr.HEAVY_RUN_SECONDS = float("inf")

days = min(max(int(st.query_params.get("days", 36500)), 1000), 36500)
data = load_scenario(ROOT / "sample_data" / "scenarios" / "example_small.yaml").to_dict()
data["horizon_days"] = days
for arrival in data["arrivals"]:
    arrival["rate_per_day"] *= 3
try:
    cached_run(validate_data(data), 4)
    st.write("done")
except RUN_ERRORS as exc:
    st.write(run_error_text(exc))
