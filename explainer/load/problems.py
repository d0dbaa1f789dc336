"""What a fact base may hold (its limits) and how a problem with it is told: file, line, message."""
from __future__ import annotations

from dataclasses import dataclass

MAX_BYTES = 1_000_000
MAX_KB = MAX_BYTES // 1000  # as readers are told the limit (the fact-base page)
# Limits no real story meets (the bundled one: 25 sources, 15 entities, 42 topics, 100 claims, 3,449 values), so
# that no accepted fact base can make one computation cost more than a fixed budget (see worlds.CELL_BUDGET). The
# schema states them too (maxItems); the reader refuses a list where it goes over, before reading the rest.
LIMITS = {"sources": 500, "entities": 600, "topics": 800, "claims": 2_000, "currencies": 50}
MAX_SCALARS = 60_000  # values in the whole file: the bundled one has 3,449
MAX_PROBLEMS = 50  # reported at most; a file with more has one cause to fix first
MAX_DEPTH = 8  # nesting of lists and mappings: the schema's deepest is 5 (sources[i].dating.urls[j])
MAX_ARTICLE_BYTES = 200_000  # an article's text: a long news report is 30 kB; every quote is searched in it
MAX_ARTICLE_KB = MAX_ARTICLE_BYTES // 1000


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line or 1}: {self.message}"


class FactBaseError(Exception):
    """Raised by load_factbase when the fact base has problems; .problems lists them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
