"""Shared fixtures: the repository root, the bundled fact base, the CLI, and a checker for fact-base texts."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:  # so plain `pytest` finds the package as `python -m pytest` does
    sys.path.insert(0, str(REPO_ROOT))

from explainer.factbase import check_factbase, load_factbase  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser_support import chromium_missing, launch, streamlit_server  # noqa: E402

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = FIXTURES / "minimal" / "facts.yaml"
BUNDLED = REPO_ROOT / "data" / "facts.yaml"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def factbase():
    """The bundled fact base, data/facts.yaml, loaded by the real loader."""
    return load_factbase(BUNDLED)


@pytest.fixture
def minimal_text() -> str:
    """The text of the smallest valid fact base (tests/fixtures/minimal/facts.yaml)."""
    return MINIMAL.read_text(encoding="utf-8")


@pytest.fixture
def write_factbase(tmp_path):
    """Write a fact-base text (str or bytes) as tmp_path/facts.yaml beside the minimal fixture's seeds/."""
    def write(text: str | bytes) -> Path:
        shutil.copytree(MINIMAL.parent / "seeds", tmp_path / "seeds", dirs_exist_ok=True)
        path = tmp_path / "facts.yaml"
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return path
    return write


@pytest.fixture
def problems_of(write_factbase):
    """Write a fact-base text to tmp_path and return check_factbase's problems for it."""
    def check(text: str | bytes) -> list:
        _, problems = check_factbase(write_factbase(text))
        return problems
    return check


@pytest.fixture(scope="session")
def cli():
    """Run `python -m explainer ARGS` in the repository root; the finished process, output as text."""
    def run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "explainer", *args], cwd=REPO_ROOT, capture_output=True,
                              text=True, encoding="utf-8", timeout=timeout)
    return run


# ---------------------------------------------------------------- the real app in Debian's Chromium

@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, one per test module; without it a browser test fails, never skips."""
    missing = chromium_missing()
    if missing:
        pytest.fail(missing, pytrace=False)
    from playwright.sync_api import sync_playwright
    pw = sync_playwright().start()
    b = launch(pw)
    yield b
    b.close()
    pw.stop()


@pytest.fixture(scope="module")
def app_url():
    """`streamlit run streamlit_app.py` on a free port, one per test module; its base URL."""
    with streamlit_server() as base:
        yield base
