"""The page shell: per-page scripts, language switch, demonstration banner."""
from __future__ import annotations

from pathlib import Path

from dashapp import framework
from dashapp.app import PAGE_ONLY_LIBRARIES


def scripts_for_path(scripts: str, path: str) -> str:
    return framework.scripts_for_path(scripts, path, PAGE_ONLY_LIBRARIES)


SCRIPTS = (
    '<script src="/_dash-component-suites/dash/deps/polyfill@7.v4_4_1m1795849825.12.1.min.js"></script>\n'
    '<script src="/_dash-component-suites/dash/deps/react@18.v4.min.js"></script>\n'
    '<script src="/_dash-component-suites/dash_ag_grid/dash_ag_grid.v35.min.js"></script>\n'
    '<script src="/_dash-component-suites/dash_leaflet/dash_leaflet.v1.js"></script>\n'
    '<script src="/_dash-component-suites/dash/dash_table/bundle.v7_4_1m1795849825.js"></script>\n'
)


def test_ag_grid_script_only_on_the_projects_page_and_datatable_on_none():
    explorer = scripts_for_path(SCRIPTS, "/")
    assert "dash_ag_grid" not in explorer
    assert "dash_leaflet" in explorer and "react@18" in explorer
    assert "dash_ag_grid" in scripts_for_path(SCRIPTS, "/proyectos")
    assert "dash_ag_grid" not in scripts_for_path(SCRIPTS, "/municipio/32020")
    assert not any("dash_table" in scripts_for_path(SCRIPTS, p) for p in ("/", "/proyectos", "/datos"))


def test_no_page_loads_dashs_polyfill():
    assert not any("polyfill" in scripts_for_path(SCRIPTS, p) for p in ("/", "/proyectos", "/municipio/32020"))
    assert "react@18" in scripts_for_path(SCRIPTS, "/proyectos")


def test_the_regenerator_runtime_that_replaces_the_polyfill_is_the_npm_file_unmodified():
    """Dash's bundles call `regeneratorRuntime`; the vendored file must be regenerator-runtime 0.14.1 as published."""
    import hashlib
    import importlib
    import re

    text = (Path(__file__).resolve().parents[2] / "dashapp/assets/vendor/regenerator-runtime.js").read_text()
    header, body = text.split("*/\n", 1)
    recorded = re.search(r"sha256 of the npm file:\s+([0-9a-f]{64})", header).group(1)
    assert hashlib.sha256(body.encode()).hexdigest() == recorded
    assert "regeneratorRuntime = runtime" in body
    # The global is still what Dash's renderer needs: if an upgrade stops calling it, this file can go.
    renderer = Path(importlib.import_module("dash").__file__).parent / "dash-renderer/build/dash_renderer.min.js"
    assert "regeneratorRuntime" in renderer.read_text()


def test_the_explorer_preloads_its_national_layer_file_and_other_pages_do_not():
    from dashapp.app import preload_links

    links = preload_links("/", "20261128T0800")
    # assets/national_layer.js finds it by its id and decodes it while Dash starts
    assert links == ('<link rel="preload" id="national-layer-preload" href="/layers/20261128T0800/mun_national.bin" '
                     'as="fetch" crossorigin="anonymous">')
    assert preload_links("/proyectos", "v") == ""


def test_every_chunk_compressed_before_forking_is_a_file_the_installed_libraries_serve():
    """A renamed chunk after an upgrade would be compressed on a first visit instead: caught here."""
    import importlib

    from dashapp.app import AFTER_PAINT_CHUNKS

    for name in AFTER_PAINT_CHUNKS:
        package, _, rest = name.partition("/")
        folder = Path(importlib.import_module(package).__file__).parent
        assert (folder / rest).is_file(), name


def test_layer_files_are_served_gzipped_once_with_long_caching(tmp_path):
    import gzip

    from dashapp.app import Settings, create_app
    from dashapp.static_layers import accepts_gzip, gzipped

    layers = tmp_path / "layers"
    (layers / "mun_state").mkdir(parents=True)
    (layers / "mun_national.pbf").write_bytes(b"\x0a\x01" * 5000)
    client = create_app(Settings(db_url=f"sqlite:///{tmp_path / 'none.sqlite'}", build_dir=tmp_path)).server.test_client()

    zipped = client.get("/layers/v1/mun_national.pbf", headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert zipped.status_code == 200 and zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data) == b"\x0a\x01" * 5000
    assert "immutable" in zipped.headers["Cache-Control"] and "Accept-Encoding" in zipped.headers["Vary"]
    again = client.get("/layers/v1/mun_national.pbf", headers={"Accept-Encoding": "gzip",
                                                                "If-None-Match": zipped.headers["ETag"]})
    assert again.status_code == 304
    hits = gzipped.cache_info().hits
    client.get("/layers/v2/mun_national.pbf", headers={"Accept-Encoding": "gzip"})
    assert gzipped.cache_info().hits == hits + 1  # compressed once, not per request

    plain = client.get("/layers/v1/mun_national.pbf", headers={"Accept-Encoding": "identity"})
    assert plain.status_code == 200 and "Content-Encoding" not in plain.headers and len(plain.data) == 10000
    for bad in ("/layers/v1/../../etc/passwd", "/layers/v1/missing.pbf", "/layers/v1/mun_state"):
        assert client.get(bad, headers={"Accept-Encoding": "gzip"}).status_code == 404, bad
    assert accepts_gzip("br, gzip;q=0.5") and not accepts_gzip("gzip;q=0") and not accepts_gzip("br, zstd")


def test_dash_is_set_up_before_the_workers_take_concurrent_first_requests(tmp_path: Path):
    """Dash's own first-request setup is not thread-safe: scripts asked for together by a fresh
    worker could get a 500. After set_up_before_forking every script of the page is served, from
    threads that all start at once, without the index page having been asked for first."""
    import re
    from concurrent.futures import ThreadPoolExecutor

    from dashapp.app import Settings, create_app, set_up_before_forking

    settings = Settings(db_url=f"sqlite:///{tmp_path / 'none.sqlite'}", build_dir=tmp_path)
    # the script list comes from another instance: listing them registers them in that instance
    scripts = re.findall(r'src="(/_dash-component-suites/[^"]+)"', create_app(settings)._generate_scripts_html())
    app = set_up_before_forking(create_app(settings))
    assert len(scripts) >= 8 and any("dash_renderer" in s for s in scripts)
    client = app.server.test_client()
    with ThreadPoolExecutor(len(scripts)) as pool:
        statuses = list(pool.map(lambda src: client.get(src).status_code, scripts))
    assert statuses == [200] * len(scripts)


def test_an_unknown_script_path_is_a_404_not_a_server_error(tmp_path: Path):
    from dashapp.app import Settings, create_app, set_up_before_forking

    app = set_up_before_forking(create_app(Settings(db_url=f"sqlite:///{tmp_path / 'none.sqlite'}", build_dir=tmp_path)))
    client = app.server.test_client()
    for path in ("/_dash-component-suites/dash/nope.js", "/_dash-component-suites/no_such_library/x.js",
                 "/_dash-component-suites/dash/..%2F..%2Fsetup.py"):
        response = client.get(path)
        assert response.status_code == 404, (path, response.status_code)
        assert b"Traceback" not in response.data
