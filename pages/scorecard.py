"""Scorecard: each article's claims against the announced and closed round, and each source's record."""
import math

import streamlit as st

from explainer import figures, money
from explainer.markup import md
from explainer.scoring import (LEAD_RULE, SCORING_RULES, announcement_date, distance_to_outcome,
                               lead_ranking, score_claims, score_sources)
from pages._parts import view

v = view()
fb, b = v["fb"], v["beliefs"]

st.title("Scorecard: who was right?")
claims = score_claims(fb, b)


def scorecard() -> None:
    sources = score_sources(fb, b, scores=claims)
    st.plotly_chart(figures.scorecard_bars(sources), width="stretch", config={"displayModeBar": False},
                    key="scorecard_figure")
    st.dataframe(
        sources[["source_name", "claims", "hits", "misses", "currency_label_errors", "mean_abs_error_pct",
                 "mean_informativeness"]],
        hide_index=True, width="stretch",
        column_config={"source_name": "Source", "claims": "Scored claims", "hits": "Hits", "misses": "Misses",
                       "currency_label_errors": "Currency-label errors",
                       "mean_abs_error_pct": st.column_config.NumberColumn("Mean abs. error (%)", format="%.1f"),
                       "mean_informativeness": st.column_config.NumberColumn("Informativeness (0–1)", format="%.2f")})

    st.subheader("With lead time: who said it early, and roughly right?")
    st.markdown(LEAD_RULE)
    st.caption("Lead time runs to the announcement of " + md(announcement_date(fb) or "(no outcome source dated)")
               + ", the earliest date of the fact base's outcome sources; a source's lead time is the mean of its "
                 "claims'.")
    st.dataframe(
        lead_ranking(sources)[["source_name", "lead_credit", "mean_lead_days", "date", "claims",
                               "mean_abs_error_pct"]],
        hide_index=True, width="stretch",
        column_config={"source_name": "Source", "date": "Written",
                       "mean_lead_days": st.column_config.NumberColumn("Lead time (days before announcement)",
                                                                       format="%.0f"),
                       "claims": "Scored claims",
                       "mean_abs_error_pct": st.column_config.NumberColumn("Mean abs. error (%)", format="%.1f"),
                       "lead_credit": st.column_config.NumberColumn("Lead-weighted credit (days)", format="%.1f")})

    st.subheader("Every scored claim beside the outcome")
    st.dataframe(
        claims[["source_name", "date", "lead_days", "lead_credit", "topic_label", "printed", "outcome_printed",
                "verdict", "error_pct", "direction", "informativeness"]],
        hide_index=True, width="stretch",
        column_config={"source_name": "Source", "date": "Said on", "topic_label": "Topic",
                       "lead_days": st.column_config.NumberColumn("Lead time (days)", format="%.0f"),
                       "printed": "Claim as printed", "outcome_printed": "Outcome", "verdict": "Verdict",
                       "error_pct": st.column_config.NumberColumn("Error (%)", format="%+.1f"),
                       "direction": "Direction",
                       "informativeness": st.column_config.NumberColumn("Informativeness", format="%.2f"),
                       "lead_credit": st.column_config.NumberColumn("Lead-weighted credit (days)",
                                                                    format="%.1f")})

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
