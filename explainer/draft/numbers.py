"""Tokens and figures: numbers as printed in either language, their units, currencies and qualifiers."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from babel.numbers import NumberFormatError, parse_decimal
from text_to_num import text2num

from .lexicon import (AFTER_QUALIFIERS, ATTACHED_SCALES, CURRENCY_SIGNS, CURRENCY_WORDS, DETERMINERS_DE,
                      ENGLISH_WORDS, FRACTIONS, GERMAN_WORDS, NOT_NAMES, NUMBER_WORD_RE, ONE, QUALIFIERS, RANGE_LINK,
                      SCALES, SKIPPABLE, UNIT_WORDS)


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


def tokenize(text: str, offset: int = 0) -> list[Token]:
    return [Token(m.group(), m.start() + offset, m.end() + offset, m.lastgroup) for m in TOKEN_RE.finditer(text)]


def sentence_language(tokens: list[Token], default: str) -> str:
    de = sum(t.low in GERMAN_WORDS for t in tokens)
    en = sum(t.low in ENGLISH_WORDS for t in tokens)
    return "de" if de > en else "en" if en > de else default


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
    if t == "us" and k + 1 < len(tokens) and tokens[k + 1].low.rstrip(".") in ("dollar", "dollars"):
        return "USD", 2  # 'half a billion US dollars'
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
    if k + 1 < len(tokens) and tokens[k].low in BETWEEN_SCALE and tokens[k + 1].low.rstrip(".") in SCALES:
        k += 1  # '400 weitere Milliarden'
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


BETWEEN_SCALE = {"weitere", "weiteren", "zusätzliche", "zusätzlichen", "neue", "more", "additional", "further"}


MARKS = {"marke", "grenze", "schwelle", "mark", "threshold"}


_MONEY_SCALE = {"mn": 1e6, "bn": 1e9, "tn": 1e12}


def _compound(token: Token, lang: str) -> tuple[float, str, str | None] | None:
    """A number written as a word inside a compound with its scale: 'Vier-Billionen-Dollar-Marke',
    'Zwei-Milliarden-Euro-Deal' (value, unit, currency); None for any other token."""
    if token.kind != "word" or "-" not in token.text:
        return None
    parts = token.low.split("-")
    if len(parts) == 3 and parts[0] in SCALES and parts[1] in CURRENCY_WORDS and parts[2] in MARKS:
        return 1.0, SCALES[parts[0]], CURRENCY_WORDS[parts[1]]  # 'die Billionen-Dollar-Marke': the mark of one
    if len(parts) < 2 or parts[1] not in SCALES and parts[1] != "billion":
        return None
    value = word_number(parts[0], lang)
    if value is None:
        return None
    unit = SCALES.get(parts[1]) if not (parts[1].startswith("billion") and lang == "de") else "tn"
    if parts[1] == "billionen" or (parts[1] == "billion" and lang == "de"):
        unit = "tn"
    currency = CURRENCY_WORDS.get(parts[2]) if len(parts) > 2 else None
    return value, unit, currency


CHANGE_WORDS = {"rose", "rises", "risen", "grew", "grown", "increased", "fell", "dropped", "declined", "up", "down",
                "jumped", "climbed", "gained", "lost"}


LIST_LINKS = {"und", "and", ",", "oder", "or", "sowie", "as", "plus", ";"}


def find_figures(tokens: list[Token], lang: str) -> list[_Found]:
    """Every figure of a sentence's tokens, ranges as one; units and currencies the text leaves out are carried
    from the figure before ('davon 100 Mio.', 'Nvidia 30 und SoftBank 30') or after ('zwischen 20 und 50 Mrd.')."""
    found: list[_Found] = []
    k = 0
    while k < len(tokens):
        compound = _compound(tokens[k], lang)
        if compound is not None:  # 'Vier-Billionen-Dollar-Marke'
            value, unit, currency = compound
            f = _Found(k, k + 1, value, None, None, unit, currency, _qualifier_before(tokens, k, lang))
            found.append(f)
            k += 1
            continue
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
            if value2 is not None and not _year_like(tokens, m + c2):
                unit2, currency2, used2 = _read_after(tokens, m + c2 + n2, lang, cur2 is not None)
                # 'to' links a range where both ends carry the unit ('$15 billion to $25 billion', '18% to 20%')
                # and no word of change comes before ('rose 5% to 20%' is a change, 'from 5 to 20' a range)
                to_ok = tokens[link].low != "to" or unit is None or tokens[k - 1].low == "from" or (
                    unit2 == unit and tokens[max(0, k - 1 - (before_cur is not None))].low not in CHANGE_WORDS)
                if unit in _MONEY_SCALE and unit2 in _MONEY_SCALE and unit != unit2:
                    # 'between $500 million and $1 billion': the low end in the high end's scale
                    value, unit = value * _MONEY_SCALE[unit] / _MONEY_SCALE[unit2], unit2
                if to_ok and (unit is None or unit2 is None or unit == unit2) and (unit or unit2) and value2 > value:
                    f = _Found(k, m + c2 + n2 + used2, None, value, value2, unit or unit2,
                               currency or cur2 or currency2 or before_cur, "range")
                    if unit is None:
                        f.carried.append("unit")
        if f.unit is None:
            # a bare number gets the unit of the figure before it in the sentence, only where it reads as a list
            # ('Nvidia 30 und SoftBank 30'), never a year or a count of something ('80 Mitarbeiter')
            nxt = tokens[f.j].low if f.j < len(tokens) else ""
            prev_fig = found[-1] if found else None
            # only in a list: a link word between the two ('Nvidia 30 und SoftBank 30', not 'Vision Fund 2')
            listed = prev_fig is not None and k - prev_fig.j <= 4 and any(
                t.low in LIST_LINKS for t in tokens[prev_fig.j:k])
            if prev_fig and prev_fig.unit and listed and not _year_like(tokens, k) and tokens[k].kind == "num" and (
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
