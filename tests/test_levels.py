"""Daily levels from an extract's stays (extracts.levels), computed by hand; a model run as an extract."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
from plain_scenarios import make_scenario, make_service

from harmoni_model import simulate, validate_data
from harmoni_model.extracts.from_model import extract_from_run
from harmoni_model.extracts.levels import daily_levels
from harmoni_model.extracts.stays import Extract, ServiceInfo  # (the contract's dataclasses only)
from harmoni_model.results.tidy import NoEventLogError
from harmoni_model.simulation.engine import DAILY_FIELDS

NAN = math.nan
MONDAY = dt.date(2025, 1, 6)
COLUMNS = ["patient_id", "service", "referred", "admitted", "ready", "left", "next"]


def make_extract(rows, until: float, services: dict[str, tuple[str, str | None]], capacity=None) -> Extract:
    """An extract from (patient, service, referred, admitted, ready, left, next) rows, times in days from MONDAY."""
    stays = pd.DataFrame(rows, columns=COLUMNS)
    for c in ("referred", "admitted", "ready", "left"):
        stays[c] = stays[c].astype("float64")
    stays["next"] = stays["next"].astype(object).where(stays["next"].notna(), None)
    stays["line"] = np.arange(2, len(stays) + 2, dtype="int64")
    table = None
    if capacity is not None:
        table = pd.DataFrame(capacity, columns=["service", "start", "capacity"])
        table["line"] = np.arange(2, len(table) + 2, dtype="int64")
    infos = {sid: ServiceInfo(sid, org, kind) for sid, (org, kind) in services.items()}
    return Extract(stays, MONDAY, until, infos, table, "test.csv")


# A ward (2 places, 1 from day 2: a place closes) and a short-term unit (capacity not known), three days:
#
#   A: in the ward from before the start (-1.5), ready at 0.5, waits for short-term (blocked 0.5 -> 1.25),
#      transferred at 1.25; in short-term from 1.25, still there at the end (open, runs to 3.0).
#   B: admitted to the ward at once at 0.25, ready and left at 2.5 (no discharge-ready time).
#   D: waits for the ward from 0.75 (it is full: A and B), admitted at 1.25, the same instant A leaves;
#      ready empty (left when ready) at 2.75.
#   F: admitted to the ward at 2.25 while its one regular place is held: a corridor place; open at the end.
#   C: waits for short-term from 1.5, leaves the list at 2.75 without a place (reneged: a waiting row).
#   E: waits for short-term from 2.5, still waiting at the end.
ROWS = [
    ("A", "ward", NAN, -1.5, 0.5, 1.25, "short"),
    ("B", "ward", NAN, 0.25, 2.5, 2.5, "exit"),
    ("D", "ward", 0.75, 1.25, NAN, 2.75, "exit"),
    ("A", "short", 0.5, 1.25, NAN, NAN, None),
    ("C", "short", 1.5, NAN, NAN, 2.75, "exit"),
    ("F", "ward", NAN, 2.25, NAN, NAN, None),
    ("E", "short", 2.5, NAN, NAN, NAN, None),
]
SERVICES = {"ward": ("hospital", "hospital_ward"), "short": ("municipality", "short_term_stay")}
CAPACITY = [("ward", 0.0, 2), ("ward", 2.0, 1)]

EXPECTED = {
    "ward": {
        # A 1.0 + B 0.75 | A 0.25 + B 1 + D 0.75 | B 0.5 + D 0.75 + F 0.75
        "occupancy": [1.75, 2.0, 2.0],
        "queue": [0.25, 0.25, 0.0],  # D from 0.75 to 1.25
        "blocked": [0.5, 0.25, 0.0],  # A from 0.5 to 1.25 (B: ready = left; D: ready empty)
        "admissions": [1, 1, 1],  # B, D, F (A was admitted before the first day)
        "discharges": [0, 1, 2],  # A | B, D
        "lost": [0, 0, 0],
        "diverted": [0, 0, 0],
        "wait_days": [0.0, 0.5, 0.0],  # D: 1.25 - 0.75
        # The place closing at midnight of day 2 keeps its patient (B and D hold two places, regular stays 2):
        # F at 2.25 is the third patient, a corridor place until B leaves at 2.5 and F moves into B's place;
        # D leaving at 2.75 frees the closed place, which closes (regular 1). So 2.25 -> 2.5 only: 0.25.
        # (Overflow as occupancy above capacity would be 0.25 + 0.5 + 0.25 = 1.0.)
        "overflow": [0.0, 0.0, 0.25],
        "reneged": [0, 0, 0],
        "capacity": [2, 2, 1],
    },
    "short": {
        "occupancy": [0.0, 0.75, 1.0],  # A from 1.25, open: to the end
        # A 0.5 (0.5 -> 1) | A 0.25 (-> 1.25) + C 0.5 (1.5 ->) | C 0.75 (-> 2.75) + E 0.5 (2.5 -> end)
        "queue": [0.5, 0.75, 1.25],
        "blocked": [0.0, 0.0, 0.0],
        "admissions": [0, 1, 0],  # A at 1.25
        "discharges": [0, 0, 0],
        "lost": [0, 0, 0],
        "diverted": [0, 0, 0],
        "wait_days": [0.0, 0.75, 0.0],  # A: 1.25 - 0.5
        "overflow": [NAN, NAN, NAN],  # no capacity known
        "reneged": [0, 0, 1],  # C left the list on day 2
        "capacity": [NAN, NAN, NAN],
    },
}


def assert_levels(levels: dict, expected: dict) -> None:
    assert list(levels) == list(expected)
    for sid, fields in expected.items():
        assert list(levels[sid]) == list(DAILY_FIELDS)
        for f, values in fields.items():
            np.testing.assert_allclose(levels[sid][f], values, rtol=0, atol=1e-12, err_msg=f"{sid}.{f}")


def test_hand_computed_levels_of_a_tiny_extract():
    extract = make_extract(ROWS, 3.0, {"ward": SERVICES["ward"], "short": SERVICES["short"]}, CAPACITY)
    assert_levels(daily_levels(extract), EXPECTED)


def test_days_run_from_start_to_end_and_whole_days_only():
    extract = make_extract(ROWS, 3.6, SERVICES, CAPACITY)  # until 3.6: the default end is day 3 (floored)
    assert_levels(daily_levels(extract), EXPECTED)
    later = daily_levels(extract, start=1, end=3)  # days 1 and 2
    assert_levels(later, {sid: {f: v[1:] for f, v in fields.items()} for sid, fields in EXPECTED.items()})
    assert daily_levels(extract, start=1, end=1) == {sid: {f: [] for f in DAILY_FIELDS} for sid in SERVICES}
    # past until, what is still open runs to until (3.6): the short-term stay of A and E's wait end there
    beyond = daily_levels(extract, start=3, end=4)
    assert beyond["short"]["occupancy"] == pytest.approx([0.6])
    assert beyond["short"]["queue"] == pytest.approx([0.6])
    assert beyond["ward"]["occupancy"] == pytest.approx([0.6])  # F


def test_a_new_stay_in_the_same_place_does_not_free_a_closed_place():
    """G holds a place through a new stay in it at 1.5 (routed back to the same service): it is no leave.

    One place of two closes at midnight of day 1 while G and H hold both (regular stays 2). H leaves at 1.75: the
    closed place closes (regular 1). I, admitted at 1.8, finds G in the one regular place: a corridor place to the
    end (2.0): overflow 0.2. (Were G's new stay a leave, the place would close at 1.5, G's new stay would be the
    corridor patient from 1.5 to 1.75 and I from 1.8: 0.45.)
    """
    rows = [
        ("G", "ward", NAN, -0.5, 1.5, 1.5, "ward"),
        ("H", "ward", NAN, 0.2, 1.75, 1.75, "exit"),
        ("G", "ward", NAN, 1.5, NAN, NAN, None),
        ("I", "ward", NAN, 1.8, NAN, NAN, None),
    ]
    extract = make_extract(rows, 2.0, {"ward": SERVICES["ward"]}, [("ward", 0.0, 2), ("ward", 1.0, 1)])
    levels = daily_levels(extract)["ward"]
    assert levels["overflow"] == pytest.approx([0.0, 0.2])
    assert levels["capacity"] == [2, 1]
    assert levels["occupancy"] == pytest.approx([1.0 + 0.8, 1.0 + 0.75 + 0.2])
    assert levels["admissions"] == [1, 2]  # H | G's new stay, I
    assert levels["discharges"] == [0, 2]  # G's first stay, H


def test_overflow_with_a_constant_capacity_is_occupancy_above_it():
    """One place: J from 0.2 to 0.9 and K from 0.5 to 1.5 overlap from 0.5 to 0.9 (0.4 place-days in the corridor)."""
    rows = [("J", "ward", NAN, 0.2, 0.9, 0.9, "exit"), ("K", "ward", NAN, 0.5, 1.5, 1.5, "exit")]
    extract = make_extract(rows, 2.0, {"ward": SERVICES["ward"]}, [("ward", 0.0, 1)])
    levels = daily_levels(extract)["ward"]
    assert levels["overflow"] == pytest.approx([0.4, 0.0])
    assert levels["occupancy"] == pytest.approx([0.7 + 0.5, 0.5])


def test_capacity_is_unknown_before_its_first_start():
    rows = [("J", "ward", NAN, 0.2, 0.9, 0.9, "exit")]
    extract = make_extract(rows, 3.0, {"ward": SERVICES["ward"]}, [("ward", 1.0, 4)])
    levels = daily_levels(extract)["ward"]
    assert np.isnan(levels["capacity"][0]) and levels["capacity"][1:] == [4, 4]
    assert np.isnan(levels["overflow"][0]) and levels["overflow"][1:] == [0, 0]


def test_an_empty_extract_has_zero_levels():
    extract = make_extract([], 7.0, {"ward": SERVICES["ward"]})
    levels = daily_levels(extract)["ward"]
    assert levels["occupancy"] == [0.0] * 7
    assert all(np.isnan(levels["capacity"]))


# --- a model run as an extract -------------------------------------------------


def _run(**overrides):
    data = make_scenario(start_date="2025-01-08", horizon_days=21, warmup_days=4, **overrides)  # a Wednesday
    scenario = validate_data(data)
    return scenario, simulate(scenario, 0, events=True)


def test_a_run_as_an_extract_keeps_its_times_exactly_from_the_monday_before():
    scenario, result = _run(
        services=[
            make_service("hospital", organisation="hospital", kind="hospital_ward", capacity=6,
                         capacity_calendar=[{"from": "2025-01-20", "to": "2025-01-24", "capacity": 4}],
                         next=[{"to": "exit", "p": 1.0}]),
        ],
    )  # fmt: skip
    extract = extract_from_run(result, scenario)
    assert extract.origin == dt.date(2025, 1, 6) and extract.origin.weekday() == 0
    assert extract.until == 2 + 4 + 21
    assert list(extract.stays.columns) == ["patient_id", "service", "referred", "admitted", "ready", "left", "next",
                                           "line"]  # fmt: skip
    assert len(extract.stays) == len(result.stays)
    for row, stay in zip(extract.stays.itertuples(index=False), result.stays, strict=True):
        assert row.service == stay[1]
        for got, logged in zip((row.referred, row.admitted, row.ready, row.left), stay[2:6], strict=True):
            assert (math.isnan(got) and logged is None) or got == logged + 2.0  # no rounding
        assert row.next == stay[6]
        assert row.line == 0
    assert extract.stays["patient_id"].iloc[0] == "p000001"
    assert extract.services["hospital"] == ServiceInfo("hospital", "hospital", "hospital_ward", None)
    # the calendar as change points from the run's first day (2 days after the origin): 4 places from 20 Jan
    assert extract.capacity[["service", "start", "capacity"]].values.tolist() == [
        ["hospital", 2.0, 6],
        ["hospital", 14.0, 4],
        ["hospital", 19.0, 6],
    ]
    assert extract.day(scenario.start_date) == 2.0 and extract.date(2.5) == scenario.start_date


def test_a_run_without_its_event_log_is_refused():
    scenario = validate_data(make_scenario(horizon_days=7, warmup_days=0))
    with pytest.raises(NoEventLogError):
        extract_from_run(simulate(scenario, 0), scenario)
