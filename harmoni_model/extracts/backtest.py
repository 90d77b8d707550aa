"""Does the model reproduce what happened? Fit on the weeks before a date, simulate the weeks after.

The fit sees only what was known at `fit_until` (:func:`as_known_at`: later times cut away, as
if the extract had been taken that day), except capacity.csv, whose planned capacities are
known in advance. The model starts from the extract's state at `fit_until` and runs to
`test_until`; its weekly indicators (the dashboard's, one definition for both:
:func:`harmoni_model.data.indicators.weekly_from_daily`) over the replications give a 10–90 %
band for each week, which the observed week falls in or not (coverage), and a mean absolute
percentage error of the replications' mean.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from harmoni_model.data.indicators import INDICATORS, weekly_from_daily
from harmoni_model.extracts.fit import fit_scenario, normalise_routes
from harmoni_model.extracts.levels import daily_levels
from harmoni_model.scenario.budget import Budget, check_work
from harmoni_model.scenario.format import validate_data

if TYPE_CHECKING:
    from harmoni_model.extracts.stays import Extract
    from harmoni_model.scenario.format import Scenario

BAND = (10, 90)  # the model's band: these percentiles of the replications, per week
# The band's 10 % and 90 % points need many replications: from 20, a perfect model's expected coverage is 72 %.
DEFAULT_REPLICATIONS = 100


@dataclass(frozen=True)
class Backtest:
    """Observed weekly indicators against the model's band, per indicator."""

    fit_until: dt.date
    test_until: dt.date
    replications: int
    weekly: pd.DataFrame  # week, indicator, observed, low, high, mean (the model's p10, p90 and mean)
    scores: dict[str, dict[str, float]]  # indicator -> coverage (share of weeks in the band), mape
    # indicator -> what a perfectly known model would score: the coverage of each replication taken as the
    # observed weeks against the band of the others (p10, median, p90 over replications, share >= 80 %)
    reference: dict[str, dict[str, float]] = dataclasses.field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """``{"fit_until", "test_until", "indicators": {id: {"coverage", "mape"}}}`` (NaN as null)."""

        def clean(x: float) -> float | None:
            return None if x is None or not math.isfinite(x) else round(float(x), 6)

        return {
            "fit_until": self.fit_until.isoformat(),
            "test_until": self.test_until.isoformat(),
            "indicators": {k: {m: clean(v) for m, v in s.items()} for k, s in self.scores.items()},
        }


def as_known_at(extract: Extract, when: dt.date) -> Extract:
    """The extract as it would have been taken on `when` 00:00: nothing after it is known."""
    t = extract.day(when)
    stays = extract.stays
    began = stays["referred"].fillna(stays["admitted"])
    kept = stays[began <= t].copy()
    for column in ("admitted", "ready", "left"):
        kept.loc[kept[column] > t, column] = np.nan
    # a stay still going at `when`, or a wait not yet ended: no left and no next
    kept.loc[kept["left"].isna(), "next"] = None
    # ready empty and left set means "left when ready": a ready cut away while the patient still holds the
    # place stays empty (the stay goes on, as far as the extract knows)
    return dataclasses.replace(extract, stays=kept.reset_index(drop=True), until=t)


def backtest(
    extract: Extract,
    fit_until: dt.date,
    test_until: dt.date,
    *,
    fit_from: dt.date | None = None,
    reference: Scenario | None = None,
    replications: int = DEFAULT_REPLICATIONS,
    workers: int | None = None,
    uncertainty: bool = True,
    budget: Budget | None = None,
    timeout: float | None = None,
) -> Backtest:
    """Fit on ``[fit_from, fit_until)``, simulate ``[fit_until, test_until)``, compare the weeks.

    `uncertainty`: each replication runs with its own draw of the fitted numbers from their
    sampling distribution (:func:`perturbed`), so the band is a prediction from a fit on
    finite data, not from parameters known exactly; off, every replication uses the fit as is.
    `budget`: refuse (ValueError, the bound named) a fitted scenario whose replications are more
    work than it allows, before simulating; `timeout`: seconds per replication (the worker pool's).
    """
    from harmoni_model.running.replications import run_replications

    if not fit_until < test_until:
        raise ValueError(f"the test period must end after it starts ({fit_until} to {test_until})")
    if extract.day(test_until) > extract.until + 1e-9:
        raise ValueError(f"the test period ends {test_until}, after the extract's end {extract.date(extract.until)}")
    horizon = (test_until - fit_until).days
    if horizon < 7:
        raise ValueError("the test period is shorter than a week")
    known = as_known_at(extract, fit_until)
    fitted = fit_scenario(
        known, start=fit_until, fit_from=fit_from, reference=reference, horizon_days=horizon, replications=replications
    )
    scenario = validate_data(fitted.data)
    services = {s.id: (s.organisation, s.kind) for s in scenario.services}
    if budget is not None:
        problems = check_work(scenario, budget, runs=replications)
        if problems:
            raise ValueError("the fitted model is too much work to back-test here: " + "; ".join(map(str, problems)))
    if uncertainty:
        from harmoni_model.running.executors import LocalExecutor
        from harmoni_model.simulation.engine import simulate

        rng = np.random.default_rng([scenario.seed, 13])
        jobs = [(perturbed(fitted.data, fitted.counts, rng), r) for r in range(replications)]
        runs = LocalExecutor(workers, timeout=timeout).map(simulate, jobs)
    else:
        runs = run_replications(scenario, replications, workers=workers, timeout=timeout).runs
    modelled = [weekly_from_daily(run.daily, run.start_date, services) for run in runs]
    reference = reference_coverage(modelled, fit_until, test_until)
    t0, t1 = extract.day(fit_until), extract.day(test_until)
    observed = weekly_from_daily(daily_levels(extract, t0, t1), fit_until, services)
    return dataclasses.replace(compare(observed, modelled, fit_until, test_until), reference=reference)


def reference_coverage(
    modelled: list[pd.DataFrame], fit_until: dt.date, test_until: dt.date, samples: int = 40
) -> dict[str, dict[str, float]]:
    """The coverage a model that is exactly right would get: one replication as the observed, the rest the band.

    A 10–90 % band holds 80 % of a perfect model's weeks on average, but any one history of
    autocorrelated weeks scatters widely around that: this is the yardstick for the observed coverage.
    """
    if len(modelled) < 3:
        return {}
    scores: dict[str, list[float]] = {}
    for i in range(min(samples, len(modelled))):
        observed = modelled[i]
        rest = modelled[:i] + modelled[i + 1 :]
        for indicator, value in compare(observed, rest, fit_until, test_until).scores.items():
            scores.setdefault(indicator, []).append(value["coverage"])
    return {
        k: {
            "p10": float(np.percentile(v, 10)), "median": float(np.median(v)), "p90": float(np.percentile(v, 90)),
            "share_at_least_80": float(np.mean(np.asarray(v) >= 0.8 - 1e-9)),
        }
        for k, v in scores.items()
    }  # fmt: skip


def perturbed(data: dict[str, Any], counts: dict[str, Any], rng: np.random.Generator) -> Scenario:
    """The fitted scenario with its numbers drawn from their approximate sampling distributions.

    An arrival rate from n patients: × Gamma(n, 1)/n (the rate's distribution given n Poisson
    counts). A mean stay (or delay) from n completed stays: × exp(N(0, cv/√n)) (the mean's
    relative standard error). Routes from their counts: Dirichlet(counts). Capacities, profiles
    and the initial state are as fitted (known, or a minor share of the uncertainty).
    """
    import copy

    out = copy.deepcopy(data)
    for a in out["arrivals"]:
        n = counts.get(f"arrivals:{a['id']}", 0)
        if n > 0:
            a["rate_per_day"] = a["rate_per_day"] * float(rng.gamma(n, 1.0)) / n

    def jitter(dist: dict[str, Any], n: int) -> None:
        if n <= 0 or "mean" not in dist:
            return
        cv = float(dist.get("cv", 1.0))
        dist["mean"] = min(dist["mean"] * math.exp(float(rng.normal(0.0, cv / math.sqrt(n)))), 36_500.0)

    for s in out["services"]:
        jitter(s["length_of_stay"], counts.get(f"stay:{s['id']}", 0))
        routes = counts.get(f"routes:{s['id']}", {})
        if len(s.get("next", ())) > 1 and all(r["to"] in routes for r in s["next"]):
            shares = rng.dirichlet([routes[r["to"]] for r in s["next"]])
            for r, p in zip(s["next"], shares, strict=True):
                r["p"] = float(p)
            normalise_routes(s["next"])
        for r in s.get("next", ()):
            if "delay" in r:
                jitter(r["delay"], counts.get(f"delay:{s['id']}:{r['to']}", 0))
    return validate_data(out)


def compare(observed: pd.DataFrame, modelled: list[pd.DataFrame], fit_until: dt.date, test_until: dt.date) -> Backtest:
    """Coverage and MAPE of each indicator, from the observed weeks and the replications' weeks."""
    runs = pd.concat([m.assign(replication=r) for r, m in enumerate(modelled)], ignore_index=True)
    grouped = runs.groupby(["indicator", "week"])["value"]
    quantiles = grouped.quantile([BAND[0] / 100, BAND[1] / 100]).unstack()  # linear, as numpy's percentile
    band = pd.DataFrame({"low": quantiles[BAND[0] / 100], "high": quantiles[BAND[1] / 100], "mean": grouped.mean()})
    weekly = observed.rename(columns={"value": "observed"})[["week", "indicator", "observed"]].merge(
        band.reset_index(), on=["indicator", "week"], how="inner"
    )
    scores: dict[str, dict[str, float]] = {}
    for indicator in INDICATORS:  # the dashboard's order
        rows = weekly[(weekly["indicator"] == indicator) & weekly["observed"].notna() & weekly["low"].notna()]
        if rows.empty:
            continue
        inside = (rows["observed"] >= rows["low"] - 1e-9) & (rows["observed"] <= rows["high"] + 1e-9)
        nonzero = rows[rows["observed"].abs() > 1e-12]
        mape = float((abs(nonzero["mean"] - nonzero["observed"]) / nonzero["observed"].abs()).mean() * 100)
        scores[indicator] = {"coverage": float(inside.mean()), "mape": mape if len(nonzero) else math.nan}
    return Backtest(fit_until, test_until, len(modelled), weekly, scores)
