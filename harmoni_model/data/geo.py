"""Service locations and municipal boundaries for maps (stdlib + pandas; no Streamlit).

A locations file is a CSV with one row per (site, service) pair::

    site_id,name,service_id,lat,lon,capacity,bydel,confidence,source

``lat``/``lon`` are WGS84 decimal degrees. Boundaries are GeoJSON, whose coordinates are ``[lon, lat]``.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from harmoni_model.problems import InputError, Problem

#: The columns every locations file must have, in the order they are returned.
LOCATION_COLUMNS: tuple[str, ...] = (
    "site_id",
    "name",
    "service_id",
    "lat",
    "lon",
    "capacity",
    "bydel",
    "confidence",
    "source",
)
#: Text columns that may not be empty (``bydel`` may).
_REQUIRED_TEXT = ("site_id", "name", "service_id", "confidence", "source")
_MAX_LISTED = 50


class LocationsError(InputError):
    """A locations file that cannot be used, with one :class:`Problem` (its line and column) per fault."""

    def __init__(self, problems: Sequence[Problem], path: str | Path | None = None) -> None:
        """Every problem kept; the message names the file and lists up to 50 of them."""
        problems = list(problems)
        self.path = None if path is None else str(path)
        shown = problems[:_MAX_LISTED]
        more = len(problems) - len(shown)
        head = f"{self.path}: " if self.path else ""
        lines = [f"{head}{len(problems)} problem(s) in the locations file:"] + [f"- {p}" for p in shown]
        if more:
            lines.append(f"- ... and {more} more")
        super().__init__(problems, "\n".join(lines))


class BoundaryError(ValueError):
    """A boundary file that is not usable GeoJSON, or a municipality that is not in it."""


def _number(text: str) -> float | None:
    try:
        value = float(text.strip().replace("\u2212", "-"))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def load_locations(path: str | Path) -> pd.DataFrame:
    """Read and validate a locations CSV (UTF-8).

    Returns a DataFrame with the columns of :data:`LOCATION_COLUMNS` first (extra columns are kept after them),
    ``lat``/``lon`` as floats and ``capacity`` as int. Raises :class:`LocationsError` naming every problem
    with its line number in the file (the header is line 1) and its column.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise LocationsError([Problem.at(None, None, "no such file")], path) from None
    except IsADirectoryError:
        raise LocationsError([Problem.at(None, None, "is a directory, not a CSV file")], path) from None
    except UnicodeDecodeError:
        raise LocationsError([Problem.at(None, None, "not a UTF-8 text file")], path) from None

    reader = csv.reader(text.splitlines(keepends=True))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise LocationsError(
            [Problem.at(None, None, "the file is empty (expected a header line with the column names)")], path
        ) from None
    except csv.Error as exc:
        raise LocationsError([Problem.at(1, None, f"cannot read the header ({exc})")], path) from None

    problems: list[Problem] = []
    missing = [c for c in LOCATION_COLUMNS if c not in header]
    if missing:
        problems.append(Problem.at(1, None, f"the header is missing column(s): {', '.join(missing)}"))
    duplicated = sorted({h for h in header if header.count(h) > 1})
    if duplicated:
        problems.append(Problem.at(1, None, f"the header names column(s) twice: {', '.join(duplicated)}"))
    if problems:
        raise LocationsError(problems, path)

    records: list[dict[str, Any]] = []
    seen: dict[tuple[str, str], int] = {}
    end_of_previous = reader.line_num
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem.at(end_of_previous + 1, None, f"cannot read the row ({exc})"))
            break
        line, end_of_previous = end_of_previous + 1, reader.line_num
        if not row or all(not cell.strip() for cell in row):
            continue  # blank line
        if len(row) != len(header):
            problems.append(Problem.at(line, None, f"has {len(row)} values but the header has {len(header)} columns"))
            continue
        values = {h: cell.strip() for h, cell in zip(header, row, strict=True)}
        record: dict[str, Any] = dict(values)

        for col in _REQUIRED_TEXT:
            if not values[col]:
                problems.append(Problem.at(line, col, f"is empty (every location needs a {col})"))
        for col, low, high in (("lat", -90.0, 90.0), ("lon", -180.0, 180.0)):
            number = _number(values[col])
            if number is None:
                shown = repr(values[col]) if values[col] else "empty"
                problems.append(Problem.at(line, col, f"{shown} is not a number (decimal degrees, e.g. 63.43)"))
            elif not low <= number <= high:
                problems.append(Problem.at(line, col, f"{number} is outside {low:g} to {high:g} degrees"))
            record[col] = number
        capacity = _number(values["capacity"])
        if capacity is None or capacity < 0 or capacity != int(capacity):
            shown = repr(values["capacity"]) if values["capacity"] else "empty"
            problems.append(Problem.at(line, "capacity", f"{shown} is not a whole number of places (0 or more)"))
        else:
            record["capacity"] = int(capacity)

        key = (values["site_id"], values["service_id"])
        if all(key):
            if key in seen:
                message = f"site '{key[0]}' with service '{key[1]}' is listed twice (also on line {seen[key]})"
                problems.append(Problem.at(line, None, message))
            else:
                seen[key] = line
        records.append(record)

    if problems:
        raise LocationsError(problems, path)
    extra = [h for h in header if h not in LOCATION_COLUMNS]
    frame = pd.DataFrame.from_records(records, columns=[*LOCATION_COLUMNS, *extra])
    return frame.astype({"lat": float, "lon": float, "capacity": int})


def load_boundary(path: str | Path) -> dict[str, Any]:
    """Read a GeoJSON file (FeatureCollection, Feature or geometry) as a dict; raises :class:`BoundaryError`."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise BoundaryError(f"{path}: no such file") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BoundaryError(f"{path}: not a GeoJSON (JSON) file ({exc})") from None
    if not isinstance(data, dict) or data.get("type") not in {
        "FeatureCollection",
        "Feature",
        "Polygon",
        "MultiPolygon",
    }:
        raise BoundaryError(f"{path}: expected a GeoJSON FeatureCollection, Feature, Polygon or MultiPolygon")
    return data
