"""The advisor's search: candidates evaluated in stages of replications, the pilot, frontier and polish.

What it does, step by step, is in :mod:`harmoni_model.planning.advisor` (and
docs/MODEL.md); :class:`Search` carries it out and records every step, so the
suggestion can be defended. Replication r of every candidate uses the same random
numbers (common random numbers), so a replication already run (today's, from the
studio; or a candidate of an earlier search, in a :class:`ReplicationStore`) is
reused, never run again. While it runs, the search reports its progress (the
step, candidates done out of those expected, the time left at the seconds per
replication measured so far), and it can be stopped between two batches.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from harmoni_model.planning.approximations import smallest_servers, stability_bound
from harmoni_model.planning.levers import AdviceSpec, Lever, Target, apply_levers, meets, upper_end
from harmoni_model.planning.replication_store import ReplicationStore, scenario_key
from harmoni_model.results.costs import overliggedogn_payment
from harmoni_model.results.estimates import Estimate, estimate
from harmoni_model.results.tidy import Results
from harmoni_model.running.executors import Executor, lean_replication
from harmoni_model.running.pool import RunCancelled
from harmoni_model.scenario.calendars import mean_over, measured_period
from harmoni_model.scenario.format import Scenario
from harmoni_model.simulation.engine import ReplicationResult

STAGES = (3, 6, 10)
WAIT_KPIS = ("mean_wait_days", "p90_wait_days", "mean_queue", "share_waited")
Point = tuple[int, ...]  # an index into each lever's values


STEP_TEXTS = {  # English; the app translates by code
    "today_meets": "pilot: today {values} meets the targets",
    "today_misses": "pilot: today {values} misses the targets",
    "top_meets": "pilot: every lever at its maximum {values} meets the targets",
    "top_misses": "pilot: every lever at its maximum {values} misses the targets: no candidate in the box meets them",
    "prune": (
        "approximation: {lever} below {bound} cannot keep up with {rate:.2f} patients a day staying {stay:.1f} days "
        "(offered load {load:.1f}): {pruned} values pruned"
    ),
    "start": "approximation: Erlang C suggests starting {lever} at {value:g}",
    "frontier": "frontier: {n} points where the last lever is as low as the targets allow",
    "reconfirm": (
        "{n} frontier points missed the targets on all replications: bisected again, every point that meets "
        "them confirmed on all"
    ),
    "budget": "no point on the frontier that meets the targets is within the budget",
    "polish": (
        "polish: from the cheapest frontier point, neighbours tried on their first replications until none was "
        "cheaper: {values}"
    ),
    "unconfirmed": "confirmation: {values} missed the targets on all replications: the next cheapest tried",
    "confirmed": "confirmation: {values} meets the targets on all {n} replications",
    "polish_confirmed": (
        "confirmation: a neighbour one unit away is cheaper and meets them on all replications: {values}"
    ),
}


@dataclass(frozen=True)
class Step:
    """One step of the search, as a code (see STEP_TEXTS) and its values, so an app can translate it."""

    code: str
    values: dict[str, object]

    def text(self) -> str:
        """In English."""
        vals = {k: _fmt(v) if isinstance(v, tuple) else v for k, v in self.values.items()}
        return STEP_TEXTS[self.code].format(**vals)


@dataclass(frozen=True)
class Candidate:
    """One evaluated combination of lever values."""

    values: tuple[float, ...]
    replications: int  # simulated (0: decided without simulation, see `note`)
    targets: dict[str, Estimate]  # target key -> estimate
    lever_cost_nok: float  # a year, change from today
    overliggedogn_cost_nok: float  # a year, mean over replications (nan when not simulated)
    meets_targets: bool  # on the replications run so far (see `confirmed`)
    within_budget: bool
    note: str = ""  # "over budget", "pruned" when not simulated
    confirmed: bool = False  # simulated on every replication stage (a suggestion always is)

    @property
    def feasible(self) -> bool:
        """Meets every target with confidence and stays within the budget."""
        return self.meets_targets and self.within_budget

    @property
    def annual_cost_nok(self) -> float:
        """The levers' yearly cost plus the municipality's yearly overliggedøgn payment."""
        return self.lever_cost_nok + self.overliggedogn_cost_nok


def _value(r: ReplicationResult, target: Target) -> float:
    return r.system[target.kpi] if target.service == "system" else r.services[target.service][target.kpi]


PHASES = ("pilot", "approximation", "frontier", "polish", "confirmation")  # the steps progress names
BATCH_PER_WORKER = 4  # replications per worker in one batch: progress and a stop come between two batches


@dataclass(frozen=True)
class Progress:
    """How far a search is: its step, candidates done out of those expected, and the time left.

    The time left is the replications still expected times the wall seconds a replication has taken
    on this server so far in this search (None before the first batch has been measured).
    """

    phase: str  # one of PHASES
    candidates_done: int  # lever settings simulated (or taken from earlier runs) so far
    candidates_expected: int  # an estimate, revised at each step; never below candidates_done
    replications_run: int  # simulated by this search
    replications_reused: int  # taken from runs already made (the studio's today, an earlier search)
    seconds: float  # since the search started
    seconds_per_replication: float | None
    seconds_left: float | None

    @property
    def fraction(self) -> float:
        """Candidates done out of those expected, between 0 and 1."""
        return min(1.0, self.candidates_done / max(1, self.candidates_expected))


class Search:
    """One search over the levers' box: evaluations (cached, in stages of replications) and the steps above.

    `store` keeps finished replications across searches (a new private one if None); `today_runs`
    are today's replications as already run elsewhere (the studio's: replication r of the scenario),
    reused rather than simulated again; `on_progress` is called after every batch with a
    :class:`Progress`; `cancelled` is asked before every batch and stops the search with
    :class:`RunCancelled` (the executor's own `cancelled` stops a batch under way).
    """

    def __init__(
        self,
        scenario: Scenario,
        spec: AdviceSpec,
        executor: Executor,
        stages: Sequence[int],
        *,
        store: ReplicationStore | None = None,
        today_runs: Sequence[ReplicationResult] = (),
        on_progress: Callable[[Progress], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> None:
        self.scenario, self.spec, self.executor, self.stages = scenario, spec, executor, tuple(stages)
        self.levers: list[Lever] = list(spec.levers)
        self.grids = [lv.values() for lv in self.levers]
        self.unit = [lv.unit_cost(scenario) or 0.0 for lv in self.levers]
        self.now = [lv.current(scenario) for lv in self.levers]
        self.runs: dict[Point, list[ReplicationResult]] = {}
        self.variants: dict[Point, Scenario] = {}
        self._today: Candidate | None = None
        self.today_runs: list[ReplicationResult] = []  # today's replications, once simulated
        self.done: dict[Point, Candidate] = {}
        self.order: list[Point] = []
        self.floor: list[int] = [0] * len(self.levers)  # lowest index not pruned, per lever
        self.simulations = 0
        self.reused = 0
        self.steps: list[Step] = []
        self.store = store if store is not None else ReplicationStore()
        self._keys: dict[int, tuple[Scenario, str]] = {}
        for r in today_runs:  # the studio's replication r of the scenario is the search's replication r of today
            self.store.put(self._key(scenario), r.replication, r)
        self.on_progress, self.cancelled = on_progress, cancelled
        self.batch = BATCH_PER_WORKER * max(1, int(getattr(executor, "workers", 2) or 2))
        self.phase = PHASES[0]
        self.expected = 0
        self.started = time.perf_counter()
        self.simulating_seconds = 0.0
        self._pilot: set[Point] = set()  # today's and the top's points, left out of the cost of a candidate
        self.finished = False

    # --- progress ----------------------------------------------------------------------------
    def _key(self, scenario: Scenario) -> str:
        known = self._keys.get(id(scenario))
        if known is None or known[0] is not scenario:
            known = self._keys[id(scenario)] = (scenario, scenario_key(scenario))
        return known[1]

    def candidates_done(self) -> int:
        """Lever settings with at least one replication so far."""
        return sum(1 for runs in self.runs.values() if runs)

    def _enter(self, phase: str, still: int) -> None:
        """A new step: `still` more candidates expected from here (an estimate)."""
        self.phase = phase
        self.expected = self.candidates_done() + max(0, still)
        self._report()

    def progress(self) -> Progress:
        """Where the search is now."""
        done = self.candidates_done()
        expected = done if self.finished else max(self.expected, done + (0 if self.phase == PHASES[-1] else 1))
        per_rep = self.simulating_seconds / self.simulations if self.simulations else None
        left = 0.0 if self.finished else None
        if per_rep is not None and not self.finished:
            # what a candidate after the pilot (today and the top, on more stages) has cost so far
            later = [len(runs) for p, runs in self.runs.items() if runs and p not in self._pilot]
            reps_per_candidate = sum(later) / len(later) if later else self.stages[0] * 1.2
            # a candidate still to come costs what one has cost so far, and the suggestion its full stage
            to_come = (expected - done) * reps_per_candidate + self.stages[-1] - self.stages[0]
            left = max(0.0, to_come * per_rep)
        return Progress(
            self.phase, done, expected, self.simulations, self.reused, time.perf_counter() - self.started,
            per_rep, left,
        )  # fmt: skip

    def finish(self) -> None:
        """The search is over: every expected candidate is done (the last report says so)."""
        self.phase, self.finished = PHASES[-1], True
        with contextlib.suppress(RunCancelled):  # asked to stop just as it ended: the answer is whole all the same
            self._report()

    def _report(self) -> None:
        if self.on_progress is not None:
            self.on_progress(self.progress())

    def _check_stop(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise RunCancelled("the search was stopped")

    def _replications(self, jobs: Sequence[tuple[Scenario, int]]) -> list[ReplicationResult]:
        """Each (scenario, r) job's result: from the store when it was run before, else simulated in batches."""
        keys = [self._key(sc) for sc, _ in jobs]
        out: list[ReplicationResult | None] = [self.store.get(k, r) for k, (_, r) in zip(keys, jobs, strict=True)]
        missing = [i for i, res in enumerate(out) if res is None]
        self.reused += len(jobs) - len(missing)
        for start in range(0, len(missing), self.batch):
            self._check_stop()
            batch = missing[start : start + self.batch]
            t0 = time.perf_counter()
            results = self.executor.map(lean_replication, [jobs[i] for i in batch])
            self.simulating_seconds += time.perf_counter() - t0
            self.simulations += len(batch)
            for i, res in zip(batch, results, strict=True):
                out[i] = res
                self.store.put(keys[i], jobs[i][1], res)
            self._report()
        return [res for res in out if res is not None]

    # --- evaluation ------------------------------------------------------------------
    def values(self, p: Point) -> tuple[float, ...]:
        """The lever values at grid point `p`."""
        return tuple(g[i] for g, i in zip(self.grids, p, strict=True))

    def variant(self, p: Point) -> Scenario:
        """The scenario with the levers set to point `p` (a validated copy)."""
        if p not in self.variants:
            self.variants[p] = apply_levers(self.scenario, self.levers, self.values(p))
        return self.variants[p]

    def lever_cost(self, p: Point) -> float:
        """The levers' yearly cost at point `p`, relative to today."""
        return sum((v - n) * u for v, n, u in zip(self.values(p), self.now, self.unit, strict=True))

    def within_budget(self, p: Point) -> bool:
        """Whether the levers' cost at `p` is within the spec's budget."""
        return self.spec.budget_nok is None or self.lever_cost(p) <= self.spec.budget_nok + 1e-6

    def _candidate(self, p: Point) -> Candidate:
        return self._from_runs(self.values(p), self.runs[p], self.lever_cost(p), self.within_budget(p))

    def _from_runs(
        self, values: tuple[float, ...], runs: list[ReplicationResult], cost: float, within: bool
    ) -> Candidate:
        ests = {t.key: estimate(_value(r, t) for r in runs) for t in self.spec.targets}
        od = overliggedogn_payment(Results(self.scenario, runs)).mean  # the municipality's, a year
        met = all(meets(ests[t.key], t) for t in self.spec.targets)
        return Candidate(values, len(runs), ests, cost, od, met, within, confirmed=len(runs) >= self.stages[-1])

    def today_point(self) -> Point | None:
        """Today's values as a grid point (None when today lies outside the levers' bounds)."""
        point = tuple(g.index(n) if n in g else -1 for g, n in zip(self.grids, self.now, strict=True))
        return None if -1 in point else point

    def today(self) -> Candidate:
        """Today's scenario on every replication stage: the reference for savings."""
        point = self.today_point()
        if point is not None:
            today = self.evaluate([point], ignore_budget=True, full=True)[0]
            self.today_runs = self.runs[point]
            return today
        # today lies outside the levers' bounds: simulate the scenario itself
        if self._today is None:
            runs = self._replications([(self.scenario, r) for r in range(self.stages[-1])])
            self._today = self._from_runs(tuple(self.now), runs, 0.0, True)
            self.today_runs = list(runs)
        return self._today

    def evaluate(
        self, points: Sequence[Point], ignore_budget: bool = False, confirm: bool = False, full: bool = False
    ) -> list[Candidate]:
        """Evaluate points (cached), in stages of replications while a decision is close.

        A point that meets the targets after a few replications is accepted for the
        search; with `confirm` it must still meet them after the last stage (a
        suggestion is never made on three lucky replications). With `full` every
        stage is run (today's costs, against which savings are reported).
        """
        confirm = confirm or full
        todo = []
        for p in dict.fromkeys(points):
            if p in self.done:
                c = self.done[p]
                if ((confirm and c.meets_targets) or full) and c.replications < self.stages[-1]:
                    del self.done[p]
                    todo.append(p)
                continue
            cost = self.lever_cost(p)
            if not ignore_budget and not self.within_budget(p):
                self.done[p] = Candidate(self.values(p), 0, {}, cost, math.nan, False, False, "over budget")
            elif any(i < f for i, f in zip(p, self.floor, strict=True)):
                self.done[p] = Candidate(self.values(p), 0, {}, cost, math.nan, False, True, "pruned")
            else:
                todo.append(p)
        for stage, n in enumerate(self.stages):
            if not todo:
                break
            jobs = [(p, r) for p in todo for r in range(len(self.runs.get(p, [])), n)]
            results = self._replications([(self.variant(p), r) for p, r in jobs])
            for (p, _), res in zip(jobs, results, strict=True):
                self.runs.setdefault(p, []).append(res)
            last = stage == len(self.stages) - 1
            still = []
            for p in todo:
                c = self._candidate(p)
                # worth more replications only if every target's mean is on the right side of its bound
                close = all(meets(c.targets[t.key], t) or _close(c.targets[t.key], t) for t in self.spec.targets)
                accepted = c.meets_targets and not confirm
                hopeless = not c.meets_targets and not close
                if last or (not full and (accepted or hopeless)):
                    self.done[p] = c
                    if p not in self.order:
                        self.order.append(p)
                else:
                    still.append(p)
            todo = still
        return [self.done[p] for p in points]

    # --- the search --------------------------------------------------------------------
    def run(self) -> tuple[Point, str]:
        """Search the lever space; return the best point and why the search stopped.

        The pilot, frontier and polish decide on the first stages (a point is accepted once its
        few replications meet the targets with confidence); only the suggestion, and every point
        the confirmation moves to, must meet them on all stages.
        """
        k = len(self.levers)
        top = tuple(len(g) - 1 for g in self.grids)
        m = {1: 1, 2: 3, 3: 3}.get(k, 2)  # coarse: the polish walks the rest of the way
        bits = math.ceil(math.log2(len(self.grids[-1]) + 1))
        self._enter(PHASES[0], 2 + (m + 1) ** (k - 1) * (bits + 1) + self._polish_expected(k) + k + 1)
        self._pilot = {top, *([self.today_point()] if self.today_point() is not None else [])}
        today = self.today()
        (pilot_top,) = self.evaluate([top], ignore_budget=True)
        self.steps.append(Step("today_meets" if today.meets_targets else "today_misses", {"values": today.values}))
        self.steps.append(Step("top_meets" if pilot_top.meets_targets else "top_misses", {"values": self.values(top)}))
        if not pilot_top.meets_targets:
            return self._closest(), "unreachable"
        self._enter(PHASES[1], (m + 1) ** (k - 1) * (bits + 1) + self._polish_expected(k) + k + 1)
        starts = self._approximate(top)
        # frontier: bisect the last lever on a coarse grid of the others
        outer_axes = [
            sorted({*_spread(self.floor[i], top[i], m), *([starts[i]] if starts[i] is not None else [])})
            for i in range(k - 1)
        ]
        combos = list(itertools.product(*outer_axes)) if k > 1 else [()]
        last_range = top[-1] - self.floor[-1] + 1
        self._enter(PHASES[2], len(combos) * (math.ceil(math.log2(last_range + 1)) + 1) + self._polish_expected(k))
        frontier = self._bisect_last(combos, top, starts[-1])
        self.steps.append(Step("frontier", {"n": len(frontier)}))
        feasible = [p for p in frontier if self.done[p].feasible]
        if not feasible:
            if any(self.done[p].meets_targets for p in frontier):
                self.steps.append(Step("budget", {}))
                return self._closest(), "budget"
            return self._confirm(top, top)  # only the top met, on its first replications
        best = min(feasible, key=lambda p: self.done[p].annual_cost_nok)
        self._enter(PHASES[3], self._polish_expected(k) + k + 1)
        best = self._polish(best, top)
        return self._confirm(best, top)

    @staticmethod
    def _polish_expected(k: int) -> int:
        """About how many neighbours a polish tries: two rounds of moves up, down and trades."""
        return 2 * (2 * k + k * (k - 1))

    def _confirm(self, best: Point, top: Point) -> tuple[Point, str]:
        """The suggestion on every stage: if its first replications were lucky, the next cheapest, or up.

        Then a polish at one unit, where every move must meet the targets on all stages: one unit
        less of any lever (the neighbours that decide the suggestion) misses, breaks the budget or
        costs more.
        """
        self._enter(PHASES[4], len(self.levers) + 1)
        while not self.evaluate([best], confirm=True)[0].feasible:
            self.steps.append(Step("unconfirmed", {"values": self.values(best)}))
            known = [p for p, c in self.done.items() if c.feasible and c.replications]
            if known:  # the cheapest other point that met the targets on its first replications
                best = min(known, key=lambda p: self.done[p].annual_cost_nok)
                continue
            # none left: bisect the last lever again from this combination, confirming every step
            (point,) = self._bisect_last([best[:-1]], top, None, confirm=True) or [top]
            if point == best or not self.evaluate([point], confirm=True)[0].meets_targets:
                if point == top or not self.evaluate([top], confirm=True)[0].meets_targets:
                    return self._closest(), "unreachable"
                point = top
            if not self.done[point].within_budget:
                self.steps.append(Step("budget", {}))
                return self._closest(), "budget"
            best = point
        self.steps.append(Step("confirmed", {"values": self.values(best), "n": self.done[best].replications}))
        return self._polish(best, top, confirm=True), "feasible"

    def _approximate(self, top: Point) -> list[int | None]:
        """Prune below the stability bound and guess a start, for capacity levers with a queue target.

        M/M/c over the service's mean places: the lever's value, plus its overflow places, less what
        its capacity calendar closes on average (the calendar moves with the lever). No approximation
        for a service whose waiting patients renege (any number of places keeps up).
        """
        starts: list[int | None] = [None] * len(self.levers)
        runs = self.runs[top]
        period = measured_period(self.scenario)
        for i, lv in enumerate(self.levers):
            service = self.scenario.service(lv.service)
            own = [t for t in self.spec.targets if t.service == lv.service and t.kpi in WAIT_KPIS]
            if lv.field != "capacity" or not own or service.when_full != "queue" or service.renege is not None:
                continue
            closed = service.capacity - mean_over(service, *period, "capacity")  # places a calendar closes, on average
            offset = service.overflow_places - closed  # M/M/c's places beyond the lever's value
            admitted = sum(r.services[lv.service]["admissions"] for r in runs) / len(runs)
            occupied = sum(r.services[lv.service]["mean_occupancy"] for r in runs) / len(runs)
            if admitted <= 0 or occupied <= 0:
                continue
            rate = admitted / self.scenario.horizon_days
            stay = occupied / rate  # Little's law at the pilot
            bound = math.ceil(stability_bound(rate, stay) - offset - 1e-9)
            floor = next((j for j, v in enumerate(self.grids[i]) if v >= bound), len(self.grids[i]) - 1)
            if floor > self.floor[i]:
                values = {"lever": lv.key, "bound": bound, "rate": rate, "stay": stay, "load": rate * stay}
                self.steps.append(Step("prune", values | {"pruned": floor - self.floor[i]}))
                self.floor[i] = floor
            waits = [t.max for t in own if t.kpi == "mean_wait_days"]
            if waits:
                total = smallest_servers(rate, stay, min(waits))
                c = None if total is None else math.ceil(total - offset - 1e-9)
            else:
                c = bound
            if c is not None:
                starts[i] = max(self.floor[i], min(_nearest(self.grids[i], c), len(self.grids[i]) - 1))
                self.steps.append(Step("start", {"lever": lv.key, "value": self.grids[i][starts[i]]}))
        return starts

    def _bisect_last(
        self, combos: list[tuple[int, ...]], top: Point, start: int | None, confirm: bool = False
    ) -> list[Point]:
        """For each combination of the other levers, the smallest last-lever value that meets the targets."""
        last = len(self.levers) - 1
        # the combination's top must meet the targets, or it has no frontier point
        tops = self.evaluate([(*g, top[last]) for g in combos], ignore_budget=True, confirm=confirm)
        state = {g: (self.floor[last] - 1, top[last]) for g, c in zip(combos, tops, strict=True) if c.meets_targets}
        first = True
        while True:
            probes = {}
            for g, (lo, hi) in state.items():
                lo, hi = self._dominance(g, lo, hi, confirm)
                state[g] = (lo, hi)
                if hi - lo > 1:
                    mid = start if first and start is not None and lo < start < hi else (lo + hi) // 2
                    probes[g] = (*g, mid)
            first = False
            if not probes:
                break
            found = self.evaluate(list(probes.values()), ignore_budget=True, confirm=confirm)
            for g, c in zip(probes, found, strict=True):
                lo, hi = state[g]
                mid = probes[g][-1]
                state[g] = (lo, mid) if c.meets_targets else (mid, hi)
        points = [(*g, hi) for g, (_, hi) in state.items()]
        self.evaluate(points, ignore_budget=True, confirm=confirm)
        return points

    def _dominance(self, g: tuple[int, ...], lo: int, hi: int, confirmed: bool) -> tuple[int, int]:
        """Tighten a bisection bracket with what is known elsewhere (more of every lever never hurts)."""
        for p, c in self.done.items():
            if c.replications == 0:
                continue
            usable = c.confirmed or not confirmed
            if c.meets_targets and usable and all(a <= b for a, b in zip(p[:-1], g, strict=True)):
                hi = min(hi, p[-1])
            elif not c.meets_targets and all(a >= b for a, b in zip(p[:-1], g, strict=True)):
                lo = max(lo, p[-1])
        return lo, max(hi, lo + 1)

    def _polish(self, best: Point, top: Point, confirm: bool = False) -> Point:
        """A pattern search from `best`: each lever up and down, and one traded against another.

        The steps start at a twelfth of each lever's range and halve to one unit. Without `confirm`
        a neighbour is taken on its first replications (the quick pass); with it, every move must
        meet the targets on all stages, at one unit.
        """
        k = len(self.levers)
        step = [1] * k if confirm else [max(1, (top[i] - self.floor[i]) // 12) for i in range(k)]
        start = best
        while True:
            moves = []
            for i in range(k):
                for d in (-step[i], step[i]):
                    moves.append(move(best, {i: d}))
            for i, j in itertools.permutations(range(k), 2):
                moves.append(move(best, {i: -step[i], j: step[j]}))
            moves = [p for p in dict.fromkeys(moves) if all(0 <= a <= t for a, t in zip(p, top, strict=True))]
            cands = self.evaluate(moves)
            better = sorted(
                (c.annual_cost_nok, p)
                for p, c in zip(moves, cands, strict=True)
                if c.feasible and c.annual_cost_nok < self.done[best].annual_cost_nok
            )
            moved = False
            for _, p in better:  # the cheapest neighbour that meets the targets (on every stage, when confirming)
                if not confirm or self.evaluate([p], confirm=True)[0].feasible:
                    best, moved = p, True
                    break
            if moved:
                continue
            if all(s == 1 for s in step):
                break
            step = [max(1, s // 2) for s in step]
        if not confirm:
            self.steps.append(Step("polish", {"values": self.values(best)}))
        elif best != start:
            self.steps.append(Step("polish_confirmed", {"values": self.values(best)}))
        return best

    def best_so_far(self) -> Point:
        """The cheapest candidate that met the targets so far (perhaps on its first replications only), else the
        closest one: what a stopped search shows."""
        met = [p for p, c in self.done.items() if c.feasible and c.replications]
        if met:
            return min(met, key=lambda p: (not self.done[p].confirmed, self.done[p].annual_cost_nok))
        return self._closest()

    def _closest(self) -> Point:
        """The simulated candidate within budget that comes closest to the targets (smallest worst overshoot)."""
        pool = [p for p, c in self.done.items() if c.replications and c.within_budget] or [
            p for p, c in self.done.items() if c.replications
        ]

        def overshoot(p: Point) -> float:
            c = self.done[p]
            return max(_ratio(c.targets[t.key], t) for t in self.spec.targets)

        return min(pool, key=lambda p: (overshoot(p), self.done[p].annual_cost_nok))

    def frontier(self) -> list[Candidate]:
        """Pareto front of total cost against the first target's KPI.

        Over the simulated candidates within budget that meet every other target
        (a trade-off that breaks another target is no trade-off).
        """
        main, *others = self.spec.targets
        key = main.key
        cands = [
            c
            for c in (self.done[p] for p in self.order)
            if c.within_budget and c.replications and all(meets(c.targets[t.key], t) for t in others)
        ]
        cands.sort(key=lambda c: (c.annual_cost_nok, c.targets[key].mean))
        front, best_kpi = [], math.inf
        for c in cands:
            if c.targets[key].mean < best_kpi:
                front.append(c)
                best_kpi = c.targets[key].mean
        return front


def _close(e: Estimate, t: Target) -> bool:
    """The mean meets the bound but the interval reaches over it: more replications could confirm it."""
    return not math.isnan(e.mean) and e.mean <= t.max < e.high


def _ratio(e: Estimate, t: Target) -> float:
    upper = upper_end(e)
    if math.isnan(upper):
        return math.inf
    return (upper - t.max) / max(abs(t.max), 1e-9)


def _nearest(grid: list[float], value: float) -> int:
    return min(range(len(grid)), key=lambda i: (abs(grid[i] - value), -i))


def _spread(lo: int, hi: int, m: int) -> list[int]:
    if m <= 1 or hi <= lo:
        return [hi]
    return sorted({round(lo + (hi - lo) * j / (m - 1)) for j in range(m)})


def move(p: Point, deltas: dict[int, int]) -> Point:
    """The point `p` with lever i moved by deltas[i] steps."""
    return tuple(a + deltas.get(i, 0) for i, a in enumerate(p))


def _fmt(values: tuple[float, ...]) -> str:
    return "(" + ", ".join(f"{v:g}" for v in values) + ")"
