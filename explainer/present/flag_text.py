"""A scenario's flags in words: the one place a flag's code and parameters (ids and numbers) become a sentence, in
the reader's language, for the pages and the CLI table. Downloads carry the code and parameters, not these words."""
from __future__ import annotations

from . import money
from .rule_words import BASIS_WORDS
from .i18n import _, localized
from .labels import entity_name
from ..load.model import FactBase


def join(names) -> str:
    """Names (labels contain commas) joined so each stays whole: quoted as the reader's language quotes, separated
    by '; '."""
    quoted = _("'{name}'")
    return "; ".join(quoted.format(name=n) for n in names)


def flag_message(fb: FactBase, flag) -> str:
    """The flag as a sentence in the active language (an unknown code reads as itself, never a crash)."""
    make = _MESSAGES.get(flag.code)
    return make(fb, flag, dict(flag.params)) if make else flag.code


def _amount(fb: FactBase, x: float) -> str:
    return money.amount(x, fb.base_currency)


def _label(fb: FactBase, topic: str) -> str:
    return localized(fb.topic[topic], "label") if topic in fb.topic else topic


def _source(fb: FactBase, source: str) -> str:
    return localized(fb.source[source], "name") if source in fb.source else source


def _printed(fb: FactBase, claim: str) -> str:
    return money.printed(fb.claim[claim]) if claim in fb.claim else claim


def _undisclosed_in_remainder(fb, f, p) -> str:
    return _("{investors}: in the round at an amount not disclosed, within the {rest} that '{residual}' stands "
             "for.").format(investors=join(entity_name(fb, e) for e in p["investors"]), rest=_amount(fb, p["rest"]),
                            residual=entity_name(fb, p["residual"]))


def _round_undisclosed_part(fb, f, p) -> str:
    return _("{investors}: in the round at an amount not disclosed, and no believed round size leaves room for it; "
             "the round is more than the {named} the figures add up to.").format(
        investors=join(entity_name(fb, e) for e in p["investors"]), named=_amount(fb, p["named"]))


def _named_exceed_total(fb, f, p) -> str:
    return _("The named investors add up to {named}, more than the believed round size of {stated}; the round is "
             "taken as the sum of the named investors.").format(named=_amount(fb, p["named"]),
                                                                 stated=_amount(fb, p["stated"]))


def _assumed_basis(fb, f, p) -> str:
    return _("The believed valuation ({printed}) does not say pre- or post-money; it is read as {basis} (rule "
             "'basis').").format(printed=_printed(fb, p["claim"]), basis=BASIS_WORDS[p["basis"]])


def _post_below_new_money(fb, f, p) -> str:
    return _("A post-money valuation of {post} is smaller than the {new} of new money; the pre-money is set to "
             "0.").format(post=_amount(fb, p["post"]), new=_amount(fb, p["new"]))


def _no_valuation(fb, f, p) -> str:
    if p.get("prior_used"):
        return _("No valuation for the round is believed; the valuation before the round is used as the pre-money.")
    return _("No valuation is believed, so stakes after the round cannot be computed.")


def _deprecated_source(fb, f, p) -> str:
    said = _("You believe {source} on '{topic}'; the fact base marks that source as unreliable.").format(
        source=_source(fb, p["source"]), topic=_label(fb, p["topic"]))
    note = localized(fb.source[p["source"]], "note") if p["source"] in fb.source else None
    return f"{said} {note or ''}".strip()


def _outcome_not_reported(fb, f, p) -> str:
    return _("The outcome sources report nothing on {topics}: not reported.").format(
        topics=join(_label(fb, t) for t in f.topics))


def _fallback(fb, f, p) -> str:
    return _("None of your trusted sources speaks to {topics}; the next source that does is believed.").format(
        topics=join(_label(fb, t) for t in f.topics))


def _stakes_above_100(fb, f, p) -> str:
    return _("The believed stakes before the round add up to {stakes}; they are scaled down to 100 %.").format(
        stakes=money.percent(p["stakes"], 1))


def _commitments_exceed_total(fb, f, p) -> str:
    return _("The itemised compute commitments ({known}) exceed the believed total ({total}).").format(
        known=_amount(fb, p["known"]), total=_amount(fb, p["total"]))


def _currency_label(fb, f, p) -> str:
    claims = [fb.claim[c] for c in p["claims"] if c in fb.claim]
    where = "; ".join(f"{_label(fb, c.topic)}: {money.printed(c)} ({_source(fb, c.source)})" for c in claims)
    code = p["currency"]
    if p["fx"] == "convert":
        how = _("converted at 1 {code} = {rate} {base} (rule 'fx')").format(
            code=code, rate=money.rate(fb.fx.get(code)), base=fb.base_currency)
    else:
        how = _("read as {base}, as if the label were a mistake (rule 'fx')").format(base=fb.base_currency)
    # without a verb, so that the words agree for any count in both languages: one catalog entry, no plural forms
    return _("{n} of your believed figures in {code}, {how}: {where}.").format(n=len(claims), code=code, how=how,
                                                                              where=where)


def _joint_exceeded(fb, f, p) -> str:
    return _("The believed parts of '{topic}' add up to {parts}, more than the joint figure you believe "
             "({printed}).").format(topic=_label(fb, p["topic"]), parts=_amount(fb, p["parts"]),
                                    printed=_printed(fb, p["claim"]))


def _source_contradicts_itself(fb, f, p) -> str:
    return _("{source} says '{topic}' is {printed}, but its own figures for the parts are {listed}: up to {total} "
             "together.").format(source=_source(fb, fb.claim[p["claim"]].source), topic=_label(fb, p["topic"]),
                                 printed=_printed(fb, p["claim"]),
                                 listed=" + ".join(_printed(fb, c) for c in p["parts"]),
                                 total=money.number(p["total"]))


_MESSAGES = {"UNDISCLOSED_IN_REMAINDER": _undisclosed_in_remainder, "ROUND_UNDISCLOSED_PART": _round_undisclosed_part,
             "NAMED_EXCEED_TOTAL": _named_exceed_total, "ASSUMED_BASIS": _assumed_basis,
             "POST_BELOW_NEW_MONEY": _post_below_new_money, "NO_VALUATION": _no_valuation,
             "DEPRECATED_SOURCE": _deprecated_source, "OUTCOME_NOT_REPORTED": _outcome_not_reported,
             "FALLBACK": _fallback, "STAKES_ABOVE_100": _stakes_above_100,
             "COMMITMENTS_EXCEED_TOTAL": _commitments_exceed_total, "CURRENCY_LABEL": _currency_label,
             "JOINT_EXCEEDED": _joint_exceeded, "SOURCE_CONTRADICTS_ITSELF": _source_contradicts_itself}
