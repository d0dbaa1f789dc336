"""When each article was written, and how we know: printed dates, dates inferred from the dated reports an
article repeats (with their addresses), event dates apart from the date a claim was made.

Expected dates and addresses are copied by hand from ../shared/research/beyond-the-articles.md, section
"When each article was written"; none is read back from the code under test.
"""
from __future__ import annotations

import json

import pytest

from explainer.load.factbase import load_factbase

# article: (date, method, an address the inferred date rests on, or None where the date is printed)
ARTICLE_DATES = {
    "a002": ("2025-12-17", "inferred", "https://www.fsxbusiness.com/openai-in-talks-with-amazon-on-10b-investment"),
    "a004": ("2026-01-21", "printed", None),
    "a000": ("2026-01-29", "inferred",
             "https://www.channelnewsasia.com/business/nvidia-microsoft-amazon-in-talks-invest-up-60-billion-in-"
             "openai-information-reports-5892811"),
    "a003": ("2026-01-30", "inferred",
             "https://www.marketscreener.com/news/amazon-considers-investing-up-to-50bn-in-openai-to-bolster-its-"
             "ai-strategy-ce7e5bdcd88bf62c"),
    "a001": ("2026-02-20", "inferred",
             "https://www.malaymail.com/news/money/2026/02/20/nvidia-said-to-near-us30b-openai-investment-scaling-"
             "back-earlier-us100b-plan/209723"),
}


@pytest.mark.parametrize("source_id", sorted(ARTICLE_DATES))
def test_article_date_and_its_evidence(factbase, source_id):
    date, method, url = ARTICLE_DATES[source_id]
    s = factbase.source[source_id]
    assert s.date == date
    assert s.dating is not None and s.dating.method == method and s.date_method == method
    assert s.dating.evidence
    if url is None:
        assert "21.01.2026" in s.dating.evidence  # where the text prints it
        assert s.dating.urls == ()
    else:
        assert url in s.dating.urls


def test_every_article_source_says_how_it_is_dated(factbase):
    # the five articles and the outlets article 003 lists
    articles = [s for s in factbase.sources if s.kind == "article"]
    assert len(articles) == 10
    for s in articles:
        assert s.date and s.dating is not None, s.id
        assert s.dating.method == "printed" or s.dating.urls, s.id


def test_claims_take_their_articles_date(factbase):
    assert factbase.claim["a002_amazon"].date == "2025-12-17"
    assert factbase.claim["a002_amazon"].date_estimated is True  # inferred, not printed
    assert factbase.claim["a002_amazon"].date_method == "inferred"
    assert factbase.claim["a004_amazon"].date == "2026-01-21"
    assert factbase.claim["a004_amazon"].date_estimated is False
    assert factbase.claim["a004_amazon"].date_method == "printed"
    assert factbase.claim["wsj_amazon"].date == "2026-01-29"
    assert factbase.claim["handelsblatt_amazon"].date == "2026-01-30"


@pytest.mark.parametrize("claim_id,said,event", [
    ("a000_softbank_prior", "2026-01-29", "2025-12"),  # "bereits Ende 2025"
    ("a000_softbank_stake", "2026-01-29", "2025-12"),
    ("a004_aws", "2026-01-21", "2025-11"),             # "Erst im November 2025"
    ("a004_cerebras", "2026-01-21", "2026-01"),        # "Mitte Januar 2026"
])
def test_event_date_is_kept_apart_from_when_it_was_said(factbase, claim_id, said, event):
    c = factbase.claim[claim_id]
    assert (c.date, c.event_date) == (said, event)
    assert c.note  # placing "Ende 2025" or "Mitte Januar" in a month is a reading the note owns up to


def test_no_claim_without_a_dated_event_carries_one(factbase):
    assert factbase.claim["a002_amazon"].event_date is None
    assert factbase.claim["feb_total"].event_date is None


def test_a_fact_base_of_the_old_schema_still_loads(repo_root):
    # the fixtures were written before dating: and event_date: existed
    for name in ("minimal", "acme", "worlds"):
        fb = load_factbase(repo_root / "tests" / "fixtures" / name / "facts.yaml")
        assert all(s.dating is None for s in fb.sources)
        assert all(c.event_date is None for c in fb.claims)


def test_an_inferred_date_needs_evidence_and_an_address(problems_of, minimal_text):
    text = minimal_text.replace('    date: "2026-01-10"\n', '    date: "2026-01-10"\n    dating: {method: inferred}\n', 1)
    problems = problems_of(text)
    assert problems and any("evidence" in p.message or "urls" in p.message for p in problems)
    text = minimal_text.replace('    date: "2026-01-10"\n', '    date: "2026-01-10"\n    dating: {method: inferred, '
                                'evidence: "repeats a report", urls: ["https://example.org/report"]}\n', 1)
    assert problems_of(text) == []


def test_dating_without_a_date_is_a_problem(problems_of, minimal_text):
    text = minimal_text.replace('    date: "2026-01-10"\n', '    dating: {method: printed}\n', 1)
    assert any("dating" in p.message and "no date" in p.message for p in problems_of(text))


def test_cli_dates_article_002_in_december_and_001_in_february(cli):
    done = cli("claims", "--format", "json")
    assert done.returncode == 0, done.stderr
    records = json.loads(done.stdout)
    by_source: dict[str, list[dict]] = {}
    for r in records:
        by_source.setdefault(r["source"], []).append(r)
    assert by_source["a002"] and all(r["date"].startswith("2025-12") for r in by_source["a002"])
    assert by_source["a001"] and all(r["date"].startswith("2026-02") for r in by_source["a001"])
    first = by_source["a001"][0]
    assert first["date_method"] == "inferred" and first["date_evidence"]
    assert any("malaymail.com" in u for u in first["date_urls"])
    prior = next(r for r in records if r["id"] == "a000_softbank_prior")
    assert (prior["date"], prior["event_date"]) == ("2026-01-29", "2025-12")


def test_no_text_says_the_articles_are_of_20_21_january(repo_root):
    for rel in ("data/facts.yaml", "README.md", "pages/overview.py", "pages/timeline.py"):
        text = (repo_root / rel).read_text(encoding="utf-8")
        for wrong in ("20-21 January", "20–21 January", "20 to 21 January"):
            assert wrong not in text, (rel, wrong)


@pytest.mark.parametrize("topic,expected", [
    ("inv_nvidia", "a001_nvidia"),         # 20 Feb 2026, article 001 (its second claim, same day, comes later in the file)
    ("round_total", "a001_total"),         # 20 Feb 2026, not the January "up to 100" of 000 and 003
    ("valuation", "a001_valuation"),       # 20 Feb 2026
    ("inv_amazon", "a003_amazon_title"),   # 30 Jan 2026 (003 and the dpa reports): 003's headline is first in the file
    ("compute_amazon", "a004_aws"),        # said 21 Jan 2026 (about November 2025); 002's of 17 Dec is older
])
def test_latest_preset_follows_the_true_dates(factbase, topic, expected):
    from explainer.engine.beliefs import Beliefs, choose
    claim, how = choose(factbase, Beliefs(preset="latest"), topic)
    assert (claim.id, how) == (expected, "preset")
