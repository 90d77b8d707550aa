"""The compare page's exports as a room downloads them, in bokmål: the CSV, the workbook and the report's changes."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from apptest_pages import open_page

from harmoni_model import load_scenario
from harmoni_model.scenario.changes import Changes, apply_changes
from harmoni_model.workshop.library import Library

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "sample_data" / "scenarios" / "trondheim_baseline.yaml"


@pytest.fixture
def saved(tmp_path, monkeypatch) -> list[int]:
    monkeypatch.setenv("HARMONI_DB", str(tmp_path / "library.db"))
    more = apply_changes(load_scenario(BASELINE), Changes(capacity={"short_term": 199}))
    return [Library().save(more, "Flere korttidsplasser", "Bord 3", "Tjue flere plasser i helsehuset.")]


def test_the_bokmal_exports_read_in_norwegian_excel(saved):
    at = open_page("compare", "nb")
    at.multiselect(key="compare:pick").set_value(saved).run()
    at.button(key="compare:report_make").click().run()
    assert not at.exception, at.exception
    html_text, csv_bytes, xlsx_bytes = at.session_state["compare:report_files"]
    assert "Korttidsopphold, helsehus: plasser 179 → 199 (+20)" in html_text

    assert csv_bytes.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(csv_bytes), sep=";", decimal=",", encoding="utf-8-sig")
    assert back.columns[:6].tolist() == ["Scenario", "Laget av", "Begrunnelse", "Gjelder", "Nøkkeltall", "Enhet"]
    assert back["Snitt"].dtype == float
    assert "Flere korttidsplasser (#1)" in set(back["Scenario"])
    assert not back["Nøkkeltall"].str.contains("_").any()  # names, not ids

    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes))
    assert book.sheetnames == ["Nøkkeltall", "Endringer"]
    assert [c.value for c in book["Endringer"][2]] == [
        "Flere korttidsplasser (#1)",
        "Korttidsopphold, helsehus: plasser 179 → 199 (+20)",
    ]
