"""The content-security policy DEPLOY.md gives the reverse proxy: every page renders under it, with no violation.

Streamlit cannot send the header itself, so the browser test adds it to each page's document (as the
proxy would) and listens for violations (``securitypolicyviolation`` events and the console). The
policy is read from DEPLOY.md's nginx snippet, so the documentation and the test cannot drift apart.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from e2e_helpers import IDLE

ROOT = Path(__file__).resolve().parents[2]
PAGES = ["overview", "scenario", "map", "compare", "advisor", "about"]
RECORD = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
    e => window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


def _wait(page, timeout: float = 60_000) -> None:
    """Connected, the script finished, no skeleton left; without ``wait_for_function``, whose predicate
    Playwright compiles in the page with ``eval``: the policy (rightly) forbids that."""
    page.wait_for_timeout(400)
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=timeout)
    page.wait_for_selector(IDLE, timeout=timeout)
    page.wait_for_selector("[data-testid='stSkeleton']", state="detached", timeout=timeout)


def deploy_csp() -> str:
    """The Content-Security-Policy value of DEPLOY.md's nginx snippet."""
    text = (ROOT / "DEPLOY.md").read_text(encoding="utf-8")
    match = re.search(r'add_header\s+Content-Security-Policy\s+"([^"]+)"', text)
    assert match, "DEPLOY.md has no Content-Security-Policy header in its nginx snippet"
    return match.group(1)


@pytest.fixture(scope="module")
def csp_browser(server_url):
    """Chromium that lets a document the test serves (with the policy added) reach the local app.

    Chromium counts a document fulfilled by Playwright as coming from the public internet and blocks
    its WebSocket to 127.0.0.1 (local network access checks); behind a real proxy both are one origin.
    """
    from conftest import BROWSER_ARGS, CHROMIUM
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[*BROWSER_ARGS, "--disable-features=LocalNetworkAccessChecks"],
        )
        first = b.new_page()
        first.goto(f"{server_url}/")  # a fresh server's first visit at its root (the pages/ quirk)
        first.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=120_000)
        first.close()
        yield b
        b.close()


@pytest.fixture
def csp_page(csp_browser):
    """A page whose documents arrive with the policy (and frame options) the proxy adds."""
    policy = deploy_csp()
    context = csp_browser.new_context(viewport={"width": 1600, "height": 1000})

    def route(r) -> None:
        if r.request.resource_type != "document":
            if "cartocdn.com" in r.request.url:
                r.fulfill(status=404, body="")  # the basemap is allowed by the policy; offline here
            else:
                r.continue_()
            return
        response = r.fetch()
        # the body comes decoded: its encoding and length headers would no longer be true
        headers = {k: v for k, v in response.headers.items() if k.lower() not in ("content-encoding", "content-length")}
        headers.update({"content-security-policy": policy, "x-frame-options": "SAMEORIGIN"})
        r.fulfill(response=response, headers=headers)

    context.route("**/*", route)
    context.add_init_script(RECORD)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    yield page, console
    context.close()


@pytest.mark.parametrize("name", PAGES)
def test_every_page_renders_under_the_deploy_csp(csp_page, server_url, name):
    page, console = csp_page
    page.goto(f"{server_url}/{name}?lang=en")
    try:
        _wait(page)
    except Exception as exc:  # say what the policy blocked, not only that the page never finished
        raise AssertionError((page.evaluate("window.__csp"), console)) from exc
    chart = "[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg"
    if name == "scenario":  # the studio's three views: two Vega charts, then who pays
        page.wait_for_selector(chart, timeout=60_000)
        page.get_by_text("Where did the queue move?").first.click()
        _wait(page)
        page.wait_for_selector(chart, timeout=60_000)
        page.get_by_text("Who pays?").first.click()
        _wait(page)
    page.wait_for_timeout(1500)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("h1").first.is_visible()
    if name == "map":
        page.wait_for_selector("[data-testid='stDeckGlJsonChart'] canvas", timeout=60_000)
    violations = page.evaluate("window.__csp")
    assert not violations and not console, (violations, console)


def test_presenter_mode_collapses_the_sidebar_under_the_deploy_csp(csp_page, server_url):
    """The frame that collapses the sidebar in presenter mode is a file of the app's own: the policy allows it.

    Turned on a second time after the sidebar was opened by hand, only that frame collapses it (Streamlit
    keeps the hand-opened state over the page config): a blocked frame fails here.
    """
    from pages.ui.i18n import STRINGS

    page, console = csp_page
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{server_url}/about?lang=en")
    _wait(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    toggle = sidebar.get_by_text(STRINGS["en"]["presenter.label"], exact=True)
    for _ in range(2):
        toggle.click()  # on
        _wait(page)
        page.wait_for_selector("[data-testid='stSidebar'][data-collapsed='true']", state="attached", timeout=15_000)
        page.locator("[data-testid='stExpandSidebarButton']").click()  # opened by hand
        page.wait_for_selector("[data-testid='stSidebar'][data-collapsed='false']", state="attached")
        toggle.click()  # off
        _wait(page)
    violations = page.evaluate("window.__csp")
    assert not violations and not console, (violations, console)
