"""The names a link's parameters use: rules, fact-base version, language, view choices. No imports, so the loader
(which refuses a topic named like one of them) and the link codec (which reads them) can both use it."""
from __future__ import annotations

RULES = ("preset", "trust", "ranges", "fx", "basis")
VERSION_KEY = "fb"
ASOF_KEY = "asof"  # the view's date, YYYY-MM-DD: the story as it stood then (default: the fact base's date)
LANG_KEY = "lang"
STORY_KEY = "story"  # which story (explainer/load/stories.py); absent: the bundled one, as in every link made before
# Page-level view choices that travel in the URL too; the pages own their meaning and their defaults.
VIEW_PARAMS = frozenset({"source_topic", "claims_topic", "claims_source", "claims_kind", "worlds_output",
                         "worlds_outcome", "timeline_entities", "cap_more"})
# Every name a link uses for something other than a topic; no topic may take one of them.
RESERVED_PARAMS = frozenset(RULES) | {VERSION_KEY, ASOF_KEY, LANG_KEY, STORY_KEY} | VIEW_PARAMS
