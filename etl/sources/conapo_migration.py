"""CONAPO Índice de Intensidad Migratoria México–Estados Unidos by municipality, 2010 and 2020.

The two vintages differ in layout and in direction:
- 2010: keys split in `ENT` and `MUN` integers; index `IIM_2010` where HIGHER = MORE intensity;
  grade `GIM_2010` with a numeric prefix ("5 Muy Alto", "0 Nulo").
- 2020: `cve_mun` is the 5-digit key without its leading zero; index `iim_dp2` (DP2 method)
  where LOWER = MORE intensity (rank 1, San Andrés Yaá, 47.16); grade `gim_dp2` Muy alto … Nulo.
The reader verifies each direction against the grade. "Nulo" rows (no migrant homes) have no
index in 2020: they load their grade (0) and the percentages, and emit no index value.
"""
from __future__ import annotations

from dataclasses import dataclass
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
from etl.parse import cvegeo_from_parts, grade_direction, grade_label, grade_ordinal, is_missing, pad_key, parse_numbers

SOURCE_ID = "conapo_migration"
PCT_INDICATORS = ["remittance_homes_pct", "emigrant_homes_pct", "circular_migrant_homes_pct", "return_migrant_homes_pct"]
INDICATORS = ["migration_intensity_index", "migration_intensity_grade", *PCT_INDICATORS]


@dataclass(frozen=True)
class Layout:
    year: int
    file_name: str
    keys: tuple[str, ...]  # (state, municipality) or (cvegeo,)
    numbers: dict[str, str]  # raw column -> indicator_id
    grade: str
    index_rises_with_intensity: bool


def _numbers(prefix: str, index: str) -> dict[str, str]:
    cols = [f"{prefix}_{s}" for s in ("rem", "emig", "circ", "ret")]
    cols = [c.upper() if prefix.isupper() else c for c in cols]  # 2010 is all upper case
    return {index: "migration_intensity_index", **dict(zip(cols, PCT_INDICATORS))}


LAYOUTS = (
    Layout(2010, "conapo_intensidad_migratoria_2010_municipal.csv", ("ENT", "MUN"),
           _numbers("VIV", "IIM_2010"), "GIM_2010", True),
    Layout(2020, "conapo_intensidad_migratoria_2020_municipal.csv", ("cve_mun",),
           _numbers("viv", "iim_dp2"), "gim_dp2", False),
)

_COMMON_ES = "Censo 2010 y Censo 2020, viviendas con migración a Estados Unidos en los cinco años previos."
_COMMON_EN = "2010 and 2020 censuses, homes with migration to the United States in the previous five years."


def catalog() -> pd.DataFrame:
    """indicator_catalog rows; migration is not a judgement, so higher_is_worse stays null."""
    flip_es = ("OJO, la dirección cambia: en 2010 (componentes principales) un índice MÁS ALTO es MAYOR intensidad; "
               "en 2020 (método DP2) un índice MÁS BAJO es MAYOR intensidad (1.º nacional: San Andrés Yaá, 47.16). "
               "No compare el índice entre años; compare el grado.")
    flip_en = ("CAUTION, the direction flips: in 2010 (principal components) a HIGHER index means MORE intensity; "
               "in 2020 (DP2 method) a LOWER index means MORE intensity (national rank 1: San Andrés Yaá, 47.16). "
               "Do not compare the index across years; compare the grade.")

    def entry(indicator_id: str, es: str, en: str, unit: str, note_es: str, note_en: str) -> dict:
        return {"indicator_id": indicator_id, "label_es": es, "label_en": en, "unit": unit, "higher_is_worse": None,
                "publisher": "CONAPO", "note_es": note_es + " " + _COMMON_ES, "note_en": note_en + " " + _COMMON_EN}
    pct_es, pct_en = "Porcentaje del total de viviendas del municipio.", "Percent of all homes in the municipality."
    return catalog_frame([
        entry("migration_intensity_index", "Índice de intensidad migratoria México–Estados Unidos",
              "Mexico–US migration intensity index", "index", flip_es, flip_en),
        entry("migration_intensity_grade", "Grado de intensidad migratoria", "Migration intensity grade", "grade",
              "0 = Nulo, 1 = Muy bajo … 5 = Muy alto; comparable entre años.",
              "0 = None, 1 = Very low … 5 = Very high; comparable across years."),
        entry("remittance_homes_pct", "Viviendas que reciben remesas", "Homes receiving remittances", "pct", pct_es, pct_en),
        entry("emigrant_homes_pct", "Viviendas con emigrantes a Estados Unidos", "Homes with emigrants to the US",
              "pct", pct_es, pct_en),
        entry("circular_migrant_homes_pct", "Viviendas con migrantes circulares", "Homes with circular migrants",
              "pct", pct_es, pct_en),
        entry("return_migrant_homes_pct", "Viviendas con migrantes de retorno", "Homes with return migrants",
              "pct", pct_es, pct_en),
    ])


def read_file(path: Path, layout: Layout) -> pd.DataFrame:
    """The raw rows as text with `source_row`; RawDataError if the file cannot be read as published."""
    raw = read_csv_lines(path, encoding=detect_encoding(path, "latin-1"))
    require_columns(raw, [*layout.keys, *layout.numbers, layout.grade], path)
    require_rows(raw, path)
    return raw


def transform(raw: pd.DataFrame, layout: Layout, known: set[str]) -> tuple[pd.DataFrame, pd.Series]:
    """Raw rows -> (wide frame: cvegeo, the six indicators, grade_label; reject reason per row)."""
    grade = raw[layout.grade]
    wide, problem = parse_numbers(raw, layout.numbers)
    keys = cvegeo_from_parts(*(raw[k] for k in layout.keys)) if len(layout.keys) == 2 else pad_key(raw[layout.keys[0]], 5)
    wide.insert(0, "cvegeo", keys)
    wide["migration_intensity_grade"] = grade_ordinal(grade)
    wide["grade_label"] = grade_label(grade)
    reason = first_reason(key_problems(wide["cvegeo"], known), problem.notna(), problem)
    reason = first_reason(reason, wide["migration_intensity_grade"].isna() & ~is_missing(grade),
                          "unknown grade label: '" + grade.astype("string") + "'")
    return wide, first_reason(reason, wide[INDICATORS].isna().all(axis=1), "no data published for any indicator")


def check_direction(wide: pd.DataFrame, layout: Layout, path: Path) -> None:
    """Refuse a file whose index direction is not the documented one (the catalog note would lie)."""
    found = grade_direction(wide["migration_intensity_index"], wide["migration_intensity_grade"])
    expected = 1 if layout.index_rises_with_intensity else -1
    if found == -expected:
        index = next(iter(layout.numbers))
        raise RawDataError(path, f"{index} runs the other way from the documented method (direction {found:+d})",
                           "check the publisher's method and update the catalog note", column=index)


def load(raw_dir: Path, context: BuildContext) -> SourceResult:
    """Read both vintages into indicator_values (year = census year) plus their catalog rows."""
    known = set(context.municipalities["cvegeo"])
    result = SourceResult(source_id=SOURCE_ID)
    values, rejects, names = [], [], []
    for layout in LAYOUTS:
        path = Path(raw_dir) / "conapo" / layout.file_name
        raw = read_file(path, layout)
        wide, reason = transform(raw, layout, known)
        ok = reason.isna()
        name_column = "NOM_MUN" if "NOM_MUN" in raw else "nom_mun"  # renamed between vintages
        names.append(place_names_from(wide.loc[ok, "cvegeo"], raw.loc[ok, name_column], relative_name(path, raw_dir)))
        check_direction(wide[reason.isna()], layout, path)
        rows, rejected, account = indicator_file_result(raw, wide, reason, layout.year, relative_name(path, raw_dir),
                                                        categories={"migration_intensity_grade": "grade_label"})
        values.append(rows)
        rejects.append(rejected)
        result.accounts.append(account)
    result.tables["indicator_values"] = pd.concat(values, ignore_index=True)
    result.tables["indicator_catalog"] = catalog()
    result.tables["place_names"] = pd.concat(names, ignore_index=True)
    result.rejects = concat_rejects(rejects)
    return result
