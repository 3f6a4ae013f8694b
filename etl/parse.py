"""Pure parsers for the text cells of published tables: numbers with thousands separators,
missing-value markers, and INEGI keys that lost their leading zeros."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

# Markers publishers use for "no data". Compared after strip + lower.
MISSING_MARKERS = frozenset({"", "n.d", "n.d.", "n/d", "nd", "na", "n/a", "nan", "-", "--", "s/d", "*"})

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def is_missing(series: pd.Series) -> pd.Series:
    """True where the cell is empty or a published missing-value marker (n.d, N/D, ...)."""
    text = series.astype("string").str.strip().str.lower()
    return text.isna() | text.isin(MISSING_MARKERS)


def parse_number(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse "1,234,567.89", "$ 250,000", " 250000 " into floats.

    Returns (values, bad): `values` is float64 with NaN for missing markers and for unparseable
    cells; `bad` is True only for cells that were neither a number nor a missing marker, so the
    caller can reject those rows with a reason instead of losing them.
    """
    text = series.astype("string").str.strip()
    missing = is_missing(text)
    cleaned = text.str.replace(r"[\s$,]", "", regex=True)
    ok = cleaned.str.match(_NUMBER).fillna(False).astype(bool)
    values = pd.to_numeric(cleaned.where(ok & ~missing), errors="coerce").astype("float64")
    bad = (~missing) & (~ok)
    return values, bad.astype(bool)


def pad_key(series: pd.Series, width: int) -> pd.Series:
    """Left-pad integer-looking keys ("1001", "1001.0", " 1001 ") to `width` digits; others become <NA>."""
    text = series.astype("string").str.strip().str.replace(r"\.0+$", "", regex=True)
    digits = text.where(text.str.fullmatch(r"\d+").fillna(False).astype(bool))
    return digits.str.zfill(width).where(digits.str.len() <= width)


def cvegeo_from_parts(state: pd.Series, municipality: pd.Series) -> pd.Series:
    """Combine a state key (1-2 digits) and a municipal key (1-3 digits) into the 5-digit CVEGEO."""
    return pad_key(state, 2) + pad_key(municipality, 3)


def grade_ordinal(labels: pd.Series) -> pd.Series:
    """Map published grade labels ("Muy alto", "5 Muy Alto", "muy bajo", "Nulo") to 0..5 (5 = Muy alto)."""
    text = (
        labels.astype("string")
        .str.strip()
        .str.lower()
        .str.replace(r"^\d+\s*", "", regex=True)
    )
    mapping = {"nulo": 0, "muy bajo": 1, "bajo": 2, "medio": 3, "alto": 4, "muy alto": 5}
    return text.map(mapping).astype("float64")


def grade_label(labels: pd.Series) -> pd.Series:
    """Normalise grade labels to the published capitalisation: "5 Muy Alto" -> "Muy alto"."""
    text = labels.astype("string").str.strip().str.replace(r"^\d+\s*", "", regex=True).str.lower()
    return text.str.capitalize().where(~is_missing(labels))


def as_int(values: pd.Series) -> pd.Series:
    """Floats that hold whole numbers -> nullable Int64 (NaN -> <NA>)."""
    return pd.Series(np.round(values.astype("float64")), index=values.index).astype("Int64")


def parse_date(series: pd.Series, fmt: str = "%Y-%m-%d") -> tuple[pd.Series, pd.Series]:
    """Parse date cells ("2019-06-13") into datetime64 (NaT where missing).

    Returns (values, bad) like `parse_number`: `bad` is True only for cells that are neither a
    date in `fmt` nor a missing marker.
    """
    text = series.astype("string").str.strip()
    missing = is_missing(text)
    values = pd.to_datetime(text.where(~missing), format=fmt, errors="coerce")
    bad = (~missing) & values.isna()
    return values, bad.astype(bool)


def parse_numbers(frame: pd.DataFrame, columns: dict[str, str]) -> tuple[pd.DataFrame, pd.Series]:
    """Parse several text columns at once; `columns` maps raw column -> output column.

    Returns (values, problem): `values` holds one float64 column per output name (NaN where the
    cell is a missing marker); `problem` names, per row, the first cell that is neither a number
    nor a missing marker (<NA> where all parsed), ready to be a reject reason.
    """
    values = pd.DataFrame(index=frame.index)
    problem = pd.Series(pd.NA, index=frame.index, dtype="string")
    for raw_col, out_col in columns.items():
        parsed, bad = parse_number(frame[raw_col])
        values[out_col] = parsed
        text = "unparseable number in column " + repr(raw_col) + ": '" + frame[raw_col].astype("string") + "'"
        problem = problem.mask(problem.isna() & bad, text)
    return values, problem


def grade_direction(values: pd.Series, ordinals: pd.Series) -> int:
    """+1 if an index rises with its grade (mean at the highest grade present > mean at the lowest),
    -1 if it falls, 0 if it cannot be told (fewer than two grades with values)."""
    frame = pd.DataFrame({"v": values.astype("float64"), "g": ordinals.astype("float64")}).dropna()
    if frame["g"].nunique() < 2:
        return 0
    means = frame.groupby("g")["v"].mean()
    top, bottom = means.iloc[-1], means.iloc[0]
    return 0 if top == bottom else (1 if top > bottom else -1)
