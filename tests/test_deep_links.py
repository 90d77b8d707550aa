"""Every page address has its one-line file at the top of pages/ (pages/ui/deep_links.py says why), and
nothing else lives there: a page script at the top of pages/ would run without the frame on a cold start."""

from __future__ import annotations

import re
from pathlib import Path

from pages.ui.deep_links import SHIM, shim_path

ROOT = Path(__file__).resolve().parents[1]


def _url_paths() -> set[str]:
    """The url_path of every st.Page the frame registers (read from its source: the frame needs a session)."""
    return set(re.findall(r'url_path="([^"]+)"', (ROOT / "streamlit_app.py").read_text(encoding="utf-8")))


def test_every_page_address_has_its_file_with_the_one_text():
    paths = _url_paths()
    assert {"overview", "scenario", "map", "compare", "advisor", "about", "home"} <= paths
    for url_path in sorted(paths):
        assert shim_path(url_path).read_text(encoding="utf-8") == SHIM, url_path


def test_the_top_of_pages_holds_only_those_files():
    top = {p.stem for p in (ROOT / "pages").glob("*.py")} - {"__init__"}
    assert top == _url_paths()
