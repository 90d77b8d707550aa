"""The state at the start patient by patient (``initial_state``), the Weibull family, and residual stays.

Residual stays are checked against the exact conditional mean E[X | X > a] computed independently with
scipy; the initial state against the event log of the run it starts.
"""

from __future__ import annotations

import math
import random

import pytest
from plain_scenarios import make_scenario
from scipy import integrate, stats

from harmoni_model import ScenarioError, simulate, validate_data
from harmoni_model.scenario.format import Empirical, Exponential, Fixed, Gamma, LogNormal, Triangular, Weibull
from harmoni_model.simulation.streams import conditional_residual, stay_sampler, weibull_params, weibull_shape

N = 20_000


def scipy_of(dist):
    """The same distribution in scipy (an independent implementation)."""
    if isinstance(dist, Exponential):
        return stats.expon(scale=dist.mean)
    if isinstance(dist, LogNormal):
        s2 = math.log1p(dist.cv**2)
        return stats.lognorm(s=math.sqrt(s2), scale=math.exp(math.log(dist.mean) - s2 / 2))
    if isinstance(dist, Gamma):
        k = 1 / dist.cv**2
        return stats.gamma(a=k, scale=dist.mean / k)
    if isinstance(dist, Weibull):
        k, scale = weibull_params(dist.mean, dist.cv)
        return stats.weibull_min(c=k, scale=scale)
    if isinstance(dist, Triangular):
        return stats.triang(c=(dist.mode - dist.min) / (dist.max - dist.min), loc=dist.min, scale=dist.max - dist.min)
    raise TypeError(dist)


def conditional_mean(frozen, a: float) -> float:
    """E[X | X > a] = a + ∫_a^∞ S(x) dx / S(a)."""
    tail, _ = integrate.quad(frozen.sf, a, math.inf, limit=200)
    return a + tail / frozen.sf(a)


DISTS = [
    Exponential(distribution="exponential", mean=5.0),
    LogNormal(distribution="lognormal", mean=5.5, cv=0.8),
    LogNormal(distribution="lognormal", mean=730, cv=1.0),
    Gamma(distribution="gamma", mean=22, cv=0.8),
    Gamma(distribution="gamma", mean=22, cv=1.6),
    Weibull(distribution="weibull", mean=10, cv=0.5),
    Weibull(distribution="weibull", mean=10, cv=1.5),
    Triangular(distribution="triangular", min=0.5, mode=2, max=6),
]


@pytest.mark.parametrize("dist", DISTS, ids=lambda d: f"{d.distribution}")
@pytest.mark.parametrize("quantile", [0.0, 0.5, 0.9, 0.995])
def test_a_residual_stay_is_what_is_left_given_the_time_passed(dist, quantile):
    frozen = scipy_of(dist)
    a = float(frozen.ppf(quantile)) if quantile else 0.0
    draw = conditional_residual(dist, random.Random(7))
    totals = [a + draw(a) for _ in range(N)]
    mean = math.fsum(totals) / N
    sd = math.sqrt(math.fsum((t - mean) ** 2 for t in totals) / (N - 1))
    expected = conditional_mean(frozen, a)
    assert abs(mean - expected) < 4 * sd / math.sqrt(N) + 1e-9, (a, mean, expected)
    assert min(totals) >= a - 1e-9


def test_an_exponential_stay_forgets_how_long_it_has_lasted():
    draw = conditional_residual(Exponential(distribution="exponential", mean=4.0), random.Random(1))
    late = [draw(100.0) for _ in range(N)]
    assert math.fsum(late) / N == pytest.approx(4.0, rel=0.03)


def test_fixed_and_empirical_residuals_are_exact():
    fixed = conditional_residual(Fixed(distribution="fixed", value=5.0), random.Random(1))
    assert fixed(2.0) == 3.0 and fixed(7.0) == 0.0
    values = conditional_residual(Empirical(distribution="empirical", values=(1.0, 4.0, 10.0)), random.Random(1))
    draws = {values(3.0) for _ in range(200)}
    assert draws == {1.0, 7.0}  # 4 - 3 or 10 - 3: only the values longer than 3 remain
    assert values(10.0) == 0.0
    cdf = conditional_residual(Empirical(distribution="empirical", cdf=((0, 0), (10, 1))), random.Random(1))
    late = [5.0 + cdf(5.0) for _ in range(N)]  # uniform on (5, 10): mean 7.5
    assert math.fsum(late) / N == pytest.approx(7.5, abs=0.05)


@pytest.mark.parametrize("cv", [0.2, 0.5, 1.0, 2.0, 5.0])
def test_weibull_stays_have_the_mean_and_cv_asked_for(cv):
    k = weibull_shape(cv)
    assert stats.weibull_min(c=k).std() / stats.weibull_min(c=k).mean() == pytest.approx(cv, rel=1e-9)
    draw = stay_sampler(Weibull(distribution="weibull", mean=10.0, cv=cv), random.Random(3))
    xs = [draw() for _ in range(N)]
    mean = math.fsum(xs) / N
    assert mean == pytest.approx(10.0, abs=4 * 10.0 * cv / math.sqrt(N))


# --- the initial state in a run ------------------------------------------------------------------


def state_scenario(**state):
    data = make_scenario()
    for s in data["services"]:
        s.pop("initial_occupancy", None)
        s.pop("initial_queue", None)
    data["initial_state"] = state or {
        "source": "test",
        "services": [
            {"id": "hospital", "in_stay": [0.5, 3.0, 10.0]},
            {
                "id": "hospital",
                "ready": [{"to": "short_term", "elapsed": 6.0, "since_ready": 2.0, "queued": 2.0}],
            },
        ],
    }
    return data


def test_initial_state_rules_name_the_field():
    with pytest.raises(ScenarioError) as info:
        validate_data(state_scenario())
    assert any("initial_state.services[1].id" in p.path and "twice" in p.message for p in info.value.problems)
    data = state_scenario(services=[{"id": "nowhere", "in_stay": [1.0]}])
    data["services"][0]["initial_occupancy"] = 3
    with pytest.raises(ScenarioError) as info:
        validate_data(data)
    paths = {p.path for p in info.value.problems}
    assert "initial_state.services[0].id" in paths
    assert "services[0].initial_occupancy" in paths
    bad = state_scenario(services=[{"id": "hospital", "ready": [{"to": "short_term", "elapsed": 1, "since_ready": 2}]}])
    with pytest.raises(ScenarioError, match=r"since_ready \(2\) is longer than elapsed \(1\)"):
        validate_data(bad)


def test_the_run_starts_from_the_state_given():
    data = make_scenario(warmup_days=0)
    services = {s["id"]: s for s in data["services"]}
    for s in data["services"]:
        s["initial_occupancy"] = 0
        s["initial_queue"] = 0
    short = services["short_term"]
    data["initial_state"] = {
        "services": [
            {
                "id": "hospital",
                "in_stay": [0.25, 3.0],
                "ready": [{"to": "short_term", "elapsed": 9.0, "since_ready": 4.0, "queued": 4.0}],
            },
            {"id": "short_term", "in_stay": [1.0] * short["capacity"], "waiting": [{"waited": 1.5}, {"waited": 7.0}]},
        ]
    }
    scenario = validate_data(data)
    assert scenario.initial_counts("hospital") == (3, 0)
    assert scenario.initial_counts("short_term") == (short["capacity"], 2)
    run = simulate(scenario, 0, events=True)
    hospital = [row for row in run.stays if row[1] == "hospital" and row[3] is not None and row[3] < 0]
    assert sorted(row[3] for row in hospital) == [-9.0, -3.0, -0.25]
    ready = next(row for row in hospital if row[3] == -9.0)
    assert ready[4] == -4.0  # ready four days before the start, still holding the bed
    waits = sorted(row[2] for row in run.stays if row[1] == "short_term" and row[2] is not None and row[2] < 0)
    assert waits == [-7.0, -4.0, -1.5]  # the two at home and the blocked hospital patient
    assert run.daily["hospital"]["blocked"][0] > 0  # the blocked patient holds the bed on day 0
    # the list is served longest wait first: the 7-day waiter, then the blocked one, then the 1.5-day one
    admitted = sorted(
        (row[3], row[2]) for row in run.stays if row[1] == "short_term" and row[2] is not None and row[2] < 0
    )
    assert [referred for when, referred in admitted if when is not None][:3] == [-7.0, -4.0, -1.5]
    c = run.conservation
    assert c["entered"] == c["exited"] + c["lost"] + c["reneged"] + c["in_place"] + c["waiting_outside"]


def test_a_ready_patient_in_the_processing_delay_moves_when_it_ends():
    data = make_scenario(warmup_days=0)
    for s in data["services"]:
        s["initial_occupancy"] = 0
        s["initial_queue"] = 0
    hospital = next(s for s in data["services"] if s["id"] == "hospital")
    hospital["next"] = [
        {"to": "short_term", "p": 0.5, "delay": {"distribution": "fixed", "value": 3.0}},
        {"to": "exit", "p": 0.5},
    ]
    data["initial_state"] = {
        "services": [{"id": "hospital", "ready": [{"to": "short_term", "elapsed": 5.0, "since_ready": 1.0}]}]
    }
    run = simulate(validate_data(data), 0, events=True)
    row = next(r for r in run.stays if r[1] == "hospital" and r[3] == -5.0)
    assert row[4] == -1.0
    assert row[5] == pytest.approx(2.0)  # 3 days of processing, 1 of them before the start
    assert row[6] == "short_term"
