"""The map's sites joined with a scenario: which services have sites, places per site, each site's KPIs.

No Streamlit here, so every step can be unit-tested (AppTest cannot click on a map).

The model treats each service as one pool (e.g. all 1 350 long-term places), so every
site of a service shows that service's utilisation and queue. Places per site come from
the locations file, scaled to the service's usable places in the scenario, on average over
its measured period (:func:`service_places`: the places its utilisation is a share of). The
locations file names services by id: a service with no row in it has no place on the map
(the page says which), and a row of a service the scenario does not have is left out.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from typing import Any

import pandas as pd

from harmoni_model import Scenario
from harmoni_model.results.formatting import fmt_difference, fmt_interval, fmt_number, fmt_percent
from harmoni_model.scenario.calendars import mean_capacity, measured_period

from .map_colours import (
    COLOUR_MODES,
    OUTLINE,
    OUTLINE_PIXELS,
    POINT_ALPHA,
    POOL_FILL_ALPHA,
    POOL_RING_PIXELS,
    ColourMode,
    change_colour,
    colour_for,
)
from .map_geometry import radius_metres, spread_positions


def with_interval(value: str, interval: str) -> str:
    """``85,3 % (80,1–90,2)``: a shown value and its interval, or the value alone when there is none."""
    return f"{value} ({interval})" if interval else value


def sites_of(locations: pd.DataFrame, scenario: Scenario) -> tuple[pd.DataFrame, list[str]]:
    """The locations rows of the scenario's services, and the ids of its services that have no row."""
    rows = locations[locations["service_id"].isin(scenario.service_ids)].reset_index(drop=True)
    placed = set(rows["service_id"])
    return rows, [s.id for s in scenario.services if s.id not in placed]


def service_places(scenario: Scenario) -> dict[str, int]:
    """Usable places per service, on average over the measured period (calendars and staffing), whole places.

    The engine's ``utilisation`` is mean occupancy over these places, so a site's places and its
    utilisation read together: a helsehus closed for half the run shows half its places.
    """
    period = measured_period(scenario)
    return {s.id: round(mean_capacity(s, *period)) for s in scenario.services}


def can_pass_full(scenario: Scenario) -> frozenset[str]:
    """Services whose utilisation can pass 100 %: overflow places, or a calendar that closes occupied places."""
    return frozenset(s.id for s in scenario.services if s.overflow_places or s.capacity_calendar or s.staffing_calendar)


def pools(scenario: Scenario) -> frozenset[str]:
    """The services given in patients' homes (kind ``home_based_care``): drawn as a ring per district."""
    return frozenset(s.id for s in scenario.services if s.at_home)


def scenario_places(locations: pd.DataFrame, capacities: Mapping[str, int]) -> list[int]:
    """Places per row: each site's share of its service (locations file) x the scenario's capacity.

    With the baseline the rows of a service add up to its capacity, so nothing changes; when a
    scenario changes a service's capacity, its sites grow or shrink in proportion (largest
    remainder, so the rows still add up). A service missing from `capacities` keeps the file's places.
    """
    places = [int(c) for c in locations["capacity"]]
    for service_id, rows in locations.groupby("service_id", sort=False).groups.items():
        if service_id not in capacities:
            continue
        positions = [locations.index.get_loc(r) for r in rows]
        file_total = sum(places[p] for p in positions)
        target = int(capacities[service_id])
        if file_total == target:
            continue
        if file_total == 0:
            shares = [target / len(positions)] * len(positions)
        else:
            shares = [places[p] * target / file_total for p in positions]
        floors = [math.floor(s) for s in shares]
        left = target - sum(floors)
        order = sorted(range(len(positions)), key=lambda k: (-(shares[k] - floors[k]), k))
        for k in order[:left]:
            floors[k] += 1
        for p, value in zip(positions, floors, strict=True):
            places[p] = value
    return places


def _est(estimates: Mapping[str, Mapping[str, Any]], service_id: str, kpi: str) -> tuple[float, float, float]:
    e = estimates.get(service_id, {}).get(kpi)
    if e is None:
        return (math.nan, math.nan, math.nan)
    return (float(e.mean), float(e.low), float(e.high))


def build_points(
    locations: pd.DataFrame,
    estimates: Mapping[str, Mapping[str, Any]],
    capacities: Mapping[str, int],
    labels: Mapping[str, str],
    mode: ColourMode,
    lang: str,
    pooled: Collection[str] = (),
    over_full: Collection[str] = (),
    changes: Mapping[str, Any] | None = None,
    capacities_before: Mapping[str, int] | None = None,
    verdict_words: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """One row per locations row, ready for a pydeck ScatterplotLayer and for the table.

    `estimates` is ``Results.estimates()`` (KPI -> object with mean/low/high per service id),
    `capacities` the scenario's places per service id (:func:`service_places`), `labels` the service names
    in the reader's language, `pooled` the services drawn as rings (:func:`pools`), `over_full` those
    whose utilisation can pass 100 % (:func:`can_pass_full`). `changes` (``map_change.service_changes``:
    service id -> before → after and verdict), `capacities_before` (the base's :func:`service_places`) and
    `verdict_words` (verdict -> word in the reader's language) give the change; mode ``change`` colours
    by its verdict. Rows come largest first, so that small sites are drawn on top.
    Columns: the locations columns, ``service`` (label), ``pool``, ``places``, ``utilisation``/``_low``/``_high``,
    ``queue``/``_low``/``_high``, ``wait_days``, ``blocked``, ``value`` (what the colour shows),
    ``fill``/``line`` (RGBA), ``line_width`` (px), ``radius`` (m), ``plat``/``plon`` (plotted position) and text fields
    ``places_text``, ``utilisation_text``, ``queue_text`` for tooltips; for the change ``places_before``,
    ``verdict`` (None without `changes`), ``waiting_text`` (before → after), ``change_text`` (the change,
    its interval and the verdict's word).
    """
    if mode not in COLOUR_MODES:
        raise ValueError(f"unknown colour mode {mode!r}")
    frame = locations.reset_index(drop=True).copy()
    frame["service"] = [labels.get(s, s) for s in frame["service_id"]]
    frame["pool"] = [s in pooled for s in frame["service_id"]]
    frame["places"] = scenario_places(frame, capacities)
    frame["places_before"] = scenario_places(frame, capacities_before) if capacities_before else frame["places"]
    changes = changes or {}
    found = [changes.get(s) for s in frame["service_id"]]
    frame["verdict"] = [c.verdict if c is not None else None for c in found]

    for kpi, column in (("utilisation", "utilisation"), ("mean_queue", "queue")):
        values = [_est(estimates, s, kpi) for s in frame["service_id"]]
        frame[column] = [v[0] for v in values]
        frame[f"{column}_low"] = [v[1] for v in values]
        frame[f"{column}_high"] = [v[2] for v in values]
    # Clip the (Student t) interval to the values the quantity can take: neither goes below 0, and the
    # utilisation of a service stays at or under 100 % unless it can pass it (see `over_full`).
    frame["utilisation_low"] = frame["utilisation_low"].clip(lower=0.0)
    capped = ~frame["service_id"].isin(list(over_full))
    frame.loc[capped, "utilisation_high"] = frame.loc[capped, "utilisation_high"].clip(upper=1.0)
    frame["queue_low"] = frame["queue_low"].clip(lower=0.0)
    frame["wait_days"] = [_est(estimates, s, "mean_wait_days")[0] for s in frame["service_id"]]
    frame["blocked"] = [_est(estimates, s, "mean_blocked")[0] for s in frame["service_id"]]

    pool = list(frame["pool"])
    frame["value"] = math.nan if mode == "change" else frame[mode]

    def fill(row: int, alpha: int) -> list[int]:
        if mode == "change":
            return change_colour(frame["verdict"].iloc[row], alpha)
        return colour_for(frame["value"].iloc[row], mode, alpha)

    frame["fill"] = [fill(i, POOL_FILL_ALPHA if p else POINT_ALPHA) for i, p in enumerate(pool)]
    frame["line"] = [fill(i, 255) if p else OUTLINE for i, p in enumerate(pool)]
    frame["line_width"] = [POOL_RING_PIXELS if p else OUTLINE_PIXELS for p in pool]
    frame["radius"] = [round(radius_metres(p), 1) for p in frame["places"]]

    # Sites that share a place are spread; pools (drawn as see-through rings) stay where they are.
    frame["plat"], frame["plon"] = frame["lat"], frame["lon"]
    solid = [not p for p in pool]
    spread = spread_positions(list(frame.loc[solid, "lat"]), list(frame.loc[solid, "lon"]))
    frame.loc[solid, "plat"] = [p[0] for p in spread]
    frame.loc[solid, "plon"] = [p[1] for p in spread]
    frame["plat"], frame["plon"] = frame["plat"].round(6), frame["plon"].round(6)

    frame["places_text"] = [
        fmt_number(p, 0, lang) if p == b else f"{fmt_number(b, 0, lang)} → {fmt_number(p, 0, lang)}"
        for b, p in zip(frame["places_before"], frame["places"], strict=True)
    ]
    frame["utilisation_text"] = [
        with_interval(fmt_percent(m, 1, lang), fmt_interval(100 * lo, 100 * hi, 1, lang))
        for m, lo, hi in zip(frame["utilisation"], frame["utilisation_low"], frame["utilisation_high"], strict=True)
    ]
    frame["queue_text"] = [
        with_interval(fmt_number(m, 1, lang), fmt_interval(lo, hi, 1, lang))
        for m, lo, hi in zip(frame["queue"], frame["queue_low"], frame["queue_high"], strict=True)
    ]
    words = verdict_words or {}
    frame["waiting_text"] = [_waiting_text(c, lang) for c in found]
    frame["change_text"] = [
        "–" if c is None else " · ".join(x for x in (fmt_difference(c.difference, 1, lang), words.get(c.verdict)) if x)
        for c in found
    ]
    return frame.sort_values("places", ascending=False, kind="stable").reset_index(drop=True)


def _waiting_text(change: Any, lang: str) -> str:
    """Patients waiting before → after (``12,3 → 8,1``), the one number when nothing changed."""
    if change is None:
        return "–"
    before, after = fmt_number(change.waiting_before.mean, 1, lang), fmt_number(change.waiting_after.mean, 1, lang)
    return before if before == after else f"{before} → {after}"


def site_names(locations: pd.DataFrame) -> dict[str, str]:
    """site_id -> the site's name: the shortest of its rows' names ("Øya helsehus", not the KAD unit's name)."""
    names: dict[str, str] = {}
    for site_id, name in locations[["site_id", "name"]].itertuples(index=False, name=None):
        if site_id not in names or len(str(name)) < len(names[site_id]):
            names[site_id] = str(name)
    return names


def site_options(locations: pd.DataFrame) -> dict[str, str]:
    """site_id -> "name (bydel)", in the order of the locations file, one entry per site."""
    names = site_names(locations)
    options: dict[str, str] = {}
    for site_id, bydel in locations[["site_id", "bydel"]].itertuples(index=False, name=None):
        if site_id not in options:
            options[site_id] = f"{names[site_id]} ({bydel})" if bydel else names[site_id]
    return options
