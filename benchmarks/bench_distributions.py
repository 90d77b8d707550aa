"""Benchmark the length-of-stay fits: one million durations, 5 % censored, all four families.

Not a test: it prints seconds and the process's peak resident memory (the target, issue 13:
<= 8 s on 2 cores).

    python benchmarks/bench_distributions.py [--n 1000000] [--window 120] [--before 0]
                                             [--max-points 200000] [--repeats 3] [--json out.json]

``--max-points 0`` fits on every duration (no subsample). The stays are lognormal (mean 6 days,
cv 1.2) of patients admitted uniformly from ``--before`` days before an extract of ``--window``
days to its end: a stay going on at the end is censored (a 120-day window censors about 5 %), one
going on at the start is truncated, as in a real extract.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harmoni_model.extracts.distributions import fit_durations  # noqa: E402


def _data(n: int, window: float, before: float, seed: int = 1):
    rng = np.random.default_rng(seed)
    mean, cv = 6.0, 1.2
    s2 = np.log1p(cv * cv)
    m = int(1.2 * n * (window + before) / window) + 1000  # more than enough stays; the first n seen are kept
    admitted = rng.uniform(-before, window, m)
    stay = rng.lognormal(np.log(mean) - s2 / 2, np.sqrt(s2), m)
    seen = admitted + stay > 0
    admitted, stay = admitted[seen][:n], stay[seen][:n]
    assert admitted.size == n
    censored = admitted + stay > window
    return np.where(censored, window - admitted, stay), censored, np.maximum(-admitted, 0.0)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--window", type=float, default=120.0, help="days of the extract")
    parser.add_argument("--before", type=float, default=0.0, help="days of admissions before it (truncation)")
    parser.add_argument("--max-points", type=int, default=200_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    x, censored, entry = _data(args.n, args.window, args.before)
    rss_data = _peak_rss_mb()
    seconds = []
    fit = None
    for _ in range(args.repeats):
        start = time.perf_counter()
        fit = fit_durations(x, censored, entry, max_points=args.max_points or None)
        seconds.append(time.perf_counter() - start)
    assert fit is not None
    figures = {
        "n": args.n,
        "censored": round(float(censored.mean()), 4),
        "truncated": round(float((entry > 0).mean()), 4),
        "max_points": args.max_points or None,
        "seconds": [round(s, 3) for s in seconds],
        "median_seconds": round(statistics.median(seconds), 3),
        "peak_rss_mb": round(_peak_rss_mb(), 1),
        "peak_rss_mb_before_fits": round(rss_data, 1),
        "note": fit.note,
        "candidates": {
            c.family: {"mean": round(c.mean, 4), "cv": round(c.cv, 4), "ks": round(c.ks, 4)} for c in fit.candidates
        },
    }
    shares = f"{100 * figures['censored']:.1f} % censored, {100 * figures['truncated']:.1f} % truncated"
    print(f"{args.n:,} durations ({shares}), "
          f"max_points {figures['max_points']}: median {figures['median_seconds']} s "
          f"(runs {figures['seconds']}), peak RSS {figures['peak_rss_mb']} MB "
          f"(data alone {figures['peak_rss_mb_before_fits']} MB)")  # fmt: skip
    print(f"  {fit.note}")
    for family, c in figures["candidates"].items():
        print(f"  {family:12s} mean {c['mean']:8.4f}  cv {c['cv']:6.4f}  KS {c['ks']:.4f}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
