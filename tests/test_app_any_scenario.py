"""Any valid scenario in the studio and on the map: the small example and random networks, in both languages.

The scenario is uploaded as a user would; every tile must show a number, a capacity change must
run, and the map must open and say which services it has no sites for.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from apptest_pages import open_page
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from networks import app_networks
from streamlit.testing.v1 import AppTest

from harmoni_model import Scenario, dumps_scenario, load_scenario
from harmoni_model.results.formatting import DASH
from harmoni_model.results.headline import headline_figures
from pages.ui.i18n import LANGUAGES, STRINGS

ROOT = Path(__file__).resolve().parents[1]
SMALL = load_scenario(ROOT / "sample_data" / "scenarios" / "example_small.yaml")
LOCATION_IDS = {"hospital_medical", "hospital_ortho", "kad", "short_term", "rehab", "long_term", "home_care"}


def _uploaded(scenario: Scenario, lang: str) -> AppTest:
    """The studio with `scenario` uploaded as a YAML file."""
    at = open_page("scenario", lang)
    data = dumps_scenario(scenario).encode()
    at.file_uploader(key="scenario:upload").set_value(("mine.yaml", data, "application/x-yaml")).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert at.selectbox(key="scenario:base").value == "uploaded"
    return at


def _assert_tiles_filled(at: AppTest, scenario: Scenario, lang: str) -> None:
    figures = headline_figures(scenario)
    assert [m.label for m in at.metric] == [f.label(lang) for f in figures]
    for m in at.metric:
        assert m.value and m.value != DASH and any(ch.isdigit() for ch in m.value), (m.label, m.value)


def _studio_and_map(scenario: Scenario, lang: str) -> None:
    at = _uploaded(scenario, lang)
    _assert_tiles_filled(at, scenario, lang)
    assert not any(m.delta for m in at.metric)  # nothing changed yet
    assert at.info[0].value == STRINGS[lang]["scenario.sentence.none"]

    first = scenario.services[0]
    at.number_input(key=f"capacity:{first.id}").set_value(first.capacity + 1).run()
    assert not at.exception, at.exception
    assert at.session_state["scenario:current"].service(first.id).capacity == first.capacity + 1
    _assert_tiles_filled(at, scenario, lang)
    assert all(m.delta for m in at.metric)  # a change, or "no clear difference"
    sentence = at.info[0].value
    assert sentence != STRINGS[lang]["scenario.sentence.none"] and sentence.endswith(".")

    at.switch_page("pages/views/map.py").run()
    assert not at.exception, at.exception
    assert at.title[0].value == STRINGS[lang]["nav.map"]
    unplaced = [s for s in scenario.services if s.id not in LOCATION_IDS]
    notes = " ".join(i.value for i in at.info)
    for s in unplaced:
        assert s.label(lang) in notes, (s.id, notes)
    if len(unplaced) == len(scenario.services):
        assert STRINGS[lang]["map.unplaced.all"].split("(")[0] in notes
        assert not at.dataframe  # no sites: no table of sites


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_small_example_fills_the_studio_and_the_map(lang):
    _studio_and_map(SMALL, lang)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(network=app_networks(), lang=st.sampled_from(LANGUAGES))
def test_a_random_network_fills_the_studio_and_the_map(network, lang):
    _studio_and_map(network, lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_presenter_mode_has_a_large_tile_per_figure(lang):
    at = _uploaded(SMALL, lang)
    at.session_state["presenter"] = True
    at.run()
    assert not at.exception, at.exception
    tiles = [h for h in at.get("html") if "harmoni-tile" in h.proto.body]
    assert len(tiles) == len(headline_figures(SMALL))
    assert all(DASH not in h.proto.body.split("font-size:3.6rem")[1][:80] for h in tiles)
