"""Read-only access to the store the build wrote. The app never opens a raw file.

The store is small (a few hundred thousand rows without geometry), so each process loads the
tables it needs once, on first use, into a `Snapshot`; a rebuilt store (a new file swapped in by
`mapa3x1 build`) is picked up on the next request. Queries are pandas operations on the snapshot,
which keeps each data callback to a few milliseconds.
"""
from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine

from store.database import open_engine, read_table, sqlite_path

# Tables the app keeps in memory; geometry stays in the built layer files.
TABLES = [
    "states", "municipalities", "indicator_catalog", "indicator_values", "projects", "crisis_events",
    "remittances_municipal", "deflators", "localities", "place_names", "source_accounting",
    "calibration_results", "calibration_facts", "build_info", "program_state_spending",
]


@dataclass
class Snapshot:
    """The store's tables as DataFrames, plus a few indexes built once."""

    tables: dict[str, pd.DataFrame]
    version: str  # changes when the store is rebuilt; used to bust layer caches
    municipality_index: pd.DataFrame = field(init=False)
    token: str = field(init=False)  # this snapshot's own key for remembered answers (dashapp/answers.py)

    def __post_init__(self) -> None:
        self.municipality_index = self.tables["municipalities"].set_index("cvegeo", drop=False)
        self.token = f"{self.version}:{uuid.uuid4().hex}"  # two builds in one second share a version

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

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


def layer_dir(build_dir: Path) -> Path:
    """Where `mapa3x1 build` writes the map layers."""
    return Path(build_dir) / "layers"
