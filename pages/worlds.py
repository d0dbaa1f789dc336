"""Every possible world: how far an output could swing depending on whom you believe, and which choice matters most."""
import streamlit as st

from explainer import figures, money
from explainer.markup import md
from explainer.worlds import LIMIT, format_value, output_axis, output_options, summarize, worlds
from pages._parts import view

v = view()
fb, b = v["fb"], v["beliefs"]


# Only the summary is cached (a few kB: the histogram, the tornado, the figures), never the per-world arrays, and
# the cache is bounded by its pickled size: thousands of distinct views fit in 32 MB. The worlds themselves take
# about 0.1 s to compute again.
@st.cache_data(show_spinner="Computing every world…", max_size="32MB")
def spread(fb_key: str, _fb, beliefs, output: str, include_outcome: bool):
    """The summary of the worlds for one output; keyed by the fact base's text, the beliefs and the output."""
    return summarize(worlds(_fb, beliefs, output, include_outcome=include_outcome))


st.title("Every possible world")
st.markdown("Each topic can be believed from any of its sources (a range counts with both ends). Every "
            "combination is a world; here is how one number spreads over all of them, and which single "
            "choice moves it most.")
options = dict(output_options(fb))
default = next((k for k in options if k.startswith("stake:")), "post")
keys = list(options)
output = st.selectbox("Output", keys, index=keys.index(default), key="worlds_output", bind="query-params",
                      format_func=lambda k: options[k])
include_outcome = st.toggle("Include the outcome sources as choices", key="worlds_outcome", bind="query-params")

result = spread(f"{fb.version}:{hash(fb.raw_text)}", fb, b, output, include_outcome)
dist, torn = result.distribution, result.tornado
scale, unit_text = output_axis(fb, output)

if result.sampled:
    st.info(f"{result.n_total:,} worlds are more than the limit of {LIMIT:,}: {result.n_used:,} were drawn "
            f"uniformly at random (seed {result.seed}), so the figures are estimates.")
cols = st.columns(5)
for col, (label, value) in zip(cols, (("Worlds", money.number(result.n_total)), ("Minimum", format_value(fb, output, result.min)),
                                      ("Median", format_value(fb, output, result.median)),
                                      ("Maximum", format_value(fb, output, result.max)),
                                      ("Your beliefs", format_value(fb, output, result.current)))):
    col.metric(label, value)
if result.n_defined < result.n_used:
    st.caption(f"{result.n_used - result.n_defined:,} worlds have no value for this output (e.g. the investor "
               "is not in the round) and are left out.")
st.plotly_chart(figures.worlds_histogram(dist, result.current, options[output], unit_text, scale), width="stretch",
                config={"displayModeBar": False})
st.plotly_chart(figures.tornado_chart(torn, result.current, options[output], unit_text, scale), width="stretch",
                config={"displayModeBar": False})
top = torn[torn["swing"] > 0].head(1)
if not top.empty:
    r = top.iloc[0]
    st.markdown(md(f"The single choice that matters most: {r['topic_label']}. Choosing “{r['low_choice']}” gives "
                   f"{format_value(fb, output, r['low'])}; choosing “{r['high_choice']}” gives "
                   f"{format_value(fb, output, r['high'])}."))
