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


# --- random networks with the mechanisms of issue 11 ---------------------------------------------

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_MECH_LOS = st.sampled_from(
    [
        {"distribution": "exponential", "mean": 2.0},
        {"distribution": "lognormal", "mean": 3.0, "cv": 1.2},
        {"distribution": "gamma", "mean": 1.5, "cv": 0.5},
        {"distribution": "fixed", "value": 1.0},
        {"distribution": "empirical", "values": [0.5, 1, 1, 7]},
    ]
)


def _periods(draw, start, field: str, values) -> list[dict[str, Any]]:
    """0–2 non-overlapping dated periods around a run from `start` (some yearly, some before the run)."""
    n = draw(st.integers(0, 2))
    offsets = sorted(draw(st.lists(st.integers(-40, 160), min_size=2 * n, max_size=2 * n, unique=True)))
    periods = []
    for k in range(n):
        lo, hi = offsets[2 * k], offsets[2 * k + 1]
        period = {"from": str(start + dt.timedelta(days=lo)), "to": str(start + dt.timedelta(days=hi)),
                  field: draw(values)}  # fmt: skip
        if draw(st.booleans()):
            period["repeat"] = "yearly"  # all offsets lie within 200 days: copies in other years never overlap
        periods.append(period)
    return periods


@st.composite
def mechanism_networks(draw) -> Scenario:
    """2–3 services with calendars, overflow places, priority (with ageing), route delays and reneging.

    Routes may go anywhere (loops and blocking cycles included): patients must be conserved whatever
    the network does, deadlocks too.
    """
    start = dt.date(2025, 1, 1) + dt.timedelta(days=draw(st.integers(0, 730)))
    n = draw(st.integers(2, 3))
    ids = [f"s{i}" for i in range(n)]
    routes: dict[str, list[dict[str, Any]]] = {}
    for sid in ids:
        targets = draw(st.lists(st.sampled_from(ids), max_size=2, unique=True))
        weights = [draw(st.integers(1, 4)) for _ in range(len(targets) + 1)]
        ps = [w / sum(weights) for w in weights]
        ps[-1] = 1 - math.fsum(ps[:-1])
        out: list[dict[str, Any]] = []
        for to, p in zip(targets, ps, strict=False):
            route: dict[str, Any] = {"to": to, "p": p}
            if draw(st.booleans()):
                route["delay"] = draw(_MECH_LOS)
            if draw(st.integers(0, 3)) == 0:
                route["blocking"] = draw(st.booleans())
            out.append(route)
        routes[sid] = [*out, {"to": "exit", "p": ps[-1]}]
    arrivals = [{"id": "a", "to": "s0", "rate_per_day": draw(st.floats(0.2, 4.0))}]
    if draw(st.booleans()):
        arrivals.append({"id": "b", "to": draw(st.sampled_from(ids)), "rate_per_day": draw(st.floats(0.1, 2.0))})
    services = []
    for i, sid in enumerate(ids):
        cap = draw(st.integers(0, 6))
        fields: dict[str, Any] = {
            "organisation": draw(st.sampled_from(["hospital", "municipality"])),
            "blocking": draw(st.booleans()),
            "next": routes[sid],
            "initial_occupancy": draw(st.integers(0, cap)),
            "initial_queue": draw(st.integers(0, 3)),
            "admission_days": sorted(draw(st.sets(st.sampled_from(_WEEKDAYS), min_size=1))),
        }
        rule = draw(st.sampled_from(["queue", "queue", "queue", "lost", "divert"]))
        if rule == "divert" and i + 1 < n:
            fields["when_full"] = {"divert": ids[i + 1]}
        elif rule == "lost":
            fields["when_full"] = "lost"
        queues = "when_full" not in fields
        if draw(st.booleans()):
            fields["capacity_calendar"] = _periods(draw, start, "capacity", st.integers(0, 8))
        if draw(st.booleans()):
            fte = draw(st.integers(1, 8))
            fields["staffing"] = {"fte": fte, "patients_per_fte": draw(st.sampled_from([0.5, 0.7, 1.0, 1.5]))}
            fields["staffing_calendar"] = _periods(draw, start, "fte", st.sampled_from([0.0, 1.0, 2.5, 9.0]))
        if draw(st.booleans()):
            fields["overflow"] = {"places": draw(st.integers(0, 3))}
        senders = [a["id"] for a in arrivals if a["to"] == sid]
        senders += [s for s in ids if any(r["to"] == sid for r in routes[s])]
        if queues and senders and draw(st.booleans()):
            fields["priority"] = draw(st.lists(st.sampled_from(senders), min_size=1, max_size=2, unique=True))
            if draw(st.booleans()):
                fields["priority_after_days"] = draw(st.sampled_from([0.25, 1.0, 5.0]))
        if queues and draw(st.booleans()):
            fields["renege"] = draw(_MECH_LOS)
        services.append(service(sid, cap, draw(_MECH_LOS), **fields))
    return scenario(
        services,
        arrivals,
        start_date=str(start),
        horizon_days=draw(st.integers(5, 100)),
        warmup_days=draw(st.integers(0, 20)),
    )
