"""When a scenario's answer is precise enough to decide with: the studio's stopping rule (docs/MODEL.md).

The studio runs replications in batches (4, 8, 12, 20, 30, ...: `LADDER`) and after each
batch asks, for every headline figure, what its *paired* 95 % interval of the difference
(scenario minus baseline, replication by replication) says:

- ``CLEAR``: the interval excludes zero: the change is real, and its sign is known. Before
  `MIN_N_UNCLEAR` replications the interval used is the wider `EARLY_LEVEL` (99 %) one:
  the answer is looked at after every batch, and stopping at the first look where a
  95 % interval happens to miss zero would call a figure with no real change "clear"
  far more often than one time in twenty.
- ``SMALL``: the whole interval lies within ±`RELATIVE_PRECISION` (5 %) of the baseline's
  value, with at least `MIN_N_UNCLEAR` (30) replications: whatever the change is, it is
  too small to matter ("no difference larger than ±5 %").
- ``OPEN``: neither yet: more replications may tell.

The answer is *resolved* when no figure is open and at least `MIN_N_RESOLVED` replications
are in; the studio then stops. Otherwise it goes on
until its target number of replications or its time budget is spent: an answer stopped with
n ≥ 30 and figures still open is *unclear* (the change is too small to tell from chance at
this n), one stopped before 30 is only *preliminary* (the page offers more precision).

Everything here is pure: estimates in, states out.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from scipy import stats

from harmoni_model.results.estimates import Estimate

RELATIVE_PRECISION = 0.05  # a change within ±5 % of the baseline's value counts as "no change that matters"
MIN_N_UNCLEAR = 30  # replications before a figure may be declared small or the answer unclear
MIN_N_RESOLVED = 8  # replications before an answer may be called firm (a first batch of 2 or 4 never is)
EARLY_LEVEL = 0.99  # the interval that must exclude zero for "clear" before MIN_N_UNCLEAR replications
LADDER = (4, 8, 12, 20, 30, 45, 60, 90, 120, 180, 240)  # replications after each batch
FIRST_BATCH = LADDER[0]  # the first answer: a few replications, back in well under a second
BUSY_FIRST_BATCH = 2  # the first answer while other sessions' runs are in the pool (one replication a worker)
TARGET_REPLICATIONS: int | None = 60  # the default target; "more precision" doubles it (None: the scenario's own)
TODAY_REPLICATIONS = MIN_N_UNCLEAR  # with no change on screen: today's figures, which the first change pairs with
BUDGET_SECONDS = 8.0  # the default time budget of one answer; "more precision" doubles it too
MORE_FACTOR = 2

CLEAR, SMALL, OPEN = "clear", "small", "open"
RESOLVED, PRELIMINARY, UNCLEAR = "resolved", "preliminary", "unclear"


def figure_state(
    d: Estimate, base: Estimate, share: float = RELATIVE_PRECISION, min_n: int = MIN_N_UNCLEAR, floor: float = 0.0
) -> str:
    """CLEAR, SMALL or OPEN for one figure: `d` the paired difference, `base` the baseline's estimate.

    `floor`: a half-width at or under it is small whatever the baseline (a figure whose baseline is
    zero, e.g. no corridor beds today, would otherwise need an interval of width zero).
    """
    if d.n < 2 or math.isnan(d.low) or math.isnan(d.high):
        return OPEN
    low, high = (d.low, d.high) if d.n >= min_n else early_interval(d)
    if low > 0 or high < 0:
        return CLEAR
    bound = max(share * abs(base.mean), floor) if not math.isnan(base.mean) else floor
    # the whole interval within ±bound: a change of 4 ± 4.9 on a baseline of 100 may still be +8.9 %
    reach = max(abs(d.low), abs(d.high))
    return SMALL if d.n >= min_n and reach <= bound else OPEN


@functools.lru_cache(maxsize=1024)
def _t_quantile(p: float, df: int) -> float:
    """Student's t quantile (scipy's ppf costs a millisecond; every tile of every batch asks)."""
    return float(stats.t.ppf(p, df))


def early_interval(d: Estimate, level: float = EARLY_LEVEL) -> tuple[float, float]:
    """`d`'s 95 % t-interval widened to `level` (same mean and standard error, the t quantile of `level`)."""
    t95, wider = _t_quantile(0.975, d.n - 1), _t_quantile(0.5 + level / 2, d.n - 1)
    half = (d.high - d.low) / 2 * wider / t95
    middle = (d.high + d.low) / 2
    return middle - half, middle + half


@dataclass(frozen=True)
class Precision:
    """How precise an answer is after n replications: every figure's state and the answer's status."""

    n: int
    states: tuple[str, ...]  # one per headline figure, in order
    status: str  # RESOLVED, PRELIMINARY (stopped early or still running) or UNCLEAR

    @property
    def resolved(self) -> bool:
        """No figure is open: more replications would not change what the page says."""
        return self.status == RESOLVED

    @property
    def open_figures(self) -> tuple[int, ...]:
        """Indexes of the figures still open."""
        return tuple(i for i, s in enumerate(self.states) if s == OPEN)


def precision(states: Sequence[str], n: int, min_n: int = MIN_N_UNCLEAR) -> Precision:
    """The answer's status from its figures' states after n replications (the run has stopped or not).

    RESOLVED when no figure is open and n >= `MIN_N_RESOLVED`; else UNCLEAR from `min_n` replications
    on, PRELIMINARY before.
    """
    states = tuple(states)
    if OPEN not in states and n >= MIN_N_RESOLVED:
        status = RESOLVED
    else:
        status = UNCLEAR if n >= min_n else PRELIMINARY
    return Precision(n, states, status)


def next_replications(n: int, target: int) -> int:
    """The replications after the next batch: the next rung of `LADDER` above n, never above `target`.

    Beyond the ladder's top, n grows by half. n itself when n has reached the target.
    """
    if n >= target:
        return n
    rung = next((r for r in LADDER if r > n), math.ceil(n * 1.5))
    return min(rung, target)


def today_replications(own: int) -> int:
    """How many replications "today" (the baseline with no change) has in the app: the studio's
    `TODAY_REPLICATIONS`, or the scenario's `own` when the studio answers with each scenario's own
    replications (`TARGET_REPLICATIONS` None). The advisor and the headroom view show the same today."""
    return TODAY_REPLICATIONS if TARGET_REPLICATIONS is not None else own


def budget_under_load(seconds: float, others: int) -> float:
    """The time budget when `others` runs of other sessions share the workers: an equal share of it.

    A visitor's own runs never count (the caller leaves them out): one facilitator clicking "+" five
    times is not a busy server.
    """
    return seconds / (1 + max(others, 0))


def first_batch(others: int) -> int:
    """The first answer's replications: `FIRST_BATCH`, or `BUSY_FIRST_BATCH` while others' runs share the workers.

    Under load every session's first batch waits behind the others' in the pool: half the work each is
    about half the wait, and the answer still grows while the budget allows.
    """
    return FIRST_BATCH if others <= 0 else BUSY_FIRST_BATCH


def first_replications_to_show(cached: int, target: int, first: int = FIRST_BATCH) -> int:
    """Where an answer starts: the replications already cached for both runs, at least `first`, at most `target`.

    Going back to a value seen before starts from its finished answer (nothing runs).
    """
    return max(first, min(cached, target))
