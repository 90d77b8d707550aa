"""Service locations (sample_data/locations.csv), the Trondheim boundary and the geo helpers."""

from __future__ import annotations

from pathlib import Path

import pytest
from geo_checks import municipality_polygon, point_in_polygon
from plain_scenarios import ROOT

from harmoni_model import load_scenario
from harmoni_model.data.geo import (
    LOCATION_COLUMNS,
    BoundaryError,
    LocationsError,
    load_boundary,
    load_locations,
)
from harmoni_model.problems import InputError, Problem

LOCATIONS = ROOT / "sample_data" / "locations.csv"
BOUNDARY = ROOT / "sample_data" / "trondheim_municipalities.geojson"
BASELINE = ROOT / "sample_data" / "scenarios" / "trondheim_baseline.yaml"
BYDELER = {"Midtbyen", "Østbyen", "Lerkendal", "Heimdal"}
#: Services whose capacity in the baseline is an estimate (so every row of them is EST).
EST_SERVICES = {"hospital_medical", "hospital_ortho", "kad", "home_care"}
#: Long-term sites whose size was found in a source; the other long-term rows are scaled estimates.
SOURCED_LONG_TERM = {
    "trondhjems_hospital": 50,
    "zion_hvs": 36,
    "ladesletta_hvs": 76,
    "byneset_hvs": 30,
    "risvollan_hvs": 72,
    "klaebu_hvs": 60,
    "sobstad_helsehus": 36,
}
SCALED_EST = "EST (scaled so that long-term places add up to the EST total 1 350)"


@pytest.fixture(scope="module")
def locations():
    return load_locations(LOCATIONS)


@pytest.fixture(scope="module")
def trondheim():
    return municipality_polygon(load_boundary(BOUNDARY), "Trondheim")


@pytest.fixture(scope="module")
def baseline():
    return load_scenario(BASELINE)


def _expected_places(service) -> int:
    # Home care: the client places that staffing can serve (the baseline's capacity is a nominal ceiling above it).
    return service.effective_capacity if service.id == "home_care" else service.capacity


# --- the sample data ------------------------------------------------------------------------------------------


def test_columns_are_exactly_as_specified():
    header = LOCATIONS.read_text(encoding="utf-8").splitlines()[0]
    assert tuple(header.split(",")) == LOCATION_COLUMNS


def test_services_are_those_of_the_baseline(locations, baseline):
    assert set(locations["service_id"]) == set(baseline.service_ids)


def test_rows_of_each_service_add_up_to_its_baseline_capacity(locations, baseline):
    totals = locations.groupby("service_id")["capacity"].sum().to_dict()
    expected = {s.id: _expected_places(s) for s in baseline.services}
    assert totals == expected


def test_capacities_named_in_the_facts(locations):
    cap = {(r.site_id, r.service_id): r.capacity for r in locations.itertuples()}
    assert cap[("oya_helsehus", "short_term")] == 125
    assert cap[("sobstad_helsehus", "short_term")] == 54
    assert cap[("trondheim_rehab", "rehab")] == 72
    assert cap[("oya_helsehus", "kad")] == 20
    for site, places in SOURCED_LONG_TERM.items():
        assert cap[(site, "long_term")] == places


def test_every_point_lies_inside_trondheim(locations, trondheim):
    outside = [r.name for r in locations.itertuples() if not point_in_polygon(r.lat, r.lon, trondheim)]
    assert outside == []


@pytest.mark.parametrize(
    ("place", "lat", "lon", "municipality"),
    [("Orkanger", 63.3, 9.852, "Orkland"), ("Stjørdal", 63.47, 10.92, "Stjørdal"), ("Røros", 62.576, 11.383, None)],
)
def test_points_known_to_be_outside_trondheim_are_outside(trondheim, place, lat, lon, municipality):
    assert not point_in_polygon(lat, lon, trondheim), place
    if municipality:
        assert point_in_polygon(lat, lon, municipality_polygon(load_boundary(BOUNDARY), municipality)), place


def test_every_row_has_a_source_a_confidence_and_a_bydel(locations):
    for row in locations.itertuples():
        assert row.source.strip() and "coords" in row.source and "capacity" in row.source, row.site_id
        assert row.confidence.strip(), row.site_id
        assert row.bydel in BYDELER, row.site_id


def test_estimates_are_marked_est(locations):
    for row in locations.itertuples():
        where = f"{row.site_id}/{row.service_id}"
        if row.service_id in EST_SERVICES:
            assert "EST" in row.source and "EST" in row.confidence, where
        if row.service_id == "long_term" and row.site_id not in SOURCED_LONG_TERM:
            assert SCALED_EST in row.source and "EST" in row.confidence, where
        # a capacity marked EST in the confidence is marked EST in the source, and the other way round
        assert ("EST" in row.confidence) == ("capacity: EST" in row.source), where


def test_unverified_sites_keep_their_low_confidence(locations):
    unverified = locations[locations["source"].str.contains("unverified")]
    assert len(unverified) > 0
    assert unverified["confidence"].str.contains("low (existence unverified)", regex=False).all()


def test_a_site_has_one_position_and_one_bydel(locations):
    per_site = locations.groupby("site_id")[["lat", "lon", "bydel"]].nunique()
    assert (per_site == 1).all().all()


def test_home_care_has_one_row_per_bydel(locations):
    home = locations[locations["service_id"] == "home_care"]
    assert sorted(home["bydel"]) == sorted(BYDELER)
    assert home["capacity"].max() - home["capacity"].min() <= 1  # ~equal populations (EST)


# SHA-256 of the Kartverket outline as the team received it (trondheim_region_municipalities.geojson,
# © Kartverket, CC BY 4.0): the shipped copy must be unchanged, on any machine, with nothing beside the checkout.
KARTVERKET_SHA256 = "e8a2f223214adab5565741751bf6ebcaef4ceeb00182823dbe58851759fde18c"


def test_boundary_is_an_unchanged_copy():
    import hashlib

    assert hashlib.sha256(BOUNDARY.read_bytes()).hexdigest() == KARTVERKET_SHA256


# --- validation of a broken locations file -------------------------------------------------------------------

GOOD_ROW = "a,Site A,kad,63.42,10.39,5,Midtbyen,medium,stolav.no"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "locations.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _problems(path: Path) -> list[str]:
    with pytest.raises(LocationsError) as info:
        load_locations(path)
    assert isinstance(info.value, InputError)
    assert all(isinstance(p, Problem) for p in info.value.problems)
    return [str(p) for p in info.value.problems]


def test_a_good_small_file_loads(tmp_path):
    frame = load_locations(_write(tmp_path, ",".join(LOCATION_COLUMNS) + "\n" + GOOD_ROW + "\n"))
    assert list(frame.columns) == list(LOCATION_COLUMNS)
    assert frame.loc[0, "lat"] == pytest.approx(63.42) and frame.loc[0, "capacity"] == 5


def test_missing_column_is_named(tmp_path):
    header = ",".join(c for c in LOCATION_COLUMNS if c != "confidence")
    problems = _problems(_write(tmp_path, header + "\na,Site A,kad,63.42,10.39,5,Midtbyen,stolav.no\n"))
    assert problems == ["line 1: the header is missing column(s): confidence"]


def test_text_in_lat_and_empty_source_name_row_and_column(tmp_path):
    text = "\n".join(
        [
            ",".join(LOCATION_COLUMNS),
            GOOD_ROW,
            "b,Site B,kad,north,10.39,5,Midtbyen,medium,stolav.no",
            "c,Site C,kad,63.40,10.40,5,Midtbyen,medium,",
            "d,Site D,kad,63.40,10.40,2.5,Midtbyen,medium,src",
        ]
    )
    problems = _problems(_write(tmp_path, text + "\n"))
    assert len(problems) == 3
    assert "line 3, column 'lat'" in problems[0] and "'north' is not a number" in problems[0]
    assert "line 4, column 'source'" in problems[1] and "empty" in problems[1]
    assert "line 5, column 'capacity'" in problems[2] and "whole number" in problems[2]


def test_problems_carry_their_line_and_column(tmp_path):
    text = ",".join(LOCATION_COLUMNS) + "\nb,Site B,kad,north,10.39,5,Midtbyen,medium,stolav.no\n"
    with pytest.raises(LocationsError) as info:
        load_locations(_write(tmp_path, text))
    assert [(p.line, p.column) for p in info.value.problems] == [(2, "lat")]


def test_error_message_lists_every_problem_in_plain_words(tmp_path):
    text = ",".join(LOCATION_COLUMNS) + "\nb,Site B,kad,,200,-1,Midtbyen,,src\n"
    with pytest.raises(LocationsError) as info:
        load_locations(_write(tmp_path, text))
    message = str(info.value)
    for part in (
        "line 2, column 'lat': empty",
        "line 2, column 'lon': 200.0 is outside",
        "line 2, column 'capacity'",
        "line 2, column 'confidence': is empty",
    ):
        assert part in message


def test_wrong_number_of_values_and_duplicates(tmp_path):
    text = "\n".join([",".join(LOCATION_COLUMNS), GOOD_ROW, "", "x,Site X,kad,63.4", GOOD_ROW])
    problems = _problems(_write(tmp_path, text + "\n"))
    assert problems == [
        "line 4: has 4 values but the header has 9 columns",
        "line 5: site 'a' with service 'kad' is listed twice (also on line 2)",
    ]


def test_line_numbers_count_quoted_line_breaks(tmp_path):
    text = ",".join(LOCATION_COLUMNS) + '\na,"Site\nA",kad,63.42,10.39,5,Midtbyen,medium,\n'
    assert _problems(_write(tmp_path, text)) == ["line 2, column 'source': is empty (every location needs a source)"]


def test_missing_and_empty_files(tmp_path):
    assert _problems(tmp_path / "nope.csv") == ["no such file"]
    assert "empty" in _problems(_write(tmp_path, ""))[0]


# --- boundary and point in polygon ------------------------------------------------------------------------------


def _square(x0: float, y0: float, x1: float, y1: float) -> list[list[float]]:
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]


SQUARE_WITH_HOLE = {"type": "Polygon", "coordinates": [_square(0, 0, 10, 10), _square(4, 4, 6, 6)]}


@pytest.mark.parametrize(
    ("lat", "lon", "inside"),
    [(2, 2, True), (8, 5, True), (5, 5, False), (4.5, 5.5, False), (5, 11, False), (-1, 5, False), (5, 3.9, True)],
)
def test_square_with_a_hole(lat, lon, inside):
    assert point_in_polygon(lat, lon, SQUARE_WITH_HOLE) is inside


def test_multipolygon_with_a_hole_and_a_second_part():
    multi = {
        "type": "MultiPolygon",
        "coordinates": [[_square(0, 0, 10, 10), _square(4, 4, 6, 6)], [_square(20, 0, 30, 10)]],
    }
    assert point_in_polygon(5, 25, multi)  # lat 5, lon 25: the second part
    assert point_in_polygon(2, 2, multi)
    assert not point_in_polygon(5, 5, multi)  # in the hole
    assert not point_in_polygon(5, 15, multi)  # between the parts


def test_coordinates_are_lon_lat():
    wide = {"type": "Polygon", "coordinates": [_square(0, 0, 20, 2)]}  # lon 0..20, lat 0..2
    assert point_in_polygon(1, 15, wide)
    assert not point_in_polygon(15, 1, wide)


def test_a_feature_is_accepted_and_other_geometries_are_not():
    feature = {"type": "Feature", "properties": {}, "geometry": SQUARE_WITH_HOLE}
    assert point_in_polygon(2, 2, feature)
    with pytest.raises(BoundaryError):
        point_in_polygon(0, 0, {"type": "Point", "coordinates": [0, 0]})


def test_municipality_is_found_by_name_part_and_number():
    geojson = load_boundary(BOUNDARY)
    by_name = municipality_polygon(geojson, "Trondheim")
    assert by_name["type"] in {"Polygon", "MultiPolygon"}
    assert municipality_polygon(geojson, "trondheim - tråante") == by_name
    assert municipality_polygon(geojson, "5001") == by_name
    with pytest.raises(BoundaryError, match="Oslo"):
        municipality_polygon(geojson, "Oslo")


def test_boundary_errors(tmp_path):
    with pytest.raises(BoundaryError, match="no such file"):
        load_boundary(tmp_path / "nope.geojson")
    bad = tmp_path / "bad.geojson"
    bad.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(BoundaryError):
        load_boundary(bad)
