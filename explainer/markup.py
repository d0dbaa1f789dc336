"""Make text from a fact base or a link safe to show: never interpreted as Markdown, HTML or script."""
from __future__ import annotations

import html
import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=])")


def md(text: object) -> str:
    """Text for a Markdown context (st.markdown, widget labels, captions): every markup character escaped."""
    s = " ".join(str(text).split()) if "\n" in str(text) else str(text)
    return _MD_SPECIAL.sub(r"\\\1", s)


def plotly_text(text: object) -> str:
    """Text for plotly labels and hovers, which accept a few HTML tags: escape them all."""
    return html.escape(str(text), quote=True)
