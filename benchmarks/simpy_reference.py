"""An independent plain-SimPy implementation of the HARMONI patient-flow model.

It reads a scenario file in the format of ``docs/MODEL.md`` with nothing but
``yaml.safe_load`` and simulates it the idiomatic SimPy way: one process per
patient, one FIFO ``simpy.Resource`` per service, and blocking after service
as "hold the current bed's request while requesting the next one". It shares
no code with ``harmoni_model`` on purpose: it is the yardstick the engine is
checked (statistically) and timed against.

Usage::

    python benchmarks/simpy_reference.py SCENARIO.yaml [--replications N] [--seed S]

prints JSON with per-service KPIs (mean over replications and a list per
replication) and the wall time. Tests import :func:`run_reference`.
"""

from __future__ import annotations

import argparse
import bisect
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

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
EXIT = "exit"

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
}
SERVICE_KEYS = {
    "id",
    "name",
    "organisation",
    "kind",  # read by the weekly indicators and the map; no effect on the simulation
    "capacity",
    "staffing",
    "length_of_stay",
    "when_full",
    "blocking",
    "admission_days",
    "initial_occupancy",
    "initial_queue",
    "next",
    "cost_per_place_nok",  # prices a change in capacity; no effect on the simulation
    "source",
}
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
    "admissions",
    "mean_wait_days",
    "share_waited",
    "share_lost",
    "share_diverted",
)

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
    except (KeyError, TypeError, AttributeError) as exc:
        raise UnsupportedScenario(f"missing or malformed field ({type(exc).__name__}: {exc})") from None


def _check(data: Any) -> None:
    if not isinstance(data, dict):
        raise UnsupportedScenario("the scenario must be a mapping")
    _refuse_unknown("scenario", data, SCENARIO_KEYS)
    if data.get("schema_version") != 1:
        raise UnsupportedScenario("schema_version: only version 1 is supported")
    ids = [s.get("id") for s in data.get("services", [])]
    if len(set(ids)) != len(ids) or EXIT in ids:
        raise UnsupportedScenario("services: ids must be unique and not 'exit'")
    for i, s in enumerate(data["services"]):
        where = f"services[{i}]"
        _refuse_unknown(where, s, SERVICE_KEYS)
        los = s["length_of_stay"]
        kind = los.get("distribution")
        if kind not in LOS_KEYS:
            raise UnsupportedScenario(f"{where}.length_of_stay: unknown distribution {kind!r}")
        _refuse_unknown(f"{where}.length_of_stay", los, LOS_KEYS[kind] | {"distribution"})
        rule = s.get("when_full", "queue")
        if not (rule in ("queue", "lost") or (isinstance(rule, dict) and set(rule) == {"divert"})):
            raise UnsupportedScenario(f"{where}.when_full: unknown rule {rule!r}")
        if isinstance(rule, dict) and rule["divert"] not in ids:
            raise UnsupportedScenario(f"{where}.when_full.divert: unknown service {rule['divert']!r}")
        bad_days = set(s.get("admission_days", WEEKDAYS)) - set(WEEKDAYS)
        if bad_days or not s.get("admission_days", WEEKDAYS):
            raise UnsupportedScenario(f"{where}.admission_days: invalid {sorted(bad_days)}")
        routes = s.get("next", [{"to": EXIT, "p": 1}])
        if abs(math.fsum(r["p"] for r in routes) - 1) > 1e-6:
            raise UnsupportedScenario(f"{where}.next: probabilities must sum to 1")
        for r in routes:
            if r["to"] != EXIT and r["to"] not in ids:
                raise UnsupportedScenario(f"{where}.next: unknown service {r['to']!r}")
        if s.get("initial_occupancy", 0) > _places(s):
            raise UnsupportedScenario(
                f"{where}.initial_occupancy: larger than the (staffed) capacity {_places(s)}: not supported"
            )
    divert = {s["id"]: s["when_full"]["divert"] for s in data["services"] if isinstance(s.get("when_full"), dict)}
    for start in divert:
        node, seen = start, set()
        while node in divert:
            if node in seen:
                raise UnsupportedScenario(f"services: diversion cycle through {node!r}")
            seen.add(node)
            node = divert[node]
    for j, a in enumerate(data.get("arrivals", [])):
        _refuse_unknown(f"arrivals[{j}]", a, ARRIVAL_KEYS)
        if a["to"] not in ids:
            raise UnsupportedScenario(f"arrivals[{j}].to: unknown service {a['to']!r}")


def _places(spec: dict[str, Any]) -> int:
    """Effective capacity: ``min(capacity, floor(fte × patients_per_fte))``."""
    places = int(spec["capacity"])
    staffing = spec.get("staffing")
    if staffing is not None:
        places = min(places, math.floor(staffing["fte"] * staffing["patients_per_fte"] + 1e-9))
    return places


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


# --- services ----------------------------------------------------------------


class Ward(simpy.Resource):
    """A FIFO ``simpy.Resource`` that admits only on its admission days.

    ``places`` is the effective capacity (0 allowed, unlike ``simpy.Resource``).
    """

    def __init__(self, env: simpy.Environment, places: int, open_days: list[bool]) -> None:
        super().__init__(env, capacity=max(places, 1))
        self.places = places
        self.open_days = open_days  # by day index since t = 0

    def is_open(self) -> bool:
        return self.open_days[int(self._env.now)]

    def can_admit_now(self) -> bool:
        """Admission day, a free place, and nobody queueing ahead."""
        return self.is_open() and len(self.users) < self.places and not self.queue

    def _do_put(self, event: simpy.resources.resource.Request) -> None:  # type: ignore[override]
        if len(self.users) < self.places and self.is_open():
            super()._do_put(event)

    def admit_waiting(self) -> None:
        """At 00:00 of an admission day: admit the queue up to the free places."""
        while self.queue and len(self.users) < self.places:
            before = len(self.queue)
            self._trigger_put(None)
            if len(self.queue) == before:
                break


class ServiceStats:
    """Counters and time-integrated levels of one service over the measured period."""

    __slots__ = (
        "admissions",
        "asked",
        "blocked",
        "blocked_area",
        "diverted",
        "last_t",
        "lost",
        "occupied",
        "occupied_area",
        "queued",
        "queued_area",
        "wait_sum",
        "waited",
    )

    def __init__(self) -> None:
        self.occupied = self.queued = self.blocked = 0
        self.reset(0.0)

    def reset(self, now: float) -> None:
        self.last_t = now
        self.occupied_area = self.queued_area = self.blocked_area = 0.0
        self.asked = self.waited = self.lost = self.diverted = self.admissions = 0
        self.wait_sum = 0.0

    def advance(self, now: float) -> None:
        dt_ = now - self.last_t
        if dt_ > 0:
            self.occupied_area += self.occupied * dt_
            self.queued_area += self.queued * dt_
            self.blocked_area += self.blocked * dt_
            self.last_t = now


class Service:
    """One service: its ward (resource), rule, random streams and statistics."""

    def __init__(
        self,
        env: simpy.Environment,
        spec: dict[str, Any],
        open_days: list[bool],
        stream: Callable[[str], random.Random],
    ) -> None:
        self.id: str = spec["id"]
        self.places = _places(spec)
        self.ward = Ward(env, self.places, open_days)
        rule = spec.get("when_full", "queue")
        self.rule: str = "divert" if isinstance(rule, dict) else rule
        self.divert_to: str | None = rule["divert"] if isinstance(rule, dict) else None
        self.blocking = bool(spec.get("blocking", False))
        self.stay, self.residual = stay_samplers(spec["length_of_stay"])
        routes = spec.get("next", [{"to": EXIT, "p": 1}])
        self.route_to = [r["to"] for r in routes]
        self.route_blocks = [self.blocking if r.get("blocking") is None else bool(r["blocking"]) for r in routes]
        self.route_cum = list(_cumulative([float(r["p"]) for r in routes]))
        self.stay_rng = stream(f"stay:{self.id}")
        self.route_rng = stream(f"route:{self.id}")
        self.initial_rng = stream(f"initial:{self.id}")
        self.stats = ServiceStats()

    def next_service(self) -> tuple[str, bool]:
        """Where the patient goes next, and whether the bed is kept while waiting for it."""
        u = self.route_rng.random() * self.route_cum[-1]
        i = min(bisect.bisect_right(self.route_cum, u), len(self.route_to) - 1)
        return self.route_to[i], self.route_blocks[i]


def _cumulative(ps: list[float]) -> Iterator[float]:
    total = 0.0
    for p in ps:
        total += p
        yield total


# --- the model ------------------------------------------------------------------


class Model:
    """One replication: environment, services, arrival and patient processes."""

    def __init__(self, data: dict[str, Any], replication: int, seed: int) -> None:
        self.env = simpy.Environment()
        self.seed = seed
        self.replication = replication
        self.warmup = float(data.get("warmup_days", 0))
        self.horizon = float(data["horizon_days"])
        self.end = self.warmup + self.horizon
        start = data.get("start_date", dt.date(2025, 1, 1))
        self.start = start if isinstance(start, dt.date) else dt.date.fromisoformat(str(start))
        self.n_days = math.ceil(self.end) + 1
        self.dates = [self.start + dt.timedelta(days=d) for d in range(self.n_days)]
        self.events = 0
        self.services: dict[str, Service] = {}
        for spec in data["services"]:
            days = set(spec.get("admission_days", WEEKDAYS))
            open_days = [WEEKDAYS[d.weekday()] in days for d in self.dates]
            self.services[spec["id"]] = Service(self.env, spec, open_days, self.stream)
        self.arrivals = data.get("arrivals", [])
        self._setup(data)

    def stream(self, purpose: str) -> random.Random:
        """A private stream per purpose, seeded from (seed, replication, purpose)."""
        return random.Random(f"harmoni-simpy-reference:{self.seed}:{self.replication}:{purpose}")

    # setup: initial occupants first, then initial queues, then arrivals
    def _setup(self, data: dict[str, Any]) -> None:
        env = self.env
        for spec in data["services"]:
            svc = self.services[spec["id"]]
            for _ in range(int(spec.get("initial_occupancy", 0))):
                req = svc.ward.request()
                svc.stats.occupied += 1
                env.process(self.stay(svc, req, svc.residual(svc.initial_rng)))
        for spec in data["services"]:
            for _ in range(int(spec.get("initial_queue", 0))):
                env.process(self.patient(spec["id"], initial=True))
        for arrival in self.arrivals:
            env.process(self.arrival_stream(arrival))
        for svc in self.services.values():
            if not all(svc.ward.open_days):
                env.process(self.admission_mornings(svc))
        if self.warmup > 0:
            env.process(self.end_of_warmup())

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
        env, to = self.env, arrival["to"]
        while True:
            yield env.timeout(rng.expovariate(peak))
            if env.now >= self.end:
                return
            if rng.random() * peak <= rate * factors[int(env.now)]:
                self.events += 1
                env.process(self.patient(to))

    def admission_mornings(self, svc: Service) -> Generator[simpy.Event, None, None]:
        """At 00:00 of each admission day, admit the queue up to the free places."""
        env = self.env
        day = 1
        while day < self.n_days:
            yield env.timeout(day - env.now)
            if svc.ward.open_days[day]:
                svc.ward.admit_waiting()
            day += 1

    def end_of_warmup(self) -> Generator[simpy.Event, None, None]:
        yield self.env.timeout(self.warmup)
        for svc in self.services.values():
            svc.stats.advance(self.env.now)
            svc.stats.reset(self.env.now)

    # one patient
    def patient(
        self, target: str, held: tuple[Service, Any] | None = None, initial: bool = False, block: bool = False
    ) -> Generator[simpy.Event, None, None]:
        """Ask for ``target`` (possibly holding a bed upstream), then stay there.

        ``initial`` patients are already in the queue at t = 0: they do not ask.
        """
        env = self.env
        svc = self.services[target]
        while not initial:
            svc.stats.asked += 1
            if svc.rule == "queue" or svc.ward.can_admit_now():
                break
            if svc.rule == "lost":  # found full and lost: the bed upstream is given up
                if held is not None:
                    self.leave(*held)
                    held = None
                svc.stats.lost += 1
                return
            # diverted: ask the divert target; blocking applies where the patient finally queues
            svc.stats.diverted += 1
            svc = self.services[svc.divert_to]  # type: ignore[index]
        st = svc.stats
        joined = env.now
        req = svc.ward.request()
        if not req.triggered:
            if not initial:
                st.waited += 1
            st.advance(env.now)
            st.queued += 1
            if held is not None and not block:
                self.leave(*held)
                held = None
            if held is not None:
                held[0].stats.advance(env.now)
                held[0].stats.blocked += 1
            yield req
            st.advance(env.now)
            st.queued -= 1
            if held is not None:
                held[0].stats.advance(env.now)
                held[0].stats.blocked -= 1
        if held is not None:
            self.leave(*held)
        st.advance(env.now)
        st.occupied += 1
        st.admissions += 1
        st.wait_sum += env.now - joined
        self.events += 1
        yield from self.stay(svc, req, svc.stay(svc.stay_rng))

    def stay(self, svc: Service, req: Any, days: float) -> Generator[simpy.Event, None, None]:
        """Stay ``days`` in ``svc``, then go where the route says (keeping the bed meanwhile)."""
        yield self.env.timeout(days)
        self.events += 1
        target, block = svc.next_service()
        if target == EXIT:
            self.leave(svc, req)
        else:
            self.env.process(self.patient(target, (svc, req), block=block))

    def leave(self, svc: Service, req: Any) -> None:
        svc.stats.advance(self.env.now)
        svc.stats.occupied -= 1
        svc.ward.release(req)

    def run(self) -> dict[str, Any]:
        self.env.run(until=self.end)
        out: dict[str, dict[str, float]] = {}
        for sid, svc in self.services.items():
            st = svc.stats
            st.advance(self.end)
            occ = st.occupied_area / self.horizon
            out[sid] = {
                "mean_occupancy": occ,
                "utilisation": occ / svc.places if svc.places else 0.0,
                "mean_queue": st.queued_area / self.horizon,
                "mean_blocked": st.blocked_area / self.horizon,
                "blocked_days": st.blocked_area,
                "admissions": st.admissions,
                "mean_wait_days": st.wait_sum / st.admissions if st.admissions else 0.0,
                "share_waited": st.waited / st.asked if st.asked else 0.0,
                "share_lost": st.lost / st.asked if st.asked else 0.0,
                "share_diverted": st.diverted / st.asked if st.asked else 0.0,
            }
        return {"services": out, "events": self.events}


def run_reference(data: dict[str, Any], replication: int, seed: int) -> dict[str, Any]:
    """Simulate one replication of a scenario given as plain data.

    Returns ``{"services": {id: {kpi: value}}, "events": n, "wall_seconds": s}``;
    ``events`` counts arrivals, admissions and ends of stay. Ratios with an empty
    denominator (no admissions, no places, nobody asked) are reported as 0.
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
    print(
        json.dumps(
            {
                "scenario": data["name"],
                "implementation": f"plain SimPy {simpy.__version__}",
                "replications": n,
                "seed": seed,
                "services": summarise(runs),
                "per_replication": runs,
                "wall_seconds": time.perf_counter() - t0,
                "wall_seconds_per_replication": [r["wall_seconds"] for r in runs],
            },
            indent=1,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
