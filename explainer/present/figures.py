"""The charts under their old name: explainer.present.charts, re-exported for the pages, benches and tests that import
figures (the split of issue 30; new code imports explainer.present.charts)."""
from .charts import *  # noqa: F401,F403
from .charts import _layout, _lines, _plain, _vline  # noqa: F401
