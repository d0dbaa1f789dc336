"""Ids into the words a reader sees: sources, claims, entities, the worlds' choices and outputs, and the word maps
(where a claim stands, what a draft asks to review, how a date is known). In the active language; the engine and
the loader hand over ids and numbers, and the pages, the CLI and the digest call these to show them."""
from __future__ import annotations

import math

import pandas as pd

from . import money
from ..engine.beliefs import NONE
from .i18n import N_, Messages, _, active, localized
from ..load.model import Claim, FactBase

# Where in a text a claim stands
WHERE_WORDS = Messages({"text": N_("text"), "table": N_("table"), "title": N_("headline"),
                        "heading": N_("subheading"), "source_list": N_("source list"),
                        "standfirst": N_("standfirst")})
# What a drafted claim still asks an editor to check (its review: field)
REVIEW_WORDS = Messages({"translation": N_("translation"), "topic": N_("topic"), "entity": N_("entity"),
                         "unit": N_("unit taken from the sentence"), "value": N_("value"), "bound": N_("qualifier"),
                         "currency": N_("currency")})
# How a claim's date is known: short, in a table cell (the digest's claim table) ...
DATE_WORDS = {"printed": N_("printed"), "inferred": N_("inferred"), "estimated": N_("est.")}
# ... in a sentence (the timeline's hover) ...
METHOD_WORDS = {"printed": N_("printed"), "inferred": N_("inferred"), "estimated": N_("estimated")}
# ... and spelled out (the timeline's table), 'own' for a claim that carries its own date
DATE_HOW = {"own": N_("given with the claim"), "printed": N_("printed in the article"),
            "inferred": N_("inferred from the report it repeats"), "estimated": N_("estimated")}
NONE_CHOICE_LABEL = N_("believe no source")


def date_how(method: str | None) -> str:
    """How a date is known, in the active language ('' where the fact base does not say)."""
    text = DATE_HOW.get(method or "", "")
    return _(text) if text else ""


def entity_name(fb: FactBase, entity_id: str) -> str:
    e = fb.entity.get(entity_id)
    return localized(e, "name") if e else entity_id  # in the reader's language, where the fact base gives it


def source_label(fb: FactBase, source_id: str) -> str:
    s = fb.source[source_id]
    if s.via and s.via in fb.source:
        return _("{source} via {outlet}").format(source=localized(s, "name"),
                                                 outlet=localized(fb.source[s.via], "name"))
    return localized(s, "name")


def claim_labels(fb: FactBase, topic_id: str) -> dict[str, str]:
    """Claim id -> the label a reader sees for it in the topic's picker, unique within the topic:
    'Article 003: up to 50 bn USD', with where it stands ('headline', 'text, 2nd') where one source says it twice.
    In the active language; links made before ids carry the English ones (urlstate.parse_query reads those)."""
    claims = fb.claims_by_topic.get(topic_id, ())
    plain = {c.id: f"{source_label(fb, c.source)}: {money.printed(c)}" for c in claims}
    out: dict[str, str] = {}
    seen_where: dict[tuple[str, str], int] = {}
    for c in claims:
        label = plain[c.id]
        if list(plain.values()).count(label) > 1:
            where = WHERE_WORDS.get(c.where, c.where) or WHERE_WORDS["text"]
            n = seen_where[(c.source, where)] = seen_where.get((c.source, where), 0) + 1
            if n > 1:  # the first stands unnumbered
                where += {2: _(", 2nd"), 3: _(", 3rd")}.get(n) or _(", {n}th").format(n=n)
            label = f"{source_label(fb, c.source)} ({where}): {money.printed(c)}"
        base, n = label, 2
        while label in out.values():  # still the same words: number them
            label, n = f"{base} #{n}", n + 1
        out[c.id] = label
    return out


def shown_translation(fb: FactBase, c: Claim) -> str | None:
    """The translation (or, for a source without a quote, the paraphrase) a reader sees beside a claim, in the
    reader's language: none where the quote is already in it (a German article's words stand alone in German)."""
    s = fb.source[c.source]
    if c.quote and s.language and s.language == active():
        return None
    return localized(c, "translation")


# ---------------------------------------------------------------- the worlds

def choice_label(fb: FactBase, choice) -> str:
    """A worlds.Choice as its picker shows it: the claim's label, which end of a range, how many claims it
    stands for (distinct=True merges claims of one value)."""
    if choice.claim == NONE:
        return _(NONE_CHOICE_LABEL)
    label = claim_labels(fb, choice.topic).get(choice.claim, choice.claim)
    if choice.end:
        label = (_("{label} (low end)") if choice.end == "low" else _("{label} (high end)")).format(label=label)
    if len(choice.claims) > 1:
        label = _("{label} (+{n} more)").format(label=label, n=len(choice.claims) - 1)
    return label


def _worlds():
    # imported when used: engine modules that still word entities (cycles.loop_names, the cap table's names)
    # import entity_name from here, and worlds imports them
    from ..engine import cycles, worlds
    return cycles, worlds


def output_label(fb: FactBase, output: str) -> str:
    """One of worlds.outputs(fb) in words."""
    fixed = {"post": _("Post-money valuation"), "pre": _("Pre-money valuation"), "total": _("Size of the round")}
    if output in fixed:
        return fixed[output]
    kind, _sep, ref = output.partition(":")
    if kind == "stake":
        return _("{entity}'s stake after the round").format(entity=entity_name(fb, ref))
    if kind == "circularity":
        return _("{entity}: compute money flowing back per dollar invested").format(entity=entity_name(fb, ref))
    if kind == "loop":
        cycles, _w = _worlds()
        from .loop_words import loop_names
        loop = next((lp for lp in cycles.possible_loops(fb).loops if lp.id == ref), None)
        if loop is not None:
            return _("Loop {parties}: commitments back per dollar in").format(parties=loop_names(fb, loop))
    return output


def output_options(fb: FactBase) -> list[tuple[str, str]]:
    """(output key, label) of every output a reader can pick."""
    return [(key, output_label(fb, key)) for key in _worlds()[1].outputs(fb)]


def output_axis(fb: FactBase, output: str) -> tuple[float, str]:
    """How a chart shows an output: the factor to multiply values by, and the axis title with its unit."""
    unit = _worlds()[1].output_unit(output)
    if output.startswith("loop:"):
        return 100.0, _("commitments back per dollar in (%)")
    if unit == "ratio":
        return 100.0, _("commitments back per dollar invested (%)")
    if unit == "percent":
        return 1.0, _("stake after the round (%)")
    return 1.0, f"{money.unit_word('bn')} {fb.base_currency}"


def format_value(fb: FactBase, output: str, x: float | None) -> str:
    """An output's value as text, through money."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    unit = _worlds()[1].output_unit(output)
    if unit == "percent":
        return money.percent(x, 2)
    if unit == "ratio":
        return money.ratio(x)
    return money.amount(x, fb.base_currency)


def tornado_labelled(fb: FactBase, tornado: pd.DataFrame) -> pd.DataFrame:
    """worlds.tornado's frame with words: topic_label, and low_choice/high_choice as their pickers' labels."""
    df = tornado.copy()
    df.insert(1, "topic_label", [localized(fb.topic[t], "label") for t in df["topic"]])
    for col in ("low_choice", "high_choice"):
        df[col] = [None if ch is None else choice_label(fb, ch) for ch in df[col]]
    return df


def worlds_labelled_dict(fb: FactBase, result) -> dict:
    """worlds_frames.worlds_dict with the labels a reader sees (the CLI's JSON, written in English)."""
    from ..engine.worlds_frames import worlds_dict
    d = worlds_dict(result)
    out = {"output": d["output"], "label": output_label(fb, result.output), **d}
    out["dimensions"] = [{"topic": dim["topic"], "label": localized(fb.topic[dim["topic"]], "label"), **dim}
                         for dim in d["dimensions"]]
    words = tornado_labelled(fb, result.tornado)
    out["tornado"] = [{"topic": row["topic"], "label": r.topic_label, **row, "low_choice": r.low_choice,
                       "high_choice": r.high_choice} for row, r in zip(d["tornado"], words.itertuples())]
    return out


def holder_name(fb: FactBase, holder: str, includes: tuple[str, ...] = ()) -> str:
    """A cap-table holder's name; the round's remainder names the investors whose undisclosed amounts it holds."""
    name = entity_name(fb, holder)
    if not includes:
        return name
    return _("{name} ({investors} among them, amount not disclosed)").format(
        name=name, investors=", ".join(entity_name(fb, e) for e in includes))


def row_name(fb: FactBase, row) -> str:
    """A cap-table row's holder by name (scenario.CapRow)."""
    return holder_name(fb, row.holder, row.includes)
