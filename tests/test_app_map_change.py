"""The map page shows what the studio's scenario changed: colour by change, site names, one row per service."""

from __future__ import annotations

import json
from pathlib import Path

from apptest_pages import open_page

from harmoni_model import load_scenario
from harmoni_model.scenario.changes import Changes, apply_changes
from pages.ui import map_layers as ml
from pages.ui.i18n import STRINGS

ROOT = Path(__file__).resolve().parents[1]
BASELINE = load_scenario(ROOT / "sample_data" / "scenarios" / "trondheim_baseline.yaml")


def test_a_studio_change_shows_before_after_and_its_verdict_on_the_map():
    changes = Changes(capacity={"short_term": 129})  # 50 short-term places fewer
    variant = apply_changes(BASELINE, changes, name="Femti færre korttidsplasser")
    at = open_page("map", "nb", **{"scenario:current": variant, "scenario:current_made_of": (BASELINE, changes)})
    assert not at.exception, at.exception
    assert at.radio(key="map:colour").value == "change"  # a change to show: shown first
    assert any(STRINGS["nb"]["map.legend.title.change"] in m.value for m in at.markdown)
    spec = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    layers = {x["id"]: x for x in spec["layers"]}
    names = [x["label"] for x in layers[ml.SITE_LABEL_LAYER]["data"]]
    assert any(n.startswith("Søbstad helsehus\n") and " plasser" in n for n in names), names
    assert any(n == "St. Olavs hospital" for n in names)
    points = layers[ml.POINTS_LAYER]["data"]
    short = [p for p in points if p["service_id"] == "short_term"]
    assert all(" → " in p["places_text"] and " → " in p["waiting_text"] for p in short)
    # 50 places fewer: clearly more patients wait for (and in) short-term stays, in vermillion on the map
    assert all(p["fill"][:3] == [213, 94, 0] for p in short), [p["change_text"] for p in short]
    assert all("Verre" in p["change_text"] for p in short)
    tooltip = json.loads(at.get("deck_gl_json_chart")[0].proto.tooltip)
    assert "{change_text}" in tooltip["html"] and STRINGS["nb"]["map.tooltip.change"] in tooltip["html"]
    table = at.table[0].value.set_index(STRINGS["nb"]["map.table.service"])
    assert table.index.is_unique  # one row per service
    row = table.loc[variant.service("short_term").label("nb")]
    assert " → " in row[STRINGS["nb"]["map.table.places"]] and row[STRINGS["nb"]["map.table.verdict"]] == "Verre"
    assert table.loc["Langtidsplass, sykehjem", STRINGS["nb"]["map.table.sites"]] == 24
