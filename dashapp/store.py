"""Read-only access to the store the build wrote. The app never opens a raw file.

The store is small (a few hundred thousand rows without geometry), so each process loads the
tables it needs once, on first use, into a `Snapshot`; a rebuilt store (a new file swapped in by
`mapa3x1 build`) is picked up on the next request. Queries are pandas operations on the snapshot,
which keeps each data callback to a few milliseconds.

What the queries derive from a snapshot (feature order, indicator arrays, the search index, memoised
answers) lives on that Snapshot (`Snapshot.derived`, `Snapshot.memo`), built once and never changed
after: a request that still holds the previous snapshot while the store is reloaded reads that
snapshot's indexes only, never half of each. Pages, callbacks and the API get the running app's
snapshot from `current_snapshot()`; the app factory puts the reader in the Flask config.
"""
from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

import pandas as pd
from flask import current_app, g
from sqlalchemy import Engine

from store.database import open_engine, read_table, sqlite_path

# Tables the app keeps in memory; geometry stays in the built layer files.
TABLES = [
    "states", "municipalities", "indicator_catalog", "indicator_values", "projects", "crisis_events",
    "remittances_municipal", "deflators", "localities", "place_names", "source_accounting",
    "calibration_results", "calibration_facts", "build_info", "program_state_spending", "crisis_coverage",
    "crisis_impacts", "program_federal_budget",
]

CONFIG_KEY = "STORE"  # where the app factory puts the reader (flask.current_app.config)
T = TypeVar("T")


class Memo:
    """Values derived from one snapshot, by key: each built once (a second caller for the same key
    waits for the first instead of building it again), then never replaced. With `maxsize`, the
    least recently used values beyond it are let go (and built again if asked for again)."""

    def __init__(self, maxsize: int | None = None) -> None:
        self.maxsize = maxsize
        self._lock = threading.Lock()  # guards the two dicts; never held while building
        self._values: OrderedDict[Hashable, object] = OrderedDict()
        self._building: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable, build: Callable[[], T]) -> T:
        """The value for `key`, built by `build()` the first time."""
        with self._lock:
            if key in self._values:
                if self.maxsize is not None:
                    self._values.move_to_end(key)
                return self._values[key]
            building = self._building.setdefault(key, threading.Lock())
        with building:  # one builder per key; other keys build meanwhile
            with self._lock:
                if key in self._values:
                    return self._values[key]
            value = build()
            with self._lock:
                self._values[key] = value
                self._building.pop(key, None)
                while self.maxsize is not None and len(self._values) > self.maxsize:
                    self._values.popitem(last=False)
            return value

    def __len__(self) -> int:
        return len(self._values)


@dataclass(eq=False)
class Snapshot:
    """The store's tables as DataFrames, plus the indexes derived from them (built once each)."""

    tables: dict[str, pd.DataFrame]
    version: str  # changes when the store is rebuilt; used to bust layer caches
    municipality_index: pd.DataFrame = field(init=False)
    token: str = field(init=False)  # this snapshot's own key for remembered answers (dashapp/answers.py)
    _memos: dict[str, Memo] = field(init=False, repr=False)
    _memos_lock: threading.Lock = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.municipality_index = self.tables["municipalities"].set_index("cvegeo", drop=False)
        self.token = f"{self.version}:{uuid.uuid4().hex}"  # two builds in one second share a version
        self._memos, self._memos_lock = {}, threading.Lock()

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    def memo(self, name: str, maxsize: int | None = None) -> Memo:
        """This snapshot's memo called `name` (one per query module and purpose, e.g. "explorer.values")."""
        with self._memos_lock:
            if name not in self._memos:
                self._memos[name] = Memo(maxsize)
            return self._memos[name]

    def derived(self, name: str, build: Callable[[], T]) -> T:
        """A value derived from this snapshot's tables, built by `build()` on first use, then kept.
        What it returns is shared between requests: callers must not change it."""
        return self.memo("derived").get(name, build)

    @property
    def indicator_years(self) -> dict[str, tuple[int, ...]]:
        """Per indicator, the years indicator_values has (ascending): an indicator's vintages."""
        def build() -> dict[str, tuple[int, ...]]:
            values = self.tables["indicator_values"]
            years = values.groupby("indicator_id")["year"].unique()
            return {str(key): tuple(sorted(int(y) for y in found)) for key, found in years.items()}
        return self.derived("indicator_years", build)

    @property
    def has_synthetic_projects(self) -> bool:
        projects = self.tables["projects"]
        return bool(len(projects)) and bool(projects["is_synthetic"].astype(bool).any())

    @property
    def info(self) -> dict[str, str]:
        info = self.tables["build_info"]
        return dict(zip(info["key"], info["value"]))


class StoreReader:
    """Loads a Snapshot lazily and reloads it when the store file changes."""

    def __init__(self, db_url: str) -> None:
        self.db_url = db_url
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._stamp: float | None = None
        self._engine: Engine | None = None

    def _current_stamp(self) -> float | None:
        path = sqlite_path(self.db_url)
        return path.stat().st_mtime if path is not None and path.exists() else None

    def snapshot(self) -> Snapshot:
        """The current snapshot; loads it on first use or after the store was replaced."""
        stamp = self._current_stamp()
        if self._snapshot is not None and stamp == self._stamp:
            return self._snapshot
        with self._lock:
            if self._snapshot is None or stamp != self._stamp:
                self._snapshot = self._load()
                self._stamp = stamp
        return self._snapshot

    def forget(self) -> None:
        """Let the loaded snapshot and the database connection go (the next request loads it again)."""
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
            self._engine, self._snapshot, self._stamp = None, None, None

    def _load(self) -> Snapshot:
        path = sqlite_path(self.db_url)
        if path is not None and not path.exists():
            raise FileNotFoundError(f"store {path} not found: run `mapa3x1 build` first")
        if self._engine is not None:
            self._engine.dispose()
        self._engine = open_engine(self.db_url, read_only=path is not None)
        tables = {name: read_table(self._engine, name) for name in TABLES}
        info = dict(zip(tables["build_info"]["key"], tables["build_info"]["value"]))
        version = info.get("built_at", "0").replace(":", "").replace("-", "").replace("+", "")[:15]
        return Snapshot(tables=tables, version=version)


class SnapshotSource(Protocol):
    """What the app reads its snapshot from: a StoreReader, or a FixedReader in tests and scripts."""

    def snapshot(self) -> Snapshot: ...


class FixedReader:
    """A reader that always answers the same Snapshot (tests and scripts hand a snapshot to the app)."""

    def __init__(self, snapshot: Snapshot) -> None:
        self._fixed = snapshot

    def snapshot(self) -> Snapshot:
        return self._fixed


def current_snapshot() -> Snapshot:
    """The running app's snapshot (inside a request, a callback or an app context).

    The first call in a request reads the app's reader (config["STORE"], put there by the app
    factory); later calls in the same request get that same snapshot, so one answer never mixes a
    store reloaded halfway through it with the one before. Raises FileNotFoundError without a store."""
    reader = current_app.config[CONFIG_KEY]
    pinned = g.get("mapa3x1_snapshot")
    if pinned is not None and pinned[0] is reader:
        return pinned[1]
    snapshot = reader.snapshot()
    g.mapa3x1_snapshot = (reader, snapshot)
    return snapshot


def layer_dir(build_dir: Path) -> Path:
    """Where `mapa3x1 build` writes the map layers."""
    return Path(build_dir) / "layers"
