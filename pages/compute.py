"""Compute and circularity: who supplies the compute, and how much of an investor's money flows back to it."""
import streamlit as st

from explainer import figures, money
from explainer.digest import circularity_frame, concentration
from explainer.markup import md
from pages._parts import show_evidence, show_flags, view

v = view()
fb, s = v["fb"], v["scenario"]
compute_topics = [t.id for t in fb.topics_of_kind("compute_money", "compute_total", "compute_capacity")]
invest_topics = [t.id for t in fb.topics_of_kind("investment", "round_total")]

st.title("Compute and circularity")
st.markdown(md("Investors put money into the company; the company commits to buy compute, sometimes from the "
               "same investors. Money and capacity (GW) are shown apart: a GW deal has no price here."))
show_flags(s, *compute_topics)
st.plotly_chart(figures.money_sankey(fb, s), width="stretch", config={"displayModeBar": False}, key="sankey_figure")
st.plotly_chart(figures.capacity_bars(fb, s), width="stretch", config={"displayModeBar": False},
                key="capacity_figure")
show_evidence(fb, s, invest_topics + compute_topics, key="evidence_compute")

st.subheader("Circularity per investor")
st.caption("Commitments to the investor's own products ÷ what it invests in this round. "
           "Above 100 %: more flows back than goes in.")
st.plotly_chart(figures.circularity_bars(fb, s), width="stretch", config={"displayModeBar": False},
                key="circularity_figure")
st.dataframe(circularity_frame(fb, s), hide_index=True, width="stretch",
             column_config={"Flows back per dollar invested": st.column_config.NumberColumn(format="percent")})

st.subheader("Vendor concentration")
shares, hhi = concentration(s)
st.plotly_chart(figures.concentration_bars(fb, shares, hhi), width="stretch", config={"displayModeBar": False},
                key="concentration_figure")
st.caption(f"Herfindahl-Hirschman index {money.number(hhi, 0)} of 10,000 "
           "(above 2,500 counts as highly concentrated). Commitments a total names but no deal itemises are left out.")

st.subheader("Every relationship")
st.plotly_chart(figures.network(fb, s), width="stretch", config={"displayModeBar": False}, key="network_figure")
