"""The 3x1 money of the explorer: per municipality in feature order, the summary strip and the table twin.

Same rows and pesos as `dashapp.queries.projects` (filter_projects, the INPC factors of
in_constant_pesos), summed with numpy over the feature order of dashapp.queries.explorer.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from dashapp.filters import Filters
from dashapp.queries.coverage import crisis_coverage
from dashapp.queries.explorer import HIGH_MARGINALITY, MAX_RADIUS, MIN_RADIUS, Layer, classify, crisis_events, \
    feature_order, frozen, indicator_array, keys
from dashapp.queries.projects import PARTNER_COLUMNS, filter_projects
from dashapp.store import Snapshot


def money_arrays(snapshot: Snapshot, filters: Filters) -> dict[str, np.ndarray]:
    """Per municipality in feature order: projects and pesos by partner (constant or current pesos).

    The same rows as `money_by_municipality` (filter_projects, the INPC factors of in_constant_pesos),
    summed with bincount over the feature order: a few milliseconds, memoised per snapshot and filter
    (the 64 filters used last; the arrays are read-only).
    """
    def build() -> dict[str, np.ndarray]:
        projects = filter_projects(snapshot, filters)
        order = feature_order(snapshot).keys
        where = order.get_indexer(projects["cvegeo"].astype(str))
        ok = where >= 0
        factor = np.ones(len(projects))
        if filters.pesos == "constant":
            factors = snapshot["deflators"].set_index("year")["factor_to_base"]
            factor = projects["fiscal_year"].map(factors).astype("float64").to_numpy()
        out = {"projects": frozen(np.bincount(where[ok], minlength=len(order)))}
        for partner, column in PARTNER_COLUMNS.items():
            amounts = np.nan_to_num(projects[column].to_numpy(dtype="float64") * factor)
            out[partner] = frozen(np.bincount(where[ok], weights=amounts[ok], minlength=len(order)))
        return out
    key = (filters.years, filters.state, filters.category, filters.pesos)
    return snapshot.memo("explorer.money_arrays", maxsize=64).get(key, build)


def money_frame(snapshot: Snapshot, filters: Filters) -> pd.DataFrame:
    """Per municipality in feature order: projects, the chosen partner's pesos, pesos per person."""
    money = money_arrays(snapshot, filters)
    pesos = money[filters.partner]
    population = feature_order(snapshot).population
    with np.errstate(divide="ignore", invalid="ignore"):
        per_person = np.where(population > 0, pesos / population, np.nan)
    return pd.DataFrame({"cvegeo": keys(snapshot), "projects": money["projects"], "pesos": pesos,
                         "per_person": per_person})


def radii(amounts: np.ndarray) -> tuple[list[float], float]:
    """Circle radii in pixels on a square-root scale (area proportional to the amount), and the max.

    assets/map.js draws the circles with the same formula from the amounts and the max."""
    amounts = np.nan_to_num(np.asarray(amounts, dtype="float64"), nan=0.0)
    top = float(amounts.max()) if len(amounts) else 0.0
    if top <= 0:
        return [0] * len(amounts), 0.0
    r = np.where(amounts > 0, np.maximum(MAX_RADIUS * np.sqrt(amounts / top), MIN_RADIUS), 0.0)
    return [round(float(x), 1) for x in r], top


def _significant(value: float, digits: int = 3) -> float | int:
    """Rounded to `digits` significant digits (the tooltip shows '$12.3 M'): shorter to send."""
    if not value or value != value:
        return 0
    rounded = float(f"{value:.{digits}g}")
    return int(rounded) if rounded >= 10 ** (digits - 1) else rounded


def money_style(snapshot: Snapshot, filters: Filters) -> dict:
    """Amounts per municipality (3 significant digits) and the scale's max, for the proportional circles."""
    frame = money_frame(snapshot, filters)
    amounts = frame["per_person" if filters.money_mode == "per_capita" else "pesos"].to_numpy()
    _, top = radii(amounts)
    return {"m": [_significant(a) for a in amounts], "max": top, "rmax": MAX_RADIUS, "rmin": MIN_RADIUS,
            "n": int((frame["projects"] > 0).sum())}


def summary(snapshot: Snapshot, filters: Filters) -> dict:
    """Projects, pesos by partner, municipalities reached, share of pesos to high-marginality places."""
    money = money_arrays(snapshot, filters)
    out = {"projects": int(money["projects"].sum()), "municipalities": int((money["projects"] > 0).sum())}
    out.update({partner: float(money[partner].sum()) for partner in PARTNER_COLUMNS})
    chosen = money[filters.partner]
    high = indicator_array(snapshot, "marginalization_grade", 2020) >= HIGH_MARGINALITY
    out["high_marginality_pct"] = 100.0 * float(chosen[high].sum()) / float(chosen.sum()) if chosen.sum() > 0 else None
    projects = snapshot["projects"]
    out["synthetic"] = bool(out["projects"]) and bool(projects["is_synthetic"].astype(bool).any())
    return out


def table_frame(snapshot: Snapshot, filters: Filters, layer: Layer, year: int, sort: str = "need") -> pd.DataFrame:
    """The map as a table: every municipality (of the state filter) with the layer value and money."""
    munis = snapshot.municipality_index.reindex(keys(snapshot))
    money = money_frame(snapshot, filters)
    events = crisis_events(snapshot, filters)
    declarations = events.drop_duplicates(["declaration_id", "cvegeo"]).groupby(events["cvegeo"].astype(str)).size()
    frame = pd.DataFrame({
        "i": np.arange(len(munis)), "cvegeo": keys(snapshot),
        "municipality_name": munis["municipality_name"].to_numpy(),
        "state_name": munis["state_name"].to_numpy(), "value": indicator_array(snapshot, layer.indicator_id, year),
        "projects": money["projects"].to_numpy(), "pesos": money["pesos"].to_numpy(),
        "per_person": money["per_person"].to_numpy(),
        # no source covers the chosen crisis years: unknown (NaN), not zero declarations
        "declarations": (declarations.reindex(keys(snapshot)).fillna(0).astype("float64").to_numpy()
                         if crisis_coverage(snapshot, filters).any else np.full(len(munis), np.nan)),
    })
    frame["class"] = classify(frame["value"].to_numpy(), layer)
    if filters.state:
        frame = frame[frame["cvegeo"].str.startswith(filters.state)]
    money_col = "per_person" if filters.money_mode == "per_capita" else "pesos"
    orders = {"need": (["value", money_col], [False, True]), "money": ([money_col, "value"], [False, False]),
              "name": (["municipality_name", "state_name"], [True, True]),
              "declarations": (["declarations", "value"], [False, False])}
    by, ascending = orders.get(sort, orders["need"])
    return frame.sort_values(by, ascending=ascending, na_position="last", kind="stable").reset_index(drop=True)
