"""Blocking after service: nobody blocked with room downstream, more when it tightens,
and Type I blocking that agrees with an independent library (Ciw)."""

from __future__ import annotations

import statistics

import ciw
import pytest
from networks import scenario, service, tandem

from harmoni_model import run_replications, simulate


def test_generous_downstream_blocks_nobody():
    s = tandem(5, 200, 1.5, 2.5, 3.0, horizon_days=400, warmup_days=30)
    for rep in range(3):
        r = simulate(s, rep)
        assert r.services["hospital"]["blocked_days"] == 0
        assert r.services["downstream"]["share_waited"] == 0
        assert r.system["overliggedogn"] == 0


def test_tighter_downstream_raises_blocked_bed_days():
    base = tandem(6, 8, 1.5, 2.5, 4.0, horizon_days=400, warmup_days=30)
    days = []
    for cap in (8, 6, 5):
        s = base.with_service("downstream", capacity=cap)
        days.append(run_replications(s, replications=4, workers=1).estimates()["system"]["overliggedogn"].mean)
    assert days[0] < days[1] < days[2], days
    assert days[0] > 0


def test_overliggedogn_cost_uses_the_daily_rate():
    s = tandem(6, 5, 1.5, 2.5, 4.0, horizon_days=200, overliggedogn_rate_nok=1000.0)
    r = simulate(s, 0)
    assert r.system["overliggedogn"] == r.services["hospital"]["blocked_days"] > 0
    assert r.system["overliggedogn_cost_nok"] == pytest.approx(1000.0 * r.system["overliggedogn"])


def test_only_hospital_services_count_as_overliggedogn():
    s = scenario(
        [
            service(
                "short_term",
                3,
                {"distribution": "exponential", "mean": 3.0},
                blocking=True,
                next=[{"to": "long_term", "p": 1.0}],
            ),
            service("long_term", 2, {"distribution": "exponential", "mean": 20.0}),
        ],
        [{"id": "a", "to": "short_term", "rate_per_day": 0.8}],
        horizon_days=300,
    )
    r = simulate(s, 0)
    assert r.services["short_term"]["blocked_days"] > 0
    assert r.system["overliggedogn"] == 0


def test_without_blocking_the_patient_waits_in_the_community():
    blocking = tandem(6, 5, 1.5, 2.5, 4.0, horizon_days=300)
    free = blocking.with_service("hospital", blocking=False)
    r_block, r_free = simulate(blocking, 0), simulate(free, 0)
    assert r_free.services["hospital"]["blocked_days"] == 0
    assert r_free.services["downstream"]["mean_queue"] > 0
    # the hospital's beds are freed at once, so it is less occupied than with blocking
    assert r_free.services["hospital"]["mean_occupancy"] < r_block.services["hospital"]["mean_occupancy"]


# --- Type I blocking against Ciw -------------------------------------------

C1, C2, RATE, MEAN1, MEAN2, DAYS, WARMUP, REPS = 4, 3, 1.0, 2.0, 2.5, 2000, 100, 8


def _ciw_tandem(seed: int) -> tuple[float, float]:
    """Share of patients blocked at node 1 and their mean blocked time, in Ciw."""
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(RATE), None],
        service_distributions=[ciw.dists.Exponential(1 / MEAN1), ciw.dists.Exponential(1 / MEAN2)],
        number_of_servers=[C1, C2],
        queue_capacities=[float("inf"), 0],  # no waiting room downstream: Type I blocking
        routing=[[0.0, 1.0], [0.0, 0.0]],
    )
    ciw.seed(seed)
    sim = ciw.Simulation(network)
    sim.simulate_until_max_time(DAYS + WARMUP)
    recs = [
        r for r in sim.get_all_records() if r.node == 1 and r.record_type == "service" and r.service_end_date > WARMUP
    ]
    return statistics.mean(r.time_blocked > 0 for r in recs), statistics.mean(r.time_blocked for r in recs)


def _compare(ours: list[float], theirs: list[float]) -> None:
    se = (statistics.variance(ours) / len(ours) + statistics.variance(theirs) / len(theirs)) ** 0.5
    diff = statistics.mean(ours) - statistics.mean(theirs)
    assert abs(diff) <= 4 * se, (statistics.mean(ours), statistics.mean(theirs), se)


def test_tandem_with_blocking_agrees_with_ciw():
    """Downstream without a waiting room of its own: its queue is exactly the blocked patients."""
    res = run_replications(tandem(C1, C2, RATE, MEAN1, MEAN2, horizon_days=DAYS, warmup_days=WARMUP), REPS, 2)
    share = [r.services["downstream"]["share_waited"] for r in res.runs]
    blocked = [r.services["hospital"]["blocked_days"] / r.services["downstream"]["admissions"] for r in res.runs]
    theirs = [_ciw_tandem(seed) for seed in range(REPS)]
    assert statistics.mean(share) > 0.3  # a regime where blocking matters
    _compare(share, [t[0] for t in theirs])
    _compare(blocked, [t[1] for t in theirs])
