"""The map layers written at build time: compact files per zoom band, geobuf read by dash-leaflet, and the
national band once more as pixel rings for the explorer's first paint.

Geometry reaches the browser once, as static files under `/layers/<version>/`; every later change
of layer, year or filter restyles those features by their `cvegeo` (and `i`, the feature's position
in the cvegeo-sorted list of municipalities, which lets the app send values as plain arrays).

Files (geobuf but one, coordinates rounded to the band's grid):
  mun_national.pbf          every municipality, national band; properties cvegeo, i, n (name)
  mun_national.bin          the same, as pixel rings (geodata/pixel_rings.py): what the explorer draws
                            first, read without parsing; the gaps page reads the geobuf
  mun_state/<cve_ent>.pbf   one state's municipalities, state band; same properties
  mun_local/<cvegeo>.pbf    one municipality in local detail (the selected one)
  states_national.pbf       state outlines dissolved from the national band; property cve_ent
  states_state.pbf          state outlines dissolved from the state band
  centroids.pbf             one point inside each municipality (for proportional circles); cvegeo, i
                            (names come from the polygons: 25 KB less to send)
  layers.json               this manifest: bytes, gzip bytes, features and vertices per file, and
                            the checks of each band (valid coverage, gaps filled)
FlatGeobuf was measured as well: it stores float64 coordinates (16 bytes a vertex); the national
band (at 0.02°, 54k vertices) is 1.36 MB (347 KB gzipped) as FlatGeobuf against 246 KB (166 KB
gzipped) as geobuf, whose integer deltas at a 0.001° grid take one or two bytes. So geobuf it is.
"""
from __future__ import annotations

import gzip
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import geobuf
import geopandas as gpd
import numpy as np
import shapely

from geodata import pixel_rings
from geodata.coverage import BANDS, dissolve, make_coverage, simplify_band, union_holes

MANIFEST = "layers.json"
CENTROID_DIGITS = 4  # ~10 m: a circle's centre


def _feature(geom, props: dict) -> dict:
    return {"type": "Feature", "properties": props, "geometry": shapely.geometry.mapping(geom)}


def _save(folder: Path, name: str, data: bytes, manifest: dict, features: int, vertices: int) -> None:
    """Write a layer file and record its sizes in `manifest`."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    manifest[name] = {"bytes": len(data), "gzip_bytes": len(gzip.compress(data, 6)),
                      "features": features, "vertices": int(vertices)}


def _write(folder: Path, name: str, features: list[dict], digits: int, manifest: dict, vertices: int) -> None:
    """Encode a FeatureCollection as geobuf and save it."""
    data = geobuf.encode({"type": "FeatureCollection", "features": features}, digits)
    _save(folder, name, data, manifest, len(features), vertices)


def _write_rings(folder: Path, name: str, geoms: np.ndarray, properties: list[dict], manifest: dict) -> None:
    """Encode polygons as pixel rings (geodata/pixel_rings.py) and save them; the vertex count is read
    back from what was written."""
    data = pixel_rings.encode(geoms, properties)
    _save(folder, name, data, manifest, len(properties), len(pixel_rings.decode(data)[1]))


def _municipal_properties(frame, rows, with_name: bool = True) -> list[dict]:
    out = []
    for i in rows:
        props = {"cvegeo": frame.at[i, "cvegeo"], "i": int(i)}
        if with_name:
            props["n"] = frame.at[i, "municipality_name"]
        out.append(props)
    return out


def _municipal_features(frame, geoms: np.ndarray, rows, with_name: bool = True) -> list[dict]:
    return [_feature(geoms[i], props) for i, props in zip(rows, _municipal_properties(frame, rows, with_name))]


def _simplify_all(geoms: np.ndarray) -> tuple[dict[str, np.ndarray], dict]:
    """Clean the input coverage once, then simplify it band by band (finest first)."""
    started = time.perf_counter()
    base, still_bad = make_coverage(geoms, snapping=0)  # no snapping: the input's vertices stay put
    holes = union_holes(base)
    checks: dict = {"input": {"vertices": int(shapely.get_num_coordinates(geoms).sum()),
                              "coverage_valid_after_clean": still_bad == 0, "holes": len(holes)}}
    bands, previous = {}, base
    for band in BANDS:
        previous, bands[band.name], checks[band.name] = simplify_band(previous, band, holes)
    checks["seconds"] = round(time.perf_counter() - started, 1)
    return bands, checks


def _write_all(folder: Path, frame, bands: dict[str, np.ndarray]) -> dict:
    digits = {band.name: band.digits for band in BANDS}
    vertices = {name: shapely.get_num_coordinates(geoms) for name, geoms in bands.items()}
    manifest: dict = {}
    rows = np.arange(len(frame))

    def municipal(name: str, band: str, members, with_name: bool = True) -> None:
        _write(folder, name, _municipal_features(frame, bands[band], members, with_name), digits[band], manifest,
               vertices[band][members].sum())

    municipal("mun_national.pbf", "national", rows)
    _write_rings(folder, "mun_national.bin", bands["national"], _municipal_properties(frame, rows), manifest)
    states = frame["cve_ent"].to_numpy()
    for code in sorted(set(states)):
        municipal(f"mun_state/{code}.pbf", "state", np.flatnonzero(states == code))
    for i in rows:
        municipal(f"mun_local/{frame.at[i, 'cvegeo']}.pbf", "local", [i], with_name=False)
    for band in ("national", "state"):
        codes, outlines = dissolve(bands[band], states)
        _write(folder, f"states_{band}.pbf", [_feature(g, {"cve_ent": c}) for c, g in zip(codes, outlines)],
               digits[band], manifest, shapely.get_num_coordinates(outlines).sum())
    points = shapely.points(frame["centroid_lon"].round(CENTROID_DIGITS), frame["centroid_lat"].round(CENTROID_DIGITS))
    _write(folder, "centroids.pbf", [_feature(p, {"cvegeo": frame.at[i, "cvegeo"], "i": int(i)})
                                     for i, p in zip(rows, points)], CENTROID_DIGITS, manifest, len(points))
    return manifest


def _swap_in(tmp: Path, out_dir: Path) -> None:
    """Replace out_dir by tmp: rename the old folder aside, rename the new one in, delete the old."""
    old = None
    if out_dir.exists():
        old = out_dir.with_name(f".{out_dir.name}-old-{os.getpid()}-{time.time_ns()}")
        out_dir.rename(old)
    tmp.rename(out_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def write_layers(municipalities: gpd.GeoDataFrame, states: gpd.GeoDataFrame, out_dir: Path,
                 version: str | None = None) -> dict:
    """Write every map layer into `out_dir` (replaced as a whole) and return the manifest.

    `municipalities`: valid WGS84 (Multi)Polygons with cvegeo, cve_ent, municipality_name,
    centroid_lon, centroid_lat; `states`: cve_ent + geometry (used for the state bounding boxes).
    `version` (optional) is recorded in layers.json, e.g. the store's built_at, so a server can tell
    which store the files belong to. Returns {file: {bytes, gzip_bytes, features, vertices}};
    layers.json also holds the band checks and the state bounding boxes.
    """
    out_dir = Path(out_dir)
    frame = municipalities.sort_values("cvegeo", kind="stable").reset_index(drop=True)
    frame["cvegeo"] = frame["cvegeo"].astype(str)
    frame["cve_ent"] = frame["cve_ent"].astype(str)
    frame["municipality_name"] = frame["municipality_name"].astype(str)
    bands, checks = _simplify_all(np.asarray(frame.geometry.array, dtype=object))
    bounds = shapely.bounds(np.asarray(states.geometry.array, dtype=object))
    state_bounds = {str(c): [round(float(v), 3) for v in b] for c, b in zip(states["cve_ent"], bounds)}

    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-new-", dir=out_dir.parent))
    try:
        os.chmod(tmp, 0o755)
        manifest = _write_all(tmp, frame, bands)
        document = {"format": "geobuf", "version": version, "count": len(frame),
                    "keys": "property i = position in cvegeo order",
                    "bands": checks, "state_bounds": state_bounds, "files": manifest}
        (tmp / MANIFEST).write_text(json.dumps(document, indent=1, ensure_ascii=False), encoding="utf-8")
        _swap_in(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return manifest
