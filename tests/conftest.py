"""Shared fixtures: the repository root, the bundled fact base, the CLI, a checker for fact-base texts, the app
in-process (AppTest, `served`) and in Chromium. Tests are marked by tier from their module (see pyproject.toml)."""
from __future__ import annotations

import contextvars
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:  # so plain `pytest` finds the package as `python -m pytest` does
    sys.path.insert(0, str(REPO_ROOT))

from explainer.load.factbase import check_factbase, load_factbase  # noqa: E402

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


# ---------------------------------------------------------------- the app in-process (AppTest)

APP = REPO_ROOT / "streamlit_app.py"


@pytest.fixture
def served():
    """AppTest runs as in a served app after its first request: the entry script, then the page st.navigation picks
    (the app's one switch for Streamlit's pages/ folder, pages/_parts.ignore_pages_folder; see tests/test_app.py)."""
    from pages._parts import ignore_pages_folder
    _, restore = ignore_pages_folder(in_app_test=True)
    yield
    restore()


def new_app(query: dict | None = None, timeout: float = 30):
    """The app for AppTest, its address carrying `query`."""
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(str(APP), default_timeout=timeout)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    return at


# ---------------------------------------------------------------- the command line

@pytest.fixture
def cli(capsys, monkeypatch):
    """`python -m explainer ARGS` in the repository root, run in this process through explainer.cli.main (a
    subprocess costs about a second of start-up; cli_process keeps two smoke tests of the real command); its
    exit code and output as a finished process."""
    from explainer.cli import main
    monkeypatch.chdir(REPO_ROOT)

    def run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        capsys.readouterr()
        try:  # in a copied context: the language the command activates stays with it
            code = contextvars.copy_context().run(main, list(args))
        except SystemExit as e:  # argparse refusing the arguments
            code = e.code if isinstance(e.code, int) else 1
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(["python", "-m", "explainer", *args], code, out, err)
    return run


@pytest.fixture(scope="session")
def cli_process():
    """Run `python -m explainer ARGS` in a subprocess in the repository root; the finished process, output as text."""
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


@pytest.fixture
def page(browser):
    """A desktop page (1400 x 1000) in its own context; a module that needs another size defines its own."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    p = ctx.new_page()
    p.set_default_timeout(30_000)
    yield p
    ctx.close()


@pytest.fixture(scope="module")
def app_url():
    """`streamlit run streamlit_app.py` on a free port, one per test module; its base URL."""
    with streamlit_server() as base:
        yield base


# ---------------------------------------------------------------- the tiers (markers registered in pyproject.toml)

NGINX_MODULES = {"test_balancer", "test_deploy"}  # Debian's nginx, the Compose and Kubernetes schemas
APPTEST_MODULES = {"test_app", "test_app_de", "test_app_draft", "test_app_factbase", "test_panel",
                   "test_shared_views", "test_view_links"}


def pytest_collection_modifyitems(config, items):
    """Mark each test with its tier, from the fixtures it uses and its module: `-m "not browser and not nginx"`
    runs the fast ones."""
    for item in items:
        module = item.module.__name__.rpartition(".")[2]
        names = set(item.fixturenames)
        tiers = set()
        if names & {"browser", "app_url"}:
            tiers.add("browser")
        if module in NGINX_MODULES:
            tiers.add("nginx")
        if "served" in names or module in APPTEST_MODULES:
            tiers.add("apptest")
        if names & {"cli", "cli_process"}:
            tiers.add("cli")
        for tier in tiers or {"unit"}:
            item.add_marker(getattr(pytest.mark, tier))
