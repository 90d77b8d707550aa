"""The app's cached runs: a deterministic failure is cached like a result, a timeout is not.

`run_batch` (a batch of replications sent to the pool) is wrapped (not replaced, except to stand in for
the model's rare SimulationError) to count how often a call reaches the pool.
"""

from __future__ import annotations

import pytest

import pages.ui.cached_runs as cr
from harmoni_model import ScenarioError, SimulationError, load_scenario, validate_data
from harmoni_model.running.pool import JobTimeout, PoolBusy, WorkerError
from harmoni_model.scenario.budget import estimate_work

SMALL = "sample_data/scenarios/example_small.yaml"


@pytest.fixture
def counted(monkeypatch):
    """The calls that reach run_batch (the real one runs)."""
    calls: list[int] = []
    real = cr.run_batch

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(cr, "run_batch", counting)
    return calls


def test_a_deterministic_failure_is_cached_and_raised_again(monkeypatch):
    calls: list[int] = []

    def failing(*args, **kwargs):
        calls.append(1)  # what the engine raises for a routing loop of very short stays
        raise SimulationError("more than 100,000,000 events in one replication at day 3.0")

    monkeypatch.setattr(cr, "run_batch", failing)
    scenario = load_scenario(SMALL)
    for _ in range(2):
        with pytest.raises(SimulationError, match="100,000,000 events"):
            cr.cached_run(scenario, 2)
    assert len(calls) == 1  # the second call was answered from the cache


def test_a_timeout_is_not_cached_and_the_next_run_succeeds(monkeypatch, counted):
    scenario = load_scenario(SMALL).variant(horizon_days=36500)  # a few seconds per replication
    monkeypatch.setattr(cr, "job_timeout", lambda s, background=False: 0.3)
    for _ in range(2):
        with pytest.raises(JobTimeout, match=r"longer than 0\.3 s"):
            cr.cached_run(scenario, 2)
    assert len(counted) == 2  # not cached: the second call ran again
    monkeypatch.setattr(cr, "job_timeout", lambda s, background=False: 60.0)
    assert cr.cached_run(scenario, 2).results.replications == 2
    assert len(counted) == 3


def test_job_timeout_follows_the_work_estimate_within_its_bounds():
    small = load_scenario(SMALL)
    assert cr.job_timeout(small) == cr.TIMEOUT_MIN
    data = small.to_dict() | {"horizon_days": 36500}
    longer = validate_data(data)
    assert cr.job_timeout(longer) == pytest.approx(estimate_work(longer).cpu_seconds * cr.TIMEOUT_FACTOR)
    assert cr.TIMEOUT_MIN < cr.job_timeout(longer) < cr.TIMEOUT_MAX
    for arrival in data["arrivals"]:
        arrival["rate_per_day"] *= 30
    heavy = validate_data(data)
    assert cr.job_timeout(heavy) == cr.TIMEOUT_MAX
    assert cr.TIMEOUT_MAX < cr.job_timeout(heavy, background=True) <= cr.BACKGROUND_TIMEOUT_MAX


def test_heavy_runs_go_to_the_background_worker_and_the_baseline_does_not():
    baseline = load_scenario("sample_data/scenarios/trondheim_baseline.yaml")
    assert not cr.is_heavy(baseline)
    assert not cr.is_heavy(baseline, 30)  # "more precision" on the baseline stays in the room's pool
    data = baseline.to_dict() | {"horizon_days": 3 * 365, "replications": 12}
    for arrival in data["arrivals"]:
        arrival["rate_per_day"] *= 10
    assert cr.is_heavy(validate_data(data))


def test_a_scenario_over_the_app_budget_is_refused_once_and_cached(counted):
    data = load_scenario(SMALL).to_dict()
    data["services"][0]["next"] = [{"to": data["services"][0]["id"], "p": 0.999999}, {"to": "exit", "p": 0.000001}]
    looping = validate_data(data)
    for _ in range(2):
        with pytest.raises(ScenarioError, match="visits per patient"):
            cr.cached_run(looping, 2)
    assert not counted  # refused before any simulation, and the second time from the cache


def test_failures_that_may_pass_next_time_are_not_in_the_cached_failures():
    for error in (JobTimeout, PoolBusy, WorkerError):
        assert not issubclass(error, cr.CACHED_FAILURES)


def test_a_busy_server_is_a_message_on_the_page_not_a_traceback(monkeypatch):
    from apptest_pages import open_page

    def busy(*args, **kwargs):
        raise PoolBusy(38.0)  # what the pool raises when 38 s of other runs' work is queued

    monkeypatch.setattr(cr, "run_batch", busy)
    at = open_page("scenario", lang="en")
    texts = [w.value for w in at.warning]
    assert any("The server is busy with other runs (about 40 s of work ahead)" in text for text in texts), texts
