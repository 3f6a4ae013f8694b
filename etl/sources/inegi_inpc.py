"""INEGI Índice Nacional de Precios al Consumidor (INPC), monthly, 2000-01 … 2026-01 -> `deflators`.

Method: each year is deflated by its ANNUAL MEAN of the monthly index (base second half of July
2018 = 100), not by December: program money is spent through the year, so the mean price level
is the fair one. `factor_to_base` = mean(base_year) / mean(year): multiply pesos of `year` by it
to get pesos of `base_year`. The base year defaults to 2018 (the index's own base year; the
build may pass another) and must have all 12 months. A partial year (2026 has only January) is
kept with `months` < 12 so the app can flag it.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from core.accounting import FileAccount, make_rejects, relative_name
from core.errors import RawDataError
from etl.base import (
    BuildContext,
    SourceResult,
    detect_encoding,
    first_reason,
    read_csv_lines,
    require_columns,
    require_rows,
)
from etl.parse import as_int, parse_numbers

SOURCE_ID = "inegi_inpc"
FILE = Path("inegi") / "inpc_mensual_2000_2026_base2018.csv"
DEFAULT_BASE_YEAR = 2018


def read_file(path: Path) -> pd.DataFrame:
    """The monthly rows as text with `source_row`; RawDataError if the file cannot be read as published."""
    raw = read_csv_lines(path, encoding=detect_encoding(path, "latin-1"))
    require_columns(raw, ["year", "month", "valor"], path)
    require_rows(raw, path)
    return raw


def transform(raw: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """Raw rows -> (monthly frame: year, month, inpc; reject reason per row)."""
    parsed, problem = parse_numbers(raw, {"year": "year", "month": "month", "valor": "inpc"})
    monthly = pd.DataFrame({"year": as_int(parsed["year"]), "month": as_int(parsed["month"]), "inpc": parsed["inpc"]})
    reason = first_reason(pd.Series(pd.NA, index=raw.index, dtype="string"), problem.notna(), problem)
    bad_date = monthly["year"].isna() | ~monthly["month"].between(1, 12).fillna(False).astype(bool)
    reason = first_reason(reason, bad_date, "year or month missing or not a calendar month")
    reason = first_reason(reason, monthly["inpc"].isna(), "no index value published for the month")
    repeated = monthly[["year", "month"]].duplicated(keep="first")
    reason = first_reason(reason, repeated, "duplicate month (first occurrence loaded)")
    return monthly, reason


def deflators(monthly: pd.DataFrame, base_year: int) -> pd.DataFrame:
    """Monthly index -> one row per year: annual mean, months present, base year, factor to the base.

    Raises ValueError if the base year is absent or incomplete (a partial mean would skew every factor).
    """
    yearly = monthly.groupby("year", sort=True)["inpc"].agg(inpc_annual_mean="mean", months="count").reset_index()
    base = yearly[yearly["year"] == base_year]
    if base.empty or int(base["months"].iloc[0]) != 12:
        found = 0 if base.empty else int(base["months"].iloc[0])
        raise ValueError(f"base year {base_year} has {found} months of INPC; choose a year with all 12 months")
    yearly["base_year"] = base_year
    yearly["factor_to_base"] = float(base["inpc_annual_mean"].iloc[0]) / yearly["inpc_annual_mean"]
    return yearly.astype({"year": "Int64", "months": "Int64", "base_year": "Int64"})


def load(raw_dir: Path, context: BuildContext, base_year: int | None = None) -> SourceResult:
    """Build the `deflators` table; `base_year` comes from the build (or `context.base_year`), else 2018."""
    base_year = base_year or getattr(context, "base_year", None) or DEFAULT_BASE_YEAR
    path = Path(raw_dir) / FILE
    source_file = relative_name(path, raw_dir)
    raw = read_file(path)
    monthly, reason = transform(raw)
    ok = reason.isna()
    try:
        table = deflators(monthly[ok], base_year)
    except ValueError as exc:
        raise RawDataError(path, str(exc), "pass a complete base year (--base-year) or restore the file",
                           column="valor") from None
    result = SourceResult(source_id=SOURCE_ID, rejects=make_rejects(raw[~ok], reason[~ok], source_file))
    result.accounts.append(FileAccount(source_file, len(raw), int(ok.sum()), int((~ok).sum())))
    result.tables["deflators"] = table
    partial = table.loc[table["months"] < 12, ["year", "months"]]
    result.notes.append(f"deflators: annual mean of the monthly INPC, constant pesos of {base_year}"
                        + "".join(f"; {y} is partial ({m} of 12 months)" for y, m in partial.itertuples(index=False)))
    return result
