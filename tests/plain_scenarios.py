"""Small, valid scenario data (plain dicts) to build test cases from.

Keep this module small. Helpers return *plain data* (dicts, as parsed from a
scenario file), fresh on every call, so a test can change them freely before
passing them to ``harmoni_model.validate_data``.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

#: The repository root (the directory holding ``harmoni_model/``).
ROOT = Path(__file__).resolve().parent.parent


def make_service(service_id: str = "ward", **overrides: Any) -> dict[str, Any]:
    """A valid municipal service as plain data (routes to exit); keyword arguments replace fields."""
    service: dict[str, Any] = {
        "id": service_id,
        "organisation": "municipality",
        "capacity": 5,
        "length_of_stay": {"distribution": "exponential", "mean": 4.0},
    }
    service.update(copy.deepcopy(overrides))
    return service


def make_scenario(**overrides: Any) -> dict[str, Any]:
    """A valid scenario as plain data; keyword arguments replace top-level fields.

    The network has two services and one arrival stream::

        arrivals[0] "admissions" -> services[0] "hospital" --p=0.4--> services[1] "short_term" -> exit
                                                          \\--p=0.6--> exit
    """
    data: dict[str, Any] = {
        "schema_version": 1,
        "name": "Test scenario",
        "horizon_days": 30,
        "warmup_days": 5,
        "replications": 2,
        "seed": 1,
        "services": [
            make_service(
                "hospital",
                organisation="hospital",
                capacity=10,
                length_of_stay={"distribution": "lognormal", "mean": 5.0, "cv": 0.8},
                blocking=True,
                next=[{"to": "exit", "p": 0.6}, {"to": "short_term", "p": 0.4}],
            ),
            make_service(
                "short_term",
                capacity=8,
                length_of_stay={"distribution": "gamma", "mean": 10.0, "cv": 0.5},
                admission_days=["mon", "tue", "wed", "thu", "fri"],
            ),
        ],
        "arrivals": [{"id": "admissions", "to": "hospital", "rate_per_day": 2.0}],
    }
    data.update(copy.deepcopy(overrides))
    return data
