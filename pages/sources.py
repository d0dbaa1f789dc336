"""Sources and disagreements: per topic, every source's claim on one axis, with its German words."""
import streamlit as st

from explainer import figures
from explainer.digest import foreign_currency_sources, topic_claims, topic_unit
from explainer.markup import md
from explainer.scenario import contradictions
from pages._parts import _address, show_flags, view

v = view()
fb, s, b = v["fb"], v["scenario"], v["beliefs"]

st.title("Sources and disagreements")
topics = [t.id for t in fb.topics if len(fb.claims_by_topic.get(t.id, ())) >= 1]
topic_id = st.selectbox("Topic", topics, key="source_topic", bind="query-params",
                        format_func=lambda t: fb.topic[t].label)  # the label is what the link carries: keep it stable
st.caption(f"{len(fb.claims_by_topic[topic_id])} claims on this topic")
topic = fb.topic[topic_id]
believed = s.resolved[topic_id].claim
unit = topic_unit(fb, topic_id)
frame = topic_claims(fb, topic_id, believed.id if believed else None, b.fx, b.ranges)
st.plotly_chart(figures.claims_axis(topic.label, frame, unit), width="stretch", config={"displayModeBar": False},
                key="claims_figure")
show_flags(s, topic_id)

for row in frame.itertuples():
    mark = " · **believed**" if row.believed else ""
    with st.expander(md(f"{row.source}: {row.printed}") + (" (believed)" if row.believed else ""),
                     expanded=bool(row.believed)):
        st.markdown(f"{md(row.source)} · {md(row.kind)} · {md(row.date)} · claim `{row.claim}`{mark}")
        if row.quote:
            st.markdown("> " + md(row.quote))
        st.caption(("Translation: " if row.quote else "Paraphrase: ") + md(row.translation))
        if row.date_evidence:
            st.caption("Dated: " + md(row.date_evidence) + "".join(" · " + _address(u) for u in row.date_urls))

st.subheader("Traps in the sources")
foreign = foreign_currency_sources(fb)
if foreign:
    st.warning(md(f"Printed in a currency other than {fb.base_currency}: " + ", ".join(foreign)
                  + ". The rule 'Currency labels' in the sidebar decides whether to convert them or to read them as "
                  + fb.base_currency + "."), icon=":material/currency_exchange:")
for f in contradictions(fb):
    st.warning(md(f.message), icon=":material/error:")
