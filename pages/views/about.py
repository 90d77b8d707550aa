"""About the model: what it is and is not, its assumptions, the baseline's sources, calibration, version, citation."""

from __future__ import annotations

import datetime as dt

import streamlit as st

import harmoni_model
from harmoni_model import Scenario
from harmoni_model.results.formatting import fmt_number
from pages.ui import state
from pages.ui.about_data import SOURCE_COLUMNS, embedded_markdown, sources_table
from pages.ui.cached_runs import BASELINE_FILE, ROOT, scenario_file
from pages.ui.i18n import current_language, t

CALIBRATION_FILE = ROOT / "sample_data" / "CALIBRATION.md"
ASSUMPTIONS = ("blocking", "weekdays", "fifo", "individuals", "client_places", "start", "est", "crn", "ci")


@st.cache_data(show_spinner=False)
def _calibration() -> str:
    return embedded_markdown(CALIBRATION_FILE.read_text(encoding="utf-8"))


lang = current_language()
baseline = scenario_file(BASELINE_FILE)

st.title(t("nav.about"))
st.markdown(t("about.intro"))

what, what_not = st.columns(2)
with what:
    st.subheader(t("about.is.title"))
    st.markdown(t("about.is.body"))
with what_not:
    st.subheader(t("about.isnot.title"))
    st.markdown(t("about.isnot.body"))

st.subheader(t("about.assumptions.title"))
rate = fmt_number(baseline.overliggedogn_rate_nok, 0, lang)
st.markdown("\n".join(f"- {t(f'about.assumption.{key}', rate=rate)}" for key in ASSUMPTIONS))

st.subheader(t("about.sources.title"))
st.markdown(t("about.sources.intro", name=baseline.name))
words = {
    "hospital": t("about.org.hospital"),
    "municipality": t("about.org.municipality"),
    "arrivals_to": t("about.sources.arrivals_to"),
    "no_source": t("about.sources.none"),
}
sources = sources_table(baseline, lang, words)
sources.columns = [t(f"about.sources.col.{c}") for c in SOURCE_COLUMNS]
# the source notes are quoted as the scenario file has them (English, naming Norwegian documents): a
# "quoted" container, which the language scan of every page (tests/e2e/test_language.py) reads as a quotation
with st.container(key="quoted-sources"):
    st.table(sources.set_index(sources.columns[0]))

st.subheader(t("about.calibration.title"))
st.markdown(t("about.calibration.intro"))
with st.expander(t("about.calibration.expander")), st.container(key="quoted-calibration"):
    st.markdown(_calibration())  # the research document as written (English), quoted

st.subheader(t("about.version.title"))
st.markdown(t("about.version.body", version=harmoni_model.__version__))
st.caption(t("about.licence"))

st.subheader(t("about.cite.title"))
st.markdown(t("about.cite.intro"))
current = st.session_state.get(state.CURRENT)
cited = current.name if isinstance(current, Scenario) else baseline.name
st.code(
    t("about.cite.text", version=harmoni_model.__version__, scenario=cited, date=dt.date.today().isoformat()),
    language=None,
    wrap_lines=True,
)
