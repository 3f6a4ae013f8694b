"""The Dash application factory and the page shell (the search box and the page; the header, banner
and footer around them are plain HTML, dashapp/chrome.py).

Pages live in `dashapp/pages/` (one module each, `dash.register_page`, `layout(**query)`), the
read-only API in `dashapp/api.py`, the map's JavaScript in `dashapp/assets/`. Nothing is loaded
at import time: the store is read on the first request.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import dash
from dash import Input, Output, State, dcc, html
from flask import Flask, request

from dashapp import answers, browser_contract, framework, ids, static_compression
from dashapp.chrome import chrome
from dashapp.first_view import opened_address, page_frame
from dashapp.i18n import browser_messages_tag, lang_of, t
from dashapp.search import lang_from_search, localized_texts, search_box
from dashapp.store import CONFIG_KEY, StoreReader, current_snapshot
from store.database import default_url

PACKAGE_DIR = Path(__file__).resolve().parent
# Every text response is compressed, exports and layer files included.
COMPRESSED_TYPES = ["text/html", "text/css", "text/plain", "text/javascript", "application/javascript",
                    "application/json", "text/csv", "application/geo+json", "application/octet-stream",
                    "image/svg+xml"]


@dataclass(frozen=True)
class Settings:
    db_url: str
    build_dir: Path
    dev: bool = False

    @classmethod
    def from_env(cls) -> Settings:
        """MAPA3X1_BUILD_DIR (default build/) and DATABASE_URL (default the SQLite file in it)."""
        build_dir = Path(os.environ.get("MAPA3X1_BUILD_DIR", "build")).resolve()
        return cls(db_url=os.environ.get("DATABASE_URL") or default_url(build_dir), build_dir=build_dir,
                   dev=os.environ.get("MAPA3X1_DEV") == "1")


# Component libraries whose JavaScript only some pages need (by the pages' path prefixes). Navigation
# between pages is a full page load (plain links), so the explorer never downloads AG Grid's 1.3 MB
# bundle. Dash's DataTable, which Dash always lists, is used by no page. (framework.scripts_for_path
# takes them out of the index page, with Dash's polyfill.)
PAGE_ONLY_LIBRARIES = {"dash_ag_grid": ("/proyectos",), "dash/dash_table": ()}


# What the explorer's first paint needs, fetched while the browser still parses the JavaScript instead
# of after the layout (about 1 s earlier on a slow phone link): the national layer file, which
# assets/national_layer.js then decodes while Dash starts (it finds this link by its id). Nothing else
# is preloaded: a browser opens six connections to a host, and every other request made before the
# page's scripts pushes them back. The state outlines, the circles, the dash-leaflet chunks that read
# them and the dcc dropdown/slider chunks are asked for when they are needed (assets/map.js: after the
# first paint).
PRELOADED_LAYERS = {"/": ("mun_national.bin", ids.NATIONAL_PRELOAD)}  # path -> (file, element id)
# The chunks a first visit of the explorer loads after the first paint (compressed before forking).
AFTER_PAINT_CHUNKS = ("dash_leaflet/async-GeoJSON.js", "dash_leaflet/async-geobuf.js", "dash/dcc/async-dropdown.js",
                      "dash/dcc/async-slider.js")


def preload_links(path: str, version: str) -> str:
    """<link rel=preload> tags for the layer files of the page at `path`."""
    from dashapp.static_layers import layer_url

    if path not in PRELOADED_LAYERS:
        return ""
    name, element_id = PRELOADED_LAYERS[path]
    return (f'<link rel="preload" id="{element_id}" href="{layer_url(version, name)}" as="fetch" '
            'crossorigin="anonymous">')


class MapaDash(dash.Dash):
    """Dash with the page frame in plain HTML, per-page scripts and layer preloads, through the
    documented `interpolate_index` hook."""

    def interpolate_index(self, **kwargs: str) -> str:
        from flask import has_request_context

        if not has_request_context():
            return super().interpolate_index(**kwargs)
        kwargs["scripts"] = framework.scripts_for_path(kwargs["scripts"], request.path, PAGE_ONLY_LIBRARIES)
        kwargs["config"] += browser_contract.config_tag()  # the constants the scripts share with Python
        try:
            snapshot = current_snapshot()
        except FileNotFoundError:
            snapshot = None  # no store yet: the banner and the page itself say so
        if snapshot is not None and request.path in PRELOADED_LAYERS:
            kwargs["css"] = preload_links(request.path, snapshot.version) + kwargs["css"]
        query = request.args.to_dict(flat=True)
        banner = "missing" if snapshot is None else ("synthetic" if snapshot.has_synthetic_projects else None)
        top, bottom = chrome(request.path, query, banner)
        lang = lang_of(query.get("lang"))
        kwargs["app_entry"] = top + kwargs["app_entry"] + bottom + browser_messages_tag(lang)  # for assets/*.js
        page = super().interpolate_index(**kwargs)
        return page.replace("<html>", f'<html lang="{lang}">', 1)


def create_app(settings: Settings | None = None) -> dash.Dash:
    """Build the Dash app (pages, API, static layers) for the store described by `settings`."""
    settings = settings or Settings.from_env()
    framework.check_versions()  # the Dash and dash-leaflet its workarounds were written for
    server = Flask(__name__)
    server.config["COMPRESS_MIMETYPES"] = COMPRESSED_TYPES  # read by flask-compress (Dash compress=True)
    server.config["MAPA3X1"] = settings
    server.config[CONFIG_KEY] = StoreReader(settings.db_url)  # read through dashapp.store.current_snapshot
    answers.init_app(server)  # remembered answers per store (Flask-Caching)
    app = MapaDash(
        __name__,
        server=server,
        use_pages=True,
        pages_folder=str(PACKAGE_DIR / "pages"),
        assets_folder=str(PACKAGE_DIR / "assets"),
        compress=True,
        suppress_callback_exceptions=True,
        title="Mapa 3x1",
        update_title=None,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"},
                   {"name": "description", "content": t("app.tagline", "es")}],
    )
    app.layout = shell

    @server.after_request
    def layout_varies_with_the_page(response):
        if request.path.endswith("/_dash-layout"):  # dashapp/first_view.py: built for the Referer's page
            response.headers["Cache-Control"] = "no-cache"
            response.vary.add("Referer")
        return response

    @server.errorhandler(dash.exceptions.DependencyException)
    def unknown_script(_error):  # Dash raises this for a script path it does not serve: a 500 otherwise
        return "No such script.", 404, {"Content-Type": "text/plain; charset=utf-8"}

    from dashapp import api, static_layers  # registered after Dash so routes share the server

    api.register(server)
    static_compression.register(server)  # after Flask-Compress (Dash's compress=True), so it runs before it
    static_layers.register(server, settings.build_dir)
    return app


def set_up_before_forking(app: dash.Dash) -> dash.Dash:
    """Have Dash finish its own setup now, in the process that gunicorn forks its workers from
    (framework.finish_setup says why); the workers inherit it.

    The explorer's scripts and first layer files are compressed here too, at brotli's best
    (dashapp/static_compression.py), so that the first visitors get them so; the store that this
    reads is let go again, and each worker reads it on its first request."""
    framework.finish_setup(app)
    static_compression.warm(app.server, "/", AFTER_PAINT_CHUNKS)
    if app.server.config.get(CONFIG_KEY) is not None:  # the benchmarks' baseline pages have none
        app.server.config[CONFIG_KEY].forget()
    return app


def shell() -> html.Div:
    """Dash's part of every page: the search box and the page. The header, banner and footer around
    it are plain HTML in the index page (dashapp/chrome.py).

    When the layout request names the opened address (dashapp/first_view.py), the page comes
    already rendered inside and the search box in its language; otherwise the callbacks fill them in."""
    address = opened_address()
    location = {"pathname": address.path, "search": address.search} if address else {}
    texts = localized_texts(lang_from_search(address.search)) if address else (None, None)
    return html.Div(className="app", children=[
        dcc.Location(id=ids.URL, refresh="callback-nav", **location),
        search_box(*texts),  # outside the page so typing never loses focus
        html.Main(page_frame(address), id="page", tabIndex="-1"),
    ])


@dash.callback(Output(ids.SEARCH_LABEL, "children"), Output(ids.SEARCH_INPUT, "placeholder"),
               Input(ids.URL, "pathname"), State(ids.URL, "search"), prevent_initial_call=True)
def search_texts(_pathname: str | None, search: str | None):
    """The search box in the address's language, when the layout came without the opened address.

    Triggered by the path only: the language changes with a page load, and a page that writes its
    filters into the query string (/proyectos, /brechas) sends no request for this on each change."""
    return localized_texts(lang_from_search(search))
