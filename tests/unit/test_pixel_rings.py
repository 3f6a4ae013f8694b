"""geodata/pixel_rings.py: polygons as int32 Web Mercator pixels at zoom 0 (what the explorer draws first)."""
from __future__ import annotations

import numpy as np
import pytest
import shapely

from geodata import pixel_rings

# A square with a hole, and a two-part municipality, in lon/lat
HOLED = shapely.Polygon([(-103, 22), (-102, 22), (-102, 23), (-103, 23)],
                        holes=[[(-102.6, 22.4), (-102.4, 22.4), (-102.4, 22.6), (-102.6, 22.6)]])
ISLANDS = shapely.MultiPolygon([shapely.box(-110, 24, -109.5, 24.5), shapely.box(-109, 25, -108.5, 25.25)])


def test_known_points_land_on_leaflets_zoom_zero_pixels():
    # L.CRS.EPSG3857.latLngToPoint(L.latLng(lat, lon), 0) in Chromium with dash-leaflet's Leaflet 1.9:
    # (0, 0) -> (128, 128); (89, 180), clamped to 85.05°, -> (256, 5.45e-11); (23.6, -102.5) -> below
    x, y = pixel_rings.zoom_zero_pixels(np.array([0.0, 180.0, -102.5]), np.array([0.0, 89.0, 23.6]))
    assert x == pytest.approx([128, 256, 55.111111111111114], abs=1e-9)
    assert y == pytest.approx([128, 0, 110.72205731047367], abs=1e-9)


def test_rings_round_trip_open_and_in_order():
    props = [{"cvegeo": "32001", "i": 0, "n": "Uno"}, {"cvegeo": "32002", "i": 1, "n": "Dos <b>"}]
    header, xy = pixel_rings.decode(pixel_rings.encode([HOLED, ISLANDS], props))

    assert header["properties"] == props and header["scale"] == pixel_rings.SCALE
    assert header["rings"] == [[4, 4], [4, 4]]  # exterior then hole; one ring per island; closing vertex dropped
    assert xy.dtype == np.dtype("<i4") and len(xy) == 16
    lon, lat = shapely.get_coordinates(HOLED.exterior)[:4].T
    x, y = pixel_rings.zoom_zero_pixels(lon, lat)
    assert np.abs(xy[:4] / pixel_rings.SCALE - np.c_[x, y]).max() <= 0.5 / pixel_rings.SCALE
    hole_x, _ = pixel_rings.zoom_zero_pixels(np.array([-102.6]), np.array([22.4]))
    assert xy[4, 0] == round(hole_x[0] * pixel_rings.SCALE)


def test_the_header_is_padded_so_the_coordinates_can_be_an_int32_view():
    for name in ("a", "ab", "abc", "abcd"):
        data = pixel_rings.encode([HOLED], [{"n": name}])
        size = int.from_bytes(data[:4], "little")
        assert size % 4 == 0 and (len(data) - 4 - size) == 8 * 8


def test_what_cannot_be_written_or_read_is_refused_with_the_reason():
    with pytest.raises(ValueError, match="2 geometries but 1 property sets"):
        pixel_rings.encode([HOLED, ISLANDS], [{}])
    with pytest.raises(ValueError, match="only Polygon and MultiPolygon"):
        pixel_rings.encode([shapely.Point(0, 0)], [{}])
    good = pixel_rings.encode([HOLED], [{}])
    with pytest.raises(ValueError, match="shorter than its 4-byte header"):
        pixel_rings.decode(b"\x01")
    with pytest.raises(ValueError, match="header of"):
        pixel_rings.decode(good[:-4])  # a truncated file: half a vertex missing
    with pytest.raises(ValueError, match="format"):
        pixel_rings.decode(good.replace(b"pixel-rings/1", b"pixel-rings/9"))
    with pytest.raises(ValueError, match="do not add up"):
        pixel_rings.decode(good[:-8])
