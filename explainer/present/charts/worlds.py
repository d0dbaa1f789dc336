"""The worlds page's charts: how an output spreads over every world, and which single choice moves it most."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .. import money
from ..colours import BLUE, VERMILLION
from ..i18n import _
from ..markup import plotly_text as esc
from .style import Alt, _layout, _lines, _plain, _vline, alt_table, wrap_label


def worlds_histogram(dist: pd.DataFrame, current: float, label: str, unit_text: str, scale: float = 1.0) -> go.Figure:
    """How the output spreads over every world; the reader's current beliefs marked."""
    fig = _plain(dict(
        type="bar", x=[(a + b) / 2 * scale for a, b in zip(dist["bin_start"], dist["bin_end"])],
        y=list(dist["share"] * 100), width=[(b - a) * scale for a, b in zip(dist["bin_start"], dist["bin_end"])],
        marker=dict(color=[VERMILLION if h else BLUE for h in dist["has_current"]]), hoverinfo="skip"))
    more = dict(xaxis=dict(title=dict(text=esc(unit_text))),
                yaxis=dict(title=dict(text=_("share of worlds (%)")), ticksuffix=" %"))
    if current == current:  # not NaN
        more.update(_your_beliefs(current * scale, xanchor="center", yanchor="bottom"))
    return _layout(fig, _("{output}: spread over every combination of beliefs").format(output=label), 360, more=more)


def _your_beliefs(x: float, xanchor: str, yanchor: str) -> dict:
    """The reader's value as a vertical line across the plot, labelled at its top (as plotly's add_vline with an
    annotation writes them)."""
    return dict(shapes=[_vline(x, color=VERMILLION, width=2)],
                annotations=[dict(text=_("your beliefs"), showarrow=False, x=x, xref="x", xanchor=xanchor, y=1,
                                  yref="y domain", yanchor=yanchor)])


def tornado_chart(frame: pd.DataFrame, base: float, label: str, unit_text: str, scale: float = 1.0) -> go.Figure:
    """Which single topic moves the output most, the others held at the reader's beliefs."""
    rows = frame[frame["swing"] > 0].head(12).iloc[::-1]
    if rows.empty:
        return _layout(go.Figure(), _("{output}: no single choice moves it").format(output=label))
    names = [wrap_label(x) for x in rows["topic_label"]]
    fig = _plain(dict(
        type="bar", y=names, x=list((rows["high"] - rows["low"]) * scale), base=list(rows["low"] * scale),
        orientation="h", marker=dict(color=BLUE), hoverinfo="skip",
        text=[f"{money.number(lo * scale, 2)} – {money.number(hi * scale, 2)}" for lo, hi in zip(rows["low"], rows["high"])],
        textposition="outside", cliponaxis=False))
    lo, hi = float(rows["low"].min()) * scale, float(rows["high"].max()) * scale
    more = dict(xaxis=dict(title=dict(text=esc(unit_text)), range=[min(lo, 0), hi + (hi - min(lo, 0)) * 0.45]))
    if base == base:
        more.update(_your_beliefs(base * scale, xanchor="left", yanchor="top"))
    return _layout(fig, _("{output}: which single choice moves it most (the rest held at your beliefs)").format(
        output=label), max(260, (16 + 16 * _lines(names)) * len(rows) + 120), more=more)


# ---------------------------------------------------------------- the same numbers as text

def worlds_alt(dist: pd.DataFrame, current: float, label: str, unit_text: str, scale: float = 1.0) -> Alt:
    cols = [unit_text, _("share of worlds (%)")]
    table = alt_table([{cols[0]: f"{money.number(a * scale, 2)} – {money.number(b * scale, 2)}",
                        cols[1]: money.percent(share * 100)}
                       for a, b, share in zip(dist["bin_start"], dist["bin_end"], dist["share"])], cols)
    if dist.empty:
        return Alt(_("{output}: spread over every combination of beliefs").format(output=label), table)
    peak = dist.loc[dist["share"].idxmax()]
    return Alt(_("{output} over every combination of beliefs: from {low} to {high}; the most worlds ({share}) "
                 "between {peak_low} and {peak_high}; your beliefs: {current}.").format(
        output=label, low=money.number(dist["bin_start"].min() * scale, 2),
        high=money.number(dist["bin_end"].max() * scale, 2), share=money.percent(peak["share"] * 100),
        peak_low=money.number(peak["bin_start"] * scale, 2), peak_high=money.number(peak["bin_end"] * scale, 2),
        current=money.number(current * scale, 2) if current == current else "–"), table)


def tornado_alt(frame: pd.DataFrame, base: float, label: str, unit_text: str, scale: float = 1.0) -> Alt:
    cols = [_("Topic"), _("Low"), _("High")]
    rows = frame[frame["swing"] > 0].head(12)
    table = alt_table([{cols[0]: r.topic_label, cols[1]: money.number(r.low * scale, 2),
                        cols[2]: money.number(r.high * scale, 2)} for r in rows.itertuples()], cols)
    if rows.empty:
        return Alt(_("{output}: no single choice moves it").format(output=label), table)
    top = rows.iloc[0]
    return Alt(_("{output}: the choice that moves it most is the one on “{topic}”, from {low} to {high}.").format(
        output=label, topic=top["topic_label"], low=money.number(top["low"] * scale, 2),
        high=money.number(top["high"] * scale, 2)), table)
