"""Per year: the one place that scales a total over a run's measured period to a year.

A run measures ``horizon_days`` (after warm-up); uploads may run from days to
three years. Every figure labelled "per year" (bed-days, payments, costs) goes
through :func:`per_year`, so a two-year run never shows two years under a
"per year" label.
"""

from __future__ import annotations

from harmoni_model.results.estimates import Estimate
from harmoni_model.scenario.format import Scenario

DAYS_PER_YEAR = 365.0


def year_factor(scenario: Scenario) -> float:
    """Years per measured day x days: multiply a total over the measured period by this for a yearly figure."""
    return DAYS_PER_YEAR / float(scenario.horizon_days)


def per_year(e: Estimate, scenario: Scenario) -> Estimate:
    """A total over the scenario's measured period, as a yearly figure (mean and interval)."""
    f = year_factor(scenario)
    return Estimate(e.mean * f, e.low * f, e.high * f, e.n)
