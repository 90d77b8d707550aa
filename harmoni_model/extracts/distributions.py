"""Lengths of stay (or processing delays) of one service, fitted to observed durations.

:func:`fit_durations` fits the exponential, lognormal, gamma and Weibull families by maximum
likelihood, chooses by AIC, measures each fit by its Kolmogorov-Smirnov distance to the
Kaplan-Meier curve, and falls back to an empirical CDF when none fits. It handles the two ways an
extract cuts stays:

- **right-censoring**: a stay still going at the end of the extract is only known to last at least
  its duration so far (it contributes S(x) instead of f(x));
- **left truncation**: a patient already in a place when observation began is seen only because the
  stay lasted that long (patients present on a day are length-biased); a stay that was `entry` days
  old at the start contributes f(x)/S(entry), or S(x)/S(entry) when censored as well.

Long-term places (mean stays of two years in a three-year extract) are mostly cut both ways; a fit
that ignores either is far off (tests/test_distributions.py measures by how much).

Durations are in days. A duration below one second (a stay that ended the same minute it began) is
real, but log 0 is not: every duration is counted as at least one second (1/86 400 day) in the fits,
the Kaplan-Meier curve and the KS distance.

The fitted parameters are held to the scenario format's range of the coefficient of variation,
0.01 to 10 (a constrained maximum), so every fit can be written into a scenario.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from harmoni_model.problems import InputError, Problem

FAMILIES: tuple[str, ...] = ("exponential", "lognormal", "gamma", "weibull")
MIN_DURATION = 1.0 / 86_400  # one second, in days
CV_MIN, CV_MAX = 0.01, 10.0  # the scenario format's range (harmoni_model.scenario.format.Cv)
MAX_CDF_POINTS = 200
KM_REACH = 0.99  # the empirical fallback needs the Kaplan-Meier curve to reach this F
_N_PARAMS = {"exponential": 1, "lognormal": 2, "gamma": 2, "weibull": 2}
_LOG_2PI = math.log(2 * math.pi)


class DurationError(InputError):
    """Durations that cannot be fitted: none, all censored, negative, flags of another length."""

    def __init__(self, message: str):
        super().__init__([Problem("", message)])


@dataclass(frozen=True)
class Candidate:
    """One family fitted by maximum likelihood.

    `params` are the family's natural parameters: ``rate`` (exponential), ``mu`` and ``sigma`` of
    log x (lognormal), ``shape`` and ``scale`` (gamma, Weibull). `loglik` and `aic` are on all the
    durations (also when the fit used a subsample); `ks` is sup |F - (1 - S_KM)| over the observed times.
    """

    family: str
    params: dict[str, float]
    mean: float
    cv: float
    loglik: float
    aic: float
    ks: float


@dataclass(frozen=True)
class DurationFit:
    """The families fitted to one set of durations, the best by AIC, and what a scenario should use.

    `distribution` is scenario data (a length of stay or a route's delay): the best family as
    ``{"distribution": family, "mean": m, "cv": c}`` (exponential: mean only), or, when `fallback`,
    ``{"distribution": "empirical", "cdf": [[x, F], ...]}`` from the Kaplan-Meier curve. `ks` is the
    KS distance of what `distribution` is; `note` says in one line what was chosen and why.
    """

    n: int
    n_censored: int
    n_truncated: int
    candidates: tuple[Candidate, ...]  # sorted by AIC
    best: Candidate  # lowest AIC
    fallback: bool  # True: no family fits, `distribution` is the empirical CDF
    distribution: dict[str, Any]
    ks: float
    note: str


# --- input -----------------------------------------------------------------


def _first_bad(mask: np.ndarray, values: np.ndarray) -> str:
    i = int(np.flatnonzero(mask)[0])
    return f"{int(mask.sum())} {'is' if mask.sum() == 1 else 'are'} not (the first, at position {i}, is {values[i]:g})"


def _arrays(
    durations: ArrayLike, censored: ArrayLike | None, entry: ArrayLike | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Checked float durations, bool censored flags and float entries, all of one length."""
    try:
        x = np.asarray(durations, dtype=float).ravel()
    except (TypeError, ValueError):
        raise DurationError("durations must be numbers (days)") from None
    n = x.size
    if n == 0:
        raise DurationError("no durations to fit: the list is empty")
    bad = ~np.isfinite(x) | (x < 0)
    if bad.any():
        raise DurationError(f"durations must be finite numbers of days >= 0: {_first_bad(bad, x)}")
    if censored is None:
        c = np.zeros(n, dtype=bool)
    else:
        c = np.asarray(censored).ravel()
        if c.size != n:
            raise DurationError(f"censored has {c.size} values for {n} durations: give one flag per duration")
        c = c.astype(bool)
    if entry is None:
        e = np.zeros(n)
    else:
        try:
            e = np.asarray(entry, dtype=float).ravel()
        except (TypeError, ValueError):
            raise DurationError("entry must be numbers (days)") from None
        if e.size != n:
            raise DurationError(f"entry has {e.size} values for {n} durations: give one per duration (0 = none)")
        bad = ~np.isfinite(e) | (e < 0)
        if bad.any():
            raise DurationError(f"entry must be finite numbers of days >= 0: {_first_bad(bad, e)}")
        bad = e > x
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise DurationError(
                f"entry must not exceed the duration (a stay cannot be older when observation began than it "
                f"lasted): {int(bad.sum())} do, the first at position {i} ({e[i]:g} > {x[i]:g})"
            )
    return x, c, e


# --- Kaplan-Meier ----------------------------------------------------------


def _km(x: np.ndarray, c: np.ndarray, e: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    ended = x[~c]
    times, deaths = np.unique(ended, return_counts=True)
    # At risk at t: entry < t <= duration, counted as #(entry < t) - #(duration < t) (entry <= duration).
    # Entry 0 is no truncation: at risk from before 0, so that a stay of length 0 is at risk at 0.
    e_from = np.where(e > 0, e, -np.inf)
    at_risk = np.searchsorted(np.sort(e_from), times, "left") - np.searchsorted(np.sort(x), times, "left")
    # A stay that ended the moment observation began (entry == duration, as dates without times give)
    # is at risk at its own end: else it would be a death outside its risk set.
    same = ~c & (e == x) & (e > 0)
    if same.any():
        at_risk = at_risk + np.searchsorted(np.sort(x[same]), times, "right")
        at_risk = at_risk - np.searchsorted(np.sort(x[same]), times, "left")
    return times, np.cumprod(1.0 - deaths / at_risk)


def kaplan_meier(
    durations: ArrayLike, censored: ArrayLike | None = None, entry: ArrayLike | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """The Kaplan-Meier curve with right-censoring and left truncation.

    Returns ``(times, survival)``: the distinct durations of stays that ended, sorted, and the
    estimated share of stays lasting longer than each (S just after it). The risk set at t is every
    stay with entry < t <= duration (entry 0: from before 0), and a stay that ended at its entry is
    at risk then. Empty arrays when every stay is censored.
    """
    x, c, e = _arrays(durations, censored, entry)
    return _km(x, c, e)


# --- Weibull shape and cv ----------------------------------------------------


def weibull_cv(shape: float) -> float:
    """The coefficient of variation of a Weibull distribution with this shape (exact)."""
    from scipy.special import gamma, gammaln

    k = float(shape)
    if not (k > 0 and math.isfinite(k)):
        raise ValueError(f"a Weibull shape must be a positive number, not {shape!r}")
    if 0.05 <= k <= 1:  # Γ itself is exact here (Γ(3)/Γ(2)² - 1 = 1 for the exponential)
        return math.sqrt(float(gamma(1 + 2 / k)) / float(gamma(1 + 1 / k)) ** 2 - 1)
    # Elsewhere in logs: no overflow for small shapes, no cancellation (expm1) for large ones.
    g = float(gammaln(1 + 2 / k) - 2 * gammaln(1 + 1 / k))
    return math.sqrt(math.expm1(g)) if g < 700 else math.exp(g / 2)


def _log_cv2(k: float) -> float:
    from scipy.special import gammaln

    g = float(gammaln(1 + 2 / k) - 2 * gammaln(1 + 1 / k))
    return math.log(math.expm1(g)) if g < 700 else g


def weibull_shape(cv: float) -> float:
    """The Weibull shape with this coefficient of variation (the inverse of :func:`weibull_cv`)."""
    from scipy.optimize import brentq

    v = float(cv)
    if not (1e-4 <= v <= 1e4):
        raise ValueError(f"a Weibull cv must be between 0.0001 and 10000, not {cv!r}")
    if v == 1.0:
        return 1.0
    target = 2 * math.log(v)
    # cv falls as the shape grows; bisect on log(shape) over shapes 0.02 to 1e5 (cv ~ 1e11 to 1.3e-5).
    log_k = brentq(lambda t: _log_cv2(math.exp(t)) - target, math.log(0.02), math.log(1e5), xtol=1e-15, rtol=1e-15)
    return math.exp(log_k)


_WEIBULL_SHAPES: tuple[float, float] | None = None


def _weibull_bounds() -> tuple[float, float]:
    global _WEIBULL_SHAPES
    if _WEIBULL_SHAPES is None:
        _WEIBULL_SHAPES = (weibull_shape(CV_MAX), weibull_shape(CV_MIN))
    return _WEIBULL_SHAPES


# --- the families -----------------------------------------------------------


@dataclass
class _Sample:
    """The durations split the way the likelihood uses them (all at least one second)."""

    ended: np.ndarray  # durations of stays that ended: f(x)
    censored: np.ndarray  # durations of stays still going: S(x)
    entries: np.ndarray  # entry ages > 0: / S(entry)
    n: int = 0
    d: int = 0
    log_ended: np.ndarray = field(default_factory=lambda: np.empty(0))
    s1: float = 0.0  # sum of log x over ended stays
    exposure: float = 0.0  # sum of (duration - entry): the time observed

    def __post_init__(self) -> None:
        self.n = self.ended.size + self.censored.size
        self.d = self.ended.size
        self.log_ended = np.log(self.ended)
        self.s1 = float(self.log_ended.sum())
        self.exposure = float(self.ended.sum() + self.censored.sum() - self.entries.sum())

    @property
    def complete(self) -> bool:
        return self.censored.size == 0 and self.entries.size == 0


def _sample(x: np.ndarray, c: np.ndarray, e: np.ndarray) -> _Sample:
    return _Sample(x[~c], x[c], e[e > 0])


def _log_gamma_sf(a: float, z: np.ndarray) -> np.ndarray:
    """log Q(a, z), the log survival of a unit-scale gamma, finite where Q underflows."""
    from scipy.special import gammaincc, gammaln

    q = gammaincc(a, z)
    out = np.empty_like(z)
    ok = q > 1e-300
    out[ok] = np.log(q[ok])
    if not ok.all():  # far in the tail (z > a): Γ(a, z) ~ z^(a-1) e^-z / (1 - (a-1)/z)
        zz = z[~ok]
        out[~ok] = (a - 1) * np.log(zz) - zz - gammaln(a) - np.log1p(-np.minimum((a - 1) / zz, 0.5))
    return out


def _lognormal_params(mean: float, cv: float) -> tuple[float, float]:
    s2 = math.log1p(cv * cv)
    return math.log(mean) - s2 / 2, math.sqrt(s2)


def _loglik(family: str, p: dict[str, float], s: _Sample) -> float:
    """The log-likelihood of the sample (censored and truncated terms included)."""
    from scipy.special import gammaln, log_ndtr

    if family == "exponential":
        rate = p["rate"]
        return s.d * math.log(rate) - rate * s.exposure
    if family == "lognormal":
        mu, sigma = p["mu"], p["sigma"]
        z = (s.log_ended - mu) / sigma
        total = -s.s1 - s.d * (math.log(sigma) + 0.5 * _LOG_2PI) - 0.5 * float(z @ z)
        total += float(log_ndtr(-(np.log(s.censored) - mu) / sigma).sum())
        return total - float(log_ndtr(-(np.log(s.entries) - mu) / sigma).sum())
    if family == "gamma":
        k, theta = p["shape"], p["scale"]
        total = (k - 1) * s.s1 - float(s.ended.sum()) / theta - s.d * (float(gammaln(k)) + k * math.log(theta))
        total += float(_log_gamma_sf(k, s.censored / theta).sum())
        return total - float(_log_gamma_sf(k, s.entries / theta).sum())
    if family == "weibull":
        k, lam = p["shape"], p["scale"]
        log_lam = math.log(lam)
        total = s.d * (math.log(k) - k * log_lam) + (k - 1) * s.s1
        total -= float(np.exp(k * (s.log_ended - log_lam)).sum())
        total -= float(np.exp(k * (np.log(s.censored) - log_lam)).sum())
        return total + float(np.exp(k * (np.log(s.entries) - log_lam)).sum())
    raise ValueError(f"unknown family {family!r}")


def _moments(family: str, p: dict[str, float]) -> tuple[float, float]:
    """(mean, cv) of a family with natural parameters `p`."""
    from scipy.special import gammaln

    if family == "exponential":
        return 1 / p["rate"], 1.0
    if family == "lognormal":
        return math.exp(p["mu"] + p["sigma"] ** 2 / 2), math.sqrt(math.expm1(p["sigma"] ** 2))
    if family == "gamma":
        return p["shape"] * p["scale"], 1 / math.sqrt(p["shape"])
    k = p["shape"]
    return p["scale"] * math.exp(float(gammaln(1 + 1 / k))), weibull_cv(k)


def _cdf(family: str, p: dict[str, float]) -> Callable[[np.ndarray], np.ndarray]:
    from scipy.special import gammainc, ndtr

    if family == "exponential":
        return lambda t: -np.expm1(-p["rate"] * t)
    if family == "lognormal":
        return lambda t: ndtr((np.log(t) - p["mu"]) / p["sigma"])
    if family == "gamma":
        return lambda t: gammainc(p["shape"], t / p["scale"])
    return lambda t: -np.expm1(-np.exp(p["shape"] * (np.log(t) - math.log(p["scale"]))))


def _minimise_mean_cv(family: str, s: _Sample, mean0: float, cv0: float) -> dict[str, float]:
    """Maximum likelihood over (log mean, log cv) with L-BFGS-B, cv held to the format's range."""
    from scipy.optimize import minimize

    to_params = _lognormal_natural if family == "lognormal" else _gamma_natural

    def objective(v: np.ndarray) -> float:
        value = -_loglik(family, to_params(math.exp(v[0]), math.exp(v[1])), s) / s.n
        return value if math.isfinite(value) else 1e300

    start = np.array([math.log(mean0), math.log(min(max(cv0, CV_MIN), CV_MAX))])
    bounds = [(None, None), (math.log(CV_MIN), math.log(CV_MAX))]
    res = minimize(objective, start, method="L-BFGS-B", bounds=bounds, options={"ftol": 1e-12, "gtol": 1e-8})
    if not np.isfinite(res.fun) or res.fun >= 1e300:  # pragma: no cover - a safety net for odd data
        res = minimize(objective, start, method="Nelder-Mead", options={"xatol": 1e-8, "fatol": 1e-12})
    return to_params(math.exp(res.x[0]), math.exp(res.x[1]))


def _lognormal_natural(mean: float, cv: float) -> dict[str, float]:
    mu, sigma = _lognormal_params(mean, cv)
    return {"mu": mu, "sigma": sigma}


def _gamma_natural(mean: float, cv: float) -> dict[str, float]:
    k = 1 / (cv * cv)
    return {"shape": k, "scale": mean / k}


def _gamma_shape_complete(s: _Sample) -> float:
    """The gamma shape's MLE for complete data: log k - ψ(k) = log(mean) - mean(log x), in range."""
    from scipy.optimize import brentq
    from scipy.special import digamma

    target = math.log(float(s.ended.mean())) - s.s1 / s.d
    k_lo, k_hi = 1 / CV_MAX**2, 1 / CV_MIN**2

    def g(t: float) -> float:
        k = math.exp(t)
        return math.log(k) - float(digamma(k)) - target

    if g(math.log(k_hi)) >= 0:
        return k_hi
    if g(math.log(k_lo)) <= 0:
        return k_lo
    return math.exp(brentq(g, math.log(k_lo), math.log(k_hi), xtol=1e-13))


def _fit_weibull(s: _Sample) -> dict[str, float]:
    """Weibull MLE on the profile likelihood: given the shape k, scale^k = sum(x^k - entry^k) / d."""
    from scipy.optimize import minimize_scalar

    log_all = np.concatenate([s.log_ended, np.log(s.censored)])
    log_c = float(log_all.max())  # x / max(x) <= 1: no overflow of x^k for large shapes
    r_all, r_entry = log_all - log_c, np.log(s.entries) - log_c

    def log_a(k: float) -> float:  # log sum(x^k - entry^k), scaled back
        total = float(np.exp(k * r_all).sum() - np.exp(k * r_entry).sum())
        return k * log_c + math.log(max(total, 1e-300))

    def minus_profile(t: float) -> float:
        k = math.exp(t)
        return -(s.d * math.log(k) - s.d * (log_a(k) - math.log(s.d)) + (k - 1) * s.s1)

    k_lo, k_hi = _weibull_bounds()
    res = minimize_scalar(minus_profile, bounds=(math.log(k_lo), math.log(k_hi)), method="bounded",
                          options={"xatol": 1e-10})  # fmt: skip
    k = math.exp(float(res.x))
    return {"shape": k, "scale": math.exp((log_a(k) - math.log(s.d)) / k)}


def _fit_family(family: str, s: _Sample) -> dict[str, float]:
    if family == "exponential":  # closed form with censoring and truncation: ended / time observed
        return {"rate": s.d / s.exposure}
    if family == "weibull":
        return _fit_weibull(s)
    sd = float(s.log_ended.std()) if s.d > 1 else 1.0
    if family == "lognormal":
        sigma_lo, sigma_hi = _lognormal_params(1.0, CV_MIN)[1], _lognormal_params(1.0, CV_MAX)[1]
        if s.complete:  # closed form: the mean and sd of log x (the profile in sigma is unimodal: clip)
            return {"mu": s.s1 / s.d, "sigma": min(max(sd, sigma_lo), sigma_hi)}
        cv0 = math.sqrt(math.expm1(min(max(sd, sigma_lo), sigma_hi) ** 2))
        return _minimise_mean_cv(family, s, s.exposure / s.d, cv0)
    if family == "gamma":
        k = _gamma_shape_complete(s)
        if s.complete:
            return {"shape": k, "scale": float(s.ended.mean()) / k}
        return _minimise_mean_cv(family, s, s.exposure / s.d, 1 / math.sqrt(k))
    raise ValueError(f"unknown family {family!r}")


# --- KS distance and the empirical CDF -------------------------------------


@dataclass
class _KmGrid:
    """The Kaplan-Meier F = 1 - S on every observed time, at it and just before it."""

    times: np.ndarray  # distinct observed durations (ended or not)
    f_at: np.ndarray
    f_before: np.ndarray
    km_times: np.ndarray  # distinct ended durations
    km_f: np.ndarray  # F just after each

    def at(self, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """F at `t` and just before `t` (a right-continuous step function)."""
        f_ext = np.concatenate([[0.0], self.km_f])
        return f_ext[np.searchsorted(self.km_times, t, "right")], f_ext[np.searchsorted(self.km_times, t, "left")]


def _km_grid(x: np.ndarray, c: np.ndarray, e: np.ndarray) -> _KmGrid:
    km_times, surv = _km(x, c, e)
    grid = _KmGrid(np.unique(x), np.empty(0), np.empty(0), km_times, 1.0 - surv)
    grid.f_at, grid.f_before = grid.at(grid.times)
    return grid


def _ks(f: np.ndarray, grid: _KmGrid) -> float:
    # F is continuous and KM a step function: the sup is at a step, on one side of it.
    return float(max(np.abs(f - grid.f_at).max(), np.abs(f - grid.f_before).max()))


def _piecewise_cdf(xs: np.ndarray, fs: np.ndarray, t: np.ndarray, before: bool = False) -> np.ndarray:
    """A piecewise-linear CDF through (xs, fs) at `t` (`before`: just before `t`; xs may repeat: a jump)."""
    i = np.searchsorted(xs, t, "left" if before else "right") - 1  # the last point < t (<= t)
    out = np.zeros_like(t, dtype=float)
    inside = (i >= 0) & (i < xs.size - 1)
    j = i[inside]
    x0, x1, f0, f1 = xs[j], xs[j + 1], fs[j], fs[j + 1]
    out[inside] = f0 + (f1 - f0) * (t[inside] - x0) / (x1 - x0)  # x0 < x1 here: no division by zero
    out[i >= xs.size - 1] = fs[-1]
    return out


def _ks_piecewise(cdf: list[list[float]], grid: _KmGrid) -> float:
    """sup |F - F_KM| for a piecewise-linear F that may jump: both sides of every step of either."""
    xs, fs = np.asarray(cdf).T
    t = np.union1d(grid.times, xs)
    km_at, km_before = grid.at(t)
    return float(max(np.abs(_piecewise_cdf(xs, fs, t) - km_at).max(),
                     np.abs(_piecewise_cdf(xs, fs, t, before=True) - km_before).max()))  # fmt: skip


def _sig(v: float, digits: int) -> float:
    return float(f"{v:.{digits}g}")


def _empirical(grid: _KmGrid, x_max: float) -> list[list[float]]:
    """At most 200 points (x, F) through the Kaplan-Meier curve, piecewise linear, F from 0 to 1.

    Few distinct durations (whole days, say): the step function itself, a jump at each. Else the
    curve's corners at quantiles, evenly in F and closer towards the top (the upper tail carries
    much of the mean), with a jump wherever the curve jumps by 2 % or more.
    """
    t, f = grid.km_times, grid.km_f
    f_before = np.concatenate([[0.0], f[:-1]])
    if t.size <= (MAX_CDF_POINTS - 2) // 2:
        xs, fs = np.repeat(t, 2), np.column_stack([f_before, f]).ravel()
    else:
        levels = np.concatenate([np.linspace(0.0, 1.0, 101), 1.0 - np.geomspace(0.02, 1e-6, 40)])
        corner = np.unique(np.minimum(np.searchsorted(f, levels - 1e-12, "left"), t.size - 1))
        jumps = np.flatnonzero(f - f_before >= 0.02)[:50]  # at most 50 jumps of 2 %
        xs = np.concatenate([t[:1], t[corner], t[jumps]])
        fs = np.concatenate([[0.0], f[corner], f_before[jumps]])
        order = np.lexsort((fs, xs))
        xs, fs = xs[order], fs[order]
    if f[-1] < 1.0 - 1e-9:  # censored tail: spread the rest up to the longest stay observed
        xs, fs = np.append(xs, x_max), np.append(fs, 1.0)
    points: list[list[float]] = []
    for x, p in zip(xs, fs, strict=True):
        point = [float(x), round(float(p), 6)]  # x exactly an observed time: a jump stays where it is
        if points:  # rounding must not make the points decrease
            point = [max(point[0], points[-1][0]), max(point[1], points[-1][1])]
            if point == points[-1]:
                continue
        if len(points) >= 2 and points[-1][0] == points[-2][0] == point[0]:
            points[-1] = point  # a run of points at one x (a jump): keep its first and last
        elif len(points) >= 2 and points[-1][1] == points[-2][1] == point[1]:
            points[-1] = point  # a run at one F (no stays there): likewise
        else:
            points.append(point)
    points[0][1], points[-1][1] = 0.0, 1.0
    if len(points) == 1:
        points.append([points[0][0], 1.0])
    assert 2 <= len(points) <= MAX_CDF_POINTS  # at most 1 + 141 + 50 + 1
    return points


def empirical_mean(cdf: Sequence[Sequence[float]]) -> float:
    """The mean of a piecewise-linear CDF: the sum over its pieces of dF x (x0 + x1) / 2."""
    return math.fsum((cdf[i + 1][1] - cdf[i][1]) * (cdf[i][0] + cdf[i + 1][0]) / 2 for i in range(len(cdf) - 1))


# --- the fit ---------------------------------------------------------------


def _count(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def _share(part: int, whole: int) -> str:
    p = 100 * part / whole
    return f"{p:.1f} %" if 0 < p < 1 else f"{p:.0f} %"


def _scenario_data(c: Candidate) -> dict[str, Any]:
    if c.family == "exponential":
        return {"distribution": "exponential", "mean": _sig(c.mean, 4)}
    return {"distribution": c.family, "mean": _sig(c.mean, 4), "cv": min(max(_sig(c.cv, 4), CV_MIN), CV_MAX)}


def fit_durations(
    durations: ArrayLike,
    censored: ArrayLike | None = None,
    entry: ArrayLike | None = None,
    *,
    families: Sequence[str] = FAMILIES,
    ks_limit: float | None = None,
    max_points: int | None = 200_000,
    seed: int = 0,
) -> DurationFit:
    """Fit `families` to durations (days) by maximum likelihood; choose by AIC; fall back to the empirical CDF.

    `censored[i]`: the stay was still going at the end of the extract (durations[i] is a lower bound).
    `entry[i]`: the stay was already entry[i] days old when observation began (left truncation; 0 = none).

    Each family's KS distance is sup |F(t) - (1 - S_KM(t))| over the observed times, against the
    Kaplan-Meier curve (which handles censoring and truncation); for complete data it is the usual
    one-sample KS statistic. When the best family's KS exceeds `ks_limit` the fit falls back to a
    piecewise-linear CDF through at most 200 Kaplan-Meier quantiles, but only when the curve reaches
    F >= 0.99 (with more of the tail censored an empirical CDF would have to invent it: the best
    family is kept and `note` says so). The default limit is max(0.05, 1.63/sqrt(n)): 1.63/sqrt(n)
    is the KS test's 1 % critical value, so a small sample does not fall back on noise, and 0.05 a
    practical bound of misfit, because on 100 000 stays the formal test rejects every parametric
    family over differences no planner would see.

    Two-parameter families need at least two distinct ended durations; with fewer only the
    exponential is fitted. With more than `max_points` durations the families are fitted on a seeded
    random subsample of `max_points` (said in `note`); the log-likelihood, AIC and KS are always on
    all the durations. Raises :class:`DurationError` (a ValueError) for no durations, all censored,
    negative or non-finite values, an entry beyond its duration, or flags of another length.
    """
    x, c, e = _arrays(durations, censored, entry)
    n = x.size
    n_censored, n_truncated = int(c.sum()), int((e > 0).sum())
    if n_censored == n:
        raise DurationError(
            f"all {_count(n)} stays are censored (still going at the end of the extract): "
            "a length of stay cannot be fitted without at least one that ended"
        )
    families = tuple(families)
    unknown = [f for f in families if f not in FAMILIES]
    if not families or unknown or len(set(families)) != len(families):
        raise ValueError(f"families must be distinct names among {', '.join(FAMILIES)} (got {families!r})")
    x = np.maximum(x, MIN_DURATION)  # a stay that ended the same minute: one second (see the module text)

    full = _sample(x, c, e)
    fit_on, sub_note = full, ""
    if max_points is not None and n > max_points:
        pick = np.random.default_rng(seed).choice(n, size=max_points, replace=False)
        fit_on = _sample(x[pick], c[pick], e[pick])
        sub_note = f", fitted on a random {_count(max_points)}"
    fitting, few_note = families, ""
    if np.unique(fit_on.ended).size < 2:
        if "exponential" not in families:
            raise DurationError("fewer than two distinct ended stays: only the exponential can be fitted")
        fitting, few_note = ("exponential",), ", exponential only: fewer than two distinct ended stays"

    grid = _km_grid(x, c, e)
    candidates = []
    for family in fitting:
        params = _fit_family(family, fit_on)
        mean, cv = _moments(family, params)
        loglik = _loglik(family, params, full)
        ks = _ks(_cdf(family, params)(grid.times), grid)
        candidates.append(Candidate(family, params, mean, cv, loglik, 2 * _N_PARAMS[family] - 2 * loglik, ks))
    candidates.sort(key=lambda cand: cand.aic)
    best = candidates[0]

    limit = max(0.05, 1.63 / math.sqrt(n)) if ks_limit is None else float(ks_limit)
    parts = [f"n {_count(n)}"]
    if n_censored:
        parts.append(f"{_share(n_censored, n)} censored")
    if n_truncated:
        parts.append(f"{_share(n_truncated, n)} already in a stay at the start")
    counts = ", ".join(parts) + sub_note + few_note
    reach = float(grid.km_f[-1])
    if best.ks <= limit:
        return DurationFit(n, n_censored, n_truncated, tuple(candidates), best, False, _scenario_data(best),
                           best.ks, f"{best.family} by AIC ({counts}), KS {best.ks:.3f}")  # fmt: skip
    if reach < KM_REACH:
        note = (
            f"{best.family} by AIC ({counts}), KS {best.ks:.3f}: above the limit {limit:.3f} but kept, because the "
            f"Kaplan-Meier curve reaches only F = {reach:.2f} (too many stays still going for an empirical CDF)"
        )
        return DurationFit(n, n_censored, n_truncated, tuple(candidates), best, False, _scenario_data(best),
                           best.ks, note)  # fmt: skip
    cdf = _empirical(grid, float(x.max()))
    ks = _ks_piecewise(cdf, grid)
    note = (
        f"empirical CDF ({len(cdf)} points, mean {empirical_mean(cdf):.4g}) from Kaplan-Meier ({counts}), "
        f"KS {ks:.3f}: no family fits (best {best.family} by AIC, KS {best.ks:.3f} > {limit:.3f})"
    )
    return DurationFit(n, n_censored, n_truncated, tuple(candidates), best, True,
                       {"distribution": "empirical", "cdf": cdf}, ks, note)  # fmt: skip
