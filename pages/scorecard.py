"""scorecard (being built)."""
import streamlit as st

st.title("scorecard")
st.info("Coming soon.")
