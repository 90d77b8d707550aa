"""Where things go on the map: circle sizes, sites that share a place spread apart, district labels, the view.

No Streamlit here, so every step can be unit-tested. Positions are (lat, lon) in WGS84 degrees;
distances are metres on a local flat map (good to a few metres at city scale).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

#: Circle area follows the places: radius = this many metres x sqrt(places).
METRES_PER_SQRT_PLACE = 40.0
#: Points of different sites closer than this are spread on a small circle so that each can be seen and clicked.
CLUSTER_METRES = 450.0
SPREAD_METRES = 550.0
EARTH_METRES_PER_DEGREE = 111_320.0


def metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
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
            if metres(lats[i], lons[i], lats[j], lons[j]) < cluster_metres:
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
    """One label per bydel, beside its pool's ring (care at home) on the side that covers the fewest sites.

    `points` is :func:`pages.ui.map_sites.build_points`' frame. A bydel without a pool row gets its label at
    the mean of its sites. Each label: ``label``, ``lat``, ``lon``, ``anchor`` and ``baseline`` (the
    TextLayer's text anchor and alignment baseline, so that the text grows away from the ring).
    """
    labels = []
    named = points[points["bydel"].astype(str).str.strip() != ""]
    for bydel, rows in named.groupby("bydel", sort=True):
        text = str(bydel)
        pool = rows[rows["pool"].astype(bool)]
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
