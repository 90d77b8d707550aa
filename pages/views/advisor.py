"""Capacity advisor: the cheapest change of places and staffing that meets the workshop's targets.

Reads the form, checks it as a targets file (harmoni_model.planning.levers), runs one search
(pages/ui/advisor_form.py: its progress live in the page, a "stop" button) and explains the answer
for a budget meeting: the suggestion in a sentence, what it costs, the targets, why not less, the
trade-off curve and how the advisor searched. Today is the studio's run of the scenario (the same
replications), so the advisor's "today" is the studio's.
"""

from __future__ import annotations

import streamlit as st

from harmoni_model import ScenarioError
from harmoni_model.planning.levers import lever_changes, validate_spec
from harmoni_model.results.costs import cost_change
from harmoni_model.results.formatting import fmt_estimate, fmt_mnok, fmt_number
from harmoni_model.results.precision import today_replications
from harmoni_model.running.pool import RunCancelled, WorkerError
from harmoni_model.scenario.changes import rebased
from harmoni_model.simulation.engine import SimulationError
from harmoni_model.workshop.library import LibraryError
from pages.ui import advisor_chart as curve
from pages.ui import advisor_form as adv
from pages.ui import state
from pages.ui.advisor_form import progress_text
from pages.ui.builtin_texts import spinner_time
from pages.ui.cached_runs import (
    BASELINE_FILE,
    PREPARED_FILES,
    RUN_ERRORS,
    cached_run,
    scenario_file,
    stop_with_run_error,
)
from pages.ui.chart_locale import localised
from pages.ui.cost_tables import cost_frame, cost_notes, cost_tiles
from pages.ui.i18n import current_language, t
from pages.ui.rooms import current_room, library, visitor_key
from pages.ui.studio_data import describe_changes
from pages.ui.tiles import tile
from pages.ui.user_text import literal, literal_line

K = "advisor:"  # widget-key prefix
BASE, RUN, REQUEST, PROBLEMS = f"{K}base", f"{K}run", f"{K}request", f"{K}problems"  # keys used more than once
STOPPED, CUTS = f"{K}stopped", f"{K}allow_cuts"  # the request whose search was stopped; cuts allowed
CURRENT = "current"  # the scenario open in the studio
lang = current_language()
presenter = bool(st.session_state.get(state.PRESENTER))
st.title(t("nav.advisor"))
st.caption(t("advisor.intro"))


def _tile(col, label: str, value: str, delta: str = "", good: bool | None = None) -> None:
    tile(col, label, value, delta, good, presenter)


def _forget() -> None:
    """A new starting point: the form's defaults follow it, and the last answer goes."""
    for key in [k for k in st.session_state if str(k).startswith(K) and k != BASE]:
        del st.session_state[key]


# --- the starting point ------------------------------------------------------------------------------
current = st.session_state.get(state.CURRENT)
choices = (*PREPARED_FILES, CURRENT) if current is not None else PREPARED_FILES
names = {f: t("advisor.start.current", name=current.name) if f == CURRENT else scenario_file(f).name for f in choices}
if st.session_state.get(BASE) not in choices:
    st.session_state[BASE] = BASELINE_FILE
base_name = st.selectbox(
    t("advisor.start"),
    choices,
    format_func=names.get,
    key=BASE,
    on_change=_forget,
    help=t("advisor.start.help"),
    placeholder=t("builtin.choose"),
)
scenario = current if base_name == CURRENT else scenario_file(base_name)
made = st.session_state.get(state.CURRENT_MADE_OF) if base_name == CURRENT else None
described = describe_changes(*made, t, lang) if made else ""  # the studio's changes (its levers too), in words
if described:
    st.caption(t("levers.advisor.current", changes=described))
try:
    with st.spinner(t("advisor.today_running"), show_time=spinner_time(lang)):
        # today as the studio shows it (its replications, cached): the form's today is the studio's tiles'; the
        # search confirms on the scenario's own replications, the first of those same ones (replication r is the
        # same patients everywhere), so a search stays within its minute
        today_run = cached_run(scenario, today_replications(scenario.replications))
        today_est = today_run.estimates()
        search_today = [r for r in today_run.results.runs if r.replication < scenario.replications]
except RUN_ERRORS as exc:  # busy, too long, or a scenario the model cannot run: a message, not a traceback
    stop_with_run_error(exc)

# the form's choices come from the scenario (and a shipped targets file that fits it, for the defaults)
defaults = adv.advice_defaults(scenario)
offered_targets = adv.target_choices(scenario, today_est, defaults)
offered_levers = adv.lever_choices(scenario, defaults)
target_choices = {c.key: c for c in offered_targets}
target_labels = {c.key: c.label(lang) for c in offered_targets}
lever_labels = {c.key: adv.lever_label(scenario, c, t, lang) for c in offered_levers}
units = {c.key: adv.lever_unit(scenario, c, t, lang) for c in offered_levers}
# the same labels for markdown (checkbox labels, the suggestion, captions): a label from an uploaded file is text
md_targets = {k: literal_line(v) for k, v in target_labels.items()}
md_levers = {k: literal_line(v) for k, v in lever_labels.items()}
md_units = {k: literal_line(v) for k, v in units.items()}

# --- the form: nothing runs until its button ---------------------------------------------------------
# folded once there is an answer (or the button was just pressed), so the answer is on screen
answered = REQUEST in st.session_state or bool(st.session_state.get(RUN))
form_box = st.expander(t("advisor.form"), expanded=not answered, icon=":material/tune:")
# outside the form, so that ticking it redraws the ranges (a lever cuts nothing unless the room says so)
cuts = form_box.checkbox(t("advisor.allow_cuts"), key=CUTS, help=t("advisor.allow_cuts_help"))
with form_box, st.form(f"{K}form", border=False):
    st.subheader(t("advisor.targets"))
    st.caption(t("advisor.targets_help"))
    targets = []
    for c in offered_targets:
        c1, c2, c3 = st.columns([4, 4, 3], vertical_alignment="center")
        on = c1.checkbox(md_targets[c.key], value=c.on, key=f"{K}target_on:{c.key}")
        bound = c2.select_slider(
            t("advisor.at_most", unit=c.info.unit_label(lang)), options=c.options(), value=c.default,
            format_func=lambda v, d=c.decimals: fmt_number(v, d, lang), key=f"{K}target_max:{c.key}",
        )  # fmt: skip
        now = today_est[c.service][c.kpi]
        c3.caption(t("advisor.today", value=fmt_estimate(now, c.decimals, lang, c.scale(scenario))))
        if on:
            targets.append((c, bound))

    st.subheader(t("advisor.levers"))
    st.caption(t("advisor.levers_help"))
    levers = []
    if not offered_levers:
        st.info(t("advisor.no_levers_in_scenario"), icon=":material/info:")
    for c in offered_levers:
        c1, c2, c3 = st.columns([4, 4, 3], vertical_alignment="center")
        on = c1.checkbox(md_levers[c.key], value=c.on, key=f"{K}lever_on:{c.key}")
        low, high = adv.lever_bounds(scenario, c, cuts)
        whole = c.field == "capacity"
        # a key per choice of cuts: the slider's ends and default change with it
        range_key = f"{K}lever_range:{c.key}" + (":cuts" if cuts else "")
        lo, hi = c2.slider(
            t(f"advisor.range.{c.field}"), min_value=low, max_value=high, value=adv.lever_default(scenario, c, cuts),
            step=1 if whole else 1.0, format="%d" if whole else "%.0f", key=range_key,
        )  # fmt: skip
        cost = adv.lever_unit_cost(scenario, c)
        price = t(f"advisor.cost.{c.field}", cost=fmt_number(cost / 1e6, 2, lang)) if cost else t("advisor.cost.none")
        lever_now = adv.lever_today(scenario, c)
        c3.caption(t("advisor.today", value=fmt_number(lever_now, 0, lang)) + " · " + price)
        if on:
            levers.append((c, lo, hi))

    budget = st.number_input(
        t("advisor.budget"), min_value=0.0, max_value=2000.0, value=0.0, step=1.0, format="%.0f",
        key=f"{K}budget", help=t("advisor.budget_help"),
    )  # fmt: skip
    submitted = st.form_submit_button(t("advisor.run"), type="primary", icon=":material/lightbulb:", key=RUN)

if submitted:
    try:
        spec = validate_spec(adv.spec_data(scenario, targets, levers, budget), scenario)
    except ScenarioError as exc:
        st.session_state[PROBLEMS] = adv.problem_texts(
            exc.problems,
            [target_labels[c.key] for c, _ in targets],
            [lever_labels[c.key] for c, _, _ in levers],
            t,
            lang,
        )
        st.session_state.pop(REQUEST, None)
    else:
        st.session_state[REQUEST] = adv.request(scenario, spec)
        st.session_state.pop(PROBLEMS, None)
        st.session_state.pop(STOPPED, None)  # the button again: the search goes on (its replications are kept)

problems = st.session_state.get(PROBLEMS)
if problems:
    st.error(t("advisor.problems") + "\n\n" + "\n".join(f"- {literal(p)}" for p in problems))
    st.stop()
req = st.session_state.get(REQUEST)
if req is None:
    st.info(t("advisor.pick"), icon=":material/info:")
    st.stop()


# --- the search (one at a time per server; live progress; a stop button) ---------------------------
def _stop(request: tuple[str, str]) -> None:
    """The stop button: this request's search ends with its best-so-far (the click itself reruns the page)."""
    st.session_state[STOPPED] = request


note = st.empty()
advice = adv.finished_advice(req)
if advice is None and st.session_state.get(STOPPED) == req:
    with st.spinner(t("advisor.stopping")):
        advice = adv.wait_for_stop(req)  # the search this click stopped may still be ending its batch
    if advice is None:  # it was stopped before it knew anything
        note.warning(t("advisor.stopped_early"), icon=":material/stop_circle:")
        st.stop()
if advice is None:
    if adv.search_running():
        note.info(t("advisor.busy"), icon=":material/hourglass_top:")
    panel = st.container(border=True)
    bar_col, stop_col = panel.columns([5, 1], vertical_alignment="center")
    bar = bar_col.progress(0.0, text=t("advisor.progress.start"))
    stop_col.button(t("advisor.stop"), key=f"{K}stop", on_click=_stop, args=(req,), icon=":material/stop_circle:")

    def _show(p) -> None:
        bar.progress(p.fraction, text=progress_text(p, t, lang))

    try:
        advice = adv.run_advice(req, search_today, _show)
    except adv.AdvisorBusy:
        note.warning(t("advisor.busy_timeout"))
        st.stop()
    except RunCancelled:  # stopped before today was known: nothing to show yet
        panel.empty()
        note.warning(t("advisor.stopped_early"), icon=":material/stop_circle:")
        st.stop()
    except (SimulationError, WorkerError, ScenarioError) as exc:
        panel.empty()
        note.error(t("advisor.failed", message=literal(str(exc).strip().splitlines()[-1])))
        st.stop()
    panel.empty()
note.empty()

# --- the answer -------------------------------------------------------------------------------------------
best = advice.best
# who pays: the suggestion against today, replication by replication (the advisor ran both on the same patients)
costs = cost_change(advice.best_results, advice.today_results)
st.header(t("advisor.result"), divider="gray")
if advice.feasible:
    changes = adv.changes_text(advice, best, md_units, t, lang)
    st.success(
        t("advisor.suggestion", changes=changes) if changes else t("advisor.no_change"), icon=":material/lightbulb:"
    )
    cost_tiles(st.columns(3), costs, t, lang, presenter)
    st.dataframe(cost_frame(costs, t, lang), hide_index=True, width="stretch")
    service_labels = {s.id: s.label(lang) for s in advice.scenario.services}
    for note in cost_notes(costs, advice.scenario.overliggedogn_rate_nok, service_labels, advice.scenario.name, t,
                           lang):  # fmt: skip
        st.caption(note)
    minimised = fmt_mnok(best.annual_cost_nok - advice.today.annual_cost_nok, 1, lang, signed=True)
    st.caption(t("advisor.tile_note", total=minimised))
    if st.button(t("advisor.open"), key=f"{K}open", icon=":material/tune:", help=t("advisor.open_help")):
        name, author, reason = adv.saved_texts(advice, costs, units, target_choices, target_labels, t, lang)
        try:
            # saved as its changes on its base, so the studio opens it compared with that: the advisor's starting
            # point, or for the studio's scenario the studio's own base (with the studio's changes and the advice's)
            base, changes = advice.scenario, lever_changes(advice.spec.levers, advice.best.values)
            made_of = st.session_state.get(state.CURRENT_MADE_OF) if base_name == CURRENT else None
            on_base = rebased(base, changes, *made_of) if made_of else None
            base, changes = (made_of[0], on_base) if made_of and on_base else (base, changes)
            saved = library().save_changes(  # in the room, owned by this visitor (and bounded by the limits)
                base, changes, name, author, reason, room=current_room(), owner_key=visitor_key()
            )
        except (LibraryError, ScenarioError) as exc:
            st.error(t("advisor.save_failed", message=literal(exc)))
        else:
            st.session_state[state.OPEN] = saved
            st.switch_page("pages/views/scenario.py")
elif advice.stopped:
    so_far = adv.changes_text(advice, best, md_units, t, lang)
    done = advice.progress.candidates_done if advice.progress else advice.evaluations
    expected = advice.progress.candidates_expected if advice.progress else advice.evaluations
    lines = [
        f"**{t('advisor.stopped')}** "
        + t("advisor.stopped.after", done=done, expected=expected, seconds=fmt_number(advice.seconds, 0, lang)),
        t(
            "advisor.stopped.best" if best.meets_targets else "advisor.stopped.closest",
            changes=so_far or t("advisor.stopped.today"),
        )
        + " "
        + t("advisor.stopped.confirmed" if best.confirmed else "advisor.stopped.unconfirmed", n=best.replications),
    ]
    st.warning("\n\n".join(lines), icon=":material/stop_circle:")
    if st.button(t("advisor.resume"), key=f"{K}resume", icon=":material/play_arrow:", help=t("advisor.resume_help")):
        st.session_state.pop(STOPPED, None)
        st.rerun()
else:
    closest = adv.changes_text(advice, best, md_units, t, lang)
    lines = [
        f"**{t('advisor.infeasible')}** {t(f'advisor.infeasible.{advice.reason}')}",
        t("advisor.closest", changes=closest) if closest else t("advisor.closest_today"),
        *(f"- {m}" for m in adv.misses(advice, best, target_choices, md_targets, t, lang)),
    ]
    if not best.within_budget and advice.spec.budget_nok is not None:
        cost, limit = fmt_number(best.lever_cost_nok / 1e6, 1, lang), fmt_number(advice.spec.budget_nok / 1e6, 1, lang)
        lines.append(f"- {t('advisor.over_budget', cost=cost, budget=limit)}")
    st.warning("\n\n".join(lines[:2]) + "\n\n" + "\n".join(lines[2:]), icon=":material/block:")

st.subheader(t("advisor.table.targets"))
table = adv.targets_table(advice, dict(advice.today.targets), target_choices, target_labels, t, lang)
st.dataframe(table, hide_index=True, width="stretch")
st.caption(t("advisor.table_note", n=advice.today.replications))

if advice.feasible:
    st.subheader(t("advisor.why"))
    if advice.lower_neighbours:
        st.dataframe(adv.lower_table(advice, lever_labels, target_labels, t, lang), hide_index=True, width="stretch")
    else:
        st.caption(t("advisor.why_none"))

# --- the trade-off curve --------------------------------------------------------------------------------
first = advice.spec.targets[0]
scale = target_choices[first.key].scale(advice.scenario)
status = {k: t(f"advisor.legend.{k}") for k in curve.STATUSES}
frame = curve.tradeoff_frame(advice, scale, lever_labels, status)
st.subheader(t("advisor.curve"))
if not frame.empty:
    texts = {
        "x": t("advisor.axis.cost"), "y": target_labels[first.key], "kpi": t("advisor.tip.kpi"),
        "cost": t("advisor.tip.cost"), "replications": t("advisor.tip.replications"),
        "best": t("advisor.mark.best" if advice.feasible else "advisor.mark.closest"), "today": t("advisor.mark.today"),
        "bound": t("advisor.mark.bound", bound=fmt_number(first.max * scale, target_choices[first.key].decimals, lang)),
        **status,
    }  # fmt: skip
    titles = [lever_labels.get(lv.key, lv.key) for lv in advice.spec.levers]
    chart = curve.tradeoff_chart(frame, first.max * scale, texts, titles, lang, height=560 if presenter else 420)
    st.altair_chart(localised(chart), width="stretch")
    outside = curve.chart_focus(frame, first.max * scale)[2]
    hint = " " + t("advisor.curve_outside", n=outside) if outside else ""
    st.caption(t("advisor.curve_caption", target=md_targets[first.key]) + hint)

with st.expander(t("advisor.how"), icon=":material/manage_search:"):
    st.markdown(t("advisor.how.method"))
    st.markdown(
        t("advisor.how.counts", evaluations=advice.evaluations, simulations=advice.simulations, pruned=advice.pruned,
          seconds=fmt_number(advice.seconds, 0, lang))
    )  # fmt: skip
    if advice.reused:
        st.markdown(t("advisor.how.reused", n=advice.reused))
    st.caption(t("advisor.how.steps"))
    st.markdown("\n".join(f"- {literal(adv.step_text(step, lever_labels, t, lang))}" for step in advice.steps))
