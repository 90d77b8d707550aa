"""The weekly KPI file (still an upload format of the overview): the indicator table, weekly aggregation of a
model run, and the validator's messages. (The committed weekly sample is gone: the overview's sample is the
SYNTHETIC stays extract, tests/test_app_overview.py.)"""

from __future__ import annotations

import datetime as dt
import io
import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plain_scenarios import make_scenario, make_service

from harmoni_model.data.history import COLUMNS, HistoryError, validate_history
from harmoni_model.data.indicators import INDICATORS
from harmoni_model.data.model_indicators import weekly_indicators
from harmoni_model.scenario.errors import ScenarioError
from harmoni_model.scenario.format import validate_data
from harmoni_model.simulation.engine import DAILY_FIELDS, ReplicationResult

HEADER = ",".join(COLUMNS)
SOURCE = "test extract"


def _valid_text(weeks: int = 2) -> str:
    """A small valid file: `weeks` weeks from 2025-01-06, every indicator."""
    lines = [HEADER]
    for w in range(weeks):
        monday = (dt.date(2025, 1, 6) + dt.timedelta(days=7 * w)).isoformat()
        lines += [f"{monday},{ind},{10 + w + i}.5,{SOURCE}" for i, ind in enumerate(INDICATORS)]
    return "\n".join(lines) + "\n"


# --- the indicator table ------------------------------------------------------


def test_indicator_table():
    assert list(INDICATORS) == [
        "utskrivningsklare_per_day",
        "overliggedogn",
        "corridor_days",
        "hospital_occupancy_pct",
        "kad_occupancy_pct",
        "short_term_occupancy_pct",
        "nursing_home_occupancy_pct",
        "short_term_waiting_list",
        "short_term_wait_days",
        "nursing_home_waiting_list",
        "nursing_home_wait_days",
        "home_care_clients",
        "readmissions_30d_pct",
    ]
    for ind in INDICATORS.values():
        assert ind.organisation in ("hospital", "municipality")
        assert ind.label_nb and ind.label_en and ind.unit and ind.unit_nb
        assert ind.higher_is_better in (True, False, None)
        assert ind.is_percentage == ind.id.endswith("_pct")
        assert ind.label("nb") == ind.label_nb and ind.label("en") == ind.label_en
    assert all(key == ind.id for key, ind in INDICATORS.items())  # keyed by id, in display order


# --- weekly aggregation of a model run ----------------------------------------


def _fake_run(scenario, levels: dict[str, dict[str, list[float]]], start=dt.date(2025, 1, 6)) -> ReplicationResult:
    """A run with these daily levels (others 0; ``capacity`` the service's places every day unless given)."""
    n = len(next(iter(next(iter(levels.values())).values())))
    daily = {}
    for s in scenario.services:
        plain = {f: [0.0] * n for f in DAILY_FIELDS} | {"capacity": [float(s.effective_capacity)] * n}
        daily[s.id] = plain | levels.get(s.id, {})
    return ReplicationResult(0, {}, {}, daily, 0, start, 0, 0.0)


def test_weekly_indicators_aggregates_days_to_weeks_by_kind():
    scenario = validate_data(
        make_scenario(
            services=[
                make_service("hospital_a", organisation="hospital", capacity=10),
                make_service("hospital_b", organisation="hospital", capacity=30),
                make_service("acute", kind="municipal_acute", capacity=4),
                make_service(
                    "nh_east", kind="long_term_place", capacity=50, staffing={"fte": 10, "patients_per_fte": 4}
                ),
                make_service("nh_west", kind="long_term_place", capacity=10),
                make_service("kad", capacity=8),  # no kind: its id means nothing to the indicators
            ],
            arrivals=[],
        )
    )
    days = 15  # two whole weeks; the 15th day is dropped
    levels = {
        "hospital_a": {"occupancy": [8.0] * days, "blocked": [float(d) for d in range(days)]},
        "hospital_b": {"occupancy": [22.0] * days, "blocked": [1.0] * days},
        "acute": {"occupancy": [1.0] * 7 + [3.0] * 8},
        "nh_east": {"occupancy": [36.0] * days, "queue": [2.0] * 7 + [4.0] * 8},
        "nh_west": {"occupancy": [9.0] * days, "queue": [1.0] * days},
        "kad": {"occupancy": [8.0] * days},
    }
    wide = weekly_indicators(scenario, _fake_run(scenario, levels)).pivot(
        index="week", columns="indicator", values="value"
    )
    assert list(wide.index) == [pd.Timestamp("2025-01-06"), pd.Timestamp("2025-01-13")]
    assert wide["overliggedogn"].tolist() == [sum(range(7)) + 7, sum(range(7, 14)) + 7]
    assert wide["utskrivningsklare_per_day"].tolist() == pytest.approx([3.0 + 1, 10.0 + 1])
    assert wide["hospital_occupancy_pct"].tolist() == pytest.approx([75.0, 75.0])  # 30 of 40 beds
    assert wide["kad_occupancy_pct"].tolist() == pytest.approx([25.0, 75.0])  # the municipal acute unit, not "kad"
    assert wide["nursing_home_occupancy_pct"].tolist() == pytest.approx([90.0, 90.0])  # 45 of 40 + 10 staffed places
    assert wide["nursing_home_waiting_list"].tolist() == pytest.approx([3.0, 5.0])  # both long-term services
    assert "short_term_occupancy_pct" not in wide.columns  # no service of that kind
    assert "home_care_clients" not in wide.columns
    assert "readmissions_30d_pct" not in wide.columns  # never from the model


def test_weekly_occupancy_follows_the_daily_capacity():
    """A calendar closes 20 of 40 short-term places from the 4th day of the second week: occupancy % per week is
    the week's patient-days over its place-days, not over the plain 40 places."""
    scenario = validate_data(make_scenario(
        services=[make_service("short", kind="short_term_stay", capacity=40, capacity_calendar=[
            {"from": "2025-01-16", "to": "2025-01-31", "capacity": 20}])],
        arrivals=[],
    ))  # fmt: skip
    levels = {"short": {"occupancy": [30.0] * 7 + [20.0] * 7, "capacity": [40.0] * 10 + [20.0] * 4}}
    wide = weekly_indicators(scenario, _fake_run(scenario, levels)).pivot(index="week", columns="indicator",
                                                                          values="value")  # fmt: skip
    assert wide["short_term_occupancy_pct"].tolist() == pytest.approx([75.0, 140 * 100 / (3 * 40 + 4 * 20)])
    # the engine's daily capacity is the calendar's, day by day over the measured period
    from harmoni_model import simulate
    from harmoni_model.scenario.calendars import capacities, measured_period

    four_weeks = scenario.variant(horizon_days=28, warmup_days=3, start_date="2025-01-06")  # measured from 9 Jan
    start, days = measured_period(four_weeks)
    capacity = simulate(four_weeks).daily["short"]["capacity"]
    assert capacity == capacities(scenario.service("short"), start, days) == [40] * 7 + [20] * 16 + [40] * 5


def test_a_kind_belongs_to_one_organisation():
    with pytest.raises(ScenarioError, match=r"services\[0\]\.kind: 'hospital_ward' is a hospital service"):
        validate_data(make_scenario(services=[make_service("ward", kind="hospital_ward")], arrivals=[]))


# --- the validator: accepted inputs -------------------------------------------


def test_valid_text_in_every_form(tmp_path):
    text = _valid_text()
    path = tmp_path / "history.csv"
    path.write_text(text, "utf-8")
    expected = validate_history(text)
    assert list(expected.columns) == list(COLUMNS)
    assert len(expected) == 2 * len(INDICATORS)
    assert str(expected["week"].dtype).startswith("datetime64")
    assert expected["value"].dtype == "float64"
    forms = [
        path,
        str(path),
        text.encode(),
        io.BytesIO(text.encode()),
        io.StringIO(text),
        ("\ufeff" + text.replace("\n", "\r\n")).encode(),  # Excel's BOM and Windows line ends
        "\n\n" + text + "\n\n",
        expected,
        expected.assign(week=expected["week"].dt.strftime("%Y-%m-%d")),
    ]
    for form in forms:
        pd.testing.assert_frame_equal(validate_history(form), expected)


def test_header_is_case_and_space_insensitive_and_in_any_order():
    text = _valid_text(1).replace(HEADER, " Value ,WEEK,source,indicator", 1)
    lines = text.splitlines()
    reordered = [lines[0]] + [
        ",".join([r.split(",")[2], r.split(",")[0], r.split(",")[3], r.split(",")[1]]) for r in lines[1:]
    ]
    df = validate_history("\n".join(reordered))
    assert len(df) == len(INDICATORS)


# --- the validator: broken files ----------------------------------------------


def _rows(*rows: str) -> str:
    return HEADER + "\n" + "\n".join(rows) + "\n"


BROKEN = {
    "missing column": ("week,indicator,value\n2025-01-06,overliggedogn,3\n", 1, "source", "missing column"),
    "non-numeric value": (
        _rows("2025-01-06,overliggedogn,3,x", "2025-01-06,kad_occupancy_pct,n/a,x"),
        3,
        "value",
        "not a number",
    ),
    "decimal comma": (_rows('2025-01-06,kad_occupancy_pct,"45,5",x'), 2, "value", "decimal separator: 45.5"),
    "unknown indicator": (_rows("2025-01-06,overliggedøgn,3,x"), 2, "indicator", "did you mean 'overliggedogn'"),
    "duplicate week": (
        _rows("2025-01-06,overliggedogn,3,x", "2025-01-13,overliggedogn,3,x", "2025-01-06,overliggedogn,4,x"),
        4,
        "week",
        "already appear on line 2",
    ),
    "negative count": (_rows("2025-01-06,nursing_home_waiting_list,-2,x"), 2, "value", "must not be negative"),
    "not a Monday": (
        _rows("2025-01-08,overliggedogn,3,x"),
        2,
        "week",
        "Wednesday, not a Monday; use the Monday that starts the ISO week (2025-01-06)",
    ),
    "not a date": (_rows("06.01.2025,overliggedogn,3,x"), 2, "week", "not a date"),
    "percentage above 100": (_rows("2025-01-06,readmissions_30d_pct,104.2,x"), 2, "value", "cannot be above 100"),
    "occupancy above 200": (_rows("2025-01-06,hospital_occupancy_pct,204.2,x"), 2, "value", "cannot be above 200"),
    "extra column": (HEADER + ",unit\n2025-01-06,overliggedogn,3,x,days\n", 1, "unit", "unknown column"),
    "empty source": (_rows("2025-01-06,overliggedogn,3,"), 2, "source", "source is empty"),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_broken_file_names_line_and_column(name):
    text, line, column, fragment = BROKEN[name]
    with pytest.raises(HistoryError) as info:
        validate_history(text)
    message = str(info.value)
    assert f"line {line}" in message, message
    assert f"column '{column}'" in message, message
    assert fragment in message, message
    problem = next(p for p in info.value.problems if p.column == column)
    assert problem.line == line


def test_every_problem_is_reported_at_once():
    text = _rows("2025-01-07,overliggedogn,3,x", "2025-01-06,nonsense,3,x", "2025-01-06,overliggedogn,-1,x")
    with pytest.raises(HistoryError) as info:
        validate_history(text)
    assert [(p.line, p.column) for p in info.value.problems] == [(2, "week"), (3, "indicator"), (4, "value")]


@pytest.mark.parametrize(
    ("data", "line", "fragment"),
    [
        (b"", 1, "the file is empty (expected the header week,indicator,value,source"),
        ("   \n\n", 1, "the file is empty"),
        (HEADER + "\n", 2, "no rows of data"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\x00", 1, "not UTF-8 text"),
        (b"week,indicator,value,source\n\x00\x01\x02", 2, "NUL character"),
        (_rows('2025-01-06,overliggedogn,"3,x'), 2, "cannot read the CSV"),
        ("week;indicator;value;source\n2025-01-06;overliggedogn;3;x\n", 1, "';' as separator"),
        (_rows("2025-01-06,overliggedogn,3,x,extra"), 2, "has 5 fields but the header has 4"),
    ],
    ids=[
        "empty file",
        "blank lines",
        "header only",
        "binary garbage",
        "NUL bytes",
        "open quote",
        "semicolons",
        "extra field",
    ],
)
def test_unreadable_files_name_the_line(data, line, fragment):
    with pytest.raises(HistoryError) as info:
        validate_history(data)
    message = str(info.value)
    assert message.startswith(f"line {line}"), message
    assert fragment in message, message


def test_excel_workbook_and_missing_file(tmp_path):
    with pytest.raises(HistoryError, match=r"Excel workbook \(\.xlsx\)"):
        validate_history(b"PK\x03\x04" + bytes(100))
    with pytest.raises(HistoryError, match="no such file"):
        validate_history(tmp_path / "missing.csv")
    with pytest.raises(HistoryError, match="is a directory"):
        validate_history(tmp_path)


def test_dataframe_rows_are_numbered_as_in_a_file():
    df = validate_history(_valid_text(1))
    broken = df.assign(value=df["value"].where(df.index != 3, -5.0))
    with pytest.raises(HistoryError) as info:
        validate_history(broken)
    assert [(p.line, p.column) for p in info.value.problems] == [(5, "value")]
    with pytest.raises(HistoryError, match="unknown column"):
        validate_history(df.assign(unit="%"))
    with pytest.raises(HistoryError, match="the value is empty"):
        validate_history(df.assign(value=math.nan))


# --- the validator never fails with anything but HistoryError -----------------


def _accepts_or_explains(data) -> None:
    try:
        result = validate_history(data)
    except HistoryError as exc:
        assert exc.problems
        assert all(str(p) for p in exc.problems)
        assert "cannot read the KPI history (" not in str(exc), f"an unexpected error inside the validator: {exc}"
    else:
        assert list(result.columns) == list(COLUMNS)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_random_bytes_only_raise_history_error(data):
    _accepts_or_explains(data)


_PIECES = st.one_of(
    st.text(max_size=8),
    st.sampled_from(
        [
            ",",
            '"',
            "\n",
            "\r",
            "\r\n",
            ";",
            "-",
            "1e999",
            "nan",
            "-0",
            "9999-12-31",
            "0000-01-01",
            "2025-01-13",
            "\x00",
            "\ufeff",
            "%",
            "100.0001",
            "overliggedogn",
            "kad_occupancy_pct",
            " ",
            "week",
            "value",
        ]
    ),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["insert", "delete", "replace", "duplicate_line", "drop_line", "swap_lines"]),
            st.integers(0, 10_000),
            st.integers(0, 40),
            _PIECES,
        ),
        min_size=1,
        max_size=6,
    ),
    st.booleans(),
)
def test_random_mutations_of_a_valid_file_only_raise_history_error(mutations, as_bytes):
    text = _valid_text(2)
    for op, pos, length, piece in mutations:
        lines = text.split("\n")
        if op == "insert":
            i = pos % (len(text) + 1)
            text = text[:i] + piece + text[i:]
        elif op == "delete":
            i = pos % (len(text) + 1)
            text = text[:i] + text[i + length :]
        elif op == "replace":
            i = pos % (len(text) + 1)
            text = text[:i] + piece + text[i + len(piece) :]
        elif op == "duplicate_line":
            i = pos % len(lines)
            text = "\n".join([*lines[: i + 1], lines[i], *lines[i + 1 :]])
        elif op == "drop_line":
            i = pos % len(lines)
            text = "\n".join(lines[:i] + lines[i + 1 :])
        else:
            i, j = pos % len(lines), length % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    _accepts_or_explains(text.encode("utf-8", "surrogatepass") if as_bytes else text)
