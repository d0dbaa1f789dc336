"""Several stories in one app (AppTest, in-process): ?story=<id> serves that story on every page, a link without it
the bundled one as before, an unknown id a notice and the default; the sidebar's story picker starts a story afresh;
a reader's upload stays with the story it was used in."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from explainer.load.factbase import DEFAULT_FACTBASE, load_factbase  # noqa: E402
from pages._parts import ignore_pages_folder  # noqa: E402

APP = REPO_ROOT / "streamlit_app.py"
PAGES = ("overview", "cap_table", "compute", "sources", "scorecard", "worlds", "timeline", "factbase")
HELSING_TITLE = "Helsing's 600-million-euro round: twelve billion euros, or dollars?"
HELSING_TITLE_DE = "Helsings Runde über 600 Millionen Euro: zwölf Milliarden Euro oder Dollar?"
BUNDLED_TITLE = load_factbase(DEFAULT_FACTBASE).title


@pytest.fixture
def served():
    """AppTest runs as in a served app after its first request (see tests/test_app.py)."""
    _, restore = ignore_pages_folder(in_app_test=True)
    yield
    restore()


def new_app(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    return at


def shown_title(at: AppTest) -> str:
    return at.title[0].value.replace("\\", "")  # Markdown-escaped as the page draws it


def ok(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def address(at: AppTest) -> dict[str, list[str]]:
    """The address bar's parameters, each as a list (AppTest keeps a single value as a string)."""
    return {k: [v] if isinstance(v, str) else list(v) for k, v in at.query_params.items()}


def notices(at: AppTest) -> list[str]:
    return [t.value for t in at.text]


def test_a_link_with_story_serves_that_story_on_every_page(served):
    at = new_app({"story": "helsing-2025"}).run()
    ok(at)
    assert shown_title(at) == HELSING_TITLE
    assert at.radio(key="story_choice").value == "helsing-2025"
    assert address(at)["story"] == ["helsing-2025"]
    for page in PAGES[1:]:
        at.switch_page(f"pages/{page}.py").run()
        ok(at)
        assert at.session_state["view"]["fb"].company == "helsing", page
        assert address(at)["story"] == ["helsing-2025"], f"{page} dropped story= from the address"
    assert not notices(at)


def test_a_link_with_story_in_german(served):
    at = new_app({"story": "helsing-2025", "lang": "de"}).run()
    ok(at)
    assert shown_title(at) == HELSING_TITLE_DE


def test_a_link_without_story_serves_the_bundled_story_as_before(served):
    at = new_app({"preset": "outcome"}).run()
    ok(at)
    assert shown_title(at) == BUNDLED_TITLE
    assert at.radio(key="story_choice").value == "openai-2026"
    assert "story" not in at.query_params
    assert at.session_state["view"]["beliefs"].preset == "outcome"


def test_an_unknown_story_gives_a_notice_and_the_default(served):
    at = new_app({"story": "no-such-story"}).run()
    ok(at)
    assert shown_title(at) == BUNDLED_TITLE
    assert any("No story 'no-such-story'" in n for n in notices(at)), notices(at)
    assert "story" not in at.query_params  # the address is rewritten to what is shown


def test_the_picker_starts_another_story_afresh_and_back(served):
    at = new_app({"inv_amazon": "a003_amazon", "lang": "en"}).run()
    ok(at)
    assert address(at)["inv_amazon"] == ["a003_amazon"]
    at.radio(key="story_choice").set_value("helsing-2025").run()
    ok(at)
    assert shown_title(at) == HELSING_TITLE
    # the bundled story's choices mean nothing here: gone from the address, no notice about them
    assert address(at) == {"lang": ["en"], "story": ["helsing-2025"]}
    assert not notices(at)
    at.selectbox(key="valuation").set_value("a000_valuation").run()
    assert address(at)["valuation"] == ["a000_valuation"]
    at.radio(key="story_choice").set_value("openai-2026").run()
    ok(at)
    assert shown_title(at) == BUNDLED_TITLE
    assert address(at) == {"lang": ["en"]}
    assert at.session_state["view"]["beliefs"].picks == ()


def test_an_upload_stays_with_its_story(served):
    acme = load_factbase(REPO_ROOT / "tests" / "fixtures" / "acme" / "facts.yaml")
    at = new_app()
    at.session_state["uploaded_factbase"] = acme
    at.session_state["use_uploaded"] = True
    at.session_state["uploaded_story"] = "openai-2026"
    at.run()
    ok(at)
    assert at.session_state["view"]["uploaded"] and at.session_state["view"]["fb"].company == "acme"
    at.radio(key="story_choice").set_value("helsing-2025").run()
    ok(at)
    assert not at.session_state["view"]["uploaded"] and shown_title(at) == HELSING_TITLE
    at.radio(key="story_choice").set_value("openai-2026").run()
    assert at.session_state["view"]["fb"].company == "acme"  # still in this reader's session


def test_a_deep_link_to_a_story_as_a_fresh_servers_first_request():
    """Streamlit first runs a linked page's file alone; the app reruns its entry script, which reads story= then."""
    at = new_app({"story": "helsing-2025", "lang": "de"})
    at.switch_page("pages/sources.py")
    at.run()
    ok(at)
    assert at.session_state["view"]["fb"].company == "helsing"
    assert address(at)["story"] == ["helsing-2025"]
