"""What every chart carries to the browser: plotly's default template trimmed to what the chart draws."""
from __future__ import annotations

import json

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from explainer import figures
from explainer.scenario import build_scenario
from explainer.urlstate import parse_query

# A template as Streamlit's and plotly's are made: defaults for many trace types, colour scales, a colorway, a font.
TEMPLATE = go.layout.Template(
    data={"bar": [go.Bar(marker_line_width=0.5)], "waterfall": [go.Waterfall(connector_line_width=3)],
          "heatmap": [go.Heatmap(colorscale=[[0, "#000011"], [1, "#000020"]])],
          "sankey": [go.Sankey(textfont_color="#000036")]},
    layout={"colorway": ["#000001", "#000002"], "colorscale": {"sequential": [[0, "#000011"], [1, "#000020"]]},
            "coloraxis": {"colorscale": [[0, "#000011"], [1, "#000020"]]}, "font": {"color": "#123456"}})


@pytest.fixture
def default_template(monkeypatch):
    pio.templates["test_trim"] = TEMPLATE
    monkeypatch.setattr(pio.templates, "default", "test_trim")
    yield
    del pio.templates["test_trim"]


def test_a_chart_keeps_only_the_template_defaults_of_the_traces_it_draws(factbase, default_template):
    beliefs, _, _ = parse_query("", factbase)
    s = build_scenario(factbase, beliefs, [])
    waterfall = json.loads(pio.to_json(figures.money_waterfall(factbase, s), validate=False))["layout"]
    bars = json.loads(pio.to_json(figures.cap_table_bars(factbase, s), validate=False))["layout"]
    # the waterfall keeps the waterfall's defaults as the template had them, and nothing for other trace types
    assert waterfall["template"]["data"] == {"waterfall": [{"connector": {"line": {"width": 3}}, "type": "waterfall"}]}
    assert bars["template"]["data"] == {"bar": [{"marker": {"line": {"width": 0.5}}, "type": "bar"}]}
    # colour scales and the template's colorway are gone (no chart has a colour scale; the chart sets its own
    # colorway); the font stays
    for layout in (waterfall, bars):
        assert layout["template"]["layout"] == {"font": {"color": "#123456"}}
        assert layout["colorway"][:2] == ["#E69F00", "#56B4E9"]


# ---------------------------------------------------------------- a phone's title, a desktop's title

@pytest.mark.parametrize("agent, phone", [
    ("Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile "
     "Safari/537.36", True),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 "
     "Mobile/15E148 Safari/604.1", True),
    ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36",
     False),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0", False),
    (None, True),  # unknown: the layout that fits any screen
])
def test_is_phone(agent, phone):
    assert figures.is_phone(agent) is phone


def test_a_desktop_title_is_wrapped_later_than_a_phones():
    import contextvars

    title = "Geldflüsse (Mrd. USD): links Eigenkapital aus dieser Runde, rechts Zusagen für Rechenleistung"

    def lines(narrow: bool) -> list[str]:
        figures.fit_screen(narrow)
        return go.Figure(figures._layout(go.Figure(), title)).layout.title.text.split("<br>")

    phone = contextvars.copy_context().run(lines, True)
    desktop = contextvars.copy_context().run(lines, False)
    assert len(phone[0]) <= 32 and all(len(x) <= 44 for x in phone) and len(phone) == 3
    assert len(desktop) == 2 and len(desktop[0]) > 44  # 96 characters: two lines, the first one long
