"""Map (placeholder until its issue lands in full)."""

import streamlit as st

from pages.ui.i18n import t

st.title(t("nav.map"))
