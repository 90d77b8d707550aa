"""Workshop changes to a scenario: capacities, staffing, weekend intake, demand, and the levers of the room.

The app's controls (and shared links, the library and the advisor) describe a variant
as a :class:`Changes` value; :func:`apply_changes` turns it into a new,
validated scenario and leaves the original untouched.

Besides places, staff, weekend intake and demand, five levers use the model's own mechanisms
(docs/MODEL.md):

- ``closure``: a summer closure per service, ISO weeks and places closed, as a yearly
  ``capacity_calendar`` period. It **replaces** the service's summer (its yearly periods that share a
  day with 15 May to 15 September: the baseline's own summer closure), so the controls show the summer as it
  is and the room edits it; other periods (Christmas, a rebuild) stay.
- ``overflow``: corridor places (``overflow.places``; 0 removes them).
- ``hospital_first``: the hospital services that send patients to a service go first in its
  ``priority`` list (on), or leave it (off).
- ``transfer_days``: the mean days from "meldt utskrivningsklar" to the transfer, the processing
  ``delay`` on every route from a hospital service to that service (the distribution is scaled, so its
  cv stays; a route without a delay gets a gamma with :data:`NEW_DELAY_CV`; 0 removes the delay).
- ``stay_factor``: the length of stay of a service scaled (0.9 is -10 %), for every family of
  distribution: the mean of a parametric one, every value of an empirical one (its cv stays).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from harmoni_model.scenario.format import WEEKDAYS, Scenario, distribution_mean, validate_data

WEEKS = (1, 52)  # the ISO weeks a closure may start and end in (week 53 exists only in some years)
SUMMER = ((5, 15), (9, 15))  # a yearly period that shares a day with 15 May - 15 September is "the summer"
NEW_DELAY_CV = 0.8  # the cv of a delay added where a route had none (the baseline's choice, EST)
STAY_FACTOR_RANGE = (0.1, 10.0)  # a length of stay scaled by at most this much either way
MAX_TRANSFER_DAYS = 365.0
_PARTS = ("capacity", "fte", "weekend_intake", "demand_factor", "closure", "overflow", "hospital_first",
          "transfer_days", "stay_factor")  # fmt: skip


@dataclass(frozen=True)
class Closure:
    """A summer closure: ISO weeks `first_week` to `last_week` (both included), `places` fewer than the plain capacity.

    The weeks are those of the scenario's start year, repeated on the same dates every year; 0 places
    means no summer closure at all.
    """

    first_week: int
    last_week: int
    places: int

    def dates(self, year: int) -> tuple[dt.date, dt.date]:
        """Monday of the first week and Sunday of the last, in `year`."""
        return dt.date.fromisocalendar(year, self.first_week, 1), dt.date.fromisocalendar(year, self.last_week, 7)

    def to_dict(self) -> dict[str, Any]:
        """Plain data: ``{"weeks": [27, 32], "places": 14}``."""
        return {"weeks": [self.first_week, self.last_week], "places": self.places}

    @classmethod
    def from_dict(cls, data: Any, where: str) -> Closure:
        """A closure from :meth:`to_dict`'s data; ValueError naming `where` when it is not that."""
        if not isinstance(data, Mapping) or set(data) != {"weeks", "places"}:
            raise ValueError(f"{where} must be a mapping of weeks and places ({data!r})")
        weeks, places = data["weeks"], data["places"]
        if (
            not isinstance(weeks, list | tuple)
            or len(weeks) != 2
            or not all(_whole(w) and WEEKS[0] <= w <= WEEKS[1] for w in weeks)
            or weeks[0] > weeks[1]
        ):
            raise ValueError(f"{where}.weeks must be two ISO weeks {WEEKS[0]}-{WEEKS[1]}, first <= last ({weeks!r})")
        if not _whole(places) or places < 0:
            raise ValueError(f"{where}.places must be a whole number of places >= 0 ({places!r})")
        return cls(int(weeks[0]), int(weeks[1]), int(places))


def _number(v: Any) -> bool:
    """A finite int or float, not a bool (bool is an int in Python; JSON may carry Infinity and NaN)."""
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def _whole(v: Any) -> bool:
    return _number(v) and v == int(v)


@dataclass(frozen=True)
class Changes:
    """What a workshop changed, relative to a starting scenario."""

    capacity: Mapping[str, int] = field(default_factory=dict)  # service id -> places
    fte: Mapping[str, float] = field(default_factory=dict)  # service id -> staffed full-time equivalents
    weekend_intake: Mapping[str, bool] = field(default_factory=dict)  # service id -> admit on Sat/Sun too
    demand_factor: float = 1.0  # multiplies every arrival stream's rate
    closure: Mapping[str, Closure] = field(default_factory=dict)  # service id -> its summer closure
    overflow: Mapping[str, int] = field(default_factory=dict)  # service id -> corridor places
    hospital_first: Mapping[str, bool] = field(default_factory=dict)  # service id -> hospital patients first
    transfer_days: Mapping[str, float] = field(default_factory=dict)  # service id -> mean days from hospital
    stay_factor: Mapping[str, float] = field(default_factory=dict)  # service id -> length of stay x this

    def is_empty(self) -> bool:
        """No change at all."""
        maps = (self.capacity, self.fte, self.weekend_intake, self.closure, self.overflow, self.hospital_first,
                self.transfer_days, self.stay_factor)  # fmt: skip
        return not any(maps) and self.demand_factor == 1.0

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON types) that :meth:`from_dict` reads back (the library records it).

        The levers added later are written only when used, so what older versions saved (and read) keeps its shape.
        """
        out: dict[str, Any] = {
            "capacity": {sid: int(v) for sid, v in self.capacity.items()},
            "fte": {sid: float(v) for sid, v in self.fte.items()},
            "weekend_intake": {sid: bool(v) for sid, v in self.weekend_intake.items()},
            "demand_factor": float(self.demand_factor),
        }
        if self.closure:
            out["closure"] = {sid: c.to_dict() for sid, c in self.closure.items()}
        if self.overflow:
            out["overflow"] = {sid: int(v) for sid, v in self.overflow.items()}
        if self.hospital_first:
            out["hospital_first"] = {sid: bool(v) for sid, v in self.hospital_first.items()}
        if self.transfer_days:
            out["transfer_days"] = {sid: float(v) for sid, v in self.transfer_days.items()}
        if self.stay_factor:
            out["stay_factor"] = {sid: float(v) for sid, v in self.stay_factor.items()}
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Changes:
        """Changes from :meth:`to_dict`'s data (raises ValueError, naming the field, when it is not that shape)."""
        if not isinstance(data, Mapping) or set(data) - set(_PARTS):
            raise ValueError(f"changes must be a mapping of {', '.join(_PARTS)}")
        parts: dict[str, dict[str, Any]] = {}
        for part in ("capacity", "fte", "weekend_intake", "closure", "overflow", "hospital_first", "transfer_days",
                     "stay_factor"):  # fmt: skip
            values = data.get(part, {})
            if not isinstance(values, Mapping):
                raise ValueError(f"changes.{part} must be a mapping of service ids")
            for sid in values:
                if not isinstance(sid, str):
                    raise ValueError(f"changes.{part} must be a mapping of service ids ({sid!r})")
            parts[part] = {sid: _checked(part, sid, v) for sid, v in values.items()}
        factor = data.get("demand_factor", 1.0)
        if not _number(factor) or not factor > 0:
            raise ValueError(f"changes.demand_factor must be a positive number ({factor!r})")
        return cls(demand_factor=float(factor), **parts)


def _checked(part: str, sid: str, v: Any) -> Any:
    """One value of a part of the changes, of its type (ValueError naming ``changes.<part>.<sid>``)."""
    where = f"changes.{part}.{sid}"
    if part == "closure":
        return Closure.from_dict(v, where)
    if part in ("weekend_intake", "hospital_first"):
        if not isinstance(v, bool):
            raise ValueError(f"{where} is not true or false ({v!r})")
        return v
    if part in ("capacity", "overflow"):  # places: bool is an int in Python, refuse it
        if not _whole(v) or v < 0:
            raise ValueError(f"{where} is not a whole number of places ({v!r})")
        return int(v)
    if not _number(v):
        raise ValueError(f"{where} is not a number ({v!r})")
    if part == "transfer_days" and not 0 <= v <= MAX_TRANSFER_DAYS:
        raise ValueError(f"{where} must be 0 to {MAX_TRANSFER_DAYS:g} days ({v!r})")
    if part == "stay_factor" and not STAY_FACTOR_RANGE[0] <= v <= STAY_FACTOR_RANGE[1]:
        raise ValueError(f"{where} must be {STAY_FACTOR_RANGE[0]:g} to {STAY_FACTOR_RANGE[1]:g} ({v!r})")
    if part == "fte" and v < 0:
        raise ValueError(f"{where} must not be negative ({v!r})")
    return float(v)


# --- what a scenario has now (the controls' starting values) ----------------------------------


def _is_summer(period: Mapping[str, Any] | Any) -> bool:
    """A yearly period that shares a day with 15 May - 15 September of the year it starts or ends in."""
    start, end, repeat = (
        (dt.date.fromisoformat(period["from"]), dt.date.fromisoformat(period["to"]), period.get("repeat"))
        if isinstance(period, Mapping)
        else (period.start, period.end, period.repeat)
    )
    if repeat != "yearly":
        return False
    (m1, d1), (m2, d2) = SUMMER
    return any(start <= dt.date(y, m2, d2) and dt.date(y, m1, d1) <= end for y in (start.year, end.year))


def summer_closures(scenario: Scenario, service_id: str) -> tuple[Closure, ...]:
    """Every summer period of the service (a calendar may have two), in weeks and places, in the calendar's order.

    Each period's ISO weeks (of its own dates) and the places it closes below the plain capacity.
    """
    s = scenario.service(service_id)
    out = []
    for p in s.capacity_calendar or ():
        if _is_summer(p):
            first, last = p.start.isocalendar().week, p.end.isocalendar().week
            first, last = min(max(first, WEEKS[0]), WEEKS[1]), min(max(last, WEEKS[0]), WEEKS[1])
            out.append(Closure(min(first, last), max(first, last), max(0, s.capacity - p.capacity)))
    return tuple(out)


def summer_closure(scenario: Scenario, service_id: str) -> Closure | None:
    """The service's (first) summer closure in weeks and places, or None when it has none: the lever's start."""
    return next(iter(summer_closures(scenario, service_id)), None)


def hospital_upstream(scenario: Scenario, service_id: str) -> tuple[str, ...]:
    """The hospital services that route or divert patients to `service_id`, in the scenario's order."""
    return tuple(
        s.id
        for s in scenario.services
        if s.organisation == "hospital"
        and s.id != service_id
        and (any(r.to == service_id and r.p > 0 for r in s.next) or s.divert_to == service_id)
    )


def hospital_first_now(scenario: Scenario, service_id: str) -> bool:
    """Whether the service's priority list starts with every hospital service that sends it patients."""
    upstream = hospital_upstream(scenario, service_id)
    priority = scenario.service(service_id).priority or ()
    return bool(upstream) and set(priority[: len(upstream)]) == set(upstream)


def transfer_routes(scenario: Scenario, service_id: str) -> list[tuple[str, int]]:
    """The routes (service id, route index) from a hospital service to `service_id`."""
    return [
        (s.id, k)
        for s in scenario.services
        if s.organisation == "hospital"
        for k, r in enumerate(s.next)
        if r.to == service_id and s.id != service_id
    ]


def transfer_days_now(scenario: Scenario, service_id: str) -> float:
    """The mean days from "meldt utskrivningsklar" to the transfer to `service_id`, over the hospital routes there.

    Weighted by the routes' probabilities (a route without a delay counts 0 days), to 4 decimals; 0 with no
    such route.
    """
    weighted = [
        (r.p, distribution_mean(r.delay) if r.delay is not None else 0.0)
        for sid, k in transfer_routes(scenario, service_id)
        for r in (scenario.service(sid).next[k],)
    ]
    total = sum(p for p, _ in weighted)
    if total <= 0:
        return 0.0
    if len({d for _, d in weighted}) == 1:  # one value (the usual case): exactly it, not a sum's rounding of it
        return weighted[0][1]
    return round(sum(p * d for p, d in weighted) / total, 4)


# --- applying the changes --------------------------------------------------------------------


def scaled_distribution(dist: Mapping[str, Any], factor: float) -> dict[str, Any]:
    """A distribution's plain data with every duration times `factor`: the mean scales, the cv stays.

    Every family of docs/MODEL.md: the mean of exponential, lognormal, gamma and Weibull; the value of a
    fixed one; min, mode and max of a triangular one; the values or the cdf's days of an empirical one.
    """
    out = dict(dist)
    kind = out["distribution"]
    if kind in ("exponential", "lognormal", "gamma", "weibull"):
        out["mean"] = out["mean"] * factor
    elif kind == "fixed":
        out["value"] = out["value"] * factor
    elif kind == "triangular":
        for key in ("min", "mode", "max"):
            out[key] = out[key] * factor
    elif kind == "empirical":
        if out.get("values") is not None:
            out["values"] = [v * factor for v in out["values"]]
        if out.get("cdf") is not None:
            out["cdf"] = [[x * factor, f] for x, f in out["cdf"]]
    else:  # a family added to the format must be added here
        raise ValueError(f"cannot scale a {kind!r} distribution")
    return out


def _set_closure(service: dict[str, Any], closure: Closure, year: int) -> None:
    """Replace the service's summer periods with `closure` (none when it closes 0 places)."""
    periods = [p for p in service.get("capacity_calendar") or () if not _is_summer(p)]
    if closure.places > 0:
        start, end = closure.dates(year)
        periods.append({"from": start.isoformat(), "to": end.isoformat(),
                        "capacity": max(0, service["capacity"] - closure.places), "repeat": "yearly"})  # fmt: skip
    periods.sort(key=lambda p: p["from"])
    if periods:
        service["capacity_calendar"] = periods
    else:
        service.pop("capacity_calendar", None)


def _set_hospital_first(service: dict[str, Any], upstream: tuple[str, ...], first: bool) -> None:
    """Put the hospital origins at the top of the priority list (on), or take them out (off)."""
    rest = [o for o in service.get("priority") or () if o not in upstream]
    priority = [*upstream, *rest] if first else rest
    if priority:
        service["priority"] = priority
    else:  # nothing left to order by: the ageing rule has no classes to move between either
        service.pop("priority", None)
        service.pop("priority_after_days", None)


def _set_transfer(scenario: Scenario, by_id: dict[str, dict[str, Any]], routes: list[tuple[str, int]],
                  days: float) -> None:  # fmt: skip
    """Every hospital route in `routes` gets a processing delay of mean `days` (0: none), its cv kept."""
    for sid, k in routes:
        route, delay = by_id[sid]["next"][k], scenario.service(sid).next[k].delay
        if days <= 0:
            route.pop("delay", None)
        elif delay is None:
            route["delay"] = {"distribution": "gamma", "mean": float(days), "cv": NEW_DELAY_CV}
        else:
            route["delay"] = scaled_distribution(route["delay"], days / distribution_mean(delay))


def apply_changes(scenario: Scenario, changes: Changes, name: str | None = None) -> Scenario:
    """A validated copy of `scenario` with `changes` applied (raises ScenarioError if invalid).

    KeyError for a service the scenario lacks, or a lever it cannot take (no staffing to change, no
    hospital service sending patients for "hospital patients first" or a transfer time).
    """
    data: dict[str, Any] = scenario.to_dict()
    by_id = {s["id"]: s for s in data["services"]}
    for sid in (*changes.capacity, *changes.fte, *changes.weekend_intake, *changes.closure, *changes.overflow,
                *changes.hospital_first, *changes.transfer_days, *changes.stay_factor):  # fmt: skip
        if sid not in by_id:
            raise KeyError(f"no service {sid!r} in {scenario.name!r}")
    # The summer closure first: its places are closed below the plain capacity, so a change of places
    # below moves the closure's period with every other period ("10 more beds" holds in July too).
    for sid, closure in changes.closure.items():
        _set_closure(by_id[sid], closure, scenario.start_date.year)
    # A change of places or FTE holds on every day: the calendar's periods (a summer closure)
    # move by the same amount, so "10 fewer beds" is 10 fewer in July too.
    for sid, places in changes.capacity.items():
        s = by_id[sid]
        delta = int(places) - s["capacity"]
        s["capacity"] = int(places)
        if s.get("initial_occupancy"):  # (patients given one by one in initial_state keep their places)
            s["initial_occupancy"] = min(s["initial_occupancy"], int(places))
        for period in s.get("capacity_calendar") or ():
            period["capacity"] = max(0, period["capacity"] + delta)
    for sid, fte in changes.fte.items():
        staffing = by_id[sid].get("staffing")
        if staffing is None:
            raise KeyError(f"service {sid!r} has no staffing to change")
        delta = float(fte) - staffing["fte"]
        staffing["fte"] = float(fte)
        for period in by_id[sid].get("staffing_calendar") or ():
            period["fte"] = max(0.0, period["fte"] + delta)
    for sid, weekend in changes.weekend_intake.items():
        days = set(by_id[sid].get("admission_days", WEEKDAYS))
        days = days | {"sat", "sun"} if weekend else days - {"sat", "sun"}
        by_id[sid]["admission_days"] = [d for d in WEEKDAYS if d in days] or ["mon", "tue", "wed", "thu", "fri"]
    if changes.demand_factor != 1.0:
        for a in data.get("arrivals", []):
            a["rate_per_day"] = a["rate_per_day"] * changes.demand_factor
    for sid, places in changes.overflow.items():
        if int(places) > 0:
            by_id[sid]["overflow"] = {"places": int(places)}
        else:
            by_id[sid].pop("overflow", None)
    for sid, first in changes.hospital_first.items():
        upstream = hospital_upstream(scenario, sid)
        if not upstream:
            raise KeyError(f"no hospital service sends patients to {sid!r}")
        _set_hospital_first(by_id[sid], upstream, bool(first))
    for sid, days in changes.transfer_days.items():
        routes = transfer_routes(scenario, sid)
        if not routes:
            raise KeyError(f"no route from a hospital service to {sid!r}")
        _set_transfer(scenario, by_id, routes, float(days))
    for sid, factor in changes.stay_factor.items():
        by_id[sid]["length_of_stay"] = scaled_distribution(by_id[sid]["length_of_stay"], float(factor))
    if name is not None:
        data["name"] = name
    return validate_data(data)


def rebased(start: Scenario, then: Changes, base: Scenario, first: Changes) -> Changes | None:
    """`then` on `start` as one set of changes on `base`, where `start` is `first` on `base`.

    None when `start` is not `first` on `base`, or when the one set does not give the same scenario
    (e.g. `first` cut places below their initial occupancy and `then` adds them back, or `then` scales a
    length of stay that `first` scaled too: the factors multiply, which the check below confirms).
    """

    def content(s: Scenario) -> dict[str, Any]:
        return {k: v for k, v in s.to_dict().items() if k != "name"}

    if content(apply_changes(base, first)) != content(start):
        return None
    stays = {**first.stay_factor}
    for sid, factor in then.stay_factor.items():  # a stay scaled twice is scaled by the product
        stays[sid] = stays.get(sid, 1.0) * factor
    merged = Changes(
        capacity={**first.capacity, **then.capacity},
        fte={**first.fte, **then.fte},
        weekend_intake={**first.weekend_intake, **then.weekend_intake},
        demand_factor=first.demand_factor * then.demand_factor,
        closure={**first.closure, **then.closure},
        overflow={**first.overflow, **then.overflow},
        hospital_first={**first.hospital_first, **then.hospital_first},
        transfer_days={**first.transfer_days, **then.transfer_days},
        stay_factor=stays,
    )
    try:
        return merged if content(apply_changes(base, merged)) == content(apply_changes(start, then)) else None
    except ValueError:  # (a product of factors out of range: not one set of changes)
        return None


def changed_from(
    base: Scenario,
    capacity: Mapping[str, int],
    fte: Mapping[str, float],
    weekend_intake: Mapping[str, bool],
    demand_factor: float,
    *,
    closure: Mapping[str, Closure] | None = None,
    overflow: Mapping[str, int] | None = None,
    hospital_first: Mapping[str, bool] | None = None,
    transfer_days: Mapping[str, float] | None = None,
    stay_factor: Mapping[str, float] | None = None,
) -> Changes:
    """Only the values that differ from `base` (so an untouched control is no change)."""

    def closure_changed(sid: str, c: Closure) -> bool:
        now = summer_closure(base, sid)
        return c != now if now is not None else c.places > 0  # no closure now: weeks alone change nothing

    return Changes(
        capacity={sid: v for sid, v in capacity.items() if v != base.service(sid).capacity},
        fte={
            sid: v
            for sid, v in fte.items()
            if base.service(sid).staffing is not None and v != base.service(sid).staffing.fte  # type: ignore[union-attr]
        },
        weekend_intake={sid: v for sid, v in weekend_intake.items() if v != admits_on_weekends(base, sid)},
        demand_factor=demand_factor,
        closure={sid: c for sid, c in (closure or {}).items() if closure_changed(sid, c)},
        overflow={sid: v for sid, v in (overflow or {}).items() if v != base.service(sid).overflow_places},
        hospital_first={sid: v for sid, v in (hospital_first or {}).items() if v != hospital_first_now(base, sid)},
        transfer_days={sid: v for sid, v in (transfer_days or {}).items() if v != transfer_days_now(base, sid)},
        stay_factor={sid: v for sid, v in (stay_factor or {}).items() if v != 1.0},
    )


def admits_on_weekends(scenario: Scenario, service_id: str) -> bool:
    """Whether the service admits on Saturdays and Sundays."""
    days = scenario.service(service_id).admission_days
    return "sat" in days and "sun" in days
