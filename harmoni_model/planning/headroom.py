"""Headroom: how much more demand (or how many fewer places) before a KPI breaks its bound.

One question, one lever: ``demand`` multiplies every arrival stream by a factor
(today 1), ``capacity:SERVICE`` sets one service's places (today its capacity;
its calendar periods move by the same amount, :func:`~harmoni_model.scenario.changes.apply_changes`).
The answer is found by bisection, on common random numbers: every point runs
replications 0..n-1 of the same seed, so the curve of the KPI against the lever
is monotone up to the noise that is left, and two neighbouring points differ by
the lever, not by other patients.

Three thresholds are bisected at once, on the same points:

- where the **mean** crosses the bound: the answer (``meets_up_to``, ``breaks_at``);
- where the upper end of the 95 % interval crosses it: up to there the KPI meets
  the bound *with confidence* (``sure_meets_up_to``);
- where the lower end crosses it: from there it breaks it with confidence
  (``sure_breaks_at``).

The two outer ones are the answer's precision: the true breaking point lies
between them (each end at 95 % for its point). A bound already broken today, or
never broken in the searched range, is said so (``status``). Totals over the
measured period (overliggedøgn, days at capacity, ...) are compared per year, as
the pages show them; shares as fractions (0.05 for 5 %). No Streamlit here.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from harmoni_model.problems import Problem
from harmoni_model.results.estimates import Estimate
from harmoni_model.results.tidy import Results
from harmoni_model.results.yearly import per_year
from harmoni_model.scenario.changes import Changes, apply_changes
from harmoni_model.scenario.errors import ScenarioError
from harmoni_model.scenario.format import SYSTEM, Scenario
from harmoni_model.simulation.kpis import KPI_INFO, SERVICE_KPIS, SYSTEM_KPIS

DEMAND = "demand"
CAPACITY = "capacity"
DEFAULT_MAX_DEMAND = 2.0  # searched up to twice today's demand unless told otherwise
DEMAND_TOLERANCE = 0.01  # the answer to one per cent of today's demand
CAPACITY_TOLERANCE = 1.0  # ... and to one place
MAX_POINTS = 40  # bisection of three thresholds on a range of 1:1000 needs about 30
Status = Literal["breaks", "broken_today", "holds"]
#: How each status reads, in English (the CLI's statement; the app has its own, in both languages).
STATEMENTS: dict[str, str] = {
    "demand:breaks": "{kpi} stays within {bound:g} up to a demand factor of {meets:g} and breaks it at {breaks:g}",
    "capacity:breaks": "{kpi} stays within {bound:g} down to {meets:g} places at {service} and breaks it at {breaks:g}",
    "demand:holds": "{kpi} stays within {bound:g} over the whole range searched, up to a demand factor of {limit:g}",
    "capacity:holds": "{kpi} stays within {bound:g} over the whole range searched, down to {limit:g} places at "
    "{service}",
    "demand:broken_today": "{kpi} already breaks {bound:g} today ({today:g}): there is no headroom",
    "capacity:broken_today": "{kpi} already breaks {bound:g} today ({today:g}): there is no headroom",
}


@dataclass(frozen=True)
class HeadroomLever:
    """What is stretched: demand (a factor on every arrival stream) or one service's places."""

    kind: Literal["demand", "capacity"]
    service: str | None = None  # the service whose places are cut (capacity only)

    @classmethod
    def parse(cls, text: str) -> HeadroomLever:
        """``demand`` or ``capacity:SERVICE`` (ValueError otherwise)."""
        if text == DEMAND:
            return cls(DEMAND)
        kind, _, service = text.partition(":")
        if kind == CAPACITY and service:
            return cls(CAPACITY, service)
        raise ValueError(f"{text!r}: write demand or capacity:SERVICE")

    @property
    def key(self) -> str:
        """``demand`` or ``capacity:SERVICE``, as the command line writes it."""
        return DEMAND if self.kind == DEMAND else f"{CAPACITY}:{self.service}"

    @property
    def worse_up(self) -> bool:
        """More demand makes things worse; for places, fewer do."""
        return self.kind == DEMAND

    @property
    def tolerance(self) -> float:
        """How close the bisection brackets each threshold (a factor of 0.01, or one place)."""
        return DEMAND_TOLERANCE if self.kind == DEMAND else CAPACITY_TOLERANCE

    def today(self, scenario: Scenario) -> float:
        """The lever's value in `scenario`: a factor of 1, or the service's places."""
        return 1.0 if self.kind == DEMAND else float(scenario.service(self.service or "").capacity)

    def default_limit(self, scenario: Scenario) -> float:
        """The far end of the search: twice today's demand, or no places at all."""
        return DEFAULT_MAX_DEMAND if self.kind == DEMAND else 0.0

    def apply(self, scenario: Scenario, x: float) -> Scenario:
        """`scenario` with the lever at `x` (a new scenario; today's value gives `scenario` itself)."""
        if x == self.today(scenario):
            return scenario  # the same content: a cached run of today is reused
        if self.kind == DEMAND:
            return apply_changes(scenario, Changes(demand_factor=x))
        return apply_changes(scenario, Changes(capacity={self.service or "": int(x)}))


@dataclass(frozen=True)
class HeadroomPoint:
    """One evaluated lever value: the KPI's estimate there (per year for a total)."""

    x: float
    estimate: Estimate


@dataclass(frozen=True)
class Headroom:
    """The answer: the points for a curve, today, the breaking point and its precision.

    Lever values are in the lever's units (a demand factor, or places). ``meets_up_to`` is the
    furthest evaluated value from today whose mean meets the bound, ``breaks_at`` the nearest
    beyond it whose mean does not (within the lever's tolerance of each other). ``sure_meets_up_to``
    and ``sure_breaks_at`` bracket the breaking point by the 95 % intervals; each is None when
    there is no such value in the range (not even today, or not even at the far end).
    """

    scope: str
    kpi: str
    bound: float
    lever: HeadroomLever
    today: float
    limit: float
    replications: int
    points: tuple[HeadroomPoint, ...]  # sorted by x
    status: Status
    meets_up_to: float | None
    breaks_at: float | None
    sure_meets_up_to: float | None
    sure_breaks_at: float | None

    @property
    def today_estimate(self) -> Estimate:
        """The KPI today."""
        return next(p.estimate for p in self.points if p.x == self.today)

    @property
    def headroom(self) -> float | None:
        """How far the lever can move from today and still meet the bound (growth as a share, or places)."""
        if self.meets_up_to is None:
            return None
        if self.lever.kind == DEMAND:
            return self.meets_up_to - 1.0
        return self.today - self.meets_up_to

    def statement(self) -> str:
        """The answer in one English sentence (the CLI's; the app words its own)."""
        return STATEMENTS[f"{self.lever.kind}:{self.status}"].format(
            kpi=f"{self.scope}:{self.kpi}", bound=self.bound, service=self.lever.service, meets=self.meets_up_to,
            breaks=self.breaks_at, today=_round(self.today_estimate.mean), limit=self.limit,
        )  # fmt: skip

    def to_json(self) -> dict[str, Any]:
        """The CLI's JSON (docs/MODEL.md, "Headroom")."""

        def x(value: float | None) -> float | int | None:
            return int(value) if value is not None and self.lever.kind == CAPACITY else value

        return {
            "scope": self.scope,
            "kpi": self.kpi,
            "max": self.bound,
            "lever": self.lever.key,
            "replications": self.replications,
            "today": x(self.today),
            "limit": x(self.limit),
            "status": self.status,
            "meets_up_to": x(self.meets_up_to),
            "breaks_at": x(self.breaks_at),
            "sure_meets_up_to": x(self.sure_meets_up_to),
            "sure_breaks_at": x(self.sure_breaks_at),
            "headroom": self.headroom,
            "statement": self.statement(),
            "points": [{"x": x(p.x), **p.estimate.as_json(), "n": p.estimate.n} for p in self.points],
        }


def _round(x: float) -> float:
    return float(f"{x:.4g}") if math.isfinite(x) else x


def question_problems(
    scenario: Scenario, scope: str, kpi: str, bound: float, lever: HeadroomLever, limit: float | None
) -> list[Problem]:
    """What is wrong with the question for this scenario, each with its option (empty: a valid question)."""
    problems = []
    if scope != SYSTEM and scope not in scenario.service_ids:
        problems.append(Problem("--kpi", f"no service {scope!r} (known: {', '.join(scenario.service_ids)})"))
    elif kpi not in (SYSTEM_KPIS if scope == SYSTEM else SERVICE_KPIS):
        known = ", ".join(SYSTEM_KPIS if scope == SYSTEM else SERVICE_KPIS)
        where = "the system" if scope == SYSTEM else "a service"
        problems.append(Problem("--kpi", f"unknown KPI {kpi!r} for {where} (one of: {known})"))
    if not math.isfinite(bound) or bound < 0:
        problems.append(Problem("--max", f"must be a number >= 0 (got {bound!r})"))
    if lever.kind == CAPACITY and lever.service not in scenario.service_ids:
        problems.append(Problem("--lever", f"no service {lever.service!r} (known: {', '.join(scenario.service_ids)})"))
    elif limit is not None:
        today = lever.today(scenario)
        if not math.isfinite(limit):
            problems.append(Problem("--limit", f"must be a number (got {limit!r})"))
        elif lever.kind == DEMAND and not today < limit <= 100:
            problems.append(Problem("--limit", f"a demand factor above today's 1 and at most 100 (got {limit:g})"))
        elif lever.kind == CAPACITY and not (0 <= limit < today and limit == int(limit)):
            problems.append(
                Problem("--limit", f"a whole number of places from 0 to below today's {today:g} (got {limit:g})")
            )
    return problems


def kpi_estimate(results: Results, scope: str, kpi: str) -> Estimate:
    """The KPI's estimate in `results`, per year when it is a total over the measured period."""
    e = results.estimates()[scope][kpi]
    return per_year(e, results.scenario) if KPI_INFO[kpi].total else e


Runner = Callable[[Scenario, int], Results]  # (scenario, replications) -> its replications 0..n-1


def find_headroom(
    scenario: Scenario,
    scope: str,
    kpi: str,
    bound: float,
    lever: HeadroomLever,
    *,
    limit: float | None = None,
    replications: int | None = None,
    workers: int | None = None,
    run: Runner | None = None,
    on_point: Callable[[int, int, HeadroomPoint], None] | None = None,
    max_points: int = MAX_POINTS,
) -> Headroom:
    """Bisect for the lever value at which `scope`'s `kpi` stops meeting ``<= bound`` (see the module).

    `limit`: the far end of the search (default :meth:`HeadroomLever.default_limit`). `run`
    simulates a point (default: :func:`~harmoni_model.running.replications.run_replications`
    with `workers`); the app passes its cached run. `on_point(done, at_most, point)` is called
    after each point, for a progress bar: `at_most` is an upper bound on the points left to run
    plus those done. Raises ScenarioError for an invalid question (each problem names its option).
    """
    problems = question_problems(scenario, scope, kpi, bound, lever, limit)
    if problems:
        raise ScenarioError(problems)
    n = scenario.replications if replications is None else replications
    if run is None:
        from harmoni_model.running.replications import run_replications

        def run(s: Scenario, r: int) -> Results:
            return run_replications(s, r, workers=workers)

    today = lever.today(scenario)
    far = lever.default_limit(scenario) if limit is None else float(limit)
    sign = 1.0 if lever.worse_up else -1.0  # stress = sign * x grows as things get worse
    tol = lever.tolerance
    at_most = min(max_points, 2 + 3 * max(1, math.ceil(math.log2(max(abs(far - today) / tol, 2)))))
    seen: dict[float, Estimate] = {}

    def evaluate(x: float) -> Estimate:
        if x not in seen:
            seen[x] = kpi_estimate(run(lever.apply(scenario, x), n), scope, kpi)
            if on_point is not None:
                on_point(len(seen), max(at_most, len(seen)), HeadroomPoint(x, seen[x]))
        return seen[x]

    # each threshold's reading of an estimate: a missing value (nobody admitted) breaks every one
    readings: dict[str, Callable[[Estimate], float]] = {
        "mean": lambda e: e.mean,
        "high": lambda e: e.high if e.n > 1 and not math.isnan(e.high) else e.mean,
        "low": lambda e: e.low if e.n > 1 and not math.isnan(e.low) else e.mean,
    }

    def meets(x: float, which: str) -> bool:
        value = readings[which](seen[x])
        return not math.isnan(value) and value <= bound

    def bracket(which: str) -> tuple[float | None, float | None]:
        """(furthest x meeting before the nearest breaking one, nearest x breaking), in stress order."""
        breaking = [x for x in seen if not meets(x, which)]
        first_break = min(breaking, key=lambda x: sign * x) if breaking else None
        meeting = [x for x in seen if meets(x, which) and (first_break is None or sign * x < sign * first_break)]
        last_meet = max(meeting, key=lambda x: sign * x) if meeting else None
        return last_meet, first_break

    def midpoint(a: float, b: float) -> float | None:
        """A new point between a and b, on the lever's grid; None when the bracket is already tight."""
        if abs(b - a) <= tol + 1e-12:
            return None
        m = math.floor((a + b) / 2) if lever.kind == CAPACITY else round((a + b) / 2, 6)
        return None if m in (a, b) else m

    evaluate(today)
    if not meets(today, "mean"):
        status: Status = "broken_today"
    else:
        evaluate(far)
        status = "holds" if meets(far, "mean") else "breaks"
    if status == "holds":  # a curve needs more than its two ends: the middle of the range too
        middle = midpoint(today, far)
        if middle is not None:
            evaluate(middle)
            # a curve that breaks in the middle and not at the end is not monotone: the first break counts
            status = "holds" if meets(middle, "mean") else "breaks"
    if status != "broken_today":
        # the mean's threshold first (the answer), then the interval's ends (its precision)
        for which in ("mean", "high", "low"):
            while len(seen) < max_points:
                a, b = bracket(which)
                m = None if a is None or b is None else midpoint(a, b)
                if m is None:
                    break
                evaluate(m)
    mean_a, mean_b = bracket("mean")
    high_a, _ = bracket("high")
    _, low_b = bracket("low")
    return Headroom(
        scope=scope, kpi=kpi, bound=bound, lever=lever, today=today, limit=far, replications=n,
        points=tuple(HeadroomPoint(x, seen[x]) for x in sorted(seen)), status=status,
        meets_up_to=mean_a, breaks_at=mean_b, sure_meets_up_to=high_a, sure_breaks_at=low_b,
    )  # fmt: skip


def parse_kpi(text: str) -> tuple[str, str]:
    """``SERVICE:KPI`` or a system ``KPI`` as (scope, kpi) (ValueError for an empty part)."""
    scope, sep, kpi = text.rpartition(":")
    if not sep:
        return SYSTEM, text
    if not scope or not kpi:
        raise ValueError(f"{text!r}: write SERVICE:KPI, or KPI for a system KPI")
    return scope, kpi
