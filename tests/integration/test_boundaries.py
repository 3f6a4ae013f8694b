"""Boundaries on the real files: broken-input errors (a raw folder of symlinks with one file replaced)
and one load of the real boundary files (read from the shared raw folder, never written).
The pure geometry functions are unit tests (tests/unit/test_boundaries.py); the load's time is
printed by benchmarks/bench_functions.py."""
from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal
from shapely.geometry import Polygon, box

from core.errors import RawDataError
from geodata import boundaries as gb
from geodata import polygons as gp

pytestmark = pytest.mark.integration

X0, Y0 = -100.0, 20.0  # tiny squares placed inside Mexico so the bounds check passes


def square(i: float, j: float = 0.0, size: float = 1.0) -> Polygon:
    return box(X0 + i, Y0 + j, X0 + i + size, Y0 + j + size)


# --- broken input -------------------------------------------------------------------------------

def _raw_dir_with(tmp_path: Path, raw_dir: Path) -> Path:
    """A raw folder whose boundary files are symlinks to the shared ones (nothing is copied)."""
    dst = tmp_path / "raw"
    src = raw_dir / gb.TOPO_DIR
    (dst / gb.TOPO_DIR / "municipios").mkdir(parents=True)
    for path in src.rglob("*.json"):
        (dst / gb.TOPO_DIR / path.relative_to(src)).symlink_to(path)
    (dst / gb.GPKG_FILE).symlink_to(raw_dir / gb.GPKG_FILE)
    return dst


def test_topojson_without_the_muni_object_raises_raw_data_error(tmp_path, raw_dir):
    dst = _raw_dir_with(tmp_path, raw_dir)
    target = dst / gb.TOPO_DIR / "municipios" / "01.json"
    target.unlink()
    target.write_text(json.dumps({
        "type": "Topology", "arcs": [[[X0, Y0], [X0 + 1, Y0], [X0 + 1, Y0 + 1], [X0, Y0 + 1], [X0, Y0]]],
        "objects": {"municipios": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "arcs": [[0]], "properties": {"cvegeo": "01001"}}]}}}))
    with pytest.raises(RawDataError, match=r"01\.json.*no object/layer 'muni'.*found \['municipios'\]"):
        gb.load_boundaries(dst)


def test_gpkg_without_cvegeo_raises_raw_data_error(tmp_path, raw_dir):
    dst = _raw_dir_with(tmp_path, raw_dir)
    (dst / gb.GPKG_FILE).unlink()
    broken = gpd.GeoDataFrame({"clave": ["01001"], "cve_ent": ["01"], "cve_mun": ["001"], "nomgeo": ["X"],
                               "pob": [1]}, geometry=[square(0)], crs=4326)
    pyogrio.write_dataframe(broken, dst / gb.GPKG_FILE, layer="municipios")
    with pytest.raises(RawDataError, match=r"fullres\.gpkg, column 'cvegeo'.*missing column\(s\) \['cvegeo'\]"):
        gb.load_boundaries(dst)


# --- the real files -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def real(raw_dir):
    return gb.load_boundaries(raw_dir)


def test_real_boundaries(real, raw_dir):
    muni, states = real.municipalities, real.states
    assert len(muni) == 2475 and muni["cvegeo"].is_unique
    assert muni.crs.to_epsg() == 4326
    assert gp.check_boundaries(muni) == [] and gp.check_boundaries(states, key="cve_ent") == []
    mulege = muni.set_index("cvegeo").loc["03002"]
    assert mulege["geometry_source"] == gb.TOPO and mulege["municipality_name"] == "Mulegé"
    assert (muni["geometry_source"] == gb.FULLRES).sum() == 2474
    assert shapely.is_valid(np.asarray(muni.geometry.array)).all()
    assert (muni.geom_type == "MultiPolygon").all()
    # clipped: Mulegé meets its full-resolution neighbours without overlapping them
    neighbours = muni[muni["cvegeo"].isin(["03001", "03009"])].geometry.union_all()
    assert shapely.area(shapely.intersection(mulege.geometry, neighbours)) < 1e-9
    assert len(states) == 32 and states["state_name"].notna().all() and states["state_abbr"].notna().all()
    assert states.set_index("cve_ent").loc["09", "state_abbr"] == "CDMX"
    assert muni["area_km2"].sum() == pytest.approx(states.to_crs(gp.AREA_CRS).area.sum() / 1e6, rel=1e-6)
    assert all(a.balanced for a in real.accounts) and real.rejects.empty
    assert set(real.names["name_source"]) == {"canonical", "inegi_2025"}  # the index repeats the canonical names
    assert {"Solidaridad", "Playa del Carmen"} <= set(real.names.loc[real.names.cvegeo == "23008", "name"])


def test_real_geometry_is_the_full_resolution_geometry(real, raw_dir):
    gpkg = pyogrio.read_dataframe(raw_dir / gb.GPKG_FILE, columns=["cvegeo"], where="cve_ent = '01'")
    ours = real.municipalities[real.municipalities["cve_ent"] == "01"][["cvegeo", "geometry"]]
    assert_geodataframe_equal(ours.reset_index(drop=True), gpkg.astype({"cvegeo": ours["cvegeo"].dtype}),
                              check_dtype=False)


def test_real_notes_name_the_known_problems(real):
    text = "\n".join(real.notes)
    assert "03002 Mulegé is missing from the INEGI 2025 GPKG: filled from the TopoJSON and clipped" in text
    assert "km² of enclosed gaps" in text
    assert "4 invalid geometries repaired in the TopoJSON municipalities: 08004, 08019, 10012, 27008" in text
    assert "13 invalid state geometries" in text
    assert "6 municipalities have pob = 0 in the GPKG: 02007" in text
    assert "names differ in 9 municipalities: 08056" in text
