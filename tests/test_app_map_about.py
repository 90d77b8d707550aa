"""The map and about pages in AppTest: both languages, the deck's layers, colour mode, basemap, sources table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from apptest_pages import open_page, shown
from streamlit.testing.v1 import AppTest

from harmoni_model import load_scenario
from harmoni_model.data.geo import load_locations
from harmoni_model.scenario.calendars import mean_capacity, measured_period
from pages.ui import map_layers as ml
from pages.ui.i18n import LANGUAGES, STRINGS
from pages.ui.user_text import literal

ROOT = Path(__file__).resolve().parents[1]
LOCATIONS = load_locations(ROOT / "sample_data" / "locations.csv")
BASELINE = load_scenario(ROOT / "sample_data" / "scenarios" / "trondheim_baseline.yaml")


def deck(at: AppTest) -> dict:
    charts = at.get("deck_gl_json_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.json)


def layer(spec: dict, layer_id: str) -> dict:
    found = [x for x in spec["layers"] if x.get("id") == layer_id]
    assert len(found) == 1, [x.get("id") for x in spec["layers"]]
    return found[0]


def captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


# --- map -------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_map_shows_boundaries_and_one_point_per_site_row(lang):
    at = open_page("map", lang)
    assert at.title[0].value == STRINGS[lang]["nav.map"]
    spec = deck(at)
    assert all(x.get("id") for x in spec["layers"])  # selections need an id on every layer
    boundary = layer(spec, ml.BOUNDARY_LAYER)
    assert boundary["@@type"] == "GeoJsonLayer"
    assert boundary["data"]["type"] == "FeatureCollection" and len(boundary["data"]["features"]) >= 1
    points = layer(spec, ml.POINTS_LAYER)
    assert points["@@type"] == "ScatterplotLayer" and points["pickable"] is True
    assert len(points["data"]) == len(LOCATIONS)
    assert {(p["site_id"], p["service_id"]) for p in points["data"]} == set(
        zip(LOCATIONS["site_id"], LOCATIONS["service_id"], strict=True)
    )
    # tooltips carry the numbers, in the page's language
    tooltip = json.loads(at.get("deck_gl_json_chart")[0].proto.tooltip)
    assert STRINGS[lang]["map.tooltip.utilisation"] in tooltip["html"]
    assert "{utilisation_text}" in tooltip["html"] and "{queue_text}" in tooltip["html"]
    assert all(p["utilisation_text"] and p["queue_text"] for p in points["data"])
    # credits and legend
    assert "© Kartverket" in captions(at)
    assert at.markdown.values  # legend title among the markdown
    assert any(STRINGS[lang]["map.legend.title.utilisation"] in m.value for m in at.markdown)
    # the table: one row per service placed on the map (not the service's queue repeated at every site)
    table = at.table[0].value
    assert len(table) == LOCATIONS["service_id"].nunique()
    assert STRINGS[lang]["map.table.utilisation"] in table.columns


def test_switching_colour_mode_changes_the_colours():
    at = open_page("map")  # the baseline: coloured by utilisation at first (there is no change to show)
    assert at.radio(key="map:colour").value == "utilisation"
    before = [p["fill"] for p in layer(deck(at), ml.POINTS_LAYER)["data"]]
    at.radio(key="map:colour").set_value("queue").run()
    assert not at.exception
    after = [p["fill"] for p in layer(deck(at), ml.POINTS_LAYER)["data"]]
    assert before != after
    assert any(STRINGS["nb"]["map.legend.title.queue"] in m.value for m in at.markdown)


def test_basemap_toggle():
    at = open_page("map")
    spec = deck(at)
    assert spec["mapProvider"] == "carto" and "positron" in spec["mapStyle"]
    assert "CARTO" in captions(at)
    at.toggle(key="map:basemap").set_value(False).run()
    assert not at.exception
    spec = deck(at)
    assert not spec.get("mapProvider")
    assert not spec.get("mapStyle")
    layer(spec, ml.BOUNDARY_LAYER)  # the boundaries stay
    assert "CARTO" not in captions(at)
    assert "© Kartverket" in captions(at)


def test_picking_a_site_shows_its_details():
    at = open_page("map", "en")
    at.selectbox(key="map:site").set_value("st_olavs_oya").run()
    assert not at.exception
    assert shown(at.subheader[0].value) == "St. Olavs hospital (Øya)"
    chosen = layer(deck(at), ml.SELECTED_LAYER)["data"]
    assert {p["service_id"] for p in chosen} == {"hospital_medical", "hospital_ortho"}
    labels = [shown(m.label) for m in at.metric]
    assert labels.count(STRINGS["en"]["map.details.utilisation"]) == 2


def test_the_current_scenario_drives_the_map():
    variant = BASELINE.with_service("short_term", capacity=219).variant(name="More short-term beds")
    at = open_page("map", "en", **{"scenario:current": variant})
    assert literal("More short-term beds") in "\n".join(c.value for c in at.caption)  # shown as text, not markdown
    short = [p for p in layer(deck(at), ml.POINTS_LAYER)["data"] if p["service_id"] == "short_term"]
    # the mean places over the measured period: 219 outside the baseline's summer calendar
    start, days = measured_period(variant)
    places = round(mean_capacity(variant.service("short_term"), start, days))
    # each site's places read before → after ("54 → 66")
    assert sum(int(p["places_text"].split(" → ")[-1].replace(",", "")) for p in short) == places
    assert places > round(mean_capacity(BASELINE.service("short_term"), start, days))


# --- about -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_about_lists_the_sources_of_every_baseline_service(lang):
    at = open_page("about", lang)
    assert at.title[0].value == STRINGS[lang]["nav.about"]
    table = at.table[0].value
    ids = set(table.index) if STRINGS[lang]["about.sources.col.id"] == table.index.name else set(table.iloc[:, 0])
    assert {s.id for s in BASELINE.services} <= ids
    assert {a.id for a in BASELINE.arrivals} <= ids
    sources = table[STRINGS[lang]["about.sources.col.source"]]
    assert sources.str.contains("EST").any()
    assert list(sources.loc["hospital_medical":"hospital_medical"]) == [BASELINE.service("hospital_medical").source]
    # version and citation
    import harmoni_model

    text = "\n".join(m.value for m in at.markdown)
    assert harmoni_model.__version__ in text
    assert harmoni_model.__version__ in at.code[0].value
    assert BASELINE.name in at.code[0].value
    # the calibration document is there to read
    assert any("overliggedøgn" in m.value and "|" in m.value for m in at.markdown)
