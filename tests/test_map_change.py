"""The map's change (pages/ui/map_change.py): verdicts from the paired interval, before → after, labels, rows."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from harmoni_model import Estimate, load_scenario, run_replications, validate_data
from harmoni_model.data.geo import load_locations
from harmoni_model.results.estimates import estimate
from harmoni_model.scenario.changes import Changes, apply_changes
from pages.ui import map_change as mc
from pages.ui import map_colours as colours
from pages.ui import map_sites as ms

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "sample_data" / "scenarios" / "example_small.yaml"
BASELINE = ROOT / "sample_data" / "scenarios" / "trondheim_baseline.yaml"
WORDS = {"better": "Bedre", "worse": "Verre", "unclear": "Ingen klar endring", "same": "Uendret"}


@pytest.mark.parametrize(
    ("d", "verdict"),
    [
        (Estimate(-4.2, -5.0, -3.4, 5), "better"),  # the whole interval below 0: fewer wait
        (Estimate(2.0, 0.5, 3.5, 5), "worse"),
        (Estimate(-1.3, -2.9, 0.3, 6), "unclear"),  # holds 0 (the issue's −1 337, −2 964 to +291)
        (Estimate(0.0, 0.0, 0.0, 5), "same"),  # the same patients, the same result in every replication
        (Estimate(0.4, math.nan, math.nan, 1), "unclear"),  # one replication: no interval, no verdict
        (Estimate(math.nan, math.nan, math.nan, 0), "unclear"),
    ],
)
def test_the_verdict_is_what_the_interval_says(d, verdict):
    assert mc.verdict_of(d) == verdict


def test_verdict_colours_are_apart_and_grey_is_no_clear_change():
    better, worse = colours.CHANGE_COLOURS["better"], colours.CHANGE_COLOURS["worse"]
    assert better != worse and colours.CHANGE_COLOURS["unclear"] == colours.CHANGE_COLOURS["same"]
    assert colours.change_colour(None) == [*colours.NO_DATA_COLOUR, colours.POINT_ALPHA]
    assert colours.change_colour("better", 200) == [0, 114, 178, 200]


@pytest.fixture(scope="module")
def small_runs():
    data = load_scenario(SMALL).to_dict()
    data["horizon_days"], data["warmup_days"] = 120, 30
    base = validate_data(data)
    fewer = apply_changes(base, Changes(capacity={"short_term": 20}))
    return run_replications(fewer, 4, workers=1), run_replications(base, 4, workers=1)


def test_changes_are_paired_differences_of_the_patients_waiting(small_runs):
    after, before = small_runs
    changes = mc.service_changes(after, before)
    assert list(changes) == ["hospital", "short_term", "nursing_home"]
    for sid, c in changes.items():
        # by hand: queue + blocked per replication, then the differences' mean and Student-t interval
        a = [r.services[sid]["mean_queue"] + r.services[sid]["mean_blocked"] for r in after.runs]
        b = [r.services[sid]["mean_queue"] + r.services[sid]["mean_blocked"] for r in before.runs]
        d = estimate(x - y for x, y in zip(a, b, strict=True))
        assert c.difference.mean == pytest.approx(d.mean) and c.difference.low == pytest.approx(d.low)
        assert c.waiting_before.mean == pytest.approx(sum(b) / 4)
    st = changes["short_term"]
    assert (st.places_before, st.places_after) == (32, 20) and st.places_changed
    assert not changes["hospital"].places_changed
    # 12 short-term places fewer: clearly more patients wait there and blocked in the hospital
    assert changes["hospital"].verdict == "worse" and st.verdict == "worse"
    assert mc.service_changes(before, after)["hospital"].verdict == "better"  # and back again
    assert mc.service_changes(before, before)["hospital"].verdict == "same"


def test_one_row_per_service_before_to_after(small_runs):
    after, before = small_runs
    changes = mc.service_changes(after, before)
    rows = mc.service_rows(after.scenario, changes, {"hospital": 1, "short_term": 2}, "nb", WORDS)
    assert list(rows["service"]) == ["Sykehus, medisinsk", "Korttidsopphold", "Langtidsplass"]
    row = rows.set_index("service").loc["Korttidsopphold"]
    assert row["places"] == "32 → 20" and row["sites"] == 2
    assert rows.set_index("service").loc["Langtidsplass", "places"] == "235"  # unchanged: one number
    assert rows.set_index("service").loc["Sykehus, medisinsk", "verdict"] == "Verre"
    assert " → " in rows.set_index("service").loc["Sykehus, medisinsk", "waiting"]


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("St. Olavs hospital (Øya)", "St. Olavs hospital"),
        ("Øya helsehus", "Øya helsehus"),
        ("Zion helse- og velferdssenter (Valentinlyst)", "Zion HVS"),
        ("Trondheim rehabiliteringssenter (Klæbuvegen 196, Nidarvoll)", "Trondheim rehabiliteringssenter"),
    ],
)
def test_short_site_names(name, short):
    assert mc.short_name(name) == short


def test_the_few_site_services_are_named_on_the_map_with_places_before_after():
    base = load_scenario(BASELINE)
    more = apply_changes(base, Changes(capacity={"short_term": 199}))
    locations = load_locations(ROOT / "sample_data" / "locations.csv")
    points = ms.build_points(
        locations, {}, ms.service_places(more), {}, "change", "nb",
        pooled=ms.pools(more), capacities_before=ms.service_places(base),
    )  # fmt: skip
    labels = {x["label"].split("\n")[0]: x for x in mc.site_labels(points, ms.site_names(locations), "nb", "plasser")}
    assert {"St. Olavs hospital", "Øya helsehus", "Søbstad helsehus", "Trondheim rehabiliteringssenter"} <= set(labels)
    assert "Zion HVS" not in labels  # one of 24 nursing homes of one service: named in the tooltip and the list
    # short-term places are shared over Øya (125) and Søbstad (54) in proportion: 20 more on average
    before, after = ms.service_places(base)["short_term"], ms.service_places(more)["short_term"]
    sobstad = labels["Søbstad helsehus"]["label"].split("\n")
    assert len(sobstad) == 2 and sobstad[1].endswith(" plasser") and " → " in sobstad[1]
    shown_before, shown_after = (int(x) for x in sobstad[1].removesuffix(" plasser").split(" → "))
    assert shown_after - shown_before == pytest.approx(54 / 179 * (after - before), abs=1)
    assert labels["St. Olavs hospital"]["label"] == "St. Olavs hospital"  # its places did not change
    picked = mc.site_labels(points, ms.site_names(locations), "nb", "plasser", always="zion_hvs")
    assert any(x["label"] == "Zion HVS" for x in picked)


def test_change_mode_colours_every_site_of_a_service_by_its_verdict():
    base = load_scenario(BASELINE)
    locations = load_locations(ROOT / "sample_data" / "locations.csv")
    changes = {
        "long_term": mc.ServiceChange("long_term", 1350, 1380, 0.99, 0.99, Estimate(30, 20, 40, 5),
                                      Estimate(20, 15, 25, 5), Estimate(-10, -12, -8, 5), "better"),
    }  # fmt: skip
    points = ms.build_points(locations, {}, ms.service_places(base), {}, "change", "nb", changes=changes,
                             verdict_words=WORDS)  # fmt: skip
    long_term = points[points["service_id"] == "long_term"]
    assert len(long_term) == 24 and all(f[:3] == [0, 114, 178] for f in long_term["fill"])
    assert set(long_term["change_text"]) == {"−10,0 (−12,0 til −8,0) · Bedre"}
    assert set(long_term["waiting_text"]) == {"30,0 → 20,0"}
    others = points[points["service_id"] != "long_term"]
    assert all(f[:3] == list(colours.NO_DATA_COLOUR) for f in others["fill"])  # no change known: grey


def test_a_verdict_cell_has_the_maps_colour():
    assert mc.verdict_style("better").startswith("background-color: rgb(0, 114, 178); color: #ffffff")
    assert "rgb(213, 94, 0)" in mc.verdict_style("worse") and "color: #1d1d1d" in mc.verdict_style("worse")
    assert "color: #1d1d1d" in mc.verdict_style("unclear")  # dark text on the pale grey
