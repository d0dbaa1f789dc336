"""Sources and disagreements: per topic, every source's claim on one axis, with its German words."""
import streamlit as st

from explainer.present import figures, money
from explainer.present.digest import KIND_WORDS, foreign_currency_sources, topic_claims, topic_unit
from explainer.present.flag_text import flag_message
from explainer.present.i18n import _, localized, pgettext
from explainer.present.markup import md
from explainer.engine.scenario import contradictions
from pages._parts import _address, chart, linked_choice, show_flags, view

v = view()
fb, s, b = v["fb"], v["scenario"], v["beliefs"]

st.title(_("Sources and disagreements"))
topics = [t.id for t in fb.topics if len(fb.claims_by_topic.get(t.id, ())) >= 1]
topic_id = linked_choice(st, _("Topic"), "source_topic",
                         lambda: {t: localized(fb.topic[t], "label") for t in topics}, multi=False, default=topics[:1],
                         old_names=fb.name_aliases)
n = len(fb.claims_by_topic[topic_id])
st.caption(_("{n} claims on this topic").format(n=money.number(n)))
topic = fb.topic[topic_id]
believed = s.resolved[topic_id].claim
unit = topic_unit(fb, topic_id)
frame = topic_claims(fb, topic_id, believed.id if believed else None, b.fx, b.ranges)
chart(lambda: figures.claims_axis(localized(topic, "label"), frame, unit), fb, pgettext("file name", "claims"),
      alt=lambda: figures.claims_alt(localized(topic, "label"), frame, unit),
      state=f"{v['query']}&source_topic={topic_id}", key="claims_figure")
show_flags(s, topic_id)

# Each claim's words in one markdown element (the small grey lines as :small[:gray[...]], as a caption shows them):
# a belief change re-sends every claim of the topic, and four elements a claim were 60 more websocket frames.
for row in frame.itertuples():
    mark = " · **" + _("believed") + "**" if row.believed else ""
    parts = [f"{md(row.source)} · {md(_(KIND_WORDS.get(row.kind, row.kind)))} · {md(row.date)} · "
             + _("claim {id}").format(id=f"`{row.claim}`") + mark]
    if row.quote:
        parts.append("> " + md(row.quote))
    if row.translation:
        parts.append(":small[:gray[" + (_("Translation: ") if row.quote else _("Paraphrase: ")) + md(row.translation)
                     + "]]")
    if row.date_evidence:
        parts.append(":small[:gray[" + _("Dated: ") + md(row.date_evidence)
                     + "".join(" · " + _address(u) for u in row.date_urls) + "]]")
    with st.expander(md(f"{row.source}: {row.printed}") + (" (" + _("believed") + ")" if row.believed else ""),
                     expanded=bool(row.believed)):
        st.markdown("\n\n".join(parts))

st.subheader(_("Traps in the sources"))
foreign = foreign_currency_sources(fb)
if foreign:
    st.warning(md(_("Printed in a currency other than {base}: {sources}. The rule 'Currency labels' in the sidebar "
                    "decides whether to convert them or to read them as {base}.").format(
        base=fb.base_currency, sources=", ".join(foreign))), icon=":material/currency_exchange:")
for f in contradictions(fb):
    st.warning(md(flag_message(fb, f)), icon=":material/error:")
