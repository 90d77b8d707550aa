"""Levers (what may change, within bounds, at a yearly cost) and targets (bounds on KPIs).

A targets file, validated like a scenario (every problem with its field path)::

    targets:
      - {service: hospital_medical, kpi: mean_blocked, max: 5}
      - {service: short_term, kpi: mean_wait_days, max: 3}
    levers:
      - {service: short_term, field: capacity, min: 100, max: 200, cost_per_unit_nok: 1100000}
      - {service: home_care, field: staffing.fte, min: 300, max: 420, cost_per_unit_nok: 750000}
    budget_nok: 40000000

A lever moves in whole `step`s (default 1 place or 1 FTE) from `min` to `max`.
Without `cost_per_unit_nok` it takes the scenario's `cost_per_place_nok` or
`cost_per_fte_nok`. A target on `service: system` bounds a system KPI
(`overliggedogn`, `overliggedogn_cost_nok`, `corridor_days`).

A lever sets the plain `capacity` (or staffing `fte`); its calendar's periods
move by the same amount (``scenario.changes``), so a unit of a lever is a unit
on every day and costs ``unit_cost`` a year (unless a period would go below 0).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, NonNegativeFloat, ValidationError, model_validator

from harmoni_model.problems import Problem
from harmoni_model.results.estimates import Estimate
from harmoni_model.scenario.changes import Changes, apply_changes
from harmoni_model.scenario.errors import ScenarioError, problems_from
from harmoni_model.scenario.files import parse_text, read_text_file
from harmoni_model.scenario.format import Scenario
from harmoni_model.simulation.kpis import SERVICE_KPIS, SYSTEM_KPIS

LeverField = Literal["capacity", "staffing.fte"]
MAX_LEVER_VALUES = 100_000  # per lever: a search space, not a denial of service


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Lever(_Frozen):
    """One thing that may change: a service's places or staffed FTE, within [min, max]."""

    service: Annotated[str, Field(min_length=1)]
    field: LeverField
    min: NonNegativeFloat
    max: NonNegativeFloat
    step: Annotated[float, Field(gt=0)] = 1.0
    cost_per_unit_nok: float | None = None  # a year; negative would be a saving per unit

    @model_validator(mode="after")
    def _bounds(self) -> Lever:
        if self.max < self.min:
            raise ValueError(f"max ({self.max:g}) is below min ({self.min:g})")
        if self.field == "capacity" and (self.min != int(self.min) or self.step != int(self.step)):
            raise ValueError("places are whole numbers: min and step must be whole for a capacity lever")
        if (self.max - self.min) / self.step + 1 > MAX_LEVER_VALUES:
            raise ValueError(f"more than {MAX_LEVER_VALUES} values between min and max: use a larger step")
        return self

    @property
    def key(self) -> str:
        """``service:field``, a name for columns and messages."""
        return f"{self.service}:{self.field}"

    def values(self) -> list[float]:
        """Every value the lever can take, from min to max in steps."""
        n = math.floor((self.max - self.min) / self.step + 1e-9) + 1
        out = [min(self.max, self.min + i * self.step) for i in range(n)]  # float noise never passes max
        return [int(v) for v in out] if self.field == "capacity" else [min(self.max, round(v, 6)) for v in out]

    def current(self, scenario: Scenario) -> float:
        """The value in `scenario` now: the plain capacity or FTE (outside calendar periods; not a year's mean)."""
        s = scenario.service(self.service)
        if self.field == "capacity":
            return s.capacity
        if s.staffing is None:
            raise KeyError(f"service {self.service!r} has no staffing")
        return s.staffing.fte

    def unit_cost(self, scenario: Scenario) -> float | None:
        """NOK a year per unit: the lever's own figure, else the scenario's."""
        if self.cost_per_unit_nok is not None:
            return self.cost_per_unit_nok
        s = scenario.service(self.service)
        if self.field == "capacity":
            return s.cost_per_place_nok
        return s.staffing.cost_per_fte_nok if s.staffing is not None else None


class Target(_Frozen):
    """An upper bound on one KPI of one service (or of the system)."""

    service: Annotated[str, Field(min_length=1)]
    kpi: str
    max: NonNegativeFloat  # every KPI is >= 0

    @model_validator(mode="after")
    def _known_kpi(self) -> Target:
        known = SYSTEM_KPIS if self.service == "system" else SERVICE_KPIS
        if self.kpi not in known:
            raise ValueError(f"unknown KPI {self.kpi!r} for {self.service!r} (known: {', '.join(known)})")
        return self

    @property
    def key(self) -> str:
        """The target's key, ``service:kpi``."""
        return f"{self.service}:{self.kpi}"


def upper_end(e: Estimate) -> float:
    """The upper end of the 95 % interval (the mean when there is no interval): what a bound is checked on."""
    return e.high if e.n > 1 and not math.isnan(e.high) else e.mean


def meets(e: Estimate, t: Target) -> bool:
    """The whole 95 % interval is at or under the target's bound."""
    upper = upper_end(e)
    return not math.isnan(upper) and upper <= t.max


class AdviceSpec(_Frozen):
    """Targets to meet and levers that may be pulled, with an optional budget."""

    targets: Annotated[list[Target], Field(min_length=1, max_length=20)]
    levers: Annotated[list[Lever], Field(min_length=1, max_length=6)]
    budget_nok: NonNegativeFloat | None = None

    @model_validator(mode="after")
    def _distinct(self) -> AdviceSpec:
        keys = [lever.key for lever in self.levers]
        twice = sorted({k for k in keys if keys.count(k) > 1})
        if twice:
            raise ValueError(f"a lever is given twice: {', '.join(twice)}")
        return self


def lever_problems(levers: Sequence[Lever], scenario: Scenario, need_cost: bool) -> list[Problem]:
    """Problems of levers with this scenario: unknown services, staffing that is not there, (a missing cost)."""
    problems = []
    ids = scenario.service_ids
    for i, lever in enumerate(levers):
        if lever.service not in ids:
            problems.append(Problem(f"levers[{i}].service", f"no service {lever.service!r} (known: {', '.join(ids)})"))
        elif lever.field == "staffing.fte" and scenario.service(lever.service).staffing is None:
            problems.append(Problem(f"levers[{i}].field", f"{lever.service!r} has no staffing to change"))
        elif need_cost and lever.unit_cost(scenario) is None:
            problems.append(
                Problem(f"levers[{i}].cost_per_unit_nok", "needed: the scenario has no cost for this service either")
            )
    return problems


def check_against(spec: AdviceSpec, scenario: Scenario) -> list[Problem]:
    """Problems of a valid spec with this scenario: unknown services, missing staffing or costs."""
    ids = scenario.service_ids
    problems = [
        Problem(f"targets[{i}].service", f"no service {target.service!r} (known: {', '.join(ids)})")
        for i, target in enumerate(spec.targets)
        if target.service != "system" and target.service not in ids
    ]
    return problems + lever_problems(spec.levers, scenario, need_cost=True)


def validate_spec(data: Any, scenario: Scenario | None = None) -> AdviceSpec:
    """A validated spec from parsed data (and checked against `scenario`); ScenarioError lists every problem."""
    if not isinstance(data, dict):
        raise ScenarioError([Problem("", "a targets file must be a mapping with targets, levers and budget_nok")])
    try:
        spec = AdviceSpec.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(problems_from(exc)) from None
    problems = check_against(spec, scenario) if scenario is not None else []
    if problems:
        raise ScenarioError(problems)
    return spec


def load_spec(path: str | Path, scenario: Scenario | None = None) -> AdviceSpec:
    """Read and validate a targets file (YAML or JSON)."""
    return validate_spec(parse_text(read_text_file(path), str(path)), scenario)


def apply_levers(
    scenario: Scenario, levers: list[Lever], values: tuple[float, ...], name: str | None = None
) -> Scenario:
    """A validated copy of `scenario` with each lever set to its value."""
    changes = lever_changes(levers, values)
    return scenario if changes.is_empty() else apply_changes(scenario, changes, name=name)


def lever_changes(levers: list[Lever], values: tuple[float, ...]) -> Changes:
    """Each lever set to its value, as workshop changes (what the library records of a suggestion)."""
    capacity = {lv.service: int(v) for lv, v in zip(levers, values, strict=True) if lv.field == "capacity"}
    fte = {lv.service: float(v) for lv, v in zip(levers, values, strict=True) if lv.field == "staffing.fte"}
    return Changes(capacity=capacity, fte=fte)
