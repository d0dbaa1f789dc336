"""Every article claim quotes its seed file verbatim, the seeds match shared/, and every number in them is claimed."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
SEEDS = REPO_ROOT / "seeds"
FACTS = yaml.safe_load((REPO_ROOT / "data" / "facts.yaml").read_text(encoding="utf-8"))  # read without the loader
SOURCES = {s["id"]: s for s in FACTS["sources"]}
ARTICLE_CLAIMS = [c for c in FACTS["claims"] if SOURCES[c["source"]]["kind"] == "article"]
SEED_NAMES = sorted(p.name for p in SEEDS.glob("*.txt"))


def seed_text(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def quotes_of(seed_name: str) -> list[str]:
    """The quotes of every claim whose source's file is this seed (outlets cited via an article included)."""
    return [c["quote"] for c in ARTICLE_CLAIMS
            if c.get("quote") and Path(SOURCES[c["source"]]["file"]).name == seed_name]


# ---------------------------------------------------------------- quotes are verbatim

@pytest.mark.parametrize("claim", ARTICLE_CLAIMS, ids=[c["id"] for c in ARTICLE_CLAIMS])
def test_article_claim_quote_is_verbatim_in_its_seed(claim):
    file = SOURCES[claim["source"]]["file"]
    assert claim.get("quote"), f"{claim['id']} has no quote"
    assert claim["quote"] in (REPO_ROOT / file).read_text(encoding="utf-8"), f"{claim['id']}: not in {file}"


def test_there_are_five_seeds_with_claims():
    assert len(SEED_NAMES) == 5
    assert all(quotes_of(name) for name in SEED_NAMES)


# ---------------------------------------------------------------- seeds match the shared copies

SHARED_SEEDS = REPO_ROOT.parent / "shared" / "seeds"
# A user's clone has no ../shared; CI has it beside the checkout, so there the copies are compared.
needs_shared = pytest.mark.skipif(not SHARED_SEEDS.is_dir(),
                                  reason=f"{SHARED_SEEDS} is absent (only CI lays shared/ beside the checkout)")


@needs_shared
def test_seed_names_match_shared():
    assert SEED_NAMES == sorted(p.name for p in SHARED_SEEDS.glob("*.txt"))


@needs_shared
@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_is_byte_identical_to_shared(name):
    assert (SEEDS / name).read_bytes() == (SHARED_SEEDS / name).read_bytes()


# ---------------------------------------------------------------- every number in the articles is claimed

# A number (digits with , or . inside, or a German number word) right before a money or percent word,
# '38-Milliarden-' included; a percent sign after digits; or '$50 Billion' in the English source list.
NUMBER_WORDS = r"ein|eine|einer|einem|einen|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|" \
               r"zwanzig|dreißig|vierzig|fünfzig|sechzig|siebzig|achtzig|neunzig|hundert"
NUMBER = rf"(?:\d+(?:[.,]\d+)*|\b(?:{NUMBER_WORDS}))"
FIGURE = re.compile(rf"{NUMBER}[ \u00a0-]?(?:Milliarden|Milliarde|Billionen|Billion|Prozent)\b"
                    rf"|\d+(?:[.,]\d+)*[ \u00a0]?%"
                    rf"|\$\d+(?:[.,]\d+)* [Bb]illion\b", re.IGNORECASE)

# Numbers in the seeds that are not about the round: advertising inside the article text.
NOT_ABOUT_THE_ROUND = {
    ("004_40325a292157e144.txt", "85%"): "advert: '85% der Top-Supercomputer laufen auf Linux'",
}


@pytest.mark.parametrize("text, found", [
    ("bis zu 60 Milliarden US-Dollar", ["60 Milliarden"]),
    ("rund zehn Milliarden Euro", ["zehn Milliarden"]),
    ("Zehn Milliarden Euro", ["Zehn Milliarden"]),
    ("im Bereich von einer Billion US-Dollar", ["einer Billion"]),
    ("rund 1,4 Billionen Dollar", ["1,4 Billionen"]),
    ("ein 38-Milliarden-Dollar-Vertrag", ["38-Milliarden"]),
    ("um 0,21 Prozent auf 222,10 US-Dollar", ["0,21 Prozent"]),
    ("etwa 11 % am Kapital, 85% der Rechner", ["11 %", "85%"]),
    ("Invest Up to $50 Billion in OpenAI; up to $50 billion", ["$50 Billion", "$50 billion"]),
    ("eine Milliarde", ["eine Milliarde"]),
    ("die symbolische Billionen-Dollar-Marke", []),
    ("jenseits der halben Billion Dollar", []),
    ("OpenAI verhandelt Milliarden-Deal", []),
    ("dreistellige Milliardenbeträge und Milliardenengagements", []),
    ("(in Mrd. USD) | ~30 | Ende 2025 | 222,10 US-Dollar", []),
])
def test_figure_pattern(text, found):
    assert [m.group() for m in FIGURE.finditer(text)] == found


def uncovered_figures(name: str) -> list[str]:
    text = seed_text(name)
    spans = [(m.start(), m.end()) for q in quotes_of(name) for m in re.finditer(re.escape(q), text)]
    return [m.group() for m in FIGURE.finditer(text)
            if (name, m.group()) not in NOT_ABOUT_THE_ROUND
            and not any(a <= m.start() and m.end() <= b for a, b in spans)]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_every_figure_in_the_seed_lies_inside_a_claimed_quote(name):
    assert uncovered_figures(name) == []


@pytest.mark.parametrize("name, figure", sorted(NOT_ABOUT_THE_ROUND))
def test_allow_listed_figures_still_occur(name, figure):
    assert figure in [m.group() for m in FIGURE.finditer(seed_text(name))]
