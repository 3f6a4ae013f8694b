"""The command line: bad input gives exit code 2 and a message, never a traceback."""
from __future__ import annotations

import os
import time
from pathlib import Path

from mapa3x1.cli import main, store_is_stale


def test_missing_raw_dir_is_bad_input(tmp_path: Path, capsys):
    code = main(["build", "--raw-dir", str(tmp_path / "nope"), "--build-dir", str(tmp_path / "b")])
    assert code == 2
    assert "does not exist" in capsys.readouterr().err


def test_missing_project_list_is_bad_input(tmp_path: Path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    code = main(["build", "--raw-dir", str(raw), "--build-dir", str(tmp_path / "b"),
                 "--projects", str(tmp_path / "lista.csv")])
    assert code == 2
    assert "lista.csv" in capsys.readouterr().err


def test_serve_without_a_store_says_how_to_build(tmp_path: Path, capsys):
    assert main(["serve", "--build-dir", str(tmp_path)]) == 2
    assert "mapa3x1 build" in capsys.readouterr().err


def test_store_is_stale_when_missing_or_older_than_raw(tmp_path: Path):
    raw, build = tmp_path / "raw", tmp_path / "build"
    raw.mkdir()
    build.mkdir()
    (raw / "a.csv").write_text("x\n")
    assert store_is_stale(None, build, raw)  # no store yet
    store = build / "mapa3x1.sqlite"
    store.write_bytes(b"")
    old = time.time() - 100
    os.utime(raw / "a.csv", (old, old))
    assert not store_is_stale(None, build, raw)
    (raw / "b.csv").write_text("new\n")  # a newer raw file
    os.utime(store, (old - 10, old - 10))
    assert store_is_stale(None, build, raw)
