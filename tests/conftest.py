"""Fixtures shared by the tests (helpers to import live in plain_scenarios.py and networks.py).

Test modules never import from conftest: tests/e2e has a conftest of its own, and
pytest would load whichever comes first under the same module name.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import pytest
from plain_scenarios import make_scenario


@pytest.fixture
def scenario_data() -> dict[str, Any]:
    """A fresh valid scenario dict (see :func:`make_scenario`)."""
    return make_scenario()


@pytest.fixture(autouse=True)
def _fresh_streamlit_caches():
    """Streamlit's caches are process-wide: every test starts with empty ones (if Streamlit is in use)."""
    st = sys.modules.get("streamlit")
    if st is not None:
        st.cache_data.clear()
        st.cache_resource.clear()
    yield


@pytest.fixture(autouse=True, scope="session")
def _library_in_a_temporary_folder(tmp_path_factory):
    """The app's scenario library (SQLite) lives in a temporary folder during the tests, never in the repo."""
    if "HARMONI_DB" not in os.environ:
        os.environ["HARMONI_DB"] = str(tmp_path_factory.mktemp("library") / "harmoni_library.db")
    yield
