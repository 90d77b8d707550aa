"""Bad inputs for the model's real readers, and the problems they report (tests/test_problem_text.py).

Each fault is a name and a function that calls a reader (scenario text or files, a KPI history, a stays
extract with units.csv and capacity.csv, a fit, the work budget, the advisor's targets and levers, a run)
with one kind of bad input and returns what it reported: its problems, or the message of its error.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import yaml

from harmoni_model import load_scenario, loads_scenario, validate_data
from harmoni_model.data.history import validate_history
from harmoni_model.data.indicators import INDICATORS
from harmoni_model.extracts.fit import fit_scenario
from harmoni_model.extracts.stays import read_extract, services_of
from harmoni_model.planning.levers import validate_spec
from harmoni_model.problems import InputError, Problem
from harmoni_model.scenario.budget import APP_BUDGET, Budget, check_work
from harmoni_model.simulation import engine

ROOT = Path(__file__).resolve().parents[1]
SMALL_TEXT = (ROOT / "sample_data" / "scenarios" / "example_small.yaml").read_text()
SMALL = yaml.safe_load(SMALL_TEXT)
BASELINE = load_scenario(ROOT / "sample_data" / "scenarios" / "trondheim_baseline.yaml")
UNTIL = dt.date(2026, 1, 1)
STAYS_HEADER = "patient_id,service,referred,admitted,ready,left,next\n"
HISTORY_HEADER = "week,indicator,value,source\n"
INDICATOR = next(iter(INDICATORS))
PERCENT = next(i for i, ind in INDICATORS.items() if ind.is_percentage)

Reported = list[Problem | str]


def problems(call: Callable[[], object]) -> Reported:
    """What `call` reported: its InputError's problems, or another error's message."""
    try:
        call()
    except InputError as exc:
        return list(exc.problems)
    except (ValueError, engine.SimulationError) as exc:
        return [str(exc)]
    raise AssertionError("the input was accepted")


# --- scenarios ---------------------------------------------------------------------------------


def scenario_text(text: str) -> Reported:
    return problems(lambda: loads_scenario(text, "x.yaml"))


def changed(change: Callable[[dict], object]) -> Reported:
    """The small example with `change` made to its data, as JSON text (no YAML anchors for shared items)."""
    data = copy.deepcopy(SMALL)
    change(data)
    return scenario_text(json.dumps(data, default=str))


def service(**fields: object) -> Reported:
    return changed(lambda d: d["services"][0].update(fields))


def files(tmp: Path, files: dict[str, str | bytes], name: str = "a.yaml") -> Reported:
    for file, text in files.items():
        path = tmp / file
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text)
    return problems(lambda: load_scenario(tmp / name))


def _initial_state(d: dict) -> None:
    d["services"][0]["initial_occupancy"] = 3
    d["initial_state"] = {"services": [
        {"id": "hospital", "ready": [{"to": "nowhere", "elapsed": 1, "since_ready": 2},
                                      {"to": "short_term", "elapsed": 5, "since_ready": 2, "queued": 3}],
         "waiting": [{"origin": "nobody"}]},
        {"id": "hospital"}, {"id": "nowhere"},
    ]}  # fmt: skip


def _cycle(d: dict) -> None:
    d["services"][1]["when_full"] = {"divert": "nursing_home"}
    d["services"][2]["when_full"] = {"divert": "short_term"}


def _duplicates(d: dict) -> None:
    d["services"].append(copy.deepcopy(d["services"][1]))
    d["arrivals"].append(copy.deepcopy(d["arrivals"][0]))
    d["headline"] = [{"scope": "system", "kpi": "overliggedogn"}, {"scope": "system", "kpi": "overliggedogn"}]


def _priorities(d: dict) -> None:
    d["services"][1]["priority"] = ["hospital", "hospital", "nobody"]
    d["services"][2]["priority_after_days"] = 3
    d["services"][0]["priority"] = ["short_term"]
    d["arrivals"][0]["id"] = "short_term"


SCENARIO_FAULTS: dict[str, Callable[[], Reported]] = {
    "broken YAML": lambda: scenario_text("schema_version: 1\nname: [broken\n"),
    "YAML found": lambda: scenario_text("a: [1, 2\nb: 3\n"),
    "YAML block": lambda: scenario_text("a: b\n- c\n"),
    "YAML colon": lambda: scenario_text("schema_version: 1\nname: a: b\n"),
    "YAML no colon": lambda: scenario_text("a:\n  b: 1\n  c\nd: 2\n"),
    "YAML tab": lambda: scenario_text("schema_version: 1\n\tname: x\n"),
    "YAML end": lambda: scenario_text("name: 'never closed\n"),
    "YAML control": lambda: scenario_text("name: a\x07b\n"),
    "YAML escape": lambda: scenario_text('name: "a\\qb"\n'),
    "YAML twice": lambda: scenario_text("schema_version: 1\nname: a\nname: b\n"),
    "JSON twice": lambda: scenario_text('{"name": "a", "name": "b"}'),
    "YAML anchor": lambda: scenario_text("schema_version: 1\nname: &a x\nb: 1\n"),
    "YAML alias": lambda: scenario_text("schema_version: 1\nname: *a\n"),
    "YAML tag": lambda: scenario_text("schema_version: 1\nname: !!str x\n"),
    "YAML merge": lambda: scenario_text("schema_version: 1\nname:\n  <<: {nb: x}\n"),
    "deep": lambda: scenario_text("[" * 100_000),
    "empty file": lambda: scenario_text("  \n"),
    "null": lambda: scenario_text("~\n"),
    "list": lambda: scenario_text("- 1\n- 2\n"),
    "no services, a typo": lambda: scenario_text(
        "schema_version: 1\nname: x\nhorizon_days: 10\nservices: []\ncapasity: 3\n"
    ),
    "400 digits": lambda: scenario_text("schema_version: 1\nname: x\nseed: " + "9" * 400 + "\n"),
    "negative capacity": lambda: service(capacity=-3),
    "capacity text": lambda: service(capacity="abc"),
    "capacity true": lambda: service(capacity=True),
    "capacity nan": lambda: scenario_text(SMALL_TEXT.replace("capacity: 40", "capacity: .nan")),
    "mean text": lambda: service(length_of_stay={"distribution": "lognormal", "mean": "abc", "cv": 1}),
    "blocking maybe": lambda: service(blocking="maybe"),
    "when_full": lambda: service(when_full="bogus"),
    "divert itself": lambda: service(when_full={"divert": "hospital"}),
    "divert exit": lambda: service(when_full={"divert": "exit"}),
    "divert unknown": lambda: service(when_full={"divert": "nowhere"}),
    "organisation": lambda: service(organisation="foo"),
    "kind": lambda: service(organisation="municipality"),
    "bad id": lambda: service(id="Bad Id"),
    "id exit": lambda: service(id="exit"),
    "id system": lambda: service(id="system"),
    "id too long": lambda: service(id="a" * 70),
    "distribution": lambda: service(length_of_stay={"distribution": "weird", "mean": 1}),
    "no distribution": lambda: service(length_of_stay={"mean": 1}),
    "triangular": lambda: service(length_of_stay={"distribution": "triangular", "min": 5, "mode": 1, "max": 3}),
    "empirical both": lambda: service(length_of_stay={"distribution": "empirical", "values": [1], "cdf": [[0, 0]]}),
    "empirical empty": lambda: service(length_of_stay={"distribution": "empirical", "values": []}),
    "empirical zero": lambda: service(length_of_stay={"distribution": "empirical", "values": [0, 0]}),
    "cdf short": lambda: service(length_of_stay={"distribution": "empirical", "cdf": [[0, 0]]}),
    "cdf order": lambda: service(length_of_stay={"distribution": "empirical", "cdf": [[2, 0], [1, 1]]}),
    "cdf ends": lambda: service(length_of_stay={"distribution": "empirical", "cdf": [[0, 0.1], [1, 0.9]]}),
    "cdf zero": lambda: service(length_of_stay={"distribution": "empirical", "cdf": [[0, 0], [0, 1]]}),
    "occupancy": lambda: service(initial_occupancy=99),
    "no admission days": lambda: service(admission_days=[]),
    "admission day twice": lambda: service(admission_days=["mon", "mon"]),
    "admission day": lambda: service(admission_days=["mo"]),
    "admission days text": lambda: service(admission_days=5),
    "route unknown": lambda: service(next=[{"to": "nowhere", "p": 1}]),
    "routes sum": lambda: service(next=[{"to": "exit", "p": 0.9}, {"to": "short_term", "p": 0.9}]),
    "no routes": lambda: service(next=[]),
    "blocking to exit": lambda: service(next=[{"to": "exit", "p": 1, "blocking": True}]),
    "delay to exit": lambda: service(next=[{"to": "exit", "p": 1, "delay": {"distribution": "fixed", "value": 1}}]),
    "control character": lambda: changed(lambda d: d.update(name="a\u0007b")),
    "empty name": lambda: changed(lambda d: d.update(name="")),
    "no name": lambda: changed(lambda d: d.pop("name")),
    "services a number": lambda: changed(lambda d: d.update(services=[5])),
    "duplicates": lambda: changed(_duplicates),
    "horizon 1.5": lambda: changed(lambda d: d.update(horizon_days=1.5)),
    "no date": lambda: changed(lambda d: d.update(start_date="2026-02-30")),
    "a time": lambda: changed(lambda d: d.update(start_date="2026-02-03T10:00:00")),
    "arrival to": lambda: changed(lambda d: d["arrivals"][0].update(to="nowhere")),
    "weekday profile": lambda: changed(lambda d: d["arrivals"][0].update(weekday_profile=[1, 1])),
    "profile zero": lambda: changed(lambda d: d["arrivals"][0].update(weekday_profile=[0] * 7)),
    "a billion a day": lambda: changed(lambda d: d["arrivals"][0].update(rate_per_day=1e5, growth_per_year=5)),
    "calendar overlap": lambda: service(
        capacity_calendar=[
            {"from": "2026-07-01", "to": "2026-07-10", "capacity": 30, "repeat": "yearly"},
            {"from": "2026-07-05", "to": "2026-07-20", "capacity": 30},
        ]
    ),
    "calendar order": lambda: service(capacity_calendar=[{"from": "2026-07-10", "to": "2026-07-01", "capacity": 3}]),
    "calendar repeat": lambda: service(
        capacity_calendar=[{"from": "2026-07-01", "to": "2026-07-10", "capacity": 30, "repeat": "weekly"}]
    ),
    "calendar year": lambda: service(
        capacity_calendar=[{"from": "2026-01-01", "to": "2027-01-01", "capacity": 30, "repeat": "yearly"}]
    ),
    "calendar many": lambda: service(
        capacity_calendar=[{"from": f"{2030 + i}-01-01", "to": f"{2030 + i}-01-02", "capacity": 3} for i in range(101)]
    ),
    "staffing calendar": lambda: service(staffing_calendar=[{"from": "2026-07-01", "to": "2026-07-10", "fte": 3}]),
    "headline": lambda: changed(
        lambda d: d.update(
            headline=[
                {"scope": "nowhere", "kpi": "mean_queue"},
                {"scope": "system", "kpi": "bogus"},
                {"scope": "hospital", "kpi": "bogus"},
            ]
        )
    ),
    "priority": lambda: changed(_priorities),
    "renege when lost": lambda: service(when_full="lost", renege={"distribution": "fixed", "value": 3}),
    "priority when diverted": lambda: service(when_full={"divert": "short_term"}, priority=["x"]),
    "cycle": lambda: changed(_cycle),
    "description list": lambda: changed(lambda d: d.update(description=[1])),
    "no replications": lambda: changed(lambda d: d.update(replications=0)),
    "initial state": lambda: changed(_initial_state),
    "many problems": lambda: changed(lambda d: d.update(services=[{"id": f"s{i}"} for i in range(30)])),
}


_CHAIN = {f"{i}.yaml": f"extends: {i + 1}.yaml\n" for i in range(9)}  # more levels than extends may have


def file_faults(tmp: Path) -> dict[str, Callable[[], Reported]]:
    """Scenario files in a folder: extends and reading the file."""
    small = SMALL_TEXT
    return {
        "extends in text": lambda: scenario_text("extends: other.yaml\nname: x\n"),
        "extends a number": lambda: files(tmp / "e1", {"a.yaml": "extends: 5\n"}),
        "extends outside": lambda: files(tmp / "e2" / "in", {"a.yaml": "extends: ../b.yaml\n"}),
        "extends itself": lambda: files(tmp / "e3", {"a.yaml": "extends: b.yaml\n", "b.yaml": "extends: a.yaml\n"}),
        "extends a list": lambda: files(tmp / "e4", {"a.yaml": "extends: b.yaml\n", "b.yaml": "- 1\n"}),
        "extends deep": lambda: files(tmp / "e5", _CHAIN, "0.yaml"),
        "changes": lambda: files(tmp / "e6", {"b.yaml": small, "a.yaml": "extends: b.yaml\nchanges: 5\n"}),
        "changes section": lambda: files(tmp / "e7", {"b.yaml": small, "a.yaml": (
            "extends: b.yaml\nchanges: {bogus: {}, arrivals: 5, services: {nowhere: {capacity: 1}, hospital: 5}}\n")}),
        "no such file": lambda: problems(lambda: load_scenario(tmp / "missing.yaml")),
        "a folder": lambda: problems(lambda: load_scenario(tmp)),
        "too large": lambda: files(tmp / "e8", {"a.yaml": "#" * 2_100_000}),
        "not UTF-8": lambda: files(tmp / "e9", {"a.yaml": b"name: \xff\xfe\n"}),
    }  # fmt: skip


# --- the work budget and a run -----------------------------------------------------------------


def _budget(change: Callable[[dict], object], budget: Budget = APP_BUDGET, runs: int | None = None) -> Reported:
    data = copy.deepcopy(SMALL)
    change(data)
    return list(check_work(validate_data(data), budget, runs))


def _loop(d: dict) -> None:
    d["services"][1]["next"] = [{"to": "short_term", "p": 1.0}]


def _divert_loop(d: dict) -> None:
    d["services"][1]["when_full"] = {"divert": "nursing_home"}
    d["services"][2]["next"] = [{"to": "short_term", "p": 1.0}]


def _returns(d: dict) -> None:
    d["services"][1]["next"] = [{"to": "short_term", "p": 0.999}, {"to": "exit", "p": 0.001}]


def _run_too_long() -> None:
    scenario = validate_data(SMALL)
    old, engine.MAX_EVENTS = engine.MAX_EVENTS, 1_000
    try:
        engine.simulate(scenario)
    finally:
        engine.MAX_EVENTS = old


WORK_FAULTS: dict[str, Callable[[], Reported]] = {
    "tiny budget": lambda: _budget(lambda d: None, Budget(10, 10, 0.001, 1.01, 10)),
    "many runs": lambda: _budget(lambda d: None, Budget(1e9, 10, 1e9, 1e9, 1e9), runs=20),
    "a loop": lambda: _budget(_loop),
    "a diversion loop": lambda: _budget(_divert_loop),
    "many returns": lambda: _budget(_returns),
    "a run too long": lambda: problems(_run_too_long),
}


# --- the weekly KPI history ----------------------------------------------------------------------


def history(text: str | bytes | pd.DataFrame) -> Reported:
    return problems(lambda: validate_history(text.encode() if isinstance(text, str) else text))


def _rows(*rows: str) -> str:
    return HISTORY_HEADER + "".join(f"{r}\n" for r in rows)


HISTORY_FAULTS: dict[str, Callable[[], Reported]] = {
    "semicolons": lambda: history("week;indicator;value;source\n2025-01-06;x;1;y\n"),
    "columns": lambda: history("week,indicator,value,source,extra,week\n"),
    "a column missing": lambda: history("week,indicator,value\n2025-01-06,x,1\n"),
    "empty": lambda: history(""),
    "empty table": lambda: history(pd.DataFrame()),
    "no rows": lambda: history(HISTORY_HEADER),
    "Excel": lambda: history(b"PK\x03\x04abc"),
    "not UTF-8": lambda: history(b"week,indicator\n\xff\xfe"),
    "NUL": lambda: history(HISTORY_HEADER + "\x00"),
    "too large": lambda: history(b"x" * 20_000_001),
    "no such file": lambda: history(Path("/nonexistent/history.csv")),
    "a folder": lambda: history(ROOT),
    "quotes": lambda: history(HISTORY_HEADER + '2025-01-06,"x,1,s\n'),
    "quote after": lambda: history(HISTORY_HEADER + '2025-01-06,"x"y,1,s\n'),
    "rows": lambda: history(
        _rows(
            f",{INDICATOR},1,s",
            f"abc,{INDICATOR},1,s",
            f"2025-01-07,{INDICATOR},1,s",
            f"1900-01-01,{INDICATOR},1,s",
            f"2025-01-06,{INDICATOR},,s",
            f'2025-01-13,{INDICATOR},"1,5",s',
            f"2025-01-20,{INDICATOR},5%,s",
            f"2025-01-27,{INDICATOR},-2,s",
            f"2025-02-03,{PERCENT},1000,s",
            "2025-02-10,bogus,1,s",
            f"2025-02-17,{INDICATOR[:-1]},1,s",
            f"2025-02-24,{INDICATOR},1,",
            f"2025-03-03,{INDICATOR},1,s",
            f"2025-03-03,{INDICATOR},2,s",
            f"2025-03-10,{INDICATOR},1",
            f"2025-03-17,{INDICATOR},1e999,s",
            f"2025-03-24,{INDICATOR},x,s",
        )
    ),
}


# --- the stays extract, units.csv, capacity.csv, and a fit -----------------------------------------


class _Named(io.BytesIO):
    def __init__(self, data: bytes, name: str):
        super().__init__(data)
        self.name = name


def extract(stays: str | bytes | pd.DataFrame, units: str | None = None, capacity: str | None = None):
    raw = stays.encode() if isinstance(stays, str) else stays
    return read_extract(
        raw, UNTIL, name="stays.csv", services=services_of(BASELINE),
        units=None if units is None else _Named(units.encode(), "units.csv"),
        capacity=None if capacity is None else _Named(capacity.encode(), "capacity.csv"),
    )  # fmt: skip


def stays(text: str | bytes | pd.DataFrame, units: str | None = None, capacity: str | None = None) -> Reported:
    return problems(lambda: extract(text, units, capacity))


_STAYS_ROWS = """\
,short_term,,2025-01-01,,,
p2,,,2025-01-01,,,
p3,nowhere,,2025-01-01,,,
p4,short_term,,01.02.2025 10:00,,,
p5,short_term,,2025-01-01T10:00:00Z,,,
p6,short_term,,1899-12-31,,,
p7,short_term,,2027-01-01,,,
p8,short_term,,,,,
p9,short_term,2025-02-01,2025-01-01,,,
p10,short_term,,2025-02-01,2025-01-01,,
p11,short_term,2025-01-01,,2025-01-05,,
p12,short_term,,2025-02-01,,2025-01-01,exit
p13,short_term,,2025-01-01,,,exit
p14,short_term,,2025-01-01,,2025-01-03,
p15,short_term,,2025-01-01,,2025-01-03,nowhere
p16,short_term,,2025-01-01,,2025-01-03,exit
p16,short_term,,2025-01-01,,2025-01-03,exit
p17,short_term,,2025-01-01,,2025-01-10,exit
p17,long_term,,2025-01-05,,2025-01-20,exit
p18,short_term,2025-01-01,,,,
p18,short_term,2025-01-01,,,,
p19,exit,,2025-01-01,,,
p20,short_term,,2025-01-01,2025-01-05,2025-01-03,exit
p21,short_term,2025-01-09,2025-01-10,,2025-01-03,exit
p22,short_term,,2025-01-01
p23,short_term,,2025-03-01,,,
p23,long_term,,2025-03-05,,,
"""

_UNITS = """\
unit,service,organisation,kind
,short_term,,
ward,short_term,,
ward,short_term,,
w2,,,
w3,Bad Id,,
w4,new1,foo,
w5,new2,hospital,bogus
w6,new3,municipality,hospital_ward
w7,exit,hospital,
w8,new4,,
w9,new5,hospital,
w10,new5,municipality,
out,exit,,
"""

_CAPACITY = """\
service,from,capacity
,2025-01-01,3
nowhere,2025-01-01,3
short_term,,3
short_term,abc,3
short_term,1899-12-31,3
short_term,2025-01-01,
short_term,2025-02-01,2.5
short_term,2025-03-01,99999999
short_term,2025-04-01,3
short_term,2025-04-01,4
"""


def _fit(**kw: object) -> Reported:
    return problems(lambda: fit_scenario(extract(ROOT / "sample_data" / "stays_synthetic.csv"), **kw))


def _fit_few() -> Reported:
    text = STAYS_HEADER + "p1,new,,2025-01-01,,2025-01-03,exit\n"
    few = extract(text, units="unit,service,organisation,kind\nnew,new,municipality,short_term_stay\n")
    return problems(lambda: fit_scenario(few))


STAYS_FAULTS: dict[str, Callable[[], Reported]] = {
    "semicolons": lambda: stays("patient_id;service\n"),
    "columns missing": lambda: stays("patient_id,service,referred,service\n"),
    "empty": lambda: stays(""),
    "empty table": lambda: stays(pd.DataFrame()),
    "table without rows": lambda: stays(pd.DataFrame(columns=list(STAYS_HEADER.strip().split(",")))),
    "no rows": lambda: stays(STAYS_HEADER),
    "Excel": lambda: stays(b"PK\x03\x04abc"),
    "old Excel": lambda: stays(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1abc"),
    "not UTF-8": lambda: stays(STAYS_HEADER.encode() + b"\xff\xfe\n"),
    "not Unicode": lambda: problems(lambda: read_extract(io.StringIO(STAYS_HEADER + "\ud800\n"), UNTIL)),
    "NUL": lambda: stays(STAYS_HEADER + "\x00"),
    "quote never closed": lambda: stays(STAYS_HEADER + 'p1,"short_term,,2025-01-01,,,\n'),
    "quote inside": lambda: stays(STAYS_HEADER + 'p1,short"term,,2025-01-01,,,\n'),
    "rows": lambda: stays(STAYS_HEADER + _STAYS_ROWS),
    "units": lambda: stays(STAYS_HEADER + "p1,ward,,2025-01-01,,,\np2,out,,2025-01-01,,,\n", units=_UNITS),
    "capacity": lambda: stays(STAYS_HEADER + "p1,short_term,,2025-01-01,,,\n", capacity=_CAPACITY),
    "a short fit": lambda: _fit(fit_from=dt.date(2025, 12, 29)),
    "a late start": lambda: _fit(start=dt.date(2026, 3, 1)),
    "too few stays": _fit_few,
}


# --- the advisor's targets and levers -------------------------------------------------------------


def spec(data: object, scenario: object = BASELINE) -> Reported:
    return problems(lambda: validate_spec(data, scenario))


def _target(service: str = "short_term", kpi: str = "mean_wait_days") -> dict:
    return {"service": service, "kpi": kpi, "max": 1}


def _lever(service: str = "short_term", field: str = "capacity", low: float = 1, high: float = 5) -> dict:
    return {"service": service, "field": field, "min": low, "max": high}


TARGET_FAULTS: dict[str, Callable[[], Reported]] = {
    "not a mapping": lambda: spec([1]),
    "targets and levers": lambda: spec(
        {
            "targets": [_target(kpi="bogus"), _target(service="nowhere")],
            "levers": [
                _lever(low=10, high=5),
                _lever(low=1.5),
                _lever(low=0, high=1e6),
                _lever(service="nowhere"),
                _lever(field="staffing.fte"),
            ],
            "budget_nok": -1,
        }
    ),
    "a lever twice": lambda: spec({"targets": [_target()], "levers": [_lever(), _lever()]}),
    "unknown services": lambda: spec(
        {"targets": [_target("nowhere")], "levers": [_lever("nowhere"), _lever("nursing_home", "staffing.fte")]},
        validate_data(SMALL),
    ),
    "no cost": lambda: spec({"targets": [_target("hospital")], "levers": [_lever("hospital")]}, validate_data(SMALL)),
}


def all_faults(tmp: Path) -> dict[str, Callable[[], Reported]]:
    """Every fault above, named by its group and name."""
    groups = {"scenario": SCENARIO_FAULTS, "file": file_faults(tmp), "work": WORK_FAULTS,
              "history": HISTORY_FAULTS, "stays": STAYS_FAULTS, "targets": TARGET_FAULTS}  # fmt: skip
    return {f"{group}: {name}": fault for group, faults in groups.items() for name, fault in faults.items()}
