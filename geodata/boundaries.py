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

from core.accounting import FileAccount, concat_rejects, make_rejects, relative_name
from core.errors import RawDataError
from geodata.polygons import add_measures, check_boundaries, clip_to_neighbours, dissolve_states, fill_missing, \
    make_valid_polygons, sample_keys

TOPO_DIR = "boundaries/mx-geo-topojson"
GPKG_FILE = "boundaries/inegi_municipios_2025_fullres.gpkg"
FULLRES, TOPO, DISSOLVED = "inegi_2025_fullres", "mx_geo_topojson", "dissolved_municipalities"
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

    muni = fill_missing(base[["cvegeo", "cve_ent", "cve_mun", "nombre", "geometry"]], fine_ok[["cvegeo", "geometry"]],
                        base_source=TOPO, precise_source=FULLRES)
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
        columns={"cve": "cve_ent", "nombre": "state_name", "abr": "state_abbr"}), on="cve_ent", how="left",
        validate="1:1")
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
        notes.append(f"{len(bad)} invalid geometries repaired in the TopoJSON municipalities: {sample_keys(bad, 20)} "
                     f"(shapely.make_valid, polygonal parts kept); {len(bad) - len(kept)} of them are then "
                     f"replaced by INEGI 2025 full-resolution geometry{f', kept: {kept}' if kept else ''}")
    fine_bad = f": {sample_keys(repaired['fine'])}" if repaired["fine"] else ""
    notes.append(f"{len(repaired['fine'])} invalid geometries in the INEGI 2025 GPKG{fine_bad}; "
                 f"{int((muni.geometry_source == FULLRES).sum())} municipalities use its geometry, "
                 f"{len(topo_keys)} the TopoJSON")
    if bad := repaired["est"]:
        notes.append(f"{len(bad)} invalid state geometries in estados.topo.json ({sample_keys(bad, 32)}) repaired; "
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
