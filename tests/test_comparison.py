"""The one pairing rule (results.comparison): when two runs saw the same patients, and the difference it gives."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from plain_scenarios import make_scenario
from scipy import stats

from harmoni_model import ReplicationResult, Results, run_replications, validate_data
from harmoni_model.results.comparison import (
    compare,
    first_replications,
    is_paired,
    paired_difference,
    welch_difference,
)
from harmoni_model.results.estimates import t975
from harmoni_model.simulation.kpis import SERVICE_KPIS, SYSTEM_KPIS

BASE = validate_data(make_scenario(seed=7, horizon_days=100, warmup_days=10, start_date="2026-01-01"))


def run(replication: int, overliggedogn: float, wait: float = 1.0, start: str = "2026-01-01") -> ReplicationResult:
    """One replication with chosen KPI values (every other KPI 0)."""
    services = {
        sid: {k: (wait if k == "mean_wait_days" else 0.0) for k in SERVICE_KPIS} for sid in ("hospital", "short_term")
    }
    system = {k: 0.0 for k in SYSTEM_KPIS} | {"overliggedogn": overliggedogn}
    return ReplicationResult(replication, services, system, {}, 0, dt.date.fromisoformat(start), 0, 0.0)


def results(scenario=BASE, values=(10.0, 12.0, 14.0), replications=None) -> Results:
    reps = replications if replications is not None else range(len(values))
    return Results(scenario, [run(r, v) for r, v in zip(reps, values, strict=True)])


# --- the table: what makes two runs paired -----------------------------------------------------


@pytest.mark.parametrize(
    ("other", "paired"),
    [
        (lambda: results(), True),
        (lambda: results(BASE.variant(name="other name", overliggedogn_rate_nok=1.0)), True),  # not about patients
        (lambda: results(BASE.with_service("short_term", capacity=20)), True),  # capacity: the point of it
        (lambda: results(BASE.variant(seed=8)), False),
        (lambda: results(values=(10.0, 12.0)), False),  # replications: count
        (lambda: results(replications=(1, 2, 3)), False),  # replications: other indices, same count
        (lambda: results(BASE.variant(horizon_days=101)), False),
        (lambda: results(BASE.variant(warmup_days=0)), False),
        (lambda: results(BASE.variant(start_date=dt.date(2026, 1, 2))), False),
    ],
    ids=[
        "same",
        "name and rate",
        "capacity",
        "seed",
        "replication count",
        "replication indices",
        "horizon",
        "warm-up",
        "start date",
    ],
)
def test_paired_iff_same_seed_replications_horizon_warmup_and_start(other, paired):
    assert is_paired(other(), results()) is paired
    assert is_paired(results(), other()) is paired
    assert compare(other(), results()).paired is paired


def test_the_first_replications_pair_with_a_shorter_run():
    six = results(values=(1.0, 2.0, 3.0, 4.0, 5.0, 6.0))
    three = results(values=(2.0, 2.0, 2.0))
    assert not is_paired(three, six)
    assert is_paired(three, first_replications(six, 3))
    assert [r.replication for r in first_replications(six, 3).runs] == [0, 1, 2]


# --- the numbers ----------------------------------------------------------------------------------


def test_paired_differences_by_hand():
    # differences 2, 3, 4: mean 3, sd 1, half-width t(0.975, 2) x 1 / sqrt(3)
    d = compare(results(values=(12.0, 15.0, 18.0)), results(values=(10.0, 12.0, 14.0)))
    assert d.paired
    e = d["system"]["overliggedogn"]
    half = 4.302653 / math.sqrt(3)
    assert (e.mean, e.n) == (3.0, 3)
    assert e.low == pytest.approx(3 - half) and e.high == pytest.approx(3 + half)
    assert d.at("short_term", "mean_wait_days").mean == 0.0
    assert d.at("nowhere", "mean_wait_days") is None
    assert set(d) == {"hospital", "short_term", "system"} and d.get("nowhere") is None  # a mapping, as dicts are
    assert paired_difference([1.0, math.nan, 3.0], [0.0, 1.0, 1.0]).mean == 1.5  # a NaN pair is left out


def test_welch_interval_agrees_with_scipy():
    a, b = [12.0, 15.5, 18.0, 11.0], [10.0, 12.0, 14.5, 9.0, 13.0, 11.5]
    e = welch_difference(a, b)
    ci = stats.ttest_ind(a, b, equal_var=False).confidence_interval(0.95)
    assert e.mean == pytest.approx(sum(a) / 4 - sum(b) / 6)
    assert e.low == pytest.approx(ci.low, abs=1e-9) and e.high == pytest.approx(ci.high, abs=1e-9)
    assert e.n == 4


def test_unpaired_runs_get_welch_in_compare():
    a = results(BASE.variant(seed=8), values=(12.0, 15.5, 18.0, 11.0))
    b = results(values=(10.0, 12.0, 14.5, 9.0, 13.0, 11.5))
    e = compare(a, b)["system"]["overliggedogn"]
    ci = stats.ttest_ind([12.0, 15.5, 18.0, 11.0], [10.0, 12.0, 14.5, 9.0, 13.0, 11.5], equal_var=False)
    assert (e.low, e.high) == pytest.approx(tuple(ci.confidence_interval(0.95)), abs=1e-9)


def test_a_total_over_another_horizon_is_put_on_the_baselines():
    # 200 measured days with 20 delayed bed-days each = 10 over the baseline's 100 days: no difference
    longer = results(BASE.variant(horizon_days=200), values=(20.0, 24.0, 28.0))
    d = compare(longer, results(values=(10.0, 12.0, 14.0)))
    assert not d.paired
    assert d["system"]["overliggedogn"].mean == pytest.approx(0.0)
    assert d["short_term"]["mean_wait_days"].mean == 0.0  # a mean is not a total: not rescaled


def test_welch_edge_cases():
    assert math.isnan(welch_difference([], [1.0]).mean)
    one = welch_difference([3.0], [1.0, 2.0])
    assert one.mean == 1.5 and math.isnan(one.low)
    flat = welch_difference([2.0, 2.0], [1.0, 1.0])
    assert (flat.low, flat.mean, flat.high) == (1.0, 1.0, 1.0)


@pytest.mark.parametrize("df", [1.0, 1.5, 2.0, 3.3, 9.99, 29.5, 30.5, 61.2])
def test_t975_for_fractional_degrees_of_freedom(df):
    assert t975(df) == pytest.approx(stats.t.ppf(0.975, df), abs=2e-6)


def test_paired_differences_are_narrower_than_the_intervals_side_by_side():
    example = validate_data(make_scenario(horizon_days=200))
    more = example.with_service("short_term", capacity=12)
    a, b = run_replications(example, 6, workers=1), run_replications(more, 6, workers=1)
    d = compare(b, a)
    diff = d["system"]["overliggedogn"]
    est_a, est_b = a.estimates()["system"]["overliggedogn"], b.estimates()["system"]["overliggedogn"]
    assert d.paired and diff.mean == pytest.approx(est_b.mean - est_a.mean)
    assert diff.high - diff.low < (est_a.high - est_a.low) + (est_b.high - est_b.low)
    other_seed = compare(b, run_replications(example.variant(seed=99), 6, workers=1))
    assert not other_seed.paired
    welch = other_seed["system"]["overliggedogn"]
    assert welch.high - welch.low > 0
