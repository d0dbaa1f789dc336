"""The loop finder on hand-built graphs, its bounds on a hostile one, `python -m explainer cycles` on the bundled
fact base (expected ratios worked out by hand from the quoted reports, docs/cross-deals.md), and the pages."""
from __future__ import annotations

import json
import re

import pytest

from explainer.engine.cycles import LIMIT, find_loops
from explainer.engine.scenario import UNATTRIBUTED, Flow


def f(src, dst, kind, amount, unit="bn USD", topic=None, claim=None):
    return Flow(src, dst, kind, amount, unit, topic or f"t_{src}_{dst}_{kind}", claim or f"c_{src}_{dst}_{kind}")


def test_two_party_loop():
    # an investor puts 50 in, the company commits 38 to its cloud: 38 back per 50 in
    result = find_loops([f("inv", "co", "equity", 50), f("co", "inv", "commitment", 38)], "co")
    (lp,) = result.loops
    assert lp.nodes == ("inv", "co", "inv") and lp.id == "inv.co"
    assert [(s.source, s.target, s.amount) for s in lp.steps] == [("inv", "co", 50), ("co", "inv", 38)]
    assert lp.returns == pytest.approx(38 / 50)
    assert not result.truncated and result.left_out == ()


def test_a_step_adds_up_the_deals_of_its_kind_in_force():
    # the cloud contract (38) and its expansion (100) are both in force: 138 back per 50 in, 2.76
    flows = [f("inv", "co", "equity", 50), f("co", "inv", "commitment", 38, topic="aws", claim="aws"),
             f("co", "inv", "commitment", 100, topic="aws_2", claim="aws_2")]
    (lp,) = find_loops(flows, "co").loops
    assert lp.back == 138 and lp.returns == pytest.approx(2.76)
    # 15 of the 50 paid up front: 138 / 15 = 9.2 per dollar paid up front
    (lp,) = find_loops(flows, "co", upfronts={"c_inv_co_equity": 15}).loops
    assert lp.upfront == 15 and lp.per_upfront == pytest.approx(9.2)
    # once the expansion has ended (or was never in force), only the 38 count: 0.76
    (lp,) = find_loops(flows, "co", standings={"aws_2": ("ended", None)}).loops
    assert lp.back == 38 and lp.returns == pytest.approx(0.76)
    assert [(x[0].claim, x[1]) for x in lp.steps[1].set_aside] == [("aws_2", "ended")]


def test_a_step_resting_on_talks_or_a_replaced_deal_leaves_the_loop_out():
    flows = [f("inv", "co", "equity", 10, claim="talk"), f("co", "inv", "commitment", 250, claim="azure")]
    result = find_loops(flows, "co", standings={"talk": ("talks", None)})
    assert result.loops == () and [(lp.id, lp.problem, lp.at) for lp in result.left_out] == [("inv.co", "talks", 0)]
    # a 30 bn equity in force and a replaced letter of intent: the equity is the step; the GW back are replaced
    flows = [f("chips", "co", "equity", 30, claim="eq"), f("chips", "co", "intent", 100, claim="loi"),
             f("co", "chips", "capacity", 10, "GW", claim="gw")]
    standings = {"loi": ("replaced", "ft"), "gw": ("replaced", "ft")}
    (lp,) = find_loops(flows, "co", standings=standings).left_out
    assert lp.problem == "replaced" and lp.at == 1 and lp.steps[1].flows == ()
    assert lp.steps[1].set_aside[0][1:] == ("replaced", "ft")
    assert [x[0].claim for x in lp.steps[0].set_aside] == ["loi"] and lp.steps[0].amount == 30


def test_an_undisclosed_amount_keeps_the_loop_without_a_figure():
    flows = [f("inv", "co", "equity", None), f("inv", "co", "prior_equity", 13), f("co", "inv", "commitment", 250)]
    (lp,) = find_loops(flows, "co").loops
    # the round's equity comes first and is not disclosed: no fall-through to the earlier investment
    assert lp.steps[0].kind == "equity" and lp.returns is None and lp.open_reason == "undisclosed"


def test_a_chain_through_a_third_party_needs_a_report_that_joins_it():
    # 30 in; the company commits 300 to a cloud, which buys 40 of chips from the investor
    flows = [f("chips", "co", "equity", 30), f("co", "cloud", "commitment", 300, topic="contract"),
             f("cloud", "chips", "purchase", 40, topic="chips_order")]
    result = find_loops(flows, "co")
    assert result.loops == () and [(lp.id, lp.problem, lp.at) for lp in result.left_out] == \
        [("chips.co.cloud", "no_pass_on", 2)]
    # where the chip order passes on the contract's money, the narrowest link is 40: 40 / 30
    (lp,) = find_loops(flows, "co", passes_on={"chips_order": ("contract",)}).loops
    assert lp.nodes == ("chips", "co", "cloud", "chips") and lp.returns == pytest.approx(40 / 30)
    # a pass-on of some other deal joins nothing
    assert find_loops(flows, "co", passes_on={"chips_order": ("lease",)}).loops == ()


def test_a_subsidiary_counts_as_its_group():
    # SoftBank puts 30 in; the company invests 0.5 in SoftBank's energy arm: 0.5 / 30, about 1.7 %
    flows = [f("softbank", "co", "equity", 30), f("co", "sb_energy", "stake", 0.5)]
    assert find_loops(flows, "co").loops == ()
    (lp,) = find_loops(flows, "co", group={"sb_energy": "softbank"}).loops
    assert lp.id == "softbank.co" and lp.steps[1].flows[0].target == "sb_energy"
    assert lp.returns == pytest.approx(0.5 / 30) and round(lp.returns * 100, 1) == 1.7


def test_stake_loop_not_through_the_company_and_shares_have_no_price():
    flows = [f("chips", "cloud", "stake", 2), f("cloud", "chips", "purchase", 5),
             f("vendor", "co", "shares", 10, "%"), f("co", "vendor", "capacity", 6, "GW")]
    loops = {lp.id: lp for lp in find_loops(flows, "co", order=["co", "vendor", "chips", "cloud"]).loops}
    assert set(loops) == {"chips.cloud", "vendor.co"}
    assert loops["chips.cloud"].returns == pytest.approx(5 / 2)
    assert loops["vendor.co"].returns is None and loops["vendor.co"].open_reason == "no_price"
    assert [s.kind for s in loops["vendor.co"].steps] == ["shares", "capacity"]


def test_the_ratio_takes_the_qualifiers_of_its_amounts():
    # up to 5 in, 30 back: at least 600 %; above 13 in, 250 back: up to 1923 %
    for bound_in, bound_back, want in (("up_to", "exact", "at_least"), ("above", "exact", "up_to"),
                                       ("about", "exact", "about"), ("up_to", "up_to", "about"),
                                       ("exact", "exact", "exact")):
        flows = [f("inv", "co", "equity", 5, claim="in"), f("co", "inv", "commitment", 30, claim="back")]
        (lp,) = find_loops(flows, "co", bounds={"in": bound_in, "back": bound_back}).loops
        assert lp.returns_bound == want, (bound_in, bound_back)


def test_no_loop():
    flows = [f("a", "co", "equity", 10), f("co", "b", "commitment", 5), f("co", UNATTRIBUTED, "commitment", 5),
             f("b", "c", "purchase", 1), f("co", "co", "equity", 3)]  # a self-flow is no loop between parties
    result = find_loops(flows, "co")
    assert result.loops == () and result.left_out == () and not result.truncated


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
    assert result.truncated and len(result.loops) + len(result.left_out) + result.unjoined == LIMIT
    assert all(len(lp.nodes) - 1 <= 6 for lp in result.loops + result.left_out)
    assert len(find_loops(flows, None, length_bound=2, limit=10_000).loops) == 40 * 39 // 2  # every pair, once


# ---------------------------------------------------------------- the bundled fact base, through the CLI

def cycles_json(cli, query, *more):
    done = cli("cycles", "--query", query, "--format", "json", *more)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def by_id(d, key="loops"):
    return {lp["id"]: lp for lp in d[key]}


def test_cli_outcome_loops_worked_out_from_the_reports(cli):
    d = cycles_json(cli, "preset=outcome")
    assert d["measure"] == "commitments back per dollar in" and d["asof"] == "2026-11-22"
    loops, left = by_id(d), by_id(d, "left_out")
    # Amazon: 50 in (15 up front, tomshardware 27 Feb 2026); back the AWS contract of Nov 2025 (38) and its
    # expansion "by an additional $100 billion over eight years": 138 / 50 = 2.76, 138 / 15 = 9.2
    amazon = loops["amazon.openai"]
    assert [(s["kind"], s["amount"]) for s in amazon["steps"]] == [("equity", 50), ("commitment", 138)]
    assert [e["claim"] for e in amazon["steps"][1]["deals"]] == ["ctx_aws", "ctx_aws_expansion"]
    assert amazon["steps"][0]["deals"][0]["claim"] == "close_amazon"
    assert (amazon["returns"], amazon["upfront"], amazon["per_upfront"]) == (2.76, 15, 9.2)
    # SoftBank: 30 in; OpenAI's 500 mn USD into SoftBank's SB Energy back: 0.5 / 30 = 0.0167
    softbank = loops["softbank.openai"]
    assert softbank["steps"][1]["deals"][0]["to"] == "sb_energy" and softbank["returns"] == pytest.approx(0.0167)
    # Microsoft -> Anthropic -> Microsoft: up to 5 in, 30 of Azure back: at least 600 %
    msft = loops["microsoft.anthropic"]
    assert (msft["returns"], msft["returns_bound"]) == (6.0, "at_least")
    assert msft["steps"][0]["deals"][0]["bound"] == "up_to"
    # Microsoft's part of the round was not disclosed: no figure, and no fall-through to its earlier investments
    ms = loops["microsoft.openai"]
    assert ms["returns"] is None and ms["reason"] == "undisclosed"
    assert ms["steps"][0]["deals"][0] == {**ms["steps"][0]["deals"][0], "claim": "close_microsoft",
                                          "amount": None, "value_state": "undisclosed"}
    # Nvidia -> Anthropic -> Nvidia: up to 1 GW of Nvidia systems, no money amount disclosed
    assert loops["nvidia.anthropic"]["reason"] == "undisclosed"
    assert loops["amd.openai"]["reason"] == "no_price"
    # Nvidia's 10 GW came from the letter of intent the FT reported replaced on 19 Feb 2026
    nv = left["nvidia.openai"]
    assert (nv["reason"], nv["reason_step"]) == ("replaced", 1)
    assert nv["steps"][1]["set_aside"][0] == {**nv["steps"][1]["set_aside"][0], "claim": "ctx_nvidia_gw",
                                              "standing": "replaced", "replaced_by": "ctx_nvidia_loi_replaced"}
    # Oracle's 40 bn of Nvidia chips are for Abilene, not for the 300 bn contract: no loop joins them
    assert left["nvidia.openai.oracle"]["reason"] == "no_pass_on" and "nvidia.openai.oracle" not in loops
    assert d["truncated"] is False and d["length_bound"] == 6


MILESTONES = ["2025-12-17", "2026-01-29", "2026-02-20", "2026-02-27", "2026-03-31", ""]


@pytest.mark.parametrize("preset", ["outcome", "trust"])
def test_no_step_rests_on_talks_or_a_replaced_deal_at_any_milestone(cli, factbase, preset):
    # judged here from the fact base itself, not from the loop finder's own verdicts
    replaced = {old: r for r in factbase.claims for old in r.replaces}
    for asof in MILESTONES:
        query = f"preset={preset}" + (f"&asof={asof}" if asof else "")
        d = cycles_json(cli, query)
        day = asof or factbase.date
        for lp in d["loops"]:
            for step in lp["steps"]:
                assert step["deals"], (query, lp["id"])
                for deal in step["deals"]:
                    c = factbase.claim[deal["claim"]]
                    assert c.status != "talks", (query, lp["id"], c.id)
                    assert c.date[:len(day)] <= day[:len(c.date)], (query, lp["id"], c.id)
                    r = replaced.get(c.id)
                    assert r is None or r.date > day, (query, lp["id"], c.id, r.id)


def test_the_story_steps_through_the_loops(cli):
    # 29 Jan 2026: the letter of intent is still in force (no price), Amazon's 50 only talked about
    jan = cycles_json(cli, "preset=outcome&asof=2026-01-29")
    assert by_id(jan)["nvidia.openai"]["steps"][0]["deals"][0]["claim"] == "ctx_nvidia_loi"
    assert "amazon.openai" not in by_id(jan)
    # the announcement: Amazon's 50 with the expansion announced the same day
    feb = cycles_json(cli, "preset=outcome&asof=2026-02-27")
    assert by_id(feb)["amazon.openai"]["returns"] == 2.76
    assert by_id(feb)["amazon.openai"]["steps"][0]["deals"][0]["claim"] == "feb_amazon"
    assert by_id(feb, "left_out")["nvidia.openai"]["reason"] == "replaced"


def test_cli_table_says_every_qualifier_and_what_is_left_out(cli, repo_root):
    done = cli("cycles", "--query", "preset=trust", "--format", "table")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Left out:" in out and "below 10 bn USD" in out and "rests on talks only" in out  # article 000
    assert "about 40 bn USD" in out and "no report says the deals are one chain" in out  # Oracle's chips
    assert "can come back" not in out
    out = cli("cycles", "--query", "preset=outcome&asof=2026-01-29", "--format", "table").stdout
    assert "at least 10 GW" in out and "up to 100 bn USD" in out and "(letter of intent)" in out
    out = cli("cycles", "--query", "preset=outcome", "--format", "table").stdout
    assert "about 10 % of its own shares" in out and "up to 5 bn USD" in out
    assert "276% commitments back per dollar in (920% per dollar paid up front)" in out
    assert "15 bn USD up front. The remaining 35 bn depend on conditions" in out
    assert "38 bn USD (ctx_aws, Nov 2025) + 100 bn USD (ctx_aws_expansion, 27 Feb 2026)" in out
    de = cli("cycles", "--query", "preset=outcome", "--format", "table", "--lang", "de").stdout
    assert "Amazon → OpenAI → Amazon" in de and "50 Mrd. USD" in de and "276\u00a0%" in de and "1,7\u00a0%" in de
    # the made-up company: CloudCo puts 40 mn USD in, Acme buys 30 mn USD of its servers (both at one rate)
    d = cycles_json(cli, "preset=outcome", "--factbase", str(repo_root / "tests/fixtures/acme/facts.yaml"))
    (lp,) = d["loops"]
    assert lp["returns"] == pytest.approx(0.03 / 0.04, abs=1e-4)


# ---------------------------------------------------------------- the pages, in-process (AppTest)

def _app(query: dict):
    from conftest import new_app
    return new_app(query, timeout=60)


def test_worlds_page_offers_a_loops_ratio_and_agrees_with_the_cli(served, cli):
    at = _app({"preset": "outcome", "worlds_output": "loop:amazon.openai"}).run()
    at.switch_page("pages/worlds.py").run()
    assert not at.exception, [e.message for e in at.exception]
    mine = {m.label: m.value for m in at.metric}
    # Amazon's 50 bn USD in, AWS's 38 + 100 bn USD back: 276 %, as the CLI says for the same link
    assert mine["Your beliefs"] == "276%"
    assert by_id(cycles_json(cli, "preset=outcome"))["amazon.openai"]["returns"] == pytest.approx(2.76)
    picker = at.selectbox(key="worlds_output")
    assert picker.value == "loop:amazon.openai"
    assert "Loop Amazon → OpenAI → Amazon: commitments back per dollar in" in picker.options


def test_compute_page_lists_the_loops_and_what_is_left_out(served):
    at = _app({"preset": "outcome"}).run()
    at.switch_page("pages/compute.py").run()
    assert not at.exception, [e.message for e in at.exception]
    # the cells as the reader sees them: st.table reads Markdown, and the page escapes every markup character
    raw = at.table[0].value.iloc[:, 1].tolist()
    assert "Microsoft → Anthropic\\: up to 5 bn USD" in raw  # ':' escaped, as the page's text always is
    frame, left, ties = [t.value.map(lambda x: re.sub(r"\\(.)", r"\1", x)) for t in at.table]
    first = frame.iloc[:, 0].tolist()
    assert "Amazon → OpenAI → Amazon: 276% commitments back per dollar in (920% per dollar paid up front)" in first
    assert "SoftBank → OpenAI → SoftBank: 1.7% commitments back per dollar in" in first
    assert "Microsoft → OpenAI → Microsoft: not disclosed" in first
    steps = frame.iloc[:, 1].tolist()
    assert "OpenAI → Amazon: 38 bn USD + 100 bn USD" in steps and "OpenAI → SB Energy (SoftBank): 0.50 bn USD" in steps
    assert any(x.startswith("Amazon → OpenAI: 50 bn USD (15 bn USD up front.") for x in steps)
    assert {"Nvidia → OpenAI → Oracle → Nvidia", "Nvidia → OpenAI → Nvidia"} <= set(left.iloc[:, 0])
    # ties that are no step of a loop: deals in force only (article 001's talk of a letter of intent is none)
    assert "Nvidia → CoreWeave: at least 6.30 bn USD" in ties.iloc[:, 0].tolist()
    assert not any(x.startswith("Nvidia → OpenAI") for x in ties.iloc[:, 0])


def test_the_loops_tables_in_german(factbase):
    from explainer.present import i18n
    from explainer.present.digest import left_out_frame, loops_frame, other_ties_frame
    from explainer.engine.cycles import scenario_loops
    from explainer.engine.scenario import build_scenario
    from explainer.urlstate import parse_query
    b, _notices, _views = parse_query("preset=outcome", factbase)
    s = build_scenario(factbase, b)
    i18n.activate("de")
    try:
        loops = scenario_loops(factbase, s)
        frame, left = loops_frame(factbase, loops), left_out_frame(factbase, loops)
        ties = other_ties_frame(factbase, s, loops)
    finally:
        i18n.activate("en")
    first = frame.iloc[:, 0].tolist()
    assert "Amazon → OpenAI → Amazon: 276\u00a0% zurückfließende Zusagen je eingesetztem Dollar (920\u00a0% je vorab " \
           "gezahltem Dollar)" in first
    assert "SoftBank → OpenAI → SoftBank: 1,7\u00a0% zurückfließende Zusagen je eingesetztem Dollar" in first
    assert "Microsoft → Anthropic → Microsoft: mindestens 600\u00a0% zurückfließende Zusagen je eingesetztem Dollar" in first
    steps = frame.iloc[:, 1].tolist()
    assert "OpenAI → Amazon: 38 Mrd. USD + 100 Mrd. USD" in steps and "Microsoft → OpenAI: nicht offengelegt" in steps
    assert any(x.startswith("Amazon → OpenAI: 50 Mrd. USD (15 Mrd. USD vorab.") for x in steps)
    why = dict(zip(left.iloc[:, 0], left.iloc[:, 1]))
    assert why["Nvidia → OpenAI → Nvidia"].startswith("OpenAI → Nvidia: mindestens 10 GW")
    assert "beruht auf einem inzwischen ersetzten Geschäft" in why["Nvidia → OpenAI → Nvidia"]
    assert "kein Bericht sagt, dass die Geschäfte eine Kette bilden" in why["Nvidia → OpenAI → Oracle → Nvidia"]
    assert "Nvidia → CoreWeave: mindestens 6,30 Mrd. USD" in ties.iloc[:, 0].tolist()


def test_the_loops_figure_puts_every_line_between_two_dots():
    from explainer.load.factbase import load_factbase
    from explainer.present.figures import money_loops
    from conftest import BUNDLED
    fb = load_factbase(BUNDLED)
    flows = [f("amazon", "openai", "equity", 50), f("openai", "amazon", "commitment", 38),
             f("nvidia", "openai", "equity", 30), f("openai", "oracle", "commitment", 300, topic="compute_oracle"),
             f("oracle", "nvidia", "purchase", 40, topic="buy")]
    loops = find_loops(flows, "openai", [fb.company] + [e.id for e in fb.entities],
                       passes_on={"buy": ("compute_oracle",)})
    fig = money_loops(fb, loops).to_plotly_json()
    dots = fig["data"][-1]
    centres = set(zip(dots["x"], dots["y"]))
    # two loops: 3 + 4 dots (the first party again at each row's end), 2 + 3 lines
    assert len(centres) == 7
    segments = [(t["x"][i:i + 2], t["y"][i:i + 2]) for t in fig["data"] if t.get("mode") == "lines"
                for i in range(0, len(t["x"]), 3)]
    assert len(segments) == 5
    assert all((x, y) in centres for xs, ys in segments for x, y in zip(xs, ys))
    # each amount over its own arrow, and the ratios over the rows: 38 per 50 and 40 per 30
    texts = [a["text"] for a in fig["layout"]["annotations"]]
    assert "<b>76% back per dollar in</b>" in texts and "<b>133% back per dollar in</b>" in texts
    assert "38<br>bn USD" in texts and "300<br>bn USD" in texts


def test_the_loops_figure_says_qualifiers_and_not_disclosed(cli):
    from explainer.load.factbase import load_factbase
    from explainer.present.figures import money_loops
    from conftest import BUNDLED
    fb = load_factbase(BUNDLED)
    flows = [f("microsoft", "anthropic", "stake", 5, claim="ctx_microsoft_anthropic"),
             f("anthropic", "microsoft", "purchase", 30, claim="ctx_anthropic_azure"),
             f("nvidia", "anthropic", "stake", 10, claim="ctx_nvidia_anthropic"),
             f("anthropic", "nvidia", "purchase", None, claim="ctx_anthropic_nvidia_gw")]
    loops = find_loops(flows, None, [fb.company] + [e.id for e in fb.entities],
                       bounds={"ctx_microsoft_anthropic": "up_to", "ctx_nvidia_anthropic": "up_to"})
    texts = [a["text"] for a in money_loops(fb, loops).to_plotly_json()["layout"]["annotations"]]
    assert "up to 5<br>bn USD" in texts and "not disclosed" in texts
    assert "<b>at least 600% back per dollar in</b>" in texts and "<b>not disclosed</b>" in texts


# ---------------------------------------------------------------- the fact base's two loop fields, as loaded

def test_part_of_and_passes_on_load_and_misuse_is_a_problem(repo_root):
    from explainer.load.factbase import parse_factbase
    base = (repo_root / "tests/fixtures/acme/facts.yaml").read_text(encoding="utf-8")
    fb, problems = parse_factbase(base, "facts.yaml", repo_root / "tests/fixtures/acme")
    assert fb is not None and not problems and all(e.part_of is None for e in fb.entities)
    assert all(t.passes_on == () for t in fb.topics)  # a fact base without the fields loads unchanged
    bad = base.replace("  - {id: inv_cloudco,", "  - {id: inv_x, label: \"X\", kind: other, group: round, "
                                                "passes_on: [nowhere]}\n  - {id: inv_cloudco,")
    _fb, problems = parse_factbase(bad, "facts.yaml", repo_root / "tests/fixtures/acme")
    assert [p.message for p in problems] == ["topic 'inv_x': passes_on names unknown topic 'nowhere'"]
    bad = base.replace('{id: founders, name: "Founders"}', '{id: founders, name: "Founders", part_of: ghost}')
    _fb, problems = parse_factbase(bad, "facts.yaml", repo_root / "tests/fixtures/acme")
    assert [p.message for p in problems] == [
        "entity 'founders': part_of names 'ghost', which is unknown, itself, or part of another group"]
    from explainer.load.factbase import load_factbase
    from conftest import BUNDLED
    bundled = load_factbase(BUNDLED)
    assert bundled.entity["sb_energy"].part_of == "softbank"
    # no topic of the bundled fact base says it passes another's money on: no chain through a third party
    assert all(t.passes_on == () for t in bundled.topics)
