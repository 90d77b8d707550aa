"""A scenario survives the workshop, in a real browser: across pages, from the library, through a link.

Real parts only: the app server of tests/e2e/conftest.py (with its SQLite library in the tests'
temporary folder), Debian's Chromium, navigation by the sidebar's links as a user clicks them.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from e2e_helpers import go, screenshot, settle, wait_for_app

from pages.ui.i18n import STRINGS

EN = STRINGS["en"]
ST, KAD = "Short-term stays, helsehus: places", "Municipal acute unit (KAD), Øya helsehus: places"
INTERVAL = re.compile(r"\(([−+-]?)[\d.,\s]+ to ([−+-]?)[\d.,\s]+\)")


def _set(pg, label: str, value: int) -> None:
    box = pg.get_by_label(label, exact=True)
    box.fill(str(value))
    box.press("Enter")
    settle(pg)


def _tiles(pg) -> list[str]:
    pg.wait_for_selector("[data-testid='stMetric']", timeout=120_000)
    return pg.locator("[data-testid='stMetric']").all_inner_texts()


def _controls(pg) -> tuple[str, str]:
    return pg.get_by_label(ST, exact=True).input_value(), pg.get_by_label(KAD, exact=True).input_value()


def _query(pg) -> dict[str, list[str]]:
    return parse_qs(urlparse(pg.url).query)


def test_the_studio_is_as_left_after_the_map_and_the_compare_page(page, app_url):
    page.goto(f"{app_url}/scenario?lang=en")
    wait_for_app(page, timeout=120_000)
    _tiles(page)
    _set(page, ST, 150)
    _set(page, KAD, 30)
    before, controls, query = _tiles(page), _controls(page), _query(page)
    assert controls == ("150", "30") and query["capacity:short_term"] == ["150"]
    go(page, "map", EN["nav.map"])
    screenshot(page, "state_map_in_between")
    go(page, "compare", EN["nav.compare"])
    go(page, "scenario", EN["nav.scenario"])
    assert _controls(page) == controls
    assert _tiles(page) == before
    assert _query(page) == query  # the address is the studio's link again
    screenshot(page, "state_back_in_the_studio")


def test_a_scenario_saved_and_opened_from_the_library_and_its_link(page, app_url, browser):
    page.goto(f"{app_url}/scenario?lang=en")
    wait_for_app(page, timeout=120_000)
    _tiles(page)
    _set(page, KAD, 30)
    _set(page, ST, 199)
    changed = _tiles(page)
    assert page.locator("[data-testid='stMetricDelta']").count() > 0

    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text(EN["library.title"]).click()
    sidebar.get_by_label(EN["library.name"], exact=True).fill("Table 3: KAD 30, 20 more places")
    sidebar.get_by_role("button", name=EN["library.save_button"], exact=True).click()
    page.get_by_text(EN["library.saved"].format(name="Table 3: KAD 30, 20 more places")).wait_for(timeout=60_000)

    sidebar.get_by_role("button", name=EN["scenario.reset"], exact=True).click()  # back to the baseline
    settle(page)
    assert page.locator("[data-testid='stMetricDelta']").count() == 0

    # the newest entry comes first; its "Open" by its key (the start selectbox's toggle is an "Open" button too)
    sidebar.locator("[class*='st-key-library-open-'] button").first.click()
    settle(page)
    page.wait_for_selector("[data-testid='stMetricDelta']", timeout=120_000)
    settle(page)
    assert _controls(page) == ("199", "30")  # the controls show its changes
    assert _tiles(page) == changed  # its changes against the baseline, not "no changes yet"
    assert "Opened from the library" in page.inner_text("body")
    assert "10 more places" in page.get_by_test_id("stMain").get_by_test_id("stAlert").first.inner_text()
    opened = _query(page)
    assert set(opened) == {"lang", "open"}, opened
    screenshot(page, "state_opened_from_the_library")

    other = browser.new_context(viewport={"width": 1600, "height": 1000})  # another participant's browser
    try:
        pg = other.new_page()
        pg.goto(page.url)
        wait_for_app(pg, timeout=120_000)
        assert _tiles(pg) == changed
        assert _controls(pg) == ("199", "30")
        screenshot(pg, "state_link_in_a_new_browser")
    finally:
        other.close()


def _rgb(css: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", css)[:3])


def _neutral(css: str) -> bool:
    r, g, b = _rgb(css)
    return max(r, g, b) - min(r, g, b) < 40  # grey: neither green nor red


def _deltas(pg, presenter: bool) -> list[tuple[str, str]]:
    """Each tile's change and its computed text colour."""
    if presenter:
        return pg.evaluate(
            """() => [...document.querySelectorAll("[data-testid='harmoni-tile']")].map(t => {
                   const d = t.nextElementSibling.nextElementSibling;
                   return [d.innerText, getComputedStyle(d).color];
               })"""
        )
    return pg.evaluate(
        """() => [...document.querySelectorAll("[data-testid='stMetricDelta']")].map(
               d => [d.innerText, getComputedStyle(d).color])"""
    )


def _crosses_zero(text: str) -> bool | None:
    """Whether the change's interval crosses zero; None when the text shows no interval."""
    m = INTERVAL.search(text.replace("\n", " "))
    if m is None:
        return None
    return m.group(1) in ("−", "-") and m.group(2) in ("+", "")


@pytest.mark.parametrize("presenter", [False, True], ids=["normal", "presenter"])
def test_a_change_whose_interval_crosses_zero_is_neither_green_nor_red(page, app_url, presenter):
    counts = {"unclear": 0, "clear": 0}
    # +10 KAD places and +20 short-term places: most intervals cross zero; −29 short-term places: clear
    for kind, query in (("crossing", "capacity:kad=30&capacity:short_term=199"), ("clear", "capacity:short_term=150")):
        page.goto(f"{app_url}/scenario?lang=en&{query}")
        wait_for_app(page, timeout=120_000)
        if presenter:
            page.get_by_text(EN["presenter.label"]).click()
            settle(page)
            page.wait_for_selector("[data-testid='harmoni-tile']", timeout=120_000)
        else:
            page.wait_for_selector("[data-testid='stMetricDelta']", timeout=120_000)
        deltas = [(text, colour) for text, colour in _deltas(page, presenter) if text.strip()]
        assert deltas, query
        for text, colour in deltas:
            crosses = _crosses_zero(text)
            if crosses is None or crosses:  # no interval shown is no clear change either
                counts["unclear"] += 1
                assert _neutral(colour), (text, colour)
            else:
                counts["clear"] += 1
                assert not _neutral(colour), (text, colour)
        screenshot(page, f"state_tiles_{kind}_{'presenter' if presenter else 'normal'}")
    assert counts["unclear"] and counts["clear"], counts  # both kinds were on screen
