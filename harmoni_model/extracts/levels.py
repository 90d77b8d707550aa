"""An extract's stays -> daily levels per service, in the engine's ``daily`` shape.

The definitions are the engine's (harmoni_model/simulation/engine.py, ``DAILY_FIELDS``), read off the
rows of the stays format, so a model run's own event log gives back its daily series
(``tests/test_indicators_shared.py``):

- ``occupancy``: the day's mean of the rows with ``admitted <= t < left`` (an open stay runs to ``until``);
- ``queue``: ``referred <= t < admitted`` (else ``left``, else ``until``);
- ``blocked`` (discharge-ready, processing delay included): ``ready <= t < left`` (else ``until``);
- ``admissions`` / ``discharges``: rows admitted / left (after a place) that day; ``reneged``: waiting
  rows (never admitted) that left the list that day; ``lost`` and ``diverted``: 0 (an extract does
  not record the patients who never joined a list);
- ``wait_days``: the total of ``admitted - referred`` of the rows admitted that day (0 when ``referred`` is empty);
- ``capacity``: the regular places at the day's start (``Extract.capacity``, NaN where not known);
- ``overflow``: place-days above the regular places, NaN where the capacity is not known.

Levels are means over the day (the integral over the day / 1 day); an event at exactly midnight
belongs to the day it starts. Everything is vectorised (one sort, cumulative sums and per-day bins);
only a service whose regular places can differ from its capacity is walked event by event (below).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from harmoni_model.simulation.engine import DAILY_FIELDS

if TYPE_CHECKING:
    from harmoni_model.extracts.stays import Extract


def daily_levels(extract: Extract, start: float | None = None, end: float | None = None) -> dict:
    """Daily levels of every service of `extract`: service id -> DAILY_FIELDS -> one float per day.

    Days are ``[start + k, start + k + 1)`` in days since ``extract.origin``, for every whole day from
    `start` (default 0, the origin, a Monday) to `end` (default ``extract.until``, floored to a whole day).
    """
    start = 0.0 if start is None else float(start)
    end = float(math.floor(extract.until)) if end is None else float(end)
    n_days = max(0, math.floor(end - start))
    services = list(extract.services)
    n_services = len(services)
    if n_days == 0 or n_services == 0:
        return {sid: {f: [] for f in DAILY_FIELDS} for sid in services}

    stays = extract.stays
    code = pd.Categorical(stays["service"], categories=services).codes.astype(np.int64)
    known = code >= 0  # (a validated extract lists every service; anything else is ignored here)
    referred, admitted, ready, left = (
        stays[c].to_numpy(dtype="float64") for c in ("referred", "admitted", "ready", "left")
    )
    until = float(extract.until)
    grid = _Grid(start, n_days, n_services)

    in_place = known & ~np.isnan(admitted)
    out_at = np.where(np.isnan(left), until, left)  # an open stay (or list) runs to the extract's end
    occ_end = out_at[in_place]
    occupancy = grid.integrals(
        np.concatenate([code[in_place], code[in_place]]),
        np.concatenate([admitted[in_place], occ_end]),
        np.concatenate([np.ones(in_place.sum()), -np.ones(in_place.sum())]),
    )
    listed = known & ~np.isnan(referred)
    off_list = np.where(np.isnan(admitted), out_at, admitted)[listed]
    queue = grid.integrals(
        np.concatenate([code[listed], code[listed]]),
        np.concatenate([referred[listed], off_list]),
        np.concatenate([np.ones(listed.sum()), -np.ones(listed.sum())]),
    )
    is_ready = in_place & ~np.isnan(ready)  # (ready empty: left when ready, no time discharge-ready)
    blocked = grid.integrals(
        np.concatenate([code[is_ready], code[is_ready]]),
        np.concatenate([ready[is_ready], out_at[is_ready]]),
        np.concatenate([np.ones(is_ready.sum()), -np.ones(is_ready.sum())]),
    )
    admissions = grid.counts(code[in_place], admitted[in_place])
    waited = np.where(np.isnan(referred), 0.0, admitted - referred)[in_place]
    wait_days = grid.counts(code[in_place], admitted[in_place], waited)
    gone = in_place & ~np.isnan(left)
    discharges = grid.counts(code[gone], left[gone])
    # off the list without a place: gone (exit) is reneging; to another service, a diversion of the wait
    went_home = (stays["next"] == "exit").to_numpy()
    reneged_rows = known & np.isnan(admitted) & listed & ~np.isnan(left) & went_home
    reneged = grid.counts(code[reneged_rows], left[reneged_rows])
    zeros = np.zeros((n_services, n_days))

    capacity = np.full((n_services, n_days), math.nan)
    overflow = np.full((n_services, n_days), math.nan)
    if extract.capacity is not None and len(extract.capacity):
        day_starts = start + np.arange(n_days, dtype="float64")
        rows = np.flatnonzero(in_place)
        by_service = rows[np.argsort(code[rows], kind="stable")]
        bounds = np.searchsorted(code[by_service], np.arange(n_services + 1))
        order = _Order(stays, code, admitted, left)
        for s, sid in enumerate(services):
            table = extract.capacity[extract.capacity["service"] == sid]
            if table.empty:
                continue
            by_start = np.argsort(table["start"].to_numpy(dtype="float64"), kind="stable")
            starts = table["start"].to_numpy(dtype="float64")[by_start]
            caps = table["capacity"].to_numpy(dtype="float64")[by_start]
            piece = np.searchsorted(starts, day_starts, side="right") - 1
            capacity[s] = np.where(piece >= 0, caps[np.maximum(piece, 0)], math.nan)
            mine = by_service[bounds[s] : bounds[s + 1]]
            times, levels = _overflow_steps(order, mine, admitted, out_at, starts, caps, s)
            steps = np.diff(levels, prepend=0.0)
            overflow[s] = grid.integrals(np.full(len(times), s, dtype=np.int64), times, steps)[s]
            overflow[s][np.isnan(capacity[s])] = math.nan  # not known before the first capacity

    fields = {
        "occupancy": occupancy, "queue": queue, "blocked": blocked, "admissions": admissions,
        "discharges": discharges, "lost": zeros, "diverted": zeros, "wait_days": wait_days,
        "overflow": overflow, "reneged": reneged, "capacity": capacity,
    }  # fmt: skip
    assert tuple(fields) == DAILY_FIELDS
    return {sid: {f: fields[f][s].tolist() for f in DAILY_FIELDS} for s, sid in enumerate(services)}


class _Grid:
    """Whole days from `start`, for every service: per-day integrals of step functions and per-day counts."""

    def __init__(self, start: float, n_days: int, n_services: int) -> None:
        self.start, self.n_days, self.n_services = start, n_days, n_services

    def integrals(self, codes: np.ndarray, times: np.ndarray, steps: np.ndarray) -> np.ndarray:
        """The day's integral (service x day) of a level that changes by `steps` at `times` (0 before any).

        A change before the first day counts in the level the first day starts with; a change at or
        after the last day's end (or at NaN) in nothing. Day d's integral is its starting level plus,
        for each change within it, the change times the rest of the day.
        """
        rel = times - self.start
        keep = rel < self.n_days  # (False for NaN)
        rel = np.maximum(rel[keep], 0.0)
        steps = steps[keep]
        day = rel.astype(np.int64)  # floor, rel >= 0
        index = codes[keep] * self.n_days + day
        size = self.n_services * self.n_days
        jumps = np.bincount(index, weights=steps, minlength=size).reshape(self.n_services, self.n_days)
        rest = np.bincount(index, weights=steps * ((day + 1) - rel), minlength=size)
        starting = np.cumsum(jumps, axis=1) - jumps
        return starting + rest.reshape(self.n_services, self.n_days)

    def counts(self, codes: np.ndarray, times: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        """The number (or the total of `weights`) of the events in each day (service x day)."""
        rel = times - self.start
        keep = (rel >= 0) & (rel < self.n_days)
        index = codes[keep] * self.n_days + rel[keep].astype(np.int64)
        w = None if weights is None else weights[keep]
        total = np.bincount(index, weights=w, minlength=self.n_services * self.n_days)
        return total.astype("float64").reshape(self.n_services, self.n_days)


def _overflow_steps(
    order: _Order,
    rows: np.ndarray,
    admitted: np.ndarray,
    out_at: np.ndarray,
    starts: np.ndarray,
    caps: np.ndarray,
    s: int,
) -> tuple[np.ndarray, np.ndarray]:
    """The overflow level (places in use above the regular places) of service `s`: its change times and levels.

    The engine's rule (simulation/engine.py): regular places start as ``max(capacity, occupancy)``; when the
    calendar changes the capacity at midnight they become ``max(capacity, min(occupancy, regular))`` (closing
    places keep their patients); a leaving patient frees an overflow place first, else a place the calendar
    closed (``regular - 1``), unless the patient starts a new stay in the same place. So while ``regular`` equals
    the capacity the overflow is ``max(0, occupancy - capacity)`` (vectorised); only from a capacity that starts
    or falls below the occupancy until the regular places are back to the capacity is the service walked event
    by event, the patients at one instant in the engine's order. `rows`: the service's admitted rows.
    """
    a, b = admitted[rows], out_at[rows]
    a_sorted, b_sorted = np.sort(a), np.sort(b)

    def before(t: np.ndarray) -> np.ndarray:  # occupancy just before t (a stay leaving at t still counts)
        return np.searchsorted(a_sorted, t, side="left") - np.searchsorted(b_sorted, t, side="left")

    occ_before = before(starts)
    falls = np.concatenate([[True], caps[1:] < caps[:-1]])  # the first capacity, and every decrease
    if not (occ_before[falls] > caps[falls]).any():
        # regular == capacity throughout: the overflow only changes where occupancy or capacity does
        times = np.unique(np.concatenate([a[a >= starts[0]], b[b >= starts[0]], starts]))
        occ = np.searchsorted(a_sorted, times, side="right") - np.searchsorted(b_sorted, times, side="right")
        cap = caps[np.searchsorted(starts, times, side="right") - 1]
        return times, np.maximum(0.0, occ - cap)
    return _walk(order, rows, starts, caps, s, int(occ_before[0]))


class _Order:
    """What the walk needs to put the patients of one instant in the engine's order (built once, when needed).

    At one instant the walk takes the leaves before the admissions (in the engine a leave frees the place
    an admission then takes). A patient's next stay is the row of the same patient admitted the moment
    this one left (the first of them in file order): with the same service, a new stay in the same place.
    """

    def __init__(self, stays: pd.DataFrame, code: np.ndarray, admitted: np.ndarray, left: np.ndarray) -> None:
        self.code, self.admitted, self.left = code, admitted, left
        self.stays = stays
        self._follow: np.ndarray | None = None
        self._to_same: np.ndarray | None = None

    def follow(self) -> np.ndarray:
        """Each row's next stay (its position), or -1."""
        if self._follow is None:
            patient = pd.factorize(self.stays["patient_id"])[0]
            by = np.lexsort((self.admitted, patient))  # by patient, admitted (NaN last), then file order
            nxt = np.full(len(by), -1, dtype=np.int64)
            same = (patient[by[1:]] == patient[by[:-1]]) & (self.admitted[by[1:]] == self.left[by[:-1]])
            nxt[by[:-1][same]] = by[1:][same]
            self._follow = nxt
        return self._follow

    def to_same(self) -> np.ndarray:
        """Whether a row's next stay is a new stay in the same place (same service, the same instant)."""
        if self._to_same is None:
            follow = self.follow()
            self._to_same = (follow >= 0) & (self.code[np.maximum(follow, 0)] == self.code)
        return self._to_same


def _walk(
    order: _Order, rows: np.ndarray, starts: np.ndarray, caps: np.ndarray, s: int, occ0: int
) -> tuple[np.ndarray, np.ndarray]:
    """The engine's regular places of service `s`, from its first capacity (see `_overflow_steps`)."""
    s0 = starts[0]
    admitted, left = order.admitted, order.left
    follow, to_same = order.follow(), order.to_same()
    a = admitted[rows]
    gone = ~np.isnan(left[rows]) & (left[rows] >= s0)
    same = to_same[rows] & gone  # neither a leave nor an admission: the stay goes on in the same place
    partners = np.zeros(len(admitted), dtype=bool)
    partners[follow[rows[same]]] = True
    admits = rows[(a >= s0) & ~partners[rows]]
    leaves = rows[gone & ~same]
    times = np.concatenate([admitted[admits], left[leaves]])
    # At one instant the leaves come first: in the engine a leave frees the place an admission then takes
    # (rows are written when a wait or a stay begins, so row order is not admission order).
    keys = np.concatenate([admits.astype("float64"), np.full(len(leaves), -1.0)])
    steps = np.concatenate([np.ones(len(admits), dtype=np.int64), -np.ones(len(leaves), dtype=np.int64)])
    by = np.lexsort((keys, times))
    times, steps = times[by], steps[by]
    occ_after = occ0 + np.cumsum(steps)

    first = np.searchsorted(times, starts, side="left")  # events at a capacity's start come after it
    last = np.append(first[1:], len(times))
    out_t: list[np.ndarray] = []
    out_level: list[np.ndarray] = []
    regular = 0
    for p, (lo, hi) in enumerate(zip(first.tolist(), last.tolist(), strict=True)):
        cap = int(caps[p])
        occ = occ0 if lo == 0 else int(occ_after[lo - 1])
        regular = max(cap, occ) if p == 0 else max(cap, min(occ, regular))
        out_t += [starts[p : p + 1], times[lo:hi]]
        out_level.append(np.array([max(0.0, occ - regular)]))
        level = np.maximum(0, occ_after[lo:hi] - cap).astype("float64")  # right once regular == cap
        if regular > cap:  # closed places still hold patients: walk until they have left
            for i, step in enumerate(steps[lo:hi].tolist()):
                if step > 0:
                    occ += 1
                else:
                    if occ <= regular:
                        regular -= 1  # a place the calendar closed is free: it closes
                    occ -= 1
                level[i] = max(0, occ - regular)
                if regular == cap:
                    break
        out_level.append(level)
    return np.concatenate(out_t), np.concatenate(out_level)
