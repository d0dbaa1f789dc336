"""Claims that say "not disclosed" or "none", that replace or end other deals, or pay part up front: the schema and
the loader's problems (each at its line) for their misuse; fact bases without them load as before."""
from __future__ import annotations

from pathlib import Path

import pytest

from explainer.load.factbase import check_factbase, parse_factbase

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = FIXTURES / "minimal" / "facts.yaml"

# a second source and two more claims after the minimal fixture's, to add the new fields to
EXTRA = """  - id: books_gizmo
    topic: inv_gizmo
    source: books
{fields}
    unit: bn
    currency: USD
    translation: "Gizmo took part."
    status: closed
    date: "2026-02-01"
  - id: books_gizmo_2
    topic: inv_gizmo
    source: books
    bound: exact
    value: 8
    unit: bn
    currency: USD
    translation: "Gizmo invests 8."
    status: closed
    date: "2026-03-01"
{more}"""


def parsed(fields: str, more: str = ""):
    text = MINIMAL.read_text(encoding="utf-8") + EXTRA.format(fields=fields, more=more)
    return parse_factbase(text, name="facts.yaml", base_dir=MINIMAL.parent), text


def line_of(text: str, fragment: str) -> int:
    hits = [i + 1 for i, line in enumerate(text.splitlines()) if fragment in line]
    assert len(hits) == 1, (fragment, hits)
    return hits[0]


def only(problems, fragment: str):
    hits = [p for p in problems if fragment in p.message]
    assert len(hits) == 1, f"want one problem with {fragment!r}; got {[str(p) for p in problems]}"
    return hits[0]


@pytest.mark.parametrize("word,low,high", [("undisclosed", None, None), ("none", 0.0, 0.0)])
def test_undisclosed_and_none_load_without_a_bound(word, low, high):
    (fb, problems), _text = parsed(f"    value: {word}")
    assert problems == []
    c = fb.claim["books_gizmo"]
    assert (c.value_state, c.low, c.high) == (word, low, high)
    assert c.disclosed == (word == "none")
    assert fb.claim["paper_gizmo"].value_state == "figure"


def test_a_bound_with_undisclosed_is_a_problem_at_its_line():
    (fb, problems), text = parsed("    value: undisclosed\n    bound: about")
    p = only(problems, "gives no figure")
    assert "bound:" in p.message and p.line == line_of(text, "bound: about")
    assert fb is None


def test_low_with_undisclosed_is_refused_by_the_schema():
    (fb, problems), _text = parsed("    value: undisclosed\n    low: 3")
    assert fb is None and problems


def test_a_word_other_than_undisclosed_or_none_is_refused():
    (fb, problems), _text = parsed("    bound: exact\n    value: secret")
    assert fb is None and any("value" in p.message for p in problems)


def test_replaces_ends_upfront_condition_load():
    (fb, problems), _text = parsed(
        "    bound: exact\n    value: 5\n    upfront: 2\n    condition: \"an IPO\"\n    condition_de: \"ein Börsengang\"\n"
        "    ends: \"2026-06-30\"", more="    replaces: [paper_gizmo]\n")
    assert problems == []
    c = fb.claim["books_gizmo"]
    assert (c.upfront, c.condition, c.condition_de, c.ends) == (2.0, "an IPO", "ein Börsengang", "2026-06-30")
    assert fb.claim["books_gizmo_2"].replaces == ("paper_gizmo",)
    assert c.in_force("2026-06-30") and not c.in_force("2026-07-01")


def test_upfront_above_the_value_is_a_problem():
    (fb, problems), text = parsed("    bound: exact\n    value: 5\n    upfront: 6")
    p = only(problems, "upfront 6 is above the value 5")
    assert p.line == line_of(text, "upfront: 6")


def test_a_condition_without_upfront_is_a_problem():
    (fb, problems), text = parsed("    bound: exact\n    value: 5\n    condition: \"an IPO\"")
    assert only(problems, "give upfront:").line == line_of(text, "condition: \"an IPO\"")


def test_replaces_an_unknown_claim():
    (fb, problems), text = parsed("    bound: exact\n    value: 5", more="    replaces: [nosuch]\n")
    assert only(problems, "replaces unknown claim 'nosuch'").line == line_of(text, "replaces: [nosuch]")


def test_a_cycle_of_replaces_is_a_problem():
    (fb, problems), text = parsed("    bound: exact\n    value: 5\n    replaces: [books_gizmo_2]",
                                  more="    replaces: [books_gizmo]\n")
    p = only(problems, "forms a cycle")
    assert "books_gizmo -> books_gizmo_2 -> books_gizmo" in p.message or \
        "books_gizmo_2 -> books_gizmo -> books_gizmo_2" in p.message
    assert fb is None


def test_a_claim_replacing_itself():
    (fb, problems), _text = parsed("    bound: exact\n    value: 5\n    replaces: [books_gizmo]")
    only(problems, "replaces itself")


def test_ends_before_it_was_said():
    (fb, problems), _text = parsed("    bound: exact\n    value: 5\n    ends: \"2026-01-15\"")
    only(problems, "ends 2026-01-15, before it was said")


@pytest.mark.parametrize("folder", ["acme", "minimal", "remainder", "worlds"])
def test_fixtures_without_the_new_fields_load_unchanged(folder):
    fb, problems = check_factbase(FIXTURES / folder / "facts.yaml")
    assert problems == [] and fb is not None
    for c in fb.claims:
        assert (c.value_state, c.replaces, c.ends, c.upfront, c.condition) == ("figure", (), None, None, None)
