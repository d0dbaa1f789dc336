"""What every chart carries to the browser: plotly's default template trimmed to what the chart draws."""
from __future__ import annotations

import json

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from explainer.present import figures
from explainer.engine.scenario import build_scenario
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


# ---------------------------------------------------------------- titles that fit any window

def test_a_title_is_wrapped_for_the_narrowest_window_whatever_the_browser():
    """No screen state: the same figure for every browser, its title in lines a phone's chart holds (the first
    shorter, beside the buttons); half a page's chart shorter still, and taller by the extra lines."""
    title = "Geldflüsse (Mrd. USD): links Eigenkapital aus dieser Runde, rechts Zusagen für Rechenleistung"
    full = figures._layout(go.Figure(), title, 300)
    lines = full.layout.title.text.split("<br>")
    assert len(lines[0]) <= 32 and all(len(x) <= 44 for x in lines) and len(lines) == 3
    assert full.layout.height == 300 + 2 * 20
    half = figures.finish(figures._layout(go.Figure(), title, 300), None, half=True)
    half_lines = half.layout.title.text.split("<br>")
    assert all(len(x) <= 34 for x in half_lines) and len(half_lines) == 3
    assert not hasattr(figures, "fit_screen") and not hasattr(figures, "is_phone")


# ---------------------------------------------------------------- each chart's text alternative

def scenario(factbase, query="preset=outcome"):
    beliefs, _, _ = parse_query(query, factbase)
    return build_scenario(factbase, beliefs, [])


def test_the_cap_table_alt_reads_the_numbers_of_the_bars(factbase):
    """The table's stakes are the bars' own numbers (the same rows, the same formatting); the summary names the
    largest stake after the round, worked out from the table here."""
    s = scenario(factbase)
    fig, alt = figures.cap_table_bars(factbase, s), figures.cap_table_alt(factbase, s)
    from explainer.present import money
    bars = {t.name: t.x for t in fig.data}  # [after, before]
    assert len(alt.table) == len(bars) == len(s.cap_table)
    hidden = {r.holder for r in s.cap_table if r.state == "undisclosed"}
    hidden_names = {t.name for t, r in zip(fig.data, s.cap_table) if r.holder in hidden}
    for row in alt.table.itertuples(index=False):
        holder, before, after = row
        if holder in hidden_names:  # a stake after that is not disclosed is said in words, not as a bar's width
            assert (after, before) == ("not disclosed", money.percent(bars[holder][1]))
            continue
        assert [after, before] == [money.percent(x) for x in bars[holder]]
    top = max((r for r in alt.table.itertuples(index=False) if r[0] not in hidden_names),
              key=lambda r: float(r[2].split()[0]))
    assert f"{top[0]} ({top[2]})" in alt.summary


def test_the_waterfall_alt_adds_up(factbase):
    s = scenario(factbase)
    alt = figures.waterfall_alt(factbase, s)
    values = [float(v.lstrip("+").split()[0]) for v in alt.table.iloc[:, 1]]
    assert abs(values[0] + sum(values[1:-1]) - values[-1]) < 0.2  # pre + new money = post, to the printed digit


def test_every_chart_has_an_alt_in_the_active_language(factbase):
    """Each chart builder has its alt: a summary with a number in it, and a table of text (German in German)."""
    from explainer.present import digest, i18n
    from explainer.engine.cycles import scenario_loops

    s = scenario(factbase)
    shares, hhi = digest.concentration(s)
    with i18n.speaking("de"):
        alts = [figures.cap_table_alt(factbase, s), figures.waterfall_alt(factbase, s),
                figures.dilution_alt(factbase, s), figures.sankey_alt(factbase, s), figures.capacity_alt(factbase, s),
                figures.circularity_alt(factbase, s), figures.concentration_alt(factbase, shares, hhi),
                figures.loops_alt(factbase, scenario_loops(factbase, s)),
                figures.disagreement_alt(digest.disagreements(factbase), s.currency)]
    for alt in alts:
        assert any(ch.isdigit() for ch in alt.summary), alt.summary
        assert not alt.table.empty and all(isinstance(x, str) for x in alt.table.to_numpy().ravel())
    assert alts[0].table.columns[0] == "Anteilseigner" and "entfällt der größte Anteil auf" in alts[0].summary


@pytest.mark.parametrize("lang", ["en", "de"])
@pytest.mark.parametrize("query", ["preset=outcome", "preset=low", "preset=high"])
def test_every_number_a_bar_chart_writes_is_in_its_alt_table(factbase, lang, query):
    """What a bar chart writes on its bars (a stake, a change, GW, a ratio, an amount) stands in its table too, in the
    same words: the table is the chart's data, not a second computation."""
    from explainer.present import digest, i18n

    s = scenario(factbase, query)
    shares, hhi = digest.concentration(s)
    with i18n.speaking(lang):
        pairs = {"cap table": (figures.cap_table_bars(factbase, s), figures.cap_table_alt(factbase, s)),
                 "waterfall": (figures.money_waterfall(factbase, s), figures.waterfall_alt(factbase, s)),
                 "dilution": (figures.dilution_bars(factbase, s), figures.dilution_alt(factbase, s)),
                 "capacity": (figures.capacity_bars(factbase, s), figures.capacity_alt(factbase, s)),
                 "circularity": (figures.circularity_bars(factbase, s), figures.circularity_alt(factbase, s)),
                 "concentration": (figures.concentration_bars(factbase, shares, hhi),
                                   figures.concentration_alt(factbase, shares, hhi))}
    for name, (fig, alt) in pairs.items():
        written = [t for trace in fig.data for t in (trace.text or ()) if t]
        cells = [str(c) for c in alt.table.to_numpy().ravel()]
        assert written, name
        # a waterfall writes the number alone ('+50'), its table with the unit ('+50 bn USD')
        missing = [t for t in written if not any(c == t or c.startswith(t + " ") for c in cells)]
        assert not missing, f"{name}: {missing} not in {cells}"


def test_the_flows_chart_says_whose_amount_the_remainder_holds():
    # preset=outcome: 122 - 50 - 30 - 30 = 12 bn beyond the three, Microsoft's undisclosed part among them
    from explainer.load.factbase import DEFAULT_FACTBASE, load_factbase
    from explainer.engine.scenario import build_scenario
    from explainer.present.charts.compute import money_sankey
    from explainer.urlstate import parse_query
    fb = load_factbase(DEFAULT_FACTBASE)
    beliefs, notices, _views = parse_query("preset=outcome", fb)
    labels = list(money_sankey(fb, build_scenario(fb, beliefs, notices)).data[0].node.label)
    assert "Other new investors (Microsoft among them, amount not disclosed): 12" in labels


def test_the_cap_table_says_not_disclosed_where_a_stake_after_is_not(factbase):
    # preset=outcome: Microsoft is in the close at an undisclosed amount, so its stake after is not disclosed; the
    # bar after the round still adds up: its 27 % from before, diluted from 730 pre- to 852 post-money, is the part
    # the known stakes leave (its new money sits in the remainder's row)
    s = build_scenario(factbase, parse_query("preset=outcome", factbase)[0])
    alt = figures.cap_table_alt(factbase, s).table.set_index("Holder")
    assert alt.loc["Microsoft", "After (%)"] == "not disclosed"
    assert "0.0 %" not in alt.loc["Microsoft"].tolist()[1:]
    bars = {t.name: t for t in figures.cap_table_bars(factbase, s).data}
    ms = bars["Microsoft"]
    assert ms.x[0] == pytest.approx(27 * 730 / 852, abs=0.01) and ms.text[0] == "not disclosed"
    assert sum(t.x[0] for t in bars.values()) == pytest.approx(100)


@pytest.mark.parametrize("query, want", [
    # trust order: Amazon "up to 50" in, 38 + 100 = 138 back -> at least 138 / 50 = 276 %; Microsoft "below 10"
    # in, 250 back (Azure) -> at least 250 / 10 = 2,500 %
    ("", {"Amazon": "at least 276%", "Microsoft": "at least 2500%"}),
    # lowest figures: Amazon "at least 10" in -> at most 138 / 10 = 1,380 %
    ("preset=low", {"Amazon": "up to 1380%"}),
    # the outcome: Amazon's 50 exactly -> 276 %, no qualifier
    ("preset=outcome", {"Amazon": "276%"}),
])
def test_circularity_carries_the_qualifier_of_its_figures(factbase, query, want):
    s = build_scenario(factbase, parse_query(query, factbase)[0])
    alt = figures.circularity_alt(factbase, s).table.set_index("Investor")
    got = {name: alt.loc[name].iloc[0] for name in want}
    assert got == want
    bars = figures.circularity_bars(factbase, s).data[0]
    assert {n: t for n, t in zip(bars.y, bars.text) if n in want} == want


def test_a_ratio_inherits_its_figures_qualifiers():
    from explainer.engine.scenario import ratio_bound, side_of
    assert side_of(["up_to", "below"]) == "high" and side_of(["up_to", "at_least"]) == "about"
    assert side_of(["exact", "exact"]) == "exact" and side_of(["range"]) == "about"
    assert ratio_bound("exact", "high") == "at_least"  # a ceiling below the line: the ratio is at least
    assert ratio_bound("low", "exact") == "at_least"  # a floor above the line: the same
    assert ratio_bound("high", "exact") == "up_to" and ratio_bound("exact", "low") == "up_to"
    assert ratio_bound("low", "low") == "about" and ratio_bound("exact", "exact") == "exact"
