"""Input errors keep their problems and message through pickling (a worker process, the app's cache)."""

from __future__ import annotations

import pickle

import pytest

from harmoni_model.data.geo import LocationsError
from harmoni_model.data.history import HistoryError
from harmoni_model.problems import Problem
from harmoni_model.scenario.errors import ScenarioError

PROBLEMS = [Problem("services[0].capacity", "must be at least 0"), Problem(None, "bad value", line=3, column=7)]


@pytest.mark.parametrize(
    "error",
    [ScenarioError(PROBLEMS), HistoryError(PROBLEMS), LocationsError(PROBLEMS, "sites.csv")],
    ids=["scenario", "history", "locations"],
)
def test_an_input_error_survives_pickling(error):
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert copy.problems == error.problems
    assert "services[0].capacity: must be at least 0" in str(copy)
