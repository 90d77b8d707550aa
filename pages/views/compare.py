"""Compare saved scenarios side by side with the base they were made from: key figures, queues, costs, who and why."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from harmoni_model import Scenario, ScenarioError
from harmoni_model.results.comparison import Comparison, compare
from harmoni_model.results.costs import cost_change, yearly_costs
from harmoni_model.results.formatting import fmt_difference, fmt_estimate, fmt_number
from harmoni_model.results.headline import headline_figures
from harmoni_model.scenario.differences import scenario_differences
from harmoni_model.workshop.library import LibraryError
from harmoni_model.workshop.report import (
    ReportItem,
    export_table,
    kpi_table,
    to_csv_bytes,
    to_excel_bytes,
    workshop_report,
)
from pages.ui.builtin_texts import spinner_time
from pages.ui.cached_runs import BASELINE_FILE, RUN_ERRORS, cached_run, scenario_file, stop_with_run_error
from pages.ui.chart_locale import localised
from pages.ui.cost_tables import compare_cost_frame
from pages.ui.i18n import current_language, t
from pages.ui.library_panel import PAGE_SIZE, fmt_created
from pages.ui.queue_chart import queue_moved_chart
from pages.ui.rooms import current_room, library, show_room_problem
from pages.ui.studio_data import queue_moved
from pages.ui.table_fit import fitted_table
from pages.ui.upload_bounds import app_scenario
from pages.ui.user_text import literal, literal_line

MAX_REPORT = 12  # scenarios in one report: each is simulated (or taken from the cache)
REPORT_FILES = "compare:report_files"
COMPARE_PAGE, COMPARE_FILTER = "compare:page", "compare:filter"


@dataclass(frozen=True)
class Group:
    """The entries compared with one base: their base hashes (None: saved without one), and a few ids."""

    hashes: tuple[str | None, ...]
    name: str | None
    count: int
    ids: tuple[int, ...]
    with_base: int | None  # an entry whose recorded base is the group's (None: the Trondheim baseline)


lang = current_language()
st.title(t("nav.compare"))
baseline = scenario_file(BASELINE_FILE)

room = current_room()
show_room_problem()
lib = library()
try:
    groups_found = lib.bases(room)  # one aggregate query: nothing is parsed or validated here
except LibraryError as exc:
    st.error(t("library.error", message=literal(str(exc))))
    st.stop()
if not groups_found:
    st.info(t("compare.empty"), icon=":material/info:")
    st.stop()

# Each scenario is compared with the base it was made from (paired: the same patients). Scenarios on
# different bases are compared separately, one base at a time; one saved without its base (before the
# library kept it, or imported as a file) is compared with the Trondheim baseline, as it always was.
# Only the chosen group's base is opened, and only one page of its entries is listed.
groups: dict[str, Group] = {}
for g in groups_found:
    key = g.base_hash or baseline.content_hash()
    old = groups.get(key)
    groups[key] = Group(
        hashes=(*(old.hashes if old else ()), g.base_hash),
        name=(g.base_name if g.base_hash else None) or (old.name if old else None),
        count=g.count + (old.count if old else 0),
        ids=tuple(sorted((*(old.ids if old else ()), *g.ids)))[:5],
        with_base=(old.with_base if old else None) or (g.first_id if g.base_hash else None),
    )
order = sorted(groups, key=lambda h: (h != baseline.content_hash(), groups[h].ids[0]))


def _base(key: str) -> Scenario:
    if key == baseline.content_hash():
        return baseline
    first = groups[key].with_base
    assert first is not None  # the group has a recorded base
    try:
        base = lib.saved(first, room).base
        assert base is not None
        return app_scenario(base)  # (too big for the app: a message, like a damaged base)
    except ScenarioError as exc:
        raise LibraryError(str(exc)) from None


group = order[0]
if len(order) > 1:
    base_labels = {}  # plain text: a selectbox's options do not render markdown
    for key, g in groups.items():
        name = g.name or (baseline.name if key == baseline.content_hash() else f"#{g.ids[0]}")
        more = ", …" if g.count > len(g.ids) else ""
        base_labels[key] = t("compare.base_option", name=name, n=g.count, ids=", ".join(f"#{i}" for i in g.ids) + more)
    group = st.selectbox(
        t("compare.base"),
        order,
        format_func=base_labels.get,
        key="compare:base",
        help=t("compare.base_help"),
        placeholder=t("builtin.choose"),
    )
try:
    base = _base(group)
except LibraryError as exc:  # its base is damaged: say so, and the other groups can still be chosen
    st.error(t("library.error", message=literal(str(exc))))
    st.stop()

# --- one page of the group's entries, with a name filter; the picked ones stay picked across pages ---
st.caption(t("compare.intro", base=literal_line(base.name)))
in_group = groups[group].hashes
c1, c2, c3, c4 = st.columns([3, 1, 2, 1], vertical_alignment="bottom")
wanted = c1.text_input(t("library.filter"), key=COMPARE_FILTER, max_chars=100)
try:
    total = lib.count(room, name_contains=wanted, bases=in_group)
except LibraryError as exc:
    st.error(t("library.error", message=literal(str(exc))))
    st.stop()
pages = max(1, -(-total // PAGE_SIZE))
page = min(max(0, int(st.session_state.get(COMPARE_PAGE, 0))), pages - 1)
st.session_state[COMPARE_PAGE] = page
c2.button("‹", key="compare:prev", disabled=page == 0, help=t("library.prev"),
          on_click=lambda: st.session_state.update({COMPARE_PAGE: page - 1}))  # fmt: skip
c3.caption(t("library.page", page=page + 1, pages=pages, n=total))
c4.button("›", key="compare:next", disabled=page >= pages - 1, help=t("library.next"),
          on_click=lambda: st.session_state.update({COMPARE_PAGE: page + 1}))  # fmt: skip
try:
    entries = lib.list(room, page * PAGE_SIZE, PAGE_SIZE, name_contains=wanted, bases=in_group)
except LibraryError as exc:
    st.error(t("library.error", message=literal(str(exc))))
    st.stop()
damaged = [e for e in entries if e.damaged]
if damaged:  # listed, never compared: their content is not a valid scenario
    names = ", ".join(f"{literal_line(e.name)} (#{e.id})" for e in damaged)
    st.caption(t("compare.damaged", names=names))
unrecorded = [e for e in entries if e.base_hash is None and not e.damaged]
if unrecorded:
    names = ", ".join(f"{literal_line(e.name)} (#{e.id})" for e in unrecorded)
    st.caption(t("compare.no_base", base=literal(base.name), names=names))
by_id = {e.id: e for e in entries if not e.damaged}
for i in st.session_state.get("compare:pick", []):  # picked on another page: still an option
    if i not in by_id:
        try:
            kept = lib.entry(i, room)
        except LibraryError:  # deleted in another session meanwhile: it drops out
            continue
        if kept.base_hash in in_group and not kept.damaged:
            by_id[i] = kept
if "compare:pick" in st.session_state:
    st.session_state["compare:pick"] = [i for i in st.session_state["compare:pick"] if i in by_id]
# names need not be unique in the library: the id tells two "Plan B"s apart
pick_labels = {i: f"{e.name} (#{e.id})" + (f" – {e.author}" if e.author else "") for i, e in by_id.items()}
picked = st.multiselect(
    t("compare.pick"), sorted(by_id), format_func=pick_labels.get, max_selections=4, key="compare:pick",
    help=t("compare.pick_help"), placeholder=t("compare.pick"), select_all=False,
    persist_state="session",  # kept while the facilitator visits the studio and comes back
)  # fmt: skip
picked = [i for i in picked if i in by_id]
if not picked:
    st.info(t("compare.pick_more", base=literal_line(base.name)))
    st.stop()

chosen = []  # (label, entry, scenario)
made_of: dict[int, str] = {}  # what each changed on the base, in words: the report's own lines (one home)
for i in picked:
    try:
        chosen.append((f"{by_id[i].name} (#{i})", by_id[i], app_scenario(lib.open(i, room))))
        lines = scenario_differences(base, chosen[-1][2], lang)  # any scenario: uploaded, advised, edited
        made_of[i] = "; ".join(literal_line(line) for line in lines)  # (labels from a file are text)
    except (LibraryError, ScenarioError) as exc:  # deleted in another session, damaged, or too big for the app
        st.error(t("compare.open_failed", name=literal_line(by_id[i].name), message=literal(str(exc))))
if not chosen:
    st.stop()

try:
    with st.spinner(t("compare.running"), show_time=spinner_time(lang)):
        base_res = cached_run(base).results
        results = [cached_run(s).results for _, _, s in chosen]
except RUN_ERRORS as exc:  # busy, too long, or a scenario the model cannot run: a message, not a traceback
    stop_with_run_error(exc)
base_label = base.name

# --- key figures (the baseline's headline figures): each run's value, and its change from the baseline ---
figures = headline_figures(base)


def _value(res, fig) -> str:
    """A figure's level in a run, as the pages show it (per year for totals, clipped to its range)."""
    est = res.estimates()
    if fig.scope not in est:
        return "–"
    return fmt_estimate(fig.shown(est[fig.scope][fig.kpi], res.scenario), fig.info.decimals, lang, floor=None)


def _change(comparison: Comparison, fig) -> str:
    d = comparison.at(fig.scope, fig.kpi)
    return "–" if d is None else fmt_difference(fig.shown(d, base, difference=True), fig.info.decimals, lang)


comparisons = [compare(res, base_res) for res in results]  # paired when the runs saw the same patients, else Welch
kpi_col = t("compare.kpi")
values: dict[str, list[str]] = {kpi_col: [fig.label(lang) for fig in figures]}
values[base_label] = [_value(base_res, fig) for fig in figures]
changes: dict[str, list[str]] = {kpi_col: values[kpi_col]}
for (label, _, _), res, comparison in zip(chosen, results, comparisons, strict=True):
    values[label] = [_value(res, fig) for fig in figures]
    changes[label] = [_change(comparison, fig) + ("" if comparison.paired else " *") for fig in figures]
# two tables of at most five columns: one wide table would not fit a projector
st.subheader(t("compare.kpis"))
fitted_table(pd.DataFrame(values))
st.caption(t("compare.ci_values"))
st.subheader(t("compare.changes", base=literal_line(base_label)))
fitted_table(pd.DataFrame(changes))
st.caption(t("compare.ci", base=literal_line(base_label)))
if not all(c.paired for c in comparisons):
    st.caption(t("compare.unpaired", base=literal_line(base_label)))

# --- where the queue moved, grouped by organisation ------------------------------------
st.subheader(t("compare.moved"))
org_labels = {org: base.organisation_label(org, lang) for org in ("hospital", "municipality")}
labels = {s.id: s.label(lang) for sc in (base, *(s for _, _, s in chosen)) for s in sc.services}
runs = [base_label, *(label for label, _, _ in chosen)]
parts = [queue_moved(base_res, res, labels, org_labels, (base_label, label)) for (label, _, _), res in
         zip(chosen, results, strict=True)]  # fmt: skip
moved = pd.concat(parts).drop_duplicates(subset=["run", "service", "organisation", "kind"])
chart = queue_moved_chart(
    moved,
    runs,
    {"wait": t("scenario.kind.wait"), "blocked": t("scenario.kind.blocked")},
    org_labels["hospital"],
    t("scenario.axis.days"),
    row_height=22 * len(runs),
)
st.altair_chart(localised(chart), width="stretch")
st.caption(t("compare.moved_caption"))

# --- who pays, against the baseline -----------------------------------------------------------
st.subheader(t("compare.costs"))
cost_changes = [(label, cost_change(res, base_res)) for (label, _, _), res in zip(chosen, results, strict=True)]
fitted_table(compare_cost_frame(yearly_costs(base_res), cost_changes, base_label, t, lang))
notes = [t("costs.note", rate=fmt_number(base.overliggedogn_rate_nok, 0, lang))]
unpriced_all = sorted({s for _, c in cost_changes for s in c.unpriced})
if unpriced_all:
    notes.append(t("costs.unpriced", services=literal_line(", ".join(labels.get(s, s) for s in unpriced_all))))
if not all(c.paired for _, c in cost_changes):
    notes.append(t("costs.unpaired", base=literal_line(base_label)))
for note in notes:
    st.caption(note)

# --- who made each scenario, and why -------------------------------------------------------
st.subheader(t("compare.who"))
cols = st.columns(len(chosen) + 1)
with cols[0].container(border=True):
    st.markdown(f"**{literal(base_label)}**")
    st.markdown(t("compare.base_reason"))
for col, (label, entry, _) in zip(cols[1:], chosen, strict=True):
    with col.container(border=True):
        st.markdown(f"**{literal(label)}**")
        author = entry.author or t("compare.no_author")
        st.caption(t("compare.by", author=literal(author), created=fmt_created(entry.created, lang)))
        if made_of.get(entry.id):
            st.caption(t("levers.compare.changed", changes=made_of[entry.id]))
        st.markdown(literal(entry.reason) if entry.reason else f"*{t('compare.no_reason')}*")


# --- the workshop report: one offline HTML file, and the key figures as CSV and Excel ----------
st.subheader(t("compare.report"))
everything = st.checkbox(t("compare.report_all", n=min(groups[group].count, MAX_REPORT)), key="compare:report_all")
if st.button(t("compare.report_make"), key="compare:report_make"):
    if everything:
        report_runs = []
        for e in lib.list(room, 0, MAX_REPORT, bases=in_group):  # the group's first, not only this page
            try:
                report_runs.append((f"{e.name} (#{e.id})", e, app_scenario(lib.open(e.id, room))))
            except (LibraryError, ScenarioError) as exc:  # damaged, or too big for the app
                st.error(t("compare.open_failed", name=literal_line(e.name), message=literal(str(exc))))
    else:
        report_runs = chosen
    try:
        with st.spinner(t("compare.report_running"), show_time=spinner_time(lang)):
            items = [ReportItem(label, e.author, e.reason, cached_run(sc).results) for label, e, sc in report_runs]
    except RUN_ERRORS as exc:
        stop_with_run_error(exc)
    with st.spinner(t("compare.report_running"), show_time=spinner_time(lang)):
        # the exports a room files: names, units and number formats of the reader's language, no ids
        table = export_table(kpi_table(items, base_res), base_res.scenario, lang)
        changes = {i.name: scenario_differences(base_res.scenario, i.results.scenario, lang) for i in items}
        st.session_state[REPORT_FILES] = (
            workshop_report(items, base_res, title=t("compare.report_title"), lang=lang),
            to_csv_bytes(table, lang),
            to_excel_bytes(table, lang, changes),
        )
files = st.session_state.get(REPORT_FILES)
if files:
    c1, c2, c3 = st.columns(3)
    c1.download_button(t("compare.report_html"), files[0], "harmoni_workshop.html", "text/html", on_click="ignore")
    c2.download_button(t("compare.report_csv"), files[1], "harmoni_kpis.csv", "text/csv", on_click="ignore")
    c3.download_button(
        t("compare.report_xlsx"), files[2], "harmoni_kpis.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore",
    )  # fmt: skip
