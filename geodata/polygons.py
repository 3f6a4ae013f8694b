"""Pure geometry functions on a set of municipality polygons: repair to valid MultiPolygons, take the
geometry from a finer source where it has the key, fit a coarse polygon into its precise neighbours,
dissolve states, add centroids and areas, and list what is wrong with a layer.

No file is read here (geodata/boundaries.py reads the raw boundaries and uses these); every function
takes and returns arrays of shapely geometries or GeoDataFrames.
"""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

# Albers equal-area conic fitted to Mexico. EPSG:6372 (Mexico ITRF2008 / LCC) is conformal, not
# equal-area, so it would misstate areas; an equal-area projection gives true areas everywhere.
AREA_CRS = "+proj=aea +lat_0=12 +lon_0=-102 +lat_1=17.5 +lat_2=29.5 +datum=WGS84 +units=m +no_defs"
MEXICO_BOUNDS = (-119.0, 14.0, -86.0, 33.0)  # lon/lat box: Isla Guadalupe .. Quintana Roo, Tijuana


def as_multipolygons(geoms: np.ndarray) -> np.ndarray:
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
    out[redo] = as_multipolygons(out[redo])
    return out, invalid


def fill_missing(base: gpd.GeoDataFrame, precise: gpd.GeoDataFrame, base_source: str, precise_source: str,
                 key: str = "cvegeo") -> gpd.GeoDataFrame:
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
        geoms[i] = as_multipolygons(np.array([shapely.union_all(np.concatenate([[clipped], holes]))]))[0]
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


def sample_keys(keys, n: int = 10) -> str:
    """The first n keys, comma-separated, and how many more."""
    keys = list(keys)
    return ", ".join(map(str, keys[:n])) + (f" … (+{len(keys) - n})" if len(keys) > n else "")


def check_boundaries(gdf: gpd.GeoDataFrame, expected_keys=None, key: str = "cvegeo") -> list[str]:
    """Human-readable problems: duplicate/missing/unexpected keys, empty, invalid, non-polygonal
    geometries, bounds outside Mexico, a CRS other than EPSG:4326. Empty list = all good."""
    problems: list[str] = []
    keys = gdf[key].astype(str)
    if dup := sorted(keys[keys.duplicated()].unique()):
        problems.append(f"{len(dup)} duplicate {key}: {sample_keys(dup)}")
    if expected_keys is not None:
        expected = set(map(str, expected_keys))
        if missing := sorted(expected - set(keys)):
            problems.append(f"{len(missing)} {key} of the index missing: {sample_keys(missing)}")
        if extra := sorted(set(keys) - expected):
            problems.append(f"{len(extra)} {key} not in the index: {sample_keys(extra)}")
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
            problems.append(f"{int(bad.sum())} {what}: {sample_keys(keys[bad])}")
    if gdf.crs is not None and gdf.crs.to_epsg() != 4326:
        problems.append(f"CRS is {gdf.crs.to_string()}, expected EPSG:4326 (lon/lat)")
    return problems
