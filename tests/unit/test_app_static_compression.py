"""Static files at brotli's best (dashapp/static_compression.py): once per process, in the background,
only for scripts, stylesheets and layers, and only for a browser that takes brotli."""
from __future__ import annotations

import re
from pathlib import Path

import brotli
import pytest

from dashapp import static_compression

ALL = {"Accept-Encoding": "gzip, deflate, br, zstd"}  # what Chromium sends


@pytest.fixture
def fresh(monkeypatch):
    """Nothing compressed yet in this process (other tests may have warmed the same scripts)."""
    monkeypatch.setattr(static_compression, "_done", {})
    monkeypatch.setattr(static_compression, "_pending", {})


def _client(tmp_path: Path):
    from dashapp.app import Settings, create_app

    return create_app(Settings(db_url=f"sqlite:///{tmp_path / 'none.sqlite'}", build_dir=tmp_path)).server.test_client()


def _script(client) -> str:
    page = client.get("/").get_data(as_text=True)
    return next(s for s in re.findall(r'src="([^"]+)"', page) if "dash_renderer" in s)


def test_a_script_goes_out_at_brotlis_best_once_the_process_has_compressed_it(tmp_path, fresh):
    client = _client(tmp_path)
    url = _script(client)
    plain = client.get(url, headers={"Accept-Encoding": "identity"}).data
    first = client.get(url, headers=ALL)
    assert first.status_code == 200 and first.headers["Content-Encoding"] == "zstd"  # Flask-Compress, meanwhile
    static_compression.drain()
    best = client.get(url, headers=ALL)
    assert best.headers["Content-Encoding"] == "br" and "Accept-Encoding" in best.headers["Vary"]
    assert brotli.decompress(best.data) == plain and int(best.headers["Content-Length"]) == len(best.data)
    assert len(best.data) < len(first.data)
    assert client.get(url, headers={"Accept-Encoding": "gzip"}).headers["Content-Encoding"] == "gzip"
    assert client.get(url, headers={"Accept-Encoding": "gzip, br;q=0"}).headers["Content-Encoding"] == "gzip"


def test_an_asset_revalidates_against_its_brotli_etag(tmp_path, fresh):
    client = _client(tmp_path)
    client.get("/assets/map.js", headers=ALL)
    static_compression.drain()
    best = client.get("/assets/map.js", headers=ALL)
    assert best.headers["Content-Encoding"] == "br" and best.headers["ETag"].endswith(':br"')
    again = client.get("/assets/map.js", headers={**ALL, "If-None-Match": best.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_dynamic_answers_are_left_to_flask_compress(tmp_path, fresh):
    client = _client(tmp_path)
    for url in ("/", "/_dash-layout", "/_dash-dependencies", "/api/municipios/32020"):
        client.get(url, headers={"Accept-Encoding": "br"})
    static_compression.drain()
    assert static_compression._done == {}


def test_layer_files_at_brotlis_best_with_their_own_etag(tmp_path, fresh):
    layers = tmp_path / "layers"
    layers.mkdir()
    data = b"\x0a\x02layer" * 4000
    (layers / "mun_national.pbf").write_bytes(data)
    client = _client(tmp_path)
    first = client.get("/layers/v1/mun_national.pbf", headers=ALL)
    assert first.headers["Content-Encoding"] == "gzip"
    static_compression.drain()
    best = client.get("/layers/v1/mun_national.pbf", headers=ALL)
    assert best.headers["Content-Encoding"] == "br" and brotli.decompress(best.data) == data
    assert "immutable" in best.headers["Cache-Control"] and "Accept-Encoding" in best.headers["Vary"]
    again = client.get("/layers/v1/mun_national.pbf", headers={**ALL, "If-None-Match": best.headers["ETag"]})
    assert again.status_code == 304


def test_the_master_compresses_the_explorers_files_before_forking_and_lets_the_store_go(tmp_path, fresh):
    from dashapp.app import AFTER_PAINT_CHUNKS, Settings, create_app, set_up_before_forking

    app = set_up_before_forking(create_app(Settings(db_url=f"sqlite:///{tmp_path / 'none.sqlite'}",
                                                    build_dir=tmp_path)))
    assert len(static_compression._done) >= 8 and static_compression._pending == {}
    client = app.server.test_client()
    assert client.get(_script(client), headers=ALL).headers["Content-Encoding"] == "br"  # on the first request
    for chunk in AFTER_PAINT_CHUNKS:  # loaded by the filter controls after the first paint
        answer = client.get(f"/_dash-component-suites/{chunk}", headers=ALL)
        assert answer.status_code == 200 and answer.headers["Content-Encoding"] == "br", chunk
    assert app.server.config["STORE"]._snapshot is None and app.server.config["STORE"]._engine is None


def test_a_forked_worker_does_not_wait_for_jobs_of_its_parent(fresh, monkeypatch):
    import hashlib
    import os
    from concurrent.futures import Future

    body = b"var x = 1;\n" * 500
    monkeypatch.setattr(static_compression, "_executor", (os.getpid() + 1, None))  # as inherited by fork
    static_compression._pending[hashlib.sha256(body).hexdigest()] = Future()  # the parent's job: never done here
    assert static_compression.best(body) is None
    static_compression.drain(timeout=60)
    assert brotli.decompress(static_compression.best(body)) == body
