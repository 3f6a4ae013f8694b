"""Banco de México: quarterly remittance inflows (USD) by municipality, by Mexican state and by US state.

These are individual remittances sent to households, not the collective money of the 3x1 program.
Municipal keys ending in 999 mean "municipality not identified" (state known): they go to
`remittances_state` flagged `is_municipality_unidentified`, never to a municipality.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from core.accounting import concat_rejects
from etl.base import BuildContext, SourceResult, account_with_rejects, read_csv_lines, reject_reasons, require_columns
from etl.parse import pad_key, parse_date, parse_number
from store.schema import conform

SOURCE_ID = "banxico_remittances"
MUNICIPAL_FILE = "banxico/banxico_remesas_municipio_trimestral_2013_2026.csv"
STATE_FILE = "banxico/banxico_remesas_entidad_trimestral.csv"
US_STATE_FILE = "banxico/banxico_remesas_por_estado_eua_trimestral.csv"
PUBLISHER = "Banco de México"
QUARTER_STARTS = {1: 1, 4: 2, 7: 3, 10: 4}  # PERIODO is the quarter's first day


def quarter_columns(raw: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """period_start, year, quarter and amount_usd from PERIODO / VALOR_USD; plus per-row reject reasons."""
    start, bad_date = parse_date(raw["PERIODO"])
    amount, bad_amount = parse_number(raw["VALOR_USD"])
    out = pd.DataFrame({"period_start": start, "year": start.dt.year, "quarter": start.dt.month.map(QUARTER_STARTS),
                        "amount_usd": amount, "source_row": raw["source_row"]}, index=raw.index)
    not_quarter = start.notna() & (out["quarter"].isna() | (start.dt.day != 1))
    reasons = reject_reasons(raw.index, [
        (bad_date | start.isna(), "PERIODO is not a date (YYYY-MM-DD)"),
        (not_quarter, "PERIODO is not the first day of a quarter"),
        (bad_amount, "VALOR_USD is not a number"),
        (amount.isna(), "VALOR_USD is empty"),
    ])
    return out, reasons


def split_municipal(raw: pd.DataFrame, base_keys: set[str],
                    state_keys: set[str]) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    """Municipal rows -> (remittances_municipal, unidentified rows for remittances_state, reject reasons)."""
    out, reasons = quarter_columns(raw)
    key = pad_key(raw["CVE_GEO"], 5)
    unidentified = key.str.endswith("999").fillna(False).astype(bool)
    reasons = reasons.fillna(reject_reasons(raw.index, [
        (key.isna(), "CVE_GEO is not a 5-digit key"),
        (unidentified & ~key.str[:2].isin(state_keys).fillna(False), "CVE_GEO 999 key of an unknown state"),
        (~unidentified & ~key.isin(base_keys).fillna(False), "CVE_GEO not in the 2,475-municipality base"),
    ]))
    ok = reasons.isna()
    municipal = out[ok & ~unidentified].assign(cvegeo=key)
    state = out[ok & unidentified].assign(cve_ent=key.str[:2], is_municipality_unidentified=True)
    return municipal, state, reasons


def split_state(raw: pd.DataFrame, state_keys: set[str]) -> tuple[pd.DataFrame, pd.Series]:
    """Rows by Mexican state (integer key -> 2 digits) -> (remittances_state, reject reasons)."""
    out, reasons = quarter_columns(raw)
    key = pad_key(raw["CVE_ENT"], 2)
    unknown = ~key.isin(state_keys).fillna(False)
    reasons = reasons.fillna(reject_reasons(raw.index, [(unknown, "CVE_ENT is not a state key 1-32")]))
    return out[reasons.isna()].assign(cve_ent=key, is_municipality_unidentified=False), reasons


def split_us_state(raw: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """Rows by sending US state -> (remittances_us_state, reject reasons). 'XX' = not identified, kept."""
    out, reasons = quarter_columns(raw)
    code = raw["ID_ESTADO"].str.strip().str.upper()
    name = raw["ESTADO"].str.strip()
    reasons = reasons.fillna(reject_reasons(raw.index, [
        (~code.str.fullmatch(r"[A-Z]{2}").fillna(False), "ID_ESTADO is not a 2-letter code"),
        (name.isna() | (name == ""), "ESTADO is empty"),
    ]))
    return out[reasons.isna()].assign(us_state_code=code, us_state_name=name), reasons


def complete_years(municipal: pd.DataFrame) -> tuple[list[int], list[int]]:
    """(years with all 4 quarters in the file, years with fewer)."""
    quarters = municipal.groupby("year")["quarter"].nunique()
    return sorted(int(y) for y in quarters[quarters == 4].index), sorted(int(y) for y in quarters[quarters < 4].index)


def yearly_indicators(municipal: pd.DataFrame, years: list[int],
                      population: pd.Series | None) -> tuple[pd.DataFrame, list[str]]:
    """indicator_values for remittances_usd (and per person when `population` by cvegeo is given).

    Only municipality-years with all 4 quarters are summed: a sum of 3 quarters is not a year.
    source_row is null because each value sums four lines.
    """
    rows = municipal[municipal["year"].isin(years)]
    yearly = (rows.groupby(["cvegeo", "year"])
              .agg(value=("amount_usd", "sum"), quarters=("quarter", "nunique")).reset_index())
    notes = []
    short = yearly["quarters"] < 4
    if short.any():
        notes.append(f"{int(short.sum())} municipality-years lack a quarter: no yearly remittances for them")
    yearly = yearly[~short].drop(columns="quarters").assign(indicator_id="remittances_usd")
    frames = [yearly]
    if population is None:
        notes.append("population_2020 not available: remittances_usd_per_person not computed")
    else:
        per = yearly.assign(indicator_id="remittances_usd_per_person",
                            value=yearly["value"] / yearly["cvegeo"].map(population).astype("float64"))
        lacking = per["value"].isna() | ~per["value"].abs().lt(float("inf"))
        if lacking.any():
            notes.append(f"{per.loc[lacking, 'cvegeo'].nunique()} municipalities without population_2020 (or 0): "
                         "no remittances_usd_per_person for them")
        frames.append(per[~lacking])
    out = pd.concat(frames, ignore_index=True).assign(category=pd.NA, source_file=MUNICIPAL_FILE, source_row=pd.NA)
    return out, notes


def state_total_gap(municipal: pd.DataFrame, unidentified: pd.DataFrame, state: pd.DataFrame) -> float | None:
    """Largest relative gap between (municipalities + 999 rows) and the state file's total per state-quarter."""
    parts = pd.concat([municipal.assign(cve_ent=municipal["cvegeo"].str[:2]), unidentified])
    summed = parts.groupby(["cve_ent", "period_start"])["amount_usd"].sum()
    totals = state.set_index(["cve_ent", "period_start"])["amount_usd"]
    both = pd.concat([summed.rename("parts"), totals.rename("total")], axis=1, join="inner")
    both = both[both["total"] > 0]
    return None if both.empty else float(((both["parts"] - both["total"]).abs() / both["total"]).max())


def catalog() -> pd.DataFrame:
    """indicator_catalog rows for the two remittance indicators (no better/worse direction)."""
    es = ("Remesas individuales que reciben los hogares (Banxico; trimestres sumados por año calendario completo); "
          "no son el dinero colectivo del Programa 3x1.")
    en = ("Individual remittances received by households (Banxico; quarters summed per complete calendar year); "
          "not the collective money of the 3x1 Program.")
    rows = [("remittances_usd", "Remesas recibidas (dólares)", "Remittances received (USD)", "usd", es, en),
            ("remittances_usd_per_person", "Remesas por habitante (dólares)", "Remittances per person (USD)",
             "usd_per_person", es + " Entre la población del Censo 2020.",
             en + " Divided by the 2020 census population.")]
    cols = ["indicator_id", "label_es", "label_en", "unit", "note_es", "note_en"]
    return pd.DataFrame(rows, columns=cols).assign(higher_is_worse=None, publisher=PUBLISHER)


def _read(raw_dir: Path, name: str, columns: list[str]) -> pd.DataFrame:
    raw = read_csv_lines(raw_dir / name)
    require_columns(raw, columns, raw_dir / name)
    return raw


def load(raw_dir: Path, context: BuildContext) -> SourceResult:
    """Read the three Banxico files into the remittance tables plus yearly indicators."""
    raw_dir, base = Path(raw_dir), context.municipalities
    state_keys = set(base["cve_ent"])
    mun_raw = _read(raw_dir, MUNICIPAL_FILE, ["PERIODO", "CVE_GEO", "VALOR_USD"])
    municipal, unidentified, m_reasons = split_municipal(mun_raw, set(base["cvegeo"]), state_keys)
    state_raw = _read(raw_dir, STATE_FILE, ["PERIODO", "CVE_ENT", "VALOR_USD"])
    state, s_reasons = split_state(state_raw, state_keys)
    us_raw = _read(raw_dir, US_STATE_FILE, ["PERIODO", "ID_ESTADO", "ESTADO", "VALOR_USD"])
    us_state, u_reasons = split_us_state(us_raw)
    checked = [account_with_rejects(MUNICIPAL_FILE, mun_raw, len(municipal) + len(unidentified), m_reasons,
                        int(municipal["cvegeo"].nunique())),
               account_with_rejects(STATE_FILE, state_raw, len(state), s_reasons),
               account_with_rejects(US_STATE_FILE, us_raw, len(us_state), u_reasons)]

    years, partial = complete_years(municipal)
    population = base.set_index("cvegeo")["population_2020"] if "population_2020" in base.columns else None
    values, notes = yearly_indicators(municipal, years, population)
    gap = state_total_gap(municipal, unidentified, state)
    span = f"{years[0]}–{years[-1]}" if years else "no year"
    notes = [
        f"{len(unidentified):,} municipal rows with a 999 key (municipality not identified) loaded into "
        "remittances_state with is_municipality_unidentified=True; rows with the flag False are the state "
        "file's totals, which already include them: never add the two"
        + ("" if gap is None else f" (municipalities + 999 rows vs state totals: largest relative gap {gap:.1e})"),
        f"yearly remittances for {span} only"
        + (f"; {partial} skipped: not all 4 quarters in the file" if partial else ""),
        *notes,
    ]
    tables = {
        "remittances_municipal": municipal.assign(source_file=MUNICIPAL_FILE),
        "remittances_state": pd.concat([unidentified.assign(source_file=MUNICIPAL_FILE),
                                        state.assign(source_file=STATE_FILE)], ignore_index=True),
        "remittances_us_state": us_state.assign(source_file=US_STATE_FILE),
        "indicator_values": values,
        "indicator_catalog": catalog(),
    }
    return SourceResult(source_id=SOURCE_ID, tables={name: conform(frame, name) for name, frame in tables.items()},
                        rejects=concat_rejects([r for _, r in checked]), accounts=[a for a, _ in checked], notes=notes)
