"""Pure logic behind the map page: sites joined with a scenario's KPIs, colours, offsets, selection.

No Streamlit here, so every step can be unit-tested (AppTest cannot click on a map).

The model treats each service as one pool (e.g. all 1 350 long-term places), so every
site of a service shows that service's utilisation and queue. Places per site come from
the locations file, scaled to the scenario's effective capacity of the service.
"""

from __future__ import annotations

import copy
import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from harmoni_model.results.formatting import fmt_interval, fmt_number, fmt_percent

ColourMode = Literal["utilisation", "queue"]
COLOUR_MODES: tuple[ColourMode, ...] = ("utilisation", "queue")

POINTS_LAYER = "sites"
SELECTED_LAYER = "selected-site"
BOUNDARY_LAYER = "municipalities"
LABEL_LAYER = "municipality-names"
BYDEL_LAYER = "bydel-names"
POOL_EDGE_LAYER = "pool-edges"

#: Upper bin edges (a value v falls in the first bin whose edge is > v; the last bin is open).
BIN_EDGES: dict[str, tuple[float, ...]] = {
    "utilisation": (0.60, 0.80, 0.90, 0.95),  # share of the effective capacity in use
    "queue": (1.0, 5.0, 10.0, 25.0),  # patients waiting on average
}
#: A sequential, colour-blind-safe ramp (ColorBrewer YlOrBr, without its near-white end so the calmest
#: class still shows on a pale map): light yellow = calm, dark brown = full.
RAMP: tuple[tuple[int, int, int], ...] = (
    (254, 227, 145),
    (254, 196, 79),
    (254, 153, 41),
    (217, 95, 14),
    (140, 45, 4),
)
NO_DATA_COLOUR: tuple[int, int, int] = (170, 170, 170)
POINT_ALPHA = 235
OUTLINE: list[int] = [40, 40, 40, 255]
OUTLINE_PIXELS = 1.5
#: Large client-place pools (home care) are drawn as rings in the class colour with a faint fill,
#: so that the sites under them stay visible and the colour still reads as its class.
POOL_SERVICES = frozenset({"home_care"})
POOL_FILL_ALPHA = 45
POOL_RING_PIXELS = 5.0
#: A dark edge on both sides of a pool's ring (drawn beneath it), so that light classes show too.
POOL_EDGE_PIXELS = POOL_RING_PIXELS + 3

#: Circle area follows the places: radius = this many metres x sqrt(places).
METRES_PER_SQRT_PLACE = 40.0
#: Points of different sites closer than this are spread on a small circle so that each can be seen and clicked.
CLUSTER_METRES = 450.0
SPREAD_METRES = 550.0
EARTH_METRES_PER_DEGREE = 111_320.0

#: The municipality that the map is about (its outline is drawn stronger).
HOME_MUNICIPALITY = "5001"
HOME_FILL = (240, 233, 210, 255)
NEIGHBOUR_FILL = (214, 214, 214, 255)
BASEMAP_TINT_ALPHA = 120


def with_interval(value: str, interval: str) -> str:
    """``85,3 % (80,1–90,2)``: a shown value and its interval, or the value alone when there is none."""
    return f"{value} ({interval})" if interval else value


# --- colours ---------------------------------------------------------------------------


def bin_index(value: float | None, mode: ColourMode) -> int | None:
    """The colour class of a value (0 = lowest), or None when there is no value."""
    if value is None or math.isnan(value):
        return None
    for i, edge in enumerate(BIN_EDGES[mode]):
        if value < edge:
            return i
    return len(BIN_EDGES[mode])


def colour_for(value: float | None, mode: ColourMode, alpha: int = POINT_ALPHA) -> list[int]:
    """RGBA for a value on the ramp (grey when there is no value)."""
    index = bin_index(value, mode)
    rgb = NO_DATA_COLOUR if index is None else RAMP[index]
    return [*rgb, alpha]


@dataclass(frozen=True)
class LegendEntry:
    colour: tuple[int, int, int]
    label: str


def legend(mode: ColourMode, lang: str) -> list[LegendEntry]:
    """One entry per colour class, with its range in numbers (``80–90 %``, ``< 1``, ``≥ 25``)."""
    edges = BIN_EDGES[mode]
    if mode == "utilisation":
        shown = [fmt_number(100 * e, 0, lang) for e in edges]
        unit = "\u00a0%"
    else:
        shown = [fmt_number(e, 0, lang) for e in edges]
        unit = ""
    labels = [f"< {shown[0]}{unit}"]
    labels += [f"{a}–{b}{unit}" for a, b in itertools.pairwise(shown)]
    labels.append(f"≥ {shown[-1]}{unit}")
    return [LegendEntry(colour, label) for colour, label in zip(RAMP, labels, strict=True)]


# --- positions -------------------------------------------------------------------------


def _metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance on a local flat map (good to a few metres at city scale)."""
    dy = (lat2 - lat1) * EARTH_METRES_PER_DEGREE
    dx = (lon2 - lon1) * EARTH_METRES_PER_DEGREE * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot(dx, dy)


def spread_positions(
    lats: Sequence[float],
    lons: Sequence[float],
    cluster_metres: float = CLUSTER_METRES,
    spread_metres: float = SPREAD_METRES,
) -> list[tuple[float, float]]:
    """Plotted (lat, lon) per point: points that (nearly) share a place are spread on a circle.

    Points within `cluster_metres` of each other (transitively) form a group; a group of n > 1
    is laid out evenly on a circle of `spread_metres` around its centre, in input order,
    starting north and going clockwise. Lone points stay where they are.
    """
    n = len(lats)
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(n):
        for j in range(i + 1, n):
            if _metres(lats[i], lons[i], lats[j], lons[j]) < cluster_metres:
                parent[root(i)] = root(j)

    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(root(i), []).append(i)

    out = [(float(lat), float(lon)) for lat, lon in zip(lats, lons, strict=True)]
    for members in groups.values():
        if len(members) < 2:
            continue
        clat = sum(lats[i] for i in members) / len(members)
        clon = sum(lons[i] for i in members) / len(members)
        per_lon = EARTH_METRES_PER_DEGREE * math.cos(math.radians(clat))
        for k, i in enumerate(members):
            angle = 2 * math.pi * k / len(members)
            out[i] = (
                clat + spread_metres * math.cos(angle) / EARTH_METRES_PER_DEGREE,
                clon + spread_metres * math.sin(angle) / per_lon,
            )
    return out


def radius_metres(places: float) -> float:
    """Circle radius so that the area follows the number of places."""
    return METRES_PER_SQRT_PLACE * math.sqrt(max(places, 0.0))


# --- places in the scenario ------------------------------------------------------------


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


# --- the points layer ------------------------------------------------------------------


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
) -> pd.DataFrame:
    """One row per locations row, ready for a pydeck ScatterplotLayer and for the table.

    `estimates` is ``Results.estimates()`` (KPI -> object with mean/low/high per service id),
    `capacities` the scenario's effective capacity per service id, `labels` the service names
    in the reader's language. Rows come largest first, so that small sites are drawn on top.
    Columns: the locations columns, ``service`` (label), ``places``, ``utilisation``/``_low``/``_high``,
    ``queue``/``_low``/``_high``, ``wait_days``, ``blocked``, ``value`` (what the colour shows),
    ``fill``/``line`` (RGBA), ``line_width`` (px), ``radius`` (m), ``plat``/``plon`` (plotted position) and text fields
    ``places_text``, ``utilisation_text``, ``queue_text`` for tooltips.
    """
    if mode not in COLOUR_MODES:
        raise ValueError(f"unknown colour mode {mode!r}")
    frame = locations.reset_index(drop=True).copy()
    frame["service"] = [labels.get(s, s) for s in frame["service_id"]]
    frame["places"] = scenario_places(frame, capacities)

    for kpi, column in (("utilisation", "utilisation"), ("mean_queue", "queue")):
        values = [_est(estimates, s, kpi) for s in frame["service_id"]]
        frame[column] = [v[0] for v in values]
        frame[f"{column}_low"] = [v[1] for v in values]
        frame[f"{column}_high"] = [v[2] for v in values]
    # A share cannot leave 0-100 %, nor a queue go below 0: clip the (Student t) interval for display.
    frame["utilisation_low"] = frame["utilisation_low"].clip(lower=0.0)
    frame["utilisation_high"] = frame["utilisation_high"].clip(upper=1.0)
    frame["queue_low"] = frame["queue_low"].clip(lower=0.0)
    frame["wait_days"] = [_est(estimates, s, "mean_wait_days")[0] for s in frame["service_id"]]
    frame["blocked"] = [_est(estimates, s, "mean_blocked")[0] for s in frame["service_id"]]

    frame["value"] = frame[mode]
    pool = [s in POOL_SERVICES for s in frame["service_id"]]
    frame["fill"] = [
        colour_for(v, mode, POOL_FILL_ALPHA if p else POINT_ALPHA) for v, p in zip(frame["value"], pool, strict=True)
    ]
    frame["line"] = [colour_for(v, mode, 255) if p else OUTLINE for v, p in zip(frame["value"], pool, strict=True)]
    frame["line_width"] = [POOL_RING_PIXELS if p else OUTLINE_PIXELS for p in pool]
    frame["radius"] = [round(radius_metres(p), 1) for p in frame["places"]]

    # Sites that share a place are spread; pools (drawn as see-through rings) stay where they are.
    frame["plat"], frame["plon"] = frame["lat"], frame["lon"]
    solid = [not p for p in pool]
    spread = spread_positions(list(frame.loc[solid, "lat"]), list(frame.loc[solid, "lon"]))
    frame.loc[solid, "plat"] = [p[0] for p in spread]
    frame.loc[solid, "plon"] = [p[1] for p in spread]
    frame["plat"], frame["plon"] = frame["plat"].round(6), frame["plon"].round(6)

    frame["places_text"] = [fmt_number(p, 0, lang) for p in frame["places"]]
    frame["utilisation_text"] = [
        with_interval(fmt_percent(m, 1, lang), fmt_interval(100 * lo, 100 * hi, 1, lang))
        for m, lo, hi in zip(frame["utilisation"], frame["utilisation_low"], frame["utilisation_high"], strict=True)
    ]
    frame["queue_text"] = [
        with_interval(fmt_number(m, 1, lang), fmt_interval(lo, hi, 1, lang))
        for m, lo, hi in zip(frame["queue"], frame["queue_low"], frame["queue_high"], strict=True)
    ]
    return frame.sort_values("places", ascending=False, kind="stable").reset_index(drop=True)


def layer_records(points: pd.DataFrame) -> list[dict[str, Any]]:
    """The points as plain records for the deck (only what the layer and tooltip use; JSON-safe)."""
    columns = [
        "site_id",
        "name",
        "service_id",
        "service",
        "bydel",
        "confidence",
        "plat",
        "plon",
        "radius",
        "fill",
        "line",
        "line_width",
        "places_text",
        "utilisation_text",
        "queue_text",
    ]
    return [dict(zip(columns, row, strict=True)) for row in points[columns].itertuples(index=False, name=None)]


# --- sites and selection ---------------------------------------------------------------


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


def site_from_selection(
    selection: Mapping[str, Any] | None, points: pd.DataFrame | None = None, layer_id: str = POINTS_LAYER
) -> str | None:
    """The site_id picked on the map, from ``st.pydeck_chart``'s selection state, or None.

    Accepts the whole event (``{"selection": {...}}``) or its ``selection`` part. Uses the picked
    object's ``site_id``; falls back to the picked index into `points` (the layer's data order).
    """
    if not selection:
        return None
    inner = selection.get("selection", selection)
    if not isinstance(inner, Mapping):
        return None
    objects = (inner.get("objects") or {}).get(layer_id) or []
    for obj in objects:
        if isinstance(obj, Mapping) and obj.get("site_id"):
            return str(obj["site_id"])
    indices = (inner.get("indices") or {}).get(layer_id) or []
    if points is not None:
        for index in indices:
            if isinstance(index, int) and 0 <= index < len(points):
                return str(points.iloc[index]["site_id"])
    return None


def newly_clicked(clicked: str | None, last_click: str | None) -> str | None:
    """The site to show because of a new click on the map, or None when the click is old news.

    The map keeps its selection across reruns, so the same click must not override a site chosen
    later in the list: only a click that differs from the last one handled counts.
    """
    return clicked if clicked is not None and clicked != last_click else None


# --- boundaries ------------------------------------------------------------------------


def _rings(geometry: Mapping[str, Any]) -> list[Sequence[Sequence[float]]]:
    kind = geometry.get("type")
    coords = geometry.get("coordinates") or []
    if kind == "Polygon":
        return [coords[0]] if coords else []
    if kind == "MultiPolygon":
        return [poly[0] for poly in coords if poly]
    return []


def _ring_area_centroid(ring: Sequence[Sequence[float]]) -> tuple[float, float, float]:
    """Signed area and centroid (x, y) of a ring by the shoelace formula."""
    area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, [*ring[1:], ring[0]], strict=True):
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    area /= 2
    if area == 0:
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return area, cx / (6 * area), cy / (6 * area)


def _short_name(properties: Mapping[str, Any]) -> str:
    name = str(properties.get("name") or properties.get("kommunenavn") or "")
    return name.split(" - ")[0].strip()


def boundary_geojson(geojson: Mapping[str, Any], home: str = HOME_MUNICIPALITY) -> dict[str, Any]:
    """A copy of the FeatureCollection with drawing properties: ``fill``, ``line``, ``width``, ``label``, ``home``.

    The home municipality (by kommunenummer or name) gets a light fill and a strong outline;
    neighbours a grey fill and a thinner line, so the map reads without a basemap (land against
    a blank sea). ``fill_over_basemap`` is the same colour, see-through, for use over a basemap.
    """
    data = copy.deepcopy(dict(geojson))
    features = data.get("features") if data.get("type") == "FeatureCollection" else [data]
    for feature in features or []:
        props = feature.setdefault("properties", {})
        ids = {str(props.get(k, "")).casefold() for k in ("kommunenummer", "id", "name", "kommunenavn")}
        is_home = home.casefold() in ids or _short_name(props).casefold() == home.casefold()
        props["home"] = is_home
        props["label"] = _short_name(props)
        props["fill"] = list(HOME_FILL) if is_home else list(NEIGHBOUR_FILL)
        props["fill_over_basemap"] = [*props["fill"][:3], BASEMAP_TINT_ALPHA]
        props["line"] = [60, 60, 60, 255] if is_home else [150, 150, 150, 255]
        props["width"] = 3 if is_home else 1.5
    return data


def label_positions(geojson: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One label per municipality at the area centroid of its largest part: ``{"label", "lon", "lat", "home"}``."""
    labels = []
    features = geojson.get("features") if geojson.get("type") == "FeatureCollection" else [geojson]
    for feature in features or []:
        props = feature.get("properties") or {}
        parts = [_ring_area_centroid(ring) for ring in _rings(feature.get("geometry") or {}) if len(ring) >= 3]
        if not parts:
            continue
        _, x, y = max(parts, key=lambda p: abs(p[0]))
        labels.append(
            {"label": props.get("label") or _short_name(props), "lon": x, "lat": y, "home": bool(props.get("home"))}
        )
    return labels


#: Where a bydel's name may go around its pool ring: (direction east, north), text anchor, alignment baseline.
_LABEL_SIDES = (
    ((0, 1), "middle", "bottom"),  # north
    ((0, -1), "middle", "top"),  # south
    ((1, 0), "start", "center"),  # east
    ((-1, 0), "end", "center"),  # west
)
LABEL_GAP_METRES = 100.0
#: The size of label text on the ground at the first view (17 px bold at ~30 m a pixel), to keep it off sites.
LABEL_CHAR_METRES = 280.0
LABEL_HEIGHT_METRES = 600.0
#: Small sites are drawn at least this big (radius_min_pixels at the first view).
MIN_RADIUS_METRES = 200.0


def _circle_hits_box(x: float, y: float, r: float, box: tuple[float, float, float, float]) -> bool:
    west, south, east, north = box
    nearest_x, nearest_y = min(max(x, west), east), min(max(y, south), north)
    return math.hypot(x - nearest_x, y - nearest_y) < r


def bydel_labels(points: pd.DataFrame) -> list[dict[str, Any]]:
    """One label per bydel, beside its home-care ring on the side that covers the fewest sites.

    `points` is :func:`build_points`' frame. A bydel without a pool (home-care) row gets its label at
    the mean of its sites. Each label: ``label``, ``lat``, ``lon``, ``anchor`` and ``baseline`` (the
    TextLayer's text anchor and alignment baseline, so that the text grows away from the ring).
    """
    labels = []
    named = points[points["bydel"].astype(str).str.strip() != ""]
    for bydel, rows in named.groupby("bydel", sort=True):
        text = str(bydel)
        pool = rows[rows["service_id"].isin(POOL_SERVICES)]
        if not len(pool):
            lat, lon = float(rows["plat"].mean()), float(rows["plon"].mean())
            labels.append({"label": text, "lat": lat, "lon": lon, "anchor": "middle", "baseline": "center"})
            continue
        lat, lon = float(pool["plat"].mean()), float(pool["plon"].mean())
        per_lon = EARTH_METRES_PER_DEGREE * math.cos(math.radians(lat))
        # every other point as a circle in metres east/north of the ring's centre
        others = [
            ((plon - lon) * per_lon, (plat - lat) * EARTH_METRES_PER_DEGREE, max(radius, MIN_RADIUS_METRES))
            for index, plat, plon, radius in points[["plat", "plon", "radius"]].itertuples(name=None)
            if index not in pool.index
        ]
        reach = float(pool["radius"].max()) + LABEL_GAP_METRES
        width, height = LABEL_CHAR_METRES * len(text), LABEL_HEIGHT_METRES
        best = None
        for (dx, dy), anchor, baseline in _LABEL_SIDES:
            if dx:
                near, far = reach, reach + width
                box = (min(dx * near, dx * far), -height / 2, max(dx * near, dx * far), height / 2)
            else:
                near, far = reach, reach + height
                box = (-width / 2, min(dy * near, dy * far), width / 2, max(dy * near, dy * far))
            covered = sum(_circle_hits_box(x, y, r, box) for x, y, r in others)
            if best is None or covered < best[0]:
                best = (covered, dx, dy, anchor, baseline)
        _, dx, dy, anchor, baseline = best
        labels.append(
            {
                "label": text,
                "lat": lat + dy * reach / EARTH_METRES_PER_DEGREE,
                "lon": lon + dx * reach / per_lon,
                "anchor": anchor,
                "baseline": baseline,
            }
        )
    return labels


def fit_view(
    lats: Iterable[float], lons: Iterable[float], width_px: float, height_px: float, margin: float = 0.08
) -> tuple[float, float, float]:
    """(lat, lon, zoom) that shows the points' bounding box in a map of the given size.

    Web Mercator as deck.gl uses it (512-pixel tiles); `margin` is the share of each side kept free.
    """
    lats, lons = list(lats), list(lons)
    south, north, west, east = min(lats), max(lats), min(lons), max(lons)

    def mercator_y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    usable = 1 - 2 * margin
    span_x = max(math.radians(east - west), 1e-9)
    span_y = max(mercator_y(north) - mercator_y(south), 1e-9)
    # At zoom z the world is 512 * 2**z pixels wide, i.e. 2*pi radians of Mercator x or y.
    zoom_x = math.log2(width_px * usable * 2 * math.pi / (512 * span_x))
    zoom_y = math.log2(height_px * usable * 2 * math.pi / (512 * span_y))
    centre_y = (mercator_y(north) + mercator_y(south)) / 2
    centre_lat = math.degrees(2 * math.atan(math.exp(centre_y)) - math.pi / 2)
    return centre_lat, (west + east) / 2, round(min(zoom_x, zoom_y), 2)
