"""The stories one app serves: today's (data/facts.yaml, quoting seeds/) and each stories/<id>/facts.yaml."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .factbase import DEFAULT_FACTBASE, MAX_BYTES, PACKAGE_ROOT

STORIES_DIR = PACKAGE_ROOT / "stories"
DEFAULT_ID = "openai-2026"  # the bundled story's id: a link without story= opens it, as every link made before
ID_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")  # a folder name a link may carry: lower case, digits, '-'
MAX_STORIES = 50  # folders read at most; a newsroom's app tells a handful
MAX_TITLE = 120


@dataclass(frozen=True)
class Story:
    id: str
    path: Path  # its facts.yaml
    title: str  # from the fact base; the id where the file has none (or cannot be read)
    title_de: str | None = None


def story_title(story: Story, lang: str) -> str:
    return story.title_de if lang == "de" and story.title_de else story.title


@functools.lru_cache(maxsize=MAX_STORIES * 2)
def _read_titles(path: str, mtime: float) -> tuple[str | None, str | None]:
    """The fact base's title and title_de, read with safe YAML (the full check runs when the story is opened);
    None for a file that cannot be read, is too large or is not a mapping. mtime keys the cache to the file's edit."""
    try:
        data = Path(path).read_bytes()
        if len(data) > MAX_BYTES:
            return None, None
        doc = yaml.safe_load(data)
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return None, None
    if not isinstance(doc, dict):
        return None, None

    def text(key: str) -> str | None:
        value = doc.get(key)
        return " ".join(value.split())[:MAX_TITLE] if isinstance(value, str) and value.strip() else None
    return text("title"), text("title_de")


def _story(story_id: str, path: Path) -> Story:
    try:
        mtime = path.stat().st_mtime
    except OSError:
        mtime = 0.0
    title, title_de = _read_titles(str(path), mtime)
    return Story(story_id, path, title or story_id, title_de)


def default_id(path: Path) -> str:
    """The default story's id: openai-2026 for the bundled fact base; for another file (EXPLAINER_FACTBASE), its
    folder's name where that makes an id, else 'default'."""
    if Path(path).resolve() == DEFAULT_FACTBASE.resolve():
        return DEFAULT_ID
    name = Path(path).resolve().parent.name.lower()
    return name if ID_RE.fullmatch(name) else "default"


def discover(default_path: str | Path = DEFAULT_FACTBASE, root: str | Path | None = STORIES_DIR
             ) -> tuple[Story, ...]:
    """Every story, the default first, then stories/<id>/ in the order of their ids. A folder counts when its name
    is an id and it holds facts.yaml; the default's id is never taken twice. root=None: the default alone (an app
    serving another file through EXPLAINER_FACTBASE serves that one story, as before)."""
    default = _story(default_id(Path(default_path)), Path(default_path))
    stories = [default]
    if root is not None and Path(root).is_dir():
        folders = sorted(p for p in Path(root).iterdir() if ID_RE.fullmatch(p.name) and p.name != default.id)
        for folder in folders[:MAX_STORIES]:
            if (folder / "facts.yaml").is_file():
                stories.append(_story(folder.name, folder / "facts.yaml"))
    return tuple(stories)


def find(stories: tuple[Story, ...], story_id: str | None) -> Story | None:
    return next((s for s in stories if s.id == story_id), None)
