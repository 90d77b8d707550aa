"""Engine behaviour: intake days, reproducibility, isolation, initial state, arrivals."""

from __future__ import annotations

import copy
import random
import statistics
import threading

import numpy as np
import pytest
from networks import scenario, service, single_queue, tandem

from harmoni_model import load_scenario, run_replications, simulate
from harmoni_model.simulation.engine import DAILY_FIELDS

WEEKDAYS_ONLY = ["mon", "tue", "wed", "thu", "fri"]


def _weekday_intake(**fields):
    return scenario(
        [service("short_term", 20, {"distribution": "gamma", "mean": 5.0, "cv": 0.5}, admission_days=WEEKDAYS_ONLY)],
        [{"id": "referrals", "to": "short_term", "rate_per_day": 3.0}],
        start_date="2025-01-06",  # a Monday
        **fields,
    )


def test_weekday_intake_queues_grow_over_the_weekend():
    s = _weekday_intake(horizon_days=700, warmup_days=14)
    r = simulate(s, 0)
    queue = np.array(r.daily["short_term"]["queue"])
    admissions = np.array(r.daily["short_term"]["admissions"])
    weekday = (np.arange(len(queue)) + s.warmup_days) % 7  # 0 = Monday
    assert admissions[weekday >= 5].sum() == 0  # nobody admitted on Saturdays and Sundays
    # the weekend's referrals wait until Monday; by Thursday the backlog is worked off
    waits = np.array(r.daily["short_term"]["wait_days"])
    monday_wait = waits[weekday == 0].sum() / admissions[weekday == 0].sum()
    thursday_wait = waits[weekday == 3].sum() / admissions[weekday == 3].sum()
    assert monday_wait > 0.5
    assert monday_wait > 2 * thursday_wait
    assert queue[weekday == 6].mean() > 3 * queue[weekday == 3].mean()


def test_weekday_intake_means_longer_waits_than_every_day():
    gated = _weekday_intake(horizon_days=400, warmup_days=14)
    every_day = gated.with_service("short_term", admission_days=["mon", "tue", "wed", "thu", "fri", "sat", "sun"])
    w_gated = simulate(gated, 0).services["short_term"]["mean_wait_days"]
    w_every = simulate(every_day, 0).services["short_term"]["mean_wait_days"]
    assert w_gated > 0.3
    assert w_gated > 2.5 * w_every


# --- reproducibility and isolation ----------------------------------------


@pytest.fixture(scope="module")
def example():
    return load_scenario("sample_data/scenarios/example_small.yaml").variant(horizon_days=120, warmup_days=10)


def _fingerprint(result):
    return (result.services, result.system, result.daily, result.conservation, result.events)


def test_same_seed_gives_identical_results(example):
    assert _fingerprint(simulate(example, 1)) == _fingerprint(simulate(example, 1))
    a, b = run_replications(example, 3, workers=1), run_replications(example, 3, workers=1)
    assert a.to_json() == b.to_json()
    assert a.daily().equals(b.daily())


def test_replications_and_seeds_differ(example):
    assert simulate(example, 0).services != simulate(example, 1).services
    assert simulate(example, 0).services != simulate(example.variant(seed=7), 0).services


def test_parallel_equals_sequential(example):
    seq = run_replications(example, 4, workers=1)
    par = run_replications(example, 4, workers=2)
    assert [_fingerprint(r) for r in seq.runs] == [_fingerprint(r) for r in par.runs]
    assert seq.to_json() == par.to_json()


def test_global_random_state_changes_nothing(example):
    random.seed(1)
    np.random.seed(1)
    first = _fingerprint(simulate(example, 0))
    random.seed(999)
    np.random.seed(999)
    [random.random() for _ in range(17)]
    assert _fingerprint(simulate(example, 0)) == first
    # and the model does not touch the global generators either
    random.seed(5)
    expected = random.random()
    random.seed(5)
    simulate(example, 0)
    assert random.random() == expected


def test_scenario_is_unchanged_by_a_run(example):
    before = copy.deepcopy(example.to_dict())
    digest = example.content_hash()
    run_replications(example, 2, workers=2)
    simulate(example, 0)
    assert example.to_dict() == before
    assert example.content_hash() == digest


def test_threads_at_once_give_the_sequential_results(example):
    expected = [_fingerprint(simulate(example, r)) for r in range(4)]
    got: dict[int, object] = {}
    errors: list[BaseException] = []

    def work(rep: int) -> None:
        try:
            got[rep] = _fingerprint(simulate(example, rep))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(r,)) for r in range(4) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert [got[r] for r in range(4)] == expected


def test_common_random_numbers_capacity_change_keeps_the_patients(example):
    """Changing a downstream capacity leaves the external arrivals exactly as they were."""
    smaller = example.with_service("short_term", capacity=28)
    for rep in range(3):
        a, b = simulate(example, rep), simulate(smaller, rep)
        assert a.services["hospital"]["share_waited"] != b.services["hospital"]["share_waited"] or (
            a.services["short_term"] != b.services["short_term"]
        )
        # every external arrival asks the hospital; transfers never do in this network
        assert a.conservation["entered"] == b.conservation["entered"]


# --- initial state, warm-up, staffing, diversion ---------------------------


def test_initial_occupancy_starts_at_steady_state():
    """A nursing home with two-year stays started full of residual stays stays level."""
    mean_stay, rate = 700.0, 0.5
    s = scenario(
        [
            service(
                "long_term",
                1000,
                {"distribution": "lognormal", "mean": mean_stay, "cv": 0.9},
                initial_occupancy=int(mean_stay * rate),
            )
        ],
        [{"id": "a", "to": "long_term", "rate_per_day": rate}],
        horizon_days=365,
    )
    occ = np.array([simulate(s, r).daily["long_term"]["occupancy"] for r in range(4)]).mean(axis=0)
    assert occ[:30].mean() == pytest.approx(350, rel=0.03)
    assert occ[-30:].mean() == pytest.approx(350, rel=0.05)
    # fresh (not residual) stays would empty far more slowly: few would leave in year one
    discharges = sum(simulate(s, 0).daily["long_term"]["discharges"])
    assert discharges == pytest.approx(rate * 365, rel=0.25)


def test_initial_queue_waits_from_time_zero():
    s = scenario(
        [service("long_term", 5, {"distribution": "fixed", "value": 10.0}, initial_occupancy=5, initial_queue=3)],
        [],
        horizon_days=30,
    )
    r = simulate(s, 0)
    assert r.services["long_term"]["admissions"] > 0
    assert min(w for w in [r.services["long_term"]["mean_wait_days"]]) > 0
    assert r.conservation["entered"] == 8


def test_warmup_is_not_measured():
    s = single_queue(3, 1.0, {"distribution": "exponential", "mean": 1.0}, horizon_days=50, warmup_days=25)
    r = simulate(s, 0)
    assert all(len(r.daily["ward"][f]) == 50 for f in DAILY_FIELDS)
    assert r.start_day == 25
    assert r.services["ward"]["admissions"] == sum(r.daily["ward"]["admissions"])
    longer = simulate(s.variant(horizon_days=75, warmup_days=0), 0)
    assert longer.services["ward"]["admissions"] > r.services["ward"]["admissions"]
    assert longer.daily["ward"]["admissions"][25:] == r.daily["ward"]["admissions"]


def test_staffing_limits_the_usable_places():
    s = single_queue(20, 4.0, {"distribution": "fixed", "value": 1.0}, horizon_days=100).with_service(
        "ward", staffing={"fte": 5.5, "patients_per_fte": 0.6}
    )
    assert s.service("ward").effective_capacity == 3
    r = simulate(s, 0)
    assert max(r.daily["ward"]["occupancy"]) <= 3 + 1e-9
    assert r.services["ward"]["utilisation"] == pytest.approx(r.services["ward"]["mean_occupancy"] / 3)


def test_full_kad_diverts_to_hospital():
    s = scenario(
        [
            service("kad", 2, {"distribution": "exponential", "mean": 2.0}, when_full={"divert": "hospital"}),
            service("hospital", 50, {"distribution": "exponential", "mean": 2.0}, organisation="hospital"),
        ],
        [{"id": "a", "to": "kad", "rate_per_day": 2.0}],
        horizon_days=500,
    )
    r = simulate(s, 0)
    kad, hospital = r.services["kad"], r.services["hospital"]
    assert 0.2 < kad["share_diverted"] < 0.8
    assert kad["mean_queue"] == 0
    assert hospital["admissions"] == pytest.approx(
        kad["share_diverted"] * (kad["admissions"] / (1 - kad["share_diverted"])), rel=0.01
    )


def test_lost_from_a_transfer_frees_the_bed():
    s = tandem(3, 1, 1.0, 1.0, 5.0, horizon_days=200).with_service("downstream", when_full="lost")
    r = simulate(s, 0)
    assert r.services["downstream"]["share_lost"] > 0.3
    assert r.services["hospital"]["blocked_days"] == 0


# --- arrivals --------------------------------------------------------------


def test_arrival_volume_and_weekday_profile():
    week = [2.0, 1, 1, 1, 1, 0.5, 0.5]
    s = scenario(
        [service("ward", 10_000, {"distribution": "fixed", "value": 0.01})],
        [{"id": "a", "to": "ward", "rate_per_day": 10.0, "weekday_profile": week}],
        horizon_days=2002,
        start_date="2024-01-01",  # a Monday
    )
    adm = np.array(simulate(s, 0).daily["ward"]["admissions"])
    assert adm.sum() == pytest.approx(10.0 * 2002, rel=0.02)  # rate_per_day is the average
    by_day = [adm[d::7].mean() for d in range(7)]
    norm = 10.0 / statistics.mean(week)
    assert by_day[0] == pytest.approx(week[0] * norm, rel=0.05)
    assert by_day[6] == pytest.approx(week[6] * norm, rel=0.07)


def test_monthly_profile_and_growth():
    month = [2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
    s = scenario(
        [service("ward", 10_000, {"distribution": "fixed", "value": 0.01})],
        [{"id": "a", "to": "ward", "rate_per_day": 8.0, "monthly_profile": month, "growth_per_year": 0.5}],
        horizon_days=730,
        start_date="2025-01-01",
    )
    adm = np.array(run_replications(s, 3, workers=1).daily().groupby("day")["admissions"].mean())
    assert adm[365:].sum() / adm[:365].sum() == pytest.approx(1.5, rel=0.04)
    january, february = adm[0:31].mean(), adm[31:59].mean()
    assert january / february == pytest.approx(2.0, rel=0.1)


def test_routing_back_to_the_same_full_service_keeps_the_place():
    """A single place, every stay followed by another: no deadlock, no wait."""
    s = scenario(
        [
            service(
                "ward",
                1,
                {"distribution": "fixed", "value": 1.0},
                blocking=True,
                initial_occupancy=1,
                next=[{"to": "ward", "p": 0.9}, {"to": "exit", "p": 0.1}],
            )
        ],
        [{"id": "a", "to": "ward", "rate_per_day": 0.5}],
        horizon_days=200,
    )
    r = simulate(s, 0)
    assert r.services["ward"]["mean_blocked"] == 0
    assert r.services["ward"]["admissions"] > 150
    c = r.conservation
    assert c["entered"] == c["exited"] + c["lost"] + c["in_place"] + c["waiting_outside"]


def test_a_route_can_override_the_services_blocking():
    """Short-term keeps its bed for a nursing-home place but not for an acute readmission."""
    services = [
        service(
            "short_term",
            4,
            {"distribution": "exponential", "mean": 2.0},
            blocking=True,
            next=[
                {"to": "long_term", "p": 0.5},
                {"to": "hospital", "p": 0.5, "blocking": False},
            ],
        ),
        service("long_term", 1, {"distribution": "exponential", "mean": 30.0}, initial_occupancy=1),
        service("hospital", 1, {"distribution": "exponential", "mean": 30.0}, initial_occupancy=1),
    ]
    s = scenario(services, [{"id": "a", "to": "short_term", "rate_per_day": 0.8}], horizon_days=200)
    r = simulate(s, 0)
    blocked, hospital_queue = r.services["short_term"]["mean_blocked"], r.services["hospital"]["mean_queue"]
    assert blocked > 0.5 and hospital_queue > 0.5
    # everyone waiting for the nursing home is blocked in short-term; nobody waiting for hospital is
    assert blocked == pytest.approx(r.services["long_term"]["mean_queue"])
