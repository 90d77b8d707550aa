"""Tables that fit a projector's column: a static table whose cells wrap (``st.table``).

``st.dataframe`` sizes a column to its longest text and scrolls sideways when they add up to more than
the page's column (the compare and who-pays tables did at 1280 px); its grid wraps a cell's text only in
rows taller than 4 rem (three lines' height for every row). A static table wraps each cell onto the lines
it needs, in the theme's large type, and never scrolls (the frame's CSS, pages/ui/theme.py).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st


def fitted_table(frame: pd.DataFrame) -> None:
    """`frame` as a static table as wide as the page's column, its cells wrapped (no index column)."""
    st.table(frame, hide_index=True)
