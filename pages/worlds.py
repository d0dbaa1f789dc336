"""worlds (being built)."""
import streamlit as st

st.title("worlds")
st.info("Coming soon.")
