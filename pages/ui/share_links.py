"""Shareable links: the scenario studio's changed values in the URL, read back safely.

A link names each changed control like its widget key (``?capacity:short_term=60``).
Anything in a URL is untrusted: values are clamped to the controls' ranges or
ignored, and every adjustment is reported, so a link can never make the server
simulate something unbounded or raise an exception. No Streamlit here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from harmoni_model import Scenario
from harmoni_model.scenario.changes import Changes, admits_on_weekends

DEMAND_RANGE = (-30, 50)  # percent
FTE_RANGE = (0.0, 5000.0)
RESERVED = {"lang", "base"}
TRUE, FALSE = {"1", "true", "yes", "ja", "on"}, {"0", "false", "no", "nei", "off"}


def capacity_range(scenario: Scenario, service_id: str) -> tuple[int, int]:
    """The capacity control's range: up to twice today's places (at least 50 more)."""
    cap = scenario.service(service_id).capacity
    return 0, max(2 * cap, cap + 50)


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
        if kind == "demand" and not sid:
            number = _number(text)
            if number is None:
                notes.append((key, text, "not_a_number"))
                continue
            value = round(min(max(number, DEMAND_RANGE[0]), DEMAND_RANGE[1]))
            if value != number:
                notes.append((key, text, "clamped"))
            values["demand"] = value
        elif kind in ("capacity", "staffing") and sid in ids:
            if kind == "staffing" and base.service(sid).staffing is None:
                notes.append((key, text, "unknown"))
                continue
            number = _number(text)
            if number is None:
                notes.append((key, text, "not_a_number"))
                continue
            low, high = capacity_range(base, sid) if kind == "capacity" else FTE_RANGE
            value = min(max(number, low), high)
            value = round(value) if kind == "capacity" else float(value)
            if value != number:
                notes.append((key, text, "clamped"))
            values[key] = value
        elif kind == "weekend" and sid in ids:
            flag = text.strip().lower()
            if flag not in TRUE | FALSE:
                notes.append((key, text, "not_yes_no"))
                continue
            values[key] = flag in TRUE
        else:
            notes.append((key, text, "unknown"))
    return values, notes


def link_params(base: Scenario, changes: Changes, demand_pct: int) -> dict[str, str]:
    """The URL parameters for `changes` (only what differs from `base`)."""
    out: dict[str, str] = {f"capacity:{sid}": str(v) for sid, v in changes.capacity.items()}
    out.update({f"staffing:{sid}": f"{v:g}" for sid, v in changes.fte.items()})
    out.update({f"weekend:{sid}": "1" if v else "0" for sid, v in changes.weekend_intake.items()})
    if demand_pct:
        out["demand"] = str(demand_pct)
    return out


def defaults(base: Scenario) -> dict[str, object]:
    """Every control of the scenario studio and its value in the starting scenario, by widget key."""
    values: dict[str, object] = {"demand": 0}
    for s in base.services:
        values[f"capacity:{s.id}"] = s.capacity
        if s.staffing is not None:
            values[f"staffing:{s.id}"] = float(s.staffing.fte)
        if s.organisation == "municipality":  # hospitals admit emergencies every day
            values[f"weekend:{s.id}"] = admits_on_weekends(base, s.id)
    return values
