"""CONEVAL municipal poverty, 2010, 2015 and 2020 (one CSV per vintage).

Quirks handled: latin-1 text (verified, UTF-8 accepted if the file is re-saved), thousands
commas in the person counts, `n.d` for "no data", `clave_municipio` as an integer without its
leading zero. The income-line columns are renamed between vintages (`plb`/`plbm` up to 2015,
`plp`/`plp_e` in 2020); they are not read, so the rename cannot break the reader.

Missing values: a row whose five indicators are all `n.d` is rejected ("no data published");
a row with only some `n.d` cells is loaded and emits only the values it has (no NaN rows).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from core.accounting import concat_rejects, relative_name
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
from etl.parse import pad_key, parse_numbers

SOURCE_ID = "coneval_poverty"
YEARS = (2010, 2015, 2020)
KEY = "clave_municipio"
# raw column -> indicator_id
COLUMNS = {
    "pobreza": "poverty_pct",
    "pobreza_e": "extreme_poverty_pct",
    "pobreza_m": "moderate_poverty_pct",
    "pobreza_pob": "poverty_persons",
    "pobreza_e_pob": "extreme_poverty_persons",
}

_GAPS_ES = ("2015 no tiene datos (n.d) para 11 municipios donde la Encuesta Intercensal no se completó y 2020 para 3 "
            "(04012, 07125, 29048); los municipios creados después de cada levantamiento no aparecen.")
_GAPS_EN = ("2015 has no data (n.d) for 11 municipalities where the Intercensal Survey was not completed, and 2020 "
            "for 3 (04012, 07125, 29048); municipalities created after each survey are absent.")
_COUNT_ES = " Es un conteo de personas: refleja el tamaño del municipio; para comparar use el porcentaje."
_COUNT_EN = " A head count: it grows with the municipality's size; compare percentages instead."


def file_path(raw_dir: Path, year: int) -> Path:
    return Path(raw_dir) / "coneval" / f"indicadores de pobreza municipal_{year}.csv"


def catalog() -> pd.DataFrame:
    """indicator_catalog rows for the five poverty indicators."""
    def entry(indicator_id: str, es: str, en: str, unit: str, extra_es: str = "", extra_en: str = "") -> dict:
        return {
            "indicator_id": indicator_id, "label_es": es, "label_en": en, "unit": unit, "higher_is_worse": True,
            "publisher": "CONEVAL",
            "note_es": "Medición multidimensional de la pobreza a nivel municipal (2010, 2015, 2020). " + _GAPS_ES + extra_es,
            "note_en": "Multidimensional poverty measurement by municipality (2010, 2015, 2020). " + _GAPS_EN + extra_en,
        }
    return catalog_frame([
        entry("poverty_pct", "Población en situación de pobreza", "Population in poverty", "pct"),
        entry("extreme_poverty_pct", "Población en situación de pobreza extrema", "Population in extreme poverty", "pct"),
        entry("moderate_poverty_pct", "Población en situación de pobreza moderada", "Population in moderate poverty", "pct"),
        entry("poverty_persons", "Personas en situación de pobreza", "People in poverty", "persons", _COUNT_ES, _COUNT_EN),
        entry("extreme_poverty_persons", "Personas en situación de pobreza extrema", "People in extreme poverty",
              "persons", _COUNT_ES, _COUNT_EN),
    ])


def read_file(path: Path) -> pd.DataFrame:
    """The raw rows as text with `source_row`; RawDataError if the file cannot be read as published."""
    raw = read_csv_lines(path, encoding=detect_encoding(path, "latin-1"))
    require_columns(raw, [KEY, *COLUMNS], path)
    require_rows(raw, path)
    return raw


def transform(raw: pd.DataFrame, known: set[str]) -> tuple[pd.DataFrame, pd.Series]:
    """Raw rows -> (wide frame: cvegeo + one float column per indicator, reject reason per row)."""
    wide, problem = parse_numbers(raw, COLUMNS)
    wide.insert(0, "cvegeo", pad_key(raw[KEY], 5))  # 1001 -> "01001"
    reason = key_problems(wide["cvegeo"], known)
    reason = first_reason(reason, problem.notna(), problem)
    reason = first_reason(reason, wide[list(COLUMNS.values())].isna().all(axis=1),
                          "no data published (n.d) for any indicator")
    return wide, reason


def load(raw_dir: Path, context: BuildContext) -> SourceResult:
    """Read the three vintages into indicator_values (year = vintage) plus their catalog rows."""
    known = set(context.municipalities["cvegeo"])
    result = SourceResult(source_id=SOURCE_ID)
    values, rejects, names = [], [], []
    for year in YEARS:
        path = file_path(raw_dir, year)
        raw = read_file(path)
        wide, reason = transform(raw, known)
        ok = reason.isna()
        names.append(place_names_from(wide.loc[ok, "cvegeo"], raw.loc[ok, "municipio"], relative_name(path, raw_dir)))
        rows, rejected, account = indicator_file_result(raw, wide, reason, year, relative_name(path, raw_dir))
        values.append(rows)
        rejects.append(rejected)
        result.accounts.append(account)
    result.tables["indicator_values"] = pd.concat(values, ignore_index=True)
    result.tables["indicator_catalog"] = catalog()
    result.tables["place_names"] = pd.concat(names, ignore_index=True)
    result.rejects = concat_rejects(rejects)
    return result
