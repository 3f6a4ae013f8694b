"""Row accounting shared by every reader: per-file counts and the rejected rows, each with its reason."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

REJECT_COLUMNS = ["source_file", "source_row", "reason", "raw_values"]


@dataclass
class FileAccount:
    """Row accounting for one raw file: rows_read == rows_loaded + rows_rejected."""

    source_file: str
    rows_read: int
    rows_loaded: int
    rows_rejected: int
    municipalities_covered: int | None = None

    @property
    def balanced(self) -> bool:
        return self.rows_read == self.rows_loaded + self.rows_rejected


def make_rejects(rows: pd.DataFrame, reason: str | pd.Series, source_file: str) -> pd.DataFrame:
    """Turn rows of a raw frame (with `source_row`) into rejected_rows records.

    `reason` is one text for all rows or a Series aligned with `rows`. The raw values are kept
    as JSON so nothing about the row is lost.
    """
    if rows.empty:
        return pd.DataFrame(columns=REJECT_COLUMNS)
    values = rows.drop(columns=["source_row"], errors="ignore")
    raw = [json.dumps({k: (None if pd.isna(v) else str(v)) for k, v in rec.items()}, ensure_ascii=False)
           for rec in values.to_dict(orient="records")]
    return pd.DataFrame(
        {
            "source_file": source_file,
            "source_row": rows["source_row"].to_numpy() if "source_row" in rows else None,
            "reason": reason.to_numpy() if isinstance(reason, pd.Series) else reason,
            "raw_values": raw,
        }
    )


def concat_rejects(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """One rejects frame from several (empty ones skipped; no frame -> an empty frame with the columns)."""
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=REJECT_COLUMNS)
    return pd.concat(frames, ignore_index=True)


def relative_name(path: Path, raw_dir: Path) -> str:
    """The `source_file` value: the path inside the raw folder, e.g. 'coneval/IRS_entidades_mpios_2015.xlsx'."""
    try:
        return Path(path).relative_to(raw_dir).as_posix()
    except ValueError:
        return Path(path).name
