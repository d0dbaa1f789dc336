"""The one place that turns numbers into text: amounts, percentages, dates and claims as printed, in the
active language's conventions (Babel: '1,234.5' in English, '1.234,5' in German)."""
from __future__ import annotations

import datetime as _dt
import functools
from decimal import Decimal

from babel.dates import format_skeleton
from babel.numbers import format_decimal as _babel_decimal
from babel.numbers import format_percent

from .i18n import N_, _, locale
from ..load.model import Claim

# How a source qualifies its number: '{number}' is the number as formatted.
BOUND_WORDS = {"about": N_("about {number}"), "up_to": N_("up to {number}"), "at_least": N_("at least {number}"),
               "below": N_("below {number}"), "above": N_("above {number}")}
UNIT_WORDS = {"bn": N_("bn"), "tn": N_("tn"), "mn": N_("mn"), "percent": "%", "GW": "GW", "MW": "MW",
              "per_share": N_("per share")}
DASH = "–"  # what stands where there is no number

# What stands where a source says there is an amount but not what it is, where the outcome says nothing, and where
# a source says there is none: words, never 0 or a blank
NOT_DISCLOSED = N_("not disclosed")
NOT_REPORTED = N_("not reported")
NO_AMOUNT = N_("none (not among them)")


@functools.lru_cache(maxsize=8192)  # about 2 MB at most; a page formats the same few hundred numbers every rerun
def format_decimal(x: Decimal | int, pattern: str, locale: str) -> str:
    """Babel's format_decimal, remembered: Babel parses the pattern and looks up the locale on every call (about
    45 microseconds, a few hundred times per rerun)."""
    return _babel_decimal(x, pattern, locale=locale)


def _fixed(digits: int, grouped: bool = True, signed: bool = False) -> str:
    """A CLDR number pattern with exactly `digits` decimals."""
    body = ("#,##0" if grouped else "0") + ("." + "0" * digits if digits > 0 else "")
    return f"+{body};-{body}" if signed else body


def _decimal(x: float) -> Decimal:
    # The float's exact value: Babel then rounds half-even as Python's own formatting does.
    return Decimal(x)


SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
# Babel formats through a decimal context of 28 digits: a count of worlds (4 ** 498 for 500 topics) is written as a
# power of ten instead, the mantissa to `digits` decimals.
MAX_WRITTEN_OUT = 10 ** 27


def number(x: float, digits: int = 1) -> str:
    """1,234.5 style; whole numbers without decimals; from 10**27 on, 1.6 × 10³⁰⁰ style."""
    if x is None:
        return DASH
    if abs(x) >= MAX_WRITTEN_OUT:
        exponent = len(str(abs(int(x)))) - 1
        mantissa = Decimal(int(x)).scaleb(-exponent)
        if abs(round(mantissa, digits)) >= 10:  # 9.96 × 10^n rounds to 10.0: one more power of ten
            exponent, mantissa = exponent + 1, mantissa.scaleb(-1)
        return (format_decimal(round(mantissa, digits), _fixed(digits), locale=locale())
                + " × 10" + str(exponent).translate(SUPERSCRIPT))
    if abs(x - round(x)) < 1e-9:
        return format_decimal(round(x), "#,##0", locale=locale())
    if abs(x) < 1:
        digits = max(digits, 2)  # a company valued in millions still shows its figures
    return format_decimal(_decimal(x), _fixed(digits), locale=locale())


def unit_word(unit: str) -> str:
    """'bn' as the reader writes it: 'bn', 'Mrd.'."""
    word = UNIT_WORDS.get(unit, unit)
    return _(word) if word else word


def amount(x: float | None, currency: str = "USD", unit: str = "bn", digits: int = 1) -> str:
    if x is None:
        return DASH
    return f"{number(x, digits)} {unit_word(unit)} {currency}".strip()


def quantity(x: float | None, unit: str) -> str:
    """An amount with a flow's unit as the scenario writes it ('bn USD', 'GW'), in the reader's words:
    '50 bn USD' / '50 Mrd. USD', '4,5 GW'."""
    scale, _sep, currency = unit.partition(" ")
    return DASH if x is None else f"{number(x)} {unit_word(scale)} {currency}".strip()


def percent(x: float | None, digits: int = 1) -> str:
    """A share in percent, '5.87 %'."""
    if x is None:
        return DASH
    return format_decimal(_decimal(x), _fixed(digits, grouped=False), locale=locale()) + " %"


def distance(x: float | None, digits: int = 2) -> str:
    """A distance in percentage points, unsigned: '0.42 pts'; a dash where there is none (None or nan)."""
    if x is None or x != x:
        return DASH
    return _("{points} pts").format(
        points=format_decimal(_decimal(x), _fixed(digits, grouped=False), locale=locale()))


def points(x: float | None, digits: int = 1) -> str:
    """A difference of percentages: '+1.2 pts'."""
    if x is None:
        return DASH
    return _("{points} pts").format(
        points=format_decimal(_decimal(x), _fixed(digits, grouped=False, signed=True), locale=locale()))


def signed(x: float | None, digits: int = 1) -> str:
    """A difference with its sign: '+1,234.5'."""
    return DASH if x is None else format_decimal(_decimal(x), _fixed(digits, signed=True), locale=locale())


def rate(x: float | None) -> str:
    """An exchange rate, up to six significant digits: '1.0835'."""
    return DASH if x is None else format_decimal(_decimal(x), "@#####", locale=locale())


def ratio(x: float | None) -> str:
    """A ratio as a whole percentage, in the locale's way: '48%', '48 %'."""
    if x is None:
        return DASH
    # x * 100 in floating point first, as Python's '%' format does, so English output is unchanged
    return format_percent(_decimal(x * 100) / 100, locale=locale(), group_separator=False)


def qualified(text: str, bound: str) -> str:
    """A number's text with its qualifier: 'at least 600%'; as it is where the bound is exact (or unknown)."""
    return _(BOUND_WORDS[bound]).format(number=text) if bound in BOUND_WORDS else text


def bounded_ratio(x: float | None, bound: str) -> str:
    """'at least 2500%': a ratio with the qualifier its figures give it (scenario.ratio_bound); a dash for none."""
    return DASH if x is None else qualified(ratio(x), bound)


def date(iso: str | None) -> str:
    """A date as the reader writes it: '21 Jan 2026' / '21. Jan. 2026'; a month alone: 'Jan 2026'."""
    if not iso:
        return DASH
    return _date(iso[:10], locale())


@functools.lru_cache(maxsize=4096)  # a fact base has a few hundred dates; Babel takes 50 µs for each
def _date(iso: str, loc: str) -> str:
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return format_skeleton("yMMM", _dt.date(parts[0], parts[1], 1), locale=loc)
    return format_skeleton("yMMMd", _dt.date(*parts), locale=loc)


def printed(claim: Claim) -> str:
    """A claim's number as its source printed it: 'up to 50 bn USD', '20–50 bn USD', 'about 11 %'."""
    if claim.value_state == "undisclosed":
        return _(NOT_DISCLOSED)
    if claim.value_state == "none":
        return _(NO_AMOUNT)
    unit = unit_word(claim.unit)
    if claim.bound == "range":
        figure = f"{number(claim.low, 2)}–{number(claim.high, 2)}"
    elif claim.bound in BOUND_WORDS:
        figure = _(BOUND_WORDS[claim.bound]).format(number=number(claim.printed, 2))
    else:
        figure = number(claim.printed, 2)
    tail = f" {unit}" if unit != "%" else " %"
    if claim.currency:
        tail += f" {claim.currency}"
    return figure + tail
