"""Fact base: browse every claim, download the fact base and its schema, try your own in this session only."""
import streamlit as st

from explainer.digest import claims_frame, filter_claims
from explainer.factbase import MAX_BYTES, SCHEMA_PATH, parse_uploaded
from explainer.markup import md
from pages._parts import view

v = view()
fb = v["fb"]

st.title("Fact base")
st.caption(md(f"{fb.title} · version {fb.version} of {fb.date} · {len(fb.sources)} sources, {len(fb.topics)} topics, "
              f"{len(fb.claims)} claims"))

frame = claims_frame(fb)
c1, c2, c3 = st.columns(3)
topic = c1.multiselect("Topic", sorted(frame["topic"].unique()), key="claims_topic", bind="query-params")
source = c2.multiselect("Source", sorted(frame["source"].unique()), key="claims_source", bind="query-params")
kind = c3.multiselect("Kind of source", ["article", "context", "outcome"], key="claims_kind", bind="query-params")
shown = filter_claims(frame, topic, source, kind)
st.dataframe(shown.drop(columns=["topic_id", "source_id"]), hide_index=True, width="stretch",
             column_config={"quote": st.column_config.TextColumn(width="large"),
                            "translation": st.column_config.TextColumn(width="large")})
st.caption(f"{len(shown)} of {len(frame)} claims")

d1, d2 = st.columns(2)
d1.download_button("Download the fact base (YAML)", fb.raw_text,
                   "facts.yaml", "application/yaml", width="stretch")
d2.download_button("Download its JSON Schema", SCHEMA_PATH.read_text(encoding="utf-8"), "facts.schema.json",
                   "application/json", width="stretch")

st.subheader("Try your own fact base")
st.markdown(md(f"Upload a YAML file of the same schema (at most {MAX_BYTES // 1000:,} kB), with the text files "
               "its articles quote (an article's text is read only from the files you upload with it, or from the "
               "five bundled articles by file name). It is checked here and used in this session only: the bundled "
               "fact base and other readers never see it."))
files = st.file_uploader("Fact base (.yaml) and its article texts (.txt)", type=["yaml", "yml", "txt"],
                         accept_multiple_files=True, key="upload")
if files:
    # Checked in the core: its texts come only from these files (or the bundled seeds by name), never the server's.
    new_fb, problems = parse_uploaded([(f.name, f.getvalue()) for f in files])
    if problems:
        st.error(f"{len(problems)} problem(s); the app keeps the fact base it had:")
        st.code("\n".join(str(p) for p in problems[:200]), language=None)
    else:
        st.success(md(f"{new_fb.path} is valid: version {new_fb.version}, {len(new_fb.claims)} claims."))
        if st.button("Use it in this session", type="primary"):
            st.session_state["uploaded_factbase"] = new_fb
            st.session_state["use_uploaded"] = True
            st.rerun()
if v["uploaded"]:
    st.info("You are exploring an uploaded fact base. Links you copy point to the bundled one for other readers.")
    if st.button("Back to the bundled fact base"):
        st.session_state["use_uploaded"] = False
        st.rerun()
