"""Named random streams and samplers for lengths of stay.

Every purpose (``arrivals:<id>``, ``stay:<id>``, ``route:<id>``, ``initial:<id>``,
``age:<id>``, ``delay:<id>:<route>``, ``renege:<id>``) gets its own
``random.Random`` seeded with a SHA-256 digest of
(seed, replication, purpose): streams are independent, reproducible and
unaffected by adding or removing other services. (No numpy: the engine's
import stays light for the CLI and the worker processes.)
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import math
import random
from collections.abc import Callable

from harmoni_model.scenario.format import Empirical, Exponential, Fixed, Gamma, LengthOfStay, LogNormal, Triangular

Sampler = Callable[[], float]


def stream(seed: int, replication: int, purpose: str) -> random.Random:
    """An independent random stream for one purpose in one replication."""
    digest = hashlib.sha256(f"harmoni:{seed}:{replication}:{purpose}".encode()).digest()
    return random.Random(int.from_bytes(digest, "little"))  # all 256 bits seed the Mersenne Twister


def _lognormal_params(mean: float, cv: float) -> tuple[float, float]:
    sigma2 = math.log1p(cv * cv)
    return math.log(mean) - sigma2 / 2, math.sqrt(sigma2)


def _cdf_inverse(xs: list[float], fs: list[float], u: float) -> float:
    i = bisect.bisect_right(fs, u)
    if i <= 0:
        return xs[0]
    if i >= len(fs):
        return xs[-1]
    f0, f1 = fs[i - 1], fs[i]
    x0, x1 = xs[i - 1], xs[i]
    return x0 + (x1 - x0) * (u - f0) / (f1 - f0) if f1 > f0 else x1


def stay_sampler(dist: LengthOfStay, rng: random.Random) -> Sampler:
    """A function drawing lengths of stay (days) from `dist` with `rng`."""
    if isinstance(dist, Exponential):
        lam = 1.0 / dist.mean
        return lambda: rng.expovariate(lam)
    if isinstance(dist, LogNormal):
        mu, sigma = _lognormal_params(dist.mean, dist.cv)
        exp, gauss = math.exp, rng.gauss  # gauss is several times faster than lognormvariate
        return lambda: exp(gauss(mu, sigma))
    if isinstance(dist, Gamma):
        k = 1.0 / (dist.cv * dist.cv)
        theta = dist.mean / k
        return lambda: rng.gammavariate(k, theta)
    if isinstance(dist, Triangular):
        lo, mode, hi = dist.min, dist.mode, dist.max
        return lambda: rng.triangular(lo, hi, mode)
    if isinstance(dist, Fixed):
        value = dist.value
        return lambda: value
    if isinstance(dist, Empirical):
        if dist.values is not None:
            values = list(dist.values)
            n = len(values)
            return lambda: values[int(rng.random() * n)]
        points = dist.cdf or ()
        xs, fs = [p[0] for p in points], [p[1] for p in points]
        return lambda: _cdf_inverse(xs, fs, rng.random())
    raise TypeError(f"unknown distribution {dist!r}")


def residual_sampler(dist: LengthOfStay, rng: random.Random) -> Sampler:
    """Residual stays of patients already present in a long-running service (see :func:`initial_sampler`)."""
    pair = initial_sampler(dist, rng, rng)
    return lambda: pair()[0]


def initial_sampler(
    dist: LengthOfStay, rng: random.Random, age_rng: random.Random
) -> Callable[[], tuple[float, float]]:
    """(residual, elapsed) stays of patients already present in a long-running service.

    The stationary-excess distribution: a length-biased stay X split at a uniform
    fraction U into what is left (X·U) and what has passed (X·(1 − U)), so a
    service started from `initial_occupancy` is near steady state and the event
    log can say when each patient came. For exponential stays the two are
    independent exponentials; the elapsed one is drawn from `age_rng`, so the
    residuals (and every later draw) are the same whether or not it is used.
    """
    if isinstance(dist, Exponential):
        lam = 1.0 / dist.mean
        return lambda: (rng.expovariate(lam), age_rng.expovariate(lam))
    if isinstance(dist, LogNormal):
        mu, sigma = _lognormal_params(dist.mean, dist.cv)
        exp, gauss = math.exp, rng.gauss
        return lambda: _split(exp(gauss(mu + sigma * sigma, sigma)), rng.random())
    if isinstance(dist, Gamma):
        k = 1.0 / (dist.cv * dist.cv)
        theta = dist.mean / k
        return lambda: _split(rng.gammavariate(k + 1.0, theta), rng.random())
    if isinstance(dist, Fixed):
        value = dist.value
        return lambda: _split(value, rng.random())
    if isinstance(dist, Empirical) and dist.values is not None:
        values = list(dist.values)
        cum = list(itertools.accumulate(float(v) for v in values))
        total = cum[-1]
        last = len(values) - 1
        return lambda: _split(values[min(bisect.bisect_right(cum, rng.random() * total), last)], rng.random())
    # Triangular and a piecewise-linear CDF are bounded: length-bias by rejection.
    draw = stay_sampler(dist, rng)
    upper = dist.max if isinstance(dist, Triangular) else max(p[0] for p in (dist.cdf or ((1.0, 1.0),)))

    def biased() -> tuple[float, float]:
        while True:
            x = draw()
            if rng.random() * upper < x:
                return _split(x, rng.random())

    return biased


def _split(stay: float, u: float) -> tuple[float, float]:
    """A length-biased stay split at the fraction `u`: (what is left, what has passed)."""
    return stay * u, stay * (1.0 - u)
