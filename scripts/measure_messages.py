"""The largest WebSocket message the app sends, page by page: the bound for ``server.maxMessageSize``.

Starts the app with Streamlit's message serialiser wrapped (each message's size appended to a log),
visits every page in Debian's Chromium (the studio's three views, the map with and without its
basemap), and prints the largest message per page and overall::

    python scripts/measure_messages.py

Nothing is downloaded: the browser is /usr/bin/chromium, driven by Playwright.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


def _serve(log: str, port: str) -> None:
    """Run the app with every outgoing message's size appended to `log`."""
    from streamlit.web.server.starlette import starlette_websocket as ws

    original = ws.serialize_forward_msg

    def measured(msg):  # the same bytes, and their length written down
        payload = original(msg)
        with open(log, "a") as f:
            f.write(f"{len(payload)}\n")
        return payload

    ws.serialize_forward_msg = measured
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", "streamlit_app.py", "--server.headless", "true", "--server.port", port,
                "--server.address", "127.0.0.1", "--server.fileWatcherType", "none"]  # fmt: skip
    cli.main()


def _sizes(log: Path) -> list[int]:
    return [int(x) for x in log.read_text().split()] if log.exists() else []


def main() -> None:
    from playwright.sync_api import sync_playwright

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = str(s.getsockname()[1])
    log = Path(tempfile.mkdtemp()) / "sizes.txt"
    env = {**os.environ, "HARMONI_DB": str(log.parent / "library.db")}
    server = subprocess.Popen([sys.executable, __file__, "--serve", str(log), port], cwd=ROOT, env=env,
                              start_new_session=True)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        visits = [("overview", "/overview?lang=en", None), ("scenario: time", "/scenario?lang=en", None),
                  ("scenario: moved", None, "Where did the queue move?"), ("scenario: pays", None, "Who pays?"),
                  ("map (basemap)", "/map?lang=en", None), ("map (no basemap)", None, "Basemap (needs internet)"),
                  ("compare", "/compare?lang=en", None), ("advisor", "/advisor?lang=en", None),
                  ("about", "/about?lang=en", None)]  # fmt: skip
        results: dict[str, int] = {}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.goto(f"{url}/")
            page.wait_for_selector(IDLE, timeout=120_000)
            for name, path, click in visits:
                before = len(_sizes(log))
                if path:
                    page.goto(url + path)
                else:
                    page.get_by_text(click).first.click()
                page.wait_for_timeout(800)
                page.wait_for_selector(IDLE, timeout=120_000)
                page.wait_for_timeout(800)
                results[name] = max(_sizes(log)[before:], default=0)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
    for name, size in results.items():
        print(f"{name:20s} {size / 1000:8.1f} kB")
    print(f"{'largest':20s} {max(results.values()) / 1000:8.1f} kB")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--serve"]:
        _serve(sys.argv[2], sys.argv[3])
    else:
        main()
