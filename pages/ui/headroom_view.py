"""The studio's headroom view: how much more demand (or how many fewer places) before a target breaks.

The question (a KPI, a bound, a lever) is chosen in the view; the answer comes from
:func:`harmoni_model.planning.headroom.find_headroom`, one cached run per point
(:func:`pages.ui.cached_runs.cached_run`: a point another session or an earlier
question ran is not run again, and today's point is the studio's own run). It takes
seconds, so it runs on a button, with a progress bar, and the answer is kept in the
session for the question it answers.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import altair as alt
import pandas as pd
import streamlit as st

from harmoni_model.planning.headroom import CAPACITY, DEMAND, Headroom, HeadroomLever, find_headroom, kpi_estimate
from harmoni_model.results.formatting import fmt_estimate, fmt_number, fmt_percent
from harmoni_model.results.headline import headline_figures
from harmoni_model.results.precision import today_replications
from harmoni_model.results.tidy import Results
from harmoni_model.scenario.format import SYSTEM, Scenario
from harmoni_model.simulation.kpis import KPI_INFO, SERVICE_KPIS, SYSTEM_KPIS
from pages.ui.advisor_form import slider_options, target_slider
from pages.ui.cached_runs import RUN_ERRORS, cached_run, stop_with_run_error
from pages.ui.chart_locale import localised
from pages.ui.dashboard_goals import GOALS, Goal
from pages.ui.i18n import t
from pages.ui.user_text import literal_line

SCOPE, KPI, BOUND = "headroom:scope", "headroom:kpi", "headroom:bound"
LEVER, LEVER_SERVICE, RESULT = "headroom:lever", "headroom:lever_service", "headroom:result"
Translate = Callable[..., str]
KEEP = "session"  # the question's widgets keep their values while another view or page is shown
#: The municipality's targets (pages/ui/dashboard_goals.py) that are a model KPI of a kind of service.
GOAL_KPIS: dict[str, tuple[str, str]] = {
    "nursing_home_wait_weeks": ("long_term_place", "mean_wait_days"),
    "nursing_home_waiting_list": ("long_term_place", "mean_queue"),
}


@dataclass(frozen=True)
class Question:
    """What the view asks by default: a KPI of a scope, its bound (in the model's units), and the goal behind it."""

    scope: str
    kpi: str
    bound: float
    goal: Goal | None = None


def goal_questions(scenario: Scenario) -> list[Question]:
    """The targets someone has set that this scenario's services measure (first service of the kind)."""
    out = []
    for goal in GOALS:
        if goal.kind != "max" or goal.id not in GOAL_KPIS:
            continue
        kind, kpi = GOAL_KPIS[goal.id]
        service = next((s for s in scenario.services if s.kind == kind), None)
        if service is not None:
            out.append(Question(service.id, kpi, goal.value, goal))
    return out


def nice_bound(today: float) -> float:
    """A bound a little above today (a quarter more, up to two significant figures); 1 when today is 0."""
    if not math.isfinite(today) or today <= 0:
        return 1.0
    x = 1.25 * today
    step = 10 ** (math.floor(math.log10(x)) - 1)
    return math.ceil(x / step) * step


def default_question(scenario: Scenario, results: Results) -> Question:
    """The scenario's first goal, else its first headline figure with a bound a quarter above today."""
    goals = goal_questions(scenario)
    if goals:
        return goals[0]
    f = headline_figures(scenario)[0]
    return Question(f.scope, f.kpi, nice_bound(kpi_estimate(results, f.scope, f.kpi).mean))


def default_bound(scenario: Scenario, results: Results, scope: str, kpi: str) -> float:
    """The bound the view suggests for a KPI: its goal's value, else a quarter above today (model units)."""
    goal = next((q for q in goal_questions(scenario) if (q.scope, q.kpi) == (scope, kpi)), None)
    return goal.bound if goal else nice_bound(kpi_estimate(results, scope, kpi).mean)


def _kpi_name(scenario: Scenario, scope: str, kpi: str, lang: str) -> str:
    label = KPI_INFO[kpi].label(lang)
    return label if scope == SYSTEM else f"{label} – {scenario.service(scope).label(lang)}"


def _shown(value: float, kpi: str, lang: str) -> str:
    """A bound in the KPI's unit: ``42 døgn``, ``4 000 døgn per år`` (decimals only when it has them)."""
    info = KPI_INFO[kpi]
    x = value * info.scale
    decimals = 0 if float(x).is_integer() else info.decimals
    return f"{fmt_number(x, decimals, lang)} {info.unit_label(lang)}"


def _lever_value(h: Headroom, x: float | None, missing: str, lang: str) -> str:
    """A lever value as the room reads it: demand as growth from today (``+8 %``), places as a count."""
    if x is None:
        return missing
    if h.lever.kind == DEMAND:
        return fmt_percent(x - 1.0, 0, lang, signed=True)
    return fmt_number(x, 0, lang)


def statement(h: Headroom, scenario: Scenario, t: Translate, lang: str) -> str:
    """The answer in one sentence (markdown: service names escaped)."""
    kpi = literal_line(_kpi_name(scenario, h.scope, h.kpi, lang))
    bound = _shown(h.bound, h.kpi, lang)
    info = KPI_INFO[h.kpi]
    if h.status == "broken_today":
        today = fmt_estimate(h.today_estimate, info.decimals, lang, info.scale)
        return t("headroom.broken_today", kpi=kpi, bound=bound, today=today)
    service = literal_line(scenario.service(h.lever.service).label(lang)) if h.lever.service else ""
    values = {
        "kpi": kpi, "bound": bound, "service": service,
        "growth": _lever_value(h, h.meets_up_to, "", lang), "meets": _lever_value(h, h.meets_up_to, "", lang),
        "breaks": _lever_value(h, h.breaks_at, "", lang),
        "fewer": fmt_number(h.headroom, 0, lang),
        "sure_meets": _lever_value(h, h.sure_meets_up_to, t("headroom.unsure"), lang),
        "sure_breaks": _lever_value(h, h.sure_breaks_at, t("headroom.not_reached"), lang),
    }  # fmt: skip
    return t(f"headroom.{h.status}.{h.lever.kind}", **values)


def curve_frame(h: Headroom) -> pd.DataFrame:
    """The evaluated points as the chart draws them: x (demand in % of today, or places), mean, low, high."""
    info = KPI_INFO[h.kpi]
    scale = 100.0 if h.lever.kind == DEMAND else 1.0
    rows = []
    for p in h.points:
        e = p.estimate
        low, high = (e.low, e.high) if e.n > 1 else (e.mean, e.mean)
        floor = info.floor if info.floor is not None else -math.inf
        rows.append((p.x * scale, e.mean * info.scale, max(low, floor) * info.scale, high * info.scale))
    return pd.DataFrame(rows, columns=["x", "mean", "low", "high"]).dropna(subset=["mean"])


def curve_chart(
    h: Headroom, scenario: Scenario, t: Translate, lang: str, height: int, large: bool = False
) -> alt.LayerChart:
    """The KPI against the lever: the mean and its band, the bound, today and where it breaks (`large`: a projector)."""
    info = KPI_INFO[h.kpi]
    data = curve_frame(h)
    scale = 100.0 if h.lever.kind == DEMAND else 1.0
    if h.lever.kind == DEMAND:
        x_title = t("headroom.axis.demand")
    else:
        x_title = t("headroom.axis.capacity", service=scenario.service(h.lever.service or "").label(lang))
    x = alt.X("x:Q", title=x_title, scale=alt.Scale(zero=False, reverse=h.lever.kind == CAPACITY))
    layers = [
        alt.Chart(data).mark_area(opacity=0.2).encode(x=x, y=alt.Y("low:Q", title=info.label(lang)), y2="high:Q"),
        alt.Chart(data).mark_line(strokeWidth=2.5, point=True).encode(x=x, y="mean:Q"),
    ]
    marks = [(h.bound * info.scale, None, t("headroom.legend.bound"), "#b2182b")]
    lines = [(h.today * scale, t("headroom.legend.today"), "#555555")]
    if h.status == "breaks" and h.breaks_at is not None:  # the first point found over the bound
        lines.append((h.breaks_at * scale, t("headroom.legend.breaks"), "#d95f02"))
    for value, _, label, colour in marks:
        rule = pd.DataFrame({"y": [value], "label": [label]})
        layers.append(alt.Chart(rule).mark_rule(strokeDash=[6, 4], color=colour, strokeWidth=2).encode(y="y:Q"))
        layers.append(
            alt.Chart(rule).mark_text(align="right", dy=-8, color=colour, fontSize=18 if large else 14)
            .encode(y="y:Q", text="label:N", x=alt.value("width"))
        )  # fmt: skip
    for row, (value, label, colour) in enumerate(lines):  # one label under the other: today and the break may be close
        rule = pd.DataFrame({"x": [value], "label": [label]})
        layers.append(alt.Chart(rule).mark_rule(color=colour, strokeWidth=2).encode(x=alt.X("x:Q")))
        layers.append(
            alt.Chart(rule).mark_text(align="left", dx=4, color=colour, fontSize=18 if large else 14)
            .encode(x="x:Q", text="label:N", y=alt.value(10 + (26 if large else 20) * row))
        )  # fmt: skip
    return (
        alt.layer(*layers)
        .properties(height=height)
        .configure_axis(labelFontSize=18 if large else 14, titleFontSize=20 if large else 16)
    )  # fmt: skip


def _question_changed() -> None:
    """A new scope or KPI: its suggested bound is filled in again (and the KPI when the scope changed)."""
    st.session_state.pop(BOUND, None)


def _scope_changed() -> None:
    st.session_state.pop(KPI, None)
    _question_changed()


def headroom_view(scenario: Scenario, results: Results, lang: str, presenter: bool) -> None:
    """The view: the question's controls, the button, the answer and its curve, for `scenario` on screen."""
    st.caption(t("headroom.intro"))
    default = default_question(scenario, results)
    st.session_state.setdefault(SCOPE, default.scope)
    if st.session_state[SCOPE] not in (SYSTEM, *scenario.service_ids):
        st.session_state[SCOPE] = default.scope
    scopes = (SYSTEM, *scenario.service_ids)
    labels = {SYSTEM: t("headroom.system")} | {s.id: s.label(lang) for s in scenario.services}
    c1, c2, c3 = st.columns(3)
    scope = c1.selectbox(
        t("headroom.scope"),
        scopes,
        format_func=labels.get,
        key=SCOPE,
        on_change=_scope_changed,
        persist_state=KEEP,
        placeholder=t("builtin.choose"),
    )
    kpis = SYSTEM_KPIS if scope == SYSTEM else SERVICE_KPIS
    if st.session_state.get(KPI) not in kpis:
        fallback = kpis[0] if scope == SYSTEM else "mean_wait_days"
        st.session_state[KPI] = default.kpi if scope == default.scope else fallback
    kpi = c2.selectbox(t("headroom.kpi"), kpis, format_func=lambda k: KPI_INFO[k].label(lang), key=KPI,
                       on_change=_question_changed, persist_state=KEEP, placeholder=t("builtin.choose"))  # fmt: skip
    info = KPI_INFO[kpi]
    if BOUND not in st.session_state:
        st.session_state[BOUND] = round(default_bound(scenario, results, scope, kpi) * info.scale, 6)
    # a select slider from 0 to about twice the suggestion, its labels in the page's language (a number
    # field's printf format writes "42.0" on a bokmål page)
    _, high, step = target_slider(info, 0.0, st.session_state[BOUND])
    bound_shown = c3.select_slider(
        t("headroom.bound", unit=info.unit_label(lang)), options=slider_options(st.session_state[BOUND], high, step),
        format_func=lambda v: fmt_number(v, info.decimals, lang), key=BOUND, persist_state=KEEP,
    )  # fmt: skip
    goal = next((q.goal for q in goal_questions(scenario) if (q.scope, q.kpi) == (scope, kpi)), None)
    if goal is not None:
        st.caption(t("headroom.goal", goal=goal.text(lang), source=goal.source(lang)))
    c4, c5 = st.columns(2)
    lever_labels = {DEMAND: t("headroom.lever.demand"), CAPACITY: t("headroom.lever.capacity")}
    kind = c4.radio(t("headroom.lever"), tuple(lever_labels), format_func=lever_labels.get, key=LEVER,
                    horizontal=True, persist_state=KEEP)  # fmt: skip
    service = None
    if st.session_state.get(LEVER_SERVICE) not in (None, *scenario.service_ids):  # kept from another start
        del st.session_state[LEVER_SERVICE]
    if kind == CAPACITY:
        service = c5.selectbox(t("headroom.lever_service"), scenario.service_ids, format_func=labels.get,
                               key=LEVER_SERVICE, persist_state=KEEP, placeholder=t("builtin.choose"))  # fmt: skip
    lever = HeadroomLever(DEMAND) if kind == DEMAND else HeadroomLever(CAPACITY, service)
    bound = bound_shown / info.scale
    asked = (scenario.content_hash(), scope, kpi, bound, lever.key)
    kept = st.session_state.get(RESULT)
    if st.button(t("headroom.compute"), key="headroom:compute", type="primary", icon=":material/trending_up:"):
        bar = st.progress(0.0, text=t("headroom.progress", done=0, at_most="…"))

        def progress(done: int, at_most: int, _point: object) -> None:
            bar.progress(min(done / at_most, 1.0), text=t("headroom.progress", done=done, at_most=at_most))

        try:
            answer = find_headroom(
                scenario,
                scope,
                kpi,
                bound,
                lever,
                run=lambda s, n: cached_run(s, n).results,
                on_point=progress,
                replications=today_replications(scenario.replications),  # the studio's today
            )
        except RUN_ERRORS as exc:  # busy, too long, a point the model cannot run: a message, not a traceback
            bar.empty()
            stop_with_run_error(exc)
        bar.empty()
        kept = (asked, answer)
        st.session_state[RESULT] = kept
    if kept is None or kept[0] != asked:
        st.caption(t("headroom.press"))
        return
    answer = kept[1]
    box = st.warning if answer.status == "broken_today" else st.info
    box(statement(answer, scenario, t, lang))
    chart = curve_chart(answer, scenario, t, lang, 480 if presenter else 360, large=presenter)
    st.altair_chart(localised(chart, lang), width="stretch")
    st.caption(t("headroom.caption") + " " + t("headroom.done", n=len(answer.points), reps=answer.replications))
