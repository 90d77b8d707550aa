"""Fixtures shared by the tests (helpers to import live in plain_scenarios.py and networks.py).

Test modules never import from conftest: tests/e2e has a conftest of its own, and
pytest would load whichever comes first under the same module name.
"""

from __future__ import annotations

from typing import Any

import pytest
from plain_scenarios import make_scenario


@pytest.fixture
def scenario_data() -> dict[str, Any]:
    """A fresh valid scenario dict (see :func:`make_scenario`)."""
    return make_scenario()
