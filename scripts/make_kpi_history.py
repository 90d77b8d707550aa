"""Generate the SYNTHETIC weekly KPI history of the overview page (sample_data/kpi_history.csv).

    python scripts/make_kpi_history.py [--baseline PATH] [--output PATH]

The history is one realisation of the HARMONI model, not real data:

- The Trondheim baseline scenario is run once (one replication, fixed seed) from
  Monday 2023-01-02 for 156 weeks (1 092 days) to 2025-12-28, so the series
  lead up to the baseline's own start ("today").
- The baseline's arrival streams keep their weekday and monthly profiles (the
  seasonality of the history). The trend is the growth of Trondheim's 80+:
  HISTORY_GROWTH = 5 % a year (about 7 000 in 2021 to 8 600 in 2025, EST;
  kommunedirektør HØP 2022-2025), used for every stream without a growth of
  its own. Each stream is scaled back by (1 + growth) ** -(years from the first
  simulated day to the baseline's start_date), so that the growth brings it to
  the baseline's rate on the baseline's start date.
- The model starts from the baseline's initial occupancy and queues (which
  describe the baseline's start, not 2023) and runs WARMUP_DAYS before
  2023-01-02, unmeasured, so the history does not begin with the drift from
  that state to the flows' own balance.
- Daily model series are aggregated to weeks (harmoni_model.data.model_indicators.weekly_indicators):
  utskrivningsklare_per_day = weekly mean of the hospital services' blocked
  patients; overliggedogn = their weekly sum (bed-days); occupancy in % = the
  week's occupied bed-days / its places x 100, the places of each day from the
  calendar (hospital: both hospital services together); nursing_home_waiting_list = weekly mean queue for long_term;
  home_care_clients = weekly mean occupancy of home_care.
- readmissions_30d_pct is not in the model (it does not follow patients after
  they leave). It is a seeded random series: each week, Binomial(READMISSION_N,
  p) / READMISSION_N x 100 with p = 21.7 % (30-day readmission of
  utskrivningsklare patients, Helsedirektoratet, 2022 data) plus a winter peak
  of READMISSION_SEASON (EST). READMISSION_N = 70 discharge-ready patients a
  week is an EST: about 94 000 such patients a year in Norway (2022) scaled to
  Trondheim's population.

The output is the same on every run (fixed seeds, fixed rounding). Every row's
`source` starts with "SYNTHETIC:". Regenerate after changing the baseline.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harmoni_model import Scenario, load_scenario, simulate  # noqa: E402
from harmoni_model.data.history import COLUMNS  # noqa: E402
from harmoni_model.data.indicators import INDICATORS  # noqa: E402
from harmoni_model.data.model_indicators import weekly_indicators  # noqa: E402

BASELINE = ROOT / "sample_data" / "scenarios" / "trondheim_baseline.yaml"
OUTPUT = ROOT / "sample_data" / "kpi_history.csv"

START = dt.date(2023, 1, 2)  # a Monday
WEEKS = 156  # the last week starts on Monday 2025-12-22 and ends on 2025-12-28
WARMUP_DAYS = 364  # unmeasured, before START: lets the lower 2022 demand settle from the baseline's state
HISTORY_GROWTH = 0.05  # a year: the 80+ population (EST, see the module docstring)
SEED = 2023
READMISSION_PCT = 21.7  # Helsedirektoratet, 2022 data: utskrivningsklare patients, ø-hjelp 1-30 days after discharge
READMISSION_SEASON = 1.0  # percentage points, peak in mid-January (EST)
READMISSION_N = 70  # discharge-ready patients a week in Trondheim (EST, see the module docstring)
DECIMALS = 2

MODEL_SOURCE = (
    f"SYNTHETIC: HARMONI baseline model run (one replication; seed {SEED}); scripts/make_kpi_history.py (not real data)"
)
READMISSION_SOURCE = (
    f"SYNTHETIC: seeded random series around {READMISSION_PCT} % (Helsedirektoratet 2022; utskrivningsklare);"
    " scripts/make_kpi_history.py (not real data)"
)


def history_scenario(baseline: Scenario) -> Scenario:
    """The baseline moved back to 2023: one replication over WEEKS weeks from START."""
    first_day = START - dt.timedelta(days=WARMUP_DAYS)  # growth runs from the first simulated day
    years_back = (baseline.start_date - first_day).days / 365.0
    arrivals = []
    for arrival in baseline.to_dict().get("arrivals", []):
        growth = arrival.get("growth_per_year") or HISTORY_GROWTH
        arrival["growth_per_year"] = growth
        arrival["rate_per_day"] = arrival["rate_per_day"] * (1.0 + growth) ** (-years_back)
        arrivals.append(arrival)
    return baseline.variant(
        name=f"{baseline.name}: synthetic history {START.isoformat()} + {WEEKS} weeks",
        start_date=first_day.isoformat(),
        warmup_days=WARMUP_DAYS,
        horizon_days=7 * WEEKS,
        replications=1,
        seed=SEED,
        arrivals=arrivals,
    )


def readmissions(weeks: pd.DatetimeIndex) -> np.ndarray:
    """The synthetic weekly 30-day readmission percentage (seeded, one decimal)."""
    rng = np.random.Generator(np.random.PCG64(SEED))
    day_of_year = weeks.day_of_year.to_numpy() + 3  # the middle of the week
    p = (READMISSION_PCT + READMISSION_SEASON * np.cos(2 * math.pi * (day_of_year - 15) / 365.25)) / 100.0
    return np.round(rng.binomial(READMISSION_N, p) * 100.0 / READMISSION_N, 1)


def make_history(baseline_path: str | Path = BASELINE) -> pd.DataFrame:
    """The synthetic history in the file format: week (text), indicator, value, source."""
    scenario = history_scenario(load_scenario(baseline_path))
    result = simulate(scenario, replication=0)
    assert result.start_date == START, result.start_date
    model = weekly_indicators(scenario, result)
    model["source"] = MODEL_SOURCE
    weeks = pd.DatetimeIndex(model["week"].unique())
    readmit = pd.DataFrame(
        {"week": weeks, "indicator": "readmissions_30d_pct", "value": readmissions(weeks), "source": READMISSION_SOURCE}
    )
    table = pd.concat([model, readmit], ignore_index=True)
    missing = set(INDICATORS) - set(table["indicator"])
    if missing:
        raise SystemExit(f"the baseline lacks the services for: {', '.join(sorted(missing))}")
    order = {ind: i for i, ind in enumerate(INDICATORS)}
    table = table.sort_values(["week", "indicator"], key=lambda c: c.map(order) if c.name == "indicator" else c)
    table["week"] = table["week"].dt.strftime("%Y-%m-%d")
    table["value"] = table["value"].round(DECIMALS)
    return table[list(COLUMNS)].reset_index(drop=True)


def write_history(path: str | Path = OUTPUT, baseline_path: str | Path = BASELINE) -> pd.DataFrame:
    """Generate the history and write it as UTF-8 CSV with \\n line ends."""
    table = make_history(baseline_path)
    Path(path).write_text(table.to_csv(index=False, lineterminator="\n", float_format=f"%.{DECIMALS}f"), "utf-8")
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default=str(BASELINE), help="baseline scenario (YAML or JSON)")
    parser.add_argument("--output", default=str(OUTPUT), help="CSV file to write")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    table = write_history(args.output, args.baseline)
    print(f"wrote {len(table)} rows to {args.output} in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
