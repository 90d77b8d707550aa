"""Length-of-stay samplers, residual stays and named random streams."""

from __future__ import annotations

import statistics

import pytest
from pydantic import TypeAdapter

from harmoni_model.scenario.format import LengthOfStay
from harmoni_model.simulation.streams import residual_sampler, stay_sampler, stream

N = 100_000
_adapter = TypeAdapter(LengthOfStay)


def _dist(**spec):
    return _adapter.validate_python(spec)


# (distribution, mean, variance): residual mean is E[S^2] / (2 E[S]) = (var + mean^2) / (2 mean)
CASES = [
    (_dist(distribution="exponential", mean=3.0), 3.0, 9.0),
    (_dist(distribution="lognormal", mean=5.0, cv=0.8), 5.0, (0.8 * 5) ** 2),
    (_dist(distribution="gamma", mean=14.0, cv=0.5), 14.0, (0.5 * 14) ** 2),
    (_dist(distribution="triangular", min=1, mode=2, max=6), 3.0, (1 + 4 + 36 - 2 - 6 - 12) / 18),
    (_dist(distribution="fixed", value=4.0), 4.0, 0.0),
    (_dist(distribution="empirical", values=[1, 2, 2, 7]), 3.0, statistics.pvariance([1, 2, 2, 7])),
    # uniform on [2, 6] written as a CDF: mean 4, variance 16/12
    (_dist(distribution="empirical", cdf=[[2, 0], [6, 1]]), 4.0, 16 / 12),
]
IDS = ["exponential", "lognormal", "gamma", "triangular", "fixed", "empirical-values", "empirical-cdf"]


@pytest.mark.parametrize(("dist", "mean", "var"), CASES, ids=IDS)
def test_stay_mean_and_variance(dist, mean, var):
    draw = stay_sampler(dist, stream(1, 0, "test"))
    xs = [draw() for _ in range(N)]
    assert statistics.fmean(xs) == pytest.approx(mean, rel=0.02)
    assert statistics.pvariance(xs) == pytest.approx(var, rel=0.06, abs=1e-12)
    assert min(xs) >= 0


@pytest.mark.parametrize(("dist", "mean", "var"), CASES, ids=IDS)
def test_residual_stay_is_the_stationary_excess(dist, mean, var):
    draw = residual_sampler(dist, stream(1, 0, "test"))
    xs = [draw() for _ in range(N)]
    assert statistics.fmean(xs) == pytest.approx((var + mean**2) / (2 * mean), rel=0.03)


def test_empirical_cdf_with_a_flat_step():
    dist = _dist(distribution="empirical", cdf=[[1, 0], [2, 0.5], [5, 0.5], [6, 1]])
    draw = stay_sampler(dist, stream(3, 0, "x"))
    xs = [draw() for _ in range(20_000)]
    assert not any(2 < x < 5 for x in xs)  # no mass where the CDF is flat
    assert statistics.fmean(xs) == pytest.approx((1.5 + 5.5) / 2, rel=0.02)


def test_streams_are_reproducible_and_distinct():
    a = [stream(42, 0, "stay:hospital").random() for _ in range(3)]
    assert a == [stream(42, 0, "stay:hospital").random() for _ in range(3)]
    others = [stream(42, 1, "stay:hospital"), stream(43, 0, "stay:hospital"), stream(42, 0, "stay:kad")]
    firsts = {s.random() for s in others} | {a[0]}
    assert len(firsts) == 4
