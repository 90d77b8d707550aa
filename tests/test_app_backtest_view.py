"""The overview's back-test view ("Does the model reproduce what happened?"): AppTest on a small extract
(a short model run's event log written as CSV, with its capacities), and the view's pure helpers."""

from __future__ import annotations

import datetime as dt
import math
from functools import cache

import pandas as pd
from apptest_pages import open_page
from streamlit.testing.v1 import AppTest

from harmoni_model.data.indicators import INDICATORS
from harmoni_model.extracts.from_model import extract_from_run
from harmoni_model.running.replications import run_replications
from harmoni_model.scenario.files import load_scenario
from pages.ui import extract_data as ed
from pages.ui.i18n import STRINGS

UPLOAD, UNITS, CAPACITY, RUN = "overview:upload", "overview:units", "overview:capacity", "overview:run_backtest"
EXAMPLE = ed.ROOT / "sample_data" / "scenarios" / "example_small.yaml"
HORIZON = 140  # 20 weeks after a 60-day warm-up


@cache
def small_extract(seed: int = 20250101) -> tuple[bytes, bytes, bytes, dt.date]:
    """A short run of the small example as a stays file (Results.events()), a units.csv naming its services
    (ids the Trondheim baseline does not have: the fit takes nothing from it), its capacity.csv and end date."""
    scenario = load_scenario(EXAMPLE).variant(horizon_days=HORIZON, replications=1, seed=seed)
    results = run_replications(scenario, 1, workers=1, events=True)
    stays = results.events().to_csv(index=False).encode("utf-8")
    units = "unit,service,organisation,kind\n" + "".join(
        f"{s.id},small_{s.id},{s.organisation},{s.kind}\n" for s in scenario.services
    )
    extract = extract_from_run(results.runs[0], scenario)
    capacity = pd.DataFrame(
        {
            "service": extract.capacity["service"],
            "from": [(extract.origin + dt.timedelta(days=float(d))).isoformat() for d in extract.capacity["start"]],
            "capacity": extract.capacity["capacity"],
        }
    )
    until = scenario.start_date + dt.timedelta(days=scenario.warmup_days + HORIZON)
    return stays, units.encode("utf-8"), capacity.to_csv(index=False).encode("utf-8"), until


def upload_small(lang: str, seed: int = 20250101) -> AppTest:
    stays, units, capacity, until = small_extract(seed)
    at = open_page("overview", lang, timeout=180)
    at.file_uploader(key=UPLOAD).set_value(("events.csv", stays, "text/csv")).run()
    at.file_uploader(key=UNITS).set_value(("units.csv", units, "text/csv")).run()
    at.file_uploader(key=CAPACITY).set_value(("capacity.csv", capacity, "text/csv")).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    ends = [d for d in at.date_input if str(d.key).startswith("overview:until:")]
    assert [d.value for d in ends] == [until]  # the day after the latest date in the file
    return at


def test_the_back_test_of_a_small_extract_shows_coverage_and_mape_for_each_indicator():
    at = upload_small("nb")
    assert STRINGS["nb"]["overview.backtest.title"] in [h.value for h in at.header]
    assert not any("%-bånd · MAPE" in c.value for c in at.caption)  # nothing before the button
    at.button(key=RUN).click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    table = at.dataframe[-2].value  # the scores (the last is the sources table in "about")
    assert list(table.columns) == [
        STRINGS["nb"][f"overview.backtest.{c}"] for c in ("indicator", "coverage", "reference", "mape")
    ]
    labels = {ind.label("nb"): ind for ind in INDICATORS.values()}
    assert len(table) >= 8 and set(table.iloc[:, 0]) <= set(labels)
    assert INDICATORS["hospital_occupancy_pct"].label("nb") in set(table.iloc[:, 0])  # capacity.csv was used
    for _, row in table.iterrows():
        coverage = int(row.iloc[1])
        assert 0 <= coverage <= 100
        low, high = (int(x) for x in row.iloc[2].split("–"))  # what a right model would cover
        assert 0 <= low <= high <= 100
        assert row.iloc[3] == "–" or float(row.iloc[3].replace("\u00a0", "").replace(",", ".")) >= 0
    captions = [c.value for c in at.caption if "%-bånd · MAPE" in c.value]
    assert len(captions) == len(table)  # one chart (and its two figures) per indicator
    for caption, coverage in zip(captions, table.iloc[:, 1], strict=True):
        assert caption.startswith(f"{coverage} % av ukene innenfor modellens 10–90 %-bånd")
    charts = at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    assert len(charts) == 4 + len(table)  # the dashboard's four trends, then one band chart per indicator


def test_the_back_test_reads_in_english_and_keeps_its_result_on_a_rerun():
    at = upload_small("en")
    at.button(key=RUN).click().run()
    assert not at.exception, at.exception
    captions = [c.value for c in at.caption if "of weeks inside the model's 10–90% band" in c.value]
    assert captions
    at.toggle(key="overview:small").set_value(False).run()  # another widget: the result stays (cached)
    assert [c.value for c in at.caption if "of weeks inside the model's 10–90% band" in c.value] == captions


def test_a_failing_back_test_gives_a_message_and_the_page_stays(monkeypatch):
    import harmoni_model.extracts.backtest as module

    def broken(*args, **kwargs):
        raise ValueError("the fit period 2026-01-01 to 2026-01-05 is shorter than a week")

    monkeypatch.setattr(module, "backtest", broken)
    at = upload_small("en", seed=7)  # another extract: nothing cached for it
    at.button(key=RUN).click().run()
    assert not at.exception, at.exception
    error = "\n".join(e.value for e in at.error)
    assert "The back-test could not run" in error and "shorter than a week" in error
    assert at.metric  # the dashboard is still there


# --- pure helpers ---------------------------------------------------------------------------


def test_default_fit_until_is_a_monday_a_year_before_the_end():
    assert ed.default_fit_until(dt.date(2023, 1, 2), dt.date(2026, 1, 1)) == dt.date(2025, 1, 6)
    assert ed.default_fit_until(dt.date(2023, 1, 2), dt.date(2026, 1, 1)).weekday() == 0
    # a short extract: at least four weeks to fit on, and never in the last week
    short = ed.default_fit_until(dt.date(2025, 12, 29), dt.date(2026, 3, 5))
    assert short == dt.date(2026, 1, 26) and short.weekday() == 0
    assert ed.default_fit_until(dt.date(2026, 1, 5), dt.date(2026, 2, 5)) == dt.date(2026, 1, 29)


def test_score_table_has_labels_units_and_formatted_figures():
    scores = {
        "overliggedogn": {"coverage": 0.8235, "mape": 12.345},
        "hospital_occupancy_pct": {"coverage": 1.0, "mape": math.nan},
    }
    reference = {"overliggedogn": {"p10": 0.6578, "median": 0.8, "p90": 0.9}}
    nb = ed.score_table(scores, "nb", reference)
    assert nb.to_dict("records") == [
        {"indicator": "Overliggedøgn (per uke)", "unit": "liggedøgn", "coverage": "82", "reference": "66–90",
         "mape": "12,3"},
        {"indicator": "Beleggsprosent sykehus", "unit": "%", "coverage": "100", "reference": "–", "mape": "–"},
    ]  # fmt: skip
    assert ed.score_table(scores, "en")["unit"].tolist() == ["bed-days", "%"]


def test_band_frame_hides_small_observed_counts_but_not_the_band():
    weeks = pd.to_datetime(["2025-01-06", "2025-01-13", "2025-01-20"])
    weekly = pd.DataFrame(
        {
            "week": list(weeks) * 2,
            "indicator": ["overliggedogn"] * 3 + ["kad_occupancy_pct"] * 3,
            "observed": [3.0, 0.0, 12.0, 40.0, 50.0, 60.0],
            "low": [1.0, 0.0, 8.0, 30.0, 40.0, 50.0],
            "high": [4.0, 2.0, 14.0, 50.0, 60.0, 70.0],
            "mean": [2.5, 1.0, 11.0, 40.0, 50.0, 60.0],
        }
    )
    counts = pd.DataFrame({"week": weeks, "indicator": "kad_occupancy_pct", "n": [2.0, 8.0, 9.0]})
    shown = ed.band_frame(weekly, "overliggedogn", True, counts)
    assert shown["observed"].isna().tolist() == [True, False, False]  # 3 hidden, a 0 stays 0
    assert shown["low"].tolist() == [1.0, 0.0, 8.0]
    kad = ed.band_frame(weekly, "kad_occupancy_pct", True, counts)
    assert kad["observed"].isna().tolist() == [True, False, False]  # 40 % of 2 patients
    assert ed.band_frame(weekly, "overliggedogn", False, counts)["observed"].tolist() == [3.0, 0.0, 12.0]
