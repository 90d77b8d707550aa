"""End-to-end fixtures: a real `streamlit run` server and Debian's Chromium driven by Playwright.

No browser is downloaded: Playwright drives /usr/bin/chromium (Debian package
`chromium`; .ci/run installs it). Where it is missing these tests are skipped
with that reason. Screenshots go to tests/e2e/screenshots/ (git-ignored).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

if CHROMIUM is None:
    pytest.skip("no Chromium on this machine (install Debian's chromium package)", allow_module_level=True)


BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--no-first-run"]  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def app_server(log_name: str = "server.log", env: dict[str, str] | None = None) -> Iterator[str]:
    """`streamlit run` on a free local port (its output in tests/e2e/`log_name`); its address, stopped after."""
    port = _free_port()
    log = open(ROOT / "tests" / "e2e" / log_name, "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [
            sys.executable, "-m", "streamlit", "run", "streamlit_app.py",
            "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
            "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
        ],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        env=None if env is None else {**os.environ, **env},
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.read() == b"ok":
                        break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError(f"the app server did not start; see tests/e2e/{log_name}")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    """A fresh app server on a free local port, stopped at the end of the session."""
    with app_server() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """Chromium for one test module (Playwright's sync API allows one running instance at a time:
    a module-scoped browser leaves later tests free to start their own)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=BROWSER_ARGS,
        )
        yield b
        b.close()


@pytest.fixture(scope="module")
def app_url(server_url, browser) -> str:
    """The server, after a first visit to "/".

    The first session after a start must not arrive by a deep link: Streamlit then
    shows a "page not found" dialog over the page (the pages/ pitfall in docs/ARCHITECTURE.md).
    """
    context = browser.new_context()
    pg = context.new_page()
    pg.goto(f"{server_url}/")
    pg.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=120_000)
    context.close()
    return server_url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    pg = context.new_page()
    yield pg
    context.close()


os.environ.setdefault("PLAYWRIGHT_BROWSERS_PATH", "0")  # never look for a downloaded browser
