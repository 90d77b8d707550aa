"""Every combination of lever values, evaluated as the advisor would: the check the advisor is tested against."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from harmoni_model.planning.advisor import STAGES
from harmoni_model.planning.levers import AdviceSpec
from harmoni_model.planning.search import Candidate, Search
from harmoni_model.running.executors import Executor, LocalExecutor
from harmoni_model.scenario.format import Scenario


def brute_force(
    scenario: Scenario, spec: AdviceSpec, executor: Executor | None = None, stages: Sequence[int] = STAGES
) -> tuple[Candidate | None, list[Candidate]]:
    """Every combination of lever values evaluated as the advisor would (for checking it on small problems).

    Returns the cheapest feasible candidate (None if there is none) and all candidates.
    """
    search = Search(scenario, spec, executor or LocalExecutor(), stages)
    points = list(itertools.product(*(range(len(g)) for g in search.grids)))
    search.evaluate(points, ignore_budget=True)
    search.evaluate([p for p in points if search.done[p].meets_targets], ignore_budget=True, confirm=True)
    cands = [search.done[p] for p in points]
    feasible = [c for c in cands if c.feasible]
    return (min(feasible, key=lambda c: c.annual_cost_nok) if feasible else None), cands
