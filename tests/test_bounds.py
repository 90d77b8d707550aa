"""Uploads are trimmed to the app's bounds, or refused when what is left is over the app's work budget."""

from __future__ import annotations

from pathlib import Path

from harmoni_model import load_scenario
from pages.ui.upload_bounds import MAX_HORIZON_DAYS, MAX_REPLICATIONS, over_app_budget, within_app_bounds

BASELINE = load_scenario(Path(__file__).resolve().parents[1] / "sample_data" / "scenarios" / "trondheim_baseline.yaml")


def test_the_prepared_baseline_is_within_bounds():
    bounded, trims = within_app_bounds(BASELINE)
    assert bounded == BASELINE and trims == []


def test_long_and_many_are_trimmed_and_reported():
    big = BASELINE.variant(replications=1000, horizon_days=36_500)
    bounded, trims = within_app_bounds(big)
    assert (bounded.replications, bounded.horizon_days) == (MAX_REPLICATIONS, MAX_HORIZON_DAYS)
    assert {t[0] for t in trims} == {"replications", "horizon_days"}
    assert over_app_budget(bounded) == []


def test_a_flood_of_patients_is_refused():
    flood = BASELINE.variant(
        arrivals=[{**a.model_dump(mode="json", exclude_none=True), "rate_per_day": 1_000} for a in BASELINE.arrivals]
    )
    bounded, _ = within_app_bounds(flood)
    refused = over_app_budget(bounded)
    assert "arrivals" in {e.kind for e in refused}
    assert all(e.path.startswith(("arrivals[", "services[")) for e in refused)
