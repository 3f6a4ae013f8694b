"""The explorer's Leaflet map (panes and geobuf layers, all restyled by assets/map.js) and URL helpers."""
from __future__ import annotations

from dataclasses import dataclass, field

import dash_leaflet as dl
from plotly.io.json import to_json_plotly

from dashapp import ids
from dashapp.browser_contract import CONTROLS, OVERLAYS, PANES
from dashapp.filters import Filters
from dashapp.pages._explorer_view import DEFAULT_OVERLAYS, SORTS
from dashapp.queries.explorer import DEFAULT_LAYER
from dashapp.static_layers import layer_url

MEXICO = (23.6, -102.5, 5)  # lat, lon, zoom
NATIONAL_FILE = "mun_national.bin"  # every municipality, national band, as pixel rings (preloaded by the page head)


def filters_of(years, state, category, phenomenon, crisis_years, partner, mode, pesos, layer=None, year=None,
               selected=None) -> Filters:
    """The controls' values as Filters (anything out of range falls back to its default)."""
    def span(v):
        return f"{v[0]}-{v[1]}" if isinstance(v, (list, tuple)) and len(v) == 2 else None

    return Filters.lenient({"anio": span(years), "estado": state, "tipo": category, "fenomeno": phenomenon,
                            "anio_decl": span(crisis_years), "socio": partner, "modo": mode, "pesos": pesos,
                            "capa": f"{layer}:{year}" if layer and year else None, "sel": selected})


def filters_from(values, selected: str | None = None) -> Filters:
    """The EX_FILTERS store (the controls' values by the keys of browser_contract.CONTROLS) as Filters;
    a store of another shape, as a hostile request may send, gives the defaults."""
    if not isinstance(values, dict) or set(values) != set(CONTROLS):
        values = dict.fromkeys(CONTROLS)
    v = values
    return filters_of(v["years"], v["state"], v["category"], v["phenomenon"], v["crisisYears"], v["partner"],
                      v["mode"], v["pesos"], layer=v["layer"], year=v["layerYear"], selected=selected)


def overlays_of(shown) -> list[str]:
    """The EX_SHOWN store as known overlay names, in their usual order."""
    return [o for o in OVERLAYS if isinstance(shown, (list, tuple)) and o in shown]


def parse_view(text: str | None) -> tuple[float, float, int] | None:
    """'lat,lon,zoom' from the URL, or None when malformed or outside Mexico's surroundings."""
    try:
        lat, lon, zoom = (float(x) for x in str(text).split(","))
    except (TypeError, ValueError):
        return None
    if not (10 <= lat <= 36 and -125 <= lon <= -80 and 4 <= zoom <= 13):
        return None
    return round(lat, 4), round(lon, 4), int(zoom)


def parse_overlays(text: str | None) -> list[str]:
    if text is None:
        return list(DEFAULT_OVERLAYS)
    return [o for o in OVERLAYS if o in str(text).split(",")]


def _geojson(id_, url, pane, **kwargs) -> dl.GeoJSON:
    return dl.GeoJSON(id=id_, url=url, format="geobuf", pane=pane, **kwargs)


@dataclass(frozen=True)
class MapStart:
    """What the map shows when the page opens (the same the callbacks would answer for this URL)."""

    view: tuple[float, float, int]  # lat, lon, zoom
    states_url: str  # state outlines at this zoom (loaded once the municipalities are painted)
    state_url: str | None = None  # the focused state's finer file
    detail_url: str | None = None  # the selected municipality's outline
    localities: dict = field(default_factory=lambda: {"type": "FeatureCollection", "features": []})


def box_data(version: str, start: MapStart, first_view: dict) -> dict[str, str]:
    """Data attributes of the map's box, read by the map's scripts.

    - data-national-url, data-first: the national layer's file and the first view (the restyle payload,
      overlays and focused state as JSON), read by assets/national_layer.js when the map is created,
      before Dash's first callback: the municipalities are drawn with their colours at once;
    - data-states-url, data-start-zoom, data-circles-url: the files the map asks for once the
      municipalities are painted (assets/map.js): state outlines and circles never delay the first
      paint. The outlines named here are for the opening zoom; if the zoom changed before the paint,
      the focus callback has already answered for the new one and map.js leaves its answer alone."""
    return {"data-national-url": layer_url(version, NATIONAL_FILE),
            "data-first": to_json_plotly(first_view),
            "data-states-url": start.states_url, "data-start-zoom": str(start.view[2]),
            "data-circles-url": layer_url(version, "centroids.pbf")}


def explorer_map(start: MapStart, lang: str) -> dl.MapContainer:
    """The map. Its national layer (every municipality) and its panes are not dash-leaflet components:
    assets/national_layer.js adds them when the map is created (see there why). The other layers are
    empty until a callback or assets/map.js gives them a file."""
    def fn(name):
        return {"variable": f"mapa3x1.{name}"}

    events = {"click": fn("click"), "layeradd": fn("raise"), "mouseover": fn("hover")}
    layers = [
        _geojson(ids.EX_MUN_STATE, start.state_url, PANES["fill"], style=fn("style"), onEachFeature=fn("tooltip"), hideout={},
                 disableDefaultEventHandlers=True, eventHandlers=events),
        _geojson(ids.EX_STATES, None, PANES["outline"], interactive=False,
                 style={"color": "#3d3d3d", "weight": 1.2, "fill": False, "opacity": 0.9}),
        _geojson(ids.EX_DETAIL + "-halo", start.detail_url, PANES["detail"], interactive=False,
                 style={"color": "#ffffff", "weight": 7, "fill": False, "opacity": 0.9}),
        _geojson(ids.EX_DETAIL, start.detail_url, PANES["detail"], interactive=False,
                 style={"color": "#000000", "weight": 3, "fill": False, "opacity": 1}),
        _geojson(ids.EX_CIRCLES, None, PANES["circles"], pointToLayer=fn("circle"),
                 filter=fn("hasMoney"), hideout={}, disableDefaultEventHandlers=True,
                 eventHandlers={"click": fn("click")}),
        dl.GeoJSON(id=ids.EX_LOCALITIES, data=start.localities, pane=PANES["loc"],
                   pointToLayer=fn("locality"), hideout={"lang": lang}),
    ]
    return dl.MapContainer([dl.GestureHandling(), *layers], id=ids.EX_MAP, center=list(start.view[:2]),
                           zoom=start.view[2], minZoom=4, maxZoom=13, preferCanvas=True, maxBounds=[[8, -130], [38, -75]],
                           attributionControl=False, className="ex-leaflet",
                           eventHandlers={"zoomend": fn("zoomStyle")})


def _short(x: float) -> str:
    return f"{x:.4f}".rstrip("0").rstrip(".")


def page_query(filters: Filters, overlays: list[str] | None, center, zoom, sort: str | None, lang: str | None) -> str:
    """The query string of the page's state: filters, layer, overlays, selection, map view, table order.

    Defaults are left out, so the plain `/` stays plain. `center` is Leaflet's {lat, lng} or [lat, lon].
    """
    if filters.layer == DEFAULT_LAYER:
        filters = filters.with_(layer=None)
    lat, lon = (center.get("lat"), center.get("lng")) if isinstance(center, dict) else (center or MEXICO[:2])[:2]
    view = parse_view(f"{lat},{lon},{zoom if zoom is not None else MEXICO[2]}")
    shown = ",".join(o for o in OVERLAYS if o in (overlays or []))
    return filters.to_query(ver=None if shown == ",".join(DEFAULT_OVERLAYS) else (shown or "ninguna"),
                            vista=None if view in (None, MEXICO) else ",".join([_short(view[0]), _short(view[1]),
                                                                                 str(view[2])]),
                            orden=None if sort not in SORTS or sort == "need" else sort,
                            lang="en" if lang == "en" else None)
