"""Benchmark: one million stays from a file -> weekly indicators, and -> a fitted scenario (issue 13).

    python benchmarks/bench_extract.py [--scale 25] [--keep DIR]

The bounds: weekly indicators <= 10 s and a fitted scenario <= 30 s on 2 cores, memory <= 1 GB.
The extract is the Trondheim baseline's own event log at `--scale` times its arrivals and places
over 2023-2025 (SYNTHETIC), about a million rows at the default scale, written as CSV like the
sample. Each measurement runs in a fresh process that reads the file (read_extract: parse and
validate) and then computes (daily_levels + weekly_from_daily, or fit_scenario); it reports the
wall seconds of each step and the process's peak resident memory (VmHWM).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

UNTIL = dt.date(2026, 1, 1)

CHILD = r"""
import datetime as dt, json, sys, time
sys.path.insert(0, {root!r})
t0 = time.perf_counter()
from harmoni_model import load_scenario
from harmoni_model.extracts.stays import read_extract, services_of
base = load_scenario({baseline!r})
extract = read_extract({stays!r}, dt.date(2026, 1, 1), capacity={capacity!r}, services=services_of(base))
t1 = time.perf_counter()
if {what!r} == "indicators":
    from harmoni_model.data.indicators import weekly_from_daily
    from harmoni_model.extracts.levels import daily_levels
    services = {{k: (v.organisation, v.kind) for k, v in extract.services.items()}}
    weekly = weekly_from_daily(daily_levels(extract), extract.origin, services)
    size = len(weekly)
else:
    from harmoni_model.extracts.fit import fit_scenario
    from harmoni_model.scenario.format import validate_data
    size = len(validate_data(fit_scenario(extract, reference=base).data).services)
t2 = time.perf_counter()
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM")) / 1024
print(json.dumps({{"rows": len(extract.stays), "read_s": t1 - t0, "compute_s": t2 - t1, "total_s": t2 - t0,
                  "peak_mb": peak, "size": size}}))
"""


def make_extract(folder: Path, scale: float) -> tuple[Path, Path]:
    """The baseline's event log at `scale` times its flows and places, 2023-2025, as stays.csv and capacity.csv."""
    import scripts.make_sample_stays as sample  # the sample's own generator, scaled

    _baseline, scenario = sample.history_scenario()
    data = scenario.to_dict()
    for s in data["services"]:
        s["capacity"] = round(s["capacity"] * scale)
        s["initial_occupancy"] = round(s.get("initial_occupancy", 0) * scale)
        s["initial_queue"] = round(s.get("initial_queue", 0) * scale)
        if "staffing" in s:
            s["staffing"]["fte"] = s["staffing"]["fte"] * scale
        for key, field in (("capacity_calendar", "capacity"), ("staffing_calendar", "fte")):
            for period in s.get(key) or ():
                period[field] = round(period[field] * scale, 3)
        if "overflow" in s:
            s["overflow"]["places"] = round(s["overflow"]["places"] * scale)
    for a in data["arrivals"]:
        a["rate_per_day"] = a["rate_per_day"] * scale
    from harmoni_model.scenario.format import validate_data

    scaled = validate_data(data)
    stays, capacity = folder / "stays.csv", folder / "capacity.csv"
    stays.write_text(sample.csv_text(sample.stays_table(scaled)), encoding="utf-8")
    capacity.write_text(sample.csv_text(sample.capacity_table(scaled)), encoding="utf-8")
    return stays, capacity


def measure(what: str, stays: Path, capacity: Path) -> dict:
    code = CHILD.format(
        root=str(ROOT), baseline=str(ROOT / "sample_data/scenarios/trondheim_baseline.yaml"),
        stays=str(stays), capacity=str(capacity), what=what,
    )  # fmt: skip
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=25.0, help="times the baseline's flows and places")
    parser.add_argument("--keep", help="write the extract here (and reuse it if it is there)")
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        stays, capacity = folder / "stays.csv", folder / "capacity.csv"
        if not stays.exists():
            start = time.perf_counter()
            stays, capacity = make_extract(folder, args.scale)
            print(f"generated {stays} ({stays.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - start:.0f} s")
        for what, bound in (("indicators", 10.0), ("fit", 30.0)):
            for _ in range(args.repeats):
                r = measure(what, stays, capacity)
                print(
                    f"{what}: {r['rows']:,} stays; read and validate {r['read_s']:.1f} s, compute "
                    f"{r['compute_s']:.1f} s, total {r['total_s']:.1f} s (bound {bound:.0f} s); peak "
                    f"{r['peak_mb']:.0f} MB (bound 1 024 MB)"
                )


if __name__ == "__main__":
    main()
