"""The round's charts: the cap table before and after, dilution, and the bridge from pre- to post-money."""
from __future__ import annotations

import plotly.graph_objects as go

from .. import money
from ..colours import BLUE, GREEN, GREY, LIGHT_GREY, VERMILLION, entity_colours
from ..i18n import _
from ..markup import plotly_text as esc
from ...load.model import FactBase
from ...engine.scenario import Scenario
from .style import Alt, _layout, _plain, alt_table
from ..labels import entity_name, row_name


def cap_table_bars(fb: FactBase, s: Scenario) -> go.Figure:
    """Ownership before and after the round as two stacked horizontal bars."""
    col = entity_colours(fb)
    bars = []
    for r in s.cap_table:
        before, after = r.before_pct, r.after_pct or 0.0
        hidden = r.state == "undisclosed"
        if hidden:  # what the known stakes leave is this holder's; its size is not disclosed, so no number is printed
            after = _undisclosed_width(s)
        bars.append(dict(
            type="bar", y=[_("After the round"), _("Before the round")], x=[after, before], name=esc(row_name(fb, r)),
            orientation="h", marker=_marker(col.get(r.holder, GREY), hidden),
            text=[_bar_text(after, hidden), _bar_text(before, False)],
            textposition="inside", insidetextanchor="middle", textangle=0, hoverinfo="skip",
            textfont=dict(color=["#222", "white"] if hidden else "white")))
    fig = _plain(*bars)
    title = _("Who owns {company}: before and after {total} of new money at {post} post-money").format(
        company=entity_name(fb, fb.company), total=money.amount(s.round_total, s.currency),
        post=money.amount(s.post, s.currency))
    return _layout(fig, title, 330, more=dict(
        barmode="stack", uniformtext=dict(minsize=10, mode="hide"), xaxis=dict(range=[0, 100], ticksuffix=" %"),
        yaxis=dict(categoryorder="array", categoryarray=[_("After the round"), _("Before the round")])))


def _undisclosed_width(s: Scenario) -> float:
    """The part of the bar after the round that the known stakes leave, where one holder's is not disclosed; 0 where
    several are (their split is not known)."""
    hidden = [r for r in s.cap_table if r.state == "undisclosed"]
    known = sum(r.after_pct or 0.0 for r in s.cap_table if r.state != "undisclosed")
    return max(0.0, 100.0 - known) if len(hidden) == 1 else 0.0


def _marker(colour: str, hidden: bool) -> dict:
    """A holder's bars; a stake after that is not disclosed is hatched in its colour on white, so its words read."""
    if not hidden:
        return dict(color=colour)
    return dict(color=["white", colour], pattern=dict(shape=["/", ""], fgcolor=colour, solidity=0.3),
                line=dict(color=colour, width=1))


def _bar_text(width: float, hidden: bool) -> str:
    """A segment's words, where they fit: its stake, or 'not disclosed' (longer, so it needs a wider segment)."""
    if hidden:
        return esc(_(money.NOT_DISCLOSED)) if width >= 12 else ""
    return money.percent(width) if width >= 3 else ""


def _after_text(r) -> str:
    return _(money.NOT_DISCLOSED) if r.state == "undisclosed" else money.percent(r.after_pct or 0.0)


def money_waterfall(fb: FactBase, s: Scenario) -> go.Figure:
    """Pre-money value plus each investor's new money gives the post-money valuation."""
    if s.pre is None:
        return _layout(go.Figure(), _("No valuation believed: nothing to show"))
    items = [(entity_name(fb, k), v) for k, v in s.by_investor.items() if v > 0]
    fig = go.Figure(go.Waterfall(
        x=[_("Pre-money")] + [esc(n) for n, _v in items] + [_("Post-money")],
        y=[s.pre] + [v for _n, v in items] + [0],
        measure=["absolute"] + ["relative"] * len(items) + ["total"],
        text=[money.number(s.pre)] + ["+" + money.number(v) for _n, v in items] + [money.number(s.post)],
        textposition="outside", hoverinfo="skip", connector=dict(line=dict(color=LIGHT_GREY)),
        increasing=dict(marker_color=GREEN), decreasing=dict(marker_color=VERMILLION),
        totals=dict(marker_color=BLUE)))
    unit = f"{money.unit_word('bn')} {s.currency}"
    return _layout(fig, _("From pre-money to post-money ({unit})").format(unit=unit),
                   more=dict(yaxis=dict(title=dict(text=unit), rangemode="tozero")))


def dilution_bars(fb: FactBase, s: Scenario) -> go.Figure:
    """Each holder's change in stake, in percentage points: dilution below zero, new stakes above."""
    col = entity_colours(fb)
    rows = [r for r in s.cap_table if r.change_pts is not None]
    fig = go.Figure(go.Bar(
        x=[esc(row_name(fb, r)) for r in rows], y=[r.change_pts for r in rows],
        marker_color=[col.get(r.holder, GREY) for r in rows],
        text=[money.points(r.change_pts) for r in rows], textposition="outside", hoverinfo="skip"))
    return _layout(fig, _("Dilution: who gains and who loses stake (percentage points)"), more=dict(
        yaxis=dict(title=dict(text=_("change in stake (percentage points)")), zeroline=True, zerolinecolor="#666")))


# ---------------------------------------------------------------- the same numbers as text

def cap_table_alt(fb: FactBase, s: Scenario) -> Alt:
    cols = [_("Holder"), _("Before (%)"), _("After (%)")]
    rows = [{cols[0]: row_name(fb, r), cols[1]: money.percent(r.before_pct), cols[2]: _after_text(r)}
            for r in s.cap_table]
    top = max(s.cap_table, key=lambda r: r.after_pct or 0.0, default=None)
    summary = _("Stakes in {company} before and after the round, as stacked bars; after it, the largest stake goes to "
                "{holder} ({stake}).").format(company=entity_name(fb, fb.company), holder=row_name(fb, top) if top else "–",
                                              stake=money.percent(top.after_pct if top else None))
    return Alt(summary, alt_table(rows, cols))


def waterfall_alt(fb: FactBase, s: Scenario) -> Alt:
    cols = [_("Step"), _("Value")]
    if s.pre is None:
        return Alt(_("No valuation believed: nothing to show"), alt_table([], cols))
    items = [(entity_name(fb, k), v) for k, v in s.by_investor.items() if v > 0]
    rows = ([{cols[0]: _("Pre-money"), cols[1]: money.amount(s.pre, s.currency)}]
            + [{cols[0]: n, cols[1]: "+" + money.amount(v, s.currency)} for n, v in items]
            + [{cols[0]: _("Post-money"), cols[1]: money.amount(s.post, s.currency)}])
    summary = _("From {pre} pre-money, {total} of new money from {n} investors leads to {post} post-money.").format(
        pre=money.amount(s.pre, s.currency), total=money.amount(sum(v for _n, v in items), s.currency),
        n=len(items), post=money.amount(s.post, s.currency))
    return Alt(summary, alt_table(rows, cols))


def dilution_alt(fb: FactBase, s: Scenario) -> Alt:
    cols = [_("Holder"), _("Change (pts)")]
    rows = [r for r in s.cap_table if r.change_pts is not None]
    table = alt_table([{cols[0]: row_name(fb, r), cols[1]: money.points(r.change_pts)} for r in rows], cols)
    if not rows:
        return Alt(_("No valuation believed: nothing to show"), table)
    gain, loss = max(rows, key=lambda r: r.change_pts), min(rows, key=lambda r: r.change_pts)
    return Alt(_("Change in stake per holder, in percentage points: the largest gain {gainer} ({gain}), the largest "
                 "loss {loser} ({loss}).").format(gainer=row_name(fb, gain), gain=money.points(gain.change_pts),
                                                  loser=row_name(fb, loss), loss=money.points(loss.change_pts)), table)
