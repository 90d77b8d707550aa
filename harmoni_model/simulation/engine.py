"""One replication of a scenario on salabim.

Lean shape (docs/ARCHITECTURE.md, "Hard-won notes"): patients are plain records; each
service is one long-lived salabim component that holds until its next departure
(a heap of departure times) and is re-activated when an admission brings an
earlier one; each arrival stream and the midnight clock are one component each.
salabim drives time; no per-patient components, no global state.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
import math
import time
from collections import deque
from dataclasses import dataclass, field

from harmoni_model.scenario.format import WEEKDAYS, Arrival, Scenario, Service
from harmoni_model.simulation._salabim import sim
from harmoni_model.simulation.kpis import ServiceStats, service_kpis, system_kpis
from harmoni_model.simulation.streams import residual_sampler, stay_sampler, stream

INF = math.inf
MAX_EVENTS = 100_000_000  # per replication; a loop of very short stays would otherwise never end


class SimulationError(RuntimeError):
    """A replication that cannot finish (e.g. stays that loop back without end)."""


# Per measured day: mean levels (occupancy, queue, blocked), counts, and the
# total waiting time of the patients admitted that day (wait_days / admissions
# is their mean wait).
DAILY_FIELDS = ("occupancy", "queue", "blocked", "admissions", "discharges", "lost", "diverted", "wait_days")


class _Patient:
    __slots__ = ("bed", "blocked", "joined")

    def __init__(self) -> None:
        self.bed: _Ward | None = None  # the ward whose place the patient holds
        self.blocked = False  # stay ended, waiting for the next service in that place
        self.joined = -1.0  # when the patient joined the current queue (-1: not queueing)


@dataclass
class ReplicationResult:
    """KPIs and daily series of one replication (plain data, cheap to pickle)."""

    replication: int
    services: dict[str, dict[str, float]]
    system: dict[str, float]
    daily: dict[str, dict[str, list[float]]]  # service -> field -> value per measured day
    start_day: int  # simulation day index of the first measured day
    start_date: dt.date
    events: int
    wall_seconds: float
    conservation: dict[str, int] = field(default_factory=dict)


def _quiet(component: sim.Component) -> None:
    """Switch off salabim's status and mode history: we keep our own statistics."""
    component.status.monitor(False)
    component.mode.monitor(False)


class _Ward(sim.Component):
    """A service: its places, its FIFO queue, and its departures."""

    def setup(self, model: _Model, spec: Service, open_days: bytearray) -> None:  # type: ignore[override]
        _quiet(self)
        self.model = model
        self.spec = spec
        self.cap = spec.effective_capacity
        self.rule = spec.when_full if isinstance(spec.when_full, str) else "divert"
        self.divert: _Ward | None = None
        self.open = open_days
        self.always_open = all(open_days)
        self.occ = 0
        self.n_blocked = 0
        self.queue: deque[_Patient] = deque()
        self.heap: list[tuple[float, int, _Patient]] = []
        self.busy = True  # until the process starts: no re-activation needed
        self.wake = INF
        self.stay = stay_sampler(spec.length_of_stay, model.rng(f"stay:{spec.id}"))
        self.route_rng = model.rng(f"route:{spec.id}")
        self.route_cum: list[float] = []
        self.route_to: list[_Ward | None] = []
        self.route_blocks: list[bool] = []  # keep the place while that route's target is full
        # Time integrals by change points: at every change of a level by d at time t,
        # c -= d * t; then the integral of the level from 0 to T is level(T) * T + c.
        self.c_occ = self.c_queue = self.c_blocked = 0.0
        self.area_at_reset = (0.0, 0.0, 0.0)
        self.daily_base = (0.0, 0.0, 0.0, 0, 0, 0, 0, 0.0)
        self.stats = ServiceStats(spec.organisation, self.cap, 0.0)

    def process(self):  # type: ignore[override]
        heap = self.heap
        model = self.model
        env = self.env
        while True:
            self.busy = False
            if heap:
                self.wake = heap[0][0]
                yield self.hold(till=self.wake)
            else:
                self.wake = INF
                yield self.passivate()
            self.busy = True
            now = env.now()
            while heap and heap[0][0] <= now:
                patient = heapq.heappop(heap)[2]
                model.end_stay(self, patient, now)
            model.drain(now)

    def areas(self, now: float) -> tuple[float, float, float]:
        """Integrals of occupancy, queue and blocked from time 0 to `now` (place-days)."""
        return (
            self.occ * now + self.c_occ,
            len(self.queue) * now + self.c_queue,
            self.n_blocked * now + self.c_blocked,
        )


class _Source(sim.Component):
    """An external Poisson stream whose rate is constant within each day.

    Generated day by day (by memorylessness, restarting at each midnight is
    exact), so the arrivals of a day do not depend on the rates of later days:
    a longer horizon or a different growth later keeps the earlier patients.
    """

    def setup(self, model: _Model, spec: Arrival, rates: list[float]) -> None:  # type: ignore[override]
        _quiet(self)
        self.model = model
        self.target = model.wards[spec.to]
        self.rates = rates
        self.rng = model.rng(f"arrivals:{spec.id}")

    def process(self):  # type: ignore[override]
        rng, model, target = self.rng, self.model, self.target
        for day, rate in enumerate(self.rates):
            if rate <= 0:
                continue
            t, end = float(day), day + 1.0
            while True:
                t += rng.expovariate(rate)
                if t >= end:
                    break
                yield self.hold(till=t)
                model.arrive(target, t)


class _Clock(sim.Component):
    """Midnight: daily series, end of warm-up, and intake on admission days."""

    def setup(self, model: _Model) -> None:  # type: ignore[override]
        _quiet(self)
        self.model = model

    def process(self):  # type: ignore[override]
        for day in range(1, self.model.end_day):
            yield self.hold(till=day, priority=-1, urgent=True)  # before anything else at 00:00
            self.model.midnight(day)


class _Environment(sim.Environment):
    """A headless environment that never becomes the process-wide default.

    salabim's own model-name and clock animations create objects without
    ``env=`` (they would look up the global default environment), so a headless
    model switches them off.
    """

    def an_modelname(self) -> None:
        pass

    def an_clocktext(self) -> None:
        pass


class _Model:
    def __init__(self, scenario: Scenario, replication: int):
        self.scenario = scenario
        self.replication = replication
        self.warmup = scenario.warmup_days
        self.end_day = scenario.warmup_days + scenario.horizon_days
        self.env = _Environment(trace=False, random_seed="", isdefault_env=False, yieldless=False)
        self.events = 0
        self.to_fill: list[_Ward] = []
        self.seq = 0
        self.entered = 0
        self.exited = 0
        self.lost = 0
        first_weekday = scenario.start_date.weekday()
        self.weekday = [(first_weekday + d) % 7 for d in range(self.end_day + 1)]
        self.wards: dict[str, _Ward] = {}
        for spec in scenario.services:
            allowed = {WEEKDAYS.index(d) for d in spec.admission_days}
            open_days = bytearray(1 if wd in allowed else 0 for wd in self.weekday)
            self.wards[spec.id] = _Ward(name=spec.id, env=self.env, model=self, spec=spec, open_days=open_days)
        for ward in self.wards.values():
            spec = ward.spec
            ward.divert = self.wards.get(spec.divert_to) if spec.divert_to else None
            total = 0.0
            for route in spec.next:
                if route.p > 0:
                    total += route.p
                    ward.route_cum.append(total)
                    ward.route_to.append(None if route.to == "exit" else self.wards[route.to])
                    ward.route_blocks.append(spec.blocking if route.blocking is None else route.blocking)
        self.daily: dict[str, dict[str, list[float]]] = {sid: {f: [] for f in DAILY_FIELDS} for sid in self.wards}
        self._initial_state()
        for spec in scenario.arrivals:
            _Source(name=spec.id, env=self.env, model=self, spec=spec, rates=self._rates(spec))
        _Clock(name="clock", env=self.env, model=self)

    def rng(self, purpose: str):
        return stream(self.scenario.seed, self.replication, purpose)

    def _rates(self, spec: Arrival) -> list[float]:
        week = spec.weekday_profile or (1.0,) * 7
        month = spec.monthly_profile or (1.0,) * 12
        wmean, mmean = sum(week) / 7, sum(month) / 12
        start = self.scenario.start_date
        growth = 1.0 + spec.growth_per_year
        rates = []
        for d in range(self.end_day):
            m = (start + dt.timedelta(days=d)).month - 1
            rates.append(spec.rate_per_day * week[self.weekday[d]] / wmean * month[m] / mmean * growth ** (d / 365.0))
        return rates

    def _initial_state(self) -> None:
        for ward in self.wards.values():
            spec = ward.spec
            residual = residual_sampler(spec.length_of_stay, self.rng(f"initial:{spec.id}"))
            for _ in range(spec.initial_occupancy):
                p = _Patient()
                p.bed = ward
                ward.occ += 1
                self.seq += 1
                heapq.heappush(ward.heap, (residual(), self.seq, p))
            for _ in range(spec.initial_queue):
                p = _Patient()
                p.joined = 0.0
                ward.queue.append(p)
            self.entered += spec.initial_occupancy + spec.initial_queue
        for ward in self.wards.values():
            self.fill(ward, 0.0)
        self.drain(0.0)

    # --- patient flow --------------------------------------------------

    def arrive(self, ward: _Ward, now: float) -> None:
        self.events += 1
        self.entered += 1
        self.ask(_Patient(), ward, now)
        self.drain(now)

    def end_stay(self, ward: _Ward, patient: _Patient, now: float) -> None:
        self.events += 1
        if self.events > MAX_EVENTS:
            raise SimulationError(
                f"more than {MAX_EVENTS:,} events in one replication at day {now:.1f}: "
                f"check routes that lead back to '{ward.spec.id}' with very short stays"
            )
        cum = ward.route_cum
        i = 0 if len(cum) == 1 else bisect.bisect_right(cum, ward.route_rng.random() * cum[-1])
        target = ward.route_to[i]
        if target is None:
            self.leave(patient, now)
            self.exited += 1
        else:  # (routed back to the same service, `ask` gives a new stay in the same place)
            self.ask(patient, target, now, ward.route_blocks[i])

    def ask(self, patient: _Patient, ward: _Ward, now: float, block: bool = False) -> None:
        """The patient asks `ward` for a place; apply its rule if it cannot admit now.

        `block`: a patient who holds a place keeps it while queueing (blocking after service).
        """
        while True:
            ward.stats.asked += 1
            if ward is patient.bed:  # (diverted) back to the place the patient holds: a new stay there
                self.leave(patient, now)
                self.admit(patient, ward, now)
                return
            if ward.occ < ward.cap and not ward.queue and (ward.always_open or ward.open[int(now)]):
                self.admit(patient, ward, now)
                return
            if ward.rule == "queue":
                ward.stats.waited += 1
                ward.queue.append(patient)
                ward.c_queue -= now
                patient.joined = now
                held = patient.bed
                if held is not None:
                    if block:
                        held.n_blocked += 1
                        held.c_blocked -= now
                        patient.blocked = True
                    else:
                        self.leave(patient, now)
                return
            if ward.rule == "lost":
                ward.stats.lost += 1
                self.lost += 1
                if patient.bed is not None:
                    self.leave(patient, now)
                return
            ward.stats.diverted += 1
            assert ward.divert is not None
            ward = ward.divert

    def leave(self, patient: _Patient, now: float) -> None:
        """The patient gives up the place held; the ward may admit from its queue."""
        ward = patient.bed
        assert ward is not None
        ward.occ -= 1
        ward.c_occ += now
        if patient.blocked:
            ward.n_blocked -= 1
            ward.c_blocked += now
            patient.blocked = False
        ward.stats.discharges += 1
        patient.bed = None
        self.to_fill.append(ward)

    def admit(self, patient: _Patient, ward: _Ward, now: float) -> None:
        self.events += 1
        if patient.bed is not None:
            self.leave(patient, now)
        ward.occ += 1
        ward.c_occ -= now
        patient.bed = ward
        stats = ward.stats
        stats.admissions += 1
        if patient.joined >= 0:
            wait = now - patient.joined
            stats.waits.append(wait)
            stats.wait_total += wait
            patient.joined = -1.0
        else:
            stats.waits.append(0.0)
        departure = now + ward.stay()
        self.seq += 1
        heapq.heappush(ward.heap, (departure, self.seq, patient))
        if not ward.busy and departure < ward.wake:
            ward.wake = departure
            ward.activate(at=departure)

    def fill(self, ward: _Ward, now: float) -> None:
        """Admit from the head of the queue while there is room and intake is open."""
        queue = ward.queue
        while queue and ward.occ < ward.cap and (ward.always_open or ward.open[int(now)]):
            patient = queue.popleft()
            ward.c_queue += now
            self.admit(patient, ward, now)

    def drain(self, now: float) -> None:
        """Fill every ward that freed a place, until nothing more moves."""
        pending = self.to_fill
        while pending:
            self.fill(pending.pop(), now)

    # --- measurement ---------------------------------------------------

    def _reset_statistics(self, now: float) -> None:
        for ward in self.wards.values():
            ward.stats = ServiceStats(ward.spec.organisation, ward.cap, 0.0)
            ward.area_at_reset = ward.areas(now)
            ward.daily_base = (*ward.area_at_reset, 0, 0, 0, 0, 0.0)

    def midnight(self, day: int) -> None:
        self._record_day(day)
        if day == self.warmup:
            self._reset_statistics(float(day))
        for ward in self.wards.values():
            if not ward.always_open and ward.open[day] and not ward.open[day - 1]:
                self.fill(ward, float(day))
        self.drain(float(day))

    def _record_day(self, day: int) -> None:
        """Close day `day - 1`: mean levels and counts, for measured days only."""
        now = float(day)
        for sid, ward in self.wards.items():
            s = ward.stats
            levels = (
                *ward.areas(now),
                s.admissions,
                s.discharges,
                s.lost,
                s.diverted,
                s.wait_total,
            )
            if day - 1 >= self.warmup:
                series = self.daily[sid]
                for name, value, base in zip(DAILY_FIELDS, levels, ward.daily_base, strict=True):
                    series[name].append(value - base)
            ward.daily_base = levels

    def run(self) -> ReplicationResult:
        self.env.run(till=self.end_day, priority=-1, urgent=True)  # events at the end belong to no day
        self._record_day(self.end_day)
        services = {}
        end = float(self.end_day)
        for sid, ward in self.wards.items():
            stats = ward.stats
            stats.period_days = float(self.scenario.horizon_days)
            stats.area_occupancy, stats.area_queue, stats.area_blocked = (
                a - b for a, b in zip(ward.areas(end), ward.area_at_reset, strict=True)
            )
            services[sid] = service_kpis(stats)
        organisations = {s.id: s.organisation for s in self.scenario.services}
        system = system_kpis(services, organisations, self.scenario.overliggedogn_rate_nok)
        in_place = sum(w.occ for w in self.wards.values())
        waiting_outside = sum(1 for w in self.wards.values() for p in w.queue if p.bed is None)
        return ReplicationResult(
            replication=self.replication,
            services=services,
            system=system,
            daily=self.daily,
            start_day=self.warmup,
            start_date=self.scenario.start_date + dt.timedelta(days=self.warmup),
            events=self.events,
            wall_seconds=0.0,  # set by simulate(), which also times the set-up
            conservation={
                "entered": self.entered,
                "exited": self.exited,
                "lost": self.lost,
                "in_place": in_place,
                "waiting_outside": waiting_outside,
            },
        )


def simulate(scenario: Scenario, replication: int = 0) -> ReplicationResult:
    """Run one replication of `scenario` (its own environment and random streams)."""
    start = time.perf_counter()
    result = _Model(scenario, replication).run()
    result.wall_seconds = time.perf_counter() - start
    return result
