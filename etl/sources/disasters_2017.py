"""Federal emergency and disaster declarations for the earthquakes of 7 and 19 September 2017.

One row per municipality with its INEGI key (read as text: "07001" must keep its zero). The state
name is not used (the key carries the state), so the published misspelling "CIudad de México"
needs no repair; it stays as published in the rejects' raw values.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from core.accounting import FileAccount, make_rejects
from etl.base import BuildContext, SourceResult, read_csv_lines, reject_reasons, require_columns
from etl.parse import is_missing, pad_key, parse_date, parse_number
from etl.crisis_coverage import Coverage, coverage_rows
from store.schema import conform

SOURCE_ID = "disasters_2017"
FILE = "disasters/declaratorias_sismos_septiembre_2017.csv"
FLAG_COLUMNS = {  # column -> declaration kind, strongest first
    "declaratoria_desastre": "desastre",
    "declaratoria_emergencia_extraordinaria": "emergencia extraordinaria",
    "declaratoria_emergencia_ordinaria": "emergencia",
}
REQUIRED = ["estado", "municipio", "clave_inegi", *FLAG_COLUMNS, "magniud_sismo", "fecha_evento"]  # "magniud" as published
# Only the two September earthquakes: 2017's other events (and its other phenomena) are in no file here.
COVERAGE = Coverage(SOURCE_ID, "declaration", (2017,), ("geológico",), complete=False, scope="sismos_2017")
MONTHS_ES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
             "noviembre", "diciembre"]


def parse_flags(raw: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """Each "sí"/empty flag column -> boolean; True where a cell is neither (a reject)."""
    flags, bad = {}, pd.Series(False, index=raw.index)
    for column in FLAG_COLUMNS:
        text = raw[column].astype("string").str.strip().str.lower()
        flags[column] = text.isin(["sí", "si"]).fillna(False).astype(bool)
        bad |= ~(flags[column] | is_missing(text))
    return pd.DataFrame(flags, index=raw.index), bad


def declaration_kind(flags: pd.DataFrame) -> pd.Series:
    """The strongest declaration a municipality got: desastre > emergencia extraordinaria > emergencia.

    One row per municipality keeps the count at one per municipality; the other flags go to the description.
    """
    kind = pd.Series(pd.NA, index=flags.index, dtype="string")
    for column, label in reversed(FLAG_COLUMNS.items()):
        kind = kind.mask(flags[column], label)
    return kind


def describe(date: pd.Series, magnitude: pd.Series, flags: pd.DataFrame) -> pd.Series:
    """'Sismo M8.2 del 7 de septiembre de 2017; declaratorias: desastre, emergencia extraordinaria'."""
    when = [f"{d.day} de {MONTHS_ES[d.month - 1]} de {d.year}" for d in date]
    mag = ["" if pd.isna(m) else f" M{m:.1f}" for m in magnitude]
    kinds = flags.apply(lambda row: ", ".join(FLAG_COLUMNS[c] for c in FLAG_COLUMNS if row[c]), axis=1)
    note = ["" if m else " (magnitud no indicada en la fuente)" for m in mag]
    return pd.Series([f"Sismo{m} del {w}{n}; declaratorias: {k}" for m, w, n, k in zip(mag, when, note, kinds)],
                     index=date.index, dtype="string")


def correct_keys(raw: pd.DataFrame, key: pd.Series, resolver) -> tuple[pd.Series, pd.Series, list[str]]:
    """Keys whose municipality name says otherwise -> the name's key, when the name matches exactly.

    The file carries 2017 provisional keys for Chiapas' new municipalities ("Emiliano Zapata" as
    07121, "Mezcalapa" as 07123; INEGI numbers them 07123 and 07124). The declarations named places,
    so an exact name in the same state wins over a contradicting key; everything else keeps its key.
    Returns (keys, match_method, notes).
    """
    method = pd.Series("key", index=raw.index, dtype="string")
    if resolver is None:
        return key, method, []
    key, notes = key.copy(), []
    for i in raw.index:
        if pd.isna(key[i]):
            continue
        by_name = resolver.resolve(raw.at[i, "estado"], raw.at[i, "municipio"])
        if by_name.method in ("exact", "alias") and by_name.cvegeo != key[i] and by_name.cvegeo[:2] == key[i][:2]:
            notes.append(f"line {raw.at[i, 'source_row']}: '{raw.at[i, 'municipio']}' published with key {key[i]}, "
                         f"INEGI key {by_name.cvegeo} used")
            key[i], method[i] = by_name.cvegeo, "name (key corrected)"
    return key, method, notes


def transform(raw: pd.DataFrame, base_keys: set[str], resolver=None) -> tuple[pd.DataFrame, pd.Series, list[str]]:
    """Raw declaration rows -> (crisis_events rows, reject reason per raw row, notes)."""
    key, method, notes = correct_keys(raw, pad_key(raw["clave_inegi"], 5), resolver)
    date, bad_date = parse_date(raw["fecha_evento"])
    magnitude, bad_magnitude = parse_number(raw["magniud_sismo"])
    flags, bad_flags = parse_flags(raw)
    kind = declaration_kind(flags)
    reasons = reject_reasons(raw.index, [
        (key.isna(), "clave_inegi is not a 5-digit key"),
        (~key.isin(base_keys).fillna(False), "clave_inegi not in the 2,475-municipality base"),
        (bad_date | date.isna(), "fecha_evento is not a date (YYYY-MM-DD)"),
        (bad_magnitude, "magniud_sismo is not a number"),
        (bad_flags, "a declaration flag is neither 'sí' nor empty"),
        (kind.isna(), "no declaration flag set"),
        (pd.DataFrame({"k": key, "d": date}).duplicated() & key.notna(), "municipality repeated for the same event"),
    ])
    ok = reasons.isna()
    date, key = date[ok], key[ok]
    out = pd.DataFrame({
        "declaration_id": "sismos-" + date.dt.strftime("%Y-%m-%d"),
        "cvegeo": key, "event_date": date, "year": date.dt.year, "phenomenon": "sismo",
        "phenomenon_group": "geológico", "declaration_kind": kind[ok],
        "description": describe(date, magnitude[ok], flags[ok]), "dof_date": pd.NaT, "dof_url": pd.NA,
        "name_as_published": raw.loc[ok, "municipio"].str.strip(), "match_method": method[ok], "match_score": 100.0,
        "source_file": FILE, "source_row": raw.loc[ok, "source_row"],
    })
    return out, reasons, notes


def load(raw_dir: Path, context: BuildContext) -> SourceResult:
    """Read the September 2017 earthquake declarations into crisis_events."""
    path = Path(raw_dir) / FILE
    raw = read_csv_lines(path)
    require_columns(raw, REQUIRED, path)
    events, reasons, key_notes = transform(raw, set(context.municipalities["cvegeo"]), context.resolver)
    rejected = reasons.notna()
    no_magnitude = int(is_missing(raw.loc[~rejected, "magniud_sismo"]).sum())
    kinds = events["declaration_kind"].value_counts().to_dict()
    return SourceResult(
        source_id=SOURCE_ID,
        tables={"crisis_events": conform(events, "crisis_events"), "crisis_coverage": coverage_rows(COVERAGE)},
        rejects=make_rejects(raw[rejected], reasons[rejected], FILE),
        accounts=[FileAccount(FILE, len(raw), len(events), int(rejected.sum()), int(events["cvegeo"].nunique()))],
        notes=[
            f"{len(events):,} municipalities, one row each, kind = strongest declaration: {kinds}",
            f"{no_magnitude} rows without magnitude: described without it",
            *key_notes,
        ],
    )
