"""Workshop rooms in a real browser: the room survives navigation, rooms do not see each other, owners.

Real parts only: the app server of tests/e2e/conftest.py (its SQLite library in the tests'
temporary folder), Debian's Chromium, navigation by the sidebar's links as a user clicks them.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from e2e_helpers import go, screenshot, settle, wait_for_app

from pages.ui.i18n import STRINGS

EN = STRINGS["en"]
ROOM_A, ROOM_B = "e2e-room-a", "e2e-room-b"
NAME = "Room A: 20 more short-term places"


def _room(pg) -> list[str] | None:
    return parse_qs(urlparse(pg.url).query).get("room")


def _library(pg):
    sidebar = pg.get_by_test_id("stSidebar")
    sidebar.get_by_text(EN["library.title"]).click()
    return sidebar


def test_a_room_keeps_its_entries_through_navigation_and_from_other_rooms(page, app_url, browser):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/scenario?lang=en&room={ROOM_A}")
    wait_for_app(page, timeout=120_000)
    settle(page)
    sidebar = _library(page)
    sidebar.get_by_label(EN["library.name"], exact=True).fill(NAME)
    sidebar.get_by_role("button", name=EN["library.save_button"], exact=True).click()
    page.get_by_text(EN["library.saved"].format(name=NAME)).wait_for(timeout=60_000)
    settle(page)
    # the saver may delete their own entry
    assert page.locator("[class*='st-key-library-del-'] button").count() >= 1
    page.locator("[class*='st-key-library-del-'] button").first.scroll_into_view_if_needed()
    screenshot(page, "rooms_saved_in_room_a_1280")

    for path, title in (("map", EN["nav.map"]), ("compare", EN["nav.compare"]), ("scenario", EN["nav.scenario"])):
        go(page, path, title)
        assert _room(page) == [ROOM_A], (path, page.url)  # the workshop stays in its room
    assert NAME in _library(page).inner_text()

    other = browser.new_context(viewport={"width": 1280, "height": 720})  # another participant's browser
    try:
        pg = other.new_page()
        pg.goto(f"{app_url}/scenario?lang=en&room={ROOM_B}")
        wait_for_app(pg, timeout=120_000)
        settle(pg)
        assert NAME not in _library(pg).inner_text()  # another room does not see it
        pg.goto(f"{app_url}/scenario?lang=en&room={ROOM_A}")
        wait_for_app(pg, timeout=120_000)
        settle(pg)
        listed = _library(pg)
        assert NAME in listed.inner_text()  # the same room does
        settle(pg)
        # ... but without the saver's key or the facilitator's, nothing to delete or rename
        assert pg.locator("[class*='st-key-library-del-'] button").count() == 0
        assert pg.locator("[class*='st-key-library-rename-'] button").count() == 0
        listed.get_by_text(NAME).first.scroll_into_view_if_needed()
        screenshot(pg, "rooms_another_visitor_in_room_a_1280")
    finally:
        other.close()
