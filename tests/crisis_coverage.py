"""The store's crisis_coverage rows as the build writes them, for tests' inline snapshots."""
from __future__ import annotations

import pandas as pd

from etl.crisis_coverage import coverage_rows
from etl.sources import disasters_2017, disasters_2019_2025


def declared_coverage() -> pd.DataFrame:
    """2017: the September earthquakes only (geological, partial); 2019-2025: every natural group, complete."""
    return pd.concat([coverage_rows(disasters_2017.COVERAGE), coverage_rows(disasters_2019_2025.COVERAGE)],
                     ignore_index=True)
