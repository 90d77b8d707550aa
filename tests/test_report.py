"""The workshop report: self-contained HTML (opened in headless Chromium), CSV and Excel."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import harmoni_model
from harmoni_model import load_scenario, run_replications, validate_data
from harmoni_model.results.costs import LINES
from harmoni_model.results.headline import headline_figures
from harmoni_model.scenario.changes import Changes, apply_changes
from harmoni_model.scenario.differences import scenario_differences
from harmoni_model.workshop.report import (
    TABLE_COLUMNS,
    ReportItem,
    export_table,
    kpi_table,
    to_csv_bytes,
    to_excel_bytes,
    workshop_report,
)
from harmoni_model.workshop.report.document import oslo_time, stamp

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "sample_data" / "scenarios" / "trondheim_baseline.yaml"
SCREENSHOTS = ROOT / "tests" / "e2e" / "screenshots"
WHEN = dt.datetime(2026, 5, 4, 13, 45)
EVIL = "Flere plasser <script>alert('x')</script>"
REASON_1 = "Frigjøre korttidsplasser & <b>få ned</b> overliggedøgn"
REASON_2 = "Flytte fem KAD-plasser til korttid"


@pytest.fixture(scope="module")
def report_inputs() -> tuple[list[ReportItem], harmoni_model.Results]:
    data = load_scenario(BASELINE).to_dict()
    data["horizon_days"] = 60
    base = validate_data(data)
    baseline = run_replications(base, 2, workers=1)
    v1 = apply_changes(base, Changes(capacity={"long_term": 1380}), name=EVIL)
    v2 = apply_changes(base, Changes(capacity={"short_term": 184, "kad": 15}), name="Korttid +5, KAD −5")
    items = [
        ReportItem(v1.name, "Kari & Ola", REASON_1, run_replications(v1, 2, workers=1)),
        ReportItem(v2.name, "Per Ås", REASON_2, run_replications(v2, 2, workers=1)),
    ]
    return items, baseline


@pytest.fixture(scope="module")
def report_html(report_inputs) -> str:
    items, baseline = report_inputs
    return workshop_report(items, baseline, title="Workshop <Trondheim>", lang="nb", when=WHEN)


def test_report_names_every_scenario_with_date_and_version(report_html, report_inputs):
    items, baseline = report_inputs
    assert report_html.startswith("<!DOCTYPE html>")
    assert html.escape(baseline.scenario.name) in report_html
    for item in items:
        assert html.escape(item.name) in report_html
        assert html.escape(item.author) in report_html
        assert html.escape(item.reason) in report_html
    assert "4. mai 2026 kl. 13.45" in report_html  # a naive time is Oslo's
    assert harmoni_model.__version__ in report_html
    assert "Overliggedøgn" in report_html and "Hvem betaler, per år" in report_html
    assert "Kommunen betaler: netto" in report_html and "Sykehuset betaler" in report_html


def test_report_escapes_user_text(report_html):
    assert "<script" not in report_html.lower()
    assert "<b>få ned</b>" not in report_html
    assert "&lt;script&gt;" in report_html
    assert "Workshop &lt;Trondheim&gt;" in report_html


def test_report_is_self_contained(report_html):
    assert "http://" not in report_html and "https://" not in report_html
    assert not re.search(r"""\b(?:src|href)\s*=""", report_html, flags=re.IGNORECASE)
    assert "<link" not in report_html and "@import" not in report_html
    assert report_html.count("<svg") >= 2


def test_report_in_english(report_inputs):
    items, baseline = report_inputs
    text = workshop_report(items, baseline, title="Workshop", lang="en", when=WHEN)
    assert "Who pays, per year" in text and "Where the queue moved" in text
    assert "Municipality pays: net" in text
    with pytest.raises(ValueError):
        workshop_report(items, baseline, title="x", lang="de")


def test_unpaired_difference_is_said(report_inputs):
    items, baseline = report_inputs
    other = run_replications(items[0].results.scenario, 3, workers=1)  # 3 replications: no pairing
    item = ReportItem("Tre replikasjoner", "", "", other)
    table = kpi_table([item], baseline)
    assert set(table.loc[table["scenario"] == "Tre replikasjoner", "comparison"]) == {"unpaired"}
    assert table["diff_mean"].notna().sum() > 0
    assert "Uparet forskjell" in workshop_report([item], baseline, title="t", when=WHEN)


def test_kpi_table_csv_and_excel(report_inputs):
    items, baseline = report_inputs
    table = kpi_table(items, baseline)
    assert list(table.columns) == TABLE_COLUMNS
    n_kpis = len(headline_figures(baseline.scenario)) + len(LINES)
    assert len(table) == (1 + len(items)) * n_kpis
    assert table.groupby("scenario").size().eq(n_kpis).all()
    assert set(table.loc[table["scenario"] == EVIL, "comparison"]) == {"paired"}

    raw = to_csv_bytes(table, "en")  # the tidy table with ids, for analysis: commas and decimal points
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    assert list(back.columns) == TABLE_COLUMNS
    assert len(back) == len(table)
    assert set(back["scenario"]) == {baseline.scenario.name, *(i.name for i in items)}
    assert "Per Ås" in set(back["author"])
    for item in items:
        assert (back["scenario"] == item.name).sum() == n_kpis


def test_the_bokmal_csv_reads_in_norwegian_excel(report_inputs):
    """`;` between cells, decimal commas, a BOM, Norwegian headers and names: no English id in the file."""
    items, baseline = report_inputs
    shown = export_table(kpi_table(items, baseline), baseline.scenario, "nb")
    raw = to_csv_bytes(shown, "nb")
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    header = text.split("\r\n")[0]
    assert header.startswith("Scenario;Laget av;Begrunnelse;Gjelder;Nøkkeltall;Enhet;Snitt;95 % KI fra")
    for english in ("mean_wait_days", "overliggedogn_cost_nok", "short_term", "cost_net", "paired", "NOK/year",
                    "municipality", "bed-days"):  # fmt: skip
        assert english not in text, english
    assert "Kommunen betaler: netto" in text and "mill. kr per år" in text and "parvis" in text
    back = pd.read_csv(io.BytesIO(raw), sep=";", decimal=",", encoding="utf-8-sig")
    assert list(back.columns) == list(shown.columns)
    assert back["Snitt"].dtype == float and back["95 % KI til"].dtype == float
    pd.testing.assert_series_equal(back["Snitt"], shown["Snitt"], check_names=False)
    # display units: the overliggedøgn payment in million kroner, per year (the tidy table holds NOK)
    tidy = kpi_table(items, baseline)
    pay = tidy[(tidy["kpi"] == "overliggedogn_cost_nok") & (tidy["comparison"] == "baseline")]["mean"].iloc[0]
    row = back[(back["Nøkkeltall"].str.startswith("Kommunens betaling")) & (back["Sammenligning"] == "utgangspunkt")]
    assert row["Snitt"].iloc[0] == pytest.approx(pay / 1e6, abs=1e-3)
    assert "2\u00a0" not in text.split("\r\n")[1]  # numbers are not grouped: Excel reads 3350,99, not "3 350,99"
    # and a decimal comma, not a point, in a number cell
    assert re.search(r";\d+,\d+;", text)


def test_levels_of_counts_never_go_below_zero(report_inputs, report_html):
    """With 2 replications a Student-t interval of a small count reaches below zero; the report clips it."""
    items, baseline = report_inputs
    raw_lows = [
        baseline.estimates()[f.scope][f.kpi].low for f in headline_figures(baseline.scenario) if f.info.floor == 0
    ]
    assert min(raw_lows) < 0  # the clipping below is exercised
    shown = export_table(kpi_table(items, baseline), baseline.scenario, "nb")
    levels = shown[shown["Enhet"] != "mill. kr per år"]
    assert (levels[["Snitt", "95 % KI fra", "95 % KI til"]].fillna(0) >= 0).all().all()
    # in the HTML, a level cell (baseline or scenario) of a figure has no minus sign
    table = report_html.split('<table class="kpi">')[1].split("</table>")[0]
    for row in re.findall(r"<tr><td>.*?</tr>", table):
        cells = re.findall(r'<td class="num">(.*?)</td>', row)
        assert "\u2212" not in cells[0] and "\u2212" not in cells[1], row


def test_the_report_lists_what_each_scenario_changed(report_html, report_inputs):
    assert "Endringer fra utgangspunktet" in report_html
    assert "<li>Langtidsplass, sykehjem: plasser 1\u00a0350 → 1\u00a0380 (+30)</li>" in report_html
    assert "<li>Korttidsopphold, helsehus: plasser 179 → 184 (+5)</li>" in report_html
    assert "<li>KAD/ØHD, Øya helsehus: plasser 20 → 15 (−5)</li>" in report_html
    _, baseline = report_inputs
    same = ReportItem("Kopi", "", "", baseline)
    english = workshop_report([same], baseline, title="t", lang="en", when=WHEN)
    assert "Changes from the baseline:</strong> none" in english


def test_the_report_is_on_oslo_time():
    summer = dt.datetime(2026, 5, 4, 11, 45, tzinfo=dt.UTC)  # 13:45 in Oslo (summer time, UTC+2)
    winter = dt.datetime(2026, 12, 1, 22, 30, tzinfo=dt.UTC)  # 23:30 in Oslo (UTC+1)
    assert oslo_time(summer).hour == 13 and oslo_time(winter).hour == 23
    assert stamp(oslo_time(summer), "nb") == "4. mai 2026 kl. 13.45"
    assert stamp(oslo_time(winter), "en") == "1 December 2026, 23:30 (Oslo time)"
    assert oslo_time().utcoffset() in (dt.timedelta(hours=1), dt.timedelta(hours=2))


def test_the_workbook_is_formatted_with_norwegian_headers_and_units(report_inputs):
    items, baseline = report_inputs
    shown = export_table(kpi_table(items, baseline), baseline.scenario, "nb")
    changes = {i.name: scenario_differences(baseline.scenario, i.results.scenario, "nb") for i in items}
    book = openpyxl.load_workbook(io.BytesIO(to_excel_bytes(shown, "nb", changes)))
    assert book.sheetnames == ["Nøkkeltall", "Endringer"]
    sheet = book["Nøkkeltall"]
    heads = [c.value for c in sheet[1]]
    assert heads == list(shown.columns) and heads[:3] == ["Scenario", "Laget av", "Begrunnelse"]
    assert all(c.font.bold for c in sheet[1]) and sheet.freeze_panes == "A2"
    col = {h: i + 1 for i, h in enumerate(heads)}
    by_name = {sheet.cell(row=r, column=col["Nøkkeltall"]).value: r for r in range(2, 2 + len(shown))}
    og = sheet.cell(row=by_name["Overliggedøgn per år"], column=col["Snitt"])
    assert isinstance(og.value, float) and og.number_format == "#,##0"
    assert sheet.cell(row=by_name["Overliggedøgn per år"], column=col["Enhet"]).value == "døgn per år"
    money = sheet.cell(row=by_name["Kommunen betaler: netto"], column=col["Snitt"])
    assert money.number_format == "#,##0.0" and 100 < money.value < 10_000  # million kroner, not kroner
    lines = [r[1].value for r in book["Endringer"].iter_rows(min_row=2)]
    assert "Korttidsopphold, helsehus: plasser 179 → 184 (+5)" in lines


def test_the_bokmal_charts_group_thousands_the_norwegian_way(report_html):
    texts = re.findall(r">([^<>]+)</text>", report_html)
    numbers = [x for x in texts if re.fullmatch(r"[\d\u00a0,.\u2212]+", x.strip())]
    assert numbers and not [x for x in numbers if re.search(r"\d,\d{3}", x)], numbers
    assert any("\u00a0" in x for x in numbers)  # "2 000", not "2,000"


def test_report_opens_in_chromium_with_charts(report_html, tmp_path):
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("no Chromium on this machine (install Debian's chromium package)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    path = tmp_path / "report.html"
    path.write_text(report_html, encoding="utf-8")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
        )
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.goto(path.as_uri())
            page.wait_for_load_state("load")
            boxes = page.eval_on_selector_all(
                "svg", "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })"
            )
            drawn = [b for b in boxes if b[0] > 0 and b[1] > 0]
            assert len(drawn) >= 2, boxes
            marks = page.locator("svg path").count() + page.locator("svg rect").count()
            assert marks > 5
            assert page.locator("h1").inner_text() == "Workshop <Trondheim>"
            assert page.evaluate("document.scripts.length") == 0
            assert all(u.startswith("file://") for u in requests), requests
            page.screenshot(path=str(SCREENSHOTS / "report.png"), full_page=True)
        finally:
            browser.close()
