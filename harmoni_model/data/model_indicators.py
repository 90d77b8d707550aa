"""The shared weekly indicators computed from one model run, so model output and real extracts compare.

Which service feeds which indicator comes from the services' declared ``kind``
(docs/MODEL.md): the hospital's indicators from every hospital service, the
others from the services of their kind, added up. Nothing here knows a service id,
and nothing here defines an indicator: the one definition is
:func:`harmoni_model.data.indicators.weekly_from_daily`, used by the stays extracts too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from harmoni_model.data.indicators import OCCUPANCY_BY_KIND, SERIES_BY_KIND, weekly_from_daily

if TYPE_CHECKING:
    from harmoni_model.scenario.format import Scenario
    from harmoni_model.simulation.engine import ReplicationResult

__all__ = ["OCCUPANCY_BY_KIND", "SERIES_BY_KIND", "weekly_indicators"]


def weekly_indicators(scenario: Scenario, result: ReplicationResult) -> pd.DataFrame:
    """The model-based indicators of one run, per week, in the history format (without ``source``), plus ``n``.

    Weeks are consecutive blocks of 7 measured days from the first measured day
    (a Monday when the run starts on one); an incomplete last week is dropped.
    The hospital's indicators add up every hospital service; the others every
    service of their ``kind`` (occupancy over the sum of their places, each day's places from the
    daily ``capacity`` series, so a capacity calendar's closed weeks read as fuller, not emptier).
    An indicator with no service to feed it is left out. ``readmissions_30d_pct``
    is never produced: the model does not follow patients after they leave.
    ``n`` is the count behind each value (:func:`~harmoni_model.data.indicators.suppress_small`).
    """
    services = {s.id: (s.organisation, s.kind) for s in scenario.services}
    return weekly_from_daily(result.daily, result.start_date, services)
