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
