"""The layer process: its RawDataError reaches the build as a RawDataError, other failures as RuntimeError."""
from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from core.errors import RawDataError
from geodata.layer_job import LayerJob


def _bad_row(raw_dir: Path, staging: Path) -> None:
    raise RawDataError(raw_dir / "boundaries/x.json", "cvegeo '1' is not a key", "restore the file", row=7,
                       column="cvegeo")


def _bug(raw_dir: Path, staging: Path) -> None:
    raise ZeroDivisionError("a bug, not bad data")


def _writes_one_layer(raw_dir: Path, staging: Path) -> None:
    staging.mkdir(parents=True)
    (staging / "layers.json").write_text("{}", encoding="utf-8")


def test_raw_data_error_pickles_with_its_fields():
    error = RawDataError("a.csv", "bad year", "fix the year", row=3, column="anio")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is RawDataError
    assert str(copy) == str(error) == "a.csv, line 3, column 'anio': bad year. Fix: fix the year"
    fields = (copy.file, copy.row, copy.column, copy.problem, copy.fix)
    assert fields == ("a.csv", 3, "anio", "bad year", "fix the year")


def test_raw_data_error_in_the_layer_process_arrives_as_itself(tmp_path):
    job = LayerJob(tmp_path / "raw", tmp_path / "layers", work=_bad_row).start()
    with pytest.raises(RawDataError) as caught:
        job.finish()
    error = caught.value
    assert type(error) is RawDataError
    assert (error.file, error.row, error.column) == (str(tmp_path / "raw/boundaries/x.json"), 7, "cvegeo")
    assert (error.problem, error.fix) == ("cvegeo '1' is not a key", "restore the file")
    assert not (tmp_path / ".layers-staging").exists() and not (tmp_path / "layers").exists()


def test_missing_boundaries_in_the_layer_process_are_a_raw_data_error(tmp_path):
    job = LayerJob(tmp_path / "empty", tmp_path / "layers").start()  # the real work: read the boundaries
    with pytest.raises(RawDataError, match="file not found") as caught:
        job.finish()
    assert caught.value.file.startswith(str(tmp_path / "empty")) and "mapa3x1 fetch" in caught.value.fix


def test_other_failures_arrive_as_runtime_error_with_the_traceback(tmp_path):
    job = LayerJob(tmp_path / "raw", tmp_path / "layers", work=_bug).start()
    with pytest.raises(RuntimeError, match=r"(?s)map layers could not be built: Traceback.*ZeroDivisionError: a bug"):
        job.finish()


def test_a_finished_job_moves_its_layers_into_place(tmp_path):
    (tmp_path / "layers").mkdir()
    (tmp_path / "layers" / "old.json").write_text("{}", encoding="utf-8")
    assert LayerJob(tmp_path / "raw", tmp_path / "layers", work=_writes_one_layer).start().finish() == 1
    assert [p.name for p in (tmp_path / "layers").iterdir()] == ["layers.json"]


def test_a_disabled_job_does_nothing(tmp_path):
    assert LayerJob(tmp_path / "raw", tmp_path / "layers", enabled=False).start().finish() == 0
    assert not (tmp_path / "layers").exists()
