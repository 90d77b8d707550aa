"""The compare page and the scenario library panel, on a library of their own (HARMONI_DB in a tmp dir)."""

from __future__ import annotations

from pathlib import Path

import pytest
from apptest_pages import open_page
from streamlit.testing.v1 import AppTest

from harmoni_model import load_scenario
from harmoni_model.scenario.changes import Changes, apply_changes
from harmoni_model.workshop.library import Library
from pages.ui.i18n import LANGUAGES, STRINGS

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "sample_data" / "scenarios" / "trondheim_baseline.yaml"


@pytest.fixture
def library(tmp_path, monkeypatch) -> Library:
    monkeypatch.setenv("HARMONI_DB", str(tmp_path / "library.db"))
    return Library()


@pytest.fixture
def two_saved(library) -> list[int]:
    base = load_scenario(BASELINE)
    more = apply_changes(base, Changes(capacity={"short_term": 199}))
    fewer = apply_changes(base, Changes(capacity={"hospital_medical": 64}))  # 12 beds fewer
    return [
        library.save(more, "Flere korttidsplasser", "Bord 3", "Tjue flere plasser i helsehuset."),
        library.save(fewer, "Færre medisinske senger", "Kari", "Hva om sykehuset kutter?"),
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_empty_library_explains_how_to_save(library, lang):
    at = open_page("compare", lang)
    assert at.title[0].value == STRINGS[lang]["nav.compare"]
    assert at.info[0].value == STRINGS[lang]["compare.empty"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_compare_runs_in_both_languages(two_saved, lang):
    at = open_page("compare", lang)
    assert at.title[0].value == STRINGS[lang]["nav.compare"]
    assert at.multiselect(key="compare:pick").options


def test_two_scenarios_side_by_side(two_saved):
    at = open_page("compare", "en")
    at.multiselect(key="compare:pick").set_value(two_saved).run()
    assert not at.exception, at.exception
    kpis, changes, costs = (d.value for d in at.table)
    assert list(kpis.columns[1:]) == [
        load_scenario(BASELINE).name,
        "Flere korttidsplasser (#1)",
        "Færre medisinske senger (#2)",
    ]
    assert len(kpis) == 6
    assert list(changes.columns[1:]) == list(kpis.columns[2:])  # the baseline has no change from itself
    paired = changes["Flere korttidsplasser (#1)"]
    assert (paired.str.contains(" to ") | (paired == "0.0")).all()  # paired: with an interval, unless none at all
    # who pays: a line each; the baseline's levels, then each scenario's change
    assert len(costs) == 7 and list(costs.columns[1:]) == [kpis.columns[1]] + [
        f"Change: {name} (95 % CI)" for name in kpis.columns[2:]
    ]
    assert costs.iloc[0, 0] == "Municipality pays: places and staff"
    more, fewer = costs.columns[2:]
    assert costs[more].iloc[0] == "+22.0\u00a0MNOK"  # 20 places at 1.1 MNOK a year
    assert costs[fewer].iloc[3] == "−25.2\u00a0MNOK"  # 12 beds at 2.097 MNOK a year
    texts = " ".join(m.value for m in at.markdown)
    assert "Tjue flere plasser i helsehuset" in texts and "Hva om sykehuset kutter" in texts
    assert at.get("vega_lite_chart")


# --- the library panel ----------------------------------------------------------------------


def _panel_app():
    from pathlib import Path

    import streamlit as st

    from harmoni_model import load_scenario
    from pages.ui.library_panel import library_panel

    root = Path.cwd()
    scenario = load_scenario(root / "sample_data" / "scenarios" / "trondheim_baseline.yaml")
    with st.sidebar:
        library_panel(scenario, "en")


@pytest.fixture
def panel(library, monkeypatch) -> AppTest:
    monkeypatch.chdir(ROOT)
    at = AppTest.from_function(_panel_app, default_timeout=60)
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception, at.exception
    return at


def _save(at: AppTest, name: str, author: str = "", reason: str = "") -> AppTest:
    at.text_input(key="library:name").input(name)
    at.text_input(key="library:author").input(author)
    at.text_area(key="library:reason").input(reason)
    at.button[0].click()  # the form's submit button comes first
    return at.run()


def test_saving_shows_the_scenario_in_the_list(panel, library):
    en = STRINGS["en"]
    assert en["library.empty"] in [c.value for c in panel.caption]
    _save(panel, "Plan A", "Table 2", "Because.")
    assert not panel.exception, panel.exception
    assert panel.success[0].value == en["library.saved"].format(name="Plan A")
    assert [e.name for e in library.list()] == ["Plan A"]
    texts = [m.value for m in panel.markdown]
    assert "**Plan A** (#1)" in texts and "Because." in texts  # "." ends no markdown: left as it is


def test_an_empty_name_is_an_error(panel, library):
    _save(panel, "   ")
    assert panel.error[0].value == STRINGS["en"]["library.name_missing"]
    assert library.list() == []


def test_delete_restore_duplicate_rename_open(panel, library):
    _save(panel, "Plan A")
    (entry,) = library.list()
    panel.button(key=f"library:del:{entry.id}").click().run()
    assert not panel.exception, panel.exception
    assert library.list() == [] and library.list(include_deleted=True)[0].deleted
    assert "~~Plan A~~" in [m.value for m in panel.markdown]
    panel.button(key=f"library:restore:{entry.id}").click().run()
    assert [e.name for e in library.list()] == ["Plan A"]
    panel.button(key=f"library:dup:{entry.id}").click().run()
    assert [e.name for e in library.list()] == ["Plan A", "Plan A (copy)"]
    panel.text_input(key=f"library:rename_name:{entry.id}").input("Plan B")
    panel.button(key=f"library:rename:{entry.id}").click().run()
    assert not panel.exception, panel.exception
    assert library.entry(entry.id).name == "Plan B"
    panel.button(key=f"library:open:{entry.id}").click().run()
    assert panel.session_state["scenario:open"] == entry.id


def test_library_errors_are_messages_not_tracebacks(panel, library):
    _save(panel, "Plan A")
    (entry,) = library.list()
    library.delete(entry.id, owner_key=panel.session_state["visitor:key"])  # in another tab of this session
    library.purge()
    panel.button(key=f"library:del:{entry.id}").click().run()
    assert not panel.exception, panel.exception
    assert panel.error and "no scenario with id" in panel.error[0].value


def test_the_workshop_report_is_offered_for_download(two_saved):
    at = open_page("compare", "nb")
    at.multiselect(key="compare:pick").set_value(two_saved).run()
    at.button(key="compare:report_make").click().run()
    assert not at.exception, at.exception
    html_text, csv_bytes, xlsx_bytes = at.session_state["compare:report_files"]
    assert "Tjue flere plasser i helsehuset." in html_text and "<svg" in html_text
    assert csv_bytes.startswith(b"\xef\xbb\xbf") and xlsx_bytes[:2] == b"PK"
    assert len(at.get("download_button")) == 3


# --- each scenario against its own base ------------------------------------------------------


@pytest.fixture
def two_bases(library) -> dict[str, list[int]]:
    base, growth = load_scenario(BASELINE), load_scenario(BASELINE.parent / "growth_2030.yaml")
    return {
        "base": [library.save_changes(base, Changes(capacity={"short_term": 199}), "Base +20")],
        "growth": [
            library.save_changes(growth, Changes(capacity={"short_term": 199}), "2030 +20"),
            library.save_changes(growth, Changes(capacity={"kad": 30}), "2030 KAD"),
        ],
        "old": [library.save(apply_changes(base, Changes(capacity={"kad": 25})), "Old one")],
    }


def test_scenarios_are_compared_with_the_base_they_were_made_from(two_bases):
    base, growth = load_scenario(BASELINE), load_scenario(BASELINE.parent / "growth_2030.yaml")
    at = open_page("compare", "en")
    box = at.selectbox(key="compare:base")
    assert box.options == [f"{base.name} (2 scenarios: #1, #4)", f"{growth.name} (2 scenarios: #2, #3)"]
    assert box.value == base.content_hash()  # the Trondheim baseline first
    # its group holds the one made on it and the one saved without a base (compared with it, and said so)
    assert at.multiselect(key="compare:pick").options == ["Base +20 (#1)", "Old one (#4)"]
    assert any("Old one (#4)" in c.value for c in at.caption)
    at.multiselect(key="compare:pick").set_value(two_bases["base"]).run()
    at.selectbox(key="compare:base").select(growth.content_hash()).run()
    assert not at.exception, at.exception
    assert at.multiselect(key="compare:pick").options == ["2030 +20 (#2)", "2030 KAD (#3)"]
    at.multiselect(key="compare:pick").set_value(two_bases["growth"]).run()
    assert not at.exception, at.exception
    kpis, changes, _ = (d.value for d in at.table)
    assert list(kpis.columns[1:]) == [growth.name, "2030 +20 (#2)", "2030 KAD (#3)"]
    assert changes["2030 KAD (#3)"].str.contains(" to ").all()  # paired with its own base: an interval


def test_one_base_needs_no_choice(two_saved):
    at = open_page("compare", "en")
    assert not at.selectbox  # both saved without a base: the Trondheim baseline, as always
