"""The sources' charts: every claim on a topic, what the reports disagree about, and who was right."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .. import money
from ..colours import BLUE, GREEN, GREY, LIGHT_GREY, VERMILLION, YELLOW
from ..i18n import _
from ..markup import plotly_text as esc
from .style import Alt, _layout, _lines, _plain, alt_table, wrap_label


_BOUND_SYMBOL = {"up_to": "triangle-left", "below": "triangle-left", "at_least": "triangle-right",
                 "above": "triangle-right", "exact": "circle", "about": "circle-open", "range": "line-ns"}


def claims_axis(topic_label: str, claims: pd.DataFrame, unit: str) -> go.Figure:
    """Every source's claim on one axis: bars for ranges, arrows for up to / at least; the believed one highlighted."""
    if claims.empty:
        return _layout(go.Figure(), _("{topic}: no claims").format(topic=topic_label))
    rows = claims.iloc[::-1]
    labels = [wrap_label(r.label) for r in rows.itertuples()]
    colour = [VERMILLION if r.believed else (LIGHT_GREY if r.deprecated else BLUE) for r in rows.itertuples()]
    traces = [dict(type="scatter", x=[r.low, r.high], y=[label, label], mode="lines", line=dict(color=c, width=8),
                   showlegend=False, hoverinfo="skip")
              for r, label, c in zip(rows.itertuples(), labels, colour) if r.bound == "range"]
    top = max([v for v in list(rows["value"]) + list(rows["high"].dropna()) if v is not None] or [1])
    traces.append(dict(
        type="scatter", x=list(rows["value"]), y=labels, mode="markers+text",
        marker=dict(symbol=[_BOUND_SYMBOL[b] for b in rows["bound"]], size=[16 if b else 12 for b in rows["believed"]],
                    color=colour, line=dict(width=2, color=colour)),
        text=[esc(p) for p in rows["printed"]], showlegend=False, hoverinfo="skip",
        # the printed figure on the side with room: right of small values, left of large ones (a phone is narrow)
        textposition=["middle left" if v > top / 2 else "middle right" for v in rows["value"]]))
    fig = _plain(*traces)
    axes = dict(xaxis=dict(title=dict(text=unit), range=[0, top * 1.15]),
                yaxis=dict(categoryorder="array", categoryarray=labels, automargin=True))
    height = max(260, (12 + 16 * _lines(labels)) * len(rows) + 120)
    return _layout(fig, _("{topic}: every claim ({unit}; ◀ up to / below, ▶ at least / above, ○ about, ● exact; "
                          "red = believed)").format(topic=topic_label, unit=unit), height, more=axes)


def disagreement_ranges(frame: pd.DataFrame, currency: str) -> go.Figure:
    """Lowest to highest figure per money topic, on a log axis so small and large topics both read."""
    df = frame[frame["dimension"].eq("money") & frame["low"].gt(0)].iloc[::-1]
    labels = {x: wrap_label(x) for x in df["label"]}
    ys = [labels[x] for x in df["label"]]
    # lines and the axis as plain JSON too: plotly's add_shape checked every line
    fig = _plain(
        dict(type="scatter", x=list(df["low"]), y=ys, mode="markers", name=_("lowest"),
             marker=dict(color=BLUE, size=11), hoverinfo="skip"),
        dict(type="scatter", x=list(df["high"]), y=ys, mode="markers", name=_("highest"),
             marker=dict(color=VERMILLION, size=11), hoverinfo="skip"))
    lines = [dict(type="line", x0=r.low, x1=r.high, y0=labels[r.label], y1=labels[r.label],
                  line=dict(color=GREY, width=3), layer="below") for r in df.itertuples()]
    axis = dict(type="log", title=dict(text=_("{unit} (log scale)").format(unit=f"{money.unit_word('bn')} {currency}")),
                dtick=1)  # powers of ten: no tiny minor labels
    return _layout(fig, _("What the reports disagree about: lowest and highest figure per topic"),
                   max(260, (12 + 16 * _lines(labels.values())) * len(df) + 120), more=dict(shapes=lines, xaxis=axis))


def scorecard_bars(sources: pd.DataFrame) -> go.Figure:
    """Hits and misses per source, with currency-label errors apart."""
    df = sources.iloc[::-1]
    names = [esc(x) for x in df["source_name"]]
    label_errors = list(df["currency_label_errors"])
    fig = go.Figure([
        go.Bar(name=_("hit"), y=names, x=[h - e for h, e in zip(df["hits"], label_errors)], orientation="h",
               marker_color=GREEN, hoverinfo="skip"),
        go.Bar(name=_("hit, wrong currency label"), y=names, x=label_errors, orientation="h",
               marker_color=YELLOW, hoverinfo="skip"),
        go.Bar(name=_("miss"), y=names, x=list(df["misses"]), orientation="h", marker_color=VERMILLION,
               hoverinfo="skip")])
    return _layout(fig, _("Who was right: each source's claims against the announced and closed round"),
                   max(280, 34 * len(df) + 140),
                   more=dict(barmode="stack", xaxis=dict(title=dict(text=_("scored claims")), dtick=1)))


# ---------------------------------------------------------------- the same numbers as text

def claims_alt(topic_label: str, claims: pd.DataFrame, unit: str) -> Alt:
    cols = [_("Source"), _("Claim"), _("Status")]
    if claims.empty:
        return Alt(_("{topic}: no claims").format(topic=topic_label), alt_table([], cols))
    table = alt_table([{cols[0]: r.label, cols[1]: r.printed, cols[2]: _("believed") if r.believed else ""}
                       for r in claims.itertuples()], cols)
    values = [v for v in list(claims["value"]) + list(claims["high"].dropna()) + list(claims["low"].dropna())
              if v is not None and v == v]
    believed = claims[claims["believed"]]
    summary = _("{n} claims on “{topic}”, from {low} to {high} ({unit}); believed: {printed}.").format(
        n=len(claims), topic=topic_label, low=money.number(min(values), 2), high=money.number(max(values), 2),
        unit=unit, printed=believed["printed"].iloc[0] if not believed.empty else _("none"))
    return Alt(summary, table)


def disagreement_alt(frame: pd.DataFrame, currency: str) -> Alt:
    cols = [_("Topic"), _("lowest"), _("highest")]
    df = frame[frame["dimension"].eq("money") & frame["low"].gt(0)]
    unit = f"{money.unit_word('bn')} {currency}"
    table = alt_table([{cols[0]: r.label, cols[1]: f"{money.number(r.low, 2)} {unit}",
                        cols[2]: f"{money.number(r.high, 2)} {unit}"} for r in df.itertuples()], cols)
    if df.empty:
        return Alt(_("What the sources disagree about"), table)
    wide = df.loc[(df["high"] / df["low"]).idxmax()]
    return Alt(_("Lowest and highest figure the reports give for {n} topics; the widest spread: “{topic}”, from "
                 "{low} to {high}.").format(n=len(df), topic=wide["label"],
                                            low=f"{money.number(wide['low'], 2)} {unit}",
                                            high=f"{money.number(wide['high'], 2)} {unit}"), table)


def scorecard_alt(sources: pd.DataFrame) -> Alt:
    cols = [_("Source"), _("hit"), _("hit, wrong currency label"), _("miss")]
    rows = [{cols[0]: r.source_name, cols[1]: money.number(r.hits - r.currency_label_errors, 0),
             cols[2]: money.number(r.currency_label_errors, 0), cols[3]: money.number(r.misses, 0)}
            for r in sources.itertuples()]
    if sources.empty:
        return Alt(_("This fact base has no outcome sources, so there is nothing to score against."),
                   alt_table(rows, cols))
    best = sources.loc[sources["hits"].idxmax()]
    return Alt(_("Hits and misses per source; the most hits: {source}, {hits} of {scored} scored claims.").format(
        source=best["source_name"], hits=money.number(best["hits"], 0),
        scored=money.number(best["hits"] + best["misses"], 0)), alt_table(rows, cols))
