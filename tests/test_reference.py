"""The engine against an independent implementation: plain SimPy, one process per patient.

benchmarks/simpy_reference.py shares no code with harmoni_model; the two use
different random numbers, so they must agree statistically, KPI by KPI.
"""

from __future__ import annotations

import math
import statistics
import sys
from pathlib import Path

import pytest

from harmoni_model import run_replications, validate_data

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from simpy_reference import run_reference

REPS = 10

NETWORK = {
    "schema_version": 1,
    "name": "every feature at once",
    "horizon_days": 300,
    "warmup_days": 40,
    "start_date": "2025-03-03",
    "services": [
        {
            "id": "kad",
            "organisation": "municipality",
            "capacity": 3,
            "length_of_stay": {"distribution": "triangular", "min": 0.5, "mode": 1.5, "max": 4},
            "when_full": {"divert": "hospital"},
            "initial_occupancy": 2,
            "next": [{"to": "exit", "p": 0.7}, {"to": "hospital", "p": 0.3}],
        },
        {
            "id": "hospital",
            "organisation": "hospital",
            "capacity": 14,
            "length_of_stay": {"distribution": "lognormal", "mean": 4.0, "cv": 0.9},
            "blocking": True,
            "initial_occupancy": 11,
            "next": [{"to": "exit", "p": 0.55}, {"to": "short_term", "p": 0.3}, {"to": "rehab", "p": 0.15}],
        },
        {
            "id": "rehab",
            "organisation": "municipality",
            "capacity": 3,
            "length_of_stay": {"distribution": "gamma", "mean": 6.0, "cv": 0.5},
            "when_full": {"divert": "short_term"},
            "next": [{"to": "exit", "p": 1.0}],
        },
        {
            "id": "short_term",
            "organisation": "municipality",
            "capacity": 9,
            "length_of_stay": {"distribution": "gamma", "mean": 7.0, "cv": 0.7},
            "admission_days": ["mon", "tue", "wed", "thu", "fri"],
            "blocking": True,
            "initial_occupancy": 7,
            "initial_queue": 2,
            "next": [
                {"to": "exit", "p": 0.7},
                {"to": "hospital", "p": 0.1, "blocking": False},  # an acute readmission does not wait here
                {"to": "lost_unit", "p": 0.1},
                {"to": "long_term", "p": 0.1},
            ],
        },
        {
            "id": "long_term",
            "organisation": "municipality",
            "capacity": 6,
            "length_of_stay": {"distribution": "lognormal", "mean": 60.0, "cv": 1.0},
            "initial_occupancy": 6,
        },
        {
            "id": "lost_unit",
            "organisation": "municipality",
            "capacity": 1,
            "length_of_stay": {"distribution": "exponential", "mean": 5.0},
            "when_full": "lost",
        },
    ],
    "arrivals": [
        {"id": "ed", "to": "hospital", "rate_per_day": 2.2, "weekday_profile": [1.2, 1.1, 1, 1, 1, 0.8, 0.9]},
        {"id": "gp", "to": "kad", "rate_per_day": 1.0, "monthly_profile": [1.3, 1.2, 1.1, 1, 0.9, 0.8] * 2},
    ],
}
KPIS = ["mean_occupancy", "mean_queue", "mean_blocked", "admissions", "share_lost", "share_diverted"]


@pytest.fixture(scope="module")
def both():
    ours = run_replications(validate_data(NETWORK), REPS, workers=2)
    theirs = [run_reference(NETWORK, r, 42) for r in range(REPS)]
    return ours, theirs


@pytest.mark.parametrize("sid", [s["id"] for s in NETWORK["services"]])
def test_engine_agrees_with_the_simpy_reference(both, sid):
    ours, theirs = both
    for kpi in KPIS:
        a = [r.services[sid][kpi] for r in ours.runs]
        b = [r["services"][sid][kpi] for r in theirs]
        se = math.sqrt(statistics.variance(a) / len(a) + statistics.variance(b) / len(b))
        diff = statistics.mean(a) - statistics.mean(b)
        # 4.5 standard errors: 30 comparisons must not fail by chance; a real difference is larger
        assert abs(diff) <= 4.5 * se + 1e-9, (sid, kpi, statistics.mean(a), statistics.mean(b), se)


def test_the_network_exercises_every_rule(both):
    """The comparison above is only worth something if blocking, diversion and loss happen."""
    est = both[0].estimates()
    assert est["hospital"]["mean_blocked"].mean > 0.2
    assert est["kad"]["share_diverted"].mean > 0.05
    assert est["rehab"]["share_diverted"].mean > 0.05
    assert est["lost_unit"]["share_lost"].mean > 0.05
    assert est["short_term"]["mean_queue"].mean > 0.5
    assert est["short_term"]["mean_blocked"].mean > 0.2  # waiting for long_term, in the short-term bed


def test_the_trondheim_baseline_agrees_with_the_simpy_reference():
    """The calibrated scenario itself, every service, the KPIs the workshop reads most."""
    import yaml

    path = Path(__file__).resolve().parents[1] / "sample_data" / "scenarios" / "trondheim_baseline.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    ours = run_replications(validate_data(data), REPS, workers=2)
    theirs = [run_reference(data, r, 7) for r in range(REPS)]
    for sid in (s["id"] for s in data["services"]):
        for kpi in ("mean_occupancy", "mean_blocked", "admissions", "mean_queue"):
            a = [r.services[sid][kpi] for r in ours.runs]
            b = [r["services"][sid][kpi] for r in theirs]
            se = math.sqrt(statistics.variance(a) / len(a) + statistics.variance(b) / len(b))
            assert abs(statistics.mean(a) - statistics.mean(b)) <= 4.5 * se + 1e-6 * abs(statistics.mean(b)), (
                sid, kpi, statistics.mean(a), statistics.mean(b), se,
            )  # fmt: skip
