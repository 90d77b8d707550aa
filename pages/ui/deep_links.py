"""Every page's address opens that page, even as the first visit after a server start.

Why this exists (Streamlit 1.67 source): a ``pages/`` folder next to the entrypoint makes
``PagesManager.uses_pages_directory`` true until some session calls ``st.navigation``
(runtime/pages_manager.py, commands/navigation.py). Until then every script run goes through the
legacy wrapper ``_mpa_v1`` (runtime/scriptrunner/script_runner.py), which routes the address among
``pages/*.py`` only. With no file there, a cold ``/overview`` is unknown to it: it sends Streamlit's
English "Page not found" dialog and runs the frame, whose ``st.navigation`` then shows the right page
behind the dialog. Later sessions never see the legacy wrapper.

So each page address has a one-line file at the top of ``pages/`` (``pages/<url_path>.py``): the
legacy wrapper finds it, sends no dialog, and the file runs the frame, whose ``st.navigation`` takes
over as on any other run. The files hold no page: the page scripts stay in ``pages/views/``.
``tests/test_deep_links.py`` checks that every address in the navigation has its file, with this text.
"""

from __future__ import annotations

import runpy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FRAME = ROOT / "streamlit_app.py"

# The whole text of each pages/<url_path>.py (a test compares them byte for byte).
SHIM = '''"""A page's address opened first after a server start: run the frame (see pages/ui/deep_links.py)."""

from pages.ui.deep_links import run_frame

run_frame()
'''


def run_frame() -> None:
    """Run the frame (streamlit_app.py) as Streamlit runs an entrypoint: its st.navigation picks the page."""
    runpy.run_path(str(FRAME), run_name="__main__")


def shim_path(url_path: str) -> Path:
    """Where the legacy wrapper looks for the page at ``/<url_path>``."""
    return ROOT / "pages" / f"{url_path}.py"
