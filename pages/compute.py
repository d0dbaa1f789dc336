"""Compute and circularity: who supplies the compute, and how much of an investor's money flows back to it."""
import streamlit as st

from explainer import figures, money
from explainer.digest import circularity_frame, concentration
from explainer.i18n import _
from explainer.markup import md
from pages._parts import chart, show_evidence, show_flags, table, view

v = view()
fb, s = v["fb"], v["scenario"]
compute_topics = [t.id for t in fb.topics_of_kind("compute_money", "compute_total", "compute_capacity")]
invest_topics = [t.id for t in fb.topics_of_kind("investment", "round_total")]
cur = s.currency

st.title(_("Compute and circularity"))
st.markdown(md(_("Investors put money into the company; the company commits to buy compute, sometimes from the "
                 "same investors. Money and capacity (GW) are shown apart: a GW deal has no price here.")))
show_flags(s, *compute_topics)
chart(lambda: figures.money_sankey(fb, s), fb, _("money-flows"), state=v["query"], key="sankey_figure")
chart(lambda: figures.capacity_bars(fb, s), fb, _("capacity"), state=v["query"], key="capacity_figure")
show_evidence(fb, s, invest_topics + compute_topics, key="evidence_compute")

st.subheader(_("Circularity per investor"))
st.caption(_("Commitments to the investor's own products ÷ what it invests in this round. "
             "Above 100 %: more flows back than goes in."))
chart(lambda: figures.circularity_bars(fb, s), fb, _("circularity"), state=v["query"], key="circularity_figure")
table(circularity_frame(fb, s), {
    _("Invests (bn {currency})").format(currency=cur): money.number,
    _("Commitments to its products (bn {currency})").format(currency=cur): money.number,
    _("Capacity to its products (GW)"): lambda x: money.number(x, 2),
    _("Flows back per dollar invested"): money.ratio})

st.subheader(_("Vendor concentration"))
shares, hhi = concentration(s)
chart(lambda: figures.concentration_bars(fb, shares, hhi), fb, _("vendor-concentration"), state=v["query"],
      key="concentration_figure")
st.caption(_("Herfindahl-Hirschman index {hhi} of {max} (above {high} counts as highly concentrated). Commitments "
             "a total names but no deal itemises are left out.").format(
    hhi=money.number(hhi, 0), max=money.number(10000), high=money.number(2500)))

st.subheader(_("Every relationship"))
chart(lambda: figures.network(fb, s), fb, _("relationships"), state=v["query"], key="network_figure")
