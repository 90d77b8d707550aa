"""The new levers in a real browser at the projector's 1280x720: picked, set, kept across pages, in the address.

Screenshots (both languages) land in tests/e2e/screenshots/levers_*.png, to be looked at.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from e2e_helpers import SHOTS, go, settle, wait_for_app

from pages.ui.i18n import STRINGS

PROJECTOR = {"width": 1280, "height": 720}


@pytest.fixture
def projector(browser):
    context = browser.new_context(viewport=PROJECTOR)
    pg = context.new_page()
    yield pg
    context.close()


def _shot(pg, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"levers_{name}.png"))  # the viewport: what the room sees


def test_a_lever_is_set_kept_across_pages_and_in_the_address(projector, app_url):
    en = STRINGS["en"]
    pg = projector
    pg.goto(f"{app_url}/scenario?lang=en")
    wait_for_app(pg, timeout=120_000)
    side = pg.locator("[data-testid='stSidebar']")
    side.get_by_text(en["levers.group.corridor"], exact=True).click()
    settle(pg)
    box = pg.get_by_label("St. Olavs, medical/geriatric beds: corridor places", exact=True)
    box.fill("12")
    box.press("Enter")
    settle(pg)
    side.get_by_text(en["levers.group.summer"], exact=True).click()  # the corridor widgets are no longer drawn
    settle(pg)
    side.get_by_text(en["levers.title"], exact=True).scroll_into_view_if_needed()
    _shot(pg, "en_summer")
    in_use = side.get_by_text("In use:").inner_text()
    assert "12 corridor places at St. Olavs, medical/geriatric beds" in in_use
    assert parse_qs(urlparse(pg.url).query)["corridor:hospital_medical"] == ["12"]
    go(pg, "map", en["nav.map"])
    go(pg, "scenario", en["nav.scenario"])
    assert parse_qs(urlparse(pg.url).query)["corridor:hospital_medical"] == ["12"]  # kept while away
    assert "12 corridor places" in side.get_by_text("In use:").inner_text()
    assert pg.locator("[data-testid='stException']").count() == 0


def test_the_levers_in_bokmal_at_the_projector(projector, app_url):
    nb = STRINGS["nb"]
    pg = projector
    pg.goto(f"{app_url}/scenario?lang=nb&stay:kad=-10&transfer:short_term=3")
    wait_for_app(pg, timeout=120_000)
    side = pg.locator("[data-testid='stSidebar']")
    side.get_by_text(nb["levers.group.transfer"], exact=True).click()
    settle(pg)
    side.get_by_text(nb["levers.title"], exact=True).scroll_into_view_if_needed()
    _shot(pg, "nb_transfer")
    text = side.inner_text()
    assert "3 døgn" in text and "liggetid −10 % på KAD/ØHD, Øya helsehus" in text
    assert pg.locator("[data-testid='stException']").count() == 0
