"""The advisor shows its work: progress as it searches, a clean stop, no replication run twice, today reused."""

from __future__ import annotations

import pytest
from plain_scenarios import make_scenario, make_service

from harmoni_model import run_replications, validate_data
from harmoni_model.planning.advisor import PHASES, ReplicationStore, advise
from harmoni_model.planning.levers import validate_spec
from harmoni_model.planning.replication_store import scenario_key
from harmoni_model.running.executors import LocalExecutor
from harmoni_model.running.pool import RunCancelled
from harmoni_model.simulation.engine import ReplicationResult

EXECUTOR = LocalExecutor(2)
STAGES = (3, 6)  # the app's: a quick pass, then the studio's replications


def _tandem():
    """A hospital that blocks onto short-term places; the advisor may add either (the brute-force test's tandem)."""
    scenario = validate_data(
        make_scenario(
            horizon_days=400,
            warmup_days=50,
            replications=6,
            services=[
                make_service(
                    "hospital", organisation="hospital", capacity=14, blocking=True,
                    length_of_stay={"distribution": "exponential", "mean": 4.0},
                    next=[{"to": "exit", "p": 0.5}, {"to": "short_term", "p": 0.5}],
                ),
                make_service(
                    "short_term", capacity=12, length_of_stay={"distribution": "gamma", "mean": 10.0, "cv": 0.7}
                ),
            ],
            arrivals=[{"id": "a", "to": "hospital", "rate_per_day": 2.0}],
        )
    )  # fmt: skip
    spec = validate_spec(
        {
            "targets": [{"service": "hospital", "kpi": "mean_queue", "max": 1.0}],
            "levers": [
                {"service": "hospital", "field": "capacity", "min": 14, "max": 20, "cost_per_unit_nok": 1_500_000},
                {"service": "short_term", "field": "capacity", "min": 12, "max": 24, "cost_per_unit_nok": 900_000},
            ],
        },
        scenario,
    )
    return scenario, spec


@pytest.fixture(scope="module")
def tandem():
    scenario, spec = _tandem()
    seen = []
    advice = advise(scenario, spec, EXECUTOR, STAGES, on_progress=seen.append)
    return scenario, spec, advice, seen


def test_progress_names_each_step_in_order_and_counts_up(tandem):
    _, _, advice, seen = tandem
    assert advice.feasible and len(seen) >= 5
    steps = [PHASES.index(p.phase) for p in seen]
    assert steps == sorted(steps)  # pilot, approximation, frontier, polish, confirmation: never back
    assert {p.phase for p in seen} >= {"pilot", "frontier", "confirmation"}
    assert all(p.candidates_done <= p.candidates_expected for p in seen)
    done = [p.candidates_done for p in seen]
    assert done == sorted(done) and done[-1] >= advice.evaluations - len(advice.lower_neighbours)
    runs = [p.replications_run for p in seen]
    assert runs == sorted(runs) and runs[-1] <= advice.simulations
    measured = [p for p in seen if p.replications_run]
    # seconds per replication as measured on this machine, and the time left from it
    assert measured and all(p.seconds_per_replication > 0 and p.seconds_left is not None for p in measured)
    assert advice.progress.phase == "confirmation" and advice.progress.fraction == 1.0
    assert advice.best.confirmed and advice.best.replications == STAGES[-1]


def test_a_stopped_search_answers_with_its_best_so_far_and_a_restart_runs_nothing_twice(tandem):
    scenario, spec, fresh, seen = tandem
    store = ReplicationStore()
    reports = []

    def stop_midway() -> bool:  # asked before every batch: stop once half of the fresh search's batches ran
        return len(reports) >= len(seen) // 2

    stopped = advise(scenario, spec, EXECUTOR, STAGES, store=store, on_progress=reports.append, cancelled=stop_midway)
    assert stopped.reason == "stopped" and stopped.stopped and not stopped.feasible
    assert 0 < stopped.simulations < fresh.simulations
    assert stopped.best.replications > 0 and stopped.today.replications == STAGES[-1]
    assert stopped.best_results.replications == stopped.best.replications
    assert stopped.progress.phase != "confirmation" or not stopped.best.confirmed

    resumed = advise(scenario, spec, EXECUTOR, STAGES, store=store)
    assert resumed.best == fresh.best and resumed.steps == fresh.steps  # the same search: common random numbers
    # every replication the stopped search finished is reused, none is run again
    assert stopped.simulations + resumed.simulations == fresh.simulations
    assert resumed.reused >= stopped.simulations
    again = advise(scenario, spec, EXECUTOR, STAGES, store=store)
    assert again.simulations == 0 and again.best == fresh.best


def test_a_search_stopped_before_today_is_known_raises_run_cancelled(tandem):
    scenario, spec, _, _ = tandem
    with pytest.raises(RunCancelled):
        advise(scenario, spec, EXECUTOR, STAGES, cancelled=lambda: True)


def test_todays_replications_from_elsewhere_are_todays_and_are_not_run_again(tandem):
    scenario, spec, fresh, _ = tandem
    studio = run_replications(scenario, 6, workers=2)  # what the studio shows for today
    lean = [ReplicationResult(**{**r.__dict__, "daily": {}}) for r in studio.runs]
    advice = advise(scenario, spec, EXECUTOR, STAGES, today_runs=lean)
    assert advice.simulations == fresh.simulations - 6 and advice.reused >= 6
    now = studio.estimates()["hospital"]["mean_queue"]
    assert advice.today.targets["hospital:mean_queue"] == now  # the advisor's today is the studio's
    assert advice.best == fresh.best


def test_the_store_keeps_the_latest_and_keys_by_content_not_name():
    scenario, _ = _tandem()
    assert scenario_key(scenario) == scenario_key(scenario.variant(name="Bord 3", description="x"))
    assert scenario_key(scenario) != scenario_key(scenario.variant(seed=scenario.seed + 1))
    store = ReplicationStore(max_entries=2)
    a, b, c = (ReplicationResult(r, {}, {}, {}, 0, scenario.start_date, 0, 0.0) for r in range(3))
    store.put("k", 0, a)
    store.put("k", 1, b)
    assert store.get("k", 0) is a  # used: now the most recent
    store.put("k", 2, c)
    assert store.get("k", 1) is None and store.get("k", 0) is a and store.get("k", 2) is c and len(store) == 2
    with pytest.raises(ValueError):
        ReplicationStore(0)
