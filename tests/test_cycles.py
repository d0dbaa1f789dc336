"""The loop finder on hand-built graphs, its bounds on a hostile one, and `python -m explainer cycles`."""
from __future__ import annotations

import json
import re

import pytest

from explainer.cycles import LIMIT, find_loops
from explainer.scenario import UNATTRIBUTED, Flow


def f(src, dst, kind, amount, unit="bn USD"):
    return Flow(src, dst, kind, amount, unit, f"t_{src}_{dst}_{kind}", f"c_{src}_{dst}_{kind}")


def test_two_party_loop():
    # an investor puts 50 in, the company commits 38 to its cloud: 38 of 50 can come back
    result = find_loops([f("inv", "co", "equity", 50), f("co", "inv", "commitment", 38)], "co")
    (lp,) = result.loops
    assert lp.nodes == ("inv", "co", "inv") and lp.id == "inv.co"
    assert [(s.source, s.target, s.amount) for s in lp.steps] == [("inv", "co", 50), ("co", "inv", 38)]
    assert lp.returns == pytest.approx(38 / 50)
    assert not result.truncated


def test_three_party_loop_through_a_vendor():
    # 30 in; the company commits 300 to a cloud, which buys 40 of chips from the investor: the narrowest link
    # of the way back is 40, so up to 40 / 30 of the money in could come back
    flows = [f("chips", "co", "equity", 30), f("co", "cloud", "commitment", 300), f("cloud", "chips", "purchase", 40)]
    (lp,) = find_loops(flows, "co").loops
    assert lp.nodes == ("chips", "co", "cloud", "chips")
    assert lp.back == 40 and lp.money_in == 30
    assert lp.returns == pytest.approx(40 / 30)
    # with a narrower chip order the narrowest link is that order: 12 of 30
    flows[2] = f("cloud", "chips", "purchase", 12)
    assert find_loops(flows, "co").loops[0].returns == pytest.approx(0.4)


def test_stake_loop_not_through_the_company_and_shares_have_no_price():
    # a chipmaker holds a stake in a cloud (2) that buys its chips (5): a loop of its own, money all the way
    flows = [f("chips", "cloud", "stake", 2), f("cloud", "chips", "purchase", 5),
             # a vendor hands the company shares (10 %) and the company buys 6 GW from it: no price at all
             f("vendor", "co", "shares", 10, "%"), f("co", "vendor", "capacity", 6, "GW")]
    loops = {lp.id: lp for lp in find_loops(flows, "co", order=["co", "vendor", "chips", "cloud"]).loops}
    assert set(loops) == {"chips.cloud", "vendor.co"}
    assert loops["chips.cloud"].returns == pytest.approx(5 / 2)
    assert loops["vendor.co"].returns is None and loops["vendor.co"].money_in is None
    assert [s.kind for s in loops["vendor.co"].steps] == ["shares", "capacity"]


def test_parallel_flows_take_money_first_and_keep_the_rest():
    flows = [f("inv", "co", "intent", 100), f("inv", "co", "equity", 30), f("co", "inv", "capacity", 10, "GW"),
             f("co", "inv", "commitment", 6)]
    (lp,) = find_loops(flows, "co").loops
    assert [s.kind for s in lp.steps] == ["equity", "commitment"]
    assert [[p.kind for p in ps] for ps in lp.parallel] == [["intent"], ["capacity"]]
    assert lp.returns == pytest.approx(6 / 30)


def test_no_loop():
    flows = [f("a", "co", "equity", 10), f("co", "b", "commitment", 5), f("co", UNATTRIBUTED, "commitment", 5),
             f("b", "c", "purchase", 1), f("co", "co", "equity", 3)]  # a self-flow is no loop between parties
    result = find_loops(flows, "co")
    assert result.loops == () and not result.truncated


def test_a_hostile_graph_is_bounded(monkeypatch):
    # 40 parties, each paying each: billions of simple cycles; the finder draws LIMIT + 1 of them and stops (the
    # work counted, not timed: networkx's generator is lazy, so cycles not drawn are never searched for)
    import networkx as nx
    original, drawn = nx.simple_cycles, []

    def counted(g, **kw):
        for c in original(g, **kw):
            drawn.append(c)
            yield c
    monkeypatch.setattr(nx, "simple_cycles", counted)
    parties = [f"p{i}" for i in range(40)]
    flows = [f(a, b, "purchase", 1) for a in parties for b in parties if a != b]
    result = find_loops(flows, None, length_bound=6)
    assert len(drawn) == LIMIT + 1
    assert result.truncated and len(result.loops) == LIMIT
    assert all(len(lp.nodes) - 1 <= 6 for lp in result.loops)
    assert len(find_loops(flows, None, length_bound=2, limit=10_000).loops) == 40 * 39 // 2  # every pair, once


def cycles_json(cli, query, *more):
    done = cli("cycles", "--query", query, "--format", "json", *more)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_cli_outcome_has_the_amazon_loop(cli):
    d = cycles_json(cli, "preset=outcome")
    loops = {lp["id"]: lp for lp in d["loops"]}
    amazon = loops["amazon.openai"]
    assert amazon["nodes"] == ["amazon", "openai", "amazon"]
    # the closed round's 50 bn USD in, the 38 bn USD AWS contract back: 38 / 50
    assert [(e["from"], e["to"], e["amount"], e["unit"]) for e in amazon["edges"]] == [
        ("amazon", "openai", 50, "bn USD"), ("openai", "amazon", 38, "bn USD")]
    assert amazon["edges"][0]["claim"] == "close_amazon" and amazon["returns"] == 0.76
    assert all(lp["nodes"][0] == lp["nodes"][-1] for lp in d["loops"])
    assert d["truncated"] is False and d["length_bound"] == 6


def test_cli_table_and_any_factbase(cli, repo_root):
    done = cli("cycles", "--query", "preset=outcome", "--format", "table", "--lang", "de")
    assert done.returncode == 0, done.stderr
    assert "Amazon → OpenAI → Amazon" in done.stdout and "50 Mrd. USD" in done.stdout and "76\u00a0%" in done.stdout
    # the made-up company: CloudCo puts 40 mn USD in, Acme buys 30 mn USD of its servers (both at one rate)
    d = cycles_json(cli, "preset=outcome", "--factbase", str(repo_root / "tests/fixtures/acme/facts.yaml"))
    (lp,) = d["loops"]
    assert lp["returns"] == pytest.approx(0.03 / 0.04, abs=1e-4)


# ---------------------------------------------------------------- the pages, in-process (AppTest)

def _app(query: dict):
    from conftest import new_app
    return new_app(query, timeout=60)


def test_worlds_page_offers_a_loops_return_and_agrees_with_the_cli(served, cli):
    at = _app({"preset": "outcome", "worlds_output": "loop:amazon.openai"}).run()
    at.switch_page("pages/worlds.py").run()
    assert not at.exception, [e.message for e in at.exception]
    mine = {m.label: m.value for m in at.metric}
    # Amazon's 50 bn USD in, AWS's 38 bn USD back: 76 %, as the CLI says for the same link
    assert mine["Your beliefs"] == "76%"
    loops = {lp["id"]: lp for lp in cycles_json(cli, "preset=outcome")["loops"]}
    assert loops["amazon.openai"]["returns"] == pytest.approx(0.76)
    picker = at.selectbox(key="worlds_output")
    assert picker.value == "loop:amazon.openai"
    assert "Loop Amazon → OpenAI → Amazon: share of the money in that can come back" in picker.options


def test_compute_page_lists_the_loops_in_german(served):
    at = _app({"preset": "outcome", "lang": "de"}).run()
    at.switch_page("pages/compute.py").run()
    assert not at.exception, [e.message for e in at.exception]
    # the cells as the reader sees them: st.table reads Markdown, and the page escapes every markup character
    raw = at.table[0].value.iloc[:, 1].tolist()
    assert "Oracle → Nvidia\\: 40 Mrd\\. USD" in raw  # ':' and '.' escaped, as the page's text always is
    frame, ties = [t.value.map(lambda x: re.sub(r"\\(.)", r"\1", x)) for t in at.table]
    first = frame.iloc[:, 0].tolist()
    assert "Amazon → OpenAI → Amazon: 76\u00a0% können zurückfließen" in first
    assert "Nvidia → OpenAI → Oracle → Nvidia: 133\u00a0% können zurückfließen" in first  # 40 of 30 bn USD
    assert "Oracle → Nvidia: 40 Mrd. USD" in frame.iloc[:, 1].tolist()
    # ties that are no step of a loop, in German numbers
    assert "Amazon → Anthropic: 8 Mrd. USD" in ties.iloc[:, 0].tolist()
    assert "Nvidia → CoreWeave: 6,3 Mrd. USD" in ties.iloc[:, 0].tolist()  # the order of at least 6.3 bn USD


def test_the_loops_figure_puts_every_line_between_two_dots():
    from explainer.factbase import load_factbase
    from explainer.figures import money_loops
    from conftest import BUNDLED
    fb = load_factbase(BUNDLED)
    flows = [f("amazon", "openai", "equity", 50), f("openai", "amazon", "commitment", 38),
             f("nvidia", "openai", "equity", 30), f("openai", "oracle", "commitment", 300),
             f("oracle", "nvidia", "purchase", 40)]
    loops = find_loops(flows, "openai", [fb.company] + [e.id for e in fb.entities])
    fig = money_loops(fb, loops).to_plotly_json()
    dots = fig["data"][-1]
    centres = set(zip(dots["x"], dots["y"]))
    # two loops: 3 + 4 dots (the first party again at each row's end), 2 + 3 lines
    assert len(centres) == 7
    segments = [(t["x"][i:i + 2], t["y"][i:i + 2]) for t in fig["data"] if t.get("mode") == "lines"
                for i in range(0, len(t["x"]), 3)]
    assert len(segments) == 5
    assert all((x, y) in centres for xs, ys in segments for x, y in zip(xs, ys))
    # each amount over its own arrow, and the shares over the rows: 38 of 50 and 40 of 30
    texts = [a["text"] for a in fig["layout"]["annotations"]]
    assert "<b>76% can come back</b>" in texts and "<b>133% can come back</b>" in texts
    assert "38<br>bn USD" in texts and "300<br>bn USD" in texts
