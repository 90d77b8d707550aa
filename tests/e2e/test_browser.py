"""The app in a real browser: every page in both languages, a live capacity change, the map's layers."""

from __future__ import annotations

import pytest
from e2e_helpers import IDLE, screenshot, wait_for_app

PAGES = ["overview", "scenario", "map", "about"]


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("name", PAGES)
def test_every_page_loads_without_an_exception(page, app_url, name, lang):
    page.goto(f"{app_url}/{name}?lang={lang}")
    wait_for_app(page)
    page.wait_for_timeout(500)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("h1").first.is_visible()
    screenshot(page, f"{name}_{lang}")


def test_changing_a_capacity_updates_the_kpis(page, app_url):
    page.goto(f"{app_url}/scenario?lang=en")
    wait_for_app(page)
    page.wait_for_selector("[data-testid='stMetric']")
    before = page.locator("[data-testid='stMetricValue']").all_inner_texts()
    box = page.get_by_label("Short-term stays, helsehus: places")
    box.fill("120")
    box.press("Enter")
    page.wait_for_selector("[data-testid='stMetricDelta']", timeout=60_000)
    page.wait_for_selector(IDLE)
    after = page.locator("[data-testid='stMetricValue']").all_inner_texts()
    assert after != before
    assert "fewer places" in page.locator("[data-testid='stAlert']").first.inner_text()
    screenshot(page, "scenario_changed")


def test_the_map_draws_its_layers(page, app_url):
    page.goto(f"{app_url}/map?lang=nb")
    wait_for_app(page)
    page.wait_for_selector("[data-testid='stDeckGlJsonChart'] canvas", timeout=60_000)
    page.wait_for_timeout(1500)
    assert page.locator("[data-testid='stDeckGlJsonChart'] canvas").count() >= 1
    assert "Kartverket" in page.inner_text("body")
    screenshot(page, "map_layers")
