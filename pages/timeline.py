"""Timeline: every dated claim and deal from September 2025 to March 2026, coloured by status."""
import streamlit as st

from explainer import figures
from explainer.markup import md
from explainer.model import STATUSES
from explainer.timeline import filter_entities, source_dates, timeline, timeline_entities
from pages._parts import view

v = view()
fb = v["fb"]

st.title("Timeline")
st.markdown("From talks to the close: each point is a claim, placed at the date it was made or the deal was "
            "struck; dotted lines mark the articles. Click a point to read its source.")
names = dict(timeline_entities(fb))
chosen = st.multiselect("Entities", list(names), key="timeline_entities", bind="query-params",
                        format_func=lambda e: names[e], placeholder="all entities")
df = timeline(fb)
if chosen:
    df = filter_entities(df, chosen)


def points() -> None:
    event = st.plotly_chart(figures.timeline_chart(df, source_dates(fb), list(STATUSES)), width="stretch",
                            config={"displayModeBar": False}, on_select="rerun", selection_mode="points",
                            key="timeline_figure")
    picked = [p.get("customdata") for p in (event.selection.points if event and event.selection else [])]
    if not picked:
        st.caption(f"{len(df)} claims; click points (or drag a box) to read their words here")
        st.dataframe(df[["date_text", "source_name", "topic_label", "printed", "status", "quote", "translation"]],
                     hide_index=True, width="stretch",
                     column_config={"date_text": "Date", "source_name": "Source", "topic_label": "Topic",
                                    "printed": "As printed", "status": "Status", "quote": "Quote",
                                    "translation": "Translation"})
    for row in df[df["claim"].isin(picked)].itertuples():
        with st.expander(md(f"{row.date_text} · {row.source_name}: {row.topic_label}, {row.printed} ({row.status})"),
                         expanded=True):
            if row.quote:
                st.markdown("> " + md(row.quote))
            st.caption(("Translation: " if row.quote else "Paraphrase: ") + md(row.translation))


if df.empty:  # no st.stop(): the sidebar's link and footer are drawn after the page
    st.info("No dated claims for this choice.")
else:
    points()
