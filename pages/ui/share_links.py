"""The scenario studio's controls as plain data: where they start, and the URL that reproduces them.

A :class:`Start` is a base scenario and every control's value on it: a prepared
file's own values, or an opened library scenario's changes on its base.
A link names each control that differs from its start like its widget key
(``?capacity:short_term=60``, ``?summer_weeks:hospital_medical=27-32``, ``?stay:kad=-10``), after the
start itself (``?open=12`` for a library scenario, ``?base=growth_2030.yaml`` for a prepared file); the
page adds the room (``?room=``, never a visitor's key: see ``rooms.py``). Anything in a URL is
untrusted: values are clamped to the controls' ranges or ignored, and every
adjustment is reported, so a link can never make the server simulate something
unbounded or raise an exception. No Streamlit here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from harmoni_model import Scenario
from harmoni_model.scenario.changes import (
    WEEKS,
    Changes,
    Closure,
    admits_on_weekends,
    hospital_first_now,
    hospital_upstream,
    summer_closure,
    transfer_days_now,
    transfer_routes,
)
from harmoni_model.workshop.library import Saved

from .state import (
    BASE_PARAM,
    CAPACITY,
    CORRIDOR,
    DEMAND,
    HOSPITAL_FIRST,
    LANG_PARAM,
    OPEN_PARAM,
    ROOM_PARAM,
    STAFFING,
    STAY,
    SUMMER_PLACES,
    SUMMER_WEEKS,
    TRANSFER,
    WEEKEND,
    control_key,
)
from .upload_bounds import app_scenario

DEMAND_RANGE = (-30, 50)  # percent
FTE_RANGE = (0.0, 5000.0)
SUMMER_DEFAULT = (28, 31)  # the weeks a summer closure control shows on a service that has none (weeks 28-31)
CORRIDOR_MAX = 30  # corridor places a control offers (more when the scenario has more)
TRANSFER_MAX = 14.0  # days from "utskrivningsklar" to the transfer a control offers (more when the scenario has more)
STAY_RANGE, STAY_STEP = (-50, 50), 5  # length of stay, change in percent
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


def closure_services(scenario: Scenario) -> tuple[str, ...]:
    """The services with a summer closure control: every service with places (home care has no beds to close)."""
    return tuple(s.id for s in scenario.services if not s.at_home)


def corridor_services(scenario: Scenario) -> tuple[str, ...]:
    """The services with a corridor places control: the hospital's."""
    return tuple(s.id for s in scenario.services if s.organisation == "hospital")


def first_services(scenario: Scenario) -> tuple[str, ...]:
    """The services with a "hospital patients first" control: the municipality's with a queue fed by the hospital."""
    return tuple(
        s.id
        for s in scenario.services
        if s.organisation == "municipality" and s.when_full == "queue" and hospital_upstream(scenario, s.id)
    )


def transfer_services(scenario: Scenario) -> tuple[str, ...]:
    """The services with a "days to the transfer" control: those a hospital service sends patients to."""
    return tuple(s.id for s in scenario.services if transfer_routes(scenario, s.id))


def corridor_range(scenario: Scenario, service_id: str) -> tuple[int, int]:
    """Corridor places: 0 to 30, or twice the scenario's own when that is more."""
    return 0, max(CORRIDOR_MAX, 2 * scenario.service(service_id).overflow_places)


def summer_places_range(scenario: Scenario, service_id: str) -> tuple[int, int]:
    """Places closed in the summer: none up to all of the scenario's places (more would silently mean all)."""
    return 0, scenario.service(service_id).capacity


def transfer_range(scenario: Scenario, service_id: str) -> tuple[float, float]:
    """Days from "utskrivningsklar" to the transfer: 0 to 14, or twice the scenario's own when that is more."""
    return 0.0, max(TRANSFER_MAX, 2 * transfer_days_now(scenario, service_id))


def _weeks(text: str) -> tuple[int, int, bool] | None:
    """``27-32`` as (27, 32, whether it was adjusted: clamped to weeks 1-52, or put in order), else None."""
    for sep in ("-", "–", ","):
        first, found, last = text.partition(sep)
        if found:
            break
    else:
        return None
    a, b = _number(first), _number(last)
    if a is None or b is None:
        return None
    lo, hi = (min(max(round(v), WEEKS[0]), WEEKS[1]) for v in (a, b))
    return min(lo, hi), max(lo, hi), (min(lo, hi), max(lo, hi)) != (a, b)


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
        elif kind in (WEEKEND, HOSPITAL_FIRST) and sid in ids:
            if kind == HOSPITAL_FIRST and sid not in first_services(base):
                notes.append((key, text, "unknown"))
                continue
            flag = text.strip().lower()
            if flag not in TRUE | FALSE:
                notes.append((key, text, "not_yes_no"))
                continue
            values[key] = flag in TRUE
        elif kind == SUMMER_WEEKS and sid in closure_services(base):
            weeks = _weeks(text)
            if weeks is None:
                notes.append((key, text, "not_weeks"))
                continue
            if weeks[2]:
                notes.append((key, text, "clamped"))
            values[key] = weeks[:2]
        elif (kind, sid) in _numbered(base):
            number = _number(text)
            if number is None:
                notes.append((key, text, "not_a_number"))
                continue
            low, high, step = _numbered(base)[kind, sid]
            value = min(max(number, low), high)
            value = float(value) if step is None else round(value / step) * step
            if value != number:
                notes.append((key, text, "clamped"))
            values[key] = value
        else:
            notes.append((key, text, "unknown"))
    return values, notes


def _numbered(base: Scenario) -> dict[tuple[str, str], tuple[float, float, int | None]]:
    """The levers set by a number in a link: (kind, service id) -> (low, high, step; None for any number)."""
    out: dict[tuple[str, str], tuple[float, float, int | None]] = {}
    for sid in closure_services(base):
        out[SUMMER_PLACES, sid] = (*summer_places_range(base, sid), 1)
    for sid in corridor_services(base):
        out[CORRIDOR, sid] = (*corridor_range(base, sid), 1)
    for sid in transfer_services(base):
        out[TRANSFER, sid] = (*transfer_range(base, sid), None)
    for sid in base.service_ids:
        out[STAY, sid] = (*STAY_RANGE, STAY_STEP)
    return out


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
        if kind in (WEEKEND, HOSPITAL_FIRST):
            out[key] = "1" if value else "0"
        elif kind in (STAFFING, TRANSFER):
            out[key] = _text(float(value))  # type: ignore[arg-type]
        elif kind == SUMMER_WEEKS:
            first, last = value  # type: ignore[misc]
            out[key] = f"{int(first)}-{int(last)}"
        else:  # places, corridor places, demand and the change of a stay are whole numbers
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
    for sid in closure_services(base):
        closure = summer_closure(base, sid)
        values[control_key(SUMMER_WEEKS, sid)] = (closure.first_week, closure.last_week) if closure else SUMMER_DEFAULT
        values[control_key(SUMMER_PLACES, sid)] = closure.places if closure else 0
    for sid in corridor_services(base):
        values[control_key(CORRIDOR, sid)] = base.service(sid).overflow_places
    for sid in first_services(base):
        values[control_key(HOSPITAL_FIRST, sid)] = hospital_first_now(base, sid)
    for sid in transfer_services(base):
        values[control_key(TRANSFER, sid)] = transfer_days_now(base, sid)
    for sid in base.service_ids:
        values[control_key(STAY, sid)] = 0
    return values


def lever_values(base: Scenario, values: Mapping[str, object]) -> dict[str, dict[str, object]]:
    """The levers' controls (by widget key) as the keyword arguments of ``changed_from``.

    E.g. ``{"closure": {"ward": Closure(27, 32, 14)}, "stay_factor": {"acute": 0.9}, ...}``: every
    service with the control, changed or not (``changed_from`` keeps what differs from `base`).
    """

    def get(kind: str, sid: str) -> object:
        return values.get(control_key(kind, sid))

    closure = {}
    for sid in closure_services(base):
        weeks, places = get(SUMMER_WEEKS, sid), get(SUMMER_PLACES, sid)
        if weeks is not None and places is not None:
            first, last = weeks  # type: ignore[misc]
            closure[sid] = Closure(int(first), int(last), int(places))  # type: ignore[call-overload]

    def part(kind: str, services: tuple[str, ...], kind_of: type) -> dict[str, object]:
        return {sid: kind_of(v) for sid in services if (v := get(kind, sid)) is not None}

    stays = part(STAY, base.service_ids, int)
    return {
        "closure": closure,
        "overflow": part(CORRIDOR, corridor_services(base), int),
        "hospital_first": part(HOSPITAL_FIRST, first_services(base), bool),
        "transfer_days": part(TRANSFER, transfer_services(base), float),
        "stay_factor": {sid: 1 + pct / 100 for sid, pct in stays.items()},  # type: ignore[operator]
    }


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
    return _lever_controls(base, changes, values)


def _lever_controls(base: Scenario, changes: Changes, values: dict[str, object]) -> dict[str, object] | None:
    """`values` with the levers of `changes` set, or None when a lever's control cannot show its value."""
    for sid, c in changes.closure.items():
        key = control_key(SUMMER_PLACES, sid)
        low, high = summer_places_range(base, sid) if sid in base.service_ids else (0, -1)
        if key not in values or not low <= c.places <= high:
            return None
        values[control_key(SUMMER_WEEKS, sid)] = (c.first_week, c.last_week)
        values[key] = c.places
    numbered = _numbered(base)
    for kind, part in ((CORRIDOR, changes.overflow), (TRANSFER, changes.transfer_days)):
        for sid, value in part.items():
            if (kind, sid) not in numbered or not numbered[kind, sid][0] <= value <= numbered[kind, sid][1]:
                return None
            values[control_key(kind, sid)] = int(value) if kind == CORRIDOR else float(value)
    for sid, first in changes.hospital_first.items():
        if control_key(HOSPITAL_FIRST, sid) not in values:
            return None
        values[control_key(HOSPITAL_FIRST, sid)] = bool(first)
    for sid, factor in changes.stay_factor.items():
        pct = (factor - 1) * 100  # the control moves in steps of 5 %
        if (
            control_key(STAY, sid) not in values
            or abs(pct - STAY_STEP * round(pct / STAY_STEP)) > 1e-6
            or not STAY_RANGE[0] <= round(pct) <= STAY_RANGE[1]
        ):
            return None
        values[control_key(STAY, sid)] = round(pct)
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
