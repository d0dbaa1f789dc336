"""Plotly charts, one module per page (round, compute, sources, worlds, timeline) in one house style (style): data
in, figure out, and for each chart its text alternative (alt), the same numbers as a sentence and a table."""
from .style import *  # noqa: F401,F403
from .style import _layout, _lines, _plain, _vline  # noqa: F401  (tests and benches build with them)
from .round import *  # noqa: F401,F403
from .compute import *  # noqa: F401,F403
from .sources import *  # noqa: F401,F403
from .worlds import *  # noqa: F401,F403
from .timeline import *  # noqa: F401,F403
