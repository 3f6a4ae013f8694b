"""Map layers: simplified coverages keep shared borders, quantised polygons stay valid, files round-trip.

The layers of the real boundaries are an integration test (tests/integration/test_layers.py)."""
from __future__ import annotations

import json
import math
from pathlib import Path

import geobuf
import geopandas as gpd
import numpy as np
import pytest
import shapely

from geodata import pixel_rings
from geodata.coverage import Band, drop_slivers, quantise, simplify_band, union_holes
from geodata.layers import MANIFEST, write_layers


def _wiggle(x0: float, x1: float, y: float, n: int = 400, amp: float = 0.01) -> list[tuple[float, float]]:
    """A wiggly west-east line (a border with many vertices), from x0 to x1 at latitude ~y."""
    xs = np.linspace(x0, x1, n)
    return [(float(x), y + amp * math.sin(40 * x) + amp / 3 * math.sin(170 * x)) for x in xs]


def _coverage() -> np.ndarray:
    """Three municipalities stacked north-south: A above B above C, sharing two wiggly borders."""
    top, mid = _wiggle(-103.0, -102.0, 22.6), _wiggle(-103.0, -102.0, 22.3)
    a = shapely.Polygon([(-103.0, 23.0), (-102.0, 23.0), *reversed(top)])
    b = shapely.Polygon([*top, *reversed(mid)])
    c = shapely.Polygon([*mid, (-102.0, 22.0), (-103.0, 22.0)])
    geoms = np.array([a, b, c], dtype=object)
    assert shapely.is_valid(geoms).all() and shapely.coverage_is_valid(geoms)
    return geoms


def _frame(geoms: np.ndarray) -> gpd.GeoDataFrame:
    keys = ["32003", "32001", "32002"]  # deliberately unsorted: the writer sorts by cvegeo
    points = shapely.point_on_surface(geoms)
    return gpd.GeoDataFrame({
        "cvegeo": keys, "cve_ent": ["32"] * 3, "municipality_name": ["Tres", "Uno", "Dos <b>"],
        "centroid_lon": shapely.get_x(points), "centroid_lat": shapely.get_y(points),
    }, geometry=list(geoms), crs=4326)


def test_simplified_band_keeps_shared_borders_shared():
    geoms = _coverage()
    band = Band("test", 0.01, 1e-4)
    _, out, checks = simplify_band(geoms, band, union_holes(geoms))
    assert shapely.get_num_coordinates(out).sum() < shapely.get_num_coordinates(geoms).sum() / 4
    assert shapely.coverage_is_valid(out) and checks["coverage_valid"]
    assert checks["new_gaps"] == 0 and checks["empty"] == 0
    a, b, c = out
    for left, right in ((a, b), (b, c)):
        assert shapely.intersection(left, right).area == pytest.approx(0, abs=1e-12)  # no overlap
        assert shapely.length(shapely.intersection(left.boundary, right.boundary)) > 0.9  # border shared
    assert shapely.union_all(out).area == pytest.approx(shapely.area(out).sum(), rel=1e-9)  # no slivers
    assert shapely.union_all(out).area == pytest.approx(shapely.union_all(geoms).area, rel=1e-3)  # no gap


def test_quantise_rounds_to_the_grid_and_keeps_polygons_valid():
    # a spike narrower than the grid collapses when rounded: the result must still be valid
    spiky = shapely.Polygon([(0, 0), (1, 0), (1, 1), (0.50004, 1), (0.5, 1.5), (0.49996, 1), (0, 1)])
    bow = shapely.Polygon([(0, 0), (1, 1), (1, 1.00001), (0, 1.00002), (1.00001, 0), (0, 0)])
    out = quantise(np.array([spiky, bow], dtype=object), 1e-3)
    assert shapely.is_valid(out).all()
    assert np.isin(shapely.get_type_id(out), [3, 6]).all() and not shapely.is_empty(out).any()
    coords = shapely.get_coordinates(out)
    assert np.allclose(coords, np.round(coords, 3), atol=1e-9)


def test_drop_slivers_keeps_the_largest_part():
    big, tiny = shapely.box(0, 0, 1, 1), shapely.box(5, 5, 5.0001, 5.0001)
    out = drop_slivers(np.array([shapely.MultiPolygon([big, tiny]), shapely.MultiPolygon([tiny])], dtype=object), 1e-6)
    assert shapely.get_num_geometries(out[0]) == 1 and out[0].area == pytest.approx(1)
    assert not out[1].is_empty  # a municipality never vanishes


def test_write_layers_round_trips_properties_and_replaces_the_folder(tmp_path: Path):
    out_dir = tmp_path / "layers"
    (out_dir / "stale").mkdir(parents=True)
    (out_dir / "stale" / "old.pbf").write_bytes(b"old")
    frame = _frame(_coverage())
    states = gpd.GeoDataFrame({"cve_ent": ["32"]}, geometry=[shapely.union_all(frame.geometry)], crs=4326)
    manifest = write_layers(frame, states, out_dir, version="20260101T000000")

    assert not (out_dir / "stale").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["layers"]  # no temporary folder left behind
    national = geobuf.decode((out_dir / "mun_national.pbf").read_bytes())
    props = [f["properties"] for f in national["features"]]
    assert props == [{"cvegeo": "32001", "i": 0, "n": "Uno"}, {"cvegeo": "32002", "i": 1, "n": "Dos <b>"},
                     {"cvegeo": "32003", "i": 2, "n": "Tres"}]
    decoded = [shapely.geometry.shape(f["geometry"]) for f in national["features"]]
    assert shapely.is_valid(decoded).all() and shapely.coverage_is_valid(np.array(decoded, dtype=object))
    local = geobuf.decode((out_dir / "mun_local/32002.pbf").read_bytes())
    assert [f["properties"] for f in local["features"]] == [{"cvegeo": "32002", "i": 1}]
    points = geobuf.decode((out_dir / "centroids.pbf").read_bytes())["features"]
    assert [(p["properties"], p["geometry"]["type"]) for p in points][0] == ({"cvegeo": "32001", "i": 0}, "Point")
    header, _ = pixel_rings.decode((out_dir / "mun_national.bin").read_bytes())
    assert header["properties"] == props  # the explorer's copy of the national band: same features, same order
    assert [sum(rings) for rings in header["rings"]] == [len(shapely.get_coordinates(g)) - 1 for g in decoded]
    outline = geobuf.decode((out_dir / "states_national.pbf").read_bytes())["features"]
    assert [f["properties"] for f in outline] == [{"cve_ent": "32"}]

    expected = {"mun_national.pbf", "mun_national.bin", "mun_state/32.pbf", "states_national.pbf", "states_state.pbf",
                "centroids.pbf", "mun_local/32001.pbf", "mun_local/32002.pbf", "mun_local/32003.pbf"}
    assert set(manifest) == expected
    for name, entry in manifest.items():
        assert entry["bytes"] == (out_dir / name).stat().st_size > 0
        assert entry["features"] >= 1 and entry["vertices"] >= 1
    document = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    assert document["files"] == manifest and document["count"] == 3 and document["version"] == "20260101T000000"
    assert all(document["bands"][b]["coverage_valid"] for b in ("local", "state", "national"))
    assert document["state_bounds"]["32"] == [-103.0, 22.0, -102.0, 23.0]
