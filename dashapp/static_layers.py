"""Serve the built map layers as static files: long cache lifetimes, ETags, compressed once.

Layer URLs carry the store version (`/layers/<version>/<file>`), so a rebuilt store gets new URLs
and a browser may keep a file for a year without ever revalidating it. A browser that accepts gzip
gets the file gzipped once per process (kept in memory, keyed by the file's size and mtime) rather
than compressed again for every request, as a web server's `gzip_static` would serve it; one that
accepts brotli gets it at brotli's best once the process has it (dashapp/static_compression.py).
"""
from __future__ import annotations

import functools
import gzip
from pathlib import Path

from flask import Flask, Response, abort, request, send_from_directory
from werkzeug.security import safe_join

from dashapp.static_compression import accepts_brotli, best, encode
from dashapp.store import layer_dir

ONE_YEAR = 365 * 24 * 3600
CACHE_CONTROL = f"public, max-age={ONE_YEAR}, immutable"


def layer_url(version: str, name: str) -> str:
    """The URL of a built layer file for the current store version."""
    return f"/layers/{version}/{name}"


@functools.lru_cache(maxsize=512)
def gzipped(path: str, size: int, mtime_ns: int) -> bytes:  # noqa: ARG001 - size and mtime key the cache
    """The file's bytes, gzipped (level 9, no timestamp: the same bytes in every process)."""
    return gzip.compress(raw(path, size, mtime_ns), compresslevel=9, mtime=0)


@functools.lru_cache(maxsize=64)
def raw(path: str, size: int, mtime_ns: int) -> bytes:  # noqa: ARG001 - size and mtime key the cache
    """The file's bytes (the national layers are asked for on every first visit)."""
    return Path(path).read_bytes()


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an Accept-Encoding header allows gzip (a q=0 refuses it)."""
    for part in accept_encoding.lower().split(","):
        name, _, params = part.strip().partition(";")
        if name.strip() in ("gzip", "*"):
            return params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


def register(server: Flask, build_dir: Path) -> None:
    """Add the /layers route to the Flask server."""
    folder = layer_dir(build_dir)

    @server.route("/layers/<version>/<path:name>")
    def layer_file(version: str, name: str):  # noqa: ARG001 - the version only busts caches
        path = safe_join(str(folder), name)
        if path is None or not Path(path).is_file():
            abort(404)
        if not accepts_gzip(request.headers.get("Accept-Encoding", "")):
            response = send_from_directory(folder, name, conditional=True, etag=True, max_age=ONE_YEAR)
            response.headers["Cache-Control"] = CACHE_CONTROL
            return response
        stat = Path(path).stat()
        tag = f"{stat.st_size:x}-{stat.st_mtime_ns:x}"
        if accepts_brotli(request):  # at brotli's best once this process has compressed it (static_compression)
            encoded = best(raw(path, stat.st_size, stat.st_mtime_ns))
            if encoded is not None:
                response = Response(encoded, mimetype="application/octet-stream")
                response.headers["Cache-Control"] = CACHE_CONTROL
                response.set_etag(tag)
                return encode(response, encoded)
        response = Response(gzipped(path, stat.st_size, stat.st_mtime_ns), mimetype="application/octet-stream")
        response.headers["Content-Encoding"] = "gzip"  # Flask-Compress leaves an encoded response alone
        response.headers["Cache-Control"] = CACHE_CONTROL
        response.vary.add("Accept-Encoding")
        response.set_etag(f"{tag}-gzip")
        return response.make_conditional(request)
