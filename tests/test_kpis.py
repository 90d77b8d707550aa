"""KPI definitions and confidence intervals, checked against hand-computed examples."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from networks import scenario, service
from scipy import stats

from harmoni_model import SERVICE_KPIS, SYSTEM_KPIS, estimate, simulate
from harmoni_model.results.estimates import t975
from harmoni_model.simulation.kpis import ServiceStats, origin_kpis, percentile, service_kpis, system_kpis


def test_service_kpis_by_hand():
    # 10 days, 4 places: 30 bed-days occupied, 5 patient-days queueing, 6 blocked bed-days;
    # 8 patients asked, 2 waited (for 1.5 and 3.5 days), 1 lost, 1 diverted.
    s = ServiceStats(
        organisation="hospital",
        effective_capacity=4,
        period_days=10.0,
        area_occupancy=30.0,
        area_queue=5.0,
        area_blocked=6.0,
        asked=8,
        waited=2,
        lost=1,
        diverted=1,
        admissions=6,
        discharges=5,
        waits=[0, 0, 0, 0, 1.5, 3.5],
    )
    k = service_kpis(s)
    assert set(k) == set(SERVICE_KPIS)
    assert k["mean_occupancy"] == 3.0
    assert k["utilisation"] == 0.75
    assert k["mean_queue"] == 0.5
    assert k["mean_wait_days"] == pytest.approx(5.0 / 6)
    assert k["p90_wait_days"] == pytest.approx(2.5)  # between 1.5 and 3.5, at position 4.5 of 0..5
    assert k["share_waited"] == 0.25
    assert k["share_lost"] == 0.125
    assert k["share_diverted"] == 0.125
    assert k["mean_blocked"] == 0.6
    assert k["blocked_days"] == 6.0
    assert k["admissions"] == 6


def test_new_mechanism_kpis_by_hand():
    # 10 days at a mean of 4 regular places (a calendar closed some): 4 bed-days blocked by a full next
    # service and 2 in a processing delay; 3 bed-days in overflow places, 2 of 8 admissions started there;
    # 1 of 10 who asked reneged, 4 found every regular place taken; full 2.5 days, on 3 different days.
    s = ServiceStats(
        organisation="hospital",
        effective_capacity=4.0,
        period_days=10.0,
        area_occupancy=38.0,
        area_blocked=4.0,
        area_delay=2.0,
        area_overflow=3.0,
        asked=10,
        reneged=1,
        found_full=4,
        admissions=8,
        overflow_admissions=2,
        full_time=2.5,
        days_full=3,
        waits=[0.0] * 8,
    )
    k = service_kpis(s)
    assert k["utilisation"] == 0.95  # overflow patients count: above 100 % is possible
    assert k["blocked_days"] == 6.0 and k["mean_blocked"] == 0.6  # both kinds of waiting in the place
    assert k["process_delay_days"] == 2.0 and k["capacity_blocked_days"] == 4.0
    assert k["mean_overflow"] == 0.3 and k["overflow_days"] == 3.0
    assert k["share_overflow"] == 0.25
    assert k["share_reneged"] == 0.1
    assert k["share_found_full"] == 0.4
    assert k["p_full"] == 0.25
    assert k["days_full"] == 3.0


def test_origin_kpis_by_hand():
    s = ServiceStats("municipality", 10.0, 10.0)
    s.origin("hospital")[:] = [4, 1, 4, 2.0, 0]  # asked, waited, admitted, total wait, reneged
    s.origin("home")[:] = [5, 4, 3, 9.0, 2]
    k = origin_kpis(s)
    assert k["hospital"] == {"mean_wait_days": 0.5, "share_waited": 0.25, "share_reneged": 0.0, "admissions": 4.0}
    assert k["home"] == {"mean_wait_days": 3.0, "share_waited": 0.8, "share_reneged": 0.4, "admissions": 3.0}


def test_service_kpis_without_patients():
    k = service_kpis(ServiceStats("municipality", 0, 5.0))
    assert math.isnan(k["utilisation"])  # no places: utilisation is undefined, not 0
    assert math.isnan(k["mean_wait_days"]) and math.isnan(k["p90_wait_days"])
    assert k["share_waited"] == k["share_lost"] == k["mean_occupancy"] == 0


def test_system_kpis_by_hand():
    per_service = {
        "med": {"blocked_days": 100.0, "overflow_days": 7.25},
        "ortho": {"blocked_days": 20.5, "overflow_days": 0.0},
        "short": {"blocked_days": 999.0, "overflow_days": 50.0},  # municipal: neither overliggedøgn nor corridor
    }
    org = {"med": "hospital", "ortho": "hospital", "short": "municipality"}
    k = system_kpis(per_service, org, 5745.0)
    assert set(k) == set(SYSTEM_KPIS)
    assert k["overliggedogn"] == 120.5
    assert k["overliggedogn_cost_nok"] == 120.5 * 5745.0
    assert k["corridor_days"] == 7.25


@given(st.lists(st.floats(0, 1e6), min_size=1, max_size=50), st.floats(0, 100))
def test_percentile_agrees_with_numpy(values, q):
    import numpy as np

    assert percentile(values, q) == pytest.approx(float(np.percentile(values, q)), rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("df", [1, 2, 5, 10, 29, 30, 31, 40, 60, 100, 1000])
def test_t_quantile_agrees_with_scipy(df):
    assert t975(df) == pytest.approx(stats.t.ppf(0.975, df), abs=2e-6)


def test_estimate_by_hand():
    e = estimate([1.0, 2.0, 3.0, 4.0])
    # mean 2.5, s = sqrt(5/3), half-width = t(0.975, 3) * s / 2
    half = 3.182446 * math.sqrt(5 / 3) / 2
    assert (e.mean, e.n) == (2.5, 4)
    assert e.low == pytest.approx(2.5 - half) and e.high == pytest.approx(2.5 + half)
    assert e.as_json() == {"mean": 2.5, "ci95": [e.low, e.high]}


def test_estimate_edge_cases():
    one = estimate([7.0])
    assert one.mean == 7.0 and math.isnan(one.low) and one.as_json() == {"mean": 7.0, "ci95": [None, None]}
    assert estimate([float("nan"), 2.0, 4.0]).n == 2  # replications without a value are left out
    assert estimate([]).n == 0
    same = estimate([3.0, 3.0, 3.0])
    assert same.low == same.high == 3.0


def test_simulated_kpis_are_consistent_with_the_daily_series():
    s = scenario(
        [
            service(
                "hospital",
                4,
                {"distribution": "exponential", "mean": 2.0},
                organisation="hospital",
                blocking=True,
                next=[{"to": "nursing", "p": 1.0}],
            ),
            service("nursing", 3, {"distribution": "exponential", "mean": 6.0}),
        ],
        [{"id": "a", "to": "hospital", "rate_per_day": 1.2}],
        horizon_days=200,
        warmup_days=20,
    )
    r = simulate(s, 0)
    for sid in ("hospital", "nursing"):
        k, d = r.services[sid], r.daily[sid]
        assert k["mean_occupancy"] == pytest.approx(sum(d["occupancy"]) / 200)
        assert k["mean_queue"] == pytest.approx(sum(d["queue"]) / 200)
        assert k["blocked_days"] == pytest.approx(sum(d["blocked"]))
        assert k["admissions"] == sum(d["admissions"])
        if k["admissions"]:
            assert k["mean_wait_days"] == pytest.approx(sum(d["wait_days"]) / k["admissions"])


def test_utilisation_divides_by_the_mean_places_of_the_measured_period():
    """A summer closure (capacity calendar) and a staffing calendar: utilisation is mean occupancy over the mean
    usable places from start_date + warmup_days for horizon_days (calendars.mean_capacity), as the map shows."""
    from harmoni_model.scenario.calendars import capacities, mean_capacity, measured_period

    sc = scenario(
        [service("ward", 20, {"distribution": "exponential", "mean": 3.0},
                 capacity_calendar=[{"from": "2025-07-01", "to": "2025-08-11", "capacity": 12, "repeat": "yearly"}],
                 staffing={"fte": 10, "patients_per_fte": 2.0},
                 staffing_calendar=[{"from": "2025-12-20", "to": "2026-01-03", "fte": 8}])],
        [{"id": "in", "to": "ward", "rate_per_day": 4.0}],
        start_date="2025-03-01", warmup_days=60, horizon_days=365,
    )  # fmt: skip
    ward = sc.service("ward")
    start, days = measured_period(sc)
    assert start.isoformat() == "2025-04-30" and days == 365
    caps = capacities(ward, start, days)
    assert (min(caps), max(caps)) == (12, 20) and caps.count(16) == 15  # 8 FTE x 2 patients over Christmas
    places = 20 - 8 * 42 / 365 - 4 * 15 / 365
    assert mean_capacity(ward, start, days) == pytest.approx(places)
    run = simulate(sc)
    k = run.services["ward"]
    assert k["utilisation"] == pytest.approx(k["mean_occupancy"] / places, rel=1e-12)
    assert math.fsum(run.daily["ward"]["capacity"]) / days == pytest.approx(places)


def test_a_staffing_calendar_alone_limits_the_places():
    """A staffing calendar without a capacity calendar (the summer's short staff in home care) runs."""
    from harmoni_model.scenario.calendars import capacities

    sc = scenario(
        [service("home", 220, {"distribution": "exponential", "mean": 60.0},
                 staffing={"fte": 50, "patients_per_fte": 4.0},
                 staffing_calendar=[{"from": "2025-07-01", "to": "2025-08-15", "fte": 44, "repeat": "yearly"}])],
        [{"id": "in", "to": "home", "rate_per_day": 3.0}],
        start_date="2025-06-01", horizon_days=120,
    )  # fmt: skip
    caps = capacities(sc.service("home"), sc.start_date, 120)
    assert caps[:30] == [200] * 30 and caps[30:76] == [176] * 46 and caps[76:] == [200] * 44
    assert simulate(sc).daily["home"]["capacity"] == caps
