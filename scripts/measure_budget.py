"""Measure the constants of harmoni_model/scenario/budget.py (CPU per event, bytes per patient and per day).

Run: ``python scripts/measure_budget.py`` (a minute on a quiet machine). It prints the measured figures
next to the constants in use, and the estimate against the engine's own event count.
"""

from __future__ import annotations

import statistics
import time
import tracemalloc
from pathlib import Path

from harmoni_model import load_scenario, simulate
from harmoni_model.scenario import budget

BASELINE = load_scenario(Path(__file__).resolve().parents[1] / "sample_data" / "scenarios" / "trondheim_baseline.yaml")


def cpu_per_event(replications: int = 5) -> tuple[float, int]:
    """Median CPU-seconds per engine event over `replications` replications of the baseline."""
    per_event, events = [], 0
    for r in range(replications):
        start = time.process_time()
        result = simulate(BASELINE, r)
        per_event.append((time.process_time() - start) / result.events)
        events = result.events
    return statistics.median(per_event), events


def peak_bytes(scenario) -> int:
    """Peak traced memory of one replication."""
    tracemalloc.start()
    simulate(scenario, 0)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def bytes_per_patient(extra: int = 100_000) -> float:
    """Peak memory per extra initial patient (a service full of long stays)."""
    service = BASELINE.services[0]
    big = BASELINE.with_service(
        service.id, capacity=service.capacity + extra, initial_occupancy=service.initial_occupancy + extra,
        staffing=None, staffing_calendar=None, capacity_calendar=None,
    )  # fmt: skip
    short = BASELINE.variant(horizon_days=30, warmup_days=0)
    return (peak_bytes(big.variant(horizon_days=30, warmup_days=0)) - peak_bytes(short)) / extra


def bytes_per_service_day() -> float:
    """Peak memory per service and measured day (the daily series)."""
    short, long = BASELINE.variant(horizon_days=365), BASELINE.variant(horizon_days=3650)
    return (peak_bytes(long) - peak_bytes(short)) / (len(BASELINE.services) * (3650 - 365))


if __name__ == "__main__":
    seconds, events = cpu_per_event()
    work = budget.estimate_work(BASELINE)
    print(f"CPU per event: {seconds * 1e6:.2f} µs (constant {budget.SECONDS_PER_EVENT * 1e6:.2f} µs)")
    print(f"events: engine {events:,}, estimate {work.events_per_replication:,.0f}")
    print(f"bytes per patient: {bytes_per_patient():.0f} (constant {budget.BYTES_PER_PATIENT})")
    print(f"bytes per service-day: {bytes_per_service_day():.0f} (constant {budget.BYTES_PER_SERVICE_DAY})")
    print(work)
