"""INEGI Censo de Población y Vivienda 2020: total population by municipality.

The file is a spreadsheet export: latin-1, CRLF, title lines before the header, a national
total row (empty key, name "Total"), state subtotal rows keyed like `=CONCATENAR(0,01) `,
municipal keys written " 01 001 ", thousands commas, and a "FUENTE: ..." footer. Only municipal
rows load; the others are rejected with their reason. The reader checks the file against
itself before loading: the municipal rows must add up to the national total row and to each
state subtotal, and the national total must be the published 126,014,024.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from core.accounting import relative_name
from core.errors import RawDataError
from etl.base import (
    BuildContext,
    SourceResult,
    catalog_frame,
    detect_encoding,
    first_reason,
    indicator_file_result,
    key_problems,
    read_csv_lines,
    require_columns,
    require_rows,
)
from etl.parse import as_int, parse_numbers

SOURCE_ID = "inegi_population"
YEAR = 2020
FILE = Path("inegi") / "poblacion_municipal_censo_2020.csv"
CENSUS_2020_TOTAL = 126_014_024
TOTAL = "Total"
MUNICIPAL_KEY = r"\d{2}\s+\d{3}"
STATE_SUBTOTAL = r"=CONCATENAR\(.*,\s*(\d{2})\)"


def catalog() -> pd.DataFrame:
    """indicator_catalog row for the census population."""
    return catalog_frame([{
        "indicator_id": "population", "label_es": "Población total", "label_en": "Total population",
        "unit": "persons", "higher_is_worse": None, "publisher": "INEGI",
        "note_es": "Censo de Población y Vivienda 2020. Los 6 municipios creados después del censo "
                   "(02007, 04013, 12082–12085) no tienen dato.",
        "note_en": "2020 Population and Housing Census. The 6 municipalities created after the census "
                   "(02007, 04013, 12082–12085) have no figure.",
    }])


def read_file(path: Path) -> pd.DataFrame:
    """The rows after the header as text, columns `clave`, `nombre`, `Total`, ...; title lines skipped."""
    encoding = detect_encoding(path, "latin-1")
    lines = path.read_text(encoding=encoding).split("\n")
    header = next((i for i, line in enumerate(lines) if f'"{TOTAL}"' in line and "Hombres" in line), None)
    if header is None:
        raise RawDataError(path, 'no header line with "Total" and "Hombres" (title lines, then the header)',
                           "restore the file as published (see MANIFEST.csv)", column=TOTAL)
    raw = read_csv_lines(path, encoding=encoding, skip_lines=header)
    # the export leaves the key and name columns (and a trailing one) without a header
    names = ["source_row", "clave", "nombre", *raw.columns[3:]]
    raw.columns = [n if n else f"column_{i}" for i, n in enumerate(names)]
    require_columns(raw, [TOTAL], path)
    require_rows(raw, path)
    return raw


def classify(raw: pd.DataFrame) -> pd.Series:
    """Per row: "municipality", or the reason it is not one."""
    key = raw["clave"].astype("string").str.strip().fillna("")
    name = raw["nombre"].astype("string").str.strip().fillna("")
    rest = raw.drop(columns=["source_row", "clave"])
    rest_empty = rest.apply(lambda c: c.astype("string").str.strip().fillna("") == "").all(axis=1)
    kind = pd.Series("row is neither a municipality, a subtotal nor a note", index=raw.index, dtype="string")
    kind = kind.mask(rest_empty & (key != ""), "footnote line")
    kind = kind.mask((key == "") & (name == TOTAL), "national total row")
    kind = kind.mask(key.str.fullmatch(STATE_SUBTOTAL), "state subtotal row, not a municipality")
    return kind.mask(key.str.fullmatch(MUNICIPAL_KEY), "municipality")


def check_totals(raw: pd.DataFrame, population: pd.Series, path: Path) -> None:
    """RawDataError unless municipal rows add up to the national row, the state rows and the census figure.

    Every municipal-looking row counts, known to the boundary base or not: this checks the file, not the join.
    """
    kind = classify(raw)
    municipal = kind == "municipality"
    national = raw.index[kind == "national total row"]
    if len(national) != 1:
        raise RawDataError(path, f"expected one national total row, found {len(national)}",
                           "restore the file as published (see MANIFEST.csv)", column=TOTAL)
    row, total, summed = int(raw.at[national[0], "source_row"]), population[national[0]], population[municipal].sum()
    if summed != total or total != CENSUS_2020_TOTAL:
        raise RawDataError(path, f"municipal rows add up to {summed:,.0f}, the total row says {total:,.0f}, "
                           f"the census published {CENSUS_2020_TOTAL:,}", "restore the file as published (rows may be lost)",
                           row=row, column=TOTAL)
    keys = raw["clave"].astype("string").str.strip()
    by_state = population[municipal].groupby(keys[municipal].str.slice(0, 2)).sum()
    subtotal = kind == "state subtotal row, not a municipality"
    for index, state in keys[subtotal].str.extract(STATE_SUBTOTAL)[0].items():
        if by_state.get(state, 0.0) != population[index]:
            raise RawDataError(path, f"state {state}: municipal rows add up to {by_state.get(state, 0.0):,.0f}, "
                               f"its subtotal row says {population[index]:,.0f}", "restore the file as published",
                               row=int(raw.at[index, "source_row"]), column=TOTAL)


def transform(raw: pd.DataFrame, known: set[str]) -> tuple[pd.DataFrame, pd.Series]:
    """Raw rows -> (wide frame: cvegeo, population; reject reason per row)."""
    kind = classify(raw)
    wide, problem = parse_numbers(raw, {TOTAL: "population"})
    cvegeo = raw["clave"].astype("string").str.replace(r"\s+", "", regex=True)  # " 01 001 " -> "01001"
    wide.insert(0, "cvegeo", cvegeo.where(kind == "municipality"))
    reason = kind.mask(kind == "municipality", pd.NA)
    keys = key_problems(wide["cvegeo"], known)
    reason = first_reason(reason, keys.notna(), keys)
    reason = first_reason(reason, problem.notna(), problem)
    return wide, first_reason(reason, wide["population"].isna(), "no data published for the population")


def population_table(values: pd.DataFrame) -> pd.DataFrame:
    """The `population_2020` table the build merges into `municipalities`."""
    return pd.DataFrame({"cvegeo": values["cvegeo"], "population_2020": as_int(values["value"])}).reset_index(drop=True)


def load(raw_dir: Path, context: BuildContext) -> SourceResult:
    """Population 2020 as indicator_values (indicator `population`) and as tables["population_2020"]."""
    path = Path(raw_dir) / FILE
    raw = read_file(path)
    wide, reason = transform(raw, set(context.municipalities["cvegeo"]))
    check_totals(raw, wide["population"], path)
    values, rejects, account = indicator_file_result(raw, wide, reason, YEAR, relative_name(path, raw_dir))
    result = SourceResult(source_id=SOURCE_ID, rejects=rejects, accounts=[account])
    result.tables["indicator_values"] = values
    result.tables["indicator_catalog"] = catalog()
    result.tables["population_2020"] = population_table(values)
    result.notes.append(f"census 2020: municipal rows add up to the national total {CENSUS_2020_TOTAL:,} "
                        "and to every state subtotal")
    return result
