"""The loader and validator: each kind of problem is reported with its message at the offending line."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from explainer.engine.beliefs import BASIS_RULES, FX_RULES, PRESETS, RANGE_RULES
from explainer.load.factbase import MAX_BYTES, FactBaseError, check_factbase, load_factbase, parse_factbase
from explainer.load.params import RULES, VERSION_KEY, VIEW_PARAMS

REPO_ROOT = Path(__file__).resolve().parent.parent
MINIMAL = REPO_ROOT / "tests" / "fixtures" / "minimal" / "facts.yaml"


# ---------------------------------------------------------------- helpers

def line_no(text: str, line: str) -> int:
    """1-based number of the one line of text that is exactly `line`."""
    lines = text.splitlines()
    assert lines.count(line) == 1, f"{line!r} occurs {lines.count(line)} times in the fixture"
    return lines.index(line) + 1


def change(text: str, old: str, new: str) -> tuple[str, int]:
    """text with its one line `old` replaced by `new`, and the number of that line."""
    n = line_no(text, old)
    lines = text.splitlines()
    lines[n - 1] = new
    return "\n".join(lines) + "\n", n


def reported(problems: list, fragment: str, line: int):
    """The one problem whose message contains fragment; it must print as FILE:LINE: message."""
    hits = [p for p in problems if fragment in p.message]
    assert len(hits) == 1, f"want one problem with {fragment!r}; got {[str(p) for p in problems]}"
    assert str(hits[0]).startswith(f"{hits[0].file}:{line}: "), f"want line {line}: {hits[0]}"
    return hits[0]


def laughs(levels: int) -> str:
    """Billion-laughs YAML: level 0 is ten strings, each further level ten aliases of the one before."""
    out = ["lol0: &l0 [" + ", ".join(["lol"] * 10) + "]"]
    out += [f"lol{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]" for i in range(1, levels + 1)]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- good inputs

def test_bundled_factbase_has_no_problems(repo_root):
    factbase, problems = check_factbase(repo_root / "data" / "facts.yaml")
    assert [str(p) for p in problems] == []
    assert factbase is not None and len(factbase.claims) > 0


def test_minimal_fixture_is_valid():
    factbase, problems = check_factbase(MINIMAL)
    assert problems == []
    assert [c.id for c in factbase.claims] == ["paper_gizmo", "books_valuation"]


def test_parse_factbase_reads_text_and_finds_seeds_in_base_dir(minimal_text):
    factbase, problems = parse_factbase(minimal_text, name="given.yaml", base_dir=MINIMAL.parent)
    assert problems == []
    assert factbase.claim["books_valuation"].low == 40 and factbase.claim["books_valuation"].high == 60


def test_load_factbase_raises_with_the_problems(write_factbase, minimal_text):
    broken, line = change(minimal_text, "    bound: exact", "    bound: upto")
    with pytest.raises(FactBaseError) as info:
        load_factbase(write_factbase(broken))
    assert len(info.value.problems) == 1 and f":{line}: " in str(info.value)


ENGINE_CHOICES = [(rule, choice) for rule, choices in (("preset", PRESETS), ("ranges", RANGE_RULES),
                                                      ("fx", FX_RULES), ("basis", BASIS_RULES)) for choice in choices]


@pytest.mark.parametrize("rule, choice", ENGINE_CHOICES, ids=[f"{r}={c}" for r, c in ENGINE_CHOICES])
def test_defaults_accept_every_choice_the_engine_knows(problems_of, minimal_text, rule, choice):
    text, _ = change(minimal_text, "  trust: [paper, books]", f"  trust: [paper, books]\n  {rule}: {choice}")
    assert [str(p) for p in problems_of(text)] == []


# ---------------------------------------------------------------- YAML and file problems

def test_yaml_syntax_error(problems_of, minimal_text):
    text, line = change(minimal_text, "    bound: exact", "    bound: exact: oops")
    reported(problems_of(text), "YAML syntax", line)


def test_duplicate_key(problems_of, minimal_text):
    text, line = change(minimal_text, "    status: talks", "    topic: inv_gizmo")
    reported(problems_of(text), "duplicate key 'topic'", line)


def test_empty_file(problems_of):
    reported(problems_of(""), "the file is empty", 1)


def test_comments_only_is_empty(problems_of):
    reported(problems_of("# nothing here yet\n"), "the file is empty", 1)


def test_top_level_not_a_mapping(problems_of):
    reported(problems_of("- version\n- sources\n"), "the top level must be a mapping", 1)


def test_an_anchor_is_refused_at_its_line(problems_of, minimal_text):
    """Anchors and aliases are refused outright: a fact base never needs them, and expanded they multiply."""
    text = minimal_text + laughs(1)
    reported(problems_of(text), "YAML anchor &l0: a fact base may not use anchors and aliases", line_no(text, laughs(1).splitlines()[0]))


def test_an_alias_is_refused_at_its_line(problems_of, minimal_text):
    text, line = change(minimal_text, "  trust: [paper, books]", "  trust: *nowhere")
    reported(problems_of(text), "YAML alias *nowhere", line)


def test_billion_laughs_is_refused_quickly(minimal_text):
    """Nine levels of aliases expand to 10**9 strings: refused at the first anchor, without expanding anything."""
    text = minimal_text + laughs(9)
    code = ("import sys; from explainer.load.factbase import parse_factbase; "
            "fb, problems = parse_factbase(sys.stdin.read(), 'lol.yaml'); print(len(problems))")
    try:
        done = subprocess.run([sys.executable, "-c", code], input=text, cwd=REPO_ROOT, capture_output=True,
                              text=True, timeout=5)
    except subprocess.TimeoutExpired:
        pytest.fail("parse_factbase ran for over 5 s on a billion-laughs text")
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) == 1


def test_file_over_max_bytes(problems_of, minimal_text):
    text = minimal_text + "# " + "x" * MAX_BYTES + "\n"
    reported(problems_of(text), f"the limit is {MAX_BYTES:,}", 1)


def test_text_over_max_bytes():
    _, problems = parse_factbase("# " + "x" * MAX_BYTES, name="big.yaml")
    reported(problems, f"over the limit of {MAX_BYTES:,} bytes", 1)


def test_not_utf8(problems_of, minimal_text):
    text, line = change(minimal_text, 'title: "Minimal fact base"', 'title: "Minimal fact base BAD"')
    reported(problems_of(text.encode("utf-8").replace(b"BAD", b"\xff\xfe")), "not UTF-8", line)


# ---------------------------------------------------------------- schema problems

def test_schema_error_bound(problems_of, minimal_text):
    text, line = change(minimal_text, "    bound: exact", "    bound: upto")
    reported(problems_of(text), "claims[0].bound: 'upto' is not one of", line)


def test_missing_required_field(problems_of, minimal_text):
    text, _ = change(minimal_text, '    translation: "Gizmo Capital will invest 5 billion dollars"',
                     '    note: "the translation is missing"')
    reported(problems_of(text), "claims[0]: 'translation' is a required property",
             line_no(minimal_text, "  - id: paper_gizmo"))


# ---------------------------------------------------------------- references

def test_unknown_topic_in_claim(problems_of, minimal_text):
    text, line = change(minimal_text, "    topic: inv_gizmo", "    topic: inv_nobody")
    reported(problems_of(text), "claim 'paper_gizmo': unknown topic 'inv_nobody'", line)


def test_unknown_source_in_claim(problems_of, minimal_text):
    text, line = change(minimal_text, "    source: paper", "    source: nobody")
    reported(problems_of(text), "claim 'paper_gizmo': unknown source 'nobody'", line)


def test_unknown_entity_in_topic(problems_of, minimal_text):
    text, line = change(minimal_text, "    entity: gizmo", "    entity: nobody")
    reported(problems_of(text), "topic 'inv_gizmo': unknown entity 'nobody'", line)


def test_duplicate_claim_id(problems_of, minimal_text):
    text, line = change(minimal_text, "  - id: books_valuation", "  - id: paper_gizmo")
    reported(problems_of(text), "duplicate claim id 'paper_gizmo'", line)


@pytest.mark.parametrize("section, old, new", [
    ("source", "  - id: books", "  - id: paper"),
    ("entity", "  - id: gizmo", "  - id: widgetco"),
    ("topic", "  - id: valuation", "  - id: inv_gizmo"),
], ids=["source", "entity", "topic"])
def test_duplicate_ids_in_other_sections(problems_of, minimal_text, section, old, new):
    text, line = change(minimal_text, old, new)
    reported(problems_of(text), f"duplicate {section} id '{new.split()[-1]}'", line)


def test_duplicate_source_name(problems_of, minimal_text):
    text, line = change(minimal_text, '    name: "The Books"', '    name: "the paper"')
    reported(problems_of(text), "source 'books' has the same name as 'paper'", line)


# ---------------------------------------------------------------- values

def test_negative_value(problems_of, minimal_text):
    text, line = change(minimal_text, "    value: 5", "    value: -5")
    reported(problems_of(text), "claim 'paper_gizmo': value is negative", line)


@pytest.mark.parametrize("old, new, field", [
    ("    value: 5", "    value: .nan", "value"),
    ("    high: 60", "    high: .inf", "high"),
    ("    per_base: 1.1", "    per_base: .nan", "per_base"),
], ids=["value-nan", "high-inf", "per_base-nan"])
def test_non_finite_numbers_are_refused(problems_of, minimal_text, old, new, field):
    """YAML reads .nan and .inf as floats; a fact base with them must not validate (the scenario breaks on them)."""
    text, line = change(minimal_text, old, new)
    hits = [p for p in problems_of(text) if field in p.message]
    assert len(hits) == 1 and str(hits[0]).startswith(f"{hits[0].file}:{line}: "), [str(p) for p in hits]


def test_range_low_above_high(problems_of, minimal_text):
    text, line = change(minimal_text, "    low: 40", "    low: 70")
    reported(problems_of(text), "claim 'books_valuation': low 70 is greater than high 60", line)


def test_currency_without_rate(problems_of, minimal_text):
    text, line = change(minimal_text, "    currency: EUR", "    currency: GBP")
    reported(problems_of(text), "claim 'books_valuation': currency GBP has no rate", line)


# ---------------------------------------------------------------- quotes and seed files

def test_quote_not_verbatim(problems_of, minimal_text):
    text, line = change(minimal_text, '    quote: "Gizmo Capital will invest 5 billion dollars"',
                        '    quote: "Gizmo Capital will invest 6 billion dollars"')
    reported(problems_of(text), "claim 'paper_gizmo': quote not found verbatim in seeds/article.txt", line)


def test_seed_file_missing(problems_of, minimal_text):
    text, _ = change(minimal_text, "    file: seeds/article.txt", "    file: seeds/missing.txt")
    reported(problems_of(text), "source file 'seeds/missing.txt' not found",
             line_no(minimal_text, '    quote: "Gizmo Capital will invest 5 billion dollars"'))


def test_article_without_file(problems_of, minimal_text):
    text, _ = change(minimal_text, "    file: seeds/article.txt", '    note: "no file given"')
    reported(problems_of(text), "source 'paper': an article needs file:", line_no(minimal_text, "  - id: paper"))


# ---------------------------------------------------------------- ids the URL needs

def test_reserved_topic_id(problems_of, minimal_text):
    text, line = change(minimal_text, "  - id: valuation", "  - id: preset")
    reported(problems_of(text), "topic id 'preset' is reserved", line)


def test_every_link_parameter_name_is_reserved(problems_of, minimal_text):
    """A topic named like a rule, fb or a page's view parameter could not be told apart from it in a link."""
    accepted = []
    for name in sorted(set(RULES) | {VERSION_KEY}) + sorted(VIEW_PARAMS):
        text, line = change(minimal_text, "  - id: valuation", f"  - id: {name}")
        if not any(f"topic id '{name}' is reserved" in p.message and p.line == line for p in problems_of(text)):
            accepted.append(name)
    assert accepted == [], f"topic ids accepted although links use them as parameters: {accepted}"


# ---------------------------------------------------------------- the CLI

BROKEN = {
    "schema": lambda t: change(t, "    bound: exact", "    bound: upto")[0],
    "yaml": lambda t: change(t, "    bound: exact", "    bound: exact: oops")[0],
    "reference": lambda t: change(t, "    source: paper", "    source: nobody")[0],
    "empty": lambda t: "",
    "not_utf8": lambda t: t.encode("utf-8").replace(b"Minimal", b"\xffMinimal"),
    "aliases": lambda t: t + laughs(3),
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_cli_validate_broken_prints_path_line_message(cli, write_factbase, minimal_text, kind):
    path = write_factbase(BROKEN[kind](minimal_text))
    done = cli("validate", str(path))
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    lines = done.stderr.splitlines()
    assert lines and all(re.fullmatch(re.escape(str(path)) + r":\d+: \S.*", line) for line in lines), done.stderr


def test_cli_validate_reports_the_offending_line(cli, write_factbase, minimal_text):
    text, line = change(minimal_text, "    bound: exact", "    bound: upto")
    path = write_factbase(text)
    assert cli("validate", str(path)).stderr.startswith(f"{path}:{line}: claims[0].bound: 'upto'")


def test_cli_validate_good_file_prints_one_line_summary(cli_process, repo_root):
    done = cli_process("validate", "data/facts.yaml")  # a smoke test of the real command, in its own process
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("data/facts.yaml: OK")


def test_duplicate_topic_label(problems_of, minimal_text):
    # Links name a topic by its label (the page's topic picker), so two topics may not share one.
    import yaml
    topics = yaml.safe_load(minimal_text)["topics"]
    assert len(topics) >= 2, "the minimal fact base needs two topics for this test"
    first, second = topics[0]["label"], topics[1]["label"]
    lines = minimal_text.splitlines()
    at = next(i for i, line in enumerate(lines) if f'"{second}"' in line or f"label: {second}" in line)
    broken = "\n".join(lines[:at] + [lines[at].replace(second, first)] + lines[at + 1:])
    problems = problems_of(broken)
    assert any("same label" in p.message and p.line == at + 1 for p in problems), [str(p) for p in problems]
