"""Tables that fit a projector's column: fixed column widths that add up to the column, text that wraps.

``st.dataframe`` sizes a column to its longest text and scrolls sideways when they add up to more than
the page's column (the compare and who-pays tables did at 1280 px). Here every column gets a share of a
width that fits, and the rows are tall enough for the longest cell to wrap onto as many lines as it needs
(the data grid wraps a cell's text when its row is taller than one line).
"""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

FIT_PX = 660  # the main column at 1280x720 with the sidebar open is about 690 px: a little to spare
CHAR_PX = 7.8  # a character of the grid's text, a little wide (the 19 px theme's grid text is about 15 px)
LINE_PX = 22  # a line of the grid's text
PAD_PX = 16  # a cell's padding, left and right together
MAX_LINES = 4


def column_widths(columns: int, first_share: float = 1.4, total: int = FIT_PX) -> list[int]:
    """Widths (px) of `columns` columns that add up to at most `total`, the first (the row's name) wider."""
    if columns <= 0:
        return []
    unit = total / (columns - 1 + first_share)
    return [math.floor(unit * first_share)] + [math.floor(unit)] * (columns - 1)


def lines_needed(text: str, width: int) -> int:
    """How many lines `text` takes wrapped into a column `width` px wide (between 1 and MAX_LINES)."""
    per_line = max(1, int((width - PAD_PX) / CHAR_PX))
    words, lines, used = str(text).split(), 1, 0
    for word in words:
        size = len(word)
        if used and used + 1 + size > per_line:
            lines, used = lines + 1, 0
        used += size + (1 if used else 0)
        while used > per_line:  # a word longer than the line breaks where it must
            lines, used = lines + 1, used - per_line
    return min(lines, MAX_LINES)


def row_height(frame: pd.DataFrame, widths: list[int]) -> int:
    """A row height (px) that fits the longest cell (and heading) of `frame` wrapped in `widths`."""
    lines = 1  # the headings stay on one line (the grid cuts them; each has its whole text as its help)
    for column, width in zip(frame.columns, widths, strict=True):
        lines = max(lines, *(lines_needed(str(c), width) for c in frame[column].tolist()))
    return lines * LINE_PX + 10


def fitted_table(frame: pd.DataFrame, first_share: float = 1.4) -> None:
    """`frame` as a data grid that fits the page's column at 1280 px and stretches wider on a wider screen."""
    widths = column_widths(len(frame.columns), first_share)
    config = {c: st.column_config.TextColumn(width=w, help=str(c)) for c, w in zip(frame.columns, widths, strict=True)}
    st.dataframe(frame, hide_index=True, width="stretch", column_config=config, row_height=row_height(frame, widths))
