"""The drafting pipeline: an article read, its sentences and table rows turned into mentions of figures."""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from datetime import date as Date

from .classify import _has, classify, pluperfect, status_of
from .context import in_context
from .lexicon import (CUES, CURRENCY_SIGNS, CURRENCY_WORDS, DATE_PATTERNS, MONEY_UNITS_DRAFT, MONTHS, NEEDS_ENTITY,
                      RANGE_LINK, SCALES)
from .names import is_row_label, _NamedBefore, _entity_near, _name_hits, _name_word, company_of, organisations
from .numbers import (_Found, _plain_money, _qualifier_before, detect_language, find_figures, parse_number,
                      sentence_language, tokenize)
from .segment import Clauses, Reading, Span, _segment, blocks, reading, sentences


LEAD = 200  # characters of the sentence before a figure that classify reads: bounded, whatever the sentence


_SERIES = re.compile(r"\b(?:series|serie)[\s-]+([a-h])\b", re.I)  # 'Series D', 'Serie-B-Runde'


@dataclass(frozen=True)
class Article:
    """An article's text as given, and what the drafter read from it."""
    name: str  # the file name the draft's source points at
    text: str
    lang: str  # de or en
    title: str | None = None
    date: str | None = None  # YYYY-MM-DD when printed in the text
    date_text: str | None = None  # the words that print it
    company: str | None = None  # the company it is about, where articles drafted together are about different ones


@dataclass(frozen=True)
class Mention:
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
    parties: tuple[str, ...] = ()  # a joint investment's investors, names as printed


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


def article_figures(index: int, article: Article, names: dict[str, str], company: str | None,
                    read: Reading | None = None, limit: int | None = None) -> list[Mention]:
    """The figures of an article, read from `read` (its text with plain typography, segment.reading) where given;
    offsets, quotes and sentences are the article's own. Past `limit` figures, reading stops."""
    read = read or reading(article.text)
    text, out = read.text, []
    counts: dict[str, int] = {}
    latest = max((m.group(1).lower() for m in _SERIES.finditer(text)), default="")  # the article's latest series

    def quote_count(quote: str) -> int:
        """How often a quote stands in the article as printed, counted once per quote."""
        if quote not in counts:
            counts[quote] = read.original.count(quote)
        return counts[quote]

    table_header: tuple[str | None, str | None, str] | None = None
    for block in blocks(text):
        if block.where == "table":
            figs, table_header = _table_row(index, article, read, block, names, company, table_header)
            out += figs
            continue
        table_header = None
        block_tokens = tokenize(text[block.start:block.end], block.start)
        block_starts = [t.start for t in block_tokens]
        named_before = _NamedBefore([_name_word(t) for t in block_tokens], names, company)
        this_subject: str | None = None
        for s_start, s_end in sentences(text, block):
            if limit is not None and len(out) > limit:
                return out
            tokens = tokenize(text[s_start:s_end], s_start)
            # the organisation a sentence opens with is its subject, and what 'der Konzern' of the next refers to
            subject = this_subject
            head = [_name_word(t) for t in tokens[:4]]
            opening = _name_hits(head, names, company, 0, len(head))
            this_subject = opening[0][1] if opening and opening[0][0] <= 1 else subject
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
            # a sentence in the pluperfect, or about an earlier series than the article's latest, tells of before
            series = {m.group(1).lower() for m in _SERIES.finditer(low_sentence)}
            before_now = (lang == "de" and pluperfect([t.text for t in tokens])) or (
                bool(series) and max(series) < latest)
            starts = [t.start for t in tokens]
            words = [_name_word(t) for t in tokens]
            sentence_hits = _name_hits(words, names, company, 0, len(tokens))
            said: list[str | None] = []  # the paragraph's last name before the sentence, once asked
            previous: Mention | None = None
            previous_end = -1  # where the figure before ends, in the text as read
            for n, f in enumerate(found):
                f_start, f_end = tokens[f.i].start, tokens[f.j - 1].end
                # with its currency sign or code before it
                if f.i > 0 and (tokens[f.i - 1].text in CURRENCY_SIGNS or tokens[f.i - 1].low in ("usd", "eur")):
                    f_start = tokens[f.i - 1].start
                    if f.i > 1 and tokens[f.i - 2].low == "us" and tokens[f.i - 1].text == "$":
                        f_start = tokens[f.i - 2].start
                c_start, c_end = clauses.around(f_start, f_end)
                quote = read.printed(c_start, c_end)
                if quote_count(quote) > 1:
                    quote = read.printed(s_start, s_end).strip()
                seg = _segment(tokens, starts, found, n, c_start, c_end)
                segment = text[tokens[seg[0]].start:tokens[seg[1] - 1].end] if seg[1] > seg[0] else \
                    text[c_start:c_end]
                entity = _entity_near(words, names, seg, sentence_hits, f.i, company)
                of_which = _has(text[tokens[seg[0]].start:f_start].lower(), CUES["of_which"])
                if of_which and previous is not None:
                    topic, basis, entity = previous.topic, previous.basis, previous.entity
                else:
                    if not said:
                        said.append(named_before.before(bisect_left(block_starts, s_start)))
                    topic, basis, entity = classify(segment, sentence, f.unit, entity, said[0], low_sentence,
                                                    (text[max(s_start, f_start - 40):f_start],
                                                     text[f_end:min(s_end, f_end + 30)]),
                                                    tuple(name for _k, name in sentence_hits), subject,
                                                    text[max(s_start, f_start - LEAD):f_start],
                                                    text[f_end:tokens[seg[1] - 1].end], before_now)
                if topic not in NEEDS_ENTITY:
                    entity = None
                # a joint investment's parties: the organisations named up to the end of its clause
                parties = _parties(sentence_hits, bisect_left(starts, c_end)) if topic == "joint_investment" else ()
                # '600 million euros ($693.30 million)': the figure before in another currency, converted; shown to
                # the editor, not kept as a claim of its own
                converted = previous is not None and previous.currency not in (None, f.currency) \
                    and f.unit in MONEY_UNITS_DRAFT and text[previous_end:f_start].strip() == "(" \
                    and text[f_end:f_end + 1] == ")"
                if converted:
                    topic, basis, entity, parties = "other", None, None, ()
                start, end = read.span(f_start, f_end)
                fig = Mention(article=index, start=start, end=end, quote=quote,
                              sentence=read.printed(s_start, s_end).strip(), unit=f.unit, bound=f.bound,
                              value=f.value, low=f.low, high=f.high,
                              currency=f.currency if f.unit in ("bn", "mn", "tn") else None, topic=topic,
                              entity=entity, basis=basis, status=status, where=block.where,
                              carried=tuple(f.carried), parties=parties, keep=not converted)
                out.append(fig)
                previous, previous_end = fig, f_end
    return out


def _parties(hits: list[tuple[int, str]], end: int, most: int = 8) -> tuple[str, ...]:
    """The first `most` different organisations among a sentence's names (position, name) before token `end`."""
    out: dict[str, None] = {}
    for k, name in hits:
        if k >= end or len(out) == most:
            break
        out.setdefault(name)
    return tuple(out)


def _table_row(index: int, article: Article, read: Reading, block: Span, names: dict[str, str],
               company: str | None, header: tuple[str | None, str | None, str] | None):
    """A table line: the header row gives each column's scale and currency ('(in Mrd. USD)'); a data row's
    figures take them, its first cell names the entity. The quote is the row up to the figure's cell."""
    text = read.text
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
    # a row may name its own scale and currency: '| Umsatz (Mio. EUR) | 120 |'
    row_tokens = tokenize(first)
    row_unit = next((SCALES[t.low.rstrip(".")] for t in row_tokens if t.low.rstrip(".") in SCALES), None)
    row_cur = next((CURRENCY_WORDS[t.low] for t in row_tokens if t.low in CURRENCY_WORDS), None)
    for c, (a, b) in enumerate(cells[1:], start=1):
        unit, cur, head = header[c] if c < len(header) else (None, None, "")  # type: ignore[index]
        unit, cur = unit or row_unit, cur or row_cur
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
            f_start, f_end = read.span(tokens[f.i].start, tokens[f.j - 1].end)
            quote = read.printed(block.start, block.start + b + 1)
            label = re.sub(r"\s*\(.*", "", first)  # 'Umsatz (Mio. EUR)' -> 'Umsatz'
            entity = None if not label or is_row_label(label) else names.get(label, label)
            topic, basis, entity = classify(head, head + " " + first, f.unit, entity)
            if topic not in NEEDS_ENTITY:
                entity = None
            out.append(Mention(article=index, start=f_start, end=f_end, quote=quote,
                               sentence=read.printed(block.start, block.end), unit=f.unit,
                               bound=f.bound, value=f.value, low=f.low, high=f.high,
                               currency=f.currency or (cur if f.unit in ("bn", "mn", "tn") else None), topic=topic,
                               entity=entity, basis=basis, status=status_of(head), where="table",
                               carried=tuple(f.carried)))
    return out, header


def draft_figures(inputs: list[tuple[str, str]], lang: str = "auto", known: dict[str, str] | None = None,
                  company: str | None = None,
                  limit: int | None = None) -> tuple[list[Article], list[Mention], str | None]:
    """Articles (name, text) -> what was read from each, every figure found, and the company they are about
    (the one named most often, unless given). With a limit, reading stops once more figures than that are found."""
    articles = [read_article(name, text, lang) for name, text in inputs]
    reads = [reading(a.text) for a in articles]
    # names and the company are read from the plain text too ('Aleph\u00a0Alpha' is 'Aleph Alpha')
    as_read = [replace(a, text=r.text) for a, r in zip(articles, reads)]
    names = [organisations(a.text, a.lang, known) for a in as_read]
    given, company = company, company or company_of(as_read, names)
    # articles about different companies (five reports on five rounds): an article that never names the company
    # most named is about its own, and is read and filed as such, not as news of one guessed company
    own = [company if given or company in set(n.values()) else company_of([a], [n]) or company
           for a, n in zip(as_read, names)]
    if len(set(own)) > 1:
        articles = [replace(a, company=c) for a, c in zip(articles, own)]
    figures: list[Mention] = []
    for i, a in enumerate(articles):
        if limit is not None and len(figures) > limit:
            break
        figures += in_context(a.text, article_figures(i, a, names[i], own[i], reads[i],
                                                      None if limit is None else limit - len(figures)))
    return articles, figures, company
