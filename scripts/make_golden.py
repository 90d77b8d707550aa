"""Regenerate the golden KPI file the regression test pins (tests/golden/kpis.csv).

Run it only when a change to the model's numbers is meant, and say why in the commit:

    python scripts/make_golden.py
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harmoni_model import load_scenario, run_replications  # noqa: E402

# (scenario file, replications): the calibrated baseline and one small network, fixed seed (the file's).
GOLDEN_SCENARIOS = (("trondheim_baseline.yaml", 2), ("example_small.yaml", 2))
GOLDEN_FILE = ROOT / "tests" / "golden" / "kpis.csv"
COLUMNS = ("scenario", "replication", "scope", "kpi", "value")


def golden_rows() -> list[tuple[str, int, str, str, float]]:
    """Every KPI of every replication of the golden scenarios, in a stable order."""
    rows = []
    for name, reps in GOLDEN_SCENARIOS:
        scenario = load_scenario(ROOT / "sample_data" / "scenarios" / name)
        results = run_replications(scenario, reps, workers=1)
        for run in results.runs:
            for sid in scenario.service_ids:
                rows.extend((name, run.replication, sid, k, v) for k, v in run.services[sid].items())
            rows.extend((name, run.replication, "system", k, v) for k, v in run.system.items())
    return rows


def main() -> None:
    GOLDEN_FILE.parent.mkdir(parents=True, exist_ok=True)
    with GOLDEN_FILE.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in golden_rows():
            writer.writerow((*row[:4], repr(float(row[4]))))
    print(f"wrote {GOLDEN_FILE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
