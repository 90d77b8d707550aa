"""The capacity advisor for the app: what the form offers, the spec it makes, one cached search, tables.

A search keeps the model's worker pool busy for up to a minute, so only one runs at a time per
server (a semaphore shared by every session); the others wait for it. Results are cached by the
scenario's and the spec's JSON. Apart from `run_advice` and its gate, nothing here uses Streamlit.
"""

from __future__ import annotations

import json
import math
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from harmoni_model import Scenario, dumps_scenario, loads_scenario
from harmoni_model.planning.advisor import Advice, Candidate, Step, advise, meets, upper_end
from harmoni_model.planning.levers import AdviceSpec, Lever, Target, validate_spec
from harmoni_model.problems import Problem
from harmoni_model.results.costs import PARTIES, CostChange
from harmoni_model.results.estimates import Estimate
from harmoni_model.results.formatting import fmt_estimate, fmt_mnok, fmt_number, fmt_signed
from harmoni_model.results.yearly import year_factor
from harmoni_model.running.executors import LocalExecutor
from harmoni_model.running.replications import default_workers

from .share_links import FTE_RANGE, capacity_range

Translate = Callable[..., str]
WAIT_SECONDS = 300.0  # how long a second search waits for the running one before giving up


# --- what the form offers ------------------------------------------------------------------------
@dataclass(frozen=True)
class TargetChoice:
    """A target the form offers; its slider is in display units (percent, or a year for system totals)."""

    service: str
    kpi: str
    on: bool
    default: float
    high: float
    step: float
    decimals: int
    percent: bool = False
    per_year: bool = False

    @property
    def key(self) -> str:
        return f"{self.service}:{self.kpi}"

    def scale(self, scenario: Scenario) -> float:
        """Model value times this = display value."""
        if self.percent:
            return 100.0
        return year_factor(scenario) if self.per_year else 1.0


@dataclass(frozen=True)
class LeverChoice:
    """A lever the form offers."""

    service: str
    field: str  # "capacity" or "staffing.fte"
    on: bool

    @property
    def key(self) -> str:
        return f"{self.service}:{self.field}"


TARGET_CHOICES = (
    TargetChoice("hospital_medical", "mean_blocked", True, 2.0, 20.0, 0.5, 1),
    TargetChoice("short_term", "mean_wait_days", True, 1.0, 14.0, 0.5, 1),
    TargetChoice("long_term", "mean_wait_days", False, 20.0, 120.0, 1.0, 1),
    TargetChoice("kad", "share_diverted", False, 1.0, 20.0, 0.5, 1, percent=True),
    TargetChoice("system", "overliggedogn", False, 1000.0, 10000.0, 100.0, 0, per_year=True),
)
LEVER_CHOICES = (
    LeverChoice("short_term", "capacity", True),
    LeverChoice("home_care", "staffing.fte", True),
    LeverChoice("long_term", "capacity", False),
    LeverChoice("rehab", "capacity", False),
    LeverChoice("kad", "capacity", False),
    LeverChoice("hospital_medical", "capacity", False),
)
DEFAULT_RANGE = (0.85, 1.30)  # a lever's default range: -15 % to +30 % of today's value


def available_targets(scenario: Scenario) -> list[TargetChoice]:
    """The targets this scenario has services for."""
    return [c for c in TARGET_CHOICES if c.service == "system" or c.service in scenario.service_ids]


def available_levers(scenario: Scenario) -> list[LeverChoice]:
    """The levers this scenario has services (and staffing) for."""
    ids = scenario.service_ids
    return [
        c
        for c in LEVER_CHOICES
        if c.service in ids and (c.field == "capacity" or scenario.service(c.service).staffing is not None)
    ]


def _lever(choice: LeverChoice) -> Lever:
    return Lever(service=choice.service, field=choice.field, min=0, max=0)


def lever_today(scenario: Scenario, choice: LeverChoice) -> float:
    """The lever's value in the scenario."""
    return _lever(choice).current(scenario)


def lever_unit_cost(scenario: Scenario, choice: LeverChoice) -> float | None:
    """NOK a year per place or FTE, from the scenario (None when it has none)."""
    return _lever(choice).unit_cost(scenario)


def lever_bounds(scenario: Scenario, choice: LeverChoice) -> tuple[float, float]:
    """The range slider's ends: the scenario studio's own limits."""
    if choice.field == "capacity":
        return capacity_range(scenario, choice.service)
    now = lever_today(scenario, choice)
    return FTE_RANGE[0], float(min(FTE_RANGE[1], math.ceil(max(2 * now, now + 50))))


def lever_default(scenario: Scenario, choice: LeverChoice) -> tuple[float, float]:
    """The default range: about -15 % to +30 % of today's value, within the slider's ends."""
    low, high = lever_bounds(scenario, choice)
    now = lever_today(scenario, choice)
    lo, hi = max(low, round(now * DEFAULT_RANGE[0])), min(high, round(now * DEFAULT_RANGE[1]))
    return (int(lo), int(hi)) if choice.field == "capacity" else (float(lo), float(hi))


def spec_data(
    scenario: Scenario,
    targets: Sequence[tuple[TargetChoice, float]],
    levers: Sequence[tuple[LeverChoice, float, float]],
    budget_mnok: float,
) -> dict[str, object]:
    """A targets file's content from the form: bounds in display units, budget in NOK million (0: none)."""
    data: dict[str, object] = {
        "targets": [{"service": c.service, "kpi": c.kpi, "max": bound / c.scale(scenario)} for c, bound in targets],
        "levers": [{"service": c.service, "field": c.field, "min": lo, "max": hi} for c, lo, hi in levers],
    }
    if budget_mnok and budget_mnok > 0:
        data["budget_nok"] = budget_mnok * 1e6
    return data


_INDEXED = re.compile(r"^(targets|levers)\[(\d+)\]")


def problem_texts(
    problems: Sequence[Problem], target_labels: Sequence[str], lever_labels: Sequence[str], t: Translate
) -> list[str]:
    """The spec's problems in words a workshop reads: each names the target or lever it is about."""
    out = []
    for p in problems:
        indexed = _INDEXED.match(p.path)
        if p.path == "targets":
            out.append(t("advisor.problem.no_targets"))
        elif p.path == "levers":
            out.append(t("advisor.problem.no_levers"))
        elif indexed:
            labels = target_labels if indexed.group(1) == "targets" else lever_labels
            i = int(indexed.group(2))
            out.append(f"{labels[i] if i < len(labels) else p.path}: {p.message}")
        elif p.path == "budget_nok":
            out.append(f"{t('advisor.problem.budget')}: {p.message}")
        else:
            out.append(str(p))
    return out


# --- the search: one at a time per server, cached by content ------------------------------------
class AdvisorBusy(RuntimeError):
    """Another search kept the server busy for longer than WAIT_SECONDS."""


@st.cache_resource(show_spinner=False)
def search_gate() -> threading.Semaphore:
    """One advisor search at a time on this server, shared by every session."""
    return threading.Semaphore(1)


def search_running() -> bool:
    """A search is running now (for a friendly note; the gate itself decides)."""
    gate = search_gate()
    if gate.acquire(blocking=False):
        gate.release()
        return False
    return True


def request(scenario: Scenario, spec: AdviceSpec) -> tuple[str, str]:
    """What a search is cached by: the scenario's JSON and the spec's JSON."""
    return dumps_scenario(scenario, "json"), spec.model_dump_json()


@st.cache_data(max_entries=8, show_spinner=False)
def run_advice(content: str, spec_json: str) -> Advice:
    """The advisor's answer for a scenario and a spec (see `request`); waits while another search runs."""
    scenario = loads_scenario(content)
    spec = validate_spec(json.loads(spec_json), scenario)
    gate = search_gate()
    if not gate.acquire(timeout=WAIT_SECONDS):
        raise AdvisorBusy("another search is still running")
    try:
        return advise(scenario, spec, LocalExecutor(default_workers()))
    finally:
        gate.release()


# --- reading the answer ------------------------------------------------------------------------------
def met(e: Estimate | None, target: Target) -> bool:
    """The target is met with confidence (the model's rule); a target without an estimate is not."""
    return e is not None and meets(e, target)


def _decimals(field: str, value: float) -> int:
    return 0 if field == "capacity" or float(value).is_integer() else 1


def fmt_lever(lever: Lever, value: float, lang: str) -> str:
    """A lever's value: whole places, FTE with a decimal only when needed."""
    return fmt_number(value, _decimals(lever.field, value), lang)


def changes_text(advice: Advice, c: Candidate, units: Mapping[str, str], t: Translate, lang: str) -> str:
    """``+28 short-term places and −22 home-care FTE``: the levers `c` moves from today ("" if none)."""
    parts = []
    for lv, v in zip(advice.spec.levers, c.values, strict=True):
        d = v - lv.current(advice.scenario)
        if d:
            parts.append(f"{fmt_signed(d, _decimals(lv.field, d), lang)} {units.get(lv.key, lv.key)}")
    if len(parts) < 2:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {t('advisor.and')} " + parts[-1]


def targets_table(
    advice: Advice,
    today: Mapping[str, Estimate],
    choices: Mapping[str, TargetChoice],
    labels: Mapping[str, str],
    t: Translate,
    lang: str,
) -> pd.DataFrame:
    """One row per target: bound, today, the suggestion (or closest) with 95 % intervals, met or not."""
    rows = []
    column = t("advisor.col.suggestion") if advice.feasible else t("advisor.col.closest")
    for tg in advice.spec.targets:
        c = choices[tg.key]
        scale = c.scale(advice.scenario)
        e = advice.best.targets.get(tg.key)
        rows.append({
            t("advisor.col.target"): labels[tg.key],
            t("advisor.col.bound"): "≤ " + fmt_number(tg.max * scale, c.decimals, lang),
            t("advisor.col.today"): fmt_estimate(today.get(tg.key), c.decimals, lang, scale),
            column: fmt_estimate(e, c.decimals, lang, scale),
            t("advisor.col.met"): t("advisor.met.yes") if met(e, tg) else t("advisor.met.no"),
        })  # fmt: skip
    return pd.DataFrame(rows)


def misses(
    advice: Advice,
    c: Candidate,
    choices: Mapping[str, TargetChoice],
    labels: Mapping[str, str],
    t: Translate,
    lang: str,
) -> list[str]:
    """Each target `c` misses, with its value, the upper end of its interval and the bound."""
    out = []
    for tg in advice.spec.targets:
        e = c.targets.get(tg.key)
        if e is None or met(e, tg):
            continue
        ch = choices[tg.key]
        scale = ch.scale(advice.scenario)
        out.append(
            t(
                "advisor.misses",
                target=labels[tg.key],
                value=fmt_number(e.mean * scale, ch.decimals, lang),
                upper=fmt_number(upper_end(e) * scale, ch.decimals, lang),
                bound=fmt_number(tg.max * scale, ch.decimals, lang),
            )
        )
    return out


def lower_table(
    advice: Advice, lever_labels: Mapping[str, str], target_labels: Mapping[str, str], t: Translate, lang: str
) -> pd.DataFrame:
    """Why not less: one unit less of each lever the suggestion moved, and what then happens."""
    levers = {lv.key: (i, lv) for i, lv in enumerate(advice.spec.levers)}
    best = advice.best
    rows = []
    for key, c in advice.lower_neighbours:
        i, lv = levers[key]
        if not c.within_budget:
            then = t("advisor.why.budget")
        elif c.replications == 0:
            then = t("advisor.why.pruned")
        elif not c.meets_targets:
            missed = [target_labels[tg.key] for tg in advice.spec.targets if not met(c.targets.get(tg.key), tg)]
            then = t("advisor.why.misses", targets="; ".join(missed) or "–")
        elif c.annual_cost_nok >= best.annual_cost_nok:
            more = (c.annual_cost_nok - best.annual_cost_nok) / 1e6
            then = t("advisor.why.costs", cost=fmt_number(more, 1, lang))
        else:
            then = t("advisor.why.meets", n=c.replications)
        rows.append({
            t("advisor.col.lever"): lever_labels.get(key, key),
            t("advisor.col.suggested"): fmt_lever(lv, best.values[i], lang),
            t("advisor.col.one_less"): fmt_lever(lv, c.values[i], lang),
            t("advisor.col.then"): then,
        })  # fmt: skip
    return pd.DataFrame(rows)


def saved_texts(
    advice: Advice,
    costs: CostChange,
    units: Mapping[str, str],
    choices: Mapping[str, TargetChoice],
    labels: Mapping[str, str],
    t: Translate,
    lang: str,
) -> tuple[str, str, str]:
    """Name, author and reason for the library: the changes, the targets it meets and who pays what a year."""
    changes = changes_text(advice, advice.best, units, t, lang) or "–"
    bounds = [
        (tg.key, tg.max * choices[tg.key].scale(advice.scenario), choices[tg.key].decimals)
        for tg in advice.spec.targets
    ]
    targets = "; ".join(f"{labels[key]} ≤ {fmt_number(bound, dec, lang)}" for key, bound, dec in bounds)
    pays = {party: fmt_mnok(costs.change[party].net.mean, 1, lang, signed=True) for party in PARTIES}
    reason = t("advisor.save.reason", targets=targets, **pays)
    return t("advisor.save.name", changes=changes)[:200], t("advisor.save.author"), reason


def step_text(step: Step, lever_labels: Mapping[str, str], t: Translate, lang: str) -> str:
    """One step of the search in the page's language, numbers in its format."""

    def num(x: float) -> str:
        return fmt_number(x, 0 if float(x).is_integer() else 1, lang)

    decimals = {"rate": 2, "stay": 1, "load": 1}  # patients a day, days, places
    out: dict[str, str] = {}
    for key, value in step.values.items():
        if key == "lever":
            out[key] = lever_labels.get(str(value), str(value))
        elif isinstance(value, tuple):
            out[key] = "(" + ", ".join(num(v) for v in value) + ")"
        elif key in decimals:
            out[key] = fmt_number(float(value), decimals[key], lang)  # type: ignore[arg-type]
        elif isinstance(value, (int, float)):
            out[key] = num(value)
        else:
            out[key] = str(value)
    return t(f"advisor.step.{step.code}", **out)
