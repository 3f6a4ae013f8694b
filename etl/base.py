"""What every source reader shares: the result it returns, CSV reading with line numbers, and the
indicator helpers. The error it raises and the row accounting live in `core` (geodata uses them too).

A reader is a module in `etl/sources/` with one public function `load(raw_dir, context) -> SourceResult`.
It reads its file(s) (I/O at the edge), hands the raw strings to pure transform functions, and
returns tables that match `store/schema.py` plus every row it did not load, with the reason.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from core.accounting import REJECT_COLUMNS, FileAccount, make_rejects
from core.errors import RawDataError


@dataclass
class SourceResult:
    """What a reader hands to the build: tables for the store, rejects, and the per-file accounting."""

    source_id: str
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    rejects: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REJECT_COLUMNS))
    accounts: list[FileAccount] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # facts for the quality report, e.g. "03002 filled from TopoJSON"


def read_csv_lines(
    path: Path,
    encoding: str = "utf-8",
    delimiter: str = ",",
    skip_lines: int = 0,
) -> pd.DataFrame:
    """Read a CSV as strings, keeping each record's 1-based starting line number in `source_row`.

    The first record after `skip_lines` is the header (so with skip_lines=0 the header is line 1
    and the first data row is line 2). Quoted fields may span lines; `source_row` is the line
    where the record starts. Empty lines are skipped. All values stay text; parsing is the
    transform's job.
    """
    path = Path(path)
    try:
        with path.open(encoding=encoding, newline="") as handle:
            for _ in range(skip_lines):
                handle.readline()
            reader = csv.reader(handle, delimiter=delimiter)
            header: list[str] | None = None
            rows: list[list[str]] = []
            starts: list[int] = []
            line = skip_lines + 1
            for record in reader:
                start = line
                line = skip_lines + reader.line_num + 1
                if not record or all(not v.strip() for v in record):
                    continue
                if header is None:
                    header = [h.strip().lstrip("\ufeff") for h in record]
                    continue
                rows.append(record)
                starts.append(start)
    except UnicodeDecodeError as exc:
        raise RawDataError(
            path,
            f"is not valid {encoding} text (byte {exc.start} of a line: {exc.reason})",
            f"restore the file as published (see MANIFEST.csv for its checksum) or save it as {encoding}",
        ) from None
    except FileNotFoundError:
        raise RawDataError(path, "file not found", "run `mapa3x1 fetch` or point --raw-dir at the raw data folder") from None
    if header is None:
        raise RawDataError(path, "file is empty (no header line)", "restore the file as published (see MANIFEST.csv)")
    width = len(header)
    fixed = []
    for record, start in zip(rows, starts):
        if len(record) < width:
            record = record + [""] * (width - len(record))
        elif len(record) > width:
            # keep the extra cells visible instead of dropping them silently
            record = record[: width - 1] + [delimiter.join(record[width - 1 :])]
        fixed.append(record)
    df = pd.DataFrame(fixed, columns=header, dtype="string")
    df.insert(0, "source_row", pd.array(starts, dtype="Int64"))
    return df


def require_columns(df: pd.DataFrame, columns: list[str], path: Path) -> None:
    """Raise RawDataError naming the file and the missing columns, listing the ones found."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise RawDataError(
            path,
            f"missing column(s) {missing}; found {[c for c in df.columns if c != 'source_row']}",
            "restore the file as published (see MANIFEST.csv) or update the reader if the publisher changed the layout",
            column=missing[0],
        )


@dataclass
class BuildContext:
    """What readers may use besides their own files.

    `municipalities` is the 2,475-key base from the boundaries (columns cvegeo, cve_ent, cve_mun,
    state_name, municipality_name); `resolver` is the place resolver of `etl/places.py`, ready
    for readers whose files carry names instead of keys.
    """

    raw_dir: Path
    municipalities: pd.DataFrame
    resolver: object | None = None
    base_year: int = 2018  # constant pesos are pesos of this year (deflated by the INPC annual mean)


def read_parquet_rows(path: Path, columns: list[str] | None = None) -> pd.DataFrame:
    """Read a Parquet file with `source_row` = 1-based record index + 1.

    Parquet has no header line; counting as if it had one (header-equivalent = line 1, first
    record = line 2) keeps `source_row` comparable with the CSV readers. Missing `columns` and
    unreadable files raise RawDataError naming the file.
    """
    path = Path(path)
    if not path.exists():
        raise RawDataError(path, "file not found", "run `mapa3x1 fetch` or point --raw-dir at the raw data folder")
    try:
        df = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several types for truncated/corrupt files
        raise RawDataError(
            path, f"is not a readable Parquet file ({type(exc).__name__}: {exc})",
            "restore the file as published (see MANIFEST.csv for its checksum)",
        ) from None
    if columns is not None:
        require_columns(df, columns, path)
    df = df.reset_index(drop=True)
    df.insert(0, "source_row", pd.array(range(2, len(df) + 2), dtype="Int64"))
    return df


def reject_reasons(index: pd.Index, checks: list[tuple[pd.Series, str]]) -> pd.Series:
    """Per row, the reason of the FIRST failing check (<NA> where every check passes).

    `checks` are (failed, reason) pairs, `failed` a boolean Series aligned with `index`, in the
    order they should be reported: a row with a bad key is reported for the key, not for its value.
    """
    reasons = pd.Series(pd.NA, index=index, dtype="string")
    for failed, reason in checks:
        mask = failed.reindex(index).fillna(False).astype(bool) & reasons.isna()
        reasons[mask] = reason
    return reasons


# --- helpers shared by the indicator readers (one row per municipality, one column per indicator) ---

INDICATOR_VALUE_COLUMNS = ["cvegeo", "indicator_id", "year", "value", "category", "source_file", "source_row"]
CATALOG_COLUMNS = ["indicator_id", "label_es", "label_en", "unit", "higher_is_worse", "publisher", "note_es", "note_en"]
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def detect_encoding(path: Path, declared: str = "latin-1") -> str:
    """The encoding to read a text file with: UTF-8 if its bytes are valid UTF-8, else `declared`.

    Latin-1 decodes any byte, so it is verified instead: control characters (NUL, C1 codes) mean
    the file is neither (UTF-16, a binary, cp1252 punctuation) and raise RawDataError.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise RawDataError(path, "file not found", "run `mapa3x1 fetch` or point --raw-dir at the raw data folder") from None
    if not data.strip():
        raise RawDataError(path, "file is empty", "restore the file as published (see MANIFEST.csv)")
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    text = data.decode(declared, errors="replace")
    found = _CONTROL_CHARS.search(text)
    if found or "\ufffd" in text:
        at = found.start() if found else text.index("\ufffd")
        raise RawDataError(
            path,
            f"is neither UTF-8 nor {declared} text (control byte at character {at})",
            f"restore the file as published (see MANIFEST.csv for its checksum) or save it as UTF-8 or {declared}",
        )
    return declared


def require_rows(df: pd.DataFrame, path: Path) -> None:
    """Raise RawDataError when a file has a header but no data rows."""
    if df.empty:
        raise RawDataError(path, "has a header but no data rows", "restore the file as published (see MANIFEST.csv)")


def first_reason(reason: pd.Series, mask: pd.Series, text: str | pd.Series) -> pd.Series:
    """Set `text` as the reject reason where `mask` holds and no earlier check gave one."""
    return reason.mask(reason.isna() & mask.fillna(False).astype(bool), text)


def key_problems(keys: pd.Series, known: set[str] | pd.Series) -> pd.Series:
    """Why each CVEGEO cannot be loaded, <NA> where it can: malformed, outside the base, repeated."""
    known = set(known)
    reason = pd.Series(pd.NA, index=keys.index, dtype="string")
    reason = first_reason(reason, keys.isna(), "key is not a municipality key (5-digit CVEGEO)")
    reason = first_reason(reason, ~keys.isin(known), f"key not in the {len(known):,} municipalities of the boundary base")
    return first_reason(reason, keys.duplicated(keep="first"), "duplicate key (first occurrence loaded)")


def indicator_file_result(
    raw: pd.DataFrame,
    wide: pd.DataFrame,
    reason: pd.Series,
    year: int,
    source_file: str,
    categories: dict[str, str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, FileAccount]:
    """Finish one indicator file: (indicator_values rows, rejects, FileAccount).

    `wide` is aligned with `raw` and holds `cvegeo` plus one float column per indicator id;
    `categories` maps an indicator id to a column of `wide` with its published label. Rows with
    a `reason` are rejected whole; for loaded rows only non-missing values are emitted (a
    missing value has no row), so a row with some n.d cells still loads its other indicators.
    """
    categories = categories or {}
    ok = reason.isna()
    rejects = make_rejects(raw[~ok], reason[~ok], source_file)
    keep = wide[ok].assign(source_row=raw.loc[ok, "source_row"])
    ids = [c for c in wide.columns if c != "cvegeo" and c not in categories.values()]
    parts = []
    for indicator_id in ids:
        part = keep[keep[indicator_id].notna()]
        category = part[categories[indicator_id]] if indicator_id in categories else pd.NA
        parts.append(pd.DataFrame({
            "cvegeo": part["cvegeo"], "indicator_id": indicator_id, "year": year,
            "value": part[indicator_id].astype("float64"), "category": category,
            "source_file": source_file, "source_row": part["source_row"],
        }))
    values = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=INDICATOR_VALUE_COLUMNS)
    account = FileAccount(source_file, rows_read=len(raw), rows_loaded=int(ok.sum()), rows_rejected=int((~ok).sum()),
                          municipalities_covered=int(values["cvegeo"].nunique()))
    return values[INDICATOR_VALUE_COLUMNS], rejects, account


def catalog_frame(entries: list[dict]) -> pd.DataFrame:
    """indicator_catalog rows from a list of dicts (missing keys become null)."""
    return pd.DataFrame(entries, columns=CATALOG_COLUMNS).astype({"higher_is_worse": "boolean"})


def account_with_rejects(source_file: str, raw: pd.DataFrame, rows_loaded: int, reasons: pd.Series,
                         municipalities_covered: int | None = None) -> tuple[FileAccount, pd.DataFrame]:
    """The FileAccount of one file and its rejects, from a per-row reason Series (<NA> = not rejected)."""
    bad = reasons.notna()
    account = FileAccount(source_file, len(raw), rows_loaded, int(bad.sum()), municipalities_covered)
    return account, make_rejects(raw[bad], reasons[bad], source_file)


def place_names_from(keys: pd.Series, names: pd.Series, name_source: str) -> pd.DataFrame:
    """(cvegeo, name, name_source) spellings that a keyed file uses, for the place resolver's aliases.

    Publishers spell the same municipality differently across vintages ("Dolores Hidalgo" vs
    "Dolores Hidalgo Cuna de la Independencia Nacional"); a keyed file proves which key each
    spelling belongs to, so a names-only list (a 3x1 project list) can use them.
    """
    frame = pd.DataFrame({"cvegeo": keys.astype("string"), "name": names.astype("string").str.strip(),
                          "name_source": name_source})
    return frame.dropna(subset=["cvegeo", "name"]).drop_duplicates(["cvegeo", "name"]).reset_index(drop=True)
