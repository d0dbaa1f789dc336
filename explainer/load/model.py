"""The fact base as frozen values: sources, entities, topics and the claims sources make about topics."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

BOUNDS = ("exact", "about", "up_to", "at_least", "below", "above", "range")
STATUSES = ("talks", "reported", "agreed", "announced", "closed")
# What a claim's value is (Wikidata's value / unknown value / no value): a figure; an amount the source says exists
# but was not disclosed ("took part at an undisclosed amount"); none ("not among the investors", i.e. zero)
VALUE_STATES = ("figure", "undisclosed", "none")
MONEY_UNITS = {"bn": 1.0, "tn": 1000.0, "mn": 0.001}  # to billions
CAPACITY_UNITS = {"GW": 1.0, "MW": 0.001}  # to gigawatts
MONEY_KINDS = {"investment", "joint_investment", "round_total", "valuation", "prior_valuation",
               "prior_investment", "investment_intent", "compute_money", "compute_total", "cross_stake", "purchase"}


@dataclass(frozen=True)
class Dating:
    """How a source's date was established: printed in its text, or inferred from a dated report it repeats."""
    method: str  # printed or inferred
    evidence: str | None = None
    urls: tuple[str, ...] = ()
    evidence_de: str | None = None


@dataclass(frozen=True)
class Source:
    id: str
    kind: str  # article, context or outcome
    name: str
    title: str | None = None
    site: str | None = None
    date: str | None = None
    date_estimate: str | None = None
    language: str | None = None
    file: str | None = None
    via: str | None = None
    url: str | None = None
    more_urls: tuple[str, ...] = ()
    rank: str = "normal"
    note: str | None = None
    dating: Dating | None = None
    name_de: str | None = None
    note_de: str | None = None

    @property
    def date_method(self) -> str | None:
        """printed or inferred (as the fact base says), estimated (only date_estimate), or None (no date)."""
        if self.dating is not None:
            return self.dating.method
        if self.date is None:
            return "estimated" if self.date_estimate else None
        return None

    @property
    def deprecated(self) -> bool:
        return self.rank == "deprecated"


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    products: tuple[str, ...] = ()
    note: str | None = None
    name_de: str | None = None
    part_of: str | None = None  # the group it belongs to (SB Energy is SoftBank's): one party in the money loops


@dataclass(frozen=True)
class Topic:
    id: str
    label: str
    kind: str
    group: str
    entity: str | None = None
    target: str | None = None
    parts: tuple[str, ...] = ()
    note: str | None = None
    label_de: str | None = None
    passes_on: tuple[str, ...] = ()  # topics whose money this one passes on (a loop joins them through its entity)

    @property
    def dimension(self) -> str:
        """money, percent, capacity or other: what the topic's numbers measure."""
        if self.kind in MONEY_KINDS:
            return "money"
        if self.kind in ("stake_before", "warrant"):  # a warrant is the share of the issuer it may come to
            return "percent"
        if self.kind == "compute_capacity":
            return "capacity"
        return "other"


@dataclass(frozen=True)
class Claim:
    id: str
    topic: str
    source: str
    bound: str
    low: float | None  # None where the statement is open below ("up to", "below")
    high: float | None  # None where it is open above ("at least", "above")
    unit: str
    translation: str
    status: str
    date: str  # when the statement was made
    date_estimated: bool = False  # True where that date is not printed in the source (inferred or estimated)
    date_method: str | None = None  # own (the claim's date), or its source's: printed, inferred, estimated
    event_date: str | None = None  # when the event the statement is about happened, where the text dates it
    currency: str | None = None
    basis: str | None = None
    quote: str | None = None
    where: str | None = None
    note: str | None = None
    line: int | None = None
    translation_de: str | None = None
    review: tuple[str, ...] = ()  # what an editor should still check in a drafted claim (python -m explainer draft)
    value_state: str = "figure"  # figure, undisclosed (low/high None) or none (low = high = 0); see VALUE_STATES
    replaces: tuple[str, ...] = ()  # claims no longer in force from this claim's date on (a deal that replaced them)
    ends: str | None = None  # the deal is not in force after this date
    upfront: float | None = None  # the part paid up front, in the claim's unit; the rest rests on the condition
    condition: str | None = None  # what the rest depends on
    condition_de: str | None = None

    @property
    def disclosed(self) -> bool:
        """False where the source says an amount exists but not what it is."""
        return self.value_state != "undisclosed"

    def in_force(self, asof: str | None) -> bool:
        """Whether the deal still holds on asof (None: no date asked), as far as its own end date says."""
        if asof is None or self.ends is None:
            return True
        return (self.ends + "-31" if len(self.ends) == 7 else self.ends) >= asof  # a month ends at its end

    @property
    def printed(self) -> float:
        """The one number a one-sided or exact statement prints (a range's midpoint)."""
        if self.low is not None and self.high is not None:
            return (self.low + self.high) / 2
        return self.low if self.low is not None else self.high  # type: ignore[return-value]


@dataclass(frozen=True)
class Currency:
    code: str
    per_base: float
    as_of: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Defaults:
    trust: tuple[str, ...]
    preset: str = "trust"
    ranges: str = "mid"
    fx: str = "convert"
    basis: str = "post"


@dataclass(frozen=True)
class FactBase:
    version: str
    date: str
    title: str
    company: str
    base_currency: str
    defaults: Defaults
    sources: tuple[Source, ...]
    entities: tuple[Entity, ...]
    topics: tuple[Topic, ...]
    claims: tuple[Claim, ...]
    currencies: tuple[Currency, ...] = ()
    residual_holder: str | None = None
    round_residual: str | None = None
    description: str | None = None
    title_de: str | None = None
    description_de: str | None = None
    path: str = "facts.yaml"
    raw_text: str = field(default="", repr=False, compare=False)
    # What links made before ids wrote (labels, names) -> the id it meant; from <fact base>.links.json, if any.
    source_aliases: tuple[tuple[str, str], ...] = ()  # (old name, source id)
    claim_aliases: tuple[tuple[str, str, str], ...] = ()  # (topic id, old label, claim id or "" if withdrawn)
    # (old label, topic, entity or source id): what a page's view link carried before a label was reworded
    name_aliases: tuple[tuple[str, str], ...] = ()
    # Each version's defaults (from <fact base>.links.json's "defaults"): a link with fb=VERSION keeps them
    version_defaults: tuple[tuple[str, Defaults], ...] = ()

    def defaults_of(self, version: str | None) -> Defaults:
        """The defaults a link made with VERSION meant: recorded ones, else today's."""
        return dict(self.version_defaults).get(version or self.version, self.defaults)

    @cached_property
    def source(self) -> dict[str, Source]:
        return {s.id: s for s in self.sources}

    @cached_property
    def entity(self) -> dict[str, Entity]:
        return {e.id: e for e in self.entities}

    @cached_property
    def topic(self) -> dict[str, Topic]:
        return {t.id: t for t in self.topics}

    @cached_property
    def claim(self) -> dict[str, Claim]:
        return {c.id: c for c in self.claims}

    @cached_property
    def claims_by_topic(self) -> dict[str, tuple[Claim, ...]]:
        out: dict[str, list[Claim]] = {t.id: [] for t in self.topics}
        for c in self.claims:
            out.setdefault(c.topic, []).append(c)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def replaced_on(self) -> dict[str, str]:
        """Claim id -> the earliest date a claim replacing it was said (undated replacements count from always)."""
        out: dict[str, str] = {}
        for c in self.claims:
            for rid in c.replaces:
                if rid not in out or (c.date or "") < out[rid]:
                    out[rid] = c.date or ""
        return out

    @cached_property
    def story_end(self) -> str:
        """The latest date the fact base speaks of: its date, or a later claim's (a default view shows all)."""
        dates = [c.date + ("-31" if len(c.date) == 7 else "") for c in self.claims if c.date]
        return max([self.date] + dates)

    @cached_property
    def memo(self) -> dict:
        """Results computed once per fact base and argument (beliefs.current_claims); frozen values only."""
        return {}

    @cached_property
    def claim_alias(self) -> dict[tuple[str, str], str]:
        return {(t, label): c for t, label, c in self.claim_aliases}

    @cached_property
    def fx(self) -> dict[str, float]:
        rates = {c.code: c.per_base for c in self.currencies}
        rates[self.base_currency] = 1.0
        return rates

    def topics_of_kind(self, *kinds: str) -> list[Topic]:
        return [t for t in self.topics if t.kind in kinds]
