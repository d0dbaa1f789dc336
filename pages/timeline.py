"""Timeline: when each article was written, how the reported figures moved, and every dated claim and deal."""
import streamlit as st

from explainer import figures
from explainer.markup import md
from explainer.model import STATUSES
from explainer.timeline import filter_entities, milestones, report_moves, timeline, timeline_entities
from pages._parts import view

v = view()
fb, b = v["fb"], v["beliefs"]

st.title("Timeline")
st.markdown("When each article was written, and how the figures it reported moved up to the announcement and "
            "the close. Most articles print no date: theirs is the date of the public report they repeat "
            "(the Sources page names it). Each point is placed at the date it was said.")
marks = milestones(fb)
moves = report_moves(fb, b.fx, b.ranges)
if not moves.empty:
    st.plotly_chart(figures.report_moves_chart(moves, marks, fb.base_currency), width="stretch",
                    config={"displayModeBar": False}, key="moves_figure")
    st.caption("Figures in bn " + md(fb.base_currency) + " under your rules for currency labels and ranges; "
               "a one-sided figure (up to, at least) is placed at the number it prints; the dotted line runs "
               "through each date's middle figure.")
if not marks.empty:
    st.dataframe(marks[["date_text", "label", "date_how", "evidence"]], hide_index=True, width="stretch",
                 column_config={"date_text": "Date", "label": "Article or outcome",
                                "date_how": "How the date is known", "evidence": "Evidence"})

st.subheader("Every dated claim and deal")
names = dict(timeline_entities(fb))
chosen = st.multiselect("Entities", list(names), key="timeline_entities", bind="query-params",
                        format_func=lambda e: names[e], placeholder="all entities")
df = timeline(fb)
if chosen:
    df = filter_entities(df, chosen)


def points() -> None:
    lines = list(zip(marks["date"], marks["label"], marks["kind"]))
    event = st.plotly_chart(figures.timeline_chart(df, lines, list(STATUSES)), width="stretch",
                            config={"displayModeBar": False}, on_select="rerun", selection_mode="points",
                            key="timeline_figure")
    picked = [p.get("customdata") for p in (event.selection.points if event and event.selection else [])]
    if not picked:
        st.caption(f"{len(df)} claims; click points (or drag a box) to read their words here")
        st.dataframe(df[["date_text", "date_how", "event_date", "source_name", "topic_label", "printed", "status",
                         "quote", "translation"]],
                     hide_index=True, width="stretch",
                     column_config={"date_text": "Said on", "date_how": "How the date is known", "event_date": "Event date",
                                    "source_name": "Source", "topic_label": "Topic", "printed": "As printed",
                                    "status": "Status", "quote": "Quote", "translation": "Translation"})
    for row in df[df["claim"].isin(picked)].itertuples():
        event_note = f"; about {row.event_date}" if row.event_date else ""
        with st.expander(md(f"{row.date_text}{event_note} · {row.source_name}: {row.topic_label}, {row.printed} "
                            f"({row.status})"), expanded=True):
            if row.quote:
                st.markdown("> " + md(row.quote))
            st.caption(("Translation: " if row.quote else "Paraphrase: ") + md(row.translation))


if df.empty:  # no st.stop(): the sidebar's link and footer are drawn after the page
    st.info("No dated claims for this choice.")
else:
    points()
