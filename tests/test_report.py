"""The workshop report: self-contained HTML (opened in headless Chromium), CSV and Excel."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

import harmoni_model
from harmoni_model import load_scenario, run_replications, validate_data
from harmoni_model.results.costs import LINES
from harmoni_model.results.headline import headline_figures
from harmoni_model.scenario.changes import Changes, apply_changes
from harmoni_model.workshop.report import (
    TABLE_COLUMNS,
    ReportItem,
    kpi_table,
    to_csv_bytes,
    to_excel_bytes,
    workshop_report,
)

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
    assert "2026-05-04 13:45" in report_html
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

    raw = to_csv_bytes(table)
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    assert list(back.columns) == TABLE_COLUMNS
    assert len(back) == len(table)
    assert set(back["scenario"]) == {baseline.scenario.name, *(i.name for i in items)}
    assert "Per Ås" in set(back["author"])
    for item in items:
        assert (back["scenario"] == item.name).sum() == n_kpis

    xl = pd.read_excel(io.BytesIO(to_excel_bytes(table)), engine="openpyxl")
    assert list(xl.columns) == TABLE_COLUMNS
    assert len(xl) == len(table)
    assert "Korttid +5, KAD −5" in set(xl["scenario"])


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
