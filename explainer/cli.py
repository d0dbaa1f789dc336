"""Command line: validate a fact base, list its claims, compute the scenario for a link's query string, draft a
fact base from articles.

Tables are written in the language of --lang (for `draft`, --lang is the articles' language); JSON and CSV are data, the same in every language (ids as keys,
English messages), so a script reading them does not depend on who ran it."""
from __future__ import annotations

import argparse
import csv
import io
import json
import sys

from .present import money
from .present.digest import round_unreported
from .present.i18n import LANGUAGES, N_, Messages, _, activate, localized
from .load.factbase import DEFAULT_FACTBASE, PACKAGE_ROOT
from .engine.cycles import loops_dict, scenario_loops
from .present.loop_words import left_out_text, loop_names, money_in_text, returns_text, step_detail, unjoined_text
from .present.markup import spreadsheet_safe
from .load.stories import discover, find, story_title
from .present.labels import entity_name, format_value, output_label, worlds_labelled_dict
from .load.model import FactBase
from .present.flag_text import flag_message
from .engine.scenario import UNATTRIBUTED, Flag, build_scenario
from .present.export import scenario_csv, scenario_dict
from .present.labels import holder_name
from .urlstate import parse_query, to_query
from .trial import checked_factbase
from .engine.worlds import LIMIT, worlds


# A flow's kind in a table (the JSON keeps the ids)
FLOW_KINDS = Messages({"equity": N_("equity"), "commitment": N_("commitment"), "capacity": N_("capacity"),
                       "prior_equity": N_("prior_equity"), "intent": N_("intent"), "stake": N_("stake"),
                       "purchase": N_("purchase"), "shares": N_("shares")})


def claim_records(fb: FactBase) -> list[dict]:
    """One flat record per claim, with its source and topic spelled out."""
    out = []
    for c in fb.claims:
        s, t = fb.source[c.source], fb.topic[c.topic]
        entities = [e for e in (t.entity, t.target) if e]
        for p in t.parts:
            part = fb.topic.get(p)
            if part and part.entity and part.entity not in entities:
                entities.append(part.entity)
        out.append({
            "id": c.id, "topic": c.topic, "topic_label": t.label, "source": c.source, "source_name": s.name,
            "source_kind": s.kind, "source_file": s.file if s.kind == "article" else None, "source_url": s.url,
            "via": s.via, "entities": entities, "bound": c.bound, "low": c.low, "high": c.high, "unit": c.unit,
            "currency": c.currency, "printed": money.printed(c), "basis": c.basis, "quote": c.quote,
            "translation": c.translation, "status": c.status, "date": c.date, "date_estimated": c.date_estimated,
            "date_method": c.date_method, "date_evidence": s.dating.evidence if s.dating and c.date_method != "own"
            else None, "date_urls": list(s.dating.urls) if s.dating and c.date_method != "own" else [],
            "event_date": c.event_date, "where": c.where, "note": c.note, "line": c.line})
    return out


def records_csv(records: list[dict]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(records[0]) if records else ["id"], lineterminator="\n")
    w.writeheader()
    for r in records:
        w.writerow({k: spreadsheet_safe(";".join(v) if isinstance(v, list) else v) for k, v in r.items()})
    return buf.getvalue()


def text_table(headers: list[str], rows: list[list]) -> str:
    cells = [[str(h) for h in headers]] + [["" if v is None else str(v) for v in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _entity(fb: FactBase, entity_id: str) -> str:
    return _("unattributed") if entity_id == UNATTRIBUTED else entity_name(fb, entity_id)


def _flow_amount(x: float, unit: str) -> str:
    """'50 bn USD', '4.50 GW': a flow's amount in its unit ('bn USD' or 'GW')."""
    scale, _sep, currency = unit.partition(" ")
    if currency:
        return money.amount(x, currency, scale, digits=2)
    return f"{money.number(x, 2)} {unit}"


def scenario_table(fb: FactBase, d: dict) -> str:
    """The scenario (scenario_dict) as text tables, in the active language: the download's ids and numbers, and
    its flags' codes and parameters, put in words here."""
    flags = [Flag(w["code"], tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in w["params"].items()),
                  tuple(w["topics"]), w["level"]) for w in d["warnings"]]
    cur = d["valuation"]["currency"]
    v, r = d["valuation"], d["round"]
    bn = money.unit_word("bn")
    new, after = (_("new money ({unit} {currency})").format(unit=bn, currency=cur),
                  _("value after ({unit} {currency})").format(unit=bn, currency=cur))
    parts = [_("{title}  (fact base {version})").format(title=localized(fb, "title"), version=fb.version),
             _("query: {query}").format(query=d["query"] or _("(defaults)")),
             _("the story as of {date}").format(date=money.date(d["asof"])),
             "",
             *([_("Round: not reported by the outcome sources by then")] if round_unreported(fb, flags, r["total"])
               else [_("Round: {total} new money").format(total=money.amount(r["total"], cur))
                     + (" " + _("(believed total {total})").format(total=money.amount(r["stated_total"], cur))
                        if r["stated_total"] is not None else ""),
                     _("Valuation: pre-money {pre}, post-money {post}").format(pre=money.amount(v["pre"], cur),
                                                                                post=money.amount(v["post"], cur))
                     + (" " + _("(basis assumed: {basis})").format(basis=v["basis"]) if v["basis_assumed"] else "")]),
             "",
             text_table([_("holder"), _("before %"), new, _("after %"), _("change pts"), after],
                        [[holder_name(fb, row["holder"], tuple(row["includes"])), money.percent(row["before_pct"], 2)]
                         + ([_(money.NOT_DISCLOSED)] * 4 if row["state"] == "undisclosed" else
                            [money.number(row["new_money"], 2), money.percent(row["after_pct"], 2),
                             money.points(row["change_pts"], 2), money.number(row["value_after"], 1)])
                         for row in d["cap_table"]]),
             "",
             text_table([_("from"), _("to"), _("kind"), _("amount")],
                        [[_entity(fb, f["from"]), _entity(fb, f["to"]), FLOW_KINDS.get(f["kind"], f["kind"]),
                          _flow_amount(f["amount"], f["unit"])] for f in d["flows"]]),
             "",
             text_table([_("investor"), _("circularity (commitments back / invested)")],
                        [[entity_name(fb, k), money.ratio(val)] for k, val in d["circularity"].items()])]
    if d["warnings"]:
        parts += ["", _("Warnings:")] + [f"- [{f.code}] {flag_message(fb, f)}" for f in flags]
    if d["notices"]:
        parts += ["", _("Link notices:")] + [f"- {n}" for n in d["notices"]]
    return "\n".join(parts)


def _load(path: str) -> FactBase | None:
    fb, problems = checked_factbase(path)
    for p in problems:
        print(p, file=sys.stderr)
    return fb


def _story_path(args, given: str | None) -> str | None:
    """The fact base a command reads: --story's, else the path given (--factbase, validate's PATH), else the bundled
    one; None, with the reason on stderr, for an unknown story or for both a story and a path."""
    if args.story is None:
        return given or str(DEFAULT_FACTBASE)
    if given is not None:
        print(_("give either --story or a fact base's path, not both"), file=sys.stderr)
        return None
    story = find(discover(), args.story)
    if story is None:
        print(_("no story '{id}'; `python -m explainer stories` lists them").format(id=args.story), file=sys.stderr)
        return None
    return str(story.path)


def run_stories(args) -> int:
    """The stories this app tells, the default first: id, title (in --lang) and fact base."""
    stories = discover()
    if args.format == "json":
        print(json.dumps([{"id": s.id, "default": i == 0, "title": s.title, "title_de": s.title_de,
                           "factbase": str(s.path.relative_to(PACKAGE_ROOT))}
                          for i, s in enumerate(stories)], ensure_ascii=False, indent=2))
        return 0
    rows = [[s.id + (" *" if i == 0 else ""), story_title(s, args.lang),
             str(s.path.relative_to(PACKAGE_ROOT))] for i, s in enumerate(stories)]
    print(text_table([_("story"), _("title"), _("fact base")], rows))
    print(_("* the default: a link without story= opens it"))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m explainer", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=LANGUAGES, default="en",
                        help="language of tables and messages (JSON and CSV are the same in every language)")
    common.add_argument("--story", metavar="ID", help="a story's id (see `stories`): read its fact base")
    sub = parser.add_subparsers(dest="command", required=True)
    add = lambda name, **kw: sub.add_parser(name, parents=[common], **kw)  # noqa: E731
    p_val = add("validate", help="check a fact base; PATH:LINE: message for each problem")
    p_val.add_argument("path", nargs="?", help="a fact base (default: the bundled one, or --story's)")
    p_claims = add("claims", help="every claim as JSON or CSV")
    p_claims.add_argument("--factbase")
    p_claims.add_argument("--format", choices=("json", "csv"), default="json")
    p_sc = add("scenario", help="the scenario for a link's query string")
    p_sc.add_argument("--factbase")
    p_sc.add_argument("--query", default="", help="what the app's URL has after '?'")
    p_sc.add_argument("--format", choices=("json", "table", "csv"), default="table")
    p_cy = add("cycles", help="every loop of money, commitments, stakes and warrants, and the share that returns")
    p_cy.add_argument("--factbase")
    p_cy.add_argument("--query", default="", help="what the app's URL has after '?'")
    p_cy.add_argument("--format", choices=("json", "table"), default="table")
    p_w = add("worlds", help="the spread of an output over every combination of beliefs")
    p_w.add_argument("--factbase")
    p_w.add_argument("--query", default="", help="what the app's URL has after '?' (the current beliefs)")
    p_w.add_argument("--output", default="post",
                     help="post, pre, total, stake:<entity> or circularity:<entity> (default post)")
    p_w.add_argument("--format", choices=("json", "table"), default="table")
    p_w.add_argument("--limit", type=int, default=LIMIT, help=f"sample above this many worlds (default {LIMIT:,})")
    p_w.add_argument("--seed", type=int, default=0, help="seed for the sample (default 0)")
    p_w.add_argument("--include-outcome", action="store_true", help="let outcome sources be choices too")
    p_w.add_argument("--distinct", action="store_true", help="merge a topic's choices that have the same value")
    # not `common`: here --lang is the articles' language; messages are English
    p_st = add("stories", help="the stories the app tells: id, title and fact base")
    p_st.add_argument("--format", choices=("json", "table"), default="table")
    p_d = sub.add_parser("draft", help="draft a fact base from plain-text articles, German or English")
    p_d.add_argument("articles", nargs="+", metavar="ARTICLE.txt", help="plain-text articles, UTF-8")
    p_d.add_argument("--factbase", help="an existing fact base whose entities (names, products) and topics to use")
    p_d.add_argument("--lang", choices=("de", "en", "auto"), default="auto",
                     help="the articles' language (default auto: detected per article)")
    p_d.add_argument("--out", required=True, help="where to write the draft (YAML); articles outside its folder "
                                                   "(and that folder's parent) are copied next to it")
    args = parser.parse_args(argv)
    if args.command == "draft":
        activate("en")
        return run_draft(args)
    # data formats are language-neutral: their messages stay English whatever --lang says
    activate(args.lang if getattr(args, "format", "table") == "table" else "en")

    if args.command == "stories":
        return run_stories(args)
    path = _story_path(args, args.path if args.command == "validate" else args.factbase)
    if path is None:
        return 2
    if args.command == "validate":
        fb = _load(path)
        if fb is None:
            return 1
        quotes = sum(1 for c in fb.claims if c.quote)
        print(_("{path}: OK, version {version}: {sources} sources, {entities} entities, {topics} topics, "
                "{claims} claims, {quotes} quotes found in their files").format(
            path=path, version=fb.version, sources=len(fb.sources), entities=len(fb.entities),
            topics=len(fb.topics), claims=len(fb.claims), quotes=quotes))
        return 0
    fb = _load(path)
    if fb is None:
        return 1
    if args.command == "claims":
        records = claim_records(fb)
        print(json.dumps(records, ensure_ascii=False, indent=2) if args.format == "json" else records_csv(records),
              end="" if args.format == "csv" else "\n")
        return 0
    if args.command == "scenario":
        beliefs, notices, _views = parse_query(args.query, fb)
        d = scenario_dict(fb, build_scenario(fb, beliefs, notices), to_query(beliefs, fb))
        if args.format == "json":
            print(json.dumps(d, ensure_ascii=False, indent=2))
        elif args.format == "csv":
            print(scenario_csv(d), end="")
        else:
            print(scenario_table(fb, d))
        return 0
    if args.command == "cycles":
        return run_cycles(fb, args)
    return run_worlds(fb, args)


def run_cycles(fb: FactBase, args) -> int:
    beliefs, notices, _views = parse_query(args.query, fb)
    for n in notices:
        print(n, file=sys.stderr)
    result = scenario_loops(fb, build_scenario(fb, beliefs, notices))
    if args.format == "json":
        print(json.dumps(loops_dict(fb, result, to_query(beliefs, fb)), ensure_ascii=False, indent=2))
        return 0
    rows = []
    for lp in result.loops:
        measure = returns_text(lp)
        if (paid := money_in_text(fb, lp)) is not None:
            measure += "; " + _("money in: {paid}").format(paid=paid)
        rows.append([loop_names(fb, lp), "; ".join(step_detail(fb, st) for st in lp.steps), measure])
    lines = [_("Money loops of the deals in force on {date}  (fact base {version})").format(
                 date=money.date(result.asof), version=fb.version), "",
             text_table([_("loop"), _("steps (claim, date)"), _("commitments back per dollar in")], rows)
             if rows else _("No loops."), "",
             _("Commitments back per dollar in: the smallest money amount on the way back ÷ the money in (the loop's "
               "first step); a ratio of commitments to an investment, which can exceed 100 %. A step adds up the "
               "deals of its kind in force on the view's date; talk-stage, replaced or ended deals are never a step. "
               "A loop with a capacity (GW) or share step has no price.")]
    if result.left_out:
        lines += ["", _("Left out:")] + [f"- {loop_names(fb, lp)}: {left_out_text(fb, lp)}" for lp in result.left_out]
    if (more := unjoined_text(result)) is not None:
        lines.append(more)
    if result.truncated:
        lines.append(_("Only the first {limit} loops of at most {length} parties are shown.").format(
            limit=result.limit, length=result.length_bound))
    print("\n".join(lines))
    return 0


def run_worlds(fb: FactBase, args) -> int:
    beliefs, notices, _views = parse_query(args.query, fb)
    for n in notices:
        print(n, file=sys.stderr)
    try:
        result = worlds(fb, beliefs, args.output, args.include_outcome, args.limit, args.seed, args.distinct)
    except ValueError as e:
        print(e, file=sys.stderr)
        return 2
    d = worlds_labelled_dict(fb, result)
    if args.format == "json":
        print(json.dumps(d, ensure_ascii=False, indent=2))
        return 0
    f = lambda x: format_value(fb, result.output, x)  # noqa: E731
    n = money.number
    lines = [_("{output} over every possible world  (fact base {version})").format(output=output_label(fb, result.output),
                                                                                  version=fb.version),
             _("worlds: {n}").format(n=n(result.n_total))
             + (_(", sampled {n} (seed {seed})").format(n=n(result.n_used), seed=result.seed) if result.sampled else "")
             + (_("; {n} without a value").format(n=n(result.n_used - result.n_defined))
                if result.n_defined < result.n_used else ""),
             _("min {min}   median {median}   max {max}   your beliefs: {current}").format(
                 min=f(result.min), median=f(result.median), max=f(result.max), current=f(result.current)),
             "",
             text_table([_("topic varied alone"), _("choices"), _("low"), _("high"), _("swing")],
                        [[r.topic_label, r.n_choices, f(r.low), f(r.high),
                          f(r.swing) if result.unit != "percent" else money.points(r.swing, 2)]
                         for r in result.tornado.itertuples()])]
    print("\n".join(lines))
    return 0


def run_draft(args) -> int:
    """Draft a fact base from articles, write it, and check it as `validate` would."""
    from pathlib import Path

    from .draft import draft_from_files
    from .load.factbase import MAX_ARTICLE_BYTES

    paths = [Path(a) for a in args.articles]
    for p in paths:
        if not p.is_file():
            print(_("{path}: no such file").format(path=p), file=sys.stderr)
            return 2
        if p.stat().st_size > MAX_ARTICLE_BYTES:  # what a fact base may quote: the draft must validate
            print(_("{path}: over the limit of {limit} bytes").format(path=p, limit=money.number(MAX_ARTICLE_BYTES)),
                  file=sys.stderr)
            return 2
    existing = None
    if args.factbase:
        existing = _load(args.factbase)
        if existing is None:
            return 1
    try:
        doc = draft_from_files(paths, Path(args.out), args.lang, existing)
    except UnicodeDecodeError as e:
        print(_("an article is not UTF-8 text: {error}").format(error=e), file=sys.stderr)
        return 2
    fb = _load(args.out)
    if fb is None:
        return 1
    review = sum(1 for c in doc["claims"] if c.get("review"))
    print(_("{path}: {claims} claims from {articles} articles ({topics} topics, {entities} entities), valid; "
            "{review} claims to review").format(path=args.out, claims=len(doc["claims"]), articles=len(paths),
                                                 topics=len(doc["topics"]), entities=len(doc["entities"]),
                                                 review=review))
    return 0
