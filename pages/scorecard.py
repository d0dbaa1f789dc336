"""Scorecard: each article's claims against the announced and closed round, and each source's record."""
import math
from functools import partial

import streamlit as st

from explainer.present import figures, money
from explainer.present.i18n import _, pgettext
from explainer.engine.scoring import (announcement_date, distance_to_outcome, lead_ranking, outcomes, score_claims,
                                      score_sources)
from explainer.present.frames import claim_scores_labelled, holders_labelled, source_scores_labelled
from explainer.present.rule_words import DIRECTION_WORDS, VERDICT_WORDS, lead_rule, scoring_rules
from explainer.present.markup import md
from explainer.present.money import NOT_DISCLOSED
from pages._parts import chart, table, view
from explainer.present.labels import entity_name

v = view()
fb, b = v["fb"], v["beliefs"]

st.title(_("Scorecard: who was right?"))
claims = claim_scores_labelled(fb, score_claims(fb, b))
one, two, whole = partial(money.number, digits=1), partial(money.number, digits=2), partial(money.number, digits=0)


def words(mapping):
    return lambda x: _(mapping[x]) if x in mapping else (x or "")


def scorecard() -> None:
    sources = source_scores_labelled(fb, score_sources(fb, b, scores=claims))
    chart(lambda: figures.scorecard_bars(sources), fb, pgettext("file name", "scorecard"), state=v["query"],
          alt=lambda: figures.scorecard_alt(sources), key="scorecard_figure")
    table(
        sources[["source_name", "claims", "hits", "misses", "currency_label_errors", "mean_abs_error_pct",
                 "mean_informativeness"]],
        {"claims": whole, "hits": whole, "misses": whole, "currency_label_errors": whole, "mean_abs_error_pct": one,
         "mean_informativeness": two},
        column_config={"source_name": _("Source"), "claims": _("Scored claims"), "hits": _("Hits"),
                       "misses": _("Misses"), "currency_label_errors": _("Currency-label errors"),
                       "mean_abs_error_pct": _("Mean abs. error (%)"),
                       "mean_informativeness": _("Informativeness (0–1)")})

    st.subheader(_("With lead time: who said it early, and roughly right?"))
    st.markdown(lead_rule())
    announced = announcement_date(fb)
    st.caption(_("Lead time runs to the announcement of {date}, the earliest date of the fact base's outcome "
                 "sources; a source's lead time is the mean of its claims'.").format(
        date=money.date(announced) if announced else _("(no outcome source dated)")))
    ranking = lead_ranking(sources)[["source_name", "lead_credit", "mean_lead_days", "date", "claims",
                                     "mean_abs_error_pct"]]
    table(ranking.assign(date=[money.date(d) if d else "" for d in ranking["date"]]),
          {"lead_credit": one, "mean_lead_days": whole, "claims": whole, "mean_abs_error_pct": one},
          column_config={"source_name": _("Source"), "date": _("Written"),
                         "mean_lead_days": _("Lead time (days before announcement)"), "claims": _("Scored claims"),
                         "mean_abs_error_pct": _("Mean abs. error (%)"),
                         "lead_credit": _("Lead-weighted credit (days)")})

    st.subheader(_("Every scored claim beside the outcome"))
    shown = claims[["source_name", "date", "lead_days", "lead_credit", "topic_label", "printed", "outcome_printed",
                    "verdict", "error_pct", "direction", "informativeness"]]
    shown = shown.assign(date=[money.date(d) for d in shown["date"]],
                         verdict=[words(VERDICT_WORDS)(x) for x in shown["verdict"]],
                         direction=[words(DIRECTION_WORDS)(x) for x in shown["direction"]])
    table(shown, {"lead_days": whole, "lead_credit": one, "error_pct": lambda x: money.signed(x, 1),
                  "informativeness": two},
          column_config={"source_name": _("Source"), "date": _("Said on"), "topic_label": _("Topic"),
                         "lead_days": _("Lead time (days)"), "printed": _("Claim as printed"),
                         "outcome_printed": _("Outcome"), "verdict": _("Verdict"), "error_pct": _("Error (%)"),
                         "direction": _("Direction"), "informativeness": _("Informativeness"),
                         "lead_credit": _("Lead-weighted credit (days)")})

    st.subheader(_("Your beliefs against the outcome"))
    d = distance_to_outcome(fb, b)
    c1, c2, c3, c4 = st.columns(4)
    for col, label, (mine, real, diff) in ((c1, _("Round"), d.total), (c2, _("Pre-money"), d.pre),
                                           (c3, _("Post-money"), d.post)):
        col.metric(label, money.amount(mine, fb.base_currency),
                   delta=None if diff is None else _("{diff} {unit} vs. outcome {outcome}").format(
                       diff=money.signed(diff), unit=money.unit_word("bn"), outcome=money.number(real)),
                   delta_color="off")
    c4.metric(_("Cap table off by"), money.distance(d.total_variation),
              help=_("Half the sum of the absolute differences in stake after the round, holder by holder: the "
                     "share of the company your cap table puts elsewhere.") if not math.isnan(d.total_variation) else
              _("Your beliefs or the outcome give no stakes after the round (no valuation is believed), so there is "
                "no cap table to compare."))
    holders = holders_labelled(fb, d.holders).drop(columns=["holder"]).astype(object)
    for i, h in enumerate(d.holders["holder"]):  # a stake not disclosed is said in words, never a dash or 0
        if h in d.left_out:
            for col in ("reader_pct", "outcome_pct", "diff_pts"):
                if holders.at[i, col] != holders.at[i, col]:
                    holders.at[i, col] = _(NOT_DISCLOSED)
            holders.at[i, "diff_pts"] = _(NOT_DISCLOSED)
    if d.left_out:
        st.caption(_("Left out of the distance, as their stakes after the round are not disclosed: {holders}.")
                   .format(holders=md("; ".join(entity_name(fb, h) for h in d.left_out))))
    table(holders,
          {"reader_pct": two, "outcome_pct": two, "diff_pts": lambda x: money.signed(x, 2)},
          column_config={"name": _("Holder"), "reader_pct": _("Your beliefs (%)"), "outcome_pct": _("Outcome (%)"),
                         "diff_pts": _("Difference (pts)")})

    with st.expander(_("How claims are scored"), icon=":material/rule:"):
        st.markdown(scoring_rules())


if claims.empty and b.asof and not outcomes(fb, b.asof) and outcomes(fb):
    st.info(_("By {date} the round had not been announced: there is no outcome yet to score against.").format(
        date=money.date(b.asof)))
elif claims.empty:  # no st.stop(): the sidebar's link and footer are drawn after the page
    st.info(_("This fact base has no outcome sources, so there is nothing to score against."))
else:
    scorecard()
