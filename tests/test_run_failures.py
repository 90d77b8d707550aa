"""The app's cached runs: a deterministic failure is cached like a result, a timeout is not.

`run_replications` is wrapped (not replaced, except to stand in for the model's rare SimulationError)
to count how often a call reaches the pool.
"""

from __future__ import annotations

import pytest

import pages.ui.cached_runs as cr
from harmoni_model import SimulationError, load_scenario, validate_data
from harmoni_model.running.pool import JobTimeout, PoolBusy, WorkerError

SMALL = "sample_data/scenarios/example_small.yaml"


@pytest.fixture
def counted(monkeypatch):
    """The calls that reach run_replications (the real one runs)."""
    calls: list[int] = []
    real = cr.run_replications

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(cr, "run_replications", counting)
    return calls


def test_a_deterministic_failure_is_cached_and_raised_again(monkeypatch):
    calls: list[int] = []

    def failing(*args, **kwargs):
        calls.append(1)  # what the engine raises for a routing loop of very short stays
        raise SimulationError("more than 100,000,000 events in one replication at day 3.0")

    monkeypatch.setattr(cr, "run_replications", failing)
    scenario = load_scenario(SMALL)
    for _ in range(2):
        with pytest.raises(SimulationError, match="100,000,000 events"):
            cr.cached_run(scenario, 2)
    assert len(calls) == 1  # the second call was answered from the cache


def test_a_timeout_is_not_cached_and_the_next_run_succeeds(monkeypatch, counted):
    scenario = load_scenario(SMALL).variant(horizon_days=36500)  # a few seconds per replication
    monkeypatch.setattr(cr, "job_timeout", lambda s: 0.3)
    for _ in range(2):
        with pytest.raises(JobTimeout, match=r"longer than 0\.3 s"):
            cr.cached_run(scenario, 2)
    assert len(counted) == 2  # not cached: the second call ran again
    monkeypatch.setattr(cr, "job_timeout", lambda s: 60.0)
    assert cr.cached_run(scenario, 2).results.replications == 2
    assert len(counted) == 3


def test_job_timeout_grows_with_the_arrivals_within_its_bounds():
    small = load_scenario(SMALL)
    assert cr.job_timeout(small) == cr.TIMEOUT_MIN
    data = small.to_dict() | {"horizon_days": 36500}
    for arrival in data["arrivals"]:
        arrival["rate_per_day"] *= 3
    longer = cr.job_timeout(validate_data(data))
    assert cr.TIMEOUT_MIN < longer < cr.TIMEOUT_MAX
    for arrival in data["arrivals"]:
        arrival["rate_per_day"] *= 10
    assert cr.job_timeout(validate_data(data)) == cr.TIMEOUT_MAX


def test_failures_that_may_pass_next_time_are_not_in_the_cached_failures():
    for error in (JobTimeout, PoolBusy, WorkerError):
        assert not issubclass(error, cr.CACHED_FAILURES)


def test_a_busy_server_is_a_message_on_the_page_not_a_traceback(monkeypatch):
    from apptest_pages import open_page

    def busy(*args, **kwargs):
        raise PoolBusy(38.0)  # what the pool raises when 38 s of other runs' work is queued

    monkeypatch.setattr(cr, "run_replications", busy)
    at = open_page("scenario", lang="en")
    texts = [w.value for w in at.warning]
    assert any("The server is busy with other runs (about 40 s of work ahead)" in text for text in texts), texts
