"""A reader's text may be crafted: the drafter's cost grows with the text's length, never faster, and no text makes
it raise. The six crafted inputs of code review 2 (section 6.3) once took minutes at 200 kB; here they must draft
inside a worker whose CPU time is limited, and their count of Python calls must grow in proportion to their size.
No wall-clock time is asserted (bench/draft_cost.py measures it)."""
from __future__ import annotations

import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explainer.draft import draft_document, draft_figures, draft_upload
from explainer.draft.worker import draft_in_worker
from hostile_texts import CRAFTED, prose


def calls(fn) -> int:
    """How many Python and C functions fn() calls: a count that does not depend on the machine or its load."""
    count = 0

    def profile(_frame, event, _arg):
        nonlocal count
        if event in ("call", "c_call"):
            count += 1
    sys.setprofile(profile)
    try:
        fn()
    finally:
        sys.setprofile(None)
    return count


@pytest.mark.parametrize("kind", sorted(CRAFTED))
def test_the_work_grows_in_proportion_to_the_text(kind):
    """Doubling a crafted text at most a little more than doubles the calls the drafter makes (a rescan of the
    sentence for each figure, as before, quadrupled them)."""
    small, large = (calls(lambda n=n: draft_figures([("a.txt", CRAFTED[kind](n))])) for n in (10_000, 20_000))
    assert large <= 2.3 * small, (small, large)


@pytest.mark.parametrize("kind", sorted(CRAFTED))
def test_200_kb_of_crafted_text_drafts_within_a_cpu_limit(kind):
    """At the limit of an article (200 kB), each crafted text drafts within 20 s of CPU time in the worker; 200 kB of
    ordinary prose takes about 1 s (bench/draft_cost.py), each crafted text before the fixes took minutes (the
    stop followed by spaces about 450 s). A regex that backtracks is no Python call: this catches it."""
    text = CRAFTED[kind](199_000).encode()
    drafted = draft_in_worker([("a.txt", text)], cpu_seconds=20)
    assert drafted.limit is None, drafted
    assert all("a draft holds at most" in p.message for p in drafted.problems), drafted.problems


def test_a_draft_over_the_cpu_limit_is_a_clear_problem_not_a_traceback():
    """Five articles of dense prose (1 MB, about 5 s of CPU time) against a limit of 1 s: the draft stops and says
    which limit it hit."""
    five = [(f"a{i}.txt", prose(190_000).encode()) for i in range(5)]
    drafted = draft_in_worker(five, cpu_seconds=1)
    assert (drafted.limit, drafted.articles, drafted.figures, drafted.problems) == ("cpu", [], [], [])


def test_a_draft_over_the_memory_limit_says_so():
    """A worker allowed 30 MB of address space cannot even start drafting: the limit is named, nothing raises."""
    drafted = draft_in_worker([("a.txt", b"Amazon zahlt 10 Mrd. Dollar.")], memory_bytes=30_000_000)
    assert drafted.limit == "memory"


# Pieces that make figures, stops, names, tables, quotes and odd typography likely, mixed with any Unicode.
PIECES = ["10", "1.234,5", "1,234.5", "$", "€", " Mrd.", " Milliarden", " Dollar", " Euro", " %", " bis zu ",
          "zwischen ", " und ", "–", "-", "\u2011", "\u2212", "\u00ad", "\u00a0", "\u202f", ". ", ", ", "(", ")",
          "\n", "\n\n", "| ", " |", "Anzeige\n", "OpenAI", " SoftBank", " Amazon", "„", "“", "’s", "Mr. ",
          "3. Okt.", "US-Dollar", " GW", " davon ", "Quellen\n", "bis", " rund "]
TEXT = st.lists(st.sampled_from(PIECES) | st.text(max_size=12), max_size=80).map("".join)


@settings(deadline=None, max_examples=150)
@given(st.lists(TEXT | st.text(max_size=400), min_size=1, max_size=3))
def test_no_text_makes_the_drafter_raise(texts):
    """Any text, of any Unicode, drafts (or is refused with problems) and its draft is checked, without raising."""
    articles, figures, company, problems = draft_upload([(f"a{i}.txt", t.encode()) for i, t in enumerate(texts)])
    if not problems and figures:
        _yaml, _fb, _problems = draft_document(articles, figures, company)
        for f in figures:
            assert articles[f.article].text[f.start:f.end]  # a figure's offsets hold its words
            assert f.quote in articles[f.article].text


def test_a_long_sentence_is_cut_at_its_clause_marks():
    """A sentence over 2,000 characters is read in pieces of at most 2,000, each ending after a comma (the clause
    mark nearest the limit), so no piece is rescanned for each of its many figures; every figure is still read."""
    from explainer.draft import MAX_SENTENCE, blocks, sentences
    text = "Amazon zahlt 10 Mrd. Dollar, " * 300  # 29 characters a clause, 8,700 in all, no stop
    pieces = sentences(text, blocks(text)[0])
    assert len(pieces) == 5 and all(b - a <= MAX_SENTENCE for a, b in pieces)
    assert all(text[a:b].endswith(", ") for a, b in pieces[:-1])
    assert "".join(text[a:b] for a, b in pieces) == text.strip()  # nothing lost: the pieces meet
    found = draft_figures([("a.txt", text)])[1]
    assert len(found) == 300 and {(f.value, f.unit, f.currency) for f in found} == {(10, "bn", "USD")}


def test_a_failing_worker_is_an_error_value_and_its_traceback_goes_to_the_log(capfd):
    """A bug in the child (here a task it does not know) is no traceback for the reader: the limit is 'error', and
    the child's traceback is written to the server's stderr."""
    from explainer.draft import worker
    assert worker._run("no such task", (), None, None, None) == (None, "error")
    assert "KeyError: 'no such task'" in capfd.readouterr().err
