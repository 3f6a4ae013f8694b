"""Programa 3x1: SEDESOL's 2007 spending by state and partner (partial table) and the cited calibration figures.

The 2007 table is PARTIAL as published: the Zacatecas row was lost (its cells are empty) and there
is no Distrito Federal row. An empty row carries no numbers, so it is rejected rather than loaded
as nulls that a sum would read as zero.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from core.accounting import FileAccount, concat_rejects, make_rejects
from etl.base import BuildContext, SourceResult, read_csv_lines, reject_reasons, require_columns
from etl.parse import is_missing, pad_key, parse_number
from store.schema import conform

SOURCE_ID = "program_3x1_2007"
SPENDING_FILE = "programa_3x1/sedesol_3x1_recursos_ejercidos_por_estado_2007_PARCIAL.csv"
FACTS_FILE = "programa_3x1/calibration_facts_3x1_cited.csv"
AMOUNTS = {  # published column -> contract column
    "federacion_mxn": "federal_mxn",
    "estado_mxn": "state_mxn",
    "municipios_mxn": "municipal_mxn",
    "migrantes_mxn": "migrant_mxn",
    "credito_mxn": "credit_mxn",
    "costo_total_obras_mxn": "total_mxn",
}
FACT_COLUMNS = ["period", "scope", "metric", "value", "unit", "note", "source_url"]


def transform_spending(raw: pd.DataFrame, state_keys: set[str]) -> tuple[pd.DataFrame, pd.Series]:
    """Spending rows -> (program_state_spending, reject reason per raw row)."""
    parsed = {target: parse_number(raw[source]) for source, target in AMOUNTS.items()}
    values = pd.DataFrame({target: v for target, (v, _) in parsed.items()}, index=raw.index)
    bad = pd.concat([b for _, b in parsed.values()], axis=1).any(axis=1)
    key = pad_key(raw["cve_ent"], 2)
    year = raw["anio"].str.strip()
    reasons = reject_reasons(raw.index, [
        (~key.isin(state_keys).fillna(False), "cve_ent is not a state key 1-32"),
        (~year.str.fullmatch(r"(19|20)\d\d").fillna(False), "anio is not a year"),
        (values.isna().all(axis=1) & ~bad, "row lost in the source (PARCIAL): no amounts"),
        (bad, "an amount is not a number"),
    ])
    ok = reasons.isna()
    out = values[ok].assign(year=year[ok].astype(int), cve_ent=key[ok], source_file=SPENDING_FILE,
                            source_row=raw.loc[ok, "source_row"])
    return out, reasons


def parts_gap(spending: pd.DataFrame) -> pd.Series:
    """Sum of the five partner columns minus the published total (the source's own check is ±2 pesos)."""
    parts = spending[[c for c in AMOUNTS.values() if c != "total_mxn"]].sum(axis=1)
    return parts - spending["total_mxn"]


def transform_facts(raw: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """Cited figures -> (calibration_facts, reject reasons). Text columns are kept exactly as published."""
    value, bad = parse_number(raw["value"])
    reasons = reject_reasons(raw.index, [
        (bad, "value is not a number"),
        (value.isna(), "value is empty"),
        *[(is_missing(raw[c]), f"{c} is empty") for c in ("period", "scope", "metric", "unit")],
        (~raw["source_url"].str.strip().str.startswith("http").fillna(False), "source_url is not a URL"),
    ])
    ok = reasons.isna()
    out = raw.loc[ok, FACT_COLUMNS].assign(
        value=value[ok], note=raw.loc[ok, "note"].where(~is_missing(raw.loc[ok, "note"])),
        source_url=raw.loc[ok, "source_url"].str.strip(), source_file=FACTS_FILE, source_row=raw.loc[ok, "source_row"])
    return out, reasons


def load(raw_dir: Path, context: BuildContext) -> SourceResult:
    """Read the 2007 spending table and the calibration facts."""
    raw_dir = Path(raw_dir)
    spending_raw = read_csv_lines(raw_dir / SPENDING_FILE)
    require_columns(spending_raw, ["anio", "cve_ent", *AMOUNTS], raw_dir / SPENDING_FILE)
    spending, s_reasons = transform_spending(spending_raw, set(context.municipalities["cve_ent"]))
    facts_raw = read_csv_lines(raw_dir / FACTS_FILE)
    require_columns(facts_raw, FACT_COLUMNS, raw_dir / FACTS_FILE)
    facts, f_reasons = transform_facts(facts_raw)

    gap = parts_gap(spending)
    state_keys = set(context.municipalities["cve_ent"])
    absent = sorted(state_keys - set(pad_key(spending_raw["cve_ent"], 2).dropna()))
    lost = sorted(pad_key(spending_raw.loc[s_reasons.notna(), "cve_ent"], 2).dropna())
    return SourceResult(
        source_id=SOURCE_ID,
        tables={"program_state_spending": conform(spending, "program_state_spending"),
                "calibration_facts": conform(facts, "calibration_facts")},
        rejects=concat_rejects([make_rejects(spending_raw[s_reasons.notna()], s_reasons.dropna(), SPENDING_FILE),
                                make_rejects(facts_raw[f_reasons.notna()], f_reasons.dropna(), FACTS_FILE)]),
        accounts=[FileAccount(SPENDING_FILE, len(spending_raw), len(spending), int(s_reasons.notna().sum())),
                  FileAccount(FACTS_FILE, len(facts_raw), len(facts), int(f_reasons.notna().sum()))],
        notes=[
            f"2007 spending: PARTIAL table; states absent from the source: {', '.join(absent) or 'none'}; "
            f"rows rejected (lost or unreadable): {', '.join(lost) or 'none'}",
            f"2007 spending: partners minus total within ±{gap.abs().max():.0f} pesos (published rounding)",
            f"2007 spending: national total of loaded rows {spending['total_mxn'].sum():,.0f} MXN, federal "
            f"{spending['federal_mxn'].sum():,.0f} MXN (Zacatecas not included)",
            "calibration facts come from different sources that disagree: targets, not records",
        ],
    )
