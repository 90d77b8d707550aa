"""HARMONI workshop studio: entry point (placeholder until the app issue lands).

Runs the Trondheim baseline through the model and shows its KPIs, so the
set-up command in the README gives a working page on a fresh machine.
"""

from pathlib import Path

import streamlit as st

from harmoni_model import load_scenario, run_replications

ROOT = Path(__file__).parent
SCENARIO = ROOT / "sample_data" / "scenarios" / "trondheim_baseline.yaml"

st.set_page_config(page_title="HARMONI workshop studio", layout="wide")


@st.cache_data(show_spinner="Simulerer …")
def _summary(path: str):
    return run_replications(load_scenario(path)).summary()


st.title("HARMONI workshop studio")
st.caption("Samhandlingsverktøy for St. Olavs hospital og Trondheim kommune – under utvikling.")
st.subheader(load_scenario(SCENARIO).name)
st.dataframe(_summary(str(SCENARIO)), hide_index=True)
