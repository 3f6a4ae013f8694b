"""Open the store and replace it atomically.

SQLite (the embedded default): the build writes a new file beside the old one and renames it
over the old one at the very end, so a failed or killed build leaves the last good store.
PostgreSQL (DATABASE_URL / --db): every table is dropped, created and filled inside one
transaction; PostgreSQL's transactional DDL makes that all-or-nothing too.
"""
from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
from sqlalchemy import Connection, Date, Engine, create_engine, event
from sqlalchemy.engine import make_url

from store.schema import conform, metadata

DEFAULT_DB_NAME = "mapa3x1.sqlite"


def default_url(build_dir: Path) -> str:
    """The embedded default: a SQLite file inside the build folder."""
    return f"sqlite:///{(Path(build_dir) / DEFAULT_DB_NAME).resolve()}"


def sqlite_path(url: str) -> Path | None:
    """The file behind a sqlite URL, or None for other databases."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def open_engine(url: str, read_only: bool = False) -> Engine:
    """An engine for `url`. SQLite connections get foreign keys on and, if asked, read-only mode."""
    path = sqlite_path(url)
    if path is not None and read_only:
        engine = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    else:
        engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record):  # noqa: ANN001 - DBAPI objects
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()
    return engine


def _records(df: pd.DataFrame, table_name: str) -> list[dict]:
    """Rows as plain Python values (None for missing) that every DBAPI driver accepts."""
    table = metadata.tables[table_name]
    out = df.astype(object).where(df.notna(), None)
    for column in table.columns:
        if isinstance(column.type, Date) and column.name in out.columns:
            out[column.name] = [
                None if v is None else (v.date() if isinstance(v, (pd.Timestamp, dt.datetime)) else v)
                for v in out[column.name]
            ]
    return out.to_dict(orient="records")


def write_tables(conn: Connection, tables: Mapping[str, pd.DataFrame]) -> None:
    """Create every contract table and insert the given frames (each conformed to the contract)."""
    metadata.drop_all(conn)
    metadata.create_all(conn)
    for name, frame in tables.items():
        frame = conform(frame, name)
        if frame.empty:
            continue
        conn.execute(metadata.tables[name].insert(), _records(frame, name))


@contextmanager
def replacing_store(url: str) -> Iterator[Connection]:
    """Yield a connection to a NEW store; on clean exit it replaces the old one, on error nothing changes."""
    path = sqlite_path(url)
    if path is None:
        engine = open_engine(url)
        try:
            with engine.begin() as conn:  # one transaction: DDL included
                yield conn
        finally:
            engine.dispose()
        return

    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(f"{path.name}.building-*"):
        stale.unlink(missing_ok=True)  # left by a killed build; never the live store
    temp = path.with_name(f"{path.name}.building-{os.getpid()}")
    engine = open_engine(f"sqlite:///{temp}")
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA journal_mode=OFF")
            conn.exec_driver_sql("PRAGMA synchronous=OFF")
            yield conn
        engine.dispose()
        os.replace(temp, path)  # atomic on POSIX: readers see the old file or the new, never half
    except BaseException:
        engine.dispose()
        temp.unlink(missing_ok=True)
        raise


def read_table(engine: Engine, name: str, where: str | None = None, params: dict | None = None) -> pd.DataFrame:
    """Read one contract table (optionally filtered by a SQL where clause with bound params)."""
    if name not in metadata.tables:
        raise ValueError(f"unknown table {name!r}; tables are {sorted(metadata.tables)}")
    sql = f"SELECT * FROM {name}" + (f" WHERE {where}" if where else "")
    with engine.connect() as conn:
        return pd.read_sql_query(sql, conn, params=params)
