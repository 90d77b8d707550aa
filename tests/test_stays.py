"""The stays extract: its reader, one test per validation rule, units.csv, capacity.csv, and scale."""

from __future__ import annotations

import datetime as dt
import io
import random

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plain_scenarios import ROOT

from harmoni_model.extracts import stays as stays_module
from harmoni_model.extracts.stays import (
    STAY_COLUMNS,
    Extract,
    ServiceInfo,
    StaysError,
    read_capacity,
    read_extract,
    read_units,
    services_of,
)
from harmoni_model.problems import InputError
from harmoni_model.scenario.files import load_scenario

HEADER = ",".join(STAY_COLUMNS)
UNTIL = dt.date(2025, 2, 1)
KNOWN = {
    "hospital": ServiceInfo("hospital", "hospital", "hospital_ward", "Sykehus"),
    "short_term": ServiceInfo("short_term", "municipality", "short_term_stay"),
    "home_care": ServiceInfo("home_care", "municipality", "home_based_care"),
}
GOOD = "a1,hospital,,2025-01-03T14:20,2025-01-09,2025-01-11T10:00,exit"


def _read(*rows: str, until: dt.date = UNTIL, **kwargs) -> Extract:
    kwargs.setdefault("services", KNOWN)
    return read_extract("\n".join((HEADER, *rows)) + "\n", until, **kwargs)


def _problems(*rows: str, header: str = HEADER, **kwargs) -> list[tuple[int | None, str | None, str]]:
    kwargs.setdefault("services", KNOWN)
    with pytest.raises(StaysError) as info:
        read_extract("\n".join((header, *rows)) + "\n", kwargs.pop("until", UNTIL), **kwargs)
    return [(p.line, p.column, p.message) for p in info.value.problems]


def _where(*rows: str, **kwargs) -> list[tuple[int | None, str | None]]:
    return [(line, column) for line, column, _ in _problems(*rows, **kwargs)]


@pytest.fixture(params=["auto", "c"])
def reader(request, monkeypatch):
    """Both CSV readers (pyarrow's for plain files when it is installed, pandas' C reader) must agree."""
    monkeypatch.setattr(stays_module, "READER", request.param)
    return request.param


# --- a hand-checked round trip ------------------------------------------------------------------------------

SMALL = """\
patient_id,service,referred,admitted,ready,left,next
a1,medisin,,2025-01-03T14:20,2025-01-09,2025-01-11T10:00,short_term
a1,short_term,2025-01-09,2025-01-11T10:00,2025-01-30,,
b2,hospital,,2025-01-05,,2025-01-06 12:00:30,exit
c3,short_term,2025-01-20,,,,
d4,short_term,2025-01-21T06:00,,,2025-01-25,exit
"""
UNITS = "unit,service\nmedisin,hospital\n"


def test_a_small_file_reads_to_the_times_worked_out_by_hand(reader):
    extract = read_extract(SMALL, UNTIL, units=UNITS, services=KNOWN, name="uttrekk.csv")
    # The earliest date is Friday 2025-01-03; day 0 is the Monday before it.
    assert extract.origin == dt.date(2024, 12, 30)
    assert extract.until == 33.0  # 2025-02-01 00:00
    assert extract.source == "uttrekk.csv"
    df = extract.stays
    assert list(df.columns) == [*STAY_COLUMNS, "line"]
    assert df["line"].tolist() == [2, 3, 4, 5, 6]
    assert df["patient_id"].tolist() == ["a1", "a1", "b2", "c3", "d4"]
    assert df["service"].tolist() == ["hospital", "short_term", "hospital", "short_term", "short_term"]
    admitted_a1 = (4 * 86400 + 14 * 3600 + 20 * 60) / 86400  # Friday 14:20
    left_a1 = (12 * 86400 + 10 * 3600) / 86400  # Saturday 11 January 10:00
    left_b2 = (7 * 86400 + 12 * 3600 + 30) / 86400  # 6 January 12:00:30
    expected = {
        "referred": [np.nan, 10.0, np.nan, 21.0, 22.25],
        "admitted": [admitted_a1, left_a1, 6.0, np.nan, np.nan],
        "ready": [10.0, 31.0, left_b2, np.nan, np.nan],  # b2 left when ready; waiting rows have no ready
        "left": [left_a1, np.nan, left_b2, np.nan, 26.0],
    }
    for column, values in expected.items():
        np.testing.assert_array_equal(df[column].to_numpy(), np.array(values), err_msg=column)
        assert df[column].dtype == np.float64
    assert df["next"].tolist() == ["short_term", None, "exit", None, "exit"]
    assert df["line"].dtype == np.int64
    assert list(extract.services) == ["hospital", "short_term"]  # first appearance; home_care never appears
    assert extract.services["hospital"].name == "Sykehus"
    assert extract.capacity is None
    assert extract.day(dt.date(2025, 1, 6)) == 7.0
    assert extract.date(admitted_a1) == dt.date(2025, 1, 3)
    assert extract.date(-0.5) == dt.date(2024, 12, 29)


def test_the_header_may_be_in_any_order_and_extra_columns_are_ignored(reader):
    text = (
        "next,left,ready,admitted,referred,service,patient_id,kommentar\nexit,2025-01-10,,2025-01-06,,hospital,x,hei\n"
    )
    extract = read_extract(text, UNTIL, services=KNOWN)
    row = extract.stays.iloc[0]
    assert (row["patient_id"], row["service"], row["admitted"], row["ready"], row["left"], row["next"]) == (
        "x",
        "hospital",
        0.0,
        4.0,
        4.0,
        "exit",
    )
    assert "kommentar" not in extract.stays.columns


def test_windows_line_ends_a_bom_spaces_and_blank_lines_are_fine(reader):
    text = "\ufeff" + SMALL.replace("\n", "\r\n").replace("a1,", " a1 ,").replace(
        "\r\nb2", "\r\n\r\n  \r\n,,,,,,\r\nb2"
    )
    extract = read_extract(text.encode("utf-8"), UNTIL, units=UNITS, services=KNOWN)
    assert extract.stays["patient_id"].tolist() == ["a1", "a1", "b2", "c3", "d4"]
    assert extract.stays["line"].tolist() == [2, 3, 7, 8, 9]


def test_a_quoted_value_may_hold_a_comma_or_a_line_break_and_lines_still_count(reader):
    rows = ['"a,1",hospital,,2025-01-03,,2025-01-04,exit', '"b\n2",hospital,,2025-01-03,,2025-01-04,exit', "c3,,,,,,"]
    assert _where(*rows) == [(5, "service"), (5, "admitted")]
    extract = _read(*rows[:2])
    assert extract.stays["patient_id"].tolist() == ["a,1", "b\n2"]


# --- inputs ---------------------------------------------------------------------------------------------------


def test_every_kind_of_input_gives_the_same_extract(tmp_path):
    path = tmp_path / "stays.csv"
    path.write_text(SMALL, encoding="utf-8")
    units = tmp_path / "units.csv"
    units.write_text(UNITS, encoding="utf-8")
    frame = pd.read_csv(io.StringIO(SMALL), dtype=str)  # empty fields are NaN here
    sources = [
        path,
        str(path),
        SMALL,
        SMALL.encode(),
        io.BytesIO(SMALL.encode()),
        io.StringIO(SMALL),
        frame,
    ]
    reference = read_extract(SMALL, UNTIL, units=UNITS, services=KNOWN).stays
    for source in sources:
        got = read_extract(source, UNTIL, units=units, services=KNOWN)
        pd.testing.assert_frame_equal(got.stays, reference)
    assert read_extract(path, UNTIL, units=units, services=KNOWN).source == "stays.csv"


def test_a_dataframe_may_hold_timestamps_and_its_rows_count_from_line_2():
    frame = pd.DataFrame(
        {
            "patient_id": ["a", "b"],
            "service": ["hospital", "hospital"],
            "referred": [None, None],
            "admitted": [pd.Timestamp("2025-01-06 08:00"), pd.Timestamp("2025-01-07")],
            "ready": [pd.NaT, pd.NaT],
            "left": [pd.Timestamp("2025-01-08"), pd.NaT],
            "next": ["exit", None],
        }
    )
    extract = read_extract(frame, UNTIL, services=KNOWN)
    assert extract.stays["admitted"].tolist() == [8 / 24, 1.0]
    assert extract.stays["line"].tolist() == [2, 3]
    frame.loc[1, "service"] = "nowhere"
    with pytest.raises(StaysError) as info:
        read_extract(frame, UNTIL, services=KNOWN)
    assert [(p.line, p.column) for p in info.value.problems] == [(3, "service")]


def test_an_uploaded_file_like_object_with_a_name_gives_the_source():
    class Upload(io.BytesIO):
        name = "mitt_uttrekk.csv"

    assert read_extract(Upload(SMALL.encode()), UNTIL, units=UNITS, services=KNOWN).source == "mitt_uttrekk.csv"


def test_services_of_a_scenario_are_known():
    scenario = load_scenario(ROOT / "sample_data" / "scenarios" / "example_small.yaml")
    known = services_of(scenario)
    assert known["hospital"] == ServiceInfo("hospital", "hospital", "hospital_ward", "Sykehus, medisinsk")
    assert set(known) == set(scenario.service_ids)
    extract = read_extract(f"{HEADER}\n{GOOD}\n", UNTIL, services=known)
    assert list(extract.services) == ["hospital"]


# --- rule 1: the file ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "line", "words"),
    [
        (b"", 1, "the file is empty"),
        (b"\n\n  \n", 1, "the file is empty"),
        (HEADER.encode() + b"\n", 2, "a header but no rows"),
        (HEADER.encode() + b"\n,,,,,,\n", 2, "a header but no rows"),
        (HEADER.encode() + b"\na1,hospital,,2025-01-0\xe5", 2, "not UTF-8"),
        (b"PK\x03\x04rest of a zip", None, "Excel workbook (.xlsx)"),
        (b"\xd0\xcf\x11\xe0old excel", None, "old Excel workbook"),
        (HEADER.replace(",", ";").encode() + b"\na1;hospital;;2025-01-03;;;\n", 1, "';' as separator"),
        (HEADER.encode() + b'\na1,"hospital,,2025-01-03,,,\n', 2, "never closed"),
        (HEADER.encode() + b'\na1,hosp"ital,,2025-01-03,,,\n', 2, "double quote inside a value"),
        (HEADER.encode() + b"\na1,hospital\x00,,2025-01-03,,,\n", 2, "NUL character"),
    ],
)
def test_a_file_that_cannot_be_read_says_why(data, line, words):
    with pytest.raises(StaysError) as info:
        read_extract(data, UNTIL, services=KNOWN)
    (problem,) = info.value.problems
    assert problem.line == line
    assert words in problem.message


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(stays_module, "MAX_FILE_BYTES", 100)
    path = tmp_path / "big.csv"
    path.write_text(HEADER + "\n" + (GOOD + "\n") * 5)
    for source in (path, path.read_bytes()):
        with pytest.raises(StaysError, match="too large"):
            read_extract(source, UNTIL, services=KNOWN)


def test_a_missing_file_or_a_directory_is_a_problem(tmp_path):
    with pytest.raises(StaysError, match="no such file"):
        read_extract(tmp_path / "none.csv", UNTIL)
    with pytest.raises(StaysError, match="is a directory"):
        read_extract(tmp_path, UNTIL)


def test_each_missing_column_is_named():
    header = "patient_id,service,admitted,left,extra"
    problems = _problems("a,hospital,2025-01-03,,x", header=header)
    assert [(line, column) for line, column, _ in problems] == [(1, "referred"), (1, "ready"), (1, "next")]
    assert all("missing column" in message for *_, message in problems)


def test_a_column_twice_in_the_header_is_a_problem():
    assert _where(GOOD + ",x", header=HEADER + ",service") == [(1, "service")]


def test_a_row_with_the_wrong_number_of_fields_is_reported_and_the_rest_still_checked(reader):
    problems = _problems(
        GOOD, "a2,hospital,2025-01-03", GOOD.replace("a1", "a3") + ",extra", ",hospital,,2025-01-03,,,"
    )
    assert [(line, column) for line, column, _ in problems] == [(3, None), (4, None), (5, "patient_id")]
    assert "has 3 fields but the header has 7" in problems[0][2]
    assert "has 8 fields" in problems[1][2]


# --- rules 2 to 9: one test each ---------------------------------------------------------------------------------


def test_rule_2_an_empty_patient_id():
    assert _where(GOOD, GOOD.replace("a1", "")) == [(3, "patient_id")]


def test_rule_3_an_empty_or_unknown_service_and_an_unknown_next():
    problems = _problems(
        GOOD.replace("hospital", ""),
        GOOD.replace("hospital", "akutt"),
        GOOD.replace("exit", "somewhere"),
        GOOD.replace("exit", "home_care").replace("a1", "a2"),
    )
    assert [(line, column) for line, column, _ in problems] == [(2, "service"), (3, "service"), (4, "next")]
    assert problems[1][2] == "unknown service 'akutt': add it to units.csv with its organisation and kind"
    assert "unknown service 'somewhere' in next" in problems[2][2]


def test_rule_4_unparsable_dates_quote_the_value_and_the_form():
    rows = [
        GOOD.replace("2025-01-03T14:20", "03.01.2025"),
        GOOD.replace("2025-01-09", "2025-02-30"),
        GOOD.replace("2025-01-11T10:00", "2025-01-11T10:00Z"),
        GOOD.replace("2025-01-11T10:00", "2025-01-11T25:00"),
        GOOD.replace("2025-01-03T14:20", "2025-1-3"),
        GOOD.replace("2025-01-03T14:20", "2025-01-03T14:20:00.5"),
    ]
    problems = _problems(*rows)
    where = [(line, column) for line, column, _ in problems]
    assert where == [(2, "admitted"), (3, "ready"), (4, "left"), (5, "left"), (6, "admitted"), (7, "admitted")]
    assert problems[0][2].startswith("'03.01.2025' is not a date; write admitted as YYYY-MM-DD, YYYY-MM-DDTHH:MM")
    assert problems[0][2].endswith("(write the year first: 2025-01-03)")
    assert "no time zone" in problems[2][2]


def test_rule_4_dates_before_1900_or_after_until():
    problems = _problems(
        GOOD.replace("2025-01-03T14:20", "1899-12-31T23:59"),
        GOOD.replace("2025-01-11T10:00", "2025-02-01T00:01"),
        "a9,hospital,,2025-01-30,2025-02-01,2025-02-01,exit",  # until itself (00:00) is known
    )
    assert [(line, column) for line, column, _ in problems] == [(2, "admitted"), (3, "left")]
    assert problems[0][2] == "admitted 1899-12-31T23:59 is before 1900: check the year"
    assert "after the extract's end 2025-02-01" in problems[1][2]


def test_rule_5_a_row_needs_admitted_or_referred():
    problems = _problems("a1,hospital,,,,2025-01-11,exit", "a2,short_term,2025-01-10,,,,")
    assert [(line, column) for line, column, _ in problems] == [(2, "admitted")]
    assert problems[0][2].startswith("neither admitted nor referred is given")


def test_rule_6_the_order_of_the_times():
    problems = _problems(
        "a1,short_term,2025-01-10,2025-01-09,,,",
        "a2,hospital,,2025-01-10,2025-01-09,2025-01-11,exit",
        "a3,hospital,,2025-01-10,2025-01-12,2025-01-09,exit",  # left before admitted: that message only
        "a4,hospital,,2025-01-10,2025-01-12,2025-01-11,exit",
        "a5,short_term,2025-01-10,,,2025-01-09,exit",
        "a6,short_term,2025-01-10,,2025-01-11,,",
    )
    assert problems == [
        (2, "admitted", "admitted 2025-01-09 is before referred 2025-01-10"),
        (3, "ready", "ready 2025-01-09 is before admitted 2025-01-10"),
        (4, "left", "left 2025-01-09 is before admitted 2025-01-10"),
        (5, "left", "left 2025-01-11 is before ready 2025-01-12"),
        (6, "left", "left 2025-01-09 is before referred 2025-01-10"),
        (7, "ready", "ready is given but admitted is empty (a patient who never got a place has no ready)"),
    ]


def test_rule_6_equal_times_are_in_order():
    extract = _read("a1,hospital,2025-01-10,2025-01-10,2025-01-10,2025-01-10,exit")
    assert extract.origin == dt.date(2025, 1, 6)
    assert extract.stays[["referred", "admitted", "ready", "left"]].iloc[0].tolist() == [4.0] * 4


def test_rule_7_next_exactly_when_left():
    problems = _problems("a1,hospital,,2025-01-10,2025-01-11,,exit", "a2,hospital,,2025-01-10,,2025-01-11,")
    assert [(line, column) for line, column, _ in problems] == [(2, "next"), (3, "next")]
    assert problems[0][2].startswith("next is 'exit' but left is empty")
    assert problems[1][2].startswith("left is 2025-01-11 but next is empty")


def test_rule_7_a_blocked_patient_and_a_stay_going_on_are_fine():
    extract = _read(
        "a1,hospital,,2025-01-10,2025-01-20,,",  # ready, still in the bed at the end
        "a1,short_term,2025-01-20,,,,",  # and on short-term's list
        "a2,hospital,,2025-01-10,,,",  # still in treatment
    )
    assert extract.stays["ready"].tolist()[2] != extract.stays["ready"].tolist()[2]  # NaN: no ready := left


def test_rule_8_overlapping_stays_name_the_other_row():
    problems = _problems(
        "a1,hospital,,2025-01-10,2025-01-14,2025-01-15,short_term",
        "a1,short_term,2025-01-15,2025-01-15,2025-01-20,2025-01-20,exit",  # a transfer at the same instant
        "a1,home_care,,2025-01-19T12:00,,,",  # in home care while still in short-term
        "b1,hospital,,2025-01-02,,,",  # open: runs to until
        "b1,short_term,,2025-01-25,2025-01-26,2025-01-26,exit",
        "c1,hospital,,2025-01-02,2025-01-30,2025-01-30,exit",  # a long stay ...
        "c1,short_term,,2025-01-05,2025-01-06,2025-01-06,exit",  # ... overlapped by a short one ...
        "c1,home_care,,2025-01-10,2025-01-11,2025-01-11,exit",  # ... and the next one too (running max)
    )
    assert [(line, column) for line, column, _ in problems] == [
        (4, "admitted"),
        (6, "admitted"),
        (8, "admitted"),
        (9, "admitted"),
    ]
    assert problems[0][2] == (
        "patient 'a1' is in two places at once: admitted 2025-01-19T12:00 while the stay on line 3 in "
        "'short_term' runs to 2025-01-20"
    )
    assert "line 5 in 'hospital' runs to the end of the extract" in problems[1][2]
    assert "line 7 in 'hospital'" in problems[2][2]
    assert "line 7 in 'hospital'" in problems[3][2]


def test_rule_8_a_waiting_row_does_not_overlap():
    _read("a1,hospital,,2025-01-10,2025-01-14,,", "a1,short_term,2025-01-14,,,,")


def test_rule_9_duplicate_rows():
    problems = _problems(GOOD, GOOD.replace("2025-01-03T14:20", "2025-01-03T14:20:00"), GOOD.replace("a1", "a2"))
    assert problems == [
        (
            3,
            "admitted",
            "duplicate: patient 'a1' admitted to 'hospital' at 2025-01-03T14:20:00 already appears on line 2",
        )
    ]
    waiting = "w1,short_term,2025-01-10,,,,"
    assert _where(waiting, waiting) == [(3, "referred")]


def test_a_problem_per_fault_all_reported_in_line_order():
    problems = _problems(",hospital,,bad,,,", GOOD.replace("exit", ""), "a3,nowhere,,2025-01-03,2025-01-02,,")
    assert [(line, column) for line, column, _ in problems] == [
        (2, "patient_id"),
        (2, "admitted"),
        (3, "next"),
        (4, "service"),
        (4, "ready"),
    ]


def test_the_message_lists_25_problems_and_counts_the_rest():
    with pytest.raises(StaysError) as info:
        _read(*[GOOD.replace("a1", "") for _ in range(30)])
    assert len(info.value.problems) == 30
    text = str(info.value).splitlines()
    assert len(text) == 26
    assert text[0] == "line 2, column 'patient_id': the patient_id is empty (give the patient's pseudonym)"
    assert text[-1] == "... and 5 more problems"
    assert isinstance(info.value, InputError)


def test_past_a_bound_problems_are_counted_not_kept(monkeypatch):
    monkeypatch.setattr(stays_module, "MAX_KEPT", 40)
    rows = [GOOD.replace("a1", "") for _ in range(30)] + ["x,y"] * 30  # 30 empty ids, 30 short records
    with pytest.raises(StaysError) as info:
        _read(*rows)
    assert info.value.total == 60
    assert [p.line for p in info.value.problems] == list(range(2, 42))  # the first 40 by line
    assert str(info.value).splitlines()[-1] == "... and 35 more problems"


# --- units.csv -------------------------------------------------------------------------------------------------------


def test_units_map_names_to_services_and_describe_new_ones():
    units = (
        "unit,service,organisation,kind,name\n"
        "Medisinsk sengepost 1,hospital,,,\n"
        "Medisinsk sengepost 2,hospital,,,\n"
        "Øya helsehus,oya,,short_term_stay,Øya helsehus\n"
        "KAD Trondheim,kad,municipality,municipal_acute,\n"
    )
    mapping, described = read_units(units)
    assert mapping == {
        "Medisinsk sengepost 1": "hospital",
        "Medisinsk sengepost 2": "hospital",
        "Øya helsehus": "oya",
        "KAD Trondheim": "kad",
    }
    assert described == {
        "oya": ServiceInfo("oya", "municipality", "short_term_stay", "Øya helsehus"),  # organisation from the kind
        "kad": ServiceInfo("kad", "municipality", "municipal_acute", None),
    }
    extract = _read(
        "a1,Medisinsk sengepost 2,,2025-01-03,2025-01-05,2025-01-06,Øya helsehus",
        "a1,Øya helsehus,2025-01-05,2025-01-06,,2025-01-08,kad",
        "a1,kad,,2025-01-08,,,",
        units=units,
    )
    assert extract.stays["service"].tolist() == ["hospital", "oya", "kad"]
    assert extract.stays["next"].tolist() == ["oya", "kad", None]
    assert list(extract.services) == ["hospital", "oya", "kad"]
    assert extract.services["hospital"] == KNOWN["hospital"]


def test_a_unit_may_stand_for_exit_in_next_only():
    units = "unit,service\nhjem,exit\nMedisin 1,hospital\n"
    extract = _read("a1,Medisin 1,,2025-01-03,,2025-01-06,hjem", units=units)
    assert extract.stays["next"].tolist() == ["exit"]
    assert list(extract.services) == ["hospital"]
    assert _where("a1,hjem,,2025-01-03,,2025-01-06,exit", "a2,exit,,2025-01-03,,,", units=units) == [
        (2, "service"),
        (3, "service"),
    ]
    with pytest.raises(StaysError, match="exit is not a service"):
        read_units("unit,service,kind\nhjem,exit,home_based_care\n")


def test_units_csv_can_override_a_known_service():
    extract = _read(
        "a1,hospital,,2025-01-03,,2025-01-06,exit", units="unit,service,kind\nhospital,hospital,hospital_ward\n"
    )
    assert extract.services["hospital"].name == "Sykehus"  # kept when units.csv gives none


def test_units_csv_rules():
    units = (
        "unit,service,organisation,kind\n"
        ",hospital,,\n"
        "a,Bad Id,,\n"
        "b,x1,county,\n"
        "c,x2,hospital,long_term_place\n"
        "d,x3,,spa\n"
        "e,new_one,,\n"  # unknown to the reference, and no organisation or kind
        "f,hospital,,\n"
        "f,hospital,,\n"
    )
    with pytest.raises(StaysError) as info:
        read_units(units)
    where = [(p.line, p.column) for p in info.value.problems]
    assert where == [(2, "unit"), (3, "service"), (4, "organisation"), (5, "kind"), (6, "kind"), (9, "unit")]
    assert all(p.path == "units.csv" for p in info.value.problems)
    # In read_extract, the unknown service is reported too, and the stays rows naming faulty units are not.
    with pytest.raises(StaysError) as info:
        _read("a1,a,,2025-01-03,,2025-01-06,e", "a2,e,,2025-01-03,,,", "a3,zz,,2025-01-03,,,", units=units)
    problems = info.value.problems
    stays_part = [(p.line, p.column) for p in problems if not p.path]
    assert stays_part == [(4, "service")]
    assert any(p.path == "units.csv" and p.line == 7 and "not in the reference scenario" in p.message for p in problems)


def test_an_unreadable_units_csv_is_reported_without_flooding_the_stays_messages():
    with pytest.raises(StaysError) as info:
        _read(GOOD.replace("hospital", "Medisin 1"), units=b"PK\x03\x04")
    (problem,) = info.value.problems
    assert problem.path == "units.csv" and "Excel" in problem.message


# --- capacity.csv ----------------------------------------------------------------------------------------------------


def test_capacity_over_time():
    capacity = "service,from,capacity\nshort_term,2025-01-01,20\nhospital,2024-12-30,40\nhospital,2025-01-13,36\n"
    extract = _read(GOOD, capacity=capacity)
    assert extract.capacity is not None
    assert extract.capacity.to_dict("list") == {
        "service": ["hospital", "hospital", "short_term"],
        "start": [0.0, 14.0, 2.0],
        "capacity": [40, 36, 20],
        "line": [3, 4, 2],
    }
    direct = read_capacity(io.StringIO(capacity), dt.date(2024, 12, 30), KNOWN)
    pd.testing.assert_frame_equal(direct, extract.capacity)


def test_capacity_csv_rules():
    capacity = (
        "service,from,capacity\n"
        "nowhere,2025-01-01,3\n"
        ",2025-01-01,3\n"
        "hospital,2025-01-01T10:00,3\n"
        "hospital,,3\n"
        "hospital,1899-01-01,3\n"
        "hospital,2025-01-02,-1\n"
        "hospital,2025-01-03,2.5\n"
        "hospital,2025-01-04,\n"
        "hospital,2025-02-01,4\n"
        "hospital,2025-02-01,5\n"
    )
    with pytest.raises(StaysError) as info:
        read_capacity(capacity, dt.date(2024, 12, 30), KNOWN)
    where = [(p.line, p.column) for p in info.value.problems]
    assert where == [
        (2, "service"),
        (3, "service"),
        (4, "from"),
        (5, "from"),
        (6, "from"),
        (7, "capacity"),
        (8, "capacity"),
        (9, "capacity"),
        (11, "from"),
    ]
    assert "unknown service 'nowhere'" in info.value.problems[0].message
    assert "already appears on line 10" in info.value.problems[-1].message
    # Through read_extract: after the stays file's problems, with the file name.
    with pytest.raises(StaysError) as info:
        _read(GOOD.replace("a1", ""), capacity=capacity)
    assert info.value.problems[0].line == 2 and not info.value.problems[0].path
    assert [p.path for p in info.value.problems[1:]] == ["capacity.csv"] * 9


def test_capacity_may_name_a_unit():
    extract = _read(GOOD, units=UNITS, capacity="service,from,capacity\nmedisin,2025-01-06,30\n")
    assert extract.capacity is not None and extract.capacity["service"].tolist() == ["hospital"]


# --- scale and hostile input -----------------------------------------------------------------------------------------

BASE = dt.datetime(2023, 1, 2)


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="minutes")


def _scattered(rows: int, errors: int, seed: int) -> tuple[str, set[tuple[int, str | None]]]:
    """A valid file of `rows` one-stay patients with `errors` faults of mixed kinds; the expected (line, column)s."""
    rng = random.Random(seed)
    table = []
    for i in range(rows):
        admitted = BASE + dt.timedelta(days=i % 900, minutes=rng.randrange(1440))
        ready = admitted + dt.timedelta(days=3)
        left = ready + dt.timedelta(days=1)
        table.append([f"p{i}", "hospital", "", _iso(admitted), _iso(ready), _iso(left), "exit"])
    text = [",".join(row) for row in table]
    expected: set[tuple[int, str | None]] = set()
    kinds = [
        "patient",
        "service",
        "date",
        "left_before",
        "ready_before",
        "next_without_left",
        "left_without_next",
        "after_until",
        "neither",
        "fields",
        "duplicate",
        "overlap",
        "before_1900",
    ]
    for k in rng.sample(range(1, rows // 3), errors):
        i = 3 * k  # every third row, so that each fault's neighbours are clean
        row = list(table[i])
        kind = rng.choice(kinds)
        line = i + 2
        column: str | None = {
            "patient": "patient_id",
            "service": "service",
            "date": "admitted",
            "left_before": "left",
            "ready_before": "ready",
            "next_without_left": "next",
            "left_without_next": "next",
            "after_until": "left",
            "neither": "admitted",
            "fields": None,
            "duplicate": "admitted",
            "overlap": "admitted",
            "before_1900": "referred",
        }[kind]
        admitted = dt.datetime.fromisoformat(row[3])
        if kind == "patient":
            row[0] = ""
        elif kind == "service":
            row[1] = "radiologi"
        elif kind == "date":
            row[3] = row[3].replace("T", "X")
        elif kind == "left_before":
            row[5] = _iso(admitted - dt.timedelta(hours=1))
        elif kind == "ready_before":
            row[4] = _iso(admitted - dt.timedelta(hours=1))
        elif kind == "next_without_left":
            row[5] = ""
        elif kind == "left_without_next":
            row[6] = ""
        elif kind == "after_until":
            row[5] = "2026-02-01"
        elif kind == "neither":
            row[3] = ""
        elif kind == "fields":
            row.append("extra")
        elif kind == "duplicate":
            row = list(table[i - 1])
        elif kind == "overlap":
            previous = table[i - 1]
            start = dt.datetime.fromisoformat(previous[3]) + dt.timedelta(days=1)
            row = [previous[0], "short_term", "", _iso(start), _iso(start), _iso(start), "exit"]
        elif kind == "before_1900":
            row[2] = "1899-06-01"
        text[i] = ",".join(row)
        expected.add((line, column))
    return HEADER + "\n" + "\n".join(text) + "\n", expected


def test_a_large_file_with_scattered_errors_reports_exactly_those(reader):
    text, expected = _scattered(100_000, 1_000, seed=13)
    with pytest.raises(StaysError) as info:
        read_extract(text.encode(), dt.date(2026, 1, 1), services=KNOWN)
    problems = info.value.problems
    assert len(problems) == 1_000
    assert {(p.line, p.column) for p in problems} == expected
    assert [p.line for p in problems] == sorted(p.line for p in problems)


def test_the_large_file_without_its_errors_reads():
    text, _ = _scattered(20_000, 0, seed=1)
    extract = read_extract(text, dt.date(2026, 1, 1), services=KNOWN)
    assert len(extract.stays) == 20_000
    assert extract.origin == dt.date(2023, 1, 2)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_random_bytes_raise_nothing_but_a_stays_error(data):
    try:
        read_extract(data, UNTIL, services=KNOWN)
    except StaysError as exc:
        assert exc.problems
        str(exc)


CSV_ALPHABET = st.sampled_from([*',\n\r"; xa1-:T0259', "hospital", "exit", "2025-01-0", "\u00e5", "\t"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(CSV_ALPHABET, max_size=120).map("".join))
def test_random_rows_under_a_good_header_raise_nothing_but_a_stays_error(body):
    for source in (HEADER + "\n" + body, (HEADER + "\n" + body).encode()):
        try:
            extract = read_extract(source, UNTIL, services=KNOWN, units=UNITS)
        except StaysError as exc:
            assert all(p.line is None or p.line >= 1 for p in exc.problems)
        else:
            assert list(extract.stays.columns) == [*STAY_COLUMNS, "line"]


def test_the_examples_in_formats_md_read_against_the_trondheim_baseline():
    text = (ROOT / "sample_data" / "FORMATS.md").read_text(encoding="utf-8")
    section = text[text.index("## Stays extract") :]
    stays, units, capacity = (block.split("```", 1)[0] for block in section.split("```csv\n")[1:4])
    known = services_of(load_scenario(ROOT / "sample_data" / "scenarios" / "trondheim_baseline.yaml"))
    extract = read_extract(stays, UNTIL, units=units, capacity=capacity, services=known)
    assert extract.stays["service"].tolist()[:3] == ["hospital_medical", "short_term", "hospital_medical"]
    assert extract.capacity is not None and len(extract.capacity) == 3
