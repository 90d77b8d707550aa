"""Bounds on what a browser can make the server simulate (uploads on a shared demo).

Prepared scenarios are within them; an uploaded file is trimmed to them, and every
trim is reported, so no upload can keep the server busy for minutes. No Streamlit here.
"""

from __future__ import annotations

from harmoni_model import Scenario
from harmoni_model.scenario.rules import expected_arrivals

MAX_UPLOAD_BYTES = 200_000
MAX_REPLICATIONS = 12
MAX_HORIZON_DAYS = 3 * 365
MAX_WARMUP_DAYS = 365
MAX_ARRIVALS = 300_000  # per replication: the baseline has about 12 000


def within_app_bounds(scenario: Scenario) -> tuple[Scenario, list[tuple[str, float, float]]]:
    """The scenario trimmed to the app's bounds, and the trims ``(field, asked, used)``."""
    trims: list[tuple[str, float, float]] = []
    changes: dict[str, int] = {}
    for field, limit in (
        ("replications", MAX_REPLICATIONS),
        ("horizon_days", MAX_HORIZON_DAYS),
        ("warmup_days", MAX_WARMUP_DAYS),
    ):
        value = getattr(scenario, field)
        if value > limit:
            changes[field] = limit
            trims.append((field, value, limit))
    bounded = scenario.variant(**changes) if changes else scenario
    arrivals = expected_arrivals(bounded.to_dict()) or 0.0
    if arrivals > MAX_ARRIVALS:
        trims.append(("arrivals", arrivals, MAX_ARRIVALS))
        return scenario, trims  # cannot be trimmed sensibly: the caller refuses it
    return bounded, trims


def too_busy(trims: list[tuple[str, float, float]]) -> bool:
    """The scenario would generate more patients than the app allows."""
    return any(field == "arrivals" for field, _, _ in trims)
