"""The small map of `/brechas`: the municipalities of the table page shown, coloured by status.

It reuses the built layer files (`/layers/<version>/mun_national.pbf`, or the state's finer
`mun_state/<cve_ent>.pbf` when a state is chosen; see geodata/layers.py) and restyles them in
the browser (assets/pages.js: a grey background layer, then only the rows, styled) from a `hideout` of
{cvegeo: [status, rank]}. No tile server: the outlines are the map. The table carries the same
information, so the map is a visual aid (a figure with a caption), not the only way to read it.
"""
from __future__ import annotations

from pathlib import Path

import dash_leaflet as dl
import pandas as pd
from dash import html

from dashapp import ids
from dashapp.i18n import t
from dashapp.static_layers import layer_url
from dashapp.store import layer_dir

MEXICO_BOUNDS = [[14.4, -118.5], [32.8, -86.7]]


def _build_dir() -> Path | None:
    from flask import current_app

    settings = current_app.config.get("MAPA3X1")
    return getattr(settings, "build_dir", None)


def map_bounds(rows: pd.DataFrame, snapshot) -> list[list[float]]:
    """[[south, west], [north, east]] around the rows' inner points (padded), or all of Mexico."""
    points = snapshot.municipality_index.reindex(rows["cvegeo"])[["centroid_lat", "centroid_lon"]].dropna()
    if points.empty:
        return MEXICO_BOUNDS
    south, west = points.min()
    north, east = points.max()
    pad = max(0.3, 0.1 * max(north - south, east - west))
    return [[float(south - pad), float(west - pad)], [float(north + pad), float(east + pad)]]


def gaps_map(snapshot, rows: pd.DataFrame, state: str | None, lang: str) -> html.Figure:
    """The map figure for `rows` (the table page shown); a note instead when no layers were built."""
    caption = html.Figcaption(t("brechas.map.title", lang))
    build_dir = _build_dir()
    municipal = f"mun_state/{state}.pbf" if state else "mun_national.pbf"
    if build_dir is None or not (layer_dir(build_dir) / municipal).is_file():
        return html.Figure([caption, html.P(t("brechas.map.pending", lang), className="empty-state")],
                           className="gaps-map panel")
    hideout = {"rows": {str(c): {"status": str(s), "rank": None if pd.isna(r) else int(r)}
                        for c, s, r in zip(rows["cvegeo"], rows["status"], rows["rank"])}}
    url = layer_url(snapshot.version, municipal)  # fetched once: the browser caches the immutable file
    layers = [dl.GeoJSON(url=url, format="geobuf", interactive=False, style={"variable": "mapa3x1Gaps.background"})]
    if (layer_dir(build_dir) / "states_national.pbf").is_file():
        layers.append(dl.GeoJSON(url=layer_url(snapshot.version, "states_national.pbf"), format="geobuf",
                                 interactive=False, style={"weight": 0.8, "color": "#57606a", "fill": False}))
    layers.append(dl.GeoJSON(url=url, format="geobuf", hideout=hideout, filter={"variable": "mapa3x1Gaps.filter"},
                             style={"variable": "mapa3x1Gaps.style"}, onEachFeature={"variable": "mapa3x1Gaps.onEach"}))
    bounds = map_bounds(rows, snapshot)
    center = [(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2]
    leaflet = dl.Map(layers, id=ids.GAPS_MAP, bounds=bounds, center=center, zoom=5, zoomControl=True,
                     attributionControl=False, scrollWheelZoom=False, className="gaps-leaflet",
                     style={"height": "260px"})
    return html.Figure([caption, leaflet, html.P(t("brechas.map.help", lang), className="gaps-note")],
                       className="gaps-map panel")
