"""Drafting a fact base from articles (explainer.draft, `python -m explainer draft`): each rule on sentences of
our own, worked out by hand, in German and English; and the bundled articles drafted into a valid fact base."""
from __future__ import annotations


import pytest
import yaml

from explainer.draft import (Mention, detect_language, draft_figures, effective_topic, factbase_doc, place_articles,
                             with_edits)
from explainer.load.factbase import check_factbase, parse_factbase


def figures(text: str, lang: str = "auto") -> list[Mention]:
    return draft_figures([("t.txt", text)], lang)[1]


def only(text: str, lang: str = "auto") -> Mention:
    found = figures(text, lang)
    assert len(found) == 1, [(f.value, f.low, f.high, f.unit, f.quote) for f in found]
    return found[0]


# ---------------------------------------------------------------- qualifiers, both languages

@pytest.mark.parametrize("sentence, bound", [
    ("Amazon will bis zu 50 Milliarden Dollar investieren.", "up_to"),
    ("Amazon may invest up to $50 billion in the company.", "up_to"),
    ("Der Fonds steuert rund 400 Millionen Euro bei.", "about"),
    ("Der Fonds steuert etwa 400 Millionen Euro bei.", "about"),
    ("Der Fonds steuert ca. 400 Millionen Euro bei.", "about"),
    ("Der Fonds steuert knapp 400 Millionen Euro bei.", "about"),
    ("Der Fonds steuert gut 400 Millionen Euro bei.", "about"),
    ("The fund put in about $400 million.", "about"),
    ("The fund put in around $400 million.", "about"),
    ("The fund put in roughly $400 million.", "about"),
    ("SAP beteiligt sich mit mindestens 250 Millionen Euro.", "at_least"),
    ("SAP invested at least €250 million.", "at_least"),
    ("Der Umsatz lag bei mehr als 20 Millionen Euro.", "above"),
    ("Die Firma wurde mit über 500 Milliarden Dollar bewertet.", "above"),
    ("Revenue was more than $20 million.", "above"),
    ("The group is seeking a valuation of over $30 billion.", "above"),
    ("Die Investition liegt bei weniger als 10 Milliarden Dollar.", "below"),
    ("Die Investition liegt unter 10 Milliarden Dollar.", "below"),
    ("The contract is worth less than $1 billion.", "below"),
    ("Die Firma sammelt 10 Milliarden Dollar ein.", "exact"),
    ("The firm raised $10 billion.", "exact"),
])
def test_every_qualifier_word_gives_its_bound(sentence, bound):
    assert only(sentence).bound == bound


def test_ueber_after_a_noun_says_what_it_is_worth_not_above():
    # 'ein Vertrag über 100 Milliarden' is a contract for 100 billion; 'mit über 500' is more than 500
    assert only("Es gab eine Partnerschaft über 100 Milliarden Euro.").bound == "exact"
    assert only("Die Runde wurde mit über 500 Milliarden Euro bewertet.").bound == "above"


@pytest.mark.parametrize("sentence, low, high, unit, currency", [
    ("Amazon könnte zwischen 20 und 50 Milliarden Dollar investieren.", 20, 50, "bn", "USD"),
    ("Amazon könnte 20 bis 50 Milliarden Dollar investieren.", 20, 50, "bn", "USD"),
    ("Amazon könnte 20–50 Milliarden Dollar investieren.", 20, 50, "bn", "USD"),
    ("Amazon could invest between $20 billion and $50 billion.", 20, 50, "bn", "USD"),
    ("Amazon could invest between 20 and 50 billion dollars.", 20, 50, "bn", "USD"),
    ("Amazon could invest $20-50 billion.", 20, 50, "bn", "USD"),
    ("Weitere 20–30 Prozent der Runde kommen von Fonds.", 20, 30, "percent", None),
])
def test_ranges_in_every_spelling_are_one_claim(sentence, low, high, unit, currency):
    f = only(sentence)
    assert (f.bound, f.low, f.high, f.unit, f.currency) == ("range", low, high, unit, currency)


# ---------------------------------------------------------------- numbers, scales, currencies

@pytest.mark.parametrize("sentence, value, unit, currency", [
    ("Das Paket umfasst 1.234,5 Millionen Euro.", 1234.5, "mn", "EUR"),
    ("The package is worth 1,234.5 million euros.", 1234.5, "mn", "EUR"),
    ("Die Infrastrukturzusagen belaufen sich auf 1,4 Billionen Dollar.", 1.4, "tn", "USD"),  # German Billion = tn
    ("Its commitments come to $1.4 trillion.", 1.4, "tn", "USD"),
    ("The firm raised $6.6 billion.", 6.6, "bn", "USD"),
    ("Die Firma erhält 6,6 Mrd. Euro.", 6.6, "bn", "EUR"),
    ("Die Firma erhält 600 Mio. Euro.", 600, "mn", "EUR"),
    ("Die Firma erhält 600 Mio. EUR.", 600, "mn", "EUR"),
    ("The firm gets EUR 600 million.", 600, "mn", "EUR"),
    ("The firm gets €600m from its backers.", 600, "mn", "EUR"),
    ("The firm gets $5bn from its backers.", 5, "bn", "USD"),
    ("Mubadala steuert 3 Mrd. $ bei.", 3, "bn", "USD"),
    ("Mubadala steuert 3 Mrd. € bei.", 3, "bn", "EUR"),
    ("Hinzu kommt ein 38-Milliarden-Dollar-Vertrag mit AWS.", 38, "bn", "USD"),
    ("The lab raised £2 billion in London.", 2, "bn", "GBP"),
    ("OpenAI könnte zehn Milliarden Euro von Amazon erhalten.", 10, "bn", "EUR"),
    ("Die Bewertung könnte auf eine halbe Billion Dollar steigen.", 0.5, "tn", "USD"),
    ("Die Firma erhält zweieinhalb Milliarden Euro.", 2.5, "bn", "EUR"),
    ("Mistral is expected to invest two billion euros.", 2, "bn", "EUR"),
    ("Backers put in two and a half billion dollars.", 2.5, "bn", "USD"),
    ("Siemens hält 8 Prozent an der Firma.", 8, "percent", None),
    ("Sequoia holds a stake of 12% after the round.", 12, "percent", None),
    ("Mistral would hold 15 per cent of Helix.", 15, "percent", None),
    ("Geplant sind Anlagen mit 1,5 Gigawatt.", 1.5, "GW", None),
    ("The deal covers 1,200 MW of capacity.", 1200, "MW", None),
])
def test_number_formats_words_scales_and_currency_before_or_after(sentence, value, unit, currency):
    f = only(sentence)
    assert (f.value, f.unit, f.currency) == (value, unit, currency)
    assert sentence.count(f.quote) == 1 or f.quote in sentence


def test_a_unit_or_currency_left_out_is_carried_from_the_sentence():
    found = figures("SAP beteiligt sich mit 250 Millionen Euro, davon 100 Mio. in Form von Gutschriften.")
    assert [(f.value, f.unit, f.currency) for f in found] == [(250, "mn", "EUR"), (100, "mn", "EUR")]
    assert "currency" in found[1].carried
    # the 'davon' figure belongs to the one before it: same topic and entity
    assert (found[1].topic, found[1].entity) == (found[0].topic, found[0].entity)
    listed = figures("Nvidia gibt 30 Milliarden Dollar, SoftBank 20.")
    assert [(f.value, f.unit, f.currency) for f in listed] == [(30, "bn", "USD"), (20, "bn", "USD")]


def test_years_dates_counts_and_page_furniture_are_no_claims():
    assert figures("Im Jahr 2026 beschäftigt das Unternehmen 4.800 Menschen an 12 Standorten.") == []
    assert figures("The company, founded in 2019, now employs more than 900 people.") == []
    assert figures("Berlin, 3. Okt. 2025") == []
    assert figures("Die Veröffentlichung von GPT-5 wird für 2027 erwartet.") == []
    found = figures("Microsoft hat seit 2019 mehr als 13 Milliarden Dollar investiert.")
    assert [(f.value, f.bound) for f in found] == [(13, "above")]


def test_a_figure_in_a_headline_is_a_claim_from_the_title():
    text = "Corvid Robotics raises $2.5 billion\n\nMarch 4, 2026\n\nThe robot maker said on Tuesday it raised money.\n"
    articles, found, _company = draft_figures([("c.txt", text)])
    assert [(f.value, f.where) for f in found] == [(2.5, "title")]
    assert articles[0].title == "Corvid Robotics raises $2.5 billion"
    assert articles[0].date == "2026-03-04"  # printed in the article: the source's date


def test_sentences_do_not_break_after_abbreviations_or_a_days_number():
    text = "Am 3. Okt. sagte der Chef, die Firma erhalte 2 Mrd. Euro von Investoren. Später folgten 5 Mio. Euro."
    found = figures(text)
    assert [f.value for f in found] == [2, 5]
    assert found[0].sentence.startswith("Am 3. Okt. sagte") and found[0].sentence.endswith("Investoren.")


def test_language_is_detected_per_article():
    assert detect_language("Die Firma sammelt Geld ein, und das ist nicht wenig.") == "de"
    assert detect_language("The firm is raising money, and that is not little.") == "en"
    # an English 'Billion' in a German article's English headline list stays a billion
    f = only("Quellen\n\nWall Street Journal: Amazon in Talks to Invest Up to $50 Billion in OpenAI\n")
    assert (f.value, f.unit, f.bound) == (50, "bn", "up_to")


# ---------------------------------------------------------------- topic, entity, quote

def test_topic_entity_and_quote_from_the_words_around_a_figure():
    text = ("Quantix raises money. Thrive Capital put in about $1 billion, while Nvidia contributed roughly "
            "$400 million. The round values Quantix at $20 billion post-money. Revenue is $300 million.")
    found = figures(text)
    got = [(f.value, effective_topic(f), f.entity) for f in found]
    assert got == [(1, "investment", "Thrive Capital"), (400, "investment", "Nvidia"), (20, "valuation", None),
                   (300, "revenue", None)]
    assert found[2].basis == "post"
    for f in found:
        assert f.quote in text and text[f.start:f.end] in f.quote
    assert found[0].quote == "Thrive Capital put in about $1 billion"


# ---------------------------------------------------------------- the draft as a fact base

def test_a_draft_of_the_bundled_articles_validates_from_another_folder(cli, repo_root, tmp_path):
    out = tmp_path / "elsewhere" / "draft.yaml"
    seeds = sorted((repo_root / "seeds").glob("*.txt"))
    done = cli("draft", *map(str, seeds), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "valid" in done.stdout
    checked = cli("validate", str(out))
    assert checked.returncode == 0, checked.stderr
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert [s["kind"] for s in doc["sources"]] == ["article"] * 5
    assert {s["file"] for s in doc["sources"]} == {p.name for p in seeds}  # copied next to the draft
    assert all((out.parent / p.name).read_bytes() == p.read_bytes() for p in seeds)
    assert len(doc["claims"]) >= 45  # data/facts.yaml quotes 50 in-scope figures of these articles
    # German quotes are not translated by the drafter: each says so instead of inventing text
    english = [c for c in doc["claims"] if "translation" not in c["review"]]
    assert [c["where"] for c in english] == ["source_list"] * 3, english  # the three English headlines it lists
    assert all(c["quote"].startswith("Amazon in ") for c in english)
    printed = next(s for s in doc["sources"] if s["file"] == "004_40325a292157e144.txt")
    assert printed["date"] == "2026-01-21" and printed["dating"]["method"] == "printed"


def test_an_existing_fact_base_lends_its_entities_and_rates(cli, repo_root, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Hinzu kommt ein 38-Milliarden-Euro-Vertrag mit AWS über Cloud-Infrastruktur für OpenAI.\n",
                       encoding="utf-8")
    out = tmp_path / "draft.yaml"
    done = cli("draft", str(article), "--factbase", "data/facts.yaml", "--lang", "de", "--out", str(out))
    assert done.returncode == 0, done.stderr
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    claim = doc["claims"][0]
    assert claim["topic"] == "compute_amazon"  # AWS is Amazon's product in data/facts.yaml
    assert doc["company"] == "openai" and doc["sources"][0]["file"] == "a.txt"
    assert doc["currencies"] == [{"code": "EUR", "per_base": 1.16, "note": "From the fact base given."}]


def test_articles_next_to_the_draft_are_not_copied(tmp_path):
    (tmp_path / "news").mkdir()
    article = tmp_path / "news" / "story.txt"
    article.write_text("x", encoding="utf-8")
    odd = tmp_path / "Story with spaces.txt"
    odd.write_text("y", encoding="utf-8")
    placed = place_articles([article, odd], tmp_path / "draft.yaml")
    assert placed == ["news/story.txt", "Story_with_spaces.txt"]
    assert (tmp_path / "Story_with_spaces.txt").read_text(encoding="utf-8") == "y"


def test_the_editors_corrections_make_a_valid_fact_base(repo_root):
    text = (repo_root / "tests" / "fixtures" / "draft" / "en_corvid.txt").read_text(encoding="utf-8")
    articles, found, company = draft_figures([("en_corvid.txt", text)])
    edits = [{} for _ in found]
    edits[0] = {"keep": False}
    edits[1] = {"topic": "investment", "entity": ""}  # an investment without an investor: filed as the round
    edits[2] = {"bound": "range", "low": 2, "high": 3}
    doc = factbase_doc(articles, with_edits(found, edits), company, today="2026-12-03")
    assert len(doc["claims"]) == len(found) - 1
    fb, problems = parse_factbase(yaml.safe_dump(doc, allow_unicode=True), "draft.yaml",
                                  seed_texts={"en_corvid.txt": text})
    assert problems == [] and fb is not None
    assert fb.claims[0].topic == "round_total"
    assert (fb.claims[1].low, fb.claims[1].high) == (2, 3)
    assert fb.claims[0].review  # every drafted claim is marked for review


def test_the_review_field_is_optional_and_checked(write_factbase, minimal_text):
    assert "review" not in minimal_text
    marked = minimal_text.replace("    status:", "    review: [translation]\n    status:", 1)
    fb, problems = check_factbase(write_factbase(marked))
    assert problems == [] and fb.claims[0].review == ("translation",)
    wrong = minimal_text.replace("    status:", "    review: [spelling]\n    status:", 1)
    assert check_factbase(write_factbase(wrong))[1]


def test_the_command_refuses_what_it_cannot_read(cli, tmp_path):
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Übernahme für 5 Mrd. Euro".encode("latin-1"))
    done = cli("draft", str(latin), "--out", str(tmp_path / "d.yaml"))
    assert done.returncode == 2 and "not UTF-8" in done.stderr
    done = cli("draft", str(tmp_path / "missing.txt"), "--out", str(tmp_path / "d.yaml"))
    assert done.returncode == 2 and "no such file" in done.stderr
    assert not (tmp_path / "d.yaml").exists()


def test_an_upload_of_articles_is_bounded_per_file_and_in_all():
    """Each article at most what a fact base may quote (200 kB), all of them at most 1,000 kB: drafting costs CPU
    that every reader of the server shares."""
    from explainer.draft import draft_upload
    line = "Amazon investiert 10 Milliarden Dollar.\n".encode()
    one = line * (200_001 // len(line) + 1)
    *_rest, problems = draft_upload([("big.txt", one)])
    assert [p.message for p in problems] == [f"file is {len(one):,} bytes; an article's limit is 200,000"]
    six = [(f"a{i}.txt", line * (190_000 // len(line))) for i in range(6)]
    total = sum(len(d) for _n, d in six)
    assert total > 1_000_000
    *_rest, problems = draft_upload(six)
    assert [p.message for p in problems] == [f"{total:,} bytes in all; the limit is 1,000,000"]


@pytest.mark.parametrize("text, value, currency, printed", [
    ("Amount raised: $320,000,000", 320, "USD", "$320,000,000"),  # 320,000,000 dollars = 320 mn, last in its line
    ("Kapital: EUR 2.000.000", 2, "EUR", "EUR 2.000.000"),
    ("Amount raised: $320,000,000\nThe round closed.", 320, "USD", "$320,000,000"),
    ("Die Firma erhielt 2.000.000 Euro von Investoren.", 2, "EUR", "2.000.000 Euro"),
])
def test_an_amount_without_a_scale_at_the_end_of_a_line(text, value, currency, printed):
    """An amount in plain digits is read in millions, its currency before or after it, wherever the line ends."""
    f = only(text)
    assert (f.value, f.unit, f.currency, f.bound) == (value, "mn", currency, "exact")
    assert text[f.start:f.end] == printed


# ---------------------------------------------------------------- typography as newsrooms set it

@pytest.mark.parametrize("text, value, unit, currency, bound, printed", [
    ("Die Firma sammelt 10 Mrd. US\u2011Dollar ein.", 10, "bn", "USD", "exact", "10 Mrd. US\u2011Dollar"),  # U+2011
    ("Die Firma sammelt 10 Mrd. US-Dollar ein.", 10, "bn", "USD", "exact", "10 Mrd. US-Dollar"),
    ("Die Firma sammelt 10\u00a0Milli\u00adarden Euro ein.", 10, "bn", "EUR", "exact",  # no-break space, soft hyphen
     "10\u00a0Milli\u00adarden Euro"),
    ("Amazon will bis\u00a0zu 50 Milliarden Dollar investieren.", 50, "bn", "USD", "up_to", "50 Milliarden Dollar"),
    ("Der Umsatz lag bei 1\u202f234 Millionen Euro im Jahr.", 1234, "mn", "EUR", "exact",  # narrow no-break space
     "1\u202f234 Millionen Euro"),
    ("Der Umsatz sank um \u22125 % im Jahr.", 5, "percent", None, "exact", "5 %"),  # the minus stays in the quote
])
def test_typography_is_read_as_what_it_means(text, value, unit, currency, bound, printed):
    """Hyphens, spaces and minus signs as newsrooms set them read as the plain ones; the figure's offsets and its
    quote are the article's own characters."""
    f = only(text)
    assert (f.value, f.unit, f.currency, f.bound) == (value, unit, currency, bound)
    assert text[f.start:f.end] == printed
    assert f.quote in text and f.sentence == text


def test_a_range_with_a_minus_sign_and_typographic_quotes():
    """'20−50' (U+2212) is a range as '20-50' is; „…“ and ‚…‘ quote marks stay in the quote verbatim."""
    f = only("Die Runde umfasst 20\u221250 Mrd. Euro.")
    assert (f.bound, f.low, f.high, f.unit, f.currency) == ("range", 20, 50, "bn", "EUR")
    text = "\u201eWir sammeln 10 Mrd. Euro ein\u201c, sagte der Chef. Die Bewertung liegt bei 80 Mrd. Euro."
    first, second = figures(text)
    assert (first.value, first.quote) == (10, "\u201eWir sammeln 10 Mrd. Euro ein\u201c")
    assert (second.value, second.quote) == (80, "Die Bewertung liegt bei 80 Mrd. Euro.")
    text = "Der Chef nennt es \u201aeinen Meilenstein\u2018: Die Firma sammelt 10 Mrd. US\u2011Dollar ein."
    assert only(text).quote == "Die Firma sammelt 10 Mrd. US\u2011Dollar ein."  # the clause after the colon


def test_a_draft_with_such_typography_is_a_valid_fact_base():
    """Quotes with soft hyphens and no-break spaces are found verbatim by the loader in the article's text."""
    text = ("Nordlicht sammelt Geld ein\n\nDie Firma Nordlicht sammelt 10\u00a0Milli\u00adarden US\u2011Dollar ein. "
            "Der Investor Acme steuert \u201ebis zu 2 Mrd. Dollar\u201c bei.\n")
    articles, found, company = draft_figures([("n.txt", text)])
    _fb, problems = parse_factbase(yaml.safe_dump(factbase_doc(articles, found, company, today="2026-01-01"),
                                                  allow_unicode=True), "draft.yaml", seed_texts={"n.txt": text})
    assert problems == [] and [f.value for f in found] == [10, 2]
