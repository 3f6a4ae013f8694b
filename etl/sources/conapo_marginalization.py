"""CONAPO Índice de Marginación (IMM) by municipality, 2010, 2015 and 2020.

Columns read: `CVE_MUN` (5-digit key), `IM_<year>` (index as published), `GM_<year>` (grade),
`IMN_<year>` (normalised index). On CONAPO's 2020 method (DP2 distance) a HIGHER `IM` means LESS
marginalised; the three files here are all on that method (the republished series recomputed
2010 and 2015), which the reader verifies per file against the grade and refuses otherwise, so the
catalog's direction can never silently be wrong. The index is still not comparable across
vintages: compare the grade. A row with some cells missing loads the values it has.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from core.accounting import concat_rejects, relative_name
from core.errors import RawDataError
from etl.base import (
    BuildContext,
    catalog_frame,
    detect_encoding,
    first_reason,
    indicator_file_result,
    key_problems,
    place_names_from,
    read_csv_lines,
    require_columns,
    require_rows,
    SourceResult,
)
from etl.parse import grade_direction, grade_label, grade_ordinal, is_missing, pad_key, parse_numbers

SOURCE_ID = "conapo_marginalization"
YEARS = (2010, 2015, 2020)
KEY = "CVE_MUN"
INDICATORS = ["marginalization_index", "marginalization_index_norm", "marginalization_grade"]

_DIRECTION_ES = ("Método 2020 de CONAPO (distancia DP2): un IM MÁS ALTO significa MENOS marginación. Los tres años "
                 "publicados aquí usan ese método, pero el valor del índice no es comparable entre años: compare el grado.")
_DIRECTION_EN = ("CONAPO 2020 method (DP2 distance): a HIGHER IM means LESS marginalised. The three years published "
                 "here use that method, but the index value is not comparable across years: compare the grade.")


def file_path(raw_dir: Path, year: int) -> Path:
    return Path(raw_dir) / "conapo" / f"IMM_{year}.csv"


def columns_for(year: int) -> dict[str, str]:
    """Raw column -> output column for one vintage."""
    return {f"IM_{year}": "marginalization_index", f"IMN_{year}": "marginalization_index_norm"}


def catalog() -> pd.DataFrame:
    """indicator_catalog rows: the index as published, the normalised index and the grade."""
    return catalog_frame([
        {"indicator_id": "marginalization_index", "label_es": "Índice de marginación",
         "label_en": "Marginalization index", "unit": "index", "higher_is_worse": False, "publisher": "CONAPO",
         "note_es": _DIRECTION_ES, "note_en": _DIRECTION_EN},
        {"indicator_id": "marginalization_index_norm", "label_es": "Índice de marginación normalizado",
         "label_en": "Normalised marginalization index", "unit": "index", "higher_is_worse": False,
         "publisher": "CONAPO", "note_es": "Escala 0 a 1. " + _DIRECTION_ES, "note_en": "Scale 0 to 1. " + _DIRECTION_EN},
        {"indicator_id": "marginalization_grade", "label_es": "Grado de marginación", "label_en": "Marginalization grade",
         "unit": "grade", "higher_is_worse": True, "publisher": "CONAPO",
         "note_es": "1 = Muy bajo … 5 = Muy alto; comparable entre 2010, 2015 y 2020.",
         "note_en": "1 = Very low … 5 = Very high; comparable across 2010, 2015 and 2020."},
    ])


def read_file(path: Path, year: int) -> pd.DataFrame:
    """The raw rows as text with `source_row`; RawDataError if the file cannot be read as published."""
    raw = read_csv_lines(path, encoding=detect_encoding(path, "latin-1"))
    require_columns(raw, [KEY, *columns_for(year), f"GM_{year}"], path)
    require_rows(raw, path)
    return raw


def transform(raw: pd.DataFrame, year: int, known: set[str]) -> tuple[pd.DataFrame, pd.Series]:
    """Raw rows -> (wide frame: cvegeo, the three indicators, grade_label; reject reason per row)."""
    grade = raw[f"GM_{year}"]
    wide, problem = parse_numbers(raw, columns_for(year))
    wide.insert(0, "cvegeo", pad_key(raw[KEY], 5))
    wide["marginalization_grade"] = grade_ordinal(grade)
    wide["grade_label"] = grade_label(grade)
    keys = key_problems(wide["cvegeo"], known)
    reason = first_reason(keys, problem.notna(), problem)
    reason = first_reason(reason, wide["marginalization_grade"].isna() & ~is_missing(grade),
                          "unknown grade label: '" + grade.astype("string") + "'")
    return wide, first_reason(reason, wide[INDICATORS].isna().all(axis=1), "no data published for any indicator")


def check_direction(wide: pd.DataFrame, path: Path, year: int) -> None:
    """Refuse a file whose index rises with the grade: the catalog says higher IM = less marginalised."""
    for column, raw_column in (("marginalization_index", f"IM_{year}"), ("marginalization_index_norm", f"IMN_{year}")):
        if grade_direction(wide[column], wide["marginalization_grade"]) > 0:
            raise RawDataError(path, f"{raw_column} rises with the grade, so higher means MORE marginalised (pre-2020 method)",
                               "load it as a separate indicator or update the catalog direction", column=raw_column)


def load(raw_dir: Path, context: BuildContext) -> SourceResult:
    """Read the three vintages into indicator_values (year = vintage) plus their catalog rows."""
    known = set(context.municipalities["cvegeo"])
    result = SourceResult(source_id=SOURCE_ID)
    values, rejects, names = [], [], []
    for year in YEARS:
        path = file_path(raw_dir, year)
        raw = read_file(path, year)
        wide, reason = transform(raw, year, known)
        ok = reason.isna()
        names.append(place_names_from(wide.loc[ok, "cvegeo"], raw.loc[ok, "NOM_MUN"], relative_name(path, raw_dir)))
        check_direction(wide[reason.isna()], path, year)
        rows, rejected, account = indicator_file_result(raw, wide, reason, year, relative_name(path, raw_dir),
                                                        categories={"marginalization_grade": "grade_label"})
        values.append(rows)
        rejects.append(rejected)
        result.accounts.append(account)
    result.notes.append("IMM 2010, 2015, 2020: all three use the 2020 method (higher IM = less marginalised), "
                        "verified against the grade")
    result.tables["indicator_values"] = pd.concat(values, ignore_index=True)
    result.tables["indicator_catalog"] = catalog()
    result.tables["place_names"] = pd.concat(names, ignore_index=True)
    result.rejects = concat_rejects(rejects)
    return result
