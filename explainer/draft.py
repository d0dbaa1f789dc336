"""Draft a fact base from plain-text articles: every money, percent and capacity figure becomes a claim to review.

The rules are written for the two languages, not for one story: how German and English print numbers ("1.234,5",
"1,234.5", "zehn", "a half"), scales ("Mrd.", "bn", "Billion" is a trillion in German), currencies before or
after the number, the qualifier words before it ("bis zu", "more than") and ranges ("zwischen 20 und 50",
"20 bis 50", "20–50"). Topic, entity and status are guesses from the words around each figure; the editor
corrects them (the CLI's YAML, or the table on the Fact base page). Nothing here imports streamlit.
"""
from __future__ import annotations

import re
import shutil
from bisect import bisect_left, bisect_right
from functools import lru_cache
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date as Date
from pathlib import Path
from typing import NamedTuple

import yaml
from babel.numbers import NumberFormatError, parse_decimal
from text_to_num import text2num

from .factbase import MAX_ARTICLE_BYTES, MAX_BYTES, MAX_UPLOAD_FILES, Problem, parse_factbase
from .i18n import N_, Messages
from .model import FactBase

UNITS = ("bn", "mn", "tn", "percent", "GW", "MW")
MONEY_UNITS_DRAFT = ("bn", "mn", "tn")
BOUNDS = ("exact", "about", "up_to", "at_least", "above", "below", "range")
STATUSES = ("talks", "reported", "agreed", "announced", "closed")
# What the editor picks as a claim's topic; each is a schema topic kind (and, for 'other', a readable subject).
TOPIC_CHOICES = ("investment", "round_total", "valuation", "prior_valuation", "stake", "prior_investment",
                 "compute_money", "compute_total", "capacity", "revenue", "spending", "growth", "other")
SCHEMA_KIND = {"stake": "stake_before", "capacity": "compute_capacity", "revenue": "other", "spending": "other",
               "growth": "other"}
NEEDS_ENTITY = {"investment", "stake", "prior_investment", "compute_money", "capacity"}
# A topic that needs an entity and has none becomes the topic the figure still belongs to.
WITHOUT_ENTITY = {"investment": "round_total", "stake": "other", "prior_investment": "other",
                  "compute_money": "compute_total", "capacity": "other"}
DIMENSION = {"investment": "money", "round_total": "money", "valuation": "money", "prior_valuation": "money",
             "prior_investment": "money", "compute_money": "money", "compute_total": "money", "revenue": "money",
             "spending": "money", "stake": "percent", "growth": "percent", "capacity": "capacity"}
GROUPS = {"investment": "round", "round_total": "round", "valuation": "valuation", "prior_valuation": "valuation",
          "stake": "ownership", "prior_investment": "ownership", "compute_money": "compute",
          "compute_total": "compute", "capacity": "compute"}

# ---------------------------------------------------------------- words of the two languages

GERMAN_WORDS = set("der die das und ist nicht mit von zu den im für auf ein eine einer wird sich auch des dem "
                   "sind hat als bei nach noch wie über aus oder um durch soll würde könnte sollte wurde werden "
                   "zum zur vom haben".split())
ENGLISH_WORDS = set("the and of to is that for with on as by it from at its has are be this which would said "
                    "could".split())  # not 'in', 'an', 'was', 'will': German words too

SCALES = {"milliarde": "bn", "milliarden": "bn", "mrd": "bn", "md": "bn", "billion": "bn", "billions": "bn",
          "bn": "bn", "bln": "bn", "million": "mn", "millionen": "mn", "mio": "mn", "millions": "mn", "mn": "mn",
          "mln": "mn", "billionen": "tn", "bio": "tn", "trillion": "tn", "trillions": "tn", "tn": "tn",
          "trn": "tn"}
ATTACHED_SCALES = {"b": "bn", "m": "mn", "t": "tn"}  # only glued to the number after a currency sign: "$5b"
UNIT_WORDS = {"prozent": "percent", "%": "percent", "percent": "percent", "pct": "percent",
              "gigawatt": "GW", "gw": "GW", "megawatt": "MW", "mw": "MW"}
CURRENCY_WORDS = {"$": "USD", "us$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD", "us-dollar": "USD",
                  "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR", "£": "GBP", "gbp": "GBP",
                  "pfund": "GBP", "pounds": "GBP", "sterling": "GBP", "chf": "CHF", "franken": "CHF",
                  "¥": "JPY", "yen": "JPY", "jpy": "JPY"}
CURRENCY_SIGNS = {"$", "€", "£", "¥"}

# Qualifiers before a number, both languages (a German article quotes English headlines and the other way round).
# Longest phrases are tried first; articles between the phrase and the number are skipped ("jenseits der halben").
QUALIFIERS = {
    "up_to": ["bis zu", "up to", "höchstens", "maximal", "at most", "no more than", "as much as"],
    "about": ["rund", "etwa", "ca.", "circa", "zirka", "knapp", "gut", "ungefähr", "annähernd", "fast", "beinahe",
              "nahezu", "geschätzte", "geschätzten", "im bereich von", "in der größenordnung von", "about", "around",
              "roughly", "approximately", "approx.", "some", "nearly", "almost", "close to", "an estimated",
              "in the region of", "~", "≈"],
    "at_least": ["mindestens", "wenigstens", "at least"],
    "above": ["mehr als", "über", "jenseits", "more than", "over", "upwards of", "in excess of", "beyond", ">"],
    "below": ["weniger als", "unter", "unterhalb von", "less than", "under", "below", "<"],
}
AFTER_QUALIFIERS = {"at_least": ["oder mehr", "und mehr", "or more", "and more", "plus"],
                    "up_to": ["oder weniger", "or less"]}
SKIPPABLE = {"der", "die", "das", "den", "dem", "des", "the", "a", "an", "von", "of"}
RANGE_START = {"zwischen", "between", "from", "von"}
RANGE_LINK = {"und", "and", "bis", "to", "–", "—", "-"}
DETERMINERS_DE = set("der die das den dem des ein eine einen einem einer eines sein seine seinen seinem seiner ihr "
                     "ihre ihren ihrem ihrer dieser diese dieses diesen jede jeden jeder unser unsere kein keine "
                     "deren dessen welche welcher welches jener jene alle beide vom zum zur beim im am ins".split())
DETERMINERS_EN = set("the a an this that these those its his her their our every each no".split())
DETERMINERS = DETERMINERS_DE | DETERMINERS_EN

# Words that start a sentence or stand capitalised without naming an organisation.
NOT_NAMES = set("""der die das den dem des ein eine einen einem einer im in nach vor mit bei auch zugleich bereits
geplant weitere es er sie wir für laut wie doch aber und damit dies diese dieser dazu denn so noch nur schon trotz
seit sollte ob als wenn während allerdings außerdem zudem jedoch hinzu parallel erst kurz gleichzeitig ursprünglich
statt mehrere kommt gelingt für apropos unter über ebenso zwar genau gegen um ab aus an auf zu insgesamt demnach
the a an it its this that these those in on at for with by from as but and existing however meanwhile also while
after before under over according people sources some other others he she they we i our his her their there here
what who when where why how if than then so such not no yes all any each both more most many much one two three
january february march april may june july august september october november december monday tuesday wednesday
thursday friday saturday sunday januar februar märz juni juli oktober dezember montag dienstag mittwoch
donnerstag freitag samstag sonntag ceo cfo cto coo ki ai ipo gpu gpus tpu cpu us usa eu uk usd eur gbp chf jpy
gw mw mrd mio bn mn pbc ps tv it api llm agi dpa ag se inc corp ltd llc gmbh co nr dr prof obwohl weil da
dass falls sofern nachdem bevor sobald indem wobei deshalb daher somit also dennoch trotzdem inzwischen mittlerweile
jetzt nun heute gestern morgen hier dort dabei darüber zunächst schließlich letztlich zuletzt insbesondere innerhalb
angesichts unabhängig mehr weniger rund etwa knapp gut bis wer was wo wann warum wie welche siehe
""".split()) | set(SCALES) | set(UNIT_WORDS) | set(CURRENCY_WORDS) | {"milliarde", "billion", "million", "prozent"}
# German puts the finite verb second: a capitalised first word right before one of these is the sentence's subject,
# and, where it is no common noun, a name ('Siemens hält', 'Mubadala würde').
SUBJECT_VERBS = set("""hält hielt investiert investierte beteiligt steuert zahlt übernimmt plant will soll könnte würde
hat hatte führt leitet kauft verkauft erhält bekommt bringt stockt gibt wird kommt
holds invests invested plans will would could has had leads led pays buys gets puts""".split())
ORG_SUFFIXES = set("AI Capital Ventures Partners Group Holdings Holding Inc Inc. Corp Corp. AG SE GmbH Ltd Ltd. "
                   "LLC Systems Robotics Technologies Labs Bank Fund Energy Data Networks Semiconductor Investments "
                   "Management Securities Sachs Motors Microsystems Platforms".split())
NOUN_ENDINGS = ("ung", "ungen", "heit", "keit", "schaft", "tion", "tät", "nis", "ismus", "ik", "enz", "anz",
                "ment", "ität", "ungen", "chen", "en", "ern", "ie")

# Topic and status cues: stems matched at the start of a lower-cased word.
CUES = {
    "valuation": ["bewert", "valuation", "valued", "valuing", "valuat", "börsenwert", "marktwert", "pre-money",
                  "post-money", "den wert von", "worth of the company"],
    "prior": ["vor der runde", "zuvor", "previous", "prior", "previously", "last round", "a year ago", "up from",
              "letzten runde", "vorherigen", "bisher", "bereits", "already", "seit", "since", "had invested",
              "has invested", "hatte", "in its previous", "last valued", "zuletzt", "last round", "vorjahr",
              "a year earlier", "ein jahr zuvor"],
    "revenue": ["umsatz", "umsätze", "erlös", "einnahmen", "revenue", "sales", "annualized", "annualised"],
    "spending": ["ausgaben", "kosten", "spend", "spending", "costs", "burn", "verbrennt", "investitionsausgaben",
                 "capex"],
    "growth": ["wachs", "wuchs", "gestiegen", "stieg", "grew", "growth", "rose", "up", "increase", "zuwachs",
               "plus", "verdoppel", "sank", "fell", "gesunken"],
    "stake": ["anteil", "beteiligung", "hält", "halten", "hielt", "stake", "holds", "hold", "held", "owns", "own",
              "am kapital", "of the company"],
    "compute": ["rechenkapazität", "rechenleistung", "rechenzentr", "rechner", "cloud", "compute", "computing",
                "chip", "infrastruktur", "infrastructure", "data-cent", "data cent", "server", "gpu", "power",
                "strom", "energie", "aws", "azure", "chips", "rechnervertrag"],
    "contract": ["vertrag", "abkommen", "deal", "vereinbarung", "zusage", "contract", "agreement", "commitment",
                 "partnerschaft", "partnership", "worth", "im wert von", "wert von", "purchase"],
    "round": ["finanzierungsrunde", "runde", "round", "raise", "raising", "raised", "raises", "einsammeln",
              "sammelt", "eingesammelt", "einwerben", "kapitalbeschaffung", "finanzierung", "funding",
              "kapitalrunde", "zielgröße", "summe", "kapitalerhöhung", "target", "einzuwerben", "einzusammeln",
              "aufzunehmen", "aufnehmen"],
    "invest": ["invest", "beteilig", "beisteuer", "steuert", "einsteigen", "einstieg", "stecken", "erhalten",
               "put in", "contribut", "add", "adds", "back", "backed", "backs", "led by", "lead", "zuschie",
               "zahlen", "pay", "commit", "investor", "geldgeber", "einzusteigen"],
    "of_which": ["davon", "of which", "darunter", "including"],
    "deal": ["deal", "contract", "agreement", "vertrag", "abkommen", "auftrag", "vereinbarung"],
}
STATUS_CUES = [
    ("talks", ["verhandel", "gespräch", "talks", "negotiat", "erwäg", "consider", "weigh", "könnte", "could",
               "would", "würde", "soll", "plant", "plans", "seeking", "sucht", "strebt", "expected", "erwartet",
               "kolportiert", "might", "may "]),
    ("closed", ["abgeschlossen", "completed", "closed", "raised", "raises", "eingesammelt", "sammelt"]),
    ("agreed", ["vereinbart", "unterzeichnet", "signed", "agreed", "geschlossen", "schloss", "einigung"]),
    ("announced", ["angekündigt", "kündigt", "gab bekannt", "announced", "announces", "bestätigt", "confirmed"]),
    ("reported", ["laut", "bericht", "zufolge", "reportedly", "reported", "according to", "said to"]),
]
AD_MARKERS = {"anzeige", "werbung", "advertisement", "sponsored", "anzeige:"}

MONTHS = {m: i + 1 for i, names in enumerate([
    "januar jan january", "februar feb february", "märz mär mrz march mar", "april apr", "mai may",
    "juni jun june", "juli jul july", "august aug", "september sept sep", "oktober okt october oct",
    "november nov", "dezember dez december dec"]) for m in names.split()}
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE_PATTERNS = [
    re.compile(r"\b(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:19|20)\d{2})\b"),
    re.compile(r"\b(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})\b"),
    re.compile(rf"\b(?P<d>\d{{1,2}})\.?\s+(?P<mn>{_MONTH_RE})\.?\s+(?P<y>(?:19|20)\d{{2}})\b", re.I),
    re.compile(rf"\b(?P<mn>{_MONTH_RE})\.?\s+(?P<d>\d{{1,2}}),?\s+(?P<y>(?:19|20)\d{{2}})\b", re.I),
]
ABBREVIATIONS = {"mrd", "mio", "bio", "ca", "nr", "dr", "prof", "st", "bzw", "z.b", "u.a", "inc", "corp", "co",
                 "ltd", "no", "vs", "approx", "usw", "evtl", "ggf", "vgl", "mr", "mrs", "ms", "jr", "sr", "u.s",
                 "e.g", "i.e", "etc", "abs"} | set(MONTHS)

# Every token is at most about 64 characters (no name or number is longer): a crafted long word costs its length
# once, not once for each figure near it.
TOKEN_RE = re.compile(
    r"(?P<num>\d{1,3}(?:[.,\u202f\u00a0]\d{3}){1,8}(?:[.,]\d{1,8})?(?!\d)|\d{1,30}(?:[.,]\d{1,30})?)"
    r"|(?P<word>[A-Za-zÄÖÜäöüßÉéèà]{1,64}(?:[-'’][A-Za-zÄÖÜäöüßÉéèà]{1,64}){0,5}\.?)"
    r"|(?P<sym>[$€£¥%~<>≈–—\-|])"
    r"|(?P<other>\S)")


class Token(NamedTuple):  # a tuple: a text is tokenized several times, and a tuple is made fastest
    text: str
    start: int
    end: int
    kind: str  # num, word, sym, other

    @property
    def low(self) -> str:
        return self.text.lower()


@dataclass(frozen=True)
class Article:
    """An article's text as given, and what the drafter read from it."""
    name: str  # the file name the draft's source points at
    text: str
    lang: str  # de or en
    title: str | None = None
    date: str | None = None  # YYYY-MM-DD when printed in the text
    date_text: str | None = None  # the words that print it


@dataclass(frozen=True)
class Figure:
    """One figure of an article as a draft claim: what it says, where it stands, and the drafter's guesses."""
    article: int  # index into the articles drafted
    start: int  # the figure's words in the article's text
    end: int
    quote: str
    sentence: str
    unit: str
    bound: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    currency: str | None = None
    topic: str = "other"  # one of TOPIC_CHOICES
    entity: str | None = None  # an organisation's name as printed
    basis: str | None = None
    status: str = "reported"
    where: str = "text"
    carried: tuple[str, ...] = ()  # unit or currency taken from elsewhere in the sentence (or a table's header)
    keep: bool = True


# ---------------------------------------------------------------- language, numbers

def detect_language(text: str) -> str:
    words = re.findall(r"[a-zäöüß]+", text.lower())
    de = sum(w in GERMAN_WORDS for w in words) + 3 * sum(c in "äöüß" for c in text[:5000]) / 10
    en = sum(w in ENGLISH_WORDS for w in words)
    return "de" if de > en else "en"


def parse_number(s: str, lang: str) -> float:
    """A number as printed: '1.234,5' in German, '1,234.5' in English; the other language's format where the
    article's own cannot read it ('1.5' in a German text)."""
    s = s.replace("\u202f", "").replace("\u00a0", "")
    first, second = ("de_DE", "en_GB") if lang == "de" else ("en_GB", "de_DE")
    for loc in (first, second):
        try:
            return float(parse_decimal(s, locale=loc, strict=True))
        except NumberFormatError:
            continue
    return float(parse_decimal(s, locale=first))


FRACTIONS = {"halb": 0.5, "halbe": 0.5, "halben": 0.5, "halber": 0.5, "half": 0.5, "anderthalb": 1.5,
             "eineinhalb": 1.5, "quarter": 0.25, "viertel": 0.25, "dreiviertel": 0.75}
ONE = {"ein", "eine", "einer", "einem", "einen", "one", "a", "an"}


def word_number(word: str, lang: str) -> float | None:
    """A number word's value ('zehn', 'zweieinhalb', 'twenty-five', 'halben'), else None."""
    w = word.lower().rstrip(".")
    if w in FRACTIONS:
        return FRACTIONS[w]
    if w in ONE:
        return 1.0
    if w.endswith("einhalb") and len(w) > 7:
        whole = word_number(w[:-7], lang)
        return whole + 0.5 if whole is not None else None
    if not NUMBER_WORD_RE.search(w):  # text2num only for words with a number's root: most words have none
        return None
    for language in ((lang, "en" if lang == "de" else "de")):
        try:
            return float(text2num(w, language))
        except ValueError:
            continue
    return None


NUMBER_WORD_RE = re.compile(
    r"eins|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|zwanzig|ßig|hundert|tausend|one|two|three|four|"
    r"five|six|seven|eight|nine|ten|eleven|twelve|teen|twenty|thirty|forty|fifty|ty$|hundred|thousand")


def tokenize(text: str, offset: int = 0) -> list[Token]:
    return [Token(m.group(), m.start() + offset, m.end() + offset, m.lastgroup) for m in TOKEN_RE.finditer(text)]


def sentence_language(tokens: list[Token], default: str) -> str:
    de = sum(t.low in GERMAN_WORDS for t in tokens)
    en = sum(t.low in ENGLISH_WORDS for t in tokens)
    return "de" if de > en else "en" if en > de else default


# ---------------------------------------------------------------- blocks, sentences, clauses

MAX_SENTENCE = 2000  # characters: a longer sentence is cut at its clause marks, so work per sentence stays bounded


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    where: str


def blocks(text: str) -> list[Span]:
    """Lines of the text with where they stand: title, heading, table, source_list or text. Advertisements
    (the paragraph after a line 'Anzeige' or 'Advertisement') are left out: they are page furniture."""
    out: list[Span] = []
    pos, skip_ad, title_done, in_sources = 0, False, False, False
    lines = text.split("\n")
    for i, line in enumerate(lines):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if not stripped:
            continue
        low = stripped.lower().rstrip(":")
        if low in AD_MARKERS:
            skip_ad = True
            continue
        if skip_ad:
            skip_ad = False
            continue
        if low in ("quellen", "sources", "quelle", "source"):
            in_sources = True
            continue
        words = len(stripped.split())
        if stripped.startswith("|") and len(stripped) <= MAX_SENTENCE:  # a longer line is read as sentences
            where = "table"
        elif in_sources:
            where = "source_list"
        elif words <= 16 and not stripped.endswith((".", "!", "?", ":", ";", ",")) and words >= 3:
            where = "heading" if title_done else "title"
            title_done = True
        else:
            where = "text"
            title_done = title_done or words > 25
        lead = len(line) - len(line.lstrip())
        out.append(Span(start + lead, start + lead + len(stripped), where))
    return out


# A stop, then space and a capital or a digit. The lookbehind says "some space" without a second run of spaces that
# overlaps the first (which backtracks quadratically on a stop followed by many spaces).
_STOP = re.compile(r"[.!?…](?=[\s\"”“«»)]*(?<=\s)[\"„“«»(]?[A-ZÄÖÜ0-9])")
_WORD_BEFORE = re.compile(r"([\w.]+)$")


def sentences(text: str, block: Span) -> list[tuple[int, int]]:
    """Sentences of a block: a stop, then space and a capital or a digit, ends one, except after an abbreviation
    ('Mrd.', 'ca.', 'Okt.') or a day's number ('3. Okt.'). A sentence over MAX_SENTENCE characters is cut."""
    out, begin = [], block.start
    for m in _STOP.finditer(text, block.start, block.end):
        stop = m.start()
        # the word before the stop, from a short window: no abbreviation is 40 characters long
        before = _WORD_BEFORE.search(text, max(begin, stop - 40), stop)
        word = before.group(1).lower() if before else ""
        if word in ABBREVIATIONS or len(word) == 1 and word.isalpha():
            continue
        if word.isdigit() and len(word) <= 2:  # '3. Okt.', '21. Januar': an ordinal, not a stop
            continue
        out += _capped(text, begin, stop + 1)
        begin = stop + 1
        while begin < block.end and text[begin].isspace():
            begin += 1
    if begin < block.end:
        out += _capped(text, begin, block.end)
    return out


def _capped(text: str, start: int, end: int, limit: int = MAX_SENTENCE) -> list[tuple[int, int]]:
    """A sentence as it is, or, over `limit` characters, cut after its last clause mark (else its last space, else
    anywhere) before each limit: no reader's sentence is that long, a crafted one should not cost more."""
    out = []
    while end - start > limit:
        cut = max((m.end() for m in CLAUSE_RE.finditer(text, start + limit // 2, start + limit)), default=None)
        if cut is None:
            space = text.rfind(" ", start + limit // 2, start + limit)
            cut = space + 1 if space != -1 else start + limit
        out.append((start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        out.append((start, end))
    return out


CLAUSE_RE = re.compile(r"(?:, |; |: | – | — | - |\(|\))")
_RUN = re.compile(r"\S+")


class Clauses:
    """A sentence's clauses, cut at commas, semicolons, colons, dashes and brackets, found once for all its figures
    (each figure's clause is then a few bisections, not a new scan of the sentence)."""

    def __init__(self, text: str, s_start: int, s_end: int):
        self.text = text
        matches = list(CLAUSE_RE.finditer(text, s_start, s_end))
        cuts = [s_start] + [m.end() for m in matches] + [s_end]
        # (start, end) of each clause, end without the cutting mark
        self.bounds = [(a, matches[k].start() if b != s_end else b) for k, (a, b) in enumerate(zip(cuts, cuts[1:]))]
        self.starts = [a for a, _b in self.bounds]
        runs = [(m.start(), m.end()) for m in _RUN.finditer(text, s_start, s_end)]
        self.run_starts, self.run_ends = [a for a, _b in runs], [b for _a, b in runs]

    def words(self, a: int, b: int) -> int:
        """len(text[a:b].split()), from the sentence's runs of non-space."""
        return max(0, bisect_left(self.run_starts, b) - bisect_right(self.run_ends, a))

    def around(self, f_start: int, f_end: int) -> tuple[int, int]:
        """The clause that holds a figure; a clause of fewer than four words takes its neighbours (before first) so
        that it still says what it is about."""
        bounds, last = self.bounds, len(self.bounds) - 1
        i = bisect_right(self.starts, f_start) - 1
        if i < 0 or not f_start < max(bounds[i][1], bounds[i][0] + 1):
            i = last
        j = i
        # a clause that ends inside the figure's words (a range cut at its dash) takes the next one
        while bounds[j][1] < f_end and j < last:
            j += 1
        if not (self.words(bounds[i][0], bounds[j][1]) >= 4 or (i == 0 and j == last)):
            # the nearest clause before that makes four words (word counts only grow as a clause is added) ...
            lo, hi = 0, i
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if self.words(bounds[mid][0], bounds[j][1]) >= 4:
                    lo = mid
                else:
                    hi = mid - 1
            i = lo
            if self.words(bounds[i][0], bounds[j][1]) < 4:
                # ... else, from the sentence's start, the nearest clause after
                lo, hi = j, last
                while lo < hi:
                    mid = (lo + hi) // 2
                    if self.words(bounds[0][0], bounds[mid][1]) >= 4:
                        hi = mid
                    else:
                        lo = mid + 1
                j = lo
        a, b = bounds[i][0], bounds[j][1]
        chunk = self.text[a:b]
        a += len(chunk) - len(chunk.lstrip())
        b -= len(chunk) - len(chunk.rstrip(" ,;:"))
        return a, b


def clause_around(text: str, s_start: int, s_end: int, f_start: int, f_end: int) -> tuple[int, int]:
    """The clause of a sentence that holds a figure (Clauses.around, for one figure)."""
    return Clauses(text, s_start, s_end).around(f_start, f_end)


# ---------------------------------------------------------------- figures in a sentence

@dataclass
class _Found:
    i: int  # first token of the number
    j: int  # token after the figure's last word
    value: float | None
    low: float | None
    high: float | None
    unit: str | None
    currency: str | None
    bound: str
    carried: list = field(default_factory=list)


def _currency_at(tokens: list[Token], k: int) -> tuple[str | None, int]:
    """The currency named by tokens[k] (and 'US' '$'), and how many tokens it takes."""
    if k >= len(tokens) or k < 0:
        return None, 0
    t = tokens[k].low.rstrip(".")
    if t == "us" and k + 1 < len(tokens) and tokens[k + 1].text == "$" and tokens[k + 1].start == tokens[k].end:
        return "USD", 2
    return CURRENCY_WORDS.get(t), 1 if t in CURRENCY_WORDS else 0


def _scale_parts(word: str) -> list[str]:
    return [p for p in word.lower().rstrip(".").split("-") if p]


def _read_after(tokens: list[Token], k: int, lang: str, glued_ok: bool) -> tuple[str | None, str | None, int]:
    """Unit (or scale) and currency after a number starting at tokens[k]: '-Milliarden-Dollar-Vertrag',
    'Mrd. $', 'billion euros', 'Prozent', 'MW'. Returns (unit, currency, tokens used)."""
    unit = currency = None
    used = 0
    if k < len(tokens) and tokens[k].text == "-" and k + 1 < len(tokens) and tokens[k + 1].kind == "word" \
            and tokens[k].start == tokens[k - 1].end:
        k += 1  # '38-Milliarden-...'
        used += 1
    if k < len(tokens) and tokens[k].kind in ("word", "sym"):
        parts = _scale_parts(tokens[k].text) if tokens[k].kind == "word" else [tokens[k].text]
        first = parts[0]
        glued = tokens[k].start == tokens[k - 1].end
        if first in SCALES and not (first == "billion" and tokens[k].text[0] == "B" and lang == "de"):
            unit = SCALES[first]
        elif first == "billion":
            unit = "tn"  # German 'Billion' is a trillion
        elif first in ATTACHED_SCALES and glued and glued_ok and len(parts) == 1:
            unit = ATTACHED_SCALES[first]
        elif first in UNIT_WORDS and "stunde" not in tokens[k].low and not tokens[k].low.startswith(("mwh", "gwh")):
            unit = UNIT_WORDS[first]
        elif first == "per" and k + 1 < len(tokens) and tokens[k + 1].low.rstrip(".") == "cent":
            return "percent", None, used + 2
        if unit is None:
            cur, n = _currency_at(tokens, k)
            if cur and not (tokens[k].text == "-"):
                return None, cur, used + n
            return None, None, 0
        used += 1
        if len(parts) > 1:
            currency = CURRENCY_WORDS.get(parts[1]) or (CURRENCY_WORDS.get("-".join(parts[1:3])))
            return unit, currency, used
        if unit in SCALES.values():
            cur, n = _currency_at(tokens, k + 1)
            if cur:
                currency, used = cur, used + n
    return unit, currency, used


_QUALIFIER_PHRASES: dict[tuple[str, ...], str] = {}  # a qualifier's words -> its bound
for _bound, _phrases in QUALIFIERS.items():
    for _p in _phrases:
        _QUALIFIER_PHRASES.setdefault(tuple(_p.split()), _bound)
_LONGEST = max(map(len, _QUALIFIER_PHRASES))


def _qualifier_before(tokens: list[Token], i: int, lang: str) -> str:
    """The bound the words just before tokens[i] give: 'bis zu', 'mehr als', 'rund'; a German 'über' after a
    noun ('eine Partnerschaft über 100 Milliarden') says what the noun is worth, not 'above'."""
    k = i
    while k > 0 and (tokens[k - 1].text in CURRENCY_SIGNS or tokens[k - 1].low in ("us", "usd", "eur", "us$")):
        k -= 1
    words = [t.low for t in tokens[max(0, k - 6):k]]
    for skip in range(0, 3):
        tail = words[:len(words) - skip] if skip else words
        if skip and not all(w in SKIPPABLE for w in words[len(words) - skip:]):
            break
        # the longest phrase that ends the words (the first listed, of two as long)
        best = next(((_QUALIFIER_PHRASES[tuple(tail[len(tail) - n:])], n)
                     for n in range(min(_LONGEST, len(tail)), 0, -1)
                     if tuple(tail[len(tail) - n:]) in _QUALIFIER_PHRASES), None)
        if best:
            bound, n = best
            at = k - skip - n
            if tokens[at].low == "über" and at > 0 and tokens[at - 1].kind == "word" \
                    and tokens[at - 1].text[0].isupper() and tokens[at - 1].low not in NOT_NAMES | DETERMINERS_DE:
                return "exact"
            return bound
    return "exact"


def _qualifier_after(tokens: list[Token], j: int) -> str | None:
    words = [t.low for t in tokens[j:j + 2]]
    for bound, phrases in AFTER_QUALIFIERS.items():
        for p in phrases:
            pw = p.split()
            if words[:len(pw)] == pw:
                return bound
    return None


def _number_at(tokens: list[Token], k: int, lang: str) -> tuple[float | None, int]:
    """The number at tokens[k] (digits or words: 'zehn', 'eine halbe', 'two and a half'), and tokens used."""
    if k >= len(tokens):
        return None, 0
    t = tokens[k]
    if t.kind == "num":
        if k > 0 and tokens[k - 1].text == "-" and tokens[k - 1].start == t.start - 1 and k > 1 \
                and tokens[k - 2].kind == "word" and tokens[k - 2].end == tokens[k - 1].start:
            return None, 0  # 'GPT-5', 'Gen-10-Xbox'
        try:
            return parse_number(t.text, lang), 1
        except (NumberFormatError, ValueError):
            return None, 0
    if t.kind != "word":
        return None, 0
    w = t.low.rstrip(".")
    # 'one and a half', 'two and a half'
    if k + 3 < len(tokens) and [x.low for x in tokens[k + 1:k + 4]] == ["and", "a", "half"]:
        whole = word_number(w, "en")
        if whole is not None:
            return whole + 0.5, 4
    if w in ("half",) and k + 1 < len(tokens) and tokens[k + 1].low in ("a", "an"):
        return 0.5, 2
    if w in ONE and k + 1 < len(tokens) and tokens[k + 1].low.rstrip(".") in FRACTIONS:
        return FRACTIONS[tokens[k + 1].low.rstrip(".")], 2
    value = word_number(w, lang)
    return (value, 1) if value is not None else (None, 0)


def _year_like(tokens: list[Token], k: int) -> bool:
    t = tokens[k]
    return t.kind == "num" and re.fullmatch(r"(19|20)\d{2}", t.text) is not None


def find_figures(tokens: list[Token], lang: str) -> list[_Found]:
    """Every figure of a sentence's tokens, ranges as one; units and currencies the text leaves out are carried
    from the figure before ('davon 100 Mio.', 'Nvidia 30 und SoftBank 30') or after ('zwischen 20 und 50 Mrd.')."""
    found: list[_Found] = []
    k = 0
    while k < len(tokens):
        value, n = _number_at(tokens, k, lang)
        if value is None:
            k += 1
            continue
        before_cur, _w = _currency_at(tokens, k - 1)
        if before_cur is None and k >= 2 and tokens[k - 1].text == "$" and tokens[k - 2].low == "us":
            before_cur = "USD"
        glued_ok = before_cur is not None
        unit, currency, used = _read_after(tokens, k + n, lang, glued_ok)
        currency = currency or before_cur
        end = k + n + used
        f = _Found(k, end, value, None, None, unit, currency, "exact")
        # a range: 'zwischen 20 und 50 Mrd.', '20 bis 50', '20–50', 'between $1 billion and $1.5 billion'
        link = end
        if link < len(tokens) and tokens[link].low in RANGE_LINK and not (
                tokens[link].low == "bis" and link + 1 < len(tokens) and tokens[link + 1].low == "zu"):
            m = link + 1
            cur2, c2 = _currency_at(tokens, m)
            value2, n2 = _number_at(tokens, m + c2, lang)
            if value2 is not None and not _year_like(tokens, m + c2) and not (
                    tokens[link].low == "to" and unit is not None and tokens[k - 1].low != "from"):
                unit2, currency2, used2 = _read_after(tokens, m + c2 + n2, lang, cur2 is not None)
                if (unit is None or unit2 is None or unit == unit2) and (unit or unit2) and value2 > value:
                    f = _Found(k, m + c2 + n2 + used2, None, value, value2, unit or unit2,
                               currency or cur2 or currency2 or before_cur, "range")
                    if unit is None:
                        f.carried.append("unit")
        if f.unit is None:
            # a bare number gets the unit of the figure before it in the sentence, only where it reads as a list
            # ('Nvidia 30 und SoftBank 30'), never a year or a count of something ('80 Mitarbeiter')
            nxt = tokens[f.j].low if f.j < len(tokens) else ""
            prev_fig = found[-1] if found else None
            if prev_fig and prev_fig.unit and not _year_like(tokens, k) and tokens[k].kind == "num" and (
                    nxt in ("", ",", ".", ";", ")", "und", "and", "oder", "or", "–")) and f.currency is None:
                f.unit, f.currency = prev_fig.unit, prev_fig.currency
                f.carried.append("unit")
            else:
                k += n
                continue
        if f.bound != "range":
            f.bound = _qualifier_before(tokens, k, lang)
            after = _qualifier_after(tokens, f.j)
            if after and f.bound == "exact":
                f.bound = after
        found.append(f)
        k = f.j
    # money figures without a currency take the sentence's (the nearest before, else the first after)
    after: list[str | None] = [None] * len(found)
    for idx in range(len(found) - 2, -1, -1):
        after[idx] = found[idx + 1].currency or after[idx + 1]
    last = None
    for idx, f in enumerate(found):
        if f.unit in ("bn", "mn", "tn") and f.currency is None and (last or after[idx]):
            f.currency = last or after[idx]
            f.carried.append("currency")
        last = f.currency or last
    return found


def _plain_money(tokens: list[Token], lang: str) -> list[_Found]:
    """Amounts with a currency and no scale ('$500,000', '2.000.000 Euro'): a million or more, in millions."""
    out = []
    for k, t in enumerate(tokens):
        if t.kind != "num":
            continue
        before, after = _currency_at(tokens, k - 1)[0], _currency_at(tokens, k + 1)[0]
        cur = before or after
        if cur is None:
            continue
        try:
            value = parse_number(t.text, lang)
        except (NumberFormatError, ValueError):
            continue
        nxt = tokens[k + 1].low.rstrip(".") if k + 1 < len(tokens) else ""
        if value >= 1_000_000 and nxt not in SCALES:
            # the figure's words end with the currency after it ('2.000.000 Euro'), else with the number: a sign
            # or code before it may stand last in the line ('Amount raised: $320,000,000')
            out.append(_Found(k, k + 2 if after and not before else k + 1, value / 1_000_000, None, None, "mn",
                              cur, "exact"))
    return out


# ---------------------------------------------------------------- organisations

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
        if a.low in determiners:
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
        if len(w) < 2 or w.lower() in NOT_NAMES or w.lower() in lower_seen or 4 * after_det[w] >= max(seen[w], 1):
            return False
        if lang == "de":
            nxt = tokens[k + 1].low if k + 1 < len(tokens) else ""
            # the subject before its verb ('Volkswagen hält'), or before a comma when no article stands before it
            subject = tokens[k].text == w and (nxt in SUBJECT_VERBS or (nxt == "," and k in sentence_starts))
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
    k = 0
    while k < len(tokens):
        t = tokens[k]
        if not capital(t):
            k += 1
            continue
        w = base(t)
        strong = shape_name(w) or caps(k)
        j = k + 1
        # a name of several words: 'Thrive Capital', 'Northern Data', 'Helix Energy AI', 'Abu Dhabi'
        while j < len(tokens) and j - k < MAX_NAME_WORDS and capital(tokens[j]) \
                and tokens[j].start - tokens[j - 1].end == 1 \
                and not tokens[j - 1].text.endswith((".", "'s", "’s")) and (
                    tokens[j].text.rstrip(".") in ORG_SUFFIXES or (lang == "en" and base(tokens[j]).lower()
                                                                   not in NOT_NAMES)):
            j += 1
        suffixed = j > k + 1 and tokens[j - 1].text.rstrip(".") in ORG_SUFFIXES
        if suffixed or (j > k + 1 and lang == "en" and w.lower() not in NOT_NAMES):
            name = " ".join(base(x) for x in tokens[k:j])
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


# ---------------------------------------------------------------- topic, entity, status

def _has(words: str, cues: list[str]) -> bool:
    """Whether a cue stands in the words: a long cue anywhere in a word (German compounds: 'Betriebskosten',
    'Anfangsinvestition'), a short one only as a whole word ('seit' is not 'Seiten')."""
    return _has_cues(words, tuple(cues))


@lru_cache(maxsize=1024)  # a sentence's words are asked about the same cues for each of its figures
def _has_cues(words: str, cues: tuple[str, ...]) -> bool:
    return any(re.search(re.escape(c) if len(c) >= 5 else rf"(?<![\w]){re.escape(c)}(?![\w])", words)
               for c in cues)


def classify(segment: str, sentence: str, unit: str, entity: str | None,
             paragraph_entity: str | None = None,
             low_sentence: str | None = None) -> tuple[str, str | None, str | None]:
    """A figure's topic (one of TOPIC_CHOICES), its valuation basis and its entity, from the words of its own
    stretch of the sentence (between the figures around it), then of the whole sentence. An investment whose
    sentence names no investor takes the one named last before it in the paragraph ('Die Ankündigung einer
    Investition von bis zu 30 Milliarden' after a sentence about Nvidia)."""
    seg = segment.lower()
    low = sentence.lower() if low_sentence is None else low_sentence  # lowered once per sentence by the caller
    # 'a deal valued at $20 billion', 'ein Vertrag im Wert von': what a deal is worth, not a company's valuation
    deal = _has(seg, CUES["deal"]) and not _has(seg, ["pre-money", "post-money", "bewertung", "valuation"])
    if deal and unit in MONEY_UNITS_DRAFT:
        if _has(low, CUES["compute"]) or _has(seg, CUES["compute"]):
            return ("compute_money" if entity else "compute_total"), None, entity
    for words in (seg, low):
        if words is not seg and unit in MONEY_UNITS_DRAFT and entity and entity.split()[0] in segment \
                and not _has(seg, CUES["of_which"]) and _has(seg, ["von", "from", "by"]):
            return "investment", None, entity  # 'Die 30 Milliarden Euro von NVIDIA sind ...'
        if unit == "percent":
            if _has(words, CUES["stake"]):
                return ("stake" if entity else "other"), None, entity
            if _has(words, CUES["growth"]):
                return "growth", None, None
            continue
        if unit in ("GW", "MW"):
            return ("capacity" if entity else "other"), None, entity
        if _has(words, CUES["valuation"]) and not _has(words, ["im wert von", "worth"]):
            basis = "pre" if _has(words, ["pre-money", "pre money", "vor dem geldzufluss"]) else \
                "post" if _has(words, ["post-money", "post money", "nach dem geldzufluss", "nach der runde",
                                       "after the round"]) else "unspecified"
            if basis == "unspecified" and _has(words, CUES["prior"]):
                return "prior_valuation", None, None
            return "valuation", basis, None
        if _has(words, CUES["revenue"]):
            return "revenue", None, None
        if _has(words, CUES["spending"]):
            return "spending", None, None
        if _has(words, CUES["compute"]) and _has(words, CUES["contract"]):
            return ("compute_money" if entity else "compute_total"), None, entity
        invest, rnd = _has(words, CUES["invest"]), _has(words, CUES["round"])
        if invest or rnd:
            prior = _has(words, CUES["prior"])
            who = entity or (paragraph_entity if invest else None)
            if who and invest and not _has(words, ["led by", "angeführt"]):
                return ("prior_investment" if prior else "investment"), None, who
            if prior:
                return "other", None, None
            return "round_total", None, None
    if unit == "percent":
        return "other", None, None
    # no word says what the money is: an organisation named with it ('Die 30 Milliarden Euro von NVIDIA'), or in
    # the paragraph before, is its investor
    if entity and entity.split()[0] in segment:
        return "investment", None, entity
    who = entity or paragraph_entity
    return ("investment" if who else "round_total"), None, who


def status_of(sentence: str) -> str:
    words = sentence.lower()
    for status, cues in STATUS_CUES:
        if _has(words, cues):
            return status
    return "reported"


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


_FIRST_WORDS: list = [None, frozenset()]  # the names last asked about, and their first words


def _first_words(names: dict[str, str]) -> frozenset:
    """The first word of every name: most words start none, and are passed over at once."""
    if _FIRST_WORDS[0] is not names:
        _FIRST_WORDS[:] = [names, frozenset(n.split(" ")[0] for n in names)]
    return _FIRST_WORDS[1]


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


# ---------------------------------------------------------------- an article's figures

def read_article(name: str, text: str, lang: str = "auto") -> Article:
    lang = detect_language(text) if lang == "auto" else lang
    title = next((text[b.start:b.end] for b in blocks(text) if b.where == "title"), None)
    head = text[:800]
    for pattern in DATE_PATTERNS:
        m = pattern.search(head)
        if not m:
            continue
        month = int(m.group("m")) if "m" in m.groupdict() and m.group("m") else MONTHS.get(m.group("mn").lower())
        try:
            d = Date(int(m.group("y")), month, int(m.group("d")))
        except (TypeError, ValueError):
            continue
        line_end = text.find("\n", m.end())
        printed = text[m.start():line_end if line_end != -1 else len(text)].strip()
        return Article(name, text, lang, title, d.isoformat(), printed[:60])
    return Article(name, text, lang, title)


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
                    into = weight == 1 and k and tokens[k - 1].lower() in ("in", "an", "am", "bei", "into", "of")
                    counts[name] += weight + (3 if into else 0)
    return counts.most_common(1)[0][0] if counts else None


def article_figures(index: int, article: Article, names: dict[str, str], company: str | None) -> list[Figure]:
    text, out = article.text, []
    counts: dict[str, int] = {}

    def quote_count(quote: str) -> int:
        """How often a quote stands in the article, counted once per quote."""
        if quote not in counts:
            counts[quote] = text.count(quote)
        return counts[quote]

    table_header: tuple[str | None, str | None, str] | None = None
    for block in blocks(text):
        if block.where == "table":
            figs, table_header = _table_row(index, article, block, names, company, table_header)
            out += figs
            continue
        table_header = None
        block_tokens = tokenize(text[block.start:block.end], block.start)
        block_starts = [t.start for t in block_tokens]
        named_before = _NamedBefore([_name_word(t) for t in block_tokens], names, company)
        for s_start, s_end in sentences(text, block):
            tokens = tokenize(text[s_start:s_end], s_start)
            lang = sentence_language(tokens, article.lang)
            found = find_figures(tokens, lang)
            covered = {k for f in found for k in range(f.i, f.j)}
            found += [f for f in _plain_money(tokens, lang) if f.i not in covered]
            found.sort(key=lambda f: f.i)
            if not found:
                continue
            # what every figure of the sentence asks of it, read once
            sentence = text[s_start:s_end]
            low_sentence, status, clauses = sentence.lower(), status_of(sentence), Clauses(text, s_start, s_end)
            starts = [t.start for t in tokens]
            words = [_name_word(t) for t in tokens]
            sentence_hits = _name_hits(words, names, company, 0, len(tokens))
            said: list[str | None] = []  # the paragraph's last name before the sentence, once asked
            previous: Figure | None = None
            for n, f in enumerate(found):
                f_start, f_end = tokens[f.i].start, tokens[f.j - 1].end
                # with its currency sign or code before it
                if f.i > 0 and (tokens[f.i - 1].text in CURRENCY_SIGNS or tokens[f.i - 1].low in ("usd", "eur")):
                    f_start = tokens[f.i - 1].start
                    if f.i > 1 and tokens[f.i - 2].low == "us" and tokens[f.i - 1].text == "$":
                        f_start = tokens[f.i - 2].start
                c_start, c_end = clauses.around(f_start, f_end)
                quote = text[c_start:c_end]
                if quote_count(quote) > 1:
                    quote = sentence.strip()
                seg = _segment(tokens, starts, found, n, c_start, c_end)
                segment = text[tokens[seg[0]].start:tokens[seg[1] - 1].end] if seg[1] > seg[0] else quote
                entity = _entity_near(words, names, seg, sentence_hits, f.i, company)
                of_which = _has(text[tokens[seg[0]].start:f_start].lower(), CUES["of_which"])
                if of_which and previous is not None:
                    topic, basis, entity = previous.topic, previous.basis, previous.entity
                else:
                    if not said:
                        said.append(named_before.before(bisect_left(block_starts, s_start)))
                    topic, basis, entity = classify(segment, sentence, f.unit, entity, said[0], low_sentence)
                if topic not in NEEDS_ENTITY:
                    entity = None
                fig = Figure(article=index, start=f_start, end=f_end, quote=quote, sentence=sentence.strip(),
                             unit=f.unit, bound=f.bound, value=f.value, low=f.low, high=f.high,
                             currency=f.currency if f.unit in ("bn", "mn", "tn") else None, topic=topic,
                             entity=entity, basis=basis, status=status, where=block.where,
                             carried=tuple(f.carried))
                out.append(fig)
                previous = fig
    return out


def _segment(tokens: list[Token], starts: list[int], found: list[_Found], n: int, c_start: int,
             c_end: int) -> tuple[int, int]:
    """The stretch of a sentence that speaks of its n-th figure: from the figure before it (or its clause's
    start) to the next figure, but not past a preposition that opens the next figure's phrase ('bei einer
    Bewertung von 80', 'at a valuation of')."""
    first, last = bisect_left(starts, c_start), bisect_left(starts, c_end)  # the clause's tokens (starts: theirs)
    if first >= last:
        first, last = 0, len(tokens)
    a = max(found[n - 1].j if n else 0, first)
    b = min(found[n + 1].i if n + 1 < len(found) else len(tokens), last)
    if n + 1 < len(found):
        b = next((k for k in range(found[n].j, b) if tokens[k].low in OPENERS), b)
    return a, max(b, found[n].j)


OPENERS = {"bei", "mit", "at", "with", "für", "for", "und", "and", "while", "während", "whereas"}


def _table_row(index: int, article: Article, block: Span, names: dict[str, str], company: str | None,
               header: tuple[str | None, str | None, str] | None):
    """A table line: the header row gives each column's scale and currency ('(in Mrd. USD)'); a data row's
    figures take them, its first cell names the entity. The quote is the row up to the figure's cell."""
    text = article.text
    line = text[block.start:block.end]
    cells = [(m.start() + 1, m.end()) for m in re.finditer(r"\|[^|]*(?=\|)", line)]
    if re.fullmatch(r"[|\s:-]+", line):
        return [], header
    if header is None:
        cols = []
        for a, b in cells:
            tokens = tokenize(line[a:b])
            unit = next((SCALES[t.low.rstrip(".")] for t in tokens if t.low.rstrip(".") in SCALES), None)
            cur = next((CURRENCY_WORDS[t.low] for t in tokens if t.low in CURRENCY_WORDS), None)
            cols.append((unit, cur, line[a:b]))
        return [], cols  # type: ignore[return-value]
    out = []
    first = line[cells[0][0]:cells[0][1]].strip() if cells else ""
    for c, (a, b) in enumerate(cells[1:], start=1):
        unit, cur, head = header[c] if c < len(header) else (None, None, "")  # type: ignore[index]
        tokens = tokenize(line[a:b], block.start + a)
        found = find_figures(tokens, article.lang)
        if not found and unit:
            k = next((k for k, t in enumerate(tokens) if t.kind == "num"), None)
            if k is None:
                continue
            f = _Found(k, k + 1, parse_number(tokens[k].text, article.lang), None, None, unit, cur, "exact")
            # '20 bis 50 (je nach Quelle)': a range without its unit
            if k + 2 < len(tokens) and tokens[k + 1].low in RANGE_LINK and tokens[k + 2].kind == "num":
                f = _Found(k, k + 3, None, f.value, parse_number(tokens[k + 2].text, article.lang), unit, cur,
                           "range")
            else:
                f.bound = _qualifier_before(tokens, k, article.lang)
            f.carried += ["unit", "currency"]
            found = [f]
        for f in found:
            f_start, f_end = tokens[f.i].start, tokens[f.j - 1].end
            quote = line[:b + 1]
            entity = names.get(first, first if first else None)
            topic, basis, entity = classify(head, head + " " + first, f.unit, entity)
            if topic not in NEEDS_ENTITY:
                entity = None
            out.append(Figure(article=index, start=f_start, end=f_end, quote=quote, sentence=line, unit=f.unit,
                              bound=f.bound, value=f.value, low=f.low, high=f.high,
                              currency=f.currency or (cur if f.unit in ("bn", "mn", "tn") else None), topic=topic,
                              entity=entity, basis=basis, status=status_of(head), where="table",
                              carried=tuple(f.carried)))
    return out, header


def draft_figures(inputs: list[tuple[str, str]], lang: str = "auto", known: dict[str, str] | None = None,
                  company: str | None = None) -> tuple[list[Article], list[Figure], str | None]:
    """Articles (name, text) -> what was read from each, every figure found, and the company they are about
    (the one named most often, unless given)."""
    articles = [read_article(name, text, lang) for name, text in inputs]
    names = [organisations(a.text, a.lang, known) for a in articles]
    company = company or company_of(articles, names)
    figures = [f for i, a in enumerate(articles) for f in article_figures(i, a, names[i], company)]
    return articles, figures, company


# ---------------------------------------------------------------- the fact base document

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
    "other": ("Other figures", "Weitere Zahlen"),
}
TOPIC_IDS = {"investment": "inv_{e}", "stake": "stake_{e}", "prior_investment": "prior_{e}",
             "compute_money": "compute_{e}", "capacity": "gw_{e}", "prior_valuation": "val_prior",
             "round_total": "round_total", "valuation": "valuation", "compute_total": "compute_total",
             "revenue": "revenue", "spending": "spending", "growth": "growth", "other": "other_figures"}


def effective_topic(f: Figure) -> str:
    """The topic a figure can be filed under as it stands: one that needs an entity falls back when it has none,
    and one whose unit does not fit (a percentage under 'valuation') becomes 'other'."""
    topic = f.topic if f.topic in TOPIC_CHOICES else "other"
    if topic in NEEDS_ENTITY and not f.entity:
        topic = WITHOUT_ENTITY[topic]
    dim = DIMENSION.get(topic)
    unit_dim = {"bn": "money", "mn": "money", "tn": "money", "percent": "percent", "GW": "capacity",
                "MW": "capacity"}[f.unit]
    if dim and (dim != unit_dim or (dim == "money" and not f.currency)):
        topic = "other"
    return topic


def file_name(name: str) -> str:
    """A name the schema's file pattern accepts: letters, digits, '_', '-', '.', ending in .txt."""
    stem = Path(name).name
    stem = stem[:-4] if stem.lower().endswith(".txt") else stem
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", stem).strip("._") or "article"
    return stem + ".txt"


def factbase_doc(articles: list[Article], figures: list[Figure], company: str | None,
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
        for t in existing.topics:
            existing_topics[(t.kind, t.entity)] = t
    counts: Counter = Counter()
    claim_ids: set[str] = set()
    german_sentences: dict[tuple[int, str], bool] = {}  # a sentence's language, read once for all its figures
    for f in figures:
        if not f.keep:
            continue
        topic = effective_topic(f)
        eid = entity_id(f.entity) if topic in NEEDS_ENTITY and f.entity else None
        kind = SCHEMA_KIND.get(topic, topic)
        known_topic = existing_topics.get((kind, eid)) if kind != "other" else None
        if known_topic is not None:
            tid = known_topic.id
            topics.setdefault(tid, {k: v for k, v in (
                ("id", tid), ("label", known_topic.label), ("label_de", known_topic.label_de), ("kind", kind),
                ("group", known_topic.group), ("entity", known_topic.entity)) if v})
        else:
            tid = TOPIC_IDS[topic].format(e=eid or "")[:40]
            ename = entities[eid]["name"] if eid else ""
            en, de = TOPIC_LABELS[topic]
            t = {"id": tid, "label": en.format(e=ename, c=company_name)[:120],
                 "label_de": de.format(e=ename, c=company_name)[:120], "kind": kind,
                 "group": GROUPS.get(topic, "context")}
            if eid:
                t["entity"] = eid
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
        review = (["translation"] if german else []) + ["topic"] + (["entity"] if eid else []) \
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


def with_edits(figures: list[Figure], edits: list[dict]) -> list[Figure]:
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


def known_names(fb: FactBase | None) -> dict[str, str]:
    """Alias -> entity name of an existing fact base: its names in both languages and its products ('AWS')."""
    out: dict[str, str] = {}
    for e in (fb.entities if fb else ()):
        for alias in (e.name, e.name_de, *e.products):
            if alias and len(alias) > 1:
                out[alias] = e.name
    return out


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


# ---------------------------------------------------------------- the review table (Fact base page)

TOPIC_WORDS = Messages({"investment": N_("investment by an investor"), "round_total": N_("size of the round"),
                        "valuation": N_("valuation in the round"), "prior_valuation": N_("valuation before the round"),
                        "stake": N_("stake of a holder"), "prior_investment": N_("earlier investment"),
                        "compute_money": N_("compute commitment with a vendor"),
                        "compute_total": N_("compute commitments in total"), "capacity": N_("capacity from a vendor"),
                        "revenue": N_("revenue"), "spending": N_("spending"), "growth": N_("growth"),
                        "other": N_("other figure")})
QUALIFIER_WORDS = Messages({"exact": N_("exact"), "about": N_("about"), "up_to": N_("up to"),
                            "at_least": N_("at least"), "above": N_("more than"), "below": N_("less than"),
                            "range": N_("range (low to high)")})
TABLE_COLUMNS = ("keep", "article", "quote", "topic", "entity", "bound", "value", "low", "high", "unit", "currency")


def in_sentence(f: Figure) -> str:
    """The quote shown in its sentence, set off with »…«."""
    if f.quote == f.sentence or f.quote not in f.sentence:
        return f"»{f.quote}«"
    return f.sentence.replace(f.quote, f"»{f.quote}«", 1)


def review_rows(articles: list[Article], figures: list[Figure]) -> list[dict]:
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


def draft_upload(files: list[tuple[str, bytes]], lang: str = "auto") -> tuple[list[Article], list[Figure],
                                                                               str | None, list[Problem]]:
    """Articles a reader uploads: .txt files only, at most MAX_UPLOAD_FILES of at most MAX_ARTICLE_BYTES each (what a
    fact base may quote) and MAX_BYTES in all, UTF-8."""
    problems = [Problem(n, None, "not a .txt file") for n, _d in files if not n.lower().endswith(".txt")]
    if len(files) > MAX_UPLOAD_FILES:
        problems.append(Problem("upload", None, f"{len(files)} files; the limit is {MAX_UPLOAD_FILES}"))
    total = sum(len(d) for _n, d in files)
    if total > MAX_BYTES:  # drafting costs about 5 s of CPU a megabyte, shared with every reader of the server
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
    articles, figures, company = draft_figures(inputs, lang)
    return articles, figures, company, []


def draft_document(articles: list[Article], figures: list[Figure],
                   company: str | None) -> tuple[str, FactBase | None, list[Problem]]:
    """The draft's YAML, and the fact base it makes (checked by the loader against the articles' own texts)."""
    doc = factbase_doc(articles, figures, company)
    text = draft_yaml(doc)
    fb, problems = parse_factbase(text, name="draft.yaml", base_dir=None,
                                  seed_texts={file_name(a.name): a.text for a in articles})
    return text, fb, problems
