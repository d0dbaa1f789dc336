"""The money loops in words, in the active language: a step's deals with their qualifiers, the measure with its
qualifier and its up-front part, why a loop is left out (cycles computes; this module writes)."""
from __future__ import annotations

from babel.numbers import format_percent

from . import money
from ..engine.cycles import Loop, Loops, Step
from .i18n import N_, _, locale, localized
from ..load.model import Claim, FactBase
from ..engine.scenario import Flow
from .labels import entity_name

REASONS = {"talks": N_("rests on talks only"), "replaced": N_("rests on a deal replaced since"),
           "ended": N_("rests on a deal that has ended"), "not_yet": N_("not yet reported at this date"),
           "no_pass_on": N_("no report says the deals are one chain"), "no_price": N_("no price: capacity or shares"),
           "undisclosed": N_("not disclosed")}


UNDISCLOSED = "undisclosed"


def no_figure(lp: Loop) -> str:
    """The REASONS key for why a loop has no figure."""
    return lp.problem or lp.open_reason or "no_price"


def flow_amount(f: Flow, claim: Claim | None = None) -> str:
    """'below 10 bn USD', 'at least 10 GW', 'about 10 % of its own shares', 'not disclosed': a deal's amount in the
    reader's units with its source's qualifier."""
    if f.amount is None:
        return _(REASONS[UNDISCLOSED])
    scale, _sep, currency = f.unit.partition(" ")
    if currency:
        figure, tail = money.number(f.amount, 2), f" {money.unit_word(scale)} {currency}"
    elif f.unit == "%":
        figure, tail = money.number(f.amount, 0), " %"
    else:
        figure, tail = money.number(f.amount, 2), f" {f.unit}"
    if claim is not None and claim.bound == "range" and claim.low is not None and claim.high is not None:
        factor = f.amount / claim.printed if claim.printed else 1.0
        figure = f"{money.number(claim.low * factor, 2)}–{money.number(claim.high * factor, 2)}"
    elif claim is not None and claim.bound in money.BOUND_WORDS:
        figure = _(money.BOUND_WORDS[claim.bound]).format(number=figure)
    text = figure + tail
    return _("{amount} of its own shares").format(amount=text) if f.unit == "%" else text


def step_amount(fb: FactBase, st: Step) -> str:
    """A step's deals, each with its qualifier, added up where there are several: '38 bn USD + 100 bn USD'."""
    flows = st.flows or tuple(f for f, _why, _by in st.set_aside if f.kind == st.kind)
    return " + ".join(flow_amount(f, fb.claim.get(f.claim) if f.claim else None) for f in flows)


def party_name(fb: FactBase, entity: str) -> str:
    """'SB Energy (SoftBank)' for an entity part of a group, else its name."""
    e = fb.entity.get(entity)
    group = e.part_of if e else None
    return f"{entity_name(fb, entity)} ({entity_name(fb, group)})" if group else entity_name(fb, entity)


KIND_WORDS = {"intent": N_("letter of intent"), "prior_equity": N_("earlier investment")}  # named in a step's text


def unjoined_text(result: Loops) -> str | None:
    """'3 longer chains … are not listed', or None."""
    if not result.unjoined:
        return None
    return _("Not listed: {n} chains of more than three parties that no report joins as one.").format(
        n=money.number(result.unjoined, 0))


def step_text(fb: FactBase, st: Step) -> str:
    """'OpenAI → Amazon: 38 bn USD + 100 bn USD'."""
    flows = st.flows or tuple(f for f, _why, _by in st.set_aside if f.kind == st.kind)
    ends = " → ".join(party_name(fb, e) for e in (flows[0].source, flows[0].target)) if flows else \
        f"{entity_name(fb, st.source)} → {entity_name(fb, st.target)}"
    kind = f" ({_(KIND_WORDS[st.kind])})" if st.kind in KIND_WORDS else ""
    return f"{ends}: {step_amount(fb, st)}{kind}"


def step_detail(fb: FactBase, st: Step) -> str:
    """'OpenAI → Amazon: 38 bn USD (ctx_aws, Nov 2025) + 100 bn USD (ctx_aws_expansion, 27 Feb 2026)': each deal
    with its qualifier, claim and date (the CLI's table)."""
    flows = st.flows or tuple(f for f, _why, _by in st.set_aside if f.kind == st.kind)
    parts = []
    for f in flows:
        c = fb.claim.get(f.claim) if f.claim else None
        parts.append(f"{flow_amount(f, c)} ({f.claim}, {money.date(c.date)})" if c else flow_amount(f))
    ends = " → ".join(party_name(fb, e) for e in (flows[0].source, flows[0].target)) if flows else \
        f"{entity_name(fb, st.source)} → {entity_name(fb, st.target)}"
    kind = f" ({_(KIND_WORDS[st.kind])})" if st.kind in KIND_WORDS else ""
    return f"{ends}: {' + '.join(parts)}{kind}"


def loop_names(fb: FactBase, lp: Loop) -> str:
    """'Amazon → OpenAI → Amazon'."""
    return " → ".join(entity_name(fb, n) for n in lp.nodes)


def ratio_text(x: float) -> str:
    """A ratio as a percentage: whole above 10 % ('276%'), one decimal below ('1.7%'), in the locale's way."""
    if x >= 0.1:
        return money.ratio(x)
    return format_percent(round(x, 3), locale=locale(), decimal_quantization=False)


def returns_text(lp: Loop) -> str:
    """'276 % commitments back per dollar in (920 % per dollar paid up front)', or why there is no figure."""
    if lp.returns is None:
        return _(REASONS[no_figure(lp)])
    text = _("{ratio} commitments back per dollar in").format(ratio=bounded_ratio(lp))
    if lp.per_upfront is not None:
        text += " " + _("({ratio} per dollar paid up front)").format(ratio=ratio_text(lp.per_upfront))
    return text


def bounded_ratio(lp: Loop) -> str:
    """'at least 600%': the ratio with the qualifier its amounts give it."""
    return money.qualified(ratio_text(lp.returns), lp.returns_bound)


def returns_short(lp: Loop) -> str:
    """'276% back per dollar in' (a chart's row heading), or why there is no figure."""
    if lp.returns is None:
        return _(REASONS[no_figure(lp)])
    return _("{ratio} back per dollar in").format(ratio=bounded_ratio(lp))


def money_in_text(fb: FactBase, lp: Loop) -> str | None:
    """'15 bn USD up front. The remaining 35 bn depend on …' (the claim's condition), or '15 bn USD up front, 35 bn
    USD on a condition' where the claim states none; None where the money in has no up-front part."""
    up = lp.upfront
    if up is None or lp.money_in is None:
        return None
    scale, _sep, currency = lp.steps[0].unit.partition(" ")
    conditions = [localized(c, "condition") for f in lp.steps[0].flows
                  if (c := fb.claim.get(f.claim)) is not None and c.condition]
    if conditions:
        return _("{upfront} up front.").format(upfront=money.amount(up, currency, scale)) + " " + " ".join(conditions)
    return _("{upfront} up front, {rest} on a condition").format(
        upfront=money.amount(up, currency, scale), rest=money.amount(lp.money_in - up, currency, scale))


def left_out_text(fb: FactBase, lp: Loop) -> str:
    """Why a loop is left out, naming the step and its source: 'Nvidia → OpenAI: at least 10 GW (Compute-deal
    reports, Sep 2025) rests on a deal replaced since (by Nvidia's 30 bn …, 19 Feb 2026)'."""
    st = lp.steps[lp.at or 0]
    why = _(REASONS[lp.problem])
    if lp.problem == "no_pass_on":
        prev = lp.steps[(lp.at or 1) - 1]
        return _("{party} gets {before} and pays {after}: {why}").format(
            party=entity_name(fb, st.source), before=step_amount(fb, prev), after=step_amount(fb, st), why=why)
    f, _r, by = next((x for x in st.set_aside if x[0].kind == st.kind), (None, None, None))
    c = fb.claim.get(f.claim) if f is not None and f.claim else None
    said = f"{step_text(fb, st)} ({localized(fb.source[c.source], 'name')}, {money.date(c.date)})" if c else \
        step_text(fb, st)
    text = f"{said}: {why}"
    if by and by in fb.claim:
        r = fb.claim[by]
        text += " " + _("(by {source}, {date})").format(source=localized(fb.source[r.source], "name"),
                                                        date=money.date(r.date))
    return text


