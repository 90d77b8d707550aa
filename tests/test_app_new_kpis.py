"""The KPIs of calendars, corridor beds, priority, processing delays and reneging on every surface.

tests/scenarios/every_mechanism.yaml uses every mechanism and declares the new KPIs as its headline:
the studio's tiles, the compare page, the report (HTML, CSV, Excel) and the advisor's targets show
them with their names in both languages, shares in per cent and totals per year.
"""

from __future__ import annotations

import html
import io
import json

import pandas as pd
import pytest
from apptest_pages import open_page, shown
from plain_scenarios import ROOT

from harmoni_model import dumps_scenario, load_scenario, run_replications
from harmoni_model.language import in_language
from harmoni_model.results.comparison import compare
from harmoni_model.results.formatting import fmt_estimate, fmt_number
from harmoni_model.results.headline import headline_figures
from harmoni_model.scenario.changes import Changes, apply_changes
from harmoni_model.simulation.kpis import KPI_INFO, SERVICE_KPIS, SYSTEM_KPIS
from harmoni_model.workshop.report.table import EXPORT_COLUMNS
from pages.ui import advisor_form as adv
from pages.ui.i18n import LANGUAGES, STRINGS

EVERY = load_scenario(ROOT / "tests" / "scenarios" / "every_mechanism.yaml")
YEAR = 365 / EVERY.horizon_days  # the scenario measures 240 days
NEW_KPIS = (
    "process_delay_days", "capacity_blocked_days", "mean_overflow", "overflow_days", "share_overflow",
    "share_reneged", "p_full", "days_full", "share_found_full", "corridor_days",
)  # fmt: skip
#: How each new KPI reads: (unit, shown per year, unit words in nb and en as the pages write them).
UNITS = {
    "process_delay_days": ("bed-days", True, "døgn per år", "bed-days a year"),
    "capacity_blocked_days": ("bed-days", True, "døgn per år", "bed-days a year"),
    "overflow_days": ("bed-days", True, "døgn per år", "bed-days a year"),
    "corridor_days": ("bed-days", True, "døgn per år", "bed-days a year"),
    "days_full": ("days", True, "døgn per år", "days a year"),
    "mean_overflow": ("patients", False, "pasienter", "patients"),
    "share_overflow": ("share", False, "%", "%"),
    "share_reneged": ("share", False, "%", "%"),
    "p_full": ("share", False, "%", "%"),
    "share_found_full": ("share", False, "%", "%"),
}


def test_every_new_kpi_has_names_in_both_languages_and_its_unit():
    assert set(NEW_KPIS) <= set(SERVICE_KPIS) | set(SYSTEM_KPIS) and set(NEW_KPIS) <= set(KPI_INFO)
    assert set(SERVICE_KPIS) | set(SYSTEM_KPIS) == set(KPI_INFO)  # every KPI reads through the one table
    for kpi, (unit, total, nb, en) in UNITS.items():
        info = KPI_INFO[kpi]
        assert info.nb and info.en and info.nb != info.en, kpi
        assert (info.unit, info.total) == (unit, total), kpi
        assert (info.unit_label("nb"), info.unit_label("en")) == (nb, en), kpi
        if unit == "share":
            assert info.scale == 100 and info.label("nb").endswith("(%)") and info.label("en").endswith("(%)")
        if total:
            assert "per år" in info.label("nb") and "a year" in info.label("en"), kpi


def test_the_scenario_declares_the_new_kpis_and_uses_every_mechanism():
    figures = headline_figures(EVERY)
    assert {f.kpi for f in figures} >= {"corridor_days", "p_full", "days_full", "share_reneged", "share_overflow"}
    services = EVERY.services
    assert any(s.capacity_calendar for s in services) and any(s.staffing_calendar for s in services)
    assert any(s.overflow for s in services) and any(s.priority_after_days for s in services)
    assert any(r.delay for s in services for r in s.next) and any(s.renege for s in services)


@pytest.fixture(scope="module")
def runs():
    """The scenario and a variant with two more medical beds, as the app runs them (same seed: paired)."""
    variant = apply_changes(EVERY, Changes(capacity={"medical": 32}), name="To senger til")
    return run_replications(EVERY, EVERY.replications, workers=1), run_replications(variant, 3, workers=1), variant


def _upload(lang: str):
    at = open_page("scenario", lang)
    data = dumps_scenario(EVERY).encode()
    at.file_uploader(key="scenario:upload").set_value(("every.yaml", data, "application/x-yaml")).run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_studio_tiles_show_the_new_kpis_per_year_and_in_per_cent(lang, runs):
    base, _, _ = runs
    est = base.estimates()
    at = _upload(lang)
    figures = headline_figures(EVERY)
    tiles = {shown(m.label): m.value for m in at.metric}
    assert list(tiles) == [f.label(lang) for f in figures]
    medical, short_term = EVERY.service("medical").label(lang), EVERY.service("short_term").label(lang)
    p_full = est["short_term"]["p_full"].mean
    assert tiles[f"{KPI_INFO['p_full'].label(lang)}: {short_term}"] == fmt_number(100 * p_full, 1, lang)
    days_full = est["short_term"]["days_full"].mean
    assert tiles[f"{KPI_INFO['days_full'].label(lang)}: {short_term}"] == fmt_number(days_full * YEAR, 0, lang)
    corridor = est["system"]["corridor_days"].mean
    assert tiles[KPI_INFO["corridor_days"].label(lang)] == fmt_number(corridor * YEAR, 0, lang)
    delay = est["medical"]["process_delay_days"].mean
    assert tiles[f"{KPI_INFO['process_delay_days'].label(lang)}: {medical}"] == fmt_number(delay * YEAR, 0, lang)
    assert 0 < p_full < 1 and 0 < days_full <= EVERY.horizon_days and corridor > 0 and delay > 0

    at.number_input(key="capacity:medical").set_value(32).run()  # a change: every tile says how it moved
    assert not at.exception, at.exception
    assert all(m.delta for m in at.metric)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_compare_report_and_exports_show_the_new_kpis(lang, runs, tmp_path, monkeypatch):
    from harmoni_model.workshop.library import Library

    base, scenario, variant = runs
    monkeypatch.setenv("HARMONI_DB", str(tmp_path / "library.db"))
    entry = Library().save_changes(EVERY, Changes(capacity={"medical": 32}), "To senger til", "Bord 2", "Korridor")
    assert Library().open(entry).to_dict() == variant.to_dict()
    at = open_page("compare", lang)
    at.multiselect(key="compare:pick").set_value([entry]).run()
    assert not at.exception, at.exception
    figures = headline_figures(EVERY)
    values = at.table[0].value
    assert list(values.iloc[:, 0]) == [f.label(lang) for f in figures]
    est = base.estimates()
    shown = [fmt_estimate(f.shown(est[f.scope][f.kpi], EVERY), f.info.decimals, lang, floor=None) for f in figures]
    assert list(values[EVERY.name]) == shown

    at.button(key="compare:report_make").click().run()
    assert not at.exception, at.exception
    report, csv_bytes, xlsx = at.session_state["compare:report_files"]
    for f in figures:
        assert html.escape(f.label(lang)) in report, f.kpi
    # the readable exports (harmoni_model.workshop.report.table.export_table): headers, names and units in
    # the page's language, shares in per cent, totals per year; bokmål's CSV with ";" and decimal commas
    nb = lang == "nb"
    csv = pd.read_csv(io.BytesIO(csv_bytes), encoding="utf-8-sig", sep=";" if nb else ",", decimal="," if nb else ".")
    excel = pd.read_excel(io.BytesIO(xlsx))
    col = {c: in_language(*EXPORT_COLUMNS[c], lang) for c in ("scenario", "kpi", "unit", "mean", "diff_mean")}
    labels = {f.label(lang): f for f in figures}
    for table in (csv, excel):
        rows = table[(table[col["scenario"]] == EVERY.name) & table[col["kpi"]].isin(labels)]
        assert list(rows[col["kpi"]]) == [f.label(lang) for f in figures]
        by = {labels[k].kpi: (u, m) for k, u, m in zip(rows[col["kpi"]], rows[col["unit"]], rows[col["mean"]],
                                                      strict=True)}  # fmt: skip
        assert by["p_full"][0] == KPI_INFO["p_full"].unit_label(lang)
        assert by["p_full"][1] == pytest.approx(100 * est["short_term"]["p_full"].mean, abs=1e-3)  # per cent
        assert by["days_full"][1] == pytest.approx(est["short_term"]["days_full"].mean * YEAR, abs=0.01)  # a year
    corridor = next(f for f in figures if f.kpi == "corridor_days").label(lang)
    changed = csv[(csv[col["scenario"]] == f"To senger til (#{entry})") & (csv[col["kpi"]] == corridor)].iloc[0]
    d = compare(scenario, base).at("system", "corridor_days")
    assert changed[col["diff_mean"]] == pytest.approx(d.mean * YEAR, abs=0.01)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_advisor_offers_the_new_kpis_as_targets_with_their_units(lang):
    at = _upload(lang)
    at.switch_page("pages/views/advisor.py").run()
    at.selectbox(key="advisor:base").set_value("current").run()
    assert not at.exception, at.exception
    offered = {c.key: c for c in adv.target_choices(EVERY)}
    for f in headline_figures(EVERY):
        key = f"{f.scope}:{f.kpi}"
        assert key in offered, key
        assert shown(at.checkbox(key=f"advisor:target_on:{key}").label) == f.label(lang)
        unit = UNITS[f.kpi][2 if lang == "nb" else 3]
        assert unit in at.select_slider(key=f"advisor:target_max:{key}").label, (key, unit)
    assert {"system:overliggedogn", "medical:mean_blocked"} <= set(offered)  # the ward blocks, too


def _chart_data(at, layer: int) -> pd.DataFrame:
    """The data of one layer of the page's first altair chart."""
    from streamlit import dataframe_util

    chart = at.get("vega_lite_chart")[0].proto
    name = json.loads(chart.spec)["layer"][layer]["data"]["name"]
    data = next(d for d in chart.datasets if d.name == name).data.data
    return dataframe_util.convert_arrow_bytes_to_pandas_df(data)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_occupancy_chart_draws_the_places_of_each_day(lang):
    """Under the occupancy, a dashed line of the regular places follows the calendar (summer, Christmas staff),
    in the scenario as the studio changed it."""
    from harmoni_model.scenario.calendars import capacities, measured_period

    at = _upload(lang)
    at.segmented_control(key="scenario:view").set_value("time").run()  # (the studio opens on the pathway)
    at.selectbox(key="scenario:chart_service").set_value("short_term").run()
    at.number_input(key="capacity:short_term").set_value(27).run()
    assert not at.exception, at.exception
    places = _chart_data(at, 2)
    start, days = measured_period(EVERY)
    today = capacities(EVERY.service("short_term"), start, days)
    more = capacities(apply_changes(EVERY, Changes(capacity={"short_term": 27})).service("short_term"), start, days)
    base_label, variant_label = sorted(set(places["run"]), key=list(places["run"]).index)
    assert list(places.loc[places["run"] == base_label, "mean"]) == today
    assert list(places.loc[places["run"] == variant_label, "mean"]) == more
    assert set(today) == {20, 25}  # 20 in the summer and at Christmas (16 FTE staff 20 places)
    assert set(more) == {20, 22, 26}  # the summer moves with the change; staff for 26 of the 27; Christmas 20
    assert any(c.value.endswith(STRINGS[lang]["scenario.places_line"]) for c in at.caption)
    at.radio(key="scenario:chart_measure").set_value("queue").run()
    assert len(json.loads(at.get("vega_lite_chart")[0].proto.spec)["layer"]) == 2  # the queue has no places line
