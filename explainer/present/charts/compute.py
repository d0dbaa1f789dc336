"""The compute page's charts: money in and out, capacity, circularity, vendor concentration and the money loops."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .. import money
from ..colours import BLUE, GREY, ORANGE, VERMILLION, entity_colours, translucent
from ...engine.cycles import MONEY_KINDS as PRICED_KINDS
from ...engine.cycles import Loops
from ..loop_words import loop_names, returns_short
from ..i18n import _
from ..markup import plotly_text as esc
from ...load.model import FactBase
from ...engine.scenario import UNATTRIBUTED, Scenario, round_residual
from ..labels import holder_name
from .style import Alt, _layout, _plain, _vline, alt_table, wrap_label
from ..labels import entity_name


def money_sankey(fb: FactBase, s: Scenario) -> go.Figure:
    """Money: investors -> company (equity in this round) -> compute vendors (commitments)."""
    col = entity_colours(fb)
    flows = [f for f in s.flows if f.kind in ("equity", "commitment") and f.amount > 0]
    if not flows:
        return _layout(go.Figure(), _("No money flows believed"))
    company = fb.company
    left = [f.source for f in flows if f.kind == "equity"]
    right = [f.target for f in flows if f.kind == "commitment"]
    # an investor that is also a vendor appears twice: as investor (left) and as vendor (right)
    nodes = [("in", e) for e in dict.fromkeys(left)] + [("co", company)] + [("out", e) for e in dict.fromkeys(right)]
    index = {n: i for i, n in enumerate(nodes)}

    def name(e):
        if e == UNATTRIBUTED:
            return _("not itemised")
        if s.undisclosed and e == round_residual(fb):  # the remainder holds the undisclosed amounts: say whose
            return holder_name(fb, e, s.undisclosed)
        return entity_name(fb, e)

    totals = {n: 0.0 for n in nodes}
    for f in flows:
        key = ("in", f.source) if f.kind == "equity" else ("out", f.target)
        totals[key] += f.amount
    totals[("co", company)] = sum(f.amount for f in flows if f.kind == "equity")
    committed = sum(f.amount for f in flows if f.kind == "commitment")
    # the company's label stands right of the middle column: on three lines, so that it fits a phone's half width
    labels = [f"{esc(name(e))}: {money.number(totals[(side, e)])}" if side != "co" else
              _("{name}:<br>{invested} in,<br>{committed} committed").format(
                  name=esc(name(e)), invested=money.number(totals[(side, e)]), committed=money.number(committed))
              for side, e in nodes]
    unit = f"{money.unit_word('bn')} {s.currency}"
    links = dict(source=[], target=[], value=[], color=[])
    for f in flows:
        a, b = (("in", f.source), ("co", company)) if f.kind == "equity" else (("co", company), ("out", f.target))
        links["source"].append(index[a])
        links["target"].append(index[b])
        links["value"].append(f.amount)
        links["color"].append(translucent(BLUE, 0.35) if f.kind == "equity" else translucent(VERMILLION, 0.30))
    fig = go.Figure(go.Sankey(
        arrangement="snap",
        node=dict(label=labels, color=[col.get(e, GREY) for _s, e in nodes], pad=14, thickness=16,
                  hovertemplate="%{label} " + esc(unit) + "<extra></extra>"),
        link=dict(**links, hovertemplate="%{value:,.1f} " + esc(unit) + "<extra></extra>")))
    return _layout(fig, _("Money in and out ({unit}): equity in this round, left; compute commitments, right").format(
        unit=unit), 460)


def capacity_bars(fb: FactBase, s: Scenario) -> go.Figure:
    """Compute capacity committed, in GW, per vendor: kept apart from money."""
    col = entity_colours(fb)
    flows = [f for f in s.flows if f.kind == "capacity"]
    money_vendors = {f.target for f in s.flows if f.kind == "commitment"}
    fig = go.Figure(go.Bar(
        y=[esc(entity_name(fb, f.target)) + ("" if f.target in money_vendors else " " + _("(capacity only)"))
           for f in flows],
        x=[f.amount for f in flows], orientation="h", marker_color=[col.get(f.target, GREY) for f in flows],
        text=[f"{money.number(f.amount, 2)} GW" for f in flows], textposition="outside", hoverinfo="skip",
        cliponaxis=False))
    return _layout(fig, _("Capacity deals (GW): where only capacity is known, no money figure is shown"), 320,
                   more=dict(xaxis=dict(title=dict(text=_("GW of compute capacity")),
                                        range=[0, max([f.amount for f in flows] or [1]) * 1.3]),
                             yaxis=dict(autorange="reversed")))


def circularity_bars(fb: FactBase, s: Scenario) -> go.Figure:
    """Per investor: the company's commitments to its products for each dollar it puts in (100 %: as much promised
    as invested; commitments run over years, they are not the invested money returned)."""
    rows = list(s.circularity)
    names = [esc(entity_name(fb, c.investor)) for c in rows]
    values = [0 if c.ratio is None else c.ratio * 100 for c in rows]
    # short, so that it fits beside the bar on a phone; what comes back of what goes in is in the table below
    text = [money.bounded_ratio(c.ratio, c.bound) if c.ratio is not None else _("{gw} GW, no price").format(
        gw=money.number(c.capacity_back))
            for c in rows]
    fig = go.Figure(go.Bar(y=names, x=values, orientation="h", text=text, textposition="outside", cliponaxis=False,
                           marker_color=[VERMILLION if v >= 100 else BLUE for v in values], hoverinfo="skip"))
    return _layout(fig, _("Circularity: purchases promised to each investor per dollar it invests"), 300,
                   more=dict(shapes=[_vline(100, color="#666", dash="dot")],
                             xaxis=dict(title=dict(text=_("commitments back per dollar invested (%)")),
                                        ticksuffix=" %", range=[0, max(values + [100]) * 1.3]),
                             yaxis=dict(autorange="reversed")))


def concentration_bars(fb: FactBase, shares: pd.DataFrame, hhi: float | None) -> go.Figure:
    col = entity_colours(fb)
    fig = go.Figure(go.Bar(
        x=[esc(entity_name(fb, v)) for v in shares["vendor"]], y=list(shares["share"]),
        marker_color=[col.get(v, GREY) for v in shares["vendor"]],
        text=[money.percent(x) for x in shares["share"]], textposition="outside", hoverinfo="skip"))
    return _layout(fig, _("Vendor concentration of itemised money commitments (HHI {hhi} of {max})").format(
        hhi=money.number(hhi, 0), max=money.number(10000)), 340,
        more=dict(yaxis=dict(title=dict(text=_("share of itemised commitments (%)")), ticksuffix=" %")))


LOOP_ROW_PX = 124  # one loop a row: its share above, the amounts over the arrows, the names under the dots
LOOP_NAME_CHARS = 10  # a name under its dot, wrapped: a phone's plot has about 85 px a party for a 3-step loop
LOOP_ROWS = 12  # loops drawn; the table beside the chart lists them all


def step_label(fb: FactBase, st) -> str:
    """A step's amount on two short lines, in the reader's units, with its source's qualifier where it has one deal:
    'about 40' over 'bn USD', 'at least 10 GW', '10 %' over 'in shares', 'not disclosed'."""
    if st.amount is None:
        return esc(_("not disclosed"))
    claim = fb.claim.get(st.flows[0].claim) if len(st.flows) == 1 and st.flows[0].claim else None
    bound = claim.bound if claim is not None and claim.bound in money.BOUND_WORDS else None
    qualified = (lambda n: _(money.BOUND_WORDS[bound]).format(number=n)) if bound else (lambda n: n)  # noqa: E731
    scale, _sep, currency = st.unit.partition(" ")
    if currency:
        return f"{esc(qualified(money.number(st.amount)))}<br>{esc(money.unit_word(scale))} {esc(currency)}"
    if st.unit == "%":
        words = _("in shares")
        return f"{esc(qualified(money.percent(st.amount, 0)))}<br>{esc(words)}"
    return f"{esc(qualified(money.number(st.amount, 2)))} {esc(st.unit)}"


def money_loops(fb: FactBase, loops: Loops) -> go.Figure:
    """Every loop as a row, read left to right: who puts what in, and how it comes back to the first party (drawn
    again at the row's end). A layered drawing, not a web: nothing crosses, every label has its own place (the
    share over the row, each amount over its arrow, each name under its dot) and every line ends in its dots."""
    col = entity_colours(fb)
    rows = list(loops.loops)[:LOOP_ROWS]
    if not rows:
        return _layout(go.Figure(), _("No loops under your beliefs"), 200,
                       more=dict(xaxis=dict(visible=False), yaxis=dict(visible=False)))
    width = max(len(lp.steps) for lp in rows)
    dots_x, dots_y, dots_c, dots_t, dots_s = [], [], [], [], []
    lines = {True: ([], []), False: ([], [])}  # priced steps, steps with no price
    heads = {True: ([], []), False: ([], [])}
    notes = []
    for i, lp in enumerate(rows):
        y = -i
        for j, node in enumerate(lp.nodes):
            dots_x.append(j)
            dots_y.append(y)
            dots_c.append(col.get(node, GREY))
            dots_s.append(20 if node == fb.company else 16)
            dots_t.append(wrap_label(_("not itemised") if node == UNATTRIBUTED else entity_name(fb, node),
                                     LOOP_NAME_CHARS))
        for j, st in enumerate(lp.steps):
            priced = st.kind in PRICED_KINDS and st.disclosed
            xs, ys = lines[priced]
            xs += [j, j + 1, None]  # from the centre of one dot to the centre of the next
            ys += [y, y, None]
            hx, hy = heads[priced]
            hx.append(j + 0.5)
            hy.append(y)
            notes.append(dict(x=j + 0.5, y=y, yshift=9, xanchor="center", yanchor="bottom", showarrow=False,
                              text=step_label(fb, st), font=dict(size=11, color="#333")))
        share = returns_short(lp)
        notes.append(dict(x=-0.4, y=y, yshift=50, xanchor="left", yanchor="bottom", showarrow=False,
                          text=f"<b>{esc(share)}</b>", font=dict(size=12, color=VERMILLION if lp.returns is not None
                                                                 and lp.returns >= 1 else "#222")))
    traces = []
    # no legend: each row's heading says whether it has a price, and a legend under the plot would lie on the
    # source line
    for priced, colour, dash in ((True, BLUE, "solid"), (False, ORANGE, "dot")):
        xs, ys = lines[priced]
        if not xs:
            continue
        traces.append(dict(type="scatter", x=xs, y=ys, mode="lines", showlegend=False, hoverinfo="skip",
                           line=dict(color=colour, width=2.5, dash=dash)))
        hx, hy = heads[priced]
        traces.append(dict(type="scatter", x=hx, y=hy, mode="markers", showlegend=False, hoverinfo="skip",
                           marker=dict(symbol="triangle-right", size=10, color=colour)))
    traces.append(dict(type="scatter", x=dots_x, y=dots_y, mode="markers+text", text=dots_t,
                       textposition="bottom center", textfont=dict(size=12), showlegend=False, hoverinfo="skip",
                       marker=dict(size=dots_s, color=dots_c, line=dict(color="white", width=2))))
    return _layout(_plain(*traces), _("Money loops: what goes in, and the commitments back ({unit}, GW or shares)").format(
        unit=f"{money.unit_word('bn')} {fb.base_currency}"), 70 + LOOP_ROW_PX * len(rows),
        more=dict(annotations=notes, showlegend=False,
                  xaxis=dict(visible=False, range=[-0.5, width + 0.5], fixedrange=True),
                  yaxis=dict(visible=False, range=[-(len(rows) - 1) - 0.62, 0.62], fixedrange=True)))


# ---------------------------------------------------------------- the same numbers as text

def sankey_alt(fb: FactBase, s: Scenario) -> Alt:
    cols = [_("From"), _("To"), _("Value")]
    flows = [f for f in s.flows if f.kind in ("equity", "commitment") and f.amount > 0]

    def name(e):
        return _("not itemised") if e == UNATTRIBUTED else entity_name(fb, e)

    rows = [{cols[0]: name(f.source), cols[1]: name(f.target), cols[2]: money.amount(f.amount, s.currency)}
            for f in flows]
    if not flows:
        return Alt(_("No money flows believed"), alt_table(rows, cols))
    equity = [f for f in flows if f.kind == "equity"]
    out = [f for f in flows if f.kind == "commitment"]
    summary = _("Money in and out: {invested} of equity from {n} investors into {company}; {committed} of compute "
                "commitments to {m} vendors.").format(
        invested=money.amount(sum(f.amount for f in equity), s.currency), n=len({f.source for f in equity}),
        company=entity_name(fb, fb.company), committed=money.amount(sum(f.amount for f in out), s.currency),
        m=len({f.target for f in out}))
    return Alt(summary, alt_table(rows, cols))


def capacity_alt(fb: FactBase, s: Scenario) -> Alt:
    cols = [_("Entity"), _("GW of compute capacity")]
    flows = [f for f in s.flows if f.kind == "capacity"]
    rows = [{cols[0]: entity_name(fb, f.target), cols[1]: f"{money.number(f.amount, 2)} GW"} for f in flows]
    top = max(flows, key=lambda f: f.amount, default=None)
    summary = _("Compute capacity in GW: {total} GW in all from {n} vendors, the most from {vendor} ({gw} GW).").format(
        total=money.number(sum(f.amount for f in flows), 2), n=len(flows),
        vendor=entity_name(fb, top.target) if top else "–", gw=money.number(top.amount if top else 0, 2))
    return Alt(summary, alt_table(rows, cols))


def circularity_alt(fb: FactBase, s: Scenario) -> Alt:
    cols = [_("Investor"), _("commitments back per dollar invested (%)")]
    rows = list(s.circularity)
    text = [money.bounded_ratio(c.ratio, c.bound) if c.ratio is not None else _("{gw} GW, no price").format(
        gw=money.number(c.capacity_back)) for c in rows]
    table = alt_table([{cols[0]: entity_name(fb, c.investor), cols[1]: t} for c, t in zip(rows, text)], cols)
    priced = [c for c in rows if c.ratio is not None]
    top = max(priced, key=lambda c: c.ratio, default=None)
    if top is None:
        return Alt(_("Circularity per investor"), table)
    return Alt(_("Commitments back to each investor's products per dollar it invests; the highest: {name} "
                 "({ratio}).").format(name=entity_name(fb, top.investor), ratio=money.bounded_ratio(top.ratio, top.bound)),
               table)


def concentration_alt(fb: FactBase, shares: pd.DataFrame, hhi: float | None) -> Alt:
    cols = [_("Entity"), _("share of itemised commitments (%)")]
    table = alt_table([{cols[0]: entity_name(fb, v), cols[1]: money.percent(x)}
                       for v, x in zip(shares["vendor"], shares["share"])], cols)
    if shares.empty:
        return Alt(_("Vendor concentration"), table)
    top = shares.loc[shares["share"].idxmax()]
    return Alt(_("Vendor concentration: Herfindahl-Hirschman index {hhi} of {max}; the largest share, {share}, goes to "
                 "{vendor}.").format(hhi=money.number(hhi, 0), max=money.number(10000),
                                     share=money.percent(top["share"]), vendor=entity_name(fb, top["vendor"])), table)


def loops_alt(fb: FactBase, loops: Loops) -> Alt:
    cols = [_("Loop"), _("commitments back per dollar in")]
    rows = list(loops.loops)[:LOOP_ROWS]
    table = alt_table([{cols[0]: loop_names(fb, lp), cols[1]: returns_short(lp)} for lp in rows], cols)
    priced = [lp for lp in rows if lp.returns is not None]
    top = max(priced, key=lambda lp: lp.returns, default=None)
    summary = _("{n} money loops drawn; the most commitments back per dollar in: {loop}, {share}.").format(
        n=len(rows), loop=loop_names(fb, top) if top else "–", share=returns_short(top) if top else "–")
    return Alt(summary, table)
