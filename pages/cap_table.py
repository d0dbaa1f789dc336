"""Cap table: who owns what before and after the round, under the reader's beliefs."""
from functools import partial

import streamlit as st

from explainer.present import figures, money
from explainer.present.labels import entity_name
from explainer.present.digest import cap_table_frame
from explainer.present.i18n import _, pgettext
from explainer.present.markup import md
from explainer.engine.scenario import residual_holder
from pages._parts import chart, linked_expander, show_evidence, show_flags, table, view

v = view()
fb, s = v["fb"], v["scenario"]
cur = s.currency

st.title(_("Cap table"))
st.caption(md(_("Stakes in {company} in %; money in {unit}. Holders before the round come from the ownership "
                "topics; the rest is '{residual}'.").format(
    company=entity_name(fb, fb.company), unit=f"{money.unit_word('bn')} {cur}",
    residual=entity_name(fb, residual_holder(fb)))))
cap_topics = [t for r in s.cap_table for t in r.topics] + [t.id for t in fb.topics_of_kind("valuation", "round_total")]
show_flags(s, *cap_topics)
chart(lambda: figures.cap_table_bars(fb, s), fb, pgettext("file name", "cap-table"), state=v["query"],
      alt=lambda: figures.cap_table_alt(fb, s), key="cap_table_figure")

m1, m2, m3 = st.columns(3)
m1.metric(_("New money"), money.amount(s.round_total, cur))
m2.metric(_("Pre-money valuation"), money.amount(s.pre, cur))
m3.metric(_("Post-money valuation"), money.amount(s.post, cur))

frame = cap_table_frame(fb, s)
two = partial(money.number, digits=2)
numbers = {_("Before (%)"): two, _("After (%)"): two, _("Change (pts)"): lambda x: money.signed(x, 2),
           _("New money (bn {currency})").format(currency=cur): money.number,
           _("Value at post-money (bn {currency})").format(currency=cur): money.number}
table(frame, numbers)
show_evidence(fb, s, cap_topics, key="evidence_cap_table")

# Open in a link without cap_more (as every link made before 30 Nov 2026), closed on a visit without a link: closed,
# two figures fewer are redrawn on every belief change (urlstate.FRESH_VISIT_VIEWS)
more = linked_expander(_("Dilution: who gains and who loses, and the way from pre- to post-money"), "cap_more",
                       default_open=True, icon=":material/waterfall_chart:")
if more.open:  # drawn only while open
    left, right = more.columns(2)
    with left:
        chart(lambda: figures.dilution_bars(fb, s), fb, pgettext("file name", "dilution"), state=v["query"],
              alt=lambda: figures.dilution_alt(fb, s), half=True, key="dilution_figure")
    with right:
        chart(lambda: figures.money_waterfall(fb, s), fb, pgettext("file name", "pre-to-post-money"), state=v["query"],
              alt=lambda: figures.waterfall_alt(fb, s), half=True,
              key="waterfall_figure")
