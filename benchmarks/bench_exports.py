"""Time of the compare page's exports and of the map's change, on results already simulated (not a test).

    python benchmarks/bench_exports.py [--scenarios 3] [--replications 6] [--repeats 3]

Simulates the Trondheim baseline and a few variants once (not timed), then times what a click
on "make the report" costs after the runs are cached: the HTML report (charts as SVG), the
readable table, the CSV and the Excel workbook (with its sheet of changes); and the map's
before → after (``map_change.service_changes``) and its points and labels.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harmoni_model import load_scenario, run_replications  # noqa: E402
from harmoni_model.data.geo import load_locations  # noqa: E402
from harmoni_model.scenario.changes import Changes, apply_changes  # noqa: E402
from harmoni_model.scenario.differences import scenario_differences  # noqa: E402
from harmoni_model.workshop.report import (  # noqa: E402
    ReportItem,
    export_table,
    kpi_table,
    to_csv_bytes,
    to_excel_bytes,
    workshop_report,
)
from pages.ui import map_change as mc  # noqa: E402
from pages.ui import map_sites as ms  # noqa: E402


def _timed(f, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenarios", type=int, default=3)
    parser.add_argument("--replications", type=int, default=6)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    base = load_scenario(ROOT / "sample_data" / "scenarios" / "trondheim_baseline.yaml")
    baseline = run_replications(base, args.replications, workers=2)
    items = []
    for k in range(args.scenarios):
        variant = apply_changes(base, Changes(capacity={"short_term": 179 + 10 * (k + 1)}), name=f"+{10 * (k + 1)}")
        items.append(ReportItem(variant.name, "bench", "", run_replications(variant, args.replications, workers=2)))

    def exports() -> None:
        table = export_table(kpi_table(items, baseline), base, "nb")
        changes = {i.name: scenario_differences(base, i.results.scenario, "nb") for i in items}
        to_csv_bytes(table, "nb")
        to_excel_bytes(table, "nb", changes)

    locations = load_locations(ROOT / "sample_data" / "locations.csv")
    after = items[-1].results

    def map_change() -> None:
        changes = mc.service_changes(after, baseline)
        points = ms.build_points(locations, after.estimates(), ms.service_places(after.scenario), {}, "change", "nb",
                                 pooled=ms.pools(after.scenario), changes=changes,
                                 capacities_before=ms.service_places(base))  # fmt: skip
        mc.site_labels(points, ms.site_names(locations), "nb", "plasser")

    print(f"{args.scenarios} scenarios, {args.replications} replications, median of {args.repeats}:")
    print(f"  HTML report     {_timed(lambda: workshop_report(items, baseline, 'Workshop', 'nb'), args.repeats):.2f} s")
    print(f"  CSV + Excel     {_timed(exports, args.repeats):.2f} s")
    print(f"  map's change    {_timed(map_change, args.repeats):.3f} s")


if __name__ == "__main__":
    main()
