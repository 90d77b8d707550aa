"""The studio's scenario across the workshop (AppTest): kept across pages, opened as changes on its base, linked.

The browser versions of these (a real server, real navigation, a second browser) are in
tests/e2e/test_workshop_state.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from apptest_pages import APP, open_page, shown
from streamlit.testing.v1 import AppTest

from harmoni_model import dumps_scenario, load_scenario
from harmoni_model.scenario.changes import Changes, apply_changes
from harmoni_model.workshop.library import Library
from pages.ui import state
from pages.ui.i18n import STRINGS

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "sample_data" / "scenarios"
BASELINE = load_scenario(SCENARIOS / "trondheim_baseline.yaml")
ST, KAD = "capacity:short_term", "capacity:kad"


@pytest.fixture
def library(tmp_path, monkeypatch) -> Library:
    monkeypatch.setenv("HARMONI_DB", str(tmp_path / "library.db"))
    return Library()


def _link(params: dict[str, str]) -> AppTest:
    """The studio as a new session opened by a link."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update(params)
    at.run()
    at.switch_page("pages/views/scenario.py").run()
    assert not at.exception, at.exception
    return at


def _tiles(at: AppTest) -> list[tuple[str, str, str]]:
    return [(shown(m.label), m.value, m.delta) for m in at.metric]


def _visit(at: AppTest, page: str, keep_address: bool) -> AppTest:
    if not keep_address:  # as in a browser: the navigation drops the page's parameters
        lang = at.query_params.get("lang")
        at.query_params.clear()
        if lang:
            at.query_params["lang"] = lang
    at.switch_page(f"pages/views/{page}.py").run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("keep_address", [False, True])
def test_the_controls_and_results_survive_a_visit_to_other_pages(keep_address):
    at = open_page("scenario", "en")
    at.number_input(key=ST).set_value(150).run()
    at.slider(key=state.DEMAND).set_value(10).run()
    at.selectbox(key=state.START).select("growth_2030.yaml").run()  # a starting point, then changes on it
    at.number_input(key=ST).set_value(150).run()
    at.number_input(key=KAD).set_value(20).run()
    before, scenario, address = _tiles(at), at.session_state[state.CURRENT], dict(at.query_params)
    for page in ("map", "compare", "advisor", "overview"):
        _visit(at, page, keep_address)
    _visit(at, "scenario", keep_address)
    assert at.selectbox(key=state.START).value == "growth_2030.yaml"
    assert (at.number_input(key=ST).value, at.number_input(key=KAD).value) == (150, 20)
    assert at.session_state[state.CURRENT] == scenario
    assert _tiles(at) == before
    assert dict(at.query_params) == address  # the address is the studio's link again
    assert not at.warning


def test_a_saved_scenario_opens_as_its_changes_on_its_base(library):
    at = open_page("scenario", "en")
    at.number_input(key=KAD).set_value(30).run()
    at.number_input(key=ST).set_value(199).run()
    changed = _tiles(at)
    at.text_input(key="library:name").input("KAD 30, 20 more places")
    next(b for b in at.button if b.label == STRINGS["en"]["library.save_button"]).click().run()
    assert not at.exception, at.exception
    [entry] = library.list()
    saved = library.saved(entry.id)
    assert saved.base == BASELINE and saved.changes == Changes(capacity={"kad": 30, "short_term": 199})

    fresh = open_page("scenario", "en", **{state.OPEN: entry.id})  # a new session opens it from the library
    assert fresh.selectbox(key=state.START).value == "opened"
    assert (fresh.number_input(key=KAD).value, fresh.number_input(key=ST).value) == (30, 199)
    current = fresh.session_state[state.CURRENT]
    assert current.name == "KAD 30, 20 more places"
    assert current.to_dict() == saved.scenario.to_dict()
    assert _tiles(fresh) == changed  # against the baseline: the same changes, the same numbers
    assert "10 more places" in fresh.info[0].value and "20 more places" in fresh.info[0].value  # the sentence
    assert any("Opened from the library" in c.value for c in fresh.caption)
    assert dict(fresh.query_params) == {"lang": "en", "open": str(entry.id)}

    fresh.number_input(key=ST).set_value(200).run()  # a change on top: named so, and in the link
    assert fresh.session_state[state.CURRENT].name == "KAD 30, 20 more places *"
    assert dict(fresh.query_params) == {"lang": "en", "open": str(entry.id), ST: "200"}
    fresh.button(key="scenario:reset").click().run()  # back to the opened scenario, not to the baseline
    assert fresh.number_input(key=ST).value == 199


def test_a_link_to_a_library_scenario_reproduces_it(library):
    entry = library.save_changes(BASELINE, Changes(capacity={"kad": 30}, demand_factor=1.1), "KAD 30")
    at = open_page("scenario", "en", **{state.OPEN: entry})
    at.number_input(key=ST).set_value(150).run()
    shown, scenario = _tiles(at), at.session_state[state.CURRENT]
    other = _link(dict(at.query_params))  # the address bar, pasted into another browser
    assert other.session_state[state.CURRENT] == scenario
    assert _tiles(other) == shown
    assert not other.warning


def test_an_entry_saved_without_its_base_opens_as_its_own_base_and_says_so(library):
    whole = apply_changes(BASELINE, Changes(capacity={"kad": 30}), name="Trondheim baseline 2026 *")
    entry = library.save(whole, "Old KAD 30")  # as every entry before schema 3, and a CLI import
    at = open_page("scenario", "en", **{state.OPEN: entry})
    assert at.selectbox(key=state.START).value == "opened"
    assert at.number_input(key=KAD).value == 30
    assert at.session_state[state.CURRENT].name == "Old KAD 30"
    assert not any(m.delta for m in at.metric)  # its own base: nothing to compare
    assert any("saved without its starting point" in w.value for w in at.warning)


def test_a_link_that_cannot_be_reproduced_says_so(library):
    at = open_page("scenario", "en")
    data = dumps_scenario(BASELINE.variant(name="Mine")).encode()  # an upload that is not in the library
    at.file_uploader(key="scenario:upload").set_value(("mine.yaml", data, "application/x-yaml")).run()
    at.number_input(key=ST).set_value(150).run()
    en = STRINGS["en"]
    assert en["scenario.link.not_shareable"] in [w.value for w in at.warning]
    assert at.query_params["base"] == "uploaded"
    other = _link(dict(at.query_params))  # the receiver is told too
    assert other.warning[0].value == en["scenario.link.uploaded"]
    gone = _link({"open": "999", "lang": "en"})
    assert gone.warning[0].value == en["scenario.link.not_in_library"].format(param="open", value="999")
    assert gone.selectbox(key=state.START).value == "trondheim_baseline.yaml"


def test_a_pasted_link_in_the_same_session_still_sets_the_controls():
    at = open_page("scenario", "en")
    at.number_input(key=ST).set_value(150).run()
    at.query_params[ST] = "160"  # a different link (say, from a colleague) in this session
    at.run()
    assert at.number_input(key=ST).value == 160
