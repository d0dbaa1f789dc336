"""The URL query string <-> beliefs: the one contract for state shared by the app, the CLI and the tests.

Parameter names: the rule names (preset, trust, ranges, fx, basis), each topic id, fb (the fact base
version a link was made with), lang, and the view parameters of pages. Values are stable, language-neutral ids:
a topic's value is the id of the claim believed (or 'none'), trust lists source ids. Only non-default values
are written; parsing is lenient: anything not understood becomes a notice and falls back to the default.

Links last: links written before ids (2026 Q1 releases wrote what the pickers showed, "Article 003: up to 50 bn
USD", and source names) are still read, and the app rewrites them to ids (as Our World in Data's grapher
migrates its old parameters).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from urllib.parse import parse_qsl, urlencode

from .present import money
from .engine.beliefs import BASIS_RULES, FX_RULES, NONE, PRESETS, RANGE_RULES, Beliefs, default_beliefs
from .present.i18n import LANGUAGES, N_, _, localized, speaking
from .present.labels import claim_labels, source_label
from .load.model import FactBase
from .load.params import (ASOF_KEY, LANG_KEY, RESERVED_PARAMS, RULES, STORY_KEY, VERSION_KEY,  # noqa: F401
                          VIEW_PARAMS)  # RULES and RESERVED_PARAMS are read from here too

# View switches that a visit without a link starts with closed, while a link without the parameter opens them:
# links made before 30 Nov 2026 opened them (it was their default), so such a link keeps opening them. A session
# begun without a link writes the closed state into the address (cap_more=false), so the link it shares opens the
# view it showed. Closed, the cap-table page's dilution charts are not redrawn on every belief change.
FRESH_VISIT_VIEWS = {"cap_more": ["false"]}
SWITCH = {"true": (), "false": ()}  # an open/closed view switch's two values, as links write them
# The pickers' two choices that are not claims; links made before ids carried them in English.
FOLLOW_LABEL = N_("as the preset says")
NONE_LABEL = N_("believe no source")
MAX_FIELDS = 200  # parameters read from a link
MAX_ITEMS = 100  # items read from one parameter's comma-separated list (trust): a fact base has at most 500 sources
MAX_SHOWN = 40  # characters of a value a notice repeats
MAX_NOTICES = 10  # notices shown, then how many more


def _short(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= MAX_SHOWN else value[:MAX_SHOWN] + "…"


def _too_many() -> str:
    return _("The link has more than {n} parameters; the rest were ignored.").format(n=MAX_FIELDS)


def _pairs(query: str | Mapping | list) -> tuple[list[tuple[str, str]], list[str]]:
    if isinstance(query, (Mapping, list, tuple)):
        pairs = []
        for k, v in (query.items() if isinstance(query, Mapping) else query):
            for item in (v if isinstance(v, (list, tuple)) else [v]):
                pairs.append((str(k), str(item)))
        return pairs[:MAX_FIELDS], ([_too_many()] if len(pairs) > MAX_FIELDS else [])
    query = query[1:] if query.startswith("?") else query
    try:
        return parse_qsl(query, keep_blank_values=True, max_num_fields=MAX_FIELDS), []
    except ValueError:
        pairs = parse_qsl(query, keep_blank_values=True)[:MAX_FIELDS]
        return pairs, [_too_many()]


def parse_query(query: str | Mapping | list, fb: FactBase) -> tuple[Beliefs, list[str], dict[str, list[str]]]:
    """Beliefs from a query string (or its parameters as a mapping or (key, value) pairs), notices, views."""
    pairs, notices = _pairs(query)
    values: dict[str, list[str]] = {}
    for k, v in pairs:
        values.setdefault(k, []).append(v)
    # a link keeps the defaults of the fact-base version it was made with (recorded in the links file)
    d = versioned_beliefs(fb, values.get(VERSION_KEY, [None])[-1])
    rules = {"preset": d.preset, "ranges": d.ranges, "fx": d.fx, "basis": d.basis}
    allowed = {"preset": PRESETS, "ranges": RANGE_RULES, "fx": FX_RULES, "basis": BASIS_RULES}
    trust: tuple[str, ...] = d.trust
    picks: dict[str, str] = {}
    views: dict[str, list[str]] = {}
    asof: str | None = None
    by_name = {}
    for s in fb.sources:
        with speaking("en"):  # links made before ids carry the English labels, whatever the reader speaks
            english = source_label(fb, s.id)
        for alias in (s.id, s.name, english):
            by_name.setdefault(alias.casefold(), s.id)
    for alias, sid in fb.source_aliases:  # names that links made before ids carried
        by_name.setdefault(alias.casefold(), sid)
    for key, vals in values.items():
        last = vals[-1]
        if key in allowed:
            if last in allowed[key]:
                rules[key] = last
            elif last != "":
                notices.append(_("'{value}' is not a choice for {key} ({choices}); using {default}.").format(
                    value=_short(last), key=key, choices=", ".join(allowed[key]), default=rules[key]))
        elif key == "trust":
            items = [i.strip() for v in vals[:MAX_ITEMS]
                     for i in (v.split(",", MAX_ITEMS) if v not in by_name and "," in v else [v])]
            if len(items) > MAX_ITEMS:
                notices.append(_("The trust order names more than {n} sources; the rest were ignored.").format(
                    n=MAX_ITEMS))
                items = items[:MAX_ITEMS]
            chosen = []
            for item in items:
                sid = by_name.get(item.casefold())
                if sid is None and item:
                    notices.append(_("The trust order names an unknown source '{name}'; it was left out.").format(
                        name=_short(item)))
                elif sid and sid not in chosen:
                    chosen.append(sid)
            if chosen:
                trust = tuple(chosen)
        elif key == ASOF_KEY:
            asof, why = read_asof(last, fb)
            if why:
                notices.append(why)
        elif key == VERSION_KEY:
            if last != fb.version:
                notices.append(_("This link was made with fact base version '{linked}'; this is version {version} "
                                 "of {date}. Choices that no longer exist fall back to defaults.").format(
                    linked=_short(last), version=fb.version, date=money.date(fb.date)))
        elif key in fb.topic:
            if last in ("", FOLLOW_LABEL):
                continue
            with speaking("en"):  # the labels links made before ids carry, in English
                labels = claim_labels(fb, key)
            by_label = {label: cid for cid, label in labels.items()}
            if last in (NONE, NONE_LABEL):
                picks[key] = NONE
            elif last in labels:
                picks[key] = last
            elif last in by_label:
                picks[key] = by_label[last]
            elif fb.claim_alias.get((key, last)):  # a label a link made before ids carried
                picks[key] = fb.claim_alias[(key, last)]
            elif (key, last) in fb.claim_alias:
                notices.append(_("The claim '{value}' this link chose on '{topic}' has since been corrected and no "
                                 "longer belongs to it; the preset decides it.").format(
                    value=_short(last), topic=localized(fb.topic[key], "label")))
            else:
                notices.append(_("No claim '{value}' on '{topic}'; the preset decides it.").format(
                    value=_short(last), topic=localized(fb.topic[key], "label")))
        elif key in VIEW_PARAMS or key in (LANG_KEY, STORY_KEY):
            views[key] = vals
        else:
            notices.append(_("Unknown link parameter '{key}' was ignored.").format(key=_short(key)))
    beliefs = Beliefs(preset=rules["preset"], trust=trust, picks=tuple(sorted(picks.items())),
                      ranges=rules["ranges"], fx=rules["fx"], basis=rules["basis"], asof=asof)
    return beliefs, notices, views


def read_story(values: list[str], story_ids: Iterable[str], default: str) -> tuple[str, list[str]]:
    """The story a link opens: its last `story` value where that is one of story_ids, else the default (a link
    without story= is one made before there were several), with a notice naming what could not be used."""
    ids = list(story_ids)
    last = values[-1] if values else ""
    if last in ids:
        return last, []
    if not last:
        return default, []
    return default, [_("No story '{value}' here; showing the default story.").format(value=_short(last))]


def versioned_beliefs(fb: FactBase, version: str | None) -> Beliefs:
    """The default beliefs of a link made with fact-base VERSION: that version's recorded defaults, else today's."""
    d = fb.defaults_of(version)
    return Beliefs(preset=d.preset, trust=d.trust, ranges=d.ranges, fx=d.fx, basis=d.basis)


def read_asof(value: str, fb: FactBase) -> tuple[str | None, str | None]:
    """A link's asof: (the date, None), or (None, a notice) where it is not a day of the calendar; the fact base's
    own date is the default (None), so a link that names it reads as one without it."""
    text = value.strip()
    try:
        day = date.fromisoformat(text) if len(text) == 10 and text[4] == "-" and text[7] == "-" else None
    except ValueError:
        day = None
    if day is None:
        if not text:
            return None, None
        return None, _("'{value}' is not a date (YYYY-MM-DD) for asof; the view shows the story as of {date}.").format(
            value=_short(value), date=money.date(fb.date))
    iso = day.isoformat()
    return (None if iso == fb.date else iso), None


def notice_lines(notices: list[str], shown: int = MAX_NOTICES) -> list[str]:
    """The notices a page shows: each once, at most `shown`, then how many more there are."""
    unique = list(dict.fromkeys(notices))
    if len(unique) <= shown:
        return unique
    return unique[:shown] + [_("… and {n} more.").format(n=money.number(len(unique) - shown))]


def to_params(beliefs: Beliefs, fb: FactBase) -> list[tuple[str, str]]:
    """The non-default parameters, as ids: source ids for trust, claim ids (or 'none') for topics."""
    d = default_beliefs(fb)
    out: list[tuple[str, str]] = []
    for key in ("preset",):
        if beliefs.preset != d.preset:
            out.append((key, beliefs.preset))
    if beliefs.trust and tuple(beliefs.trust) != tuple(d.trust):
        out += [("trust", s) for s in beliefs.trust if s in fb.source]
    for key in ("ranges", "fx", "basis"):
        if getattr(beliefs, key) != getattr(d, key):
            out.append((key, getattr(beliefs, key)))
    if beliefs.asof and beliefs.asof != fb.date:
        out.append((ASOF_KEY, beliefs.asof))
    picks = beliefs.pick
    for t in fb.topics:
        if t.id in picks:
            cid = picks[t.id]
            out.append((t.id, cid))
    if out:
        out.append((VERSION_KEY, fb.version))
    return out


def to_query(beliefs: Beliefs, fb: FactBase) -> str:
    return urlencode(to_params(beliefs, fb))


def read_view(key: str, values: list[str], names: Mapping[str, Iterable[str]], *, multi: bool
              ) -> tuple[list[str], list[str]]:
    """A page's view choice from the link: the ids it names, and notices for what it names that is not a choice.

    `names`: each allowed id with the labels a link may carry for it instead (links made before ids carried what
    the picker showed, in the language it showed: pass the labels of every language). Matching ignores case. A
    single choice takes the last value; a multiple choice keeps each id once, in the link's order."""
    by_alias: dict[str, str] = {}
    for i in names:
        by_alias.setdefault(i.casefold(), i)
    for i, aliases in names.items():
        for alias in aliases:
            by_alias.setdefault(alias.casefold(), i)
    chosen: list[str] = []
    notices: list[str] = []
    for value in (values[:MAX_ITEMS] if multi else values[-1:]):
        i = by_alias.get(value.casefold())
        if i is None:
            if value:
                notices.append(_("'{value}' is not a choice for {key}; it was left out.").format(
                    value=_short(value), key=key))
        elif i not in chosen:
            chosen.append(i)
    return chosen, notices


def fresh_visit_views(query: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """The view parameters a session starts with as if its link had carried them, given the address it began
    from: FRESH_VISIT_VIEWS for an address without parameters (a visit), nothing for a link (which keeps the
    meaning it was made with)."""
    return {} if any(query.values()) else {k: list(v) for k, v in FRESH_VISIT_VIEWS.items()}


def view_changes(key: str, chosen: list[str], default: list[str], current: Mapping[str, list[str]]
                 ) -> tuple[dict[str, list[str]], list[str]]:
    """What to set and delete so the address bar carries a page's view choice as ids: nothing for the default."""
    if key not in VIEW_PARAMS:
        raise ValueError(f"not a view parameter: {key!r}")
    want = [] if list(chosen) == list(default) else list(chosen)
    have = list(current.get(key, []))
    if not want:
        return {}, ([key] if key in current else [])
    return ({key: want} if have != want else {}), []


def address_changes(beliefs: Beliefs, fb: FactBase, current: Mapping[str, list[str]], lang: str | None = None,
                    story: str | None = None) -> tuple[dict[str, list[str]], list[str]]:
    """What to set and what to delete so the address bar carries these beliefs as ids: the beliefs' parameters
    (to_params) where they differ, and every other key except the pages' views and the language (old labels,
    unknown keys) deleted. The pages' own view parameters are theirs and are left alone.

    `lang`: the language code ('en', 'de') to write, when the reader chose one or the link carried one; None keeps
    whatever `lang` the address has. Only a language code is ever written, never display text. `story`: the id of
    a story other than the default, written as story=; None (the default story) writes none."""
    want: dict[str, list[str]] = {}
    for k, v in to_params(beliefs, fb):
        want.setdefault(k, []).append(v)
    if lang is not None:
        if lang not in LANGUAGES:
            raise ValueError(f"not a language: {lang!r}")
        want[LANG_KEY] = [lang]
    if story is not None:
        want[STORY_KEY] = [story]
    sets = {k: v for k, v in want.items() if list(current.get(k, [])) != v}
    deletes = [k for k in current if k not in want and k not in VIEW_PARAMS and k != LANG_KEY]
    return sets, deletes
