"""A hostile visitor's names in a real browser: shown as text, and nothing fetched from anywhere but the app.

A library entry is saved (on a server of its own, with its own library file) whose scenario, service
and organisation names, author and reason are markdown and HTML: links, images fetched from outside,
autolinks, a directive, LaTeX, a heading. Its share link (``?open=<id>``) opens it in the studio; the
map and the compare page show it, and the report is downloaded. Every request the browser makes is
intercepted: none may leave the app's own host (the map's Carto basemap excepted, and answered
offline), and no page may hold a link or an image from the hostile text.
"""

from __future__ import annotations

import re
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import app_server
from e2e_helpers import SHOTS, settle, wait_for_app

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = [
    "[Sign in again](http://evil.example/login)", "![x](http://evil.example/pixel.png)",
    "<img src=http://evil.example/i.png>", "<http://evil.example>", "https://evil.example/a", "www.evil.example",
    ":red[alarm]", "$x^2$", "**bold**", "# heading",
]  # fmt: skip
NAME = f"Plan {HOSTILE[0]} {HOSTILE[1]}"
AUTHOR = f"{HOSTILE[2]} {HOSTILE[3]}"
REASON = "\n".join(HOSTILE)
#: The map's basemap: the app's own choice of tiles (never from user text), answered offline here.
BASEMAP = re.compile(r"(^|\.)cartocdn\.com$")
#: The map's own attribution links (the map library's logo, the tile makers): the app's, not user text.
ATTRIBUTION = re.compile(r"^(https?:)?//(www\.)?(mapbox\.com|carto\.com|openstreetmap\.org)(/|$)")


def _hostile_library(path: Path) -> int:
    """A library file with one entry made of hostile texts; its id."""
    import os

    from harmoni_model import load_scenario, validate_data
    from harmoni_model.scenario.changes import Changes

    data = load_scenario(ROOT / "sample_data" / "scenarios" / "trondheim_baseline.yaml").to_dict()
    data["name"] = f"Base {HOSTILE[4]} {HOSTILE[5]}"
    data["horizon_days"], data["replications"] = 120, 3  # quick runs: this test is about text, not numbers
    for i, s in enumerate(data["services"]):
        s["name"] = {lang: f"{HOSTILE[i % len(HOSTILE)]} {s['id']}" for lang in ("nb", "en")}
    data["organisations"] = {"hospital": {"nb": HOSTILE[6], "en": HOSTILE[6]},
                             "municipality": {"nb": HOSTILE[7], "en": HOSTILE[7]}}  # fmt: skip
    base = validate_data(data)
    old = os.environ.get("HARMONI_DB")
    os.environ["HARMONI_DB"] = str(path)
    try:
        from harmoni_model.workshop.library import Library

        first = base.services[0]
        return Library().save_changes(base, Changes(capacity={first.id: first.capacity + 2}), NAME, AUTHOR, REASON)
    finally:
        if old is None:
            os.environ.pop("HARMONI_DB", None)
        else:
            os.environ["HARMONI_DB"] = old


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory) -> Iterator[tuple[str, int]]:
    """An app server whose library holds the hostile entry: (its address, the entry's id)."""

    db = tmp_path_factory.mktemp("library") / "library.db"
    entry = _hostile_library(db)
    with app_server("server_injection.log", {"HARMONI_DB": str(db)}) as url:
        yield url, entry


def _text(page) -> str:
    """The page's text as a reader sees it (without the invisible word joiners that keep addresses text)."""
    return page.inner_text("body").replace("\u2060", "")


def _no_live_markup(page) -> None:
    """No link or image on the page points outside (or at the hostile host), in any form."""
    html = page.content()
    links = re.findall(r"""<a\b[^>]*href=["']?((?:https?:)?//[^"'\s>]+)""", html)
    assert not [u for u in links if not ATTRIBUTION.search(u) and "127.0.0.1" not in u], "a link to outside"
    assert not re.search(r"""<img\b[^>]*src=["']?(https?:)?//(?!127\.0\.0\.1)""", html), "an image from outside"
    assert 'href="http://evil' not in html and 'src="http://evil' not in html
    # a heading's own anchor (href="#change-from-base-https-evil-...") is a place on the page, not a link out
    live = page.locator("a[href*='evil']:not([href^='#']), img[src*='evil'], [style*='evil']")
    assert live.count() == 0, [live.nth(i).evaluate("e => e.parentElement.outerHTML") for i in range(live.count())]


def test_hostile_names_show_as_text_and_nothing_is_fetched_from_outside(browser, hostile_app):
    url, entry = hostile_app
    own = urllib.parse.urlsplit(url).netloc
    outside: list[str] = []

    def route(r) -> None:
        """Let the app's own requests through; record and refuse (or, for the basemap, fake) the rest."""
        host = urllib.parse.urlsplit(r.request.url).hostname or ""
        if urllib.parse.urlsplit(r.request.url).netloc == own or r.request.url.startswith(("data:", "blob:")):
            r.continue_()
        elif BASEMAP.search(host):
            r.fulfill(status=404, body="")  # offline: the map draws its shipped outline
        else:
            outside.append(r.request.url)
            r.abort()

    context = browser.new_context(viewport={"width": 1280, "height": 720}, accept_downloads=True)
    context.route("**/*", route)
    page = context.new_page()
    page.goto(f"{url}/")  # the first visit to a fresh server at its root (the pages/ quirk)
    wait_for_app(page, timeout=120_000)

    # --- the studio: the share link opens the hostile entry ------------------------------------
    page.goto(f"{url}/scenario?lang=en&open={entry}")
    wait_for_app(page, timeout=120_000)
    settle(page)  # the studio writes its address: a second run
    page.wait_for_selector("[data-testid='stMetric']", timeout=120_000)
    body = _text(page)
    assert "[Sign in again](http://evil.example/login)" in body  # shown character for character
    assert "![x](http://evil.example/pixel.png)" in body
    assert ":red[alarm]" in body and "$x^2$" in body  # the organisations' headings
    assert page.locator("[data-testid='stException']").count() == 0
    _no_live_markup(page)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "studio_hostile_names.png"))  # 1280x720: read it, it must be plain text

    # --- the map (the same session: the studio's scenario is the map's) ------------------------
    page.get_by_role("link", name="Map").first.click()
    settle(page)
    page.wait_for_selector("[data-testid='stDeckGlJsonChart']", timeout=60_000)
    page.wait_for_timeout(1500)
    assert "Plan [Sign in again](http://evil.example/login)" in _text(page)
    _no_live_markup(page)

    # --- compare: pick the entry, read who made it and why, download the report ----------------------
    page.get_by_role("link", name="Compare scenarios").first.click()
    settle(page)
    page.locator("[data-testid='stMultiSelect']").first.click()
    page.get_by_role("option").first.click()
    page.keyboard.press("Escape")
    settle(page)
    # the compare tables are static tables (pages/ui/table_fit.py)
    page.wait_for_selector(
        "[data-testid='stTable']", timeout=120_000
    )  # the compare tables are static tables (pages/ui/table_fit.py)
    body = _text(page)
    assert "<img src=http://evil.example/i.png>" in body  # the author, as text
    assert "# heading" in body and "**bold**" in body  # the reason, line by line, as text
    _no_live_markup(page)
    page.get_by_role("button", name="Make the report").click()
    settle(page)
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name=re.compile(r"Download the report")).click()
    report = Path(download.value.path()).read_text(encoding="utf-8")
    assert "<img" not in report and "<a " not in report
    assert "&lt;img src=http://evil.example/i.png&gt;" in report
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Key figures (CSV)").click()
    csv = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert NAME in csv

    assert not outside, outside  # no request left the app's host
    context.close()
