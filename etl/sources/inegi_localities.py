"""INEGI localities with a polygon (urban and larger rural ones): 9-digit key, name, ámbito, point, population.

Localities feed the search box ("which municipality is this town in?"). A locality without
coordinates is still searchable by name, so it loads with null lon/lat; one without a name has
nothing to search by and is rejected (in the published file those are the same 155 rows: status-0
records with only a key).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from core.accounting import FileAccount, make_rejects
from core.names import normalize_name
from etl.base import BuildContext, SourceResult, read_csv_lines, reject_reasons, require_columns
from etl.parse import is_missing, parse_number
from store.schema import conform

SOURCE_ID = "inegi_localities"
FILE = "boundaries/inegi_localidades_puntos.csv"
REQUIRED = ["cvegeo", "nom_loc", "ambito", "latitud", "longitud", "pob"]


def transform(raw: pd.DataFrame, base_keys: set[str]) -> tuple[pd.DataFrame, pd.Series]:
    """Raw locality rows -> (localities, reject reason per raw row)."""
    key = raw["cvegeo"].str.strip()
    name = raw["nom_loc"].str.strip()
    lat, bad_lat = parse_number(raw["latitud"])
    lon, bad_lon = parse_number(raw["longitud"])
    population, bad_pop = parse_number(raw["pob"])
    reasons = reject_reasons(raw.index, [
        (~key.str.fullmatch(r"\d{9}").fillna(False), "cvegeo is not a 9-digit locality key"),
        (~key.str[:5].isin(base_keys).fillna(False), "municipality (first 5 digits) not in the 2,475 base"),
        (key.duplicated() & key.notna(), "cvegeo repeated in the file"),
        (is_missing(name), "nom_loc is empty: nothing to search by"),
        (bad_lat | bad_lon | (lat.abs() > 90) | (lon.abs() > 180), "latitud/longitud is not a coordinate"),
        (bad_pop | (population < 0), "pob is not a count"),
    ])
    ok = reasons.isna()
    # one coordinate without the other is no point: null both
    has_point = lat.notna() & lon.notna()
    out = pd.DataFrame({
        "cvegeo_loc": key, "cvegeo": key.str[:5], "locality_name": name,
        "locality_name_normalized": name.map(normalize_name, na_action="ignore"),
        "ambito": raw["ambito"].str.strip().where(~is_missing(raw["ambito"])),  # as published: URBANO / RURAL
        "lon": lon.where(has_point), "lat": lat.where(has_point), "population": population.round(),
        "source_file": FILE, "source_row": raw["source_row"],
    })
    return out[ok], reasons


def load(raw_dir: Path, context: BuildContext) -> SourceResult:
    """Read the locality points into `localities`."""
    path = Path(raw_dir) / FILE
    raw = read_csv_lines(path)
    require_columns(raw, REQUIRED, path)
    localities, reasons = transform(raw, set(context.municipalities["cvegeo"]))
    rejected = reasons.notna()
    no_point_raw = is_missing(raw["latitud"]) | is_missing(raw["longitud"])
    no_point_loaded = int(localities["lat"].isna().sum())
    return SourceResult(
        source_id=SOURCE_ID,
        tables={"localities": conform(localities, "localities")},
        rejects=make_rejects(raw[rejected], reasons[rejected], FILE),
        accounts=[FileAccount(FILE, len(raw), len(localities), int(rejected.sum()),
                              int(localities["cvegeo"].nunique()))],
        notes=[
            f"{int(no_point_raw.sum())} rows without coordinates: {no_point_loaded} loaded with null lon/lat "
            f"(searchable by name), {int((no_point_raw & rejected).sum())} rejected (no name either)",
            f"{int(localities['population'].isna().sum())} loaded localities without population",
            "locality_name_normalized uses core.names.normalize_name (the same fold as place_names)",
        ],
    )
