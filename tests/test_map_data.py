"""Unit tests of the map page's pure logic (pages/ui/map_sites.py, map_colours.py, map_geometry.py,
map_boundaries.py, map_layers.py) and the about page's (pages/ui/about_data.py)."""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import json
import math
from pathlib import Path

import pandas as pd
import pytest
from geo_checks import point_in_polygon

from harmoni_model import Estimate, load_scenario
from harmoni_model.data.geo import load_boundary, load_locations
from pages.ui import map_boundaries as mb
from pages.ui import map_colours as mc
from pages.ui import map_geometry as mg
from pages.ui import map_layers as ml
from pages.ui import map_sites as ms
from pages.ui.about_data import SOURCE_COLUMNS, embedded_markdown, sources_table

ROOT = Path(__file__).resolve().parents[1]
LOCATIONS = ROOT / "sample_data" / "locations.csv"
BOUNDARY = ROOT / "sample_data" / "trondheim_municipalities.geojson"
BASELINE = ROOT / "sample_data" / "scenarios" / "trondheim_baseline.yaml"


@pytest.fixture(scope="module")
def locations() -> pd.DataFrame:
    return load_locations(LOCATIONS)


@pytest.fixture(scope="module")
def baseline():
    return load_scenario(BASELINE)


def fake_estimates(service_ids, utilisation=0.85, queue=3.0):
    """KPI estimates as Results.estimates() gives them; values may be a dict per service id."""
    out = {}
    for sid in service_ids:
        u = utilisation[sid] if isinstance(utilisation, dict) else utilisation
        q = queue[sid] if isinstance(queue, dict) else queue
        out[sid] = {
            "utilisation": Estimate(u, u - 0.02, u + 0.02, 5),
            "mean_queue": Estimate(q, max(q - 1, 0), q + 1, 5),
            "mean_wait_days": Estimate(1.5, 1.0, 2.0, 5),
            "mean_blocked": Estimate(0.5, 0.1, 0.9, 5),
        }
    return out


def points_for(locations, baseline, mode="utilisation", lang="nb", **kw):
    ids = baseline.service_ids
    return ms.build_points(
        locations,
        kw.pop("estimates", None) or fake_estimates(ids, **kw),
        capacities={s.id: s.effective_capacity for s in baseline.services},
        labels={s.id: s.label(lang) for s in baseline.services},
        mode=mode,
        lang=lang,
        pooled=ms.pools(baseline),
    )


# --- numbers and colours -----------------------------------------------------------------


def test_numbers_follow_the_language():
    assert ms.with_interval("85,3\u00a0%", "80,1–90,2") == "85,3\u00a0% (80,1–90,2)"
    assert ms.with_interval("12", "") == "12"  # no interval (one replication, or no width): the value alone


@pytest.mark.parametrize(
    ("value", "mode", "expected"),
    [
        (0.0, "utilisation", 0),
        (0.5999, "utilisation", 0),
        (0.60, "utilisation", 1),
        (0.85, "utilisation", 2),
        (0.93, "utilisation", 3),
        (0.95, "utilisation", 4),
        (1.2, "utilisation", 4),
        (0.0, "queue", 0),
        (1.0, "queue", 1),
        (24.9, "queue", 3),
        (44.0, "queue", 4),
        (float("nan"), "queue", None),
        (None, "utilisation", None),
    ],
)
def test_bins(value, mode, expected):
    assert mc.bin_index(value, mode) == expected


def test_colours_come_from_the_ramp_and_grey_for_no_result():
    assert mc.colour_for(0.97, "utilisation") == [*mc.RAMP[-1], mc.POINT_ALPHA]
    assert mc.colour_for(float("nan"), "utilisation", 99) == [*mc.NO_DATA_COLOUR, 99]


def test_ramp_is_sequential_in_lightness():
    """Colour-blind safe means: the classes differ in lightness, in order, not only in hue."""

    def lightness(rgb):
        def linear(c):
            c /= 255
            return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = (linear(c) for c in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    values = [lightness(c) for c in mc.RAMP]
    assert all(a > b * 1.15 for a, b in itertools.pairwise(values)), values
    assert len(mc.RAMP) == len(mc.BIN_EDGES["utilisation"]) + 1 == len(mc.BIN_EDGES["queue"]) + 1


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_legend_has_one_entry_per_class_with_numbers(lang):
    utilisation = [e.label for e in mc.legend("utilisation", lang)]
    assert utilisation == ["< 60\u00a0%", "60–80\u00a0%", "80–90\u00a0%", "90–95\u00a0%", "≥ 95\u00a0%"]
    queue = mc.legend("queue", lang)
    assert [e.label for e in queue] == ["< 1", "1–5", "5–10", "10–25", "≥ 25"]
    assert [e.colour for e in queue] == list(mc.RAMP)


# --- positions -----------------------------------------------------------------------------


def test_lone_points_stay_and_shared_places_are_spread():
    lats = [63.4206, 63.4206, 63.30]
    lons = [10.389, 10.389, 10.48]
    out = mg.spread_positions(lats, lons)
    assert out[2] == (63.30, 10.48)
    assert out[0] != out[1]
    gap = mg.metres(*out[0], *out[1])
    assert gap == pytest.approx(2 * mg.SPREAD_METRES, rel=0.01)
    # the pair stays centred on the site
    assert (out[0][0] + out[1][0]) / 2 == pytest.approx(63.4206)
    assert (out[0][1] + out[1][1]) / 2 == pytest.approx(10.389)


def test_nearby_sites_join_one_ring(locations):
    """St. Olavs (2 services) and Øya helsehus (2 services) lie ~100 m apart: four points on one ring."""
    out = mg.spread_positions(list(locations["lat"]), list(locations["lon"]))
    near = [i for i, s in enumerate(locations["site_id"]) if s in {"st_olavs_oya", "oya_helsehus"}]
    assert len(near) == 4
    positions = {out[i] for i in near}
    assert len(positions) == 4
    for i, j in [(a, b) for a in near for b in near if a < b]:
        assert mg.metres(*out[i], *out[j]) > mg.SPREAD_METRES  # far enough apart to click
    # every plotted point stays within the spread radius of its true place (plus the cluster's extent)
    for i in range(len(out)):
        assert mg.metres(locations["lat"][i], locations["lon"][i], *out[i]) < mg.SPREAD_METRES + mg.CLUSTER_METRES


# --- places --------------------------------------------------------------------------------


def test_places_follow_the_scenario_capacity(locations, baseline):
    same = ms.scenario_places(locations, {s.id: s.effective_capacity for s in baseline.services})
    assert same == list(locations["capacity"])  # the file matches the baseline

    changed = ms.scenario_places(locations, {"short_term": 199})
    rows = locations["service_id"] == "short_term"
    assert sum(p for p, r in zip(changed, rows, strict=True) if r) == 199
    oya = locations.index[(locations["site_id"] == "oya_helsehus") & rows][0]
    assert changed[oya] == round(125 * 199 / 179)
    # other services keep the file's places
    assert [p for p, r in zip(changed, rows, strict=True) if not r] == list(locations.loc[~rows, "capacity"])


def test_places_of_an_empty_service_are_shared_evenly():
    frame = pd.DataFrame({"service_id": ["a", "a", "a"], "capacity": [0, 0, 0]})
    assert ms.scenario_places(frame, {"a": 10}) == [4, 3, 3]


# --- the points layer ---------------------------------------------------------------------


def test_one_point_per_locations_row_with_the_service_kpis(locations, baseline):
    points = points_for(
        locations, baseline, utilisation={s: 0.5 + 0.05 * i for i, s in enumerate(baseline.service_ids)}
    )
    assert len(points) == len(locations)
    assert set(zip(points["site_id"], points["service_id"], strict=True)) == set(
        zip(locations["site_id"], locations["service_id"], strict=True)
    )
    # every site of a service shows that service's figures (one pool)
    assert points.groupby("service_id")["utilisation"].nunique().max() == 1
    # larger first, so small sites are drawn on top
    assert list(points["places"]) == sorted(points["places"], reverse=True)
    assert points["radius"].is_monotonic_decreasing
    # labels in the reader's language
    assert set(points.loc[points["service_id"] == "long_term", "service"]) == {"Langtidsplass, sykehjem"}
    json.dumps(ml.layer_records(points))  # the deck's data is plain JSON


def test_colour_mode_decides_the_fill(locations, baseline):
    ids = baseline.service_ids
    kw = {"utilisation": dict.fromkeys(ids, 0.99), "queue": dict.fromkeys(ids, 0.0)}
    by_util = points_for(locations, baseline, "utilisation", **kw)
    by_queue = points_for(locations, baseline, "queue", **kw)
    solid = ~by_util["pool"]
    assert {tuple(f[:3]) for f in by_util.loc[solid, "fill"]} == {mc.RAMP[-1]}
    assert {tuple(f[:3]) for f in by_queue.loc[solid, "fill"]} == {mc.RAMP[0]}
    with pytest.raises(ValueError):
        points_for(locations, baseline, "beds")


def test_home_care_is_a_ring_in_the_class_colour(locations, baseline):
    points = points_for(locations, baseline, utilisation=0.92)
    pool = points[points["service_id"] == "home_care"]
    assert len(pool) == 4
    assert all(f[3] == mc.POOL_FILL_ALPHA for f in pool["fill"])
    assert all(line == [*mc.RAMP[3], 255] for line in pool["line"])
    assert all(w == mc.POOL_RING_PIXELS for w in pool["line_width"])
    others = points[points["service_id"] != "home_care"]
    assert all(line == mc.OUTLINE for line in others["line"])


def test_missing_results_show_grey_and_a_dash(locations, baseline):
    estimates = fake_estimates([s for s in baseline.service_ids if s != "rehab"])
    points = points_for(locations, baseline, estimates=estimates)
    rehab = points[points["service_id"] == "rehab"].iloc[0]
    assert tuple(rehab["fill"][:3]) == mc.NO_DATA_COLOUR
    assert rehab["utilisation_text"] == "–"


def test_intervals_are_clipped_to_possible_values(locations, baseline):
    points = points_for(locations, baseline, utilisation=0.995, queue=0.2)
    assert points["utilisation_high"].max() <= 1.0
    assert points["queue_low"].min() >= 0.0


def _without_mechanisms(scenario):
    """The scenario with no calendars and no overflow places (each test adds the ones it is about)."""
    from harmoni_model import validate_data

    data = scenario.to_dict()
    for s in data["services"]:
        for key in ("capacity_calendar", "staffing_calendar", "overflow"):
            s.pop(key, None)
    return validate_data(data)


def test_a_service_with_overflow_or_a_calendar_can_pass_full(locations, baseline):
    """Corridor beds (or places closed while still occupied) take utilisation past 100 %: no clip there."""
    plain = _without_mechanisms(baseline)
    assert ms.can_pass_full(plain) == frozenset()
    variant = plain.with_service("hospital_medical", overflow={"places": 6}).with_service(
        "short_term", capacity_calendar=[{"from": "2026-07-01", "to": "2026-08-11", "capacity": 150}]
    )
    assert ms.can_pass_full(variant) == {"hospital_medical", "short_term"}
    points = ms.build_points(
        locations, fake_estimates(variant.service_ids, utilisation=1.05), ms.service_places(variant),
        {s.id: s.id for s in variant.services}, "utilisation", "en", over_full=ms.can_pass_full(variant),
    )  # fmt: skip
    high = points.groupby("service_id")["utilisation_high"].max()
    assert high["hospital_medical"] == pytest.approx(1.07) and high["short_term"] == pytest.approx(1.07)
    assert high["kad"] == 1.0
    medical = points[points["service_id"] == "hospital_medical"]
    assert medical["utilisation_text"].iloc[0] == "105.0% (103.0–107.0)"  # English: no space before %


def test_places_on_the_map_are_the_mean_places_over_the_measured_period(baseline):
    """A calendar that closes 40 of a service's places for half the measured period shows 20 fewer places."""
    from harmoni_model.scenario.calendars import measured_period

    plain = _without_mechanisms(baseline)
    start, days = measured_period(plain)
    half = start + dt.timedelta(days=days // 2 - 1)  # the first half, both ends included
    cap = plain.service("short_term").capacity
    variant = plain.with_service(
        "short_term", capacity_calendar=[{"from": start.isoformat(), "to": half.isoformat(), "capacity": cap - 40}]
    )
    places = ms.service_places(variant)
    assert places["short_term"] == round(cap - 40 * (days // 2) / days)
    assert places["kad"] == plain.service("kad").effective_capacity  # no calendar: its usable places
    home = plain.service("home_care")
    assert places["home_care"] == home.effective_capacity < home.capacity  # staffing limits the places


# --- selection -----------------------------------------------------------------------------


def test_a_click_gives_the_site(locations, baseline):
    points = points_for(locations, baseline)
    obj = ml.layer_records(points)[5]
    event = {"selection": {"indices": {ml.POINTS_LAYER: [5]}, "objects": {ml.POINTS_LAYER: [obj]}}}
    assert ml.site_from_selection(event, points) == obj["site_id"]
    assert ml.site_from_selection(event["selection"], points) == obj["site_id"]
    # only indices: the layer's data order
    only_index = {"selection": {"indices": {ml.POINTS_LAYER: [0]}, "objects": {}}}
    assert ml.site_from_selection(only_index, points) == points.iloc[0]["site_id"]


@pytest.mark.parametrize(
    "event",
    [
        None,
        {},
        {"selection": {"indices": {}, "objects": {}}},
        {"selection": {"indices": {"other-layer": [0]}, "objects": {"other-layer": [{"site_id": "x"}]}}},
        {"selection": {"indices": {ml.POINTS_LAYER: [999]}, "objects": {}}},
        {"selection": "garbage"},
    ],
)
def test_no_site_without_a_click_on_the_sites(event, locations, baseline):
    assert ml.site_from_selection(event, points_for(locations, baseline)) is None


def test_only_a_new_click_overrides_the_list():
    assert ml.newly_clicked("a", None) == "a"
    assert ml.newly_clicked("a", "a") is None  # the map keeps its selection across reruns
    assert ml.newly_clicked("b", "a") == "b"
    assert ml.newly_clicked(None, "a") is None


def test_site_options_one_per_site(locations):
    options = ms.site_options(locations)
    assert len(options) == locations["site_id"].nunique()
    assert options["st_olavs_oya"] == "St. Olavs hospital (Øya) (Midtbyen)"
    assert options["oya_helsehus"] == "Øya helsehus (Midtbyen)"  # the site, not its KAD unit's long name


# --- boundaries and view -------------------------------------------------------------------


def test_boundary_marks_trondheim_without_changing_the_input():
    raw = load_boundary(BOUNDARY)
    before = copy.deepcopy(raw)
    drawn = mb.boundary_geojson(raw)
    assert raw == before
    homes = [f["properties"]["label"] for f in drawn["features"] if f["properties"]["home"]]
    assert homes == ["Trondheim"]
    for f in drawn["features"]:
        props = f["properties"]
        assert len(props["fill"]) == len(props["fill_over_basemap"]) == len(props["line"]) == 4
        assert props["fill_over_basemap"][3] < props["fill"][3]


def test_labels_sit_inside_their_municipality():
    drawn = mb.boundary_geojson(load_boundary(BOUNDARY))
    labels = mb.label_positions(drawn)
    assert len(labels) == len(drawn["features"])
    by_label = {f["properties"]["label"]: f["geometry"] for f in drawn["features"]}
    for label in labels:
        assert point_in_polygon(label["lat"], label["lon"], by_label[label["label"]]), label


def test_bydel_labels_sit_beside_their_home_care_ring_and_cover_no_site(locations, baseline):
    points = points_for(locations, baseline)
    labels = {x["label"]: x for x in mg.bydel_labels(points)}
    assert set(labels) == {"Heimdal", "Lerkendal", "Midtbyen", "Østbyen"}
    for name, label in labels.items():
        ring = points[(points["service_id"] == "home_care") & (points["bydel"] == name)].iloc[0]
        gap = mg.metres(label["lat"], label["lon"], ring["plat"], ring["plon"])
        assert gap == pytest.approx(ring["radius"] + mg.LABEL_GAP_METRES, rel=1e-3)
        assert (label["anchor"], label["baseline"]) in {(a, b) for _, a, b in mg._LABEL_SIDES}
    # Midtbyen's ring borders the fjord to the north: its name goes there, off the hospital cluster
    assert labels["Midtbyen"]["baseline"] == "bottom" and labels["Midtbyen"]["lat"] > 63.43


def test_a_bydel_without_home_care_is_labelled_at_its_sites(locations, baseline):
    points = points_for(locations, baseline)
    no_pool = points[points["service_id"] != "home_care"]
    labels = {x["label"]: x for x in mg.bydel_labels(no_pool)}
    heimdal = no_pool[no_pool["bydel"] == "Heimdal"]
    assert labels["Heimdal"]["lat"] == pytest.approx(heimdal["plat"].mean())
    assert labels["Heimdal"]["anchor"] == "middle"


def test_pools_are_not_spread(locations, baseline):
    points = points_for(locations, baseline)
    pool = points[points["service_id"] == "home_care"]
    assert list(pool["plat"]) == list(pool["lat"]) and list(pool["plon"]) == list(pool["lon"])


def test_the_view_fits_every_site(locations):
    width, height = 800, 640
    lat, lon, zoom = mg.fit_view(locations["lat"], locations["lon"], width, height)

    def pixel(la, lo):
        scale = 512 * 2**zoom / (2 * math.pi)
        x = scale * math.radians(lo - lon)
        y = scale * (
            math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
            - math.log(math.tan(math.pi / 4 + math.radians(la) / 2))
        )
        return x + width / 2, y + height / 2

    xs, ys = zip(*(pixel(la, lo) for la, lo in zip(locations["lat"], locations["lon"], strict=True)), strict=True)
    assert 0 < min(xs) <= max(xs) < width
    assert 0 < min(ys) <= max(ys) < height
    # and fills the map: the sites span most of the limiting side
    assert max(max(xs) - min(xs), (max(ys) - min(ys)) * width / height) > 0.7 * width
    assert 9 < zoom < 12


# --- which services the map can place --------------------------------------------------


def test_the_map_places_the_services_it_has_sites_for_and_names_the_rest(locations):
    small = load_scenario(ROOT / "sample_data" / "scenarios" / "example_small.yaml")
    rows, unplaced = ms.sites_of(locations, small)
    assert set(rows["service_id"]) == {"short_term"}  # the one id the small example shares with the file
    assert unplaced == ["hospital", "nursing_home"]  # in the scenario's order
    assert ms.pools(small) == frozenset()  # no service given at home


def test_pools_are_the_services_given_at_home(baseline, locations):
    assert ms.pools(baseline) == {"home_care"}
    rows, unplaced = ms.sites_of(locations, baseline)
    assert len(rows) == len(locations) and not unplaced


def test_a_scenario_without_sites_draws_an_empty_map(locations):
    from networks import tandem

    network = tandem(3, 2, 1.0, 2.0, 3.0)
    rows, unplaced = ms.sites_of(locations, network)
    assert rows.empty and unplaced == ["hospital", "downstream"]
    points = points_for(rows, network)
    assert points.empty and "pool" in points.columns
    assert ml.layer_records(points) == [] and mg.bydel_labels(points) == []
    spec = json.loads(ml.deck(points, {"type": "FeatureCollection", "features": []}, [], (63.4, 10.4, 10), False,
                              None, ml.tooltip([])).to_json())  # fmt: skip
    assert next(x for x in spec["layers"] if x["id"] == ml.POINTS_LAYER)["data"] == []


# --- about page ---------------------------------------------------------------------------

WORDS = {"hospital": "H", "municipality": "M", "arrivals_to": "to {service}", "no_source": "none"}


def test_sources_table_has_every_service_and_arrival(baseline):
    table = sources_table(baseline, "en", WORDS)
    assert list(table.columns) == list(SOURCE_COLUMNS)
    assert list(table["id"]) == [s.id for s in baseline.services] + [a.id for a in baseline.arrivals]
    assert table["source"].str.len().min() > 20  # the baseline sources every number
    row = table.set_index("id").loc["emergency_ortho"]
    assert row["name"] == "to St. Olavs, orthopaedic beds" and row["organisation"] == "H"


def test_sources_table_says_when_a_source_is_missing(baseline):
    bare = baseline.with_service("kad", source=None)
    assert sources_table(bare, "nb", WORDS).set_index("id").loc["kad", "source"] == "none"


def test_embedded_markdown_moves_headings_down():
    text = "# Title\n\nIntro\n\n## Part\n\n```\n# not a heading\n```\n| a |\n"
    out = embedded_markdown(text)
    assert "Title" not in out
    assert "#### Part" in out
    assert "\n# not a heading\n" in out
    assert out.startswith("Intro")
