"""Who pays, by organisation, per year: places and staff, the overliggedøgn transfer, and the net.

- The **municipality** pays for its places (``cost_per_place_nok``, a year per
  place) and staff (``staffing.cost_per_fte_nok``, a year per FTE), plus the
  overliggedøgn payment: the system KPI ``overliggedogn_cost_nok``
  (``overliggedogn_rate_nok`` x delayed-discharge bed-days in hospital services),
  a total over the measured period, made yearly by ``results.yearly``.
- The **hospital** pays for its beds (and staff), less that same payment, which
  it receives as income.
- The **whole system** pays the sum: the payment is a transfer between the two,
  so it cancels and the system's cost is the capacity cost of both.

A year of places is the service's **mean places over the measured period**
(warm-up excluded) x ``cost_per_place_nok``, and of staff its mean FTE x
``cost_per_fte_nok``: a capacity or staffing calendar (a summer closure, a
helsehus closed for rebuilding) lowers what is paid for the days it applies,
read through ``scenario.calendars`` like the engine reads the places it
simulates. Overflow (corridor) places cost nothing extra: a corridor bed is
not a staffed place with a budget line but the same ward's staff stretched over
more patients; its price is in quality and risk, shown as ``corridor_days``,
not in kroner.

Capacity costs follow from the scenario (no interval); a level's or a change's
95 % interval comes from the overliggedøgn part, paired replication by
replication when the runs are paired (``results.comparison``). A service with no
cost figure is left out of the sums and listed in ``unpriced``, so every
surface can say so. Nothing here knows a service id: organisations come from
``Service.organisation``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from harmoni_model.language import in_language
from harmoni_model.results.comparison import difference, is_paired
from harmoni_model.results.estimates import Estimate, estimate
from harmoni_model.results.formatting import clip
from harmoni_model.results.tidy import Results
from harmoni_model.results.yearly import per_year, year_factor
from harmoni_model.scenario.calendars import mean_over, measured_period
from harmoni_model.scenario.format import SYSTEM, Scenario, Service

MUNICIPALITY, HOSPITAL = "municipality", "hospital"
PARTIES = (MUNICIPALITY, HOSPITAL, SYSTEM)
ITEMS = ("capacity", "overliggedogn", "net")

#: Who pays, as the pages, the report and the CSV name it: (nb, en).
PARTY_LABELS: dict[str, tuple[str, str]] = {
    MUNICIPALITY: ("Kommunen betaler", "Municipality pays"),
    HOSPITAL: ("Sykehuset betaler", "Hospital pays"),
    SYSTEM: ("Hele systemet", "Whole system"),
}
#: The lines of a cost table, in order, with their labels (nb, en).
LINES: dict[tuple[str, str], tuple[str, str]] = {
    (MUNICIPALITY, "capacity"): ("Kommunen betaler: plasser og årsverk", "Municipality pays: places and staff"),
    (MUNICIPALITY, "overliggedogn"): ("Kommunen betaler: overliggedøgn", "Municipality pays: overliggedøgn"),
    (MUNICIPALITY, "net"): ("Kommunen betaler: netto", "Municipality pays: net"),
    (HOSPITAL, "capacity"): ("Sykehuset betaler: senger og årsverk", "Hospital pays: beds and staff"),
    (HOSPITAL, "overliggedogn"): (
        "Sykehuset betaler: minus inntekt fra overliggedøgn",
        "Hospital pays: less overliggedøgn income",
    ),
    (HOSPITAL, "net"): ("Sykehuset betaler: netto", "Hospital pays: net"),
    (SYSTEM, "net"): ("Hele systemet: netto", "Whole system: net"),
}


def line_label(party: str, item: str, lang: str) -> str:
    """A cost line's label in `lang` ("nb" or "en")."""
    nb, en = LINES[party, item]
    return in_language(nb, en, lang)


def party_label(party: str, lang: str) -> str:
    """``Kommunen betaler`` / ``Sykehuset betaler`` / ``Hele systemet`` in `lang`."""
    nb, en = PARTY_LABELS[party]
    return in_language(nb, en, lang)


# --- pieces -----------------------------------------------------------------------------------


def _fixed(x: float, n: int) -> Estimate:
    """A figure known exactly (a capacity cost): an interval of no width."""
    return Estimate(x, x, x, n)


def _plus(c: float, e: Estimate) -> Estimate:
    return Estimate(c + e.mean, c + e.low, c + e.high, e.n)


def _minus(e: Estimate) -> Estimate:
    return Estimate(-e.mean, -e.high, -e.low, e.n)


def mean_places_and_fte(scenario: Scenario, service: Service) -> tuple[float, float]:
    """The service's mean places (before staffing limits) and mean FTE (0 without staffing) over the measured period."""
    start, days = measured_period(scenario)
    return mean_over(service, start, days, "capacity"), mean_over(service, start, days, "fte")


def capacity_cost(scenario: Scenario, organisation: str) -> float:
    """NOK a year the organisation pays for its priced places and staff in `scenario` (unpriced left out).

    Mean places x cost per place plus mean FTE x cost per FTE, over the measured period (calendars included).
    """
    total = 0.0
    for s in scenario.services:
        if s.organisation != organisation:
            continue
        places, fte = mean_places_and_fte(scenario, s)
        if s.cost_per_place_nok is not None:
            total += places * s.cost_per_place_nok
        if s.staffing is not None and s.staffing.cost_per_fte_nok is not None:
            total += fte * s.staffing.cost_per_fte_nok
    return total


def _differ(a: float, b: float) -> bool:
    return not math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-9)


def unpriced(scenario: Scenario, baseline: Scenario | None = None) -> tuple[str, ...]:
    """Service ids left out of the sums: no cost figure at all, or none for what changed from `baseline`.

    What changed is the mean places or mean FTE over each run's measured period, so a changed
    calendar counts as a change just as a changed capacity does.
    """
    out = []
    for s in scenario.services:
        staff_cost = s.staffing is not None and s.staffing.cost_per_fte_nok is not None
        if s.cost_per_place_nok is None and not staff_cost:
            out.append(s.id)
        elif baseline is not None and s.id in baseline.service_ids:
            b = baseline.service(s.id)
            (places, fte), (b_places, b_fte) = mean_places_and_fte(scenario, s), mean_places_and_fte(baseline, b)
            places_changed = _differ(places, b_places) and s.cost_per_place_nok is None
            fte_changed = s.staffing is not None and b.staffing is not None and _differ(fte, b_fte)
            if places_changed or (fte_changed and not staff_cost):
                out.append(s.id)
    if baseline is not None:
        out += [sid for sid in unpriced(baseline) if sid not in out]
    return tuple(out)


def overliggedogn_payments(results: Results) -> list[float]:
    """The municipality's overliggedøgn payment in each replication, NOK a year."""
    f = year_factor(results.scenario)
    return [r.system["overliggedogn_cost_nok"] * f for r in results.runs]


def overliggedogn_payment(results: Results) -> Estimate:
    """The municipality's overliggedøgn payment, NOK a year (mean and 95 % interval, never below zero)."""
    raw = estimate(r.system["overliggedogn_cost_nok"] for r in results.runs)
    return clip(per_year(raw, results.scenario))


# --- who pays what ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Bill:
    """What one party pays a year, NOK: its places and staff, the overliggedøgn transfer, and the net."""

    capacity: Estimate  # places and staff (exact: no interval)
    overliggedogn: Estimate  # the payment made (+, municipality), the income received (−, hospital), 0 (system)
    net: Estimate

    def item(self, name: str) -> Estimate:
        """``capacity``, ``overliggedogn`` or ``net``."""
        return getattr(self, name)


def _bills(capacity: dict[str, float], payment: Estimate) -> dict[str, Bill]:
    """The three parties' bills from each organisation's capacity cost and the municipality's payment."""
    n = payment.n
    m, h = capacity[MUNICIPALITY], capacity[HOSPITAL]
    return {
        MUNICIPALITY: Bill(_fixed(m, n), payment, _plus(m, payment)),
        HOSPITAL: Bill(_fixed(h, n), _minus(payment), _plus(h, _minus(payment))),
        SYSTEM: Bill(_fixed(m + h, n), _fixed(0.0, n), _fixed(m + h, n)),  # the transfer cancels
    }


@dataclass(frozen=True)
class YearlyCosts:
    """Who pays what a year in one run: a bill per party, and the services left out for want of a cost figure."""

    bills: dict[str, Bill]
    unpriced: tuple[str, ...]

    def __getitem__(self, party: str) -> Bill:
        return self.bills[party]

    def line(self, party: str, item: str) -> Estimate:
        """One line of the table (see LINES)."""
        return self.bills[party].item(item)


def yearly_costs(results: Results) -> YearlyCosts:
    """Who pays what a year in `results`' scenario."""
    capacity = {org: capacity_cost(results.scenario, org) for org in (MUNICIPALITY, HOSPITAL)}
    return YearlyCosts(_bills(capacity, overliggedogn_payment(results)), unpriced(results.scenario))


@dataclass(frozen=True)
class CostLine:
    """One line of a cost table: a party's item in the baseline, in the scenario, and the change."""

    party: str
    item: str
    baseline: Estimate
    scenario: Estimate
    change: Estimate

    def label(self, lang: str) -> str:
        """The line's label in `lang`."""
        return line_label(self.party, self.item, lang)


@dataclass(frozen=True)
class CostChange:
    """Who pays what a year in a run and in its baseline, and the change with its 95 % interval."""

    baseline: YearlyCosts
    scenario: YearlyCosts
    change: YearlyCosts
    paired: bool

    @property
    def unpriced(self) -> tuple[str, ...]:
        """Services left out of the sums (no cost figure, or none for what changed)."""
        return self.change.unpriced

    def lines(self) -> list[CostLine]:
        """Every line of LINES, in order."""
        return [
            CostLine(p, i, self.baseline.line(p, i), self.scenario.line(p, i), self.change.line(p, i)) for p, i in LINES
        ]


def cost_change(results: Results, baseline: Results) -> CostChange:
    """Who pays what a year in `results` and in `baseline`, and the change (paired when the runs are)."""
    paired = is_paired(results, baseline)
    change = difference(overliggedogn_payments(results), overliggedogn_payments(baseline), paired)
    delta = {
        org: capacity_cost(results.scenario, org) - capacity_cost(baseline.scenario, org)
        for org in (MUNICIPALITY, HOSPITAL)
    }
    return CostChange(
        baseline=yearly_costs(baseline),
        scenario=yearly_costs(results),
        change=YearlyCosts(_bills(delta, change), unpriced(results.scenario, baseline.scenario)),
        paired=paired,
    )
