"""Polygon coverages for the map: simplified per zoom band with shared borders kept shared.

A coverage is a set of polygons that do not overlap and whose shared edges match vertex for
vertex. `coverage_simplify` keeps such a set valid (no gaps, no slivers between neighbours), so
each band is simplified on the whole coverage at once. Quantising to a grid (what geobuf does to
every coordinate anyway) can make two edges that run closer than the grid cross; each band is
therefore cleaned as a whole after rounding (`coverage_clean`, gaps narrower than the tolerance
merged into a neighbour) and re-rounded, and the few polygons still off are repaired locally.
Every band is checked: a valid coverage, no gap the input did not have, no empty polygon.
Pure functions on numpy arrays of shapely geometries.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from geodata.polygons import make_valid_polygons


@dataclass(frozen=True)
class Band:
    """One level of detail: simplification tolerance and coordinate grid, both in degrees."""

    name: str
    tolerance: float
    grid: float

    @property
    def digits(self) -> int:
        """Decimal digits of the grid (geobuf's `precision`)."""
        return int(round(-np.log10(self.grid)))


# finest first: each band is simplified from the previous (unquantised) one, which is faster
# than simplifying the full-resolution coverage three times and gives the same shapes.
BANDS = (
    Band("local", 0.0005, 1e-5),  # ~50 m: one municipality seen up close
    Band("state", 0.004, 1e-4),  # ~400 m: a state filling the screen
    Band("national", 0.03, 1e-3),  # ~3 km: the whole country on a phone or a laptop
)
# A screen pixel over Mexico is 4.5 km at zoom 5 (the country on a laptop), 9 km at zoom 4 (on a
# phone) and 2.2 km at zoom 6, the last zoom that draws the national band (explorer.STATE_ZOOM).
# 0.03° keeps 40k vertices, against 54k at 0.02°: 25 KB less to send and about 40 ms less to decode,
# build and draw on this machine before the first paint, for at most 1.4 px of difference at zoom 6.


def invalid_edge_mask(geoms: np.ndarray) -> np.ndarray:
    """True for polygons with an edge that overlaps or does not match its neighbour's."""
    return ~shapely.is_empty(shapely.coverage_invalid_edges(geoms))


def _neighbourhood(geoms: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Indexes of the masked polygons and of every polygon touching them."""
    tree = shapely.STRtree(geoms)
    return np.unique(tree.query(geoms[mask], predicate="intersects")[1])


def drop_slivers(geoms: np.ndarray, min_area: float) -> np.ndarray:
    """Remove polygon parts smaller than `min_area` (deg²), keeping at least the largest part."""
    parts, idx = shapely.get_parts(geoms, return_index=True)
    area = shapely.area(parts)
    largest = np.zeros(len(parts), dtype=bool)
    order = np.lexsort((-area, idx))  # per geometry, largest part first
    first = np.r_[True, idx[order][1:] != idx[order][:-1]]
    largest[order[first]] = True
    keep = (area >= min_area) | largest
    if keep.all():
        return geoms
    out = np.array([shapely.MultiPolygon() for _ in range(len(geoms))], dtype=object)
    shapely.multipolygons(parts[keep], indices=idx[keep], out=out)
    return out


def quantise(geoms: np.ndarray, grid: float) -> np.ndarray:
    """Round every vertex to the grid (shared vertices stay shared), then repair what rounding broke."""
    snapped = shapely.set_precision(geoms, grid, mode="pointwise")
    snapped, _ = make_valid_polygons(snapped)
    return drop_slivers(snapped, grid * grid)


def make_coverage(geoms: np.ndarray, grid: float = 0.0, snapping: float = -1,
                  rounds: int = 4) -> tuple[np.ndarray, int]:
    """Clean only the polygons whose edges do not match, with their neighbours; re-quantise to `grid`.

    Returns the geometries and the number of polygons still invalid after `rounds` (0 = a valid
    coverage). Cleaning a neighbourhood leaves its outer edges alone, so the rest of the coverage
    keeps its vertices. The first round snaps by `snapping` (-1 = GEOS's default from the extent),
    later rounds by the default; a polygon the cleaner would empty keeps its previous shape.
    """
    out = np.asarray(geoms, dtype=object).copy()
    for attempt in range(rounds):
        bad = invalid_edge_mask(out)
        if not bad.any():
            return out, 0
        sub = _neighbourhood(out, bad)
        cleaned = shapely.coverage_clean(out[sub], snapping_distance=snapping if attempt == 0 else -1)
        cleaned, _ = make_valid_polygons(cleaned)
        cleaned = quantise(cleaned, grid) if grid else cleaned
        lost = shapely.is_empty(cleaned) & ~shapely.is_empty(out[sub])
        cleaned[lost] = out[sub][lost]
        out[sub] = cleaned
    return out, int(invalid_edge_mask(out).sum())


def union_holes(geoms: np.ndarray) -> list[shapely.Polygon]:
    """The enclosed gaps of a coverage: holes of the union of its polygons."""
    try:
        union = shapely.coverage_union_all(geoms)  # fast on a valid coverage
    except shapely.errors.GEOSException:
        union = shapely.union_all(geoms)
    return [shapely.Polygon(ring) for part in shapely.get_parts(union) for ring in part.interiors]


def new_gaps(geoms: np.ndarray, reference_holes: list[shapely.Polygon]) -> list[shapely.Polygon]:
    """Holes of the coverage's union that are not one of the reference (input) holes."""
    holes = union_holes(geoms)
    if not reference_holes:
        return holes
    ref = shapely.STRtree(reference_holes)
    return [h for h in holes if not len(ref.query(shapely.point_on_surface(h), predicate="intersects"))]


def simplify_band(geoms: np.ndarray, band: Band,
                  reference_holes: list[shapely.Polygon]) -> tuple[np.ndarray, np.ndarray, dict]:
    """(simplified, quantised, checks) for one band; `geoms` must be a valid coverage.

    `simplified` is the unquantised result to feed the next, coarser band. The quantised set is
    cleaned as a whole: overlaps left by rounding are given to one side, and gaps narrower than the
    tolerance (rounding leftovers, bays closed by the simplification) to the neighbour with the
    longest border. `checks` tells the vertices, whether the result is a valid coverage and what
    gaps remain that the input did not have.
    """
    simplified = shapely.coverage_simplify(geoms, band.tolerance)
    quantised = quantise(simplified, band.grid)
    cleaned, _ = make_valid_polygons(shapely.coverage_clean(quantised, gap_width=band.tolerance))
    cleaned = quantise(cleaned, band.grid)
    lost = shapely.is_empty(cleaned)
    cleaned[lost] = quantised[lost]
    cleaned, still_bad = make_coverage(cleaned, band.grid)
    gaps = new_gaps(cleaned, reference_holes)
    checks = {
        "tolerance": band.tolerance,
        "grid": band.grid,
        "vertices": int(shapely.get_num_coordinates(cleaned).sum()),
        "coverage_valid": still_bad == 0,
        "invalid_polygons": still_bad,
        "new_gaps": len(gaps),
        "new_gaps_km2": round(sum(g.area for g in gaps) * 111.32 ** 2, 4),  # rough: deg² at the equator
        "empty": int(shapely.is_empty(cleaned).sum()),
    }
    return simplified, cleaned, checks


def dissolve(geoms: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Union the coverage's polygons per key (state outlines that match the municipalities exactly)."""
    uniq = np.unique(keys)
    out = []
    for key in uniq:
        part = geoms[keys == key]
        try:
            union = shapely.coverage_union_all(part)
        except shapely.errors.GEOSException:
            union = shapely.union_all(part)
        out.append(union)
    fixed, _ = make_valid_polygons(np.array(out, dtype=object))
    return uniq, fixed
