"""Entry point: the belief panel, bound to the URL, on every page; then the page the reader chose."""
from __future__ import annotations

import dataclasses
import html
import json
import os
from pathlib import Path
from urllib.parse import urlencode

import streamlit as st

from explainer.present import i18n, money
from explainer.engine.beliefs import BASIS_RULES, FX_RULES, NONE, PRESETS, RANGE_RULES, TRUST_PRESETS, current_claims
from explainer.present.rule_words import BASIS_HELP, FX_HELP, HOW_WORDS, PRESET_HELP, RANGE_HELP
from explainer.present.digest import source_of
from explainer.load.factbase import DEFAULT_FACTBASE
from explainer.present.figures import IMAGE_FORMATS
from explainer.present.labels import claim_labels
from explainer.present.i18n import NC_, N_, _, Messages, localized, pgettext
from explainer.present.markup import md
from explainer.engine.scenario import build_scenario
from explainer.present.export import scenario_csv, scenario_dict
from explainer.load.stories import STORIES_DIR, discover, find, story_title
from explainer.engine.timeline import milestones
from explainer.present.frames import milestones_labelled
from explainer.trial import checked_factbase
from explainer.urlstate import (FOLLOW_LABEL, NONE_LABEL, STORY_KEY, VIEW_PARAMS, address_changes, fresh_visit_views,
                                notice_lines, parse_query, read_story, to_query)
from pages._parts import address, framework_styles, freeze_once, set_address

FOLLOW = "__follow__"  # option meaning: the preset decides this topic
OPEN_GROUP_TOPICS = 12  # a group opens by itself only if it is this short (the bundled story's longest has 8)
MAX_PICKERS = 40  # pickers one open group draws
GROUPS = {"round": N_("The round"), "valuation": N_("The valuation"), "ownership": N_("Ownership before the round"),
          "compute": N_("Compute deals"), "context": N_("Context")}
LANGUAGE_NAMES = {"de": "Deutsch", "en": "English"}  # each in its own language: not translated
# The presets' and rules' names as the pickers show them: in English their ids, as links and the CLI write them.
# The presets' low/mid/high and the range rule's are one English word each but two things (the lowest report; a
# range's low end), so each has its context and German can word them apart.
PRESET_NAMES = Messages({"trust": NC_("preset", "trust"), "low": NC_("preset", "low"), "high": NC_("preset", "high"),
                         "mid": NC_("preset", "mid"), "latest": NC_("preset", "latest"),
                         "outcome": NC_("preset", "outcome")})
RULE_NAMES = Messages({"low": NC_("range rule", "low"), "mid": NC_("range rule", "mid"),
                       "high": NC_("range rule", "high"), "convert": NC_("fx rule", "convert"),
                       "base": NC_("fx rule", "base"), "pre": NC_("basis rule", "pre"),
                       "post": NC_("basis rule", "post")})


# The language of this run, before anything is drawn: the reader's choice in the sidebar switch wins for the
# session; else the link's lang; else the browser's language; else English.
def _language_chosen() -> None:
    st.session_state["lang_explicit"] = True


link_lang = st.query_params.get_all("lang")
if "lang_choice" not in st.session_state:
    st.session_state["lang_choice"] = i18n.choose_language(link_lang, st.context.locale)
lang = i18n.activate(st.session_state["lang_choice"])
# lang is written into the address when the reader chose it or the link carried one
write_lang = lang if (st.session_state.get("lang_explicit") or link_lang) else None

# The icon is a file of the app's own, sent inline: a ":material/..." page icon makes the browser fetch it from a
# Google font server (the sidebar's ":material/..." icons come from the font Streamlit bundles, so they stay).
ICON = Path(__file__).resolve().parent / "assets" / "balance.svg"


# The fact base the app serves: data/facts.yaml, or any file of the same schema named by EXPLAINER_FACTBASE.
FACTBASE = Path(os.environ.get("EXPLAINER_FACTBASE") or DEFAULT_FACTBASE)
# The stories it tells: that one first (the default), then each stories/<id>/ (explainer/load/stories.py); an app given
# another file by EXPLAINER_FACTBASE tells that one alone, as before. The link's story= picks one, once a session.
stories = discover(FACTBASE, None if os.environ.get("EXPLAINER_FACTBASE") else STORIES_DIR)
if "story_choice" not in st.session_state:
    st.session_state["story_choice"], st.session_state["story_notices"] = read_story(
        st.query_params.get_all(STORY_KEY), [s.id for s in stories], stories[0].id)
story = find(stories, st.session_state["story_choice"]) or stories[0]  # or its folder went while the session ran


def _story_chosen() -> None:
    """Another story starts afresh: its beliefs and views from its defaults, the address bar holding only the language
    and the story (the old story's topic and source ids mean nothing in it). An upload stays with its story."""
    old = st.session_state.get("view", {}).get("fb")
    for key in ["link_notices", "link_views", "preset", "ranges", "fx", "basis", "trust", *VIEW_PARAMS,
                *(t.id for t in (old.topics if old else ())), *(k for k in st.session_state if k.startswith("more_"))]:
        st.session_state.pop(key, None)
    lang_values = st.query_params.get_all("lang")
    st.query_params.clear()
    if lang_values:
        st.query_params["lang"] = lang_values
    if st.session_state["story_choice"] != stories[0].id:
        st.query_params[STORY_KEY] = st.session_state["story_choice"]


# One object shared by every session (cache_resource: no copy per reader, no unpickling per rerun; the model is
# frozen). Keyed by the file's mtime so an edit is picked up; at most eight (a few stories, two versions of one),
# each at most MAX_BYTES of YAML.
@st.cache_resource(show_spinner=False, max_entries=8)
def served_factbase(path: str, mtime: float):
    """The fact base, or None and its problems: unreadable, invalid, or failing in the engine (never raises)."""
    return checked_factbase(path)


@st.cache_resource
def last_good() -> dict:
    """The last fact base that loaded without problems, per path, shared by every session of this server."""
    return {}


def active_factbase():
    """The fact base this session shows, whether it is the reader's upload, and the served file's problems (drawn by
    the caller, after the page config: nothing is drawn here)."""
    try:
        fb, problems = served_factbase(str(story.path), story.path.stat().st_mtime)
    except OSError as e:
        fb, problems = None, [f"{story.path}: cannot read file: {e.strerror or e}"]
    if fb is not None:
        last_good()[str(story.path)] = fb
        problems = []
    else:
        fb = last_good().get(str(story.path))
    uploaded = st.session_state.get("uploaded_factbase")
    mine = st.session_state.get("uploaded_story", story.id) == story.id  # a reader's upload belongs to one story
    if fb is not None and uploaded is not None and mine and st.session_state.get("use_uploaded", False):
        return uploaded, True, problems
    return fb, False, problems


fb, is_uploaded, problems = active_factbase()
# Once a run, before anything is drawn: the browser tab names the story this fact base tells (each call is a message
# the browser handles, so the title is not first set to the app's name and then to the story's)
st.set_page_config(page_title=localized(fb, "title")[:60] if fb else _("Numbers that sources disagree about"),
                   page_icon=str(ICON), layout="wide")
framework_styles()
if problems:
    st.error(_("The fact base has problems; the app keeps showing its last good version.") if fb else
             _("The fact base has problems; there is nothing to show until they are fixed."))
    st.code("\n".join(str(p) for p in problems), language=None)
    if fb is None:
        st.stop()

# The address bar as it came in. The link seeds the belief panel once per session; from then on the panel is the
# state and the codec writes the address itself, as ids: Streamlit's bind="query-params" would write what a picker
# shows (its format_func label), which changes with the language and with every correction of a claim.
raw_query = address()
link_beliefs, link_notices, link_views = parse_query(raw_query, fb)
if "link_notices" not in st.session_state:
    st.session_state["link_notices"] = st.session_state.pop("story_notices", []) + link_notices
    with i18n.speaking("en"):  # the downloads carry them in English: the same file in every language
        st.session_state["link_notices_en"] = parse_query(raw_query, fb)[1]
    # each page reads its own (pages/_parts.linked_choice, linked_expander); a visit without a link starts as if
    # its link had carried some closed views, a link keeps the meaning it was made with (urlstate.FRESH_VISIT_VIEWS)
    st.session_state["link_views"] = {**fresh_visit_views(raw_query), **link_views}
    for rule in ("preset", "ranges", "fx", "basis"):
        st.session_state[rule] = getattr(link_beliefs, rule)
    st.session_state["asof"] = link_beliefs.asof or ""  # "" is the fact base's date: everything it knows
    st.session_state["trust"] = list(link_beliefs.trust) if tuple(link_beliefs.trust) != tuple(fb.defaults.trust) else []
    for topic_id, claim_id in link_beliefs.picks:
        st.session_state[topic_id] = claim_id

pages = {
    _("The round"): [
        st.Page("pages/overview.py", title=_("Overview"), icon=":material/home:", default=True),
        st.Page("pages/cap_table.py", title=_("Cap table"), icon=":material/pie_chart:"),
        st.Page("pages/compute.py", title=_("Compute and circularity"), icon=":material/sync_alt:"),
    ],
    _("The sources"): [
        st.Page("pages/sources.py", title=_("Sources and disagreements"), icon=":material/compare_arrows:"),
        st.Page("pages/scorecard.py", title=_("Scorecard: who was right?"), icon=":material/fact_check:"),
        st.Page("pages/worlds.py", title=_("Every possible world"), icon=":material/scatter_plot:"),
        st.Page("pages/timeline.py", title=_("Timeline"), icon=":material/timeline:"),
        st.Page("pages/factbase.py", title=_("Fact base"), icon=":material/database:"),
    ],
}
page = st.navigation(pages)

# ---------------------------------------------------------------- the language switch and the belief panel
side = st.sidebar
side.radio(_("Language"), list(LANGUAGE_NAMES), key="lang_choice", horizontal=True, on_change=_language_chosen,
           format_func=LANGUAGE_NAMES.get, label_visibility="collapsed")
if len(stories) > 1:
    story_titles = {s.id: story_title(s, lang) for s in stories}
    # a radio, each story's title in full: a newsroom tells a handful, and a list shows them without a click
    side.radio(_("Story"), list(story_titles), key="story_choice", format_func=story_titles.__getitem__,
               on_change=_story_chosen)
side.header(_("Whom do you believe?"))
# Widgets' format_func read dicts made in this run (AppTest calls format_func outside the run, in no language).
preset_names = {p: PRESET_NAMES[p] if p in PRESET_NAMES else p for p in PRESETS}
rule_names = dict(RULE_NAMES)
source_names = {s.id: localized(s, "name") for s in fb.sources}
side.selectbox(_("Preset"), PRESETS, key="preset", format_func=preset_names.__getitem__,
               help="\n".join(f"- **{preset_names[p]}**: {h}" for p, h in PRESET_HELP.items()))
side.caption(PRESET_HELP[st.session_state["preset"]])
# The trust order is drawn only under the presets that read it (beliefs.choose): under low, high, mid and latest it
# changes nothing, and a reader who changed it there would see nothing happen. It is kept meanwhile (persist_state)
# and stays in the address bar, so a switch back to 'trust' finds it as the reader left it.
if st.session_state["preset"] in TRUST_PRESETS:
    source_ids = [s.id for s in fb.sources]
    # select_all=False: Streamlit's bulk "Select all" is an English phrase it does not translate, and it would only
    # spell out the fact base's order, which an empty list already means
    side.multiselect(_("Trust order (first that speaks wins)"), source_ids, key="trust", persist_state="session",
                     format_func=source_names.__getitem__, placeholder=_("the fact base's order"), select_all=False,
                     help=_("Used by the 'trust' and 'outcome' presets; sources you leave out come after, in the "
                            "fact base's order."))
    if not st.session_state.get("trust"):
        side.caption(_("Empty, so the fact base's order: {sources}").format(
            sources=md(", ".join(source_names[s] for s in fb.defaults.trust))))

# The view's date: a reader steps through the story's milestones (when each article was written, the announcement,
# the close); the last stop, the default, is the fact base's date. Every page reads it through the beliefs.
marks = milestones_labelled(fb, milestones(fb))
stops = {str(d): label for d, label in zip(marks["date_text"], marks["label"]) if len(str(d)) == 10}
if st.session_state.get("asof") and st.session_state["asof"] not in stops:  # a link's own date is a stop too
    stops[st.session_state["asof"]] = ""
stop_ids = sorted(d for d in stops if d < fb.date) + [""]
if st.session_state.get("asof", "") not in stop_ids:
    st.session_state["asof"] = ""
# labels made in this run, in its language (AppTest calls format_func outside the run, in no language)
stop_names = {d: money.date(d) if d else _("now ({date})").format(date=money.date(fb.date)) for d in stop_ids}
side.select_slider(_("The story as of"), stop_ids, key="asof", format_func=stop_names.__getitem__,
                   help=_("Only what had been said by this date is believed or offered, and only deals still in "
                          "force then count."))
asof_now = st.session_state["asof"]
side.caption(md(stops[asof_now]) if stops.get(asof_now) else _("Everything the fact base knows."))  # a name: text
offered = {t: {c.id for c in cs} for t, cs in current_claims(fb, asof_now or fb.story_end).items()}

# Per-topic pickers: only an open group's are drawn, so a belief change does not re-send two dozen closed pickers
# and their captions. A picker keeps its choice while its group is closed (persist_state), and the choice goes into
# the address bar through the codec below, not through Streamlit's binding, which drops a param whose widget is
# not drawn. A link that picks a topic opens that topic's group.
# A long group (a newsroom's large story) opens only when asked and draws at most MAX_PICKERS pickers, the topics
# chosen first: Streamlit 1.67 copies the session's state for every widget it draws, so 500 pickers cost a rerun
# 600 ms (bench/hostile.py). The rest are reached through the group's finder, and a link picks any topic.
captions = {}  # one caption per open group, filled once the scenario is known
side.subheader(_("Per topic"))
for group, group_label in GROUPS.items():
    topics = [t for t in fb.topics if t.group == group and fb.claims_by_topic.get(t.id)]
    if not topics:
        continue
    linked = any(t.id in link_beliefs.pick for t in topics)
    short = len(topics) <= OPEN_GROUP_TOPICS
    box = side.expander(_(group_label), expanded=(group in ("round", "valuation") and short) or linked,
                        key=f"group_{group}", on_change="rerun")
    if not box.open:
        continue
    with box:
        chosen = {t.id for t in topics if st.session_state.get(t.id, FOLLOW) != FOLLOW}
        wanted = set(st.session_state.get(f"more_{group}") or ())
        shown = sorted(topics, key=lambda t: not (t.id in chosen or t.id in wanted))[:MAX_PICKERS]
        shown = [t for t in topics if t in shown]  # in the fact base's order
        for t in shown:
            # only what had been said by the view's date is offered; a pick made at a later date stays, marked
            mine = st.session_state.get(t.id)
            labels = {FOLLOW: _(FOLLOW_LABEL),
                      **{c: (label if c in offered.get(t.id, ()) else
                             _("{label} (said after this date)").format(label=label))
                         for c, label in claim_labels(fb, t.id).items() if c in offered.get(t.id, ()) or c == mine},
                      NONE: _(NONE_LABEL)}
            st.selectbox(md(localized(t, "label")), list(labels), key=t.id, persist_state="session",
                         format_func=labels.__getitem__)
        if len(shown) < len(topics):
            hidden = {t.id: localized(t, "label") for t in topics if t not in shown}
            st.multiselect(_("{n} more topics: show", ).format(n=money.number(len(hidden))), list(hidden),
                           key=f"more_{group}", format_func=hidden.get, max_selections=MAX_PICKERS // 2,
                           placeholder=_("find a topic"))
        captions[group] = (st.empty(), [t.id for t in shown])

side.subheader(_("Rules"))
side.radio(_("Ranges ('20 to 50')"), RANGE_RULES, key="ranges", horizontal=True,
           format_func=rule_names.__getitem__, captions=[RANGE_HELP[r] for r in RANGE_RULES])
side.radio(_("Currency labels"), FX_RULES, key="fx", format_func=rule_names.__getitem__,
           captions=[FX_HELP[r] for r in FX_RULES])
side.radio(_("Valuation without pre/post"), BASIS_RULES, key="basis", horizontal=True,
           format_func=rule_names.__getitem__, captions=[BASIS_HELP[r] for r in BASIS_RULES])

# The widgets' state, as ids, read back through the one codec.
state = [("preset", st.session_state["preset"]), ("ranges", st.session_state["ranges"]),
         ("fx", st.session_state["fx"]), ("basis", st.session_state["basis"])]
state += [("trust", s) for s in st.session_state.get("trust") or []]
state += [("asof", asof_now)] if asof_now else []
state += [(t.id, st.session_state[t.id]) for t in fb.topics if st.session_state.get(t.id, FOLLOW) != FOLLOW]
beliefs, _notices, _views = parse_query(state, fb)
query = to_query(beliefs, fb)
scenario = build_scenario(fb, beliefs, st.session_state["link_notices"])
# what the downloads hold: the scenario with the link's notices in English (dismissed ones left out)
download = dataclasses.replace(scenario, notices=tuple(st.session_state.get("link_notices_en") or ())
                               if st.session_state["link_notices"] else ())
st.session_state["view"] = {"fb": fb, "scenario": scenario, "beliefs": beliefs, "query": query,
                            "uploaded": is_uploaded, "story": story.id, "download": download,
                            # a story of stories/ lends an upload its own articles; the bundled one its seeds/
                            "story_dir": None if story.id == stories[0].id else str(story.path.parent)}

for ph, topic_ids in captions.values():
    ph.caption("  \n".join(f"{md(localized(fb.topic[t], 'label'))} → {md(source_of(fb, scenario, t))} "
                            f"({HOW_WORDS[scenario.resolved[t].how]})" for t in topic_ids))

# The address bar carries the beliefs as ids (and the version of the fact base they were made with); an old link's
# labels are replaced by ids here, so a link copied from the address bar is in today's form.
set_address(*address_changes(beliefs, fb, address(), lang=write_lang,
                             story=None if story.id == stories[0].id else story.id))

if st.session_state["link_notices"]:
    with st.container(border=True):
        st.warning(_("This link carried values that could not be used; they fall back to defaults:"),
                   icon=":material/link_off:")
        # one plain-text element of at most MAX_NOTICES lines: a stuffed link must not cost the page 3,000 elements
        st.text("\n".join("• " + n for n in notice_lines(st.session_state["link_notices"])))
        if st.button(_("Dismiss"), key="dismiss_notices"):
            st.session_state["link_notices"] = []
            st.rerun()

page.run()

# ---------------------------------------------------------------- link, downloads, footer (after the page, so the
# link carries the page's own view choices too)
side.divider()
# Share, download and embed in one panel behind a button, in that order (the newsrooms' embed code is the longest, and
# last). Its contents are made only while it is open (opening it is a rerun, as for the per-topic groups): a popover
# sends its contents with every run even while closed, and these 12 elements were a fifth of what every belief change
# sent. A first visit does not load the code blocks' syntax highlighter (1.6 MB of script) before a reader asks for
# the link. The image format is kept while the panel is closed (persist_state), as every chart reads it.
share = side.popover(_("Share this view"), icon=":material/share:", width="stretch", key="share_open",
                     on_change="rerun")
if share.open:
    # The address bar as the codec left it (the beliefs and the pages' views, as ids), in its own order, so the two
    # read alike; the shared link always names the language it was made in (the ids mean the same in both)
    params = address()
    view_url = (st.context.url or "") + "?" + urlencode([(k, v) for k, vs in params.items() for v in vs]
                                                       + ([] if "lang" in params else [("lang", lang)]))
    share.code(view_url, language=None, wrap_lines=True)
    share.caption(_("The address bar holds the same view; copy either."))
    share.radio(_("Chart images"), IMAGE_FORMATS, key="image_format", horizontal=True, format_func=str.upper,
                persist_state="session",
                help=_("What each chart's camera button saves: SVG (sharp at any size, editable) or PNG (for any "
                       "page or slide). The source line is in the image."))
    c1, c2 = share.columns(2)
    # built only when clicked: the same content as `python -m explainer scenario --query ...`
    c1.download_button(_("Scenario JSON"),
                       lambda: json.dumps(scenario_dict(fb, download, query), ensure_ascii=False, indent=2),
                       pgettext("file name", "scenario") + ".json", "application/json", width="stretch", on_click="ignore")
    c2.download_button(_("Scenario CSV"), lambda: scenario_csv(scenario_dict(fb, download, query)),
                       pgettext("file name", "scenario") + ".csv", "text/csv", width="stretch", on_click="ignore")
    share.subheader(_("Embed this view"))
    # Streamlit's embed mode (?embed=true): no menu, no padding; the toolbar stays for fullscreen and downloads
    embed = (f'<iframe src="{html.escape(view_url, quote=True)}&amp;embed=true&amp;embed_options=show_toolbar" '
             f'title="{html.escape(_("Numbers that sources disagree about"), quote=True)}" width="100%" height="800" '
             'style="border:0" loading="lazy"></iframe>')
    share.code(embed, language="html", wrap_lines=True)
    share.caption(_("For newsrooms: paste this into your page; it shows this view with the reader's choices and "
                    "language."))
side.caption(_("Fact base: {title} · version {version} of {date}").format(
    title=md(localized(fb, "title")), version=md(fb.version), date=money.date(fb.date))
    + (" · **" + _("uploaded, this session only") + "**" if is_uploaded else ""))

freeze_once()  # what this process's first run leaves, out of the garbage collector's way (pages/_parts)
