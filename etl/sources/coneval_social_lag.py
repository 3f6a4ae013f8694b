"""CONEVAL Índice de Rezago Social (IRS) by municipality, 2015 and 2020 (Excel workbooks).

Layout of sheet `Municipios`: title in row 1, header in Excel rows 5-6 (row 6 holds the
sub-labels of the percentage block), data from row 8, then a blank row and notes/source lines.
`source_row` is the Excel row number as Excel shows it. Blank rows are not rows (as in
`read_csv_lines`); note lines are rows and are rejected as "footnote line".
The IRS is standardised within each vintage (mean 0), so it is not compared across years;
the grade is. 2015 lacks the 11 municipalities the Intercensal Survey could not cover.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.utils.exceptions import InvalidFileException

from core.accounting import concat_rejects, relative_name
from core.errors import RawDataError
from etl.base import (
    BuildContext,
    SourceResult,
    catalog_frame,
    first_reason,
    indicator_file_result,
    key_problems,
    require_columns,
    require_rows,
)
from etl.parse import grade_direction, grade_label, grade_ordinal, is_missing, pad_key, parse_numbers

SOURCE_ID = "coneval_social_lag"
YEARS = (2015, 2020)
SHEET = "Municipios"
HEADER_ROWS = (5, 6)
FIRST_DATA_ROW = 8
KEY = "Clave municipio"
INDEX = "Índice de rezago social"
GRADE = "Grado de rezago social"
_RESTORE = "restore the file as published (see MANIFEST.csv)"

_NOTE_ES = ("Índice de rezago social de CONEVAL (educación, salud, servicios y bienes de la vivienda). El índice "
            "está estandarizado dentro de cada año: no compare su valor entre 2015 y 2020, compare el grado. "
            "2015 no tiene datos para 11 municipios que la Encuesta Intercensal no cubrió.")
_NOTE_EN = ("CONEVAL social lag index (education, health, housing services and assets). The index is standardised "
            "within each year: do not compare its value between 2015 and 2020, compare the grade. 2015 has no data "
            "for 11 municipalities the Intercensal Survey did not cover.")


def file_path(raw_dir: Path, year: int) -> Path:
    return Path(raw_dir) / "coneval" / f"IRS_entidades_mpios_{year}.xlsx"


def catalog() -> pd.DataFrame:
    """indicator_catalog rows for the index and its grade."""
    return catalog_frame([
        {"indicator_id": "social_lag_index", "label_es": "Índice de rezago social", "label_en": "Social lag index",
         "unit": "index", "higher_is_worse": True, "publisher": "CONEVAL", "note_es": _NOTE_ES, "note_en": _NOTE_EN},
        {"indicator_id": "social_lag_grade", "label_es": "Grado de rezago social", "label_en": "Social lag grade",
         "unit": "grade", "higher_is_worse": True, "publisher": "CONEVAL",
         "note_es": "1 = Muy bajo … 5 = Muy alto. " + _NOTE_ES, "note_en": "1 = Very low … 5 = Very high. " + _NOTE_EN},
    ])


def _label(value: object) -> str | None:
    return None if value is None else re.sub(r"\s+", " ", str(value)).strip() or None


def sheet_frame(rows: list[tuple]) -> pd.DataFrame:
    """Sheet rows (row 1 first) -> text frame with `source_row` = Excel row, header from rows 5-6.

    A column is named by its row-6 sub-label, else its row-5 label; empty rows are skipped.
    """
    top, sub = (rows[r - 1] if len(rows) >= r else () for r in HEADER_ROWS)
    width = max((len(r) for r in rows), default=0)
    names = []
    for i in range(width):
        name = _label(sub[i] if i < len(sub) else None) or _label(top[i] if i < len(top) else None) or f"column_{i + 1}"
        names.append(name if name not in names else f"{name} ({i + 1})")
    records, starts = [], []
    for number, row in enumerate(rows[FIRST_DATA_ROW - 1:], start=FIRST_DATA_ROW):
        cells = [None if v is None or str(v).strip() == "" else str(v) for v in row] + [None] * (width - len(row))
        if any(c is not None for c in cells):
            records.append(cells)
            starts.append(number)
    frame = pd.DataFrame(records, columns=names, dtype="string")
    frame.insert(0, "source_row", pd.array(starts, dtype="Int64"))
    return frame


def read_file(path: Path) -> pd.DataFrame:
    """The sheet as a text frame; RawDataError if the workbook, sheet or header is not as published."""
    try:
        workbook = openpyxl.load_workbook(path, data_only=True)
    except FileNotFoundError:
        raise RawDataError(path, "file not found", "run `mapa3x1 fetch` or point --raw-dir at the raw data folder") from None
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        raise RawDataError(path, f"is not a readable .xlsx workbook ({exc})", _RESTORE) from None
    if SHEET not in workbook.sheetnames:
        raise RawDataError(path, f"has no sheet {SHEET!r} (found {workbook.sheetnames})", _RESTORE)
    sheet = workbook[SHEET]
    # min_row=1 so that list position + 1 is the Excel row even if the top rows are empty
    raw = sheet_frame(list(sheet.iter_rows(min_row=1, max_row=sheet.max_row, values_only=True)))
    require_columns(raw, [KEY, INDEX, GRADE], path)
    require_rows(raw, path)
    return raw


def transform(raw: pd.DataFrame, known: set[str]) -> tuple[pd.DataFrame, pd.Series]:
    """Raw rows -> (wide frame: cvegeo, social_lag_index, social_lag_grade, grade_label; reject reason)."""
    wide, problem = parse_numbers(raw, {INDEX: "social_lag_index"})
    wide.insert(0, "cvegeo", pad_key(raw[KEY], 5))
    wide["social_lag_grade"] = grade_ordinal(raw[GRADE])
    wide["grade_label"] = grade_label(raw[GRADE])
    others = raw.drop(columns=["source_row", raw.columns[1]])
    footnote = wide["cvegeo"].isna() & others.isna().all(axis=1)  # text in the first cell only: notes, source
    reason = pd.Series(pd.NA, index=raw.index, dtype="string")
    reason = first_reason(reason, footnote, "footnote line")
    keys = key_problems(wide["cvegeo"], known)
    reason = first_reason(reason, keys.notna(), keys)
    reason = first_reason(reason, problem.notna(), problem)
    unknown = wide["social_lag_grade"].isna() & ~is_missing(raw[GRADE])
    reason = first_reason(reason, unknown, "unknown grade label: '" + raw[GRADE].astype("string") + "'")
    reason = first_reason(reason, wide[["social_lag_index", "social_lag_grade"]].isna().all(axis=1),
                          "no data published for any indicator")
    return wide, reason


def load(raw_dir: Path, context: BuildContext) -> SourceResult:
    """Read both vintages into indicator_values (year = vintage) plus their catalog rows."""
    known = set(context.municipalities["cvegeo"])
    result = SourceResult(source_id=SOURCE_ID)
    values, rejects = [], []
    for year in YEARS:
        path = file_path(raw_dir, year)
        raw = read_file(path)
        wide, reason = transform(raw, known)
        ok = reason.isna()
        if grade_direction(wide.loc[ok, "social_lag_index"], wide.loc[ok, "social_lag_grade"]) < 0:
            raise RawDataError(path, "the index falls as the grade rises (expected: higher IRS = more lag)",
                               "check the publisher's method and update the catalog note before loading", column=INDEX)
        rows, rejected, account = indicator_file_result(raw, wide, reason, year, relative_name(path, raw_dir),
                                                        categories={"social_lag_grade": "grade_label"})
        values.append(rows)
        rejects.append(rejected)
        result.accounts.append(account)
    result.tables["indicator_values"] = pd.concat(values, ignore_index=True)
    result.tables["indicator_catalog"] = catalog()
    result.rejects = concat_rejects(rejects)
    return result
