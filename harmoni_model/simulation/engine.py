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
import gc
import heapq
import math
import time
from collections import deque
from dataclasses import dataclass, field

from harmoni_model.scenario.calendars import capacities
from harmoni_model.scenario.format import EXIT, WEEKDAYS, Arrival, Scenario, Service
from harmoni_model.simulation._salabim import sim
from harmoni_model.simulation.kpis import ServiceStats, origin_kpis, service_kpis, system_kpis
from harmoni_model.simulation.streams import conditional_residual, initial_sampler, stay_sampler, stream

INF = math.inf
NOT_WAITING = -INF  # a patient's `joined` when not on a list (a patient at the start joined before time 0)
MAX_EVENTS = 100_000_000  # per replication; a loop of very short stays would otherwise never end


class SimulationError(RuntimeError):
    """A replication that cannot finish (e.g. stays that loop back without end)."""


# Per measured day: mean levels (occupancy, queue, blocked, overflow), counts, the
# total waiting time of the patients admitted that day (wait_days / admissions is
# their mean wait), and the regular capacity that day (it follows the calendar).
DAILY_FIELDS = (
    "occupancy", "queue", "blocked", "admissions", "discharges", "lost", "diverted", "wait_days",
    "overflow", "reneged", "capacity",
)  # fmt: skip

# What a ward's heap holds: the end of a stay, the end of a discharge processing delay,
# or the moment a waiting patient's patience runs out.
END, DELAY, RENEGE = 0, 1, 2
# Why a patient whose stay ended still holds the place: the processing delay, or a full next service.
IN_STAY, IN_DELAY, IN_BLOCK = 0, 1, 2
START_ORIGIN = "(start)"  # the origin of patients who wait at the start (not an id: ids are a-z0-9_)


class _Patient:
    __slots__ = ("bed", "hold", "joined", "origin", "pid", "rec", "route", "ticket", "waiting", "wrec")

    def __init__(self, origin: str, pid: int) -> None:
        self.pid = pid  # the patient's number in this replication (the event log's patient)
        self.bed: _Ward | None = None  # the ward whose place the patient holds
        self.hold = IN_STAY  # after the stay: in a processing delay, or blocked by a full next service
        self.joined = NOT_WAITING  # when the patient joined the current list (before 0: at the start)
        self.waiting: _Ward | None = None  # the ward whose queue the patient is in
        self.origin = origin  # where the patient came from to the ward asked last (arrival or service id)
        self.route = 0  # the route chosen at the end of the stay (kept through the delay)
        self.ticket = 0  # the heap entry of the patient's patience in the current queue
        self.rec = -1  # the event log's row of the current stay (-1: none, or no log)
        self.wrec = -1  # the event log's row of the current wait for a place (-1: not waiting, or no log)


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
    # service -> origin -> KPI (kpis.ORIGIN_KPIS): who waits, by where they came from
    by_origin: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)
    # service -> (lowest level, share of measured time at each level from there on)
    occupancy: dict[str, tuple[int, list[float]]] = field(default_factory=dict)
    # the event log (stays format, times in days from start_date), when asked for
    stays: list[tuple] | None = None

    def occupancy_distribution(self, service_id: str) -> list[float]:
        """Share of measured time at occupancy 0, 1, 2, ... (regular plus overflow places)."""
        low, shares = self.occupancy.get(service_id, (0, []))
        return [0.0] * low + list(shares)


def _quiet(component: sim.Component) -> None:
    """Switch off salabim's status and mode history: we keep our own statistics."""
    component.status.monitor(False)
    component.mode.monitor(False)


class _Ward(sim.Component):
    """A service: its places, its queue (by priority class), and its heap of timed events."""

    def setup(self, model: _Model, spec: Service, open_days: bytearray, caps: list[int]) -> None:  # type: ignore[override]
        _quiet(self)
        self.model = model
        self.spec = spec
        self.sid = spec.id
        self.caps = caps  # regular places on each day (the calendar)
        self.cap = caps[0]
        # Regular places in use or open: the capacity, or more while places closed by the calendar still hold
        # their patients (closing is non-preemptive: those patients are in a bed, not in an overflow place).
        self.regular = self.cap
        self.extra = spec.overflow_places
        self.limit = self.cap + self.extra  # admissions stop at this occupancy
        self.rule = spec.when_full if isinstance(spec.when_full, str) else "divert"
        self.divert: _Ward | None = None
        self.open = open_days
        self.always_open = all(open_days)
        self.occ = 0
        self.n_queue = 0
        self.n_blocked = 0  # blocked by a full next service
        self.n_delay = 0  # in a processing delay
        self.n_parked = 0  # on the list after a processing delay, waiting for the next admission day
        # Priority classes: origin -> class (0 first); unlisted origins share the last class.
        priority = spec.priority or ()
        self.prio_of = {origin: k for k, origin in enumerate(priority)}
        self.low = len(priority)
        self.queues: list[deque[_Patient]] = [deque() for _ in range(self.low + 1)]
        self.after = spec.priority_after_days
        self.patience = stay_sampler(spec.renege, model.rng(f"renege:{spec.id}")) if spec.renege else None
        # the patience left of a patient who has waited a while already (the initial state)
        self.residual_patience = (
            conditional_residual(spec.renege, model.rng(f"renege-initial:{spec.id}")) if spec.renege else None
        )
        self.heap: list[tuple[float, int, int, _Patient]] = []
        self.busy = True  # until the process starts: no re-activation needed
        self.wake = INF
        self.stay = stay_sampler(spec.length_of_stay, model.rng(f"stay:{spec.id}"))
        self.route_rng = model.rng(f"route:{spec.id}")
        self.route_cum: list[float] = []
        self.route_to: list[_Ward | None] = []
        self.route_blocks: list[bool] = []  # keep the place while that route's target is full
        self.route_delay: list = []  # the processing-delay sampler of each route, or None
        # Time integrals by change points: at every change of a level by d at time t,
        # c -= d * t; then the integral of the level from 0 to T is level(T) * T + c.
        self.c_occ = self.c_queue = self.c_blocked = self.c_delay = self.c_over = 0.0
        # The occupancy distribution: time at each level since `last`, and time with every regular place taken.
        self.hist: list[float] = []
        self.last = 0.0
        self.full_time = 0.0
        self.full_today = False
        self.days_full = 0
        self.area_at_reset = (0.0,) * 5
        self.daily_base: tuple = ()
        self.stats = ServiceStats(spec.organisation, float(self.cap), 0.0)

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
                _, seq, kind, patient = heapq.heappop(heap)
                if kind == END:
                    model.end_stay(self, patient, now)
                elif kind == DELAY:
                    model.end_delay(self, patient, now)
                else:
                    model.renege(self, patient, seq, now)
            model.drain(now)

    def areas(self, now: float) -> tuple[float, float, float, float, float]:
        """Integrals from 0 to `now` of occupancy, queue, capacity-blocked, in delay, overflow (place-days)."""
        return (
            self.occ * now + self.c_occ,
            (self.n_queue + self.n_parked) * now + self.c_queue,
            self.n_blocked * now + self.c_blocked,
            self.n_delay * now + self.c_delay,
            max(0, self.occ - self.regular) * now + self.c_over,
        )

    def flush(self, now: float) -> None:
        """Add the time since the last change to the occupancy distribution (before occupancy or capacity change)."""
        span = now - self.last
        if span > 0:
            occ = self.occ
            hist = self.hist
            if occ >= len(hist):
                hist.extend([0.0] * (occ + 1 - len(hist)))
            hist[occ] += span
            if occ >= self.cap:
                self.full_time += span
            self.last = now


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
        self.origin = spec.id
        self.rates = rates
        self.rng = model.rng(f"arrivals:{spec.id}")

    def process(self):  # type: ignore[override]
        rng, model, target, origin = self.rng, self.model, self.target, self.origin
        for day, rate in enumerate(self.rates):
            if rate <= 0:
                continue
            t, end = float(day), day + 1.0
            while True:
                t += rng.expovariate(rate)
                if t >= end:
                    break
                yield self.hold(till=t)
                model.arrive(target, t, origin)


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
    def __init__(self, scenario: Scenario, replication: int, log: bool = False):
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
        self.reneged = 0
        # The event log by column (patient, service, referred, admitted, ready, left, next): floats and
        # strings only, so a long log adds no objects for the garbage collector to scan.
        self.log: tuple[list, ...] | None = tuple([] for _ in range(7)) if log else None
        self.patients = 0  # patients created so far (their numbers)
        # Patients whose processing delay ended on a day the next service admits nobody: they ask
        # at the next admission day's midnight, before that day's intake (so priority holds).
        self.at_intake: dict[int, list[tuple[_Ward, _Patient]]] = {}
        first_weekday = scenario.start_date.weekday()
        self.weekday = [(first_weekday + d) % 7 for d in range(self.end_day + 1)]
        self.wards: dict[str, _Ward] = {}
        # Capacity changes at midnight: day -> [(ward, new regular capacity)].
        self.cap_changes: dict[int, list[tuple[_Ward, int]]] = {}
        for spec in scenario.services:
            allowed = {WEEKDAYS.index(d) for d in spec.admission_days}
            open_days = bytearray(1 if wd in allowed else 0 for wd in self.weekday)
            caps = capacities(spec, scenario.start_date, self.end_day + 1)
            ward = _Ward(name=spec.id, env=self.env, model=self, spec=spec, open_days=open_days, caps=caps)
            self.wards[spec.id] = ward
            for day in range(1, self.end_day):
                if caps[day] != caps[day - 1]:
                    self.cap_changes.setdefault(day, []).append((ward, caps[day]))
        for ward in self.wards.values():
            spec = ward.spec
            ward.divert = self.wards.get(spec.divert_to) if spec.divert_to else None
            total = 0.0
            for k, route in enumerate(spec.next):
                if route.p > 0:
                    total += route.p
                    ward.route_cum.append(total)
                    ward.route_to.append(None if route.to == "exit" else self.wards[route.to])
                    ward.route_blocks.append(spec.blocking if route.blocking is None else route.blocking)
                    delay = route.delay
                    ward.route_delay.append(stay_sampler(delay, self.rng(f"delay:{spec.id}:{k}")) if delay else None)
        self.daily: dict[str, dict[str, list[float]]] = {sid: {f: [] for f in DAILY_FIELDS} for sid in self.wards}
        for ward in self.wards.values():
            ward.daily_base = self._levels(ward, 0.0)
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
        if self.scenario.initial_state is not None:
            self._initial_patients()
            return
        for ward in self.wards.values():
            spec = ward.spec
            initial = initial_sampler(spec.length_of_stay, self.rng(f"initial:{spec.id}"), self.rng(f"age:{spec.id}"))
            for _ in range(spec.initial_occupancy):
                p = self._new_patient(START_ORIGIN)
                p.bed = ward
                ward.occ += 1
                residual, elapsed = initial()
                if self.log is not None:
                    p.rec = self._log_row(p.pid, ward.sid, None, -elapsed)
                self._schedule(ward, residual, END, p)
            ward.full_today = ward.occ >= ward.cap
            ward.regular = max(ward.cap, ward.occ)  # (the calendar may start below the initial occupancy)
            for _ in range(spec.initial_queue):
                self._enqueue(self._new_patient(START_ORIGIN), ward, 0.0)
            self.entered += spec.initial_occupancy + spec.initial_queue
        for ward in self.wards.values():
            self.fill(ward, 0.0)
        self.drain(0.0)

    def _initial_patients(self) -> None:
        """The state at the start patient by patient (``initial_state``): residual times given the time passed.

        In a place: the rest of the stay, drawn given its elapsed days. Ready (the stay ended): on the
        next service's list since `queued` days, or in the route's processing delay (its rest drawn given
        `since_ready`). Each list is filled in the order its patients joined it (longest wait first).
        """
        state = self.scenario.initial_state
        assert state is not None
        log = self.log is not None
        queued: dict[str, list[tuple[float, int, _Patient, bool]]] = {sid: [] for sid in self.wards}
        order = 0
        for entry in state.services:
            ward = self.wards[entry.id]
            spec = ward.spec
            rest = conditional_residual(spec.length_of_stay, self.rng(f"initial:{spec.id}"))
            for elapsed in entry.in_stay:
                p = self._new_patient(START_ORIGIN)
                p.bed = ward
                ward.occ += 1
                if log:
                    p.rec = self._log_row(p.pid, ward.sid, None, -elapsed)
                self._schedule(ward, rest(elapsed), END, p)
            routes = {route.to: k for k, route in enumerate(spec.next) if route.p > 0}
            for ready in entry.ready:
                p = self._new_patient(START_ORIGIN)
                p.bed = ward
                ward.occ += 1
                if log:
                    p.rec = self._log_row(p.pid, ward.sid, None, -ready.elapsed)
                    self.log[4][p.rec] = -ready.since_ready  # type: ignore[index]
                target = self.wards[ready.to]
                k = routes.get(ready.to)
                delay = spec.next[k].delay if k is not None else None
                if ready.queued is None and delay is not None:
                    p.hold = IN_DELAY
                    p.route = ward.route_to.index(target)
                    ward.n_delay += 1
                    left = conditional_residual(delay, self.rng(f"initial-delay:{spec.id}:{k}"))(ready.since_ready)
                    self._schedule(ward, left, DELAY, p)
                else:  # on the list (a route without a delay asks at once)
                    order += 1
                    queued[ready.to].append((-(ready.queued or 0.0), order, p, True))
            for waiting in entry.waiting:
                p = self._new_patient(waiting.origin or START_ORIGIN)
                order += 1
                queued[entry.id].append((-waiting.waited, order, p, False))
        for sid, patients in queued.items():
            ward = self.wards[sid]
            for joined, _, p, blocked in sorted(patients, key=lambda item: item[:2]):
                origin = p.bed.sid if blocked and p.bed is not None else p.origin
                p.origin = origin
                if blocked:
                    p.bed.n_blocked += 1  # type: ignore[union-attr]
                    p.hold = IN_BLOCK
                self._enqueue(p, ward, 0.0, -joined)
        for ward in self.wards.values():
            ward.full_today = ward.occ >= ward.cap
            ward.regular = max(ward.cap, ward.occ)
        self.entered += sum(e.in_place + len(e.waiting) for e in state.services)
        for ward in self.wards.values():
            self.fill(ward, 0.0)
        self.drain(0.0)

    # --- patient flow --------------------------------------------------

    def _schedule(self, ward: _Ward, t: float, kind: int, patient: _Patient) -> None:
        self.seq += 1
        heapq.heappush(ward.heap, (t, self.seq, kind, patient))
        if not ward.busy and t < ward.wake:
            ward.wake = t
            ward.activate(at=t)

    def _log_row(self, pid: int, sid: str, referred: float | None, admitted: float | None) -> int:
        """A new stay in the event log; its row number."""
        log = self.log
        assert log is not None
        row = len(log[0])
        for column, value in zip(log, (pid, sid, referred, admitted, None, None, None), strict=True):
            column.append(value)
        return row

    def _end_wait(self, patient: _Patient, now: float, to: str) -> None:
        """The patient's open wait (waiting for an admission day) ends without that place: gone to `to`."""
        if patient.wrec >= 0:
            log = self.log
            log[5][patient.wrec] = now  # type: ignore[index]
            log[6][patient.wrec] = to  # type: ignore[index]
            patient.wrec = -1

    def _new_patient(self, origin: str) -> _Patient:
        self.patients += 1
        return _Patient(origin, self.patients)

    def arrive(self, ward: _Ward, now: float, origin: str) -> None:
        self.events += 1
        self.entered += 1
        self.ask(self._new_patient(origin), ward, now, False, origin)
        self.drain(now)

    def end_stay(self, ward: _Ward, patient: _Patient, now: float) -> None:
        self.events += 1
        if self.events > MAX_EVENTS:
            raise SimulationError(
                f"more than {MAX_EVENTS:,} events in one replication at day {now:.1f}: "
                f"check routes that lead back to '{ward.spec.id}' with very short stays"
            )
        if patient.rec >= 0:
            self.log[4][patient.rec] = now  # type: ignore[index]
        cum = ward.route_cum
        i = 0 if len(cum) == 1 else bisect.bisect_right(cum, ward.route_rng.random() * cum[-1])
        target = ward.route_to[i]
        if target is None:
            self.leave(patient, now, EXIT)
            self.exited += 1
            return
        delay = ward.route_delay[i]
        if delay is None:  # (routed back to the same service, `ask` gives a new stay in the same place)
            self.ask(patient, target, now, ward.route_blocks[i], ward.sid)
            return
        # The processing delay: the place is kept even if the next service has room.
        patient.hold = IN_DELAY
        patient.route = i
        ward.n_delay += 1
        ward.c_delay -= now
        self._schedule(ward, now + delay(), DELAY, patient)

    def end_delay(self, ward: _Ward, patient: _Patient, now: float) -> None:
        """The processing delay is over: the patient asks the next service (on its next admission day)."""
        self.events += 1
        i = patient.route
        target = ward.route_to[i]
        assert target is not None
        day = int(now)
        if not target.always_open and not target.open[day]:
            # The next service admits only on some weekdays: the process waits for the next of them
            # (to the end of the run if none is left), and asks before that day's intake. The patient is
            # on the service's list from now (its queue level, the wait, the event log's `referred`); the
            # days until the intake stay process time in the place held.
            while day < self.end_day and not target.open[day]:
                day += 1
            if day < self.end_day:
                self.at_intake.setdefault(day, []).append((ward, patient))
            target.n_parked += 1
            target.c_queue -= now
            patient.joined = now
            if self.log is not None:
                patient.wrec = self._log_row(patient.pid, target.sid, now, None)
            return
        self._after_delay(ward, patient, now)

    def _after_delay(self, ward: _Ward, patient: _Patient, now: float, parked: bool = False) -> None:
        i = patient.route
        target = ward.route_to[i]
        assert target is not None
        if parked:  # waited for the intake day: off the level, and asks with the wait so far
            target.n_parked -= 1
            target.c_queue += now
        ward.n_delay -= 1
        ward.c_delay += now
        patient.hold = IN_STAY
        self.ask(patient, target, now, ward.route_blocks[i], ward.sid)

    def renege(self, ward: _Ward, patient: _Patient, ticket: int, now: float) -> None:
        """A waiting patient's patience ran out: off the list (and out of the place held, if blocked)."""
        if patient.waiting is not ward or patient.ticket != ticket:
            return  # admitted (or gone) before the patience ran out
        self.events += 1
        patient.waiting = None
        ward.n_queue -= 1
        ward.c_queue += now
        ward.stats.reneged += 1
        ward.stats.origin(patient.origin)[4] += 1
        self.reneged += 1
        if patient.wrec >= 0:  # the waiting row ends off the list: never admitted
            log = self.log
            log[5][patient.wrec] = now  # type: ignore[index]
            log[6][patient.wrec] = EXIT  # type: ignore[index]
            patient.wrec = -1
        if patient.bed is not None:
            self.leave(patient, now, EXIT)
        self.drain(now)

    def ask(self, patient: _Patient, ward: _Ward, now: float, block: bool, origin: str) -> None:
        """The patient asks `ward` for a place; apply its rule if it cannot admit now.

        `block`: a patient who holds a place keeps it while queueing (blocking after service).
        `origin`: where the patient comes from (an arrival id, or the service that sends or diverts).
        """
        while True:
            stats = ward.stats
            stats.asked += 1
            counts = stats.by_origin.get(origin) or stats.origin(origin)
            counts[0] += 1
            patient.origin = origin
            if ward is patient.bed:  # (diverted) back to the place the patient holds: a new stay there
                self.leave(patient, now, ward.sid)
                self.admit(patient, ward, now)
                return
            if ward.occ >= ward.cap:
                stats.found_full += 1
            if ward.occ < ward.limit and not ward.n_queue and (ward.always_open or ward.open[int(now)]):
                self.admit(patient, ward, now)
                return
            if ward.rule == "queue":
                stats.waited += 1
                counts[1] += 1
                held = patient.bed
                if held is not None and not block:
                    self.leave(patient, now, ward.sid)
                self._enqueue(patient, ward, now)
                if held is not None and block:
                    held.n_blocked += 1
                    held.c_blocked -= now
                    patient.hold = IN_BLOCK
                return
            if ward.rule == "lost":
                stats.lost += 1
                self.lost += 1
                if self.log is not None:
                    self._end_wait(patient, now, EXIT)
                if patient.bed is not None:
                    self.leave(patient, now, EXIT)
                return
            stats.diverted += 1
            assert ward.divert is not None
            origin = ward.sid
            ward = ward.divert

    def _enqueue(self, patient: _Patient, ward: _Ward, now: float, waited: float = 0.0) -> None:
        """Onto `ward`'s waiting list at `now`, having waited `waited` days already (a patient at the start)."""
        ward.n_queue += 1
        ward.c_queue -= now
        if patient.joined == NOT_WAITING:  # (a patient back from waiting for the intake day keeps the time joined)
            patient.joined = now - waited
        patient.waiting = ward
        if self.log is not None:  # the stay's row begins with the wait (not yet admitted)
            if patient.wrec >= 0 and self.log[1][patient.wrec] != ward.sid:
                self._end_wait(patient, now, ward.sid)  # waited for another service's intake, diverted here
            if patient.wrec < 0:
                patient.wrec = self._log_row(patient.pid, ward.sid, now - waited, None)
        ward.queues[ward.prio_of.get(patient.origin, ward.low) if ward.prio_of else 0].append(patient)
        if ward.patience is not None:
            patience = ward.patience() if waited <= 0 else ward.residual_patience(waited)
            self._schedule(ward, now + patience, RENEGE, patient)
            patient.ticket = self.seq

    def leave(self, patient: _Patient, now: float, to: str) -> None:
        """The patient gives up the place held (for `to`: a service id or exit); the ward may admit."""
        ward = patient.bed
        assert ward is not None
        ward.flush(now)
        if ward.occ > ward.regular:  # an overflow patient moves into the freed place
            ward.c_over += now
        elif ward.regular > ward.cap and to != ward.sid:  # a place the calendar closed is free: it closes
            ward.regular -= 1  # (unless the patient starts a new stay in it)
        ward.occ -= 1
        ward.c_occ += now
        if patient.hold == IN_BLOCK:
            ward.n_blocked -= 1
            ward.c_blocked += now
        patient.hold = IN_STAY
        ward.stats.discharges += 1
        rec = patient.rec
        if rec >= 0:
            log = self.log
            log[5][rec] = now  # type: ignore[index]
            log[6][rec] = to  # type: ignore[index]
            patient.rec = -1
        patient.bed = None
        self.to_fill.append(ward)

    def admit(self, patient: _Patient, ward: _Ward, now: float) -> None:
        self.events += 1
        if patient.bed is not None:
            self.leave(patient, now, ward.sid)
        ward.flush(now)
        stats = ward.stats
        if ward.occ >= ward.regular:  # every regular place is taken: an overflow place
            ward.c_over -= now
            stats.overflow_admissions += 1
        ward.occ += 1
        ward.c_occ -= now
        if ward.occ >= ward.cap:
            ward.full_today = True
        patient.bed = ward
        stats.admissions += 1
        counts = stats.by_origin.get(patient.origin) or stats.origin(patient.origin)
        counts[2] += 1
        if patient.joined != NOT_WAITING:
            wait = now - patient.joined
            stats.waits.append(wait)
            stats.wait_total += wait
            counts[3] += wait
            patient.joined = NOT_WAITING
        else:
            stats.waits.append(0.0)
        if self.log is not None:
            if patient.wrec >= 0 and self.log[1][patient.wrec] == ward.sid:  # the row of the wait for this place
                self.log[3][patient.wrec] = now
                patient.rec, patient.wrec = patient.wrec, -1
            else:
                self._end_wait(patient, now, ward.sid)  # (a wait elsewhere that ends here: diverted)
                patient.rec = self._log_row(patient.pid, ward.sid, None, now)
        departure = now + ward.stay()  # (self._schedule, inlined on the hot path)
        self.seq += 1
        heapq.heappush(ward.heap, (departure, self.seq, END, patient))
        if not ward.busy and departure < ward.wake:
            ward.wake = departure
            ward.activate(at=departure)

    def _next_in_queue(self, ward: _Ward, now: float) -> _Patient:
        """The patient to admit: the first of the highest class (FIFO), counting the long waiters as top class."""
        queues = ward.queues
        if len(queues) == 1:
            q = queues[0]
            while q[0].waiting is not ward:  # reneged: left the list, still in the deque
                q.popleft()
            return q.popleft()
        after = ward.after
        first: deque[_Patient] | None = None
        top: deque[_Patient] | None = None
        for k, q in enumerate(queues):
            while q and q[0].waiting is not ward:
                q.popleft()
            if not q:
                continue
            if first is None:
                first = q
                if after is None:
                    break
            head = q[0]
            if (k == 0 or head.joined <= now - after) and (top is None or head.joined < top[0].joined):
                top = q
        chosen = top if top is not None else first
        assert chosen is not None
        return chosen.popleft()

    def fill(self, ward: _Ward, now: float) -> None:
        """Admit from the queue while there is room and intake is open."""
        while ward.n_queue and ward.occ < ward.limit and (ward.always_open or ward.open[int(now)]):
            patient = self._next_in_queue(ward, now)
            patient.waiting = None
            ward.n_queue -= 1
            ward.c_queue += now
            self.admit(patient, ward, now)

    def drain(self, now: float) -> None:
        """Fill every ward that freed a place, until nothing more moves."""
        pending = self.to_fill
        while pending:
            self.fill(pending.pop(), now)

    # --- measurement ---------------------------------------------------

    def _levels(self, ward: _Ward, now: float) -> tuple:
        s = ward.stats
        occ, queue, blocked, delay, over = ward.areas(now)  # in DAILY_FIELDS' order, less the capacity
        return (occ, queue, blocked + delay, s.admissions, s.discharges, s.lost, s.diverted, s.wait_total, over,
                s.reneged)  # fmt: skip

    def _reset_statistics(self, now: float) -> None:
        for ward in self.wards.values():
            ward.flush(now)
            ward.stats = ServiceStats(ward.spec.organisation, float(ward.cap), 0.0)
            ward.area_at_reset = ward.areas(now)
            ward.daily_base = self._levels(ward, now)
            ward.hist = []
            ward.full_time = 0.0
            ward.days_full = 0

    def midnight(self, day: int) -> None:
        self._record_day(day)
        if day == self.warmup:
            self._reset_statistics(float(day))
        now = float(day)
        for ward, cap in self.cap_changes.get(day, ()):
            ward.flush(now)
            regular = max(cap, min(ward.occ, ward.regular))  # closing places keep their patients
            ward.c_over -= (max(0, ward.occ - regular) - max(0, ward.occ - ward.regular)) * now
            ward.regular = regular
            if cap > ward.cap:
                self.to_fill.append(ward)
            ward.cap = cap
            ward.limit = cap + ward.extra
        for ward, patient in self.at_intake.pop(day, ()):
            self._after_delay(ward, patient, now, parked=True)
        for ward in self.wards.values():
            ward.full_today = ward.occ >= ward.cap
            if not ward.always_open and ward.open[day] and not ward.open[day - 1]:
                self.fill(ward, now)
        self.drain(now)

    def _record_day(self, day: int) -> None:
        """Close day `day - 1`: mean levels and counts, for measured days only."""
        now = float(day)
        measured = day - 1 >= self.warmup
        for sid, ward in self.wards.items():
            levels = self._levels(ward, now)
            if measured:
                series = self.daily[sid]
                for name, value, base in zip(DAILY_FIELDS, levels, ward.daily_base, strict=False):
                    series[name].append(value - base)
                series["capacity"].append(ward.caps[day - 1])
                ward.days_full += ward.full_today
            ward.daily_base = levels

    def run(self) -> ReplicationResult:
        self.env.run(till=self.end_day, priority=-1, urgent=True)  # events at the end belong to no day
        self._record_day(self.end_day)
        services = {}
        by_origin = {}
        occupancy = {}
        end = float(self.end_day)
        horizon = float(self.scenario.horizon_days)
        for sid, ward in self.wards.items():
            ward.flush(end)
            stats = ward.stats
            stats.period_days = horizon
            stats.effective_capacity = math.fsum(ward.caps[self.warmup : self.end_day]) / horizon
            areas = [a - b for a, b in zip(ward.areas(end), ward.area_at_reset, strict=True)]
            stats.area_occupancy, stats.area_queue, stats.area_blocked, stats.area_delay, stats.area_overflow = areas
            stats.full_time = ward.full_time
            stats.days_full = ward.days_full
            services[sid] = service_kpis(stats)
            by_origin[sid] = origin_kpis(stats)
            hist = ward.hist
            low = next((i for i, v in enumerate(hist) if v > 0), len(hist))
            occupancy[sid] = (low, [v / horizon for v in hist[low:]])
        organisations = {s.id: s.organisation for s in self.scenario.services}
        system = system_kpis(services, organisations, self.scenario.overliggedogn_rate_nok)
        in_place = sum(w.occ for w in self.wards.values())
        waiting_outside = sum(
            1 for w in self.wards.values() for q in w.queues for p in q if p.waiting is w and p.bed is None
        )
        stays = None
        if self.log is not None:
            stays = list(zip(*self.log, strict=True))
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
                "reneged": self.reneged,
                "in_place": in_place,
                "waiting_outside": waiting_outside,
            },
            by_origin=by_origin,
            occupancy=occupancy,
            stays=stays,
        )


def simulate(scenario: Scenario, replication: int = 0, events: bool = False) -> ReplicationResult:
    """Run one replication of `scenario` (its own environment and random streams).

    `events`: keep the patient event log (``ReplicationResult.stays``); off, it costs nothing.
    """
    start = time.perf_counter()
    # The cyclic garbage collector is paused for the run: a replication allocates hundreds of thousands
    # of short-lived tuples that reference counting frees, and every collection would walk the whole
    # model (and a long event log) for nothing. It is switched back on, and the few cycles a run leaves
    # are collected as usual afterwards.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        result = _Model(scenario, replication, log=events).run()
    finally:
        if was_enabled:
            gc.enable()
    result.wall_seconds = time.perf_counter() - start
    return result
