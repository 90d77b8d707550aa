"""Samhandlingsdashbord: the indicators St. Olavs and Trondheim kommune share, from the weekly KPI history.

Shows the sample history (synthetic, labelled so) or the user's own CSV in the documented format
(sample_data/FORMATS.md). Reads widgets, calls cached functions and pure helpers
(pages/ui/overview_data.py), renders.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from harmoni_model.data.history import MAX_PROBLEMS, HistoryError, validate_history
from harmoni_model.data.indicators import INDICATORS
from harmoni_model.results.formatting import fmt_number
from pages.ui import dashboard_data as od
from pages.ui.dashboard_goals import GOALS, goal_for
from pages.ui.i18n import current_language, t
from pages.ui.user_text import literal

SAMPLE_FILE = Path(__file__).resolve().parents[2] / "sample_data" / "kpi_history.csv"
K = "overview:"  # widget-key prefix
DATA_ID, PERIOD, DATES, CHARTS = f"{K}data_id", f"{K}period", f"{K}dates", f"{K}charts"  # keys used twice
DEFAULT_CHARTS = {
    "both": ["overliggedogn", "utskrivningsklare_per_day", "short_term_occupancy_pct", "nursing_home_waiting_list"],
    "hospital": ["overliggedogn", "utskrivningsklare_per_day", "hospital_occupancy_pct", "readmissions_30d_pct"],
    "municipality": [
        "kad_occupancy_pct",
        "short_term_occupancy_pct",
        "nursing_home_occupancy_pct",
        "nursing_home_waiting_list",
    ],
}
COLOURS = {"current": "#0072B2", "last_year": "#6E6E6E", "target": "#D55E00"}  # Okabe-Ito, grey
NB_LOCALE = {
    "number": {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", "\u00a0kr"]},
    "time": {
        "dateTime": "%A %e. %B %Y kl. %X",
        "date": "%d.%m.%Y",
        "time": "%H:%M:%S",
        "periods": ["", ""],
        "days": ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"],
        "shortDays": ["søn.", "man.", "tir.", "ons.", "tor.", "fre.", "lør."],
        "months": [
            "januar",
            "februar",
            "mars",
            "april",
            "mai",
            "juni",
            "juli",
            "august",
            "september",
            "oktober",
            "november",
            "desember",
        ],
        "shortMonths": ["jan.", "feb.", "mar.", "apr.", "mai", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "des."],
    },
}


# --- cached data ----------------------------------------------------------------


@st.cache_data(show_spinner=False)
def load_sample() -> pd.DataFrame:
    """The shipped KPI history, validated (once per server)."""
    return validate_history(SAMPLE_FILE)


@st.cache_data(show_spinner=False)
def sample_bytes() -> bytes:
    return SAMPLE_FILE.read_bytes()


@st.cache_data(max_entries=16, show_spinner=False)
def check_upload(data: bytes) -> tuple[pd.DataFrame | None, list[tuple[int | None, str | None, str]], str]:
    """An uploaded history: (table, [], id) when valid, (None, problems, id) when not."""
    digest = hashlib.sha256(data).hexdigest()[:16]
    try:
        return validate_history(data), [], digest
    except HistoryError as exc:
        return None, [(p.line, p.column, p.message) for p in exc.problems], digest


# --- rendering helpers -------------------------------------------------------------


def problem_text(line: int | None, column: str | None, message: str) -> str:
    where = []
    if line is not None:
        where.append(t("overview.upload.line", line=line))
    if column is not None:
        where.append(t("overview.upload.column", column=column))
    prefix = ", ".join(where)
    return literal(f"{prefix[:1].upper()}{prefix[1:]}: {message}" if prefix else message)


def show_upload_problems(name: str, problems: list[tuple[int | None, str | None, str]]) -> None:
    lines = [f"- {problem_text(*p)}" for p in problems[:MAX_PROBLEMS]]
    if len(problems) > MAX_PROBLEMS:
        lines.append(f"- {t('overview.upload.more', n=len(problems) - MAX_PROBLEMS)}")
    st.error(
        t("overview.upload.invalid", name=literal(name)) + "\n\n" + "\n".join(lines),
        icon=":material/error:",
    )


def target_line(summary: od.PeriodFigure, lang: str) -> str | None:
    """One line under a tile: the target or reference level and where the value stands."""
    target = goal_for(summary.indicator)
    if target is None:
        return None
    ind = INDICATORS[summary.indicator]
    level = od.level_text(target.value, ind, lang) + (" (EST)" if target.est else "")
    check = od.check_goal(summary.value, target, ind.higher_is_better)
    if check is None:
        return None
    amount = f"{fmt_number(abs(check.difference), ind.decimals, lang)} {od.change_unit(ind, lang)}"
    if target.kind == "max":
        head = t("overview.target.max", level=level)
        if check.met:
            status = t("overview.target.met", amount=amount)
        else:
            status = t("overview.target.not_met", amount=amount)
    else:
        head = t("overview.target.reference", level=level)
        if round(check.difference, ind.decimals) == 0:
            status = t("overview.target.equal")
        elif check.difference > 0:
            status = t("overview.target.above", amount=amount)
        else:
            status = t("overview.target.below", amount=amount)
    if check.good is None:
        return f"{head} · {status}"
    colour, sign = ("green", "✔") if check.good else ("red", "✘")
    return f"{head} · :{colour}[{sign} {status}]"


def tile(summary: od.PeriodFigure, lang: str) -> None:
    ind = INDICATORS[summary.indicator]
    target = goal_for(summary.indicator)
    help_parts = [t("overview.tile.help", weeks=summary.weeks)]
    if target is not None:
        kind = t("overview.target.kind_max") if target.kind == "max" else t("overview.target.kind_reference")
        est = " (EST)" if target.est else ""
        help_parts.append(f"{kind}: {target.text(lang)}{est}. {t('overview.source')}: {target.source(lang)}.")
    elif ind.higher_is_better is not None:
        better = "overview.tile.higher_better" if ind.higher_is_better else "overview.tile.lower_better"
        help_parts.append(t(better))
    delta = od.metric_delta(summary.change, ind, lang)
    with st.container(border=True, height="stretch"):
        # the label as its own line: st.metric cuts long labels to one line
        st.markdown(f"**{ind.label(lang)}**", help="\n\n".join(help_parts))
        st.metric(
            ind.label(lang),
            od.value_text(summary.value, ind, lang, unit=False),
            delta=delta,
            delta_color=od.delta_color(ind),
            label_visibility="collapsed",
        )
        if delta is None:
            st.caption(t("overview.tile.no_last_year"))
        line = target_line(summary, lang)
        if line:
            st.markdown(line)


def trend_chart(df: pd.DataFrame, indicator: str, start, end, lang: str) -> alt.Chart:
    ind = INDICATORS[indicator]
    names = {
        "current": t("overview.chart.current"),
        "last_year": t("overview.chart.last_year"),
        "target": t("overview.chart.target"),
    }
    data = od.chart_frame(df, indicator, start, end)
    data["series"] = data["series"].map(names)
    target = goal_for(indicator)
    if target is not None and not od.target_in_view(data["value"], target.value):
        target = None  # far from the data: the line would squash the series; the tile still states it
    domain = [names["current"], names["last_year"]]
    if target is not None:
        domain.append(names["target"])
    colour = alt.Color(
        "series:N",
        scale=alt.Scale(domain=domain, range=[COLOURS[k] for k in ("current", "last_year", "target")][: len(domain)]),
        legend=alt.Legend(
            title=None,
            orient="top",
            labelFontSize=16,
            labelColor="#111111",
            labelLimit=0,
            symbolStrokeWidth=4,
            symbolSize=300,
        ),
    )
    dash = alt.StrokeDash(
        "series:N", scale=alt.Scale(domain=domain, range=[[1, 0], [6, 4], [2, 3]][: len(domain)]), legend=None
    )
    unit = "%" if ind.is_percentage else (ind.unit_nb if lang == "nb" else ind.unit)
    y_format = ",~f"  # d3: grouped, trailing zeros trimmed
    base = alt.Chart(data).encode(
        x=alt.X("week:T", title=t("overview.chart.week"), axis=alt.Axis(format="%b %Y", labelAngle=0, tickCount=6)),
        y=alt.Y("value:Q", title=unit, axis=alt.Axis(format=y_format), scale=alt.Scale(zero=False)),
        color=colour,
        strokeDash=dash,
        tooltip=[
            alt.Tooltip("week:T", title=t("overview.chart.week"), format="%d.%m.%Y" if lang == "nb" else "%Y-%m-%d"),
            alt.Tooltip("series:N", title=t("overview.chart.series")),
            alt.Tooltip("value:Q", title=unit, format=y_format),
        ],
    )
    line = base.mark_line(strokeWidth=3, interpolate="monotone")
    # last year first, so that this year's line is drawn on top
    layers = [
        line.transform_filter(alt.datum.series == names["last_year"]),
        line.transform_filter(alt.datum.series == names["current"]),
    ]
    if target is not None:
        rule = pd.DataFrame({"value": [target.value], "series": [names["target"]]})
        layers.append(alt.Chart(rule).mark_rule(strokeWidth=3).encode(y="value:Q", color=colour, strokeDash=dash))
    chart = alt.layer(*layers).properties(height=340)
    if lang == "nb":  # first: configure() replaces the whole config
        chart = chart.configure(locale=NB_LOCALE)
    return chart.configure_axis(labelFontSize=16, titleFontSize=18, labelColor="#111111", titleColor="#111111")


def table_view(df: pd.DataFrame, indicators: list[str], start, end, lang: str) -> None:
    table = od.wide_table(df, indicators, start, end)
    formatted = table.copy()
    for col in formatted.columns:
        formatted[col] = [fmt_number(v, INDICATORS[col].decimals, lang) for v in table[col]]
    formatted.index = [od.date_text(w.date(), lang) for w in table.index]
    formatted.index.name = t("overview.chart.week")
    formatted.columns = [
        INDICATORS[c].label(lang) + (" (%)" if INDICATORS[c].is_percentage else "") for c in table.columns
    ]
    st.dataframe(formatted, width="stretch", height=420)


def targets_overview(lang: str) -> None:
    """Every target and reference level with its source, as a list (wraps on a projector, unlike a table)."""
    items = []
    for target in GOALS:
        if target.indicator is not None:
            ind = INDICATORS[target.indicator]
            what, level = ind.label(lang), od.level_text(target.value, ind, lang)
        else:
            what, level = target.text(lang), f"{fmt_number(target.value, 0, lang)} {target.unit(lang)}"
        if target.kind == "max":
            head = t("overview.target.max", level=level)
        else:
            head = t("overview.target.reference", level=level)
        est = " (EST)" if target.est else ""
        detail = "" if target.indicator is None else f" {target.text(lang)}."
        unmeasured = f" *{t('overview.targets.unmeasured')}*" if target.indicator is None else ""
        items.append(f"- **{what}**: {head}{est}.{detail} {t('overview.source')}: {target.source(lang)}.{unmeasured}")
    st.markdown("\n".join(items))
    st.markdown(t("overview.targets.no_target"))


# --- the page -------------------------------------------------------------------------

lang = current_language()
st.title(t("nav.overview"))

# Data: the sample, or a valid upload
history = load_sample()
data_id = "sample"
upload_name = None
with st.expander(t("overview.upload.title"), icon=":material/upload_file:"):
    st.markdown(t("overview.upload.help"))
    uploaded = st.file_uploader(t("overview.upload.label"), type=["csv"], key=f"{K}upload")
    st.download_button(
        t("overview.upload.template"),
        data=sample_bytes(),
        file_name="kpi_history.csv",
        mime="text/csv",
        key=f"{K}template",
        on_click="ignore",
    )
problems: list = []
if uploaded is not None:
    checked, problems, digest = check_upload(uploaded.getvalue())
    if checked is not None:
        history, data_id, upload_name = checked, digest, uploaded.name

# A new data set: forget filters that depend on which weeks and indicators it has
if st.session_state.get(DATA_ID) != data_id:
    for key in [k for k in st.session_state if str(k).startswith((PERIOD, DATES, CHARTS))]:
        del st.session_state[key]
    st.session_state[DATA_ID] = data_id

if problems:
    show_upload_problems(uploaded.name, problems)
if od.is_synthetic(history):
    st.warning(t("overview.synthetic"), icon=":material/science:")

first, last = od.data_span(history)
n_weeks = history["week"].nunique()
span = od.span_text(first, last, lang)
if upload_name is None:
    st.caption(t("overview.data.sample", weeks=n_weeks, span=span))
else:
    st.success(
        t("overview.data.uploaded", name=literal(upload_name), weeks=n_weeks, span=span),
        icon=":material/check_circle:",
    )

# Filters
options = od.period_options(history)
period_labels = {
    od.LAST_13: t("overview.period.last13"),
    od.LAST_52: t("overview.period.last52"),
    od.ALL: t("overview.period.all"),
    od.CUSTOM: t("overview.period.custom"),
}
col_period, col_org = st.columns([2, 3])
with col_period:
    period = st.selectbox(
        t("overview.period.label"),
        options,
        format_func=lambda o: period_labels.get(o) or o.removeprefix("year:"),
        key=PERIOD,
    )
custom = None
if period == od.CUSTOM:
    with col_period:
        picked = st.date_input(
            t("overview.period.dates"),
            value=(max(first, last - dt.timedelta(weeks=25)), last),
            min_value=first,
            max_value=last,
            format="DD.MM.YYYY" if lang == "nb" else "YYYY-MM-DD",
            key=DATES,
        )
        if isinstance(picked, tuple) and len(picked) == 2:
            custom = (picked[0], picked[1])
with col_org:
    org_labels = {o: t(f"overview.org.{o}") for o in od.ORGANISATIONS}
    organisation = st.segmented_control(
        t("overview.org.label"),
        od.ORGANISATIONS,
        default="both",
        required=True,
        format_func=org_labels.__getitem__,
        key=f"{K}org",
    )
start, end = od.period_bounds(period, history, custom)
prev_start, prev_end = od.same_period_last_year(start, end)
st.caption(
    t(
        "overview.period.explain",
        span=od.span_text(start, end, lang),
        prev_span=od.span_text(prev_start, prev_end, lang),
    )
)

# Headline tiles, grouped by who owns the number
shown = od.indicators_for(history, organisation)
if not shown:
    st.info(t("overview.no_indicators"))
groups = ["hospital", "municipality"] if organisation == "both" else [organisation]
for group in groups:
    ids = [i for i in shown if INDICATORS[i].organisation == group]
    if not ids:
        continue
    st.subheader(t(f"overview.group.{group}"))
    per_row = 3
    for row in range(0, len(ids), per_row):
        cols = st.columns(per_row)
        for col, ind_id in zip(cols, ids[row : row + per_row], strict=False):
            with col:
                tile(od.period_figure(history, ind_id, start, end), lang)

# Trends
st.header(t("overview.trends"))
col_pick, col_view = st.columns([4, 2], vertical_alignment="bottom")
with col_pick:
    chosen = st.multiselect(
        t("overview.trends.pick"),
        shown,
        default=[i for i in DEFAULT_CHARTS[organisation] if i in shown] or shown[:4],
        format_func={i: INDICATORS[i].label(lang) for i in shown}.__getitem__,
        key=f"{CHARTS}:{organisation}",
    )
with col_view:
    view_labels = {v: t(f"overview.view.{v}") for v in ("chart", "table")}
    view = st.segmented_control(
        t("overview.view.label"),
        list(view_labels),
        default="chart",
        required=True,
        format_func=view_labels.__getitem__,
        key=f"{K}view",
    )
if not chosen:
    st.info(t("overview.trends.none"))
elif view == "chart":
    st.caption(t("overview.chart.legend_help"))
    for row in range(0, len(chosen), 2):
        cols = st.columns(2)
        for col, ind_id in zip(cols, chosen[row : row + 2], strict=False):
            with col:
                st.markdown(f"**{INDICATORS[ind_id].label(lang)}**")
                st.altair_chart(
                    trend_chart(history, ind_id, start, end, lang),
                    width="stretch",
                    alt=t(
                        "overview.chart.alt", label=INDICATORS[ind_id].label(lang), span=od.span_text(start, end, lang)
                    ),
                )
else:
    table_view(history, chosen, start, end, lang)

# About the data and the targets
with st.expander(t("overview.about.title"), icon=":material/info:"):
    st.subheader(t("overview.targets.title"))
    targets_overview(lang)
    st.subheader(t("overview.sources.title"))
    src = od.sources(history).rename(columns={"source": t("overview.source"), "rows": t("overview.sources.rows")})
    st.dataframe(src, hide_index=True, width="stretch")
    st.markdown(t("overview.about.method"))
