"""The advisor's default search in a real browser: live progress while it runs, and a clean "Stopp"."""

from __future__ import annotations

import re

from e2e_helpers import IDLE, screenshot, wait_for_app

PROGRESS = "[data-testid='stProgress']"


def test_the_default_search_shows_live_progress_and_stops_cleanly(page, app_url):
    from pages.ui.i18n import STRINGS

    s = STRINGS["nb"]
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/advisor?lang=nb")
    wait_for_app(page)
    page.get_by_role("button", name=s["advisor.run"]).click()
    page.wait_for_selector(PROGRESS, timeout=60_000)
    step = s["advisor.progress.phase"].split("{")[0]  # "Steg "
    page.wait_for_function(
        "([sel, word]) => (document.querySelector(sel)?.innerText || '').includes(word)",
        arg=[PROGRESS, step], timeout=60_000,
    )  # fmt: skip
    first = page.locator(PROGRESS).inner_text()
    # live: the text changes while the same script run goes on (candidates, time left)
    page.wait_for_function(
        "([sel, before]) => { const e = document.querySelector(sel); return e && e.innerText !== before; }",
        arg=[PROGRESS, first], timeout=60_000,
    )  # fmt: skip
    text = page.locator(PROGRESS).inner_text()
    assert re.search(r"\d+ av om lag \d+ kombinasjoner", text), text
    assert "igjen" in text or s["advisor.progress.measuring"] in text, text
    assert page.locator("[data-testid='stApp'][data-test-script-state='running']").count() == 1
    screenshot(page, "advisor_progress_nb_1280")
    page.get_by_role("button", name=s["advisor.stop"]).click()
    page.wait_for_function(
        "t => [...document.querySelectorAll(\"[data-testid='stAlert']\")].some(a => a.innerText.includes(t))",
        arg=s["advisor.stopped"], timeout=60_000,
    )  # fmt: skip
    page.wait_for_selector(IDLE, timeout=60_000)
    assert page.locator("[data-testid='stException']").count() == 0  # a message, never a traceback
    assert page.locator(PROGRESS).count() == 0
    assert page.get_by_role("button", name=s["advisor.resume"]).count() == 1
    alert = page.locator("[data-testid='stAlert']").filter(has_text=s["advisor.stopped"]).inner_text()
    assert "kombinasjoner" in alert and "Search" not in alert  # bokmål only
    screenshot(page, "advisor_stopped_nb_1280")
