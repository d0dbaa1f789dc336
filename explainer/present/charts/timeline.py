"""The timeline's charts: every dated claim by status, and how the reports moved up to the announcement."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .. import money
from ..colours import BLUE, CATEGORICAL, GREY, LIGHT_GREY, ORANGE, SKY_BLUE, VERMILLION
from ..i18n import N_, _
from ..markup import plotly_text as esc
from .style import (FONT, NAME_CHARS, PANEL_TITLE_CHARS, Alt, _layout, _plain, _vline, alt_table, date_tickformat,
                    wrap_label, wrap_title)


STATUS_NAMES = {"talks": N_("talks"), "reported": N_("reported"), "agreed": N_("agreed"),
                "announced": N_("announced"), "closed": N_("closed")}
def status_word(status: str) -> str:
    """A claim's status ('talks', 'closed') in the reader's language."""
    return _(STATUS_NAMES.get(status, status))


STATUS_COLOURS = {"talks": LIGHT_GREY, "reported": SKY_BLUE, "agreed": BLUE, "announced": ORANGE,
                  "closed": VERMILLION}


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


# ---------------------------------------------------------------- the same numbers as text

def timeline_alt(df: pd.DataFrame, marks: list[tuple], statuses: list[str]) -> Alt:
    cols = [_("Said on"), _("Topic"), _("Source"), _("Claim"), _("Status")]
    rows = df.sort_values("date", kind="stable")
    table = alt_table([{cols[0]: money.date(r.date_text), cols[1]: r.topic_label, cols[2]: r.source_name,
                        cols[3]: r.printed, cols[4]: status_word(r.status)} for r in rows.itertuples()], cols)
    if rows.empty:
        return Alt(_("No dated claims for this choice."), table)
    return Alt(_("{n} dated claims and deals on {topics} topics, from {first} to {last}.").format(
        n=len(rows), topics=rows["topic_label"].nunique(), first=money.date(rows["date_text"].iloc[0]),
        last=money.date(rows["date_text"].iloc[-1])), table)


def report_moves_alt(moves: pd.DataFrame, marks: pd.DataFrame, currency: str) -> Alt:
    cols = [_("Said on"), _("Topic"), _("Source"), _("Claim")]
    table = alt_table([{cols[0]: money.date(str(r.date_text)), cols[1]: r.topic_label, cols[2]: r.source_name,
                        cols[3]: r.printed} for r in moves.itertuples()], cols)
    if moves.empty:
        return Alt(_("No dated claims for this choice."), table)
    first, last = moves["date"].min(), moves["date"].max()
    return Alt(_("{n} reported figures in {panels} panels, from {first} to {last}; the articles, the announcement and "
                 "the close marked: {marks}.").format(
        n=len(moves), panels=moves["panel"].nunique(), first=money.date(str(first)[:10]),
        last=money.date(str(last)[:10]),
        marks="; ".join(_mark(r.label, money.date(str(r.date)[:10])) for r in marks.itertuples())), table)


def _mark(label: str, when: str) -> str:
    """'Artikel 002 (17. Dez. 2025)'; an outcome's name already says its date: 'Runde angekündigt (27. Feb. 2026)'."""
    return label if when in label else f"{label} ({when})"
