"""`fetch` against a local HTTP server on 127.0.0.1 serving small invented files written into tmp_path.

No test may reach the internet: a guard refuses any socket connection that is not loopback. The
project manifest against the real raw folder is an integration test (tests/integration/test_fetch.py).
"""
from __future__ import annotations

import csv
import dataclasses
import hashlib
import re
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from core.errors import RawDataError
from etl import fetch as fx

SAMPLE = [
    "inegi/inpc_mensual_2000_2026_base2018.csv",
    "programa_3x1/calibration_facts_3x1_cited.csv",
    "programa_3x1/sedesol_3x1_recursos_ejercidos_por_estado_2007_PARCIAL.csv",
]
# invented bytes under the real names; the first is a few kB so that chunks, cuts and ranges fall inside it
CONTENT = {
    SAMPLE[0]: b"anio,mes,inpc\r\n" + b"".join(f"{y},{m},{60 + (y - 2000) * 3.1 + m * 0.25:.6f}\r\n".encode()
                                             for y in range(2000, 2027) for m in range(1, 13)),
    SAMPLE[1]: "period,metric,value,source\r\n2002,projects,942,Programa 3x1 (cited)\r\n".encode("utf-8"),
    SAMPLE[2]: "anio,cve_ent,federal\r\n2007,1,1000\r\n2007,32,\r\n".encode("utf-8"),
}
# the first is downloadable from its upstream URL; the other two are conversions (a mirror only)
UPSTREAM = {SAMPLE[0]: "https://raw.githubusercontent.com/example/inpc/0123456789abcdef0123456789abcdef01234567/"
                       "inpc_mensual_2000_2026_base2018.csv"}


LOOPBACK = ("127.0.0.1", "::1", "localhost")


@pytest.fixture(autouse=True)
def no_internet(monkeypatch):
    """Fail the test on any DNS lookup or connection that is not loopback."""
    real_connect, real_getaddrinfo = socket.socket.connect, socket.getaddrinfo

    def connect(self, address):
        if isinstance(address, tuple) and address[0] not in LOOPBACK:
            raise AssertionError(f"test tried to connect to {address!r}")
        return real_connect(self, address)

    def getaddrinfo(host, *args, **kwargs):
        if host not in LOOPBACK:
            raise AssertionError(f"test tried to resolve {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def test_the_guard_blocks_the_upstream_url(tmp_path, manifest):
    with pytest.raises(AssertionError, match="raw.githubusercontent.com"):
        fx.fetch(tmp_path / "raw", manifest, mirror=None, progress=lambda _: None, backoff=0)


class RangeHandler(BaseHTTPRequestHandler):
    """Serves server.root; honours `Range: bytes=N-` unless server.honour_range is False."""

    def do_GET(self):  # noqa: N802 (http.server naming)
        server = self.server
        server.log.append((unquote(urlparse(self.path).path), self.headers.get("Range")))
        if server.fail_next:
            server.fail_next -= 1
            self.send_error(503)
            return
        path = server.root / unquote(urlparse(self.path).path).lstrip("/")
        if not path.is_file():
            self.send_error(404)
            return
        data = path.read_bytes()
        match = re.fullmatch(r"bytes=(\d+)-", self.headers.get("Range") or "")
        if match and server.honour_range:
            start = int(match[1])
            if start >= len(data):
                self.send_error(416)
                return
            body = data[start:]
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        else:
            body = data
            self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if server.cut_next:  # promise the whole body, send part of it, hang up
            body, server.cut_next = body[: server.cut_next], 0
            self.close_connection = True
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server(tmp_path):
    root = tmp_path / "served"
    for name in SAMPLE:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(CONTENT[name])
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), RangeHandler)
    httpd.root, httpd.log, httpd.honour_range, httpd.fail_next, httpd.cut_next = root, [], True, 0, 0
    httpd.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def write_manifest(path: Path, rows: list[dict]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fx.COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def manifest(tmp_path) -> Path:
    """A manifest of the sample files, shaped like the project's (one upstream file, two conversions)."""
    rows = [{"file": name, "sha256": hashlib.sha256(CONTENT[name]).hexdigest(), "bytes": len(CONTENT[name]),
             "publisher": "test", "url": UPSTREAM.get(name, ""),
             "conversion": "" if name in UPSTREAM else "converted from the published spreadsheet"} for name in SAMPLE]
    return write_manifest(tmp_path / "manifest.csv", rows)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def expected_sha(name: str) -> str:
    return hashlib.sha256(CONTENT[name]).hexdigest()


def test_fetch_downloads_and_verifies_then_skips_on_the_second_run(tmp_path, server, manifest):
    dest = tmp_path / "raw"
    report = fx.fetch(dest, manifest, mirror=server.url, progress=lambda _: None)
    assert report.ok and sorted(report.downloaded) == SAMPLE
    for name in SAMPLE:
        assert sha(dest / name) == expected_sha(name)
    assert not list(dest.rglob("*.part"))

    server.log.clear()
    again = fx.fetch(dest, manifest, mirror=server.url, progress=lambda _: None)
    assert again.downloaded == [] and sorted(again.present) == SAMPLE and server.log == []


def test_truncated_part_is_resumed_with_a_range_request(tmp_path, server, manifest):
    name = SAMPLE[0]
    dest = tmp_path / "raw"
    part = dest / (name + ".part")
    part.parent.mkdir(parents=True)
    part.write_bytes((server.root / name).read_bytes()[:4000])
    report = fx.fetch(dest, manifest, mirror=server.url, progress=lambda _: None)
    assert report.ok and name in report.downloaded
    assert ("/" + name, "bytes=4000-") in server.log
    assert sha(dest / name) == expected_sha(name) and not part.exists()


def test_a_connection_cut_mid_file_is_resumed_on_retry(tmp_path, server, manifest, monkeypatch):
    monkeypatch.setattr(fx, "CHUNK", 1024)  # small writes, so whole chunks land before the cut
    server.cut_next = 3000
    name = SAMPLE[0]
    report = fx.fetch(tmp_path / "raw", manifest, mirror=server.url, progress=lambda _: None, backoff=0)
    assert report.ok and sha(tmp_path / "raw" / name) == expected_sha(name)
    # two whole chunks (2,048 bytes) were kept; the chunk in flight when the line dropped is fetched again
    assert [rng for path, rng in server.log if path == "/" + name] == [None, "bytes=2048-"]


@pytest.mark.parametrize("honour_range", [False, True])
def test_a_stale_part_is_replaced_by_a_full_download(tmp_path, server, manifest, honour_range):
    # False: the server ignores Range and sends the whole file, which must overwrite, not append to,
    # the .part. True: the resumed file fails its checksum, so it is downloaded once more, whole.
    server.honour_range = honour_range
    name = SAMPLE[0]
    dest = tmp_path / "raw"
    (dest / name).parent.mkdir(parents=True)
    (dest / (name + ".part")).write_bytes(b"x" * 4000)
    report = fx.fetch(dest, manifest, mirror=server.url, progress=lambda _: None)
    assert report.ok and sha(dest / name) == expected_sha(name)
    assert [rng for path, rng in server.log if path == "/" + name][-1] == (None if honour_range else "bytes=4000-")


def test_corrupted_file_is_reported_by_name_and_not_kept(tmp_path, server, manifest):
    name = SAMPLE[1]
    served = server.root / name
    served.write_bytes(served.read_bytes().replace(b"3x1", b"3X1", 1))
    dest = tmp_path / "raw"
    report = fx.fetch(dest, manifest, mirror=server.url, progress=lambda _: None)
    assert not report.ok and list(report.failed) == [name]
    assert re.search(rf"checksum mismatch for {re.escape(name)}: expected {expected_sha(name)}, got {sha(served)}",
                     report.failed[name])
    assert not (dest / name).exists() and not (dest / (name + ".part")).exists()
    assert f"FAILED {name}" in report.summary()


def test_converted_files_need_a_mirror_and_the_env_variable_provides_one(tmp_path, server, manifest, monkeypatch):
    monkeypatch.delenv(fx.MIRROR_ENV, raising=False)
    # the two programa_3x1 files are conversions: no upstream URL gives their bytes
    converted = [dataclasses.asdict(e) for e in fx.read_manifest(manifest) if e.conversion]
    manifest = write_manifest(tmp_path / "converted.csv", converted)
    dest = tmp_path / "raw"
    report = fx.fetch(dest, manifest, progress=lambda _: None)
    assert sorted(report.needs_mirror) == SAMPLE[1:] and server.log == [] and not report.ok
    assert "pass --mirror URL or set MAPA3X1_RAW_MIRROR" in report.summary()

    monkeypatch.setenv(fx.MIRROR_ENV, server.url)
    report = fx.fetch(dest, manifest, progress=lambda _: None)
    assert report.ok


def test_upstream_url_spaces_retries_and_404(tmp_path, server):
    name = "coneval/indicadores de pobreza municipal_2099.csv"  # a space in the path, as CONEVAL's files have
    content = b"clave_municipio,pobreza\n1001,20.5\n"
    (server.root / name).parent.mkdir(parents=True)
    (server.root / name).write_bytes(content)
    row = {"file": name, "sha256": hashlib.sha256(content).hexdigest(), "bytes": len(content), "publisher": "test",
           "url": server.url + "/coneval/indicadores%20de%20pobreza%20municipal_2099.csv", "conversion": ""}
    missing = dict(row, file="coneval/missing.csv", url=server.url + "/coneval/missing.csv")
    manifest = write_manifest(tmp_path / "m.csv", [row, missing])
    server.fail_next = 1  # one 503, then the file
    messages: list[str] = []
    report = fx.fetch(tmp_path / "raw", manifest, progress=messages.append, backoff=0)
    assert report.downloaded == [name] and (tmp_path / "raw" / name).read_bytes() == content
    assert any("HTTP 503; retrying" in m for m in messages)
    assert "HTTP 404" in report.failed["coneval/missing.csv"]


def test_manifest_with_an_unsafe_path_is_refused(tmp_path):
    row = {"file": "../outside.csv", "sha256": "0" * 64, "bytes": 1, "publisher": "x", "url": "", "conversion": ""}
    with pytest.raises(RawDataError, match=r"m\.csv, line 2: unsafe file path"):
        fx.read_manifest(write_manifest(tmp_path / "m.csv", [row]))
