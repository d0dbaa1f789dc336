"""Crafted articles that made the drafter's cost grow faster than the text (code review 2, section 6.3), and
ordinary prose of the same size to compare with. No pytest here: bench/draft_cost.py uses them too."""
from __future__ import annotations

TITLE = "Titel der Meldung hier\n\n"
PROSE = ("Amazon will bis zu 50 Milliarden Dollar in OpenAI investieren. "
         "Die Bewertung liegt bei rund 830 Milliarden Dollar.\n")


def _repeat(unit: str, n: int) -> str:
    return unit * max(1, n // len(unit))


# each makes a text of about n characters
CRAFTED = {
    "stop_then_spaces": lambda n: TITLE + "Ende." + " " * n + "x",
    "long_word_then_stop": lambda n: TITLE + "x" * n + " . Amazon",
    "camel_word": lambda n: TITLE + "Die " + "Aa" * (n // 2) + "ä zahlt 10 Mrd. Dollar.",
    "abbrev_stops": lambda n: TITLE + _repeat("Mrd. X ", n),
    "one_sentence_many_figures": lambda n: TITLE + _repeat("Amazon zahlt 10 Mrd. Dollar, ", n),
    "paragraph_of_figure_sentences": lambda n: TITLE + _repeat("Amazon zahlt 10 Mrd. Dollar. ", n),
}


def prose(n: int) -> str:
    """Ordinary prose with line breaks, two figures a line."""
    return TITLE + _repeat(PROSE, n)
