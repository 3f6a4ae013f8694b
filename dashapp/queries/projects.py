"""Projects under a filter: the one definition shared by the map, the tables, the exports and the API."""
from __future__ import annotations

import pandas as pd

from dashapp.filters import Filters
from dashapp.store import Snapshot

PARTNER_COLUMNS = {"federal": "federal_mxn", "state": "state_mxn", "municipal": "municipal_mxn",
                   "migrant": "migrant_mxn", "total": "total_mxn"}
MONEY_COLUMNS = list(PARTNER_COLUMNS.values())


def filter_projects(snapshot: Snapshot, filters: Filters) -> pd.DataFrame:
    """The projects rows matching the filter's years, state and category (all columns kept)."""
    projects = snapshot["projects"]
    mask = projects["fiscal_year"].between(*filters.years)
    if filters.state:
        mask &= projects["cvegeo"].str.startswith(filters.state)
    if filters.category_label:
        mask &= projects["project_category"] == filters.category_label
    return projects[mask]


def in_constant_pesos(projects: pd.DataFrame, snapshot: Snapshot) -> pd.DataFrame:
    """Money columns converted to constant pesos of the store's base year (INPC annual mean)."""
    factors = snapshot["deflators"].set_index("year")["factor_to_base"]
    factor = projects["fiscal_year"].map(factors).astype("float64")
    out = projects.copy()
    for column in MONEY_COLUMNS:
        out[column] = out[column] * factor
    return out


def selected_projects(snapshot: Snapshot, filters: Filters) -> pd.DataFrame:
    """The rows a table or an export shows: the filter's projects, `sel` narrowing to one
    municipality, money in the filter's pesos (constant pesos rounded to the cent)."""
    rows = filter_projects(snapshot, filters)
    if filters.selected:
        rows = rows[rows["cvegeo"] == filters.selected]
    if filters.pesos == "constant" and len(rows):
        rows = in_constant_pesos(rows, snapshot)
        rows[MONEY_COLUMNS] = rows[MONEY_COLUMNS].round(2)
    return rows


def money_by_municipality(snapshot: Snapshot, filters: Filters) -> pd.DataFrame:
    """Per municipality: projects count and pesos by partner (constant or current per the filter)."""
    projects = filter_projects(snapshot, filters)
    if filters.pesos == "constant":
        projects = in_constant_pesos(projects, snapshot)
    grouped = projects.groupby("cvegeo").agg(projects=("project_id", "size"),
                                             **{c: (c, "sum") for c in MONEY_COLUMNS})
    return grouped.reset_index()
