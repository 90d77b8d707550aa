"""The capacity advisor: the cheapest change of the levers that meets every target with confidence.

Cost of a candidate = the levers' yearly cost (change from today times the cost
per unit) + the municipality's yearly overliggedøgn payments in that candidate
(``results.costs``). Who pays what (by organisation) is ``results.costs`` on the
suggestion's and today's replications (``Advice.best_results``, ``today_results``).
A candidate *meets* a target when the upper end of the KPI's 95 % interval is at
or under the bound, and it must stay within the budget (levers' cost only).

How it searches (every step is reported, so the suggestion can be defended):

1. **Pilot.** Today's values and every lever at its maximum are simulated. If
   the maximum misses a target, nothing in the box meets it (more capacity
   never makes a queue longer): the answer is "not feasible" and the closest
   candidate.
2. **Approximation.** For a capacity lever whose own queue has a target, the
   pilot's flow gives an M/M/c model: fewer places than the offered load are
   pruned (the queue would grow without end), and Erlang C's smallest c for a
   wait target is where the search looks first.
3. **Frontier.** On a coarse grid of the other levers, the last lever is
   bisected for its smallest value that meets the targets; known results prune
   by dominance (if a point meets the targets, every point above it does).
4. **Polish.** From the cheapest frontier point, a pattern search tries each
   lever up and down and trades one lever against another, halving the step to
   one unit. It stops where no neighbour is cheaper and meets the targets: in
   particular one unit less of any lever misses a target, breaks the budget or
   costs more in total.

5. **Confirmation.** The steps above decide on a candidate's first replications
   (a quick pass). The suggestion must then meet every target on all of them; if
   its first replications were lucky, the next cheapest candidate that met the
   targets is confirmed instead (or the last lever bisected again, confirming
   every step), and a last polish at one unit confirms every move.

Simulation is spent where the decision is close: a candidate starts with 3
replications and gets more stages (6, then 10 by default; in the app the
studio's replications) only while every target's mean meets its bound but an
interval still reaches over it. Replication r of every candidate uses the same
random numbers (common random numbers), so candidates differ by their levers,
not by luck, and a replication already run (today's in the studio, a candidate
of an earlier search in a ``ReplicationStore``) is reused, never run again.

While it runs, the search reports its progress (``on_progress``: the step,
candidates done out of those expected, the time left at the seconds per
replication measured so far). Stopped (``cancelled``, or the executor's own
cancellation), it answers with ``reason == "stopped"`` and the best candidate
so far, not confirmed.

This module is the answer (:class:`Advice`, :func:`advise`); the search that finds it is
:mod:`harmoni_model.planning.search`, the rule for a met target ``levers.meets``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from harmoni_model.planning.levers import AdviceSpec, Target, apply_levers, meets, upper_end
from harmoni_model.planning.replication_store import ReplicationStore
from harmoni_model.planning.search import PHASES, STAGES, STEP_TEXTS, Candidate, Progress, Search, Step, move
from harmoni_model.results.tidy import Results
from harmoni_model.running.executors import Executor, LocalExecutor
from harmoni_model.running.pool import RunCancelled
from harmoni_model.scenario.format import Scenario
from harmoni_model.simulation.engine import ReplicationResult

# the advisor's vocabulary, from the modules that hold it (pages import it from here)
__all__ = [
    "PHASES", "STAGES", "STEP_TEXTS", "Advice", "Candidate", "Progress", "ReplicationStore", "Step", "advise",
    "meets", "upper_end",
]  # fmt: skip


@dataclass(frozen=True)
class Advice:
    """The advisor's answer, with what it tried."""

    scenario: Scenario
    spec: AdviceSpec
    feasible: bool
    reason: str  # "feasible", or why not: "unreachable" (even every lever at its maximum misses),
    #              "budget" (every point that meets the targets costs more than the budget),
    #              "stopped" (stopped before the end: `best` is the best so far, not confirmed)
    best: Candidate  # the suggestion, or the closest candidate when not feasible
    today: Candidate
    best_results: Results  # the suggestion's replications, for its KPIs as run
    today_results: Results  # today's replications (the same random numbers): who pays is the change between them
    candidates: list[Candidate]  # every simulated candidate, in order of evaluation
    frontier: list[Candidate]  # Pareto front: total cost against the first target's KPI
    lower_neighbours: list[tuple[str, Candidate]]  # one unit less of each changed lever
    evaluations: int
    simulations: int
    pruned: int
    seconds: float
    steps: list[Step] = field(default_factory=list)
    reused: int = 0  # replications taken from runs already made (today's in the studio, earlier searches)
    progress: Progress | None = None  # where the search was when it ended (or was stopped)

    @property
    def stopped(self) -> bool:
        """The search was stopped before it could confirm a suggestion."""
        return self.reason == "stopped"

    def explain(self) -> list[str]:
        """The search's steps in English."""
        return [step.text() for step in self.steps]

    def changes(self) -> list[dict[str, object]]:
        """The suggestion as lever changes (only levers that move)."""
        return [
            {"service": lv.service, "field": lv.field, "from": lv.current(self.scenario), "to": v}
            for lv, v in zip(self.spec.levers, self.best.values, strict=True)
            if v != lv.current(self.scenario)
        ]

    def suggested_scenario(self, name: str | None = None) -> Scenario:
        """The starting scenario with the suggestion applied (named `name`, else "<scenario>: advisor")."""
        return apply_levers(
            self.scenario, self.spec.levers, self.best.values, name=name or f"{self.scenario.name}: advisor"
        )

    def to_json(self) -> dict[str, object]:
        """The CLI's JSON: feasible, changes, annual cost, KPIs as run, evaluations, frontier."""

        def cand(c: Candidate) -> dict[str, object]:
            return {
                "values": {lv.key: v for lv, v in zip(self.spec.levers, c.values, strict=True)},
                "annual_cost_nok": _num(c.annual_cost_nok),
                "lever_cost_nok": _num(c.lever_cost_nok),
                "overliggedogn_cost_nok": _num(c.overliggedogn_cost_nok),
                "targets": {k: e.as_json() for k, e in c.targets.items()},
                "meets_targets": c.meets_targets,
                "within_budget": c.within_budget,
                "replications": c.replications,
            }

        run = self.best_results.to_json()
        return {
            "feasible": self.feasible,
            "reason": self.reason,
            "changes": self.changes(),
            "annual_cost_nok": _num(self.best.annual_cost_nok),
            "lever_cost_nok": _num(self.best.lever_cost_nok),
            "overliggedogn_cost_nok": _num(self.best.overliggedogn_cost_nok),
            "today_overliggedogn_cost_nok": _num(self.today.overliggedogn_cost_nok),
            "targets": {k: {"max": t.max, **self.best.targets[k].as_json()} for k, t in _targets(self.spec).items()},
            "kpis": {"services": run["services"], "system": run["system"], "replications": run["replications"]},
            "evaluations": self.evaluations,
            "simulations": self.simulations,
            "reused_replications": self.reused,
            "pruned": self.pruned,
            "seconds": round(self.seconds, 2),
            "frontier": [cand(c) for c in self.frontier],
            "lower_neighbours": [{"lever": k, **cand(c)} for k, c in self.lower_neighbours],
            "steps": self.explain(),
        }


def _num(x: float) -> float | None:
    return None if x is None or math.isnan(x) or math.isinf(x) else round(x, 2)


def _targets(spec: AdviceSpec) -> dict[str, Target]:
    return {t.key: t for t in spec.targets}


def advise(
    scenario: Scenario,
    spec: AdviceSpec,
    executor: Executor | None = None,
    stages: Sequence[int] = STAGES,
    *,
    store: ReplicationStore | None = None,
    today_runs: Sequence[ReplicationResult] = (),
    on_progress: Callable[[Progress], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Advice:
    """The cheapest lever values that meet every target with confidence, or the closest candidate.

    `spec` must have been checked against `scenario` (see levers.validate_spec). `store`,
    `today_runs`, `on_progress` and `cancelled`: see :class:`~harmoni_model.planning.search.Search`.
    A search stopped by `cancelled` or by the executor's cancellation returns the best candidate so
    far with ``reason == "stopped"``; it raises RunCancelled only when it was stopped before today
    was known.
    """
    t0 = time.perf_counter()
    search = Search(
        scenario, spec, executor or LocalExecutor(), stages,
        store=store, today_runs=today_runs, on_progress=on_progress, cancelled=cancelled,
    )  # fmt: skip
    lower = []
    try:
        best, reason = search.run()
        if reason == "feasible":
            for i, lv in enumerate(spec.levers):
                if best[i] > 0 and search.values(best)[i] != lv.current(scenario):
                    p = move(best, {i: -1})
                    lower.append((lv.key, search.evaluate([p])[0]))
        best_c = search.done[best]
        if not best_c.replications:  # only when nothing could be simulated within budget
            search.evaluate([best], ignore_budget=True)
            best_c = search.done[best]
        today = search.today()
    except RunCancelled:
        if not search.today_runs:
            raise
        best, reason, lower = search.best_so_far(), "stopped", []
        best_c, today = search.done[best], search.today()  # today's runs are all known: nothing to simulate
    runs = search.runs[best]
    suggested = apply_levers(scenario, spec.levers, best_c.values, name=f"{scenario.name}: advisor")
    if reason != "stopped":
        search.finish()
    return Advice(
        scenario=scenario,
        spec=spec,
        feasible=reason == "feasible",
        reason=reason,
        best=best_c,
        today=today,
        best_results=Results(suggested, runs),
        today_results=Results(scenario, search.today_runs),
        candidates=[search.done[p] for p in search.order],
        frontier=search.frontier(),
        lower_neighbours=lower,
        evaluations=sum(1 for c in search.done.values() if c.replications),
        simulations=search.simulations,
        pruned=sum(1 for c in search.done.values() if c.note),
        seconds=time.perf_counter() - t0,
        steps=search.steps,
        reused=search.reused,
        progress=search.progress(),
    )
