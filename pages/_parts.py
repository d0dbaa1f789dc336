"""Streamlit pieces every page uses: the view computed by the entry script, evidence and flags beside numbers."""
from __future__ import annotations

import streamlit as st

from explainer import figures
from explainer.beliefs import HOW_WORDS
from explainer.digest import evidence
from explainer.i18n import _
from explainer.markup import md


def view() -> dict:
    """What streamlit_app.py computed for this rerun: fb, scenario, beliefs, query."""
    if "view" not in st.session_state:
        # A deep link opened before anyone loaded the entry script: Streamlit, seeing a pages/ folder, ran this page
        # alone (its old multipage mode, which st.navigation switches off once it has run). Switch it off now and
        # rerun, so the entry script with the belief panel runs and then this same page.
        from streamlit.runtime.pages_manager import PagesManager

        PagesManager.uses_pages_directory = False
        st.rerun()
    return st.session_state["view"]


def chart(fig, fb, name: str, **kwargs):
    """A chart as every page shows it: the language's number separators, the source line inside the image, and a
    mode bar with only the download button (saving `name`.svg)."""
    figures.finish(fig, figures.source_line(fb))
    return st.plotly_chart(fig, width="stretch", config=figures.chart_config(name), **kwargs)


def show_flags(scenario, *topics: str) -> None:
    """The scenario's flags that concern these topics, right where the numbers are."""
    flags = scenario.flags_for(*topics) if topics else list(scenario.flags)
    warnings = [f for f in flags if f.level != "info"]
    infos = [f for f in flags if f.level == "info"]
    if warnings:
        st.warning("\n".join("- " + md(f.message) for f in warnings), icon=":material/warning:")
    if infos:
        st.info("\n".join("- " + md(f.message) for f in infos), icon=":material/info:")


def _address(addr: str) -> str:
    if addr.startswith(("http://", "https://")):
        safe = addr.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
        return f"[{md(addr)}]({safe})"
    return _("file {name}").format(name=f"`{addr.replace('`', '')}`")


def show_evidence(fb, scenario, topic_ids, key: str, title: str | None = None) -> None:
    """Each believed number with its source, the German words and their translation, one click away.
    Drawn only while open, so a belief change does not re-send every quote."""
    topic_ids = [t for t in dict.fromkeys(topic_ids) if t in fb.topic]
    box = st.expander(title or _("Where these numbers come from"), icon=":material/format_quote:", key=key, on_change="rerun")
    if not box.open:
        return
    with box:
        for t in topic_ids:
            e = evidence(fb, scenario, t)
            st.markdown(f"**{md(e.topic_label)}**: {md(e.printed)} · {md(e.source_name)} "
                        f"· _{md(HOW_WORDS[e.how])}_")
            if e.quote:
                st.markdown("> " + md(e.quote))
            if e.translation:
                st.caption((_("Translation: ") if e.quote else _("Paraphrase: ")) + md(e.translation))
            if e.address:
                st.caption(_("Source: ") + _address(e.address))


def table(frame, numbers: dict | None = None, column_config: dict | None = None, **kwargs):
    """st.dataframe with numbers written as the reader writes them: each column in `numbers` is turned into text
    by its formatter (explainer.money) and right-aligned, so German readers see '5,87' and not '5.87'."""
    frame = frame.copy()
    config = dict(column_config or {})
    for col, fmt in (numbers or {}).items():
        if col not in frame.columns:
            continue
        frame[col] = [fmt(None if x is None or x != x else x) for x in frame[col]]
        current = config.get(col)
        label = current if isinstance(current, str) else None
        config[col] = st.column_config.TextColumn(label, alignment="right")
    return st.dataframe(frame, hide_index=True, width="stretch", column_config=config, **kwargs)
