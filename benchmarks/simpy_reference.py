"""An independent plain-SimPy implementation of the HARMONI patient-flow model.

It reads a scenario file in the format of ``docs/MODEL.md`` with nothing but
``yaml.safe_load`` and simulates it the idiomatic SimPy way: one process per
patient, who asks a service for a place and waits for a SimPy event (its
"ticket") that the service succeeds when it admits the patient. It shares no
code with ``harmoni_model`` on purpose: it is the yardstick the engine is
checked (statistically) and timed against.

What it simulates, in its own words (the engine's semantics, written from the
issue and the engine's documentation, not from its code):

* A service has ``capacity`` regular places on each day, or the
  ``capacity_calendar`` period's capacity on the days the period covers (``to``
  included; ``repeat: yearly`` applies on the same calendar dates every year, a
  period may cross New Year, 29 February counts as 28 February in other years),
  limited by ``floor(fte × patients_per_fte)`` with the day's FTE (``staffing``
  and ``staffing_calendar``). Capacity changes at midnight and is
  non-preemptive: nobody is sent out.
* ``overflow: {places: N}``: a service admits while its occupancy is below the
  day's regular places plus N; the patients above the regular places are "in
  overflow".
* A newcomer is admitted at once if the service admits on this weekday, has
  room and nobody waits; else the ``when_full`` rule applies (queue, lost, or
  divert to another service, which is asked in turn).
* The waiting list is ordered by ``priority``: the patient's origin there (the
  arrival stream, the service the patient comes from by route, or the service
  that diverted the patient) is its class, the index in the list; unlisted
  origins, and patients waiting at the start (origin ``(start)``), share the
  lowest class. Within a class, first come first served by the time the patient
  joined the list. With ``priority_after_days: D`` a patient who has waited D
  days or more counts as top class.
* At the end of a stay the route is drawn. A route's ``delay`` (discharge
  processing) keeps the patient in the place for the delay; if the next service
  does not admit on that weekday the patient keeps waiting there until 00:00 of
  its next admission day (after that midnight's intake from the waiting list;
  ``ASK_BEFORE_INTAKE = True``: before it).
  Then the patient asks the next service and, if it must wait, keeps the place
  (blocked) when the route blocks, or leaves it and waits outside.
* ``renege``: every patient who joins a waiting list draws a patience; when it
  runs out before admission the patient leaves the list and the system (a
  blocked patient frees the place held upstream).
* At 00:00 of each day: capacity changes, then intake from the waiting lists of
  the services that admit that day, before anything else happens at 00:00.

KPIs are measured after the warm-up, per service: levels as time means
(occupancy, queue, blocked = in a processing delay + waiting for a full next
service, overflow), integrals in bed-days (``process_delay_days``,
``capacity_blocked_days``, ``blocked_days``, ``overflow_days``), counts and
shares per ask (``share_waited``, ``share_lost``, ``share_diverted``,
``share_reneged``, ``share_found_full``: asked while every regular place was
taken), per admission (``mean_wait_days``, ``p90_wait_days``,
``share_overflow``: admitted while every regular place was taken), the share
of time with every regular place taken (``p_full``), the days with at least one
such moment (``days_full``), the occupancy distribution, and waits by origin.

Usage::

    python benchmarks/simpy_reference.py SCENARIO.yaml [--replications N] [--seed S]

prints JSON with per-service KPIs (mean over replications and a list per
replication) and the wall time. Tests import :func:`run_reference`.
"""

from __future__ import annotations

import argparse
import bisect
import calendar
import datetime as dt
import json
import math
import random
import sys
import time
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

import simpy
import yaml
from simpy.events import NORMAL, URGENT

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
EXIT = "exit"
START = "(start)"  # the origin of the patients who wait at the start
# A patient whose processing delay ends on a day the next service does not admit asks at 00:00 of
# its next admission day: after that midnight's intake from the waiting list (the engine's order,
# False), or before it, competing in it by priority (True; a what-if, see the report on issue 11).
ASK_BEFORE_INTAKE = True

# Keys this implementation understands; anything else is refused, so that a
# newer format never gets silently half-simulated.
SCENARIO_KEYS = {
    "schema_version",
    "name",
    "description",
    "start_date",
    "horizon_days",
    "warmup_days",
    "replications",
    "seed",
    "overliggedogn_rate_nok",
    "services",
    "headline",  # which figures the pages show: nothing to simulate
    "organisations",  # the organisations' names: nothing to simulate
    "arrivals",
    "initial_state",  # the patients at the start, one by one
}
SERVICE_KEYS = {
    "id",
    "name",
    "organisation",
    "kind",  # read by the weekly indicators and the map; no effect on the simulation
    "capacity",
    "staffing",
    "capacity_calendar",
    "staffing_calendar",
    "overflow",
    "length_of_stay",
    "when_full",
    "blocking",
    "admission_days",
    "initial_occupancy",
    "initial_queue",
    "priority",
    "priority_after_days",
    "renege",
    "next",
    "cost_per_place_nok",  # prices a change in capacity; no effect on the simulation
    "source",
}
ROUTE_KEYS = {"to", "p", "blocking", "delay"}
STAFFING_KEYS = {"fte", "patients_per_fte", "cost_per_fte_nok"}
PERIOD_KEYS = {"from", "to", "repeat"}
ARRIVAL_KEYS = {
    "id",
    "to",
    "rate_per_day",
    "weekday_profile",
    "monthly_profile",
    "growth_per_year",
    "source",
}
LOS_KEYS = {
    "exponential": {"mean"},
    "lognormal": {"mean", "cv"},
    "gamma": {"mean", "cv"},
    "weibull": {"mean", "cv"},
    "triangular": {"min", "mode", "max"},
    "fixed": {"value"},
    "empirical": {"values", "cdf"},
}

KPI_NAMES = (
    "mean_occupancy",
    "utilisation",
    "mean_queue",
    "mean_blocked",
    "blocked_days",
    "process_delay_days",
    "capacity_blocked_days",
    "admissions",
    "mean_wait_days",
    "p90_wait_days",
    "share_waited",
    "share_lost",
    "share_diverted",
    "share_reneged",
    "mean_overflow",
    "overflow_days",
    "share_overflow",
    "p_full",
    "days_full",
    "share_found_full",
)
SYSTEM_KPI_NAMES = ("overliggedogn", "corridor_days")

Sampler = Callable[[random.Random], float]


class UnsupportedScenario(ValueError):
    """The scenario uses something this reference does not implement, or is invalid."""


# --- reading and checking --------------------------------------------------


def load(path: str | Path) -> dict[str, Any]:
    """Read a scenario file (YAML or JSON) as plain data."""
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    check(data)
    return data


def _refuse_unknown(where: str, item: dict[str, Any], known: set[str]) -> None:
    unknown = sorted(set(item) - known)
    if unknown:
        raise UnsupportedScenario(f"{where}: not supported by the SimPy reference: {', '.join(unknown)}")


def check(data: Any) -> None:
    """Refuse scenarios this reference cannot simulate faithfully (clear message, no traceback)."""
    try:
        _check(data)
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        if isinstance(exc, UnsupportedScenario):
            raise
        raise UnsupportedScenario(f"missing or malformed field ({type(exc).__name__}: {exc})") from None


def _check_distribution(where: str, dist: Any) -> None:
    kind = dist.get("distribution")
    if kind not in LOS_KEYS:
        raise UnsupportedScenario(f"{where}: unknown distribution {kind!r}")
    _refuse_unknown(where, dist, LOS_KEYS[kind] | {"distribution"})


def _check(data: Any) -> None:
    if not isinstance(data, dict):
        raise UnsupportedScenario("the scenario must be a mapping")
    _refuse_unknown("scenario", data, SCENARIO_KEYS)
    if data.get("schema_version") != 1:
        raise UnsupportedScenario("schema_version: only version 1 is supported")
    ids = [s.get("id") for s in data.get("services", [])]
    if len(set(ids)) != len(ids) or EXIT in ids:
        raise UnsupportedScenario("services: ids must be unique and not 'exit'")
    senders: dict[str, set[str]] = {sid: set() for sid in ids}
    for j, a in enumerate(data.get("arrivals", [])):
        _refuse_unknown(f"arrivals[{j}]", a, ARRIVAL_KEYS)
        if a["to"] not in ids:
            raise UnsupportedScenario(f"arrivals[{j}].to: unknown service {a['to']!r}")
        senders[a["to"]].add(a["id"])
    for i, s in enumerate(data["services"]):
        where = f"services[{i}]"
        _refuse_unknown(where, s, SERVICE_KEYS)
        _check_distribution(f"{where}.length_of_stay", s["length_of_stay"])
        rule = s.get("when_full", "queue")
        if not (rule in ("queue", "lost") or (isinstance(rule, dict) and set(rule) == {"divert"})):
            raise UnsupportedScenario(f"{where}.when_full: unknown rule {rule!r}")
        if isinstance(rule, dict):
            if rule["divert"] not in ids:
                raise UnsupportedScenario(f"{where}.when_full.divert: unknown service {rule['divert']!r}")
            senders[rule["divert"]].add(s["id"])
        bad_days = set(s.get("admission_days", WEEKDAYS)) - set(WEEKDAYS)
        if bad_days or not s.get("admission_days", WEEKDAYS):
            raise UnsupportedScenario(f"{where}.admission_days: invalid {sorted(bad_days)}")
        routes = s.get("next", [{"to": EXIT, "p": 1}])
        if abs(math.fsum(r["p"] for r in routes) - 1) > 1e-6:
            raise UnsupportedScenario(f"{where}.next: probabilities must sum to 1")
        for k, r in enumerate(routes):
            _refuse_unknown(f"{where}.next[{k}]", r, ROUTE_KEYS)
            if r["to"] != EXIT and r["to"] not in ids:
                raise UnsupportedScenario(f"{where}.next: unknown service {r['to']!r}")
            if r.get("delay") is not None:
                if r["to"] == EXIT:
                    raise UnsupportedScenario(f"{where}.next[{k}].delay: a delay on a route to exit")
                _check_distribution(f"{where}.next[{k}].delay", r["delay"])
            if r["to"] != EXIT:
                senders[r["to"]].add(s["id"])
        if s.get("staffing") is not None:
            _refuse_unknown(f"{where}.staffing", s["staffing"], STAFFING_KEYS)
        for key, value in (("capacity_calendar", "capacity"), ("staffing_calendar", "fte")):
            for k, period in enumerate(s.get(key) or ()):
                _refuse_unknown(f"{where}.{key}[{k}]", period, PERIOD_KEYS | {value})
                start, end = _date(period["from"]), _date(period["to"])
                if end < start:
                    raise UnsupportedScenario(f"{where}.{key}[{k}]: 'to' is before 'from'")
                if period.get("repeat") not in (None, "yearly"):
                    raise UnsupportedScenario(f"{where}.{key}[{k}].repeat: only 'yearly'")
                if period.get("repeat") == "yearly" and (end - start).days >= 365:
                    raise UnsupportedScenario(f"{where}.{key}[{k}]: a yearly period must be shorter than a year")
                float(period[value])
        if s.get("staffing_calendar") and s.get("staffing") is None:
            raise UnsupportedScenario(f"{where}.staffing_calendar: needs staffing")
        if s.get("overflow") is not None:
            _refuse_unknown(f"{where}.overflow", s["overflow"], {"places"})
            if int(s["overflow"]["places"]) < 0:
                raise UnsupportedScenario(f"{where}.overflow.places: must be >= 0")
        if (s.get("priority") is not None or s.get("renege") is not None) and rule != "queue":
            raise UnsupportedScenario(f"{where}: priority and renege need when_full: queue")
        if s.get("priority_after_days") is not None and not s.get("priority"):
            raise UnsupportedScenario(f"{where}.priority_after_days: needs a priority list")
        if s.get("renege") is not None:
            _check_distribution(f"{where}.renege", s["renege"])
    for i, s in enumerate(data["services"]):
        for k, origin in enumerate(s.get("priority") or ()):
            if origin not in senders[s["id"]]:
                raise UnsupportedScenario(f"services[{i}].priority[{k}]: {origin!r} sends no patients here")
    divert = {s["id"]: s["when_full"]["divert"] for s in data["services"] if isinstance(s.get("when_full"), dict)}
    for start in divert:
        node, seen = start, set()
        while node in divert:
            if node in seen:
                raise UnsupportedScenario(f"services: diversion cycle through {node!r}")
            seen.add(node)
            node = divert[node]


def _date(value: Any) -> dt.date:
    """A date from YAML (already a date) or JSON (ISO text)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


# --- calendars -------------------------------------------------------------------


def _month_day(day: dt.date, year: int) -> tuple[int, int]:
    """(month, day) of a period's end point in `year`: 29 February is 28 February in other years."""
    if (day.month, day.day) == (2, 29) and not calendar.isleap(year):
        return (2, 28)
    return (day.month, day.day)


def period_applies(period: dict[str, Any], day: dt.date) -> bool:
    """Whether a calendar period covers `day` (both ends included; yearly: the same dates every year)."""
    start, end = _date(period["from"]), _date(period["to"])
    if period.get("repeat") != "yearly":
        return start <= day <= end
    md = (day.month, day.day)
    first, last = _month_day(start, day.year), _month_day(end, day.year)
    if end.year == start.year:
        return first <= md <= last
    return md >= first or md <= last  # across New Year: the end of one year and the start of the next


def _on_day(periods: list[dict[str, Any]], day: dt.date, key: str, default: float, where: str) -> float:
    found = [p for p in periods if period_applies(p, day)]
    if len(found) > 1:
        raise UnsupportedScenario(f"{where}: periods overlap on {day.isoformat()}")
    return float(found[0][key]) if found else default


def daily_capacity(spec: dict[str, Any], dates: list[dt.date]) -> list[int]:
    """Regular places on each date: the calendar's capacity, limited by the day's staffing."""
    out = []
    staffing = spec.get("staffing")
    for day in dates:
        places = int(_on_day(spec.get("capacity_calendar") or [], day, "capacity", spec["capacity"], spec["id"]))
        if staffing is not None:
            fte = _on_day(spec.get("staffing_calendar") or [], day, "fte", float(staffing["fte"]), spec["id"])
            places = min(places, math.floor(fte * float(staffing["patients_per_fte"]) + 1e-9))
        out.append(places)
    return out


# --- lengths of stay and their equilibrium residuals -----------------------


def _lognormal_params(mean: float, cv: float) -> tuple[float, float]:
    sigma2 = math.log1p(cv * cv)
    return math.log(mean) - sigma2 / 2, math.sqrt(sigma2)


def _cdf_sampler(points: list[list[float]]) -> Sampler:
    xs = [float(p[0]) for p in points]
    fs = [float(p[1]) for p in points]

    def draw(rng: random.Random) -> float:
        u = rng.random()
        k = min(max(bisect.bisect_right(fs, u) - 1, 0), len(xs) - 2)
        f0, f1 = fs[k], fs[k + 1]
        if f1 <= f0:
            return xs[k + 1]
        return xs[k] + (u - f0) / (f1 - f0) * (xs[k + 1] - xs[k])

    return draw


def _length_biased_by_rejection(draw: Sampler, upper: float) -> Sampler:
    """Length-biased draw (density ∝ x f(x)) for a distribution bounded by ``upper``."""

    def biased(rng: random.Random) -> float:
        while True:
            x = draw(rng)
            if rng.random() * upper <= x:
                return x

    return biased


def _weibull_shape(cv: float) -> float:
    """The shape of the Weibull with this coefficient of variation (scipy's root finder)."""
    from scipy import optimize, special

    def gap(log_k: float) -> float:
        k = math.exp(log_k)
        return math.exp(special.gammaln(1 + 2 / k) - 2 * special.gammaln(1 + 1 / k)) - 1 - cv * cv

    return math.exp(optimize.brentq(gap, math.log(0.05), math.log(500.0), xtol=1e-14))


def given_elapsed(los: dict[str, Any]) -> Callable[[random.Random, float], float]:
    """The rest of a stay that has lasted `a` days: X − a given X > a (scipy's survival function inverted).

    Independent of the engine's samplers: x = S⁻¹(v·S(a)) with v uniform, accurate far in the tail.
    """
    from scipy import stats

    kind = los["distribution"]
    frozen = None
    if kind == "exponential":
        frozen = stats.expon(scale=los["mean"])
    elif kind == "lognormal":
        mu, sigma = _lognormal_params(los["mean"], los["cv"])
        frozen = stats.lognorm(s=sigma, scale=math.exp(mu))
    elif kind == "gamma":
        k = 1.0 / los["cv"] ** 2
        frozen = stats.gamma(a=k, scale=los["mean"] / k)
    elif kind == "weibull":
        k = _weibull_shape(float(los["cv"]))
        frozen = stats.weibull_min(c=k, scale=los["mean"] / math.gamma(1 + 1 / k))
    if frozen is not None:
        return lambda rng, a: max(float(frozen.isf(rng.random() * frozen.sf(a))) - a, 0.0)
    draw = stay_samplers(los)[0]  # bounded (triangular, fixed, empirical): rejection

    def rejected(rng: random.Random, a: float) -> float:
        for _ in range(100_000):
            x = draw(rng)
            if x > a:
                return x - a
        return 0.0

    return rejected


def stay_samplers(los: dict[str, Any]) -> tuple[Sampler, Sampler]:
    """(a length of stay, a residual stay from the equilibrium distribution)."""
    kind = los["distribution"]
    if kind == "exponential":
        rate = 1.0 / los["mean"]

        def exp(rng):
            return rng.expovariate(rate)

        return exp, exp  # memoryless: the residual is the stay itself
    if kind == "lognormal":
        mu, sigma = _lognormal_params(los["mean"], los["cv"])
        mu_b = mu + sigma * sigma  # length-biased lognormal
        return (
            lambda rng: rng.lognormvariate(mu, sigma),
            lambda rng: rng.random() * rng.lognormvariate(mu_b, sigma),
        )
    if kind == "gamma":
        k = 1.0 / (los["cv"] ** 2)
        theta = los["mean"] / k
        return (
            lambda rng: rng.gammavariate(k, theta),
            lambda rng: rng.random() * rng.gammavariate(k + 1.0, theta),  # length-biased gamma
        )
    if kind == "weibull":
        k = _weibull_shape(float(los["cv"]))
        scale = los["mean"] / math.gamma(1 + 1 / k)
        return (
            lambda rng: rng.weibullvariate(scale, k),
            # length-biased: (X/λ)^k is Gamma(1 + 1/k)
            lambda rng: rng.random() * scale * rng.gammavariate(1 + 1 / k, 1.0) ** (1 / k),
        )
    if kind == "fixed":
        value = float(los["value"])
        return (lambda rng: value), (lambda rng: rng.random() * value)
    if kind == "triangular":
        lo, mode, hi = float(los["min"]), float(los["mode"]), float(los["max"])

        def tri(rng):
            return rng.triangular(lo, hi, mode)

        biased = _length_biased_by_rejection(tri, hi)
        return tri, (lambda rng: rng.random() * biased(rng))
    # empirical
    if los.get("values") is not None:
        values = [float(v) for v in los["values"]]

        def biased_values(rng):
            return rng.choices(values, weights=values)[0]

        return (lambda rng: rng.choice(values)), (lambda rng: rng.random() * biased_values(rng))
    points = los["cdf"]
    draw = _cdf_sampler(points)
    biased = _length_biased_by_rejection(draw, float(points[-1][0]))
    return draw, (lambda rng: rng.random() * biased(rng))


# --- patients, tickets and statistics ----------------------------------------------

# What a patient who holds a place is doing there.
STAYING, PROCESSING, BLOCKED = "staying", "processing", "blocked"


class Patient:
    """A patient: the place held (if any) and what the patient does there."""

    __slots__ = ("asked", "doing", "place")

    def __init__(self) -> None:
        self.place: Service | None = None
        self.doing = STAYING
        self.asked: float | None = None  # on a list since then, waiting for its next admission day


class Ticket(simpy.Event):
    """A place on a service's waiting list; the service succeeds it when it admits the patient."""

    def __init__(self, service: Service, patient: Patient, origin: str, patience: float | None) -> None:
        super().__init__(service.env)
        self.service = service
        self.patient = patient
        self.origin = origin
        self.rank = service.rank_of.get(origin, service.lowest)  # priority class: 0 first
        self.joined = service.env.now
        service.joins += 1
        self.order = service.joins  # joining order (ties)
        self.patience = patience  # days until the patient leaves the list (None: never)


class ServiceStats:
    """Counters and time-integrated levels of one service over the measured period."""

    def __init__(self) -> None:
        # levels
        self.occupied = self.queued = self.blocked = self.processing = 0
        self.places = 0
        # Places that exist: the day's capacity, or more while places the calendar closed still hold
        # their patients (closing waits for the patient to leave; such a patient is not in overflow).
        self.regular = 0
        self.running_occupied = self.running_queued = 0.0  # integrals since t = 0 (daily series)
        self.reset(0.0)

    def reset(self, now: float) -> None:
        self.last_t = now
        self.occupied_area = self.queued_area = self.blocked_area = self.processing_area = 0.0
        self.overflow_area = self.full_time = 0.0
        self.time_at: dict[int, float] = {}  # occupancy level -> time
        self.asked = self.waited = self.lost = self.diverted = self.reneged = self.found_full = 0
        self.admissions = self.overflow_admissions = 0
        self.waits: list[float] = []
        self.by_origin: dict[str, list[float]] = {}  # origin -> [asked, waited, admitted, wait sum, reneged]

    def advance(self, now: float) -> None:
        span = now - self.last_t
        if span > 0:
            self.occupied_area += self.occupied * span
            self.queued_area += self.queued * span
            self.blocked_area += self.blocked * span
            self.processing_area += self.processing * span
            self.running_occupied += self.occupied * span
            self.running_queued += self.queued * span
            if self.occupied > self.regular:
                self.overflow_area += (self.occupied - self.regular) * span
            if self.occupied >= self.places:
                self.full_time += span
            self.time_at[self.occupied] = self.time_at.get(self.occupied, 0.0) + span
            self.last_t = now

    def origin(self, name: str) -> list[float]:
        counts = self.by_origin.get(name)
        if counts is None:
            counts = self.by_origin[name] = [0, 0, 0, 0.0, 0]
        return counts


# --- services ----------------------------------------------------------------


class Service:
    """One service: places by day, waiting list, rule, random streams and statistics."""

    def __init__(
        self,
        env: simpy.Environment,
        spec: dict[str, Any],
        dates: list[dt.date],
        stream: Callable[[str], random.Random],
    ) -> None:
        self.env = env
        self.id: str = spec["id"]
        self.organisation: str = spec["organisation"]
        self.places_by_day = daily_capacity(spec, dates)
        self.extra = int((spec.get("overflow") or {}).get("places", 0))
        days = set(spec.get("admission_days", WEEKDAYS))
        self.open_days = [WEEKDAYS[d.weekday()] in days for d in dates]
        rule = spec.get("when_full", "queue")
        self.rule: str = "divert" if isinstance(rule, dict) else rule
        self.divert_to: str | None = rule["divert"] if isinstance(rule, dict) else None
        self.blocking = bool(spec.get("blocking", False))
        self.stay, self.residual = stay_samplers(spec["length_of_stay"])
        routes = spec.get("next", [{"to": EXIT, "p": 1}])
        self.route_to = [r["to"] for r in routes]
        self.route_blocks = [self.blocking if r.get("blocking") is None else bool(r["blocking"]) for r in routes]
        self.route_cum = list(_cumulative([float(r["p"]) for r in routes]))
        self.route_delay: list[Callable[[], float] | None] = []
        for k, r in enumerate(routes):
            if r.get("delay") is None:
                self.route_delay.append(None)
            else:
                draw, rng = stay_samplers(r["delay"])[0], stream(f"delay:{self.id}:{k}")
                self.route_delay.append(lambda draw=draw, rng=rng: draw(rng))
        self.rank_of = {origin: k for k, origin in enumerate(spec.get("priority") or ())}
        self.lowest = len(self.rank_of)
        self.after = spec.get("priority_after_days")
        self.patience: Callable[[], float] | None = None
        if spec.get("renege") is not None:
            draw, rng = stay_samplers(spec["renege"])[0], stream(f"renege:{self.id}")
            self.patience = lambda: draw(rng)
        self.stay_rng = stream(f"stay:{self.id}")
        self.route_rng = stream(f"route:{self.id}")
        self.initial_rng = stream(f"initial:{self.id}")
        self.waiting: list[Ticket] = []  # in joining order
        self.joins = 0
        self.stats = ServiceStats()
        self.stats.places = self.places_by_day[0]
        self.full_days: set[int] = set()  # days with a moment at which every regular place was taken
        self.daily: dict[str, list[float]] = {"occupancy": [], "queue": []}  # mean per measured day
        self.awaiting: dict[int, list[simpy.Event]] = {}  # day -> patients who ask at its 00:00
        self.day_start = (0.0, 0.0)

    def close_day(self, day: int, measured: bool) -> None:
        """At 00:00 of `day`: the mean occupancy and queue of the day before."""
        st = self.stats
        st.advance(float(day))
        now = (st.running_occupied, st.running_queued)
        if measured:
            self.daily["occupancy"].append(now[0] - self.day_start[0])
            self.daily["queue"].append(now[1] - self.day_start[1])
        self.day_start = now

    # state
    @property
    def places(self) -> int:
        return self.stats.places

    @property
    def occupancy(self) -> int:
        return self.stats.occupied

    def admits_today(self) -> bool:
        return self.open_days[int(self.env.now)]

    def has_room(self) -> bool:
        return self.stats.occupied < self.stats.places + self.extra

    def note_if_full(self) -> None:
        if self.stats.occupied >= self.stats.places:
            self.full_days.add(int(self.env.now))

    def next_route(self) -> int:
        u = self.route_rng.random() * self.route_cum[-1]
        return min(bisect.bisect_right(self.route_cum, u), len(self.route_to) - 1)

    def next_admission_day(self, after: int) -> int:
        """The first day after day `after` on which this service admits (or the end of the calendar)."""
        day = after + 1
        while day < len(self.open_days) and not self.open_days[day]:
            day += 1
        return day

    def best_ticket(self) -> Ticket:
        """Who is admitted when a place frees: the first of the highest class (long waiters count as class 0)."""
        if not self.rank_of:
            return self.waiting[0]
        now, after = self.env.now, self.after

        def key(t: Ticket) -> tuple[int, float, int, int]:
            rank = 0 if after is not None and now - t.joined >= after else t.rank
            return (rank, t.joined, t.rank, t.order)

        return min(self.waiting, key=key)


def _cumulative(ps: list[float]) -> Iterator[float]:
    total = 0.0
    for p in ps:
        total += p
        yield total


# --- the model ------------------------------------------------------------------


class Model:
    """One replication: environment, services, arrival, patient and midnight processes."""

    def __init__(self, data: dict[str, Any], replication: int, seed: int) -> None:
        self.env = simpy.Environment()
        self.seed = seed
        self.replication = replication
        self.warmup = float(data.get("warmup_days", 0))
        self.horizon = float(data["horizon_days"])
        self.end = self.warmup + self.horizon
        self.start = _date(data.get("start_date", dt.date(2025, 1, 1)))
        self.n_days = math.ceil(self.end) + 1
        self.dates = [self.start + dt.timedelta(days=d) for d in range(self.n_days)]
        self.events = 0
        self.services: dict[str, Service] = {}
        for spec in data["services"]:
            self.services[spec["id"]] = Service(self.env, spec, self.dates, self.stream)
        self.arrivals = data.get("arrivals", [])
        self.to_fill: list[Service] = []  # services where a place freed: admit from their lists
        self.entered = self.exited = self.lost = self.reneged = 0
        self._setup(data)

    def stream(self, purpose: str) -> random.Random:
        """A private stream per purpose, seeded from (seed, replication, purpose)."""
        return random.Random(f"harmoni-simpy-reference:{self.seed}:{self.replication}:{purpose}")

    # setup: initial occupants first, then initial queues, then arrivals
    def _setup(self, data: dict[str, Any]) -> None:
        env = self.env
        if data.get("initial_state") is not None:
            self._setup_patients(data)
        for spec in data["services"]:
            svc = self.services[spec["id"]]
            for _ in range(int(spec.get("initial_occupancy", 0))):
                patient = Patient()
                patient.place = svc
                svc.stats.occupied += 1
                env.process(self.patient(patient, svc, svc.residual(svc.initial_rng)))
            svc.stats.regular = max(svc.stats.places, svc.stats.occupied)  # a calendar may start below it
            svc.note_if_full()
        for spec in data["services"]:
            svc = self.services[spec["id"]]
            for _ in range(int(spec.get("initial_queue", 0))):
                patient = Patient()
                env.process(self.patient(patient, svc, ticket=self.join(patient, svc, START)))
            self.entered += int(spec.get("initial_occupancy", 0)) + int(spec.get("initial_queue", 0))
        for svc in self.services.values():
            self.fill(svc)
        self.fill_freed()
        for arrival in self.arrivals:
            env.process(self.arrival_stream(arrival))
        env.process(self.midnights())

    def _setup_patients(self, data: dict[str, Any]) -> None:
        """``initial_state``: each patient as given, the rest of each stay, delay and patience given the time passed."""
        env = self.env
        specs = {s["id"]: s for s in data["services"]}
        lists: list[tuple[float, int, Patient, Service, str, float | None]] = []  # (joined, order, ...)
        for entry in data["initial_state"].get("services", []):
            svc = self.services[entry["id"]]
            spec = specs[entry["id"]]
            rest = given_elapsed(spec["length_of_stay"])
            rng = self.stream(f"initial-state:{svc.id}")
            for elapsed in entry.get("in_stay", []):
                patient = Patient()
                patient.place = svc
                svc.stats.occupied += 1
                env.process(self.patient(patient, svc, rest(rng, float(elapsed))))
            for ready in entry.get("ready", []):
                patient = Patient()
                patient.place = svc
                svc.stats.occupied += 1
                k = next((i for i, to in enumerate(svc.route_to) if to == ready["to"]), None)
                delay = spec["next"][k].get("delay") if k is not None else None
                if ready.get("queued") is None and delay is not None:
                    left = given_elapsed(delay)(rng, float(ready["since_ready"]))
                    env.process(self.initial_delay(patient, svc, k, left))
                else:
                    patient.doing = BLOCKED
                    svc.stats.blocked += 1
                    lists.append((-float(ready.get("queued") or 0.0), len(lists), patient,
                                  self.services[ready["to"]], svc.id, None))  # fmt: skip
            for waiting in entry.get("waiting", []):
                patience = None
                if spec.get("renege") is not None:
                    patience = given_elapsed(spec["renege"])(rng, float(waiting["waited"]))
                lists.append((-float(waiting["waited"]), len(lists), Patient(), svc,
                              waiting.get("origin") or START, patience))  # fmt: skip
            self.entered += len(entry.get("in_stay", [])) + len(entry.get("ready", [])) + len(entry.get("waiting", []))
        for svc in self.services.values():
            svc.stats.regular = max(svc.stats.places, svc.stats.occupied)
            svc.note_if_full()
        for joined, _, patient, target, origin, patience in sorted(lists, key=lambda item: item[:2]):
            ticket = self.join(patient, target, origin)
            ticket.joined = joined
            if patience is not None or target.patience is None:
                ticket.patience = patience
            env.process(self.patient(patient, target, ticket=ticket, origin=origin))

    def initial_delay(
        self, patient: Patient, place: Service, k: int, left: float
    ) -> Generator[simpy.Event, None, None]:
        """A patient at the start in route `k`'s processing delay, `left` days of it to go; then on as usual."""
        target = self.services[place.route_to[k]]
        yield from self.processing(patient, place, target, left)
        yield from self.patient(patient, target, origin=place.id, block=place.route_blocks[k])

    def processing(
        self, patient: Patient, place: Service, target: Service, duration: float
    ) -> Generator[simpy.Event, None, None]:
        """Discharge processing: the place is kept, whether or not the next service has room.

        The request then reaches the next service at 00:00 of its next admission day (after that
        midnight's intake, unless ASK_BEFORE_INTAKE); until then the patient is on its list: in its
        queue level, and waiting from the end of the processing.
        """
        env = self.env
        place.stats.advance(env.now)
        place.stats.processing += 1
        patient.doing = PROCESSING
        yield env.timeout(duration)
        self.events += 1
        if not target.admits_today():
            wake = simpy.Event(env)
            target.awaiting.setdefault(target.next_admission_day(int(env.now)), []).append(wake)
            target.stats.advance(env.now)
            target.stats.queued += 1
            patient.asked = env.now
            yield wake
            target.stats.advance(env.now)
            target.stats.queued -= 1
        place.stats.advance(env.now)
        place.stats.processing -= 1
        patient.doing = STAYING

    def intensity_factors(self, arrival: dict[str, Any]) -> list[float]:
        """Relative intensity per day: weekday × month × growth (profiles normalised to mean 1)."""
        week = arrival.get("weekday_profile") or [1.0] * 7
        month = arrival.get("monthly_profile") or [1.0] * 12
        wmean, mmean = sum(week) / 7, sum(month) / 12
        growth = 1.0 + float(arrival.get("growth_per_year", 0.0))
        return [
            week[d.weekday()] / wmean * month[d.month - 1] / mmean * growth ** (i / 365.0)
            for i, d in enumerate(self.dates)
        ]

    def arrival_stream(self, arrival: dict[str, Any]) -> Generator[simpy.Event, None, None]:
        """Non-homogeneous Poisson arrivals by thinning."""
        rate = float(arrival["rate_per_day"])
        factors = self.intensity_factors(arrival)
        peak = rate * max(factors)
        if peak <= 0:
            return
        rng = self.stream(f"arrivals:{arrival['id']}")
        env, to, origin = self.env, self.services[arrival["to"]], arrival["id"]
        while True:
            yield env.timeout(rng.expovariate(peak))
            if env.now >= self.end:
                return
            if rng.random() * peak <= rate * factors[int(env.now)]:
                self.events += 1
                self.entered += 1
                env.process(self.patient(Patient(), to, origin=origin))

    def _midnight(self, day: int) -> simpy.Event:
        """An event at 00:00 of `day` that comes before every other event at that time."""
        event = simpy.Event(self.env)
        event._ok = True
        event._value = None
        self.env.schedule(event, URGENT, day - self.env.now)
        return event

    def midnights(self) -> Generator[simpy.Event, None, None]:
        """00:00: close the day, end the warm-up, change capacities, admit on admission days."""
        env = self.env
        for day in range(1, self.n_days):
            if day >= self.end:
                return
            yield self._midnight(day)
            for svc in self.services.values():
                svc.close_day(day, day - 1 >= self.warmup)
            if day == self.warmup:
                for svc in self.services.values():
                    svc.stats.advance(env.now)
                    svc.stats.reset(env.now)
            for svc in self.services.values():
                new = svc.places_by_day[day]
                if new != svc.stats.places:
                    svc.stats.advance(env.now)
                    svc.stats.places = new
                    svc.stats.regular = max(new, min(svc.stats.occupied, svc.stats.regular))
                svc.note_if_full()
            if ASK_BEFORE_INTAKE and self.wake_for_intake(day, URGENT):
                yield self._midnight(day)  # (urgent, so after the patients just woken: they ask first)
            for svc in self.services.values():
                if svc.open_days[day]:
                    self.fill(svc)
            self.fill_freed()
            if not ASK_BEFORE_INTAKE:
                self.wake_for_intake(day, NORMAL)

    def wake_for_intake(self, day: int, priority: int) -> bool:
        """Wake the patients whose processing ended on a day their next service does not admit."""
        woke = False
        for svc in self.services.values():
            for event in svc.awaiting.pop(day, ()):
                event._ok = True
                event._value = None
                self.env.schedule(event, priority)
                woke = True
        return woke

    # --- one patient ------------------------------------------------------

    def patient(
        self,
        patient: Patient,
        target: Service,
        stay: float | None = None,
        origin: str = START,
        block: bool = False,
        ticket: Ticket | None = None,
    ) -> Generator[simpy.Event, None, None]:
        """A patient's life: ask, maybe wait (keeping an upstream place or not), stay, go on along the routes.

        Starts in one of three ways: already in `target` with `stay` days left, already on
        `target`'s waiting list (`ticket`), or asking `target` (coming from `origin`).
        """
        env = self.env
        while True:
            if stay is None:
                if ticket is None:
                    ticket = self.ask(patient, target, origin, block)
                if ticket is None and patient.place is None:
                    return  # lost (and the place upstream given up)
                if ticket is not None:
                    patience = ticket.patience
                    yield ticket if patience is None else ticket | env.timeout(patience)
                    if not ticket.triggered:
                        self.give_up(ticket)
                        return
                    ticket = None
                place = patient.place
                assert place is not None
                stay = place.stay(place.stay_rng)
            place = patient.place
            assert place is not None
            yield env.timeout(stay)
            stay = None
            self.events += 1
            k = place.next_route()
            to = place.route_to[k]
            if to == EXIT:
                self.exited += 1
                self.release(patient)
                self.fill_freed()
                return
            target = self.services[to]
            delay = place.route_delay[k]
            if delay is not None:
                yield from self.processing(patient, place, target, delay())
            origin, block = place.id, place.route_blocks[k]

    def ask(self, patient: Patient, svc: Service, origin: str, block: bool) -> Ticket | None:
        """Ask `svc` (and where it diverts to) for a place: admitted now (None), on a list (a ticket), or lost."""
        while True:
            st = svc.stats
            st.asked += 1
            st.origin(origin)[0] += 1
            if svc is patient.place:
                # a route (or diversion) back to the place held: a new stay in the same place
                self.release(patient, restay=True)
                self.admit(patient, svc, origin, None)
                self.fill_freed()
                return None
            if svc.occupancy >= svc.places:
                st.found_full += 1
            if svc.admits_today() and svc.has_room() and not svc.waiting:
                self.admit(patient, svc, origin, None)
                self.fill_freed()
                return None
            if svc.rule == "queue":
                st.waited += 1
                st.origin(origin)[1] += 1
                ticket = self.join(patient, svc, origin)
                held = patient.place
                if held is not None:
                    held.stats.advance(self.env.now)
                    if block:
                        held.stats.blocked += 1
                        patient.doing = BLOCKED
                    else:
                        self.release(patient)
                self.fill_freed()
                return ticket
            if svc.rule == "lost":
                st.lost += 1
                self.lost += 1
                if patient.place is not None:
                    self.release(patient)
                    self.fill_freed()
                return None
            st.diverted += 1
            origin, svc = svc.id, self.services[svc.divert_to]  # type: ignore[index]

    def join(self, patient: Patient, svc: Service, origin: str) -> Ticket:
        """Put the patient on `svc`'s waiting list, with a patience if the service has reneging."""
        svc.stats.advance(self.env.now)
        svc.stats.queued += 1
        ticket = Ticket(svc, patient, origin, svc.patience() if svc.patience is not None else None)
        if patient.asked is not None:  # on the list since its processing delay ended
            ticket.joined = patient.asked
            patient.asked = None
        svc.waiting.append(ticket)
        return ticket

    def give_up(self, ticket: Ticket) -> None:
        """Patience ran out: off the list and out of the system (freeing a place held upstream)."""
        svc = ticket.service
        svc.waiting.remove(ticket)
        svc.stats.advance(self.env.now)
        svc.stats.queued -= 1
        svc.stats.reneged += 1
        svc.stats.origin(ticket.origin)[4] += 1
        self.reneged += 1
        self.events += 1
        if ticket.patient.place is not None:
            self.release(ticket.patient)
            self.fill_freed()

    def admit(self, patient: Patient, svc: Service, origin: str, ticket: Ticket | None) -> None:
        """Give `patient` a place in `svc` now (then give up the place held upstream, if any)."""
        now = self.env.now
        st = svc.stats
        st.advance(now)
        if st.occupied >= st.regular:
            st.overflow_admissions += 1
        st.occupied += 1
        st.admissions += 1
        if ticket is not None:
            wait = now - ticket.joined
        else:
            wait = now - patient.asked if patient.asked is not None else 0.0
            patient.asked = None
        st.waits.append(wait)
        counts = st.origin(origin)
        counts[2] += 1
        counts[3] += wait
        svc.note_if_full()
        self.events += 1
        if patient.place is not None and patient.place is not svc:
            self.release(patient)
        patient.place = svc
        patient.doing = STAYING

    def release(self, patient: Patient, restay: bool = False) -> None:
        """The patient gives up the place held; the service is noted for admissions from its list.

        `restay`: the patient starts a new stay in the same place at once (it does not close).
        """
        svc = patient.place
        assert svc is not None
        st = svc.stats
        st.advance(self.env.now)
        if st.occupied <= st.regular and st.regular > st.places and not restay:
            st.regular -= 1  # a place the calendar closed is free now: it closes
        st.occupied -= 1
        assert patient.doing != PROCESSING  # a patient in processing asks only when it ends
        if patient.doing == BLOCKED:
            st.blocked -= 1
        patient.doing = STAYING
        patient.place = None
        self.to_fill.append(svc)

    def fill(self, svc: Service) -> None:
        """Admit from `svc`'s waiting list while it admits today and has room."""
        while svc.waiting and svc.has_room() and svc.admits_today():
            ticket = svc.best_ticket()
            svc.waiting.remove(ticket)
            svc.stats.advance(self.env.now)
            svc.stats.queued -= 1
            self.admit(ticket.patient, svc, ticket.origin, ticket)
            ticket.succeed()

    def fill_freed(self) -> None:
        """Admit into every service where a place freed, until nothing more moves."""
        while self.to_fill:
            self.fill(self.to_fill.pop())

    # --- results ------------------------------------------------------------

    def run(self) -> dict[str, Any]:
        self.env.run(until=self.end)
        for svc in self.services.values():
            svc.close_day(math.ceil(self.end), True)
        out: dict[str, dict[str, float]] = {}
        distributions: dict[str, list[float]] = {}
        by_origin: dict[str, dict[str, dict[str, float]]] = {}
        first, last = math.ceil(self.warmup), math.ceil(self.end)  # the measured days
        for sid, svc in self.services.items():
            st = svc.stats
            st.advance(self.end)
            days = self.horizon
            occ = st.occupied_area / days
            mean_places = sum(svc.places_by_day[first:last]) / max(last - first, 1)
            waits = st.waits
            out[sid] = {
                "mean_occupancy": occ,
                "utilisation": occ / mean_places if mean_places else 0.0,
                "mean_queue": st.queued_area / days,
                "mean_blocked": (st.blocked_area + st.processing_area) / days,
                "blocked_days": st.blocked_area + st.processing_area,
                "process_delay_days": st.processing_area,
                "capacity_blocked_days": st.blocked_area,
                "admissions": st.admissions,
                "mean_wait_days": sum(waits) / len(waits) if waits else 0.0,
                "p90_wait_days": _p90(waits),
                "share_waited": _share(st.waited, st.asked),
                "share_lost": _share(st.lost, st.asked),
                "share_diverted": _share(st.diverted, st.asked),
                "share_reneged": _share(st.reneged, st.asked),
                "mean_overflow": st.overflow_area / days,
                "overflow_days": st.overflow_area,
                "share_overflow": _share(st.overflow_admissions, st.admissions),
                "p_full": st.full_time / days,
                "days_full": sum(1 for d in svc.full_days if first <= d < last),
                "share_found_full": _share(st.found_full, st.asked),
            }
            top = max(st.time_at, default=-1)
            distributions[sid] = [st.time_at.get(level, 0.0) / days for level in range(top + 1)]
            by_origin[sid] = {
                origin: {
                    "mean_wait_days": wait_sum / admitted if admitted else 0.0,
                    "share_waited": _share(waited, asked),
                    "share_reneged": _share(reneged, asked),
                    "admissions": admitted,
                }
                for origin, (asked, waited, admitted, wait_sum, reneged) in st.by_origin.items()
            }
        hospital = [sid for sid, svc in self.services.items() if svc.organisation == "hospital"]
        system = {
            "overliggedogn": sum(out[sid]["blocked_days"] for sid in hospital),
            "corridor_days": sum(out[sid]["overflow_days"] for sid in hospital),
        }
        conservation = {
            "entered": self.entered,
            "exited": self.exited,
            "lost": self.lost,
            "reneged": self.reneged,
            "in_place": sum(svc.occupancy for svc in self.services.values()),
            "waiting_outside": sum(1 for svc in self.services.values() for t in svc.waiting if t.patient.place is None),
        }
        return {
            "services": out,
            "system": system,
            "occupancy_distribution": distributions,
            "by_origin": by_origin,
            "daily": {sid: svc.daily for sid, svc in self.services.items()},
            "conservation": conservation,
            "events": self.events,
        }


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _p90(values: list[float]) -> float:
    """The 90th percentile, linear between order statistics (0 for no values)."""
    if not values:
        return 0.0
    xs = sorted(values)
    pos = 0.9 * (len(xs) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def run_reference(data: dict[str, Any], replication: int, seed: int) -> dict[str, Any]:
    """Simulate one replication of a scenario given as plain data.

    Returns ``{"services": {id: {kpi: value}}, "system": {kpi: value},
    "occupancy_distribution": {id: [share of time at 0, 1, ...]},
    "by_origin": {id: {origin: {kpi: value}}}, "daily": {id: {"occupancy" | "queue": [mean
    per measured day]}}, "conservation": {...},
    "events": n, "wall_seconds": s}``; ``events`` counts arrivals, admissions,
    ends of stay, ends of processing delays and patients leaving a waiting
    list. Ratios with an empty denominator (no admissions, no places, nobody
    asked) are reported as 0.
    """
    check(data)
    t0 = time.perf_counter()
    result = Model(data, replication, seed).run()
    result["wall_seconds"] = time.perf_counter() - t0
    return result


def summarise(runs: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Mean over replications of every per-service KPI."""
    services = runs[0]["services"]
    return {sid: {k: sum(r["services"][sid][k] for r in runs) / len(runs) for k in KPI_NAMES} for sid in services}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenario")
    parser.add_argument("--replications", type=int)
    parser.add_argument("--seed", type=int)
    parser.add_argument("--horizon-days", type=int)
    parser.add_argument("--warmup-days", type=int)
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    try:
        data = load(args.scenario)
    except (OSError, yaml.YAMLError, UnsupportedScenario) as exc:
        print(f"{args.scenario}: {exc}", file=sys.stderr)
        return 2
    if args.horizon_days is not None:
        data["horizon_days"] = args.horizon_days
    if args.warmup_days is not None:
        data["warmup_days"] = args.warmup_days
    n = args.replications if args.replications is not None else int(data.get("replications", 5))
    seed = args.seed if args.seed is not None else int(data.get("seed", 42))
    runs = [run_reference(data, r, seed) for r in range(n)]
    for run in runs:
        del run["daily"]  # long series: the summary and the KPIs are the output
    print(
        json.dumps(
            {
                "scenario": data["name"],
                "implementation": f"plain SimPy {simpy.__version__}",
                "replications": n,
                "seed": seed,
                "services": summarise(runs),
                "system": {k: sum(r["system"][k] for r in runs) / n for k in SYSTEM_KPI_NAMES},
                "per_replication": runs,
                "wall_seconds": time.perf_counter() - t0,
                "wall_seconds_per_replication": [r["wall_seconds"] for r in runs],
            },
            indent=1,
            default=str,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
