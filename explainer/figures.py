"""Plotly figure builders: data in, figure out. No Streamlit here; every label is escaped text."""
from __future__ import annotations

import re
import textwrap
import unicodedata
from contextlib import contextmanager
from contextvars import ContextVar

import pandas as pd
import plotly.graph_objects as go

from . import i18n, money
from .colours import (BLUE, CATEGORICAL, GREEN, GREY, LIGHT_GREY, ORANGE, SKY_BLUE, VERMILLION, YELLOW,
                      entity_colours, translucent)
from .i18n import N_, _
from .markup import plotly_text as esc
from .labels import entity_name
from .model import FactBase
from .cycles import MONEY_KINDS as PRICED_KINDS
from .cycles import Loops, returns_text
from .scenario import UNATTRIBUTED, Flow, Scenario

# Streamlit serves "Source Sans" itself; every name a valid CSS identifier ("Source Sans 3" unquoted is not, and
# the browser then drops the whole family, measures in one font and draws in another)
FONT = dict(family="Source Sans, Source Sans Pro, Arial, sans-serif", size=13)


TITLE_CHARS = 44  # characters per title line: what a phone's chart (about 360 px wide) holds at TITLE_SIZE
# ... and on the first line: a phone shows a chart's buttons (camera, full screen; a sankey's reset too) at all
# times, in its top right corner, beside the first line; they start about 250 px from the title's left edge
TITLE_FIRST_CHARS = 32
# A desktop's title line: its narrowest chart (564 px, a 1,024 px window with the sidebar open) holds 72 characters;
# its buttons show only under the pointer, so the first line is as long as the others.
WIDE_TITLE_CHARS = 72
TITLE_SIZE = 15
LEGEND_ENTRY_PX = 280  # one legend entry a row on a phone, several on a desktop; wider than any entry's text
AXIS_TITLE_CHARS = 34  # an axis title is centred on its plot, which on a phone is narrower than the figure
PANEL_TITLE_CHARS = 34  # a subplot's title starts at its plot's left edge, right of the axis labels, on a phone
NAME_CHARS = 20  # a name written beside a point, wrapped: about half of a phone's plot
LABEL_CHARS = 24  # characters per line of a category label (a source, a topic) on a phone


# Two layouts of a chart's title: a phone's (short lines, a shorter first one) and a desktop's (long lines). Plotly
# never wraps a title and the server never learns the screen's width, so each script run says which screen it
# draws for (fit_screen, from the browser's User-Agent); until it does, the phone's, which fits any screen.
PHONE_TITLE = (TITLE_CHARS, TITLE_FIRST_CHARS)
DESKTOP_TITLE = (WIDE_TITLE_CHARS, WIDE_TITLE_CHARS)
# A chart in half a desktop's page (two columns): about 270 px in a 1,024 px window with the sidebar open; on a phone the
# columns stand one above the other, each as wide as the screen, under the buttons' row
HALF_TITLE = (34, TITLE_FIRST_CHARS)
_title_widths: ContextVar[tuple[int, int]] = ContextVar("title_widths", default=PHONE_TITLE)
PHONE_AGENT = re.compile(r"Mobi|Android|iPhone|iPad|iPod", re.IGNORECASE)


def is_phone(user_agent: str | None) -> bool:
    """Whether a browser (its User-Agent header) is a phone's or a tablet's: a narrow screen whose charts show their
    buttons at all times. Without a User-Agent: yes, the layout that fits any screen."""
    return not user_agent or bool(PHONE_AGENT.search(user_agent))


def fit_screen(narrow: bool) -> bool:
    """Draw this run's charts for a narrow screen (a phone's layout) or a wide one (a desktop's)."""
    _title_widths.set(PHONE_TITLE if narrow else DESKTOP_TITLE)
    return bool(narrow)


def title_widths() -> tuple[int, int]:
    """The characters of a title's lines, and of its first line, in this run's layout (what a shared figure depends
    on besides its data)."""
    return _title_widths.get()


@contextmanager
def half_width():
    """Inside the block, charts are drawn for half a page's width (two columns), on any screen."""
    token = _title_widths.set(HALF_TITLE)
    try:
        yield
    finally:
        _title_widths.reset(token)


def wrap_label(text: str, width: int = LABEL_CHARS) -> str:
    """A category label wrapped like a title, so that a long one leaves a phone's plot some room."""
    return wrap_title(text, width)


def _lines(texts) -> int:
    return max([t.count("<br>") + 1 for t in texts] or [1])


def wrap_title(text: str, width: int = TITLE_CHARS, first: int | None = None) -> str:
    """A title as escaped lines of at most WIDTH characters (the first at most FIRST) joined by <br>: plotly never
    wraps a title itself, and on a phone a one-line title is cut off."""
    indent = " " * (width - min(first or width, width))  # the first line is shorter by what its indent takes
    lines = textwrap.wrap(text, width, initial_indent=indent, break_on_hyphens=False)
    return "<br>".join(esc(line.strip()) for line in lines) or esc(text)


def _merge(into: dict, update: dict) -> dict:
    """INTO updated by UPDATE, nested dicts merged key by key (as plotly's update_layout merges them)."""
    for k, v in update.items():
        if isinstance(v, dict) and isinstance(into.get(k), dict):
            _merge(into[k], v)
        else:
            into[k] = v
    return into


def _plain(*traces: dict) -> go.Figure:
    """A figure of traces given as plotly's plain JSON, not validated: go.Bar and go.Scatter check every property
    of every trace on every rerun (a third of the cap-table page's server time); _layout adds the rest."""
    return go.Figure(dict(data=list(traces)), _validate=False)


def _vline(x, **line) -> dict:
    """A vertical line across the plot at X, as plain JSON (as plotly's add_vline writes it, without its checks)."""
    return dict(type="line", x0=x, x1=x, xref="x", y0=0, y1=1, yref="y domain", line=line)


TEMPLATE_UNUSED = ("colorscale", "coloraxis", "colorway")  # no chart has a colour scale; _layout sets the colorway


def _trim_template(spec: dict) -> None:
    """Plotly's default template travels inside every figure: under Streamlit ("streamlit") about 3.7 kB of colour
    scales and defaults for ten trace types, half of a small chart's JSON, which the browser merges on every draw.
    Keep only the defaults for the trace types the figure draws, and the layout defaults a chart can use; the
    figure looks the same (Streamlit's frontend fills the template's layout with the app theme's fonts and colours
    itself)."""
    template = spec["layout"].get("template")
    if not template:
        return
    drawn = {t.get("type", "scatter") for t in spec["data"]}
    spec["layout"]["template"] = {
        "data": {k: v for k, v in (template.get("data") or {}).items() if k in drawn},
        "layout": {k: v for k, v in (template.get("layout") or {}).items() if k not in TEMPLATE_UNUSED}}


def _layout(fig: go.Figure, title: str, height: int = 380, more: dict | None = None) -> go.Figure:
    """The house layout, for any width down to a phone's: a wrapped title that pushes the plot down as far as it
    needs (automargin); wrapped axis titles and labels that push the plot in rather than being cut; the legend
    below the plot in entries of a fixed width (one a row on a phone), so that it never covers the title or the
    data and no entry is cut. The height grows by what the title's extra lines and the legend's rows take.

    Applied to the figure's plain JSON and returned as a figure that is not validated again: plotly's
    update_layout checks every nested property on every call, and took most of a chart's server time (about
    20 ms a chart, on every rerun); most builders make their traces as plain JSON too (_plain). MORE: layout
    parts (axes, shapes) given as plain JSON, merged first."""
    width, first = title_widths()
    wrapped = wrap_title(title, width, first=first)
    lines = wrapped.count("<br>") + 1
    entries = sum(1 for t in fig.data if getattr(t, "showlegend", None) is not False and getattr(t, "name", None))
    legend_rows = entries if entries > 1 else 0  # plotly draws a legend for two entries or more
    spec = fig.to_plotly_json()
    _trim_template(spec)
    _merge(spec["layout"], more or {})
    layout = _merge(spec["layout"], dict(
        title=dict(text=wrapped, x=0, xanchor="left", xref="container", yref="paper",
                   y=1, yanchor="bottom", pad=dict(l=4, b=22), automargin=True,  # b=22: room for a label above the plot
                   font=dict(size=TITLE_SIZE)),
        height=height + 20 * (lines - 1) + 21 * legend_rows, font=dict(FONT),
        margin=dict(l=10, r=10, t=30, b=10),
        legend=dict(orientation="h", entrywidth=LEGEND_ENTRY_PX, entrywidthmode="pixels", xref="container",
                    yref="container", x=0, xanchor="left", y=0, yanchor="bottom", traceorder="normal"),
        plot_bgcolor="white", paper_bgcolor="white", colorway=list(CATEGORICAL)))
    if (layout.get("uniformtext") or {}).get("mode") is None:  # text beside a bar no smaller than readable
        _merge(layout, dict(uniformtext=dict(minsize=10, mode="show")))
    for key in {"xaxis", "yaxis", *(k for k in layout if k.startswith(("xaxis", "yaxis")))}:
        axis = layout.setdefault(key, {})
        axis["automargin"] = True
        text = (axis.get("title") or {}).get("text")
        if text:
            axis["title"]["text"] = "<br>".join(textwrap.wrap(text, AXIS_TITLE_CHARS, break_on_hyphens=False))
    return go.Figure(spec, _validate=False)


# The mode bar shows one button: save the chart as an image (SVG or PNG; the source line is inside it).
MODEBAR_REMOVE = ["zoom2d", "pan2d", "select2d", "lasso2d", "zoomIn2d", "zoomOut2d", "autoScale2d", "resetScale2d",
                  "hoverClosestCartesian", "hoverCompareCartesian", "toggleSpikelines", "zoom3d", "pan3d",
                  "orbitRotation", "tableRotation", "resetCameraDefault3d", "resetCameraLastSave3d",
                  "hoverClosest3d", "zoomInGeo", "zoomOutGeo", "resetGeo", "hoverClosestGeo", "hoverClosestGl2d",
                  "hoverClosestPie", "toggleHover", "resetViews", "sendDataToCloud", "resetViewMapbox",
                  "zoomInMapbox", "zoomOutMapbox", "zoomInMap", "zoomOutMap", "resetViewMap"]


IMAGE_FORMATS = ("svg", "png")


_ASCII = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", " ": "-"})


def file_name(name: str) -> str:
    """A saved chart's file name in lower-case ASCII ('Kapazität' -> 'kapazitaet'): what every system, mail
    program and content system takes as it is, whatever language named it."""
    folded = unicodedata.normalize("NFKD", name.lower().translate(_ASCII)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9-]+", "", folded) or "chart"


def chart_config(filename: str, fmt: str = "svg") -> dict:
    """Plotly's config for every chart of the app: only the download button, saving `filename`.svg (or png, at
    twice the screen's resolution), the name in lower-case ASCII."""
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"not an image format: {fmt!r}")
    return {"displayModeBar": True, "displaylogo": False, "modeBarButtonsToRemove": list(MODEBAR_REMOVE),
            "toImageButtonOptions": {"format": fmt, "filename": file_name(filename), "scale": 2}}


def separators() -> str:
    """Plotly's layout.separators for the active language: decimal mark, then the thousands separator."""
    return ",." if i18n.active() == "de" else ".,"


def source_line(fb: FactBase) -> str:
    """The line that says where a chart's numbers come from, as it appears inside a saved image."""
    return _("Source: {title} (fact base {version}, {date})").format(
        title=i18n.localized(fb, "title"), version=fb.version, date=money.date(fb.date))


def date_tickformat() -> str | None:
    """Date axes in German by numbers (plotly's month names are English); English keeps plotly's own."""
    return "%d.%m.%Y" if i18n.active() == "de" else None


SOURCE_STYLE = "font-size:10px;color:#666"
SOURCE_CHARS = 44  # characters per line of the source line: centred under a phone's plot, it must fit either side


def _bottom_xaxis(fig: go.Figure) -> str | None:
    """The layout key of the x axis drawn at the bottom ('xaxis', 'xaxis3'), or None where there is none shown."""
    if not any(t.type in ("bar", "scatter", "waterfall", "histogram") for t in fig.data):
        return None
    keys = sorted((k for k in fig.layout.to_plotly_json() if k.startswith("xaxis")),
                  key=lambda k: int(k[5:] or 1)) or ["xaxis"]
    titled = [k for k in keys if fig.layout[k].title.text]
    key = titled[-1] if titled else keys[-1]
    return None if fig.layout[key].visible is False else key


def finish(fig: go.Figure, source: str | None) -> go.Figure:
    """Ready to show and to save: numbers in the active language's separators, and the source line at the bottom,
    small, so an image saved from the chart still says where its numbers come from. Under the bottom x axis's
    title where there is one (an annotation there would sit on the tick labels), else below the plot."""
    fig.update_layout(separators=separators())
    if not source:
        return fig
    parts = textwrap.wrap(source, SOURCE_CHARS, break_on_hyphens=False) or [source]
    line = "<br>".join(f'<span style="{SOURCE_STYLE}">{esc(part)}</span>' for part in parts)
    key = _bottom_xaxis(fig)
    if key:
        title = fig.layout[key].title.text
        fig.layout[key].title.text = f"{title}<br>{line}" if title else line
    else:
        bottom = (fig.layout.margin.b or 0) if fig.layout.margin else 0
        fig.add_annotation(text=line, xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top",
                           yshift=-4, showarrow=False, align="left")
        fig.update_layout(margin=dict(b=bottom + 24 + 13 * (len(parts) - 1)))
    if fig.layout.height:
        fig.update_layout(height=fig.layout.height + 20 + 13 * (len(parts) - 1))
    return fig


def cap_table_bars(fb: FactBase, s: Scenario) -> go.Figure:
    """Ownership before and after the round as two stacked horizontal bars."""
    col = entity_colours(fb)
    bars = []
    for r in s.cap_table:
        before, after = r.before_pct, r.after_pct or 0.0
        bars.append(dict(
            type="bar", y=[_("After the round"), _("Before the round")], x=[after, before], name=esc(r.name),
            orientation="h", marker=dict(color=col.get(r.holder, GREY)),
            text=[money.percent(after) if after >= 3 else "", money.percent(before) if before >= 3 else ""],
            textposition="inside", insidetextanchor="middle", textangle=0, hoverinfo="skip"))
    fig = _plain(*bars)
    title = _("Who owns {company}: before and after {total} of new money at {post} post-money").format(
        company=entity_name(fb, fb.company), total=money.amount(s.round_total, s.currency),
        post=money.amount(s.post, s.currency))
    return _layout(fig, title, 330, more=dict(
        barmode="stack", uniformtext=dict(minsize=10, mode="hide"), xaxis=dict(range=[0, 100], ticksuffix=" %"),
        yaxis=dict(categoryorder="array", categoryarray=[_("After the round"), _("Before the round")])))


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
        x=[esc(r.name) for r in rows], y=[r.change_pts for r in rows],
        marker_color=[col.get(r.holder, GREY) for r in rows],
        text=[money.points(r.change_pts) for r in rows], textposition="outside", hoverinfo="skip"))
    return _layout(fig, _("Dilution: who gains and who loses stake (percentage points)"), more=dict(
        yaxis=dict(title=dict(text=_("change in stake (percentage points)")), zeroline=True, zerolinecolor="#666")))


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
        return _("not itemised") if e == UNATTRIBUTED else entity_name(fb, e)

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
    """Per investor: commitments back to its products for each dollar it puts in (100 % = all of it comes back)."""
    rows = list(s.circularity)
    names = [esc(entity_name(fb, c.investor)) for c in rows]
    values = [0 if c.ratio is None else c.ratio * 100 for c in rows]
    # short, so that it fits beside the bar on a phone; what comes back of what goes in is in the table below
    text = [money.ratio(c.ratio) if c.ratio is not None else _("{gw} GW, no price").format(
        gw=money.number(c.capacity_back))
            for c in rows]
    fig = go.Figure(go.Bar(y=names, x=values, orientation="h", text=text, textposition="outside", cliponaxis=False,
                           marker_color=[VERMILLION if v >= 100 else BLUE for v in values], hoverinfo="skip"))
    return _layout(fig, _("Circularity: how much of each investor's money comes back to its own products"), 300,
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


def step_label(f: Flow) -> str:
    """A step's amount on two short lines, in the reader's units: '50' over 'bn USD', '6 GW', '10 %' over 'in shares'."""
    scale, _sep, currency = f.unit.partition(" ")
    if currency:
        return f"{money.number(f.amount)}<br>{esc(money.unit_word(scale))} {esc(currency)}"
    if f.unit == "%":
        words = _("in shares")
        return f"{money.percent(f.amount, 0)}<br>{esc(words)}"
    return f"{money.number(f.amount, 2)} {esc(f.unit)}"


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
        for j, f in enumerate(lp.steps):
            priced = f.kind in PRICED_KINDS
            xs, ys = lines[priced]
            xs += [j, j + 1, None]  # from the centre of one dot to the centre of the next
            ys += [y, y, None]
            hx, hy = heads[priced]
            hx.append(j + 0.5)
            hy.append(y)
            notes.append(dict(x=j + 0.5, y=y, yshift=9, xanchor="center", yanchor="bottom", showarrow=False,
                              text=step_label(f), font=dict(size=11, color="#333")))
        share = returns_text(lp)
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
    return _layout(_plain(*traces), _("Money loops: what goes in, and what can come back ({unit}, GW or shares)").format(
        unit=f"{money.unit_word('bn')} {fb.base_currency}"), 70 + LOOP_ROW_PX * len(rows),
        more=dict(annotations=notes, showlegend=False,
                  xaxis=dict(visible=False, range=[-0.5, width + 0.5], fixedrange=True),
                  yaxis=dict(visible=False, range=[-(len(rows) - 1) - 0.62, 0.62], fixedrange=True)))


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


STATUS_NAMES = {"talks": N_("talks"), "reported": N_("reported"), "agreed": N_("agreed"),
                "announced": N_("announced"), "closed": N_("closed")}
def status_word(status: str) -> str:
    """A claim's status ('talks', 'closed') in the reader's language."""
    return _(STATUS_NAMES.get(status, status))


STATUS_COLOURS = {"talks": LIGHT_GREY, "reported": SKY_BLUE, "agreed": BLUE, "announced": ORANGE,
                  "closed": VERMILLION}


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


def timeline_chart(df: pd.DataFrame, marks: list[tuple], statuses: list[str]) -> go.Figure:
    """Every dated claim on one time axis, coloured by status; the articles' dates marked."""
    traces = []
    for status in statuses:
        part = df[df["status"] == status]
        if part.empty:
            continue
        traces.append(dict(
            type="scatter", x=list(part["date"]), y=[wrap_label(x) for x in part["topic_label"]], mode="markers",
            name=status_word(status),
            marker=dict(color=STATUS_COLOURS.get(status, GREY), size=12,
                        symbol=["circle-open" if a else "circle" for a in part["approximate"]],
                        line=dict(width=2, color=STATUS_COLOURS.get(status, GREY))),
            customdata=list(part["claim"]),  # the claim's id: what a click selects (pages/timeline.py)
            # what a reader reads on hover: the source and its figure, in the page's language
            hovertext=[esc(f"{s}: {p}") for s, p in zip(part["source_name"], part["printed"])],
            hovertemplate="%{hovertext}<extra></extra>"))
    fig = _plain(*traces)
    # one line per date: plotly's add_vline inspects the figure for every line (about 10 ms each, on every rerun)
    lines = [_vline(when, color=GREY, dash="solid" if kind and kind[0] == "outcome" else "dot")
             for when, _name, *kind in marks]
    x_title = _("when it was said (dotted lines: the articles; solid: announced, closed; open circle: month only)")
    return _layout(fig, _("Every dated claim and deal, placed at when it was said, coloured by status"),
                   max(360, 24 * df["topic_label"].nunique() + 160),
                   more=dict(shapes=lines, yaxis=dict(automargin=True),
                             xaxis=dict(title=dict(text=x_title), **({"tickformat": date_tickformat()}
                                                                     if date_tickformat() else {}))))


BOUND_SYMBOLS = {"up_to": "triangle-down", "below": "triangle-down", "at_least": "triangle-up",
                 "above": "triangle-up", "range": "diamond"}  # exact and about: a circle


def report_moves_chart(moves: pd.DataFrame, marks: pd.DataFrame, currency: str) -> go.Figure:
    """How the reports moved: on top, when each article was written and when the round was announced and
    closed; below, one panel per investor (and for the round's size and the valuation) with every reported
    figure at the date it was said, and a dotted step line through each date's middle figure (median) per topic."""
    from plotly.subplots import make_subplots

    panels = list(dict.fromkeys(moves["panel"]))
    fig = make_subplots(rows=1 + len(panels), cols=1, shared_xaxes=True, vertical_spacing=0.04,
                        row_heights=[40 * max(1, len(marks))] + [190] * len(panels),  # in proportion to the height
                        # the top panel needs no title of its own: its rows name the articles and the outcome
                        subplot_titles=[""] + [wrap_title(f"{p} ({money.unit_word('bn')} {currency})",
                                                          PANEL_TITLE_CHARS) for p in panels])
    # panel titles start where their panel starts, in the body's size (plotly centres them, 3 px larger: on a phone
    # a long one ran off the right)
    notes = [{**a, "x": 0, "xanchor": "left", "align": "left", "font": {**a.get("font", {}), "size": FONT["size"]}}
             for a in fig.layout.to_plotly_json().get("annotations", [])]
    method = {"printed": _("date printed"), "inferred": _("date inferred from the report it repeats"),
              "estimated": _("date estimated")}
    # The traces as plain JSON, each on its panel's axes (plotly's validated add_trace(row=...) took about 1.5 ms a
    # trace here, forty of them on every rerun); the figure is not validated again (see _layout).
    def on(row: int, trace: dict) -> dict:
        n = "" if row == 1 else row
        return {"type": "scatter", **trace, "xaxis": f"x{n}", "yaxis": f"y{n}"}

    traces = [on(1, dict(
        x=list(marks["date"]), y=[wrap_label(x) for x in marks["label"]], mode="markers", showlegend=False,
        marker=dict(size=12, color=[VERMILLION if k == "outcome" else BLUE for k in marks["kind"]],
                    symbol=["star" if k == "outcome" else ("square" if m == "printed" else "square-open")
                            for k, m in zip(marks["kind"], marks["method"])]),
        customdata=[method.get(m, "") if k == "article" else "" for k, m in zip(marks["kind"], marks["method"])],
        hovertext=[money.date(str(d)[:10]) for d in marks["date"]],
        hovertemplate="%{y}: %{hovertext}<br>%{customdata}<extra></extra>"))]
    dates = pd.concat([pd.Series(moves["date"]), pd.Series(marks["date"])])
    middle = dates.min() + (dates.max() - dates.min()) / 2
    for row, panel in enumerate(panels, start=2):
        part = moves[moves["panel"] == panel]
        topics = list(dict.fromkeys(part["topic"]))
        for i, topic in enumerate(topics):
            pts = part[part["topic"] == topic]
            colour = CATEGORICAL[i % len(CATEGORICAL)]
            label = esc(pts["topic_label"].iloc[0])
            steps = pts.groupby("date")["value"].median()
            traces.append(on(row, dict(x=list(steps.index), y=[float(v) for v in steps.values], mode="lines",
                                       line=dict(shape="hv", color=colour, width=1, dash="dot"), hoverinfo="skip",
                                       showlegend=False)))
            named = len(topics) > 1  # several topics share the panel: name each at its first point
            # on the side where there is room: a name starting in the right half would run out of the plot
            # and below it, unless the point is near the panel's floor: above, a name would run into the panel's
            # title or into the name of the topic below
            side = ("bottom " if pts["value"].iloc[0] > 0.2 * part["value"].max() else "top ") + \
                ("left" if pts["date"].iloc[0] > middle else "right")
            traces.append(on(row, dict(
                x=list(pts["date"]), y=[float(v) for v in pts["value"]], mode="markers+text" if named else "markers",
                text=[wrap_label(pts["topic_label"].iloc[0], NAME_CHARS) if named and j == 0 else ""
                      for j in range(len(pts))], textposition=side,
                textfont=dict(color=colour), name=label, showlegend=False,
                marker=dict(size=10, color=colour, symbol=[BOUND_SYMBOLS.get(b, "circle") for b in pts["bound"]]),
                customdata=[[esc(s), esc(p), money.date(str(d)[:10])]
                            for s, p, d in zip(pts["source_name"], pts["printed"], pts["date"])],
                hovertemplate=label + "<br>%{customdata[0]}, %{customdata[2]}: %{customdata[1]}<extra></extra>")))
    fig = go.Figure(dict(data=traces, layout=fig.layout.to_plotly_json()), _validate=False)
    # One line per date across every panel, as plain shape dicts: plotly's add_vline(row="all") inspects every
    # subplot for every line and took seconds here, on every rerun. The axes too are set as plain JSON (plotly's
    # update_xaxes and update_yaxes took about 30 ms here).
    rows = range(1, 2 + len(panels))
    shapes = [dict(type="line", x0=when, x1=when, xref=f"x{'' if r == 1 else r}",
                   yref=f"y{'' if r == 1 else r} domain", y0=0, y1=1, layer="below",
                   line=dict(dash="solid" if kind == "outcome" else "dot", color="#BBB", width=1))
              for when, kind in zip(marks["date"], marks["kind"]) for r in rows]
    axes: dict = {}
    for r in rows:
        if date_tickformat():
            axes[f"xaxis{'' if r == 1 else r}"] = dict(tickformat=date_tickformat())
        if r > 1:
            axes[f"yaxis{r}"] = dict(rangemode="tozero")
    axes.setdefault(f"xaxis{len(panels) + 1 if panels else ''}", {})["title"] = dict(text=_(
        "when it was said · ▼ up to, below · ▲ at least, above · ◆ range (middle) · ● exact, about · □ date "
        "inferred"))
    return _layout(fig, _("How the reports moved, from the first talks to the announcement and the close"),
                   160 + 40 * max(1, len(marks)) + 190 * len(panels),
                   more=dict(shapes=shapes, annotations=notes, **axes))
