"""The scenario studio's controls as plain data: where they start, and the URL that reproduces them.

A :class:`Start` is a base scenario and every control's value on it: a prepared
file's own values, or an opened library scenario's changes on its base.
A link names each control that differs from its start like its widget key
(``?capacity:short_term=60``), after the start itself (``?open=12`` for a library
scenario, ``?base=growth_2030.yaml`` for a prepared file); the page adds the room (``?room=``,
never a visitor's key: see ``rooms.py``). Anything in a URL is
untrusted: values are clamped to the controls' ranges or ignored, and every
adjustment is reported, so a link can never make the server simulate something
unbounded or raise an exception. No Streamlit here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from harmoni_model import Scenario
from harmoni_model.scenario.changes import Changes, admits_on_weekends
from harmoni_model.workshop.library import Saved

from .state import (
    BASE_PARAM,
    CAPACITY,
    DEMAND,
    LANG_PARAM,
    OPEN_PARAM,
    ROOM_PARAM,
    STAFFING,
    WEEKEND,
    control_key,
)
from .upload_bounds import app_scenario

DEMAND_RANGE = (-30, 50)  # percent
FTE_RANGE = (0.0, 5000.0)
RESERVED = {LANG_PARAM, BASE_PARAM, OPEN_PARAM, ROOM_PARAM}  # not controls (never a key: see rooms.py)
TRUE, FALSE = {"1", "true", "yes", "ja", "on"}, {"0", "false", "no", "nei", "off"}


@dataclass(frozen=True)
class Start:
    """Where the studio starts: a base scenario and every control's value on it (by widget key)."""

    base: Scenario
    values: Mapping[str, object]
    name: str | None = None  # an opened scenario's own name (else the variant is "<base> *")
    entry_id: int | None = None  # its library id, so that a link can open it
    note: str | None = None  # why it opens as its own base: "no_base" (none recorded) or "off_controls"


def capacity_range(scenario: Scenario, service_id: str) -> tuple[int, int]:
    """The capacity control's range: up to twice today's places (at least 50 more)."""
    cap = scenario.service(service_id).capacity  # the plain capacity the control sets (a calendar keeps its own)
    return 0, max(2 * cap, cap + 50)


def fte_range(scenario: Scenario, service_id: str) -> tuple[float, float]:
    """The staffing control's range: 0 to 5 000 FTE, or twice the scenario's own FTE when that is more.

    An uploaded scenario with 8 000 FTE must show 8 000, never a value the control silently cut.
    """
    staffing = scenario.service(service_id).staffing
    fte = staffing.fte if staffing is not None else 0.0
    return FTE_RANGE[0], max(FTE_RANGE[1], 2 * fte)


def _number(text: str) -> float | None:
    try:
        value = float(text.strip().replace(",", "."))
    except (ValueError, AttributeError):
        return None
    return value if math.isfinite(value) else None


def parse_link(params: Mapping[str, str], base: Scenario) -> tuple[dict[str, object], list[tuple[str, str, str]]]:
    """Control values from URL parameters, and the notes ``(parameter, value, what was done)``.

    Notes use the codes "unknown", "not_a_number", "clamped" and "not_yes_no"; the page
    turns them into words.
    """
    values: dict[str, object] = {}
    notes: list[tuple[str, str, str]] = []
    ids = set(base.service_ids)
    for key, raw in params.items():
        if key in RESERVED:
            continue
        kind, _, sid = key.partition(":")
        text = str(raw)[:40]
        if kind == DEMAND and not sid:
            number = _number(text)
            if number is None:
                notes.append((key, text, "not_a_number"))
                continue
            value = round(min(max(number, DEMAND_RANGE[0]), DEMAND_RANGE[1]))
            if value != number:
                notes.append((key, text, "clamped"))
            values[DEMAND] = value
        elif kind in (CAPACITY, STAFFING) and sid in ids:
            if kind == STAFFING and base.service(sid).staffing is None:
                notes.append((key, text, "unknown"))
                continue
            number = _number(text)
            if number is None:
                notes.append((key, text, "not_a_number"))
                continue
            low, high = capacity_range(base, sid) if kind == CAPACITY else fte_range(base, sid)
            value = min(max(number, low), high)
            value = round(value) if kind == CAPACITY else float(value)
            if value != number:
                notes.append((key, text, "clamped"))
            values[key] = value
        elif kind == WEEKEND and sid in ids:
            flag = text.strip().lower()
            if flag not in TRUE | FALSE:
                notes.append((key, text, "not_yes_no"))
                continue
            values[key] = flag in TRUE
        else:
            notes.append((key, text, "unknown"))
    return values, notes


def _text(value: float) -> str:
    text = f"{value:g}"
    return text if float(text) == value else repr(float(value))  # short, and exact


def link_params(values: Mapping[str, object], start: Mapping[str, object]) -> dict[str, str]:
    """The URL parameters for the controls' `values`: each one that differs from its `start` value."""
    out: dict[str, str] = {}
    for key, value in values.items():
        if key in start and start[key] == value:
            continue
        kind = key.partition(":")[0]
        if kind == WEEKEND:
            out[key] = "1" if value else "0"
        elif kind == STAFFING:
            out[key] = _text(float(value))  # type: ignore[arg-type]
        else:  # places and demand are whole numbers
            out[key] = str(int(value))  # type: ignore[call-overload]
    return out


def parse_open(text: str) -> int | None:
    """The library id in ``?open=``, or None when it is not one."""
    text = str(text).strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 12 else None


def defaults(base: Scenario) -> dict[str, object]:
    """Every control of the scenario studio and its value in the starting scenario, by widget key."""
    values: dict[str, object] = {DEMAND: 0}
    for s in base.services:
        values[control_key(CAPACITY, s.id)] = s.capacity  # plain places, outside any calendar period
        if s.staffing is not None:
            values[control_key(STAFFING, s.id)] = float(s.staffing.fte)
        if s.organisation == "municipality":  # hospitals admit emergencies every day
            values[control_key(WEEKEND, s.id)] = admits_on_weekends(base, s.id)
    return values


def controls_for(base: Scenario, changes: Changes) -> dict[str, object] | None:
    """The controls' values that make `changes` on `base`, or None when the controls cannot show them."""
    values = defaults(base)
    for kind, part, low_high in (
        (CAPACITY, changes.capacity, lambda sid: capacity_range(base, sid)),
        (STAFFING, changes.fte, lambda sid: fte_range(base, sid)),
        (WEEKEND, changes.weekend_intake, None),
    ):
        for sid, value in part.items():
            key = control_key(kind, sid)
            if key not in values:  # a service the base lacks, or one without that control
                return None
            if low_high is not None:
                low, high = low_high(sid)
                if not low <= value <= high:
                    return None
            values[key] = int(value) if kind == CAPACITY else float(value) if kind == STAFFING else bool(value)
    pct = (changes.demand_factor - 1) * 100
    if abs(pct - round(pct)) > 1e-6 or not DEMAND_RANGE[0] <= round(pct) <= DEMAND_RANGE[1]:
        return None  # the demand control moves in whole percent
    values[DEMAND] = round(pct)
    return values


def opened_start(saved: Saved) -> Start:
    """The studio's start for a library scenario: its changes on its base, or itself when that cannot be shown.

    Raises ScenarioError when it is too big for the app's work budget (a file imported on the command line).
    """
    name, entry_id = saved.entry.name, saved.entry.id
    if saved.base is not None and saved.changes is not None:
        base = app_scenario(saved.base)
        values = controls_for(base, saved.changes)
        if values is not None:
            return Start(base, values, name=name, entry_id=entry_id)
    own = app_scenario(saved.scenario)
    own = own if own.name == name else own.variant(name=name)
    return Start(own, defaults(own), name=name, entry_id=entry_id,
                 note="no_base" if saved.base is None else "off_controls")  # fmt: skip
