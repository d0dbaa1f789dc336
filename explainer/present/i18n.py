"""The reader's language: which one a run speaks, its gettext catalog, and how the catalog is kept.

Interface text is written once, in English, wrapped in `_()` where it is used; a module-level constant is
marked with `N_()` (which returns it unchanged) and translated where it is shown, so that it follows the
language of the run that shows it. A word that means two things is given a context (the catalog's msgctxt):
`pgettext("preset", "low")` where it is used, `NC_("preset", "low")` for a constant. The active language is a ContextVar: each Streamlit script run and each
CLI command sets it with `activate()` (as Django does per request); code that must read English whatever the
reader speaks (old links carry English labels) uses `with speaking("en"):`. A ContextVar, not a thread-local:
Streamlit copies the context into parallel fragments' workers; but a rerun starts with the default (English),
so whatever runs before the script's own activate() (widget callbacks, a fragment rerun on its own) activates
the language itself. Text is translated when it is made: a cache of translated text needs the language in its
key.

Catalogs: `locales/de/LC_MESSAGES/messages.po`, managed with Babel (`babel.cfg` says which files are read).
`python -m explainer.present.i18n update` extracts the messages into `locales/messages.pot`, merges them into the
`.po` and checks that it compiles. The app reads the `.po` itself (compiled in memory on first use), so no
`.mo` is committed and none can be stale.
"""
from __future__ import annotations

import gettext
import io
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

LANGUAGES = ("en", "de")
DEFAULT = "en"
DOMAIN = "messages"
ROOT = Path(__file__).resolve().parent.parent.parent
LOCALES = ROOT / "locales"
BABEL_CFG = ROOT / "babel.cfg"
TEMPLATE = LOCALES / f"{DOMAIN}.pot"
# The CLDR locale each language formats numbers and dates with: British English writes "21 Jan 2026".
CLDR = {"en": "en_GB", "de": "de_DE"}

_active: ContextVar[str] = ContextVar("explainer_language", default=DEFAULT)


def choose_language(link_value: str | list[str] | None, browser_locale: str | None) -> str:
    """The language a run speaks: the link's `lang` if it is one we have, else the browser's (st.context.locale,
    'de-DE'), else English."""
    if isinstance(link_value, (list, tuple)):
        link_value = link_value[-1] if link_value else None
    if link_value and link_value.strip().lower() in LANGUAGES:
        return link_value.strip().lower()
    if browser_locale:
        primary = browser_locale.replace("_", "-").split("-")[0].strip().lower()
        if primary in LANGUAGES:
            return primary
    return DEFAULT


def localized(obj, field: str) -> str | None:
    """A fact-base text in the active language: obj.<field>_<lang> (label_de, name_de, translation_de, title_de)
    where the fact base gives it, else the English obj.<field>. A fact base without German texts shows English."""
    lang = _active.get()
    if lang != DEFAULT:
        value = getattr(obj, f"{field}_{lang}", None)
        if value:
            return value
    return getattr(obj, field)


def activate(lang: str) -> str:
    """Make `lang` the language of this run (this context); an unknown one becomes English."""
    lang = lang if lang in LANGUAGES else DEFAULT
    _active.set(lang)
    return lang


def active() -> str:
    return _active.get()


def locale() -> str:
    """The CLDR locale of the active language, for Babel's formatters."""
    return CLDR[active()]


@contextmanager
def speaking(lang: str):
    """Speak `lang` inside the block, then whatever was spoken before."""
    token = _active.set(lang if lang in LANGUAGES else DEFAULT)
    try:
        yield
    finally:
        _active.reset(token)


def po_path(lang: str) -> Path:
    return LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=None)
def translations(lang: str) -> gettext.NullTranslations:
    """The catalog of `lang`, compiled in memory from its .po (English is the source: no catalog)."""
    path = po_path(lang)
    if lang == DEFAULT or not path.exists():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as f:
        catalog = read_po(f, locale=lang)
    buf = io.BytesIO()
    write_mo(buf, catalog)  # fuzzy entries are left out, as pybabel compile does
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def _(message: str) -> str:
    """`message` in the active language."""
    return translations(active()).gettext(message)


def pgettext(context: str, message: str) -> str:
    """`message` in the active language, as meant in `context` (the catalog's msgctxt): one English word that
    means two things ('low' a preset, 'low' a range rule; 'capacity' a label, 'capacity' a file name) is
    translated apart."""
    return translations(active()).pgettext(context, message)


def N_(message: str) -> str:
    """Mark a constant for extraction; it is translated where it is used, with _()."""
    return message


def NC_(context: str, message: str) -> tuple[str, str]:
    """Mark a constant with its context for extraction (keyword NC_:1c,2); Messages translates it with
    pgettext where it is used."""
    return (context, message)


class Messages(Mapping):
    """A constant mapping of keys to N_()-marked English texts (or NC_()-marked (context, text) pairs) that reads
    each text in the active language."""

    def __init__(self, texts: Mapping[str, str]):
        self._texts = dict(texts)

    def __getitem__(self, key: str) -> str:
        text = self._texts[key]
        if isinstance(text, tuple):
            return pgettext(*text)
        return _(text) if text else text

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)

    def english(self, key: str) -> str:
        text = self._texts[key]
        return text[1] if isinstance(text, tuple) else text

    def __repr__(self) -> str:
        return f"Messages({self._texts!r})"


# ---------------------------------------------------------------- keeping the catalog

def _pybabel(*args: str) -> None:
    from babel.messages.frontend import CommandLineInterface

    CommandLineInterface().run(["pybabel", "-q", *args])


KEYWORDS = "NC_:1c,2"  # besides Babel's defaults (_, N_, pgettext, ...): NC_'s first argument is the context


def extract(template: Path = TEMPLATE) -> Path:
    """Every message of the code (babel.cfg) into a template."""
    template.parent.mkdir(parents=True, exist_ok=True)
    _pybabel("extract", "-F", str(BABEL_CFG), "-o", str(template), "--no-location", "--sort-output",
             "--project", "explainer", "--copyright-holder", "explainer", "--msgid-bugs-address", "-",
             "--add-comments", "TRANSLATORS:", "--keywords", KEYWORDS, str(ROOT))  # babel.cfg's paths are relative to ROOT
    return template


def update() -> None:
    """Extract, merge into each language's .po (new messages empty, changed ones fuzzy), check it compiles."""
    extract()
    for lang in LANGUAGES:
        if lang == DEFAULT:
            continue
        path = po_path(lang)
        if path.exists():
            _pybabel("update", "-i", str(TEMPLATE), "-o", str(path), "-l", lang, "--no-wrap",
                     "--ignore-obsolete")
        else:
            _pybabel("init", "-i", str(TEMPLATE), "-o", str(path), "-l", lang, "--no-wrap")
        _pybabel("compile", "--statistics", "-i", str(path), "-o", str(path.with_suffix(".mo")),
                 "-l", lang)
        path.with_suffix(".mo").unlink(missing_ok=True)  # the app compiles the .po in memory


if __name__ == "__main__":
    if sys.argv[1:] != ["update"]:
        sys.exit("usage: python -m explainer.present.i18n update")
    update()
