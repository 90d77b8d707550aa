"""Scenario studio: change capacities and intake, watch the queues move, see who pays."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from harmoni_model import ScenarioError, dumps_scenario, loads_scenario
from harmoni_model.results.comparison import compare, first_replications
from harmoni_model.results.costs import cost_change
from harmoni_model.results.formatting import fmt_difference, fmt_estimate, fmt_number
from harmoni_model.results.yearly import per_year
from harmoni_model.scenario.changes import apply_changes, changed_from
from harmoni_model.workshop.library import Library, LibraryError
from pages.ui.cached_runs import BASELINE_FILE, PREPARED_FILES, cached_run, replications_now, scenario_file
from pages.ui.cost_tables import cost_frame, cost_notes, cost_tiles
from pages.ui.i18n import current_language, t
from pages.ui.library_panel import OPEN_KEY, library_panel
from pages.ui.queue_chart import queue_moved_chart
from pages.ui.share_links import capacity_range, link_params, parse_link
from pages.ui.share_links import defaults as share_defaults
from pages.ui.studio_data import KEY_FIGURES, band, describe_changes, queue_moved, significant, summary_sentence
from pages.ui.tiles import tile
from pages.ui.upload_bounds import MAX_UPLOAD_BYTES, too_busy, within_app_bounds

lang = current_language()
presenter = bool(st.session_state.get("presenter"))
st.title(t("nav.scenario"))
UPLOADED = "uploaded"


def _load_upload() -> None:
    """Validate an uploaded scenario file, trim it to the app's bounds, and start from it."""
    file = st.session_state.get("scenario:upload")
    if file is None:
        return
    problems: list[str] = []
    data = file.getvalue()
    if len(data) > MAX_UPLOAD_BYTES:
        problems = [t("scenario.upload.too_big", limit=MAX_UPLOAD_BYTES // 1000)]
    else:
        try:
            scenario, trims = within_app_bounds(loads_scenario(data.decode("utf-8"), file.name))
            if too_busy(trims):
                problems = [t("scenario.upload.too_busy")]
            else:
                st.session_state["scenario:uploaded"] = scenario
                st.session_state["scenario:base"] = UPLOADED
                st.session_state["scenario:upload_notes"] = [
                    t("scenario.upload.trimmed", field=f, asked=f"{a:g}", used=f"{u:g}") for f, a, u in trims
                ]
                _reset()
        except UnicodeDecodeError:
            problems = [t("scenario.upload.not_text")]
        except ScenarioError as exc:
            problems = [str(p) for p in exc.problems]
    st.session_state["scenario:upload_problems"] = problems


def _starting_point(name: str):
    """A prepared scenario by file name, or the uploaded / opened one."""
    uploaded = st.session_state.get("scenario:uploaded")
    if name == UPLOADED and uploaded is not None:
        return uploaded
    return scenario_file(name if name in PREPARED_FILES else BASELINE_FILE)


def _reset() -> None:
    for key in [k for k in st.session_state if str(k).split(":")[0] in ("capacity", "staffing", "weekend")]:
        del st.session_state[key]
    st.session_state["demand"] = 0


# --- a scenario opened from the library starts the studio from it ---------------------
if OPEN_KEY in st.session_state:
    try:
        opened, _ = within_app_bounds(Library().open(st.session_state.pop(OPEN_KEY)))
    except LibraryError as exc:
        st.error(str(exc))
    else:
        st.session_state["scenario:uploaded"] = opened
        st.session_state["scenario:base"] = UPLOADED
        st.session_state["scenario:upload_notes"] = []
        _reset()

# --- a shared link (?capacity:short_term=60 ...) sets the controls, clamped and reported --
params = {k: v for k, v in st.query_params.to_dict().items() if k != "lang"}
link = tuple(sorted(params.items()))
if st.session_state.get("scenario:link") != link:  # a new link: this visit or a pasted URL
    st.session_state["scenario:link"] = link
    if params.get("base") in PREPARED_FILES:
        st.session_state["scenario:base"] = params["base"]
    _reset()
    chosen = _starting_point(st.session_state.get("scenario:base", BASELINE_FILE))
    values, notes = parse_link(params, chosen)
    if params.get("base") not in (None, *PREPARED_FILES):
        notes.append(("base", params["base"][:40], "unknown"))
    st.session_state.update(values)
    st.session_state["scenario:link_notes"] = notes

uploaded = st.session_state.get("scenario:uploaded")
choices = (*PREPARED_FILES, UPLOADED) if uploaded is not None else PREPARED_FILES
names = {f: (uploaded.name if f == UPLOADED else scenario_file(f).name) for f in choices}
if st.session_state.get("scenario:base") not in choices:
    st.session_state["scenario:base"] = BASELINE_FILE
with st.sidebar:
    base_name = st.selectbox(t("scenario.start"), choices, format_func=names.get, key="scenario:base", on_change=_reset)
base = _starting_point(base_name)
controls = share_defaults(base)
for key, value in controls.items():
    st.session_state.setdefault(key, value)

for key, value, what in st.session_state.get("scenario:link_notes", []):
    st.warning(t(f"scenario.link.{what}", param=key, value=value))

st.caption(t("scenario.intro", base=base.name, n=base.replications))

# --- controls in the sidebar, grouped by organisation: the room watches the results --
capacity: dict[str, int] = {}
fte: dict[str, float] = {}
weekend: dict[str, bool] = {}
control_area = st.expander(t("scenario.controls")) if presenter else st.sidebar
with control_area:
    for organisation, heading in (("hospital", t("scenario.hospital")), ("municipality", t("scenario.municipality"))):
        st.subheader(heading)
        for s in (s for s in base.services if s.organisation == organisation):
            low, high = capacity_range(base, s.id)
            capacity[s.id] = st.number_input(
                t("scenario.capacity", service=s.label(lang)), min_value=low, max_value=high, step=1,
                key=f"capacity:{s.id}",
            )  # fmt: skip
            if f"staffing:{s.id}" in controls:
                fte[s.id] = st.number_input(
                    t("scenario.staffing", service=s.label(lang)), min_value=0.0, max_value=5000.0, step=10.0,
                    key=f"staffing:{s.id}",
                )  # fmt: skip
            if f"weekend:{s.id}" in controls:
                weekend[s.id] = st.checkbox(t("scenario.weekend", service=s.label(lang)), key=f"weekend:{s.id}")
    demand = st.slider(
        t("scenario.demand"), min_value=-30, max_value=50, step=1, key="demand", help=t("scenario.demand_help")
    )
    st.button(t("scenario.reset"), on_click=_reset, key="scenario:reset")
    with st.expander(t("scenario.files")):
        st.file_uploader(
            t("scenario.upload"), type=["yaml", "yml", "json"], key="scenario:upload", on_change=_load_upload
        )
        for problem in st.session_state.get("scenario:upload_problems", []):
            st.error(problem)
        download_slot = st.empty()

changes = changed_from(base, capacity, fte, weekend, 1 + demand / 100)
try:
    variant = apply_changes(base, changes, name=f"{base.name} *") if not changes.is_empty() else base
except ScenarioError as exc:
    st.error(t("scenario.invalid") + "\n\n" + "\n".join(f"- {p}" for p in exc.problems))
    st.stop()
st.session_state["scenario:current"] = variant
download_slot.download_button(
    t("scenario.download"), lambda: dumps_scenario(variant), file_name="scenario.yaml", mime="application/x-yaml",
    on_click="ignore", key="scenario:download",
)  # fmt: skip
for note in st.session_state.get("scenario:upload_notes", []) if base_name == UPLOADED else []:
    st.warning(note)
with st.sidebar:
    library_panel(variant, lang)

# the URL follows the controls, so the address bar is always a link to this scenario
wanted = link_params(base, changes, demand)
if base_name not in (BASELINE_FILE, UPLOADED):
    wanted["base"] = base_name
if wanted != params:
    lang_param = st.query_params.get("lang")
    st.query_params.from_dict({**({"lang": lang_param} if lang_param else {}), **wanted})
    st.session_state["scenario:link"] = tuple(sorted(wanted.items()))
    st.session_state["scenario:link_notes"] = []  # the notes were about the link, now replaced

# while many are simulating, a first answer from fewer replications; "all replications" on request
variant_key = dumps_scenario(variant, "json")
full = st.session_state.get("scenario:full") == variant_key
with st.spinner(t("scenario.running"), show_time=True):
    base_run = cached_run(base)
    run = cached_run(variant, variant.replications if full else replications_now(variant))
base_res, res = base_run.results, run.results
if res.replications < base_res.replications:
    # replication r is the same patients in any run of a scenario: the first n pair with the variant's n
    base_res = first_replications(base_res, res.replications)
    c1, c2 = st.columns([4, 1], vertical_alignment="center")
    c1.info(t("scenario.quick", n=res.replications, full=variant.replications), icon=":material/speed:")
    c2.button(
        t("scenario.quick.full"), key="scenario:all_replications",
        on_click=lambda: st.session_state.update({"scenario:full": variant_key}),
    )  # fmt: skip
est, base_est = res.estimates(), base_res.estimates()
diff = compare(res, base_res)

# --- the change in one sentence, then the KPI tiles with the paired difference -------
st.info(summary_sentence(base_est, diff, describe_changes(base, changes, t, lang), t, lang))
st.subheader(t("scenario.kpis"))
st.caption(t("scenario.vs", base=base.name))
TILES = KEY_FIGURES
cols = [c for _ in range(2) for c in st.columns(3)]  # two rows of three: labels stay readable
for col, (label, scope, kpi, scale, decimals) in zip(cols, TILES, strict=True):
    if scope not in est:
        continue
    e, d = est[scope][kpi], diff[scope][kpi]
    delta = fmt_difference(d, decimals, lang, scale) if d.mean else ""
    tile(col, t(label), fmt_number(e.mean * scale, decimals, lang), delta,
         good=(d.mean < 0) if significant(d) else None, presenter=presenter)  # fmt: skip


# --- charts ---------------------------------------------------------------------------
labels = {s.id: s.label(lang) for s in base.services}
org_labels = {"hospital": t("scenario.hospital"), "municipality": t("scenario.municipality")}
runs = (t("scenario.run.base"), t("scenario.run.variant"))
# Only the chosen view is built and sent (tabs would render all three on every change).
view_labels = {v: t(f"scenario.tab.{v}") for v in ("time", "moved", "pays")}
view = st.segmented_control(
    t("scenario.view"), tuple(view_labels), format_func=view_labels.get, default="time", key="scenario:view",
    label_visibility="collapsed",
)  # fmt: skip

if view in (None, "time"):
    c1, c2 = st.columns(2)
    service = c1.selectbox(
        t("scenario.service"), base.service_ids, format_func=labels.get, key="scenario:chart_service"
    )
    measure_labels = {m: t(f"scenario.measure.{m}") for m in ("occupancy", "queue", "blocked")}
    measure = c2.radio(
        t("scenario.measure"), tuple(measure_labels), horizontal=True, format_func=measure_labels.get,
        key="scenario:chart_measure",
    )  # fmt: skip
    shown = pd.concat([band(base_run.bands, service, measure, runs[0]), band(run.bands, service, measure, runs[1])])
    x = alt.X("date:T", title=t("scenario.axis.date"))
    colour = alt.Color("run:N", title=None, sort=list(runs))
    chart = (
        alt.layer(
            alt.Chart(shown).mark_area(opacity=0.2).encode(x=x, y="low:Q", y2="high:Q", color=colour),
            alt.Chart(shown)
            .mark_line(strokeWidth=2.5)
            .encode(x=x, y=alt.Y("mean:Q", title=t("scenario.axis.patients")), color=colour),
        )
        .configure_axis(labelFontSize=15, titleFontSize=17)
        .configure_legend(labelFontSize=15)
    )
    st.altair_chart(chart.properties(height=520) if presenter else chart, width="stretch")
    st.caption(t("scenario.band"))

elif view == "moved":
    chart = queue_moved_chart(
        queue_moved(base_res, res, labels, org_labels, runs),
        runs,
        {"wait": t("scenario.kind.wait"), "blocked": t("scenario.kind.blocked")},
        org_labels["hospital"],
        t("scenario.axis.days"),
        row_height=80 if presenter else 48,
    )
    st.altair_chart(chart, width="stretch")
    st.caption(t("scenario.moved_caption"))

else:
    costs = cost_change(res, base_res)
    cost_tiles(st.columns(3), costs, t, lang, presenter)
    st.dataframe(cost_frame(costs, t, lang), hide_index=True, width="stretch")
    od = "overliggedogn"
    st.caption(t(
        "costs.od_days", base=fmt_estimate(per_year(base_est["system"][od], base), 0, lang),
        variant=fmt_estimate(per_year(est["system"][od], variant), 0, lang),
        change=fmt_difference(per_year(diff["system"][od], base), 0, lang),
    ))  # fmt: skip
    for note in cost_notes(costs, base.overliggedogn_rate_nok, labels, base.name, t, lang):
        st.caption(note)
