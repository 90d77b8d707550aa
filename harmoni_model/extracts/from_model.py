"""A model run's event log as an `Extract`: the same stays a real extract would hold, exactly.

So everything built for real extracts (daily levels, the dashboard's weekly indicators, fitting,
the back-test) can be checked on a run whose truth is known: ``daily_levels(extract_from_run(...))``
gives back the run's own daily series (``tests/test_indicators_shared.py``).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from harmoni_model.extracts.stays import Extract, ServiceInfo
from harmoni_model.results.tidy import NoEventLogError, patient_numbers
from harmoni_model.scenario.calendars import capacities

if TYPE_CHECKING:
    from harmoni_model.scenario.format import Scenario
    from harmoni_model.simulation.engine import ReplicationResult

_TIMES = ("referred", "admitted", "ready", "left")


def extract_from_run(result: ReplicationResult, scenario: Scenario) -> Extract:
    """The event log of `result` (a run of `scenario` with ``events=True``) as an `Extract`.

    ``origin`` is the Monday on or before the scenario's ``start_date`` (the log's times, days from
    ``start_date``, are shifted by the difference; no rounding); ``until`` is the end of the run (warm-up
    plus horizon); the services are the scenario's, in its order; ``capacity`` is each service's places
    per day (calendar and staffing, ``scenario.calendars.capacities``) written as change points from the
    run's first day; ``patient_id`` is ``p000001``, ... as in ``Results.events()``; ``line`` is 0.
    Raises :class:`~harmoni_model.results.tidy.NoEventLogError` when the run kept no log.
    """
    if result.stays is None:
        raise NoEventLogError("this run kept no patient event log: run it with simulate(scenario, events=True)")
    start = scenario.start_date
    if result.start_date != start + dt.timedelta(days=result.start_day):
        raise ValueError(f"the run did not start on the scenario's start_date {start.isoformat()}")
    origin = start - dt.timedelta(days=start.weekday())
    offset = float((start - origin).days)
    end_day = scenario.warmup_days + scenario.horizon_days

    stays = result.stays
    columns = list(zip(*stays, strict=True)) if stays else [()] * 7
    frame = pd.DataFrame(
        {
            "patient_id": [f"p{n:06d}" for n in patient_numbers(stays)],
            "service": pd.Series(columns[1], dtype=object),
        }
    )
    for name, values in zip(_TIMES, columns[2:6], strict=True):
        frame[name] = np.array(values, dtype="float64") + offset  # (None -> NaN)
    frame["next"] = pd.Series(columns[6], dtype=object)
    frame["line"] = np.zeros(len(frame), dtype="int64")

    changes = []
    for spec in scenario.services:
        caps = capacities(spec, start, end_day)
        changes += [(spec.id, offset + d, int(caps[d])) for d in range(end_day) if d == 0 or caps[d] != caps[d - 1]]
    capacity = pd.DataFrame(changes, columns=["service", "start", "capacity"])
    capacity["capacity"] = capacity["capacity"].astype("int64")
    capacity["line"] = np.zeros(len(capacity), dtype="int64")
    capacity = capacity.sort_values(["service", "start"], kind="stable", ignore_index=True)

    services = {
        s.id: ServiceInfo(s.id, s.organisation, s.kind, s.name.nb if s.name is not None else None)
        for s in scenario.services
    }
    return Extract(
        stays=frame,
        origin=origin,
        until=offset + end_day,
        services=services,
        capacity=capacity,
        source=f"{scenario.name} (model run, replication {result.replication})",
    )
