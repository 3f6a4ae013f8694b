"""The error a raw file that cannot be read as published raises, in the build and in the layer process."""
from __future__ import annotations

from pathlib import Path


class RawDataError(Exception):
    """A raw file cannot be read as published. The build stops (exit 2) and keeps the last good store.

    The message names the file, where in it (row or column), what was found and how to fix it.
    Picklable with its fields, so it crosses a process boundary as itself (see geodata/layer_job.py).
    """

    def __init__(self, file: str | Path, problem: str, fix: str, row: int | None = None, column: str | None = None):
        self.file = str(file)
        self.row = row
        self.column = column
        self.problem = problem
        self.fix = fix
        where = self.file
        if row is not None:
            where += f", line {row}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"{where}: {problem}. Fix: {fix}")

    def __reduce__(self):
        # Exception pickles its `args` (the message alone); rebuild from the fields instead
        return self.__class__, (self.file, self.problem, self.fix, self.row, self.column)
