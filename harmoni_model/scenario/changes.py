"""Workshop changes to a scenario: capacities, staffing, weekend intake, demand.

The app's controls (and later shared links and the advisor) describe a variant
as a :class:`Changes` value; :func:`apply_changes` turns it into a new,
validated scenario and leaves the original untouched.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from harmoni_model.scenario.format import WEEKDAYS, Scenario, validate_data


@dataclass(frozen=True)
class Changes:
    """What a workshop changed, relative to a starting scenario."""

    capacity: Mapping[str, int] = field(default_factory=dict)  # service id -> places
    fte: Mapping[str, float] = field(default_factory=dict)  # service id -> staffed full-time equivalents
    weekend_intake: Mapping[str, bool] = field(default_factory=dict)  # service id -> admit on Sat/Sun too
    demand_factor: float = 1.0  # multiplies every arrival stream's rate

    def is_empty(self) -> bool:
        """No change at all."""
        return not (self.capacity or self.fte or self.weekend_intake) and self.demand_factor == 1.0

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON types) that :meth:`from_dict` reads back (the library records it)."""
        return {
            "capacity": {sid: int(v) for sid, v in self.capacity.items()},
            "fte": {sid: float(v) for sid, v in self.fte.items()},
            "weekend_intake": {sid: bool(v) for sid, v in self.weekend_intake.items()},
            "demand_factor": float(self.demand_factor),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Changes:
        """Changes from :meth:`to_dict`'s data (raises ValueError when it is not that shape)."""
        if not isinstance(data, Mapping) or set(data) - {"capacity", "fte", "weekend_intake", "demand_factor"}:
            raise ValueError("changes must be a mapping of capacity, fte, weekend_intake and demand_factor")
        parts: dict[str, dict[str, Any]] = {}
        for part, kind in (("capacity", int), ("fte", float), ("weekend_intake", bool)):
            values = data.get(part, {})
            if not isinstance(values, Mapping):
                raise ValueError(f"changes.{part} must be a mapping of service ids")
            for sid, v in values.items():
                # bool is an int in Python: only weekend_intake takes it
                ok = isinstance(v, bool) if kind is bool else isinstance(v, int | float) and not isinstance(v, bool)
                if not isinstance(sid, str) or not ok or (kind is int and v != int(v)):
                    raise ValueError(f"changes.{part}.{sid} is not a {kind.__name__} ({v!r})")
            parts[part] = {sid: kind(v) for sid, v in values.items()}
        factor = data.get("demand_factor", 1.0)
        if isinstance(factor, bool) or not isinstance(factor, int | float) or not factor > 0:
            raise ValueError(f"changes.demand_factor must be a positive number ({factor!r})")
        return cls(parts["capacity"], parts["fte"], parts["weekend_intake"], float(factor))


def apply_changes(scenario: Scenario, changes: Changes, name: str | None = None) -> Scenario:
    """A validated copy of `scenario` with `changes` applied (raises ScenarioError if invalid)."""
    data: dict[str, Any] = scenario.to_dict()
    by_id = {s["id"]: s for s in data["services"]}
    for sid in (*changes.capacity, *changes.fte, *changes.weekend_intake):
        if sid not in by_id:
            raise KeyError(f"no service {sid!r} in {scenario.name!r}")
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
    if name is not None:
        data["name"] = name
    return validate_data(data)


def rebased(start: Scenario, then: Changes, base: Scenario, first: Changes) -> Changes | None:
    """`then` on `start` as one set of changes on `base`, where `start` is `first` on `base`.

    None when `start` is not `first` on `base`, or when the one set does not give the same scenario
    (e.g. `first` cut places below their initial occupancy and `then` adds them back).
    """

    def content(s: Scenario) -> dict[str, Any]:
        return {k: v for k, v in s.to_dict().items() if k != "name"}

    if content(apply_changes(base, first)) != content(start):
        return None
    merged = Changes(
        capacity={**first.capacity, **then.capacity},
        fte={**first.fte, **then.fte},
        weekend_intake={**first.weekend_intake, **then.weekend_intake},
        demand_factor=first.demand_factor * then.demand_factor,
    )
    return merged if content(apply_changes(base, merged)) == content(apply_changes(start, then)) else None


def changed_from(base: Scenario, capacity: Mapping[str, int], fte: Mapping[str, float],
                 weekend_intake: Mapping[str, bool], demand_factor: float) -> Changes:  # fmt: skip
    """Only the values that differ from `base` (so an untouched control is no change)."""
    return Changes(
        capacity={sid: v for sid, v in capacity.items() if v != base.service(sid).capacity},
        fte={
            sid: v
            for sid, v in fte.items()
            if base.service(sid).staffing is not None and v != base.service(sid).staffing.fte  # type: ignore[union-attr]
        },
        weekend_intake={sid: v for sid, v in weekend_intake.items() if v != admits_on_weekends(base, sid)},
        demand_factor=demand_factor,
    )


def admits_on_weekends(scenario: Scenario, service_id: str) -> bool:
    """Whether the service admits on Saturdays and Sundays."""
    days = scenario.service(service_id).admission_days
    return "sat" in days and "sun" in days
