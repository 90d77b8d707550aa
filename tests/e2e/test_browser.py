"""The app in a real browser: every page in both languages, a live capacity change, the map's layers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from e2e_helpers import IDLE, screenshot, settle, wait_for_app

PAGES = ["overview", "scenario", "map", "compare", "advisor", "about"]


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


def test_the_scenario_downloads_as_yaml_that_loads_back(page, app_url):
    from harmoni_model import loads_scenario

    page.goto(f"{app_url}/scenario?lang=en&capacity:short_term=150")
    settle(page)  # the studio writes its address: a second run; the button of the first would be gone
    page.get_by_text("Files: download or upload a scenario").click()
    settle(page)
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Download this scenario (YAML)").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert loads_scenario(text).service("short_term").capacity == 150


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_a_narrow_advisor_search_draws_the_trade_off_curve(page, app_url, lang):
    """One target, one lever in a narrow range: a suggestion, its tiles and the curve within seconds."""
    from harmoni_model import load_scenario
    from pages.ui import advisor_form as adv
    from pages.ui.i18n import STRINGS

    s = STRINGS[lang]
    base = load_scenario(Path(__file__).resolve().parents[2] / "sample_data/scenarios/trondheim_baseline.yaml")

    def t(key: str, **values: object) -> str:
        return s[key].format(**values)

    defaults = adv.advice_defaults(base)  # the page ticks the targets file's targets
    choices = adv.target_choices(base, defaults=defaults)
    blocked = next(c for c in choices if c.key == "hospital_medical:capacity_blocked_days").label(lang)
    nursing_wait = next(c for c in choices if c.key == "long_term:mean_wait_days").label(lang)
    nursing = adv.lever_label(base, adv.LeverChoice("long_term", "capacity", True), t, lang)
    places = adv.lever_unit(base, adv.LeverChoice("short_term", "capacity", True), t, lang)
    page.goto(f"{app_url}/advisor?lang={lang}")
    wait_for_app(page)
    for label in (blocked, nursing_wait, nursing):
        page.get_by_text(label, exact=True).click()  # untick
    thumb = "[data-testid='stSlider'] input[type='range'][aria-valuetext='{}']"
    low, high = page.locator(thumb.format(179)), page.locator(thumb.format(233))  # short-term places, 179 to +30 %
    for thumb_now, key, presses in ((low, "ArrowRight", 205 - 179), (high, "ArrowLeft", 233 - 215)):
        thumb_now.focus()
        for _ in range(presses):
            page.keyboard.press(key)  # the thumb's value (and so its locator) changes with every press
    assert page.locator(thumb.format(205)).count() == 1 and page.locator(thumb.format(215)).count() == 1
    page.get_by_role("button", name=s["advisor.run"]).click()
    chart = "[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg"
    page.wait_for_selector(chart, timeout=120_000)
    page.wait_for_selector(IDLE)
    page.wait_for_timeout(1000)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("[data-testid='stMetric']").count() == 3
    assert places in page.locator("[data-testid='stAlert']").first.inner_text()
    box = page.locator("[data-testid='stVegaLiteChart']").first.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 200
    page.get_by_text(s["advisor.how"]).click()  # the search's steps, in the page's language
    page.wait_for_timeout(500)
    polish = s["advisor.step.polish"].split(":")[0]
    assert polish in page.locator("[data-testid='stExpander']").last.inner_text()
    page.set_viewport_size({"width": 1600, "height": 3400})  # the app scrolls inside: a tall window shows it all
    page.wait_for_timeout(1000)
    screenshot(page, "advisor_result" if lang == "en" else f"advisor_result_{lang}")


def test_the_map_draws_its_layers(page, app_url):
    page.goto(f"{app_url}/map?lang=nb")
    wait_for_app(page)
    page.wait_for_selector("[data-testid='stDeckGlJsonChart'] canvas", timeout=60_000)
    page.wait_for_timeout(1500)
    assert page.locator("[data-testid='stDeckGlJsonChart'] canvas").count() >= 1
    assert "Kartverket" in page.inner_text("body")
    screenshot(page, "map_layers")


def test_two_sessions_changing_capacities_at_once_both_get_their_own_results(browser, app_url):
    """Two participants change different capacities at the same moment; each sees the model's answer."""
    from pathlib import Path

    from harmoni_model import load_scenario, run_replications
    from harmoni_model.results.formatting import fmt_number
    from harmoni_model.scenario.changes import Changes, apply_changes

    base = load_scenario(Path(__file__).resolve().parents[2] / "sample_data/scenarios/trondheim_baseline.yaml")
    plans = {"a": ("Short-term stays, helsehus: places", "short_term", 140),
             "b": ("St. Olavs, medical/geriatric beds: places", "hospital_medical", 60)}  # fmt: skip
    pages = {}
    for name in plans:
        ctx = browser.new_context(viewport={"width": 1600, "height": 1000})
        pg = ctx.new_page()
        pg.goto(f"{app_url}/scenario?lang=en")
        wait_for_app(pg)
        pg.wait_for_selector("[data-testid='stMetric']")
        pages[name] = pg
    for name, (label, _, value) in plans.items():
        pages[name].get_by_label(label).fill(str(value))
    # Playwright's sync API is not thread-safe: press in turn, at once, then wait for both to finish
    for name in plans:
        pages[name].get_by_label(plans[name][0]).press("Enter")
    for name, (_, sid, value) in plans.items():
        pg = pages[name]
        pg.wait_for_selector("[data-testid='stMetricDelta']", timeout=120_000)
        pg.wait_for_selector(IDLE)
        # the answer grows until it is settled (harmoni_model.results.precision): each tile says its n
        n = int(re.search(r"n = (\d+)", pg.locator("[data-testid='stMain']").inner_text()).group(1))
        expected = run_replications(apply_changes(base, Changes(capacity={sid: value})), n, 2)
        shown = pg.locator("[data-testid='stMetricValue']").first.inner_text()
        assert shown == fmt_number(expected.estimates()["system"]["overliggedogn"].mean, 0, "en"), name
    for pg in pages.values():
        pg.context.close()


def test_a_change_whose_interval_crosses_zero_is_neither_green_nor_red(page, app_url):
    """One more KAD place barely moves anything: the tiles say "no clear difference", grey and without an arrow."""
    page.goto(f"{app_url}/scenario?lang=en")
    wait_for_app(page)
    page.wait_for_selector("[data-testid='stMetric']")
    box = page.get_by_label("Municipal acute unit (KAD), Øya helsehus: places")
    box.fill("21")
    box.press("Enter")
    page.wait_for_selector("[data-testid='stMetricDelta']", timeout=60_000)
    page.wait_for_selector(IDLE)
    deltas = page.locator("[data-testid='stMetricDelta']")
    # crossing zero: still open ("no clear difference") or, from 30 replications, too small to matter
    words = ("no clear difference", "no change beyond")
    unclear = [deltas.nth(i) for i in range(deltas.count()) if any(w in deltas.nth(i).inner_text() for w in words)]
    assert unclear
    for delta in unclear:
        colour = delta.evaluate("e => getComputedStyle(e).color")  # "rgb(r, g, b)" or "rgba(r, g, b, a)"
        r, g, b = (float(x) for x in re.findall(r"[\d.]+", colour)[:3])
        assert max(r, g, b) - min(r, g, b) < 40, (r, g, b)  # grey, not green or red
        assert delta.locator("svg").count() == 0  # no arrow
    screenshot(page, "scenario_unclear")
