"""Rules that look across a whole scenario: ids, routing targets, diversion cycles.

They run on plain data (the parsed file) and skip whatever is malformed, so that
a file with a wrong type in one place still gets every cross-reference problem
reported in the same pass.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any

from harmoni_model.problems import Problem
from harmoni_model.scenario import calendars

EXIT = "exit"
_ID = re.compile(r"[a-z0-9_]+")  # the pattern of service and arrival ids (format.ServiceId)
MAX_EXPECTED_ARRIVALS = 10_000_000  # per replication: keeps any file from running for hours


def _items(data: Any, key: str) -> list[tuple[int, dict]]:
    seq = data.get(key) if isinstance(data, dict) else None
    if not isinstance(seq, (list, tuple)):
        return []
    return [(i, item) for i, item in enumerate(seq) if isinstance(item, dict)]


def _divert_target(service: dict) -> Any:
    rule = service.get("when_full")
    return rule.get("divert") if isinstance(rule, dict) else None


def cross_check(data: Any) -> list[Problem]:
    """Problems that involve more than one field of a scenario given as plain data."""
    problems: list[Problem] = []
    services = _items(data, "services")
    arrivals = _items(data, "arrivals")
    if not isinstance(data, dict) or not isinstance(data.get("services"), (list, tuple)):
        return problems  # the services themselves are broken: targets cannot be checked

    for i, s in services:
        occ, cap = _number(s.get("initial_occupancy")), _number(s.get("capacity"))
        if occ is not None and cap is not None and occ > cap:
            problems.append(
                Problem(f"services[{i}].initial_occupancy", f"is larger than the capacity ({occ:g} > {cap:g})")
            )

    ids: dict[str, int] = {}
    for i, s in services:
        sid = s.get("id")
        if isinstance(sid, str):
            if sid in ids:
                problems.append(Problem(f"services[{i}].id", f"duplicate id '{sid}' (also services[{ids[sid]}])"))
            else:
                ids[sid] = i

    seen_arrivals: dict[str, int] = {}
    for j, a in arrivals:
        aid = a.get("id")
        if isinstance(aid, str):
            if aid in seen_arrivals:
                problems.append(
                    Problem(f"arrivals[{j}].id", f"duplicate id '{aid}' (also arrivals[{seen_arrivals[aid]}])")
                )
            else:
                seen_arrivals[aid] = j
        to = a.get("to")
        if isinstance(to, str) and to not in ids:
            problems.append(Problem(f"arrivals[{j}].to", f"unknown service '{to}'"))

    for i, s in services:
        for k, route in _items(s, "next"):
            to = route.get("to")
            if isinstance(to, str) and to != EXIT and to not in ids:
                problems.append(Problem(f"services[{i}].next[{k}].to", f"unknown service '{to}'"))
            if to == EXIT and route.get("blocking") is not None:
                problems.append(Problem(f"services[{i}].next[{k}].blocking", "has no meaning on a route to exit"))
            if to == EXIT and route.get("delay") is not None:
                problems.append(
                    Problem(f"services[{i}].next[{k}].delay", "has no meaning on a route to exit (nobody to wait for)")
                )
        target = _divert_target(s)
        if isinstance(target, str):
            path = f"services[{i}].when_full.divert"
            if target == EXIT:
                problems.append(Problem(path, "cannot divert to 'exit' (use when_full: lost)"))
            elif target == s.get("id"):
                problems.append(Problem(path, "a service cannot divert to itself"))
            elif target not in ids:
                problems.append(Problem(path, f"unknown service '{target}'"))

    seen_figures: dict[tuple[Any, Any], int] = {}
    for k, figure in _items(data, "headline"):
        scope = figure.get("scope")
        if isinstance(scope, str) and scope != "system" and scope not in ids:
            problems.append(Problem(f"headline[{k}].scope", f"unknown service '{scope}' (or 'system')"))
        key = (scope, figure.get("kpi"))
        if isinstance(scope, str) and isinstance(key[1], str):
            if key in seen_figures:
                problems.append(Problem(f"headline[{k}]", f"the same figure as headline[{seen_figures[key]}]"))
            seen_figures.setdefault(key, k)

    for i, s in services:
        problems.extend(_calendar_problems(i, s))
        problems.extend(_priority_problems(i, s, services, arrivals))

    problems.extend(_divert_cycles(services, ids))
    problems.extend(_arrival_volume(data, arrivals))
    problems.extend(_initial_state_problems(data, services, ids, seen_arrivals))
    return problems


def _initial_state_problems(
    data: dict, services: list[tuple[int, dict]], ids: dict[str, int], arrival_ids: dict[str, int]
) -> list[Problem]:
    """``initial_state``: known services, once each; known targets and origins; not mixed with the counts."""
    state = data.get("initial_state")
    if not isinstance(state, dict):
        return []
    problems: list[Problem] = []
    for i, s in services:
        for field in ("initial_occupancy", "initial_queue"):
            if _number(s.get(field)):
                problems.append(
                    Problem(f"services[{i}].{field}", "must be 0 (or left out) when the scenario gives initial_state")
                )
    seen: dict[str, int] = {}
    for k, entry in _items(state, "services"):
        where = f"initial_state.services[{k}]"
        sid = entry.get("id")
        if isinstance(sid, str):
            if sid not in ids:
                problems.append(Problem(f"{where}.id", f"unknown service '{sid}'"))
            elif sid in seen:
                problems.append(
                    Problem(f"{where}.id", f"'{sid}' is listed twice (also initial_state.services[{seen[sid]}])")
                )
            seen.setdefault(sid, k)
        for r, patient in _items(entry, "ready"):
            to = patient.get("to") if isinstance(patient, dict) else None
            if isinstance(to, str) and to not in ids:
                problems.append(Problem(f"{where}.ready[{r}].to", f"unknown service '{to}'"))
        for w, patient in _items(entry, "waiting"):
            origin = patient.get("origin") if isinstance(patient, dict) else None
            if isinstance(origin, str) and origin not in ids and origin not in arrival_ids:
                problems.append(
                    Problem(
                        f"{where}.waiting[{w}].origin", f"unknown origin '{origin}' (an arrival id or a service id)"
                    )
                )
    return problems


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


@dataclass(frozen=True)
class _RawPeriod:
    start: dt.date
    end: dt.date
    repeat: str | None


def _describe(period: _RawPeriod) -> str:
    every = ", every year" if period.repeat == "yearly" else ""
    return f"{period.start.isoformat()} to {period.end.isoformat()}{every}"


def _calendar_problems(i: int, service: dict) -> list[Problem]:
    """Overlapping periods of one calendar; a staffing calendar without staffing."""
    problems = []
    for key in ("capacity_calendar", "staffing_calendar"):
        periods: list[tuple[int, _RawPeriod]] = []
        for k, item in _items(service, key):
            start, end = _date(item.get("from")), _date(item.get("to"))
            repeat = item.get("repeat")
            if start is None or end is None or end < start or repeat not in (None, "yearly"):
                continue  # the period's own fields are reported by the model
            period = _RawPeriod(start, end, repeat)
            for j, earlier in periods:
                day = calendars.shared_day(earlier, period)
                if day is not None:
                    problems.append(
                        Problem(
                            f"services[{i}].{key}[{k}]",
                            f"overlaps {key}[{j}] ({_describe(earlier)}) on {day.isoformat()}: "
                            "periods must not share a day",
                        )
                    )
                    break
            periods.append((k, period))
    if service.get("staffing_calendar") and service.get("staffing") is None:
        problems.append(
            Problem(
                f"services[{i}].staffing_calendar",
                "needs 'staffing' on the service (its FTE outside these periods, and patients_per_fte)",
            )
        )
    return problems


def _priority_problems(
    i: int, service: dict, services: list[tuple[int, dict]], arrivals: list[tuple[int, dict]]
) -> list[Problem]:
    """Priority origins that send no patients here; rules that need a queue."""
    problems = []
    sid = service.get("id")
    rule, target = service.get("when_full", "queue"), _divert_target(service)
    how = f"divert to '{target}'" if isinstance(target, str) else rule if isinstance(rule, str) else None
    if how is not None and how != "queue":  # (a malformed rule is reported by the model)
        for key in ("priority", "renege"):
            if service.get(key) is not None:
                problems.append(
                    Problem(f"services[{i}].{key}", f"needs when_full: queue (with when_full: {how}, nobody waits)")
                )
    if service.get("priority_after_days") is not None and not service.get("priority"):
        problems.append(
            Problem(
                f"services[{i}].priority_after_days",
                "needs a 'priority' list (it moves a patient who has waited this long to its first class)",
            )
        )
    priority = service.get("priority")
    if not isinstance(priority, (list, tuple)) or not isinstance(sid, str):
        return problems
    # (an id that is not text, e.g. a list from a broken file, is reported by the model: left out here)
    streams = {a.get("id") for _, a in arrivals if a.get("to") == sid and isinstance(a.get("id"), str)}
    senders = {
        s.get("id")
        for _, s in services
        if isinstance(s.get("id"), str)
        and (_divert_target(s) == sid or any(r.get("to") == sid for _, r in _items(s, "next")))
    }
    arrival_ids = {a.get("id") for _, a in arrivals if isinstance(a.get("id"), str)}
    service_ids = {s.get("id") for _, s in services if isinstance(s.get("id"), str)}
    seen: set[str] = set()
    for k, origin in enumerate(priority):
        if not isinstance(origin, str) or not _ID.fullmatch(origin):
            continue  # not an id at all: the model says so
        path = f"services[{i}].priority[{k}]"
        if origin in seen:
            problems.append(Problem(path, f"'{origin}' is listed twice"))
        elif origin in arrival_ids and origin in service_ids:
            problems.append(Problem(path, f"'{origin}' is both an arrival id and a service id: rename one"))
        elif origin not in streams and origin not in senders:
            problems.append(
                Problem(path, f"'{origin}' sends no patients to '{sid}' (list an arrival stream into '{sid}', "
                        "or a service that routes or diverts to it)")
            )  # fmt: skip
        seen.add(origin)
    return problems


def _number(value: Any) -> float | None:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    return float(value) if ok else None


def expected_arrivals(data: Any) -> float | None:
    """Expected number of external arrivals in one replication (warm-up included), from plain data."""
    if not isinstance(data, dict):
        return None
    horizon, warmup = _number(data.get("horizon_days")), _number(data.get("warmup_days", 0))
    if horizon is None or warmup is None:
        return None
    days = horizon + warmup
    total = 0.0
    for _, a in _items(data, "arrivals"):
        rate, growth = _number(a.get("rate_per_day")), _number(a.get("growth_per_year", 0.0))
        if rate is None or growth is None or growth <= -1:
            continue
        if abs(growth) < 1e-12:
            total += rate * days
        else:
            log_g = math.log1p(growth)
            total += rate * 365 * math.expm1(min(log_g * days / 365, 700)) / log_g
    return total


def _arrival_volume(data: dict, arrivals: list[tuple[int, dict]]) -> list[Problem]:
    """A scenario whose arrivals alone would take hours to simulate is refused up front."""
    total = expected_arrivals(data)
    if total is not None and total > MAX_EXPECTED_ARRIVALS:
        return [
            Problem(
                "arrivals",
                f"about {total:,.0f} patients would arrive in one replication (limit {MAX_EXPECTED_ARRIVALS:,}); "
                "shorten the horizon or lower the rates",
            )
        ]
    return []


def _divert_cycles(services: list[tuple[int, dict]], ids: dict[str, int]) -> list[Problem]:
    divert = {
        s["id"]: _divert_target(s)
        for _, s in services
        if isinstance(s.get("id"), str) and isinstance(_divert_target(s), str)
    }
    reported: set[frozenset[str]] = set()
    problems = []
    for start in divert:
        chain = [start]
        node = divert.get(start)
        while node in divert and node not in chain:
            chain.append(node)
            node = divert[node]
        if node != start:
            continue  # the chain ends, or runs into a cycle that does not pass start
        members = frozenset(chain)
        if len(chain) < 2 or members in reported:
            continue
        reported.add(members)
        loop = " -> ".join([*chain, start])
        problems.append(Problem(f"services[{ids[start]}].when_full.divert", f"diversion cycle {loop}"))
    return problems
