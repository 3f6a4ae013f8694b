"""SHCP Cuenta Pública 2013-2020, program S061 (3x1 para Migrantes) -> `program_federal_budget`.

Each file holds every federal program (filter on `PROGRAMA = S061`) and its layout changes
(17 columns in 2013-2014, 18 in 2015, 20 from 2016), so columns are read by name. Per year S061
has a title row (the program's name in `PRESUPUESTO`, no amounts), one row per stage (Aprobado,
Modificado, Devengado, Ejercicio) and two percentage rows; only the stage rows are loaded. Every
other row is rejected with its reason (the rows of other programs keep only their identifying
cells in `raw_values`: the file is there for the rest).

`subsidies_mxn` = GC_SUBSIDIOS + GI_SUBSIDIOS (current plus investment subsidies), the money that
reaches projects; `total_mxn` also holds staff and operating costs (2019 exercised 12.5 M, all of
it staff, and no subsidy). A file without S061 rows (2020: the program was not funded) gives rows
with null amounts and a note, never zeros; a year without a file has no row (the app says "sin datos").
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from core.accounting import FileAccount, concat_rejects, make_rejects
from core.errors import RawDataError
from etl.base import BuildContext, SourceResult, read_csv_lines, reject_reasons, require_columns, require_rows
from etl.parse import parse_number
from store.schema import conform

SOURCE_ID = "cuenta_publica"
FOLDER = "programa_3x1/cuenta_publica"
YEARS = range(2013, 2021)
PROGRAM = "S061"
STAGES = {"Aprobado": "aprobado", "Modificado": "modificado", "Devengado": "devengado", "Ejercicio": "ejercido"}
AMOUNTS = ["GC_SUBSIDIOS", "GI_SUBSIDIOS", "TOTAL"]
REQUIRED = ["CICLO", "PROGRAMA", "PRESUPUESTO", *AMOUNTS]
ID_COLUMNS = ["CICLO", "RAMO", "PROGRAMA", "PRESUPUESTO"]  # kept in raw_values for other programs' rows
NOT_FUNDED = "no S061 row: the program was not funded"
COLUMNS = ["year", "stage", "total_mxn", "subsidies_mxn", "note", "source_file", "source_row"]


def file_name(year: int) -> str:
    """The raw file of one year, inside the raw folder."""
    return f"{FOLDER}/cuenta_publica_{year}.csv"


def transform(raw: pd.DataFrame, year: int, source_file: str) -> tuple[pd.DataFrame, pd.Series]:
    """One year's rows -> (its program_federal_budget rows, reject reason per raw row).

    Raises RawDataError when S061 has a stage twice or a stage row has an unreadable amount: the
    year's figures would be wrong, not merely incomplete.
    """
    program = raw["PROGRAMA"].str.strip()
    label = raw["PRESUPUESTO"].str.strip()
    s061 = program.eq(PROGRAM).fillna(False)
    stage = label.map(STAGES)
    parsed = {c: parse_number(raw[c]) for c in AMOUNTS}
    values = pd.DataFrame({c: v for c, (v, _) in parsed.items()}, index=raw.index)
    reasons = reject_reasons(raw.index, [
        (~s061, "another federal program (PROGRAMA is not S061)"),
        (stage.isna() & label.str.startswith("Porcentaje").fillna(False), "percentage row, not an amount"),
        (stage.isna(), "title row (the program's name, no amounts)"),
        (raw["CICLO"].str.strip().ne(str(year)).fillna(True), f"CICLO is not {year}"),
    ])
    ok = reasons.isna()
    for column, (_, bad) in parsed.items():
        bad_rows = raw.index[ok & (bad | values[column].isna() & (column == "TOTAL"))]
        if len(bad_rows):
            row = raw.loc[bad_rows[0]]
            raise RawDataError(source_file, f"S061 {row['PRESUPUESTO']} has {column} = {row[column]!r}, not an amount",
                               "restore the file as published (see MANIFEST.csv)", row=int(row["source_row"]),
                               column=column)
    repeated = stage[ok].duplicated(keep=False)
    if repeated.any():
        row = raw.loc[repeated[repeated].index[0]]
        raise RawDataError(source_file, f"S061 has the stage {row['PRESUPUESTO']!r} more than once",
                           "restore the file as published (see MANIFEST.csv)", row=int(row["source_row"]),
                           column="PRESUPUESTO")
    out = pd.DataFrame({
        "year": year, "stage": stage[ok], "total_mxn": values.loc[ok, "TOTAL"],
        # a subsidy cell left empty is no subsidy of that kind (2013-2014 leave GI_SUBSIDIOS empty for many programs)
        "subsidies_mxn": values.loc[ok, "GC_SUBSIDIOS"].fillna(0.0) + values.loc[ok, "GI_SUBSIDIOS"].fillna(0.0),
        "note": pd.NA, "source_file": source_file, "source_row": raw.loc[ok, "source_row"],
    })
    if out.empty:
        out = pd.DataFrame({"year": year, "stage": list(STAGES.values()), "total_mxn": float("nan"),
                            "subsidies_mxn": float("nan"), "note": NOT_FUNDED, "source_file": source_file,
                            "source_row": pd.NA})
    return out[COLUMNS], reasons


def _rejects(raw: pd.DataFrame, reasons: pd.Series, source_file: str) -> pd.DataFrame:
    other = reasons.str.startswith("another federal program").fillna(False)
    own = reasons.notna() & ~other
    keep = [c for c in ["source_row", *ID_COLUMNS] if c in raw.columns]
    return concat_rejects([make_rejects(raw.loc[other, keep], reasons[other], source_file),
                           make_rejects(raw[own], reasons[own], source_file)])


def load(raw_dir: Path, context: BuildContext) -> SourceResult:
    """Read every year's file present; a year without a file is reported, not filled."""
    raw_dir = Path(raw_dir)
    frames, rejects, accounts, absent = [], [], [], []
    for year in YEARS:
        source_file = file_name(year)
        path = raw_dir / source_file
        if not path.exists():
            absent.append(year)
            continue
        raw = read_csv_lines(path)
        require_columns(raw, REQUIRED, path)
        require_rows(raw, path)
        out, reasons = transform(raw, year, source_file)
        frames.append(out)
        rejects.append(_rejects(raw, reasons, source_file))
        accounts.append(FileAccount(source_file, len(raw), int(reasons.isna().sum()), int(reasons.notna().sum())))
    if not frames:
        raise RawDataError(raw_dir / FOLDER, "no Cuenta Pública file found (cuenta_publica_2013.csv … _2020.csv)",
                           "run `mapa3x1 fetch` or point --raw-dir at the raw data folder")
    table = pd.concat(frames, ignore_index=True)
    spent = table[table["stage"].eq("ejercido")]
    series = ", ".join(f"{int(r.year)} {r.subsidies_mxn / 1e6:.1f} M" if pd.notna(r.subsidies_mxn) else f"{int(r.year)} {NOT_FUNDED}"
                       for r in spent.itertuples())
    return SourceResult(
        source_id=SOURCE_ID,
        tables={"program_federal_budget": conform(table, "program_federal_budget")},
        rejects=concat_rejects(rejects),
        accounts=accounts,
        notes=[f"Cuenta Pública S061: federal subsidies exercised {series}",
               f"Cuenta Pública: years without a file (sin datos): {', '.join(map(str, absent)) or 'none'}",
               "Cuenta Pública: federal share only, nominal pesos; other programs' rows are rejected with their "
               "identifying cells only"],
    )
