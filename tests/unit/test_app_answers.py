"""Remembered answers (dashapp/answers.py, Flask-Caching): once per key and store, bounded."""
from __future__ import annotations

import pandas as pd
import pytest
from flask import Flask

from dashapp import answers
from dashapp.answers import remembered
from dashapp.filters import Filters
from dashapp.store import Snapshot


def snapshot(version: str = "20261128T120000") -> Snapshot:
    return Snapshot(tables={"municipalities": pd.DataFrame({"cvegeo": ["32020"]})}, version=version)


@pytest.fixture
def server():
    app = Flask(__name__)
    answers.init_app(app)
    with app.app_context():
        yield app


class Counter:
    def __init__(self):
        self.calls = []

    def __call__(self, value):
        def compute():
            self.calls.append(value)
            return {"answer": [value]}
        return compute


def test_an_answer_is_computed_once_per_key_and_store(server):
    snap, compute = snapshot(), Counter()
    key = ("restyle", Filters.lenient({"estado": "32"}), "es")
    first = remembered(answers.answers, snap, key, compute("a"))
    again = remembered(answers.answers, snap, key, compute("b"))
    assert first == again == {"answer": ["a"]} and compute.calls == ["a"]
    other = remembered(answers.answers, snap, ("restyle", Filters.lenient({"estado": "20"}), "es"), compute("c"))
    assert other == {"answer": ["c"]} and compute.calls == ["a", "c"]


def test_a_rebuilt_store_is_answered_afresh_even_with_the_same_version(server):
    compute = Counter()
    remembered(answers.answers, snapshot("v1"), ("page", "/"), compute("old"))
    assert remembered(answers.answers, snapshot("v1"), ("page", "/"), compute("new")) == {"answer": ["new"]}


def test_the_remembered_object_itself_is_answered(server):
    snap, compute = snapshot(), Counter()
    first = remembered(answers.answers, snap, ("k",), compute("a"))
    assert remembered(answers.answers, snap, ("k",), compute("b")) is first  # no copy: callers must not change it
    assert isinstance(server.extensions["cache"][answers.answers], answers.KeptCache)


def test_none_is_remembered_too(server):
    snap, calls = snapshot(), []
    for _ in range(3):
        assert remembered(answers.answers, snap, ("api.municipio", "99999"), lambda: calls.append(1)) is None
    assert calls == [1]


def test_exports_are_bounded_the_oldest_dropped_first(server):
    snap, compute = snapshot(), Counter()
    limit = answers.exports.config["CACHE_THRESHOLD"]  # SimpleCache holds up to limit + 1 entries
    for i in range(limit + 2):
        remembered(answers.exports, snap, ("export", i), compute(i))
    remembered(answers.exports, snap, ("export", limit + 1), compute("again"))  # the newest is still there
    remembered(answers.exports, snap, ("export", 0), compute("recomputed"))  # the oldest was dropped
    assert compute.calls[-1] == "recomputed" and "again" not in compute.calls


def test_outside_an_app_nothing_is_remembered():
    snap, compute = snapshot(), Counter()
    remembered(answers.answers, snap, ("k",), compute("a"))
    remembered(answers.answers, snap, ("k",), compute("b"))
    assert compute.calls == ["a", "b"]
