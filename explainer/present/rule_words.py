"""The rules in words: what the belief panel's presets and rules do, how a belief came about, and how the
scorecard scores claims. The engine holds the rules as ids and numbers; these are their texts, in the active
language."""
from __future__ import annotations

from . import money
from .i18n import N_, Messages, _
from ..engine.scoring import ABOUT_TOL, EXACT_TOL, LEAD_ERROR_PCT

# The belief panel's rules
PRESET_HELP = Messages({
    "trust": N_("Your trust order: the first source that speaks to a topic wins."),
    "low": N_("The lowest figure any report gives."),
    "high": N_("The highest figure any report gives."),
    "mid": N_("The median of the reports' figures."),
    "latest": N_("The report made most recently (when it was said, not the event it is about)."),
    "outcome": N_("What was announced and closed; where that is silent about the round, 'not reported'. Other "
                  "topics follow the trust order."),
})
HOW_WORDS = Messages({"picked": N_("your pick"), "preset": N_("preset"),
                      "fallback": N_("no trusted source speaks; the next one"),
                      "none": N_("none"), "not_reported": N_("not reported")})  # how a belief came about
RANGE_HELP = Messages({"low": N_("low end of a range"), "mid": N_("middle of a range"),
                       "high": N_("high end of a range")})
FX_HELP = Messages({"convert": N_("take currency labels literally and convert at the fact base's rate"),
                    "base": N_("read every amount as the base currency (the labels are mislabelled)")})
BASIS_WORDS = Messages({"pre": N_("pre-money"), "post": N_("post-money")})
BASIS_HELP = Messages({"pre": N_("an unspecified valuation is pre-money"),
                       "post": N_("an unspecified valuation is post-money")})

# How a claim fared and which way it was off, in words (the data keep the English values).
VERDICT_WORDS = {"hit": N_("hit"), "miss": N_("miss")}
DIRECTION_WORDS = {"spot on": N_("spot on"), "too low": N_("too low"), "too high": N_("too high")}

LEAD_RULE_TEXT = N_("""\
**Lead-weighted credit.** So that an early, roughly right claim is not ranked below a late copy of the
announcement, each claim earns its days of warning, scaled down by its error: *credit = lead days × (1 −
error ÷ {max_error})*, the error taken without its sign, and never below 0. A figure spot on earns
every day of warning it gave, one {half_error} off half of them, one {max_error} or more off none. A source's
lead-weighted credit is the mean over its scored claims, in days.
""")

SCORING_RULES_TEXT = N_("""\
**What counts as the outcome.** For each topic, the latest figure from the outcome sources (the round as
announced, then as closed). A source the fact base marks as deprecated is never the outcome; it is scored
like any other source.

**Hit or miss.** A claim is a *hit* when what it said, qualifier included, is true of the outcome:

| the claim says | hit when the outcome is |
|---|---|
| exactly *v* | within {exact} of *v* (rounding) |
| about *v* | within {about} of *v* |
| up to *v* | at most *v* (+{exact} rounding) |
| at least *v* | at least *v* (−{exact} rounding) |
| below *v* / above *v* | strictly below / above *v* |
| from *a* to *b* | between *a* and *b* (±{exact} rounding) |

**Valuations, like with like.** A pre-money figure is compared with the pre-money outcome, a post-money
figure with the post-money outcome. A figure that does not say which gets the benefit of the doubt: it is
scored against the one it matches better.

**Error.** How far the printed number (a range's middle) is from the outcome, in percent of the outcome:
negative is too low, positive too high. A claim can be a hit and still far off: "at least 10" is true
when 50 happened, but {far_off} too low.

**Wrong currency label.** Some articles print another currency than every other report. When a figure
is wrong converted at the exchange rate but right read in the base currency, it is a *currency label* error, not
a wrong size: the size is scored as if it were in the base currency.

**Informativeness (0 to 1).** How much a claim commits to: the share of the plausible range (0 to twice
the outcome) that the claim rules out. An exact figure scores 1, "about" 0.9, a one-sided claim much less:
"up to 50" when 50 happened scores 0.5, "at least 10" scores 0.1. Being informative is not being
right: "about 10" when 50 happened is informative and wrong.

**Lead time.** The days between when a claim was made and the announcement of the round (the earliest
outcome source's date). Most articles are not dated in print: their dates are inferred from the dated
reports they repeat (the Sources page names them). A claim made a week before the announcement had far
less to guess than one made ten weeks before.

{lead_rule}
**Per source.** Hits, misses, the mean absolute error, the mean informativeness and the currency label
errors of all its scored claims; each statement counts once, so a figure repeated in a title and a text
counts twice.
""")


def lead_rule() -> str:
    """The lead-weighted credit rule, in the active language."""
    return _(LEAD_RULE_TEXT).format(max_error=money.ratio(LEAD_ERROR_PCT / 100),
                                    half_error=money.ratio(LEAD_ERROR_PCT / 200))


def scoring_rules() -> str:
    """How claims are scored, in the active language."""
    return _(SCORING_RULES_TEXT).format(
        exact=money.ratio(EXACT_TOL), about=money.ratio(ABOUT_TOL), far_off=money.ratio(0.8),
        lead_rule=lead_rule())
