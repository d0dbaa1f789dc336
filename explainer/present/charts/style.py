"""The house style of every chart: fonts, wrapped titles and labels, the layout, the source line, the mode bar.
Data in, figure out: no Streamlit here, and no screen state; every label is escaped text."""
from __future__ import annotations

import re
import textwrap
import unicodedata
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from .. import i18n, money
from ..colours import CATEGORICAL
from ..i18n import _
from ..markup import plotly_text as esc
from ...load.model import FactBase

# Streamlit serves "Source Sans" itself; every name a valid CSS identifier ("Source Sans 3" unquoted is not, and
# the browser then drops the whole family, measures in one font and draws in another)
FONT = dict(family="Source Sans, Source Sans Pro, Arial, sans-serif", size=13)


TITLE_CHARS = 44  # characters per title line: what a phone's chart (about 360 px wide) holds at TITLE_SIZE
# ... and on the first line: a phone shows a chart's buttons (camera, full screen; a sankey's reset too) at all
# times, in its top right corner, beside the first line; they start about 250 px from the title's left edge
TITLE_FIRST_CHARS = 32
TITLE_SIZE = 15
LEGEND_ENTRY_PX = 280  # one legend entry a row on a phone, several on a desktop; wider than any entry's text
AXIS_TITLE_CHARS = 34  # an axis title is centred on its plot, which on a phone is narrower than the figure
PANEL_TITLE_CHARS = 34  # a subplot's title starts at its plot's left edge, right of the axis labels, on a phone
NAME_CHARS = 20  # a name written beside a point, wrapped: about half of a phone's plot
LABEL_CHARS = 24  # characters per line of a category label (a source, a topic) on a phone


@dataclass(frozen=True)
class Alt:
    """A chart's text alternative, for a reader who cannot see it: one sentence with its key numbers, and its data
    as a table, made from what the chart is made of, in the same words and numbers (text in the active language)."""
    summary: str
    table: pd.DataFrame


def alt_table(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns)


# A title's lines, and its first line, in characters. Plotly never wraps a title and the server never learns how
# wide the window is (a desktop browser can be 390 px wide as well as a phone), so every title is wrapped for the
# narrowest chart it can be drawn in: a full-width chart's at a phone's width; a chart in half a page (two
# columns, about 270 px in a 1,024 px window with the sidebar open) shorter still (finish(..., half=True)).
FULL_TITLE = (TITLE_CHARS, TITLE_FIRST_CHARS)
HALF_TITLE = (34, TITLE_FIRST_CHARS)


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


TITLE_LINE_PX = 20  # what a title's extra line adds to a chart's height


def _layout(fig: go.Figure, title: str, height: int = 380, more: dict | None = None) -> go.Figure:
    """The house layout, for any width down to a phone's: a wrapped title that pushes the plot down as far as it
    needs (automargin); wrapped axis titles and labels that push the plot in rather than being cut; the legend
    below the plot in entries of a fixed width (one a row on a phone), so that it never covers the title or the
    data and no entry is cut. The height grows by what the title's extra lines and the legend's rows take.

    Applied to the figure's plain JSON and returned as a figure that is not validated again: plotly's
    update_layout checks every nested property on every call, and took most of a chart's server time (about
    20 ms a chart, on every rerun); most builders make their traces as plain JSON too (_plain). MORE: layout
    parts (axes, shapes) given as plain JSON, merged first."""
    wrapped = wrap_title(title, *FULL_TITLE)
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
        height=height + TITLE_LINE_PX * (lines - 1) + 21 * legend_rows, font=dict(FONT),
        meta=dict(title=title),  # the title unwrapped: finish() wraps it again for half a page
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


def finish(fig: go.Figure, source: str | None, half: bool = False) -> go.Figure:
    """Ready to show and to save: numbers in the active language's separators, and the source line at the bottom,
    small, so an image saved from the chart still says where its numbers come from. Under the bottom x axis's
    title where there is one (an annotation there would sit on the tick labels), else below the plot. HALF: the
    chart is drawn in half a page (two columns), its title wrapped shorter."""
    fig.update_layout(separators=separators())
    title = ((fig.layout.meta or {}) if isinstance(fig.layout.meta, dict) else {}).get("title")
    if half and title:
        full, short = wrap_title(title, *FULL_TITLE), wrap_title(title, *HALF_TITLE)
        fig.update_layout(title_text=short)
        if fig.layout.height:
            fig.update_layout(height=fig.layout.height + TITLE_LINE_PX * (short.count("<br>") - full.count("<br>")))
    if not source:
        return fig
    parts = textwrap.wrap(source, SOURCE_CHARS, break_on_hyphens=False) or [source]
    line = "<br>".join(f'<span style="{SOURCE_STYLE}">{esc(part)}</span>' for part in parts)
    key = _bottom_xaxis(fig)
    if key:
        axis_title = fig.layout[key].title.text
        fig.layout[key].title.text = f"{axis_title}<br>{line}" if axis_title else line
    else:
        bottom = (fig.layout.margin.b or 0) if fig.layout.margin else 0
        fig.add_annotation(text=line, xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top",
                           yshift=-4, showarrow=False, align="left")
        fig.update_layout(margin=dict(b=bottom + 24 + 13 * (len(parts) - 1)))
    if fig.layout.height:
        fig.update_layout(height=fig.layout.height + 20 + 13 * (len(parts) - 1))
    return fig
