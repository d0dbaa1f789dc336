"""Make text from a fact base or a link safe to show: never interpreted as Markdown, HTML or script."""
from __future__ import annotations

import csv
import html
import re
from urllib.parse import quote

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=])")


def md(text: object) -> str:
    """Text for a Markdown context (st.markdown, widget labels, captions): every markup character escaped."""
    s = " ".join(str(text).split()) if "\n" in str(text) else str(text)
    return _MD_SPECIAL.sub(r"\\\1", s)


# RFC 3986's reserved and unreserved characters, less the brackets and parentheses that end a Markdown link
ADDRESS_SAFE = ":/?#@!$&'*+,;=%~-._"


def md_link(address: str) -> str:
    """A web address as a Markdown link: its text escaped, its target percent-encoded whole (spaces, line breaks,
    brackets, parentheses), so that no address can write Markdown of its own, an image say, into the page."""
    return f"[{md(address)}]({quote(address, safe=ADDRESS_SAFE)})"


def plotly_text(text: object) -> str:
    """Text for plotly labels and hovers, which accept a few HTML tags: escape them all."""
    return html.escape(str(text), quote=True)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet reads as the start of a formula (OWASP)


def spreadsheet_safe(value: object) -> object:
    """A CSV cell that a spreadsheet reads as text: a text that begins like a formula gets a leading apostrophe
    (an entity named '=HYPERLINK(...)' stays a name). Numbers are left as they are, negative ones too."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SpreadsheetSafeWriter:
    """csv.writer whose every text cell has passed spreadsheet_safe."""

    def __init__(self, buf, **kwargs):
        self._w = csv.writer(buf, **kwargs)

    def writerow(self, row) -> None:
        self._w.writerow([spreadsheet_safe(v) for v in row])
