"""Generate the service locations of the map (sample_data/locations.csv) from the Trondheim baseline.

    python scripts/make_locations.py [--baseline PATH] [--output PATH]

One row per (site, service). Sites, coordinates and their sources come from the project's domain notes
(trondheim_locations.csv, facts.md §2), copied into SITES below. Capacities follow the baseline scenario:

- hospital_medical, hospital_ortho (St. Olavs, Øya) and kad (Øya helsehus): one site each, so the row takes the
  baseline's capacity (all EST allocations).
- short_term = Øya helsehus 125 + Søbstad helsehus 54 and rehab = Trondheim rehabiliteringssenter 72 are sourced
  sizes: the script stops if the baseline disagrees.
- long_term: the sizes found in sources (SOURCED_LONG_TERM); the rest of the baseline total (EST) is spread over
  the other helse- og velferdssentre in proportion to their EST sizes, rounded by largest remainder. Nine of
  them are named in no source found; they are included because without them the eight verified centres with
  unknown size would need about 124 places each (their EST sizes are 30-70).
- home_care: the client places staffing can serve (effective capacity) split over the 4 bydeler in proportion
  to population, taken as equal (EST); odd places go to Heimdal, then Midtbyen, Østbyen, Lerkendal.

Regenerate after changing those capacities in the baseline.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harmoni_model import load_scenario  # noqa: E402
from harmoni_model.data.geo import LOCATION_COLUMNS  # noqa: E402


@dataclass(frozen=True)
class Site:
    name: str
    lat: float
    lon: float
    bydel: str
    coords: str  # where the coordinates come from
    bydel_note: str  # why this bydel
    confidence: str  # location confidence (trondheim_locations.csv)


def _geo(bydel: str, place: str = "") -> str:
    return f"bydel {bydel} ({place}; own judgement)" if place else f"bydel {bydel} by geography (own judgement)"


SOBSTAD_BYDEL = "bydel Heimdal (bydelsnytt.no 2025-09 / trondheim_locations.csv)"
UNVERIFIED = "low (existence unverified)"

# fmt: off
SITES: dict[str, Site] = {
    "st_olavs_oya": Site("St. Olavs hospital (Øya)", 63.4206, 10.389, "Midtbyen", "midpoint of AtB stops 'St. Olavs hospital, vest/øst' (busstuc statcoord2)", _geo("Midtbyen", "Øya"), "location high (±200 m)"),  # noqa: E501
    "oya_helsehus": Site("Øya helsehus", 63.4215, 10.3857, "Midtbyen", "estimated adjacent to St. Olavs (bridge connection)", _geo("Midtbyen", "Øya"), "location medium (±300 m)"),  # noqa: E501
    "sobstad_helsehus": Site("Søbstad helsehus", 63.365, 10.352, "Heimdal", "EST (Saupstad/Kolstad area, Heimdal bydel)", SOBSTAD_BYDEL, "location low (±1 km)"),  # noqa: E501
    "trondheim_rehab": Site("Trondheim rehabiliteringssenter (Klæbuvegen 196, Nidarvoll)", 63.3975, 10.4045, "Lerkendal", "from AtB stop 'Nidarvoll'/'Nidarvoll sk'", _geo("Lerkendal", "Nidarvoll"), "location medium-high (±200 m)"),  # noqa: E501
    "trondhjems_hospital": Site("Trondhjems Hospital (stiftelse)", 63.4303, 10.3845, "Midtbyen", "AtB stop 'Hospitalkirka'", _geo("Midtbyen"), "location high (±150 m)"),  # noqa: E501
    "zion_hvs": Site("Zion helse- og velferdssenter (Valentinlyst)", 63.4215, 10.444, "Østbyen", "between AtB stops Valentinlyst/Tegleverkskrysset", _geo("Østbyen"), "location medium (±300 m)"),  # noqa: E501
    "ladesletta_hvs": Site("Ladesletta helse- og velferdssenter", 63.4439, 10.449, "Østbyen", "EST near Lade idrettsanlegg stop (statcoord3)", _geo("Østbyen"), "location low-medium"),  # noqa: E501
    "byneset_hvs": Site("Byneset helse- og velferdssenter (Spongdal)", 63.356, 10.1668, "Heimdal", "AtB stop 'Spongdal sk.' (centre 'rett ved butikken')", _geo("Heimdal"), "location medium"),  # noqa: E501
    "risvollan_hvs": Site("Risvollan helse- og velferdssenter (Blaklivegen)", 63.3935, 10.4385, "Lerkendal", "AtB stops Blakli/Risvollan senter", _geo("Lerkendal"), "location medium"),  # noqa: E501
    "klaebu_hvs": Site("Klæbu helse- og velferdssenter", 63.3003, 10.4849, "Heimdal", "AtB stop 'Klæbu sentrum' (statcoord3)", _geo("Heimdal"), "location medium (±500 m)"),  # noqa: E501
    "nypantunet_hvs": Site("Nypantunet (Byneset og Nypantunet HVS)", 63.3321, 10.2978, "Heimdal", "AtB stop 'Nypantunet'", _geo("Heimdal"), "location medium"),  # noqa: E501
    "persaunet_hvs": Site("Persaunet helse- og velferdssenter", 63.4289, 10.4388, "Østbyen", "GitHub map geojson point (Persaunet HVS); AtB 'Persaunet leir' nearby", _geo("Østbyen"), "location medium"),  # noqa: E501
    "brundalen_hvs": Site("Brundalen helse- og velferdssenter", 63.4161, 10.4862, "Østbyen", "AtB stop 'Brundalen sykehjem' (busstuc statcoord2)", _geo("Østbyen"), "location medium"),  # noqa: E501
    "dragvoll_hvs": Site("Dragvoll helse- og velferdssenter", 63.4077, 10.4714, "Østbyen", "AtB stop 'Dragvoll'", _geo("Østbyen"), "location low-medium"),  # noqa: E501
    "charlottenlund_hvs": Site("Charlottenlund helse- og velferdssenter", 63.4216, 10.4949, "Østbyen", "AtB 'Charlottenlund krk'", _geo("Østbyen"), "location low"),  # noqa: E501
    "kystad_hvs": Site("Kystad helse- og velferdssenter", 63.3888, 10.3439, "Lerkendal", "AtB stop 'Kystad'", _geo("Lerkendal"), "location low-medium"),  # noqa: E501
    "havstein_hvs": Site("Havstein helse- og velferdssenter", 63.404, 10.36, "Lerkendal", "EST Byåsen", _geo("Lerkendal"), "location low"),  # noqa: E501
    "tiller_hvs": Site("Tiller helse- og velferdssenter", 63.354, 10.38, "Heimdal", "EST Tiller", _geo("Heimdal"), "location low"),  # noqa: E501
    "havstad_hvs": Site("Havstad helse- og velferdssenter", 63.4077, 10.3599, "Lerkendal", "AtB 'Havstadsenteret'", _geo("Lerkendal"), UNVERIFIED),  # noqa: E501
    "ila_hvs": Site("Ila helse- og velferdssenter", 63.4289, 10.3673, "Midtbyen", "AtB 'Ila'", _geo("Midtbyen"), UNVERIFIED),  # noqa: E501
    "kattem_hvs": Site("Kattem helse- og velferdssenter", 63.3462, 10.3356, "Heimdal", "AtB 'Kattemsenteret'", _geo("Heimdal"), UNVERIFIED),  # noqa: E501
    "nardo_hvs": Site("Nardo helse- og velferdssenter", 63.4034, 10.4271, "Lerkendal", "AtB 'Nardosenteret'", _geo("Lerkendal"), UNVERIFIED),  # noqa: E501
    "saupstad_hvs": Site("Saupstad helse- og velferdssenter", 63.3672, 10.3483, "Heimdal", "AtB 'Saupstadsenteret'", _geo("Heimdal"), UNVERIFIED),  # noqa: E501
    "tempe_hvs": Site("Tempe helse- og velferdssenter", 63.4117, 10.3995, "Lerkendal", "AtB 'Tempe krk'", _geo("Lerkendal"), UNVERIFIED),  # noqa: E501
    "tonstad_hvs": Site("Tonstad helse- og velferdssenter", 63.3618, 10.3871, "Heimdal", "AtB 'Tonstadgrenda'", _geo("Heimdal"), UNVERIFIED),  # noqa: E501
    "vikaasen_hvs": Site("Vikåsen helse- og velferdssenter", 63.4147, 10.5305, "Østbyen", "AtB 'Vikåsen'", _geo("Østbyen"), UNVERIFIED),  # noqa: E501
    "ranheim_hvs": Site("Ranheim helse- og velferdssenter", 63.4289, 10.5368, "Østbyen", "AtB 'Ranheim krk'", _geo("Østbyen"), UNVERIFIED),  # noqa: E501
    "home_care_midtbyen": Site("Hjemmetjenester Midtbyen", 63.4305, 10.3951, "Midtbyen", "Trondheim centre (bydel centroid)", "bydel Midtbyen (centroid site)", "location medium (centroid)"),  # noqa: E501
    "home_care_ostbyen": Site("Hjemmetjenester Østbyen", 63.417, 10.45, "Østbyen", "Wikipedia/SNL (bydel centroid)", "bydel Østbyen (centroid site)", "location medium (centroid)"),  # noqa: E501
    "home_care_lerkendal": Site("Hjemmetjenester Lerkendal", 63.4133, 10.4071, "Lerkendal", "Wikipedia (de) coordinates (bydel centroid)", "bydel Lerkendal (centroid site)", "location medium (centroid)"),  # noqa: E501
    "home_care_heimdal": Site("Hjemmetjenester Heimdal", 63.3516, 10.3568, "Heimdal", "AtB stop 'Heimdal sentrum' (bydel centroid)", "bydel Heimdal (centroid site)", "location medium (centroid)"),  # noqa: E501
}
# fmt: on

ST_OLAVS = "St. Olavs has ~1 000 beds, 746 somatic, stolav.no nøkkeltall 2018-2019"
#: Sourced (site, service) sizes that the baseline must agree with: capacity, capacity confidence, source.
SOURCED: dict[tuple[str, str], tuple[int, str, str]] = {
    ("oya_helsehus", "short_term"): (
        125,
        "beds sourced",
        "125 short-term beds (Klæbuposten op-ed by enhetsledere ~2023/24)",
    ),
    ("sobstad_helsehus", "short_term"): (
        54,
        "beds high",
        "54 short-term beds of 90 (36 long-term + 54 short-term), bydelsnytt.no 2025-09",
    ),
    ("trondheim_rehab", "rehab"): (
        72,
        "beds sourced",
        "72 døgnrehabilitering beds, opened 2023-08-28 (trondheim.kommune.no 2023; wikiStrinda)",
    ),
}
SOURCED_LONG_TERM: dict[str, tuple[int, str, str]] = {
    "trondhjems_hospital": (50, "places sourced", "50 long-term places (trondheim.kommune.no)"),
    "zion_hvs": (
        36,
        "places sourced",
        "36 sykehjemsplasser, not counting 23 heldøgns omsorgsboliger (trondheim.kommune.no/zion-hvsenter)",
    ),
    "ladesletta_hvs": (76, "places high", "76 sykehjemsplasser (veiviseren.no (SINTEF); bygg.no; 2013/14)"),
    "byneset_hvs": (30, "places sourced", "30 sykehjemsplasser (veiviseren.no, 2003)"),
    "risvollan_hvs": (
        72,
        "places sourced",
        "72 sykehjemsplasser, not counting 50 omsorgsboliger (eggen-arkitekter.no; bygg.no ~2021)",
    ),
    "klaebu_hvs": (60, "places sourced", "60 plasser, opened Sept 2021 (bygg.no; Adresseavisen 2019)"),
    "sobstad_helsehus": (36, "places high", "36 long-term beds of 90 (bydelsnytt.no 2025-09)"),
}
#: EST sizes of the other centres (trondheim_locations.csv), in file order.
EST_LONG_TERM: dict[str, int] = {
    "nypantunet_hvs": 30, "persaunet_hvs": 60, "brundalen_hvs": 60, "dragvoll_hvs": 60, "charlottenlund_hvs": 40,
    "kystad_hvs": 70, "havstein_hvs": 60, "tiller_hvs": 60, "havstad_hvs": 60, "ila_hvs": 60, "kattem_hvs": 60,
    "nardo_hvs": 60, "saupstad_hvs": 60, "tempe_hvs": 60, "tonstad_hvs": 60, "vikaasen_hvs": 50, "ranheim_hvs": 50,
}  # fmt: skip
BYDELER = ("Heimdal", "Midtbyen", "Østbyen", "Lerkendal")  # order of the odd home-care places (Heimdal incl. Klæbu)


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def largest_remainder(total: int, weights: dict[str, float]) -> tuple[dict[str, int], dict[str, float]]:
    """Integers proportional to weights that add up to total (ties: first in the dict first); also the exact shares."""
    scale = total / sum(weights.values())
    exact = {k: w * scale for k, w in weights.items()}
    out = {k: math.floor(v) for k, v in exact.items()}
    order = sorted(exact, key=lambda k: -(exact[k] - out[k]))  # stable: ties keep dict order
    for k in order[: total - sum(out.values())]:
        out[k] += 1
    return out, exact


def build_rows(baseline_path: Path) -> list[dict[str, object]]:
    scenario = load_scenario(baseline_path)
    cap = {s.id: s.capacity for s in scenario.services}
    rows: list[dict[str, object]] = []

    def add(site_id: str, service: str, places: int, confidence: str, capacity: str, name: str | None = None) -> None:
        site = SITES[site_id]
        source = f"coords: {site.coords} (trondheim_locations.csv); capacity: {capacity}; {site.bydel_note}"
        rows.append(
            {"site_id": site_id, "name": name or site.name, "service_id": service, "lat": site.lat, "lon": site.lon,
             "capacity": places, "bydel": site.bydel, "confidence": f"{site.confidence}; {confidence}",
             "source": source}
        )  # fmt: skip

    for service, kind in (("hospital_medical", "medical/geriatric"), ("hospital_ortho", "orthopaedic")):
        n = cap[service]
        add("st_olavs_oya", service, n, "beds EST",
            f"EST {n} beds = the part of St. Olavs' {kind} beds used by Trondheim's 80+ emergency patients "
            f"(baseline scenario allocation; {ST_OLAVS})")  # fmt: skip
    add("oya_helsehus", "kad", cap["kad"], "beds low (EST)",
        f"EST {cap['kad']} beds (range 10-25): 10 at start Oct 2013 (malvik.kommune.no 2013/2014), 25 planned in the "
        "Helsevakta building (norconsult.no); current count not found",
        name="KAD/ØHD, Øya helsehus (kommunal akutt døgnenhet)")  # fmt: skip

    for service in ("short_term", "rehab"):
        parts = {site: v for (site, s), v in SOURCED.items() if s == service}
        total = sum(v[0] for v in parts.values())
        if cap[service] != total:
            sys.exit(f"{service}: baseline capacity {cap[service]} is not the sourced total {total}; update SOURCED")
        for site, (n, confidence, text) in parts.items():
            add(site, service, n, confidence, text)

    total = cap["long_term"]
    rest = total - sum(v[0] for v in SOURCED_LONG_TERM.values())
    for site, (n, confidence, text) in SOURCED_LONG_TERM.items():
        text += f"; part of the EST long-term total {_thousands(total)} (facts.md §2)"
        add(site, "long_term", n, confidence, text)
    scaled, exact = largest_remainder(rest, dict(EST_LONG_TERM))
    est_sum = sum(EST_LONG_TERM.values())
    verified = [site for site in EST_LONG_TERM if SITES[site].confidence != UNVERIFIED]
    for site, n in scaled.items():
        text = (
            f"EST (scaled so that long-term places add up to the EST total {_thousands(total)}): "
            f"trondheim_locations.csv EST {EST_LONG_TERM[site]} x {rest}/{est_sum} = {exact[site]:.1f}, "
            "rounded (largest remainder)"
        )
        if SITES[site].confidence == UNVERIFIED:
            text += (
                f"; site name unverified, included because without them the {len(verified)} verified centres of "
                f"unknown size would need about {rest / len(verified):.0f} places each (EST sizes 30-70)"
            )
        add(site, "long_term", n, "places EST", text)

    clients = scenario.service("home_care").effective_capacity
    split, _ = largest_remainder(clients, dict.fromkeys(BYDELER, 1.0))
    for bydel in ("Midtbyen", "Østbyen", "Lerkendal", "Heimdal"):
        site_id = "home_care_" + bydel.lower().replace("ø", "o")
        add(site_id, "home_care", split[bydel], "places EST",
            f"EST: the {_thousands(clients)} home-care client places that baseline staffing can serve, split over the "
            "4 bydeler in proportion to population, taken as equal (each ~40 000 inhabitants at creation, "
            "Adresseavisen 2004/05; Østbyen 39 171, Wikipedia/SNL); odd places to Heimdal (incl. Klæbu since 2020), "
            "then Midtbyen, Østbyen")  # fmt: skip
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, default=ROOT / "sample_data/scenarios/trondheim_baseline.yaml")
    parser.add_argument("--output", type=Path, default=ROOT / "sample_data/locations.csv")
    args = parser.parse_args(argv)
    rows = build_rows(args.baseline)
    with args.output.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, LOCATION_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    totals = Counter()
    for row in rows:
        totals[row["service_id"]] += row["capacity"]
    print(f"wrote {len(rows)} rows to {args.output}: {dict(totals)}")


if __name__ == "__main__":
    main()
