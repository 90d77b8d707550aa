"""The municipal outlines under the map: drawing properties and a label per municipality.

No Streamlit here, so every step can be unit-tested. GeoJSON coordinates are ``[lon, lat]``.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

#: The municipality that the map is about (its outline is drawn stronger).
HOME_MUNICIPALITY = "5001"
HOME_FILL = (240, 233, 210, 255)
NEIGHBOUR_FILL = (214, 214, 214, 255)
BASEMAP_TINT_ALPHA = 120


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
