"""A spreadsheet cell as CSV text: the one rule both readers (weekly figures, stays) use for Excel files."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from harmoni_model.data.cells import cell_text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (float("nan"), ""),
        (pd.NaT, ""),
        (pd.NA, ""),
        (pd.Timestamp("2026-01-05"), "2026-01-05"),
        (pd.Timestamp("2026-01-05 13:30:15.25"), "2026-01-05T13:30:15"),
        (np.datetime64("2026-01-05"), "2026-01-05"),
        (dt.date(2026, 1, 5), "2026-01-05"),
        (3, "3"),
        (np.int64(3), "3"),
        (3.0, "3.0"),
        (np.float64(2.5), "2.5"),
        (True, "True"),
        (" medical ", " medical "),  # the readers strip and check it, with the line and column
    ],
)
def test_cell_text(value: object, text: str) -> None:
    assert cell_text(value) == text
