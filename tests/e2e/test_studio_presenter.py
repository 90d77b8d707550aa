"""The studio on one projector screen (issue 14): at 1280x720 in presenter mode the lever just changed and
all six tiles are in the viewport together, nothing is wider than its column, and the page fits 1280 with
the sidebar open too. Screenshots at 1280x720 and 1920x1080, bokmål and English, presenter on and off, go
to tests/e2e/screenshots/studio-*.png (git-ignored) to be looked at.

One server for the module, one page per language.
"""

from __future__ import annotations

import pytest
from conftest import app_server
from e2e_helpers import SHOTS, settle, wait_for_app

SMALL, LARGE = {"width": 1280, "height": 720}, {"width": 1920, "height": 1080}
PRESENTER = {"nb": "Presentasjonsmodus", "en": "Presenter mode"}
BADGE = {"nb": ("Foreløpig svar", "Sikkert svar", "Uavklart etter"), "en": ("Preliminary", "Firm answer", "Unclear")}

# Every element inside a column that reaches past the column's edges (a label cut, a table too wide).
OVERFLOW = """() => {
  const out = [];
  for (const col of document.querySelectorAll("[data-testid='stMain'] [data-testid='stColumn']")) {
    const c = col.getBoundingClientRect();
    for (const e of col.querySelectorAll('*')) {
      const r = e.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || getComputedStyle(e).position === 'absolute') continue;
      if (r.left < c.left - 1 || r.right > c.right + 1)
        out.push(`${e.tagName}.${e.getAttribute('data-testid') || ''} ${Math.round(r.left)}-${Math.round(r.right)}`
                 + ` outside ${Math.round(c.left)}-${Math.round(c.right)}: ${(e.innerText || '').slice(0, 40)}`);
    }
  }
  return out;
}"""
# Tile labels cut short (text wider than its box: the ellipsis).
CUT_LABELS = """() => [...document.querySelectorAll("[data-testid='stMetricLabel'] *")]
  .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.innerText)"""
NUMBERS = "() => [...document.querySelectorAll(\"[data-testid='stNumberInput'] input\")].map(e => e.value)"


@pytest.fixture(scope="module")
def studio_url(browser):
    with app_server("studio_presenter.log") as url:
        context = browser.new_context()
        pg = context.new_page()
        pg.goto(f"{url}/")  # a first visit to "/": a cold deep link shows Streamlit's "page not found"
        wait_for_app(pg, timeout=120_000)
        context.close()
        yield url


def _inside(box: dict | None, viewport: dict) -> bool:
    return (
        box is not None
        and box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= viewport["width"] + 0.5
        and box["y"] + box["height"] <= viewport["height"] + 0.5
    )


def _shot(pg, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    pg.evaluate("window.scrollTo(0, 0)")
    pg.screenshot(path=str(SHOTS / f"studio-{name}.png"))  # the viewport: what the room sees


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_presenter_mode_puts_the_changed_lever_and_six_tiles_on_one_screen(browser, studio_url, lang):
    context = browser.new_context(viewport=SMALL)
    pg = context.new_page()
    try:
        pg.goto(f"{studio_url}/scenario?lang={lang}")
        wait_for_app(pg, timeout=120_000)
        settle(pg)
        # without presenter mode: the sidebar's controls, and the page still fits 1280
        pg.locator("[data-testid='stSidebar'] input[type='number']").first.press("ArrowUp")
        settle(pg)
        assert pg.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert pg.locator("[data-testid='stMetric']").count() == 6
        assert pg.evaluate(CUT_LABELS) == []  # every tile's label whole (wrapped), never "Delayed-disch…"
        _shot(pg, f"{lang}-1280-off")
        pg.set_viewport_size(LARGE)
        _shot(pg, f"{lang}-1920-off")

        pg.get_by_text(PRESENTER[lang], exact=True).click()
        settle(pg)
        pg.set_viewport_size(SMALL)
        pg.wait_for_timeout(300)
        before = pg.evaluate(NUMBERS)
        step = pg.locator("[class*='st-key-scenario-steps-'] button", has_text="+5").first
        step.click()
        settle(pg)
        pg.evaluate("window.scrollTo(0, 0)")
        after = pg.evaluate(NUMBERS)
        changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
        assert len(changed) == 1 and int(after[changed[0]]) == int(before[changed[0]]) + 5
        lever = pg.locator("[data-testid='stNumberInput']").nth(changed[0])
        assert _inside(lever.bounding_box(), SMALL), lever.bounding_box()
        tiles = pg.locator("[data-testid='harmoni-tile']")
        assert tiles.count() == 6
        for i in range(6):
            box = tiles.nth(i).locator("xpath=..").bounding_box()  # the tile: label, value, change, n
            assert _inside(box, SMALL), (i, box)
        assert pg.evaluate(OVERFLOW) == []
        assert pg.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        text = pg.locator("[data-testid='stMain']").inner_text()
        assert any(word in text for word in BADGE[lang]), text[:300]
        assert text.count("n = ") >= 6  # every tile says how many replications it rests on
        _shot(pg, f"{lang}-1280-on")
        pg.set_viewport_size(LARGE)
        _shot(pg, f"{lang}-1920-on")
        assert pg.locator("[data-testid='stException']").count() == 0
    finally:
        context.close()


def test_a_new_value_during_the_answer_stops_it_and_answers_the_new_one(browser, studio_url):
    """fastReruns: a click while the studio is still adding replications ends that loop; the page answers the
    latest value, with the sentence and the badge of that value (never a mix of the two)."""
    context = browser.new_context(viewport=SMALL)
    pg = context.new_page()
    try:
        pg.goto(f"{studio_url}/scenario?lang=en")
        wait_for_app(pg, timeout=120_000)
        settle(pg)
        box = pg.locator("[data-testid='stSidebar'] input[type='number']").nth(3)  # short-term places: 179
        start = int(box.input_value())
        assert start == 179
        box.press("ArrowDown")  # a new value: the first batch, then more
        pg.wait_for_selector("[data-testid='stApp'][data-test-script-state='running']", timeout=60_000)
        pg.wait_for_function(
            "() => document.querySelector(\"[data-testid='stMain']\").innerText.includes('Preliminary answer')",
            timeout=120_000,
        )
        box.press("ArrowDown")  # while that answer is still growing
        settle(pg)
        assert int(box.input_value()) == start - 2
        text = pg.locator("[data-testid='stMain']").inner_text()
        assert "2 fewer places at Short-term stays" in text, text[:400]
        assert pg.locator("[data-testid='stException']").count() == 0
    finally:
        context.close()
