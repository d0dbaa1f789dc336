"""Organisations named in an article, the one a figure is about, and the company the articles are about."""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from typing import TYPE_CHECKING

from ..load.model import FactBase
from .lexicon import (ABBREVIATIONS, COMMON_NOUNS, DEMONYM_ENDINGS, DETERMINERS_DE, DETERMINERS_EN, NOT_NAMES,
                      NOUN_ENDINGS, ORG_SUFFIXES, OUTLETS, ROLE_ENDINGS, ROW_LABELS, SUBJECT_VERBS)
from .numbers import Token, tokenize

if TYPE_CHECKING:
    from .read import Article


_GROUP_WORD = re.compile(r"-(Gruppe|Group|Holding|Stiftung)$")  # 'Schwarz-Gruppe': a name with its group word


MAX_NAME_WORDS = 8  # a run of capitalised words longer than this is a headline, not a name


def organisations(text: str, lang: str, known: dict[str, str] | None = None) -> dict[str, str]:
    """Names of organisations in a text, each mapped to its canonical name (the longest form: 'Sequoia' ->
    'Sequoia Capital'). Names of `known` (alias -> name, from an existing fact base) are found as given; others by
    their shape: an inner capital (OpenAI), all capitals (SAP, not in a run of capitals like a dateline), a legal or
    trade suffix (Thrive Capital, Nordlicht AI), a name set off after a role noun ('dem Staatsfonds Mubadala'), or a
    capitalised word that never follows an article and is never written small (German capitalises every noun,
    so there the word must come back at least twice)."""
    names: Counter = Counter()
    tokens = tokenize(text)
    lower_seen = {t.low.rstrip(".") for t in tokens if t.kind == "word" and t.text[0].islower()}
    after_det: Counter = Counter()  # words that follow an article, directly or after an adjective: common nouns
    determiners = DETERMINERS_DE if lang == "de" else DETERMINERS_EN
    for a, b, c in zip(tokens, tokens[1:], tokens[2:] + [Token("", 0, 0, "other")]):
        # 'die Schwarz-Gruppe' is a name; a line's last word ('... sammelt Geld ein') is no article of the next
        if a.low in determiners and not _GROUP_WORD.search(b.text.rstrip(".,")) and "\n" not in text[a.end:b.start]:
            after_det[b.text.rstrip(".").split("-")[0]] += 1
            if b.kind == "word" and b.text[0].islower() and re.search(r"(e|en|er|es|em)$", b.low):
                after_det[c.text.rstrip(".").split("-")[0]] += 1
    sentence_starts = {0}
    for k, t in enumerate(tokens):
        if t.text in (".", "!", "?", "|", ":", "—", "–") or (k and "\n" in text[tokens[k - 1].end:t.start]):
            sentence_starts.add(k + 1 if t.text in (".", "!", "?", "|", ":", "—", "–") else k)
        if t.kind == "word" and t.text.endswith(".") and t.low.rstrip(".") not in ABBREVIATIONS:
            sentence_starts.add(k + 1)

    def capital(t: Token) -> bool:
        return t.kind == "word" and t.text[0].isupper()

    def base(t: Token) -> str:
        """The name in a token: without a possessive ('Corvid's') or what a compound adds ('Amazon-Aktie')."""
        return re.sub(r"['’]s$", "", t.text.rstrip(".")).split("-")[0]

    def shape_name(w: str) -> bool:
        core = w.split("-")[0]
        if core.lower() in NOT_NAMES:
            return False
        # OpenAI, SoftBank, CoreWeave (a test without backtracking: a crafted long word costs its length once)
        if core.isascii() and core.isalpha() and re.search(r"[a-z][A-Z]", core):
            return True
        return False

    def caps(k: int) -> bool:
        w = base(tokens[k]).split("-")[0]
        if not re.fullmatch(r"[A-Z]{2,6}", w) or w.lower() in NOT_NAMES:
            return False
        neighbours = [tokens[x] for x in (k - 1, k + 1) if 0 <= x < len(tokens)]
        return not any(re.fullmatch(r"[A-Z]{2,}", n.text.rstrip(".,")) for n in neighbours)

    def plain(k: int) -> bool:
        w = base(tokens[k])
        # a common noun often follows an article; a name seldom does ('bei der Nvidia' is a relative clause)
        if len(w) < 2 or w.lower() in NOT_NAMES or w.lower() in COMMON_NOUNS or w.lower() in SUBJECT_VERBS \
                or w.lower() in lower_seen or 4 * after_det[w] >= max(seen[w], 1):
            return False
        # an English adjective of a people or place before its noun ('Swedish aerospace', 'European projects')
        nxt_word = tokens[k + 1] if k + 1 < len(tokens) else None
        if lang == "en" and w.endswith(DEMONYM_ENDINGS) and nxt_word is not None and nxt_word.kind == "word" \
                and nxt_word.text[0].islower():
            return False
        if lang == "de":
            nxt = tokens[k + 1].low if k + 1 < len(tokens) else ""
            # the subject before its verb ('Volkswagen hält'), or before a comma when no article stands before it
            prev = tokens[k - 1].low if k else ""
            # or right after the verb, the subject of an inverted sentence ('Rund 300 Millionen soll Schwarz ...')
            subject = tokens[k].text == w and (nxt in SUBJECT_VERBS or (nxt == "," and k in sentence_starts)
                                               or (prev in SUBJECT_VERBS and k - 1 not in sentence_starts))
            # set off after a role noun: 'dem Staatsfonds Mubadala', 'dem französischen Betreiber Sesterce'
            apposition = k >= 2 and capital(tokens[k - 1]) and (tokens[k - 2].low in DETERMINERS_DE or (
                k >= 3 and tokens[k - 3].low in DETERMINERS_DE and tokens[k - 2].text[0].islower()))
            if subject or apposition:
                return not (w.lower().endswith(NOUN_ENDINGS) and nxt not in SUBJECT_VERBS and not apposition)
            if w.lower().endswith(NOUN_ENDINGS) and not shape_name(w):
                return False
            return seen[w] >= 2
        return k not in sentence_starts or seen[w] >= 2

    seen = Counter(base(t) for t in tokens if t.kind == "word")  # how often each word comes back
    # two capitalised words side by side, neither a common noun, that come back together: a German name of two
    # words ('Aleph Alpha', 'Trade Republic'), where German gives no other sign
    pairs = Counter((base(a), base(b)) for a, b in zip(tokens, tokens[1:])
                    if capital(a) and capital(b) and b.start - a.end == 1 and not a.text.endswith(".")
                    and base(a).lower() not in COMMON_NOUNS | NOT_NAMES and not base(a).lower().endswith(ROLE_ENDINGS)
                    and base(b).lower() not in COMMON_NOUNS | NOT_NAMES)
    k = 0
    outlet = _outlet_words(tokens)
    while k < len(tokens):
        t = tokens[k]
        if not capital(t) or k in outlet:
            k += 1
            continue
        w = base(t)
        # a name with its group word joined: 'Schwarz-Gruppe', 'Porsche-Holding'
        joined = re.fullmatch(r"([A-ZÄÖÜ][\w]+)" + _GROUP_WORD.pattern, re.sub(r"['’]s$", "", t.text.rstrip(".,")))
        if joined and joined.group(1).lower() not in COMMON_NOUNS:
            names[joined.group(0)] += 1
            k += 1
            continue
        strong = shape_name(w) or caps(k)
        j = k + 1
        # a name of several words: 'Thrive Capital', 'Northern Data', 'Helix Energy AI', 'Abu Dhabi'
        while j < len(tokens) and j - k < MAX_NAME_WORDS and capital(tokens[j]) \
                and tokens[j].start - tokens[j - 1].end == 1 \
                and not tokens[j - 1].text.endswith((".", "'s", "’s")) and (
                    tokens[j].text.rstrip(".") in ORG_SUFFIXES or (lang == "en" and base(tokens[j]).lower()
                                                                   not in NOT_NAMES | SUBJECT_VERBS)
                    or pairs[(base(tokens[j - 1]), base(tokens[j]))] >= 2):
            j += 1
        suffixed = j > k + 1 and tokens[j - 1].text.rstrip(".") in ORG_SUFFIXES \
            and base(tokens[k]).lower() not in NOT_NAMES | COMMON_NOUNS | DETERMINERS_DE  # not 'Die Gruppe' 
        name = " ".join(base(x) for x in tokens[k:j])
        # a run of common nouns ('Term Sheet') is none; a suffix makes a name of them ('Scalable Capital')
        nouns = all(base(x).lower() in COMMON_NOUNS for x in tokens[k:j])
        if name.lower() in OUTLETS or (nouns and not suffixed):
            k = j
            continue
        paired = j > k + 1 and pairs[(base(tokens[k]), base(tokens[k + 1]))] >= 2
        if suffixed or paired or (j > k + 1 and lang == "en" and w.lower() not in NOT_NAMES):
            names[name] += 1
            k = j
            continue
        if strong or plain(k):
            names[w] += 1
        k += 1
    canonical: dict[str, str] = {}
    longer_of: dict[str, str] = {}  # each leading run of words of a name taken -> the first such name
    for name in sorted(names, key=len, reverse=True):
        canonical[name] = longer_of.get(name, name)
        canonical_name = canonical[name]
        for cut in (k for k, ch in enumerate(canonical_name) if ch == " "):
            longer_of.setdefault(canonical_name[:cut], canonical_name)
    for name in list(canonical):  # a German genitive, 'Amazons', is the name it ends
        if lang == "de" and name.endswith("s") and name[:-1] in canonical:
            canonical[name] = canonical[name[:-1]]
    for alias, name in (known or {}).items():
        if re.search(rf"(?<![\w-]){re.escape(alias)}(?![a-z])", text):
            canonical[alias] = name
    return canonical


_OUTLET_WORDS = max(len(o.split()) for o in OUTLETS)


def _outlet_words(tokens: list[Token]) -> set[int]:
    """The tokens of an outlet's name of several words ('der Financial Times'): none of them names a party."""
    out: set[int] = set()
    for k in range(len(tokens)):
        for n in range(2, _OUTLET_WORDS + 1):
            if " ".join(t.low.rstrip(".,") for t in tokens[k:k + n]) in OUTLETS:
                out.update(range(k, k + n))
    return out


def is_row_label(label: str) -> bool:
    """A table row's label that names a measure, not an organisation: 'Umsatz', 'EBITDA', 'Net income'."""
    words = label.lower().split()
    return bool(words) and (all(w in COMMON_NOUNS or w in ROW_LABELS for w in words) or words[0] in ROW_LABELS)


def _name_word(token: Token) -> str:
    """A token as a name's word: a compound ('Amazon-Aktie') is kept whole, so it is no mention of the name."""
    return re.sub(r"['’]s$", "", token.text.rstrip(".,"))


def _name_step(words: list[str], names: dict[str, str], company: str | None, k: int,
               b: int) -> tuple[int, str | None]:
    """The name (of up to three words) that starts at words[k] and ends before b, and where the scan goes on."""
    if words[k] not in _first_words(names):
        return k + 1, None
    for n in (3, 2, 1):
        cand = " ".join(words[k:k + n])
        if k + n <= b and cand in names and names[cand] != company:
            return k + n, names[cand]
    return k + 1, None


# the names last asked about and their first words, as one pair replaced whole (two threads never mix two pairs)
_FIRST_WORDS: list[tuple[dict | None, frozenset]] = [(None, frozenset())]


def _first_words(names: dict[str, str]) -> frozenset:
    """The first word of every name: most words start none, and are passed over at once."""
    known, first = _FIRST_WORDS[0]
    if known is not names:
        first = frozenset(n.split(" ")[0] for n in names)
        _FIRST_WORDS[0] = (names, first)
    return first


def _name_hits(words: list[str], names: dict[str, str], company: str | None, a: int, b: int) -> list[tuple[int, str]]:
    """(position, organisation) of each name among words[a:b], read left to right; never the article's company."""
    out, k = [], a
    while k < b:
        nxt, name = _name_step(words, names, company, k, b)
        if name is not None:
            out.append((k, name))
        k = nxt
    return out


def _entity_near(words: list[str], names: dict[str, str], seg: tuple[int, int],
                 sentence_hits: list[tuple[int, str]], at: int, company: str | None) -> str | None:
    """The organisation a figure is about: the nearest name in its own stretch of the sentence (before it first),
    then in the rest of the sentence (its names found once for all its figures); never the company the article is
    about."""
    for found in (_name_hits(words, names, company, *seg), sentence_hits):
        k = bisect_left(found, at, key=lambda h: h[0])
        if k:
            return found[k - 1][1]
        if found:
            return found[0][1]
    return None


class _NamedBefore:
    """The organisation named last before a point of a paragraph, for its sentences in order: one pass over the
    paragraph, not one for each figure."""

    def __init__(self, words: list[str], names: dict[str, str], company: str | None):
        self.words, self.names, self.company = words, names, company
        self.pos, self.last = 0, None

    def before(self, m: int) -> str | None:
        """The last name among words[:m] (m never smaller than the time before)."""
        # a step whose three words lie before m reads the same for any later m: it is done once
        while self.pos + 3 <= m:
            self.pos, name = _name_step(self.words, self.names, self.company, self.pos, m)
            self.last = name or self.last
        tail = _name_hits(self.words, self.names, self.company, self.pos, m)
        return tail[-1][1] if tail else self.last


def company_of(articles: list[Article], names_by_article: list[dict[str, str]]) -> str | None:
    """The organisation the articles are about: the one named most often (in a title three times), and three
    times more where money goes into it ('in OpenAI', 'an OpenAI', 'bei OpenAI', 'into Helix')."""
    counts: Counter = Counter()
    for a, names in zip(articles, names_by_article):
        for part, weight in ((a.text, 1), (a.title or "", 2)):
            tokens = [t.text.rstrip(".,").removesuffix("'s").removesuffix("’s") for t in tokenize(part)]
            for n in (3, 2, 1):  # names of up to three words
                for k in range(len(tokens) - n + 1):
                    name = names.get(" ".join(tokens[k:k + n]))
                    if name is None:
                        continue
                    # money goes into it, or it is named as the start-up ('das KI-Startup Aleph Alpha')
                    into = weight == 1 and k and (tokens[k - 1].lower() in ("in", "an", "am", "bei", "into", "of")
                                                  or tokens[k - 1].lower().endswith(("startup", "start-up")))
                    counts[name] += weight + (3 if into else 0)
    return counts.most_common(1)[0][0] if counts else None


def known_names(fb: FactBase | None) -> dict[str, str]:
    """Alias -> entity name of an existing fact base: its names in both languages and its products ('AWS')."""
    out: dict[str, str] = {}
    for e in (fb.entities if fb else ()):
        for alias in (e.name, e.name_de, *e.products):
            if alias and len(alias) > 1:
                out[alias] = e.name
    return out
