"""What a scenario changed on the map: per service before → after, and whether the change is clear.

No Streamlit here, so every step can be unit-tested. The measure is the patients **waiting**
at a service on average: those in its queue plus those in its places whose stay has ended and
who wait for the next service (utskrivningsklare), so a hospital ward's overliggere count as
well as a nursing home's waiting list. Its change is the paired difference replication by
replication (``results.comparison``), and the colour says what its 95 % interval says: clearly
fewer waiting (better), clearly more (worse), or no clear change (the interval holds 0).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from harmoni_model import Scenario
from harmoni_model.results.comparison import difference, is_paired
from harmoni_model.results.estimates import Estimate, estimate
from harmoni_model.results.formatting import fmt_difference, fmt_number, fmt_percent
from harmoni_model.results.tidy import Results

from .map_colours import CHANGE_COLOURS, NO_DATA_COLOUR, Verdict
from .map_geometry import CLUSTER_METRES, EARTH_METRES_PER_DEGREE, metres
from .map_sites import service_places

TO = " → "
_ZERO = 1e-9
#: A service with at most this many sites has its sites' names on the map (St. Olavs, Øya, Søbstad ...);
#: the many nursing homes of one service are named in their tooltips and the list, not on the map.
MAX_LABELLED_SITES = 4


def waiting(results: Results, service_id: str) -> list[float]:
    """Patients waiting at the service in each replication: its mean queue plus its mean blocked patients."""
    return [r.services[service_id]["mean_queue"] + r.services[service_id]["mean_blocked"] for r in results.runs]


def verdict_of(d: Estimate) -> Verdict:
    """``better`` when the interval is below zero, ``worse`` above it, ``same`` with no change in any replication."""
    if d.n == 0 or math.isnan(d.mean):
        return "unclear"
    if abs(d.mean) < _ZERO and (math.isnan(d.low) or (abs(d.low) < _ZERO and abs(d.high) < _ZERO)):
        return "same"
    if math.isnan(d.low) or math.isnan(d.high):
        return "unclear"
    if d.high < 0:
        return "better"
    if d.low > 0:
        return "worse"
    return "unclear"


@dataclass(frozen=True)
class ServiceChange:
    """One service before (its base) and after (the scenario): places, utilisation, waiting, the verdict."""

    service_id: str
    places_before: int
    places_after: int
    utilisation_before: float
    utilisation_after: float
    waiting_before: Estimate
    waiting_after: Estimate
    difference: Estimate  # after − before, paired when the runs are
    verdict: Verdict

    @property
    def places_changed(self) -> bool:
        """Whether the scenario has other places (on average over the measured period) than its base."""
        return self.places_before != self.places_after


def service_changes(results: Results, baseline: Results) -> dict[str, ServiceChange]:
    """Every service both runs have, in the scenario's order, before (baseline) → after (results)."""
    paired = is_paired(results, baseline)
    after_places, before_places = service_places(results.scenario), service_places(baseline.scenario)
    after_est, before_est = results.estimates(), baseline.estimates()
    out = {}
    for sid in results.scenario.service_ids:
        if sid not in baseline.scenario.service_ids:
            continue
        a, b = waiting(results, sid), waiting(baseline, sid)
        d = difference(a, b, paired)
        out[sid] = ServiceChange(
            service_id=sid,
            places_before=before_places[sid],
            places_after=after_places[sid],
            utilisation_before=before_est[sid]["utilisation"].mean,
            utilisation_after=after_est[sid]["utilisation"].mean,
            waiting_before=estimate(b),
            waiting_after=estimate(a),
            difference=d,
            verdict=verdict_of(d),
        )
    return out


def verdict_style(verdict: str) -> str:
    """CSS for a table cell holding a verdict: the map's colour behind it, its text readable on it."""
    r, g, b = CHANGE_COLOURS.get(verdict, NO_DATA_COLOUR)
    text = "#ffffff" if verdict == "better" else "#1d1d1d"  # dark on vermillion: 5:1, white would be 3.6:1
    return f"background-color: rgb({r}, {g}, {b}); color: {text}; font-weight: 600"


def before_after(before: float, after: float, decimals: int, lang: str, percent: bool = False) -> str:
    """``54 → 74``; the value alone when both read the same."""
    fmt = (lambda x: fmt_percent(x, decimals, lang)) if percent else (lambda x: fmt_number(x, decimals, lang))
    a, b = fmt(before), fmt(after)
    return a if a == b else f"{a}{TO}{b}"


def change_text(c: ServiceChange, lang: str) -> str:
    """The change in patients waiting with its interval: ``−4,2 (−5,0 til −3,4)``; ``0`` when there is none."""
    return fmt_difference(c.difference, 1, lang)


def service_rows(
    scenario: Scenario,
    changes: Mapping[str, ServiceChange],
    site_counts: Mapping[str, int],
    lang: str,
    verdict_words: Mapping[str, str],
) -> pd.DataFrame:
    """One row per service (not per site): sites, places, utilisation and patients waiting before → after.

    Columns (ids the page translates): ``service``, ``verdict`` (`verdict_words` by verdict, already in
    the reader's language), ``places``, ``waiting``, ``change``, ``utilisation`` and ``sites``.
    """
    rows = []
    for s in scenario.services:
        c = changes.get(s.id)
        if c is None:
            continue
        rows.append(
            {
                "service": s.label(lang),
                "sites": site_counts.get(s.id, 0),
                "places": before_after(c.places_before, c.places_after, 0, lang),
                "utilisation": before_after(c.utilisation_before, c.utilisation_after, 1, lang, percent=True),
                "waiting": before_after(c.waiting_before.mean, c.waiting_after.mean, 1, lang),
                "change": change_text(c, lang),
                "verdict": verdict_words[c.verdict],
            }
        )
    # the verdict and what it rests on first: on a projector at 1280 px the last columns may need a scroll
    return pd.DataFrame(rows, columns=["service", "verdict", "places", "waiting", "change", "utilisation", "sites"])


def short_name(name: str) -> str:
    """A site's name as a map label: no trailing parenthesis, "helse- og velferdssenter" as HVS."""
    text = str(name).strip()
    if text.endswith(")") and "(" in text and not text.startswith("("):
        text = text[: text.rindex("(")].strip()
    return text.replace("helse- og velferdssenter", "HVS").strip(" ,")


#: A label's side, away from the other points of its group: (text anchor, alignment baseline, pixel offset).
_SIDES = {
    "north": ("middle", "bottom", [0, -14]),
    "south": ("middle", "top", [0, 14]),
    "east": ("start", "center", [14, 0]),
    "west": ("end", "center", [-14, 0]),
}


def _beside(rows: pd.DataFrame, solid: pd.DataFrame) -> dict:
    """Where a site's label goes: beside its points, on the side away from the group they are spread in.

    St. Olavs and Øya helsehus share one ring of points; each name goes on its own side of it, so
    the two neither overlap each other nor cover the points. A lone site's name goes under it.
    """
    lat, lon = float(rows["plat"].mean()), float(rows["plon"].mean())
    home_lat, home_lon = float(rows["lat"].mean()), float(rows["lon"].mean())
    near = [metres(home_lat, home_lon, a, b) < 2 * CLUSTER_METRES for a, b in zip(solid["lat"], solid["lon"],
                                                                                     strict=True)]  # fmt: skip
    group = solid[near]
    dy = (lat - float(group["plat"].mean())) * EARTH_METRES_PER_DEGREE
    dx = (lon - float(group["plon"].mean())) * EARTH_METRES_PER_DEGREE * math.cos(math.radians(lat))
    if math.hypot(dx, dy) < 1.0:
        side = "south"
    elif abs(dy) >= abs(dx):
        side = "north" if dy > 0 else "south"
    else:
        side = "east" if dx > 0 else "west"
    anchor, baseline, offset = _SIDES[side]
    edge = {"north": rows["plat"].max(), "south": rows["plat"].min()}.get(side, lat)
    return {"lat": float(edge), "lon": lon, "anchor": anchor, "baseline": baseline, "offset": offset, "size": 15}


def site_labels(
    points: pd.DataFrame,
    names: Mapping[str, str],
    lang: str,
    places_word: str,
    always: str | None = None,
) -> list[dict]:
    """Labels for the map's TextLayer: each site's short name, and its places before → after where they change.

    `points` is :func:`pages.ui.map_sites.build_points`' frame (with ``places_before``), `names`
    site_id -> name, `places_word` "plasser" / "places". Labelled: the sites of services with at most
    MAX_LABELLED_SITES sites, and the site `always` (the one picked). Pools (care at home) have no
    site. Each label: ``label``, ``lat``, ``lon``, ``anchor``, ``baseline``, ``offset`` (pixels; beside the
    site's points, away from its group) and ``size`` (pixels).
    """
    solid = points[~points["pool"].astype(bool)]
    sites_per_service = solid.groupby("service_id")["site_id"].nunique().to_dict()
    labels = []
    for site_id, rows in solid.groupby("site_id", sort=False):
        small = any(sites_per_service.get(sid, 0) <= MAX_LABELLED_SITES for sid in rows["service_id"])
        if not small and site_id != always:
            continue
        lines = [short_name(names.get(site_id, site_id))]
        for before, after in zip(rows["places_before"], rows["places"], strict=True):
            if before != after:
                lines.append(f"{fmt_number(before, 0, lang)}{TO}{fmt_number(after, 0, lang)} {places_word}")
        labels.append({"label": "\n".join(lines), **_beside(rows, solid)})
    return labels
