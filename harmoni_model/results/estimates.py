"""Mean and 95 % confidence interval over replications (Student t), without scipy."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

# Two-sided 95 % quantiles t(0.975, df) for df = 1..30 (scipy.stats.t.ppf, 6 decimals).
_T975 = (
    12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157, 2.228139,
    2.200985, 2.178813, 2.160369, 2.144787, 2.13145, 2.119905, 2.109816, 2.100922, 2.093024, 2.085963,
    2.079614, 2.073873, 2.068658, 2.063899, 2.059539, 2.055529, 2.051831, 2.048407, 2.04523, 2.042272,
)  # fmt: skip
_Z975 = 1.959963984540054


def t975(df: float) -> float:
    """The 97.5 % quantile of Student's t with `df` degrees of freedom (fractional for Welch's interval)."""
    if df < 1:
        raise ValueError("df must be >= 1")
    if not float(df).is_integer():
        return _t975_fractional(float(df))
    if df <= len(_T975):
        return _T975[int(df) - 1]
    return _cornish_fisher(df)


def _cornish_fisher(df: float) -> float:
    """Cornish-Fisher expansion in 1/df; error below 2e-6 for df > 30."""
    z = _Z975
    return (
        z
        + (z**3 + z) / (4 * df)
        + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)
        + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * df**3)
    )


def _t975_fractional(df: float) -> float:
    """t(0.975, df) for a fractional df (as Welch's interval has): Newton's method on the exact CDF."""
    if df > len(_T975):
        t = _cornish_fisher(df)
    else:  # linear in 1/df between the table's neighbours: within a few per cent
        lo, hi = _T975[math.floor(df) - 1], _T975[math.ceil(df) - 1]
        w = (1 / df - 1 / math.ceil(df)) / (1 / math.floor(df) - 1 / math.ceil(df))
        t = hi + w * (lo - hi)
    log_c = math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)
    for _ in range(50):
        cdf = 1.0 - 0.5 * _betainc(df / 2, 0.5, df / (df + t * t))
        pdf = math.exp(log_c - (df + 1) / 2 * math.log1p(t * t / df))
        step = (cdf - 0.975) / pdf
        t -= step
        if abs(step) < 1e-13 * t:
            break
    return t


def _betainc(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta function I_x(a, b) (continued fraction, modified Lentz)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x))
    if x > (a + 1) / (a + b + 2):  # the fraction converges fast on this side only
        return 1.0 - _betainc(b, a, 1.0 - x)
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    f = d
    for m in range(1, 300):
        for num in (m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
                    -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))):  # fmt: skip
            d = 1.0 + num * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + num / c
            c = c if abs(c) > tiny else tiny
            f *= c * d
        if abs(c * d - 1.0) < 1e-15:
            break
    return front * f / a


@dataclass(frozen=True)
class Estimate:
    """A mean over replications with its 95 % confidence interval."""

    mean: float
    low: float
    high: float
    n: int

    def as_json(self) -> dict[str, object]:
        """The CLI's form: ``{"mean": x, "ci95": [low, high]}`` (NaN as null)."""

        def num(x: float) -> float | None:
            return None if math.isnan(x) else x

        return {"mean": num(self.mean), "ci95": [num(self.low), num(self.high)]}


def estimate(values: Iterable[float]) -> Estimate:
    """Mean and Student-t 95 % interval of the non-NaN values (NaN interval for n < 2)."""
    xs = [float(v) for v in values if not math.isnan(v)]
    n = len(xs)
    if n == 0:
        return Estimate(math.nan, math.nan, math.nan, 0)
    mean = math.fsum(xs) / n
    if n == 1:
        return Estimate(mean, math.nan, math.nan, 1)
    var = math.fsum((x - mean) ** 2 for x in xs) / (n - 1)
    half = t975(n - 1) * math.sqrt(var / n)
    return Estimate(mean, mean - half, mean + half, n)
