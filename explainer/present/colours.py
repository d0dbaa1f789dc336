"""Colours: one colour-blind-safe categorical palette (Okabe & Ito), and one colour per entity on every chart."""
from __future__ import annotations

from ..load.model import FactBase
from ..engine.scenario import UNATTRIBUTED, round_residual

# Okabe, M. and Ito, K. (2008), "Color Universal Design": told apart with any common colour-vision deficiency.
BLACK, ORANGE, SKY_BLUE, GREEN = "#000000", "#E69F00", "#56B4E9", "#009E73"
YELLOW, BLUE, VERMILLION, PURPLE = "#F0E442", "#0072B2", "#D55E00", "#CC79A7"
GREY, LIGHT_GREY = "#8C8C8C", "#BBBBBB"  # the rest, not itemised, deprecated: never a category of its own
# Yellow last: it is the palette's weakest on white.
CATEGORICAL = (ORANGE, SKY_BLUE, GREEN, BLUE, VERMILLION, PURPLE, YELLOW)
HOLDER_KINDS = ("stake_before", "investment")  # shown together in a cap table
VENDOR_KINDS = ("compute_money", "compute_capacity")  # shown together in the compute charts


def entity_colours(fb: FactBase) -> dict[str, str]:
    """Entity id -> colour, from the fact base alone, so an entity keeps its colour on every chart and under any
    beliefs. The company is black and the residual holders grey. Entities a chart shows side by side (the holders
    and investors of a cap table; the compute vendors) get different colours as long as the palette lasts: each
    takes the first colour none of its chart-mates has yet."""
    residual_holder, other_investors = fb.residual_holder or "other_holders", round_residual(fb)
    neutral = {fb.company: BLACK, residual_holder: GREY, UNATTRIBUTED: GREY}
    holders = [t.entity for t in fb.topics if t.kind in HOLDER_KINDS and t.entity] + [other_investors]
    vendors = [t.entity for t in fb.topics if t.kind in VENDOR_KINDS and t.entity]
    groups = [set(holders), set(vendors)]
    out: dict[str, str] = {}
    for e in dict.fromkeys(holders + vendors + [x.id for x in fb.entities]):
        if e in neutral:
            continue
        taken = {out[m] for g in groups if e in g for m in g if m in out}
        free = [c for c in CATEGORICAL if c not in taken]
        out[e] = free[0] if free else CATEGORICAL[len(out) % len(CATEGORICAL)]
    return {**out, **neutral}


def entity_colour(fb: FactBase, entity_id: str) -> str:
    """The one colour of this entity on every chart (grey for one the fact base does not name)."""
    return entity_colours(fb).get(entity_id, GREY)


def translucent(colour: str, alpha: float) -> str:
    """A '#RRGGBB' colour as rgba() with this opacity (for flows drawn over each other)."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"
