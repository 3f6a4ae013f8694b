"""CENAPRED's impact record (store table crisis_impacts): impacts, not declarations.

One published event is one row per municipality it names, or one row per state when its
municipalities are unknown ("Varios Municipios": scope 'state', no cvegeo). Such an event is a
state-level event: it is shown as one, never as "no municipality affected". Natural phenomena
(geological, hydro-meteorological, forest fires) are the default; the man-made classes are kept.
"""
from __future__ import annotations

import pandas as pd

from dashapp.filters import Filters
from dashapp.store import Snapshot

NATURAL = ("geológico", "hidrometeorológico", "incendio")
COLUMNS = ["event_key", "cvegeo", "cve_ent", "scope", "start_date", "year", "phenomenon_type",
           "phenomenon_group", "is_natural", "deaths", "people_affected", "homes_damaged", "damages_mxn", "source"]


def impacts_table(snapshot: Snapshot) -> pd.DataFrame:
    """The store's impact rows (none in a store built without CENAPRED's file)."""
    table = snapshot.tables.get("crisis_impacts")
    return pd.DataFrame(columns=COLUMNS) if table is None else table


def impact_rows(snapshot: Snapshot, filters: Filters, natural_only: bool = True) -> pd.DataFrame:
    """Municipality-level impact rows in the chosen crisis years, phenomenon group and state."""
    table = impacts_table(snapshot)
    mask = (table["scope"] == "municipality") & table["year"].between(*filters.crisis_years)
    if filters.phenomenon_group:
        mask &= table["phenomenon_group"] == filters.phenomenon_group
    elif natural_only:
        mask &= table["phenomenon_group"].isin(NATURAL)
    if filters.state:
        mask &= table["cve_ent"].astype(str) == filters.state
    return table[mask]


def municipality_impacts(snapshot: Snapshot, cvegeo: str) -> pd.DataFrame:
    """The natural-phenomenon events that name the municipality, newest first (one row per event)."""
    table = impacts_table(snapshot)
    mine = table[(table["cvegeo"].astype(str) == cvegeo) & table["phenomenon_group"].isin(NATURAL)]
    return mine.drop_duplicates("event_key").sort_values(["year", "start_date"], ascending=False, na_position="last")


def state_level_events(snapshot: Snapshot, cve_ent: str) -> pd.DataFrame:
    """The state's natural-phenomenon events recorded without their municipalities (one row per event)."""
    table = impacts_table(snapshot)
    rows = table[(table["scope"] == "state") & (table["cve_ent"].astype(str) == cve_ent)
                 & table["phenomenon_group"].isin(NATURAL)]
    return rows.drop_duplicates("event_key")
