"""The README stays a five-minute read: at most 250 lines, exactly two set-up commands (the second is what .ci/run
runs), and every file it points to exists."""
from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
MAX_LINES = 250


def set_up_commands() -> list[str]:
    """The code blocks of the README's "Set up" section."""
    text = README.read_text()
    section = text.split("\n## Set up\n", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```bash\n(.*?)```", section, re.S)]


def test_readme_is_at_most_250_lines():
    n = len(README.read_text().splitlines())
    assert n <= MAX_LINES, f"README.md has {n} lines (at most {MAX_LINES}): move details to docs/"


def test_readme_has_two_set_up_commands_and_ci_runs_the_second():
    commands = set_up_commands()
    assert len(commands) == 2 and all("\n" not in c for c in commands), commands
    app, tests = commands
    assert app == "pip install -r requirements.txt && streamlit run streamlit_app.py"
    ci = [line.strip() for line in (REPO / ".ci" / "run").read_text().splitlines()
          if line.strip() and not line.lstrip().startswith("#")]
    assert tests in ci, f".ci/run does not run the README's test command:\n{tests}\n.ci/run: {ci}"
    assert "requirements-test.txt" in tests and "pytest" in tests


def test_every_file_the_readme_links_exists():
    targets = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", README.read_text())
    local = [t for t in targets if "://" not in t]
    assert local, "no local links found: the pattern is wrong"
    missing = [t for t in local if not (REPO / t).exists()]
    assert not missing, f"README.md links to missing files: {missing}"


def test_the_readmes_docker_examples_publish_replicas_on_loopback_only():
    """A replica answers whoever reaches its port, past the balancer's limits: the examples publish it on 127.0.0.1."""
    published = re.findall(r"docker run [^\n]*?-p (\S+)", README.read_text())
    assert published, "the README has no docker run example any more: drop this test or the pattern is wrong"
    assert all(p.startswith("127.0.0.1:") for p in published), published
