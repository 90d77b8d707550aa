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

Simulation is spent where the decision is close: a candidate starts with 3
replications and gets 6, then 10 only while every target's mean meets its
bound but an interval still reaches over it. A candidate the search moves to
must meet the targets after all 10 (three lucky replications are not enough
near a tipping point). Replication r of every candidate uses the same random numbers (common
random numbers), so candidates differ by their levers, not by luck.

This module is the answer (:class:`Advice`, :func:`advise`); the search that finds it is
:mod:`harmoni_model.planning.search`, the rule for a met target ``levers.meets``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from harmoni_model.planning.levers import AdviceSpec, Target, apply_levers, meets, upper_end
from harmoni_model.planning.search import STAGES, STEP_TEXTS, Candidate, Search, Step, move
from harmoni_model.results.tidy import Results
from harmoni_model.running.executors import Executor, LocalExecutor
from harmoni_model.scenario.format import Scenario

# the advisor's vocabulary, from the modules that hold it (pages import it from here)
__all__ = [
    "STAGES", "STEP_TEXTS", "Advice", "Candidate", "Step", "advise", "meets", "upper_end",
]  # fmt: skip


@dataclass(frozen=True)
class Advice:
    """The advisor's answer, with what it tried."""

    scenario: Scenario
    spec: AdviceSpec
    feasible: bool
    reason: str  # "feasible", or why not: "unreachable" (even every lever at its maximum misses),
    #              "budget" (every point that meets the targets costs more than the budget)
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
) -> Advice:
    """The cheapest lever values that meet every target with confidence, or the closest candidate.

    `spec` must have been checked against `scenario` (see levers.validate_spec).
    """
    t0 = time.perf_counter()
    search = Search(scenario, spec, executor or LocalExecutor(), stages)
    best, reason = search.run()
    feasible = reason == "feasible"
    lower = []
    if feasible:
        for i, lv in enumerate(spec.levers):
            if best[i] > 0 and search.values(best)[i] != lv.current(scenario):
                p = move(best, {i: -1})
                lower.append((lv.key, search.evaluate([p])[0]))
    best_c = search.done[best]
    if not best_c.replications:  # only when nothing could be simulated within budget
        search.evaluate([best], ignore_budget=True)
        best_c = search.done[best]
    runs = search.runs[best]
    suggested = apply_levers(scenario, spec.levers, best_c.values, name=f"{scenario.name}: advisor")
    today = search.today()
    return Advice(
        scenario=scenario,
        spec=spec,
        feasible=feasible,
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
    )
