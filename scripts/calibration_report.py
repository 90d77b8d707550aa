"""The baseline's figures that a bed coordinator and an allocation officer check, over many replications.

    python scripts/calibration_report.py [SCENARIO] [--replications N]

Prints the figures compared with their sources in sample_data/CALIBRATION.md:
means with 95 % intervals, and the spread of yearly overliggedøgn across
replications (coefficient of variation, min, max).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from harmoni_model import load_scenario, run_replications
from harmoni_model.results.yearly import year_factor

BASELINE = Path(__file__).resolve().parents[1] / "sample_data" / "scenarios" / "trondheim_baseline.yaml"


def report(path: Path, replications: int) -> list[tuple[str, float, float, float]]:
    """(figure, mean, low, high) rows for the scenario at `path`."""
    scenario = load_scenario(path)
    results = run_replications(scenario, replications)
    f = year_factor(scenario)
    rows = []

    def add(label: str, values: list[float]) -> None:
        est = statistics.fmean(values)
        half = 1.96 * statistics.stdev(values) / len(values) ** 0.5 if len(values) > 1 else float("nan")
        rows.append((label, est, est - half, est + half))

    runs = results.runs
    over = [r.system["overliggedogn"] * f for r in runs]
    add("overliggedøgn a year", over)
    add("overliggedøgn: processing delay a year",
        [sum(r.services[s.id]["process_delay_days"] for s in scenario.services if s.organisation == "hospital") * f
         for r in runs])  # fmt: skip
    add("overliggedøgn: waiting for a full service a year",
        [sum(r.services[s.id]["capacity_blocked_days"] for s in scenario.services if s.organisation == "hospital") * f
         for r in runs])  # fmt: skip
    add("utskrivningsklare in hospital (mean patients)",
        [sum(r.services[s.id]["mean_blocked"] for s in scenario.services if s.organisation == "hospital")
         for r in runs])  # fmt: skip
    hospital = [s.id for s in scenario.services if s.organisation == "hospital"]
    add("corridor bed-days a year", [r.system["corridor_days"] * f for r in runs])
    add("corridor share of hospital bed-days (%)",
        [100 * r.system["corridor_days"] / sum(r.services[h]["mean_occupancy"] * scenario.horizon_days
                                               for h in hospital) for r in runs])  # fmt: skip
    for sid in scenario.service_ids:
        k = [r.services[sid] for r in runs]
        add(f"{sid}: occupancy (%)", [100 * x["utilisation"] for x in k])
        add(f"{sid}: mean wait (hours)" if sid.startswith("hospital") else f"{sid}: mean wait (days)",
            [x["mean_wait_days"] * (24 if sid.startswith("hospital") else 1) for x in k])  # fmt: skip
        add(f"{sid}: mean queue", [x["mean_queue"] for x in k])
        add(f"{sid}: share of time full (%)", [100 * x["p_full"] for x in k])
    for label, mean, low, high in rows:
        print(f"{label:55s} {mean:10.2f}   ({low:.2f} to {high:.2f})")
    cv = statistics.stdev(over) / statistics.fmean(over)
    label = "overliggedøgn a year: CV across replications"
    print(f"{label:55s} {cv:10.3f}   (min {min(over):.0f}, max {max(over):.0f})")
    return rows


def main() -> None:
    """Command line: scenario path and number of replications."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", default=str(BASELINE))
    parser.add_argument("--replications", type=int, default=30)
    args = parser.parse_args()
    report(Path(args.scenario), args.replications)


if __name__ == "__main__":
    main()
