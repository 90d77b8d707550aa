"""Headline figures: declared by the scenario, or derived from its structure; validated with field paths."""

from __future__ import annotations

import pytest
from plain_scenarios import ROOT, make_scenario

from harmoni_model import ScenarioError, load_scenario, validate_data
from harmoni_model.results.estimates import Estimate
from harmoni_model.results.headline import busiest, default_figures, headline_figures, offered_load

SCENARIOS = ROOT / "sample_data" / "scenarios"


def tandem_data() -> dict:
    return make_scenario()


def test_the_baseline_declares_todays_six_figures_in_order():
    figures = headline_figures(load_scenario(SCENARIOS / "trondheim_baseline.yaml"))
    assert [(f.scope, f.kpi) for f in figures] == [
        ("system", "overliggedogn"), ("system", "overliggedogn_cost_nok"), ("system", "corridor_days"),
        ("short_term", "mean_wait_days"), ("long_term", "mean_queue"), ("kad", "share_diverted"),
    ]  # fmt: skip
    assert figures[0].label("nb") == "Overliggedøgn per år"
    assert figures[2].label("en") == "Hospital corridor bed-days a year"


def test_a_scenario_without_a_headline_gets_figures_from_its_structure():
    small = load_scenario(SCENARIOS / "example_small.yaml")
    figures = headline_figures(small)
    assert [(f.scope, f.kpi) for f in figures][:3] == [
        ("system", "overliggedogn"), ("system", "overliggedogn_cost_nok"), ("hospital", "mean_wait_days"),
    ]  # fmt: skip
    assert len(figures) == 6 and all(f.scope in (*small.service_ids, "system") for f in figures)
    assert figures[2].label("en") == "Wait (days, mean): Hospital, medical"


def test_no_blocking_no_overliggedogn_figures():
    data = tandem_data()
    for s in data["services"]:
        s["blocking"] = False
    figures = default_figures(validate_data(data))
    assert all(scope != "system" for scope, _ in figures)


def test_offered_load_solves_the_traffic_equations():
    # 2 a day into the hospital; 40 % go on to short-term: 0.8 a day there.
    s = validate_data(tandem_data())
    load = offered_load(s)
    assert load["hospital"] == pytest.approx(2.0)
    assert load["short_term"] == pytest.approx(0.8)
    assert busiest(s, "municipality") == "short_term"
    loop = make_scenario()
    loop["services"][1]["next"] = [{"to": "exit", "p": 0.5}, {"to": "hospital", "p": 0.5}]  # readmissions
    load = offered_load(validate_data(loop))
    # λh = 2 + 0.5 λs, λs = 0.4 λh  =>  λh = 2 / 0.8 = 2.5, λs = 1.0
    assert load["hospital"] == pytest.approx(2.5) and load["short_term"] == pytest.approx(1.0)


def test_shown_values_are_per_year_and_in_display_units():
    s = validate_data({**tandem_data(), "horizon_days": 730})
    od = next(f for f in headline_figures(s) if f.kpi == "overliggedogn")
    shown = od.shown(Estimate(1000.0, 800.0, 1200.0, 5), s)
    assert (shown.mean, shown.low, shown.high) == (500.0, 400.0, 600.0)  # two years measured: half a year's worth
    cost = next(f for f in headline_figures(s) if f.kpi == "overliggedogn_cost_nok")
    assert cost.shown(Estimate(2e6, 1e6, 3e6, 5), s).mean == pytest.approx(1.0)  # NOK million a year
    wait = validate_data({**tandem_data(), "headline": [{"scope": "hospital", "kpi": "share_waited"}]})
    share = headline_figures(wait)[0]
    clipped = share.shown(Estimate(0.98, 0.9, 1.06, 5), wait)
    assert (clipped.mean, clipped.high) == (pytest.approx(98.0), pytest.approx(100.0))  # a share stops at 100 %
    assert share.shown(Estimate(0.02, -0.01, 0.05, 5), wait, difference=True).low == pytest.approx(-1.0)


@pytest.mark.parametrize(
    ("headline", "path", "words"),
    [
        ([{"scope": "nowhere", "kpi": "mean_queue"}], "headline[0].scope", "unknown service 'nowhere'"),
        ([{"scope": "system", "kpi": "mean_queue"}], "headline[0]", "unknown KPI 'mean_queue' for the system"),
        ([{"scope": "hospital", "kpi": "overliggedogn"}], "headline[0]", "unknown KPI 'overliggedogn' for a service"),
        ([{"scope": "system", "kpi": "overliggedogn"}] * 2, "headline[1]", "the same figure as headline[0]"),
    ],
)
def test_bad_headlines_are_named_by_field(headline, path, words):
    with pytest.raises(ScenarioError) as err:
        validate_data({**tandem_data(), "headline": headline})
    assert any(p.path == path and words in p.message for p in err.value.problems), err.value.problems


def test_system_is_a_reserved_service_id():
    data = tandem_data()
    data["services"][1]["id"] = "system"
    data["services"][0]["next"] = [{"to": "exit", "p": 0.7}, {"to": "system", "p": 0.3}]
    with pytest.raises(ScenarioError) as err:
        validate_data(data)
    assert any(p.path == "services[1].id" and "reserved" in p.message for p in err.value.problems)


def test_a_service_nobody_is_sent_to_gets_no_default_figure():
    from plain_scenarios import make_service

    data = make_scenario(
        services=[make_service("ward", capacity=5), make_service("idle", capacity=50)],
        arrivals=[{"id": "a", "to": "ward", "rate_per_day": 1.0}],
    )
    scenario = validate_data(data)
    assert offered_load(scenario)["idle"] == 0
    assert {scope for scope, _ in default_figures(scenario)} == {"ward"}  # its wait would always be "–"
    quiet = validate_data({**data, "arrivals": []})  # nobody anywhere: every service stays
    assert {scope for scope, _ in default_figures(quiet)} == {"ward", "idle"}


def test_hospital_overflow_puts_corridor_days_after_overliggedogn():
    data = tandem_data()
    data["services"][0]["overflow"] = {"places": 3}
    figures = headline_figures(validate_data(data))
    assert [(f.scope, f.kpi) for f in figures][:3] == [
        ("system", "overliggedogn"), ("system", "overliggedogn_cost_nok"), ("system", "corridor_days"),
    ]  # fmt: skip
    assert figures[2].label("nb") == "Korridordøgn i sykehuset per år"
    assert figures[2].label("en") == "Hospital corridor bed-days a year"
    for s in data["services"]:
        s["blocking"] = False
    assert default_figures(validate_data(data))[0] == ("system", "corridor_days")  # no blocking: first
    data["services"][0].pop("overflow")
    data["services"][1]["overflow"] = {"places": 3}  # the municipality's extra places are not the hospital's corridor
    assert ("system", "corridor_days") not in default_figures(validate_data(data))
    data["services"][1]["overflow"] = {"places": 0}
    assert ("system", "corridor_days") not in default_figures(validate_data(data))


def test_the_busiest_service_follows_its_calendar():
    """Two equal municipal services; one is closed to half its places for most of the measured period."""
    from plain_scenarios import make_service

    closed = [{"from": "2025-02-01", "to": "2025-12-31", "capacity": 5}]
    data = make_scenario(
        start_date="2025-01-01", horizon_days=365,
        services=[make_service("a", capacity=10), make_service("b", capacity=10, capacity_calendar=closed)],
        arrivals=[{"id": "to_a", "to": "a", "rate_per_day": 1.0}, {"id": "to_b", "to": "b", "rate_per_day": 1.0}],
    )  # fmt: skip
    assert busiest(validate_data(data), "municipality") == "b"
    data["services"][1]["capacity_calendar"] = [{"from": "2024-02-01", "to": "2024-12-31", "capacity": 5}]
    data["services"][0]["capacity"] = 9  # b's closure is before the run: a is the busier
    assert busiest(validate_data(data), "municipality") == "a"
