"""Municipality and state boundaries: the 2,475-key base, at full resolution where INEGI 2025 has it.

The mx-geo TopoJSON set has every municipality but is simplified; the INEGI 2025 GeoPackage is
precise but lacks Mulegé (03002). The TopoJSON keys are the base, geometry comes from the GeoPackage
where present, and a TopoJSON fill is clipped by its full-resolution neighbours so the coverage has
no overlap there (and takes the enclosed gaps the clip leaves). State outlines are dissolved from the
municipality polygons; estados.topo.json gives only names and abbreviations. For vector files
`source_row` is the 1-based feature number.
"""
from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from etl.base import FileAccount, RawDataError, concat_rejects, make_rejects, relative_name

TOPO_DIR = "boundaries/mx-geo-topojson"
GPKG_FILE = "boundaries/inegi_municipios_2025_fullres.gpkg"
FULLRES, TOPO, DISSOLVED = "inegi_2025_fullres", "mx_geo_topojson", "dissolved_municipalities"
# Albers equal-area conic fitted to Mexico. EPSG:6372 (Mexico ITRF2008 / LCC) is conformal, not
# equal-area, so it would misstate areas; an equal-area projection gives true areas everywhere.
AREA_CRS = "+proj=aea +lat_0=12 +lon_0=-102 +lat_1=17.5 +lat_2=29.5 +datum=WGS84 +units=m +no_defs"
MEXICO_BOUNDS = (-119.0, 14.0, -86.0, 33.0)  # lon/lat box: Isla Guadalupe .. Quintana Roo, Tijuana
_ARROW = importlib.util.find_spec("pyarrow") is not None
_FIX = "restore the file as published (see MANIFEST.csv) or run `mapa3x1 fetch`"
_FETCH = "run `mapa3x1 fetch` or point --raw-dir at the raw data folder"


@dataclass
class Boundaries:
    """Everything the boundaries stage hands to the build."""

    municipalities: gpd.GeoDataFrame
    states: gpd.GeoDataFrame
    names: pd.DataFrame
    accounts: list[FileAccount] = field(default_factory=list)
    rejects: pd.DataFrame = field(default_factory=lambda: concat_rejects([]))
    notes: list[str] = field(default_factory=list)


# --- pure geometry functions --------------------------------------------------------------------

def _multipolygons(geoms: np.ndarray) -> np.ndarray:
    """Rebuild each geometry as a MultiPolygon from its polygonal parts (lines/points dropped)."""
    parts, idx = shapely.get_parts(geoms, return_index=True)
    parts, sub = shapely.get_parts(parts, return_index=True)  # flatten collections a second level
    idx = idx[sub]
    keep = (shapely.get_type_id(parts) == 3) & ~shapely.is_empty(parts)
    out = np.array([shapely.MultiPolygon() for _ in range(len(geoms))], dtype=object)
    if keep.any():
        shapely.multipolygons(parts[keep], indices=idx[keep], out=out)
    return out


def make_valid_polygons(geoms) -> tuple[np.ndarray, np.ndarray]:
    """Return (geometries as valid MultiPolygons, mask of those that were invalid before)."""
    geoms = np.asarray(geoms, dtype=object)
    invalid = ~shapely.is_valid(geoms) & ~shapely.is_missing(geoms)
    out = geoms.copy()
    out[invalid] = shapely.make_valid(geoms[invalid], method="structure", keep_collapsed=False)
    redo = ~shapely.is_missing(out) & (shapely.get_type_id(out) != 6)
    out[redo] = _multipolygons(out[redo])
    return out, invalid


def fill_missing(base: gpd.GeoDataFrame, precise: gpd.GeoDataFrame, key: str = "cvegeo",
                 base_source: str = TOPO, precise_source: str = FULLRES) -> gpd.GeoDataFrame:
    """`base` rows with geometry from `precise` where it has the key; `geometry_source` says which."""
    aligned = np.asarray(precise.set_index(key).geometry.reindex(base[key]).array, dtype=object)
    hit = base[key].isin(precise[key]).to_numpy()
    out = base.copy()
    out["geometry"] = gpd.GeoSeries(np.where(hit, aligned, np.asarray(base.geometry.array)),
                                    index=base.index, crs=base.crs)
    out["geometry_source"] = np.where(hit, precise_source, base_source)
    return out


def clip_to_neighbours(gdf: gpd.GeoDataFrame, mask, key: str = "cvegeo") -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """Fit each masked (coarse) geometry into the unmasked (precise) coverage around it.

    Subtract the union of the precise geometries it intersects, so nothing overlaps (the precise ones
    win); then add the enclosed gaps left between it and them (holes of their union touching it that
    no precise geometry covers): that land is in no precise municipality, so it is the coarse one's.
    Returns the fitted frame and per masked row: neighbours, km² of overlap removed and of gap filled.
    """
    mask = np.asarray(mask, dtype=bool)
    geoms = np.asarray(gdf.geometry.array, dtype=object).copy()
    others, other_keys = geoms[~mask], gdf[key].to_numpy()[~mask]
    tree, report = shapely.STRtree(others), []
    for i in np.flatnonzero(mask):  # a handful of rows; the heavy work is vectorised in GEOS
        before, hits = geoms[i], tree.query(geoms[i], predicate="intersects")
        clipped = shapely.difference(before, shapely.union_all(others[hits])) if len(hits) else before
        local = shapely.get_parts(shapely.union_all(np.concatenate([[clipped], others[hits]])))
        holes = np.array([shapely.Polygon(r) for p in local for r in p.interiors], dtype=object)
        holes = holes[shapely.intersects(holes, clipped)] if len(holes) else holes
        if len(holes):  # an enclave of another precise municipality inside a hole stays its own
            holes = shapely.difference(holes, shapely.union_all(others[tree.query(holes, "intersects")[1]]))
        geoms[i] = _multipolygons(np.array([shapely.union_all(np.concatenate([[clipped], holes]))]))[0]
        km2 = gpd.GeoSeries([shapely.difference(before, clipped), shapely.union_all(holes)], crs=gdf.crs)
        km2 = km2.to_crs(AREA_CRS).area.to_numpy() / 1e6 if gdf.crs else km2.area.to_numpy()
        report.append({key: gdf[key].iloc[i], "neighbours": sorted(map(str, other_keys[hits])),
                       "removed_km2": float(km2[0]), "gaps_filled_km2": float(km2[1]),
                       "parts": int(shapely.get_num_geometries(geoms[i]))})
    out = gdf.copy()
    out["geometry"] = gpd.GeoSeries(geoms, index=gdf.index, crs=gdf.crs)
    return out, pd.DataFrame(report, columns=[key, "neighbours", "removed_km2", "gaps_filled_km2", "parts"])


def dissolve_states(gdf: gpd.GeoDataFrame, by: str = "cve_ent") -> tuple[dict[str, object], dict[str, str]]:
    """Union each state's municipality polygons so state outlines align with the municipality layer.

    coverage_union is fast and exact when the polygons form a coverage (edges match vertex for
    vertex). It is accepted only if its result is valid and keeps the summed area (overlaps or
    mismatched edges break one or the other); otherwise the robust, slower union_all is used.
    """
    geoms, methods = {}, {}
    for code, part in gdf.groupby(by, sort=True).geometry:
        arr = np.asarray(part.array, dtype=object)
        try:
            union = shapely.coverage_union_all(arr)
            ok = shapely.is_valid(union) and np.isclose(shapely.area(union), shapely.area(arr).sum(), rtol=1e-9)
        except shapely.errors.GEOSException:  # "incorrectly noded inputs"
            ok = False
        geoms[code], methods[code] = (union, "coverage_union") if ok else (shapely.union_all(arr), "union_all")
    return geoms, methods


def add_measures(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Add centroid_lon/lat (point_on_surface, always inside) and area_km2 (Albers equal-area)."""
    out = gdf.copy()
    points = shapely.point_on_surface(np.asarray(gdf.geometry.array, dtype=object))
    out["centroid_lon"], out["centroid_lat"] = shapely.get_x(points), shapely.get_y(points)
    out["area_km2"] = gdf.geometry.to_crs(AREA_CRS).area.to_numpy() / 1e6
    return out


def _sample(keys, n: int = 10) -> str:
    keys = list(keys)
    return ", ".join(map(str, keys[:n])) + (f" … (+{len(keys) - n})" if len(keys) > n else "")


def check_boundaries(gdf: gpd.GeoDataFrame, expected_keys=None, key: str = "cvegeo") -> list[str]:
    """Human-readable problems: duplicate/missing/unexpected keys, empty, invalid, non-polygonal
    geometries, bounds outside Mexico, a CRS other than EPSG:4326. Empty list = all good."""
    problems: list[str] = []
    keys = gdf[key].astype(str)
    if dup := sorted(keys[keys.duplicated()].unique()):
        problems.append(f"{len(dup)} duplicate {key}: {_sample(dup)}")
    if expected_keys is not None:
        expected = set(map(str, expected_keys))
        if missing := sorted(expected - set(keys)):
            problems.append(f"{len(missing)} {key} of the index missing: {_sample(missing)}")
        if extra := sorted(set(keys) - expected):
            problems.append(f"{len(extra)} {key} not in the index: {_sample(extra)}")
    geoms = np.asarray(gdf.geometry.array, dtype=object)
    empty = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    checks = {
        "empty or missing geometry": empty,
        "invalid geometry": ~empty & ~shapely.is_valid(geoms),
        "non-polygonal geometry": ~empty & ~np.isin(shapely.get_type_id(geoms), [3, 6]),
    }
    b = shapely.bounds(geoms)
    x0, y0, x1, y1 = MEXICO_BOUNDS
    checks["bounds outside Mexico"] = ~empty & ((b[:, 0] < x0) | (b[:, 1] < y0) | (b[:, 2] > x1) | (b[:, 3] > y1))
    for what, bad in checks.items():
        if bad.any():
            problems.append(f"{int(bad.sum())} {what}: {_sample(keys[bad])}")
    if gdf.crs is not None and gdf.crs.to_epsg() != 4326:
        problems.append(f"CRS is {gdf.crs.to_string()}, expected EPSG:4326 (lon/lat)")
    return problems


def to_wkb_frame(gdf: gpd.GeoDataFrame, key: str) -> pd.DataFrame:
    """Rows for the *_geometry tables: key, WKB bytes (lon/lat), geometry_source."""
    return pd.DataFrame({key: gdf[key].to_numpy(),
                         "geometry_wkb": shapely.to_wkb(np.asarray(gdf.geometry.array, dtype=object)),
                         "geometry_source": gdf["geometry_source"].to_numpy()})


def name_variants(sources: list[tuple[str, pd.DataFrame]], keys=None) -> pd.DataFrame:
    """Every spelling per municipality: (name_source, frame with cvegeo + name), first source wins."""
    frames = [df[["cvegeo", "name"]].assign(name_source=src) for src, df in sources]
    names = pd.concat(frames, ignore_index=True).astype("string")
    names["name"] = names["name"].str.strip()
    names = names[names["name"].fillna("") != ""]
    if keys is not None:
        names = names[names["cvegeo"].isin(set(keys))]
    return names.drop_duplicates(["cvegeo", "name"]).sort_values("cvegeo", kind="stable").reset_index(drop=True)


# --- reading (I/O at the edge) ------------------------------------------------------------------

def _read_vector(path: Path, layer: str | None, columns: list[str], raw_dir: Path) -> gpd.GeoDataFrame:
    """Read one layer with pyogrio (Arrow when available); broken input becomes RawDataError."""
    if not path.exists():
        raise RawDataError(path, "file not found", _FETCH)
    try:
        gdf = pyogrio.read_dataframe(path, layer=layer, columns=columns, use_arrow=_ARROW)
    except pyogrio.errors.DataLayerError:
        found = [str(name) for name in pyogrio.list_layers(path)[:, 0]]
        raise RawDataError(path, f"has no object/layer {layer!r}; found {found}", _FIX) from None
    except pyogrio.errors.DataSourceError as exc:
        raise RawDataError(path, f"cannot be read as a vector file ({exc})", _FIX) from None
    if missing := [c for c in columns if c not in gdf.columns]:  # pyogrio skips unknown columns silently
        found = list(pyogrio.read_info(path, layer=layer)["fields"])
        raise RawDataError(path, f"missing column(s) {missing}; found {found}", _FIX, column=missing[0])
    # no CRS tag means WGS84 lon/lat (README); anything else tagged is reprojected to it
    gdf = gdf.set_crs(4326) if gdf.crs is None else gdf.to_crs(4326)
    gdf[columns] = gdf[columns].astype("string")
    gdf.insert(0, "source_row", pd.array(np.arange(1, len(gdf) + 1), dtype="Int64"))
    gdf.insert(0, "source_file", relative_name(path, raw_dir))
    return gdf


def _read_index(path: Path, raw_dir: Path) -> pd.DataFrame:
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RawDataError(path, "file not found", _FETCH) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise RawDataError(path, f"is not valid UTF-8 JSON ({exc})", _FIX) from None
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise RawDataError(path, "is not a JSON list of objects", _FIX)
    df = pd.DataFrame(rows, dtype="string")
    if missing := [c for c in ("cvegeo", "nombre") if c not in df.columns]:
        raise RawDataError(path, f"missing field(s) {missing}; found {list(df.columns)}", _FIX, column=missing[0])
    df.insert(0, "source_row", pd.array(np.arange(1, len(df) + 1), dtype="Int64"))
    df.insert(0, "source_file", relative_name(path, raw_dir))
    return df


def _screen(df: pd.DataFrame, key: str = "cvegeo", width: int = 5, allowed=None) -> np.ndarray:
    """Reject reason per row ('' = keep): malformed key, key != cve_ent + cve_mun, no polygon left
    after repair, key outside `allowed`, duplicate key (first kept)."""
    k = df[key].astype("string").str.strip()
    rules = [(~k.str.fullmatch(rf"\d{{{width}}}").fillna(False).astype(bool), f"{key} is not a {width}-digit key")]
    if {"cve_ent", "cve_mun"} <= set(df.columns) and key == "cvegeo":
        rules.append(((k != df["cve_ent"].str.strip() + df["cve_mun"].str.strip()).fillna(True).astype(bool),
                      "cvegeo differs from cve_ent + cve_mun"))
    if "geometry" in df.columns:
        g = np.asarray(df.geometry.array, dtype=object)
        rules.append((shapely.is_missing(g) | shapely.is_empty(g), "no polygon geometry (empty after repair)"))
    if allowed is not None:
        rules.append((~k.isin(set(allowed)).fillna(False).astype(bool), "key not in the 2,475-key TopoJSON base"))
    reason = np.select([np.asarray(m, dtype=bool) for m, _ in rules], [r for _, r in rules], default="")
    dup = (reason == "") & k.where(pd.Series(reason == "", index=df.index)).duplicated(keep="first").to_numpy()
    return np.where(dup & k.notna().to_numpy(), f"duplicate {key} (first occurrence kept)", reason)


def _account(df: pd.DataFrame, reason: np.ndarray, key: str | None = "cvegeo") -> tuple[list, list]:
    """Per source file: a FileAccount (read = loaded + rejected) and the rejected rows with reasons."""
    accounts, rejects = [], []
    for name, idx in df.groupby("source_file", sort=True).groups.items():
        rows, why = df.loc[idx], pd.Series(reason[df.index.get_indexer(idx)], index=idx)
        bad = why != ""
        covered = int(rows.loc[~bad, key].nunique()) if key else None
        accounts.append(FileAccount(name, len(rows), int((~bad).sum()), int(bad.sum()), covered))
        raw = rows.loc[bad].drop(columns=["source_file", "geometry"], errors="ignore")
        rejects.append(make_rejects(pd.DataFrame(raw), why[bad], name))
    return accounts, rejects


def load_boundaries(raw_dir: Path) -> Boundaries:
    """Read the boundary files under `raw_dir` into the 2,475-municipality and 32-state layers."""
    raw_dir = Path(raw_dir)
    topo_dir = raw_dir / TOPO_DIR
    topo = pd.concat([_read_vector(topo_dir / "municipios" / f"{e:02d}.json", "muni",
                                   ["cvegeo", "cve_ent", "cve_mun", "nombre"], raw_dir) for e in range(1, 33)],
                     ignore_index=True)
    fine = _read_vector(raw_dir / GPKG_FILE, None, ["cvegeo", "cve_ent", "cve_mun", "nomgeo", "pob"], raw_dir)
    est = _read_vector(topo_dir / "estados.topo.json", "estados", ["cve", "nombre", "abr"], raw_dir)
    index = _read_index(topo_dir / "municipios-index.json", raw_dir)
    repaired = {}
    for label, frame, key in (("topo", topo, "cvegeo"), ("fine", fine, "cvegeo"), ("est", est, "cve")):
        geoms, invalid = make_valid_polygons(frame.geometry.array)  # repair first: empty results get rejected
        frame["geometry"] = gpd.GeoSeries(geoms, index=frame.index, crs=4326)
        repaired[label] = sorted(frame.loc[invalid, key])
    # state geometry is not used (outlines are dissolved), so a state is screened on its key only
    why = {"topo": _screen(topo), "est": _screen(est.drop(columns="geometry"), "cve", 2), "index": _screen(index)}
    base = topo[why["topo"] == ""]
    why["fine"] = _screen(fine, allowed=base["cvegeo"])
    fine_ok, est_ok = fine[why["fine"] == ""], est[why["est"] == ""]

    muni = fill_missing(base[["cvegeo", "cve_ent", "cve_mun", "nombre", "geometry"]], fine_ok[["cvegeo", "geometry"]])
    filled = (muni["geometry_source"] == TOPO).to_numpy()
    muni, clipped = clip_to_neighbours(muni, filled)
    muni = muni.rename(columns={"nombre": "municipality_name"})
    muni["name_2025"] = muni["cvegeo"].map(fine_ok.set_index("cvegeo")["nomgeo"])
    muni["state_name"] = muni["cve_ent"].map(est_ok.set_index("cve")["nombre"])
    if muni["state_name"].isna().any():
        orphan = sorted(muni.loc[muni["state_name"].isna(), "cve_ent"].unique())
        raise RawDataError(topo_dir / "estados.topo.json", f"no state for cve_ent {orphan}", _FIX)
    muni = add_measures(muni)[["cvegeo", "cve_ent", "cve_mun", "municipality_name", "name_2025", "state_name",
                               "geometry_source", "centroid_lon", "centroid_lat", "area_km2", "geometry"]]
    muni = muni.sort_values("cvegeo").reset_index(drop=True)
    if problems := check_boundaries(muni, expected_keys=index.loc[why["index"] == "", "cvegeo"]):
        raise RawDataError(topo_dir, "; ".join(problems), _FIX)

    state_geoms, methods = dissolve_states(muni)
    states = gpd.GeoDataFrame({"cve_ent": list(state_geoms), "geometry_source": DISSOLVED},
                              geometry=make_valid_polygons(list(state_geoms.values()))[0], crs=4326)
    states = states.merge(est_ok[["cve", "nombre", "abr"]].rename(
        columns={"cve": "cve_ent", "nombre": "state_name", "abr": "state_abbr"}), on="cve_ent", how="left")
    states = states[["cve_ent", "state_name", "state_abbr", "geometry_source", "geometry"]]
    if problems := check_boundaries(states, expected_keys=est_ok["cve"], key="cve_ent"):
        raise RawDataError(topo_dir / "estados.topo.json", "; ".join(problems), _FIX)

    keys = muni["cvegeo"]
    names = name_variants([("canonical", base.rename(columns={"nombre": "name"})),
                           ("inegi_2025", fine_ok.rename(columns={"nomgeo": "name"})),
                           ("mx_geo_index", index.rename(columns={"nombre": "name"}))], keys)
    accounts, rejects = [], []
    for frame, tag, key in ((topo, "topo", "cvegeo"), (est, "est", None), (index, "index", "cvegeo"),
                            (fine, "fine", "cvegeo")):
        acc, rej = _account(frame, why[tag], key)
        accounts += acc
        rejects += rej

    notes = _notes(muni, clipped, repaired, fine_ok, methods)
    return Boundaries(muni, states, names, accounts, concat_rejects(rejects), notes)


def _notes(muni, clipped: pd.DataFrame, repaired: dict, fine: pd.DataFrame, methods: dict) -> list[str]:
    """Facts for the quality report, worded for a reader of the report."""
    names = muni.set_index("cvegeo")["municipality_name"]
    notes = [f"{r.cvegeo} {names[r.cvegeo]} is missing from the INEGI 2025 GPKG: filled from the TopoJSON and "
             f"clipped by the union of its full-resolution neighbours ({', '.join(r.neighbours) or 'none'}), "
             f"removing {r.removed_km2:.1f} km² of overlap, and given the {r.gaps_filled_km2:.1f} km² of enclosed "
             f"gaps left between them; {r.parts} polygon parts (coarse coast kept)"
             for r in clipped.itertuples()]
    topo_keys = set(muni.loc[muni.geometry_source == TOPO, "cvegeo"])
    if bad := repaired["topo"]:
        kept = [k for k in bad if k in topo_keys]
        notes.append(f"{len(bad)} invalid geometries repaired in the TopoJSON municipalities: {_sample(bad, 20)} "
                     f"(shapely.make_valid, polygonal parts kept); {len(bad) - len(kept)} of them are then "
                     f"replaced by INEGI 2025 full-resolution geometry{f', kept: {kept}' if kept else ''}")
    fine_bad = f": {_sample(repaired['fine'])}" if repaired["fine"] else ""
    notes.append(f"{len(repaired['fine'])} invalid geometries in the INEGI 2025 GPKG{fine_bad}; "
                 f"{int((muni.geometry_source == FULLRES).sum())} municipalities use its geometry, "
                 f"{len(topo_keys)} the TopoJSON")
    if bad := repaired["est"]:
        notes.append(f"{len(bad)} invalid state geometries in estados.topo.json ({_sample(bad, 32)}) repaired; "
                     "only its names and abbreviations are used, state outlines are dissolved from municipalities")
    zero = fine[pd.to_numeric(fine["pob"], errors="coerce") == 0]
    if len(zero):
        notes.append(f"{len(zero)} municipalities have pob = 0 in the GPKG: "
                     + ", ".join(f"{k} {n}" for k, n in zip(zero.cvegeo, zero.nomgeo)))
    diff = muni[muni["name_2025"].notna() & (muni["name_2025"] != muni["municipality_name"])]
    if len(diff):
        notes.append(f"names differ in {len(diff)} municipalities: " + "; ".join(
            f"{k} '{a}' (TopoJSON) / '{b}' (INEGI 2025)" for k, a, b in
            zip(diff.cvegeo, diff.municipality_name, diff.name_2025)))
    robust = [k for k, m in methods.items() if m == "union_all"]
    notes.append(f"state outlines dissolved from the municipality polygons: coverage_union for "
                 f"{len(methods) - len(robust)} states, union_all for {len(robust)} whose municipality edges "
                 f"do not match vertex for vertex ({', '.join(robust)})")
    return notes
