"""One municipality's profile: indicators against state and nation, projects, declarations, remittances.

Pure functions of (snapshot, cvegeo[, filters]); the hometown page and the JSON API share them.
Comparisons: percentages and rates are compared with the population-weighted mean of the state's
(or the country's) municipalities with a value that year, weighted by the 2020 census population;
grades (1 = Muy bajo ... 5 = Muy alto) with the most common grade among those municipalities.
"""
from __future__ import annotations

import re

import pandas as pd

from dashapp.filters import Filters
from dashapp.queries.coverage import covered_years
from dashapp.queries.impacts import municipality_impacts, state_level_events
from dashapp.queries.projects import MONEY_COLUMNS, filter_projects, in_constant_pesos
from dashapp.store import Snapshot

CVEGEO_PATTERN = re.compile(r"[0-9]{5}")
CVEGEO_LOC_PATTERN = re.compile(r"[0-9]{9}")
HEADLINE = ("poverty_pct", "extreme_poverty_pct", "marginalization_grade", "social_lag_grade",
            "migration_intensity_grade", "remittance_homes_pct", "homicide_rate_100k")
MIGRATION = ("migration_intensity_grade", "emigrant_homes_pct", "return_migrant_homes_pct",
             "circular_migrant_homes_pct", "remittance_homes_pct")
WEIGHTED, MOST_COMMON = "population_weighted_mean", "most_common_grade"


def is_cvegeo(text: object) -> bool:
    return isinstance(text, str) and bool(CVEGEO_PATTERN.fullmatch(text))


def municipality(snapshot: Snapshot, cvegeo: object) -> dict | None:
    """The municipality's row as a dict, or None for a malformed or unknown key."""
    if not is_cvegeo(cvegeo) or cvegeo not in snapshot.municipality_index.index:
        return None
    row = snapshot.municipality_index.loc[cvegeo]
    pop = row["population_2020"]
    return {"cvegeo": cvegeo, "cve_ent": str(row["cve_ent"]), "municipality_name": str(row["municipality_name"]),
            "state_name": str(row["state_name"]), "population_2020": None if pd.isna(pop) else int(pop),
            "centroid_lon": float(row["centroid_lon"]), "centroid_lat": float(row["centroid_lat"]),
            "area_km2": float(row["area_km2"])}


def locality(snapshot: Snapshot, cvegeo: str, cvegeo_loc: object) -> dict | None:
    """A locality of this municipality (the `loc` of a search result), or None."""
    if not isinstance(cvegeo_loc, str) or not CVEGEO_LOC_PATTERN.fullmatch(cvegeo_loc) \
            or not cvegeo_loc.startswith(cvegeo):
        return None
    locs = snapshot["localities"]
    row = locs[locs["cvegeo_loc"] == cvegeo_loc]
    if row.empty:
        return None
    row = row.iloc[0]
    return {"cvegeo_loc": cvegeo_loc, "locality_name": str(row["locality_name"]),
            "population": None if pd.isna(row["population"]) else int(row["population"]),
            "lon": None if pd.isna(row["lon"]) else float(row["lon"]),
            "lat": None if pd.isna(row["lat"]) else float(row["lat"])}


def _indicator_frames(snapshot: Snapshot) -> dict[str, pd.DataFrame]:
    """indicator_values split by indicator, each with cve_ent and the 2020 population (built once per snapshot)."""
    def build() -> dict[str, pd.DataFrame]:
        munis = snapshot["municipalities"][["cvegeo", "cve_ent", "population_2020"]]
        values = snapshot["indicator_values"][["cvegeo", "indicator_id", "year", "value", "category"]]
        values = values.merge(munis, on="cvegeo", how="left", validate="many_to_one")
        values["weight"] = pd.to_numeric(values["population_2020"], errors="coerce").astype("float64")
        return {k: g.set_index("cvegeo", drop=False) for k, g in values.groupby("indicator_id", sort=False)}
    return snapshot.derived("municipio.indicator_frames", build)


def _aggregate_cached(snapshot: Snapshot, indicator_id: str, year: int, unit: str, cve_ent: str | None) -> dict:
    """State (cve_ent) or national (None) aggregate, memoised per snapshot (a copy is returned)."""
    def build() -> dict:
        frame = _indicator_frames(snapshot)[indicator_id]
        group = frame[frame["year"] == year]
        if cve_ent is not None:
            group = group[group["cve_ent"] == cve_ent]
        return _aggregate(group, unit)
    return dict(snapshot.memo("municipio.aggregates").get((indicator_id, year, cve_ent), build))


def _catalog(snapshot: Snapshot) -> pd.DataFrame:
    return snapshot["indicator_catalog"].set_index("indicator_id", drop=False)


def indicator_values(snapshot: Snapshot, cvegeo: str) -> pd.DataFrame:
    """Every indicator value of the municipality with its unit and labels, by indicator and year."""
    values = snapshot["indicator_values"]
    mine = values[values["cvegeo"] == cvegeo][["indicator_id", "year", "value", "category"]]
    catalog = snapshot["indicator_catalog"][["indicator_id", "unit", "label_es", "label_en", "higher_is_worse"]]
    return mine.merge(catalog, on="indicator_id", how="left", validate="many_to_one").sort_values(
        ["indicator_id", "year"])


def _aggregate(group: pd.DataFrame, unit: str) -> dict:
    group = group[group["value"].notna()]
    if group.empty:
        return {"value": None, "category": None, "share_pct": None, "municipalities": 0}
    if unit == "grade":
        counts = group.groupby(["value", "category"]).size().sort_values(ascending=False, kind="stable")
        (value, category), n = counts.index[0], int(counts.iloc[0])
        return {"value": float(value), "category": str(category), "share_pct": 100.0 * n / len(group),
                "municipalities": len(group)}
    weighted = group[group["weight"].notna() & (group["weight"] > 0)]
    mean = (weighted["value"] * weighted["weight"]).sum() / weighted["weight"].sum() if len(weighted) else None
    return {"value": None if mean is None else float(mean), "category": None, "share_pct": None,
            "municipalities": len(group)}


def compare_indicator(snapshot: Snapshot, cvegeo: str, indicator_id: str, year: int | None = None) -> dict | None:
    """The municipality's value (latest year unless given) next to the state's and the nation's."""
    frames = _indicator_frames(snapshot)
    catalog = _catalog(snapshot)
    if indicator_id not in frames or indicator_id not in catalog.index:
        return None
    frame = frames[indicator_id]
    mine = frame.loc[frame.index == cvegeo]
    mine = mine[mine["value"].notna()]
    if year is not None:
        mine = mine[mine["year"] == year]
    if mine.empty:
        return None
    own = mine.sort_values("year").iloc[-1]
    year = int(own["year"])
    unit = str(catalog.loc[indicator_id, "unit"])
    worse = catalog.loc[indicator_id, "higher_is_worse"]
    return {
        "indicator_id": indicator_id, "year": year, "unit": unit,
        "label_es": str(catalog.loc[indicator_id, "label_es"]), "label_en": str(catalog.loc[indicator_id, "label_en"]),
        "higher_is_worse": None if pd.isna(worse) else bool(worse),
        "value": float(own["value"]), "category": None if pd.isna(own["category"]) else str(own["category"]),
        "state": _aggregate_cached(snapshot, indicator_id, year, unit, cvegeo[:2]),
        "national": _aggregate_cached(snapshot, indicator_id, year, unit, None),
        "comparison": MOST_COMMON if unit == "grade" else WEIGHTED,
    }


def headline(snapshot: Snapshot, cvegeo: str, indicators: tuple[str, ...] = HEADLINE) -> list[dict]:
    """The headline indicators that have a value here, in the page's order."""
    rows = (compare_indicator(snapshot, cvegeo, i) for i in indicators)
    return [row for row in rows if row is not None]


def projects_here(snapshot: Snapshot, cvegeo: str, filters: Filters | None = None) -> pd.DataFrame:
    """The municipality's projects under the filter (money in constant or current pesos), newest first."""
    filters = filters or Filters()
    projects = filter_projects(snapshot, filters)
    projects = projects[projects["cvegeo"] == cvegeo]
    if filters.pesos == "constant" and len(projects):
        projects = in_constant_pesos(projects, snapshot)
    if projects.empty:
        return projects
    return projects.sort_values(["fiscal_year", "total_mxn"], ascending=[False, False])


def projects_summary(projects: pd.DataFrame) -> dict:
    """Count, years, pesos by partner and how many rows are synthetic."""
    if projects.empty:
        return {"count": 0, "synthetic_count": 0, "first_year": None, "last_year": None,
                **{c: 0.0 for c in MONEY_COLUMNS}}
    synthetic = projects["is_synthetic"].astype("boolean").fillna(False)
    return {"count": len(projects), "synthetic_count": int(synthetic.sum()),
            "first_year": int(projects["fiscal_year"].min()), "last_year": int(projects["fiscal_year"].max()),
            **{c: float(pd.to_numeric(projects[c], errors="coerce").sum()) for c in MONEY_COLUMNS}}


def declarations(snapshot: Snapshot, cvegeo: str) -> pd.DataFrame:
    """One row per declaration naming the municipality, newest first."""
    events = snapshot["crisis_events"]
    mine = events[events["cvegeo"] == cvegeo].drop_duplicates("declaration_id")
    if mine.empty:
        return mine
    order = pd.to_datetime(mine["event_date"].fillna(mine["dof_date"]), errors="coerce")
    return mine.assign(_order=order).sort_values(["year", "_order"], ascending=False,
                                                 na_position="last").drop(columns="_order")


def remittances(snapshot: Snapshot, cvegeo: str) -> pd.DataFrame:
    """Quarterly remittances received (USD, Banxico), oldest first."""
    rem = snapshot["remittances_municipal"]
    mine = rem[rem["cvegeo"] == cvegeo][["period_start", "year", "quarter", "amount_usd"]]
    return mine.sort_values(["year", "quarter"]).reset_index(drop=True)


def migration(snapshot: Snapshot, cvegeo: str) -> pd.DataFrame:
    """Migration indicators (CONAPO 2010 and 2020) as indicator x year, with the grade label."""
    values = indicator_values(snapshot, cvegeo)
    values = values[values["indicator_id"].isin(MIGRATION)]
    order = values["indicator_id"].map({k: i for i, k in enumerate(MIGRATION)})
    return values.assign(_order=order).sort_values(["_order", "year"]).drop(columns="_order")


def safe_url(url: object) -> str | None:
    """An http(s) link from the store, or None (never a javascript: or relative URL)."""
    return url if isinstance(url, str) and re.match(r"^https?://[^\s<>\"']+$", url) else None


def _json_number(value: object) -> float | int | None:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return None
    return value.item() if hasattr(value, "item") else value


def _impacts_json(snapshot: Snapshot, cvegeo: str) -> dict:
    """CENAPRED's natural-phenomenon events naming the municipality, and the state's events without a list."""
    events = municipality_impacts(snapshot, cvegeo)
    return {"count": int(len(events)), "years": sorted({int(y) for y in events["year"]}),
            "state_level_events": int(len(state_level_events(snapshot, cvegeo[:2]))),
            "source": "CENAPRED, impacto socioeconómico de los desastres 2000-2024 (natural phenomena)"}


def profile(snapshot: Snapshot, cvegeo: str, filters: Filters | None = None) -> dict | None:
    """The JSON profile of the API: place, every indicator by id and year, projects, declarations."""
    place = municipality(snapshot, cvegeo)
    if place is None:
        return None
    filters = filters or Filters()
    indicators: dict[str, dict] = {}
    for row in indicator_values(snapshot, cvegeo).to_dict("records"):
        entry = indicators.setdefault(row["indicator_id"], {
            "unit": row["unit"], "label_es": row["label_es"], "label_en": row["label_en"], "values": {}})
        entry["values"][str(int(row["year"]))] = {
            "value": _json_number(row["value"]),
            "category": row["category"] if isinstance(row["category"], str) else None}
    projects = projects_here(snapshot, cvegeo, filters)
    summary = {k: _json_number(v) for k, v in projects_summary(projects).items()}
    decl = declarations(snapshot, cvegeo)
    rem = remittances(snapshot, cvegeo)
    rem_by_year = rem.groupby("year")["amount_usd"].sum()
    return {
        **place,
        "indicators": indicators,
        "headline": headline(snapshot, cvegeo),
        "projects": {**summary, "pesos": filters.pesos, "years": list(filters.years),
                     "category": filters.category_label},
        "declarations": {"count": int(len(decl)),
                         "by_kind": {str(k): int(v) for k, v in decl["declaration_kind"].value_counts().items()}
                         if len(decl) else {},
                         "years": sorted({int(y) for y in decl["year"]}) if len(decl) else [],
                         # a year outside these is unknown (no source), not a year without declarations
                         "years_covered": list(covered_years(snapshot))},
        "impacts": _impacts_json(snapshot, cvegeo),
        "remittances_usd": {"quarters": int(len(rem)),
                            "by_year": {str(int(y)): float(v) for y, v in rem_by_year.items()}},
        "is_synthetic_projects": bool(summary["synthetic_count"]),
    }
