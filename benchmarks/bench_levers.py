"""What the new levers cost a studio rerun (not a test): the controls' bookkeeping and applying the changes.

    python benchmarks/bench_levers.py [--repeat 50]

On the Trondheim baseline, the median of `--repeat` runs of

- the bookkeeping every rerun of the studio does for the levers: ``defaults`` (every control's start
  value), ``lever_values`` and ``changed_from`` (only what differs), and ``describe_changes``;
- ``apply_changes`` with every lever at once, against one with a capacity only (both end in the same
  full validation of the new scenario, which dominates);
- the round trips a link and the library make: ``controls_for`` + ``link_params`` + ``parse_link``,
  and ``Changes.to_dict`` / ``from_dict``.

The simulation itself is not timed here (bench_app.py and bench_engine.py do that): a lever changes
what is simulated, not how fast.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harmoni_model import load_scenario  # noqa: E402
from harmoni_model.scenario.changes import Changes, Closure, apply_changes, changed_from  # noqa: E402
from pages.ui.share_links import controls_for, defaults, lever_values, link_params, parse_link  # noqa: E402
from pages.ui.studio_data import describe_changes  # noqa: E402

EVERY = Changes(
    closure={"hospital_medical": Closure(27, 32, 14)},
    overflow={"hospital_medical": 8},
    hospital_first={"short_term": False, "rehab": True},
    transfer_days={"short_term": 3.0},
    stay_factor={"kad": 0.9},
)


def _median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return 1000 * statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    base = load_scenario(ROOT / "sample_data" / "scenarios" / "trondheim_baseline.yaml")

    def bookkeeping() -> None:
        values = defaults(base)
        changes = changed_from(base, {}, {}, {}, 1.0, **lever_values(base, values))  # type: ignore[arg-type]
        describe_changes(base, changes, lambda key, **v: key, "nb")

    def link() -> None:
        values = controls_for(base, EVERY)
        assert values is not None
        parse_link(link_params(values, defaults(base)), base)

    rows = {
        "bookkeeping a rerun (defaults, lever_values, changed_from, describe)": bookkeeping,
        "apply_changes, every lever": lambda: apply_changes(base, EVERY),
        "apply_changes, a capacity only": lambda: apply_changes(base, Changes(capacity={"kad": 25})),
        "a link's round trip (controls_for, link_params, parse_link)": link,
        "Changes to_dict + from_dict": lambda: Changes.from_dict(EVERY.to_dict()),
    }
    for label, fn in rows.items():
        print(f"{_median_ms(fn, args.repeat):8.2f} ms  {label}")


if __name__ == "__main__":
    main()
