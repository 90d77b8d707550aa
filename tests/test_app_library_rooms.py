"""Rooms and owners in the app (AppTest): a room sees only its entries, the room stays in the links, a damaged
entry does not crash the panel or the compare page, and only the owner or the facilitator gets change buttons."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from apptest_pages import APP
from streamlit.testing.v1 import AppTest

from harmoni_model import load_scenario
from harmoni_model.scenario.changes import Changes
from harmoni_model.workshop.library import Library
from pages.ui import state
from pages.ui.i18n import STRINGS
from pages.ui.user_text import literal_line

ROOT = Path(__file__).resolve().parents[1]
BASELINE = load_scenario(ROOT / "sample_data" / "scenarios" / "trondheim_baseline.yaml")
FAC = "workshop-facilitator-key-2026"
EN = STRINGS["en"]


@pytest.fixture
def library(tmp_path, monkeypatch) -> Library:
    monkeypatch.setenv("HARMONI_DB", str(tmp_path / "library.db"))
    monkeypatch.setenv("HARMONI_FACILITATOR_KEY", FAC)
    return Library(facilitator_key=FAC)


def _page(page: str, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update({"lang": "en", **params})
    at.run()
    at.switch_page(f"pages/views/{page}.py").run()
    assert not at.exception, at.exception
    return at


def _panel_app():
    from pathlib import Path

    import streamlit as st

    from harmoni_model import load_scenario
    from pages.ui.library_panel import library_panel

    scenario = load_scenario(Path.cwd() / "sample_data" / "scenarios" / "trondheim_baseline.yaml")
    with st.sidebar:
        library_panel(scenario, "en")


def _panel(room: str, monkeypatch) -> AppTest:
    monkeypatch.chdir(ROOT)
    at = AppTest.from_function(_panel_app, default_timeout=60)
    at.session_state["lang"] = "en"
    at.query_params["room"] = room
    at.run()
    assert not at.exception, at.exception
    return at


def _texts(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])


def _keys(at: AppTest) -> set[str]:
    return {b.key for b in at.button if b.key}


def test_the_studio_in_a_room_sees_only_that_rooms_entries_and_keeps_the_room(library):
    mine = library.save_changes(BASELINE, Changes(capacity={"kad": 30}), "Room A plan", room="ws-a")
    theirs = library.save_changes(BASELINE, Changes(capacity={"kad": 31}), "Room B plan", room="ws-b")
    library.save(BASELINE, "Laptop plan")
    at = _page("scenario", room="ws-a")
    texts = _texts(at)
    assert f"**Room A plan** (#{mine})" in texts
    assert "Room B plan" not in texts and "Laptop plan" not in texts
    assert at.query_params["room"] == "ws-a"
    key = at.session_state[state.VISITOR_KEY]
    assert all(key not in str(v) for v in at.query_params.values())  # the owner key is never in a link

    at.number_input(key="capacity:kad").set_value(25).run()  # the studio's link keeps the room
    assert at.query_params["room"] == "ws-a" and at.query_params["capacity:kad"] == "25"
    at.query_params.clear()  # a navigation drops the address's parameters: the room comes back
    at.switch_page("pages/views/compare.py").run()
    assert not at.exception, at.exception
    assert at.query_params["room"] == "ws-a"
    assert at.multiselect(key="compare:pick").options == [f"Room A plan (#{mine})"]

    other = _page("scenario", room="ws-a", open=str(theirs))  # a link to another room's entry opens nothing
    assert other.warning[0].value == EN["scenario.link.not_in_library"].format(param="open", value=str(theirs))
    opened = _page("scenario", room="ws-a", open=str(mine))
    assert opened.selectbox(key=state.START).value == "opened"
    assert dict(opened.query_params) == {"lang": "en", "room": "ws-a", "open": str(mine)}


def test_an_invalid_room_code_is_explained_and_the_default_room_used(library):
    library.save(BASELINE, "Laptop plan")
    at = _page("compare", room="No Such Room!")
    assert EN["library.room_invalid"].split("“")[0] in at.warning[0].value and "No Such Room" in at.warning[0].value
    assert "room" not in at.query_params
    assert at.multiselect(key="compare:pick").options == ["Laptop plan (#1)"]


def _damage(library: Library, *ids: int) -> None:
    con = sqlite3.connect(library.path)
    con.execute(f"UPDATE scenarios SET content = '{{not json' WHERE id IN ({', '.join(map(str, ids))})")
    con.commit()
    con.close()


def test_a_damaged_entry_is_listed_not_opened_in_the_panel(library, monkeypatch):
    good = library.save(BASELINE, "Good one", room="ws-a")
    bad = library.save(BASELINE, "Broken one", room="ws-a")
    _damage(library, bad)
    at = _panel("ws-a", monkeypatch)
    assert f"~~Broken one~~ (#{bad})" in _texts(at) and EN["library.damaged"] in _texts(at)
    assert f"library:open:{good}" in _keys(at) and f"library:open:{bad}" not in _keys(at)
    opened = _page("scenario", room="ws-a", open=str(bad))  # a link to it: a message, not a crash
    assert opened.warning[0].value == EN["scenario.link.not_in_library"].format(param="open", value=str(bad))
    assert opened.selectbox(key=state.START).value == "trondheim_baseline.yaml"


def test_a_damaged_entry_on_the_compare_page_does_not_crash(library):
    ok = library.save_changes(BASELINE, Changes(capacity={"kad": 30}), "Good one", room="ws-a")
    bad = library.save_changes(BASELINE, Changes(capacity={"kad": 31}), "Broken one", room="ws-a")
    _damage(library, bad)
    at = _page("compare", room="ws-a")
    assert at.multiselect(key="compare:pick").options == [f"Good one (#{ok})"]
    assert any("Broken one" in c.value and "Damaged" in c.value for c in at.caption)
    at.multiselect(key="compare:pick").set_value([ok]).run()
    assert not at.exception, at.exception
    _damage(library, ok)  # damaged after it was picked: an error message, not a traceback
    at.run()
    assert not at.exception, at.exception


def test_another_visitors_entry_has_no_change_buttons_but_the_facilitator_gets_them(library, monkeypatch):
    theirs = library.save(BASELINE, "Someone else's", room="ws-a", owner_key="another-visitor-key-0123456789")
    at = _panel("ws-a", monkeypatch)
    assert f"library:open:{theirs}" in _keys(at) and f"library:dup:{theirs}" in _keys(at)
    assert f"library:del:{theirs}" not in _keys(at) and f"library:rename:{theirs}" not in _keys(at)

    at.text_input(key="library:name").input("Mine")  # what this visitor saves is theirs to change
    at.button[0].click().run()
    [mine] = [e.id for e in library.list("ws-a") if e.name == "Mine"]
    assert f"library:del:{mine}" in _keys(at)

    at.text_input(key=state.FACILITATOR).input("wrong key").run()
    assert EN["library.facilitator_wrong"] in [e.value for e in at.error]
    assert f"library:del:{theirs}" not in _keys(at)
    at.text_input(key=state.FACILITATOR).input(FAC).run()
    assert EN["library.facilitating"] in _texts(at)
    at.button(key=f"library:del:{theirs}").click().run()
    assert not at.exception, at.exception
    assert [e.id for e in library.list("ws-a", deleted_only=True)] == [theirs]
    at.button(key=f"library:restore:{theirs}").click().run()
    at.text_input(key=f"library:rename_name:{theirs}").input("Renamed by the facilitator")
    at.button(key=f"library:rename:{theirs}").click().run()
    assert library.entry(theirs, "ws-a").name == "Renamed by the facilitator"
    old = literal_line("Someone else's")
    assert f"earlier names: «{old}»" in _texts(at)


def test_the_panel_lists_a_page_at_a_time(library, monkeypatch):
    con = sqlite3.connect(library.path)
    first = library.save(BASELINE, "Plan 0", room="ws-a")
    row = con.execute("SELECT content, content_hash, created FROM scenarios WHERE id = ?", (first,)).fetchone()
    con.executemany(
        "INSERT INTO scenarios (name, created, updated, content, content_hash, room) VALUES (?, ?, ?, ?, ?, 'ws-a')",
        [(f"Plan {i}", row[2], row[2], row[0], row[1]) for i in range(1, 45)],
    )
    con.commit()
    con.close()
    at = _panel("ws-a", monkeypatch)
    opens = sorted(k for k in _keys(at) if k.startswith("library:open:"))
    assert len(opens) == 20 and "library:open:45" in opens  # the newest first
    assert EN["library.page"].format(page=1, pages=3, n=45) in _texts(at)
    at.button(key="library:next").click().run()
    at.button(key="library:next").click().run()
    assert len([k for k in _keys(at) if k.startswith("library:open:")]) == 5
    at.text_input(key=state.LIBRARY_FILTER).input("Plan 4").run()  # Plan 4, 40..44
    assert len([k for k in _keys(at) if k.startswith("library:open:")]) == 6
