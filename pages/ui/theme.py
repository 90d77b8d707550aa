"""The frame's shared layout for a projector: compact page top, labels that wrap, and presenter mode's sidebar.

All of it is allowed by the deployment's content-security policy (DEPLOY.md): the CSS is a ``<style>``
element (``style-src 'unsafe-inline'``), and the one script is a file the app serves itself
(``script-src 'self'``) in a component frame of the app's own origin.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
import streamlit.components.v1 as components

# The app's own CSS, for every page. Only layout: colours and type sizes stay in .streamlit/config.toml.
FRAME_CSS = """
<style>
/* 1280x720: the page starts under the toolbar, not 6rem below it (two tiles' worth of height) */
.stMainBlockContainer { padding-top: 3.75rem; padding-bottom: 3rem; }
/* a tile's label wraps instead of being cut ("Å…"); a long value wraps between words */
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}
[data-testid="stMetricLabel"] * { overflow-wrap: break-word; }
/* a change in words with its interval ("ingen klar forskjell (−0,1 til +0,4)") wraps in its pill */
[data-testid="stMetricDelta"], [data-testid="stMetricDelta"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important; height: auto;
}
[data-testid="stMetricValue"] > div { white-space: normal !important; overflow-wrap: break-word; }
/* buttons' and tabs' texts wrap in a narrow column instead of ending in "…" */
[data-testid="stMain"] button p, [data-testid="stSidebar"] button p { white-space: normal; overflow-wrap: break-word; }
/* a row of pills (the studio's levers in presenter mode's narrow column) wraps onto more lines */
[data-testid="stButtonGroup"], [data-testid="stButtonGroup"] > div { flex-wrap: wrap !important; max-width: 100%; }
/* widgets' labels (checkboxes, toggles, sliders) wrap too: "Bakgrunnskart (kre…" told nobody anything */
[data-testid="stMain"] label p, [data-testid="stMain"] [data-testid="stWidgetLabel"] p {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}
/* a static table wraps its cells and never pushes past its column (a long scenario name in a heading
   breaks anywhere; a figure breaks only at its spaces) */
[data-testid="stTable"] table { width: 100%; }
[data-testid="stTable"] td, [data-testid="stTable"] th { white-space: normal !important; overflow-wrap: break-word; }
[data-testid="stTable"] th { overflow-wrap: anywhere; }
/* markdown tables and code blocks (the calibration notes, the citation) wrap within the column */
[data-testid="stMarkdownContainer"] table { width: 100%; }
[data-testid="stMarkdownContainer"] td, [data-testid="stMarkdownContainer"] th { overflow-wrap: anywhere; }
[data-testid="stMarkdownContainer"] pre, [data-testid="stMarkdownContainer"] pre code {
  white-space: pre-wrap !important; overflow-wrap: anywhere;
}
</style>
"""

_collapse = components.declare_component(
    "harmoni_sidebar_collapse", path=str(Path(__file__).parent / "assets" / "sidebar_collapse")
)

ON_COUNT = "frame:presenter_on_count"  # how often presenter mode was turned on in this session
WAS_ON = "frame:presenter_was_on"


def apply_frame_css() -> None:
    """The shared CSS (an element of the event container: it takes no space on the page)."""
    st.html(FRAME_CSS)


def collapse_sidebar_in_presenter_mode(presenting: bool, page: str) -> None:
    """While presenter mode is on, collapse the sidebar when it is turned on and on every page opened in it.

    The frame is drawn again (and collapses the sidebar once) only when its key changes: presenter mode
    turned on again, or another page. A rerun of the same page keeps a sidebar the facilitator opened.
    """
    if not presenting:
        st.session_state[WAS_ON] = False
        return
    if not st.session_state.get(WAS_ON):
        st.session_state[ON_COUNT] = st.session_state.get(ON_COUNT, 0) + 1
        st.session_state[WAS_ON] = True
    with st.sidebar:  # a frame of no height, last in the sidebar
        _collapse(key=f"frame:collapse:{st.session_state[ON_COUNT]}:{page}", default=None)
