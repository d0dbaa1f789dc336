"""Scorecard: each article's claims against the announced and closed round, and each source's record."""
import math

import streamlit as st

from explainer import figures, money
from explainer.scoring import SCORING_RULES, distance_to_outcome, score_claims, score_sources
from pages._parts import view

v = view()
fb, b = v["fb"], v["beliefs"]

st.title("Scorecard: who was right?")
claims = score_claims(fb, b)


def scorecard() -> None:
    sources = score_sources(fb, b, scores=claims)
    st.plotly_chart(figures.scorecard_bars(sources), width="stretch", config={"displayModeBar": False})
    st.dataframe(
        sources[["source_name", "claims", "hits", "misses", "currency_label_errors", "mean_abs_error_pct",
                 "mean_informativeness"]],
        hide_index=True, width="stretch",
        column_config={"source_name": "Source", "claims": "Scored claims", "hits": "Hits", "misses": "Misses",
                       "currency_label_errors": "Currency-label errors",
                       "mean_abs_error_pct": st.column_config.NumberColumn("Mean abs. error (%)", format="%.1f"),
                       "mean_informativeness": st.column_config.NumberColumn("Informativeness (0–1)", format="%.2f")})

    st.subheader("Every scored claim beside the outcome")
    st.dataframe(
        claims[["source_name", "topic_label", "printed", "outcome_printed", "verdict", "error_pct", "direction",
                "informativeness"]],
        hide_index=True, width="stretch",
        column_config={"source_name": "Source", "topic_label": "Topic", "printed": "Claim as printed",
                       "outcome_printed": "Outcome", "verdict": "Verdict",
                       "error_pct": st.column_config.NumberColumn("Error (%)", format="%+.1f"),
                       "direction": "Direction",
                       "informativeness": st.column_config.NumberColumn("Informativeness", format="%.2f")})

    st.subheader("Your beliefs against the outcome")
    d = distance_to_outcome(fb, b)
    c1, c2, c3, c4 = st.columns(4)
    for col, label, (mine, real, diff) in ((c1, "Round", d.total), (c2, "Pre-money", d.pre), (c3, "Post-money", d.post)):
        col.metric(label, money.amount(mine, fb.base_currency),
                   delta=None if diff is None else f"{money.signed(diff)} bn vs. outcome {money.number(real)}",
                   delta_color="off")
    c4.metric("Cap table off by", money.distance(d.total_variation),
              help="Half the sum of the absolute differences in stake after the round, holder by holder: the share "
                   "of the company your cap table puts elsewhere." if not math.isnan(d.total_variation) else
                   "Your beliefs or the outcome give no stakes after the round (no valuation is believed), so there "
                   "is no cap table to compare.")
    st.dataframe(d.holders.drop(columns=["holder"]), hide_index=True, width="stretch",
                 column_config={"name": "Holder",
                                "reader_pct": st.column_config.NumberColumn("Your beliefs (%)", format="%.2f"),
                                "outcome_pct": st.column_config.NumberColumn("Outcome (%)", format="%.2f"),
                                "diff_pts": st.column_config.NumberColumn("Difference (pts)", format="%+.2f")})

    with st.expander("How claims are scored", icon=":material/rule:"):
        st.markdown(SCORING_RULES)


if claims.empty:  # no st.stop(): the sidebar's link and footer are drawn after the page
    st.info("This fact base has no outcome sources, so there is nothing to score against.")
else:
    scorecard()
