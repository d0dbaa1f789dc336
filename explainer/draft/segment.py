"""An article cut into blocks (lines with their role), sentences and clauses, each of bounded length."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from .lexicon import ABBREVIATIONS, AD_MARKERS, AD_WORDS, OPENERS
from .numbers import Token, _Found


MAX_SENTENCE = 2000  # characters: a longer sentence is cut at its clause marks, so work per sentence stays bounded


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    where: str


# German's formal 'you' inside a sentence ('wollen, warum Sie', 'bietet Ihnen'): an advertisement speaks so
_FORMAL_YOU = re.compile(r"[a-zäöüß,] (?:Sie|Ihnen|Ihr|Ihre|Ihren)\b")


_COPYRIGHT = re.compile(r"©|\(c\)\s*copyright|copyright\s*(?:©|\(c\))", re.I)


def blocks(text: str) -> list[Span]:
    """Lines of the text with where they stand: title, heading, table, source_list or text. A line 'Anzeige' or
    'Advertisement' is page furniture and left out; the paragraph after it too where it reads as an advertisement
    (it speaks to the reader or calls to act: 'Jetzt kostenloses Startpaket sichern'), else it is the article going
    on (in a copied page the advertisement itself was an image). A copyright line ('(c) Copyright Thomson Reuters
    2025', '©2024 Bloomberg L.P.') is left out too."""
    out: list[Span] = []
    pos, after_ad, title_done, in_sources = 0, False, False, False
    lines = text.split("\n")
    for line in lines:
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if not stripped:
            continue
        low = stripped.lower().rstrip(":")
        if low in AD_MARKERS:
            after_ad = True
            continue
        if after_ad:
            after_ad = False
            if AD_WORDS.intersection(re.findall(r"\w+", stripped.lower())) or _FORMAL_YOU.search(stripped) \
                    or not stripped.endswith((".", "!", "?", "\"", "“")):
                continue
        if _COPYRIGHT.search(stripped):  # a copyright line is page furniture: no title, no figure of the report
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


# ---------------------------------------------------------------- typography: the text as it is read

# Characters newsrooms set for their look, each read as the plain one it stands for (one for one, so that offsets
# stay): hyphens (the non-breaking U+2011), the minus sign, typographic apostrophes and quotes, and spaces that do
# not break or are narrow (a no-break space between digits stays one: '1 234' is a thousands separator).
_AS_PLAIN = str.maketrans({
    "\u2010": "-", "\u2011": "-", "\u2212": "-", "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2009": "\u202f", "\u2007": "\u202f",
    "\u200a": "\u202f", "\u2002": " ", "\u2003": " ", "\u2004": " ", "\u2005": " ", "\u2006": " ", "\u205f": " ",
    "\u3000": " "})
_LOOSE_SPACE = re.compile(r"(?<!\d)[\u00a0\u202f]|[\u00a0\u202f](?!\d)")  # a no-break space not between digits
# Characters that are not read at all: the soft hyphen ('Milli\u00adarden') and zero-width ones.
_UNREAD = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")


@dataclass(frozen=True)
class Reading:
    """An article's text as the drafter reads it (see _AS_PLAIN), with the way back to the text as printed: quotes
    and offsets are always the original's."""
    original: str
    text: str
    back: tuple[int, ...] | None = None  # the original offset of each character read, where some are not read

    def at(self, i: int) -> int:
        return i if self.back is None else self.back[i]

    def span(self, a: int, b: int) -> tuple[int, int]:
        """The original offsets of text[a:b] (the characters not read inside it included)."""
        return (self.at(a), self.at(b - 1) + 1) if b > a else (self.at(a), self.at(a))

    def printed(self, a: int, b: int) -> str:
        """text[a:b] as printed in the original."""
        a, b = self.span(a, b)
        return self.original[a:b]


def reading(text: str) -> Reading:
    """The text read with its typography made plain; each character read maps back to its original offset."""
    back = None
    read = text
    if _UNREAD.search(text):
        kept = [i for i, ch in enumerate(text) if not _UNREAD.match(ch)]
        back = tuple(kept) + (len(text),)
        read = "".join(text[i] for i in kept)
    read = _LOOSE_SPACE.sub(" ", read.translate(_AS_PLAIN))
    return Reading(text, read, back)
