"""Streamlit pieces every page uses: the view computed by the entry script, evidence and flags beside numbers."""
from __future__ import annotations

import functools
import gc
import hashlib
from collections.abc import Callable, Iterable, MutableMapping

import streamlit as st

from explainer.present import figures, i18n
from explainer.present.rule_words import HOW_WORDS
from explainer.present.digest import evidence
from explainer.present.flag_text import flag_message
from explainer.present.i18n import LANGUAGES, _, speaking
from explainer.trial import checked_upload
from explainer.present.markup import md, md_link
from explainer.urlstate import SWITCH, notice_lines, read_view, view_changes


# ---------------------------------------------------------------- uploads, once per content

UPLOAD_MEMO = "upload_checked"


def upload_key(files: list[tuple[str, bytes]]) -> str:
    """What identifies an upload's content: its files' names and bytes, hashed."""
    h = hashlib.sha256()
    for name, data in files:
        h.update(len(name).to_bytes(4, "big") + name.encode("utf-8", "replace") + len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def once_per_content(memo: MutableMapping, slot: str, files: list[tuple[str, bytes]], compute):
    """compute(files), once per content: memo (a session's state) keeps under SLOT the last files' hash and what
    compute made of them, so that a rerun of the page answers from it instead of reading megabytes again."""
    key = upload_key(files)
    if memo.get(slot + "_key") != key:
        memo[slot + "_key"], memo[slot] = key, compute(files)
    return memo[slot]


def checked_upload_once(memo: MutableMapping, files: list[tuple[str, bytes]], story_dir=None):
    """trial.checked_upload, once per content and story (a story's own articles may be quoted by name)."""
    return once_per_content(memo, f"{UPLOAD_MEMO}:{story_dir or ''}", files,
                            lambda fs: checked_upload(fs, story_dir))


# Where Streamlit 1.67 falls short for readers and offers no setting, a rule of style, all of them here (sent once a
# run as a style element only, which Streamlit puts where it takes no space):
# - a picker's list is as wide as its box, and the sidebar's boxes (inside the per-topic groups) are about 190 px:
#   two in five claims were cut off before their number ('Artikel 002: mindestens 10 Mrd. U...'). The list may be
#   wider than its box, up to 27rem and never wider than the screen;
# - the file uploader writes its limit in English only ('1MB per file'): the fact-base page says it in the reader's
#   language above the uploader, and the English line is hidden;
# - a page title keeps its desktop size (44 px) on a phone, where a long German word is wider than the screen and
#   the browser breaks it anywhere ('Finanzierungsrun' / 'de', 'Eigentümerstruktu' / 'r'; Chromium has no German
#   hyphenation offline). Below Streamlit's phone width (640 px) it scales with the screen instead: 33 px on a
#   390 px phone, and never below 28 px;
# - on a touch screen a table's toolbar (show, download, search, full screen) is always shown, in the 44 px above
#   the table, where the gap to the element before is 16 px: it covered the last line of the caption above it
#   ('der Vorlauf einer Quelle ist der Mittelwert ih...'). There, a table keeps 2rem more room above it.
# The focus rings: Streamlit marks a focused navigation link only by a faint background (the same as under the pointer)
# and a picker not at all; a keyboard reader sees where they are by the accent colour's ring (issue 30).
FRAMEWORK_STYLES = """<style>
[data-testid="stSelectboxVirtualDropdown"] { min-width: min(27rem, calc(100vw - 2rem)); }
.st-key-upload [data-testid="stFileUploaderDropzoneInstructions"], .st-key-draft_upload [data-testid="stFileUploaderDropzoneInstructions"] { display: none; }
@media (max-width: 640px) { [data-testid="stMain"] [data-testid="stHeading"] h1 { font-size: max(1.75rem, 8.5vw); } }
@media (hover: none) { [data-testid="stElementContainer"]:has(> [data-testid="stFullScreenFrame"] > [data-testid="stDataFrame"]) { margin-top: 2rem; } }
a:focus-visible, summary:focus-visible, button:focus-visible, [tabindex]:not(input):focus-visible { outline: 2px solid #C0392B !important; outline-offset: 2px; }
[data-testid="stRadioOption"]:has(input:focus-visible), [data-testid="stSelectbox"] > div:has(input:focus-visible), [data-testid="stMultiSelect"] > div:has(input:focus-visible), [data-testid="stTextInput"] > div:has(input:focus-visible) { outline: 2px solid #C0392B; outline-offset: 2px; border-radius: 0.5rem; }
</style>"""


def framework_styles() -> None:
    st.html(FRAMEWORK_STYLES)


@functools.cache  # once per process; gc.get_freeze_count() would tell too, but it counts, 11 ms for 150,000
def freeze_once() -> None:
    """A full garbage collection walks every object the process holds, about 150,000 once streamlit, pandas, plotly
    and the fact base are loaded, with the GIL held. The shipped config no longer collects after every run
    (runner.postScriptGC), but Python's own full collections still come about ten times a minute with 25 readers
    (the figures and frames of each run are cycles). What exists after the process's first full run lives as long as
    the process (modules, validators, cached fact bases), so the entry script calls this at its end: it is collected
    once more and then moved out of the collector's way (gc.freeze, the standard library's tool for this); later
    collections walk only what later runs create (in a minute of 25 readers their pauses summed to 3.2 s, against
    4.8 s without it, docs/performance.md)."""
    gc.collect()
    gc.freeze()


# Streamlit's process-wide switch for its legacy multipage mode (the one private name the app touches; see below).
PAGES_FOLDER_FLAG = "uses_pages_directory"


def ignore_pages_folder(*, in_app_test: bool = False) -> tuple[bool, Callable[[], None]]:
    """Switch off Streamlit's legacy pages/ mode for this process; returns whether it was on, and a function that
    undoes the switch (for the tests and the benchmark, which restore Streamlit as they found it).

    The design asks for a top-level pages/ folder. Streamlit 1.67 has no setting for it: the first session of a
    process sets `PagesManager.uses_pages_directory` when a pages/ folder sits beside the entry script, and while it is
    set a script run executes the addressed file of pages/ alone, without the entry script (script_runner._mpa_v1).
    Only a run of st.navigation clears it, and st.navigation may only be called by the entry script. So a deep link
    that is a fresh server's first request runs the page alone; `view()` then calls this and reruns. This is the only
    place that touches the flag: if an upgrade renames or drops it, this raises at once (tests/test_app.py
    test_the_pages_folder_flag_is_where_streamlit_reads_it) instead of leaving a page to rerun forever.

    IN_APP_TEST: AppTest resets the flag before every run (on the PagesManager its module imported), so that class
    is replaced by a subclass that takes the reset while the class the script runner reads keeps False: AppTest then
    runs as a served app after its first request (the entry script, then the page st.navigation picks)."""
    from streamlit.runtime.pages_manager import PagesManager

    if PAGES_FOLDER_FLAG not in vars(PagesManager):
        raise RuntimeError(
            f"Streamlit {st.__version__} has no PagesManager.{PAGES_FOLDER_FLAG}: the switch of its legacy pages/ "
            "mode was renamed or removed. Find the new one (streamlit/runtime/pages_manager.py, script_runner.py) "
            "and change pages/_parts.ignore_pages_folder, or rename the pages/ folder.")
    original_flag = getattr(PagesManager, PAGES_FOLDER_FLAG)
    undo = [lambda: setattr(PagesManager, PAGES_FOLDER_FLAG, original_flag)]
    if in_app_test:
        import streamlit.testing.v1.app_test as app_test

        class ServedPagesManager(PagesManager):
            """Takes AppTest's reset of the flag; PagesManager itself, which the script runner reads, keeps False."""

        original_class = app_test.PagesManager
        app_test.PagesManager = ServedPagesManager
        undo.append(lambda: setattr(app_test, "PagesManager", original_class))
    setattr(PagesManager, PAGES_FOLDER_FLAG, False)

    def restore() -> None:
        for step in reversed(undo):
            step()
    return bool(original_flag), restore


def view() -> dict:
    """What streamlit_app.py computed for this rerun: fb, scenario, beliefs, query."""
    if "view" not in st.session_state:
        # A deep link opened before anyone loaded the entry script: Streamlit, seeing a pages/ folder, ran this page
        # alone (its legacy multipage mode). Switch that off and rerun, so the entry script with the belief panel runs
        # and then this same page. Once per session: a second time would mean Streamlit no longer reads the switch.
        if st.session_state.get("_left_pages_folder_mode"):
            raise RuntimeError("Streamlit ran a page of pages/ alone again after its legacy pages/ mode was switched "
                               "off (pages/_parts.ignore_pages_folder): the switch no longer works in Streamlit "
                               f"{st.__version__}.")
        st.session_state["_left_pages_folder_mode"] = True
        ignore_pages_folder()
        st.rerun()
    return st.session_state["view"]


def address() -> dict[str, list[str]]:
    """The address bar's parameters now, each with all its values (what the codec reads)."""
    return {k: st.query_params.get_all(k) for k in st.query_params.keys()}


def set_address(sets: dict[str, list[str]], deletes: list[str]) -> None:
    """Apply what the codec (explainer.urlstate) says the address bar should carry: the one place the app writes it."""
    for k in deletes:
        del st.query_params[k]
    for k, v in sets.items():
        st.query_params[k] = v


def _read_linked_view(key: str, names, *, multi: bool) -> list[str]:
    """The ids the session's link chose for the view parameter KEY (urlstate.read_view); what it could not use is
    shown here and kept with the link's other notices."""
    chosen, notices = read_view(key, st.session_state.get("link_views", {}).get(key, []), names, multi=multi)
    if notices:
        st.session_state.setdefault("link_notices", []).extend(notices)
        st.warning("\n".join("- " + md(n) for n in notice_lines(notices)), icon=":material/link_off:")
    return chosen


def linked_choice(where, label: str, key: str, names, *, multi: bool, default: list[str],
                  old_names: Iterable[tuple[str, str]] = (), **kwargs):
    """A page's view choice (a selectbox, or a multiselect when `multi`) that travels in the link as ids.

    Streamlit's bind="query-params" would write what the picker shows (the label, in the reader's language) and read
    only that, so the codec reads and writes this parameter instead: `names()` gives id -> label in the active
    language; a link's value may be an id or (links made before ids, in either language) a label. The link seeds
    the choice once per session; then the widget is the state (kept while the reader is on other pages) and the
    address bar follows it. `old_names`: (label, id) pairs a link may still carry for an id whose label has since
    been reworded (the fact base's .links.json, "names")."""
    options = names()
    if key in st.session_state:  # a choice kept from a fact base that no longer has it falls back to the default
        kept = st.session_state[key]
        if multi and any(i not in options for i in kept):
            st.session_state[key] = [i for i in kept if i in options]
        elif not multi and kept not in options:
            st.session_state[key] = default[0]
    else:
        aliases: dict[str, list[str]] = {i: [] for i in options}
        for lang in LANGUAGES:
            with speaking(lang):
                for i, text in names().items():
                    aliases.setdefault(i, []).append(text)
        for text, i in old_names:
            if i in aliases:
                aliases[i].append(text)
        chosen = _read_linked_view(key, aliases, multi=multi)
        st.session_state[key] = chosen if multi else (chosen or default)[0]
    widget = where.multiselect if multi else where.selectbox
    value = widget(label, list(options), key=key, format_func=options.__getitem__, persist_state="session", **kwargs)
    set_address(*view_changes(key, list(value) if multi else [value], default, address()))
    return value


def linked_expander(label: str, key: str, *, default_open: bool, **kwargs):
    """An expander whose open state travels in the link as KEY=true or KEY=false (nothing where it is as a link
    without KEY means: DEFAULT_OPEN), read and written through the codec like the pages' choices. Streamlit's
    bind="query-params" wrote only what differs from the widget's own default and wrote nothing for a state set
    before the widget, so a session that starts closed (urlstate.FRESH_VISIT_VIEWS) would have shared a link that
    opens. The reader's choice is kept while they are on other pages (an expander forgets its state when it is not
    drawn, so a plain session key keeps it)."""
    kept = f"kept_{key}"
    if kept not in st.session_state:
        chosen = _read_linked_view(key, SWITCH, multi=False)
        st.session_state[kept] = chosen[0] == "true" if chosen else default_open
    if key not in st.session_state:
        st.session_state[key] = st.session_state[kept]
    box = st.expander(label, key=key, on_change="rerun", **kwargs)
    st.session_state[kept] = bool(box.open)
    set_address(*view_changes(key, [str(box.open).lower()], [str(default_open).lower()], address()))
    return box


# Every reader of one view sees the same figures, so a server makes each once (per fact base, language, chart and
# view) and every session shows that one object: st.cache_resource, because pickling a figure for st.cache_data costs
# more than building it (24 against 11 ms for the cap table). Nothing changes a figure once made (Streamlit only
# reads it). A figure holds at most about 200 kB, so 256 entries stay under about 50 MB; each goes after an hour.
SHARED_FIGURES = 256


def fact_base_key(fb) -> str:
    """The served fact base (its story's file) and its content, as a cache key: path, version and its text's hash."""
    return f"{fb.path}:{fb.version}:{hash(fb.raw_text)}"


@st.cache_resource(show_spinner=False, max_entries=SHARED_FIGURES, ttl="1h")
def _shared_figure(name: str, fb_key: str, lang: str, half: bool, state: str, _make, _alt, _fb):
    return figures.finish(_make(), figures.source_line(_fb), half=half), (_alt() if _alt else None)


def chart(make, fb, name: str, *, state: str, alt=None, half: bool = False, **kwargs):
    """A chart as every page shows it: the language's number separators, the source line inside the image, and a
    mode bar with only the download button (saving `name`.svg, or .png as the reader chose in the sidebar); right
    under it, for a reader who cannot see it, its text alternative (`alt()`, a charts.Alt): a sentence with its key
    numbers, and its data as a table one click away.

    `make()` builds the figure; STATE is everything it depends on besides the fact base and the language (the
    link's canonical query, the page's own choices), and the figure is made once for every session that shows the
    same (a session with its own uploaded fact base makes its own). HALF: drawn in half a page (its title wrapped
    shorter)."""
    if view()["uploaded"]:
        fig, text = figures.finish(make(), figures.source_line(fb), half=half), (alt() if alt else None)
    else:
        fig, text = _shared_figure(name, fact_base_key(fb), i18n.active(), half, state, make, alt, fb)
    fmt = st.session_state.get("image_format", "svg")  # the sidebar's choice for every chart's camera button
    event = st.plotly_chart(fig, width="stretch", config=figures.chart_config(name, fmt), **kwargs)
    if text is not None:
        show_alt(text, kwargs.get("key") or name)
    return event


def show_alt(text, key: str) -> None:
    """A chart's summary as a caption, and its data as a static table (read cell by cell by a screen reader, and
    wrapped on a phone) in an expander; drawn only while open."""
    st.caption(md(text.summary))
    if text.table.empty:
        return
    box = st.expander(_("Chart as a table"), icon=":material/table:", key=f"alt_{key}", on_change="rerun")
    if box.open:
        with box:
            st.table(text.table.map(md), hide_index=True, border="horizontal")


def show_flags(scenario, *topics: str) -> None:
    """The scenario's flags that concern these topics, right where the numbers are."""
    flags = scenario.flags_for(*topics) if topics else list(scenario.flags)
    fb = view()["fb"]  # the flags carry ids and numbers; their words are made here, in the reader's language
    warnings = [f for f in flags if f.level != "info"]
    infos = [f for f in flags if f.level == "info"]
    if warnings:
        st.warning("\n".join("- " + md(flag_message(fb, f)) for f in warnings), icon=":material/warning:")
    if infos:
        st.info("\n".join("- " + md(flag_message(fb, f)) for f in infos), icon=":material/info:")


def _address(addr: str) -> str:
    if addr.startswith(("http://", "https://")):
        return md_link(addr)
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
            if e.terms:
                st.caption(md(e.terms))
            if e.address:
                st.caption(_("Source: ") + _address(e.address))


def table(frame, numbers: dict | None = None, column_config: dict | None = None, **kwargs):
    """st.dataframe with numbers written as the reader writes them: each column in `numbers` is turned into text
    by its formatter (explainer.present.money) and right-aligned, so German readers see '5,87' and not '5.87'."""
    frame = frame.copy()
    config = dict(column_config or {})
    for col, fmt in (numbers or {}).items():
        if col not in frame.columns:
            continue
        frame[col] = [x if isinstance(x, str) else fmt(None if x is None or x != x else x)  # words stay words
                      for x in frame[col]]
        current = config.get(col)
        label = current if isinstance(current, str) else None
        config[col] = st.column_config.TextColumn(label, alignment="right")
    return st.dataframe(frame, hide_index=True, width="stretch", column_config=config, **kwargs)
