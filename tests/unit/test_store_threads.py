"""The queries under threads while the store is reloaded: no error, no answer mixing two snapshots.

gunicorn's gthread workers answer requests from several threads of one process; `mapa3x1 build`
swaps a new store file in, and the next request loads it while others still read the previous
snapshot. Two tiny stores, "alfa" and "beta", differ in everything a query returns (how many
municipalities, their names, indicator values, pesos), so each answer shows which snapshot it
came from. Eight threads run the explorer, hometown and search queries while a ninth swaps the two
files in turn (os.replace, each copy with its own mtime, so StoreReader reloads every time); then
eight threads each take the two snapshots in turn, so that both are being read at every moment.
Last, the Memo that holds what a snapshot derives: one build per key however many ask at once.
"""
from __future__ import annotations

import os
import shutil
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashapp.filters import Filters
from dashapp.queries import explorer as ex
from dashapp.queries import explorer_money as money
from dashapp.queries import municipio as muni
from dashapp.queries import search as find
from dashapp.store import Memo, Snapshot, StoreReader
from store.database import default_url, replacing_store, write_tables
from store.schema import metadata

PROJECT_COLUMNS = [c.name for c in metadata.tables["projects"].columns]
QUERY_THREADS = 8
RELOADS = 12
ANSWERS_PER_RELOAD = 2  # answers (from any thread) between two swaps
ANSWERS_EACH = 5  # per thread, with two snapshots read at once


def _store(label: str, n: int, poverty: float, pesos: float) -> dict[str, pd.DataFrame]:
    """n municipalities of state 01 called "Pueblo <label> <i>"; poverty `poverty + i` %; one project
    of `pesos` each; marginalization grade 1 for "alfa", 5 for "beta"."""
    keys = [f"010{i:02d}" for i in range(1, n + 1)]
    grade = (1, "Muy bajo") if label == "alfa" else (5, "Muy alto")
    munis = pd.DataFrame({
        "cvegeo": keys, "cve_ent": "01", "cve_mun": [k[2:] for k in keys], "state_name": "Aguascalientes",
        "municipality_name": [f"Pueblo {label} {i}" for i in range(1, n + 1)],
        "population_2020": [1000 * i for i in range(1, n + 1)], "centroid_lon": -102.3, "centroid_lat": 21.9,
        "area_km2": 10.0, "geometry_source": "test"})
    values = [(k, "poverty_pct", 2020, poverty + i, None) for i, k in enumerate(keys)]
    values += [(k, "marginalization_grade", 2020, float(grade[0]), grade[1]) for k in keys]
    projects = pd.DataFrame([{
        "project_id": f"{label}-{k}", "fiscal_year": 2015, "cvegeo": k, "state_name": "Aguascalientes",
        "municipality_name": f"Pueblo {label}", "project_name": "Pavimentación", "project_type": "calles",
        "project_category": "infraestructura social básica", "federal_mxn": pesos / 4, "state_mxn": pesos / 4,
        "municipal_mxn": pesos / 4, "migrant_mxn": pesos / 4, "total_mxn": pesos, "is_synthetic": True,
        "source_file": "demo:generated", "match_method": "synthetic", "has_missing_amount": False,
    } for k in keys], columns=PROJECT_COLUMNS)
    return {
        "states": pd.DataFrame({"cve_ent": ["01"], "state_name": ["Aguascalientes"], "state_abbr": ["Ags."]}),
        "municipalities": munis,
        "place_names": pd.DataFrame({"cvegeo": keys, "name": munis["municipality_name"],
                                     "name_normalized": [f"pueblo {label} {i}" for i in range(1, n + 1)],
                                     "name_source": "canonical"}),
        "indicator_catalog": pd.DataFrame({
            "indicator_id": ["poverty_pct", "marginalization_grade"], "label_es": ["Pobreza", "Marginación"],
            "label_en": ["Poverty", "Marginalization"], "unit": ["pct", "grade"], "higher_is_worse": True,
            "publisher": "test", "note_es": None, "note_en": None}),
        "indicator_values": pd.DataFrame(values, columns=["cvegeo", "indicator_id", "year", "value", "category"])
        .assign(source_file="test.csv", source_row=range(2, len(values) + 2)),
        "projects": projects,
        "deflators": pd.DataFrame({"year": [2015, 2018], "inpc_annual_mean": [90.0, 100.0], "months": 12,
                                   "base_year": 2018, "factor_to_base": [1.0, 1.0]}),
        "build_info": pd.DataFrame({"key": ["built_at", "label"], "value": [f"2026-01-0{n}T00:00:00+00:00", label]}),
    }


SHAPES = {"alfa": (3, 10.0, 1000.0), "beta": (5, 70.0, 2000.0)}  # municipalities, poverty base, pesos each


def _expected(label: str) -> dict:
    n, poverty, pesos = SHAPES[label]
    own = [poverty + i for i in range(n)]
    weights = [1000 * (i + 1) for i in range(n)]
    return {"n": n, "poverty": own, "pesos": pesos * n, "grade": 1.0 if label == "alfa" else 5.0,
            "mean": sum(v * w for v, w in zip(own, weights)) / sum(weights),
            "names": {f"Pueblo {label} {i}" for i in range(1, n + 1)}}


EXPECTED = {label: _expected(label) for label in SHAPES}


def _answer_once(reader, cvegeo: str) -> tuple[str, list[str]]:
    """Run the three kinds of query on the reader's current snapshot; (its label, what did not match)."""
    snapshot = reader.snapshot()
    label = snapshot.info["label"]
    want = EXPECTED[label]
    wrong = []

    # the explorer: the need layer, the circles, the summary strip, the table under the map
    style = ex.need_style(snapshot, ex.LAYERS["poverty_pct"], 2020)
    if len(style["k"]) != want["n"] or style["v"] != want["poverty"]:
        wrong.append(f"explorer need of {label}: {style['v']}")
    filters = Filters(pesos="current")
    totals = money.summary(snapshot, filters)
    if totals["projects"] != want["n"] or totals["total"] != want["pesos"]:
        wrong.append(f"explorer summary of {label}: {totals['projects']} projects, {totals['total']} pesos")
    table = money.table_frame(snapshot, filters, ex.LAYERS["marginalization_grade"], 2020)
    if set(table["municipality_name"]) != want["names"] or set(table["value"]) != {want["grade"]}:
        wrong.append(f"explorer table of {label}: {sorted(table['municipality_name'])}")

    # the hometown page: own value against the state's and the nation's
    row = muni.compare_indicator(snapshot, cvegeo, "poverty_pct")
    position = int(cvegeo[-2:]) - 1
    if row is None or row["value"] != want["poverty"][position] \
            or not np.isclose(row["state"]["value"], want["mean"]) \
            or not np.isclose(row["national"]["value"], want["mean"]):
        wrong.append(f"hometown {cvegeo} of {label}: {row}")
    grade = muni.compare_indicator(snapshot, cvegeo, "marginalization_grade")
    if grade is None or grade["state"]["value"] != want["grade"] or grade["national"]["value"] != want["grade"]:
        wrong.append(f"hometown grade {cvegeo} of {label}: {grade}")

    # the search box
    hits = find.search(find.cached_index(snapshot), "pueblo", limit=10)
    if {hit["name"] for hit in hits} != want["names"]:
        wrong.append(f"search of {label}: {[hit['name'] for hit in hits]}")
    return label, wrong


def _swap_in(master: Path, target: Path, mtime: float) -> None:
    """Replace the store file at once (as `mapa3x1 build` does), with its own modification time."""
    fresh = target.with_name(f"incoming-{mtime}.sqlite")
    shutil.copyfile(master, fresh)
    os.utime(fresh, (mtime, mtime))
    os.replace(fresh, target)


@pytest.fixture
def two_stores(tmp_path: Path) -> tuple[Path, Path, Path]:
    masters = []
    for label, shape in SHAPES.items():
        folder = tmp_path / label
        folder.mkdir()
        with replacing_store(default_url(folder)) as conn:
            write_tables(conn, _store(label, *shape))
        masters.append(folder / "mapa3x1.sqlite")
    live = tmp_path / "live"
    live.mkdir()
    return masters[0], masters[1], live / "mapa3x1.sqlite"


def _run(threads: list[threading.Thread]) -> None:
    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-4)  # threads take turns often, as under load
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
    finally:
        sys.setswitchinterval(switch)
    assert not any(thread.is_alive() for thread in threads)


def test_queries_from_eight_threads_during_reloads_never_mix_two_snapshots(two_stores):
    alfa, beta, live = two_stores
    _swap_in(alfa, live, 1_000_000.0)
    reader = StoreReader(f"sqlite:///{live}")
    done = threading.Event()
    errors: list[str] = []
    mixed: list[str] = []
    seen: list[str] = []
    answered = [0] * QUERY_THREADS

    def ask(worker: int) -> None:
        cvegeo = f"010{worker % 3 + 1:02d}"  # a municipality both stores have
        while not done.is_set():
            try:
                label, wrong = _answer_once(reader, cvegeo)
            except Exception as error:  # noqa: BLE001 - every failure is reported below
                errors.append(f"{type(error).__name__}: {error}")
                continue
            seen.append(label)
            mixed.extend(wrong)
            answered[worker] += 1

    def reload() -> None:
        """Swap the other store in, then let the threads answer a few times, and again."""
        try:
            for i in range(RELOADS):
                _swap_in(beta if i % 2 == 0 else alfa, live, 1_000_001.0 + i)
                before, deadline = sum(answered), time.monotonic() + 30
                while sum(answered) < before + ANSWERS_PER_RELOAD and time.monotonic() < deadline and not errors:
                    time.sleep(0.005)
        finally:
            done.set()

    try:
        _run([threading.Thread(target=ask, args=(w,)) for w in range(QUERY_THREADS)]
             + [threading.Thread(target=reload)])
    finally:
        reader.forget()
    assert errors[:5] == [] and mixed[:5] == [], f"{len(errors)} errors, {len(mixed)} mixed answers"
    assert set(seen) == {"alfa", "beta"} and all(answered), answered  # both stores served, every thread answered


class Alternating:
    """A reader that answers the two snapshots in turn, call after call (a reload between any two reads)."""

    def __init__(self, *snapshots: Snapshot) -> None:
        self._snapshots, self._calls, self._lock = snapshots, 0, threading.Lock()

    def snapshot(self) -> Snapshot:
        with self._lock:
            self._calls += 1
            return self._snapshots[self._calls % len(self._snapshots)]


def test_two_snapshots_read_at_once_from_eight_threads_never_mix(two_stores):
    alfa, beta, _live = two_stores
    loaded = []
    for master in (alfa, beta):
        reader = StoreReader(f"sqlite:///{master}")
        loaded.append(reader.snapshot())
        reader.forget()
    reader = Alternating(*loaded)
    errors: list[str] = []
    mixed: list[str] = []
    seen: list[str] = []

    def ask(worker: int) -> None:
        for _ in range(ANSWERS_EACH):
            try:
                label, wrong = _answer_once(reader, f"010{worker % 3 + 1:02d}")
            except Exception as error:  # noqa: BLE001 - every failure is reported below
                errors.append(f"{type(error).__name__}: {error}")
                continue
            seen.append(label)
            mixed.extend(wrong)

    _run([threading.Thread(target=ask, args=(w,)) for w in range(QUERY_THREADS)])
    assert errors[:5] == [] and mixed[:5] == [], f"{len(errors)} errors, {len(mixed)} mixed answers"
    assert sorted(set(seen)) == ["alfa", "beta"] and len(seen) == QUERY_THREADS * ANSWERS_EACH


def test_a_memo_builds_each_value_once_even_when_asked_at_once():
    memo, builds, started = Memo(), [], threading.Barrier(QUERY_THREADS)
    answers: list[object] = []

    def build() -> object:
        builds.append(1)
        time.sleep(0.05)  # the others arrive while this one builds
        return object()

    def ask() -> None:
        started.wait()
        answers.append(memo.get("index", build))

    _run([threading.Thread(target=ask) for _ in range(QUERY_THREADS)])
    assert len(builds) == 1 and len(answers) == QUERY_THREADS and len({id(a) for a in answers}) == 1


def test_a_bounded_memo_lets_the_least_recently_used_value_go():
    memo = Memo(maxsize=2)
    memo.get("a", lambda: 1)
    memo.get("b", lambda: 2)
    assert memo.get("a", lambda: -1) == 1  # "a" is now the most recently used
    memo.get("c", lambda: 3)
    assert len(memo) == 2 and memo.get("a", lambda: -1) == 1 and memo.get("b", lambda: -2) == -2
