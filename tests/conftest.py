"""Fixtures shared by the tests (helpers to import live in plain_scenarios.py and networks.py).

Test modules never import from conftest: tests/e2e has a conftest of its own, and
pytest would load whichever comes first under the same module name.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import pytest
from hypothesis import settings
from plain_scenarios import make_scenario

# CI runs the property tests derandomized (the same examples every run: a landing never depends on the luck
# of the draw); a developer's run explores new examples each time and pins what it finds with @example.
# .ci/run sets HYPOTHESIS_PROFILE=ci.
settings.register_profile("ci", derandomize=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


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


@pytest.fixture(autouse=True)
def _studio_answers_with_the_scenarios_replications(monkeypatch):
    """The studio (in AppTest) answers with each scenario's own replications (6 for the baseline), as before
    issue 14.

    Its progressive answer goes on to 60 while the figures are unsettled, up to 8 s a change: that many
    changes would add minutes to the suite. The tests of the progression raise the target again
    (test_app_scenario.py), and the browser tests run the app as it is.
    """
    from harmoni_model.results import precision

    monkeypatch.setattr(precision, "TARGET_REPLICATIONS", None)
    monkeypatch.setattr(precision, "BUDGET_SECONDS", 1e6)  # a loaded machine must not change what is shown
    yield


@pytest.fixture(autouse=True, scope="session")
def _library_in_a_temporary_folder(tmp_path_factory):
    """The app's scenario library (SQLite) lives in a temporary folder during the tests, never in the repo."""
    if "HARMONI_DB" not in os.environ:
        os.environ["HARMONI_DB"] = str(tmp_path_factory.mktemp("library") / "harmoni_library.db")
    yield


@pytest.fixture(scope="module")
def dask_client():
    """A Dask cluster in this process (2 workers, one thread each), as a ``distributed.Client``.

    Per module: its threads draw from the global ``random`` module, so a session-long cluster
    made later tests that check the global random state flaky (tests/test_engine.py).
    """
    import distributed  # a dev dependency (requirements-dev.txt): missing it is a failure, not a skip

    # tcp, not the in-process default: the CLI tests connect to it from another process.
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None, protocol="tcp"
    )
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()
