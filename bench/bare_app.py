"""The baseline for bench/rerun_latency.py: the least a Streamlit app can do for a belief change.

One selectbox in the sidebar, bound to the URL like the explainer's belief panel, driving one plotly bar chart.
Run: streamlit run bench/bare_app.py
"""
import plotly.graph_objects as go
import streamlit as st

HOLDERS = ["Foundation", "Microsoft", "SoftBank", "Employees", "Amazon", "Nvidia"]
DATA = {
    "low": [20.8, 23.6, 14.8, 28.8, 6.0, 6.0],
    "mid": [22.2, 24.3, 13.0, 30.8, 6.0, 3.6],
    "high": [22.9, 24.8, 12.8, 31.7, 5.2, 2.6],
}

choice = st.sidebar.selectbox("Choice", list(DATA), key="choice", bind="query-params")
fig = go.Figure(go.Bar(x=HOLDERS, y=DATA[choice], name=choice))
fig.update_layout(height=330, title=f"Bare app: {choice}")
st.plotly_chart(fig, width="stretch", config={"displayModeBar": False}, key="bare_figure")
