"""The settings a deployed server needs (docs/performance.md) are in the shipped .streamlit/config.toml, under
names Streamlit reads: a misspelt option is only warned about, and the server would watch files and collect
garbage after every run again."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
READ = ("from streamlit import config; config.get_config_options(force_reparse=True); "
        "print(config.get_option('server.fileWatcherType'), config.get_option('runner.postScriptGC'))")


def test_a_deployed_server_neither_watches_files_nor_collects_after_every_run():
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
    r = subprocess.run([sys.executable, "-c", READ], cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["none", "False"], r.stdout + r.stderr
