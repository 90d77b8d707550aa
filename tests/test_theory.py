"""The engine against what is known exactly: Erlang C and B, Little's law, conservation."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from networks import erlang_b, erlang_c, mmc_mean_wait, scenario, service, single_queue, within

from harmoni_model import run_replications, simulate


def _mean_se(results, sid: str, kpi: str) -> tuple[float, float]:
    est = results.estimates()[sid][kpi]
    return est.mean, (est.high - est.mean) / 2.5  # t(0.975, n-1) > 2.5 for n <= 8


@pytest.fixture(scope="module")
def mm10():
    """M/M/10 at rho = 0.9: lambda = 9/day, mean stay 1 day."""
    s = single_queue(10, 9.0, {"distribution": "exponential", "mean": 1.0}, horizon_days=3000, warmup_days=100)
    return run_replications(s, replications=6, workers=2)


def test_mmc_mean_wait_matches_erlang_c(mm10):
    mean, se = _mean_se(mm10, "ward", "mean_wait_days")
    assert within(mean, mmc_mean_wait(10, 9.0, 1.0), se), (mean, mmc_mean_wait(10, 9.0, 1.0))


def test_mmc_probability_of_waiting_matches_erlang_c(mm10):
    mean, se = _mean_se(mm10, "ward", "share_waited")
    assert within(mean, erlang_c(10, 9.0), se), (mean, erlang_c(10, 9.0))


def test_mmc_mean_occupancy_is_offered_load(mm10):
    mean, se = _mean_se(mm10, "ward", "mean_occupancy")
    assert within(mean, 9.0, se)
    util, _ = _mean_se(mm10, "ward", "utilisation")
    assert util == pytest.approx(mean / 10)


def test_mmc_mean_queue_matches_erlang_c(mm10):
    lq = erlang_c(10, 9.0) * 9.0 / (10 - 9.0)
    mean, se = _mean_se(mm10, "ward", "mean_queue")
    assert within(mean, lq, se), (mean, lq)


@pytest.mark.parametrize(
    "los",
    [
        {"distribution": "exponential", "mean": 2.0},
        {"distribution": "lognormal", "mean": 2.0, "cv": 1.5},
        {"distribution": "fixed", "value": 2.0},
    ],
    ids=["exponential", "lognormal", "fixed"],
)
def test_loss_service_matches_erlang_b_whatever_the_stay(los):
    """M/G/c/c: the loss probability depends on the stay only through its mean."""
    s = single_queue(6, 2.5, los, when_full="lost", horizon_days=4000, warmup_days=50)
    res = run_replications(s, replications=4, workers=2)
    mean, se = _mean_se(res, "ward", "share_lost")
    assert within(mean, erlang_b(6, 5.0), se), (mean, erlang_b(6, 5.0))
    assert res.estimates()["ward"]["mean_queue"].mean == 0


def _little_network():
    return scenario(
        [
            service(
                "hospital",
                12,
                {"distribution": "lognormal", "mean": 4.0, "cv": 0.9},
                organisation="hospital",
                blocking=True,
                next=[{"to": "exit", "p": 0.5}, {"to": "short_term", "p": 0.5}],
            ),
            service(
                "short_term",
                8,
                {"distribution": "gamma", "mean": 5.0, "cv": 0.6},
                admission_days=["mon", "tue", "wed", "thu", "fri"],
            ),
        ],
        [{"id": "a", "to": "hospital", "rate_per_day": 2.4, "weekday_profile": [1.2, 1, 1, 1, 1, 0.8, 1]}],
        horizon_days=4000,
        warmup_days=100,
    )


@pytest.fixture(scope="module")
def little_run():
    return simulate(_little_network(), 0)


@pytest.mark.parametrize("sid", ["hospital", "short_term"])
def test_littles_law_for_the_queue(little_run, sid):
    k = little_run.services[sid]
    rate = k["admissions"] / 4000
    assert k["mean_queue"] > 0.05  # the law is tested on a queue that exists
    assert k["mean_queue"] == pytest.approx(rate * k["mean_wait_days"], rel=0.03)


def test_littles_law_for_the_beds(little_run):
    """Occupied beds = admission rate x (stay + blocked time)."""
    h = little_run.services["hospital"]
    rate = h["admissions"] / 4000
    assert h["mean_blocked"] > 0.05
    assert h["mean_occupancy"] - h["mean_blocked"] == pytest.approx(rate * 4.0, rel=0.03)
    assert h["blocked_days"] == pytest.approx(h["mean_blocked"] * 4000)


def test_blocked_upstream_are_part_of_the_downstream_queue(little_run):
    """Every patient waiting for short_term is blocked in hospital (blocking: true)."""
    assert little_run.services["short_term"]["mean_queue"] == pytest.approx(
        little_run.services["hospital"]["mean_blocked"]
    )


# --- conservation, on random networks --------------------------------------

_LOS = st.sampled_from(
    [
        {"distribution": "exponential", "mean": 3.0},
        {"distribution": "lognormal", "mean": 5.0, "cv": 1.2},
        {"distribution": "gamma", "mean": 2.0, "cv": 0.5},
        {"distribution": "triangular", "min": 1, "mode": 2, "max": 6},
        {"distribution": "fixed", "value": 2.5},
        {"distribution": "empirical", "values": [1, 2, 2, 9]},
        {"distribution": "empirical", "cdf": [[0.5, 0], [2, 0.5], [10, 1]]},
    ]
)


@st.composite
def networks(draw):
    n = draw(st.integers(2, 4))
    ids = [f"s{i}" for i in range(n)]
    services = []
    for i, sid in enumerate(ids):
        cap = draw(st.integers(0, 6))
        rule = draw(st.sampled_from(["queue", "queue", "lost", "divert"]))
        when_full = (
            {"divert": ids[i + 1]} if rule == "divert" and i + 1 < n else ("lost" if rule == "lost" else "queue")
        )
        targets = draw(st.lists(st.sampled_from([*ids, "exit"]), min_size=1, max_size=3, unique=True))
        if "exit" not in targets:
            targets.append("exit")
        weights = [draw(st.integers(1, 4)) for _ in targets]
        probs = [w / sum(weights) for w in weights]
        probs[-1] = 1 - math.fsum(probs[:-1])
        days = draw(st.sets(st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]), min_size=1))
        services.append(
            service(
                sid,
                cap,
                draw(_LOS),
                organisation=draw(st.sampled_from(["hospital", "municipality"])),
                when_full=when_full,
                blocking=draw(st.booleans()),
                admission_days=sorted(days),
                initial_occupancy=draw(st.integers(0, cap)),
                initial_queue=draw(st.integers(0, 3)),
                next=[{"to": t, "p": p} for t, p in zip(targets, probs, strict=True)],
            )
        )
    arrivals = [{"id": "a", "to": "s0", "rate_per_day": draw(st.floats(0.1, 4.0))}]
    return scenario(services, arrivals, horizon_days=draw(st.integers(5, 80)), warmup_days=draw(st.integers(0, 20)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(), st.integers(0, 3))
def test_patients_are_conserved(s, replication):
    r = simulate(s, replication)
    c = r.conservation
    assert c["entered"] == c["exited"] + c["lost"] + c["in_place"] + c["waiting_outside"]
    for sid, k in r.services.items():
        spec = s.service(sid)
        assert all(v >= 0 or math.isnan(v) for v in k.values()), (sid, k)
        assert k["share_waited"] + k["share_lost"] + k["share_diverted"] <= 1 + 1e-12
        assert k["mean_blocked"] <= k["mean_occupancy"] + 1e-9
        if spec.initial_occupancy <= spec.effective_capacity:
            assert max(r.daily[sid]["occupancy"]) <= spec.effective_capacity + 1e-9
        if not spec.blocking:
            assert k["blocked_days"] == 0
        if spec.when_full == "queue" or spec.divert_to:
            assert k["share_lost"] == 0
        if spec.when_full != "lost" and not spec.divert_to:
            assert k["share_diverted"] == 0 and k["share_lost"] == 0
    days = s.horizon_days
    for sid, series in r.daily.items():
        assert len(series["occupancy"]) == days
        assert sum(series["admissions"]) == r.services[sid]["admissions"]
        assert sum(series["occupancy"]) == pytest.approx(r.services[sid]["mean_occupancy"] * days)
