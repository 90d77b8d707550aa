"""Waiting and screenshots for the browser tests (Streamlit's own e2e conventions)."""

from __future__ import annotations

from pathlib import Path

SHOTS = Path(__file__).resolve().parent / "screenshots"
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


def wait_for_app(pg, timeout: float = 60_000) -> None:
    """Wait as Streamlit's own e2e suite does: connected, script finished, no skeleton."""
    pg.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=timeout)
    pg.wait_for_selector(IDLE, timeout=timeout)
    pg.wait_for_function("document.querySelectorAll(\"[data-testid='stSkeleton']\").length === 0", timeout=timeout)


def settle(pg, timeout: float = 120_000) -> None:
    """Let a rerun start (a click, or the studio writing its address), then wait until it is done."""
    pg.wait_for_timeout(400)
    wait_for_app(pg, timeout=timeout)


def screenshot(pg, name: str) -> Path:
    SHOTS.mkdir(exist_ok=True)
    path = SHOTS / f"{name}.png"
    pg.screenshot(path=str(path), full_page=True)
    return path


def go(pg, path: str, title: str) -> None:
    """Click the page's link in the sidebar's navigation, as a user does (the session stays), and wait for it.

    (`href*=`: a workshop's links carry its ``?room=``.)
    """
    pg.locator(f"[data-testid='stSidebarNavLink'][href*='/{path}']").first.click()
    pg.wait_for_function(
        "t => [...document.querySelectorAll('h1')].some(h => h.innerText.trim() === t)", arg=title, timeout=60_000
    )
    settle(pg)
    assert pg.locator("[data-testid='stException']").count() == 0, title
