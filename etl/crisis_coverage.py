"""What a crisis source covers, declared by its reader: years, phenomenon groups, completeness.

The app must tell "no declaration that year" (a covered year with none for the place) from "no
source covers that year" (sin datos). Each crisis reader declares its coverage with `Coverage`;
`coverage_rows` turns it into the rows of the store's `crisis_coverage` table.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from store.schema import conform

NATURAL_GROUPS = ("geológico", "hidrometeorológico", "incendio")  # the groups crisis_events uses


@dataclass(frozen=True)
class Coverage:
    """One source's coverage: every (year, group) in `years` × `groups` is covered."""

    source_id: str
    record_kind: str  # declaration | impact
    years: tuple[int, ...]
    groups: tuple[str, ...]
    complete: bool  # False: only some of that year's events of these groups (e.g. one earthquake)
    scope: str  # message key suffix (coverage.scope.<scope>) saying what the source holds
    municipalities_listed: bool = True  # False: some events are known by state only


def coverage_rows(coverage: Coverage) -> pd.DataFrame:
    """The `crisis_coverage` rows of one source (one per year and group)."""
    rows = [{"source_id": coverage.source_id, "record_kind": coverage.record_kind, "year": year,
             "phenomenon_group": group, "complete": coverage.complete, "scope": coverage.scope,
             "municipalities_listed": coverage.municipalities_listed}
            for year in coverage.years for group in coverage.groups]
    return conform(pd.DataFrame(rows, columns=["source_id", "record_kind", "year", "phenomenon_group", "complete",
                                               "scope", "municipalities_listed"]), "crisis_coverage")
