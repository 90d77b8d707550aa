"""Shareable links: a URL reproduces a scenario; a hostile URL is clamped or ignored, never an exception."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from apptest_pages import APP
from hypothesis import given
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from harmoni_model import load_scenario
from harmoni_model.scenario.changes import Changes
from pages.ui.share_links import controls_for, defaults, link_params, parse_link, parse_open

BASELINE = load_scenario(Path(__file__).resolve().parents[1] / "sample_data" / "scenarios" / "trondheim_baseline.yaml")


def test_a_link_round_trips():
    changes = Changes(capacity={"short_term": 199}, fte={"home_care": 650.0}, weekend_intake={"rehab": True})
    start = defaults(BASELINE)
    values = controls_for(BASELINE, dataclasses.replace(changes, demand_factor=1.1))
    params = link_params(values, start)
    assert params == {"capacity:short_term": "199", "staffing:home_care": "650", "weekend:rehab": "1", "demand": "10"}
    parsed, notes = parse_link(params, BASELINE)
    assert notes == []
    assert parsed == {"capacity:short_term": 199, "staffing:home_care": 650.0, "weekend:rehab": True, "demand": 10}
    assert {**start, **parsed} == values


def test_a_link_is_relative_to_its_start():
    """On an opened scenario the link names only what differs from it, including a value set back to the base's."""
    opened = controls_for(BASELINE, Changes(capacity={"kad": 30}, demand_factor=1.1))
    now = {**opened, "capacity:kad": BASELINE.service("kad").capacity, "staffing:home_care": 612.25}
    assert link_params(now, opened) == {"capacity:kad": str(BASELINE.service("kad").capacity),
                                        "staffing:home_care": "612.25"}  # fmt: skip
    assert link_params({"staffing:home_care": 1 / 3}, {}) == {"staffing:home_care": repr(1 / 3)}  # exact
    assert link_params(opened, opened) == {}


def test_changes_the_controls_cannot_show_are_refused():
    assert controls_for(BASELINE, Changes(capacity={"nowhere": 3})) is None
    assert controls_for(BASELINE, Changes(capacity={"short_term": 10_000})) is None  # beyond the control
    assert controls_for(BASELINE, Changes(weekend_intake={"hospital_medical": False})) is None  # no such control
    assert controls_for(BASELINE, Changes(demand_factor=1.125)) is None  # the control moves in whole percent
    assert controls_for(BASELINE, Changes(demand_factor=1.28))["demand"] == 28


@pytest.mark.parametrize(("text", "expected"), [("12", 12), (" 7 ", 7), ("-1", None), ("1e3", None), ("x", None),
                                                ("٣", None), ("9" * 13, None)])  # fmt: skip
def test_the_library_id_in_a_link_is_checked(text, expected):
    assert parse_open(text) == expected


@pytest.mark.parametrize(
    ("key", "value", "expected", "note"),
    [
        ("capacity:kad", "-5", 0, "clamped"),
        ("capacity:short_term", "1e12", 358, "clamped"),
        ("capacity:short_term", "inf", None, "not_a_number"),
        ("capacity:short_term", "nan", None, "not_a_number"),
        ("capacity:short_term", "lots", None, "not_a_number"),
        ("capacity:x", "-5", None, "unknown"),
        ("staffing:kad", "10", None, "unknown"),  # KAD has no staffing to change
        ("demand", "500", 50, "clamped"),
        ("weekend:rehab", "maybe", None, "not_yes_no"),
        ("<script>", "1", None, "unknown"),
    ],
)
def test_hostile_values_are_clamped_or_ignored(key, value, expected, note):
    values, notes = parse_link({key: value}, BASELINE)
    assert values.get(key if key != "demand" else "demand") == expected
    assert notes == [(key, value, note)]


def _page(params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update(params)
    at.run()
    at.switch_page("pages/views/scenario.py").run()
    return at


def test_a_link_opens_the_scenario_page_with_that_capacity():
    at = _page({"capacity:short_term": "60", "lang": "en"})
    assert not at.exception
    assert at.number_input(key="capacity:short_term").value == 60
    assert at.session_state["scenario:current"].service("short_term").capacity == 60
    assert "fewer places" in at.info[0].value
    assert not at.warning


def test_a_hostile_link_gives_notes_not_an_exception():
    at = _page({"capacity:x": "-5", "capacity:short_term": "1e12", "capacity:kad": "-5", "demand": "abc", "foo": "1"})
    assert not at.exception
    assert at.number_input(key="capacity:short_term").value == 358
    assert at.number_input(key="capacity:kad").value == 0
    assert at.slider(key="demand").value == 0
    assert len(at.warning) == 5


def test_the_url_follows_the_controls():
    at = _page({"lang": "nb"})
    at.number_input(key="capacity:short_term").set_value(199).run()
    assert not at.exception
    assert at.query_params["capacity:short_term"] == "199"
    assert at.query_params["lang"] == "nb"


def test_the_notes_go_once_the_controls_are_used():
    at = _page({"capacity:x": "-5"})
    assert len(at.warning) == 1
    at.number_input(key="capacity:kad").set_value(25).run()
    assert not at.warning


def test_the_room_is_not_a_control_and_a_room_code_is_checked():
    from pages.ui.rooms import parse_room

    assert parse_link({"room": "ws-2026", "lang": "en"}, BASELINE) == ({}, [])
    assert parse_room("ws-2026") == ("ws-2026", True)
    assert parse_room(" ws-2026 ") == ("ws-2026", True)
    for bad in ("WS", "ab", "x" * 33, "a b c", "<script>", "ws_1"):
        assert parse_room(bad) == ("", False)


@st.composite
def _lever_controls(draw) -> dict[str, object]:
    """Any values of the new levers' controls on the baseline, within their ranges (as the widgets allow)."""
    from pages.ui.share_links import (
        STAY_RANGE,
        STAY_STEP,
        closure_services,
        corridor_range,
        corridor_services,
        first_services,
        summer_places_range,
        transfer_range,
        transfer_services,
    )

    values: dict[str, object] = {}
    for sid in draw(st.lists(st.sampled_from(closure_services(BASELINE)), max_size=2, unique=True)):
        a, b = draw(st.integers(1, 52)), draw(st.integers(1, 52))
        values[f"summer_weeks:{sid}"] = (min(a, b), max(a, b))
        values[f"summer_places:{sid}"] = draw(st.integers(*summer_places_range(BASELINE, sid)))
    for sid in corridor_services(BASELINE):
        values[f"corridor:{sid}"] = draw(st.integers(*corridor_range(BASELINE, sid)))
    for sid in first_services(BASELINE):
        values[f"hospital_first:{sid}"] = draw(st.booleans())
    for sid in transfer_services(BASELINE):
        low, high = transfer_range(BASELINE, sid)
        values[f"transfer:{sid}"] = draw(st.floats(low, high, allow_nan=False))
    for sid in draw(st.lists(st.sampled_from(BASELINE.service_ids), max_size=3, unique=True)):
        values[f"stay:{sid}"] = STAY_STEP * draw(st.integers(STAY_RANGE[0] // STAY_STEP, STAY_RANGE[1] // STAY_STEP))
    return values


@given(_lever_controls())
def test_any_lever_controls_round_trip_through_a_link(levers):
    start = defaults(BASELINE)
    values = {**start, **levers}
    parsed, notes = parse_link(link_params(values, start), BASELINE)
    assert notes == []
    assert {**start, **parsed} == values
