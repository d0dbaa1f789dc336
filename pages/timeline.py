"""timeline (being built)."""
import streamlit as st

st.title("timeline")
st.info("Coming soon.")
