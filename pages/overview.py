"""Overview: the story in a few sentences, the headline figures with their sources, what the sources disagree about."""
import streamlit as st

from explainer import figures
from explainer.digest import disagreements, headlines, story
from explainer.markup import md
from explainer.timeline import sequence_text
from pages._parts import show_evidence, show_flags, view

v = view()
fb, s = v["fb"], v["scenario"]

st.title(md(fb.title))
if fb.description:
    st.markdown(md(fb.description))
st.markdown(
    "Every number on these pages is a **claim** made by a source. Choose whom you believe in the sidebar; "
    "the cap table, the money flows and every figure follow, and the address bar keeps your choices, "
    "so the link opens exactly this view for anyone.")

sequence = sequence_text(fb)
if sequence:
    st.caption("When the articles were written, and when the round was announced and closed: " + md(sequence)
               + ". The Timeline page shows how the reported figures moved.")

st.markdown("**" + md(story(fb, s)) + "**")

heads = headlines(fb, s)
cols = st.columns(len(heads))
for col, h in zip(cols, heads):
    with col:
        st.metric(md(h.label), h.value)
        st.caption(md(h.source))
show_evidence(fb, s, [t for h in heads for t in h.topics], key="evidence_overview")

flags = [f for f in s.flags if f.level == "warning"]
if flags:
    with st.expander(f"Warnings under your beliefs ({len(flags)})", icon=":material/warning:", expanded=True):
        show_flags(s)

st.subheader("What the sources disagree about")
frame = disagreements(fb, v["beliefs"].fx, v["beliefs"].ranges)
st.plotly_chart(figures.disagreement_ranges(frame, s.currency), width="stretch", config={"displayModeBar": False},
                key="disagreement_figure")
st.dataframe(
    frame[["label", "claims", "sources", "as_printed"]].rename(
        columns={"label": "Topic", "claims": "Claims", "sources": "Sources", "as_printed": "Figures as printed"}),
    hide_index=True, width="stretch")
