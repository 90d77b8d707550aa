"""Benchmark: headroom questions on the Trondheim baseline (what the studio's button and the CLI run).

    python benchmarks/bench_headroom.py [--workers 2] [--replications N]

Times :func:`harmoni_model.planning.headroom.find_headroom` for three questions on the
baseline, each point a fresh run of its replications on the shared worker pool (no cache: the
studio's first click on a question; a repeated click reuses every point it has run):

- the studio's default: the long-term wait at most 42 days as demand grows (it holds: 3 points);
- overliggedøgn at most 4 000 a year as demand grows (it breaks: a full bisection);
- the short-term wait at most 2 days with fewer short-term places.

Prints one line per question: the points run, the seconds, seconds per point, and the answer.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harmoni_model import load_scenario
from harmoni_model.planning.headroom import HeadroomLever, find_headroom
from harmoni_model.running.replications import worker_pool

BASELINE = Path(__file__).resolve().parent.parent / "sample_data" / "scenarios" / "trondheim_baseline.yaml"
QUESTIONS = (
    ("long_term", "mean_wait_days", 42.0, "demand"),
    ("system", "overliggedogn", 4000.0, "demand"),
    ("short_term", "mean_wait_days", 2.0, "capacity:short_term"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--replications", type=int, help="per point (default: the scenario's)")
    args = parser.parse_args()
    scenario = load_scenario(BASELINE)
    worker_pool(args.workers).map(len, [((),)] * args.workers)  # warm the pool: its start is not the question's
    for scope, kpi, bound, lever in QUESTIONS:
        start = time.perf_counter()
        h = find_headroom(scenario, scope, kpi, bound, HeadroomLever.parse(lever), replications=args.replications,
                          workers=args.workers)  # fmt: skip
        seconds = time.perf_counter() - start
        print(
            f"{scope}:{kpi} <= {bound:g}, {lever}: {len(h.points)} points x {h.replications} replications in "
            f"{seconds:.1f} s ({seconds / len(h.points):.2f} s a point); {h.status}: {h.statement()}"
        )


if __name__ == "__main__":
    main()
