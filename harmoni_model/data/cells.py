"""A spreadsheet cell as the text it would have in a CSV file.

The weekly-figures reader (`data.history`) and the stays reader (`extracts.stays`) both accept
Excel files by turning each cell back into CSV text, so one set of parsing rules and line/column
messages serves both formats.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pandas as pd


def cell_text(value: Any) -> str:
    """`value` (a DataFrame cell read from Excel) as CSV text: "" for empty, ISO dates, numbers as written."""
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)
    if isinstance(value, dt.datetime):  # pandas Timestamps included
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool | int | float):
        return repr(float(value)) if isinstance(value, float) else str(value)
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):  # (an array-like cell)
        pass
    return str(value)
