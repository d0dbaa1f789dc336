"""The Fact base page's "Draft from articles": upload .txt articles, see the drafted claims as a table, download the
YAML or use it in this session; in English and German, within the upload limits."""
from __future__ import annotations

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from explainer.load.factbase import MAX_UPLOAD_FILES, parse_factbase
from test_app import APP

DRAFT = APP.parent / "tests" / "fixtures" / "draft"


def factbase_page(lang: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("pages/factbase.py").run()
    assert not at.exception, at.exception
    return at


def draft_uploader(at: AppTest):
    return next(u for u in at.get("file_uploader") if u.id.endswith("-draft_upload"))


def upload(at: AppTest, *names: str) -> AppTest:
    draft_uploader(at).set_value([(n, (DRAFT / n).read_bytes(), "text/plain") for n in names]).run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("lang, use_label", [("en", "Use the draft in this session"),
                                             ("de", "Entwurf in dieser Sitzung verwenden")])
def test_upload_table_download_and_use(served, lang, use_label):  # noqa: F811
    at = factbase_page(lang)
    assert not {"To review", "Zu prüfen"} & set(at.dataframe[0].value.columns)  # the bundled claims are reviewed
    upload(at, "en_corvid.txt")
    # en_corvid.txt prints 16 figures of money, percent or capacity (tests/fixtures/draft/gold.yaml)
    table = at.dataframe[-1]  # the drafted claims, after the bundled fact base's claims
    assert len(table.value) == 16
    assert "»Thrive Capital put in about $1 billion«" in " ".join(table.value["quote"])
    download = next(b for b in at.get("download_button") if b.proto.label.startswith(("Download the draft",
                                                                                      "Entwurf herunterladen")))
    assert download.proto.label in ("Download the draft (YAML)", "Entwurf herunterladen (YAML)")
    button = next(b for b in at.button if b.key == "use_draft_button")
    assert button.label == use_label
    button.click().run()
    assert not at.exception, at.exception
    fb = at.session_state["view"]["fb"]
    assert at.session_state["view"]["uploaded"] is True
    assert len(fb.claims) == 16 and fb.sources[0].file == "en_corvid.txt"
    assert {c.unit for c in fb.claims} == {"bn", "mn", "percent", "MW"}
    # the Fact base page now lists the drafted claims, with what each still asks an editor to check
    claims = at.dataframe[0].value
    review = "Zu prüfen" if lang == "de" else "To review"
    assert len(claims) == 16 and review in claims.columns
    assert all(claims[review])


def test_the_drafted_yaml_is_a_valid_fact_base_with_the_articles(served):  # noqa: F811
    at = upload(factbase_page("en"), "de_nordlicht.txt", "en_helix.txt")
    articles, figures, company, problems = at.session_state["draft"].as_tuple()
    assert problems == [] and [a.name for a in articles] == ["de_nordlicht.txt", "en_helix.txt"]
    from explainer.draft import draft_document
    text, fb, problems = draft_document(articles, figures, company)
    assert problems == []
    doc = yaml.safe_load(text)
    assert {s["file"] for s in doc["sources"]} == {"de_nordlicht.txt", "en_helix.txt"}
    again, problems = parse_factbase(text, "draft.yaml", seed_texts={
        n: (DRAFT / n).read_text(encoding="utf-8") for n in ("de_nordlicht.txt", "en_helix.txt")})
    assert problems == [] and len(again.claims) == 12 + 13  # the two articles' figures in gold.yaml


def test_the_upload_limits_hold(served):  # noqa: F811
    at = factbase_page("de")
    too_many = [(f"a{i}.txt", b"Amazon investiert 10 Milliarden Dollar.", "text/plain")
                for i in range(MAX_UPLOAD_FILES + 1)]
    draft_uploader(at).set_value(too_many).run()
    assert not at.exception
    assert any("Problem" in e.value for e in at.error)
    assert "the limit is 20" in " ".join(c.value for c in at.code)
    draft_uploader(at).set_value([("latin1.txt", "Übernahme für 5 Mrd. Euro".encode("latin-1"), "text/plain")]).run()
    assert "not UTF-8 text" in " ".join(c.value for c in at.code)


@pytest.mark.parametrize("names", [["en_corvid.txt"], ["de_quantix.txt", "en_helix.txt"]])
def test_every_page_renders_a_drafted_fact_base(served, names):  # noqa: F811
    """A draft is a fact base like any other: every page draws it without an error."""
    from explainer.draft import draft_document, draft_upload
    from test_app import PAGES
    articles, figures, company, problems = draft_upload([(n, (DRAFT / n).read_bytes()) for n in names])
    _text, fb, problems = draft_document(articles, figures, company)
    assert problems == []
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["uploaded_factbase"] = fb
    at.session_state["use_uploaded"] = True
    at.run()
    for page in PAGES:
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, f"page {page}: {at.exception}"
        assert at.session_state["view"]["fb"] is fb


def test_a_draft_the_engine_cannot_show_is_not_used(served, monkeypatch):  # noqa: F811
    """A draft is used as an upload is: only once the engine's trial run has passed (made to fail here, for the
    drafted fact base only)."""
    import explainer.trial
    real = explainer.trial.trial_problems
    monkeypatch.setattr(explainer.trial, "trial_problems", lambda fb: (
        [explainer.trial.Problem("draft.yaml", None, "the app cannot show it: ZeroDivisionError")]
        if fb.path == "draft.yaml" else real(fb)))
    at = upload(factbase_page("en"), "en_corvid.txt")
    next(b for b in at.button if b.key == "use_draft_button").click().run()
    assert not at.exception, at.exception
    assert at.session_state["view"]["uploaded"] is False
    assert "draft.yaml:1: the app cannot show it: ZeroDivisionError" in "\n".join(c.value for c in at.code)


def test_a_busy_server_asks_the_reader_to_try_again(served, monkeypatch):  # noqa: F811
    """With MAX_DRAFTS drafts under way (no slot free here), the reader is told so, nothing is drafted, and the same
    upload is drafted on the next run once a slot is free."""
    import threading

    from explainer.draft import worker
    monkeypatch.setattr(worker, "_slots", threading.Semaphore(0))
    at = upload(factbase_page("de"), "en_corvid.txt")
    assert [e.value for e in at.error] == [
        "Auf diesem Server entstehen gerade 2 Entwürfe, mehr gleichzeitig nicht. Bitte versuchen Sie es in einer "
        "Minute erneut."]
    assert not any(k == "use_draft_button" for k in (b.key for b in at.button))
    monkeypatch.setattr(worker, "_slots", threading.BoundedSemaphore(1))
    at.run()
    assert not at.exception and not at.error
    assert len(at.dataframe[-1].value) == 16  # en_corvid.txt's 16 figures (gold.yaml)


def test_a_draft_over_the_cpu_limit_says_so_and_changes_nothing(served, monkeypatch):  # noqa: F811
    """A draft that needs more CPU time than the worker's limit (1 s here) stops there: the reader reads which limit,
    no traceback, and the session keeps the fact base it had."""
    from explainer.draft import worker
    from hostile_texts import prose
    monkeypatch.setattr(worker, "CPU_SECONDS", 1)
    at = factbase_page("en")
    before = at.session_state["view"]["fb"]
    # five articles of dense prose: about 5 s of CPU time to draft (bench/draft_cost.py)
    draft_uploader(at).set_value([(f"a{i}.txt", prose(190_000).encode(), "text/plain") for i in range(5)]).run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == [
        "Drafting stopped at its limit of 1 seconds of computing time. Please upload fewer or shorter articles."]
    assert at.session_state["view"]["fb"] is before and at.session_state["view"]["uploaded"] is False
