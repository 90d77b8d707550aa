"""The map in a real browser after a change in the studio: coloured by change, sites named, nothing fetched."""

from __future__ import annotations

from e2e_helpers import go, screenshot, settle


def test_a_studio_change_shows_on_the_map_at_projector_size(browser, app_url):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((app_url, "data:", "blob:")) else None)
    try:
        page.goto(f"{app_url}/scenario?lang=nb&capacity:short_term=129")
        settle(page)
        go(page, "map", "Kart")
        page.wait_for_selector("[data-testid='stDeckGlJsonChart'] canvas", timeout=60_000)
        page.wait_for_timeout(2500)  # deck.gl draws its text after the first frame
        body = page.inner_text("body")
        assert "Endring i ventende pasienter" in body  # the change's legend: the first view after a change
        assert page.locator("[data-testid='stException']").count() == 0
        screenshot(page, "map_change_1280_nb")
        assert "Alle tjenester" in body  # the table's heading (its cells are drawn on a canvas)
        page.set_viewport_size({"width": 1280, "height": 2000})  # the app scrolls inside: a tall window shows all
        page.wait_for_timeout(1500)
        screenshot(page, "map_change_1280_nb_all")
        # the site names need no font from the network (the basemap's tiles are the only thing from outside)
        assert not [u for u in outside if "cartocdn.com" not in u], outside
    finally:
        context.close()
