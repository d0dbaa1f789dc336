"""Timeline: when each article was written, how the reported figures moved, and every dated claim and deal."""
import streamlit as st

from explainer.present import figures, money
from explainer.present.figures import status_word
from explainer.present.i18n import _, pgettext
from explainer.present.markup import md
from explainer.load.model import STATUSES
from explainer.engine.timeline import filter_entities, milestones, report_moves, timeline
from explainer.present.frames import milestones_labelled, moves_labelled, timeline_entities, timeline_labelled
from pages._parts import chart, fact_base_key, linked_choice, table, view

v = view()
fb, b = v["fb"], v["beliefs"]


# The same for every reader who reads the fact base under the same currency and range rules, in any language: made
# once per fact base and rules, a copy for each session, at most 8 MB of them; the words are added per run.
@st.cache_data(show_spinner=False, max_size="8MB", ttl="1h")
def frames(fb_key: str, fx: str, ranges: str, asof: str | None, _fb):
    """The milestones, the reported figures' moves under these rules, and every dated claim said by asof."""
    return milestones(_fb), report_moves(_fb, fx, ranges, asof=asof), timeline(_fb, asof=asof)


st.title(_("Timeline"))
st.markdown(_("When each article was written, and how the figures it reported moved up to the announcement and "
              "the close. Most articles print no date: theirs is the date of the public report they repeat "
              "(the Sources page names it). Each point is placed at the date it was said."))
marks, moves, every_claim = frames(fact_base_key(fb), b.fx, b.ranges, b.asof, fb)
marks, moves = milestones_labelled(fb, marks), moves_labelled(fb, moves)
every_claim = timeline_labelled(fb, every_claim)
if b.asof:
    st.info(_("The story as of {date}: only what had been said by then.").format(date=money.date(b.asof)),
            icon=":material/history:")
if not moves.empty:
    chart(lambda: figures.report_moves_chart(moves, marks, fb.base_currency), fb, pgettext("file name", "report-moves"),
          alt=lambda: figures.report_moves_alt(moves, marks, fb.base_currency),
          state=f"fx={b.fx}&ranges={b.ranges}" + (f"&asof={b.asof}" if b.asof else ""), key="moves_figure")
    st.caption(_("Figures in {unit} under your rules for currency labels and ranges; a one-sided figure (up to, at "
                 "least) is placed at the number it prints; the dotted line runs through each date's middle "
                 "figure.").format(unit=md(f"{money.unit_word('bn')} {fb.base_currency}")))
if not marks.empty:
    table(marks[["date_text", "label", "date_how", "evidence"]].assign(date_text=[money.date(d) for d in
                                                                                  marks["date_text"]]),
          column_config={"date_text": _("Date"), "label": _("Article or outcome"),
                         "date_how": _("How the date is known"), "evidence": _("Evidence")})

st.subheader(_("Every dated claim and deal"))
chosen = linked_choice(st, _("Entities"), "timeline_entities", lambda: dict(timeline_entities(fb)), multi=True,
                       default=[], placeholder=_("all entities"), old_names=fb.name_aliases)
df = every_claim
if chosen:
    df = filter_entities(df, chosen)


def points() -> None:
    lines = list(zip(marks["date"], marks["label"], marks["kind"]))
    event = chart(lambda: figures.timeline_chart(df, lines, list(STATUSES)), fb, pgettext("file name", "timeline"),
                  alt=lambda: figures.timeline_alt(df, lines, list(STATUSES)),
                  state="entities=" + ",".join(chosen), on_select="rerun",
                  selection_mode="points", key="timeline_figure")
    picked = [p.get("customdata") for p in (event.selection.points if event and event.selection else [])]
    if not picked:
        st.caption(_("{n} claims; click points (or drag a box) to read their words here").format(
            n=money.number(len(df))))
        shown = df[["date_text", "date_how", "event_date", "source_name", "topic_label", "printed", "status",
                    "quote", "translation"]]
        shown = shown.assign(date_text=[money.date(d) for d in shown["date_text"]],
                             event_date=[money.date(d) if isinstance(d, str) and d else "" for d in shown["event_date"]],
                             status=[status_word(x) for x in shown["status"]])
        table(shown, column_config={
            "date_text": _("Said on"), "date_how": _("How the date is known"), "event_date": _("Event date"),
            "source_name": _("Source"), "topic_label": _("Topic"), "printed": _("As printed"),
            "status": _("Status"), "quote": _("Quote"), "translation": _("Translation")})
    for row in df[df["claim"].isin(picked)].itertuples():
        event_note = ("; " + _("about {date}").format(date=money.date(row.event_date))
                      if isinstance(row.event_date, str) and row.event_date else "")
        with st.expander(md(f"{money.date(row.date_text)}{event_note} · {row.source_name}: {row.topic_label}, "
                            f"{row.printed} ({status_word(row.status)})"), expanded=True):
            if row.quote:
                st.markdown("> " + md(row.quote))
            if row.translation:
                st.caption((_("Translation: ") if row.quote else _("Paraphrase: ")) + md(row.translation))


if df.empty:  # no st.stop(): the sidebar's link and footer are drawn after the page
    st.info(_("No dated claims for this choice."))
else:
    points()
