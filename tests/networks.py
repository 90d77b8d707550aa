"""Small networks whose behaviour is known, built as validated scenarios."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from hypothesis import strategies as st

from harmoni_model import SERVICE_KPIS, SYSTEM_KPIS, Scenario, validate_data


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


# --- random networks the app must handle ---------------------------------------------------------

_ID = st.from_regex(r"[a-z][a-z0-9_]{0,11}", fullmatch=True).filter(lambda s: s not in ("exit", "system"))
_NAME = st.text(st.characters(categories=("L", "N", "Zs"), include_characters=",.-()/"), min_size=1, max_size=24)
_KINDS = {"hospital": ("hospital_ward",), "municipality": (
    "municipal_acute", "short_term_stay", "rehabilitation", "long_term_place", "home_based_care")}  # fmt: skip


_START = dt.date(2025, 1, 1)
_DELAY = st.builds(
    lambda mean, cv: {"distribution": "gamma", "mean": mean, "cv": cv}, st.floats(0.2, 3.0), st.sampled_from([0.5, 1])
)


@st.composite
def _period(draw, value: str, top: float, whole: bool) -> dict[str, Any]:
    """A dated period in the first 200 days of the run (once, or every year) with `value` up to `top`."""
    start = _START + dt.timedelta(days=draw(st.integers(0, 200)))
    end = start + dt.timedelta(days=draw(st.integers(0, 60)))
    amount = draw(st.integers(1, int(top))) if whole else draw(st.floats(1.0, top))
    period = {"from": start.isoformat(), "to": end.isoformat(), value: amount}
    if draw(st.booleans()):
        period["repeat"] = "yearly"
    return period


def _mechanisms(draw, services: list[dict], arrivals: list[dict]) -> None:
    """Sometimes calendars, overflow places, priority (with ageing), processing delays and reneging."""
    for s in services:
        sid, capacity = s["id"], s["capacity"]
        if draw(st.integers(0, 3)) == 0:
            s["capacity_calendar"] = [draw(_period("capacity", capacity, whole=True))]
        if "staffing" in s and draw(st.integers(0, 3)) == 0:
            s["staffing_calendar"] = [draw(_period("fte", s["staffing"]["fte"], whole=False))]
        if draw(st.integers(0, 3)) == 0:
            s["overflow"] = {"places": draw(st.integers(1, 5))}
        for route in s["next"]:
            if route["to"] != "exit" and draw(st.integers(0, 2)) == 0:
                route["delay"] = draw(_DELAY)
        if s["when_full"] != "queue":
            continue
        senders = [a["id"] for a in arrivals if a["to"] == sid] + [
            o["id"] for o in services if any(r["to"] == sid for r in o["next"]) or o["when_full"] == {"divert": sid}
        ]
        if draw(st.integers(0, 2)) == 0:
            s["priority"] = draw(st.lists(st.sampled_from(senders), min_size=1, max_size=len(senders), unique=True))
            if draw(st.booleans()):
                s["priority_after_days"] = draw(st.floats(0.5, 10.0))
        if draw(st.integers(0, 3)) == 0:
            s["renege"] = {"distribution": "exponential", "mean": draw(st.floats(2.0, 60.0))}


def _headline(draw, ids: list[str]) -> list[dict[str, str]]:
    """Up to eight figures of any KPIs (new ones included), as a scenario may declare them."""
    pairs = [(sid, k) for sid in ids for k in SERVICE_KPIS] + [("system", k) for k in SYSTEM_KPIS]
    chosen = draw(st.lists(st.sampled_from(pairs), min_size=1, max_size=8, unique=True))
    return [{"scope": scope, "kpi": kpi} for scope, kpi in chosen]


@st.composite
def app_networks(draw) -> Scenario:
    """A valid network of 2–5 services the studio can run in seconds, with ids and names of its own.

    Every service has its own arrivals and at least two places, so each gets patients and every
    wait is a number; routes go forwards only (no blocking cycles, so no deadlock); costs,
    staffing, kinds and names are drawn or left out, so pages see every optional field missing too.
    Some carry capacity and staffing calendars, overflow places, priority, processing delays and
    reneging, and some declare a headline of any KPIs, so pages see every mechanism and KPI.
    """
    ids = draw(st.lists(_ID, min_size=2, max_size=5, unique=True))
    services = []
    for i, sid in enumerate(ids):
        organisation = draw(st.sampled_from(["hospital", "municipality"]))
        capacity = draw(st.integers(2, 30))
        mean = draw(st.floats(0.5, 8.0))
        los = draw(st.sampled_from([
            {"distribution": "exponential", "mean": mean},
            {"distribution": "lognormal", "mean": mean, "cv": 0.8},
            {"distribution": "gamma", "mean": mean, "cv": 0.6},
        ]))  # fmt: skip
        later = ids[i + 1 :]
        targets = draw(st.lists(st.sampled_from(later), max_size=2, unique=True)) if later else []
        weights = [draw(st.integers(1, 4)) for _ in range(len(targets) + 1)]
        ps = [w / sum(weights) for w in weights]
        ps[-1] = 1 - math.fsum(ps[:-1])
        fields: dict[str, Any] = {
            "organisation": organisation,
            "next": [*({"to": to, "p": p} for to, p in zip(targets, ps, strict=False)), {"to": "exit", "p": ps[-1]}],
            "blocking": organisation == "hospital" and bool(targets) and draw(st.booleans()),
            "when_full": draw(st.sampled_from(["queue", "queue", "lost", *({"divert": to} for to in later)])),
            "initial_occupancy": draw(st.integers(0, capacity // 2)),
        }
        if draw(st.booleans()):
            fields["name"] = draw(st.one_of(_NAME, st.fixed_dictionaries({"nb": _NAME, "en": _NAME})))
        if draw(st.booleans()):
            fields["kind"] = draw(st.sampled_from(_KINDS[organisation]))
        if draw(st.booleans()):
            fields["cost_per_place_nok"] = draw(st.integers(100_000, 3_000_000))
        if draw(st.booleans()):
            fte = draw(st.integers(1, 20))
            fields["staffing"] = {"fte": fte, "patients_per_fte": max(1.0, capacity / fte),
                                  "cost_per_fte_nok": draw(st.integers(400_000, 900_000))}  # fmt: skip
        services.append(service(sid, capacity, los, **fields))
    arrivals = [{"id": f"to_{sid}", "to": sid, "rate_per_day": draw(st.floats(0.3, 3.0))} for sid in ids]
    _mechanisms(draw, services, arrivals)
    extra = {"headline": _headline(draw, ids)} if draw(st.integers(0, 2)) == 0 else {}
    return scenario(
        services,
        arrivals,
        **extra,
        start_date=_START.isoformat(),
        name=draw(_NAME),
        horizon_days=draw(st.integers(90, 200)),
        warmup_days=draw(st.integers(0, 30)),
        replications=draw(st.integers(2, 4)),
        seed=draw(st.integers(0, 10_000)),
    )
