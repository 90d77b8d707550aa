"""Samhandlingsdashbord: the indicators St. Olavs and Trondheim kommune share, week by week.

The default data is the SYNTHETIC stays extract (sample_data/stays_synthetic.csv, labelled so wherever it
shows); a visitor may upload a stays extract (with units.csv and capacity.csv) or a weekly KPI file
(sample_data/FORMATS.md). From stays the weekly indicators are the model's own definitions
(``weekly_from_daily`` of ``daily_levels``). Small counts can be hidden ("<5"), and a back-test asks
whether the model reproduces what happened. Reads widgets, calls cached functions and the pure helpers
of pages/ui/dashboard_data.py and pages/ui/extract_data.py, renders.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import altair as alt
import pandas as pd
import streamlit as st

from harmoni_model.data.history import MAX_PROBLEMS, HistoryError, validate_history
from harmoni_model.data.indicators import INDICATORS
from harmoni_model.extracts.backtest import BAND, Backtest, backtest
from harmoni_model.extracts.stays import StaysError, read_extract, services_of
from harmoni_model.problems import InputError
from harmoni_model.results.formatting import fmt_number
from harmoni_model.running.replications import default_workers
from harmoni_model.scenario.budget import APP_BUDGET
from harmoni_model.scenario.files import load_scenario
from harmoni_model.scenario.format import Scenario
from pages.ui import dashboard_data as od
from pages.ui import extract_data as ed
from pages.ui.builtin_texts import upload_limit
from pages.ui.cached_runs import RUN_ERRORS, run_error_text
from pages.ui.chart_locale import localised
from pages.ui.dashboard_goals import GOALS, goal_for
from pages.ui.i18n import current_language, t
from pages.ui.problem_text import message_text
from pages.ui.user_text import literal

K = "overview:"  # widget-key prefix
DATA_ID, PERIOD, DATES, CHARTS = f"{K}data_id", f"{K}period", f"{K}dates", f"{K}charts"  # keys used twice
SMALL, UPLOAD, LAST_GOOD = f"{K}small", f"{K}upload", f"{K}last_good"
FIT_UNTIL, BACKTEST = f"{K}fit_until", f"{K}backtest"  # the back-test's date and the run asked for
BACKTEST_TIMEOUT = 120.0  # seconds per replication: a year of the baseline takes about 0.2
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
BAND_COLOURS = {"band": "#9CC7E8", "mean": "#0072B2", "observed": "#111111"}  # light and dark blue, black


# --- cached data ----------------------------------------------------------------

Problems = ed.Problems


class _Gone(Exception):
    """An earlier result was looked up without its bytes and the cache no longer holds it."""


@st.cache_data(show_spinner=False)
def reference_scenario() -> Scenario:
    """The Trondheim baseline: the services an extract's ids are read against, and the fit's reference."""
    return load_scenario(ed.BASELINE)


@st.cache_data(show_spinner=False)
def sample_files() -> ed.StaysFiles:
    """The SYNTHETIC sample extract and its capacities (read from disk once per server)."""
    return ed.StaysFiles(
        stays=ed.SAMPLE_STAYS.read_bytes(),
        name=ed.SAMPLE_STAYS.name,
        until=ed.SAMPLE_UNTIL,
        capacity=ed.SAMPLE_CAPACITY.read_bytes(),
        synthetic=True,
    )


def _read(files: ed.StaysFiles):
    return read_extract(
        files.stays,
        files.until,
        units=files.units,
        capacity=files.capacity,
        services=services_of(reference_scenario()),
        name=files.name,
    )


@st.cache_data(max_entries=8, show_spinner=False)
def stays_dashboard(key: tuple, _files: ed.StaysFiles | None) -> tuple[ed.StaysData | None, Problems, int]:
    """A stays extract's weekly indicators, or its problems (cached by the files' content, `key`).

    Without `_files` (an earlier result looked up again) it raises `_Gone` on a miss, and nothing is cached.
    """
    if _files is None:
        raise _Gone
    try:
        extract = _read(_files)
    except StaysError as exc:
        return None, *ed.problems_of(exc)
    return ed.stays_data(extract, _files.synthetic), [], 0


@st.cache_data(max_entries=16, show_spinner=False)
def weekly_upload(key: str, _data: bytes | None) -> tuple[pd.DataFrame | None, Problems, int]:
    """An uploaded weekly KPI file: (table, [], 0) when valid, (None, problems, count) when not."""
    if _data is None:
        raise _Gone
    try:
        return validate_history(_data), [], 0
    except HistoryError as exc:
        problems = [(p.line, p.column, p.message) for p in exc.problems]
        return None, problems[:MAX_PROBLEMS], len(problems)


@st.cache_data(max_entries=8, show_spinner=False)
def stays_backtest(key: tuple, fit_until: dt.date, _files: ed.StaysFiles) -> Backtest:
    """The back-test of an extract (fit before `fit_until`, simulate to its end), cached by content and date.

    The replications run in the worker processes (salabim is not thread-safe): at least two workers.
    """
    return backtest(
        _read(_files),
        fit_until,
        _files.until,
        reference=reference_scenario(),
        replications=ed.BACKTEST_REPLICATIONS,
        workers=max(2, default_workers()),
        budget=APP_BUDGET,  # an uploaded extract's fitted model is refused before it runs if too big
        timeout=BACKTEST_TIMEOUT,
    )


@dataclass(frozen=True)
class Shown:
    """The data the page shows: a weekly table and where it came from."""

    weekly: pd.DataFrame
    kind: str  # ed.STAYS or ed.WEEKLY
    data_id: str
    uploaded: bool
    stays: ed.StaysData | None = None
    files: ed.StaysFiles | None = None  # None: an earlier upload shown again without its bytes
    name: str = ""


def sample_shown() -> Shown:
    files = sample_files()
    data, _, _ = stays_dashboard(files.key, files)
    return Shown(data.weekly, ed.STAYS, "sample", False, data, files, data.name)


def previous_shown() -> Shown:
    """What the page showed before a broken upload: the last good upload of this session, else the sample."""
    last = st.session_state.get(LAST_GOOD)
    if last is not None:
        kind, key, name = last
        try:
            if kind == ed.STAYS:
                data, _, _ = stays_dashboard(key, None)
                return Shown(data.weekly, kind, str(key), True, data, None, name)
            table, _, _ = weekly_upload(key, None)
            return Shown(table, kind, key, True, name=name)
        except _Gone:
            pass
    return sample_shown()


# --- rendering helpers -------------------------------------------------------------


def problem_text(line: int | None, column: str | None, message: str) -> str:
    where = []
    if line is not None:
        where.append(t("overview.upload.line", line=line))
    if column is not None:
        where.append(t("overview.upload.column", column=column))
    prefix = ", ".join(where)
    message = message_text(message, current_language())
    return literal(f"{prefix[:1].upper()}{prefix[1:]}: {message}" if prefix else message)


def show_problems(name: str, problems: Problems, total: int) -> None:
    """A file's problems: the first MAX_PROBLEMS with line and column, and the count of the rest."""
    lines = [f"- {problem_text(*p)}" for p in problems[:MAX_PROBLEMS]]
    if total > MAX_PROBLEMS:
        lines.append(f"- {t('overview.upload.more', n=total - MAX_PROBLEMS)}")
    st.error(t("overview.upload.invalid", name=literal(name)) + "\n\n" + "\n".join(lines), icon=":material/error:")


def synthetic_tag(synthetic: bool) -> str:
    return f" · **{t('overview.synthetic_label')}**" if synthetic else ""


def band_chart(frame: pd.DataFrame, indicator: str, lang: str) -> alt.Chart:
    """The observed weekly line over the model's 10–90 % band (area), with the band's mean dashed."""
    ind = INDICATORS[indicator]
    names = {k: t(f"overview.backtest.{k}") for k in ("band", "mean", "observed")}
    domain = [names["band"], names["mean"], names["observed"]]
    colour = alt.Color(
        "series:N",
        scale=alt.Scale(domain=domain, range=[BAND_COLOURS[k] for k in ("band", "mean", "observed")]),
        legend=None,  # explained once above the charts: three entries do not fit a half-width chart
    )
    unit = "%" if ind.is_percentage else (ind.unit_nb if lang == "nb" else ind.unit)
    y_format = ",~f"
    date_format = "%d.%m.%Y" if lang == "nb" else "%Y-%m-%d"
    x = alt.X("week:T", title=t("overview.chart.week"), axis=alt.Axis(format="%b %Y", labelAngle=0, tickCount=6))
    band = (
        alt.Chart(frame.assign(series=names["band"]))
        .mark_area(opacity=0.6)
        .encode(
            x=x,
            y=alt.Y("low:Q", title=unit, axis=alt.Axis(format=y_format), scale=alt.Scale(zero=False)),
            y2="high:Q",
            color=colour,
            tooltip=[
                alt.Tooltip("week:T", title=t("overview.chart.week"), format=date_format),
                alt.Tooltip("low:Q", title=f"{BAND[0]} %", format=",.1f"),
                alt.Tooltip("high:Q", title=f"{BAND[1]} %", format=",.1f"),
            ],
        )
    )
    lines = frame.melt(id_vars=["week"], value_vars=["mean", "observed"], var_name="key", value_name="value")
    lines = lines.dropna(subset=["value"]).assign(series=lambda d: d["key"].map(names))
    dash = alt.StrokeDash(
        "series:N", scale=alt.Scale(domain=[names["mean"], names["observed"]], range=[[6, 4], [1, 0]]), legend=None
    )
    line = (
        alt.Chart(lines)
        .mark_line(strokeWidth=3)
        .encode(
            x=x,
            y="value:Q",
            color=colour,
            strokeDash=dash,
            tooltip=[
                alt.Tooltip("week:T", title=t("overview.chart.week"), format=date_format),
                alt.Tooltip("series:N", title=t("overview.chart.series")),
                alt.Tooltip("value:Q", title=unit, format=",.1f"),
            ],
        )
    )
    chart = alt.layer(band, line).properties(height=300)
    return chart.configure_axis(labelFontSize=16, titleFontSize=18, labelColor="#111111", titleColor="#111111")


def backtest_section(shown: Shown, small: bool, lang: str) -> None:
    """'Does the model reproduce what happened?': a date, a button, then the scores and one chart per indicator."""
    st.header(t("overview.backtest.title"))
    st.markdown(t("overview.backtest.intro", reps=ed.BACKTEST_REPLICATIONS))
    if shown.files is None:
        st.info(t("overview.backtest.needs_file"))
        return
    data, files = shown.stays, shown.files
    earliest = data.first + dt.timedelta(days=ed.MIN_FIT_DAYS)
    latest = data.until - dt.timedelta(days=7)
    if latest < earliest:
        st.info(t("overview.backtest.none"))
        return
    col_date, col_run = st.columns([2, 3], vertical_alignment="bottom")
    with col_date:
        fit_until = st.date_input(
            t("overview.backtest.fit_until"),
            value=ed.default_fit_until(data.first, data.until),
            min_value=earliest,
            max_value=latest,
            format="DD.MM.YYYY" if lang == "nb" else "YYYY-MM-DD",
            help=t("overview.backtest.fit_until_help", end=od.date_text(data.until, lang)),
            key=f"{FIT_UNTIL}:{shown.data_id}",
        )
    with col_run:
        if st.button(t("overview.backtest.run"), key=f"{K}run_backtest", type="primary", icon=":material/play_arrow:"):
            st.session_state[BACKTEST] = (files.key, fit_until)
    if st.session_state.get(BACKTEST) != (files.key, fit_until):
        return
    weeks = (files.until - fit_until).days // 7
    try:
        with st.spinner(
            t(
                "overview.backtest.spinner",
                fit_until=od.date_text(fit_until, lang),
                weeks=weeks,
                reps=ed.BACKTEST_REPLICATIONS,
            )
        ):
            result = stays_backtest(files.key, fit_until, files)
    except (ValueError, InputError) as exc:
        st.error(t("overview.backtest.failed", message=literal(str(exc))), icon=":material/error:")
        return
    except RUN_ERRORS as exc:
        st.error(run_error_text(exc), icon=":material/error:")
        return
    except Exception as exc:  # a bad extract must never take the page down
        st.error(t("overview.backtest.failed_other", kind=type(exc).__name__), icon=":material/error:")
        return
    if not result.scores:
        st.info(t("overview.backtest.none"))
        return
    weeks_run = pd.to_datetime(result.weekly["week"])
    test_end = weeks_run.max().date() + dt.timedelta(days=6)  # the last whole week (a part week is left out)
    st.caption(
        t(
            "overview.backtest.summary",
            fit_until=od.date_text(fit_until, lang),
            weeks=weeks_run.nunique(),
            span=od.span_text(weeks_run.min().date(), test_end, lang),
            reps=result.replications,
        )
    )
    # the unit of every figure here is % (in the headers); the indicator's own unit is on its chart's axis, and
    # a unit column pushed MAPE out of view next to an open sidebar at 1280 px
    scores = ed.score_table(result.scores, lang, getattr(result, "reference", None)).drop(columns="unit")
    table = scores.rename(
        columns={k: t(f"overview.backtest.{k}") for k in ("indicator", "coverage", "reference", "mape")}
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        row_height=40,
        height=40 * (len(table) + 1) + 4,  # every row in view: a scrolling table hides indicators on a projector
        # the figures' columns narrow, so the whole table fits next to an open sidebar at 1280 px
        column_config={
            t("overview.backtest.coverage"): st.column_config.TextColumn(
                width=105, help=t("overview.backtest.coverage_help")
            ),
            t("overview.backtest.reference"): st.column_config.TextColumn(
                width=132, help=t("overview.backtest.reference_help")
            ),
            t("overview.backtest.mape"): st.column_config.TextColumn(width=85, help=t("overview.backtest.mape_help")),
        },
    )
    st.caption(t("overview.backtest.mape_note"))
    st.caption(t("overview.backtest.legend"))
    ids = list(result.scores)
    for row in range(0, len(ids), 2):
        cols = st.columns(2)
        for col, ind_id in zip(cols, ids[row : row + 2], strict=False):
            label = INDICATORS[ind_id].label(lang)
            score = result.scores[ind_id]
            frame = ed.band_frame(result.weekly, ind_id, small, data.weekly)
            with col:
                st.markdown(f"**{label}**{synthetic_tag(data.synthetic)}")
                coverage = score["coverage"] * 100
                # the two figures right under the title: below the chart they read as the next chart's
                st.caption(
                    t(
                        "overview.backtest.caption",
                        coverage=fmt_number(coverage, 0, lang) if math.isfinite(coverage) else "–",
                        mape=fmt_number(score["mape"], 1, lang) if math.isfinite(score["mape"]) else "–",
                    )
                )
                st.altair_chart(
                    localised(band_chart(frame, ind_id, lang)),
                    width="stretch",
                    alt=t("overview.backtest.alt", label=label, span=od.span_text(fit_until, test_end, lang)),
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


def tile(summary: od.PeriodFigure, lang: str, small: bool) -> None:
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
    hidden = ed.small_text(summary.value, summary.n, summary.indicator, small, lang)
    previous_hidden = summary.previous is not None and ed.small_text(
        summary.previous, summary.previous_n, summary.indicator, small, lang
    )
    # a change from or to a hidden figure would give the hidden figure away
    delta = None if hidden or previous_hidden else od.metric_delta(summary.change, ind, lang)
    with st.container(border=True, height="stretch"):
        # the label as its own line: st.metric cuts long labels to one line
        st.markdown(f"**{ind.label(lang)}**", help="\n\n".join(help_parts))
        st.metric(
            ind.label(lang),
            hidden or od.value_text(summary.value, ind, lang, unit=False),
            delta=delta,
            delta_color=od.delta_color(ind),
            label_visibility="collapsed",
        )
        if previous_hidden and not hidden:
            st.caption(t("overview.small.previous"))
        elif delta is None and not hidden:
            st.caption(t("overview.tile.no_last_year"))
        line = None if hidden else target_line(summary, lang)
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
    return chart.configure_axis(labelFontSize=16, titleFontSize=18, labelColor="#111111", titleColor="#111111")


def table_view(shown: pd.DataFrame, indicators: list[str], start, end, lang: str) -> None:
    """The weekly figures as text (small counts as "<5" when hidden), newest week first."""
    table = od.wide_table(shown, indicators, start, end, values="shown")
    formatted = table.fillna("–")
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


def compact_target(fig: od.LatestWeek, lang: str) -> str | None:
    """The target under a headline tile in a few words, ``Mål: høyst 75 personer (EST) ✔`` (the amount is in
    the period tiles below: on the first screen every tile keeps to two lines)."""
    target = goal_for(fig.indicator)
    ind = INDICATORS[fig.indicator]
    check = None if target is None else od.check_goal(fig.value, target, ind.higher_is_better)
    if check is None:
        return None
    level = od.level_text(target.value, ind, lang) + (" (EST)" if target.est else "")
    head = t("overview.target.max" if target.kind == "max" else "overview.target.reference", level=level)
    mark = "" if check.good is None else ":green[✔]" if check.good else ":red[✘]"
    return t("layout.overview.target", head=head, mark=mark).strip()


def latest_tile(fig: od.LatestWeek, lang: str, small: bool) -> None:
    """A headline tile: the latest week's value, its change from the week before, and the target line."""
    ind = INDICATORS[fig.indicator]
    hidden = ed.small_text(fig.value, fig.n, fig.indicator, small, lang)
    previous_hidden = fig.previous is not None and ed.small_text(
        fig.previous, fig.previous_n, fig.indicator, small, lang
    )
    # a change from or to a hidden figure would give the hidden figure away
    delta = None if hidden or previous_hidden else od.metric_delta(fig.change, ind, lang)
    week = od.week_text(fig.week, lang) if fig.week else "–"
    with st.container(border=True, height="stretch", gap="small"):  # the tiles of a row are one height
        st.metric(
            ind.label(lang),
            hidden or od.value_text(fig.value, ind, lang, unit=False),
            delta=delta,
            delta_color=od.delta_color(ind),
            help=t("layout.overview.latest_help", week=week),
        )
        line = None if hidden else compact_target(fig, lang)
        if line:
            st.caption(line)
        elif delta is None and not hidden:
            st.caption(t("layout.overview.no_previous"))


def headline_row(history: pd.DataFrame, organisation: str, small: bool, lang: str) -> None:
    """The headline indicators' latest week in one row of tiles (the first screen of a projector)."""
    present = od.indicators_for(history, organisation)
    ids = [i for i in DEFAULT_CHARTS.get(organisation, DEFAULT_CHARTS["both"]) if i in present] or present[:4]
    figures = [od.latest_week(history, i) for i in ids]
    weeks = [f.week for f in figures if f.week is not None]
    if not weeks:
        return
    week = max(weeks)
    with st.container(key="overview_kpis"):
        sunday = week + dt.timedelta(days=6)
        dates = f"{od.date_text(week, lang)}–{od.date_text(sunday, lang)}"
        st.markdown(t("layout.overview.latest", week=od.week_text(week, lang), dates=dates))
        for col, fig in zip(st.columns(len(figures)), figures, strict=True):
            with col:
                latest_tile(fig, lang, small)


# --- the page -------------------------------------------------------------------------

lang = current_language()
st.title(t("nav.overview"))
# filled once the data is known: the banner, the headline tiles and the data line, on the first screen
top = st.container()

# Data: the SYNTHETIC sample extract, or a valid upload (a stays extract or a weekly file)
files: ed.StaysFiles | None = None
with st.expander(t("overview.upload.title"), icon=":material/upload_file:"):
    st.markdown(t("overview.upload.help"))
    uploaded = st.file_uploader(t("overview.upload.label"), type=["csv"], key=UPLOAD)
    upload_limit(None, ["csv"])
    if uploaded is not None and ed.detect_format(uploaded.getvalue()) == ed.STAYS:
        raw = uploaded.getvalue()
        col_units, col_capacity, col_until = st.columns(3)
        with col_units:
            units = st.file_uploader(t("overview.upload.units"), type=["csv"], key=f"{K}units")
            upload_limit(None, ["csv"])
        with col_capacity:
            capacity = st.file_uploader(t("overview.upload.capacity"), type=["csv"], key=f"{K}capacity")
            upload_limit(None, ["csv"])
        with col_until:
            until = st.date_input(
                t("overview.upload.until"),
                value=ed.default_until(raw),
                format="DD.MM.YYYY" if lang == "nb" else "YYYY-MM-DD",
                help=t("overview.upload.until_help"),
                key=f"{K}until:{ed.digest(raw)}",
            )
        files = ed.StaysFiles(
            stays=raw,
            name=uploaded.name,
            until=until,
            units=None if units is None else units.getvalue(),
            capacity=None if capacity is None else capacity.getvalue(),
        )
    st.download_button(
        t("overview.upload.template"),
        data=sample_files().stays,
        file_name=ed.SAMPLE_STAYS.name,
        mime="text/csv",
        key=f"{K}template",
        on_click="ignore",
    )

problems: Problems = []
total = 0
if uploaded is None:
    st.session_state.pop(LAST_GOOD, None)
    shown = sample_shown()
elif files is not None:
    data, problems, total = stays_dashboard(files.key, files)
    if data is not None:
        shown = Shown(data.weekly, ed.STAYS, ed.digest(repr(files.key).encode()), True, data, files, data.name)
        st.session_state[LAST_GOOD] = (ed.STAYS, files.key, data.name)
    else:
        shown = previous_shown()
else:
    key = ed.digest(uploaded.getvalue())
    table, problems, total = weekly_upload(key, uploaded.getvalue())
    if table is not None:
        shown = Shown(table, ed.WEEKLY, key, True, name=uploaded.name)
        st.session_state[LAST_GOOD] = (ed.WEEKLY, key, uploaded.name)
    else:
        shown = previous_shown()
history = shown.weekly
synthetic = shown.stays.synthetic if shown.stays is not None else od.is_synthetic(history)

# A new data set: forget filters that depend on which weeks and indicators it has (and the small-counts default)
if st.session_state.get(DATA_ID) != shown.data_id:
    for key in [k for k in st.session_state if str(k).startswith((PERIOD, DATES, CHARTS, SMALL))]:
        del st.session_state[key]
    st.session_state[DATA_ID] = shown.data_id

if problems:
    show_problems(uploaded.name, problems, total)
if synthetic:
    top.warning(t("overview.synthetic"), icon=":material/science:")

if history.empty:
    st.info(t("overview.no_indicators"))
    st.stop()
first, last = od.data_span(history)
n_weeks = history["week"].nunique()
span = od.span_text(first, last, lang)
label = f" ({t('overview.synthetic_label')})" if synthetic else ""
if shown.kind == ed.STAYS:
    line = t(
        "overview.data.stays",
        name=literal(shown.name),
        label=label,
        weeks=n_weeks,
        span=span,
        stays=fmt_number(shown.stays.n_stays, 0, lang),
    )
else:
    line = t("overview.data.weekly", name=literal(shown.name), weeks=n_weeks, span=span) + label
with top:
    # the widgets below set these: their values of the last run (the first: the defaults)
    headline_row(history, st.session_state.get(f"{K}org") or "both", st.session_state.get(SMALL, shown.uploaded), lang)
    if shown.uploaded and not problems:
        st.success(line, icon=":material/check_circle:")
    else:
        st.caption(line)
if shown.stays is not None and not shown.stays.capacity:
    st.info(t("overview.no_capacity"), icon=":material/info:")

# Filters
options = od.period_options(history)
period_labels = {
    od.LAST_13: t("overview.period.last13"),
    od.LAST_52: t("overview.period.last52"),
    od.ALL: t("overview.period.all"),
    od.CUSTOM: t("overview.period.custom"),
}
col_period, col_org, col_small = st.columns([2, 3, 2], vertical_alignment="bottom")
with col_period:
    period = st.selectbox(
        t("overview.period.label"),
        options,
        placeholder=t("builtin.choose"),
        format_func=lambda o: period_labels.get(o) or o.removeprefix("year:"),
        key=PERIOD,
    )
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
with col_small:
    small = st.toggle(t("overview.small.label"), value=shown.uploaded, help=t("overview.small.help"), key=SMALL)
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
start, end = od.period_bounds(period, history, custom)
prev_start, prev_end = od.same_period_last_year(start, end)
st.caption(
    t(
        "overview.period.explain",
        span=od.span_text(start, end, lang),
        prev_span=od.span_text(prev_start, prev_end, lang),
    )
)
# every figure below comes from this table: small counts hidden ("<5", value NaN) when the toggle is on
weekly_shown = ed.hide_small(history, small, lang)
visible = weekly_shown.dropna(subset=["value"])

# Headline tiles, grouped by who owns the number
present = od.indicators_for(history, organisation)
if not present:
    st.info(t("overview.no_indicators"))
groups = ["hospital", "municipality"] if organisation == "both" else [organisation]
for group in groups:
    ids = [i for i in present if INDICATORS[i].organisation == group]
    if not ids:
        continue
    st.subheader(t(f"overview.group.{group}"))
    per_row = 3
    for row in range(0, len(ids), per_row):
        cols = st.columns(per_row)
        for col, ind_id in zip(cols, ids[row : row + per_row], strict=False):
            with col:
                tile(od.period_figure(history, ind_id, start, end), lang, small)

# Trends
st.header(t("overview.trends"))
col_pick, col_view = st.columns([4, 2], vertical_alignment="bottom")
# The browser sends a multiselect's choices as their labels: after a language switch the old labels match no
# option and the choice came back empty (or in the other language). So one key per language, and the choice
# kept under a plain key (a widget's own state is dropped on a run that does not draw it, as the switch's is).
pick_key, picked_key = f"{CHARTS}:{organisation}:{lang}", f"{CHARTS}:{organisation}:picked"
if pick_key not in st.session_state and picked_key in st.session_state:
    st.session_state[pick_key] = [i for i in st.session_state[picked_key] if i in present]
with col_pick:
    chosen = st.multiselect(
        t("overview.trends.pick"),
        present,
        default=None
        if pick_key in st.session_state
        else [i for i in DEFAULT_CHARTS[organisation] if i in present] or present[:4],
        format_func={i: INDICATORS[i].label(lang) for i in present}.__getitem__,
        key=pick_key,
        placeholder=t("overview.trends.pick"),
        # Streamlit writes "Select all" and a search's "No results" in English: a dozen indicators need neither
        select_all=False,
        filter_mode=None,
    )
    st.session_state[picked_key] = chosen
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
in_view = od.in_period(weekly_shown, start, end)
hidden_weeks = int(((in_view["shown"] == "<5") & in_view["indicator"].isin(chosen)).sum()) if small else 0
if not chosen:
    st.info(t("overview.trends.none"))
elif view == "chart":
    st.caption(t("overview.chart.legend_help"))
    for row in range(0, len(chosen), 2):
        cols = st.columns(2)
        for col, ind_id in zip(cols, chosen[row : row + 2], strict=False):
            with col:
                st.markdown(f"**{INDICATORS[ind_id].label(lang)}**{synthetic_tag(synthetic)}")
                st.altair_chart(
                    localised(trend_chart(visible, ind_id, start, end, lang)),
                    width="stretch",
                    alt=t(
                        "overview.chart.alt", label=INDICATORS[ind_id].label(lang), span=od.span_text(start, end, lang)
                    ),
                )
else:
    table_view(weekly_shown, chosen, start, end, lang)
if hidden_weeks:
    st.caption(t("overview.small.hidden", n=hidden_weeks))
period_rows = od.in_period(history, start, end)
st.download_button(
    t("overview.download"),
    data=ed.download_csv(period_rows, small),
    file_name=f"harmoni_weekly_{'SYNTHETIC_' if synthetic else ''}{start.isoformat()}_{end.isoformat()}.csv",
    mime="text/csv",
    help=t("overview.download.help", small=t("overview.download.small") if small else ""),
    icon=":material/download:",
    key=f"{K}download",
    on_click="ignore",
)

# Does the model reproduce what happened? (stays data only: the back-test fits and simulates the extract)
if shown.kind == ed.STAYS:
    backtest_section(shown, small, lang)

# About the data and the targets
with st.expander(t("overview.about.title"), icon=":material/info:"):
    if synthetic:  # the banner on the first screen is one sentence: the whole story here
        st.markdown(t("layout.overview.synthetic_more"))
    st.subheader(t("overview.targets.title"))
    targets_overview(lang)
    st.subheader(t("overview.sources.title"))
    src = od.sources(history).rename(columns={"source": t("overview.source"), "rows": t("overview.sources.rows")})
    st.dataframe(src, hide_index=True, width="stretch")
    st.markdown(t("overview.about.method"))
