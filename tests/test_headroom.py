"""Headroom: bisection on common random numbers, against Erlang C, and its command line."""

from __future__ import annotations

import json
import math

import pytest
from cli_runs import assert_clean_failure, run_cli
from networks import single_queue

from harmoni_model import run_replications
from harmoni_model.planning.approximations import mm_c_mean_wait, smallest_servers
from harmoni_model.planning.headroom import (
    HeadroomLever,
    find_headroom,
    kpi_estimate,
    parse_kpi,
    question_problems,
)
from harmoni_model.results.yearly import per_year

EXAMPLE = "sample_data/scenarios/example_small.yaml"
EXPONENTIAL = {"distribution": "exponential", "mean": 1.0}
DEMAND = HeadroomLever("demand")


def _demand_at_wait(c: int, rate: float, stay: float, wait: float) -> float:
    """The demand factor f at which the M/M/c mean wait with rate x f reaches `wait` (bisection on Erlang C)."""
    lo, hi = 1.0, c / (rate * stay) - 1e-9  # at hi the service can only just keep up: the wait is unbounded
    for _ in range(100):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if mm_c_mean_wait(c, rate * mid, stay) <= wait else (lo, mid)
    return lo


def test_erlang_c_wait_as_hand_computed():
    # M/M/2, a = 1: Erlang C = 1/3, so the mean wait is (1/3) x 1 / (2 - 1) = 1/3 day
    assert mm_c_mean_wait(2, 1.0, 1.0) == pytest.approx(1 / 3)
    assert _demand_at_wait(2, 1.0, 1.0, 1 / 3) == pytest.approx(1.0, abs=1e-6)


# --- the breaking point against Erlang C -----------------------------------------------------------


@pytest.mark.slow
def test_demand_headroom_brackets_erlang_c():
    """M/M/5, rate 3.5 a day, stays of 1 day: the factor at which the mean wait reaches half a day."""
    mm5 = single_queue(5, 3.5, EXPONENTIAL, horizon_days=4000, warmup_days=100, replications=8)
    exact = _demand_at_wait(5, 3.5, 1.0, 0.5)  # about 1.12
    h = find_headroom(mm5, "ward", "mean_wait_days", 0.5, DEMAND, limit=1.35, workers=2)
    assert h.status == "breaks"
    assert h.sure_meets_up_to is not None and h.sure_breaks_at is not None
    tol = DEMAND.tolerance
    assert h.sure_meets_up_to - tol <= exact <= h.sure_breaks_at + tol, (exact, h.sure_meets_up_to, h.sure_breaks_at)
    assert h.sure_breaks_at - h.sure_meets_up_to < 0.08  # precise enough to be worth bracketing (can fail)
    assert h.meets_up_to is not None and h.breaks_at is not None
    assert 0 < h.breaks_at - h.meets_up_to <= tol + 1e-9
    assert abs(h.meets_up_to - exact) < 0.05, (h.meets_up_to, exact)
    assert h.headroom == pytest.approx(h.meets_up_to - 1)
    # common random numbers: the same patients at every point, so the curve rises with demand
    means = [p.estimate.mean for p in h.points]
    assert means == sorted(means)


@pytest.mark.slow
def test_capacity_headroom_is_erlang_c_smallest_servers():
    """M/M/c with a load of 6: the fewest places whose mean wait is under 0.2 days."""
    ward = single_queue(12, 6.0, EXPONENTIAL, horizon_days=3000, warmup_days=100, replications=6)
    exact = smallest_servers(6.0, 1.0, 0.2)  # 8 places (wait 0.10 day); 7 wait 0.30 day
    h = find_headroom(ward, "ward", "mean_wait_days", 0.2, HeadroomLever("capacity", "ward"), workers=2)
    assert h.status == "breaks"
    assert h.meets_up_to == exact and h.breaks_at == exact - 1
    assert h.headroom == 12 - exact
    assert h.sure_meets_up_to is not None and h.sure_breaks_at is not None
    assert h.sure_breaks_at <= exact - 1 < exact <= h.sure_meets_up_to  # fewer places: further from today


# --- what the answer says when there is no breaking point ------------------------------------------


@pytest.fixture(scope="module")
def short_queue():
    return single_queue(3, 2.0, EXPONENTIAL, horizon_days=200, warmup_days=20, replications=3)


def test_a_bound_broken_today_is_said_so(short_queue):
    h = find_headroom(short_queue, "ward", "mean_wait_days", 0.0, DEMAND, workers=1)
    assert h.status == "broken_today"
    assert [p.x for p in h.points] == [1.0]  # nothing else to search
    assert h.meets_up_to is None and h.headroom is None and h.breaks_at == 1.0
    assert "already breaks" in h.statement()


def test_a_bound_never_broken_in_range_is_said_so(short_queue):
    calls = []
    h = find_headroom(short_queue, "ward", "mean_wait_days", 1000.0, DEMAND, limit=1.2, workers=1,
                      on_point=lambda done, at_most, p: calls.append((done, at_most, p.x)))  # fmt: skip
    assert h.status == "holds"
    assert [p.x for p in h.points] == [1.0, 1.1, 1.2]  # today, the far end and the middle (for the curve)
    assert h.meets_up_to == 1.2 and h.breaks_at is None and h.sure_breaks_at is None
    assert h.headroom == pytest.approx(0.2)
    assert [(d, x) for d, _, x in calls] == [(1, 1.0), (2, 1.2), (3, 1.1)]
    assert all(d <= at_most for d, at_most, _ in calls)
    assert "whole range" in h.statement()


def test_a_total_is_compared_per_year(short_queue):
    results = run_replications(short_queue, 2, workers=1)
    raw = results.estimates()["ward"]["days_full"]
    assert kpi_estimate(results, "ward", "days_full") == per_year(raw, short_queue)
    assert kpi_estimate(results, "ward", "days_full").mean == pytest.approx(raw.mean * 365 / 200)


def test_question_problems_name_the_option(short_queue):
    def options(scope, kpi, bound, lever, limit=None):
        return [p.path for p in question_problems(short_queue, scope, kpi, bound, lever, limit)]

    assert options("ward", "mean_wait_days", 1.0, DEMAND) == []
    assert options("nowhere", "mean_wait_days", 1.0, DEMAND) == ["--kpi"]
    assert options("system", "mean_wait_days", 1.0, DEMAND) == ["--kpi"]
    assert options("ward", "mean_wait_days", -1.0, DEMAND) == ["--max"]
    assert options("ward", "mean_wait_days", math.nan, DEMAND) == ["--max"]
    assert options("ward", "mean_wait_days", 1.0, HeadroomLever("capacity", "nowhere")) == ["--lever"]
    assert options("ward", "mean_wait_days", 1.0, DEMAND, limit=0.5) == ["--limit"]
    assert options("ward", "mean_wait_days", 1.0, HeadroomLever("capacity", "ward"), limit=5) == ["--limit"]
    assert options("ward", "mean_wait_days", 1.0, HeadroomLever("capacity", "ward"), limit=1.5) == ["--limit"]


def test_parse_kpi_and_lever():
    assert parse_kpi("overliggedogn") == ("system", "overliggedogn")
    assert parse_kpi("short_term:mean_wait_days") == ("short_term", "mean_wait_days")
    with pytest.raises(ValueError):
        parse_kpi("short_term:")
    assert HeadroomLever.parse("capacity:kad") == HeadroomLever("capacity", "kad")
    assert HeadroomLever.parse("demand").key == "demand"
    for bad in ("capacity", "capacity:", "supply"):
        with pytest.raises(ValueError):
            HeadroomLever.parse(bad)


def test_today_is_the_scenario_itself(short_queue):
    """Today's point runs the unchanged scenario (the app's cached run of it is reused)."""
    assert DEMAND.apply(short_queue, 1.0) is short_queue
    more = DEMAND.apply(short_queue, 1.5)
    assert more.arrivals[0].rate_per_day == pytest.approx(3.0) and more.seed == short_queue.seed
    fewer = HeadroomLever("capacity", "ward").apply(short_queue, 2)
    assert fewer.service("ward").capacity == 2 and short_queue.service("ward").capacity == 3


# --- the command line ------------------------------------------------------------------------------


def test_cli_headroom_prints_json():
    result = run_cli("headroom", EXAMPLE, "--kpi", "short_term:mean_wait_days", "--max", "3", "--replications", "2",
                     "--limit", "1.5", "--workers", "2")  # fmt: skip
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["lever"] == "demand" and out["replications"] == 2 and out["today"] == 1.0
    assert out["status"] in ("breaks", "holds", "broken_today")
    assert [p["x"] for p in out["points"]] == sorted(p["x"] for p in out["points"])
    assert all(p["n"] == 2 for p in out["points"])
    assert 1.0 in [p["x"] for p in out["points"]]
    assert out["statement"]


def test_cli_headroom_capacity_lever_gives_whole_places():
    result = run_cli("headroom", EXAMPLE, "--kpi", "short_term:p_full", "--max", "0.5", "--lever",
                     "capacity:short_term", "--replications", "2", "--limit", "20", "--workers", "2")  # fmt: skip
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["today"] == 32 and out["limit"] == 20
    assert all(isinstance(p["x"], int) for p in out["points"])


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--kpi", "nowhere:mean_wait_days", "--max", "3"], "--kpi"),
        (["--kpi", "short_term:waiting", "--max", "3"], "--kpi"),
        (["--kpi", "short_term:", "--max", "3"], "--kpi"),
        (["--kpi", "overliggedogn", "--max", "-3"], "--max"),
        (["--kpi", "overliggedogn", "--max", "lots"], "--max"),
        (["--kpi", "overliggedogn", "--max", "3", "--lever", "beds"], "--lever"),
        (["--kpi", "overliggedogn", "--max", "3", "--lever", "capacity:nowhere"], "--lever"),
        (["--kpi", "overliggedogn", "--max", "3", "--limit", "0.9"], "--limit"),
        (["--kpi", "overliggedogn", "--max", "3", "--replications", "0"], "--replications"),
    ],
)
def test_cli_headroom_bad_input_names_the_option(args, option):
    lines = assert_clean_failure(run_cli("headroom", EXAMPLE, *args))
    assert len(lines) == 1 and option in lines[0], lines


def test_cli_headroom_checks_the_far_end_against_the_work_budget():
    lines = assert_clean_failure(run_cli("headroom", EXAMPLE, "--kpi", "overliggedogn", "--max", "3",
                                         "--budget-events", "10"))  # fmt: skip
    assert all("--budget-events N changes the limits" in line for line in lines), lines
