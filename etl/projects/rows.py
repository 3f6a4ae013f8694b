"""Row checks of a published list that need no place resolution: duplicates, summary rows,
the fiscal year and the four contributions. Pure functions over text frames."""
from __future__ import annotations

import re

import pandas as pd

from etl.base import first_reason
from etl.projects.headers import MONEY_FIELDS, HeaderMap
from etl.projects.money import parse_money_series

FIRST_YEAR, LAST_YEAR = 2002, 2020  # the program ran from 2002; 2020 is the last year lists may carry
_SUMMARY = re.compile(r"^(sub ?)?total(es)?\b|^suma\b|^gran total\b", re.IGNORECASE)
_YEAR = re.compile(r"^\s*(\d{4})(\.0+)?\s*$")


def raw_frame(rows: list[tuple[int, list[str]]], headings: list[str]) -> pd.DataFrame:
    """Data rows as text under their published headings (made unique), with `source_row`."""
    width = max([len(headings), *(len(cells) for _, cells in rows)])
    names: list[str] = []
    for k in range(width):
        name = str(headings[k]).strip() if k < len(headings) and str(headings[k] or "").strip() else f"column {k + 1}"
        while name in names:
            name += " (2)"
        names.append(name)
    cells = [c + [""] * (width - len(c)) for _, c in rows]
    frame = pd.DataFrame(cells, columns=names, dtype="string")
    frame.insert(0, "source_row", pd.array([line for line, _ in rows], dtype="Int64"))
    return frame


def field_frame(raw: pd.DataFrame, header: HeaderMap) -> pd.DataFrame:
    """The recognised columns under their canonical names (text; empty cells are <NA>)."""
    data = raw.drop(columns="source_row")
    out = pd.DataFrame(index=raw.index)
    for name, position in header.columns.items():
        text = data.iloc[:, position].str.strip()
        out[name] = text.where(text != "")
    return out


def duplicate_of(raw: pd.DataFrame) -> pd.Series:
    """Per row, the line of an earlier identical row (same cells after trimming), else <NA>."""
    cells = raw.drop(columns="source_row").fillna("")
    cells = cells.apply(lambda col: col.str.strip().str.replace(r"\s+", " ", regex=True))
    signature = pd.util.hash_pandas_object(cells, index=False)
    first_line = raw["source_row"].groupby(signature.to_numpy()).transform("first")
    return first_line.where(signature.duplicated(keep="first"))


def parse_years(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(year as Int64, reason) — reason for missing, non-year and out-of-range cells."""
    reason = pd.Series(pd.NA, index=text.index, dtype="string")
    match = text.str.extract(_YEAR)[0]
    year = pd.to_numeric(match, errors="coerce").astype("Int64")
    reason = first_reason(reason, text.isna(), "year missing")
    reason = first_reason(reason, year.isna(), "year is not a year: '" + text.fillna("") + "'")
    outside = (year < FIRST_YEAR) | (year > LAST_YEAR)
    reason = first_reason(reason, outside.fillna(False),
                          "year " + year.astype("string").fillna("")
                          + f" outside the program years {FIRST_YEAR}–{LAST_YEAR}")
    return year, reason


def parse_amounts(fields: pd.DataFrame, header: HeaderMap) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """(amounts, not_given, reason): one float column per partner (NaN for an "n.d" cell and for a
    partner the list has no column for), which rows have an "n.d" cell, and the first bad cell."""
    amounts = pd.DataFrame(index=fields.index)
    missing = pd.Series(False, index=fields.index)
    reason = pd.Series(pd.NA, index=fields.index, dtype="string")
    for name in MONEY_FIELDS:
        if name not in fields:
            amounts[name] = float("nan")  # the list does not say what this partner gave: unknown, not zero
            continue
        parsed = parse_money_series(fields[name])
        amounts[name] = parsed["value"]
        cell = "column '" + header.heading(name) + "': '" + fields[name].fillna("") + "'"
        reason = first_reason(reason, parsed["problem"] == "negative", "negative amount in " + cell)
        reason = first_reason(reason, parsed["problem"] == "invalid", "unparseable amount in " + cell)
        reason = first_reason(reason, parsed["problem"] == "ambiguous",
                              "ambiguous amount (thousands or decimals?) in " + cell)
        missing |= (parsed["problem"] == "missing").fillna(False)
    return amounts, missing, reason


def row_reasons(raw: pd.DataFrame, fields: pd.DataFrame, header: HeaderMap) -> tuple[pd.DataFrame, pd.Series]:
    """Parse year and amounts; the reason each row cannot be loaded before its place is resolved.

    Returns (parsed, reason): `parsed` has fiscal_year, the four partner columns and
    has_missing_amount; `reason` is <NA> for rows that go on to place resolution.
    """
    reason = pd.Series(pd.NA, index=raw.index, dtype="string")
    duplicate = duplicate_of(raw)
    reason = first_reason(reason, duplicate.notna(), "duplicate of line " + duplicate.astype("string").fillna(""))
    labels = pd.concat([fields.get(c, pd.Series(pd.NA, index=raw.index, dtype="string"))
                        for c in ("municipality", "state", "year", "project_name")], axis=1)
    summary = labels.apply(lambda col: col.fillna("").str.strip().str.match(_SUMMARY)).any(axis=1)
    reason = first_reason(reason, summary, "summary row (TOTAL), not a project")
    year, year_reason = parse_years(fields["year"])
    reason = reason.fillna(year_reason)
    amounts, not_given, money_reason = parse_amounts(fields, header)
    reason = reason.fillna(money_reason)
    nothing = amounts.fillna(0).le(0).all(axis=1) & ~not_given
    reason = first_reason(reason, nothing, "no contribution amount (every partner cell empty or zero)")
    absent = len(header.money_fields) < len(MONEY_FIELDS)
    parsed = amounts.assign(fiscal_year=year, has_missing_amount=not_given | absent)
    return parsed, reason
