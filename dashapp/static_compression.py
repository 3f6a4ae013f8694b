"""Static files compressed once per process at brotli's best: Dash's scripts, the assets, the layers.

Flask-Compress compresses every response as it goes out, at one level chosen for the dynamic
answers (zstd level 3 for the browsers that take it: 5 ms for the explorer's 1.5 MB of scripts).
Files that never change while the server runs are worth brotli's best level (11), too slow for a
request (about 1.3 s per MB) but fewer bytes for a phone: the explorer's scripts 303 KB instead
of 370 KB (-18 %), the national layer 125 KB instead of 141 KB (gzip 9, -11 %).

So each process compresses each static file once, in a background thread, and keeps the result
under the SHA-256 of the file's bytes (one entry per file the app serves, whatever the URL's
fingerprint or query string). Until a file's turn has come it goes out as before. `warm(server)`
compresses the files of a first visit of the explorer up front, those it loads after its first
paint included: gunicorn's master does it before it forks the workers, so no worker spends its
first seconds compressing while it serves.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from concurrent.futures import Future, ThreadPoolExecutor, wait

import brotli
from flask import Flask, Request, Response, request

QUALITY = 11
STATIC_PREFIXES = ("/_dash-component-suites/", "/assets/")
STATIC_TYPES = {"application/javascript", "text/javascript", "text/css"}
_LAYERS_IN_LAYOUT = re.compile(r'"(/layers/[^"]+\.(?:pbf|bin))"')
_URLS_IN_PAGE = re.compile(r'(?:src|href)="(/(?:_dash-component-suites|assets|layers)/[^"?]+\.(?:js|css|pbf|bin)(?:\?[^"]*)?)"')

_lock = threading.Lock()
_done: dict[str, bytes] = {}  # sha256 of the file's bytes -> the bytes at brotli's best
_pending: dict[str, Future] = {}
_executor: tuple[int, ThreadPoolExecutor] | None = None  # (pid, executor): a forked worker starts its own


def _compress(digest: str, body: bytes) -> None:
    encoded = brotli.compress(body, quality=QUALITY)
    with _lock:
        _done[digest] = encoded
        _pending.pop(digest, None)


def best(body: bytes, now: bool = False) -> bytes | None:
    """`body` at brotli's best if this process has it; otherwise None, and it is compressed in the
    background (or right away with `now`)."""
    global _executor
    digest = hashlib.sha256(body).hexdigest()
    with _lock:
        if digest in _done:
            return _done[digest]
        if not now:
            if _executor is None or _executor[0] != os.getpid():  # new, or a forked worker: the parent's
                _pending.clear()  # thread and its jobs did not come along
                _executor = (os.getpid(), ThreadPoolExecutor(max_workers=1, thread_name_prefix="brotli"))
            if digest not in _pending:
                _pending[digest] = _executor[1].submit(_compress, digest, body)
            return None
    _compress(digest, body)
    return _done[digest]


def drain(timeout: float | None = None) -> None:
    """Wait until the background compressions asked for so far are done (or `timeout` seconds)."""
    with _lock:
        futures = list(_pending.values())
    wait(futures, timeout)


def accepts_brotli(req: Request) -> bool:
    return req.accept_encodings["br"] > 0


def encode(response: Response, encoded: bytes) -> Response:
    """`response` carrying `encoded` (brotli) as its body, its ETag marked, conditional requests answered."""
    response.set_data(encoded)
    response.headers["Content-Encoding"] = "br"  # Flask-Compress leaves an encoded response alone
    response.vary.add("Accept-Encoding")
    etag, weak = response.get_etag()
    if etag and not weak:
        response.set_etag(f"{etag}:br")
    return response.make_conditional(request)


def static_brotli(response: Response) -> Response:
    """after_request: a script or stylesheet at brotli's best, when the process has it and the browser takes it."""
    if (request.method not in ("GET", "HEAD") or response.status_code != 200
            or not request.path.startswith(STATIC_PREFIXES) or response.mimetype not in STATIC_TYPES
            or "Content-Encoding" in response.headers or not accepts_brotli(request)):
        return response
    response.direct_passthrough = False  # a file sent by send_file: read it
    encoded = best(response.get_data())
    return response if encoded is None else encode(response, encoded)


def register(server: Flask) -> None:
    """Add the hook; registered after Flask-Compress, so it runs before it (Flask runs them in reverse)."""
    server.after_request(static_brotli)


def warm(server: Flask, page: str = "/", chunks: tuple[str, ...] = ()) -> int:
    """Compress now the files a first visit of `page` asks for: the scripts, stylesheets and layers
    that its HTML and its layout name, and `chunks` (script chunks that components load later, under
    /_dash-component-suites/). Returns how many."""
    client = server.test_client()
    html = client.get(page).get_data(as_text=True)
    answer = client.get("/_dash-layout", headers={"Referer": f"http://localhost{page}"})
    layout = json.dumps(answer.get_json(silent=True))  # Dash writes "/" as "\u002f"
    urls = set(_URLS_IN_PAGE.findall(html)) | set(_LAYERS_IN_LAYOUT.findall(layout))
    urls |= {f"/_dash-component-suites/{chunk}" for chunk in chunks}
    for url in sorted(urls):
        answer = client.get(url, headers={"Accept-Encoding": "identity"})
        if answer.status_code == 200:
            best(answer.get_data(), now=True)
    return len(urls)
