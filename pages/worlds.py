"""Every possible world: how far an output could swing depending on whom you believe, and which choice matters most."""
import streamlit as st

from explainer.present import figures, money
from explainer.present.i18n import _, pgettext
from explainer.present.markup import md
from explainer.present.labels import format_value, output_axis, output_options, tornado_labelled
from explainer.engine.worlds import worlds
from explainer.engine.worlds_frames import summarize
from pages._parts import chart, fact_base_key, linked_choice, view

v = view()
fb, b = v["fb"], v["beliefs"]


# Only the summary is cached (a few kB: the histogram, the tornado, the figures), never the per-world arrays, and
# the cache is bounded by its pickled size: thousands of distinct views fit in 32 MB. The worlds themselves take
# about 0.1 s to compute again. The summary holds ids and numbers, the same in every language; words are put on
# below.
@st.cache_data(show_spinner=False, max_size="32MB")
def spread(fb_key: str, _fb, beliefs, output: str, include_outcome: bool):
    """The summary of the worlds for one output; keyed by the fact base's text, the beliefs and the output."""
    return summarize(worlds(_fb, beliefs, output, include_outcome=include_outcome))


st.title(_("Every possible world"))
st.markdown(_("Each topic can be believed from any of its sources (a range counts with both ends). Every "
              "combination is a world; here is how one number spreads over all of them, and which single "
              "choice moves it most."))
options = dict(output_options(fb))
default = next((k for k in options if k.startswith("stake:")), "post")
output = linked_choice(st, _("Output"), "worlds_output", lambda: dict(output_options(fb)), multi=False,
                       default=[default])
include_outcome = st.toggle(_("Include the outcome sources as choices"), key="worlds_outcome", bind="query-params")

with st.spinner(_("Computing every world…")):
    result = spread(fact_base_key(fb), fb, b, output, include_outcome)
dist, torn = result.distribution, tornado_labelled(fb, result.tornado)
scale, unit_text = output_axis(fb, output)

if result.sampled:
    # the limit is LIMIT worlds, or fewer where each world has many topics (worlds.CELL_BUDGET): say what was used
    st.info(_("{total} worlds are more than can be computed at once: {used} were drawn uniformly at random (seed "
              "{seed}), so the figures are estimates.").format(
        total=money.number(result.n_total), used=money.number(result.n_used), seed=result.seed))
cols = st.columns(5)
for col, (label, value) in zip(cols, ((_("Worlds"), money.number(result.n_total)),
                                      (_("Minimum"), format_value(fb, output, result.min)),
                                      (_("Median"), format_value(fb, output, result.median)),
                                      (_("Maximum"), format_value(fb, output, result.max)),
                                      (_("Your beliefs"), format_value(fb, output, result.current)))):
    col.metric(label, value)
if result.n_defined < result.n_used:
    st.caption(_("{n} worlds have no value for this output (e.g. the investor is not in the round) and are left "
                 "out.").format(n=money.number(result.n_used - result.n_defined)))
shown = f"{v['query']}&output={output}&outcome={include_outcome}"  # what the worlds' figures depend on
chart(lambda: figures.worlds_histogram(dist, result.current, options[output], unit_text, scale), fb, pgettext("file name", "worlds"),
      alt=lambda: figures.worlds_alt(dist, result.current, options[output], unit_text, scale),
      state=shown)
chart(lambda: figures.tornado_chart(torn, result.current, options[output], unit_text, scale), fb, pgettext("file name", "tornado"),
      alt=lambda: figures.tornado_alt(torn, result.current, options[output], unit_text, scale),
      state=shown)
top = torn[torn["swing"] > 0].head(1)
if not top.empty:
    r = top.iloc[0]
    st.markdown(md(_("The single choice that matters most: {topic}. Choosing “{low_choice}” gives {low}; choosing "
                     "“{high_choice}” gives {high}.").format(
        topic=r["topic_label"], low_choice=r["low_choice"], low=format_value(fb, output, r["low"]),
        high_choice=r["high_choice"], high=format_value(fb, output, r["high"]))))
