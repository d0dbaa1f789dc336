"""One German term per concept: every German text, the catalog's translations and the fact base's _de fields,
uses the glossary's term (locales/de/glossary.yaml) where the English uses the concept, and none of the variants
the German review found."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po

from explainer.present import i18n
from explainer.load.factbase import DEFAULT_FACTBASE

GLOSSARY = i18n.LOCALES / "de" / "glossary.yaml"


def load_terms(path: Path = GLOSSARY) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["terms"]


def catalog_pairs(path: Path) -> list[tuple[str, str, str]]:
    """(where, English, German) for every translated message of a .po file."""
    with path.open("rb") as f:
        cat = read_po(f, locale="de")
    return [(f"msgid {m.id!r}" + (f" (msgctxt {m.context!r})" if m.context else ""), m.id, m.string)
            for m in cat if m.id and isinstance(m.id, str)]


def factbase_pairs(path: Path) -> list[tuple[str, str, str]]:
    """(where, English, German) for every _de field of a fact base, next to the English field it translates."""
    out = []

    def walk(node, at: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key.endswith("_de") and isinstance(value, str):
                    out.append((f"{at}.{key}".lstrip("."), str(node.get(key[:-3]) or ""), value))
                else:
                    walk(value, f"{at}.{node.get('id', key) if isinstance(value, (dict, list)) else key}")
        elif isinstance(node, list):
            for item in node:
                walk(item, f"{at}[{item.get('id', '') if isinstance(item, dict) else ''}]")

    walk(yaml.safe_load(path.read_text(encoding="utf-8")), "")
    return out


def violations(terms: list[dict], pairs: list[tuple[str, str, str]]) -> list[str]:
    """What breaks the glossary: a forbidden variant in a German text, or a German text without the one term
    where its English uses the concept."""
    found = []
    for term in terms:
        en = re.compile(term["en"], re.IGNORECASE)
        required = re.compile(term["required"], re.IGNORECASE) if term.get("required") else None
        forbidden = [re.compile(f) for f in term.get("forbidden", [])]
        allowed = re.compile(term["allowed_where"], re.IGNORECASE) if term.get("allowed_where") else None
        for where, english, german in pairs:
            for f in forbidden if not (allowed and english and allowed.search(english)) else ():
                if f.search(german):
                    found.append(f"{where}: '{f.search(german).group(0)}' where the glossary says "
                                 f"'{term['de']}': {german!r}")
            if required and english and en.search(english) and not required.search(german):
                found.append(f"{where}: the English says '{en.search(english).group(0)}', the German lacks "
                             f"'{term['de']}': {german!r}")
    return found


@pytest.fixture(scope="module")
def terms():
    return load_terms()


def test_glossary_is_well_formed(terms):
    assert len(terms) >= 15
    for term in terms:
        assert {"en", "de"} <= set(term) and (term.get("required") or term.get("forbidden")), term
        for pattern in [term["en"], term.get("required") or "", *term.get("forbidden", [])]:
            re.compile(pattern)


def test_catalog_follows_the_glossary(terms):
    assert not violations(terms, catalog_pairs(i18n.po_path("de"))), "\n".join(
        violations(terms, catalog_pairs(i18n.po_path("de"))))


def test_factbase_follows_the_glossary(terms):
    pairs = factbase_pairs(DEFAULT_FACTBASE)
    assert len(pairs) >= 80  # every _de field: labels, names, translations, dating evidence, title, description
    found = violations(terms, pairs)
    assert not found, "\n".join(found)


# The check itself: the variants the review found (Dec 2026) are caught, in both kinds of file.
@pytest.mark.parametrize("english, german", [
    ("Investor", "Geldgeber"),
    ("Size of the round", "Umfang der Runde"),
    ("New money", "Frisches Geld"),
    ("No money flows believed", "Keinen Geldflüssen wird geglaubt"),
    ("Compute deals", "Rechenzentrumsverträge"),
    ("(defaults)", "(Voreinstellungen)"),
    ("no trusted source speaks; the next one", "keine vertraute Quelle äußert sich; die nächste"),
    ("Lead-weighted credit (days)", "Vorlaufgewichtetes Guthaben (Tage)"),
    ("Misses", "Fehlgriffe"),
    ("about {date}", "um den {date}"),
    ("Output", "Größe"),
    ("Recapitalization reports (Oct 2025)", "Berichte zur Rekapitalisierung (Okt. 2025)"),
    ("The article prints '21.01.2026' under its headline.", "Der Artikel druckt „21.01.2026“ unter seiner Überschrift."),
    ("Employees and other investors", "Mitarbeitende und andere Investoren"),
    # the second review (german-review-2.md)
    ("Scorecard: who was right?", "Bilanz: Wer lag richtig?"),
    ("Every possible world", "Alle möglichen Welten"),
    ("no source believed", "keine Quelle angenommen"),
    ("stake of a holder", "Anteil eines Eigners"),
    ("Warnings:", "Warnungen:"),
    (", sampled {n} (seed {seed})", ", Stichprobe von {n} (Seed {seed})"),
    ("{entity}: compute money flowing back", "{entity}: Rückfluss aus Rechenleistungsaufträgen"),
    ("Compute-deal reports", "Berichte über Verträge für Rechenleistung"),
    ("each claim earns its days of warning", "jede Angabe verdient ihre Tage Vorwarnung"),
    ("Reuters via Yahoo Finance", "Reuters (zitiert bei Yahoo Finance)"),
    ("OpenAI's compute", "Rechenzentrum"),  # "Rechenzentrum" only where the English says data centre
])
def test_a_review_finding_is_caught(terms, english, german):
    assert violations(terms, [("example", english, german)])


def test_the_chosen_terms_pass(terms):
    assert not violations(terms, [("example", "New money (bn {currency})", "Frisches Kapital (Mrd. {currency})"),
                                  ("example", "Size of the round", "Volumen der Runde"),
                                  ("example", "(defaults)", "(Standardwerte)"),
                                  ("example", "chips for the Abilene data centre", "Chips im Rechenzentrum in Abilene"),
                                  ("example", "Scorecard: who was right?", "Trefferbilanz: Wer lag richtig?")])


def test_a_forbidden_variant_in_a_factbase_field_is_found(tmp_path, terms):
    path = tmp_path / "facts.yaml"
    path.write_text('topics:\n  - {id: t, label: "Size of the round", label_de: "Umfang der Runde"}\n',
                    encoding="utf-8")
    pairs = factbase_pairs(path)
    assert pairs == [("topics[t].label_de", "Size of the round", "Umfang der Runde")]
    assert violations(terms, pairs)
