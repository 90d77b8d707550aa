"""Opening a page of the app in Streamlit's AppTest (one helper for every page's tests)."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")


def open_page(page: str, lang: str = "nb", timeout: float = 120, **state: object) -> AppTest:
    """The app's `page` (a script in pages/views/) in `lang`, run once, with no exception."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.query_params["lang"] = lang
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    at.switch_page(f"pages/views/{page}.py").run()
    assert not at.exception, at.exception
    return at


def shown(text: str) -> str:
    """What a reader sees of a markdown text escaped by ``pages.ui.user_text.literal``: the backslashes go
    (and the invisible word joiners that keep bare addresses from becoming links)."""
    return re.sub(r"\\(.)", r"\1", text.replace("\u2060", ""), flags=re.S)
