"""What a scenario changed against its baseline: hand-computed lines in bokmål and English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from harmoni_model import load_scenario, validate_data
from harmoni_model.scenario.changes import Changes, apply_changes
from harmoni_model.scenario.differences import scenario_differences

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "sample_data" / "scenarios" / "example_small.yaml"
TRONDHEIM = ROOT / "sample_data" / "scenarios"


@pytest.fixture(scope="module")
def small():
    return load_scenario(SMALL)


def _with(scenario, service_id: str, **changes):
    return scenario.with_service(service_id, **changes)


def test_the_same_scenario_has_no_differences_and_the_name_is_not_a_change(small):
    assert scenario_differences(small, small) == []
    assert scenario_differences(small, small.variant(name="Annet navn", description="x", replications=30)) == []


def test_places_in_both_languages_with_the_signed_change(small):
    other = apply_changes(small, Changes(capacity={"short_term": 52}))
    assert scenario_differences(small, other, "nb") == ["Korttidsopphold: plasser 32 → 52 (+20)"]
    assert scenario_differences(small, other, "en") == ["Short-term stay: places 32 → 52 (+20)"]
    fewer = apply_changes(small, Changes(capacity={"nursing_home": 1235}))
    assert scenario_differences(small, fewer, "nb") == ["Langtidsplass: plasser 235 → 1\u00a0235 (+1\u00a0000)"]


def test_a_summer_closure_is_read_period_by_period(small):
    summer = [{"from": "2025-07-01", "to": "2025-08-31", "capacity": 30, "repeat": "yearly"}]
    closed = _with(small, "hospital", capacity_calendar=summer)
    assert scenario_differences(small, closed, "nb") == [
        "Sykehus, medisinsk: i perioden 1.7.2025–31.8.2025 hvert år: 30 plasser (ny periode)"
    ]
    deeper = _with(closed, "hospital", capacity_calendar=[{**summer[0], "capacity": 24}])
    assert scenario_differences(closed, deeper, "en") == [
        "Hospital, medical: in the period 2025-07-01–2025-08-31 every year: 30 → 24 places (−6)"
    ]
    assert scenario_differences(closed, small, "nb") == [
        "Sykehus, medisinsk: i perioden 1.7.2025–31.8.2025 hvert år: 30 plasser (periode fjernet)"
    ]


def test_corridor_places_priority_and_admission_days(small):
    other = _with(small, "hospital", overflow={"places": 6})
    every_day = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    other = _with(other, "short_term", priority=["hospital"], admission_days=every_day)
    assert scenario_differences(small, other, "nb") == [
        "Sykehus, medisinsk: korridorplasser (ekstraplasser) 0 → 6 (+6)",
        "Korttidsopphold: tar inn pasienter mandag–fredag → alle dager",
        "Korttidsopphold: rekkefølge ved ledig plass: først til mølla → Sykehus, medisinsk først",
    ]
    assert scenario_differences(other, small, "en")[-1] == (
        "Short-term stay: order when a place frees: Hospital, medical first → first come, first served"
    )


def test_length_of_stay_mean_with_its_relative_change(small):
    # 14 days x 0.9 = 12.6 days: −10 %
    other = _with(small, "short_term", length_of_stay={"distribution": "gamma", "mean": 12.6, "cv": 0.7})
    assert scenario_differences(small, other, "nb") == [
        "Korttidsopphold: liggetid snitt (døgn) 14,0 → 12,6 (−10\u00a0%)"
    ]
    same_mean = _with(small, "short_term", length_of_stay={"distribution": "gamma", "mean": 14, "cv": 0.3})
    assert scenario_differences(small, same_mean, "en") == [
        "Short-term stay: length of stay's distribution changed (same mean)"
    ]


def test_route_delay_and_share(small):
    routes = [
        {"to": "exit", "p": 0.6},
        {"to": "short_term", "p": 0.38, "delay": {"distribution": "fixed", "value": 1.5}},
        {"to": "nursing_home", "p": 0.02},
    ]
    slower = _with(small, "hospital", next=routes)
    assert scenario_differences(small, slower, "nb") == [
        "Sykehus, medisinsk → ut av tjenestene (hjem): andel 68 → 60\u00a0%",
        "Sykehus, medisinsk → Korttidsopphold: andel 30 → 38\u00a0%",
        "Sykehus, medisinsk → Korttidsopphold: saksbehandlingstid fra utskrivningsklar, snitt døgn 0,0 → 1,5 (+1,5)",
    ]
    quick = {**routes[1], "delay": {"distribution": "fixed", "value": 0.25}}
    faster = _with(slower, "hospital", next=[routes[0], quick, routes[2]])
    assert scenario_differences(slower, faster, "en") == [
        "Hospital, medical → Short-term stay: processing delay once ready to leave, mean days 1.50 → 0.25 (−1.25)"
    ]


def test_demand_as_one_factor_or_per_service(small):
    more = apply_changes(small, Changes(demand_factor=1.1))
    # one stream into one service: the rate per day, 6.5 x 1.1 = 7.15
    assert scenario_differences(small, more, "nb") == [
        "Nye pasienter utenfra til Sykehus, medisinsk per døgn 6,50 → 7,15 (+0,65)"
    ]
    base = load_scenario(TRONDHEIM / "trondheim_baseline.yaml")
    grown = apply_changes(base, Changes(demand_factor=1.2))
    assert scenario_differences(base, grown, "nb") == ["Etterspørsel: alle nye pasienter utenfra +20\u00a0% (×1,20)"]
    assert scenario_differences(base, grown, "en") == ["Demand: all new patients from outside +20\u00a0% (×1.20)"]


def test_staffing_and_its_calendar():
    base = load_scenario(TRONDHEIM / "trondheim_baseline.yaml")
    other = apply_changes(base, Changes(fte={"home_care": 640}))
    # the calendar's summer period moves by the same +20 FTE (apply_changes): 590 → 610
    assert scenario_differences(base, other, "nb") == [
        "Hjemmetjenester: årsverk 620,0 → 640,0 (+20,0)",
        "Hjemmetjenester: i perioden 6.7.2026–2.8.2026 hvert år: 590,0 → 610,0 årsverk (+20,0)",
    ]


def test_the_sample_scenarios_read_without_an_english_id_in_bokmal():
    base = load_scenario(TRONDHEIM / "trondheim_baseline.yaml")
    ids = {*base.service_ids, *(a.id for a in base.arrivals)}
    for path in sorted(TRONDHEIM.glob("*.yaml")):
        if path.name in ("trondheim_baseline.yaml", "example_small.yaml"):
            continue
        lines = scenario_differences(base, load_scenario(path), "nb")
        assert lines, path.name  # every sample scenario changes something
        for line in lines:
            assert not any(re.search(rf"\b{i}\b", line) for i in ids), (path.name, line)


def test_added_and_removed_services(small):
    data = small.to_dict()
    data["services"][1]["next"] = [{"to": "exit", "p": 1.0}]
    data["services"][0]["next"] = [{"to": "exit", "p": 0.7}, {"to": "short_term", "p": 0.3}]
    data["services"] = data["services"][:2]
    fewer = validate_data(data)
    lines = scenario_differences(small, fewer, "en")
    assert "Service removed: Long-term place" in lines
    assert "New service: Long-term place (235 places)" in scenario_differences(fewer, small, "en")
