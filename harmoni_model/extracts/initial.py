"""The state of an extract at one moment, patient by patient: a scenario's ``initial_state``.

At time T (a day at 00:00): who holds a place and for how long (``in_stay``), whose stay has
ended but who still holds the place (``ready``: waiting for the next service, or still in its
processing delay), and who waits for a place at home (``waiting``). Elapsed times are exact, so
the model draws each residual stay given the time already passed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from harmoni_model.extracts.stays import Extract

ROUND = 6  # decimals of a day kept in elapsed times (under a tenth of a second)


@dataclass(frozen=True)
class StateCounts:
    """How many patients of each kind the state holds, and how many had no known next service."""

    in_stay: int
    ready: int
    waiting: int
    guessed_targets: int  # ready patients with no next service in the extract: the most common route assumed
    no_target: int = 0  # ready patients with no next service and no route to assume: counted as in a stay


def _elapsed(values: np.ndarray) -> list[float]:
    return [round(float(v), ROUND) for v in values]


def state_at(
    extract: Extract, when: dt.date, routes: dict[str, str] | None = None
) -> tuple[dict[str, Any], StateCounts]:
    """The ``initial_state`` (plain scenario data) of `extract` at `when` 00:00, and its counts.

    `routes`: for each service, the service a ready patient is assumed to go to when the extract
    does not say (still in the place at the extract's end, no referral yet): the fitted most
    common onward route. Without it such a patient counts as still in the stay.
    """
    t = extract.day(when)
    stays = extract.stays
    admitted, left, ready = stays["admitted"].to_numpy(), stays["left"].to_numpy(), stays["ready"].to_numpy()
    referred = stays["referred"].to_numpy()
    open_end = np.where(np.isnan(left), np.inf, left)
    # The state just before t: a patient admitted at t 00:00 (a weekday's intake, or every admission of
    # that day in an extract of dates only) was still waiting, and the model admits them at its time 0.
    in_place = (admitted < t) & (open_end >= t)
    is_ready = in_place & ~np.isnan(ready) & (ready < t)  # the stay had ended (ready equal to left: left when ready)
    until_admitted = np.where(np.isnan(admitted), open_end, admitted)
    on_list = ~np.isnan(referred) & (referred < t) & (until_admitted >= t)

    patients = stays["patient_id"].to_numpy()
    services = stays["service"].to_numpy()
    nexts = stays["next"].to_numpy()
    # a ready patient's list (if on one): the patient's row on a list at t
    list_of: dict[str, int] = {}
    for i in np.flatnonzero(on_list):
        list_of[patients[i]] = int(i)

    state: dict[str, dict[str, list]] = {}

    def entry(sid: str) -> dict[str, list]:
        return state.setdefault(sid, {"in_stay": [], "ready": [], "waiting": []})

    blocked_patients: set[str] = set()
    guessed = no_target = 0
    for i in np.flatnonzero(in_place):
        sid = services[i]
        if not is_ready[i]:
            entry(sid)["in_stay"].append(round(float(t - admitted[i]), ROUND))
            continue
        waiting_row = list_of.get(patients[i])
        target = nexts[i] if isinstance(nexts[i], str) and nexts[i] != "exit" else None
        if waiting_row is not None:
            target = services[waiting_row]
        if target is None and routes and routes.get(sid):
            target = routes[sid]
            guessed += 1
        if target is None:  # nowhere known to go: treat as a stay still going (counted in the note)
            entry(sid)["in_stay"].append(round(float(t - admitted[i]), ROUND))
            no_target += 1
            continue
        patient: dict[str, Any] = {
            "to": target,
            "elapsed": round(float(t - admitted[i]), ROUND),
            "since_ready": round(float(t - ready[i]), ROUND),
        }
        if waiting_row is not None:
            blocked_patients.add(patients[i])
            patient["queued"] = min(round(float(t - referred[waiting_row]), ROUND), patient["since_ready"])
        entry(sid)["ready"].append(patient)

    previous = _previous_services(stays)
    for i in np.flatnonzero(on_list):
        if patients[i] in blocked_patients:
            continue  # waits in the place held (a ready patient above)
        waiting: dict[str, Any] = {"waited": round(float(t - referred[i]), ROUND)}
        origin = previous.get(int(i))
        if origin is not None:
            waiting["origin"] = origin
        entry(services[i])["waiting"].append(waiting)

    out = []
    for sid in extract.services:
        if sid not in state:
            continue
        e = {k: v for k, v in state[sid].items() if v}
        if "in_stay" in e:
            e["in_stay"] = sorted(e["in_stay"])
        if e:
            out.append({"id": sid, **e})
    counts = StateCounts(
        sum(len(s.get("in_stay", ())) for s in out),
        sum(len(s.get("ready", ())) for s in out),
        sum(len(s.get("waiting", ())) for s in out),
        guessed,
        no_target,
    )
    return {"services": out}, counts


def _previous_services(stays: pd.DataFrame) -> dict[int, str]:
    """For each row, the service of the same patient's previous row when that one went on to this service."""
    began = stays["referred"].fillna(stays["admitted"])
    order = stays.assign(_began=began, _row=np.arange(len(stays))).sort_values(["patient_id", "_began"], kind="stable")
    same = order["patient_id"].to_numpy()[1:] == order["patient_id"].to_numpy()[:-1]
    went = order["next"].to_numpy()[:-1] == order["service"].to_numpy()[1:]
    rows = order["_row"].to_numpy()
    services = order["service"].to_numpy()
    return {int(rows[j + 1]): services[j] for j in np.flatnonzero(same & went)}


def describe(counts: StateCounts) -> str:
    """One line for a ``source``: how many patients of each kind."""
    text = f"{counts.in_stay} in a stay, {counts.ready} ready and still in the place, {counts.waiting} waiting"
    if counts.guessed_targets:
        text += f" ({counts.guessed_targets} ready with no next service in the extract: the most common route assumed)"
    if counts.no_target:
        text += f" ({counts.no_target} ready with no next service and no route to assume: counted as in a stay)"
    return text
