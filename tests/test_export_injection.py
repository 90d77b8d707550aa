"""No formula in the exports and no live markup in the HTML report, whatever a visitor named things."""

from __future__ import annotations

import io
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from harmoni_model import load_scenario, run_replications, validate_data
from harmoni_model.scenario.changes import Changes, apply_changes
from harmoni_model.workshop.report import (
    ReportItem,
    export_table,
    kpi_table,
    to_csv_bytes,
    to_excel_bytes,
    workshop_report,
)
from harmoni_model.workshop.report.table import neutralised

ROOT = Path(__file__).resolve().parents[1]
FORMULAS = [
    '=HYPERLINK("http://evil.example","Sign in again")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
]
MARKUP = '<a href="http://evil.example/login">Sign in again</a> <img src="http://evil.example/pixel.png">'


class _Tags(HTMLParser):
    """Every tag and attribute name in a document, as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.names.add(tag)
        self.attributes.update(name for name, _ in attrs)


def test_a_text_that_starts_a_formula_gets_an_apostrophe_and_numbers_stay_numbers():
    for text in FORMULAS:
        assert neutralised(text) == "'" + text
    assert neutralised("Plan B = more beds") == "Plan B = more beds"  # only the first character counts
    assert neutralised(-2.5) == -2.5 and neutralised(-3) == -3  # a negative number is a number
    assert neutralised("") == ""


@pytest.fixture(scope="module")
def hostile() -> tuple[list[ReportItem], object]:
    """One short run per hostile name (a scenario name, its author and its reason all hostile)."""
    data = load_scenario(ROOT / "sample_data" / "scenarios" / "trondheim_baseline.yaml").to_dict()
    data["horizon_days"], data["warmup_days"] = 30, 0
    base = validate_data(data)
    baseline = run_replications(base, 2, workers=1)
    variant = apply_changes(base, Changes(capacity={"short_term": 120}), name="v")  # fewer places: negative differences
    res = run_replications(variant, 2, workers=1)
    items = [ReportItem(text, text, text + " " + MARKUP, res) for text in FORMULAS]
    items.append(ReportItem(MARKUP, MARKUP, MARKUP, res))
    return items, baseline


def test_the_csv_has_no_cell_that_starts_a_formula(hostile):
    items, baseline = hostile
    table = export_table(kpi_table(items, baseline), baseline.scenario, "nb")  # as the compare page exports it
    raw = to_csv_bytes(table, "nb")
    back = pd.read_csv(io.BytesIO(raw), sep=";", decimal=",", encoding="utf-8-sig", keep_default_na=False)
    for text in FORMULAS:
        for column in ("Scenario", "Laget av"):
            assert ("'" + text) in set(back[column]), (column, text)
    for column in back.columns:
        for value in back[column]:
            assert not str(value).startswith(("=", "+", "@", "\t", "\r")), (column, value)
    # the numbers are still numbers: negative differences read back as floats, not text
    # (a column with empty cells reads as text here: its decimal comma is read by hand)
    diffs = pd.to_numeric(back["Forskjell fra utgangspunktet"].replace("", float("nan")).str.replace(",", "."))
    assert (diffs < 0).any()
    # the English export, with the tidy table's ids, is neutralised too
    english = pd.read_csv(io.BytesIO(to_csv_bytes(kpi_table(items, baseline), "en")), encoding="utf-8-sig",
                          keep_default_na=False)  # fmt: skip
    assert all(("'" + text) in set(english["scenario"]) for text in FORMULAS)


def test_the_workbook_holds_text_not_formulas(hostile):
    items, baseline = hostile
    table = export_table(kpi_table(items, baseline), baseline.scenario, "nb")
    changes = {item.name: [item.reason] for item in items}  # the changes sheet holds user text too
    book = openpyxl.load_workbook(io.BytesIO(to_excel_bytes(table, "nb", changes)))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]  # no formula anywhere
    texts = {c.value: c for c in cells if isinstance(c.value, str)}
    for text in FORMULAS:
        # XML turns a carriage return into a line feed on reading: the cell still starts with the apostrophe
        cell = texts.get("'" + text) or texts["'" + text.replace("\r", "\n")]
        assert cell.data_type == "s"
    assert all(c.data_type == "s" for c in texts.values())
    numbers = [c.value for c in cells if c.data_type == "n" and c.value is not None]
    assert numbers and any(v < 0 for v in numbers)  # negative numbers stay numbers


def test_the_html_report_has_no_live_link_or_image_from_user_text(hostile):
    items, baseline = hostile
    doc = workshop_report(items, baseline, title=MARKUP, lang="en")
    tags = _Tags()
    tags.feed(doc)
    assert tags.names and not tags.names & {"a", "img", "script", "iframe", "link"}
    assert not tags.attributes & {"src", "href", "xlink:href", "srcset"}  # the charts' SVG included
    assert "&lt;img src=&quot;http://evil.example/pixel.png&quot;&gt;" in doc
