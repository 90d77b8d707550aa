"""Small networks whose behaviour is known, built as validated scenarios."""

from __future__ import annotations

import math
from typing import Any

from harmoni_model import Scenario, validate_data


def service(sid: str, capacity: int, los: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """A service dict with sensible defaults (municipality, queue, exit)."""
    return {"id": sid, "organisation": "municipality", "capacity": capacity, "length_of_stay": los, **fields}


def scenario(services: list[dict], arrivals: list[dict], **fields: Any) -> Scenario:
    """A validated scenario from service and arrival dicts."""
    data = {
        "schema_version": 1,
        "name": fields.pop("name", "test network"),
        "horizon_days": fields.pop("horizon_days", 365),
        "services": services,
        "arrivals": arrivals,
        **fields,
    }
    return validate_data(data)


def single_queue(c: int, arrival_rate: float, los: dict[str, Any], when_full: Any = "queue", **fields: Any) -> Scenario:
    """One service with `c` places fed by a Poisson stream (M/G/c)."""
    return scenario(
        [service("ward", c, los, when_full=when_full)],
        [{"id": "arrivals", "to": "ward", "rate_per_day": arrival_rate}],
        **fields,
    )


def tandem(c1: int, c2: int, rate: float, mean1: float, mean2: float, **fields: Any) -> Scenario:
    """Hospital ward -> downstream unit, blocking after service, exponential stays."""
    return scenario(
        [
            service(
                "hospital",
                c1,
                {"distribution": "exponential", "mean": mean1},
                organisation="hospital",
                blocking=True,
                next=[{"to": "downstream", "p": 1.0}],
            ),
            service("downstream", c2, {"distribution": "exponential", "mean": mean2}),
        ],
        [{"id": "emergency", "to": "hospital", "rate_per_day": rate}],
        **fields,
    )


def erlang_b(c: int, a: float) -> float:
    """Blocking probability of M/G/c/c with offered load `a` (recursive, stable)."""
    b = 1.0
    for k in range(1, c + 1):
        b = a * b / (k + a * b)
    return b


def erlang_c(c: int, a: float) -> float:
    """Probability of waiting in M/M/c with offered load `a` < c."""
    b = erlang_b(c, a)
    return c * b / (c - a * (1 - b))


def mmc_mean_wait(c: int, lam: float, mu: float) -> float:
    """Mean wait in queue of M/M/c (Erlang C)."""
    return erlang_c(c, lam / mu) / (c * mu - lam)


def within(value: float, target: float, se: float, k: float = 4.0, rel: float = 0.0) -> bool:
    """`value` within k standard errors (plus a relative slack) of `target`."""
    return math.isfinite(value) and abs(value - target) <= k * se + rel * abs(target)
