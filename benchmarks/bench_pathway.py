"""Time of the pathway diagram after a run (not a test): its data, and the chart's spec.

    python benchmarks/bench_pathway.py [--repeats 20]

The studio builds the diagram on every change (it is not cached: it is cheap next to a run).
Measured on the Trondheim baseline (6 replications) and on a 40-service network, for
``pathway(base, results)`` (layout, estimates, admissions by origin) and for the whole
altair spec (the JSON of ``pathway_chart(...)``, what Streamlit sends).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from networks import scenario, service  # noqa: E402

from harmoni_model import load_scenario, run_replications  # noqa: E402
from harmoni_model.results.pathway import pathway  # noqa: E402
from pages.ui.i18n import STRINGS  # noqa: E402
from pages.ui.pathway_chart import pathway_chart, spec_json  # noqa: E402


def _forty():
    exp = {"distribution": "exponential", "mean": 2.0}
    services = [
        service(f"s{i}", 3 + i % 7, exp, organisation="hospital" if i % 4 == 0 else "municipality",
                next=[{"to": f"s{(i * 7 + 3) % 40}", "p": 0.3}, {"to": "exit", "p": 0.7}])
        for i in range(40)
    ]  # fmt: skip
    arrivals = [{"id": f"a{i}", "to": f"s{i}", "rate_per_day": 0.5} for i in range(0, 40, 3)]
    return scenario(services, arrivals, horizon_days=365, replications=6)


def _time(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    t = lambda key, **values: STRINGS["nb"][key].format(**values)  # noqa: E731
    for name, s in (("trondheim", load_scenario(ROOT / "sample_data/scenarios/trondheim_baseline.yaml")),
                    ("forty", _forty())):  # fmt: skip
        results = run_replications(s, workers=1)
        labels = {x.id: x.label("nb") for x in s.services}
        orgs = {"hospital": "Sykehuset", "municipality": "Kommunen"}
        data = _time(lambda r=results: pathway(r, r), args.repeats)
        diagram = pathway(results, results)
        chart = lambda d=diagram, n=labels, o=orgs: spec_json(pathway_chart(d, n, o, t, "nb", True))  # noqa: E731
        spec = _time(chart, args.repeats)
        print(f"{name}: {len(s.services)} services, pathway() {data * 1000:.1f} ms, chart spec {spec * 1000:.1f} ms "
              f"(median of {args.repeats})")  # fmt: skip


if __name__ == "__main__":
    main()
