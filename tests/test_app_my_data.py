"""Start from my data (the studio's upload area): a stays extract fitted to a scenario becomes the starting point.

The fit itself is tested in tests/test_fit.py; here: the app's path from an upload to a starting point, what a
bad extract shows, the cache, and the pure helpers of pages/ui/my_data.py.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from apptest_pages import open_page, shown
from streamlit.testing.v1 import AppTest

from harmoni_model import dumps_scenario, load_scenario, loads_scenario, run_replications
from harmoni_model.problems import Problem
from harmoni_model.scenario.format import validate_data
from pages.ui import my_data
from pages.ui.my_data import (
    content_key,
    default_until,
    download_name,
    fit_extract,
    fitted_name,
    latest_date,
    note_items,
    problem_lines,
    runs_locally,
    stay_rows,
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"
BASELINE = load_scenario(SAMPLE / "scenarios" / "trondheim_baseline.yaml")
STAYS, CAPACITY, UNITS = "scenario:my_stays", "scenario:my_capacity", "scenario:my_units"
UNTIL, FROM, FIT, START = "scenario:my_until", "scenario:my_from", "scenario:my_fit", "scenario:base"
HEADER = b"patient_id,service,referred,admitted,ready,left,next\n"


def _upload(at: AppTest, key: str, name: str, data: bytes) -> AppTest:
    at.file_uploader(key=key).set_value((name, data, "text/csv")).run()
    assert not at.exception, at.exception
    return at


def _fit(at: AppTest) -> AppTest:
    at.button(key=FIT).click().run()
    assert not at.exception, at.exception
    return at


def _sample_fitted(lang: str) -> AppTest:
    at = open_page("scenario", lang)
    _upload(at, STAYS, "stays_synthetic.csv", (SAMPLE / "stays_synthetic.csv").read_bytes())
    _upload(at, CAPACITY, "capacity_synthetic.csv", (SAMPLE / "capacity_synthetic.csv").read_bytes())
    return _fit(at)


def _texts(at: AppTest) -> str:
    """Every text on the page, as a reader sees it (the escapes of user text gone)."""
    parts = [e.value for kind in ("error", "warning", "success", "caption", "markdown", "info") for e in at.get(kind)]
    return shown("\n".join(str(p) for p in parts))


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_fitting_the_sample_starts_from_it(lang, monkeypatch):
    calls = []

    def counting(*args, **kwargs):
        calls.append(args[1])
        return fit_extract(*args, **kwargs)

    monkeypatch.setattr(my_data, "fit_extract", counting)
    at = _sample_fitted(lang)
    assert at.date_input(key=UNTIL).value == dt.date(2026, 1, 1)  # the day after the file's latest date
    assert at.selectbox(key=START).value == "uploaded"
    current = at.session_state["scenario:current"]
    name = {"nb": "Tilpasset: stays_synthetic.csv", "en": "Fitted: stays_synthetic.csv"}[lang]
    assert current.name == name and current.start_date == dt.date(2026, 1, 1)
    assert current.initial_state is not None
    assert current.service("hospital_medical").capacity == 76  # capacity.csv's places on 2026-01-01
    assert len(at.metric) == 6 and all(m.value for m in at.metric)  # the headline tiles, from the fitted run
    assert not at.error and not at.exception
    text = _texts(at)
    assert {"nb": "38\xa0489 opphold", "en": "38,489 stays"}[lang] in text
    assert {"nb": "02.01.2023–31.12.2025", "en": "2 Jan 2023 to 31 Dec 2025"}[lang] in text
    at.button(key="scenario:my_notes").click().run()  # what the fit did, in a dialog
    notes = shown("\n".join(m.value for m in at.markdown))
    medical = current.service("hospital_medical").label(lang)
    stay, state = {"nb": ("liggetid", "tilstanden ved start"), "en": ("length of stay", "initial state")}[lang]
    assert f"- **{medical} (hospital_medical)**\n    - {stay}: " in notes and f"- **{state}**\n" in notes
    assert "(på engelsk)" not in notes  # every part of every note in bokmål on a bokmål page
    assert at.number_input(key="capacity:hospital_medical").value == 76  # the levers are the fitted scenario's
    at.number_input(key="capacity:hospital_medical").set_value(60).run()
    assert not at.exception
    assert any(m.delta for m in at.metric)  # compared with the fitted start, same patients
    assert at.session_state["scenario:current"].service("hospital_medical").capacity == 60
    _fit(at)  # the same files and dates again: from the cache, and the start is the fitted one again
    assert calls == [dt.date(2026, 1, 1)]
    assert at.number_input(key="capacity:hospital_medical").value == 76

    label = {"nb": "Last ned det tilpassede scenariet (YAML)", "en": "Download the fitted scenario (YAML)"}[lang]
    assert len([b for b in at.get("download_button") if b.label == label]) == 1
    fit = at.session_state["scenario:my_fitted"]
    again = loads_scenario(dumps_scenario(fit["fitted"]), "fitted.yaml")  # what the button's callable returns
    assert again == fit["fitted"] and again.name == name
    assert again.service("long_term").source.startswith("Fitted: ")  # every fitted number says where it came from


def test_the_fit_is_cached_by_content_and_dates(monkeypatch):
    calls = []

    def counting(*args, **kwargs):
        calls.append(args[1])
        return fit_extract(*args, **kwargs)

    monkeypatch.setattr(my_data, "fit_extract", counting)
    names = ("a.csv", "units.csv", "capacity.csv")

    def fit(files, until):
        return my_data.cached_fit(content_key(*files), until, None, names, files, BASELINE)

    files = (_broken(2), None, None)
    first, again = fit(files, dt.date(2025, 2, 1)), fit(files, dt.date(2025, 2, 1))
    assert first == again and first.total == 2 and len(calls) == 1  # a failure is cached too
    fit(files, dt.date(2025, 3, 1))  # another end: a new fit
    fit((_broken(3), None, None), dt.date(2025, 2, 1))  # another file: a new fit
    assert len(calls) == 3


def _broken(n_bad: int) -> bytes:
    """An extract with one good stay and `n_bad` stays that leave before they are admitted (lines 3 ...)."""
    rows = [b"p0,kad,,2025-01-02,2025-01-04,2025-01-05,exit"]
    rows += [f"p{i},kad,,2025-01-10,,2025-01-08,exit".encode() for i in range(1, n_bad + 1)]
    return HEADER + b"\n".join(rows) + b"\n"


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_a_broken_extract_lists_its_problems_and_keeps_the_start(lang):
    at = open_page("scenario", lang)
    at.selectbox(key=START).select("short_term_plus20.yaml").run()
    _upload(at, STAYS, "broken.csv", _broken(30))
    assert at.date_input(key=UNTIL).value == dt.date(2025, 1, 11)
    _fit(at)
    assert at.selectbox(key=START).value == "short_term_plus20.yaml"  # the starting point is kept
    assert (
        at.session_state["scenario:current"].name == load_scenario(SAMPLE / "scenarios" / "short_term_plus20.yaml").name
    )
    [error] = [shown(e.value) for e in at.error]
    assert (
        error
        == {
            "nb": "Uttrekket broken.csv kan ikke brukes (30 problemer); startpunktet er uendret.",
            "en": "The extract broken.csv cannot be used (30 problems); the starting point is unchanged.",
        }[lang]
    )
    [listed] = [shown(c.value) for c in at.caption if c.value.startswith("- ")]  # below it, in a list
    line, column, more, before = {"nb": ("linje", "kolonne «left»", "… og 5 til.", "er før"),
                                  "en": ("line", "column ‘left’", "… and 5 more.", "is before")}[lang]  # fmt: skip
    assert listed.startswith(f"- {line} 3, {column}: left 2025-01-08 {before} admitted 2025-01-10\n")
    assert f"- {line} 27, " in listed and f"{line} 28," not in listed  # the first 25: lines 3-27
    assert listed.endswith(f"\n- {more}") and listed.count("\n- ") == 25
    assert "Traceback" not in _texts(at) and len(at.metric) == 6  # the page goes on with the kept start


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_bad_input_is_a_message_never_a_traceback(lang):
    at = open_page("scenario", lang)
    _upload(at, STAYS, "not_text.csv", b"\xff\xfe\x00garbage")
    _fit(at)  # no date in the file: no end suggested
    assert [shown(e.value) for e in at.error] == [
        {"nb": "Skriv inn dagen uttrekket slutter.", "en": "Enter the day the extract ends."}[lang]
    ]
    at.date_input(key=UNTIL).set_value(dt.date(2025, 1, 1)).run()
    _fit(at)
    header = {
        "nb": "Uttrekket not_text.csv kan ikke brukes (1 problem)",
        "en": "The extract not_text.csv cannot be used (1 problem)",
    }
    assert header[lang] in shown(at.error[0].value)
    not_text = {"nb": "linje 1: filen er ikke UTF-8-tekst", "en": "line 1: the file is not UTF-8 text"}[lang]
    assert f"- {not_text}" in _texts(at)
    _upload(at, STAYS, "short.csv", _broken(0))
    at.date_input(key=FROM).set_value(dt.date(2025, 1, 8)).run()
    _fit(at)  # a fit period under a week: fit_scenario's ValueError, in plain words
    assert {"nb": "kortere enn en uke", "en": "shorter than a week"}[lang] in at.error[0].value
    assert at.selectbox(key=START).value == "trondheim_baseline.yaml"
    assert not at.exception


def test_units_and_capacity_problems_name_their_file():
    at = open_page("scenario", "en")
    _upload(at, STAYS, "stays.csv", HEADER + b"a,ward_7,,2025-01-02,,2025-01-03,exit\n")
    _upload(at, UNITS, "my_units.csv", b"unit,service\nward_7\n")
    _upload(at, CAPACITY, "my_capacity.csv", b"service,from,capacity\nkad,2025-01-01,lots\n")
    _fit(at)
    text = _texts(at)
    assert "- my_units.csv, line 2: " in text and "- my_capacity.csv, line 2, column ‘capacity’: " in text


# --- pure helpers, and the fit of a model-generated extract -------------------------------------------


def test_latest_date_and_default_until():
    data = HEADER + b"p1,kad,2024-12-30,2025-01-02T10:00,,2025-01-05T08:00:00,exit\np2,kad,,2025-13-01,,,\n"
    assert latest_date(data) == dt.date(2025, 1, 5)  # 2025-13-01 is no date (the reader reports it)
    assert default_until(data) == dt.date(2025, 1, 6)
    assert latest_date(b"p20250101,kad,,,,,") is None  # digits inside a word are not a date
    assert default_until(b"") is None
    assert default_until(b"a,9999-12-31") is None  # no day after it


def test_content_key_and_counts():
    assert content_key(b"a", None) != content_key(b"a", b"")  # a missing file is not an empty one
    assert content_key(b"a", b"b") != content_key(b"ab", None)
    assert content_key(b"a", b"b") == content_key(b"a", b"b")
    assert stay_rows(HEADER + b"1\n2\n") == stay_rows(HEADER + b"1\n2") == 2
    assert stay_rows(b"") == 0


def test_note_items():
    assert note_items("kad: length of stay: gamma; routes from 9 stays (exit 1.000)") == (
        "kad",
        ["length of stay: gamma", "routes from 9 stays (exit 1.000)"],
    )
    assert note_items("no colon here") == ("no colon here", [])


def test_names_places_and_where_the_app_runs():
    assert fitted_name("Tilpasset: {file}", "stays.csv") == "Tilpasset: stays.csv"
    assert fitted_name("Fitted: {file}", "a\nb " + "x" * 300) == "Fitted: a b " + "x" * 116  # one line, shortened
    assert download_name("../Mine data (2025).csv") == "fitted_Mine_data_2025.yaml"
    assert download_name("...csv") == "fitted_stays.yaml"

    def where(file, line, column):
        return f"{file}@{line}/{column}"

    problems = (Problem.at(3, "left", "left before admitted"), Problem("units.csv", "has 1 fields", 2))
    assert problem_lines(problems, where, "en") == [
        "None@3/left: left before admitted",
        "units.csv@2/None: has 1 fields",
    ]
    assert runs_locally("http://localhost:8501/scenario") and runs_locally("http://127.0.0.1:8612/")
    assert runs_locally("http://[::1]:8501/")
    assert not runs_locally("https://harmoni.example.no/scenario") and not runs_locally(None)
    assert not runs_locally("http://localhost.example.no/")


def test_a_model_generated_extract_fits_to_a_valid_scenario(tmp_path):
    scenario = BASELINE.variant(horizon_days=120, warmup_days=0, replications=1)
    events = run_replications(scenario, 1, workers=1, events=True).events()
    data = events.to_csv(index=False, lineterminator="\n").encode()
    until = scenario.start_date + dt.timedelta(days=scenario.horizon_days)
    assert default_until(data) == until  # the log's last day is the day before its end
    outcome = fit_extract(data, until, BASELINE, names=("events.csv", "units.csv", "capacity.csv"))
    assert outcome.data is not None, outcome
    fitted = validate_data(outcome.data)
    assert {s.id for s in fitted.services} == {s.id for s in BASELINE.services}
    assert fitted.start_date == until and outcome.rows == len(events)
    assert outcome.period[1] == until and any(n.startswith("initial state:") for n in outcome.notes)


def test_the_fit_writes_no_file(monkeypatch):
    """The extract is read from memory and the fit keeps it there: no file is opened for writing."""
    written: list[str] = []
    watching = [True]

    def hook(event, args):
        if (
            watching[0]
            and event == "open"
            and len(args) > 1
            and isinstance(args[1], str)
            and set(args[1]) & set("wax+")
        ):
            written.append(str(args[0]))

    sys.addaudithook(hook)  # (audit hooks cannot be removed: this one stops watching at the end)
    try:
        data = (SAMPLE / "stays_synthetic.csv").read_bytes()
        outcome = fit_extract(data, dt.date(2026, 1, 1), BASELINE, names=("stays.csv", "u", "c"))
    finally:
        watching[0] = False
    assert outcome.data is not None and written == []
