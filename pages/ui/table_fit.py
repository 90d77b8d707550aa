"""Tables that fit a projector's column: a static table whose cells wrap (``st.table``).

``st.dataframe`` sizes a column to its longest text and scrolls sideways when they add up to more than
the page's column (the compare and who-pays tables did at 1280 px); its grid wraps a cell's text only in
rows taller than 4 rem (three lines' height for every row). A static table wraps each cell onto the lines
it needs, in the theme's large type, and never scrolls (the frame's CSS, pages/ui/theme.py).
"""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from .user_text import literal_line

# What can make markup in a cell: markdown's characters, autolinks and shortcodes, and a block's start
# ("- ", "1. ", "# "). Our own figures ("+0,3 (−0,0 til +0,6)", "0,0") have none and stay as they are.
_MARKUP = re.compile(r"[\\`*_{}\[\]<>$~|^&:@]|(?i:https?|www\.)|^\s*(?:[-+#>]|\d{1,9}[.)])(?:\s|$)")


def _shown(value: object) -> object:
    return literal_line(value) if isinstance(value, str) and _MARKUP.search(value) else value


def escaped(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with every text cell and heading that could make markup shown literally: a static table
    renders its cells as markdown (a scenario or service name from a file could make a link or fetch an
    image)."""
    out = frame.map(_shown)
    out.columns = [_shown(c) for c in frame.columns]
    return out


def fitted_table(frame: pd.DataFrame | Styler) -> None:
    """`frame` as a static table as wide as the page's column, its cells wrapped (no index column).

    A DataFrame is :func:`escaped` here; a Styler's data must be escaped before it was styled.
    """
    st.table(escaped(frame) if isinstance(frame, pd.DataFrame) else frame, hide_index=True)
