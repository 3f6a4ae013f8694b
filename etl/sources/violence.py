"""Violence layers: INEGI homicides 2019–2021 and OCVED organised-crime events 2000–2018, both by municipality.

Both files are Parquet with one record per municipality; they become long `indicator_values` rows.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from core.accounting import FileAccount, concat_rejects, make_rejects
from etl.base import BuildContext, SourceResult, read_parquet_rows, reject_reasons
from etl.parse import pad_key
from store.schema import conform

SOURCE_ID = "violence"
HOMICIDES_FILE = "violence/homicidios_mun_2019_2021.parquet"
CRIME_FILE = "violence/vistaG_crimen_municipal.parquet"

# (indicator_id, file, column, year); a 3-year rate or a 2000–2018 total is filed under its last year
INDICATORS: list[tuple[str, str, str, int]] = [
    ("homicides", HOMICIDES_FILE, "hom_2019", 2019),
    ("homicides", HOMICIDES_FILE, "hom_2020", 2020),
    ("homicides", HOMICIDES_FILE, "hom_2021", 2021),
    ("homicide_rate_100k", HOMICIDES_FILE, "tasa_100k", 2021),
    ("organized_crime_events", CRIME_FILE, "V_hist_0018", 2018),
    ("organized_crime_presence", CRIME_FILE, "P_hist_0018", 2018),
    ("organized_crime_rate_100k", CRIME_FILE, "tasa100k_hist_0018", 2018),
]
PRESENCE_LABELS = {1.0: "con presencia registrada", 0.0: "sin registros"}

_INEGI = "INEGI, registros de defunciones (homicidios por municipio de ocurrencia)"
_OCVED = "OCVED 2.0 (Organized Crime Violence Event Data)"
_NO_RECORD_ES = " La ausencia de registros no significa ausencia de violencia."
_NO_RECORD_EN = " Absence of records does not mean absence of violence."
CATALOG = [
    ("homicides", "Homicidios", "Homicides", "count", _INEGI,
     "Homicidios registrados por año, por municipio de ocurrencia (INEGI, registros de defunciones).",
     "Homicides registered per year, by municipality of occurrence (INEGI death registers)."),
    ("homicide_rate_100k", "Tasa de homicidios por 100 mil habitantes (2019–2021)",
     "Homicide rate per 100k (2019–2021)", "per_100k", _INEGI,
     "Tasa de 3 años 2019–2021 por 100 mil habitantes (población CONAPO); registros de defunciones de INEGI por "
     "municipio de ocurrencia. Se guarda con el año 2021.",
     "3-year rate 2019–2021 per 100k people (CONAPO population); INEGI death registers by municipality of "
     "occurrence. Filed under year 2021."),
    ("organized_crime_events", "Eventos de violencia del crimen organizado (2000–2018)",
     "Organised-crime violence events (2000–2018)", "count", _OCVED,
     "Eventos registrados 2000–2018 (OCVED); se guarda con el año 2018." + _NO_RECORD_ES,
     "Events recorded 2000–2018 (OCVED); filed under year 2018." + _NO_RECORD_EN),
    ("organized_crime_presence", "Presencia registrada del crimen organizado (2000–2018)",
     "Recorded organised-crime presence (2000–2018)", "flag", _OCVED,
     "1 = presencia de organizaciones criminales registrada en 2000–2018 (OCVED), 0 = sin registros." + _NO_RECORD_ES,
     "1 = presence of criminal organisations recorded in 2000–2018 (OCVED), 0 = no records." + _NO_RECORD_EN),
    ("organized_crime_rate_100k", "Eventos del crimen organizado por 100 mil habitantes (2000–2018)",
     "Organised-crime events per 100k (2000–2018)", "per_100k", _OCVED,
     "Tasa de eventos 2000–2018 por 100 mil habitantes (OCVED); se guarda con el año 2018." + _NO_RECORD_ES,
     "Event rate 2000–2018 per 100k people (OCVED); filed under year 2018." + _NO_RECORD_EN),
]


def columns_of(file: str) -> list[str]:
    """The value columns one file must have."""
    return [column for _, f, column, _ in INDICATORS if f == file]


def key_reasons(raw: pd.DataFrame, base_keys: set[str]) -> tuple[pd.Series, pd.Series]:
    """(5-digit cvegeo, reject reason per record) for a municipal file."""
    key = pad_key(raw["cvegeo"].astype("string"), 5)
    reasons = reject_reasons(raw.index, [
        (key.isna(), "cvegeo is not a 5-digit key"),
        (~key.isin(base_keys).fillna(False), "cvegeo not in the 2,475-municipality base"),
        (key.duplicated(keep="first") & key.notna(), "cvegeo repeated in the file"),
    ])
    return key, reasons


def to_long(raw: pd.DataFrame, key: pd.Series, file: str) -> pd.DataFrame:
    """One indicator_values row per (record, indicator of this file); NaN values stay null, not dropped."""
    frames = []
    for indicator_id, f, column, year in INDICATORS:
        if f != file:
            continue
        value = pd.to_numeric(raw[column], errors="coerce").astype("float64")
        category = value.map(PRESENCE_LABELS) if indicator_id == "organized_crime_presence" else pd.NA
        frames.append(pd.DataFrame({"cvegeo": key, "indicator_id": indicator_id, "year": year, "value": value,
                                    "category": category, "source_file": file, "source_row": raw["source_row"]}))
    return pd.concat(frames, ignore_index=True)


def catalog() -> pd.DataFrame:
    """indicator_catalog rows for the violence indicators (higher is worse for all)."""
    cols = ["indicator_id", "label_es", "label_en", "unit", "publisher", "note_es", "note_en"]
    return pd.DataFrame(CATALOG, columns=cols).assign(higher_is_worse=True)


def load(raw_dir: Path, context: BuildContext) -> SourceResult:
    """Read both violence files into indicator_values + indicator_catalog."""
    raw_dir = Path(raw_dir)
    base_keys = set(context.municipalities["cvegeo"])
    result = SourceResult(source_id=SOURCE_ID)
    values, rejects = [], []
    for file in (HOMICIDES_FILE, CRIME_FILE):
        raw = read_parquet_rows(raw_dir / file, ["cvegeo", *columns_of(file)])
        key, reasons = key_reasons(raw, base_keys)
        ok = reasons.isna()
        values.append(to_long(raw[ok], key[ok], file))
        rejects.append(make_rejects(raw[~ok], reasons[~ok], file))
        result.accounts.append(FileAccount(file, len(raw), int(ok.sum()), int((~ok).sum()), int(key[ok].nunique())))
        missing = sorted(base_keys - set(key[ok]))
        result.notes.append(f"{file}: {int(ok.sum()):,} of {len(base_keys):,} base municipalities; lacks "
                            f"{len(missing)}: {', '.join(missing[:20])}{' …' if len(missing) > 20 else ''}")
    result.notes.append("organized_crime_*: absence of records does not mean absence of violence")
    result.tables = {
        "indicator_values": conform(pd.concat(values, ignore_index=True), "indicator_values"),
        "indicator_catalog": conform(catalog(), "indicator_catalog"),
    }
    result.rejects = concat_rejects(rejects)
    return result
