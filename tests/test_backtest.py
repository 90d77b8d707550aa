"""The back-test, the sample extract and the baseline's state, and the command line's fit and backtest.

The sample is SYNTHETIC: the Trondheim baseline's own event log (scripts/make_sample_stays.py), so
the fitted model should reproduce it about as well as the baseline itself would; a model that is
plainly wrong must not.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from harmoni_model import load_scenario, validate_data
from harmoni_model.data.indicators import INDICATORS, weekly_from_daily
from harmoni_model.extracts.backtest import as_known_at, backtest, compare
from harmoni_model.extracts.initial import state_at
from harmoni_model.extracts.levels import daily_levels
from harmoni_model.extracts.stays import read_extract, services_of

ROOT = Path(__file__).resolve().parents[1]
STAYS = ROOT / "sample_data" / "stays_synthetic.csv"
CAPACITY = ROOT / "sample_data" / "capacity_synthetic.csv"
BASELINE = ROOT / "sample_data" / "scenarios" / "trondheim_baseline.yaml"
UNTIL = dt.date(2026, 1, 1)
FIT_UNTIL = dt.date(2025, 1, 1)
HEADLINE = ("overliggedogn", "utskrivningsklare_per_day", "short_term_occupancy_pct", "nursing_home_waiting_list")


@pytest.fixture(scope="module")
def baseline():
    return load_scenario(BASELINE)


@pytest.fixture(scope="module")
def sample(baseline):
    return read_extract(STAYS, UNTIL, capacity=CAPACITY, services=services_of(baseline))


@pytest.fixture(scope="module")
def sample_backtest(sample, baseline):
    return backtest(sample, FIT_UNTIL, UNTIL, reference=baseline, workers=2)


def test_the_sample_is_fresh_and_the_baseline_starts_from_its_last_day(sample, baseline):
    """The committed extract, capacities and the baseline's state are what the script writes."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_sample_stays.py"), "--check"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert STAYS.stat().st_size < 5_000_000  # a few MB at most
    assert baseline.start_date == UNTIL
    state, _ = state_at(sample, UNTIL, None)
    for entry in state["services"]:
        given = baseline.initial_state.of(entry["id"])
        assert given is not None
        # (the script names a ready patient's next service from the most common route; here they count as stays)
        assert sorted([*given.in_stay, *(r.elapsed for r in given.ready)]) == pytest.approx(
            sorted([*entry.get("in_stay", []), *(r["elapsed"] for r in entry.get("ready", []))]), abs=1e-6
        )
        assert len(given.waiting) == len(entry.get("waiting", []))
    assert "SYNTHETIC" in baseline.initial_state.source


def test_the_dashboard_weeks_lead_into_the_baselines_first_day(sample, baseline):
    services = {s.id: (s.organisation, s.kind) for s in baseline.services}
    weekly = weekly_from_daily(daily_levels(sample), sample.origin, services)
    last = weekly["week"].max()
    assert dt.date(2025, 12, 22) <= last.date() < UNTIL
    full = weekly[(weekly["indicator"] == "nursing_home_occupancy_pct") & (weekly["week"] == last)]["value"].iloc[0]
    occupied, _ = baseline.initial_counts("long_term")
    assert full == pytest.approx(occupied / baseline.service("long_term").capacity * 100, abs=2.0)


def test_as_known_at_cuts_what_happened_after(sample):
    known = as_known_at(sample, FIT_UNTIL)
    t = sample.day(FIT_UNTIL)
    assert known.until == t
    for column in ("referred", "admitted", "ready", "left"):
        assert not (known.stays[column] > t).any(), column
    assert (known.stays["left"].isna() == known.stays["next"].isna()).all()
    assert len(known.stays) < len(sample.stays)


def test_the_backtest_of_the_sample(sample_backtest):
    """Per indicator: coverage of the model's 10-90 % band and the MAPE, one entry per weekly indicator."""
    out = sample_backtest.to_json()
    assert out["fit_until"] == "2025-01-01" and out["test_until"] == "2026-01-01"
    assert set(out["indicators"]) <= set(INDICATORS)
    assert set(HEADLINE) <= set(out["indicators"])
    assert "readmissions_30d_pct" not in out["indicators"]  # the model does not follow patients after they leave
    for indicator, scores in out["indicators"].items():
        assert 0.0 <= scores["coverage"] <= 1.0, indicator
        assert scores["mape"] is None or scores["mape"] >= 0.0, indicator
    # the model fitted on 2023-2024 reproduces 2025 about as well as a calibrated model can: a 10-90 % band
    # holds 80 % of a perfect model's weeks on average, and 52 autocorrelated weeks scatter widely around it
    for indicator in HEADLINE:
        assert out["indicators"][indicator]["coverage"] >= 0.6, indicator
    assert out["indicators"]["hospital_occupancy_pct"]["mape"] < 15.0
    assert out["indicators"]["home_care_clients"]["mape"] < 5.0
    weekly = sample_backtest.weekly
    assert len(weekly[weekly["indicator"] == "overliggedogn"]) == 52


def test_a_wrong_model_does_not_reproduce_the_weeks(sample, baseline, sample_backtest):
    """The same comparison against a model with half the hospital's stays: the band misses the observed weeks."""
    t0, t1 = sample.day(FIT_UNTIL), sample.day(UNTIL)
    services = {s.id: (s.organisation, s.kind) for s in baseline.services}
    observed = weekly_from_daily(daily_levels(sample, t0, t1), FIT_UNTIL, services)
    shifted = []
    for run in range(20):
        rows = sample_backtest.weekly.copy()
        value = np.where(rows["indicator"] == "hospital_occupancy_pct", rows["mean"] * 0.6, rows["mean"])
        shifted.append(rows.assign(value=value + 0.01 * run)[["week", "indicator", "value"]])
    wrong = compare(observed, shifted, FIT_UNTIL, UNTIL)
    assert wrong.scores["hospital_occupancy_pct"]["coverage"] < 0.1
    assert sample_backtest.scores["hospital_occupancy_pct"]["coverage"] > 0.6


def test_compare_by_hand():
    import pandas as pd

    weeks = pd.to_datetime(["2025-01-06", "2025-01-13"])
    observed = pd.DataFrame({"week": weeks, "indicator": "overliggedogn", "value": [10.0, 40.0]})
    runs = [pd.DataFrame({"week": weeks, "indicator": "overliggedogn", "value": [v, v]}) for v in range(0, 21)]
    result = compare(observed, runs, dt.date(2025, 1, 6), dt.date(2025, 1, 20))
    # the band is the 10th to 90th percentile of 0..20: 2 to 18; week 1 (10) inside, week 2 (40) outside
    assert result.scores["overliggedogn"]["coverage"] == 0.5
    # the replications' mean is 10: |10 - 10| / 10 = 0 and |10 - 40| / 40 = 0.75: MAPE 37.5 %
    assert result.scores["overliggedogn"]["mape"] == pytest.approx(37.5)


# --- the command line -----------------------------------------------------------------------------


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "harmoni_model", *args], capture_output=True, text=True, cwd=ROOT)


def test_cli_fit_writes_a_valid_scenario_from_the_sample(tmp_path):
    out = tmp_path / "fitted.yaml"
    done = cli("fit", str(STAYS), "--until", "2026-01-01", "--capacity", str(CAPACITY), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "wrote" in done.stdout
    fitted = load_scenario(out)
    assert fitted.start_date == UNTIL and fitted.initial_state is not None
    assert all(s.source and "Fitted" in s.source for s in fitted.services)
    assert all(a.source and "stays_synthetic.csv" in a.source for a in fitted.arrivals)
    assert "length of stay" in done.stderr  # the fit's notes, one line a service


def test_cli_backtest_prints_the_json_the_issue_names(tmp_path):
    details = tmp_path / "bands.csv"
    done = cli(
        "backtest", str(STAYS), "--fit-until", "2025-07-07", "--test-until", "2026-01-01",
        "--capacity", str(CAPACITY), "--replications", "10", "--workers", "2", "--details", str(details),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert set(out) == {"fit_until", "test_until", "indicators"}
    assert all(set(v) == {"coverage", "mape"} for v in out["indicators"].values())
    assert details.read_text(encoding="utf-8").startswith("week,indicator,observed,low,high,mean")
    assert "a model known exactly would cover" in done.stderr  # the yardstick, beside the JSON


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--until", "01.01.2026"), "--until: '01.01.2026' is not a date"),
        (("--until", "2026-01-01", "--start", "2027-01-01"), "after the extract's end"),
        (("--until", "2026-01-01", "--reference", "nowhere.yaml"), "--reference"),
    ],
)
def test_cli_fit_bad_arguments_get_one_line(tmp_path, args, message):
    done = cli("fit", str(STAYS), *args, "--out", str(tmp_path / "x.yaml"))
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_cli_fit_bad_extract_lists_every_problem_with_its_line(tmp_path):
    bad = tmp_path / "stays.csv"
    bad.write_text(
        "patient_id,service,referred,admitted,ready,left,next\n"
        "p1,hospital_medical,,2025-01-03,2025-01-02,2025-01-04,exit\n"
        "p2,nowhere,,2025-01-03,,,\n"
        "p3,kad,,31.12.2025,,,\n",
        encoding="utf-8",
    )
    done = cli("fit", str(bad), "--until", "2026-01-01", "--out", str(tmp_path / "x.yaml"))
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert any("line 2" in ln and "ready" in ln for ln in lines)
    assert any("line 3" in ln and "nowhere" in ln for ln in lines)
    assert any("line 4" in ln and "31.12.2025" in ln for ln in lines)
    assert "Traceback" not in done.stderr


def test_the_fitted_sample_validates_and_starts_where_the_baseline_does(sample, baseline):
    from harmoni_model.extracts.fit import fit_scenario

    fitted = validate_data(fit_scenario(sample, reference=baseline).data)
    for s in fitted.services:
        assert fitted.initial_counts(s.id) == baseline.initial_counts(s.id), s.id
