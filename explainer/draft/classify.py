"""A figure's topic, valuation basis and status, from the cue words around it."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from .lexicon import CUES, DIMENSION, MONEY_UNITS_DRAFT, NEEDS_ENTITY, STATUS_CUES, TOPIC_CHOICES, WITHOUT_ENTITY

if TYPE_CHECKING:
    from .read import Mention


# a definite role noun: the organisation it stands for was named as a subject before ('der Handelskonzern')
_ROLE_NOUN = re.compile(r"\b(?:der|dem|den|des)\s+(?:[\w]+-)?\w*(?:konzern|riese|gigant|händler|hersteller)\b")


def _has(words: str, cues: list[str]) -> bool:
    """Whether a cue stands in the words: a long cue anywhere in a word (German compounds: 'Betriebskosten',
    'Anfangsinvestition'), a short one only as a whole word ('seit' is not 'Seiten')."""
    return _has_cues(words, tuple(cues))


@lru_cache(maxsize=1024)  # a sentence's words are asked about the same cues for each of its figures
def _has_cues(words: str, cues: tuple[str, ...]) -> bool:
    return any(re.search(re.escape(c) if len(c) >= 5 else rf"(?<![\w]){re.escape(c)}(?![\w])", words)
               for c in cues)


# a German past participle: 'ge' after at most a separable prefix ('eingestiegen', 'geflossen', 'gewesen')
_PARTICIPLE = re.compile(
    r"(?:ab|an|auf|aus|bei|ein|mit|nach|vor|zu|zurück|hinzu|dazu|um|weg|zusammen)?ge[a-zäöüß]{2,}en")
_CLAUSE_END = {",", ".", ";", ":", "!", "?", "–", "—"}
# what a figure of a round is when its sentence tells what had happened before the report's news
_BEFORE_NOW = {"round_total": "other", "investment": "prior_investment", "valuation": "prior_valuation",
               "joint_investment": "other"}


def pluperfect(words: list[str]) -> bool:
    """A German sentence in the pluperfect: 'war'/'waren', then a participle ending a clause ('waren Ende 2023 ...
    in Aleph Alpha eingestiegen.', 'war ... bewertet worden.'): it tells what had happened before (one pass)."""
    aux = False
    for k, w in enumerate(words):
        ends = w.endswith(".") or k + 1 == len(words) or words[k + 1] in _CLAUSE_END  # a word takes its stop
        w = w.rstrip(".")
        if w in ("war", "waren"):
            aux = True
        elif aux and ends and w[:1].islower() and (w == "worden" or (len(w) >= 7 and _PARTICIPLE.fullmatch(w))):
            return True
    return False


_RELATIVE = re.compile(r"\s*(?:which|that|who|die|der|das|welche|welcher|welches)\b")


def _other_subject(lead: str, parties: tuple[str, ...]) -> bool:
    """Whether the figure stands in a relative clause about another organisation ('rival Mobike, which in June
    announced a $600 million round'): the round is that organisation's."""
    comma = lead.rfind(",")
    if comma < 0 or not _RELATIVE.match(lead, comma + 1):
        return False
    before = lead[:comma].rstrip()
    return any(before.endswith(p) for p in parties[:8])


def _money_elsewhere(seg: str, low: str, lead: str, tail: str, parties: tuple[str, ...]) -> bool:
    """Money that is no figure of the round: a joint venture's own plan named before it ('Stargate, a joint venture
    by ..., plans to invest'), a person's fortune ('his personal wealth'), what a listing would value or bring ('set to list at a $2.4bn valuation'), or money
    put into another organisation named after it ('the $15 billion it has already committed to Stargate')."""
    if _has(lead.lower(), CUES["venture"]) or _has(seg, CUES["wealth"]):
        return True
    dealt = _has(seg, CUES["invest"]) or _has(seg, CUES["round"])
    if not dealt:
        return _has(low, CUES["listing"])
    if parties and _has(seg, CUES["invest"]):
        for p in parties[:8]:  # at most a few names, each one search of the figure's own stretch
            if re.search(rf"\b(?:to|into|in|an|bei)\s+(?:the\s+|die\s+|das\s+|den\s+|dem\s+)?{re.escape(p)}\b", tail):
                return True
    return False


def classify(segment: str, sentence: str, unit: str, entity: str | None,
             paragraph_entity: str | None = None,
             low_sentence: str | None = None,
             near: tuple[str, str] = ("", ""),
             parties: tuple[str, ...] = (),
             subject: str | None = None,
             lead: str = "", tail: str = "", before_now: bool = False) -> tuple[str, str | None, str | None]:
    """A figure's topic (one of TOPIC_CHOICES), its valuation basis and its entity, from the words of its own
    stretch of the sentence (between the figures around it), then of the whole sentence. An investment whose
    sentence names no investor takes the one named last before it in the paragraph ('Die Ankündigung einer
    Investition von bis zu 30 Milliarden' after a sentence about Nvidia). `lead` is the sentence just before the figure
    (read.LEAD characters at most), `tail` its stretch after it; `before_now`, that the sentence tells what had
    happened before (pluperfect)."""
    seg = segment.lower()
    low = sentence.lower() if low_sentence is None else low_sentence  # lowered once per sentence by the caller
    # a name says nothing of what the money is: 'Salesforce' is no sales, 'Cloud Capital' no cloud
    for name in sorted({*parties[:8], entity} - {None}):  # at most a few: the cost stays per figure
        seg, low = seg.replace(name.lower(), " "), low.replace(name.lower(), " ")
    if unit in MONEY_UNITS_DRAFT and _money_elsewhere(seg, low, lead, tail, parties):
        return "other", None, None
    topic, basis, who = _topic(segment, sentence, seg, low, unit, entity, paragraph_entity, near, parties, subject)
    if topic == "round_total" and _other_subject(lead, parties):
        return "other", None, None
    if before_now and topic in _BEFORE_NOW and basis in (None, "unspecified"):
        topic = _BEFORE_NOW[topic]
        return topic, None, who if topic in NEEDS_ENTITY else None
    return topic, basis, who


def _topic(segment: str, sentence: str, seg: str, low: str, unit: str, entity: str | None,
           paragraph_entity: str | None, near: tuple[str, str], parties: tuple[str, ...],
           subject: str | None) -> tuple[str, str | None, str | None]:
    """classify's reading of the figure's words (`seg`) and its sentence's (`low`), lowered, names left out."""
    before, after = near[0].lower(), near[1].lower()
    if unit in MONEY_UNITS_DRAFT:
        # what the money is, said by the words right next to it: a fund's size, an IPO, debt ('a $300m fund',
        # 'a $302m IPO', '$5 billion in debt'), or a round's size ('a funding round of up to $40 billion')
        if re.match(r"\W*(?:[\w-]+\s+)?(?:fund|fonds|ipo|initial public|börsengang|in debt|debt|kredit)\b", after):
            return "other", None, None
        if re.match(r"\W*(?:series [a-h]\s+|seed\s+|funding\s+|financing\s+)?round\b", after):
            return "round_total", None, None  # 'a $600m series D round' is the round, whoever led it
        # (an investor's verb, 'invest', makes it theirs; 'investors' and 'investment' do not)
        if re.search(r"(?:round of|runde (?:von|über)|raise|raising|einzusammeln|einsammeln)\W*(?:\w+\W+){0,3}$",
                     before) and not re.search(r"\binvest(?:s|ed|ing)?\b", before):
            # a round raised before ('has raised over $1 billion since late last year') is background
            return ("other" if _has(seg, CUES["prior"]) else "round_total"), None, None
        # a letter of intent, several investors together, a stake held in another company (its holder the
        # organisation named before the sentence when the one nearest is the company held: 'Anteile ... an Anthropic')
        if _has(low, CUES["intent"]):
            return "investment_intent", None, entity or paragraph_entity
        if _has(seg, CUES["joint"]) and len(set(parties)) >= 2 and (_has(low, CUES["invest"]) or
                                                                      _has(low, CUES["round"])):
            return "joint_investment", None, None
        held_after = re.match(r"\W*(?:[\w-]+\s+)?(?:an|in|at)\s+[A-ZÄÖÜ]", near[1])  # '... Dollar an Anthropic'
        if _has(seg, CUES["stake_money"]) and not _has(seg, CUES["round"]) and (parties or held_after):
            held = entity is not None and re.search(rf"\b(?:an|in|at|of)\s+{re.escape(entity)}", sentence)
            before_sentence = subject or paragraph_entity
            holder = (before_sentence if before_sentence != entity else None) if held or not entity \
                or _ROLE_NOUN.search(low) else entity
            return "cross_stake", None, holder
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
                # a holder not named in the sentence is the one named last before it ('Bislang lag die
                # Beteiligung bei knapp 14 Prozent'), as for an investment
                # a role noun ('der Handelskonzern', 'Der Tech-Riese') stands for the subject of a sentence before
                who = (subject or entity) if _ROLE_NOUN.search(low) else (entity or subject or paragraph_entity)
                return ("stake" if who else "other"), None, who
            if _has(words, CUES["growth"]):
                return "growth", None, None
            continue
        if unit in ("GW", "MW"):
            return ("capacity" if entity else "other"), None, entity
        if _has(words, CUES["valuation"]) and not _has(words, ["im wert von", "worth"]):
            # another organisation's valuation ('Mobike's valuation reached ...'): the company's is never a party
            owner = re.search(r"([A-Z][\w-]*)['’]s valuation", sentence)
            if owner and any(p.split()[0] == owner.group(1) for p in parties):
                return "other", None, None
            # the figure's own words say 'before' ('zuvor waren es 1,4 Milliarden', 'compares with $6 billion in
            # its previous round') though the sentence speaks of the valuation after the round
            if words is not seg and _has(seg, CUES["prior"]):
                return "prior_valuation", None, None
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
        # many rounds at once ('das Gesamtvolumen der Finanzierungsrunden', 'Deals mit Volumina von'): a market's
        # figure, no round of this company
        if _has(words, CUES["market"]) or _has(words, CUES["public"]):
            return "other", None, None
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
    if not who and _has(seg, CUES["prior"]):
        return "other", None, None  # 'Ursprünglich waren 94 Millionen Euro geplant'
    return ("investment" if who else "round_total"), None, who


def status_of(sentence: str) -> str:
    words = sentence.lower()
    for status, cues in STATUS_CUES:
        if _has(words, cues):
            return status
    return "reported"


def effective_topic(f: Mention) -> str:
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
