"""Scenario studio: change capacities and intake, watch the queues move, see who pays.

The studio survives the workshop: its widgets keep their values while the user is on other
pages (``persist_state="session"``), and coming back without a link keeps what was on screen.
A scenario opened from the library (or saved by the advisor) opens as its changes on its base,
and the address bar always holds a link that reproduces what is on screen, or says it cannot.
"""

from __future__ import annotations

import datetime as dt
import time
from contextlib import nullcontext

import altair as alt
import pandas as pd
import streamlit as st

from harmoni_model import Scenario, ScenarioError, dumps_scenario, loads_scenario
from harmoni_model.results.comparison import compare
from harmoni_model.results.costs import cost_change
from harmoni_model.results.formatting import fmt_difference, fmt_estimate, fmt_number
from harmoni_model.results.headline import headline_figures
from harmoni_model.results.precision import (
    BUDGET_SECONDS,
    FIRST_BATCH,
    LADDER,
    MIN_N_RESOLVED,
    MIN_N_UNCLEAR,
    MORE_FACTOR,
    RELATIVE_PRECISION,
    TARGET_REPLICATIONS,
    TODAY_REPLICATIONS,
    Precision,
    budget_under_load,
    first_batch,
    first_replications_to_show,
    next_replications,
    precision,
)
from harmoni_model.results.yearly import per_year
from harmoni_model.scenario.changes import apply_changes, changed_from
from harmoni_model.scenario.format import validate_data
from harmoni_model.workshop.library import LibraryError
from pages.ui import state
from pages.ui.builtin_texts import spinner_time, upload_limit
from pages.ui.cached_runs import (
    BASELINE_FILE,
    PREPARED_FILES,
    REFINE,
    RUN_ERRORS,
    affordable,
    cached_replications,
    cached_run,
    is_heavy,
    others_simulating,
    run_key,
    scenario_file,
    stop_with_run_error,
)
from pages.ui.chart_locale import localised
from pages.ui.cost_tables import cost_frame, cost_notes, cost_tiles
from pages.ui.dashboard_data import date_text
from pages.ui.headroom_view import headroom_view
from pages.ui.i18n import DEFAULT_LANGUAGE, current_language, t
from pages.ui.lever_controls import lever_controls
from pages.ui.library_panel import library_panel
from pages.ui.my_data import (
    MAX_SIDE_MB,
    MAX_STAYS_MB,
    FitOutcome,
    cached_fit,
    content_key,
    default_until,
    download_name,
    fitted_name,
    note_items,
    problem_lines,
    runs_locally,
    stay_rows,
)
from pages.ui.note_text import note_head_text, note_part_text
from pages.ui.occupancy_words import occupancy_view
from pages.ui.pathway_chart import pathway_view
from pages.ui.problem_text import message_text, problem_text
from pages.ui.queue_chart import queue_moved_chart
from pages.ui.quick_steps import (
    field_step,
    focus_services,
    quick_steps,
    remember_changed,
    slide_control,
    slider_range,
    slider_value,
    step_control,
    step_label,
)
from pages.ui.rooms import current_room, library, room_params
from pages.ui.share_links import (
    Start,
    capacity_range,
    defaults,
    fte_range,
    link_params,
    opened_start,
    parse_link,
    parse_open,
)
from pages.ui.studio_data import (
    TILES_PER_ROW,
    band,
    describe_changes,
    figure_states,
    is_small,
    precision_badge,
    queue_moved,
    summary_sentence,
    tile_texts,
)
from pages.ui.table_fit import fitted_table
from pages.ui.tiles import badge, tile
from pages.ui.upload_bounds import MAX_UPLOAD_BYTES, budget_messages, over_app_budget, within_app_bounds
from pages.ui.user_text import literal, literal_line

lang = current_language()
presenter = bool(st.session_state.get(state.PRESENTER))
if not presenter:  # on the projector the tiles need the height: the page's name is in the navigation
    st.title(t("nav.scenario"))
UPLOADED, OPENED = "uploaded", "opened"  # starting points beside the prepared files
UPLOAD, UPLOAD_PROBLEMS, UPLOAD_NOTES = "scenario:upload", "scenario:upload_problems", "scenario:upload_notes"
LINK, LINK_NOTES = "scenario:link", "scenario:link_notes"
KEEP = "session"  # persist_state of the studio's widgets: kept while the user visits other pages
# "Start from my data": the extract's files and dates (widgets), the last attempt's errors, the fitted start
MY_STAYS, MY_UNITS, MY_CAPACITY = "scenario:my_stays", "scenario:my_units", "scenario:my_capacity"
MY_UNTIL, MY_FROM, MY_FIT = "scenario:my_until", "scenario:my_from", "scenario:my_fit"
MY_ERRORS, MY_FITTED, MY_START = "scenario:my_errors", "scenario:my_fitted", "scenario:my_start"
ANSWERED = "scenario:answered"  # (variant's JSON, level) -> the n its answer ended with in this session
MAX_ANSWERED = 50
MORE = "scenario:more_precision_levels"  # variant's JSON -> how often "more precision" was pressed for it
MY_AREA = "scenario:my_data"  # the area's expander: open after a fit (the controls above it change with the start)


def _load_upload() -> None:
    """Validate an uploaded scenario file, trim it to the app's bounds, and start from it."""
    file = st.session_state.get(UPLOAD)
    if file is None:
        return
    problems: list[str] = []
    data = file.getvalue()
    if len(data) > MAX_UPLOAD_BYTES:
        problems = [t("scenario.upload.too_big", limit=MAX_UPLOAD_BYTES // 1000)]
    else:
        try:
            scenario, trims = within_app_bounds(loads_scenario(data.decode("utf-8"), file.name))
            refused = over_app_budget(scenario)  # after the trims: what is left must fit the work budget
            if refused:
                problems = [t("scenario.upload.over_budget"), *budget_messages(refused, t, lang)]
            else:
                st.session_state[state.UPLOADED] = scenario
                st.session_state[state.START] = UPLOADED
                st.session_state[UPLOAD_NOTES] = [
                    t("scenario.upload.trimmed", field=literal_line(f), asked=f"{a:g}", used=f"{u:g}")
                    for f, a, u in trims
                ]
                _reset()
        except UnicodeDecodeError:
            problems = [t("scenario.upload.not_text")]
        except ScenarioError as exc:
            problems = [literal(problem_text(p, lang)) for p in exc.problems]  # a problem quotes the file's values
    st.session_state[UPLOAD_PROBLEMS] = problems


def _my_stays_changed() -> None:
    """A new stays file: suggest its end (the day after its latest date) and forget the last attempt's errors."""
    st.session_state[MY_ERRORS] = []
    file = st.session_state.get(MY_STAYS)
    if file is not None and file.size <= MAX_STAYS_MB * 1_000_000:
        st.session_state[MY_UNTIL] = default_until(file.getvalue())


def _where(file: str | None, line: int | None, column: str | None) -> str:
    """A problem's place in the page's language: ``line 3, column ‘left’`` (the stays file), ``units.csv, line 2``."""
    parts = [] if file is None else [file]
    if line is not None:
        parts.append(t("scenario.mydata.line", line=line))
    if column is not None:
        parts.append(t("scenario.mydata.column", column=column))
    return ", ".join(parts) or "?"


def _fit_errors(outcome: FitOutcome, file: str) -> list[tuple[str, list[str]]]:
    """Why the fit gave no scenario: (message, its list of problems), markdown, every file value escaped."""
    if outcome.problems:
        lines = [literal_line(line) for line in problem_lines(outcome.problems, _where, lang)]
        count = t(
            f"scenario.mydata.count.{'one' if outcome.total == 1 else 'many'}", n=fmt_number(outcome.total, 0, lang)
        )
        text = t("scenario.mydata.problems", file=literal_line(file), count=count)
        if outcome.total > len(lines):
            lines.append(t("scenario.mydata.more", n=fmt_number(outcome.total - len(lines), 0, lang)))
        return [(text, lines)]
    if outcome.invalid:
        return [(t("scenario.mydata.invalid"), [literal_line(problem_text(p, lang)) for p in outcome.invalid])]
    return [(t("scenario.mydata.failed", message=literal_line(message_text(outcome.message, lang))), [])]


def _fit_my_data() -> None:
    """Fit the uploaded extract; on success start from it as from an uploaded scenario (on the next run)."""
    stays, until = st.session_state.get(MY_STAYS), st.session_state.get(MY_UNTIL)
    files = {MY_STAYS: (stays, MAX_STAYS_MB)}
    files |= {k: (st.session_state.get(k), MAX_SIDE_MB) for k in (MY_UNITS, MY_CAPACITY)}
    errors = [
        (t("scenario.mydata.too_big", file=literal_line(f.name), limit=limit), [])
        for f, limit in files.values()
        if f is not None and f.size > limit * 1_000_000
    ]
    if until is None:
        errors.append((t("scenario.mydata.need_until"), []))
    st.session_state[MY_ERRORS] = errors
    if stays is None or errors:
        return
    data = tuple(None if f is None else f.getvalue() for f, _ in files.values())
    names = (stays.name, *(f.name if f is not None else d for (f, _), d in zip(
        (files[MY_UNITS], files[MY_CAPACITY]), ("units.csv", "capacity.csv"), strict=True)))  # fmt: skip
    fitting = t("scenario.mydata.fitting", rows=fmt_number(stay_rows(data[0]), 0, lang))
    with st.spinner(fitting, show_time=spinner_time(lang)):
        outcome = cached_fit(
            content_key(*data), until, st.session_state.get(MY_FROM), names, data, scenario_file(BASELINE_FILE)
        )
    if outcome.data is None:
        st.session_state[MY_ERRORS] = _fit_errors(outcome, stays.name)
        return
    try:  # the name in the page's language, then the app's bounds, as for an uploaded scenario
        fitted = validate_data({**outcome.data, "name": fitted_name(t("scenario.mydata.name"), stays.name)})
        scenario, trims = within_app_bounds(fitted)
    except ScenarioError as exc:
        st.session_state[MY_ERRORS] = _fit_errors(FitOutcome(invalid=tuple(map(str, exc.problems))), stays.name)
        return
    refused = over_app_budget(scenario)
    if refused:
        st.session_state[MY_ERRORS] = [(t("scenario.upload.over_budget"), budget_messages(refused, t, lang))]
        return
    st.session_state[state.UPLOADED] = scenario
    st.session_state[UPLOAD_PROBLEMS] = []
    st.session_state[UPLOAD_NOTES] = [
        t("scenario.upload.trimmed", field=literal_line(f), asked=f"{a:g}", used=f"{u:g}") for f, a, u in trims
    ]
    st.session_state[MY_FITTED] = {"start": scenario, "fitted": fitted, "outcome": outcome, "file": stays.name}
    st.session_state[MY_START] = True  # the start's selectbox is above this area: it is set on the next run
    st.rerun()


def _fit_notes(notes: tuple[str, ...], fitted: Scenario) -> None:
    """What the fit did, one item per service, arrival stream and the initial state (in a dialog: long lines)."""
    st.caption(t("scenario.mydata.notes"))
    labels = {s.id: f"{s.label(lang)} ({s.id})" for s in fitted.services if s.label(lang) != s.id}
    items = []
    for head, parts in map(note_items, notes):
        head = labels.get(head) or note_head_text(head, lang)
        parts = [note_part_text(p, lang) for p in parts]
        items.append(f"- **{literal_line(head)}**" + "".join(f"\n    - {literal_line(p)}" for p in parts))
    st.markdown("\n".join(items))


def _my_data_area() -> None:
    """Start from my data: upload a stays extract, fit the model, start from the fitted scenario."""
    st.caption(t("scenario.mydata.intro"))
    st.caption(t("scenario.mydata.local" if runs_locally(st.context.url) else "scenario.mydata.server"))
    st.file_uploader(
        t("scenario.mydata.stays"), type=["csv"], key=MY_STAYS, on_change=_my_stays_changed,
        max_upload_size=MAX_STAYS_MB,
    )  # fmt: skip
    upload_limit(MAX_STAYS_MB, ["csv"])
    st.file_uploader(t("scenario.mydata.units"), type=["csv"], key=MY_UNITS, max_upload_size=MAX_SIDE_MB)
    upload_limit(MAX_SIDE_MB, ["csv"])
    st.file_uploader(t("scenario.mydata.capacity"), type=["csv"], key=MY_CAPACITY, max_upload_size=MAX_SIDE_MB)
    upload_limit(MAX_SIDE_MB, ["csv"])
    day = "DD.MM.YYYY" if lang == "nb" else "YYYY-MM-DD"
    first, last = dt.date(1900, 1, 1), dt.date(2199, 12, 31)
    st.session_state.setdefault(MY_UNTIL, None)
    st.session_state.setdefault(MY_FROM, None)
    st.date_input(
        t("scenario.mydata.until"), min_value=first, max_value=last, format=day, key=MY_UNTIL,
        help=t("scenario.mydata.until_help"),
    )  # fmt: skip
    st.date_input(
        t("scenario.mydata.from"), min_value=first, max_value=last, format=day, key=MY_FROM,
        help=t("scenario.mydata.from_help"),
    )  # fmt: skip
    if st.button(t("scenario.mydata.fit"), key=MY_FIT, type="primary", disabled=st.session_state.get(MY_STAYS) is None):
        _fit_my_data()
    for error, items in st.session_state.get(MY_ERRORS, []):
        st.error(error, icon=":material/error:")
        if items:  # up to 25 problems and the count of the rest: a list that scrolls in the narrow sidebar
            with st.container(height=340 if len(items) > 4 else "content"):
                st.caption("\n".join(f"- {item}" for item in items))
    fit = st.session_state.get(MY_FITTED)
    if fit is None or st.session_state.get(state.UPLOADED) is not fit["start"]:
        st.caption(t("scenario.mydata.sample"))
        return  # no fit yet, or another upload replaced it
    outcome, fitted = fit["outcome"], fit["fitted"]
    first_day, end = outcome.period
    st.success(t("scenario.mydata.done", name=literal_line(fit["start"].name)), icon=":material/check_circle:")
    st.caption(t(
        "scenario.mydata.period", rows=fmt_number(outcome.rows, 0, lang), first=date_text(first_day, lang),
        last=date_text(end - dt.timedelta(days=1), lang), start=date_text(fitted.start_date, lang),
    ))  # fmt: skip
    if st.button(t("scenario.mydata.show_notes"), key="scenario:my_notes", icon=":material/list:"):
        st.dialog(t("scenario.mydata.notes_title"), width="large")(_fit_notes)(outcome.notes, fitted)
    st.download_button(
        t("scenario.mydata.download"), lambda: dumps_scenario(fitted), file_name=download_name(fit["file"]),
        mime="application/x-yaml", on_click="ignore", key="scenario:my_download",
    )  # fmt: skip
    st.caption(t("scenario.mydata.kept"))


def _start(choice: str) -> Start:
    """The starting point `choice`: a prepared file by name, the uploaded scenario or the opened one."""
    opened, uploaded = st.session_state.get(state.OPENED), st.session_state.get(state.UPLOADED)
    if choice == OPENED and opened is not None:
        return opened
    if choice == UPLOADED and uploaded is not None:
        return Start(uploaded, defaults(uploaded))
    base = scenario_file(choice if choice in PREPARED_FILES else BASELINE_FILE)
    return Start(base, defaults(base))


def _reset() -> None:
    """Forget the controls' values: they are filled in again from the starting point below."""
    for key in [k for k in st.session_state if state.is_control_key(k)]:
        del st.session_state[key]


def _open(entry_id: int) -> str | None:
    """Start from a library scenario (its changes on its base); a message if it cannot be opened."""
    try:
        opened = opened_start(library().saved(entry_id, current_room()))  # only this room's entries
    except (LibraryError, ScenarioError) as exc:  # (a ScenarioError: too big for the app's work budget)
        return literal(exc)
    st.session_state[state.OPENED] = opened
    st.session_state[state.START] = OPENED
    _reset()
    return None


# the language and the room are the frame's: not part of the studio's link to compare
params = {k: v for k, v in st.query_params.to_dict().items() if k not in (state.LANG_PARAM, state.ROOM_PARAM)}
link = tuple(sorted(params.items()))

# --- a scenario opened from the library or the advisor ---------------------------------
if state.OPEN in st.session_state:
    problem = _open(st.session_state.pop(state.OPEN))
    if problem:
        st.error(t("library.error", message=literal(problem)))
    # on screen is now the opened scenario, whatever the address says: the address follows below
    st.session_state[LINK] = link
    st.session_state[LINK_NOTES] = []

# --- a scenario fitted to the user's own data (the upload area's button) starts here ------
if st.session_state.pop(MY_START, False):
    st.session_state[state.START] = UPLOADED
    st.session_state[MY_AREA] = True  # the fit's outcome is in the area: keep it open
    _reset()

# --- a link (?open=12&capacity:short_term=60 ...) sets the start and the controls --------
# The first visit reads the address; so does a later one whose address differs from the one the studio
# wrote. Coming back from another page the address has lost its parameters but the session has not:
# the studio keeps what was on screen and writes its address again below.
seen = st.session_state.get(LINK)
if seen != link and (seen is None or params):
    st.session_state[LINK] = link
    notes: list[tuple[str, str, str]] = []
    choice = BASELINE_FILE
    if state.OPEN_PARAM in params:
        entry_id = parse_open(params[state.OPEN_PARAM])
        if entry_id is not None and _open(entry_id) is None:
            choice = OPENED
        else:
            notes.append((state.OPEN_PARAM, params[state.OPEN_PARAM][:40], "not_in_library"))
    elif params.get(state.BASE_PARAM) in PREPARED_FILES:
        choice = params[state.BASE_PARAM]
    elif params.get(state.BASE_PARAM) == UPLOADED:
        notes.append((state.BASE_PARAM, UPLOADED, "uploaded"))
    elif state.BASE_PARAM in params:
        notes.append((state.BASE_PARAM, params[state.BASE_PARAM][:40], "unknown"))
    st.session_state[state.START] = choice
    _reset()
    values, value_notes = parse_link(params, _start(choice).base)
    st.session_state.update(values)
    st.session_state[LINK_NOTES] = notes + value_notes

uploaded, opened = st.session_state.get(state.UPLOADED), st.session_state.get(state.OPENED)
choices = (*PREPARED_FILES, *((UPLOADED,) if uploaded else ()), *((OPENED,) if opened else ()))
names = {f: scenario_file(f).name for f in PREPARED_FILES}
if uploaded is not None:
    names[UPLOADED] = uploaded.name
if opened is not None:
    names[OPENED] = t("scenario.start.opened", name=opened.name, id=opened.entry_id)
if st.session_state.get(state.START) not in choices:
    st.session_state[state.START] = BASELINE_FILE
with st.sidebar:
    base_name = st.selectbox(
        t("scenario.start"),
        choices,
        format_func=names.get,
        key=state.START,
        on_change=_reset,
        persist_state=KEEP,
        placeholder=t("builtin.choose"),
    )
start = _start(base_name)
base = start.base
for key, value in start.values.items():
    st.session_state.setdefault(key, value)

for key, value, what in st.session_state.get(LINK_NOTES, []):
    st.warning(t(f"scenario.link.{what}", param=literal_line(key), value=literal_line(value)))

if not presenter:
    batches = f"{FIRST_BATCH}–{TARGET_REPLICATIONS}" if TARGET_REPLICATIONS else base.replications
    st.caption(t("scenario.intro", base=literal_line(base.name), n=batches))
if start.name is not None:
    st.caption(t("scenario.opened", name=literal(start.name), id=start.entry_id, base=literal(base.name)))
if start.note is not None:
    st.warning(t(f"scenario.opened.{start.note}", name=literal(start.name or "")), icon=":material/history:")

# --- controls in the sidebar, grouped by organisation: the room watches the results --
# In presenter mode the controls and the tiles share one screen: a left column holds the services in play
# (the one last changed, any changed, the busiest of each organisation) with quick steps, the rest of the
# controls wait in an expander below them, and the results take the right-hand column.
capacity: dict[str, int] = {}
fte: dict[str, float] = {}
weekend: dict[str, bool] = {}
# st.metric cuts a long label ("Delayed-discharge bed-days a …" at 1280 with the sidebar open): let it wrap
st.html(
    "<style>[data-testid='stMetricLabel'],[data-testid='stMetricLabel'] *{white-space:normal!important;"
    "overflow:visible!important;text-overflow:clip!important}</style>"
)
if presenter:
    # Streamlit's 6rem above the page is a sixth of a projector's height: the tiles need it. Its header (the
    # sidebar's » on the left, the menu on the right) stays, see-through, over the margins the page leaves free.
    # The quick steps are small buttons: four in a row in the narrow column.
    st.html(
        "<style>[data-testid='stMainBlockContainer']{padding-top:1.5rem}"
        "[data-testid='stHeader']{background:transparent;pointer-events:none}"
        "[data-testid='stHeader'] button,[data-testid='stHeader'] a{pointer-events:auto}"
        "[class*='st-key-scenario-steps-'] button{min-height:2rem;padding:0.1rem 0.55rem}</style>"
    )
    control_area, result_area = st.columns([1, 2.6], gap="medium")
else:
    control_area, result_area = st.sidebar, st.container()
focus = focus_services(base, start.values, st.session_state) if presenter else ()


def _service_controls(s, steps: bool) -> None:
    """One service's controls: places (with quick steps in presenter mode), staffing, weekend intake."""
    low, high = capacity_range(base, s.id)
    service = literal_line(s.label(lang))  # a label from an uploaded file is text, not markdown
    key = state.control_key(state.CAPACITY, s.id)
    capacity[s.id] = st.number_input(
        t("scenario.capacity", service=service), min_value=low, max_value=high, step=field_step(s.capacity),
        key=key, persist_state=KEEP, on_change=remember_changed, args=(st.session_state, key),
    )  # fmt: skip
    span = slider_range(s.capacity) if steps else None
    if span is not None:  # a large service on the projector: a slider over the range a meeting debates
        slider_key = f"scenario:slider:{s.id}"
        st.session_state[slider_key] = slider_value(capacity[s.id], span)  # follows the field (set before drawing)
        st.slider(
            t("scenario.capacity_slider", service=service), min_value=span[0], max_value=span[1],
            step=field_step(s.capacity), key=slider_key, label_visibility="collapsed", on_change=slide_control,
            args=(st.session_state, key, slider_key),
        )  # fmt: skip
    if steps:
        with st.container(horizontal=True, gap="small", key=f"scenario-steps-{s.id}"):
            for step in quick_steps(s.capacity):
                st.button(
                    step_label(step, lang), key=f"scenario:step:{s.id}:{step}", on_click=step_control,
                    args=(st.session_state, key, step, low, high),
                )  # fmt: skip
    if state.control_key(state.STAFFING, s.id) in start.values:
        low_fte, high_fte = fte_range(base, s.id)  # never below the scenario's own FTE
        fte_key = state.control_key(state.STAFFING, s.id)
        fte[s.id] = st.number_input(
            t("scenario.staffing", service=service), min_value=low_fte, max_value=high_fte, step=10.0, format="%.0f",
            key=fte_key, persist_state=KEEP, on_change=remember_changed, args=(st.session_state, fte_key),
        )  # fmt: skip
    if state.control_key(state.WEEKEND, s.id) in start.values:
        weekend_key = state.control_key(state.WEEKEND, s.id)
        weekend[s.id] = st.checkbox(
            t("scenario.weekend", service=service), key=weekend_key, persist_state=KEEP,
            on_change=remember_changed, args=(st.session_state, weekend_key),
        )  # fmt: skip


with control_area:
    services_area = st.container()
    demand = st.slider(
        t("scenario.demand"), min_value=-30, max_value=50, step=1, key=state.DEMAND, help=t("scenario.demand_help"),
        persist_state=KEEP,
    )  # fmt: skip
    levers = lever_controls(base, lang)  # summer closure, corridor places, priority, transfer days, stays
    more_area = st.expander(t("precision.more_controls")) if presenter else st.container()
    with more_area:
        rest_area = st.container()
        st.button(t("scenario.reset"), on_click=_reset, key="scenario:reset")
        with st.expander(t("scenario.files")):
            st.file_uploader(t("scenario.upload"), type=["yaml", "yml", "json"], key=UPLOAD, on_change=_load_upload)
            upload_limit(None, ["yaml", "yml", "json"])
            for problem in st.session_state.get(UPLOAD_PROBLEMS, []):
                st.error(problem)
            download_slot = st.empty()
        with st.expander(t("scenario.mydata"), key=MY_AREA, on_change="rerun"):
            _my_data_area()
    with services_area:
        for sid in focus:
            _service_controls(base.service(sid), steps=True)
    with rest_area if presenter else services_area:
        for organisation in ("hospital", "municipality"):
            heading = base.organisation_label(organisation, lang)
            st.subheader(literal_line(heading))
            for s in (s for s in base.services if s.organisation == organisation and s.id not in focus):
                _service_controls(s, steps=False)

changes = changed_from(base, capacity, fte, weekend, 1 + demand / 100, **levers)  # type: ignore[arg-type]
now = {key: st.session_state[key] for key in start.values}  # every control's value, as on screen
# an opened scenario keeps its own name until the controls leave its values
name = f"{base.name} *" if start.name is None else start.name if now == start.values else f"{start.name} *"
try:
    unchanged = changes.is_empty() and start.name in (None, base.name)
    variant = base if unchanged else apply_changes(base, changes, name=name)
except ScenarioError as exc:
    st.error(
        t("scenario.invalid") + "\n\n" + "\n".join(f"- {literal_line(problem_text(p, lang))}" for p in exc.problems)
    )
    st.stop()
st.session_state[state.CURRENT] = variant
st.session_state[state.CURRENT_MADE_OF] = (base, changes)
download_slot.download_button(
    t("scenario.download"), lambda: dumps_scenario(variant), file_name="scenario.yaml", mime="application/x-yaml",
    on_click="ignore", key="scenario:download",
)  # fmt: skip
for note in st.session_state.get(UPLOAD_NOTES, []) if base_name == UPLOADED else []:
    st.warning(note)  # built with the file's field names escaped (_load_upload)
with st.sidebar:
    library_panel(base, lang, changes=changes)

# the URL follows the controls, so the address bar is always a link to this scenario: the start
# (a library id, a prepared file) and every control that differs from it
wanted = link_params(now, start.values)
if base_name == OPENED:
    wanted = {state.OPEN_PARAM: str(start.entry_id), **wanted}
elif base_name == UPLOADED:  # no link carries a file: the address says so, and so does the page
    wanted = {state.BASE_PARAM: UPLOADED, **wanted}
    st.warning(t("scenario.link.not_shareable"), icon=":material/link_off:")
elif base_name != BASELINE_FILE:
    wanted = {state.BASE_PARAM: base_name, **wanted}
# the language too, unless it is the default (the address loses it on the way through other pages)
lang_param = st.query_params.get(state.LANG_PARAM) or (lang if lang != DEFAULT_LANGUAGE else None)
# and the room, so that a shared link opens in the same room (never a key: see pages/ui/rooms.py)
room = room_params()
if (
    wanted != params
    or lang_param != st.query_params.get(state.LANG_PARAM)
    or any(st.query_params.get(k) != v for k, v in room.items())
):
    st.query_params.from_dict({**({state.LANG_PARAM: lang_param} if lang_param else {}), **room, **wanted})
    st.session_state[LINK] = tuple(sorted(wanted.items()))
    st.session_state[LINK_NOTES] = []  # the notes were about the link, now replaced

# --- the answer: a first batch of replications at once, then more until the headline figures are settled --
# Replication r is the same patients in the baseline and the scenario (common random numbers) and is run
# once per server (pages/ui/cached_runs.py): each batch runs only its new replications, and a value seen
# before starts from its finished answer. The loop redraws the badge and the tiles in place; a new value
# stops it at once (fastReruns: the next element raises, and the pool cancels the batch in flight).
variant_key = run_key(variant)  # (a digest of the whole scenario, kept by session state per scenario)
changed = not changes.is_empty()
figures = headline_figures(base)
level = st.session_state.get(MORE, {}).get(variant_key, 0)  # "more precision" pressed for this scenario
# (TARGET_REPLICATIONS None: each scenario's own replications, as before issue 14; the AppTests use that)
target = min((TARGET_REPLICATIONS or variant.replications) * MORE_FACTOR**level, LADDER[-1])
if not changed and TARGET_REPLICATIONS is not None:  # today's levels, from 30 replications: the first change
    target = min(target, TODAY_REPLICATIONS)  # then pairs with them at once
budget = BUDGET_SECONDS * MORE_FACTOR**level
stepwise = not is_heavy(variant, FIRST_BATCH)  # a heavy upload runs its own replications once
answered = st.session_state.get(ANSWERED, {}).get((variant_key, level)) if changed else None
kept_reason: tuple[str, dict] = ("target", {"target": fmt_number(target, 0, lang)})
if changed and not stepwise:
    kept_reason = ("budget", {})  # a heavy scenario: more replications would hold the room's workers too long
if stepwise and answered is not None and min(cached_replications(base), cached_replications(variant)) >= answered[0]:
    # going back to a value this session has seen: the answer it ended with, at once (nothing runs)
    (n, *kept_reason), stepwise = answered, False
elif stepwise:
    first = min(first_batch(others_simulating()) if changed else variant.replications, target)
    n = first_replications_to_show(min(cached_replications(base), cached_replications(variant)), target, first)
else:
    n = max(variant.replications, min(cached_replications(base), cached_replications(variant), target))


def _more() -> None:
    more = dict(st.session_state.get(MORE, {}))
    more[variant_key] = more.get(variant_key, 0) + 1
    st.session_state[MORE] = more


def _draw_tiles(area, est, base_est, diff, states, n: int) -> None:
    cols = [c for _ in range(0, len(figures), TILES_PER_ROW) for c in area.columns(TILES_PER_ROW)]
    for col, f, state_ in zip(cols, figures, states, strict=False):  # the last row may have empty places
        value, delta, good = tile_texts(
            f, est[f.scope][f.kpi], diff[f.scope][f.kpi], base, changed, t, lang, small=is_small(state_)
        )
        tile(col, f.label(lang), value, delta, good, presenter=presenter, note=t("precision.n", n=n))


with result_area:
    badge_row = st.columns([3, 1], vertical_alignment="center") if changed else (st.container(), None)
    badge_slot = badge_row[0].empty()
    if badge_row[1] is not None:
        badge_row[1].button(
            t("precision.more"), key="scenario:more_precision", on_click=_more, help=t("precision.more_help"),
            disabled=target >= LADDER[-1], icon=":material/add_chart:", width="stretch", wrap=True,
        )  # fmt: skip
    sentence_slot = st.empty() if not presenter else None
    if not presenter:
        st.subheader(t("scenario.kpis"))
        st.caption(t("scenario.vs", base=literal_line(base.name)))
    tiles_slot = st.empty()
    if sentence_slot is None:  # on the projector the tiles come first: a long sentence must not push them down
        sentence_slot = st.empty()
    started = time.monotonic()
    answer: Precision | None = None
    # the first answer is URGENT in the pool; later batches only refine it, so others' first answers go first,
    # and a refining batch that cannot start within what is left of the budget gives up (the answer stays)
    refine: dict = {}
    while True:
        batch_started = time.monotonic()
        to_run = max(n - cached_replications(base), 0) + max(n - cached_replications(variant), 0)
        try:
            with st.spinner(t("scenario.running"), show_time=spinner_time(lang)) if answer is None else nullcontext():
                base_run, run = cached_run(base, n, **refine), cached_run(variant, n, **refine)
        except RUN_ERRORS as exc:  # busy, too long, or a scenario the model cannot run: a message, not a traceback
            if answer is None:
                stop_with_run_error(exc)
            # keep the last batch's answer, and say why it stopped there (not remembered: next time may go on)
            badge(badge_slot, *precision_badge(answer, figures, False, "busy", {}, t, lang))
            reason = "busy"
            break
        base_res, res = base_run.results, run.results
        est, base_est = res.estimates(), base_res.estimates()
        diff = compare(res, base_res)
        answer = precision(figure_states(figures, base, base_est, diff), n)
        going, (reason, reason_args) = False, kept_reason
        if stepwise and not answer.resolved:
            nxt = next_replications(n, target)
            others = others_simulating()  # only other sessions' runs: a facilitator's own clicks never count
            allowed = budget_under_load(budget, others)
            # the next batch's time, at this batch's seconds per replication run (both runs' new ones)
            per_replication = (time.monotonic() - batch_started) / max(to_run, 1)
            next_run = max(nxt - cached_replications(base), 0) + max(nxt - cached_replications(variant), 0)
            expected = time.monotonic() - started + per_replication * next_run
            if nxt == n:
                pass  # the target is reached
            elif not (affordable(variant, nxt) and affordable(base, nxt)):
                reason, reason_args = "budget", {}
            elif expected > allowed:
                seconds = fmt_number(allowed, 1 if allowed < 10 else 0, lang)
                reason, reason_args = ("load" if others else "time"), {"seconds": seconds, "others": others}
            else:
                going = True
                refine = {"priority": REFINE, "max_wait": max(allowed - (time.monotonic() - started), 0.5)}
        if changed:
            badge(badge_slot, *precision_badge(answer, figures, going, reason, reason_args, t, lang))
        else:
            badge_slot.caption(t("precision.today", n=fmt_number(n, 0, lang)))
        if going and changed:
            sentence_slot.info(t("precision.waiting"), icon=":material/hourglass_top:")
        elif going:  # today's levels growing more precise: the sentence is already final ("no changes yet")
            sentence_slot.info(t("scenario.sentence.none"))
        _draw_tiles(tiles_slot.container(), est, base_est, diff, answer.states, n)
        if not going:
            break
        n = nxt
    if changed and reason != "busy":
        seen = {k: v for k, v in st.session_state.get(ANSWERED, {}).items() if k != (variant_key, level)}
        seen[variant_key, level] = (n, reason, reason_args)
        st.session_state[ANSWERED] = dict(list(seen.items())[-MAX_ANSWERED:])

# --- the change in one sentence (from the final answer) -----------------------------------------
described = describe_changes(base, changes, t, lang)
sentence_slot.info(summary_sentence(figures, base, base_est, est, diff, described, t, lang))
if changed:
    result_area.caption(t(
        "precision.rule", min_n=MIN_N_UNCLEAR, pct=fmt_number(RELATIVE_PRECISION * 100, 0, lang),
        min_firm=MIN_N_RESOLVED,
    ))  # fmt: skip


# --- charts ---------------------------------------------------------------------------
labels = {s.id: s.label(lang) for s in base.services}
org_labels = {org: base.organisation_label(org, lang) for org in ("hospital", "municipality")}
runs = (t("scenario.run.base"), t("scenario.run.variant"))
# Only the chosen view is built and sent (tabs would render all three on every change).
view_labels = {"pathway": t("pathway.tab")} | {v: t(f"scenario.tab.{v}") for v in ("time", "moved", "pays")}
view_labels |= {"headroom": t("headroom.tab"), "occupancy": t("headroom.occupancy_tab")}
view = st.segmented_control(
    t("scenario.view"), tuple(view_labels), format_func=view_labels.get, default="pathway", key="scenario:view",
    persist_state=KEEP,
    label_visibility="collapsed",
)  # fmt: skip

if view in (None, "pathway"):
    pathway_view(base_res, res, lang, presenter, not changes.is_empty(), "scenario:view")

elif view == "time":
    c1, c2 = st.columns(2)
    service = c1.selectbox(
        t("scenario.service"),
        base.service_ids,
        placeholder=t("builtin.choose"),
        format_func=labels.get,
        key="scenario:chart_service",
        persist_state=KEEP,
    )
    measure_labels = {m: t(f"scenario.measure.{m}") for m in ("occupancy", "queue", "blocked")}
    measure = c2.radio(
        t("scenario.measure"), tuple(measure_labels), horizontal=True, format_func=measure_labels.get,
        key="scenario:chart_measure", persist_state=KEEP,
    )  # fmt: skip
    shown = pd.concat([band(base_run.bands, service, measure, runs[0]), band(run.bands, service, measure, runs[1])])
    x = alt.X("date:T", title=t("scenario.axis.date"))
    colour = alt.Color("run:N", title=None, sort=list(runs))
    layers = [
        alt.Chart(shown).mark_area(opacity=0.2).encode(x=x, y="low:Q", y2="high:Q", color=colour),
        alt.Chart(shown)
        .mark_line(strokeWidth=2.5)
        .encode(x=x, y=alt.Y("mean:Q", title=t("scenario.axis.patients")), color=colour),
    ]
    if measure == "occupancy":  # the regular places each day, as the calendar has them
        places = pd.concat([band(r.bands, service, "capacity", label) for r, label in zip((base_run, run), runs,
                                                                                          strict=True)])  # fmt: skip
        layers.append(
            alt.Chart(places).mark_line(strokeDash=[6, 4], strokeWidth=1.5, interpolate="step-after")
            .encode(x=x, y="mean:Q", color=colour)
        )  # fmt: skip
    chart = alt.layer(*layers).configure_axis(labelFontSize=15, titleFontSize=17).configure_legend(labelFontSize=15)
    st.altair_chart(localised(chart.properties(height=520) if presenter else chart), width="stretch")
    st.caption(t("scenario.band") + (" " + t("scenario.places_line") if measure == "occupancy" else ""))

elif view == "moved":
    chart = queue_moved_chart(
        queue_moved(base_res, res, labels, org_labels, runs),
        runs,
        {"wait": t("scenario.kind.wait"), "blocked": t("scenario.kind.blocked")},
        org_labels["hospital"],
        t("scenario.axis.days"),
        row_height=80 if presenter else 48,
    )
    st.altair_chart(localised(chart), width="stretch")
    st.caption(t("scenario.moved_caption"))

elif view == "headroom":
    headroom_view(variant, res, lang, presenter)

elif view == "occupancy":
    occupancy_view(base, base_res, res, t, lang)

else:
    costs = cost_change(res, base_res)
    cost_tiles(st.columns(3), costs, t, lang, presenter)
    fitted_table(cost_frame(costs, t, lang))
    od = "overliggedogn"
    st.caption(t(
        "costs.od_days", base=fmt_estimate(per_year(base_est["system"][od], base), 0, lang),
        variant=fmt_estimate(per_year(est["system"][od], variant), 0, lang),
        change=fmt_difference(per_year(diff["system"][od], base), 0, lang),
    ))  # fmt: skip
    for note in cost_notes(costs, base.overliggedogn_rate_nok, labels, base.name, t, lang):
        st.caption(note)
