"""Checks of the sample locations against the map outline: a municipality's polygon, and a point inside it.

Only the tests need them (the app draws the outline; it never asks whether a point lies in it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from harmoni_model.data.geo import BoundaryError


def _features(geojson: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    kind = geojson.get("type")
    if kind == "FeatureCollection":
        return [f for f in geojson.get("features") or [] if isinstance(f, Mapping)]
    if kind == "Feature":
        return [geojson]
    return []


def _names(properties: Mapping[str, Any]) -> set[str]:
    """Lower-case names a feature answers to: full names, each part of 'Trondheim - Tråante', the number."""
    names: set[str] = set()
    for key in ("name", "kommunenavn", "navn", "kommunenummer", "id"):
        value = properties.get(key)
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            full = str(value).strip().casefold()
            names.add(full)
            names.update(part.strip() for part in full.split(" - "))
    return names


def municipality_polygon(geojson: Mapping[str, Any], name: str = "Trondheim") -> dict[str, Any]:
    """The (Multi)Polygon geometry of the named municipality.

    Matches ``name``/``kommunenavn`` case-insensitively, also one part of a bilingual name
    ("Trondheim" finds "Trondheim - Tråante"), or the kommunenummer. Raises :class:`BoundaryError` if absent.
    """
    wanted = name.strip().casefold()
    available: list[str] = []
    for feature in _features(geojson):
        properties = feature.get("properties") or {}
        geometry = feature.get("geometry") or {}
        if wanted in _names(properties) and geometry.get("type") in {"Polygon", "MultiPolygon"}:
            return dict(geometry)
        available.append(str(properties.get("name", properties.get("kommunenavn", "?"))))
    listed = ", ".join(sorted(available)) or "none"
    raise BoundaryError(f"no municipality named '{name}' in the boundary data (found: {listed})")


def _in_ring(x: float, y: float, ring: Sequence[Sequence[float]]) -> bool:
    """Ray casting (even-odd rule) for one closed or open ring of [x, y] points."""
    inside = False
    n = len(ring)
    if n < 3:
        return False
    x1, y1 = ring[-1][0], ring[-1][1]
    for point in ring:
        x2, y2 = point[0], point[1]
        if (y2 > y) != (y1 > y) and x < (x1 - x2) * (y - y2) / (y1 - y2) + x2:
            inside = not inside
        x1, y1 = x2, y2
    return inside


def _in_polygon(x: float, y: float, rings: Sequence[Sequence[Sequence[float]]]) -> bool:
    if not rings or not _in_ring(x, y, rings[0]):
        return False
    return not any(_in_ring(x, y, hole) for hole in rings[1:])


def point_in_polygon(lat: float, lon: float, polygon: Mapping[str, Any]) -> bool:
    """Whether (lat, lon) lies inside a GeoJSON Polygon or MultiPolygon (or a Feature holding one).

    Uses ray casting; holes (inner rings) count as outside. Points exactly on an edge may go either way.
    """
    geometry = polygon.get("geometry", polygon) if polygon.get("type") == "Feature" else polygon
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates") or []
    if kind == "Polygon":
        return _in_polygon(lon, lat, coordinates)
    if kind == "MultiPolygon":
        return any(_in_polygon(lon, lat, part) for part in coordinates)
    raise BoundaryError(f"expected a Polygon or MultiPolygon geometry, got {kind!r}")
