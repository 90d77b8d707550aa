"""Benchmark: one million stays -> daily levels -> weekly indicators (issue 13: <= 5 s, <= 1 GB on 2 cores).

    python benchmarks/bench_levels.py [--rows 1000000] [--years 3] [--services 20] [--no-capacity]

Builds a synthetic `Extract` directly as a DataFrame (no file reading: that is the stays reader's
benchmark), then times `daily_levels` and `weekly_from_daily`, and prints the seconds and the
process's peak resident memory. The synthetic extract has what a real one has: patients present at
the start, waits before admission, discharge-ready time, stays still open and patients still waiting
at the end, waiting rows that left the list, transfers, and a capacity for every service with a summer
closure below the occupancy (so every service takes the exact event-by-event walk of the regular places:
the worst case).
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harmoni_model.data.indicators import weekly_from_daily
from harmoni_model.extracts.levels import daily_levels
from harmoni_model.extracts.stays import Extract, ServiceInfo

KINDS = ("hospital_ward", "municipal_acute", "short_term_stay", "long_term_place", "home_based_care")


def synthetic_extract(rows: int, years: int, n_services: int, with_capacity: bool = True, seed: int = 1) -> Extract:
    """A synthetic extract of `rows` stays over `years` years from Monday 2023-01-02."""
    rng = np.random.default_rng(seed)
    days = 364 * years
    ids = [f"unit_{k:02d}" for k in range(n_services)]
    kinds = [KINDS[k % len(KINDS)] for k in range(n_services)]
    service = rng.integers(0, n_services, rows)
    mean_stay = np.array([4.0, 3.0, 14.0, 60.0, 30.0] * n_services)[:n_services][service]
    admitted = rng.uniform(-60.0, days, rows)
    stay = rng.exponential(mean_stay)
    ready = admitted + stay
    extra = np.where(rng.random(rows) < 0.3, rng.exponential(1.5, rows), 0.0)
    left = ready + extra
    referred = np.where(rng.random(rows) < 0.25, admitted - rng.exponential(2.0, rows), np.nan)
    waiting = rng.random(rows) < 0.02  # waiting rows: never admitted
    admitted[waiting] = np.nan
    ready[waiting] = np.nan
    referred[waiting] = left[waiting] - stay[waiting] - 1.0
    left[waiting] = np.where(rng.random(waiting.sum()) < 0.5, referred[waiting] + 5.0, np.nan)
    until = float(days)
    open_stay = left > until
    left[open_stay] = np.nan
    ready[ready > until] = np.nan
    referred[referred > until] = np.nan
    names = np.array([*ids, "exit"], dtype=object)
    nxt = names[rng.integers(0, n_services + 1, rows)]
    nxt[np.isnan(left)] = None
    stays = pd.DataFrame(
        {
            "patient_id": pd.Series(np.char.add("p", np.arange(rows).astype(str)), dtype=object),
            "service": pd.Series(np.array(ids, dtype=object)[service], dtype=object),
            "referred": referred,
            "admitted": admitted,
            "ready": ready,
            "left": left,
            "next": pd.Series(nxt, dtype=object),
            "line": np.arange(2, rows + 2, dtype="int64"),
        }
    )
    capacity = None
    if with_capacity:
        # the mean occupancy of each unit, and a summer closure of a third of its places each year
        occupancy = np.bincount(service[~waiting], weights=np.minimum(stay + extra, days)[~waiting]) / (days + 60)
        table = []
        for k, sid in enumerate(ids):
            places = int(occupancy[k] * 1.05) + 1
            table.append((sid, 0.0, places))
            for y in range(years):
                table += [(sid, 364.0 * y + 182, int(places * 2 / 3)), (sid, 364.0 * y + 224, places)]
        capacity = pd.DataFrame(table, columns=["service", "start", "capacity"])
        capacity["line"] = np.arange(2, len(capacity) + 2)
    services = {sid: ServiceInfo(sid, "hospital" if kind == "hospital_ward" else "municipality", kind)
                for sid, kind in zip(ids, kinds, strict=True)}  # fmt: skip
    return Extract(stays, dt.date(2023, 1, 2), until, services, capacity, "synthetic")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--services", type=int, default=20)
    parser.add_argument("--no-capacity", action="store_true", help="no capacity.csv (no overflow, no walk)")
    args = parser.parse_args(argv)
    extract = synthetic_extract(args.rows, args.years, args.services, not args.no_capacity)
    services = {sid: (info.organisation, info.kind) for sid, info in extract.services.items()}
    start = time.perf_counter()
    daily = daily_levels(extract)
    levels = time.perf_counter() - start
    weekly = weekly_from_daily(daily, extract.origin, services)
    total = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{args.rows:,} stays, {args.services} services, {args.years} years"
        f"{'' if args.no_capacity else ' (capacity with summer closures)'}: daily levels {levels:.2f} s,"
        f" + weekly indicators {total:.2f} s ({len(weekly)} rows); peak RSS {peak_mb:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
