"""Compute and circularity: who supplies the compute, and how much of an investor's money flows back to it."""
import streamlit as st

from explainer.present import figures, money
from explainer.engine.cycles import scenario_loops
from explainer.present.loop_words import unjoined_text
from explainer.present.digest import circularity_frame, concentration, left_out_frame, loops_frame, other_ties_frame
from explainer.present.i18n import _, pgettext
from explainer.present.markup import md
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
chart(lambda: figures.money_sankey(fb, s), fb, pgettext("file name", "money-flows"), state=v["query"],
      alt=lambda: figures.sankey_alt(fb, s), key="sankey_figure")
if fb.topics_of_kind("compute_capacity"):  # a story without capacity deals draws no empty axes
    chart(lambda: figures.capacity_bars(fb, s), fb, pgettext("file name", "capacity"), state=v["query"],
          alt=lambda: figures.capacity_alt(fb, s), key="capacity_figure")
show_evidence(fb, s, invest_topics + compute_topics, key="evidence_compute")

st.subheader(_("Circularity per investor"))
st.caption(_("Commitments to the investor's own products ÷ what it invests in this round. "
             "Above 100 %: the company has promised to buy more from the investor than the investor puts in; "
             "the purchases run over years and are not the invested money coming back. It counts compute "
             "commitments to the investor itself under your beliefs, talks included; the money loops below count "
             "deals of every kind in force on the view's date, group companies included, so the two can differ."))
chart(lambda: figures.circularity_bars(fb, s), fb, pgettext("file name", "circularity"), state=v["query"],
      alt=lambda: figures.circularity_alt(fb, s), key="circularity_figure")
table(circularity_frame(fb, s), {
    _("Invests (bn {currency})").format(currency=cur): money.number,
    _("Commitments to its products (bn {currency})").format(currency=cur): money.number,
    _("Capacity to its products (GW)"): lambda x: money.number(x, 2)})

st.subheader(_("Vendor concentration"))
shares, hhi = concentration(s)
if hhi is None:  # nothing itemised (a story without compute deals): no empty axes, no index of nothing
    st.info(_("No itemised compute commitments under your beliefs"))
else:
    chart(lambda: figures.concentration_bars(fb, shares, hhi), fb, pgettext("file name", "vendor-concentration"),
          state=v["query"], alt=lambda: figures.concentration_alt(fb, shares, hhi), key="concentration_figure")
    st.caption(_("Herfindahl-Hirschman index {hhi} of {max} (above {high} counts as highly concentrated). "
                 "Commitments a total names but no deal itemises are left out.").format(
        hhi=money.number(hhi, 0), max=money.number(10000), high=money.number(2500)))

st.subheader(_("Money loops"))
st.caption(_("Every chain of deals in force on the view's date that leads back to where it started: money into the "
             "company, its commitments to vendors, purchases, stakes and shares between the other parties. Commitments "
             "back per dollar in: the smallest amount on the way back ÷ the money in, a ratio that can exceed 100 %. "
             "A step adds up its deals in force; talk-stage, replaced or ended deals are never a step. Capacity (GW) "
             "and shares have no price, so such a loop has none."))
loops = scenario_loops(fb, s)
if loops.loops:
    left, right = st.columns([3, 2])
    with left:
        chart(lambda: figures.money_loops(fb, loops), fb, pgettext("file name", "money-loops"), state=v["query"],
              alt=lambda: figures.loops_alt(fb, loops), half=True,
              key="loops_figure")
    with right.container(key="loops_table"):
        # a static table: its words wrap on a phone, where a grid's cells would cut them off; st.table reads its
        # cells as Markdown, so the fact base's names are escaped
        st.table(loops_frame(fb, loops).map(md), hide_index=True, border="horizontal")
else:
    st.info(_("No loops under your beliefs"))
if loops.left_out:
    st.caption(_("Left out: chains whose deals were not in force together on the view's date, or that no report "
                 "joins:"))
    with st.container(key="loops_left_out"):
        st.table(left_out_frame(fb, loops).map(md), hide_index=True, border="horizontal")
if (more := unjoined_text(loops)) is not None:
    st.caption(md(more))
ties = other_ties_frame(fb, s, loops)
if not ties.empty:
    st.caption(_("Other ties between the parties, not drawn as a step of a loop above:"))
    st.table(ties.map(md), hide_index=True, border="horizontal")
if len(loops.loops) > figures.LOOP_ROWS:
    st.caption(_("The chart draws the first {rows} of {n} loops; the table lists them all.").format(
        rows=figures.LOOP_ROWS, n=len(loops.loops)))
if loops.truncated:
    st.caption(_("Only the first {limit} loops of at most {length} parties are shown.").format(
        limit=loops.limit, length=loops.length_bound))
