"""What an article around a figure says of it: a currency named only in a nearby sentence, a count that is no money."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace
from typing import TYPE_CHECKING

from .lexicon import CURRENCY_WORDS, MONEY_UNITS_DRAFT

if TYPE_CHECKING:
    from .read import Mention


NEAR = 400  # characters: a currency named this close before (or, for a heading, after) a figure is its currency


# Words that may follow a scale in a money figure without a currency ('50 Millionen eingesammelt', '2 billion in').
_LINK_WORDS = set("""in im of for from to and or und oder für von aus an auf mit bei als at by with the a der die das
den dem des ein eine einer sowie plus more weitere zusätzlich neue frische new fresh additional is are was were ist
sind wurde wurden hat haben will would could soll sollen schwer schweren schwere""".split())


def _next_word(text: str, end: int) -> str:
    m = re.compile(r"[ \t]*([^\W\d_][\w-]*)").match(text, end)
    return m.group(1) if m else ""


def _is_count(text: str, f: Mention) -> bool:
    """'288 million American Depositary Shares', 'eine Million Quadratmeter', '120 million users': a scale followed by
    the thing counted, with no currency anywhere in the figure."""
    word = _next_word(text, f.end)
    if not word or word.lower() in CURRENCY_WORDS or word.lower() in _LINK_WORDS:
        return False
    return word[0].isupper() or (word.isascii() and word.endswith("s") and len(word) > 3)


def in_context(text: str, figures: list[Mention]) -> list[Mention]:
    """An article's figures with counts dropped and a missing currency taken from the nearest money figure named
    before (else after) within NEAR characters: '400 weitere Milliarden' after a sentence in dollars, a heading
    'bekommt 50 Millionen' over a paragraph in euros."""
    money = [f for f in figures if f.unit in MONEY_UNITS_DRAFT]
    # a currency carried from elsewhere in the sentence does not make money of 'eine Million Quadratmeter'
    counts = {id(f) for f in money if (f.currency is None or "currency" in f.carried) and _is_count(text, f)}
    # a currency-less figure of the same sentence and scale as a count counts the same things ('from 288 million
    # shares to approximately 317 million')
    count_sentences = {(f.sentence, f.unit) for f in money if id(f) in counts}
    counts |= {id(f) for f in money if f.currency is None and (f.sentence, f.unit) in count_sentences}
    out: list[Mention] = []
    priced = sorted((f for f in money if f.currency and id(f) not in counts), key=lambda g: g.start)
    starts = [g.start for g in priced]  # found by bisection: a text of many figures costs no more than their number
    for f in figures:
        if id(f) in counts:
            continue
        if f.unit in MONEY_UNITS_DRAFT and f.currency is None:
            k = bisect_left(starts, f.start)
            before = priced[k - 1] if k and f.start - priced[k - 1].end <= NEAR else None
            m = bisect_right(starts, f.end)
            after = priced[m] if m < len(priced) and priced[m].start - f.end <= NEAR else None
            near = before or after
            if near is not None:
                f = replace(f, currency=near.currency, carried=f.carried + ("currency",))
        out.append(f)
    return out
