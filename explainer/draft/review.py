"""The editor's table on the Fact base page, and drafting a reader's upload within its limits."""
from __future__ import annotations

import re
from dataclasses import replace

from ..load.factbase import MAX_ARTICLE_BYTES, MAX_BYTES, MAX_UPLOAD_FILES, Problem, parse_factbase
from ..present.i18n import Messages, N_
from ..load.model import BOUNDS, FactBase
from .document import draft_yaml, factbase_doc, file_name
from .lexicon import TOPIC_CHOICES, UNITS
from .read import Article, Mention, draft_figures


def with_edits(figures: list[Mention], edits: list[dict]) -> list[Mention]:
    """The figures as the editor corrected them: one dict per figure with any of keep, topic, entity, bound,
    value, low, high, unit, currency (the table on the Fact base page)."""
    out = []
    for f, e in zip(figures, edits):
        changes = {k: e[k] for k in ("keep", "topic", "entity", "bound", "value", "low", "high", "unit", "currency")
                   if k in e}
        if changes.get("entity") in ("", None):
            changes["entity"] = None
        g = replace(f, **changes)
        if g.bound == "range" and (g.low is None or g.high is None):
            g = replace(g, bound="exact", value=g.value if g.value is not None else (g.low or g.high))
        if g.bound != "range" and g.value is None:
            g = replace(g, value=g.high if g.high is not None else g.low)
        out.append(g)
    return out


TOPIC_WORDS = Messages({"investment": N_("investment by an investor"), "round_total": N_("size of the round"),
                        "valuation": N_("valuation in the round"), "prior_valuation": N_("valuation before the round"),
                        "stake": N_("stake of a holder"), "prior_investment": N_("earlier investment"),
                        "compute_money": N_("compute commitment with a vendor"),
                        "compute_total": N_("compute commitments in total"), "capacity": N_("capacity from a vendor"),
                        "revenue": N_("revenue"), "spending": N_("spending"), "growth": N_("growth"),
                        "joint_investment": N_("joint investment by several investors"),
                        "investment_intent": N_("letter of intent by an investor"),
                        "cross_stake": N_("stake in another company"), "other": N_("other figure")})


QUALIFIER_WORDS = Messages({"exact": N_("exact"), "about": N_("about"), "up_to": N_("up to"),
                            "at_least": N_("at least"), "above": N_("more than"), "below": N_("less than"),
                            "range": N_("range (low to high)")})


TABLE_COLUMNS = ("keep", "article", "quote", "topic", "entity", "bound", "value", "low", "high", "unit", "currency")


def in_sentence(f: Mention) -> str:
    """The quote shown in its sentence, set off with »…«."""
    if f.quote == f.sentence or f.quote not in f.sentence:
        return f"»{f.quote}«"
    return f.sentence.replace(f.quote, f"»{f.quote}«", 1)


def review_rows(articles: list[Article], figures: list[Mention]) -> list[dict]:
    """One row per figure for the editor's table: what can be corrected, and the quote in its sentence."""
    return [{"keep": f.keep, "article": articles[f.article].name, "quote": in_sentence(f), "topic": f.topic,
             "entity": f.entity or "", "bound": f.bound, "value": f.value, "low": f.low, "high": f.high,
             "unit": f.unit, "currency": f.currency or ""} for f in figures]


def rows_to_edits(rows: list[dict]) -> list[dict]:
    """The table's rows back as edits for with_edits (empty cells as None; a missing number stays missing)."""
    out = []
    for r in rows:
        e = {k: r.get(k) for k in ("keep", "topic", "entity", "bound", "unit", "currency") if k in r}
        for k in ("value", "low", "high"):
            x = r.get(k)
            e[k] = None if x is None or x != x else float(x)  # NaN from an emptied cell
        e["keep"] = bool(e.get("keep", True))
        if e.get("topic") not in TOPIC_CHOICES:
            e["topic"] = "other"
        if e.get("bound") not in BOUNDS:
            e["bound"] = "exact"
        if e.get("unit") not in UNITS:
            e.pop("unit", None)
        e["currency"] = (str(e.get("currency") or "").strip().upper() or None)
        if e["currency"] is not None and not re.fullmatch(r"[A-Z]{3}", e["currency"]):
            e["currency"] = None
        e["entity"] = str(e.get("entity") or "").strip()[:80] or None
        out.append(e)
    return out


MAX_FIGURES = 2000  # in one draft: five long reports hold a few hundred; 1 MB of the bundled articles 1,445


def draft_upload(files: list[tuple[str, bytes]], lang: str = "auto") -> tuple[list[Article], list[Mention],
                                                                               str | None, list[Problem]]:
    """Articles a reader uploads: .txt files only, at most MAX_UPLOAD_FILES of at most MAX_ARTICLE_BYTES each (what a
    fact base may quote) and MAX_BYTES in all, UTF-8."""
    problems = [Problem(n, None, "not a .txt file") for n, _d in files if not n.lower().endswith(".txt")]
    if len(files) > MAX_UPLOAD_FILES:
        problems.append(Problem("upload", None, f"{len(files)} files; the limit is {MAX_UPLOAD_FILES}"))
    total = sum(len(d) for _n, d in files)
    if total > MAX_BYTES:  # drafting costs 3-4 s of CPU a megabyte of dense prose (bench/draft_cost.py)
        problems.append(Problem("upload", None, f"{total:,} bytes in all; the limit is {MAX_BYTES:,}"))
    inputs = []
    for n, d in files:
        if len(d) > MAX_ARTICLE_BYTES:
            problems.append(Problem(n, None, f"file is {len(d):,} bytes; an article's limit is {MAX_ARTICLE_BYTES:,}"))
            continue
        try:
            inputs.append((file_name(n), d.decode("utf-8")))
        except UnicodeDecodeError as e:
            problems.append(Problem(n, d[:e.start].count(b"\n") + 1, f"not UTF-8 text (byte {e.start})"))
    names = [n for n, _t in inputs]
    problems += [Problem(n, None, "two files of this name") for n in sorted({n for n in names if names.count(n) > 1})]
    if problems:
        return [], [], None, problems
    articles, figures, company = draft_figures(inputs, lang, limit=MAX_FIGURES)
    if len(figures) > MAX_FIGURES:  # a table no editor reads through, and a document over the loader's limit
        return [], [], None, [Problem("upload", None, f"more than {MAX_FIGURES:,} figures; a draft holds at most "
                                                      f"{MAX_FIGURES:,}")]
    return articles, figures, company, []


def draft_document(articles: list[Article], figures: list[Mention],
                   company: str | None) -> tuple[str, FactBase | None, list[Problem]]:
    """The draft's YAML, and the fact base it makes (checked by the loader against the articles' own texts)."""
    doc = factbase_doc(articles, figures, company)
    text = draft_yaml(doc)
    fb, problems = parse_factbase(text, name="draft.yaml", base_dir=None,
                                  seed_texts={file_name(a.name): a.text for a in articles})
    return text, fb, problems
