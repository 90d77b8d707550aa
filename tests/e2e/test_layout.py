"""Every page fits a projector: 1280x720 and 1920x1080, bokmål and English, presenter mode on and off.

One browser session walks every page through the sidebar's links (the session keeps presenter mode and the
language) and, in each state, measures the page as a user would see it: nothing wider than its column, no
horizontal scroll of the document or of a table, no tile label cut, the dashboard's KPI tiles inside the
first screen, and the sidebar collapsed whenever presenter mode is on. Every state's screenshot is saved
under tests/e2e/screenshots/layout/ (git-ignored, kept as CI artefacts).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from e2e_helpers import SHOTS, settle, wait_for_app

from pages.ui.i18n import STRINGS

PAGES = ["overview", "scenario", "map", "compare", "advisor", "about"]
SIZES = [(1920, 1080), (1280, 720)]  # the wide one first: shrinking the window needs no reload
LAYOUT_SHOTS = SHOTS / "layout"
SIDEBAR = "[data-testid='stSidebar']"
ROOM = "e2e-layout"  # its own workshop room: the compare page shows this module's two entries only
SAVED = ["Sommer: 20 flere korttidsplasser og færre medisinske senger", "Plan B: flere hjemmetjenester"]

# What overflows, measured in the page (tests/e2e/layout_measure.js): "what: how much" lines, empty when all fits
_JS = (Path(__file__).parent / "layout_measure.js").read_text(encoding="utf-8")
MEASURE = "\n".join(line for line in _JS.splitlines() if not line.startswith("//"))  # the function itself


def _text(lang: str, key: str) -> str:
    return STRINGS[lang][key]


def _sidebar_collapsed(pg) -> bool:
    return pg.locator(SIDEBAR).get_attribute("data-collapsed") == "true"


def _open_sidebar(pg) -> None:
    if _sidebar_collapsed(pg):
        pg.locator("[data-testid='stExpandSidebarButton']").click()
        pg.wait_for_selector(f"{SIDEBAR}[data-collapsed='false']", state="attached")
        pg.wait_for_timeout(300)  # the slide-in


def _visit(pg, name: str, lang: str) -> None:
    """The page's link in the sidebar (the session keeps its state), then wait for the page to be drawn."""
    _open_sidebar(pg)
    pg.locator(f"[data-testid='stSidebarNavLink'][href*='/{name}']").first.click()
    title = _text(lang, f"nav.{name}")
    # the page's title, or (the studio in presenter mode gives its title up for the tiles) its tiles
    pg.wait_for_function(
        "([t, n]) => location.pathname.endsWith('/' + n) && ([...document.querySelectorAll('h1')]"
        ".some(h => h.innerText.trim() === t)"
        " || (n === 'scenario' && document.querySelector(\"[data-testid='harmoni-tile'], [data-testid='stMetric']\")))",
        arg=[title, name], timeout=60_000,
    )  # fmt: skip
    settle(pg)
    if name == "compare":  # both saved scenarios side by side with their base
        for saved in SAVED:
            if pg.locator("[data-testid='stMultiSelect']").get_by_text(saved, exact=False).count() == 0:
                pg.locator("[data-testid='stMultiSelect'] input").first.click()
                pg.get_by_role("option").filter(has_text=saved).first.click()
                settle(pg)
        pg.keyboard.press("Escape")
    assert pg.locator("[data-testid='stException']").count() == 0, (name, lang)


def _set_presenter(pg, on: bool, lang: str) -> None:
    _open_sidebar(pg)
    toggle = pg.locator(SIDEBAR).get_by_text(_text(lang, "presenter.label"), exact=True)
    box = pg.locator(SIDEBAR).locator("[data-testid='stCheckbox'] input[role='switch']").first
    if box.is_checked() != on:
        toggle.click()
        settle(pg)


def _measure(pg, name: str, lang: str, presenter: bool, problems: list[str]) -> None:
    """Both window sizes: the screenshot, then what overflows (and the dashboard's tiles on the first screen)."""
    for width, height in SIZES:
        pg.set_viewport_size({"width": width, "height": height})
        pg.wait_for_timeout(250)  # charts and grids re-measure their column on resize
        pg.locator("[data-testid='stMain']").evaluate("m => m.scrollTo(0, 0)")
        state = f"{name}-{lang}-{'presenter' if presenter else 'normal'}-{width}x{height}"
        LAYOUT_SHOTS.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(LAYOUT_SHOTS / f"{state}.png"))
        lower = pg.locator("[data-testid='stMain'] [data-testid='stVegaLiteChart'], [data-testid='stMain'] table")
        if name.startswith(("scenario_", "compare")) and lower.count():  # and its chart or table further down
            lower.last.scroll_into_view_if_needed()
            pg.screenshot(path=str(LAYOUT_SHOTS / f"{state}-lower.png"))
            pg.locator("[data-testid='stMain']").evaluate("m => m.scrollTo(0, 0)")
        if presenter and not _sidebar_collapsed(pg):
            problems.append(f"{state}: the sidebar is open in presenter mode")
        found = pg.evaluate(MEASURE)
        for _ in range(3):  # a chart or grid still re-measuring its column after the resize: look again
            if not found:
                break
            pg.wait_for_timeout(500)
            found = pg.evaluate(MEASURE)
        problems.extend(f"{state}: {p}" for p in found)
        if name == "overview":
            tiles = pg.locator(".st-key-overview_kpis")
            box = tiles.bounding_box() if tiles.count() else None
            if box is None or box["y"] + box["height"] > height:
                problems.append(f"{state}: the KPI tiles are not inside the first screen ({box})")


@pytest.fixture(scope="module")
def session(browser, app_url):
    """One window for the module: every page and state is reached in it, as the facilitator would."""
    context = browser.new_context(viewport={"width": SIZES[0][0], "height": SIZES[0][1]})
    pg = context.new_page()
    pg.goto(f"{app_url}/scenario?lang=nb&room={ROOM}")
    wait_for_app(pg, timeout=120_000)
    settle(pg)
    for i, name in enumerate(SAVED):  # two scenarios in the library, with long names, for the compare page
        pg.locator(f"{SIDEBAR} [data-testid='stNumberInput'] button[data-testid='stNumberInputStepUp']").nth(i).click()
        settle(pg)
        sidebar = pg.locator(SIDEBAR)
        if not sidebar.get_by_label(_text("nb", "library.name"), exact=True).is_visible():
            sidebar.get_by_text(_text("nb", "library.title")).click()
        sidebar.get_by_label(_text("nb", "library.name"), exact=True).fill(name)
        sidebar.get_by_role("button", name=_text("nb", "library.save_button"), exact=True).click()
        pg.get_by_text(_text("nb", "library.saved").format(name=name)).wait_for(timeout=60_000)
    yield pg
    context.close()


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_page_fits_both_screens_with_presenter_mode_on_and_off(session, lang):
    pg = session
    if lang == "en":  # the language radio in the sidebar, as a user switches it
        _open_sidebar(pg)
        pg.locator(SIDEBAR).get_by_text("English", exact=True).click()
        settle(pg)
    problems: list[str] = []
    for presenter in (False, True):
        _set_presenter(pg, presenter, lang)
        for name in PAGES:
            _visit(pg, name, lang)  # in presenter mode the new page collapses the sidebar opened for its link
            _measure(pg, name, lang, presenter, problems)
            if name == "scenario":  # the studio's other two views: where the queue moved, who pays
                for view in ("moved", "pays", "time"):
                    pg.locator("[data-testid='stMain']").get_by_text(
                        _text(lang, f"scenario.tab.{view}"), exact=True
                    ).click()
                    settle(pg)
                    if view != "time":
                        _measure(pg, f"scenario_{view}", lang, presenter, problems)
    _set_presenter(pg, False, lang)
    assert not problems, "\n".join(problems)


def test_presenter_mode_collapses_the_sidebar_every_time(session):
    """Turned on, off and on again after the sidebar was opened by hand: collapsed each time it goes on."""
    pg = session
    pg.set_viewport_size({"width": 1280, "height": 720})
    lang = "en" if pg.locator(SIDEBAR).get_by_text(_text("en", "presenter.label"), exact=True).count() else "nb"
    for _ in range(2):
        _set_presenter(pg, True, lang)
        pg.wait_for_selector(f"{SIDEBAR}[data-collapsed='true']", state="attached", timeout=10_000)
        _open_sidebar(pg)  # the facilitator opens it (Streamlit remembers that choice in the browser)
        _set_presenter(pg, False, lang)
        assert not _sidebar_collapsed(pg)
