"""Capacity and staffing calendars: dated periods, one-off or repeating every year.

A period applies from `from` to `to`, both days included. A yearly period
applies on the same calendar dates every year (its year only anchors the dates;
``to`` may fall in the next year, for a period across New Year). Outside every
period a service has its plain `capacity` (or staffing FTE). The engine and the
cost of a scenario both read capacities through :func:`capacities`, so the
places that are simulated are the places that are paid for.

Figures over "the year" of a run (its cost, its utilisation, a map's places)
average over the measured period, warm-up excluded: :func:`measured_period`
is the one home for its dates.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from harmoni_model.scenario.format import Scenario


class Period(Protocol):
    """A dated period of a calendar (``CapacityPeriod`` or ``StaffingPeriod``)."""

    start: dt.date
    end: dt.date
    repeat: str | None


def _shift(day: dt.date, years: int) -> dt.date:
    """`day` moved by whole years (29 February becomes 28 February in other years)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def covers(period: Period, day: dt.date) -> bool:
    """Whether `period` applies on `day`."""
    if period.repeat != "yearly":
        return period.start <= day <= period.end
    k = day.year - period.start.year
    return any(_shift(period.start, j) <= day <= _shift(period.end, j) for j in (k, k - 1))


def _copies(period: Period, near: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The period's dates (for a yearly period: its copies in the years around `near`)."""
    if period.repeat != "yearly":
        return [(period.start, period.end)]
    k = near.year - period.start.year
    return [(_shift(period.start, j), _shift(period.end, j)) for j in range(k - 2, k + 3)]


def overlap(a: Period, b: Period) -> bool:
    """Whether two periods share a day (in any year, for yearly ones)."""
    return shared_day(a, b) is not None


def shared_day(a: Period, b: Period) -> dt.date | None:
    """A day both periods cover (the first from the later of their `from` dates on), or None."""
    days = [max(a0, b0) for a0, a1 in _copies(a, b.start) for b0, b1 in _copies(b, a0) if a0 <= b1 and b0 <= a1]
    if not days:
        return None
    later = max(a.start, b.start)
    return min((d for d in days if d >= later), default=min(days))


def value_on(periods: Sequence[Period], day: dt.date, field: str, default: float) -> float:
    """The period's value of `field` on `day`, or `default` outside every period."""
    for p in periods or ():
        if covers(p, day):
            return getattr(p, field)
    return default


def staffed(fte: float, patients_per_fte: float) -> int:
    """Places that `fte` full-time equivalents can staff."""
    return math.floor(fte * patients_per_fte + 1e-9)


def capacities(service, start: dt.date, days: int) -> list[int]:
    """Places usable on each of `days` days from `start`: the calendar's capacity, limited by its staffing."""
    cal, staff_cal, staffing = service.capacity_calendar or (), service.staffing_calendar or (), service.staffing
    if not cal and not staff_cal:
        return [service.effective_capacity] * days
    out = []
    for d in range(days):
        day = start + dt.timedelta(days=d)
        cap = int(value_on(cal, day, "capacity", service.capacity))
        if staffing is not None:
            fte = value_on(staff_cal, day, "fte", staffing.fte)
            cap = min(cap, staffed(fte, staffing.patients_per_fte))
        out.append(cap)
    return out


def measured_period(scenario: Scenario) -> tuple[dt.date, int]:
    """The measured period's first day and its length in days: from start_date + warmup_days, for horizon_days."""
    return scenario.start_date + dt.timedelta(days=scenario.warmup_days), scenario.horizon_days


def mean_capacity(service, start: dt.date, days: int) -> float:
    """Usable places on average over `days` days from `start` (the calendar, limited by staffing).

    Over the measured period this is what the engine divides mean occupancy by for ``utilisation``.
    """
    if not service.capacity_calendar and not service.staffing_calendar:
        return float(service.effective_capacity)
    return math.fsum(capacities(service, start, days)) / days if days > 0 else float(service.effective_capacity)


def mean_over(service, start: dt.date, days: int, field: str) -> float:
    """The mean of ``capacity`` (places, before staffing limits) or ``fte`` over `days` days from `start`."""
    if field == "capacity":
        periods, default = service.capacity_calendar, float(service.capacity)
    else:
        if service.staffing is None:
            return 0.0
        periods, default = service.staffing_calendar, service.staffing.fte
    if not periods or days <= 0:
        return default
    total = math.fsum(value_on(periods, start + dt.timedelta(days=d), field, default) for d in range(days))
    return total / days
