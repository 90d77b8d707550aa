"""The stays format: one row per stay, a patient's time holding a place in one service (the `Extract`).

STAND-IN (helper B, issue 13): only the dataclasses of the shared contract, so that `levels` and
`from_model` can be written and tested; helper A's reader and validator replace this file.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd

#: The columns of `Extract.stays`, in order.
STAY_COLUMNS = ("patient_id", "service", "referred", "admitted", "ready", "left", "next", "line")


@dataclass(frozen=True)
class ServiceInfo:
    """A service of an extract: its scenario id, organisation and kind."""

    id: str  # a scenario service id (^[a-z0-9_]+$)
    organisation: str  # "hospital" | "municipality"
    kind: str | None  # one of harmoni_model.scenario.format.SERVICE_KINDS, or None
    name: str | None = None


@dataclass(frozen=True)
class Extract:
    """A patient-level extract: its stays (times in days since `origin`), its end, services and capacities."""

    stays: pd.DataFrame  # columns STAY_COLUMNS; times float64 days since origin 00:00, NaN = empty
    origin: dt.date  # day 0 of the times: the Monday on or before the earliest date in the extract
    until: float  # days since origin of the extract's end (nothing after it is known)
    services: dict[str, ServiceInfo]  # every service that appears, first-appearance order
    capacity: pd.DataFrame | None  # columns service, start (days since origin), capacity, line; None = not given
    source: str  # the stays file's name

    def day(self, date: dt.date) -> float:
        """Days since origin of `date` at 00:00."""
        return float((date - self.origin).days)

    def date(self, days: float) -> dt.date:
        """The date of a time (days since origin, floored)."""
        return self.origin + dt.timedelta(days=math.floor(days))
