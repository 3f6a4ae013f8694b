"""Baseline pages for the page benchmark, served by the same gunicorn setup as the real app.

  naive     every municipality at full resolution (the store's municipality_geometry table) as
            GeoJSON inside the Dash layout (`dl.GeoJSON(data=...)`): what a first attempt does;
  floor     bare Dash + dash-leaflet with one polygon: the least any Dash map page can cost;
  national  the built national layer (layers/mun_national.pbf, geobuf) loaded by URL: used to
            compare Leaflet's SVG and Canvas renderers (`--canvas` sets the map's preferCanvas).

floor and national are compressed like the real app (Flask-Compress, and their scripts at brotli's
best: dashapp/static_compression.py). naive is not, by default:
that is Dash's default and the naive page's fastest form on localhost (compressing 104 MB costs the
server more than it saves on loopback), so the "x times faster than naive" ratio is the strict one;
`--compress` serves it compressed (35 MB on the wire) for comparison.

Usage: python benchmarks/baseline_apps.py {naive,floor,national} --port 8082 [--build-dir build] [--canvas]
Reads the store only (never the raw files). No tile layer: the pages stay on loopback.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CENTER, ZOOM = [23.6, -102.5], 5
FLOOR_POLYGON = {"type": "FeatureCollection", "features": [{
    "type": "Feature", "properties": {"name": "floor"},
    "geometry": {"type": "Polygon", "coordinates": [[[-103.5, 22.0], [-101.5, 22.0], [-101.5, 24.0], [-103.5, 22.0]]]},
}]}


def municipalities_geojson(db_url: str) -> dict:
    """Full-resolution municipalities from the store as a GeoJSON FeatureCollection."""
    import shapely

    from store.database import open_engine, read_table

    engine = open_engine(db_url, read_only=True)
    try:
        frame = read_table(engine, "municipality_geometry").sort_values("cvegeo")
    finally:
        engine.dispose()
    geoms = shapely.from_wkb(frame["geometry_wkb"].to_numpy())
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"cvegeo": str(code)}, "geometry": json.loads(text)}
        for code, text in zip(frame["cvegeo"], shapely.to_geojson(geoms))
    ]}


def national_layer(build_dir: Path) -> Path:
    """The built national layer; when the build has not written layers, write them once into build/bench/."""
    built = Path(build_dir) / "layers" / "mun_national.pbf"
    if built.is_file():
        return built
    cached = Path(build_dir) / "bench" / "layers" / "mun_national.pbf"
    if not cached.is_file():
        import geopandas as gpd
        import shapely

        from geodata.layers import write_layers
        from store.database import default_url, open_engine, read_table

        engine = open_engine(default_url(build_dir), read_only=True)
        try:
            mun = read_table(engine, "municipalities").merge(read_table(engine, "municipality_geometry"), on="cvegeo")
            states = read_table(engine, "state_geometry")
        finally:
            engine.dispose()
        print(f"writing the map layers into {cached.parent} (the build did not write them)", file=sys.stderr)
        write_layers(gpd.GeoDataFrame(mun, geometry=shapely.from_wkb(mun["geometry_wkb"].to_numpy()), crs=4326),
                     gpd.GeoDataFrame(states, geometry=shapely.from_wkb(states["geometry_wkb"].to_numpy()), crs=4326),
                     cached.parent)
    return cached


def create_baseline(kind: str, build_dir: Path, canvas: bool = False, compress: bool | None = None):
    """The Dash app of one baseline page (Flask server at `.server`)."""
    import dash
    import dash_leaflet as dl
    from dash import html
    from flask import send_file

    from dashapp import static_compression
    from store.database import default_url

    compress = kind != "naive" if compress is None else compress
    app = dash.Dash(__name__, compress=compress, title=f"baseline {kind}", update_title=None)
    if compress:  # the scripts at brotli's best, as the app serves them
        static_compression.register(app.server)
    style = {"color": "#555", "weight": 0.5, "fillColor": "#3182bd", "fillOpacity": 0.6}
    if kind == "naive":
        layer = dl.GeoJSON(id="layer", data=municipalities_geojson(default_url(build_dir)), style=style)
    elif kind == "floor":
        layer = dl.GeoJSON(id="layer", data=FLOOR_POLYGON, style=style)
    elif kind == "national":
        path = national_layer(build_dir)
        app.server.add_url_rule("/layers/mun_national.pbf", "national_layer",
                                lambda: send_file(path, mimetype="application/octet-stream", max_age=0))
        layer = dl.GeoJSON(id="layer", url="/layers/mun_national.pbf", format="geobuf", style=style)
    else:
        raise ValueError(f"unknown baseline {kind!r}: naive, floor or national")
    app.layout = html.Div([
        html.H1(f"baseline: {kind}", style={"fontSize": "1rem", "margin": "4px"}),
        dl.Map([layer], center=CENTER, zoom=ZOOM, preferCanvas=canvas, style={"height": "90vh"}),
    ])
    return app


def serve(kind: str, port: int, build_dir: Path, canvas: bool = False, workers: int = 2, threads: int = 4,
          compress: bool | None = None) -> int:
    """Serve one baseline on 127.0.0.1:port with the real app's gunicorn options."""
    from dashapp.app import set_up_before_forking
    from dashapp.gunicorn_app import _App

    # built once in the master (preload_app), Dash's first-request setup included: without it a worker
    # whose first requests arrive together can answer one of the page's scripts with 500 (as the app)
    app = set_up_before_forking(create_baseline(kind, build_dir, canvas, compress))

    class _Baseline(_App):
        def load(self):
            return app.server

    options = {"bind": f"127.0.0.1:{port}", "workers": workers, "threads": threads, "worker_class": "gthread",
               "preload_app": True, "timeout": 60, "accesslog": None, "control_socket_disable": True, "proc_name": f"mapa3x1-baseline-{kind}"}
    _Baseline(options).run()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kind", choices=["naive", "floor", "national"])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--build-dir", type=Path, default=ROOT / "build")
    parser.add_argument("--canvas", action="store_true", help="preferCanvas=True (default: SVG)")
    parser.add_argument("--compress", action="store_true", help="compress the naive page too")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args(argv)
    sys.argv = sys.argv[:1]  # gunicorn parses sys.argv: give it nothing of ours
    return serve(args.kind, args.port, args.build_dir.resolve(), args.canvas, args.workers, args.threads,
                 True if args.compress else None)


if __name__ == "__main__":
    sys.exit(main())
