"""Boundaries: pure geometry functions on tiny hand-built frames, and `load_boundaries` with its
broken-input errors on a tiny raw folder the tests write.

The load of the real boundary files is an integration test (tests/integration/test_boundaries.py)."""
from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal
from pyproj import Geod
from shapely.geometry import GeometryCollection, LineString, MultiPolygon, Polygon, box

from core.errors import RawDataError
from geodata import boundaries as gb
from geodata import polygons as gp

X0, Y0 = -100.0, 20.0  # tiny squares placed inside Mexico so the bounds check passes


def square(i: float, j: float = 0.0, size: float = 1.0) -> Polygon:
    return box(X0 + i, Y0 + j, X0 + i + size, Y0 + j + size)


def frame(keys, geoms, **cols) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"cvegeo": keys, **cols}, geometry=list(geoms), crs=4326)


# --- fill and clip ------------------------------------------------------------------------------

def test_fill_missing_takes_precise_geometry_and_records_the_source():
    coarse = frame(["01001", "01002", "01003"], [square(0), square(1), square(2)])
    precise = frame(["01001", "01003"], [square(0, 0.01), square(2, 0.01)])
    out = gp.fill_missing(coarse, precise, base_source=gb.TOPO, precise_source=gb.FULLRES)
    assert list(out["geometry_source"]) == [gb.FULLRES, gb.TOPO, gb.FULLRES]
    expected = frame(["01001", "01002", "01003"], [square(0, 0.01), square(1), square(2, 0.01)],
                     geometry_source=[gb.FULLRES, gb.TOPO, gb.FULLRES])
    assert_geodataframe_equal(out, expected, check_dtype=False, check_like=True)


def test_clip_removes_the_overlap_of_a_coarse_fill_with_its_precise_neighbours():
    # the coarse middle square spills 0.1° into both neighbours, as a simplified polygon does
    coarse_middle = box(X0 + 0.9, Y0, X0 + 2.1, Y0 + 1)
    gdf = frame(["01001", "01002", "01003"], [square(0), coarse_middle, square(2)],
                geometry_source=[gb.FULLRES, gb.TOPO, gb.FULLRES])
    out, report = gp.clip_to_neighbours(gdf, gdf["geometry_source"] == gb.TOPO)

    expected = gdf.copy()
    expected["geometry"] = gpd.GeoSeries([MultiPolygon([square(0)]), MultiPolygon([square(1)]),
                                          MultiPolygon([square(2)])], crs=4326)
    out["geometry"] = gpd.GeoSeries(shapely.force_2d(np.asarray(out.geometry.array)), crs=4326)
    expected.loc[[0, 2], "geometry"] = gdf.geometry[[0, 2]]  # precise rows are untouched
    assert_geodataframe_equal(out, expected, normalize=True, check_less_precise=True)
    row = report.iloc[0]
    assert row["cvegeo"] == "01002" and row["neighbours"] == ["01001", "01003"]
    overlap = Geod(ellps="WGS84").geometry_area_perimeter(box(X0 + 0.9, Y0, X0 + 1, Y0 + 1))[0] / 1e6 * 2
    assert row["removed_km2"] == pytest.approx(abs(overlap), rel=1e-3)
    # no overlap left: the pieces meet only along edges
    assert shapely.area(shapely.intersection(out.geometry[1], out.geometry[0])) == 0


def test_clip_gives_the_fill_the_enclosed_gap_it_leaves_against_a_neighbour():
    # the coarse middle polygon overlaps 01001 near its corners but falls short in between (a notch),
    # leaving a gap enclosed by the two: land in no precise municipality, so it is 01002's
    notched = Polygon([(X0 + 0.9, Y0), (X0 + 2, Y0), (X0 + 2, Y0 + 1), (X0 + 0.9, Y0 + 1), (X0 + 1.1, Y0 + 0.5)])
    gdf = frame(["01001", "01002", "01003"], [square(0), notched, square(2)])
    out, report = gp.clip_to_neighbours(gdf, [False, True, False])
    out["geometry"] = out.geometry.simplify(0)  # drop the collinear vertices the gap's corners leave on x = 1
    expected = gdf.copy()
    expected.loc[1, "geometry"] = square(1)
    assert_geodataframe_equal(out, expected, normalize=True, check_less_precise=True)
    assert report.iloc[0]["neighbours"] == ["01001", "01003"]  # 01003 only touches it
    gap = Polygon([(X0 + 1, Y0 + 0.25), (X0 + 1.1, Y0 + 0.5), (X0 + 1, Y0 + 0.75)])
    assert report.iloc[0]["gaps_filled_km2"] == pytest.approx(
        abs(Geod(ellps="WGS84").geometry_area_perimeter(gap)[0]) / 1e6, rel=1e-3)


def test_clip_leaves_a_fill_without_neighbours_alone():
    gdf = frame(["01001", "01002"], [square(0), square(5)])
    out, report = gp.clip_to_neighbours(gdf, [False, True])
    assert out.geometry[1].equals(square(5)) and report.iloc[0]["neighbours"] == []


# --- validity ------------------------------------------------------------------------------------

def test_make_valid_repairs_a_bowtie_and_keeps_polygonal_parts_only():
    bowtie = Polygon([(X0, Y0), (X0 + 1, Y0 + 1), (X0 + 1, Y0), (X0, Y0 + 1), (X0, Y0)])
    mixed = GeometryCollection([square(3), LineString([(X0, Y0), (X0 + 5, Y0 + 5)])])
    geoms, invalid = gp.make_valid_polygons([square(0), bowtie, mixed, None])
    assert list(invalid) == [False, True, False, False]
    assert all(g.geom_type == "MultiPolygon" for g in geoms[:3]) and geoms[3] is None
    assert shapely.is_valid(geoms[:3]).all()
    assert len(geoms[1].geoms) == 2 and geoms[1].area == pytest.approx(0.5)
    assert geoms[2].equals(MultiPolygon([square(3)]))


def test_check_boundaries_catches_duplicate_missing_invalid_and_out_of_bounds():
    bowtie = Polygon([(X0, Y0), (X0 + 1, Y0 + 1), (X0 + 1, Y0), (X0, Y0 + 1), (X0, Y0)])
    good = frame(["01001", "01002", "01003"], [square(0), square(1), square(2)])
    assert gp.check_boundaries(good, expected_keys=["01001", "01002", "01003"]) == []

    bad = frame(["01001", "01001", "01003"], [square(0), bowtie, box(0, 0, 1, 1)])
    problems = gp.check_boundaries(bad, expected_keys=["01001", "01002", "01003"])
    text = " | ".join(problems)
    assert "1 duplicate cvegeo: 01001" in text
    assert "1 cvegeo of the index missing: 01002" in text
    assert "1 invalid geometry: 01001" in text
    assert "1 bounds outside Mexico: 01003" in text

    empty = frame(["01001"], [Polygon()])
    assert any("empty" in p for p in gp.check_boundaries(empty))


# --- states, measures, names, store helper -----------------------------------------------------

def test_dissolve_states_uses_coverage_union_for_a_clean_coverage_and_union_all_otherwise():
    gdf = frame(["01001", "01002", "02001", "02002"],
                [square(0), square(1), square(0, 2), box(X0 + 0.5, Y0 + 2, X0 + 1.7, Y0 + 3)],
                cve_ent=["01", "01", "02", "02"])
    geoms, methods = gp.dissolve_states(gdf)
    assert methods == {"01": "coverage_union", "02": "union_all"}
    assert geoms["01"].normalize().equals(box(X0, Y0, X0 + 2, Y0 + 1).normalize())
    assert geoms["02"].area == pytest.approx(1.7)


def test_add_measures_area_matches_the_geodesic_area_and_point_lies_inside():
    ring = Polygon([(X0, Y0), (X0 + 2, Y0), (X0 + 2, Y0 + 2), (X0 + 1, Y0 + 0.2), (X0, Y0 + 2)])  # concave
    # dense vertices, as in real boundaries, so geodesic and projected edges trace the same line
    ring = shapely.segmentize(ring, 0.01)
    out = gp.add_measures(frame(["01001"], [ring]))
    geodesic = abs(Geod(ellps="WGS84").geometry_area_perimeter(ring)[0]) / 1e6
    assert out["area_km2"].iloc[0] == pytest.approx(geodesic, rel=1e-6)
    assert ring.contains(shapely.Point(out["centroid_lon"].iloc[0], out["centroid_lat"].iloc[0]))


def test_name_variants_keeps_every_spelling_once():
    names = gb.name_variants([
        ("canonical", pd.DataFrame({"cvegeo": ["23008"], "name": ["Solidaridad"]})),
        ("inegi_2025", pd.DataFrame({"cvegeo": ["23008"], "name": ["Playa del Carmen "]})),
        ("mx_geo_index", pd.DataFrame({"cvegeo": ["23008", "99999"], "name": ["Solidaridad", "Nowhere"]})),
    ], keys=["23008"])
    assert names.values.tolist() == [["23008", "Solidaridad", "canonical"],
                                     ["23008", "Playa del Carmen", "inegi_2025"]]


def test_to_wkb_frame_round_trips():
    gdf = frame(["01001", "01002"], [MultiPolygon([square(0)]), MultiPolygon([square(1)])],
                geometry_source=[gb.FULLRES, gb.TOPO])
    wkb = gb.to_wkb_frame(gdf, "cvegeo")
    assert list(wkb.columns) == ["cvegeo", "geometry_wkb", "geometry_source"]
    assert isinstance(wkb["geometry_wkb"].iloc[0], bytes)
    back = shapely.from_wkb(wkb["geometry_wkb"].to_numpy())
    assert shapely.equals(back, np.asarray(gdf.geometry.array)).all()


# --- load_boundaries on a tiny raw folder written by the test ---------------------------------------
# One square municipality per state (key NN001), laid out on a grid inside Mexico with gaps between them:
# 32 TopoJSON state files (object 'muni'), the states' TopoJSON, the index, and the full-resolution GPKG
# without 03001 (filled from the TopoJSON, as Mulegé is in the real files).

STATE_NAMES = {1: ("Aguascalientes", "Ags."), 3: ("Baja California Sur", "BCS"), 9: ("Ciudad de México", "CDMX"),
               32: ("Zacatecas", "Zac.")}


def _cell(e: int) -> Polygon:
    """The square of state e: an 8 x 4 grid of 0.5° squares, 1° apart, from (-110, 18)."""
    i, j = (e - 1) % 8, (e - 1) // 8
    return box(-110.0 + i, 18.0 + j, -109.5 + i, 18.5 + j)


def _topology(name: str, features: list[tuple[Polygon, dict]]) -> str:
    """An unquantised TopoJSON: one closed arc per polygon, absolute coordinates."""
    arcs = [[list(map(float, xy)) for xy in poly.exterior.coords] for poly, _ in features]
    geometries = [{"type": "Polygon", "arcs": [[k]], "properties": props} for k, (_, props) in enumerate(features)]
    return json.dumps({"type": "Topology", "arcs": arcs,
                       "objects": {name: {"type": "GeometryCollection", "geometries": geometries}}})


def tiny_boundary_folder(root: Path, gpkg: gpd.GeoDataFrame | None = None) -> Path:
    topo = root / gb.TOPO_DIR
    (topo / "municipios").mkdir(parents=True)
    states, index = [], []
    for e in range(1, 33):
        cve, key = f"{e:02d}", f"{e:02d}001"
        name, abbr = STATE_NAMES.get(e, (f"Estado {e}", f"E{e}."))
        (topo / "municipios" / f"{cve}.json").write_text(_topology("muni", [
            (_cell(e), {"cvegeo": key, "cve_ent": cve, "cve_mun": "001", "nombre": f"Municipio {e}"})]))
        states.append((_cell(e).buffer(0.05, join_style="mitre"), {"cve": cve, "nombre": name, "abr": abbr}))
        index.append({"cvegeo": key, "cve_ent": cve, "cve_mun": "001", "nombre": f"Municipio {e}"})
    (topo / "estados.topo.json").write_text(_topology("estados", states))
    (topo / "municipios-index.json").write_text(json.dumps(index), encoding="utf-8")
    if gpkg is None:
        keys = [e for e in range(1, 33) if e != 3]
        gpkg = gpd.GeoDataFrame({"cvegeo": [f"{e:02d}001" for e in keys], "cve_ent": [f"{e:02d}" for e in keys],
                                 "cve_mun": "001", "nomgeo": [f"Municipio {e}" if e != 9 else "Otro Nombre 9"
                                                              for e in keys],
                                 "pob": 1000}, geometry=[_cell(e) for e in keys], crs=4326)
    pyogrio.write_dataframe(gpkg, root / gb.GPKG_FILE, layer="municipios")
    return root


def test_load_boundaries_on_a_tiny_folder_fills_the_missing_key_and_dissolves_states(tmp_path):
    result = gb.load_boundaries(tiny_boundary_folder(tmp_path / "raw"))
    muni, states = result.municipalities, result.states
    assert muni["cvegeo"].tolist() == [f"{e:02d}001" for e in range(1, 33)] and muni.crs.to_epsg() == 4326
    assert muni.set_index("cvegeo").loc["03001", "geometry_source"] == gb.TOPO
    assert (muni["geometry_source"] == gb.FULLRES).sum() == 31 and (muni.geom_type == "MultiPolygon").all()
    assert gp.check_boundaries(muni) == [] and gp.check_boundaries(states, key="cve_ent") == []
    assert len(states) == 32 and states.set_index("cve_ent").loc["09", ["state_name", "state_abbr"]].tolist() == \
        ["Ciudad de México", "CDMX"]
    assert muni.set_index("cvegeo").loc["32001", "state_name"] == "Zacatecas"
    assert all(a.balanced for a in result.accounts) and result.rejects.empty
    assert set(result.names.loc[result.names["cvegeo"] == "09001", "name"]) == {"Municipio 9", "Otro Nombre 9"}


def test_topojson_without_the_muni_object_raises_raw_data_error(tmp_path):
    raw = tiny_boundary_folder(tmp_path / "raw")
    (raw / gb.TOPO_DIR / "municipios" / "01.json").write_text(_topology("municipios", [(_cell(1), {"cvegeo": "01001"})]))
    with pytest.raises(RawDataError, match=r"01\.json.*no object/layer 'muni'.*found \['municipios'\]"):
        gb.load_boundaries(raw)


def test_gpkg_without_cvegeo_raises_raw_data_error(tmp_path):
    broken = gpd.GeoDataFrame({"clave": ["01001"], "cve_ent": ["01"], "cve_mun": ["001"], "nomgeo": ["X"],
                               "pob": [1]}, geometry=[square(0)], crs=4326)
    with pytest.raises(RawDataError, match=r"fullres\.gpkg, column 'cvegeo'.*missing column\(s\) \['cvegeo'\]"):
        gb.load_boundaries(tiny_boundary_folder(tmp_path / "raw", broken))
