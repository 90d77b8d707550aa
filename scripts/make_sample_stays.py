"""Generate the SYNTHETIC stays extract of 2023-2025 and the baseline's state on 2026-01-01 from it.

    python scripts/make_sample_stays.py [--check]

The extract is one realisation of the HARMONI model, not real data:

- The Trondheim baseline is run once (one replication, its seed) from START - WARMUP_DAYS to
  UNTIL = 2026-01-01, the baseline's own start, so the dashboard's last weeks lead into the
  baseline's first day. It starts from START_COUNTS (the baseline's EST counts before it took its
  state from this extract: about 90 % full) and runs WARMUP_DAYS unrecorded, so 2023 does not
  begin with the drift from those counts to the flows' own balance.
- The trend is the growth of Trondheim's 80+: HISTORY_GROWTH = 5 % a year (about 7 000 in 2021
  to 8 600 in 2025, EST; kommunedirektør HØP 2022-2025), for every stream without a growth of
  its own, each scaled back so that the growth brings it to the baseline's rate on UNTIL.
- The event log of the run (the stays format, sample_data/FORMATS.md) keeps every stay and wait
  that was going on in 2023-2025: the ones that ended before START are left out, as a real
  extract of those years would. Patient ids are renumbered in that order (p000001, ...).
- ``capacity_synthetic.csv``: each service's places on START and every change after it (the
  baseline's summer and Christmas calendars; home care's places staffed).
- The baseline's ``initial_state`` is this extract's state on UNTIL
  (harmoni_model.extracts.initial.state_at); the script rewrites that block of
  trondheim_baseline.yaml (the last one in the file) and removes the services'
  initial_occupancy / initial_queue.

The output is the same on every run. ``--check`` exits 1 if the files are not what it would write.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402
import yaml  # noqa: E402

from harmoni_model.extracts.initial import describe, state_at  # noqa: E402
from harmoni_model.extracts.stays import read_extract, services_of  # noqa: E402
from harmoni_model.scenario.calendars import capacities  # noqa: E402
from harmoni_model.scenario.files import load_scenario, parse_text  # noqa: E402
from harmoni_model.scenario.format import validate_data  # noqa: E402
from harmoni_model.simulation.engine import simulate  # noqa: E402

BASELINE = ROOT / "sample_data" / "scenarios" / "trondheim_baseline.yaml"
STAYS = ROOT / "sample_data" / "stays_synthetic.csv"
CAPACITY = ROOT / "sample_data" / "capacity_synthetic.csv"
START = dt.date(2023, 1, 2)  # a Monday: the extract's weeks are ISO weeks
UNTIL = dt.date(2026, 1, 1)  # the day the extract is taken (00:00) = the baseline's start_date
WARMUP_DAYS = 364
HISTORY_GROWTH = 0.05
# The baseline's counts before it took its state from this extract (EST, about 90 % full): the warm-up's start.
START_COUNTS = {
    "hospital_medical": (65, 0),
    "hospital_ortho": (10, 0),
    "kad": (9, 0),
    "short_term": (165, 4),
    "rehab": (65, 0),
    "long_term": (1345, 75),
    "home_care": (2480, 0),
}
SYNTHETIC = "SYNTHETIC (not real data): the Trondheim baseline model's event log, scripts/make_sample_stays.py"


def history_scenario():
    """The baseline, moved back to START - WARMUP_DAYS, from START_COUNTS, with the 80+ growth."""
    baseline = load_scenario(BASELINE)
    data = baseline.to_dict()
    data.pop("initial_state", None)
    for s in data["services"]:
        s["initial_occupancy"], s["initial_queue"] = START_COUNTS.get(s["id"], (0, 0))
    first = START - dt.timedelta(days=WARMUP_DAYS)
    years = (UNTIL - first).days / 365.0
    for a in data["arrivals"]:
        if not a.get("growth_per_year"):
            a["growth_per_year"] = HISTORY_GROWTH
            a["rate_per_day"] = round(a["rate_per_day"] * (1 + HISTORY_GROWTH) ** -years, 6)
    data.update(
        start_date=first.isoformat(), warmup_days=WARMUP_DAYS, horizon_days=(UNTIL - START).days, replications=1
    )
    return baseline, validate_data(data)


def stays_table(scenario) -> pd.DataFrame:
    """The run's stays that were going on from START on, times to the second, ids renumbered."""
    run = simulate(scenario, 0, events=True)
    origin = dt.datetime.combine(scenario.start_date, dt.time())
    start_day = float(WARMUP_DAYS)
    rows = []
    for pid, service, referred, admitted, ready, left, to in run.stays:
        end = left if left is not None else float("inf")
        if end < start_day:
            continue  # over before the extract's period

        def when(days: float | None) -> str:
            if days is None:
                return ""
            return (origin + dt.timedelta(seconds=round(days * 86_400))).isoformat(timespec="seconds")

        rows.append((pid, service, when(referred), when(admitted), when(ready), when(left), to or ""))
    frame = pd.DataFrame(rows, columns=["pid", "service", "referred", "admitted", "ready", "left", "next"])
    numbers = {pid: k + 1 for k, pid in enumerate(dict.fromkeys(frame["pid"]))}
    frame.insert(0, "patient_id", [f"p{numbers[p]:06d}" for p in frame["pid"]])
    return frame.drop(columns="pid")


def capacity_table(scenario) -> pd.DataFrame:
    """Each service's places on START and at every change after it, to UNTIL."""
    days = (UNTIL - START).days
    rows = []
    for s in scenario.services:
        caps = capacities(s, START, days)
        for d, cap in enumerate(caps):
            if d == 0 or cap != caps[d - 1]:
                rows.append((s.id, (START + dt.timedelta(days=d)).isoformat(), cap))
    return pd.DataFrame(rows, columns=["service", "from", "capacity"])


def csv_text(frame: pd.DataFrame) -> str:
    out = io.StringIO()
    frame.to_csv(out, index=False, lineterminator="\n")
    return out.getvalue()


def baseline_text(baseline, stays: str, capacity: str) -> str:
    """trondheim_baseline.yaml with its initial_state block set to the extract's state on UNTIL."""
    extract = read_extract(stays.encode(), UNTIL, capacity=capacity.encode(), services=services_of(baseline),
                           name=STAYS.name)  # fmt: skip
    routes = {}
    for s in baseline.services:
        onward = [r for r in s.next if r.to != "exit" and r.p > 0]
        if onward:
            routes[s.id] = max(onward, key=lambda r: r.p).to
    state, counts = state_at(extract, UNTIL, routes)
    lines = BASELINE.read_text(encoding="utf-8").splitlines()
    if "initial_state:" in lines:
        lines = lines[: lines.index("initial_state:")]
    while lines and (not lines[-1].strip() or lines[-1].lstrip().startswith("#")):
        lines.pop()
    keep = [ln for ln in lines if not ln.strip().startswith(("initial_occupancy:", "initial_queue:"))]
    block = [
        "",
        "# The state on 2026-01-01, patient by patient: the SYNTHETIC extract sample_data/stays_synthetic.csv",
        "# on that day (generated with it by scripts/make_sample_stays.py; do not edit by hand). Days since",
        "# admission (in_stay), since the stay ended (ready) and on the list (waiting).",
        "initial_state:",
        f"  source: {yaml.safe_dump(f'{SYNTHETIC}: the state of {STAYS.name} on {UNTIL}: {describe(counts)}', width=10**6).strip()}",  # noqa: E501
        "  services:",
    ]
    for entry in state["services"]:
        block.append(f"    - id: {entry['id']}")
        for key in ("in_stay", "ready", "waiting"):
            if key in entry:
                dumped = yaml.safe_dump({key: entry[key]}, default_flow_style=True, width=110, sort_keys=False)
                body = dumped.strip()[1:-1]  # the mapping's braces off: `in_stay: [...]`
                block.extend("      " + ln for ln in body.splitlines())
    text = "\n".join(keep + block) + "\n"
    parse_text(text, str(BASELINE))  # fails loudly if the block is not YAML
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a file differs from what would be written")
    args = parser.parse_args(argv)
    baseline, scenario = history_scenario()
    stays = csv_text(stays_table(scenario))
    capacity = csv_text(capacity_table(scenario))
    text = baseline_text(baseline, stays, capacity)
    outputs = {STAYS: stays, CAPACITY: capacity, BASELINE: text}
    if args.check:
        stale = [p.name for p, t in outputs.items() if not p.exists() or p.read_text(encoding="utf-8") != t]
        if stale:
            print(f"out of date: {', '.join(stale)} (run python scripts/make_sample_stays.py)", file=sys.stderr)
            return 1
        return 0
    for path, content in outputs.items():
        path.write_text(content, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)} ({len(content.encode()) / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
