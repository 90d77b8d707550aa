"""Scenario validation: every rule names the field path in plain words, all problems in one pass.

Cases mutate the valid scenario dict from ``conftest.make_scenario`` and check
``ScenarioError`` lines of the form ``<field path>: <plain message>``.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plain_scenarios import ROOT, make_scenario, make_service
from pydantic import ValidationError

from harmoni_model import (
    Scenario,
    ScenarioError,
    dumps_scenario,
    load_scenario,
    loads_scenario,
    simulate,
    validate_data,
)

# --- helpers ----------------------------------------------------------------

DELETE = object()  # edit value: remove the key

# Fragments that betray pydantic, Python internals or a crash instead of plain words.
JARGON = (
    "Input should",
    "pydantic",
    "errors.pydantic.dev",
    "http",
    "Traceback",
    "[type=",
    "input_value",
    "input_type",
    "Value error",
    "validation error",
    "PydanticCustomError",
)


def _steps(path: str) -> list[str | int]:
    """``services[1].next[0].p`` -> ``["services", 1, "next", 0, "p"]``."""
    return [int(tok) if tok.isdigit() else tok for tok in re.findall(r"[^.\[\]]+", path)]


def edit(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """Set (or, with ``DELETE``, remove) the value at a field path; returns ``data``."""
    *parents, last = _steps(path)
    node: Any = data
    for step in parents:
        node = node[step]
    if value is DELETE:
        del node[last]
    elif isinstance(node, list) and last == len(node):
        node.append(value)
    else:
        node[last] = value
    return data


def problems_of(data: Any) -> list[str]:
    """The lines of the ScenarioError that validating ``data`` must raise (checked for plain words)."""
    with pytest.raises(ScenarioError) as info:
        validate_data(data)
    lines = str(info.value).splitlines()
    assert lines, "ScenarioError without any problem"
    assert len(lines) == len(info.value.problems)
    for line in lines:
        assert_plain(line)
    return lines


def assert_plain(text: str) -> None:
    for fragment in JARGON:
        assert fragment not in text, f"not plain words ({fragment!r}): {text}"


def assert_reports(lines: list[str], path: str, *words: str) -> None:
    """Some line is ``<path>: ...`` and contains every one of ``words`` (case-insensitive)."""
    hits = [line for line in lines if line.startswith(f"{path}: ")]
    assert hits, f"no problem at {path!r} in {lines}"
    assert any(all(w.lower() in line.lower() for w in words) for line in hits), f"{words} not in {hits}"


def three_services(divert: dict[str, str]) -> dict[str, Any]:
    """Services a, b, c (all routing to exit) with the given ``{service: divert target}`` rules."""
    services = [make_service(sid) for sid in ("a", "b", "c")]
    for s in services:
        if s["id"] in divert:
            s["when_full"] = {"divert": divert[s["id"]]}
    return make_scenario(services=services, arrivals=[{"id": "in", "to": "a", "rate_per_day": 1}])


def test_base_scenario_is_valid(scenario_data):
    scenario = validate_data(scenario_data)
    assert isinstance(scenario, Scenario)
    assert scenario.service_ids == ("hospital", "short_term")


# --- one rule per case: (edits, expected path, words in the message) ---------

LOGNORMAL = {"distribution": "lognormal", "mean": 5.0, "cv": 0.8}
GAMMA = {"distribution": "gamma", "mean": 5.0, "cv": 0.8}
PERIOD_JUNE = {"from": "2026-06-01", "to": "2026-06-30", "capacity": 5}

CASES: dict[str, tuple[dict[str, Any], str, tuple[str, ...]]] = {
    # wrong types
    "text for an integer": ({"services[1].capacity": "many"}, "services[1].capacity", ("whole number", "many")),
    "list for an integer": ({"services[1].capacity": [3]}, "services[1].capacity", ("whole number",)),
    "fraction for an integer": ({"horizon_days": 2.5}, "horizon_days", ("whole number",)),
    "text for a number": ({"arrivals[0].rate_per_day": "lots"}, "arrivals[0].rate_per_day", ("number",)),
    "text for a mean": (
        {"services[0].length_of_stay.mean": "long"},
        "services[0].length_of_stay.mean",
        ("number",),
    ),
    "number for a list (next)": ({"services[0].next": 3}, "services[0].next", ("list",)),
    "text for a list (admission_days)": (
        {"services[1].admission_days": "mon"},
        "services[1].admission_days",
        ("list",),
    ),
    "number for a list (services)": ({"services": 5}, "services", ("list",)),
    "number for a list (profile)": ({"arrivals[0].weekday_profile": 1}, "arrivals[0].weekday_profile", ("list",)),
    "text for a mapping (length_of_stay)": (
        {"services[0].length_of_stay": "lognormal"},
        "services[0].length_of_stay",
        ("mapping",),
    ),
    "text for a mapping (service)": ({"services[1]": "short_term"}, "services[1]", ("mapping",)),
    "text for a boolean": ({"services[0].blocking": "maybe"}, "services[0].blocking", ("true or false",)),
    "text for a date": ({"start_date": "soon"}, "start_date", ("date",)),
    "number for text (name)": ({"name": 7}, "name", ("text",)),
    "infinite number": ({"arrivals[0].rate_per_day": float("inf")}, "arrivals[0].rate_per_day", ("finite",)),
    "bad when_full": ({"services[1].when_full": "wait"}, "services[1].when_full", ("queue", "lost", "divert")),
    # ranges
    "negative capacity": ({"services[1].capacity": -1}, "services[1].capacity", (">= 0", "-1")),
    "negative rate_per_day": ({"arrivals[0].rate_per_day": -0.5}, "arrivals[0].rate_per_day", (">= 0", "-0.5")),
    "zero mean": (
        {"services[0].length_of_stay": {**LOGNORMAL, "mean": 0}},
        "services[0].length_of_stay.mean",
        ("> 0",),
    ),
    "negative mean": (
        {"services[0].length_of_stay": {"distribution": "exponential", "mean": -2}},
        "services[0].length_of_stay.mean",
        ("> 0",),
    ),
    "zero cv": ({"services[0].length_of_stay": {**GAMMA, "cv": 0}}, "services[0].length_of_stay.cv", (">= 0.01",)),
    "negative cv": (
        {"services[0].length_of_stay": {**LOGNORMAL, "cv": -0.3}},
        "services[0].length_of_stay.cv",
        (">= 0.01",),
    ),
    "negative fixed value": (
        {"services[0].length_of_stay": {"distribution": "fixed", "value": -1}},
        "services[0].length_of_stay.value",
        ("> 0",),
    ),
    "route p above 1": ({"services[0].next[1].p": 1.5}, "services[0].next[1].p", ("<= 1",)),
    "growth at -100 %": ({"arrivals[0].growth_per_year": -1}, "arrivals[0].growth_per_year", ("> -1",)),
    "negative initial_queue": ({"services[1].initial_queue": -3}, "services[1].initial_queue", (">= 0",)),
    "zero replications": ({"replications": 0}, "replications", (">= 1",)),
    "empty name": ({"name": ""}, "name", ("at least 1",)),
    # routing
    "routing sums to 0.99": ({"services[0].next[1].p": 0.39}, "services[0].next", ("sum to 1", "0.99")),
    "routing sums to 1.01": ({"services[0].next[1].p": 0.41}, "services[0].next", ("sum to 1",)),
    "routing half and 0.49": (
        {"services[0].next": [{"to": "exit", "p": 0.5}, {"to": "short_term", "p": 0.49}]},
        "services[0].next",
        ("sum to 1",),
    ),
    "empty routing": ({"services[0].next": []}, "services[0].next", ("route",)),
    "route to unknown service": ({"services[0].next[1].to": "rehab"}, "services[0].next[1].to", ("unknown", "rehab")),
    # diversion
    "divert to unknown service": (
        {"services[0].when_full": {"divert": "rehab"}},
        "services[0].when_full.divert",
        ("unknown", "rehab"),
    ),
    "divert to itself": (
        {"services[1].when_full": {"divert": "short_term"}},
        "services[1].when_full.divert",
        ("itself",),
    ),
    "divert to exit": ({"services[1].when_full": {"divert": "exit"}}, "services[1].when_full.divert", ("exit", "lost")),
    "2-cycle of diversions": (
        {"services[0].when_full": {"divert": "short_term"}, "services[1].when_full": {"divert": "hospital"}},
        "services[0].when_full.divert",
        ("cycle", "hospital -> short_term -> hospital"),
    ),
    # ids and cross references
    "duplicate service id": ({"services[1].id": "hospital"}, "services[1].id", ("duplicate", "hospital")),
    "duplicate arrival id": (
        {"arrivals[1]": {"id": "admissions", "to": "short_term", "rate_per_day": 1}},
        "arrivals[1].id",
        ("duplicate", "admissions"),
    ),
    "arrival to unknown service": ({"arrivals[0].to": "rehab"}, "arrivals[0].to", ("unknown", "rehab")),
    "service id 'exit' reserved": ({"services[1].id": "exit"}, "services[1].id", ("reserved",)),
    "service id with capitals and dash": ({"services[1].id": "Short-Term"}, "services[1].id", ("a-z", "Short-Term")),
    "service id with space": ({"services[1].id": "short term"}, "services[1].id", ("a-z",)),
    "arrival id bad pattern": ({"arrivals[0].id": "Akutt!"}, "arrivals[0].id", ("a-z",)),
    # unknown keys (typos) at every level
    "typo at top level": ({"horizon_dayz": 30}, "horizon_dayz", ("unknown field",)),
    "typo in a service": ({"services[1].capasity": 8}, "services[1].capasity", ("unknown field",)),
    "typo in length_of_stay": (
        {"services[1].length_of_stay.meen": 3},
        "services[1].length_of_stay.meen",
        ("unknown field",),
    ),
    "typo in an arrival": ({"arrivals[0].rate": 2}, "arrivals[0].rate", ("unknown field",)),
    "typo in a route": ({"services[0].next[0].prob": 0.6}, "services[0].next[0].prob", ("unknown field",)),
    "typo in staffing": (
        {"services[0].staffing": {"fte": 10, "patients_per_fte": 1, "ftes": 3}},
        "services[0].staffing.ftes",
        ("unknown field",),
    ),
    # profiles
    "weekday profile of 6": ({"arrivals[0].weekday_profile": [1] * 6}, "arrivals[0].weekday_profile", ("7", "6")),
    "weekday profile of 8": ({"arrivals[0].weekday_profile": [1] * 8}, "arrivals[0].weekday_profile", ("7", "8")),
    "monthly profile of 11": ({"arrivals[0].monthly_profile": [1] * 11}, "arrivals[0].monthly_profile", ("12", "11")),
    "monthly profile of 13": ({"arrivals[0].monthly_profile": [1] * 13}, "arrivals[0].monthly_profile", ("12", "13")),
    "all-zero weekday profile": (
        {"arrivals[0].weekday_profile": [0] * 7},
        "arrivals[0].weekday_profile",
        ("positive",),
    ),
    "negative profile weight": (
        {"arrivals[0].monthly_profile": [1] * 11 + [-1]},
        "arrivals[0].monthly_profile[11]",
        (">= 0",),
    ),
    # distributions
    "unknown distribution": (
        {"services[0].length_of_stay": {"distribution": "beta", "mean": 3}},
        "services[0].length_of_stay",
        ("unknown distribution", "beta"),
    ),
    "no distribution": ({"services[0].length_of_stay": {"mean": 3}}, "services[0].length_of_stay", ("distribution",)),
    "triangular mode above max": (
        {"services[0].length_of_stay": {"distribution": "triangular", "min": 1, "mode": 9, "max": 5}},
        "services[0].length_of_stay",
        ("min <= mode <= max",),
    ),
    "triangular min above mode": (
        {"services[0].length_of_stay": {"distribution": "triangular", "min": 4, "mode": 2, "max": 5}},
        "services[0].length_of_stay",
        ("min <= mode <= max",),
    ),
    "triangular min equals max": (
        {"services[0].length_of_stay": {"distribution": "triangular", "min": 3, "mode": 3, "max": 3}},
        "services[0].length_of_stay",
        ("min < max",),
    ),
    "empirical with values and cdf": (
        {"services[0].length_of_stay": {"distribution": "empirical", "values": [1, 2], "cdf": [[0, 0], [3, 1]]}},
        "services[0].length_of_stay",
        ("either values or cdf",),
    ),
    "empirical with neither": (
        {"services[0].length_of_stay": {"distribution": "empirical"}},
        "services[0].length_of_stay",
        ("either values or cdf",),
    ),
    "empirical cdf ends below 1": (
        {"services[0].length_of_stay": {"distribution": "empirical", "cdf": [[0, 0], [2, 0.5], [4, 0.9]]}},
        "services[0].length_of_stay",
        ("end at F = 1",),
    ),
    "empirical cdf starts above 0": (
        {"services[0].length_of_stay": {"distribution": "empirical", "cdf": [[0, 0.2], [4, 1]]}},
        "services[0].length_of_stay",
        ("start at F = 0",),
    ),
    "empirical cdf x decreasing": (
        {"services[0].length_of_stay": {"distribution": "empirical", "cdf": [[0, 0], [5, 0.5], [3, 1]]}},
        "services[0].length_of_stay",
        ("non-decreasing",),
    ),
    "empirical cdf F decreasing": (
        {"services[0].length_of_stay": {"distribution": "empirical", "cdf": [[0, 0], [2, 0.7], [3, 0.4], [4, 1]]}},
        "services[0].length_of_stay",
        ("non-decreasing",),
    ),
    "empirical cdf point of three numbers": (
        {"services[0].length_of_stay": {"distribution": "empirical", "cdf": [[0, 0, 0], [4, 1]]}},
        "services[0].length_of_stay.cdf[0]",
        (),
    ),
    "empirical empty values": (
        {"services[0].length_of_stay": {"distribution": "empirical", "values": []}},
        "services[0].length_of_stay",
        ("empty",),
    ),
    # other service rules
    "initial_occupancy above capacity": (
        {"services[1].initial_occupancy": 9},
        "services[1].initial_occupancy",
        ("9", "capacity", "8"),
    ),
    "bad weekday name": (
        {"services[1].admission_days": ["mon", "funday"]},
        "services[1].admission_days[1]",
        ("funday", "mon"),
    ),
    "no admission days": ({"services[1].admission_days": []}, "services[1].admission_days", ("at least one",)),
    "weekday twice": ({"services[1].admission_days": ["mon", "mon"]}, "services[1].admission_days", ("twice",)),
    "bad organisation": ({"services[1].organisation": "county"}, "services[1].organisation", ("hospital", "county")),
    "zero patients_per_fte": (
        {"services[0].staffing": {"fte": 10, "patients_per_fte": 0}},
        "services[0].staffing.patients_per_fte",
        ("> 0",),
    ),
    # schema version
    "schema_version 2": ({"schema_version": 2}, "schema_version", ("1", "2")),
    "schema_version 0": ({"schema_version": 0}, "schema_version", ("1",)),
    "schema_version as text": ({"schema_version": "one"}, "schema_version", ("1",)),
    # missing required fields
    "missing schema_version": ({"schema_version": DELETE}, "schema_version", ("required",)),
    "missing name": ({"name": DELETE}, "name", ("required",)),
    "missing horizon_days": ({"horizon_days": DELETE}, "horizon_days", ("required",)),
    "missing service id": ({"services[1].id": DELETE}, "services[1].id", ("required",)),
    "missing organisation": ({"services[1].organisation": DELETE}, "services[1].organisation", ("required",)),
    "missing capacity": ({"services[1].capacity": DELETE}, "services[1].capacity", ("required",)),
    "missing length_of_stay": ({"services[1].length_of_stay": DELETE}, "services[1].length_of_stay", ("required",)),
    "missing mean": ({"services[1].length_of_stay.mean": DELETE}, "services[1].length_of_stay.mean", ("required",)),
    "missing route p": ({"services[0].next[0].p": DELETE}, "services[0].next[0].p", ("required",)),
    "missing arrival to": ({"arrivals[0].to": DELETE}, "arrivals[0].to", ("required",)),
    "missing rate_per_day": ({"arrivals[0].rate_per_day": DELETE}, "arrivals[0].rate_per_day", ("required",)),
    "missing staffing fte": (
        {"services[0].staffing": {"patients_per_fte": 1}},
        "services[0].staffing.fte",
        ("required",),
    ),
    # capacity and staffing calendars
    "calendar 'to' before 'from'": (
        {"services[1].capacity_calendar": [{"from": "2026-08-09", "to": "2026-06-29", "capacity": 5}]},
        "services[1].capacity_calendar[0]",
        ("'to' (2026-06-29) is before 'from' (2026-08-09)",),
    ),
    "staffing calendar 'to' before 'from'": (
        {
            "services[0].staffing": {"fte": 10, "patients_per_fte": 1},
            "services[0].staffing_calendar": [{"from": "2026-08-09", "to": "2026-06-29", "fte": 8}],
        },
        "services[0].staffing_calendar[0]",
        ("before",),
    ),
    "overlapping periods": (
        {"services[1].capacity_calendar": [PERIOD_JUNE, {"from": "2026-06-30", "to": "2026-07-30", "capacity": 4}]},
        "services[1].capacity_calendar[1]",
        ("overlaps capacity_calendar[0]", "2026-06-01 to 2026-06-30", "on 2026-06-30", "must not share a day"),
    ),
    "overlapping yearly periods": (
        {
            "services[1].capacity_calendar": [
                {**PERIOD_JUNE, "repeat": "yearly"},
                {"from": "2030-06-20", "to": "2030-07-30", "capacity": 4, "repeat": "yearly"},
            ]
        },
        "services[1].capacity_calendar[1]",
        ("overlaps capacity_calendar[0]", "every year", "on 2030-06-20"),
    ),
    "a yearly period and a one-off in a later year": (
        {
            "services[1].capacity_calendar": [
                {**PERIOD_JUNE, "repeat": "yearly"},
                {"from": "2029-06-20", "to": "2029-06-21", "capacity": 4},
            ]
        },
        "services[1].capacity_calendar[1]",
        ("overlaps capacity_calendar[0]", "on 2029-06-20"),
    ),
    "a yearly period across New Year": (
        {
            "services[1].capacity_calendar": [
                {"from": "2026-12-20", "to": "2027-01-05", "capacity": 5, "repeat": "yearly"},
                {"from": "2028-01-02", "to": "2028-01-03", "capacity": 4},
            ]
        },
        "services[1].capacity_calendar[1]",
        ("overlaps capacity_calendar[0]", "2026-12-20 to 2027-01-05, every year", "on 2028-01-02"),
    ),
    "overlapping staffing periods": (
        {
            "services[0].staffing": {"fte": 10, "patients_per_fte": 1},
            "services[0].staffing_calendar": [
                {"from": "2026-07-01", "to": "2026-07-31", "fte": 8, "repeat": "yearly"},
                {"from": "2026-07-31", "to": "2026-08-10", "fte": 9},
            ],
        },
        "services[0].staffing_calendar[1]",
        ("overlaps staffing_calendar[0]", "on 2026-07-31"),
    ),
    "a yearly period of a year or longer": (
        {
            "services[1].capacity_calendar": [
                {"from": "2026-01-01", "to": "2027-01-01", "capacity": 5, "repeat": "yearly"}
            ]
        },
        "services[1].capacity_calendar[0]",
        ("yearly", "at most 365 days", "366"),
    ),
    "a period repeating weekly": (
        {"services[1].capacity_calendar": [{**PERIOD_JUNE, "repeat": "weekly"}]},
        "services[1].capacity_calendar[0].repeat",
        ("'yearly'", "left out", "weekly"),
    ),
    "a period date with a time": (
        {"services[1].capacity_calendar": [{**PERIOD_JUNE, "from": "2026-06-01T08:00:00"}]},
        "services[1].capacity_calendar[0].from",
        ("date", "without a time"),
    ),
    "a period without 'to'": (
        {"services[1].capacity_calendar": [{"from": "2026-06-01", "capacity": 5}]},
        "services[1].capacity_calendar[0].to",
        ("required",),
    ),
    "negative capacity in a period": (
        {"services[1].capacity_calendar": [{**PERIOD_JUNE, "capacity": -2}]},
        "services[1].capacity_calendar[0].capacity",
        (">= 0", "-2"),
    ),
    "staffing calendar without staffing": (
        {"services[1].staffing_calendar": [{"from": "2026-07-06", "to": "2026-08-02", "fte": 5}]},
        "services[1].staffing_calendar",
        ("needs 'staffing'",),
    ),
    # overflow (corridor) places
    "negative overflow places": (
        {"services[0].overflow": {"places": -1}},
        "services[0].overflow.places",
        (">= 0", "-1"),
    ),
    "fractional overflow places": (
        {"services[0].overflow": {"places": 2.5}},
        "services[0].overflow.places",
        ("whole number", "2.5"),
    ),
    "overflow as a number": ({"services[0].overflow": 3}, "services[0].overflow", ("mapping",)),
    "typo in overflow": ({"services[0].overflow": {"place": 3}}, "services[0].overflow.place", ("unknown field",)),
    # admission priority
    "priority origin that sends no patients": (
        {"services[1].priority": ["admissions"]},
        "services[1].priority[0]",
        ("'admissions' sends no patients to 'short_term'",),
    ),
    "priority origin listed twice": (
        {"services[1].priority": ["hospital", "hospital"]},
        "services[1].priority[1]",
        ("'hospital'", "listed twice"),
    ),
    "priority origin both an arrival and a service id": (
        {
            "arrivals[1]": {"id": "hospital", "to": "short_term", "rate_per_day": 1},
            "services[1].priority": ["hospital"],
        },
        "services[1].priority[0]",
        ("both an arrival id and a service id",),
    ),
    "priority with when_full lost": (
        {"services[1].when_full": "lost", "services[1].priority": ["hospital"]},
        "services[1].priority",
        ("needs when_full: queue", "lost"),
    ),
    "priority with when_full divert": (
        {"services[1].when_full": {"divert": "hospital"}, "services[1].priority": ["hospital"]},
        "services[1].priority",
        ("needs when_full: queue", "divert to 'hospital'"),
    ),
    "priority_after_days without priority": (
        {"services[1].priority_after_days": 7},
        "services[1].priority_after_days",
        ("needs a 'priority' list",),
    ),
    "priority_after_days of 0": (
        {"services[1].priority": ["hospital"], "services[1].priority_after_days": 0},
        "services[1].priority_after_days",
        ("> 0",),
    ),
    "priority as text": ({"services[1].priority": "hospital"}, "services[1].priority", ("list",)),
    # reneging
    "renege with when_full lost": (
        {"services[1].when_full": "lost", "services[1].renege": {"distribution": "exponential", "mean": 30}},
        "services[1].renege",
        ("needs when_full: queue", "lost"),
    ),
    "renege with when_full divert": (
        {"services[1].when_full": {"divert": "hospital"}, "services[1].renege": {"distribution": "fixed", "value": 9}},
        "services[1].renege",
        ("needs when_full: queue", "divert"),
    ),
    "unknown distribution in renege": (
        {"services[1].renege": {"distribution": "beta", "mean": 30}},
        "services[1].renege",
        ("unknown distribution", "beta"),
    ),
    "negative mean in renege": (
        {"services[1].renege": {"distribution": "exponential", "mean": -3}},
        "services[1].renege.mean",
        ("> 0",),
    ),
    "typo in renege": (
        {"services[1].renege": {"distribution": "exponential", "mean": 3, "meen": 3}},
        "services[1].renege.meen",
        ("unknown field",),
    ),
    # processing delays on routes
    "delay on a route to exit": (
        {"services[0].next[0].delay": {"distribution": "fixed", "value": 1}},
        "services[0].next[0].delay",
        ("no meaning", "exit"),
    ),
    "unknown distribution in delay": (
        {"services[0].next[1].delay": {"distribution": "beta", "mean": 1.5}},
        "services[0].next[1].delay",
        ("unknown distribution", "beta"),
    ),
    "negative mean in delay": (
        {"services[0].next[1].delay": {**GAMMA, "mean": -1}},
        "services[0].next[1].delay.mean",
        ("> 0", "-1"),
    ),
    "delay without a distribution": (
        {"services[0].next[1].delay": {"mean": 1.5}},
        "services[0].next[1].delay",
        ("distribution",),
    ),
}


@pytest.mark.parametrize(("edits", "path", "words"), CASES.values(), ids=CASES.keys())
def test_rule_names_field_path_in_plain_words(edits, path, words):
    data = make_scenario()
    for where, value in edits.items():
        edit(data, where, value)
    assert_reports(problems_of(data), path, *words)


# --- rules that need more than one edit ---------------------------------------


@pytest.mark.parametrize(
    "second",
    [0.5000001, 0.4999999, 0.5 + 0.9e-6],
    ids=["0.5+0.5000001", "0.5+0.4999999", "0.5+0.5000009"],
)
def test_routing_sum_within_tolerance_passes(second):
    data = edit(make_scenario(), "services[0].next", [{"to": "exit", "p": 0.5}, {"to": "short_term", "p": second}])
    validate_data(data)


def test_routing_sum_just_outside_tolerance_fails():
    data = edit(make_scenario(), "services[0].next", [{"to": "exit", "p": 0.5}, {"to": "short_term", "p": 0.500002}])
    assert_reports(problems_of(data), "services[0].next", "sum to 1")


def test_diversion_3_cycle_reported_once():
    lines = problems_of(three_services({"a": "b", "b": "c", "c": "a"}))
    assert lines == ["services[0].when_full.divert: diversion cycle a -> b -> c -> a"]


def test_diversion_2_cycle_reported_once():
    lines = problems_of(three_services({"b": "c", "c": "b"}))
    assert lines == ["services[1].when_full.divert: diversion cycle b -> c -> b"]


def test_chain_into_a_cycle_reports_only_the_cycle():
    lines = problems_of(three_services({"a": "b", "b": "c", "c": "b"}))
    assert lines == ["services[1].when_full.divert: diversion cycle b -> c -> b"]


def test_diversion_chain_without_cycle_passes():
    scenario = validate_data(three_services({"a": "b", "b": "c"}))
    assert scenario.service("a").divert_to == "b"
    assert scenario.service("c").divert_to is None


def test_source_is_accepted_on_services_and_arrivals(scenario_data):
    edit(scenario_data, "services[0].source", "Helsedirektoratet 2024, table 3")
    edit(scenario_data, "arrivals[0].source", "St. Olavs annual report")
    scenario = validate_data(scenario_data)
    assert scenario.services[0].source == "Helsedirektoratet 2024, table 3"
    assert scenario.arrivals[0].source == "St. Olavs annual report"


def test_every_problem_reported_in_one_pass(scenario_data):
    edit(scenario_data, "services[1].capacity", "many")  # type error
    edit(scenario_data, "arrivals[0].rate_per_day", -1)  # range
    edit(scenario_data, "services[0].next[1].to", "rehab")  # cross reference
    edit(scenario_data, "seeed", 3)  # unknown key
    edit(scenario_data, "arrivals[0].weekday_profile", [1, 1, 1])  # profile length
    lines = problems_of(scenario_data)
    assert len(lines) == 5, lines
    for path in (
        "services[1].capacity",
        "arrivals[0].rate_per_day",
        "services[0].next[1].to",
        "seeed",
        "arrivals[0].weekday_profile",
    ):
        assert_reports(lines, path)


def test_cross_reference_problems_reported_even_with_type_errors_elsewhere(scenario_data):
    edit(scenario_data, "horizon_days", "a year")
    edit(scenario_data, "arrivals[0].to", "rehab")
    edit(scenario_data, "services[1].when_full", {"divert": "short_term"})
    lines = problems_of(scenario_data)
    assert_reports(lines, "horizon_days", "whole number")
    assert_reports(lines, "arrivals[0].to", "unknown")
    assert_reports(lines, "services[1].when_full.divert", "itself")


# --- files and text ---------------------------------------------------------


def test_broken_yaml_names_the_line():
    text = "schema_version: 1\nname: broken\nservices: [1, 2\nhorizon_days: 3\n"
    with pytest.raises(ScenarioError) as info:
        loads_scenario(text, "broken.yaml")
    message = str(info.value)
    assert len(info.value.problems) == 1
    assert "broken.yaml" in message
    assert re.search(r"line \d+", message), message
    assert_plain(message)


def test_broken_json_names_the_line():
    text = '{\n  "schema_version": 1,\n  "name": "x",,\n}\n'
    with pytest.raises(ScenarioError) as info:
        loads_scenario(text)
    assert re.search(r"line \d+", str(info.value)), str(info.value)


@pytest.mark.parametrize(
    ("data", "kind"),
    [([make_scenario()], "a list"), ("a scenario", "a text"), (42, "a number")],
    ids=["list", "text", "number"],
)
def test_top_level_must_be_a_mapping(data, kind):
    lines = problems_of(data)
    assert len(lines) == 1
    assert "mapping" in lines[0]
    assert kind in lines[0]


def test_top_level_list_in_yaml_text():
    with pytest.raises(ScenarioError) as info:
        loads_scenario("- name: a\n- name: b\n")
    assert "mapping" in str(info.value)


def test_load_scenario_reads_the_example():
    scenario = load_scenario(ROOT / "sample_data" / "scenarios" / "example_small.yaml")
    assert scenario.service_ids == ("hospital", "short_term", "nursing_home")


def test_deeply_nested_yaml_is_a_scenario_error():
    with pytest.raises(ScenarioError):
        loads_scenario("[" * 5000)


def test_empty_text_message_is_plain():
    with pytest.raises(ScenarioError) as info:
        loads_scenario("")
    assert "NoneType" not in str(info.value)


@pytest.mark.parametrize("services", [DELETE, 5, {"hospital": {}}], ids=["missing", "number", "mapping"])
def test_broken_services_field_gives_no_follow_on_problems(services):
    lines = problems_of(edit(make_scenario(), "services", services))
    assert len(lines) == 1, lines
    assert lines[0].startswith("services: ")


def test_boolean_for_an_integer_is_rejected():
    assert_reports(problems_of(edit(make_scenario(), "services[1].capacity", True)), "services[1].capacity")


# --- round trip, immutability, variants --------------------------------------


def rich_scenario_data() -> dict[str, Any]:
    """A scenario that uses every optional feature of the format."""
    data = make_scenario(
        description="Every feature: æøå, quotes ' \" and colons: here",
        start_date="2026-03-02",
        overliggedogn_rate_nok=6100.5,
    )
    data["services"][0].update(
        name={"nb": "Sykehus, medisinsk", "en": "Hospital, medical"},
        staffing={"fte": 9.5, "patients_per_fte": 1.1},
        when_full={"divert": "short_term"},
        initial_occupancy=7,
        source="made up",
    )
    data["services"][1].update(
        name="Korttid",
        when_full="lost",
        initial_queue=3,
        length_of_stay={"distribution": "empirical", "cdf": [[0, 0], [3.5, 0.4], [10, 1]]},
    )
    data["services"].append(
        make_service(
            "nursing_home",
            length_of_stay={"distribution": "triangular", "min": 100, "mode": 300, "max": 1500},
        )
    )
    data["services"].append(
        make_service("day_care", length_of_stay={"distribution": "empirical", "values": [1, 2, 2, 5]})
    )
    data["services"].append(make_service("home_care", length_of_stay={"distribution": "fixed", "value": 14}))
    data["services"][1]["next"] = [{"to": "exit", "p": 0.7}, {"to": "nursing_home", "p": 0.3}]
    data["arrivals"][0].update(
        weekday_profile=[1.1, 1.05, 1, 1, 1, 0.9, 0.95],
        monthly_profile=[1.15, 1.1, 1.05, 1, 0.95, 0.9, 0.85, 0.9, 0.95, 1, 1.05, 1.1],
        growth_per_year=0.03,
        source="made up",
    )
    data["arrivals"].append({"id": "referrals", "to": "home_care", "rate_per_day": 0.3})
    # the mechanisms of issue 11: calendars, overflow, processing delays, priority with ageing, reneging
    data["services"][0].update(
        capacity_calendar=[
            {"from": "2026-06-29", "to": "2026-08-09", "capacity": 8, "repeat": "yearly"},
            {"from": "2027-09-01", "to": "2027-11-30", "capacity": 6},
            {"from": "2026-12-23", "to": "2027-01-02", "capacity": 9, "repeat": "yearly"},
        ],
        staffing_calendar=[{"from": "2026-07-06", "to": "2026-08-02", "fte": 7.5, "repeat": "yearly"}],
        overflow={"places": 2},
    )
    data["services"][1]["next"][1]["delay"] = {"distribution": "gamma", "mean": 1.5, "cv": 0.8}
    data["services"][2].update(
        priority=["short_term"],
        priority_after_days=60,
        renege={"distribution": "exponential", "mean": 400},
    )
    return data


ROUND_TRIP_SCENARIOS = {
    "two services": make_scenario,
    "every feature": rich_scenario_data,
    "example_small.yaml": lambda: yaml.safe_load(
        (ROOT / "sample_data" / "scenarios" / "example_small.yaml").read_text(encoding="utf-8")
    ),
}


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@pytest.mark.parametrize("build", ROUND_TRIP_SCENARIOS.values(), ids=ROUND_TRIP_SCENARIOS.keys())
def test_round_trip(build, fmt):
    scenario = validate_data(build())
    text = dumps_scenario(scenario, fmt)
    if fmt == "json":
        json.loads(text)  # really JSON
    again = loads_scenario(text)
    assert again == scenario
    assert again.content_hash() == scenario.content_hash()


@pytest.mark.parametrize("name", ["Sykehus\x85", "Sykehus\x7f", "Syke\x00hus"])
def test_control_characters_in_text_are_refused(name):
    """They would not survive a YAML or JSON round trip, and are never meant."""
    assert_reports(problems_of(make_scenario(name=name)), "name", "control characters")


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_round_trip_of_emoji_and_norwegian_letters(fmt):
    scenario = validate_data(make_scenario(name="Sykehus 🏥 på Øya, æøå"))
    assert loads_scenario(dumps_scenario(scenario, fmt)) == scenario


def test_scenario_is_immutable(scenario_data):
    scenario = validate_data(scenario_data)
    with pytest.raises(ValidationError):
        scenario.horizon_days = 10  # type: ignore[misc]
    with pytest.raises(ValidationError):
        scenario.services[0].capacity = 1  # type: ignore[misc]
    with pytest.raises(ValidationError):
        scenario.services[0].length_of_stay.mean = 1  # type: ignore[misc]
    with pytest.raises((TypeError, AttributeError)):
        scenario.services.append(scenario.services[0])  # type: ignore[attr-defined]
    assert scenario.horizon_days == 30


def test_with_service_returns_a_new_scenario(scenario_data):
    scenario = validate_data(scenario_data)
    saved = copy.deepcopy(scenario)
    changed = scenario.with_service("short_term", capacity=20, staffing={"fte": 4, "patients_per_fte": 2})
    assert changed is not scenario
    assert changed.service("short_term").capacity == 20
    assert changed.service("short_term").effective_capacity == 8
    assert scenario == saved
    assert scenario.service("short_term").capacity == 8
    assert scenario.content_hash() != changed.content_hash()


def test_with_service_bad_value_raises_scenario_error(scenario_data):
    scenario = validate_data(scenario_data)
    with pytest.raises(ScenarioError) as info:
        scenario.with_service("short_term", capacity=-4)
    assert_reports(str(info.value).splitlines(), "services[1].capacity", ">= 0")


def test_variant_returns_a_new_scenario(scenario_data):
    scenario = validate_data(scenario_data)
    saved = copy.deepcopy(scenario)
    longer = scenario.variant(horizon_days=90, seed=7)
    assert (longer.horizon_days, longer.seed) == (90, 7)
    assert scenario == saved


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"horizon_days": 0}, "horizon_days"),
        ({"horizon_days": "long"}, "horizon_days"),
        ({"replications": -1}, "replications"),
        ({"start_date": "31.12.2025"}, "start_date"),
        ({"horizon_dayz": 3}, "horizon_dayz"),
    ],
)
def test_variant_bad_value_raises_scenario_error(scenario_data, changes, path):
    scenario = validate_data(scenario_data)
    try:
        scenario.variant(**changes)
    except ScenarioError as exc:
        assert_reports(str(exc).splitlines(), path)
    except ValidationError as exc:  # pragma: no cover - the failure this test guards against
        pytest.fail(f"variant raised pydantic's ValidationError: {exc}")
    else:  # pragma: no cover
        pytest.fail("variant accepted a bad value")


# --- property tests ---------------------------------------------------------

ID_POOL = ("hospital", "short_term", "rehab", "nursing_home", "home_care", "day_centre", "s1", "x_2")
positive = st.floats(min_value=0.01, max_value=1000, allow_nan=False, allow_infinity=False)
# Text without control characters (those are refused: see test_control_characters_in_text_are_refused).
texts = st.text(
    st.characters(exclude_categories=("Cc", "Cs"), include_characters="\t\n", exclude_characters="\ufffe\uffff"),
    max_size=20,
)


@st.composite
def length_of_stay(draw) -> dict[str, Any]:
    kind = draw(st.sampled_from(["exponential", "lognormal", "gamma", "triangular", "fixed", "values", "cdf"]))
    if kind == "exponential":
        return {"distribution": kind, "mean": draw(positive)}
    if kind in ("lognormal", "gamma"):
        return {"distribution": kind, "mean": draw(positive), "cv": draw(st.floats(0.05, 3))}
    if kind == "fixed":
        return {"distribution": kind, "value": draw(positive)}
    if kind == "triangular":
        lo, hi = sorted(draw(st.lists(positive, min_size=2, max_size=2, unique=True)))
        return {"distribution": kind, "min": lo, "mode": draw(st.floats(lo, hi)), "max": hi}
    if kind == "values":
        return {"distribution": "empirical", "values": draw(st.lists(positive, min_size=1, max_size=6))}
    xs = sorted(draw(st.lists(positive, min_size=1, max_size=5)))
    fs = sorted(draw(st.lists(st.floats(0, 1), min_size=len(xs) - 1, max_size=len(xs) - 1)))
    return {"distribution": "empirical", "cdf": [[0.0, 0.0], *([x, f] for x, f in zip(xs, [*fs, 1.0], strict=True))]}


def routing(draw, targets: list[str]) -> list[dict[str, Any]]:
    chosen = draw(st.lists(st.sampled_from(["exit", *targets]), min_size=1, max_size=4, unique=True))
    weights = draw(st.lists(st.floats(0.01, 1), min_size=len(chosen), max_size=len(chosen)))
    ps = [w / sum(weights) for w in weights]
    ps[-1] = max(0.0, 1.0 - sum(ps[:-1]))
    return [{"to": to, "p": p} for to, p in zip(chosen, ps, strict=True)]


@st.composite
def valid_scenarios(draw) -> dict[str, Any]:
    """Plain data for a random valid scenario of 1–4 services and 0–3 arrival streams."""
    ids = draw(st.lists(st.sampled_from(ID_POOL), min_size=1, max_size=4, unique=True))
    services = []
    for i, sid in enumerate(ids):
        capacity = draw(st.integers(0, 50))
        service: dict[str, Any] = {
            "id": sid,
            "organisation": draw(st.sampled_from(["hospital", "municipality"])),
            "capacity": capacity,
            "length_of_stay": draw(length_of_stay()),
            "next": routing(draw, ids),
        }
        later = ids[i + 1 :]  # diverting only forwards can never make a cycle
        options = ["queue", "lost", *({"divert": t} for t in later)]
        optional = {
            "name": st.one_of(texts, st.fixed_dictionaries({"nb": texts, "en": texts})),
            "when_full": st.sampled_from(options),
            "blocking": st.booleans(),
            "admission_days": st.lists(
                st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]), min_size=1, unique=True
            ),
            "initial_occupancy": st.integers(0, capacity),
            "initial_queue": st.integers(0, 20),
            "staffing": st.fixed_dictionaries({"fte": st.floats(0, 100), "patients_per_fte": st.floats(0.1, 5)}),
            "source": texts,
        }
        for key in draw(st.lists(st.sampled_from(sorted(optional)), unique=True)):
            service[key] = draw(optional[key])
        services.append(service)
    arrivals = [
        {
            "id": f"stream_{j}",
            "to": draw(st.sampled_from(ids)),
            "rate_per_day": draw(st.floats(0, 100)),
            **draw(
                st.fixed_dictionaries(
                    {},
                    optional={
                        "weekday_profile": st.lists(st.floats(0.1, 3), min_size=7, max_size=7),
                        "monthly_profile": st.lists(st.floats(0.1, 3), min_size=12, max_size=12),
                        "growth_per_year": st.floats(-0.5, 0.5),
                        "source": texts,
                    },
                )
            ),
        }
        for j in range(draw(st.integers(0, 3)))
    ]
    data: dict[str, Any] = {
        "schema_version": 1,
        "name": draw(texts.filter(bool)),
        "horizon_days": draw(st.integers(1, 3650)),  # with rates up to 100 a day: under the arrival limit
        "services": services,
        "arrivals": arrivals,
    }
    optional_top = {
        "description": texts,
        "start_date": st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31)).map(dt.date.isoformat),
        "warmup_days": st.integers(0, 365),
        "replications": st.integers(1, 1000),
        "seed": st.integers(0, 2**63 - 1),
        "overliggedogn_rate_nok": st.floats(0, 1e5),
    }
    for key in draw(st.lists(st.sampled_from(sorted(optional_top)), unique=True)):
        data[key] = draw(optional_top[key])
    return data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_scenarios(), st.sampled_from(["yaml", "json"]))
def test_random_valid_scenarios_validate_and_round_trip(data, fmt):
    scenario = validate_data(data)
    assert loads_scenario(dumps_scenario(scenario, fmt)) == scenario
    assert validate_data(scenario.to_dict()) == scenario


# Values a mutation may put anywhere: every JSON/YAML type, odd numbers, plausible-looking text.
junk = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**70), 2**70),
        st.floats(),  # includes nan and inf
        st.text(max_size=8),
        st.sampled_from(["exit", "hospital", "short_term", "mon", "lognormal", "queue", "", "1"]),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.one_of(st.text(max_size=6), st.integers()), inner, max_size=3)
    ),
    max_leaves=8,
)


def _containers(node: Any, out: list[Any]) -> list[Any]:
    """Every dict and list inside ``node`` (itself included)."""
    if isinstance(node, (dict, list)):
        out.append(node)
        for child in node.values() if isinstance(node, dict) else node:
            _containers(child, out)
    return out


@st.composite
def mutated_scenarios(draw) -> dict[str, Any]:
    """A valid scenario dict with 1–4 random changes: replaced, removed or added values anywhere."""
    data = draw(st.one_of(st.builds(make_scenario), st.builds(rich_scenario_data), valid_scenarios()))
    for _ in range(draw(st.integers(1, 4))):
        node = draw(st.sampled_from(_containers(data, [])))
        action = draw(st.sampled_from(["replace", "remove", "add"]))
        if isinstance(node, dict):
            if action == "add" or not node:
                node[draw(st.text(max_size=12))] = draw(junk)
            else:
                key = draw(st.sampled_from(list(node)))
                if action == "remove":
                    del node[key]
                else:
                    node[key] = draw(junk)
        elif action == "add" or not node:
            node.insert(draw(st.integers(0, len(node))), draw(junk))
        else:
            index = draw(st.integers(0, len(node) - 1))
            if action == "remove":
                del node[index]
            else:
                node[index] = draw(junk)
    return data


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_scenarios())
def test_random_mutations_raise_only_scenario_error(data):
    try:
        scenario = validate_data(data)
    except ScenarioError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.message.strip()
            assert_plain(str(problem))
    else:
        assert isinstance(scenario, Scenario)


def test_a_scenario_too_big_to_simulate_is_refused():
    data = make_scenario(horizon_days=36_500)
    data["arrivals"][0]["rate_per_day"] = 500
    assert_reports(problems_of(data), "arrivals", "patients would arrive", "limit")


def test_a_key_given_twice_is_refused():
    with pytest.raises(ScenarioError, match="given twice"):
        loads_scenario("schema_version: 1\nname: a\nname: b\nhorizon_days: 3\nservices: []\n")
    with pytest.raises(ScenarioError, match="given twice"):
        loads_scenario('{"schema_version": 1, "name": "a", "name": "b"}')


def test_a_float_capacity_below_the_initial_occupancy_is_a_clear_problem():
    data = make_scenario()
    data["services"][0]["capacity"] = 5.0
    data["services"][0]["initial_occupancy"] = 10
    assert_reports(problems_of(data), "services[0].initial_occupancy", "larger than the capacity")


def test_route_blocking_to_exit_is_refused():
    data = make_scenario()
    data["services"][0]["next"] = [{"to": "exit", "p": 1.0, "blocking": True}]
    assert_reports(problems_of(data), "services[0].next[0].blocking", "no meaning")


# --- the mechanisms of issue 11: what validation accepts ---------------------------------------------------------


def test_a_period_outside_the_run_simply_does_not_apply():
    data = make_scenario(start_date="2025-01-01", horizon_days=30, warmup_days=5)
    data["services"][1]["capacity_calendar"] = [
        {"from": "2040-01-01", "to": "2040-03-31", "capacity": 2},  # long after the run
        {"from": "2020-01-01", "to": "2020-12-31", "capacity": 3},  # before it
    ]
    data["services"][0]["staffing"] = {"fte": 10, "patients_per_fte": 1}
    data["services"][0]["staffing_calendar"] = [{"from": "2039-07-01", "to": "2039-07-31", "fte": 1}]
    scenario = validate_data(data)
    run = simulate(scenario, 0)
    assert set(run.daily["short_term"]["capacity"]) == {8}
    assert set(run.daily["hospital"]["capacity"]) == {10}
    # the same calendar in a run that reaches it applies there
    later = simulate(scenario.variant(start_date="2040-01-01"), 0)
    assert set(later.daily["short_term"]["capacity"]) == {2}


def test_periods_that_only_touch_are_accepted():
    data = make_scenario()
    data["services"][1]["capacity_calendar"] = [
        {"from": "2026-06-01", "to": "2026-06-30", "capacity": 5, "repeat": "yearly"},
        {"from": "2029-07-01", "to": "2029-07-10", "capacity": 4},  # the day after a yearly copy
        {"from": "2026-12-20", "to": "2027-01-05", "capacity": 6, "repeat": "yearly"},
        {"from": "2028-01-06", "to": "2028-01-07", "capacity": 7},  # the day after a copy across New Year
        {"from": "2027-09-01", "to": "2027-12-19", "capacity": 3},  # a one-off between the yearly ones
    ]
    validate_data(data)


def test_a_yearly_period_of_365_days_is_accepted():
    data = make_scenario()
    data["services"][1]["capacity_calendar"] = [
        {"from": "2026-03-01", "to": "2027-02-28", "capacity": 5, "repeat": "yearly"}
    ]
    validate_data(data)


def test_a_priority_origin_that_is_no_id_is_one_problem():
    data = make_scenario()
    data["services"][1]["priority"] = ["Hospital!"]
    lines = problems_of(data)
    assert len(lines) == 1, lines
    assert_reports(lines, "services[1].priority[0]", "a-z")


def test_every_new_field_loads_from_yaml_with_plain_dates():
    text = dumps_scenario(validate_data(make_scenario())) + ""
    data = yaml.safe_load(text)
    data["services"][1].update(
        capacity_calendar=[
            {"from": dt.date(2026, 6, 29), "to": dt.date(2026, 8, 9), "capacity": 6, "repeat": "yearly"}
        ],
        priority=["hospital"],
        priority_after_days=5,
        renege={"distribution": "exponential", "mean": 40},
        overflow={"places": 2},
    )
    data["services"][0]["next"][1]["delay"] = {"distribution": "fixed", "value": 0.5}
    written = yaml.safe_dump(data, sort_keys=False)
    assert "from: 2026-06-29" in written  # a YAML date, unquoted, as a person writes it
    scenario = loads_scenario(written)
    period = scenario.service("short_term").capacity_calendar[0]
    assert (period.start, period.end, period.capacity, period.repeat) == (
        dt.date(2026, 6, 29), dt.date(2026, 8, 9), 6, "yearly",
    )  # fmt: skip
    again = dumps_scenario(scenario)
    assert "from:" in again and "to:" in again and "start:" not in again  # the file's names, not Python's
    assert loads_scenario(again) == scenario


def test_new_fields_are_not_written_when_not_used():
    """Scenarios that use none of the new fields dump (and hash) exactly as before they existed."""
    new_fields = {"capacity_calendar", "staffing_calendar", "overflow", "priority", "priority_after_days", "renege"}
    # (the Trondheim baseline and its prepared scenarios use them; these two do not)
    plain = (ROOT / "sample_data" / "scenarios" / "example_small.yaml", ROOT / "benchmarks" / "trondheim_scale.yaml")
    for path in plain:
        data = load_scenario(path).to_dict()
        for service in data["services"]:
            assert not new_fields & set(service), (path.name, service["id"])
            assert all("delay" not in route for route in service["next"]), (path.name, service["id"])
    # the content hash of the plain test scenario, as it was before issue 11 (a pin: change it on purpose only)
    assert validate_data(make_scenario()).content_hash() == "85e7873012ec6fd8"


def test_an_empty_calendar_or_priority_is_the_same_as_none():
    data = make_scenario()
    data["services"][1].update(capacity_calendar=[], staffing_calendar=[], priority=[])
    scenario = validate_data(data)
    plain = validate_data(make_scenario())
    assert scenario == plain
    assert scenario.content_hash() == plain.content_hash()
