"""Benchmark the harmoni engine against the plain-SimPy reference on one network.

Not a test: it prints a compact table (and writes JSON with ``--json PATH``).

    python benchmarks/bench_engine.py [--scenario benchmarks/trondheim_scale.yaml]
                                      [--replications 10] [--repeats 3] [--memory-runs 200]
                                      [--quick] [--json out.json]

Measured, on the scenario's one-year horizon (and, in 1b, on the Trondheim baseline):

1. in-process, one replication at a time: seconds per replication-year of the
   engine (``simulate``) and of the SimPy reference (``run_reference``), first
   (cold) and later (warm) replications, events per second, and the ratio;
1b. the recalibrated Trondheim baseline, which uses every mechanism (calendars,
   corridor beds, priority, processing delays, reneging): seconds per
   replication-year with the event log off and on;
2. whole processes (``python -m harmoni_model run ... --workers 1`` vs
   ``python benchmarks/simpy_reference.py ...``) for 1 and N replications,
   median of ``--repeats``; the marginal cost of a replication is
   ``(T(N) - T(1)) / (N - 1)`` and the fixed start-up cost ``T(1)`` minus it;
3. N replications on 2 workers: in-process ``run_replications`` (cold pool,
   then warm pool) and the CLI with ``--workers 2``;
4. memory: RSS growth over consecutive single-replication runs in one fresh
   process (psutil).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_SCENARIO = HERE / "trondheim_scale.yaml"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))


def _versions() -> dict[str, str]:
    import salabim
    import simpy

    return {
        "python": platform.python_version(),
        "salabim": salabim.__version__,
        "simpy": simpy.__version__,
        "cpus": str(os.cpu_count()),
        "machine": platform.machine(),
    }


def _stats(xs: list[float]) -> dict[str, float]:
    return {"mean": statistics.fmean(xs), "median": statistics.median(xs), "min": min(xs), "max": max(xs)}


def bench_in_process(scenario_path: Path, n: int) -> dict[str, Any]:
    """Engine and SimPy reference, replication by replication, in this process."""
    import yaml
    from simpy_reference import run_reference

    from harmoni_model import load_scenario, simulate

    scenario = load_scenario(scenario_path)
    with open(scenario_path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)

    def run_all(fn: Any) -> tuple[list[float], list[int]]:
        walls, events = [], []
        for r in range(n):
            t0 = time.perf_counter()
            ev = fn(r)
            walls.append(time.perf_counter() - t0)
            events.append(ev)
        return walls, events

    eng_wall, eng_events = run_all(lambda r: simulate(scenario, r).events)
    ref_wall, ref_events = run_all(lambda r: run_reference(data, r, int(data.get("seed", 42)))["events"])
    years = scenario.horizon_days / 365.0 + scenario.warmup_days / 365.0

    def summary(walls: list[float], events: list[int]) -> dict[str, Any]:
        warm = walls[1:] or walls
        return {
            "seconds_per_replication": _stats(walls),
            "first_replication_seconds": walls[0],
            "warm_median_seconds": statistics.median(warm),
            "seconds_per_replication_year": statistics.fmean(walls) / years,
            "events_per_replication": statistics.fmean(events),
            "events_per_second": sum(events) / sum(walls),
            "per_replication_seconds": walls,
        }

    eng, ref = summary(eng_wall, eng_events), summary(ref_wall, ref_events)
    return {
        "replications": n,
        "simulated_years_per_replication": years,
        "engine": eng,
        "simpy_reference": ref,
        "speedup_engine_vs_simpy_mean": ref["seconds_per_replication"]["mean"] / eng["seconds_per_replication"]["mean"],
        "speedup_engine_vs_simpy_warm_median": ref["warm_median_seconds"] / eng["warm_median_seconds"],
    }


BASELINE = ROOT / "sample_data" / "scenarios" / "trondheim_baseline.yaml"


def bench_baseline(n: int) -> dict[str, Any]:
    """The recalibrated Trondheim baseline (calendars, corridor beds, priority, delays, renege): log off and on.

    Off and on alternate replication by replication, so that a change of the machine's speed
    during the run touches both alike.
    """
    from harmoni_model import load_scenario, simulate

    scenario = load_scenario(BASELINE)
    simulate(scenario, 0)  # warm: imports and first-call costs belong to neither
    off, on, rows = [], [], 0
    for r in range(n):
        t0 = time.perf_counter()
        simulate(scenario, r)
        off.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        rows = len(simulate(scenario, r, events=True).stays or ())
        on.append(time.perf_counter() - t0)
    years = (scenario.horizon_days + scenario.warmup_days) / 365.0
    return {
        "replications": n,
        "seconds_per_replication_year": statistics.median(off) / years,
        "seconds_per_replication_year_with_event_log": statistics.median(on) / years,
        "event_log_overhead": statistics.median(on) / statistics.median(off) - 1.0,
        "event_log_rows": rows,
        "off_seconds": off,
        "on_seconds": on,
    }


def _time_command(cmd: list[str], repeats: int) -> dict[str, Any]:
    walls = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
        walls.append(time.perf_counter() - t0)
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
        json.loads(proc.stdout)  # the output must be one JSON object
    return {"median_seconds": statistics.median(walls), "runs_seconds": walls}


def _engine_cli(scenario: Path, n: int, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "harmoni_model",
        "run",
        str(scenario),
        "--replications",
        str(n),
        "--workers",
        str(workers),
    ]


def _simpy_cli(scenario: Path, n: int) -> list[str]:
    return [sys.executable, str(HERE / "simpy_reference.py"), str(scenario), "--replications", str(n)]


def bench_processes(scenario: Path, n: int, repeats: int) -> dict[str, Any]:
    """Whole-process timings: start-up, 1 and n replications, engine vs SimPy."""
    out: dict[str, Any] = {"repeats": repeats}
    commands = {
        "engine": lambda k: _engine_cli(scenario, k, 1),
        "simpy_reference": lambda k: _simpy_cli(scenario, k),
    }
    for name, make in commands.items():
        one = _time_command(make(1), repeats)
        many = _time_command(make(n), repeats)
        marginal = (many["median_seconds"] - one["median_seconds"]) / (n - 1) if n > 1 else float("nan")
        out[name] = {
            "n1": one,
            f"n{n}": many,
            "marginal_seconds_per_replication": marginal,
            "fixed_seconds": one["median_seconds"] - marginal if n > 1 else float("nan"),
        }
    for key in ("n1", f"n{n}"):
        out[f"ratio_simpy_over_engine_{key}"] = (
            out["simpy_reference"][key]["median_seconds"] / out["engine"][key]["median_seconds"]
        )
    return out


def bench_workers(scenario_path: Path, n: int, workers: int, repeats: int) -> dict[str, Any]:
    """n replications on `workers` processes: API (cold, then warm pool) and CLI."""
    from harmoni_model import load_scenario, run_replications, shutdown_pools

    scenario = load_scenario(scenario_path)
    shutdown_pools()
    t0 = time.perf_counter()
    run_replications(scenario, replications=n, workers=workers)
    cold = time.perf_counter() - t0
    warm = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        run_replications(scenario, replications=n, workers=workers)
        warm.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    run_replications(scenario, replications=n, workers=1)
    sequential = time.perf_counter() - t0
    shutdown_pools()
    return {
        "replications": n,
        "workers": workers,
        "api_cold_pool_seconds": cold,
        "api_warm_pool_seconds": statistics.median(warm),
        "api_sequential_seconds": sequential,
        "api_speedup_warm_vs_sequential": sequential / statistics.median(warm),
        "cli": _time_command(_engine_cli(scenario_path, n, workers), repeats),
    }


def memory_child(scenario_path: Path, runs: int) -> dict[str, Any]:
    """In this (fresh) process: RSS over `runs` consecutive single-replication runs."""
    import gc

    import psutil

    from harmoni_model import load_scenario, simulate

    proc = psutil.Process()
    scenario = load_scenario(scenario_path)
    rss0 = proc.memory_info().rss
    simulate(scenario, 0)
    gc.collect()
    rss1 = proc.memory_info().rss
    samples = [(1, rss1)]
    step = max(1, runs // 10)
    for i in range(1, runs):
        simulate(scenario, i)
        if (i + 1) % step == 0 or i + 1 == runs:
            gc.collect()
            samples.append((i + 1, proc.memory_info().rss))
    mib = 1024 * 1024
    growth = samples[-1][1] - rss1
    mid = samples[len(samples) // 2]  # allocator pools fill during the first runs; a leak keeps growing
    return {
        "runs": runs,
        "rss_before_mib": rss0 / mib,
        "rss_after_first_mib": rss1 / mib,
        "rss_after_last_mib": samples[-1][1] / mib,
        "growth_after_first_mib": growth / mib,
        "growth_per_run_kib": growth / max(1, runs - 1) / 1024,
        "growth_second_half_mib": (samples[-1][1] - mid[1]) / mib,
        "growth_second_half_per_run_kib": (samples[-1][1] - mid[1]) / max(1, samples[-1][0] - mid[0]) / 1024,
        "samples_mib": [[k, v / mib] for k, v in samples],
    }


def bench_memory(scenario: Path, runs: int) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--scenario", str(scenario), "--memory-child", str(runs)]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"memory child failed: {proc.stderr.strip()[-500:]}")
    return json.loads(proc.stdout)


def print_table(res: dict[str, Any]) -> None:
    """A compact human-readable summary."""
    ip = res.get("in_process")
    print(f"scenario: {res['scenario']}   ({', '.join(f'{k} {v}' for k, v in res['versions'].items())})")
    if ip:
        e, s = ip["engine"], ip["simpy_reference"]
        print(f"\nin-process, {ip['replications']} replications one after another (seconds per replication-year)")
        print(f"  {'':18s}{'mean':>8s}{'first':>8s}{'warm med':>10s}{'events':>9s}{'events/s':>10s}")
        for name, d in (("harmoni engine", e), ("SimPy reference", s)):
            print(
                f"  {name:18s}{d['seconds_per_replication_year']:8.3f}{d['first_replication_seconds']:8.3f}"
                f"{d['warm_median_seconds']:10.3f}{d['events_per_replication']:9.0f}{d['events_per_second']:10.0f}"
            )
        print(
            f"  SimPy / engine: {ip['speedup_engine_vs_simpy_mean']:.2f}x (mean), "
            f"{ip['speedup_engine_vs_simpy_warm_median']:.2f}x (warm median)"
        )
    pr = res.get("processes")
    if pr:
        n = res["replications"]
        print(f"\nwhole process, median of {pr['repeats']} (seconds)")
        print(f"  {'':18s}{'N=1':>8s}{f'N={n}':>8s}{'marginal':>10s}{'fixed':>8s}")
        for name, key in (("harmoni CLI", "engine"), ("SimPy reference", "simpy_reference")):
            d = pr[key]
            print(
                f"  {name:18s}{d['n1']['median_seconds']:8.2f}{d[f'n{n}']['median_seconds']:8.2f}"
                f"{d['marginal_seconds_per_replication']:10.3f}{d['fixed_seconds']:8.2f}"
            )
        print(
            f"  SimPy / engine: {pr['ratio_simpy_over_engine_n1']:.2f}x (N=1), "
            f"{pr[f'ratio_simpy_over_engine_n{n}']:.2f}x (N={n})"
        )
    wk = res.get("workers")
    if wk:
        print(f"\n{wk['replications']} replications on {wk['workers']} workers (seconds)")
        print(
            f"  API cold pool {wk['api_cold_pool_seconds']:.2f}, warm pool {wk['api_warm_pool_seconds']:.2f}, "
            f"sequential {wk['api_sequential_seconds']:.2f} "
            f"(warm speed-up {wk['api_speedup_warm_vs_sequential']:.2f}x); "
            f"CLI --workers {wk['workers']}: {wk['cli']['median_seconds']:.2f}"
        )
    bl = res.get("baseline")
    if bl:
        print(
            f"\nTrondheim baseline, every mechanism, median of {bl['replications']} (seconds per replication-year): "
            f"{bl['seconds_per_replication_year']:.3f}; with the event log "
            f"{bl['seconds_per_replication_year_with_event_log']:.3f} "
            f"({bl['event_log_overhead']:+.0%}, {bl['event_log_rows']} rows)"
        )
    mem = res.get("memory")
    if mem:
        print(
            f"\nmemory over {mem['runs']} single-replication runs in one process: "
            f"RSS {mem['rss_after_first_mib']:.0f} MiB after the first, "
            f"{mem['rss_after_last_mib']:.0f} MiB after the last "
            f"(growth {mem['growth_after_first_mib']:+.1f} MiB; over the second half "
            f"{mem['growth_second_half_mib']:+.1f} MiB, {mem['growth_second_half_per_run_kib']:+.1f} KiB/run)"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", type=Path, default=DEFAULT_SCENARIO)
    parser.add_argument("--replications", type=int, default=10, help="N for the in-process and CLI runs")
    parser.add_argument("--repeats", type=int, default=3, help="subprocess timings: median of this many")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--memory-runs", type=int, default=200)
    parser.add_argument("--quick", action="store_true", help="N=3, 1 repeat, 20 memory runs")
    parser.add_argument(
        "--skip", nargs="*", default=[], choices=["in_process", "baseline", "processes", "workers", "memory"]
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--memory-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    scenario = args.scenario.resolve()
    if args.memory_child:
        print(json.dumps(memory_child(scenario, args.memory_child)))
        return 0
    if args.quick:
        args.replications, args.repeats, args.memory_runs = 3, 1, 20

    res: dict[str, Any] = {
        "scenario": str(scenario.relative_to(ROOT) if scenario.is_relative_to(ROOT) else scenario),
        "replications": args.replications,
        "versions": _versions(),
        "started": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    t0 = time.perf_counter()
    if "in_process" not in args.skip:
        res["in_process"] = bench_in_process(scenario, args.replications)
    if "baseline" not in args.skip:
        res["baseline"] = bench_baseline(args.replications)
    if "processes" not in args.skip:
        res["processes"] = bench_processes(scenario, args.replications, args.repeats)
    if "workers" not in args.skip:
        res["workers"] = bench_workers(scenario, args.replications, args.workers, args.repeats)
    if "memory" not in args.skip:
        res["memory"] = bench_memory(scenario, args.memory_runs)
    res["benchmark_seconds"] = time.perf_counter() - t0
    print_table(res)
    if args.json:
        args.json.write_text(json.dumps(res, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
