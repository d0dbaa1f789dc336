"""A draft as a fact-base document (data/facts.schema.json), its YAML, and where its articles lie."""
from __future__ import annotations

import re
import shutil
from collections import Counter
from datetime import date as Date
from pathlib import Path

import yaml

from ..load.model import FactBase
from .classify import effective_topic
from .lexicon import GROUPS, NEEDS_ENTITY, SCHEMA_KIND
from .names import known_names
from .numbers import sentence_language, tokenize
from .read import Article, Mention, draft_figures


def slug(name: str, limit: int = 30) -> str:
    s = re.sub(r"[^a-z0-9]+", "_", name.lower().translate(str.maketrans("äöüß", "aous"))).strip("_")[:limit]
    s = s.strip("_") or "x"
    return s if s[0].isalpha() else "e_" + s


TOPIC_LABELS = {  # (English, German) of a drafted topic; {e} its entity, {c} the company
    "investment": ("{e}'s investment in the round", "Investition von {e} in die Runde"),
    "round_total": ("Size of the round", "Volumen der Runde"),
    "valuation": ("{c}'s valuation in the round", "Bewertung von {c} in der Runde"),
    "prior_valuation": ("{c}'s valuation before the round", "Bewertung von {c} vor der Runde"),
    "stake": ("{e}'s stake", "Anteil von {e}"),
    "prior_investment": ("{e}'s investments before the round", "Investitionen von {e} vor der Runde"),
    "compute_money": ("{c}'s compute commitment with {e}", "Zusage von {c} für Rechenkapazität bei {e}"),
    "compute_total": ("Compute commitments in total", "Zusagen für Rechenkapazität insgesamt"),
    "capacity": ("Capacity from {e}", "Kapazität von {e}"),
    "revenue": ("{c}'s revenue", "Umsatz von {c}"),
    "spending": ("{c}'s spending", "Ausgaben von {c}"),
    "growth": ("Growth rates", "Wachstumsraten"),
    "joint_investment": ("Investors together", "Investoren gemeinsam"),
    "investment_intent": ("{e}'s letter of intent", "Absichtserklärung von {e}"),
    "cross_stake": ("{e}'s stake in another company", "Beteiligung von {e} an einem anderen Unternehmen"),
    "other": ("Other figures", "Weitere Zahlen"),
}


TOPIC_IDS = {"investment": "inv_{e}", "stake": "stake_{e}", "prior_investment": "prior_{e}",
             "compute_money": "compute_{e}", "capacity": "gw_{e}", "prior_valuation": "val_prior",
             "round_total": "round_total", "valuation": "valuation", "compute_total": "compute_total",
             "revenue": "revenue", "spending": "spending", "growth": "growth", "other": "other_figures",
             "joint_investment": "inv_joint", "investment_intent": "intent_{e}", "cross_stake": "cross_{e}"}


def file_name(name: str) -> str:
    """A name the schema's file pattern accepts: letters, digits, '_', '-', '.', ending in .txt."""
    stem = Path(name).name
    stem = stem[:-4] if stem.lower().endswith(".txt") else stem
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", stem).strip("._") or "article"
    return stem + ".txt"


def factbase_doc(articles: list[Article], figures: list[Mention], company: str | None,
                 existing: FactBase | None = None, files: list[str] | None = None,
                 today: str | None = None) -> dict:
    """The draft as a fact-base document (data/facts.schema.json): one article source per file, the entities and
    topics its claims need, every kept figure as a claim. What the drafter cannot know is listed in each claim's
    `review:` (a German quote's English translation, a guessed topic or entity, a carried unit)."""
    files = files or [file_name(a.name) for a in articles]
    existing_entities = {}
    if existing is not None:
        for e in existing.entities:
            for alias in (e.name, e.name_de, *e.products):
                if alias:
                    existing_entities[alias.casefold()] = e
    entities: dict[str, dict] = {}

    def entity_id(name: str) -> str:
        e = existing_entities.get(name.casefold())
        if e is not None:
            entities.setdefault(e.id, {"id": e.id, "name": e.name, **({"name_de": e.name_de} if e.name_de else {})})
            return e.id
        eid = slug(name)
        entities.setdefault(eid, {"id": eid, "name": name[:80]})
        return eid

    company_name = company or (existing.entity[existing.company].name if existing else "The company")
    company_id = existing.company if existing and not company else entity_id(company_name)
    if existing is not None and existing.company not in entities and company_id == existing.company:
        entity_id(existing.entity[existing.company].name)
    sources, claims, topics = [], [], {}
    ids_taken = {s.id for s in existing.sources} if existing else set()
    source_ids = []
    for i, a in enumerate(articles):
        sid = f"a{i + 1:02d}"
        while sid in ids_taken:
            sid = "d" + sid
        source_ids.append(sid)
        s = {"id": sid, "kind": "article", "name": files[i][:-4][-80:]}  # the file's path: unique, as names must be
        if a.title:
            s["title"] = a.title
        if a.date:
            s["date"] = a.date
            s["dating"] = {"method": "printed", "evidence": f"The article prints '{a.date_text}'.",
                           "evidence_de": f"Der Artikel druckt „{a.date_text}“."}
        s["language"] = a.lang
        s["file"] = files[i]
        sources.append(s)
    existing_topics = {}
    if existing is not None:
        for t in existing.topics:  # the first of a kind and entity: later ones are additions (an expansion)
            existing_topics.setdefault((t.kind, t.entity), t)
    counts: Counter = Counter()
    claim_ids: set[str] = set()
    german_sentences: dict[tuple[int, str], bool] = {}  # a sentence's language, read once for all its figures
    for f in figures:
        if not f.keep:
            continue
        topic = effective_topic(f)
        eid = entity_id(f.entity) if topic in NEEDS_ENTITY and f.entity else None
        # an article about another company than the draft's files its own round, valuation and figures
        own = articles[f.article].company
        oid = entity_id(own) if own and own != company_name else None
        kind = "other" if oid else SCHEMA_KIND.get(topic, topic)
        known_topic = existing_topics.get((kind, eid)) if kind != "other" and not oid else None
        if known_topic is not None:
            tid = known_topic.id
            topics.setdefault(tid, {k: v for k, v in (
                ("id", tid), ("label", known_topic.label), ("label_de", known_topic.label_de), ("kind", kind),
                ("group", known_topic.group), ("entity", known_topic.entity)) if v})
        elif kind == "joint_investment" and len(f.parties) >= 2:
            tid = _joint_topic(topics, [entity_id(p) for p in f.parties], entities, existing_topics)
        else:
            tid = (TOPIC_IDS[topic].format(e=eid or "") + (f"_{oid}" if oid else ""))[:40]
            ename = entities[eid]["name"] if eid else ""
            en, de = TOPIC_LABELS[topic]
            cname = entities[oid]["name"] if oid else company_name
            label, label_de = en.format(e=ename, c=cname), de.format(e=ename, c=cname)
            if oid and "{c}" not in en:
                label, label_de = f"{label} ({cname})", f"{label_de} ({cname})"
            t = {"id": tid, "label": label[:120], "label_de": label_de[:120], "kind": kind,
                 "group": GROUPS.get(topic, "context")}
            if eid:
                t["entity"] = eid
            if oid:  # another company's figures are context, never part of this company's round or cap table
                t.update(kind="other", group="context", entity=eid or oid)
            topics.setdefault(tid, t)
        sid = source_ids[f.article]
        counts[(sid, tid)] += 1
        n = counts[(sid, tid)]
        cid = f"{sid}_{tid}"[:37] + (f"_{n}" if n > 1 else "")
        while cid in claim_ids:  # two long topic ids cut to the same start
            n += 1
            cid = f"{sid}_{tid}"[:36] + f"_{n}"
        claim_ids.add(cid)
        c: dict = {"id": cid, "topic": tid, "source": sid, "bound": f.bound}
        if f.bound == "range":
            c["low"], c["high"] = _num(f.low), _num(f.high)
        else:
            c["value"] = _num(f.value)
        c["unit"] = f.unit
        if f.currency and f.unit in ("bn", "mn", "tn"):
            c["currency"] = f.currency
        if kind == "valuation":
            c["basis"] = f.basis or "unspecified"
        c["quote"] = f.quote
        # a German article's words need a translation, bar an English line it quotes (a source list)
        if (f.article, f.sentence) not in german_sentences:
            german_sentences[(f.article, f.sentence)] = sentence_language(tokenize(f.sentence),
                                                                          articles[f.article].lang) == "de"
        german = german_sentences[(f.article, f.sentence)]
        c["translation"] = f.quote  # the quote itself until an editor translates it: never invented text
        c["status"] = f.status
        c["where"] = f.where
        # what the drafter guessed or could not know: every topic is a guess, so is an investor, holder or vendor
        guessed = eid or "parts" in topics[tid]  # an investor, holder or vendor, or a joint investment's parties
        review = (["translation"] if german else []) + ["topic"] + (["entity"] if guessed else []) \
            + (["unit"] if f.carried else [])
        c["review"] = review
        claims.append(c)
    if company_id not in entities:
        entity_id(company_name)
    used = Counter(c.get("currency") for c in claims if c.get("currency"))
    base = existing.base_currency if existing else (used.most_common(1)[0][0] if used else "USD")
    currencies = []
    for code in sorted(set(used) - {base}):
        rate = existing.fx.get(code) if existing else None
        currencies.append({"code": code, "per_base": rate or 1.0,
                           "note": "From the fact base given." if rate else
                           "Placeholder: the drafter knows no exchange rate; set per_base before comparing."})
    title = next((a.title for a in articles if a.title), None) or f"{company_name}: draft"
    return {
        "version": "0.1.0",
        "date": today or Date.today().isoformat(),
        "title": f"Draft: {title}"[:200],
        "title_de": f"Entwurf: {title}"[:200],
        "description": f"Drafted from {len(articles)} article(s) by python -m explainer draft; every claim is to be "
                       f"reviewed (see each claim's review:).",
        "description_de": f"Aus {len(articles)} Artikel(n) mit python -m explainer draft entworfen; jede Angabe ist "
                          f"zu prüfen (siehe review: jeder Angabe).",
        "company": company_id,
        "base_currency": base,
        "currencies": currencies,
        "defaults": {"preset": "trust", "trust": source_ids},
        "sources": sources,
        "entities": list(entities.values()),
        "topics": list(topics.values()) or [{"id": "round_total", "label": "Size of the round",
                                             "label_de": "Volumen der Runde", "kind": "round_total",
                                             "group": "round"}],
        "claims": claims,
    }


def _joint_topic(topics: dict[str, dict], eids: list[str], entities: dict[str, dict], existing: dict) -> str:
    """The topic of a joint investment by the parties `eids` (entity ids, as printed): its `parts` are each party's
    investment topic (the existing fact base's, else one made here where no claim made it), its label names the
    parties. One topic per set of parties."""
    eids = list(dict.fromkeys(eids))
    parts = []
    for eid in eids:
        known = existing.get(("investment", eid))
        tid = known.id if known is not None else TOPIC_IDS["investment"].format(e=eid)[:40]
        if known is not None:
            topics.setdefault(tid, {k: v for k, v in (
                ("id", tid), ("label", known.label), ("label_de", known.label_de), ("kind", "investment"),
                ("group", known.group), ("entity", known.entity)) if v})
        elif tid not in topics:
            en, de = TOPIC_LABELS["investment"]
            name = entities[eid]["name"]
            topics[tid] = {"id": tid, "label": en.format(e=name)[:120], "label_de": de.format(e=name)[:120],
                           "kind": "investment", "group": GROUPS["investment"], "entity": eid}
        parts.append(topics[tid]["id"])
    joints = [t for t in topics.values() if t["kind"] == "joint_investment"]
    same = next((t for t in joints if set(t.get("parts", ())) == set(parts)), None)
    if same is not None:
        return same["id"]
    tid = TOPIC_IDS["joint_investment"] + (f"_{len(joints) + 1}" if joints else "")
    names = [entities[e]["name"] for e in eids]
    listed, listed_de = ", ".join(names[:-1]) + " and " + names[-1], ", ".join(names[:-1]) + " und " + names[-1]
    topics[tid] = {"id": tid, "label": f"{listed} together"[:120], "label_de": f"{listed_de} zusammen"[:120],
                   "kind": "joint_investment", "group": GROUPS["joint_investment"], "parts": parts}
    return tid


def _num(x: float | None):
    if x is None:
        return None
    return int(x) if float(x).is_integer() else round(float(x), 6)


def draft_yaml(doc: dict) -> str:
    head = ("# yaml-language-server: $schema=./facts.schema.json\n"
            "# A draft made by `python -m explainer draft`: every figure of the articles as a claim. Check each claim\n"
            "# against its quote; `review:` says what the drafter could not know (translation, topic, carried unit).\n")
    return head + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=120)


def place_articles(paths: list[Path], out: Path) -> list[str]:
    """The file: of each article as seen from the draft at OUT: its path relative to the draft's folder (or that
    folder's parent), or, where it lies elsewhere or has a name the schema refuses, a copy next to the draft."""
    folder = out.resolve().parent
    placed = []
    for p in paths:
        p = p.resolve()
        rel = None
        for base in (folder, folder.parent):
            if p.is_relative_to(base):
                r = p.relative_to(base).as_posix()
                if re.fullmatch(r"[A-Za-z0-9_./-]+\.txt", r):
                    rel = r
                    break
        if rel is None:
            name = file_name(p.name)
            target = folder / name
            k = 1
            while target.exists() and target.read_bytes() != p.read_bytes():
                k += 1
                target = folder / f"{name[:-4]}_{k}.txt"
            if not target.exists():
                shutil.copyfile(p, target)
            rel = target.name
        placed.append(rel)
    return placed


def draft_from_files(paths: list[Path], out: Path, lang: str = "auto", existing: FactBase | None = None,
                     today: str | None = None) -> dict:
    """Read the articles at PATHS, write the draft to OUT (articles that do not lie under its folder or its parent
    are copied next to it) and return the document written."""
    inputs = [(p.name, p.read_bytes().decode("utf-8")) for p in paths]
    company = existing.entity[existing.company].name if existing else None
    articles, figures, company = draft_figures(inputs, lang, known_names(existing), company)
    out.parent.mkdir(parents=True, exist_ok=True)
    files = place_articles(paths, out)
    doc = factbase_doc(articles, figures, company, existing, files, today)
    out.write_text(draft_yaml(doc), encoding="utf-8")
    return doc
