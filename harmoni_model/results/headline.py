"""The scenario's headline figures: which KPIs the studio's tiles, the compare page and the report show.

A scenario declares them (``headline:``, in order, with labels in both languages);
one that declares none gets defaults from its structure, so any valid scenario
fills every page: the system's delayed-discharge bed-days and their payment
when some hospital service blocks, the hospital's corridor bed-days when some
hospital service has overflow places, then the mean wait of the busiest service of
each organisation (busiest: the highest offered load per place, from the
arrivals and the routing), then that organisation's queue.

Nothing here knows a service id: every id comes from the scenario.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from harmoni_model.language import in_language
from harmoni_model.results.estimates import Estimate
from harmoni_model.results.formatting import clip
from harmoni_model.results.yearly import year_factor
from harmoni_model.scenario.calendars import mean_capacity, measured_period
from harmoni_model.scenario.format import EXIT, SYSTEM, Scenario, Service, distribution_mean
from harmoni_model.simulation.kpis import KPI_INFO, KpiInfo

MAX_DEFAULT_FIGURES = 6


@dataclass(frozen=True)
class Figure:
    """One headline figure: a KPI of a service (or of the system), with its label in both languages."""

    scope: str  # a service id, or "system"
    kpi: str
    nb: str
    en: str

    def label(self, lang: str) -> str:
        """The figure's label in `lang` ("nb" or "en")."""
        return in_language(self.nb, self.en, lang)

    @property
    def info(self) -> KpiInfo:
        """How the KPI reads: unit, scale, decimals, which way is better."""
        return KPI_INFO[self.kpi]

    def shown(self, e: Estimate, scenario: Scenario, difference: bool = False) -> Estimate:
        """`e` as the pages show it: per year for totals, in the display unit, a level clipped to its range."""
        info = self.info
        f = info.scale * (year_factor(scenario) if info.total else 1.0)
        out = Estimate(e.mean * f, e.low * f, e.high * f, e.n)
        if difference:
            return out
        ceiling = None if info.ceiling is None else info.ceiling * info.scale
        return clip(out, None if info.floor is None else info.floor * info.scale, ceiling)


def default_label(scenario: Scenario, scope: str, kpi: str) -> tuple[str, str]:
    """A figure's label in bokmål and English when the scenario gives none: the KPI's name and the service's."""
    info = KPI_INFO[kpi]
    if scope == SYSTEM:
        return info.nb, info.en
    s = scenario.service(scope)
    return f"{info.nb}: {s.label('nb')}", f"{info.en}: {s.label('en')}"


def blocks(service: Service) -> bool:
    """A hospital service whose patients can keep their bed while waiting for the next service (overliggedøgn)."""
    return service.organisation == "hospital" and (service.blocking or any(r.blocking for r in service.next))


def corridor(service: Service) -> bool:
    """A hospital service with overflow (corridor) places: its patients may lie in the corridor."""
    return service.organisation == "hospital" and service.overflow_places > 0


def offered_load(scenario: Scenario) -> dict[str, float]:
    """Expected patients per day asking for each service (external arrivals carried through the routing).

    The traffic equations of an open network, solved by fixed-point iteration:
    λ_j = a_j + Σ_i λ_i p_ij (diversions and blocking ignored: a first-order view of demand).
    """
    external = dict.fromkeys(scenario.service_ids, 0.0)
    for a in scenario.arrivals:
        external[a.to] += a.rate_per_day
    rate = dict(external)
    for _ in range(200):
        nxt = dict(external)
        for s in scenario.services:
            for route in s.next:
                if route.to != EXIT:
                    nxt[route.to] += rate[s.id] * route.p
        done = all(math.isclose(nxt[k], rate[k], rel_tol=1e-9, abs_tol=1e-12) for k in rate)
        rate = nxt
        if done or any(v > 1e12 for v in rate.values()):
            break
    return rate


def busiest(scenario: Scenario, organisation: str) -> str | None:
    """The organisation's service with the highest offered load per place (None if it has no services).

    Places: the mean usable places over the measured period (a calendar that closes places makes a service busier).
    """
    load = offered_load(scenario)
    period = measured_period(scenario)

    def pressure(sid: str) -> float:
        s = scenario.service(sid)
        mean_stay = _mean_stay(s)
        return load[sid] * mean_stay / max(mean_capacity(s, *period), 1)

    ids = [s.id for s in scenario.services if s.organisation == organisation]
    return max(ids, key=pressure) if ids else None


def _mean_stay(service) -> float:
    return distribution_mean(service.length_of_stay)


def default_figures(scenario: Scenario) -> tuple[tuple[str, str], ...]:
    """``(scope, kpi)`` pairs derived from the scenario's structure (see the module's docstring).

    A service nobody is sent to (no offered load) has no wait to show, so it is skipped while
    others have patients.
    """
    load = offered_load(scenario)
    asked = {s.id for s in scenario.services if load[s.id] > 0} or set(scenario.service_ids)
    out: list[tuple[str, str]] = []
    if any(blocks(s) for s in scenario.services):
        out += [(SYSTEM, "overliggedogn"), (SYSTEM, "overliggedogn_cost_nok")]
    if any(corridor(s) for s in scenario.services):
        out.append((SYSTEM, "corridor_days"))
    for kpi, organisations in (("mean_wait_days", ("hospital", "municipality")),
                               ("mean_queue", ("municipality", "hospital"))):  # fmt: skip
        for organisation in organisations:
            sid = busiest(scenario, organisation)
            if sid in asked:
                out.append((sid, kpi))
    out += [(sid, "mean_wait_days") for sid in scenario.service_ids if sid in asked]  # until the tiles are full
    unique = list(dict.fromkeys(out))
    return tuple(unique[:MAX_DEFAULT_FIGURES])


def headline_figures(scenario: Scenario) -> tuple[Figure, ...]:
    """The figures the scenario declares (``headline:``), else the defaults from its structure."""
    if scenario.headline:
        out = []
        for h in scenario.headline:
            nb, en = (h.label.nb, h.label.en) if h.label else default_label(scenario, h.scope, h.kpi)
            out.append(Figure(h.scope, h.kpi, nb, en))
        return tuple(out)
    return tuple(Figure(scope, kpi, *default_label(scenario, scope, kpi)) for scope, kpi in default_figures(scenario))
