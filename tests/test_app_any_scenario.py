"""Any valid scenario in the studio and on the map: the small example and random networks, in both languages.

The scenario is uploaded as a user would; every tile must show a number, a capacity change must
run, and the map must open and say which services it has no sites for.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from apptest_pages import open_page, shown
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
#: Calendars, corridor beds, priority, processing delays and reneging at once; its headline is the new KPIs.
EVERY = load_scenario(ROOT / "tests" / "scenarios" / "every_mechanism.yaml")
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
    assert [shown(m.label) for m in at.metric] == [f.label(lang) for f in figures]
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
    notes = " ".join(shown(i.value) for i in at.info)
    for s in unplaced:
        assert s.label(lang) in notes, (s.id, notes)
    if len(unplaced) == len(scenario.services):
        assert STRINGS[lang]["map.unplaced.all"].split("(")[0] in notes
        assert not at.dataframe  # no sites: no table of sites


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_small_example_fills_the_studio_and_the_map(lang):
    _studio_and_map(SMALL, lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_mechanism_fills_the_studio_and_the_map(lang):
    _studio_and_map(EVERY, lang)


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
    assert all(DASH not in h.proto.body.split("font-weight:600")[1][:80] for h in tiles)


def _whole_workshop(scenario: Scenario, lang: str, db: Path) -> None:
    """Upload, change a capacity, save to the library, compare with its base, export the report, visit every page."""
    import os

    from harmoni_model.workshop.library import Library

    old = os.environ.get("HARMONI_DB")
    os.environ["HARMONI_DB"] = str(db)
    try:
        at = _uploaded(scenario, lang)
        first = scenario.services[0]
        at.number_input(key=f"capacity:{first.id}").set_value(first.capacity + 1).run()
        at.text_input(key="library:name").input("Mine +1")
        next(b for b in at.button if b.label == STRINGS[lang]["library.save_button"]).click().run()
        assert not at.exception, at.exception
        [entry] = Library().list()
        saved = Library().saved(entry.id)
        assert saved.base is not None and saved.base.to_dict() == scenario.to_dict()  # its changes on its base
        assert saved.scenario.service(first.id).capacity == first.capacity + 1

        at.switch_page("pages/views/compare.py").run()
        assert not at.exception, at.exception
        assert not [b for b in at.selectbox if b.key == "compare:base"]  # one base in the library: no choice
        at.multiselect(key="compare:pick").set_value([entry.id]).run()
        assert not at.exception, at.exception
        kpis, changes, costs = (d.value for d in at.table[:3])
        assert len(kpis) == len(changes) == len(headline_figures(scenario))
        assert not kpis.iloc[:, 1:].isin([DASH]).any().any(), kpis  # every figure has a value
        assert not changes.iloc[:, 1:].isin([DASH]).any().any(), changes  # and a change from its base
        assert len(costs) > 0
        at.button(key="compare:report_make").click().run()
        assert not at.exception, at.exception
        report, csv_bytes, xlsx = at.session_state["compare:report_files"]
        assert scenario.name.split()[0] in report and csv_bytes and xlsx

        for page in ("overview", "scenario", "map", "advisor", "about"):
            at.switch_page(f"pages/views/{page}.py").run()
            assert not at.exception, (page, at.exception)
        assert at.session_state["scenario:current"].service(first.id).capacity == first.capacity + 1  # kept
    finally:
        if old is None:
            os.environ.pop("HARMONI_DB", None)
        else:
            os.environ["HARMONI_DB"] = old


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_small_example_through_a_whole_workshop(lang, tmp_path):
    _whole_workshop(SMALL, lang, tmp_path / "library.db")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_mechanism_through_a_whole_workshop(lang, tmp_path):
    _whole_workshop(EVERY, lang, tmp_path / "library.db")


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(network=app_networks(), lang=st.sampled_from(LANGUAGES))
def test_a_random_network_through_a_whole_workshop(network, lang):
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        _whole_workshop(network, lang, Path(folder) / "library.db")
