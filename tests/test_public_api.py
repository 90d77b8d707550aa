"""The package's public API, pinned: what ``harmoni_model`` exports and what the README's Python example uses.

A change here is a change for every researcher's script: make it on purpose.
"""

from __future__ import annotations

import re
from pathlib import Path

import harmoni_model

ROOT = Path(__file__).resolve().parents[1]

PUBLIC = [
    "SERVICE_KPIS",
    "SYSTEM_KPIS",
    "Estimate",
    "Problem",
    "ReplicationResult",
    "Results",
    "Scenario",
    "ScenarioError",
    "Service",
    "SimulationError",
    "dumps_scenario",
    "estimate",
    "load_scenario",
    "loads_scenario",
    "run_replications",
    "shutdown_pools",
    "simulate",
    "validate_data",
]


def test_all_is_pinned():
    assert sorted(harmoni_model.__all__) == sorted(PUBLIC)
    for name in PUBLIC:
        assert hasattr(harmoni_model, name), name


def test_kpi_names_are_pinned():
    assert harmoni_model.SERVICE_KPIS[:11] == (
        "mean_occupancy", "utilisation", "mean_queue", "mean_wait_days", "p90_wait_days", "share_waited",
        "share_lost", "share_diverted", "mean_blocked", "blocked_days", "admissions",
    )  # fmt: skip
    assert harmoni_model.SYSTEM_KPIS[:2] == ("overliggedogn", "overliggedogn_cost_nok")


def _readme_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert blocks, "the README has a Python example"
    return blocks[0]


def test_readme_example_runs_and_returns_what_it_says(monkeypatch):
    monkeypatch.chdir(ROOT)
    code = _readme_example().replace("replications=10", "replications=2")  # the same calls, less time
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)
    results, scenario, more_beds = namespace["results"], namespace["scenario"], namespace["more_beds"]
    assert results.replications == 2
    assert list(results.summary().columns) == ["scope", "organisation", "kpi", "mean", "ci_low", "ci_high", "n"]
    assert list(results.replication_kpis().columns) == ["replication", "scope", "organisation", "kpi", "value"]
    daily = results.daily()
    assert {"replication", "service", "day", "date", "occupancy", "queue", "blocked", "admissions"} <= set(daily)
    assert more_beds.service("short_term").capacity == 200
    assert scenario.service("short_term").capacity != 200  # the original is untouched


def test_one_replication_and_estimates():
    scenario = harmoni_model.load_scenario(ROOT / "sample_data" / "scenarios" / "example_small.yaml")
    one = harmoni_model.simulate(scenario, 0)
    assert isinstance(one, harmoni_model.ReplicationResult)
    assert set(one.system) >= set(harmoni_model.SYSTEM_KPIS)
    e = harmoni_model.estimate([1.0, 2.0, 3.0])
    assert (e.mean, e.n) == (2.0, 3) and e.low < 2 < e.high
    text = harmoni_model.dumps_scenario(scenario)
    assert harmoni_model.loads_scenario(text) == scenario


def test_results_views_are_pinned():
    """The views researchers' scripts read (issue 11 added by_origin, occupancy_distribution and events)."""
    import inspect

    for name in ("estimates", "to_json", "replication_kpis", "summary", "daily", "by_origin",
                 "occupancy_distribution", "events"):  # fmt: skip
        assert callable(getattr(harmoni_model.Results, name)), name
    assert list(inspect.signature(harmoni_model.run_replications).parameters) == [
        "scenario", "replications", "workers", "events",
        "timeout", "cancelled", "max_wait", "owner",  # issue 12: keyword-only, a run never waits forever
        "background",  # issue 12: a heavy run in the low-priority background worker
    ]  # fmt: skip
    assert list(inspect.signature(harmoni_model.simulate).parameters) == ["scenario", "replication", "events"]
