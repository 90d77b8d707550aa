"""Time of a capacity suggestion on the Trondheim baseline (not a test).

    python benchmarks/bench_advisor.py [--scenario S] [--targets T] [--workers 2] [--repeats 1] [--json out.json]

Runs the advisor (two levers, two targets: sample_data/advice/trondheim_targets.yaml)
with local worker processes, reports wall seconds, candidates evaluated and
simulations (replication runs), then re-simulates the suggestion with another
seed and 10 replications to check it still meets the targets.

Target (issue 6): a suggestion in <= 60 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harmoni_model import load_scenario, run_replications  # noqa: E402
from harmoni_model.planning.advisor import advise  # noqa: E402
from harmoni_model.planning.levers import load_spec  # noqa: E402
from harmoni_model.running.executors import LocalExecutor  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", default=str(ROOT / "sample_data/scenarios/trondheim_baseline.yaml"))
    parser.add_argument("--targets", default=str(ROOT / "sample_data/advice/trondheim_targets.yaml"))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=1, help="searches to time (the pool is warm after the first)")
    parser.add_argument("--json", help="also write the figures here")
    args = parser.parse_args()

    scenario = load_scenario(args.scenario)
    spec = load_spec(args.targets, scenario)
    executor = LocalExecutor(args.workers)
    times, advice = [], None
    for _ in range(args.repeats):
        advice = advise(scenario, spec, executor)
        times.append(advice.seconds)
    assert advice is not None
    check_seed = scenario.seed + 7919
    check = run_replications(advice.suggested_scenario().variant(seed=check_seed), 10, workers=args.workers)
    est = check.estimates()
    rechecked = {
        t.key: {"max": t.max, "mean": e.mean, "ci95": [e.low, e.high], "met": e.high <= t.max}
        for t in spec.targets
        for e in [est[t.service][t.kpi]]
    }
    result = {
        "seconds": {"first": times[0], "median": statistics.median(times), "all": times},
        "feasible": advice.feasible,
        "changes": advice.changes(),
        "annual_cost_nok": advice.best.annual_cost_nok,
        "evaluations": advice.evaluations,
        "simulations": advice.simulations,
        "recheck_seed": check_seed,
        "recheck": rechecked,
        "workers": args.workers,
    }
    print(f"suggestion in {times[0]:.1f} s (median of {len(times)}: {statistics.median(times):.1f} s), "
          f"{advice.evaluations} candidates, {advice.simulations} simulations; target <= 60 s")  # fmt: skip
    print("feasible:", advice.feasible, " changes:", ", ".join(f"{c['service']}.{c['field']} {c['from']:g} -> "
          f"{c['to']:g}" for c in advice.changes()) or "none")  # fmt: skip
    best, today = advice.best, advice.today
    print(f"yearly cost of the change + overliggedøgn: {best.annual_cost_nok / 1e6:.1f} mill. kr "
          f"(levers {best.lever_cost_nok / 1e6:.1f}, overliggedøgn {best.overliggedogn_cost_nok / 1e6:.1f};"
          f" today's overliggedøgn {today.overliggedogn_cost_nok / 1e6:.1f})")  # fmt: skip
    for key, r in rechecked.items():
        verdict = "met" if r["met"] else "MISSED"
        print(f"  re-simulated (seed {check_seed}, 10 replications) {key}: {r['mean']:.2f} "
              f"(95 % CI {r['ci95'][0]:.2f}-{r['ci95'][1]:.2f}), bound {r['max']:g}: {verdict}")  # fmt: skip
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
