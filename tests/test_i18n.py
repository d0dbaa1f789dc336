"""Two languages, one code path: the German catalog is complete and current, numbers and dates follow the
language, the language is chosen from the link or the browser, and the CLI gives the same figures in both."""
from __future__ import annotations

import json
import re
from string import Formatter

import pytest
from babel.messages.pofile import read_po

from explainer.present import i18n, money
from explainer.present.i18n import _, choose_language, speaking
from explainer.load.model import Claim


def catalog(path):
    with open(path, "rb") as f:
        return read_po(f, locale="de" if path.suffix == ".po" else None)


def ids(cat) -> set:
    return {m.id for m in cat if m.id}


@pytest.fixture(scope="module")
def german():
    return catalog(i18n.po_path("de"))


# ---------------------------------------------------------------- the catalog

def test_every_message_has_a_german_translation(german):
    missing = [m.id for m in german if m.id and not (all(m.string) if isinstance(m.string, tuple) else m.string)]
    fuzzy = [m.id for m in german if m.id and m.fuzzy]
    assert not missing, f"messages without a German translation (edit {i18n.po_path('de')}): {missing}"
    assert not fuzzy, f"fuzzy German translations (check them and drop the fuzzy flag): {fuzzy}"


def test_translations_keep_their_placeholders(german):
    def names(text: str) -> set:
        return {field for _lit, field, _spec, _conv in Formatter().parse(text) if field is not None}

    for m in german:
        if not m.id:
            continue
        sources = m.id if isinstance(m.id, tuple) else (m.id,)
        targets = m.string if isinstance(m.string, tuple) else (m.string,)
        for target in targets:
            assert names(target) == names(sources[0]), f"{m.id!r}: placeholders differ in {target!r}"


def test_catalog_is_not_stale(tmp_path, german):
    """The code's messages are exactly the catalog's: run `python -m explainer.present.i18n update` and translate."""
    fresh = ids(catalog(i18n.extract(tmp_path / "messages.pot")))
    po = ids(german)
    assert not fresh - po, f"messages not in the catalog (run python -m explainer.present.i18n update): {sorted(fresh - po)}"
    assert not po - fresh, f"catalog messages the code no longer has (run the update): {sorted(po - fresh)}"
    assert ids(catalog(i18n.TEMPLATE)) == fresh, "locales/messages.pot is stale (run python -m explainer.present.i18n update)"


def test_german_is_read_and_english_is_the_source():
    with speaking("de"):
        assert _("New money") == "Frisches Kapital"
    with speaking("en"):
        assert _("New money") == "New money"
    assert i18n.active() == "en"


# ---------------------------------------------------------------- numbers and dates

def claim(bound: str, low, high, unit="bn", currency="USD") -> Claim:
    return Claim("c", "t", "s", bound, low, high, unit, "", "reported", "2026-01-21", currency=currency)


def test_german_number_formats():
    with speaking("de"):
        assert money.percent(5.8685, 2) == "5,87 %"  # 5.8685 rounds to 5.87; decimal comma, space before %
        assert money.amount(730) == "730 Mrd. USD"
        assert money.number(1234.5) == "1.234,5"  # thousands dot, decimal comma
        assert money.number(1234567) == "1.234.567"
        assert money.signed(-1234.5) == "-1.234,5"
        assert money.points(1.95, 2) == "+1,95 %-Pkt."
        assert money.amount(2.5, "EUR", "tn") == "2,5 Bio. EUR"
        assert money.printed(claim("up_to", None, 50)) == "bis zu 50 Mrd. USD"
        assert money.printed(claim("at_least", 10, None)) == "mindestens 10 Mrd. USD"
        assert money.printed(claim("about", 11, 11, "percent", None)) == "etwa 11 %"
        assert money.printed(claim("range", 20, 50)) == "20–50 Mrd. USD"
        assert money.printed(claim("below", None, 0.5, "mn")) == "unter 0,50 Mio. USD"
        assert money.date("2026-01-21") == "21. Jan. 2026"


def test_english_number_formats_unchanged():
    with speaking("en"):
        assert money.percent(5.8685, 2) == "5.87 %"
        assert money.amount(730) == "730 bn USD"
        assert money.number(1234.5) == "1,234.5"
        assert money.ratio(25.0) == "2500%"
        assert money.points(-3.72, 2) == "-3.72 pts"
        assert money.printed(claim("up_to", None, 50)) == "up to 50 bn USD"
        assert money.date("2026-01-21") == "21 Jan 2026"
        assert money.date("2026-01") == "Jan 2026"


# ---------------------------------------------------------------- choosing the language

@pytest.mark.parametrize("link, browser, expected", [
    ("de", "en-US", "de"),  # the link wins
    ("en", "de-DE", "en"),
    (["en", "de"], None, "de"),  # a repeated parameter: the last one, as everywhere in the codec
    (None, "de-DE", "de"),  # no link: the browser
    ("", "de_AT", "de"),
    ("fr", "de-CH", "de"),  # a language we do not have: the browser
    ("fr", "fr-FR", "en"),  # neither: English
    (None, None, "en"),
    (" DE ", None, "de"),
])
def test_choose_language(link, browser, expected):
    assert choose_language(link, browser) == expected


def test_activate_unknown_language_is_english():
    with speaking("en"):
        assert i18n.activate("xx") == "en" and i18n.active() == "en"


# ---------------------------------------------------------------- old links stay English

def test_old_label_links_are_read_in_english_whatever_the_language(factbase):
    from explainer.urlstate import parse_query
    from explainer.present.labels import claim_labels

    topic = next(t.id for t in factbase.topics if len(claim_labels(factbase, t.id)) > 1)
    cid, label = next(iter(claim_labels(factbase, topic).items()))
    with speaking("de"):
        beliefs, notices, _views = parse_query({topic: label}, factbase)
    assert beliefs.pick.get(topic) == cid and notices == []


# ---------------------------------------------------------------- the CLI in both languages

def figures(table: str, lang: str) -> list[float]:
    """Every number in the scenario table's body (the cap table, flows, circularity), read in its language."""
    body = table.split("\n\n", 2)[2].split("\n\n" + ("Warnings:" if lang == "en" else "Hinweise:"))[0]
    group, dec = (",", ".") if lang == "en" else (".", ",")
    pattern = r"[+-]?\d+(?:" + re.escape(group) + r"\d{3})*(?:" + re.escape(dec) + r"\d+)?"
    return [float(n.replace(group, "").replace(dec, ".")) for n in re.findall(pattern, body)]


def test_cli_table_same_figures_in_german(cli_process):  # a smoke test of the real command in German
    out = {}
    for lang in ("en", "de"):
        done = cli_process("scenario", "--query", "preset=outcome", "--lang", lang, "--format", "table")
        assert done.returncode == 0, done.stderr
        out[lang] = done.stdout
    assert "Pre-Money 730 Mrd. USD, Post-Money 852 Mrd. USD" in out["de"]
    assert "5,87 %" in out["de"] and "5.87 %" in out["en"]
    assert "Frisches Kapital" not in out["en"] and "bn USD" not in out["de"]
    en, de = figures(out["en"], "en"), figures(out["de"], "de")
    assert len(en) > 50 and en == de


def test_cli_json_is_the_same_in_both_languages(cli):
    done = {lang: cli("scenario", "--query", "preset=outcome&fx=base", "--lang", lang, "--format", "json")
            for lang in ("en", "de")}
    assert all(d.returncode == 0 for d in done.values())
    assert done["en"].stdout == done["de"].stdout
    assert json.loads(done["de"].stdout)["warnings"], "the query should raise warnings whose text could differ"


# ---------------------------------------------------------------- one English word, two meanings

def test_contexts_translate_one_english_word_apart():
    """The presets' 'low' (the lowest report) and the range rule's 'low' (a range's low end) are one English word;
    with their gettext contexts German words them apart, and English stays the word itself."""
    from explainer.present.i18n import NC_, Messages, pgettext
    with speaking("de"):
        preset, rule = pgettext("preset", "low"), pgettext("range rule", "low")
        assert preset != rule and "low" not in (preset, rule)
        assert Messages({"low": NC_("range rule", "low")})["low"] == rule
    with speaking("en"):
        assert pgettext("preset", "low") == pgettext("range rule", "low") == "low"
        assert Messages({"low": NC_("preset", "low")}).english("low") == "low"


def test_the_catalog_holds_contexts(german):
    contexts = {m.context for m in german if m.id}
    assert {"preset", "range rule", "file name"} <= contexts


ASCII_NAME = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def test_chart_file_names_are_lower_case_ascii_in_both_languages(german):
    names = [m for m in german if m.id and m.context == "file name"]
    assert len(names) >= 16  # every chart of every page, and the scenario's download
    bad = [(m.id, m.string) for m in names if not (ASCII_NAME.fullmatch(m.id) and ASCII_NAME.fullmatch(m.string))]
    assert not bad, f"file names not in lower-case ASCII: {bad}"


def test_every_chart_is_saved_under_a_file_name_with_its_context():
    """Each page's chart(...) names its file with pgettext('file name', ...): a word that is also a label (as
    'capacity' is) gets a file name of its own."""
    import ast
    calls = []
    for path in sorted((i18n.ROOT / "pages").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "chart":
                name = node.args[2]
                ok = (isinstance(name, ast.Call) and getattr(name.func, "id", None) == "pgettext"
                      and getattr(name.args[0], "value", None) == "file name")
                calls.append((path.name, node.lineno, ok))
    assert len(calls) >= 15 and all(ok for _f, _l, ok in calls), [c for c in calls if not c[2]]


@pytest.mark.parametrize("name, expected", [("Kapazität", "kapazitaet"), ("Verwässerung", "verwaesserung"),
                                            ("Größe Maß", "groesse-mass"), ("café", "cafe"), ("?!", "chart")])
def test_a_file_name_is_folded_to_lower_case_ascii(name, expected):
    from explainer.present.figures import chart_config, file_name
    assert file_name(name) == expected
    assert chart_config(name)["toImageButtonOptions"]["filename"] == expected


# ---------------------------------------------------------------- link notices speak German (review 2, R2–R4)

def test_link_notices_are_german_with_german_labels_and_dates(factbase):
    from explainer.urlstate import VERSION_KEY, parse_query

    withdrawn = next((t, label) for t, label, cid in factbase.claim_aliases if not cid)
    topic = factbase.topic["inv_amazon"]
    with speaking("de"):
        _b, corrected, _v = parse_query({withdrawn[0]: withdrawn[1]}, factbase)
        _b, unknown, _v = parse_query({"inv_amazon": "nope"}, factbase)
        _b, version, _v = parse_query({VERSION_KEY: "0.9.0"}, factbase)
    label_de = factbase.topic[withdrawn[0]].label_de
    assert corrected == [f"Die Angabe „{withdrawn[1]}“, die dieser Link für „{label_de}“ gewählt hatte, wurde "
                         "inzwischen berichtigt und gehört nicht mehr zu diesem Thema; es gilt die Voreinstellung."]
    assert unknown == [f"Keine Angabe „nope“ zu „{topic.label_de}“; es gilt die Voreinstellung."]
    assert topic.label_de != topic.label
    # the fact base's date as German readers write it (22. Nov. 2026), never ISO
    year, month, day = (int(p) for p in factbase.date.split("-"))
    months = ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."]
    assert f"vom {day}. {months[month - 1]} {year}." in version[0] and factbase.date not in version[0]
