"""Fact base: browse every claim, download the fact base and its schema, try your own in this session only."""
import pickle

import pandas as pd
import streamlit as st

from explainer import draft
from explainer.present import money
from explainer.draft import worker
from explainer.present.digest import KIND_WORDS, claims_frame, filter_claims
from explainer.load.factbase import MAX_ARTICLE_KB, MAX_KB, MAX_UPLOAD_FILES, SCHEMA_PATH
from explainer.present.figures import status_word
from explainer.present.i18n import _, localized
from explainer.present.markup import md
from explainer.trial import trial_problems
from explainer.present.labels import source_label
from pages._parts import checked_upload_once, linked_choice, once_per_content, view

v = view()
fb = v["fb"]

st.title(_("Fact base"))
st.caption(md(_("{title} · version {version} of {date} · {sources} sources, {topics} topics, {claims} claims").format(
    title=localized(fb, "title"), version=fb.version, date=money.date(fb.date), sources=money.number(len(fb.sources)),
    topics=money.number(len(fb.topics)), claims=money.number(len(fb.claims)))))

frame = claims_frame(fb)
c1, c2, c3 = st.columns(3)
# The filters travel in the link as ids (language-neutral); the pickers show the labels in the reader's language.
topic_ids = list(dict.fromkeys(frame["topic_id"]))
source_ids = list(dict.fromkeys(frame["source_id"]))


def by_label(names: dict[str, str]) -> dict[str, str]:
    """The pickers list their choices in the order of the words the reader sees."""
    return dict(sorted(names.items(), key=lambda kv: kv[1]))


topic = linked_choice(c1, _("Topic"), "claims_topic",
                      lambda: by_label({t: localized(fb.topic[t], "label") for t in topic_ids}), multi=True,
                      default=[], placeholder=_("all topics"), old_names=fb.name_aliases)
source = linked_choice(c2, _("Source"), "claims_source", lambda: by_label({s: source_label(fb, s) for s in source_ids}),
                       multi=True, default=[], placeholder=_("all sources"), old_names=fb.name_aliases)
kind = linked_choice(c3, _("Kind of source"), "claims_kind", lambda: {k: _(w) for k, w in KIND_WORDS.items()},
                     multi=True, default=[], placeholder=_("all kinds"))
shown = filter_claims(frame.assign(topic=frame["topic_id"], source=frame["source_id"]), topic, source, kind)
shown = frame.loc[shown.index]
shown = shown.assign(kind=[_(KIND_WORDS.get(k, k)) for k in shown["kind"]],
                     status=[status_word(k) for k in shown["status"]])
headers = {"claim": _("Claim"), "topic": _("Topic"), "source": _("Source"), "kind": _("Kind"),
           "as printed": _("As printed"), "status": _("Status"), "date": _("Date"), "quote": _("Quote"),
           "translation": _("Translation"), "address": _("Address"), "review": _("To review")}
if not shown["review"].any():  # only a drafted fact base has claims to review
    shown = shown.drop(columns=["review"])
st.dataframe(shown.drop(columns=["topic_id", "source_id"]).rename(columns=headers), hide_index=True,
             width="stretch", column_config={_("Quote"): st.column_config.TextColumn(width="large"),
                                             _("Translation"): st.column_config.TextColumn(width="large")})
st.caption(_("{shown} of {total} claims").format(shown=money.number(len(shown)), total=money.number(len(frame))))

d1, d2 = st.columns(2)
d1.download_button(_("Download the fact base (YAML)"), fb.raw_text,
                   "facts.yaml", "application/yaml", width="stretch")
d2.download_button(_("Download its JSON Schema"), SCHEMA_PATH.read_text(encoding="utf-8"), "facts.schema.json",
                   "application/json", width="stretch")

st.subheader(_("Try your own fact base"))
st.markdown(md(_("Upload a YAML file of the same schema, at most {size} kB, with the text files its articles quote, "
                 "each at most {article} kB (an article's text is read only from the files you upload with it, or "
                 "from this story's own articles by file name). It is checked here and used in this session only: the "
                 "bundled fact base and other readers never see it.").format(
    size=money.number(MAX_KB), article=money.number(MAX_ARTICLE_KB))))
# Streamlit writes the upload limit under the button in English only: it is said in the paragraph above, in the
# reader's language, and Streamlit's line is hidden (pages/_parts.FRAMEWORK_STYLES; the label names the file types)
files = st.file_uploader(_("Fact base (.yaml) and its article texts (.txt)"), type=["yaml", "yml", "txt"],
                         accept_multiple_files=True, key="upload")
if files:
    # Checked in the core, once per content (a rerun of this page does not parse it again): its texts come only from
    # these files (or the story's own articles by name), never the server's, and it must pass the engine's trial run too.
    new_fb, problems = checked_upload_once(st.session_state, [(f.name, f.getvalue()) for f in files],
                                           v["story_dir"])
    if problems:
        st.error(_("{n} problem(s); the app keeps the fact base it had:").format(n=money.number(len(problems))))
        st.code("\n".join(str(p) for p in problems), language=None)
    else:
        st.success(md(_("{path} is valid: version {version}, {claims} claims.").format(
            path=new_fb.path, version=new_fb.version, claims=money.number(len(new_fb.claims)))))
        if st.button(_("Use it in this session"), type="primary", key="use_upload_button"):
            st.session_state["uploaded_factbase"] = new_fb
            st.session_state["use_uploaded"] = True
            st.session_state["uploaded_story"] = v["story"]
            st.rerun()
if v["uploaded"]:
    st.info(_("You are exploring an uploaded fact base. Links you copy point to the bundled one for other readers."))
    if st.button(_("Back to the bundled fact base")):
        st.session_state["use_uploaded"] = False
        st.rerun()


LARGE_DRAFT = 200  # figures: a draft with more is checked in a worker process


def drafted_in_worker(files: list[tuple[str, bytes]]) -> worker.Drafted:
    """The upload drafted in a worker process, with its progress shown while the reader waits."""
    with st.status(_("Drafting {n} article(s) …").format(n=money.number(len(files))), expanded=False) as status:
        drafted = worker.draft_in_worker(files)
        status.update(label=_("Drafted") if drafted.limit is None else _("Drafting stopped"),
                      state="complete" if drafted.limit is None else "error")
    return drafted


def limit_message(limit: str) -> str:
    """What a reader is told when drafting hit one of the server's limits (the draft is not used; nothing else in
    the session changes)."""
    if limit == "busy":
        return _("{n} drafts are under way on this server, the most it makes at once. Please try again in a "
                 "minute.").format(n=money.number(worker.MAX_DRAFTS))
    if limit == "memory":
        return _("Drafting stopped at its memory limit of {mb} MB. Please upload fewer or shorter articles.").format(
            mb=money.number(worker.MEMORY_BYTES // 1_000_000))
    if limit == "error":
        return _("Drafting failed on these articles: an error in the drafter, not in your files. The server's log "
                 "has the details; please report it with the files.")
    if limit == "time":
        return _("Drafting stopped at its time limit of {seconds} seconds: the server is busy. Please try again in a "
                 "minute, or upload fewer articles.").format(seconds=money.number(worker.WALL_SECONDS))
    return _("Drafting stopped at its limit of {seconds} seconds of computing time. Please upload fewer or shorter "
             "articles.").format(seconds=money.number(worker.CPU_SECONDS))


def draft_from_articles() -> None:
    """Draft from articles: upload texts, correct the drafted claims in a table, download the YAML or use it here."""
    st.subheader(_("Draft from articles"))
    st.markdown(md(_("Upload up to {files} articles as plain text (.txt, German or English, each at most {size} kB, "
                     "{total} kB in all): every figure of money, percent or capacity becomes a claim with its quote. "
                     "Correct the table (keep or drop, topic, entity, qualifier, value), then download the fact base, "
                     "to keep next to the articles, or use it in this session.").format(
        files=money.number(MAX_UPLOAD_FILES), size=money.number(MAX_ARTICLE_KB), total=money.number(MAX_KB))))
    files = st.file_uploader(_("Articles (.txt)"), type=["txt"], accept_multiple_files=True, key="draft_upload")
    if not files:
        return
    # drafted once per set of files, not on every edit of the table; in a worker process with CPU and memory limits,
    # so that this reader's text never holds up the server's other readers (explainer/draft/worker.py)
    drafted = once_per_content(st.session_state, "draft", [(f.name, f.getvalue()) for f in files], drafted_in_worker)
    if drafted.limit:
        if drafted.limit == "busy":  # not this content's fault: drafted again on the next run
            st.session_state.pop("draft_key", None)
        st.error(limit_message(drafted.limit))
        return
    articles, figures, company, problems = drafted.as_tuple()
    if problems:
        st.error(_("{n} problem(s) with the upload:").format(n=money.number(len(problems))))
        st.code("\n".join(str(p) for p in problems[:200]), language=None)
        return
    if not figures:
        st.info(_("No figures of money, percent or capacity found in these articles."))
        return
    c = st.column_config
    edited = st.data_editor(
        pd.DataFrame(draft.review_rows(articles, figures)), hide_index=True, width="stretch", key="draft_table",
        disabled=["article", "quote"], column_order=draft.TABLE_COLUMNS,
        column_config={"keep": c.CheckboxColumn(_("Keep")), "article": c.TextColumn(_("Article")),
                       "quote": c.TextColumn(_("Quote in its sentence"), width="large"),
                       "topic": c.SelectboxColumn(_("Topic"), options=draft.TOPIC_CHOICES, required=True,
                                                  format_func=lambda k: draft.TOPIC_WORDS[k]),
                       "entity": c.TextColumn(_("Entity")),
                       "bound": c.SelectboxColumn(_("Qualifier"), options=draft.BOUNDS, required=True,
                                                  format_func=lambda k: draft.QUALIFIER_WORDS[k]),
                       "value": c.NumberColumn(_("Value")), "low": c.NumberColumn(_("Low")),
                       "high": c.NumberColumn(_("High")),
                       "unit": c.SelectboxColumn(_("Unit"), options=draft.UNITS, required=True,
                                                 format_func=money.unit_word),
                       "currency": c.TextColumn(_("Currency"), max_chars=3)})
    kept = draft.with_edits(figures, draft.rows_to_edits(edited.to_dict("records")))
    # checked once per state of the table; a large draft in a worker process too (the loader's check of 1,000
    # figures takes a second or more, which the server's other readers should not wait for)
    documented = once_per_content(st.session_state, "draft_document", [("draft", pickle.dumps((articles, kept)))],
                                  lambda _files: worker.document_in_worker(articles, kept, company)
                                  if len(kept) > LARGE_DRAFT else worker.Documented(
                                      *draft.draft_document(articles, kept, company)))
    if documented.limit:
        if documented.limit == "busy":
            st.session_state.pop("draft_document_key", None)
        st.error(limit_message(documented.limit))
        return
    text, new_fb, problems = documented.text, documented.factbase, documented.problems
    summary = _("{kept} of {total} figures kept, from {articles} articles; the company they are about: {company}")
    st.caption(summary.format(
        kept=money.number(sum(f.keep for f in kept)), total=money.number(len(kept)),
        articles=money.number(len(articles)), company=company or "–"))
    d1, d2 = st.columns(2)
    d1.download_button(_("Download the draft (YAML)"), text, "draft.yaml", "application/yaml", width="stretch",
                       key="draft_download")
    if problems:
        st.error(_("{n} problem(s); the draft cannot be used yet:").format(n=money.number(len(problems))))
        st.code("\n".join(str(p) for p in problems[:200]), language=None)
    elif d2.button(_("Use the draft in this session"), type="primary", key="use_draft_button", width="stretch"):
        problems = trial_problems(new_fb)  # as an upload: the engine must be able to show it
        if problems:
            st.error(_("{n} problem(s); the draft cannot be used yet:").format(n=money.number(len(problems))))
            st.code("\n".join(str(p) for p in problems), language=None)
        else:
            st.session_state["uploaded_factbase"] = new_fb
            st.session_state["use_uploaded"] = True
            st.session_state["uploaded_story"] = v["story"]
            st.rerun()


draft_from_articles()
