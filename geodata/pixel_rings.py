"""Polygons as rings of Web Mercator pixels at zoom 0, in typed arrays the browser reads without parsing.

The explorer draws every municipality of the national band as soon as its map exists
(dashapp/assets/national_layer.js). A geobuf file must be decoded vertex by vertex (zigzag varints into
GeoJSON arrays: 47 ms for the national band in a cold page, plus the garbage it leaves), then every
vertex projected (10 ms more). This file is read with `JSON.parse` for the properties and an `Int32Array` view for
the coordinates, already projected the way Leaflet projects them, so each zoom is one multiplication.
Compressed, it is smaller than the geobuf of the same band (the README's performance section).

Layout (little-endian):

    uint32   H, the byte length of the header
    H bytes  the header, UTF-8 JSON padded with spaces to a multiple of 4 bytes:
             {"format": FORMAT, "scale": S,
              "properties": [{...}, ...],        one object per feature
              "rings": [[n, n, ...], ...]}       per feature, the vertex count of each ring
    int32    x, y of every vertex: each ring open (its first vertex not repeated), ring after ring,
             feature after feature; round(pixel * S), pixel as Leaflet's L.CRS.EPSG3857 at zoom 0

The rings of a feature are its polygons' exteriors and holes in order; the browser fills them with the
even-odd rule (Leaflet's canvas default), so a hole needs no flag.
"""
from __future__ import annotations

import json
import struct

import numpy as np
import shapely

FORMAT = "mapa3x1-pixel-rings/1"
SCALE = 4096  # 1/4096 of a zoom-0 pixel: ~38 m at the equator, finer than the national band's 0.001° grid
MAX_LATITUDE = 85.0511287798  # Leaflet's L.Projection.SphericalMercator.MAX_LATITUDE


def zoom_zero_pixels(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Web Mercator pixels at zoom 0 (256 px for the world), as Leaflet's L.CRS.EPSG3857 computes them."""
    sin = np.sin(np.radians(np.clip(lat, -MAX_LATITUDE, MAX_LATITUDE)))
    x = 256 * (0.5 + np.asarray(lon, dtype=float) / 360)
    y = 256 * (0.5 - np.log((1 + sin) / (1 - sin)) / (4 * np.pi))
    return x, y


def encode(geoms, properties: list[dict], scale: int = SCALE) -> bytes:
    """(Multi)Polygons in WGS84 lon/lat and one properties dict each -> the file's bytes."""
    geoms = np.asarray(geoms, dtype=object)
    if len(geoms) != len(properties):
        raise ValueError(f"{len(geoms)} geometries but {len(properties)} property sets")
    kinds = set(shapely.get_type_id(geoms).tolist()) - {3, 6}  # Polygon, MultiPolygon
    if kinds:
        raise ValueError(f"only Polygon and MultiPolygon can be written (found geometry type ids {sorted(kinds)})")
    polygons, owner = shapely.get_parts(geoms, return_index=True)
    rings, ring_polygon = shapely.get_rings(polygons, return_index=True)
    coords, ring_of_vertex = shapely.get_coordinates(rings, return_index=True)
    closing = np.r_[ring_of_vertex[1:] != ring_of_vertex[:-1], True]  # each ring's last vertex repeats its first
    coords, ring_of_vertex = coords[~closing], ring_of_vertex[~closing]
    x, y = zoom_zero_pixels(coords[:, 0], coords[:, 1])
    xy = np.empty(2 * len(x), dtype="<i4")
    xy[0::2], xy[1::2] = np.round(x * scale), np.round(y * scale)
    counts = np.bincount(ring_of_vertex, minlength=len(rings))
    ring_feature = owner[ring_polygon]
    per_feature: list[list[int]] = [[] for _ in range(len(geoms))]
    for feature, count in zip(ring_feature.tolist(), counts.tolist()):
        per_feature[feature].append(count)
    header = json.dumps({"format": FORMAT, "scale": scale, "properties": properties, "rings": per_feature},
                        separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    header += b" " * (-len(header) % 4)
    return struct.pack("<I", len(header)) + header + xy.tobytes()


def decode(data: bytes) -> tuple[dict, np.ndarray]:
    """The file's bytes -> (header, int32 array of x, y pairs): what the browser reads, for checks and tests."""
    if len(data) < 4:
        raise ValueError("not a pixel-rings file: shorter than its 4-byte header length")
    (size,) = struct.unpack_from("<I", data)
    if size % 4 or 4 + size > len(data) or (len(data) - 4 - size) % 8:
        raise ValueError(f"not a pixel-rings file: header of {size} bytes in a file of {len(data)}")
    header = json.loads(data[4:4 + size].decode("utf-8"))
    if header.get("format") != FORMAT:
        raise ValueError(f"not a pixel-rings file: format {header.get('format')!r}, expected {FORMAT!r}")
    xy = np.frombuffer(data, dtype="<i4", offset=4 + size).reshape(-1, 2)
    if sum(map(sum, header["rings"])) != len(xy):
        raise ValueError("pixel-rings file: its ring lengths do not add up to its vertices")
    return header, xy
