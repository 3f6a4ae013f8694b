"""Answers remembered per loaded store and request (Flask-Caching).

Most visits ask for the same few things: `/`, a shared hometown link, the default filters, the
whole projects export. Each worker process keeps the answers it has built, in Flask-Caching's
SimpleCache (in memory, thread-safe, bounded by a number of entries, the oldest dropped first).
The key holds the snapshot's token, so a rebuilt store is never answered from the old one.

SimpleCache pickles every value in and out. Here it keeps the objects themselves (`KeptCache`):
unpickling a page's layout on every hit halved the load benchmark's throughput (50 clients:
468 against 768 requests/s, p95 245 against 132 ms). So what is remembered is shared between
requests, and callers must not change it (none does: answers are serialised to JSON as they are).

Two caches: small answers (pages, callback payloads, profiles) and exports, which can weigh
megabytes each and so are fewer.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from typing import TypeVar

from flask import Flask, has_app_context
from flask_caching import Cache
from flask_caching.backends.simplecache import SimpleCache

T = TypeVar("T")


class _Kept:
    """A cachelib serializer that keeps the object itself."""

    def dumps(self, value, protocol=None):
        return value

    def loads(self, value):
        return value


class KeptCache(SimpleCache):
    """Flask-Caching's SimpleCache without the pickling (CACHE_TYPE names this class)."""

    serializer = _Kept()


KEPT = f"{__name__}.KeptCache"
DAY = 24 * 3600  # entries expire after a day; SimpleCache treats a timeout of 0 as "flush all when full"
answers = Cache(config={"CACHE_TYPE": KEPT, "CACHE_THRESHOLD": 1000, "CACHE_DEFAULT_TIMEOUT": DAY})
exports = Cache(config={"CACHE_TYPE": KEPT, "CACHE_THRESHOLD": 32, "CACHE_DEFAULT_TIMEOUT": DAY})


def init_app(server: Flask) -> None:
    answers.init_app(server)
    exports.init_app(server)


def cache_key(token: str, key: Hashable) -> str:
    """A short text key for `key` under the snapshot `token` (repr of tuples of str, int, dataclasses)."""
    return "mapa3x1:" + hashlib.sha256(repr((token, key)).encode("utf-8")).hexdigest()


def remembered(cache: Cache, snapshot, key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, remembered in `cache` under `key` for the store `snapshot` comes from.

    None is remembered like any other answer (an unknown municipality stays unknown). Two first
    requests for the same key may both compute; both get equal answers. Outside a Flask app (a
    script calling a page function), nothing is remembered."""
    if not has_app_context():
        return compute()
    text = cache_key(snapshot.token, key)
    hit = cache.get(text)
    if hit is not None:
        return hit[0]
    value = compute()
    cache.set(text, (value,))
    return value
