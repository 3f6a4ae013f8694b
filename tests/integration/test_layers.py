"""Map layers of the real boundaries: the national band is complete and small. The geometry steps are
unit tests on hand-built coverages (tests/unit/test_layers.py)."""
from __future__ import annotations

import json
from pathlib import Path

import geobuf
import pytest

from geodata import pixel_rings
from geodata.layers import MANIFEST, write_layers

pytestmark = pytest.mark.integration


def test_real_national_band_is_complete_and_small(raw_dir: Path, tmp_path: Path):
    from geodata.boundaries import load_boundaries

    boundaries = load_boundaries(raw_dir)
    manifest = write_layers(boundaries.municipalities, boundaries.states, tmp_path / "layers")
    national = manifest["mun_national.pbf"]
    assert national["features"] == 2475
    assert national["bytes"] < 500_000
    header, _ = pixel_rings.decode((tmp_path / "layers" / "mun_national.bin").read_bytes())
    rings = sum(len(r) for r in header["rings"])  # each ring without its closing vertex: the same band
    assert manifest["mun_national.bin"]["features"] == 2475
    assert manifest["mun_national.bin"]["vertices"] + rings == national["vertices"]
    assert sum(1 for name in manifest if name.startswith("mun_state/")) == 32
    assert manifest["centroids.pbf"]["features"] == 2475
    document = json.loads((tmp_path / "layers" / MANIFEST).read_text(encoding="utf-8"))
    for band in ("local", "state", "national"):
        assert document["bands"][band]["coverage_valid"], band
        assert document["bands"][band]["new_gaps"] == 0, band
        assert document["bands"][band]["empty"] == 0, band
    decoded = geobuf.decode((tmp_path / "layers" / "mun_national.pbf").read_bytes())
    assert sorted(f["properties"]["cvegeo"] for f in decoded["features"]) == \
        sorted(boundaries.municipalities["cvegeo"].astype(str))
