"""Who pays, by organisation, per year (results.costs): hand-computed examples on constructed results.

A scenario like Trondheim's in miniature: medical beds at the hospital (2.097 MNOK a
bed a year), short-term places (1.1 MNOK a place) and home-care staff (0.75 MNOK an
FTE) at the municipality. Each replication's overliggedøgn payment is chosen so that
its yearly figure is a round number, at every horizon.
"""

from __future__ import annotations

import math

import pytest
from plain_scenarios import make_scenario, make_service
from scipy import stats

from harmoni_model import ReplicationResult, Results, validate_data
from harmoni_model.results.costs import (
    HOSPITAL,
    LINES,
    MUNICIPALITY,
    PARTIES,
    capacity_cost,
    cost_change,
    line_label,
    overliggedogn_payment,
    unpriced,
    yearly_costs,
)
from harmoni_model.scenario.changes import Changes, apply_changes
from harmoni_model.simulation.kpis import SERVICE_KPIS

M = 1e6
T2 = 4.302653  # t(0.975, 2): three replications
BED, PLACE, FTE = 2_097_000, 1_100_000, 750_000
BASE_PAYMENTS = (20 * M, 22 * M, 24 * M)  # NOK a year in replications 0, 1, 2: mean 22 MNOK


def scenario(horizon: int, seed: int = 1):
    data = make_scenario(
        horizon_days=horizon,
        warmup_days=0,
        replications=3,
        seed=seed,
        services=[
            make_service(
                "medical", organisation="hospital", capacity=72, cost_per_place_nok=BED, blocking=True,
                next=[{"to": "exit", "p": 0.7}, {"to": "short", "p": 0.3}],
            ),
            make_service("short", capacity=179, cost_per_place_nok=PLACE, next=[{"to": "exit", "p": 1.0}]),
            make_service(
                "homecare", capacity=2800, staffing={"fte": 620, "patients_per_fte": 4.3, "cost_per_fte_nok": FTE}
            ),
        ],
        arrivals=[{"id": "a", "to": "medical", "rate_per_day": 5.0}],
    )  # fmt: skip
    return validate_data(data)


def run_of(sc, yearly_payments, replications=None) -> Results:
    """Results whose replication r paid yearly_payments[r] NOK a year for overliggedøgn (a total over the horizon)."""
    reps = range(len(yearly_payments)) if replications is None else replications
    runs = []
    for r, pay in zip(reps, yearly_payments, strict=True):
        total = pay * sc.horizon_days / 365
        services = {s.id: dict.fromkeys(SERVICE_KPIS, 0.0) for s in sc.services}
        system = {"overliggedogn": total / sc.overliggedogn_rate_nok, "overliggedogn_cost_nok": total}
        runs.append(ReplicationResult(r, services, system, {}, 0, sc.start_date, 0, 0.0))
    return Results(sc, runs)


def close(e, mean, low=None, high=None):
    """`e` has this mean and interval, in NOK (to the krone)."""
    assert e.mean == pytest.approx(mean, abs=1.0)
    assert e.low == pytest.approx(mean if low is None else low, abs=1.0)
    assert e.high == pytest.approx(mean if high is None else high, abs=1.0)


HORIZONS = pytest.mark.parametrize("horizon", [180, 365, 730])


@HORIZONS
def test_the_issues_case_fewer_beds_and_more_short_term_places(horizon):
    """−10 medical beds, +20 short-term places: the municipality pays about +22 MNOK for places and saves
    7.7 MNOK of payments (net +14.3); St. Olavs saves 20.97 MNOK of beds and loses 7.7 MNOK of income."""
    base = scenario(horizon)
    variant = apply_changes(base, Changes(capacity={"medical": 62, "short": 199}))
    # paired differences −8.0, −7.5, −7.6 MNOK: mean −7.7, sd sqrt(0.07), half-width T2 x sqrt(0.07 / 3)
    c = cost_change(run_of(variant, (12.0 * M, 14.5 * M, 16.4 * M)), run_of(base, BASE_PAYMENTS))
    half = T2 * math.sqrt(0.07 / 3) * M
    assert c.paired and c.unpriced == ()
    m, h, s = (c.change[p] for p in PARTIES)
    close(m.capacity, 22.0 * M)
    close(m.overliggedogn, -7.7 * M, -7.7 * M - half, -7.7 * M + half)
    close(m.net, 14.3 * M, 14.3 * M - half, 14.3 * M + half)
    close(h.capacity, -20.97 * M)
    close(h.overliggedogn, 7.7 * M, 7.7 * M - half, 7.7 * M + half)  # income lost: the hospital pays more
    close(h.net, -13.27 * M, -13.27 * M - half, -13.27 * M + half)
    close(s.net, 1.03 * M)  # the payment is a transfer: the system pays the capacity only
    close(s.overliggedogn, 0.0)
    # levels, a year: the municipality's places, staff and payment; the hospital's beds less its income
    places, pay_half = 179 * PLACE + 620 * FTE, T2 * 2 / math.sqrt(3) * M  # payments 20, 22, 24: sd 2
    close(c.baseline[MUNICIPALITY].capacity, places)
    close(c.baseline[MUNICIPALITY].net, places + 22 * M, places + 22 * M - pay_half, places + 22 * M + pay_half)
    close(c.baseline[HOSPITAL].net, 72 * BED - 22 * M, 72 * BED - 22 * M - pay_half, 72 * BED - 22 * M + pay_half)
    close(c.scenario[HOSPITAL].capacity, 62 * BED)
    assert c.scenario[MUNICIPALITY].overliggedogn.mean == pytest.approx(14.3 * M)


@HORIZONS
def test_fewer_beds_alone_never_pays_off_for_the_municipality(horizon):
    """−10 beds, no compensation: the hospital saves its beds, the municipality pays more (it never "pays off")."""
    base = scenario(horizon)
    variant = apply_changes(base, Changes(capacity={"medical": 62}))
    # paired differences +5.0, +5.5, +6.0 MNOK: mean 5.5, sd 0.5
    c = cost_change(run_of(variant, (25.0 * M, 27.5 * M, 30.0 * M)), run_of(base, BASE_PAYMENTS))
    half = T2 * 0.5 / math.sqrt(3) * M
    m, h, s = (c.change[p] for p in PARTIES)
    close(m.capacity, 0.0)
    close(m.net, 5.5 * M, 5.5 * M - half, 5.5 * M + half)
    assert m.net.low > 0  # the municipality pays more, with confidence
    close(h.capacity, -20.97 * M)
    close(h.net, -26.47 * M, -26.47 * M - half, -26.47 * M + half)
    close(s.net, -20.97 * M)


@HORIZONS
def test_more_home_care_staff(horizon):
    base = scenario(horizon)
    variant = apply_changes(base, Changes(fte={"homecare": 660}))
    # paired differences −1, −2, −3 MNOK: mean −2, sd 1
    c = cost_change(run_of(variant, (19 * M, 20 * M, 21 * M)), run_of(base, BASE_PAYMENTS))
    half = T2 / math.sqrt(3) * M
    m, h, s = (c.change[p] for p in PARTIES)
    close(m.capacity, 40 * FTE)
    close(m.net, 28 * M, 28 * M - half, 28 * M + half)
    close(h.capacity, 0.0)
    close(h.net, 2 * M, 2 * M - half, 2 * M + half)
    close(s.net, 30 * M)


def test_unpaired_runs_get_welch_on_the_yearly_payments():
    base = scenario(365)
    variant = apply_changes(base, Changes(capacity={"short": 199})).variant(seed=2)
    a, b = (12.0 * M, 14.5 * M, 16.4 * M, 15.0 * M), BASE_PAYMENTS
    c = cost_change(run_of(variant, a), run_of(base, b))
    ci = stats.ttest_ind(a, b, equal_var=False).confidence_interval(0.95)
    assert not c.paired
    close(c.change[MUNICIPALITY].net, 22 * M + (sum(a) / 4 - 22 * M), 22 * M + ci.low, 22 * M + ci.high)


def test_different_horizons_compare_per_year():
    short, long = scenario(180), scenario(730)
    c = cost_change(run_of(long, (21 * M, 22 * M, 23 * M)), run_of(short, BASE_PAYMENTS))
    assert not c.paired
    assert c.change[MUNICIPALITY].overliggedogn.mean == pytest.approx(0.0, abs=1.0)


def test_a_payment_level_is_never_below_zero():
    e = overliggedogn_payment(run_of(scenario(365), (0.0, 0.0, 3 * M)))
    assert e.mean == pytest.approx(1 * M) and e.low == 0.0


def test_capacity_cost_by_organisation_and_unpriced_services():
    base = scenario(365)
    assert capacity_cost(base, MUNICIPALITY) == 179 * PLACE + 620 * FTE
    assert capacity_cost(base, HOSPITAL) == 72 * BED
    assert unpriced(base) == ()
    no_price = base.with_service("short", cost_per_place_nok=None)
    assert unpriced(no_price) == ("short",)
    assert capacity_cost(no_price, MUNICIPALITY) == 620 * FTE  # left out of the sum
    more_clients = apply_changes(base, Changes(capacity={"homecare": 2900}))  # staff priced, places not
    assert unpriced(more_clients, base) == ("homecare",)
    c = cost_change(run_of(more_clients, BASE_PAYMENTS), run_of(base, BASE_PAYMENTS))
    assert c.unpriced == ("homecare",) and c.change[MUNICIPALITY].net.mean == 0.0


def test_yearly_costs_and_lines():
    costs = yearly_costs(run_of(scenario(180), BASE_PAYMENTS))
    assert costs.line(MUNICIPALITY, "overliggedogn").mean == pytest.approx(22 * M)
    assert costs.line(HOSPITAL, "overliggedogn").mean == pytest.approx(-22 * M)
    c = cost_change(run_of(scenario(180), BASE_PAYMENTS), run_of(scenario(180), BASE_PAYMENTS))
    lines = c.lines()
    assert [(x.party, x.item) for x in lines] == list(LINES)
    assert lines[0].label("nb") == "Kommunen betaler: plasser og årsverk"
    assert lines[-1].label("en") == "Whole system: net"
    assert all(x.change.mean == pytest.approx(0.0, abs=1e-6) for x in lines)


# --- every surface shows the same numbers for the same scenario ------------------------------------


@pytest.mark.parametrize("horizon", [180, 365, 730])
def test_studio_compare_report_csv_and_advisor_agree(horizon, tmp_path, monkeypatch):
    """−10 medical beds and +20 short-term places on a Trondheim baseline of `horizon` days (10 replications):
    the studio, the compare page, the report (HTML and CSV) and the advisor show the same yearly costs."""
    import html
    import io

    import pandas as pd
    from apptest_pages import open_page
    from plain_scenarios import ROOT

    from harmoni_model import dumps_scenario, load_scenario, run_replications
    from harmoni_model.results.formatting import fmt_mnok_estimate
    from harmoni_model.workshop.library import Library
    from pages.ui import cached_runs

    trondheim = load_scenario(ROOT / "sample_data" / "scenarios" / "trondheim_baseline.yaml")
    base = trondheim.variant(horizon_days=horizon, replications=10)  # the advisor confirms on 10 replications
    for name in cached_runs.PREPARED_FILES[1:]:  # the studio lists them; they extend the baseline below
        (tmp_path / name).write_text((cached_runs.SCENARIO_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "trondheim_baseline.yaml").write_text(dumps_scenario(base), encoding="utf-8")
    monkeypatch.setattr(cached_runs, "SCENARIO_DIR", tmp_path)  # the app's baseline is this one
    monkeypatch.setenv("HARMONI_DB", str(tmp_path / "library.db"))
    variant = apply_changes(base, Changes(capacity={"hospital_medical": 66, "short_term": 199}), name="Bytte")
    expected = cost_change(run_replications(variant, 10, workers=1), run_replications(base, 10, workers=1))
    assert expected.paired
    assert expected.change[MUNICIPALITY].capacity.mean == pytest.approx(22_000_000)
    assert expected.change[HOSPITAL].capacity.mean == pytest.approx(-20_970_000)
    changes = [fmt_mnok_estimate(x.change, 1, "en", difference=True) for x in expected.lines()]
    levels = [fmt_mnok_estimate(x.scenario, 1, "en") for x in expected.lines()]

    # the studio's "who pays" view
    studio = open_page("scenario", "en")
    studio.number_input(key="capacity:hospital_medical").set_value(66).run()
    studio.number_input(key="capacity:short_term").set_value(199).run()
    studio.segmented_control(key="scenario:view").set_value("pays").run()
    assert not studio.exception, studio.exception
    table = studio.table[0].value
    assert list(table["Change (95 % CI)"]) == changes
    assert list(table["Scenario"]) == levels

    # the compare page's cost table, then its report (HTML and CSV)
    entry = Library().save(variant, "Bytte", "Bord 1", "Senger mot korttidsplasser")
    compare_page = open_page("compare", "en")
    compare_page.multiselect(key="compare:pick").set_value([entry]).run()
    assert not compare_page.exception, compare_page.exception
    costs = compare_page.table[2].value
    assert list(costs[f"Change: Bytte (#{entry}) (95 % CI)"]) == changes
    compare_page.button(key="compare:report_make").click().run()
    assert not compare_page.exception, compare_page.exception
    report, csv_bytes, _ = compare_page.session_state["compare:report_files"]
    for text in changes + levels:
        assert html.escape(text) in report, text
    # the readable export (English page: "," and "."), money in MNOK with three decimals
    csv = pd.read_csv(io.BytesIO(csv_bytes), encoding="utf-8-sig")
    cost_lines = {line_label(party, item, "en") for party, item in LINES}
    rows = csv[(csv["Scenario"] == f"Bytte (#{entry})") & csv["Key figure"].isin(cost_lines)]
    assert set(rows["Unit"]) == {"MNOK a year"}
    assert len(rows) == len(LINES)
    for line, (_, row) in zip(expected.lines(), rows.iterrows(), strict=True):
        assert row["Key figure"] == line_label(line.party, line.item, "en")
        assert row["Difference from baseline"] == pytest.approx(line.change.mean / 1e6, abs=1e-3)
        assert row["Mean"] == pytest.approx(line.scenario.mean / 1e6, abs=1e-3)
        assert row["Comparison"] == "paired"

    # the advisor, with one value for each of the two levers: its suggestion is this scenario
    advisor = open_page("advisor", "en")
    advisor.checkbox(key="advisor:allow_cuts").check().run()  # 66 medical beds is a cut: ranges open below today
    advisor.checkbox(key="advisor:target_on:hospital_medical:capacity_blocked_days").uncheck()
    wait = advisor.select_slider(key="advisor:target_max:short_term:mean_wait_days")
    # a loose bound (its English label reads "2.0"): the one lever value of each lever is the suggestion
    wait.set_value(float(wait.options[-1].replace(",", "")))
    advisor.checkbox(key="advisor:target_on:long_term:mean_wait_days").uncheck()
    advisor.checkbox(key="advisor:lever_on:long_term:capacity").uncheck()
    advisor.slider(key="advisor:lever_range:short_term:capacity:cuts").set_value((199, 199))
    advisor.checkbox(key="advisor:lever_on:hospital_medical:capacity").check()
    advisor.slider(key="advisor:lever_range:hospital_medical:capacity:cuts").set_value((66, 66))
    advisor.button(key="advisor:run").click().run()
    assert not advisor.exception, advisor.exception
    assert advisor.success, [(e.type, e.value) for e in (*advisor.error, *advisor.warning, *advisor.info)]
    pays = advisor.dataframe[0].value
    assert list(pays["Change (95 % CI)"]) == changes, [s.value for s in advisor.success]
    assert list(pays["Scenario"]) == levels


# --- calendars: a year of places is the mean places over the measured period ----------------------

SUMMER = {"from": "2025-07-01", "to": "2025-08-11", "capacity": 80}  # 31 + 11 = 42 days, both ends included


def calendar_scenario(horizon: int = 365, warmup: int = 0, start: str = "2025-01-01", **ward):
    """100 places at 1 MNOK a place a year and home care at 620 FTE (0.75 MNOK each), from `start`."""
    fields = {"capacity": 100, "cost_per_place_nok": M, **ward}
    return validate_data(make_scenario(
        start_date=start, horizon_days=horizon, warmup_days=warmup, replications=3,
        services=[
            make_service("ward", **fields),
            make_service("homecare", capacity=2800,
                         staffing={"fte": 620, "patients_per_fte": 4.3, "cost_per_fte_nok": FTE}),
        ],
        arrivals=[{"id": "a", "to": "ward", "rate_per_day": 5.0}],
    ))  # fmt: skip


def test_a_summer_closure_pays_for_the_places_that_are_open():
    """100 places, 80 for 42 days of a 365-day horizon: 100 − 20·42/365 places are paid for."""
    closed = calendar_scenario(capacity_calendar=[SUMMER])
    expected = (100 - 20 * 42 / 365) * M  # 97 698 630.14 NOK
    assert capacity_cost(closed, MUNICIPALITY) == pytest.approx(expected + 620 * FTE, abs=1e-3)
    assert capacity_cost(closed, MUNICIPALITY) - capacity_cost(calendar_scenario(), MUNICIPALITY) == pytest.approx(
        -20 * 42 / 365 * M, abs=1e-3
    )
    c = cost_change(run_of(closed, BASE_PAYMENTS), run_of(calendar_scenario(), BASE_PAYMENTS))
    close(c.change[MUNICIPALITY].capacity, -2_301_369.86)
    assert c.unpriced == ()  # the places are priced: the closure is in the sums


def test_the_warm_up_is_not_paid_for():
    """The measured period starts after the warm-up: a closure inside the warm-up costs the year nothing."""
    in_warmup = calendar_scenario(warmup=230, capacity_calendar=[SUMMER])  # measured from 19 August
    assert capacity_cost(in_warmup, MUNICIPALITY) == pytest.approx(100 * M + 620 * FTE)
    # start in June with 30 days of warm-up: measured from 1 July 2025 to 30 June 2026, the closure inside
    shifted = calendar_scenario(warmup=30, start="2025-06-01", capacity_calendar=[SUMMER])
    assert capacity_cost(shifted, MUNICIPALITY) == pytest.approx((100 - 20 * 42 / 365) * M + 620 * FTE, abs=1e-3)


def test_a_yearly_period_in_a_two_year_run():
    """Every summer of 2025 and 2026 at 80: 84 of 730 days, the same yearly cost as one summer in one year;
    a one-off closure in a two-year run is half as much a year."""
    yearly = calendar_scenario(horizon=730, capacity_calendar=[{**SUMMER, "repeat": "yearly"}])
    assert capacity_cost(yearly, MUNICIPALITY) == pytest.approx((100 - 20 * 84 / 730) * M + 620 * FTE, abs=1e-3)
    once = calendar_scenario(horizon=730, capacity_calendar=[SUMMER])
    assert capacity_cost(once, MUNICIPALITY) == pytest.approx((100 - 20 * 42 / 730) * M + 620 * FTE, abs=1e-3)
    rebuilt = calendar_scenario(horizon=730, capacity_calendar=[{"from": "2026-01-01", "to": "2030-12-31",
                                                                 "capacity": 0}])  # fmt: skip
    assert capacity_cost(rebuilt, MUNICIPALITY) == pytest.approx(50 * M + 620 * FTE)  # closed for the second year


def test_a_staffing_calendar_pays_for_the_fte_on_duty():
    """620 FTE, 560 for the 28 days from 6 July to 2 August: 620 − 60·28/365 FTE a year."""
    summer_staff = {"from": "2025-07-06", "to": "2025-08-02", "fte": 560}
    base = calendar_scenario()
    staffed = base.with_service("homecare", staffing_calendar=[summer_staff])
    fte = 620 - 60 * 28 / 365
    assert capacity_cost(staffed, MUNICIPALITY) == pytest.approx(100 * M + fte * FTE, abs=1e-3)
    c = cost_change(run_of(staffed, BASE_PAYMENTS), run_of(base, BASE_PAYMENTS))
    close(c.change[MUNICIPALITY].capacity, -60 * 28 / 365 * FTE)
    assert c.unpriced == ()


def test_unpriced_notices_a_calendar_change():
    """A service without a cost figure for what its calendar changes is left out, and named."""
    staff = {"fte": 50, "patients_per_fte": 2.0, "cost_per_fte_nok": FTE}
    base = calendar_scenario().with_service("ward", cost_per_place_nok=None, staffing=staff)
    assert unpriced(base) == ()  # its staff is priced
    closed = base.with_service("ward", capacity_calendar=[SUMMER])
    assert unpriced(closed, base) == ("ward",)  # fewer places, no price per place
    in_warmup = calendar_scenario(warmup=230).with_service(
        "ward", cost_per_place_nok=None, staffing=staff, capacity_calendar=[SUMMER]
    )
    assert unpriced(in_warmup, base.variant(warmup_days=230)) == ()  # nothing changes in the measured period
    no_fte_price = calendar_scenario().with_service(
        "homecare", staffing={"fte": 620, "patients_per_fte": 4.3}, cost_per_place_nok=1000
    )
    fewer_staff = no_fte_price.with_service(
        "homecare", staffing_calendar=[{"from": "2025-07-06", "to": "2025-08-02", "fte": 560}]
    )
    assert unpriced(fewer_staff, no_fte_price) == ("homecare",)  # fewer FTE, no price per FTE


def test_overflow_places_cost_nothing_extra():
    """Corridor beds are not staffed places: the cost of places is the regular places'."""
    assert capacity_cost(calendar_scenario(overflow={"places": 10}), MUNICIPALITY) == capacity_cost(
        calendar_scenario(), MUNICIPALITY
    )
