"""The bundled fact base in German: every text a German reader sees has its German form, German quotes stand alone,
and a fact base without German texts shows its English ones in German."""
from __future__ import annotations

from pathlib import Path

import pytest

from explainer.present import i18n
from explainer.load.factbase import load_factbase
from explainer.present.i18n import localized, speaking

MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal" / "facts.yaml"


@pytest.fixture
def german():
    """Speak German inside the test (as a run does with activate()), and whatever was spoken before after it."""
    with speaking(i18n.active()):
        i18n.activate("de")
        yield


def german_quoted(factbase, claim) -> bool:
    """The claim quotes a German text: in German its quote stands alone, with no translation."""
    return bool(claim.quote) and factbase.source[claim.source].language == "de"


def test_factbase_has_german_title_and_description(factbase):
    assert factbase.title_de and factbase.description_de
    assert factbase.title_de != factbase.title


def test_every_topic_has_a_german_label(factbase):
    assert [t.id for t in factbase.topics if not t.label_de] == []


def test_every_date_evidence_has_a_german_one(factbase):
    dated = [s for s in factbase.sources if s.dating and s.dating.evidence]
    assert len(dated) == 10  # the five articles and the five outlets article 003 names
    assert [s.id for s in dated if not s.dating.evidence_de] == []


def test_date_evidence_follows_the_language_on_the_timeline(factbase, german):
    from explainer.engine.timeline import milestones
    from explainer.present.frames import milestones_labelled
    rows = milestones_labelled(factbase, milestones(factbase)).set_index("source")
    assert rows.loc["a004", "evidence"] == "Unter der Überschrift des Artikels steht „21.01.2026 - 14:01:12“."
    with speaking("en"):
        rows = milestones_labelled(factbase, milestones(factbase)).set_index("source")
    assert rows.loc["a004", "evidence"] == "The article prints '21.01.2026 - 14:01:12' under its headline."


def test_german_topic_labels_are_unique(factbase):
    seen: dict[str, str] = {}
    for t in factbase.topics:
        key = t.label_de.casefold()
        assert key not in seen, f"topics '{t.id}' and '{seen[key]}' have the same German label {t.label_de!r}"
        seen[key] = t.id


@pytest.mark.parametrize("lang", ["en", "de"])
def test_source_names_are_unique_in_each_language(factbase, lang):
    with speaking(lang):
        names = [localized(s, "name").casefold() for s in factbase.sources]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)


@pytest.mark.parametrize("lang", ["en", "de"])
def test_entity_names_are_unique_in_each_language(factbase, lang):
    with speaking(lang):
        names = [localized(e, "name").casefold() for e in factbase.entities]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)


def test_german_names_are_given_only_where_they_differ(factbase):
    same = [x.id for x in (*factbase.sources, *factbase.entities) if x.name_de and x.name_de == x.name]
    assert same == []


def test_every_claim_without_a_german_quote_has_a_german_translation(factbase):
    missing = [c.id for c in factbase.claims if not german_quoted(factbase, c) and not c.translation_de]
    assert missing == []


def test_context_and_outcome_claims_and_english_quotes_are_translated(factbase):
    kinds = {s.id: s.kind for s in factbase.sources}
    english_quoted = [c.id for c in factbase.claims if c.quote and factbase.source[c.source].language == "en"]
    assert english_quoted, "the fact base quotes English headlines (wsj, reuters, bloomberg)"
    for c in factbase.claims:
        if kinds[c.source] in ("context", "outcome") or c.id in english_quoted:
            assert c.translation_de, c.id


def test_german_quotes_stand_alone(factbase):
    german = [c for c in factbase.claims if german_quoted(factbase, c)]
    assert german, "the articles' claims quote German"
    assert [c.id for c in german if c.translation_de] == []


def test_factbase_validates(cli):
    done = cli("validate")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "OK, version 1.3.0" in done.stdout


def test_localized_label_follows_the_language(factbase, german):
    amazon = factbase.topic["inv_amazon"]
    assert localized(amazon, "label") == "Amazons Beitrag zur Runde"
    i18n.activate("en")
    assert localized(amazon, "label") == "Amazon's investment in the round"


def test_localized_texts_in_german(factbase, german):
    assert localized(factbase, "title") == factbase.title_de
    assert localized(factbase.source["out_feb"], "name") == "Runde angekündigt (27. Feb. 2026)"
    assert localized(factbase.source["a004"], "name") == "boerse-global.de"  # no German name: the English one
    assert localized(factbase.entity["foundation"], "name") == "OpenAI Foundation"
    claim = factbase.claim["feb_softbank"]
    assert localized(claim, "translation") == "SoftBank investiert 30 Mrd. USD."


def test_factbase_without_german_texts_shows_english_in_german(german):
    fb = load_factbase(MINIMAL)
    assert not any(t.label_de for t in fb.topics)
    assert [localized(t, "label") for t in fb.topics] == [t.label for t in fb.topics]
    assert [localized(s, "name") for s in fb.sources] == [s.name for s in fb.sources]
    assert [localized(e, "name") for e in fb.entities] == [e.name for e in fb.entities]
    assert [localized(c, "translation") for c in fb.claims] == [c.translation for c in fb.claims]
    assert localized(fb, "title") == fb.title
    assert localized(fb, "description") == fb.description
