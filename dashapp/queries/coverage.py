"""Which crisis records cover the chosen years: so that "no source covers it" is never shown as 0.

The build writes what each crisis source covers into `crisis_coverage` (etl/crisis_coverage.py): one
row per source, year and phenomenon group, complete or not. A municipality without a declaration in
a covered year really had none; in a year no row covers, nobody knows: "sin datos".
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashapp.filters import Filters
from dashapp.i18n import t
from dashapp.store import Snapshot


@dataclass(frozen=True)
class CrisisCoverage:
    """The chosen crisis years split by what the store's sources say about them."""

    years: tuple[int, int]
    covered: tuple[int, ...]  # every chosen group covered, completely
    partial: tuple[int, ...]  # covered only in part (some events, or some of the chosen groups)
    missing: tuple[int, ...]  # no source covers any chosen group
    scopes: tuple[str, ...]  # what the covering sources hold (coverage.scope.<scope>), in year order
    record_kind: str = "declaration"  # declaration | impact

    @property
    def any(self) -> bool:
        """Whether counts in these years mean anything (at least one year covered, in whole or in part)."""
        return bool(self.covered or self.partial)

    @property
    def whole(self) -> bool:
        return not self.partial and not self.missing


def coverage_table(snapshot: Snapshot, record_kind: str = "declaration") -> pd.DataFrame:
    """The store's coverage rows of one kind of record (none in a store built before the table existed)."""
    table = snapshot.tables.get("crisis_coverage")
    if table is None:
        return pd.DataFrame(columns=["source_id", "record_kind", "year", "phenomenon_group", "complete", "scope"])
    return table[table["record_kind"] == record_kind]


def covered_years(snapshot: Snapshot, record_kind: str = "declaration") -> tuple[int, ...]:
    """Every year some source of this kind covers, ascending."""
    return tuple(sorted(int(y) for y in coverage_table(snapshot, record_kind)["year"].unique()))


def crisis_coverage(snapshot: Snapshot, filters: Filters, record_kind: str = "declaration") -> CrisisCoverage:
    """How the store's sources cover `filters.crisis_years` for the chosen phenomenon group (or all)."""
    def build() -> CrisisCoverage:
        table = coverage_table(snapshot, record_kind)
        groups = (filters.phenomenon_group,) if filters.phenomenon_group else \
            tuple(sorted(coverage_table(snapshot, record_kind)["phenomenon_group"].unique()))
        covered, partial, missing, scopes = [], [], [], []
        for year in range(filters.crisis_years[0], filters.crisis_years[1] + 1):
            rows = table[(table["year"] == year) & table["phenomenon_group"].isin(groups)]
            if rows.empty:
                missing.append(year)
                continue
            whole = bool(rows["complete"].astype(bool).all()) and set(rows["phenomenon_group"]) >= set(groups)
            (covered if whole else partial).append(year)
            scopes.extend(s for s in rows["scope"].astype(str) if s not in scopes)
        return CrisisCoverage(filters.crisis_years, tuple(covered), tuple(partial), tuple(missing), tuple(scopes),
                              record_kind)

    key = (record_kind, filters.crisis_years, filters.phenomenon_group)
    return snapshot.memo("coverage.crisis", maxsize=256).get(key, build)


def years_with_data(snapshot: Snapshot, record_kind: str = "declaration") -> str:
    """The covered years in words ('2017, 2019–2025'), for the note under a years slider."""
    return year_spans(covered_years(snapshot, record_kind))


def year_spans(years: tuple[int, ...]) -> str:
    """(2002, 2003, 2004, 2018) -> '2002–2004, 2018'."""
    spans: list[list[int]] = []
    for year in years:
        if spans and year == spans[-1][1] + 1:
            spans[-1][1] = year
        else:
            spans.append([year, year])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in spans)


def coverage_note(coverage: CrisisCoverage, lang: str) -> str | None:
    """What the counts cover, in words, when they do not cover every chosen year in whole; else None."""
    if coverage.whole:
        return None
    if not coverage.any:
        key = "coverage.none" if coverage.record_kind == "declaration" else "coverage.none.impact"
        return t(key, lang, years=year_spans(coverage.missing))
    parts = [t(f"coverage.scope.{scope}", lang) for scope in coverage.scopes]
    if coverage.missing:
        parts.append(t("coverage.missing", lang, years=year_spans(coverage.missing)))
    return "; ".join(parts) + "."
