"""Overview: the story in a few sentences, the headline figures with their sources, what the sources disagree about."""
import streamlit as st

from explainer.present import figures
from explainer.present.digest import disagreements, headlines, story
from explainer.present.i18n import _, localized, pgettext
from explainer.present.markup import md
from explainer.present.frames import sequence_text
from pages._parts import chart, show_evidence, show_flags, table, view

v = view()
fb, s = v["fb"], v["scenario"]

st.title(md(localized(fb, "title")))
description = localized(fb, "description")
if description:
    st.markdown(md(description))
st.markdown(_(
    "Every number on these pages is a **claim** made by a source. Choose whom you believe in the sidebar; "
    "the cap table, the money flows and every figure follow, and the address bar keeps your choices, "
    "so the link opens exactly this view for anyone."))

sequence = sequence_text(fb)
if sequence:
    st.caption(_("When the articles were written, and when the round was announced and closed: {sequence}. The "
                 "Timeline page shows how the reported figures moved.").format(sequence=md(sequence)))

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
    with st.expander(_("Warnings under your beliefs ({n})").format(n=len(flags)), icon=":material/warning:",
                     expanded=True):
        show_flags(s)

st.subheader(_("What the sources disagree about"))
frame = disagreements(fb, v["beliefs"].fx, v["beliefs"].ranges)
chart(lambda: figures.disagreement_ranges(frame, s.currency), fb, pgettext("file name", "disagreements"), state=v["query"],
      alt=lambda: figures.disagreement_alt(frame, s.currency),
      key="disagreement_figure")
table(frame[["label", "claims", "sources", "as_printed"]].rename(
    columns={"label": _("Topic"), "claims": _("Claims"), "sources": _("Sources"),
             "as_printed": _("Figures as printed")}))
