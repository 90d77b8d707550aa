"""The capacity advisor for the app: what the form offers, the spec it makes, one search, tables.

A search keeps the model's worker pool busy for up to a minute, so only one runs at a time per
server (a semaphore shared by every session); the others wait for it. It runs in the page's own
script run, so it can show its progress and be stopped (a new script run supersedes it, and the
worker pool drops its jobs). Finished answers are kept by the scenario's and the spec's JSON, a
stopped search's best-so-far apart from them, and every replication in one server-wide
ReplicationStore: a search started again, or another with the same lever values, runs none twice.
Apart from `run_advice`, its gate and its stores, nothing here uses Streamlit.
"""

from __future__ import annotations

import json
import math
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from harmoni_model import Scenario, ScenarioError, dumps_scenario, loads_scenario
from harmoni_model.language import in_language
from harmoni_model.planning.advisor import (
    PHASES,
    Advice,
    Candidate,
    Progress,
    ReplicationStore,
    Step,
    advise,
    meets,
    upper_end,
)
from harmoni_model.planning.levers import AdviceSpec, Lever, Target, check_against, load_spec, validate_spec
from harmoni_model.problems import Problem
from harmoni_model.results.costs import PARTIES, CostChange
from harmoni_model.results.estimates import Estimate
from harmoni_model.results.formatting import fmt_estimate, fmt_mnok, fmt_number, fmt_signed
from harmoni_model.results.headline import blocks, busiest, corridor, default_label, headline_figures
from harmoni_model.results.yearly import year_factor
from harmoni_model.running.executors import LocalExecutor
from harmoni_model.running.pool import RunCancelled
from harmoni_model.running.replications import default_workers
from harmoni_model.scenario.format import SYSTEM
from harmoni_model.simulation.engine import ReplicationResult
from harmoni_model.simulation.kpis import KPI_INFO, KpiInfo

from .cached_runs import ROOT, job_timeout, script_run
from .problem_text import message_text, problem_text
from .share_links import FTE_RANGE, capacity_range

Translate = Callable[..., str]
WAIT_SECONDS = 300.0  # how long a second search waits for the running one before giving up
STOP_WAIT_SECONDS = 30.0  # how long the page after "stop" waits for the stopped search to end (a batch at most)


# --- what the form offers ------------------------------------------------------------------------
# Every choice comes from the scenario: targets from its headline figures (those of a service, and
# the system's bed-days: delayed discharges, corridor), the discharge-ready patients of each hospital
# service that blocks, and the corridor bed-days when a hospital service has overflow places; levers
# from every service with a yearly cost per place or per FTE. Which are ticked, and the targets'
# bounds, come from a shipped targets file that fits the scenario (every service it names is there,
# e.g. sample_data/advice/trondheim_targets.yaml for the Trondheim scenarios), else from the
# scenario: a target on the wait of the municipality's busiest service, a lever on its places.
ADVICE_DIR = ROOT / "sample_data" / "advice"
DEFAULT_RANGE = (0.85, 1.30)  # a lever's default range with cuts allowed: -15 % to +30 % of today's value
DEFAULT_MAX_UP = 60  # ... and at most this many places or FTE more (+30 % of 1 350 nursing-home places is 405)
QUICK_REPLICATIONS = 3  # the search's first pass; the suggestion is confirmed on the studio's replications
ANSWERS_KEPT = 8  # finished answers kept on the server (a search is a minute of its two cores)
SLIDER_STEPS = 40  # about this many steps between 0 and a target slider's top


@dataclass(frozen=True)
class TargetChoice:
    """A target the form offers: a KPI of a service (or the system), its label, its slider in display units."""

    service: str
    kpi: str
    nb: str
    en: str
    on: bool
    default: float
    high: float
    step: float

    @property
    def key(self) -> str:
        return f"{self.service}:{self.kpi}"

    @property
    def info(self) -> KpiInfo:
        """How the KPI reads (unit, decimals, display scale)."""
        return KPI_INFO[self.kpi]

    @property
    def decimals(self) -> int:
        return self.info.decimals

    def label(self, lang: str) -> str:
        """The target's name in `lang`."""
        return in_language(self.nb, self.en, lang)

    def options(self) -> list[float]:
        """The slider's values: 0 to `high` in steps of `step`, and the default (a bound need not be a step).

        A list for a select slider, whose labels are written in the page's language: a number slider's
        printf format cannot write a decimal comma.
        """
        return slider_options(self.default, self.high, self.step)

    def scale(self, scenario: Scenario) -> float:
        """Model value times this = display value (percent, million kroner, a year for totals)."""
        return self.info.scale * (year_factor(scenario) if self.info.total else 1.0)


@dataclass(frozen=True)
class LeverChoice:
    """A lever the form offers."""

    service: str
    field: str  # "capacity" or "staffing.fte"
    on: bool

    @property
    def key(self) -> str:
        return f"{self.service}:{self.field}"


@st.cache_resource(show_spinner=False)
def _shipped_specs() -> list[AdviceSpec]:
    """The targets files shipped with the app, validated once per server (a broken one is left out)."""
    specs = []
    for path in sorted(ADVICE_DIR.glob("*.yaml")):
        try:
            specs.append(load_spec(path))
        except ScenarioError:
            continue
    return specs


def advice_defaults(scenario: Scenario) -> AdviceSpec | None:
    """The first shipped targets file whose services and levers all fit the scenario, or None."""
    offered = {c.key for c in _all_levers(scenario)}
    for spec in _shipped_specs():
        if not check_against(spec, scenario) and all(lv.key in offered for lv in spec.levers):
            return spec
    return None


def _busiest(scenario: Scenario) -> str:
    """The municipality's busiest service (the hospital's when the municipality has none)."""
    return busiest(scenario, "municipality") or busiest(scenario, "hospital") or scenario.service_ids[0]


def _nice(x: float, up: bool) -> float:
    """The nearest of 1, 2, 5 x 10^k above (or below) `x` > 0."""
    exponent = math.floor(math.log10(x))
    candidates = [m * 10.0**e for e in (exponent - 1, exponent, exponent + 1) for m in (1, 2, 5)]
    if up:
        return min(c for c in candidates if c >= x * (1 - 1e-9))
    return max(c for c in candidates if c <= x * (1 + 1e-9))


def slider_options(default: float, high: float, step: float) -> list[float]:
    """A bound's select-slider values: 0 to `high` in steps of `step`, and `default` (which need not be a step)."""
    n = round(high / step)
    return sorted({round(i * step, 6) for i in range(n + 1)} | {round(default, 6)})


def target_slider(info: KpiInfo, now: float, bound: float | None) -> tuple[float, float, float]:
    """(default, high, step) of a target's slider, in display units, from today's value and a bound if known."""
    smallest = 10.0**-info.decimals
    share = info.unit == "share"
    high = _nice(max(2.5 * now, 2 * (bound or 0.0), 10.0 if share else 10 * smallest), up=True)
    high = min(high, 100.0) if share else high
    step = max(_nice(high / SLIDER_STEPS, up=False), smallest)
    default = bound if bound is not None else round(now / 2 / step) * step  # half of today's: worth a search
    return round(min(default, high), 6), high, round(step, 6)


def target_choices(
    scenario: Scenario,
    today: Mapping[str, Mapping[str, Estimate]] | None = None,
    defaults: AdviceSpec | None = None,
) -> list[TargetChoice]:
    """The targets this scenario offers, ticked ones first (in the order of `defaults`, the spec's order).

    `today` (the scenario's estimates) sets each slider's range and an unticked default of half of
    today's value; without it the ranges assume zero today.
    """
    # the payment is part of the cost the advisor minimises already: no target on it
    figures = [f for f in headline_figures(scenario) if (f.scope, f.kpi) != (SYSTEM, "overliggedogn_cost_nok")]
    labels = {(f.scope, f.kpi): (f.nb, f.en) for f in figures}
    blocking = [s.id for s in scenario.services if blocks(s)]
    pairs = [(f.scope, f.kpi) for f in figures] + [(sid, "mean_blocked") for sid in blocking]
    if blocking:
        pairs.append((SYSTEM, "overliggedogn"))
    if any(corridor(s) for s in scenario.services):
        pairs.append((SYSTEM, "corridor_days"))
    wanted = (
        {(tg.service, tg.kpi): tg.max for tg in defaults.targets}
        if defaults
        else {(_busiest(scenario), "mean_wait_days"): None}
    )
    ordered = list(dict.fromkeys([*wanted, *pairs]))
    out = []
    for scope, kpi in ordered:
        nb, en = labels.get((scope, kpi)) or default_label(scenario, scope, kpi)
        info = KPI_INFO[kpi]
        scale = info.scale * (year_factor(scenario) if info.total else 1.0)
        e = today[scope][kpi] if today is not None else None
        now = e.mean * scale if e is not None and math.isfinite(e.mean) else 0.0
        bound = wanted.get((scope, kpi))
        default, high, step = target_slider(info, now, None if bound is None else bound * scale)
        out.append(TargetChoice(scope, kpi, nb, en, (scope, kpi) in wanted, default, high, step))
    return out


def _all_levers(scenario: Scenario) -> list[LeverChoice]:
    """Every lever with a yearly cost in the scenario: places (cost per place), staffed FTE (cost per FTE)."""
    out = [LeverChoice(s.id, "capacity", False) for s in scenario.services if s.cost_per_place_nok is not None]
    out += [
        LeverChoice(s.id, "staffing.fte", False)
        for s in scenario.services
        if s.staffing is not None and s.staffing.cost_per_fte_nok is not None
    ]
    return out


def lever_choices(scenario: Scenario, defaults: AdviceSpec | None = None) -> list[LeverChoice]:
    """The levers this scenario offers, ticked ones first (in the order of `defaults`, else the busiest's places)."""
    levers = {c.key: c for c in _all_levers(scenario)}
    wanted = [lv.key for lv in defaults.levers] if defaults else [f"{_busiest(scenario)}:capacity"]
    wanted = [k for k in wanted if k in levers] or list(levers)[:1]
    ordered = [*wanted, *(k for k in levers if k not in wanted)]
    return [LeverChoice(levers[k].service, levers[k].field, k in wanted) for k in ordered]


def lever_label(scenario: Scenario, choice: LeverChoice, t: Translate, lang: str) -> str:
    """The lever's name on the form: ``Short-term stays: places``."""
    return t(f"advisor.lever.{choice.field}", service=scenario.service(choice.service).label(lang))


def lever_unit(scenario: Scenario, choice: LeverChoice, t: Translate, lang: str) -> str:
    """What one unit of the lever is, after a number: ``places at Short-term stays``."""
    return t(f"advisor.unit.{choice.field}", service=scenario.service(choice.service).label(lang))


def _lever(choice: LeverChoice) -> Lever:
    return Lever(service=choice.service, field=choice.field, min=0, max=0)


def lever_today(scenario: Scenario, choice: LeverChoice) -> float:
    """The lever's value in the scenario."""
    return _lever(choice).current(scenario)


def lever_unit_cost(scenario: Scenario, choice: LeverChoice) -> float | None:
    """NOK a year per place or FTE, from the scenario (None when it has none)."""
    return _lever(choice).unit_cost(scenario)


def lever_bounds(scenario: Scenario, choice: LeverChoice, allow_cuts: bool = True) -> tuple[float, float]:
    """The range slider's ends: the scenario studio's own limits, from today's value up unless cuts are allowed."""
    now = lever_today(scenario, choice)
    if choice.field == "capacity":
        low, high = capacity_range(scenario, choice.service)
    else:
        low, high = FTE_RANGE[0], float(min(FTE_RANGE[1], math.ceil(max(2 * now, now + 50))))
    if not allow_cuts:  # no existing place or FTE is offered up unless the room ticks it
        low = max(low, int(now) if choice.field == "capacity" else float(now))
    return low, high


def lever_default(scenario: Scenario, choice: LeverChoice, allow_cuts: bool = False) -> tuple[float, float]:
    """The default range: today's value (about -15 % with cuts allowed) to +30 % (at most DEFAULT_MAX_UP more),
    within the slider's ends."""
    low, high = lever_bounds(scenario, choice, allow_cuts)
    now = lever_today(scenario, choice)
    lo = max(low, round(now * DEFAULT_RANGE[0])) if allow_cuts else low
    hi = min(high, round(now * DEFAULT_RANGE[1]), now + DEFAULT_MAX_UP)
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
    problems: Sequence[Problem], target_labels: Sequence[str], lever_labels: Sequence[str], t: Translate, lang: str
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
            out.append(f"{labels[i] if i < len(labels) else p.path}: {message_text(p.message, lang)}")
        elif p.path == "budget_nok":
            out.append(f"{t('advisor.problem.budget')}: {message_text(p.message, lang)}")
        else:
            out.append(problem_text(p, lang))
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
    """What a search is kept by: the scenario's JSON and the spec's JSON."""
    return dumps_scenario(scenario, "json"), spec.model_dump_json()


def search_stages(scenario: Scenario) -> tuple[int, ...]:
    """A quick first pass, then the studio's replications (those the studio shows today with)."""
    n = scenario.replications
    return (QUICK_REPLICATIONS, n) if n > QUICK_REPLICATIONS else (n,)


@st.cache_resource(show_spinner=False)
def replication_store() -> ReplicationStore:
    """Every replication the server's searches ran, shared by every session."""
    return ReplicationStore()


@st.cache_resource(show_spinner=False)
def _answers() -> tuple[OrderedDict[tuple[str, str], Advice], dict[tuple[str, str], Advice], threading.Lock]:
    """Finished answers (the last ANSWERS_KEPT) and stopped searches' best-so-far, by request."""
    return OrderedDict(), {}, threading.Lock()


@st.cache_resource(show_spinner=False)
def _searching() -> dict[tuple[str, str], int]:
    """Requests whose search holds the gate now (a count, under the answers' lock)."""
    return {}


def wait_for_stop(req: tuple[str, str], timeout: float = STOP_WAIT_SECONDS) -> Advice | None:
    """After "stop": the stopped search's best-so-far, once that search has ended (None if it kept nothing).

    A click starts the page's next script run at once while the one it stops is still in the search
    (Streamlit's fast reruns): this waits for that search to notice and keep what it found.
    """
    deadline = time.monotonic() + timeout
    _, _, lock = _answers()
    while time.monotonic() < deadline:
        with lock:
            busy = _searching().get(req, 0) > 0
        if not busy:
            break
        time.sleep(0.1)
    return stopped_advice(req) or finished_advice(req)


def finished_advice(req: tuple[str, str]) -> Advice | None:
    """The answer to `req` if a search finished it on this server."""
    done, _, lock = _answers()
    with lock:
        return done.get(req)


def stopped_advice(req: tuple[str, str]) -> Advice | None:
    """The best-so-far of the last search for `req` that was stopped, if any."""
    _, stopped, lock = _answers()
    with lock:
        return stopped.get(req)


def run_advice(
    req: tuple[str, str],
    today_runs: Sequence[ReplicationResult] = (),
    on_progress: Callable[[Progress], None] | None = None,
) -> Advice:
    """The advisor's answer for a request (see `request`); waits while another search runs.

    `today_runs` are today's replications as the studio ran them (reused, and the reference for
    savings); `on_progress` gets the search's progress after every batch. When the script run is
    superseded (a "stop" click, another widget, a closed tab) the search stops between two batches
    or at once in the pool: its best-so-far is kept (`stopped_advice`) and returned; a control
    exception Streamlit raised on the way is raised again after that, so the new run starts.
    """
    known = finished_advice(req)
    if known is not None:
        return known
    content, spec_json = req
    scenario = loads_scenario(content)
    spec = validate_spec(json.loads(spec_json), scenario)
    gate = search_gate()
    if not gate.acquire(timeout=WAIT_SECONDS):
        raise AdvisorBusy("another search is still running")
    _, _, lock = _answers()
    with lock:
        _searching()[req] = _searching().get(req, 0) + 1
    control: list[BaseException] = []

    def report(p: Progress) -> None:
        if on_progress is None or control:
            return
        try:
            on_progress(p)
        except BaseException as exc:  # Streamlit's stop and rerun are BaseExceptions (not to be caught by accident)
            if not _is_script_control(exc):
                raise
            control.append(exc)  # Streamlit stops this script run: stop the search first, keep what it found
            raise RunCancelled("the page was left or rerun") from exc

    try:
        # Every simulation of the search has the app's timeout (a hung worker cannot hold the search, or
        # the gate every other session waits at, forever); a search its session no longer waits for stops.
        _, superseded = script_run()
        executor = LocalExecutor(default_workers(), timeout=job_timeout(scenario), cancelled=superseded)
        advice = advise(
            scenario, spec, executor, search_stages(scenario), store=replication_store(), today_runs=today_runs,
            on_progress=report, cancelled=superseded,
        )  # fmt: skip
    except BaseException:
        with lock:
            _leave(req)
        gate.release()
        raise
    done, stopped, lock = _answers()
    with lock:
        _leave(req)
        if advice.stopped:
            stopped[req] = advice
        else:
            stopped.pop(req, None)
            done[req] = advice
            while len(done) > ANSWERS_KEPT:
                done.popitem(last=False)
    gate.release()  # after the answer is kept: a page waiting for this stop finds it
    if control:
        raise control[0]
    return advice


def _leave(req: tuple[str, str]) -> None:
    """This request's search no longer runs (call under the answers' lock)."""
    searching = _searching()
    searching[req] = searching.get(req, 1) - 1
    if searching[req] <= 0:
        del searching[req]


def _is_script_control(exc: BaseException) -> bool:
    """Streamlit's own stop or rerun of a script run (raised from any st call once requested)."""
    try:
        from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException
    except ImportError:  # pragma: no cover - another Streamlit
        return False
    return isinstance(exc, ScriptControlException)


def progress_text(p: Progress, t: Translate, lang: str) -> str:
    """``Steg 3 av 5: front · 12 av om lag 40 kandidater · om lag 25 s igjen``, in the page's language."""
    parts = [
        t("advisor.progress.phase", i=PHASES.index(p.phase) + 1, n=len(PHASES), phase=t(f"advisor.phase.{p.phase}")),
        t("advisor.progress.candidates", done=p.candidates_done, expected=p.candidates_expected),
    ]
    if p.seconds_left is not None:
        parts.append(t("advisor.progress.left", seconds=fmt_number(max(1.0, p.seconds_left), 0, lang)))
    else:
        parts.append(t("advisor.progress.measuring"))
    if p.replications_reused:
        parts.append(t("advisor.progress.reused", n=p.replications_reused))
    return " · ".join(parts)


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
    kind = "suggestion" if advice.feasible else "so_far" if advice.stopped else "closest"
    column = t(f"advisor.col.{kind}")
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
