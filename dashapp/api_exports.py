"""What the API's downloads contain: the filtered projects as CSV and GeoJSON, safe CSV text. Pure code.

Columns keep the contract's names (store/schema.py) so the files are machine-readable; money is in
the pesos the filter asks for (constant pesos of the store's base year by default, as on the pages),
said in a header and, for GeoJSON, in a top-level member. Synthetic rows keep `is_synthetic = true`
and the response carries a notice. Text cells that a spreadsheet would read as a formula get a
leading apostrophe: names typed by people are data, never formulas.
"""
from __future__ import annotations

import json
import math

import pandas as pd

from core.names import fold
from dashapp.filters import Filters
from dashapp.i18n import t
from dashapp.queries.projects import selected_projects
from dashapp.store import Snapshot

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
COORD_DIGITS = 6


def export_projects(snapshot: Snapshot, filters: Filters) -> pd.DataFrame:
    """The projects rows the filter selects (all contract columns), `sel` narrowing to one municipality."""
    rows = selected_projects(snapshot, filters)
    return rows.sort_values(["fiscal_year", "cvegeo", "project_id"], kind="stable") if len(rows) else rows


def synthetic_count(rows: pd.DataFrame) -> int:
    if rows.empty:
        return 0
    return int(rows["is_synthetic"].astype("boolean").fillna(False).sum())


def notice(rows: pd.DataFrame, lang: str) -> str | None:
    """The synthetic-data notice when the rows include demonstration rows, else None."""
    n = synthetic_count(rows)
    return t("api.notice.synthetic", lang, count=n, n=n, total=len(rows)) if n else None


def header_text(text: str) -> str:
    """Text fit for an HTTP header (ASCII: accents dropped, other characters replaced)."""
    plain = fold(text, keep_punctuation=True, keep_case=True)
    return plain.encode("ascii", "replace").decode("ascii").replace("\r", " ").replace("\n", " ")


def pesos_label(filters: Filters, snapshot: Snapshot) -> str:
    """'constant-2018' or 'current': the money unit of the export."""
    base = snapshot.info.get("constant_pesos_base_year", "")
    return f"constant-{base}" if filters.pesos == "constant" else "current"


def _neutralise(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy where every text cell that starts like a formula (= + - @ tab CR) is prefixed with '."""
    out = frame.copy()
    for column in out.columns:
        if not (pd.api.types.is_numeric_dtype(out[column]) or pd.api.types.is_bool_dtype(out[column])):
            out[column] = out[column].map(_neutralise).astype(object)
    out.columns = [_neutralise(str(c)) for c in out.columns]
    return out


def _csv_ready(frame: pd.DataFrame) -> pd.DataFrame:
    """Flags as true/false and whole numbers without '.0', so the file reads the same everywhere."""
    out = frame.copy()
    for column in out.columns:
        if column.startswith(("is_", "has_")):
            out[column] = out[column].map(lambda v: "" if pd.isna(v) else ("true" if bool(v) else "false"))
        elif column in ("fiscal_year", "beneficiaries", "source_row"):
            out[column] = pd.to_numeric(out[column], errors="coerce").astype("Int64")
    return out


def to_csv(frame: pd.DataFrame, prepare: bool = True) -> str:
    """CSV text: one header line, then the rows (UTF-8 text, '\\n' line ends, formulas neutralised)."""
    ready = _csv_ready(frame) if prepare else frame
    return csv_safe(ready).to_csv(index=False, lineterminator="\n")


def json_value(value: object) -> object:
    """A JSON-safe scalar: NaN/NA -> None, numpy numbers -> Python numbers."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return json_value(value.item())
    return value


def _points(snapshot: Snapshot, rows: pd.DataFrame) -> pd.DataFrame:
    """lon, lat and where the point comes from (locality or municipality centroid) for each row."""
    locs = snapshot["localities"].set_index("cvegeo_loc")[["lon", "lat"]]
    munis = snapshot.municipality_index[["centroid_lon", "centroid_lat"]]
    at_loc = rows["cvegeo_loc"].map(locs["lon"]), rows["cvegeo_loc"].map(locs["lat"])
    known = at_loc[0].notna() & at_loc[1].notna()
    lon = at_loc[0].where(known, rows["cvegeo"].map(munis["centroid_lon"]))
    lat = at_loc[1].where(known, rows["cvegeo"].map(munis["centroid_lat"]))
    return pd.DataFrame({"lon": lon.astype("float64").round(COORD_DIGITS),
                         "lat": lat.astype("float64").round(COORD_DIGITS),
                         "location": known.map({True: "locality", False: "municipality_centroid"})},
                        index=rows.index)


def to_geojson(snapshot: Snapshot, rows: pd.DataFrame, filters: Filters, lang: str) -> str:
    """A FeatureCollection of points (locality if known, else municipality centroid), all columns as properties."""
    features = []
    if len(rows):
        points = _points(snapshot, rows)
        records = rows.to_dict("records")
        for record, lon, lat, where in zip(records, points["lon"], points["lat"], points["location"]):
            props = {k: json_value(v) for k, v in record.items()}
            for flag in ("is_synthetic", "has_missing_amount"):
                props[flag] = None if props.get(flag) is None else bool(props[flag])
            props["location"] = where
            geometry = None if pd.isna(lon) or pd.isna(lat) else {"type": "Point", "coordinates": [lon, lat]}
            features.append({"type": "Feature", "geometry": geometry, "properties": props})
    collection = {"type": "FeatureCollection", "pesos": pesos_label(filters, snapshot), "count": len(features),
                  "features": features}
    text = notice(rows, lang)
    if text:
        collection["notice"] = text
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def filename(kind: str, filters: Filters, ext: str, synthetic: bool) -> str:
    """e.g. mapa3x1_proyectos_2010-2018_estado-32_demostracion.csv (ASCII only)."""
    parts = ["mapa3x1", kind]
    if filters.years != Filters().years:
        parts.append(f"{filters.years[0]}-{filters.years[1]}")
    if filters.state:
        parts.append(f"estado-{filters.state}")
    if filters.selected:
        parts.append(f"municipio-{filters.selected}")
    if filters.category:
        parts.append(filters.category)
    if synthetic:
        parts.append("demostracion")
    return "_".join(parts) + "." + ext
