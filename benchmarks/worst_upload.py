"""The worst scenario the hosted app accepts: the most simulation work its budget lets through.

    python benchmarks/worst_upload.py [--seed 42] > worst.yaml

The Trondheim baseline at the app's largest replications, horizon and warm-up,
with every arrival rate, and every service's places and staff, scaled up by the
largest factor (bisection, 1 % apart) that `harmoni_model.scenario.budget.check_work(…,
APP_BUDGET)` still accepts: as many patients as the budget allows, each making every
visit of the pathway.
Used by `load_app.py --hostile`. Not a test.
"""

from __future__ import annotations

import argparse
import sys
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harmoni_model import dumps_scenario, load_scenario, validate_data  # noqa: E402
from harmoni_model.scenario.budget import APP_BUDGET, check_work  # noqa: E402
from pages.ui.upload_bounds import MAX_HORIZON_DAYS, MAX_REPLICATIONS, MAX_WARMUP_DAYS  # noqa: E402

BASELINE = ROOT / "sample_data" / "scenarios" / "trondheim_baseline.yaml"


def _scaled(data: dict, factor: float, seed: int) -> dict:
    out = dict(data, seed=seed, name=f"Worst accepted upload (arrivals x{factor:.2f}, seed {seed})")
    out["replications"], out["horizon_days"], out["warmup_days"] = MAX_REPLICATIONS, MAX_HORIZON_DAYS, MAX_WARMUP_DAYS
    out["arrivals"] = [dict(a, rate_per_day=a["rate_per_day"] * factor) for a in data["arrivals"]]
    # Places (and staff) grow with the patients, so every patient makes all the visits of the pathway: an
    # overloaded copy would leave most of them waiting, which costs the engine far less than the estimate.
    services = []
    for service in data["services"]:
        s = dict(service, capacity=round(service["capacity"] * factor))
        if s.get("capacity_calendar"):
            s["capacity_calendar"] = [dict(c, capacity=round(c["capacity"] * factor)) for c in s["capacity_calendar"]]
        if s.get("staffing"):
            s["staffing"] = dict(s["staffing"], fte=s["staffing"]["fte"] * factor)
        if s.get("staffing_calendar"):
            s["staffing_calendar"] = [dict(c, fte=c["fte"] * factor) for c in s["staffing_calendar"]]
        services.append(s)
    out["services"] = services
    return out


@cache
def worst_factor() -> float:
    """The largest arrival factor the app's budget accepts (to 1 %)."""
    data = load_scenario(BASELINE).to_dict()
    low, high = 0.01, 1.0
    while not check_work(validate_data(_scaled(data, high, 42)), APP_BUDGET):
        low, high = high, high * 2
    while high / low > 1.01:
        mid = (low * high) ** 0.5
        if check_work(validate_data(_scaled(data, mid, 42)), APP_BUDGET):
            high = mid
        else:
            low = mid
    return low


def worst_accepted_text(seed: int = 42) -> str:
    """The worst accepted upload as YAML, with this seed (a new seed: nothing comes from the cache)."""
    data = load_scenario(BASELINE).to_dict()
    scenario = validate_data(_scaled(data, worst_factor(), seed))
    assert not check_work(scenario, APP_BUDGET)
    return dumps_scenario(scenario, "yaml")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=42)
    sys.stdout.write(worst_accepted_text(parser.parse_args().seed))
