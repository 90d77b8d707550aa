"""How much work a scenario is, before any of it is done: the one home for work bounds.

:func:`estimate_work` reads a validated scenario and estimates, in milliseconds, what a
run would cost: events per replication (the engine's count: arrivals, admissions, ends
of stays and of processing delays), visits per patient (the routing's traffic equations,
self-loops and cycles included), patients alive at once and the memory they take, and
CPU-seconds. :func:`check_work` compares it with a :class:`Budget` and returns one
:class:`Problem` per bound exceeded, each naming the field that drives it. The hosted app
checks :data:`APP_BUDGET`, the command line :data:`CLI_BUDGET`; the engine's event cap
(``simulation.engine.MAX_EVENTS``) stays as a last resort only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from harmoni_model.problems import Problem
from harmoni_model.scenario.format import EXIT, Scenario, distribution_mean
from harmoni_model.scenario.memo import per_scenario
from harmoni_model.scenario.rules import expected_arrivals

# --- measured constants ------------------------------------------------------------
# Measured on 2026-12-01 (a shared 2-core machine) with `PYTHONPATH=. python scripts/measure_budget.py`:
# `simulate` on sample_data/scenarios/trondheim_baseline.yaml, CPU time (`time.process_time`) of a
# replication divided by the engine's own event count (`ReplicationResult.events`), median of 5
# replications: 3.2 µs per event. The estimate below counts more events than the engine does (57 900
# against 33 500 on the baseline: it adds the daily clock and counts every visit's full events), and
# CPU-seconds get a safety factor of 2 on top, for scenarios whose queues are long (priority classes,
# reneging) and for slower machines: an honest upper-ish figure, about 3.5x the baseline's measured cost.
SECONDS_PER_EVENT = 3.2e-6
CPU_SAFETY_FACTOR = 2.0
# The same script: peak `tracemalloc` of a replication with 100 000 extra initial patients (one
# service, long stays) minus the peak without them, per patient: about 300 bytes (a patient record,
# its scheduled end of stay and its place in the ward's structures). Rounded up.
BYTES_PER_PATIENT = 400
# Per service and day of the measured period: the daily series (7 floats in lists, ~8 bytes each
# plus list slack) and the occupancy histogram; measured as the peak difference between a 365- and a
# 3 650-day horizon on the baseline: about 310 bytes per service-day. Rounded up.
BYTES_PER_SERVICE_DAY = 400
BASE_MEMORY_MB = 20.0  # a replication's fixed cost: the environment, random streams, results
EVENTS_PER_VISIT = 2  # an admission and an end of stay (a processing delay on the route adds one)


@dataclass(frozen=True)
class Work:
    """The estimated cost of running a scenario (see :func:`estimate_work`).

    `cpu_seconds` is per replication and deliberately on the high side (x CPU_SAFETY_FACTOR):
    a worker pool can use it as a timeout. `visits_per_patient` is ``inf`` for a routing loop that
    a patient never leaves.
    """

    events_per_replication: float
    events_total: float  # all replications
    visits_per_patient: float  # the most over entry points (arrival targets, services with initial patients)
    patients_alive: float  # at once, at the peak: initial patients, Little's law, and queues that grow all run
    memory_mb: float  # per replication (one worker)
    cpu_seconds: float  # per replication, with the safety factor
    cpu_seconds_total: float  # all replications
    arrivals_per_replication: float  # external arrivals, warm-up included


@dataclass(frozen=True)
class Budget:
    """Bounds on one scenario's work."""

    max_events_per_replication: float
    max_total_events: float
    max_memory_mb: float
    max_visits_per_patient: float
    max_arrivals_per_replication: float

    def scaled(self, factor: float) -> Budget:
        """Every bound multiplied by `factor` (a command line's ``--budget-events``)."""
        return Budget(*(bound * factor for bound in (
            self.max_events_per_replication, self.max_total_events, self.max_memory_mb,
            self.max_visits_per_patient, self.max_arrivals_per_replication,
        )))  # fmt: skip

    def with_events(self, events_per_replication: float) -> Budget:
        """This budget scaled so that a replication may have `events_per_replication` events."""
        return self.scaled(events_per_replication / self.max_events_per_replication)


# The hosted app: the worst accepted upload is estimated at 2 M x 3.2 µs x 2 ≈ 13 CPU-s per replication
# (about 4 CPU-s as the engine counts and runs it), and at most 300 MB per worker. The Trondheim baseline
# is about 58 000 events, 3.3 visits per patient and 24 MB; every prepared scenario passes with room
# (tests/test_hostile_inputs.py).
APP_BUDGET = Budget(
    max_events_per_replication=2_000_000,
    max_total_events=12 * 2_000_000,  # the app's most replications (pages/ui/upload_bounds.MAX_REPLICATIONS)
    max_memory_mb=300,
    max_visits_per_patient=50,
    max_arrivals_per_replication=300_000,  # the baseline has about 5 800 (warm-up included)
)
# The command line: 50 times the app's (a long run on one's own machine), raised or lowered with
# --budget-events.
CLI_BUDGET = APP_BUDGET.scaled(50)


# --- the estimate -------------------------------------------------------------------


@dataclass(frozen=True)
class _Routing:
    """Expected visits from each service: `visits[i, j]` to service j of a patient starting at i."""

    visits: np.ndarray  # inf rows for services from which a patient may never leave
    endless: frozenset[int]  # services from which some patients never reach exit
    diverted_round: frozenset[int] = frozenset()  # diverting services a diverted patient may come back to forever


def _routing(scenario: Scenario) -> _Routing:
    """Solve the traffic equations N = I + P N of the `next` probabilities (an absorbing Markov chain).

    A service from which no route leads to exit (a closed loop, e.g. a route back to itself with
    p = 1), and every service that can reach one, has infinitely many expected visits.
    Diversions (``when_full: divert``) are bounded by policy iteration: a patient at a diverting
    service takes whichever of its own routes or the diversion target's gives more visits.
    """
    index = {s.id: i for i, s in enumerate(scenario.services)}
    n = len(index)
    p = np.zeros((n, n))
    for i, s in enumerate(scenario.services):
        for r in s.next:
            if r.to != EXIT and r.p > 0:
                p[i, index[r.to]] += r.p
    exits = np.array([any(r.to == EXIT and r.p > 0 for r in s.next) for s in scenario.services])
    # services that can reach exit (backwards search from the exiting ones)
    reach_exit = exits.copy()
    changed = True
    while changed:
        new = reach_exit | ((p > 0) & reach_exit[None, :]).any(axis=1)
        changed = bool((new != reach_exit).any())
        reach_exit = new
    # services that can reach a service that cannot reach exit: endless for some patients
    endless = ~reach_exit
    changed = True
    while changed:
        new = endless | ((p > 0) & endless[None, :]).any(axis=1)
        changed = bool((new != endless).any())
        endless = new
    finite = np.flatnonzero(~endless)
    visits = np.full((n, n), np.inf)
    if finite.size:
        sub = p[np.ix_(finite, finite)]
        solved = np.linalg.solve(np.eye(finite.size) - sub, np.eye(finite.size))
        visits[np.ix_(finite, finite)] = solved
        visits[np.ix_(finite, np.flatnonzero(endless))] = 0.0
    visits, round_ = _with_diversions(scenario, index, p, visits, endless)
    return _Routing(visits, frozenset(int(i) for i in np.flatnonzero(endless)), round_)


def _with_diversions(
    scenario: Scenario, index: dict[str, int], p: np.ndarray, visits: np.ndarray, endless: np.ndarray
) -> tuple[np.ndarray, frozenset[int]]:
    """Visits when a diverted patient may follow the diversion target's routes (an upper-ish bound).

    A diversion whose target's routes lead back with probability 1 (x diverts to y, y routes to x)
    could send a patient round for as long as x stays full: infinitely many visits, and the diverting
    services are returned so that the problem can name their ``when_full.divert``.
    """
    divert = {
        index[s.id]: index[s.divert_to]
        for s in scenario.services
        if s.divert_to is not None and not endless[index[s.id]] and not endless[index[s.divert_to]]
    }
    if not divert:
        return visits, frozenset()
    n = len(index)
    live = np.flatnonzero(~endless)
    policy: dict[int, bool] = dict.fromkeys(divert, False)  # True: the patient is diverted
    best = visits
    for _ in range(len(divert) + 1):  # policy iteration: each round diverts where it adds visits
        total = best.sum(axis=1)
        improved = {i: total[j] > total[i] + 1e-9 for i, j in divert.items()}
        if improved == policy and best is not visits:
            break
        policy = {i: policy[i] or improved[i] for i in divert}
        a = np.eye(n) - p
        b = np.eye(n)
        for i, diverted in policy.items():
            if diverted:  # the visit happens at the target instead, and the target's routes follow
                a[i, :] = 0.0
                a[i, i] = 1.0
                a[i, divert[i]] = -1.0
                b[i, :] = 0.0
        try:
            solved = np.linalg.solve(a[np.ix_(live, live)], b[np.ix_(live, live)])
            sound = bool(np.isfinite(solved).all() and (solved > -1e-9).all())
        except np.linalg.LinAlgError:
            sound = False
        if not sound:  # diverting forms a loop nobody need leave: endless for whoever reaches it
            diverted = [i for i, on in policy.items() if on]
            best = best.copy()
            for i in diverted:
                best[best[:, i] > 0, i] = np.inf
            return best, frozenset(diverted)
        candidate = visits.copy()
        candidate[np.ix_(live, live)] = np.maximum(solved, visits[np.ix_(live, live)])
        best = candidate
    return best, frozenset()


def _entry_points(scenario: Scenario) -> set[int]:
    index = {s.id: i for i, s in enumerate(scenario.services)}
    entries = {index[a.to] for a in scenario.arrivals if a.rate_per_day > 0}
    entries |= {i for i, s in enumerate(scenario.services) if any(scenario.initial_counts(s.id))}
    return entries


def _per_visit(scenario: Scenario) -> tuple[np.ndarray, np.ndarray]:
    """Events and days in the system per visit to each service (the stay and any processing delay)."""
    events, days = [], []
    for s in scenario.services:
        delayed = [r for r in s.next if r.delay is not None]
        events.append(EVENTS_PER_VISIT + math.fsum(r.p for r in delayed) + (1 if s.renege is not None else 0))
        days.append(distribution_mean(s.length_of_stay) + math.fsum(r.p * distribution_mean(r.delay) for r in delayed))
    return np.array(events), np.array(days)


def _finite_product(visits: np.ndarray, weights: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", over="ignore"):
        out = np.where(np.isinf(visits), np.inf, visits * weights[None, :]).sum(axis=1)
    return out


@dataclass(frozen=True)
class _Detail:
    """The estimate and what drives it (for the problems' field paths)."""

    work: Work
    routing: _Routing
    worst_entry: int | None
    arrival_events: list[float]  # per arrival stream
    initial_events: list[tuple[float, float]]  # per service: (initial occupancy, initial queue)
    alive_arrivals: list[float]  # per arrival stream: patients alive at once
    series_mb: float


def _peak_rate(arrival, days: float) -> float:
    """An arrival stream's highest daily rate over the run: growth compounds; the profiles' peaks multiply."""
    growth = (1 + arrival.growth_per_year) ** (days / 365) if arrival.growth_per_year > 0 else 1.0
    peak = 1.0
    for profile in (arrival.weekday_profile, arrival.monthly_profile):
        if profile:
            peak *= max(profile) / (sum(profile) / len(profile))
    return arrival.rate_per_day * min(growth, 1e300) * peak


def _arrival_counts(scenario: Scenario, data: dict) -> list[float]:
    """Each arrival stream's expected arrivals in a replication (warm-up included)."""
    return [expected_arrivals({**data, "arrivals": [a.model_dump(mode="json")]}) or 0.0 for a in scenario.arrivals]


def _queue_growth(scenario: Scenario, routing: _Routing, index: dict[str, int], total: float, days: int) -> float:
    """Patients left waiting at the end of the run where demand outruns the places (at most all arrivals)."""
    if total <= 0 or days <= 0:
        return 0.0
    demand = np.zeros(len(index))  # patients a day offered to each service
    for a, count in zip(scenario.arrivals, _arrival_counts(scenario, scenario.to_dict()), strict=True):
        row = routing.visits[index[a.to]]
        if count > 0 and np.isfinite(row).all():
            demand += count / days * row
    growth = 0.0
    for j, s in enumerate(scenario.services):
        if s.when_full != "queue":
            continue  # lost or diverted: nobody waits here
        served = (s.effective_capacity + s.overflow_places) / max(distribution_mean(s.length_of_stay), 1e-9)
        growth += max(0.0, demand[j] - served) * days
    return min(growth, total)


@per_scenario  # the studio asks it several times an answer (is it heavy, its timeout, is the next batch affordable)
def _estimate(scenario: Scenario) -> _Detail:
    routing = _routing(scenario)
    index = {s.id: i for i, s in enumerate(scenario.services)}
    per_visit_events, per_visit_days = _per_visit(scenario)
    events_from = _finite_product(routing.visits, per_visit_events)  # events of a patient starting at i
    days_from = _finite_product(routing.visits, per_visit_days)
    visits_from = _finite_product(routing.visits, np.ones(len(index)))
    data = scenario.to_dict()
    days = scenario.horizon_days + scenario.warmup_days
    arrival_events, alive_arrivals, total_arrivals = [], [], 0.0
    for a in scenario.arrivals:
        count = expected_arrivals({**data, "arrivals": [a.model_dump(mode="json")]}) or 0.0
        total_arrivals += count
        entry = index[a.to]
        arrival_events.append(0.0 if count == 0 else count * (1 + events_from[entry]))
        alive_arrivals.append(0.0 if count == 0 else _peak_rate(a, days) * days_from[entry])
    counts = [scenario.initial_counts(s.id) for s in scenario.services]
    initial_events = [
        (occupancy * events_from[i] if occupancy else 0.0, queue * events_from[i] if queue else 0.0)
        for i, (occupancy, queue) in enumerate(counts)
    ]
    initial_patients = sum(occupancy + queue for occupancy, queue in counts)
    events = math.fsum(arrival_events) + math.fsum(a + b for a, b in initial_events) + days * len(index)
    # Little's law leaves out waiting: where a queueing service is offered more than its places can
    # serve, its queue grows by the difference every day of the run; those patients are alive too.
    queued = _queue_growth(scenario, routing, index, total_arrivals, days)
    if queued > 0 and total_arrivals > 0:
        alive_arrivals = [alive + queued * share / total_arrivals for alive, share in zip(
            alive_arrivals, (float(c) for c in _arrival_counts(scenario, data)), strict=True)]  # fmt: skip
    # nobody is alive longer than the run, so arrivals alive at once are at most all of them
    alive = initial_patients + min(math.fsum(alive_arrivals), total_arrivals)
    series_mb = BYTES_PER_SERVICE_DAY * len(index) * scenario.horizon_days / 1e6
    memory = BASE_MEMORY_MB + alive * BYTES_PER_PATIENT / 1e6 + series_mb
    entries = _entry_points(scenario)
    worst = max(entries, key=lambda i: visits_from[i]) if entries else None
    visits = float(visits_from[worst]) if worst is not None else 0.0
    cpu = events * SECONDS_PER_EVENT * CPU_SAFETY_FACTOR
    work = Work(
        events_per_replication=events,
        events_total=events * scenario.replications,
        visits_per_patient=visits,
        patients_alive=alive,
        memory_mb=memory,
        cpu_seconds=cpu,
        cpu_seconds_total=cpu * scenario.replications,
        arrivals_per_replication=total_arrivals,
    )
    return _Detail(work, routing, worst, arrival_events, initial_events, alive_arrivals, series_mb)


def estimate_work(scenario: Scenario) -> Work:
    """The estimated cost of running `scenario` (milliseconds to compute, even for 200 services)."""
    return _estimate(scenario).work


# --- the check ----------------------------------------------------------------------


def _figure(x: float) -> str:
    """A count in words a reader takes in at once: 1 000 000, 2.4e+12."""
    if math.isinf(x):
        return "infinitely many"
    return f"{x:,.0f}".replace(",", " ") if x < 1e15 else f"{x:.2g}"


def _loop_route(scenario: Scenario, routing: _Routing, entry: int) -> tuple[int, int, float]:
    """The service a patient from `entry` visits most, its route that leads back into the loop, the visits."""
    row = routing.visits[entry]
    i = int(np.argmax(row))
    index = {s.id: k for k, s in enumerate(scenario.services)}
    service = scenario.services[i]
    # a route back into the loop: to a service from which `i` is visited again (itself, for a self-loop)
    back = [
        (r.p, k)
        for k, r in enumerate(service.next)
        if r.to != EXIT and r.p > 0 and (r.to == service.id or routing.visits[index[r.to], i] > 0)
    ]
    k = max(back)[1] if back else 0
    return i, k, float(row[i])


@dataclass(frozen=True)
class Exceeded:
    """One bound of a budget a scenario's work exceeds: which (`kind`), the field behind it, the figure and the bound.

    `kind` is ``visits`` (a routing loop; `service` is the service patients return to, `figure` may be
    ``inf``), ``arrivals``, ``events`` (per replication), ``total_events`` (all replications; `runs` of
    them) or ``memory`` (MB; `patients` alive at once). `driver` says what drives events or memory:
    ``rate_per_day``, ``initial_occupancy``, ``initial_queue`` or ``horizon_days``. The app words it
    in its own languages; :meth:`problem` is the English :class:`Problem`.
    """

    kind: str
    path: str
    figure: float
    limit: float
    service: str = ""
    driver: str = ""
    runs: int = 0
    patients: float = 0.0
    per_replication: float = 0.0

    def problem(self) -> Problem:
        """The English problem, naming the field: one line."""
        figure, limit = _figure(self.figure), _figure(self.limit)
        if self.kind == "visits":
            if self.path.endswith("when_full.divert"):
                said = f"a patient diverted from '{self.service}' is routed back to it with probability 1, round and "
                said += "round for as long as it is full"
            elif math.isinf(self.figure):
                said = (
                    f"patients who reach '{self.service}' never leave its routing loop (they return with probability 1)"
                )
            else:
                said = f"patients return to '{self.service}' about {figure} times on average"
            message = f"{said}; at most {limit} visits per patient are allowed"
        elif self.kind == "arrivals":
            message = (
                f"about {figure} patients would arrive in one replication (warm-up and horizon_days; at most "
                f"{limit}): shorten horizon_days or lower the rates"
            )
        elif self.kind == "events":
            message = f"about {figure} events per replication, most of them from {_WHAT[self.driver]} (at most {limit})"
        elif self.kind == "total_events":
            message = (
                f"{self.runs} replications of about {_figure(self.per_replication)} events each are about "
                f"{figure} events (at most {limit})"
            )
        else:
            message = (
                f"about {_figure(self.patients)} patients at once need about {figure} MB per replication "
                f"(at most {limit} MB)"
            )
        return Problem(self.path, message)


def over_budget(scenario: Scenario, budget: Budget, runs: int | None = None) -> list[Exceeded]:
    """Every bound of `budget` the scenario's estimated work exceeds (see :func:`check_work`)."""
    detail = _estimate(scenario)
    work = detail.work
    runs = scenario.replications if runs is None else runs
    events_total = work.events_per_replication * runs
    out: list[Exceeded] = []
    endless = math.isinf(work.visits_per_patient)  # the loop is the one problem; events follow from it
    if detail.worst_entry is not None and work.visits_per_patient > budget.max_visits_per_patient:
        i, k, times = _loop_route(scenario, detail.routing, detail.worst_entry)
        where = (
            f"services[{i}].when_full.divert" if i in detail.routing.diverted_round else f"services[{i}].next[{k}].p"
        )
        out.append(Exceeded("visits", where, times, budget.max_visits_per_patient, service=scenario.services[i].id))
    if work.arrivals_per_replication > budget.max_arrivals_per_replication:
        j = int(np.argmax([a.rate_per_day for a in scenario.arrivals]))
        out.append(
            Exceeded(
                "arrivals", f"arrivals[{j}].rate_per_day", work.arrivals_per_replication,
                budget.max_arrivals_per_replication, driver="rate_per_day",
            )
        )  # fmt: skip
    if work.events_per_replication > budget.max_events_per_replication and not endless:
        path = _events_driver(scenario, detail)
        out.append(
            Exceeded(
                "events", path, work.events_per_replication, budget.max_events_per_replication,
                driver=path.rsplit(".", 1)[-1],
            )
        )  # fmt: skip
    elif events_total > budget.max_total_events and not endless:
        out.append(
            Exceeded(
                "total_events", "replications", events_total, budget.max_total_events, runs=runs,
                per_replication=work.events_per_replication,
            )
        )  # fmt: skip
    if work.memory_mb > budget.max_memory_mb and not math.isinf(work.memory_mb):
        path = _memory_driver(scenario, detail)
        out.append(
            Exceeded(
                "memory", path, work.memory_mb, budget.max_memory_mb, driver=path.rsplit(".", 1)[-1],
                patients=work.patients_alive,
            )
        )  # fmt: skip
    return out


def check_work(scenario: Scenario, budget: Budget, runs: int | None = None) -> list[Problem]:
    """One problem per bound of `budget` the scenario's estimated work exceeds, naming the field that drives it.

    `runs`: replications in all (e.g. an experiment's points times replications); default the scenario's.
    """
    return [e.problem() for e in over_budget(scenario, budget, runs)]


_WHAT = {
    "rate_per_day": "these arrivals over warm-up and horizon_days",
    "initial_occupancy": "these initial patients and their onward visits",
    "initial_queue": "these waiting patients and their onward visits",
    "initial_state": "the patients at the start and their onward visits",
    "horizon_days": "the length of the run",
}


def _initial_path(scenario: Scenario, i: int, field: str) -> str:
    """Where a service's initial patients are given: its count field, or ``initial_state``."""
    return "initial_state" if scenario.initial_state is not None else f"services[{i}].{field}"


def _largest(candidates: list[tuple[float, str]]) -> str:
    """The field of the largest candidate (the first of equals)."""
    return max(candidates, key=lambda c: c[0])[1]


def _events_driver(scenario: Scenario, detail: _Detail) -> str:
    """The field behind most of the events: an arrival stream's rate, or a service's initial patients."""
    candidates = [(e, f"arrivals[{j}].rate_per_day") for j, e in enumerate(detail.arrival_events)]
    for i, (occupancy, queue) in enumerate(detail.initial_events):
        candidates += [(occupancy, _initial_path(scenario, i, "initial_occupancy")),
                       (queue, _initial_path(scenario, i, "initial_queue"))]  # fmt: skip
    if not candidates or max(c[0] for c in candidates) <= 0:
        return "horizon_days"
    return _largest(candidates)


def _memory_driver(scenario: Scenario, detail: _Detail) -> str:
    """The field behind most of the memory: initial patients, an arrival stream, or the daily series."""
    per_mb = BYTES_PER_PATIENT / 1e6
    candidates = [(alive * per_mb, f"arrivals[{j}].rate_per_day") for j, alive in enumerate(detail.alive_arrivals)]
    for i, s in enumerate(scenario.services):
        occupancy, queue = scenario.initial_counts(s.id)
        candidates += [
            (occupancy * per_mb, _initial_path(scenario, i, "initial_occupancy")),
            (queue * per_mb, _initial_path(scenario, i, "initial_queue")),
        ]
    candidates.append((detail.series_mb, "horizon_days"))
    return _largest(candidates)


__all__ = [
    "APP_BUDGET",
    "CLI_BUDGET",
    "Budget",
    "Exceeded",
    "Work",
    "check_work",
    "estimate_work",
    "over_budget",
]
