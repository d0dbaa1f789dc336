"""Cap table: who owns what before and after the round, under the reader's beliefs."""
import streamlit as st

from explainer import figures
from explainer.digest import cap_table_frame
from explainer.markup import md
from explainer.scenario import residual_holder
from pages._parts import show_evidence, show_flags, view

v = view()
fb, s = v["fb"], v["scenario"]
cur = s.currency

st.title("Cap table")
st.caption(md(f"Stakes in % of {fb.entity_name(fb.company)}; money in bn {cur}. Holders before the round come "
              f"from the ownership topics; the rest is '{fb.entity_name(residual_holder(fb))}'."))
cap_topics = [t for r in s.cap_table for t in r.topics] + [t.id for t in fb.topics_of_kind("valuation", "round_total")]
show_flags(s, *cap_topics)
st.plotly_chart(figures.cap_table_bars(fb, s), width="stretch", config={"displayModeBar": False}, key="cap_table_figure")

fmt = {"Before (%)": "%.2f %%", "After (%)": "%.2f %%", "Change (pts)": "%+.2f",
       f"New money (bn {cur})": "%.1f", f"Value at post-money (bn {cur})": "%.1f"}
st.dataframe(cap_table_frame(s), hide_index=True, width="stretch",
             column_config={k: st.column_config.NumberColumn(k, format=f) for k, f in fmt.items()})
show_evidence(fb, s, cap_topics, key="evidence_cap_table")

more = st.expander("Dilution: who gains and who loses, and the way from pre- to post-money", expanded=True,
                   icon=":material/waterfall_chart:", key="cap_more", on_change="rerun", bind="query-params")
if more.open:  # drawn only while open: two figures fewer to re-send on every belief change when closed
    left, right = more.columns(2)
    left.plotly_chart(figures.dilution_bars(fb, s), width="stretch", config={"displayModeBar": False},
                      key="dilution_figure")
    right.plotly_chart(figures.money_waterfall(fb, s), width="stretch", config={"displayModeBar": False},
                       key="waterfall_figure")
