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
from statistics import NormalDist

from harmoni_model.scenario.format import (
    Empirical,
    Exponential,
    Fixed,
    Gamma,
    LengthOfStay,
    LogNormal,
    Triangular,
    Weibull,
)

Sampler = Callable[[], float]


def stream(seed: int, replication: int, purpose: str) -> random.Random:
    """An independent random stream for one purpose in one replication."""
    digest = hashlib.sha256(f"harmoni:{seed}:{replication}:{purpose}".encode()).digest()
    return random.Random(int.from_bytes(digest, "little"))  # all 256 bits seed the Mersenne Twister


def _lognormal_params(mean: float, cv: float) -> tuple[float, float]:
    sigma2 = math.log1p(cv * cv)
    return math.log(mean) - sigma2 / 2, math.sqrt(sigma2)


def weibull_shape(cv: float) -> float:
    """The Weibull shape k whose coefficient of variation is `cv` (cv² + 1 = Γ(1 + 2/k) / Γ(1 + 1/k)²)."""

    def cv_of(k: float) -> float:
        return math.sqrt(math.exp(math.lgamma(1 + 2 / k) - 2 * math.lgamma(1 + 1 / k)) - 1)

    lo, hi = 0.05, 500.0  # cv falls as k grows: cv(0.05) is about 1e9, cv(500) about 0.0026
    for _ in range(200):
        mid = math.sqrt(lo * hi)
        if cv_of(mid) > cv:
            lo = mid
        else:
            hi = mid
        if hi / lo < 1 + 1e-13:
            break
    return math.sqrt(lo * hi)


def weibull_params(mean: float, cv: float) -> tuple[float, float]:
    """(shape k, scale λ) of the Weibull distribution with this mean and cv."""
    k = weibull_shape(cv)
    return k, mean / math.gamma(1 + 1 / k)


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
    if isinstance(dist, Weibull):
        k, scale = weibull_params(dist.mean, dist.cv)
        return lambda: rng.weibullvariate(scale, k)
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
    if isinstance(dist, Weibull):
        # A length-biased Weibull(k, λ): (X/λ)^k is Gamma(1 + 1/k, 1).
        k, scale = weibull_params(dist.mean, dist.cv)
        return lambda: _split(scale * rng.gammavariate(1.0 + 1.0 / k, 1.0) ** (1.0 / k), rng.random())
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


_NORMAL = NormalDist()


def conditional_residual(dist: LengthOfStay, rng: random.Random) -> Callable[[float], float]:
    """What is left of a stay that has lasted `elapsed` days: X − a given X > a, with X from `dist`.

    Used for patients whose elapsed time is known (a scenario's ``initial_state``, from an
    extract), so their residual stays are right: a lognormal stay that has lasted long has longer
    to go, an exponential one does not care. Exact for every family (a gamma tail by rejection
    from a shifted exponential).
    """
    if isinstance(dist, Exponential):
        lam = 1.0 / dist.mean
        return lambda elapsed: rng.expovariate(lam)
    if isinstance(dist, LogNormal):
        mu, sigma = _lognormal_params(dist.mean, dist.cv)

        def lognormal(elapsed: float) -> float:
            if elapsed <= 0:
                return math.exp(rng.gauss(mu, sigma))
            z_a = (math.log(elapsed) - mu) / sigma
            if z_a < 3.0:  # inversion on [Φ(z_a), 1)
                lo = _NORMAL.cdf(z_a)
                u = lo + (1.0 - lo) * rng.random()
                z = _NORMAL.inv_cdf(min(max(u, 1e-300), 1.0 - 1e-16))
            else:  # Marsaglia's exact method for the normal tail beyond z_a
                while True:
                    z = math.sqrt(z_a * z_a - 2.0 * math.log(1.0 - rng.random()))
                    if rng.random() * z <= z_a:
                        break
            return max(math.exp(mu + sigma * z) - elapsed, 0.0)

        return lognormal
    if isinstance(dist, Weibull):
        k, scale = weibull_params(dist.mean, dist.cv)

        def weibull(elapsed: float) -> float:  # S(x) = exp(-(x/λ)^k): (X/λ)^k − (a/λ)^k is Exp(1) beyond a
            x = scale * ((elapsed / scale) ** k + rng.expovariate(1.0)) ** (1.0 / k)
            return max(x - elapsed, 0.0)

        return weibull
    if isinstance(dist, Gamma):
        k = 1.0 / (dist.cv * dist.cv)
        theta = dist.mean / k

        def gamma(elapsed: float) -> float:
            a = elapsed / theta  # in units of θ: the target density on x > a is x^(k-1) e^(-x)
            if a <= max(k - 1.0, 0.0):  # before the mode: at least about a third of all stays last longer, so rejection
                while True:
                    x = rng.gammavariate(k, 1.0)
                    if x > a:
                        return (x - a) * theta
            # The tail: a + Exp(λ) with λ = 1 − (k − 1)/a (1 when k < 1), accepted with the density ratio
            # over its maximum at a (exact; the acceptance rate rises the further out the tail).
            lam = 1.0 if k < 1.0 else 1.0 - (k - 1.0) / a
            while True:
                x = a + rng.expovariate(lam)
                ratio = (x / a) ** (k - 1.0) * (math.exp(-(1.0 - lam) * (x - a)) if lam < 1.0 else 1.0)
                if rng.random() <= ratio:
                    return (x - a) * theta

        return gamma
    if isinstance(dist, Fixed):
        value = dist.value
        return lambda elapsed: max(value - elapsed, 0.0)
    if isinstance(dist, Triangular):
        lo, mode, hi = dist.min, dist.mode, dist.max

        def cdf(x: float) -> float:
            if x <= lo:
                return 0.0
            if x >= hi:
                return 1.0
            if x <= mode:
                return (x - lo) ** 2 / ((hi - lo) * (mode - lo))
            return 1.0 - (hi - x) ** 2 / ((hi - lo) * (hi - mode))

        def inverse(u: float) -> float:
            split = (mode - lo) / (hi - lo)
            if u <= split:
                return lo + math.sqrt(u * (hi - lo) * (mode - lo))
            return hi - math.sqrt((1.0 - u) * (hi - lo) * (hi - mode))

        def triangular(elapsed: float) -> float:
            f = cdf(elapsed)
            if f >= 1.0:
                return 0.0
            return max(inverse(f + (1.0 - f) * rng.random()) - elapsed, 0.0)

        return triangular
    if isinstance(dist, Empirical) and dist.values is not None:
        ordered = sorted(float(v) for v in dist.values)

        def values(elapsed: float) -> float:
            first = bisect.bisect_right(ordered, elapsed)  # the values longer than the time passed
            if first >= len(ordered):
                return 0.0
            return ordered[first + int(rng.random() * (len(ordered) - first))] - elapsed

        return values
    points = dist.cdf or ()
    xs, fs = [p[0] for p in points], [p[1] for p in points]

    def piecewise(elapsed: float) -> float:
        if elapsed <= xs[0]:
            f = 0.0
        elif elapsed >= xs[-1]:
            return 0.0
        else:
            i = bisect.bisect_right(xs, elapsed)
            x0, x1, f0, f1 = xs[i - 1], xs[i], fs[i - 1], fs[i]
            f = f0 + (f1 - f0) * (elapsed - x0) / (x1 - x0) if x1 > x0 else f1
        if f >= 1.0:
            return 0.0
        return max(_cdf_inverse(xs, fs, f + (1.0 - f) * rng.random()) - elapsed, 0.0)

    return piecewise
