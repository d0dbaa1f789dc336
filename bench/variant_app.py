"""Profiling variants for bench/rerun_latency.py --profile: the explainer's cap-table page rebuilt part by part.

BENCH_PARTS (environment, comma-separated) adds parts on top of "a preset selectbox bound to the URL, the real
engine, and the real cap-table figure":
  panel    the belief panel's other widgets: trust multiselect, one selectbox + caption per topic in expanders,
           the three rule radios (as streamlit_app.py draws them)
  figures  the page's two other plotly figures (money waterfall, dilution bars)
  table    the cap-table dataframe and the evidence expander
  footer   the sidebar's share link and the two download buttons (scenario JSON/CSV computed each run)
and changes how they are drawn (candidate speed-ups):
  nocaptions  no "-> source (how)" caption under each topic's selectbox
  static      plotly figures with config staticPlot (no interaction layer)
  lazydl      download buttons with a callable (built on click) and on_click="ignore"
Run: BENCH_PARTS=panel,figures streamlit run bench/variant_app.py
"""
import json
import os
import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from explainer.present import figures  # noqa: E402
from explainer.engine.beliefs import BASIS_RULES, FX_RULES, NONE, PRESETS, RANGE_RULES, Beliefs  # noqa: E402
from explainer.present.digest import cap_table_frame, source_of  # noqa: E402
from explainer.load.factbase import DEFAULT_FACTBASE, load_factbase  # noqa: E402
from explainer.present.markup import md  # noqa: E402
from explainer.engine.scenario import build_scenario  # noqa: E402
from explainer.present.export import scenario_csv, scenario_dict  # noqa: E402
from explainer.present.labels import claim_labels  # noqa: E402
from explainer.urlstate import to_query  # noqa: E402

PARTS = {p.strip() for p in os.environ.get("BENCH_PARTS", "").split(",") if p.strip()}
FOLLOW = "__follow__"
CONFIG = {"displayModeBar": False, **({"staticPlot": True} if "static" in PARTS else {})}


@st.cache_resource
def factbase():
    return load_factbase(DEFAULT_FACTBASE)


fb = factbase()
side = st.sidebar
preset = side.selectbox("Preset", PRESETS, key="preset", bind="query-params")
picks = {}
if "panel" in PARTS:
    side.multiselect("Trust order (first that speaks wins)", [s.id for s in fb.sources], key="trust",
                     bind="query-params", format_func=lambda sid: fb.source[sid].name)
    captions = {}
    for group in ("round", "valuation", "ownership", "compute", "context"):
        topics = [t for t in fb.topics if t.group == group and fb.claims_by_topic.get(t.id)]
        with side.expander(group, expanded=group in ("round", "valuation")):
            for t in topics:
                labels = claim_labels(fb, t.id)
                choice = st.selectbox(md(t.label), [FOLLOW] + list(labels) + [NONE], key=t.id, bind="query-params",
                                      format_func=lambda o, labels=labels: labels.get(o, o))
                if choice != FOLLOW:
                    picks[t.id] = choice
                if "nocaptions" not in PARTS:
                    captions[t.id] = st.empty()
    ranges = side.radio("Ranges", RANGE_RULES, key="ranges", bind="query-params", horizontal=True, index=1)
    fx = side.radio("Currency labels", FX_RULES, key="fx", bind="query-params")
    basis = side.radio("Valuation without pre/post", BASIS_RULES, key="basis", bind="query-params", index=1,
                       horizontal=True)
else:
    ranges, fx, basis = "mid", "convert", "post"
beliefs = Beliefs(preset=preset, trust=fb.defaults.trust, picks=tuple(sorted(picks.items())), ranges=ranges, fx=fx,
                  basis=basis)
s = build_scenario(fb, beliefs)
if "panel" in PARTS:
    for topic_id, ph in captions.items():
        ph.caption(f"→ {md(source_of(fb, s, topic_id))}")

st.title("Cap table")
st.plotly_chart(figures.cap_table_bars(fb, s), width="stretch", config=CONFIG,
                key="cap_table_figure")
if "table" in PARTS:
    st.dataframe(cap_table_frame(s), hide_index=True, width="stretch")
    from pages._parts import show_evidence  # noqa: E402
    show_evidence(fb, s, [t for r in s.cap_table for t in r.topics])
if "figures" in PARTS:
    left, right = st.columns(2)
    left.plotly_chart(figures.money_waterfall(fb, s), width="stretch", config=CONFIG)
    right.plotly_chart(figures.dilution_bars(fb, s), width="stretch", config=CONFIG)
if "footer" in PARTS:
    query = to_query(beliefs, fb)
    side.code(f"{st.context.url}?{query}", language=None, wrap_lines=True)
    c1, c2 = side.columns(2)
    if "lazydl" in PARTS:
        c1.download_button("Scenario JSON", lambda: json.dumps(scenario_dict(fb, s, query), indent=2),
                           "scenario.json", "application/json", on_click="ignore")
        c2.download_button("Scenario CSV", lambda: scenario_csv(scenario_dict(fb, s, query)), "scenario.csv",
                           "text/csv", on_click="ignore")
    else:
        d = scenario_dict(fb, s, query)
        c1.download_button("Scenario JSON", json.dumps(d, indent=2), "scenario.json", "application/json")
        c2.download_button("Scenario CSV", scenario_csv(d), "scenario.csv", "text/csv")
