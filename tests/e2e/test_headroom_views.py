"""The studio's headroom and occupancy-in-words views in Chromium at 1280x720: they fit, and they answer."""

from __future__ import annotations

from e2e_helpers import screenshot, settle, wait_for_app


def _studio(browser, app_url: str, lang: str):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    pg = context.new_page()
    pg.goto(f"{app_url}/scenario?lang={lang}")
    wait_for_app(pg, timeout=120_000)
    return context, pg


def _view(pg, name: str) -> None:
    """Choose a view of the segmented control below the tiles."""
    pg.locator("[data-testid='stButtonGroup'] button", has_text=name).first.click()
    settle(pg)


def _fits(pg) -> None:
    """Nothing wider than the window: no horizontal scrolling at 1280 px."""
    width = pg.evaluate("document.documentElement.scrollWidth")
    assert width <= 1280, width


def test_headroom_view_answers_and_fits(browser, app_url):
    context, pg = _studio(browser, app_url, "en")
    try:
        _view(pg, "How much can we take?")
        pg.get_by_role("button", name="Compute").click()
        settle(pg, timeout=180_000)
        answer = pg.locator("[data-testid='stAlertContentInfo']").last.inner_text()
        assert "over the whole range searched" in answer, answer
        assert pg.locator("[data-testid='stVegaLiteChart']").count() == 1
        _fits(pg)
        screenshot(pg, "headroom_en_1280_question")
        pg.locator("[data-testid='stVegaLiteChart']").scroll_into_view_if_needed()
        screenshot(pg, "headroom_en_1280_curve")
    finally:
        context.close()


def test_occupancy_in_words_fits_in_bokmal(browser, app_url):
    context, pg = _studio(browser, app_url, "nb")
    try:
        _view(pg, "Fullt – i ord")
        table = pg.locator("[data-testid='stTable']").inner_text()
        assert "nesten aldri" in table and "pasienter" in table
        assert "almost never" not in table
        _fits(pg)
        pg.locator("[data-testid='stTable']").scroll_into_view_if_needed()
        screenshot(pg, "occupancy_words_nb_1280")
    finally:
        context.close()
