"""The one place that turns numbers into text: amounts, percentages and claims as printed."""
from __future__ import annotations

from .model import Claim

BOUND_WORDS = {"exact": "", "about": "about ", "up_to": "up to ", "at_least": "at least ",
               "below": "below ", "above": "above "}
UNIT_WORDS = {"bn": "bn", "tn": "tn", "mn": "mn", "percent": "%", "GW": "GW", "MW": "MW", "per_share": "per share"}


def number(x: float, digits: int = 1) -> str:
    """1,234.5 style; whole numbers without decimals."""
    if x is None:
        return "–"
    if abs(x - round(x)) < 1e-9:
        return f"{round(x):,}"
    if abs(x) < 1:
        digits = max(digits, 2)  # a company valued in millions still shows its figures
    return f"{x:,.{digits}f}"


def amount(x: float | None, currency: str = "USD", unit: str = "bn", digits: int = 1) -> str:
    if x is None:
        return "–"
    return f"{number(x, digits)} {unit} {currency}".strip()


def percent(x: float | None, digits: int = 1) -> str:
    return "–" if x is None else f"{x:.{digits}f} %"


def distance(x: float | None, digits: int = 2) -> str:
    """A distance in percentage points, unsigned: '0.42 pts'; a dash where there is none (None or nan)."""
    return "–" if x is None or x != x else f"{x:.{digits}f} pts"


def points(x: float | None, digits: int = 1) -> str:
    return "–" if x is None else f"{x:+.{digits}f} pts"


def signed(x: float | None, digits: int = 1) -> str:
    """A difference with its sign: '+1,234.5'."""
    return "–" if x is None else f"{x:+,.{digits}f}"


def ratio(x: float | None) -> str:
    return "–" if x is None else f"{x:.0%}"


def printed(claim: Claim) -> str:
    """A claim's number as its source printed it: 'up to 50 bn USD', '20–50 bn USD', 'about 11 %'."""
    unit = UNIT_WORDS.get(claim.unit, claim.unit)
    if claim.bound == "range":
        figure = f"{number(claim.low, 2)}–{number(claim.high, 2)}"
    else:
        figure = BOUND_WORDS[claim.bound] + number(claim.printed, 2)
    tail = f" {unit}" if unit != "%" else " %"
    if claim.currency:
        tail += f" {claim.currency}"
    return figure + tail
