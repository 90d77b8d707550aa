"""Designed experiments: many lever settings, each run for the same replications.

A design file (YAML or JSON), validated like a scenario (every problem with its field path)::

    scenario: ../scenarios/example_small.yaml   # relative to the design file
    replications: 5          # optional: default the scenario's
    seed: 2026               # optional: overrides the scenario's seed
    horizon_days: 180        # optional override (warmup_days too)
    design: grid             # grid (every combination) | lhs (Latin hypercube)
    samples: 20              # lhs only, required there: number of points
    design_seed: 1           # lhs only: seed of the sampling (default 0)
    levers:
      - {service: short_term, field: capacity, min: 20, max: 40, step: 10}
      - {service: home_care, field: staffing.fte, min: 50, max: 70, step: 5}

Replication r runs with the same seed at every point (common random numbers),
so differences between points are not blurred by different patients. All the
runs of an experiment go to the executor in one call, so a local pool or a
Dask cluster can spread them all at once.
"""

from __future__ import annotations

import itertools
import math
import os
import random
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from harmoni_model.planning.levers import Lever, apply_levers, lever_problems
from harmoni_model.problems import Problem
from harmoni_model.results.estimates import estimate
from harmoni_model.running.executors import Executor, lean_replication
from harmoni_model.scenario.errors import ScenarioError, problems_from
from harmoni_model.scenario.files import load_scenario, parse_text, read_text_file
from harmoni_model.scenario.format import NoBool, Scenario
from harmoni_model.simulation.kpis import SERVICE_KPIS, SYSTEM_KPIS

if TYPE_CHECKING:
    import pandas as pd

MAX_POINTS = 10_000
MAX_RUNS = 1_000_000  # points x replications
MAX_LEVERS = 10
TABLE_KEYS = ("point", "replication", "scope", "kpi")  # with the lever columns: one row per value


class ExperimentDesign(BaseModel):
    """A design file: which scenario, which levers over which values, how many replications."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    scenario: Annotated[str, Field(min_length=1)]
    replications: Annotated[int, NoBool, Field(ge=1, le=1000)] | None = None
    seed: Annotated[int, NoBool, Field(ge=0, le=2**63 - 1)] | None = None
    horizon_days: Annotated[int, NoBool, Field(ge=1, le=36500)] | None = None
    warmup_days: Annotated[int, NoBool, Field(ge=0, le=36500)] | None = None
    design: Literal["grid", "lhs"] = "grid"
    samples: Annotated[int, NoBool, Field(ge=1, le=MAX_POINTS)] | None = Field(default=None, validate_default=True)
    design_seed: Annotated[int, NoBool, Field(ge=0, le=2**63 - 1)] | None = Field(default=None, validate_default=True)
    levers: Annotated[tuple[Lever, ...], Field(min_length=1, max_length=MAX_LEVERS)]

    @field_validator("samples", "design_seed")
    @classmethod
    def _lhs_only(cls, v: int | None, info: ValidationInfo) -> int | None:
        design = info.data.get("design")
        if design == "lhs" and v is None and info.field_name == "samples":
            raise ValueError("required for design: lhs (the number of points)")
        if design == "grid" and v is not None:
            raise ValueError("only for design: lhs (a grid takes every combination of the levers' values)")
        return v

    @field_validator("levers")
    @classmethod
    def _distinct_and_small(cls, levers: tuple[Lever, ...], info: ValidationInfo) -> tuple[Lever, ...]:
        keys = [lever.key for lever in levers]
        twice = sorted({k for k in keys if keys.count(k) > 1})
        if twice:
            raise ValueError(f"a lever is given twice: {', '.join(twice)}")
        if info.data.get("design") == "grid":
            n = math.prod(len(lever.values()) for lever in levers)
            if n > MAX_POINTS:
                raise ValueError(
                    f"the grid has {n} points (at most {MAX_POINTS}): use larger steps, fewer levers or design: lhs"
                )
        return levers

    @property
    def lever_keys(self) -> list[str]:
        """The levers' ``service:field`` names, the table's lever columns."""
        return [lever.key for lever in self.levers]


def validate_design(data: Any) -> ExperimentDesign:
    """A validated design from parsed data; ScenarioError lists every problem with its field path."""
    if not isinstance(data, dict):
        raise ScenarioError([Problem("", "a design file must be a mapping with scenario, replications and levers")])
    try:
        return ExperimentDesign.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(problems_from(exc)) from None


def load_design(path: str | Path) -> ExperimentDesign:
    """Read and validate a design file (YAML or JSON); its ``scenario`` becomes a path from here, not from it."""
    path = Path(path)
    data = parse_text(read_text_file(path), str(path))
    if isinstance(data, dict) and isinstance(data.get("scenario"), str) and data["scenario"].strip():
        data = {**data, "scenario": os.path.normpath(path.parent / data["scenario"])}
    return validate_design(data)


def load_experiment(path: str | Path) -> tuple[ExperimentDesign, Scenario]:
    """The design file at `path` and its scenario, checked against each other (ScenarioError otherwise)."""
    design = load_design(path)
    try:
        scenario = load_scenario(design.scenario)
    except ScenarioError as exc:
        where = design.scenario
        raise ScenarioError(
            [Problem("scenario", str(p) if str(p).startswith(where) else f"{where}: {p}") for p in exc.problems]
        ) from None
    base_scenario(design, scenario)  # every problem now, before any run
    return design, scenario


def base_scenario(design: ExperimentDesign, scenario: Scenario) -> Scenario:
    """`scenario` with the design's replications, seed, horizon and warm-up (ScenarioError if they do not fit)."""
    problems = lever_problems(design.levers, scenario, need_cost=False)
    if problems:
        raise ScenarioError(problems)
    runs = point_count(design) * (design.replications or scenario.replications)
    if runs > MAX_RUNS:
        raise ScenarioError([Problem("replications", f"{runs} runs (points x replications): at most {MAX_RUNS}")])
    overrides = {
        key: getattr(design, key)
        for key in ("replications", "seed", "horizon_days", "warmup_days")
        if getattr(design, key) is not None
    }
    return scenario.variant(**overrides) if overrides else scenario


def point_count(design: ExperimentDesign) -> int:
    """How many points the design has (without listing them)."""
    if design.design == "lhs":
        assert design.samples is not None  # the model requires it for lhs
        return design.samples
    return math.prod(len(lever.values()) for lever in design.levers)


def design_points(design: ExperimentDesign) -> list[tuple[float, ...]]:
    """The lever values of every point, in the order of ``design.levers`` (same design: same points)."""
    if design.design == "grid":
        return list(itertools.product(*(lever.values() for lever in design.levers)))
    assert design.samples is not None  # the model requires it for lhs
    rng = random.Random(design.design_seed or 0)
    columns = [_lhs_column(lever, design.samples, rng) for lever in design.levers]
    return list(zip(*columns, strict=True))


STRATUM_SLACK = 2e-6  # in the lever's units: more than the rounding of a step value, less than any step


def _lhs_column(lever: Lever, n: int, rng: random.Random) -> list[float]:
    """`n` values of one lever, one in each of `n` equal strata of [min, max], in a random order.

    Each value is drawn uniformly in its stratum and moved to the nearest step
    (``min + k * step``); to the nearest step inside the stratum if it has one,
    so a stratum keeps its value whenever the steps allow it.
    """
    width = (lever.max - lever.min) / n
    last = math.floor((lever.max - lever.min) / lever.step + 1e-9)
    values = []
    for i in range(n):
        x = lever.min + (i + rng.random()) * width
        k = min(max(round((x - lever.min) / lever.step), 0), last)
        # a step within STRATUM_SLACK of the stratum counts as in it (steps are written with 6 decimals)
        first_in = max(math.ceil((i * width - STRATUM_SLACK) / lever.step), 0)
        last_in = min(math.floor(((i + 1) * width + STRATUM_SLACK) / lever.step), last)
        if first_in <= last_in:
            k = min(max(k, first_in), last_in)
        values.append(_step_value(lever, k))
    order = list(range(n))
    rng.shuffle(order)
    return [values[j] for j in order]


def _step_value(lever: Lever, k: int) -> float:
    """The k-th value of the lever's step grid, as ``Lever.values`` writes it."""
    v = lever.min + k * lever.step
    return int(v) if lever.field == "capacity" else round(v, 6)


def run_experiment(design: ExperimentDesign, scenario: Scenario, executor: Executor) -> pd.DataFrame:
    """Every point of the design for every replication, as a tidy table.

    Columns: ``point``, one per lever (``service:field``), ``replication``,
    ``scope`` (a service id or ``system``), ``kpi``, ``value``; sorted by
    point, replication, scope and kpi. `scenario` is the design's scenario,
    unchanged; the design's overrides are applied here.
    """
    import pandas as pd

    base = base_scenario(design, scenario)
    points = design_points(design)
    variants = [apply_levers(base, list(design.levers), point) for point in points]
    jobs = [(variant, r) for variant in variants for r in range(base.replications)]
    results = executor.map(lean_replication, jobs)
    if len(results) != len(jobs):
        raise RuntimeError(f"{executor!r} returned {len(results)} results for {len(jobs)} runs")

    keys = design.lever_keys
    columns: dict[str, list[Any]] = {name: [] for name in ("point", *keys, "replication", "scope", "kpi", "value")}
    kpis = [(sid, kpi) for sid in base.service_ids for kpi in SERVICE_KPIS]
    per_run = len(kpis) + len(SYSTEM_KPIS)
    runs = iter(results)  # in the order of the jobs: point by point, replication by replication
    for p, point in enumerate(points):
        for r in range(base.replications):
            result = next(runs)
            columns["point"].extend([p] * per_run)
            for key, value in zip(keys, point, strict=True):
                columns[key].extend([value] * per_run)
            columns["replication"].extend([r] * per_run)
            columns["scope"].extend([sid for sid, _ in kpis] + ["system"] * len(SYSTEM_KPIS))
            columns["kpi"].extend([kpi for _, kpi in kpis] + list(SYSTEM_KPIS))
            columns["value"].extend([float(result.services[sid][kpi]) for sid, kpi in kpis])
            columns["value"].extend([float(result.system[kpi]) for kpi in SYSTEM_KPIS])
    table = pd.DataFrame(columns)
    return table.sort_values(list(TABLE_KEYS), kind="stable", ignore_index=True)


def estimates_by_point(table: pd.DataFrame) -> pd.DataFrame:
    """Mean and 95 % interval over replications per point, scope and KPI (``mean, ci_low, ci_high, n``)."""
    import pandas as pd

    levers = [c for c in table.columns if c not in (*TABLE_KEYS, "value")]
    keys = ["point", *levers, "scope", "kpi"]
    rows = []
    for key, values in table.groupby(keys, sort=True)["value"]:
        est = estimate(values)
        rows.append((*key, est.mean, est.low, est.high, est.n))
    return pd.DataFrame(rows, columns=[*keys, "mean", "ci_low", "ci_high", "n"])
