"""HARMONI workshop studio: the frame (page config, language, navigation).

Page scripts live in pages/views/ (never directly in pages/: see docs/ARCHITECTURE.md);
each has a pinned url_path so shared links survive language switches.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from pages.ui import state
from pages.ui.builtin_texts import cover_builtin_texts
from pages.ui.i18n import LANGUAGES, current_language, t
from pages.ui.rooms import current_room
from pages.ui.theme import apply_frame_css, collapse_sidebar_in_presenter_mode

presenting = bool(st.session_state.get(state.PRESENTER))
st.set_page_config(
    page_title="HARMONI workshop studio",
    # a file served by the app itself: a Material icon would be fetched from fonts.gstatic.com on every visit
    # (a request to a third party, offline a broken icon, and one more host in the content-security policy)
    page_icon=str(Path(__file__).parent / "pages" / "ui" / "assets" / "icon.png"),
    layout="wide",
    initial_sidebar_state="collapsed" if presenting else "auto",
)
apply_frame_css()

lang = current_language()
chosen = st.sidebar.radio(
    t("lang.label"),
    LANGUAGES,
    index=LANGUAGES.index(lang),
    format_func=lambda code: {"nb": "Norsk (bokmål)", "en": "English"}[code],
    horizontal=True,
    key="lang_choice",
)
st.sidebar.toggle(t("presenter.label"), key=state.PRESENTER, help=t("presenter.help"))
if chosen != lang:
    st.session_state[state.LANG] = chosen
    st.query_params[state.LANG_PARAM] = chosen
    st.rerun()
# the workshop's room (?room=): every page's address keeps it, even after a navigation dropped it
current_room()
cover_builtin_texts()  # Streamlit's own English words, in the page's language

overview = st.Page(
    "pages/views/overview.py", title=t("nav.overview"), icon=":material/monitoring:", url_path="overview"
)


def _home() -> None:
    # Streamlit serves the default page at "/" and ignores its url_path, so "/overview" would be
    # "not found". The default is this hidden page, which opens the overview under its own address.
    # (A first visit after a server start by any address: pages/ui/deep_links.py.)
    st.switch_page(overview, query_params=st.query_params.to_dict())


pages = {
    t("section.data"): [overview],
    t("section.plan"): [
        st.Page("pages/views/scenario.py", title=t("nav.scenario"), icon=":material/tune:", url_path="scenario"),
        st.Page("pages/views/map.py", title=t("nav.map"), icon=":material/map:", url_path="map"),
        st.Page("pages/views/compare.py", title=t("nav.compare"), icon=":material/compare:", url_path="compare"),
        st.Page("pages/views/advisor.py", title=t("nav.advisor"), icon=":material/lightbulb:", url_path="advisor"),
    ],
    t("section.info"): [
        st.Page("pages/views/about.py", title=t("nav.about"), icon=":material/info:", url_path="about"),
    ],
    "": [st.Page(_home, title=t("nav.overview"), url_path="home", default=True, visibility="hidden")],
}
current = st.navigation(pages)
# the page config collapses the sidebar only when its value changes and the user never toggled it by hand
collapse_sidebar_in_presenter_mode(presenting, current.url_path)
current.run()
