"""How long a million-row stays extract takes to read and validate, and how much memory it takes.

    python benchmarks/bench_stays.py [--rows 1000000] [--seed 1]

Writes a valid synthetic extract (hospital stays, some followed by a short-term stay, some still going at
the end) to a temporary directory, then times :func:`harmoni_model.extracts.stays.read_extract` on the path
in a fresh process and prints the seconds, the file's size and the peak resident memory of that process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

UNTIL = dt.date(2026, 1, 1)
SERVICES = ("hospital", "short_term", "home_care")


def _iso(seconds: np.ndarray) -> np.ndarray:
    """Seconds since 2023-01-01 as ISO date-times; NaN as empty."""
    text = np.datetime_as_string(np.datetime64("2023-01-01T00:00:00") + np.nan_to_num(seconds).astype("timedelta64[s]"))
    return np.where(np.isnan(seconds), "", text)


def make_stays(rows: int, seed: int = 1) -> pd.DataFrame:
    """A valid extract of about `rows` rows (exactly `rows` when `rows` is large): 40 % of the hospital
    stays go on to a short-term stay; every time is before UNTIL."""
    rng = np.random.default_rng(seed)
    patients = int(rows / 1.3) + 10
    horizon = (UNTIL - dt.date(2023, 1, 1)).days * 86_400
    admitted = rng.uniform(0, horizon, patients).round()
    ready = admitted + rng.exponential(5 * 86_400, patients).round()
    moves = rng.random(patients) < 0.4
    left = ready + np.where(moves, rng.exponential(2 * 86_400, patients).round(), 0)
    st_admitted = left
    st_ready = st_admitted + rng.exponential(20 * 86_400, patients).round()
    st_left = st_ready + rng.choice([0, 3600], patients)

    def cut(times: np.ndarray) -> np.ndarray:
        return np.where(times > horizon, np.nan, times)

    ids = np.char.add("p", np.arange(patients).astype(str))
    hospital = pd.DataFrame(
        {
            "patient_id": ids,
            "service": "hospital",
            "referred": "",
            "admitted": _iso(admitted),
            "ready": _iso(np.where(left > horizon, np.nan, cut(ready))),
            "left": _iso(cut(left)),
            "next": np.where(left > horizon, "", np.where(moves, "short_term", "exit")),
        }
    )
    go = moves & (left <= horizon)
    short = pd.DataFrame(
        {
            "patient_id": ids[go],
            "service": "short_term",
            "referred": _iso(ready[go]),
            "admitted": _iso(st_admitted[go]),
            "ready": _iso(np.where(st_left[go] > horizon, np.nan, cut(st_ready[go]))),
            "left": _iso(cut(st_left[go])),
            "next": np.where(st_left[go] > horizon, "", "exit"),
        }
    )
    frame = pd.concat([hospital, short], ignore_index=True)
    return frame.iloc[: min(rows, len(frame))]


def _peak_kb() -> int:
    """The process's peak resident memory (VmHWM, kB). Not ru_maxrss: on Linux it keeps the parent's peak
    across fork and exec, so the generator's memory would count."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _measure(path: str, reader: str) -> None:
    from harmoni_model.extracts import stays
    from harmoni_model.extracts.stays import ServiceInfo, read_extract

    stays.READER = reader
    known = {s: ServiceInfo(s, "hospital" if s == "hospital" else "municipality", None) for s in SERVICES}
    before = resource.getrusage(resource.RUSAGE_SELF)
    cpu_before, rss_before = before.ru_utime + before.ru_stime, _peak_kb()
    start = time.perf_counter()
    extract = read_extract(path, UNTIL, services=known)
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result = {
        "rows": len(extract.stays),
        "reader": reader,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime - cpu_before, 2),  # less sensitive to a busy machine
        "peak_rss_mb": round(_peak_kb() / 1024),
        "rss_before_mb": round(rss_before / 1024),
    }
    print(json.dumps(result))


def main() -> None:
    """Generate the file, then measure in a fresh process (so the generator's memory does not count)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reader", choices=["auto", "c"], default="auto", help="auto: pyarrow's CSV reader if it can")
    parser.add_argument("--repeat", type=int, default=3, help="fresh processes to time (each figure is printed)")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        _measure(args.measure, args.reader)
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "stays.csv"
        make_stays(args.rows, args.seed).to_csv(path, index=False)
        print(f"{path.stat().st_size / 1e6:.0f} MB, {args.rows} rows", file=sys.stderr)
        root = Path(__file__).resolve().parent.parent
        for _ in range(args.repeat):
            command = [sys.executable, __file__, "--measure", str(path), "--reader", args.reader]
            subprocess.run(command, check=True, cwd=root)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
