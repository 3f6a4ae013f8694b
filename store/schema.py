"""The table contract: every table of the store, declared once.

The ETL writes these tables and the app reads them; neither declares a table of its own.
`conform` uses the same declarations to enforce column names and dtypes on a DataFrame
before it is written, so a transform that drifts from the contract fails loudly at build time.

Naming follows PUDL's habits: ids end in `_id` or are INEGI keys (`cvegeo`, `cve_ent`),
units are suffixes (`_mxn`, `_usd`, `_pct`, `_km2`), flags start with `is_` or `has_`.
"""
from __future__ import annotations

import pandas as pd
from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Float,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()


def _provenance() -> list[Column]:
    """Where a row came from: the raw file's name and its 1-based line (header = line 1)."""
    return [Column("source_file", String, nullable=False), Column("source_row", Integer)]


states = Table(
    "states",
    metadata,
    Column("cve_ent", String(2), primary_key=True),
    Column("state_name", String, nullable=False),
    Column("state_abbr", String, nullable=False),
)

municipalities = Table(
    "municipalities",
    metadata,
    Column("cvegeo", String(5), primary_key=True),
    Column("cve_ent", String(2), nullable=False, index=True),
    Column("cve_mun", String(3), nullable=False),
    Column("state_name", String, nullable=False),
    Column("municipality_name", String, nullable=False),
    Column("population_2020", Integer),  # null for the 6 municipalities created after the census
    Column("geometry_source", String, nullable=False),  # which boundary set the geometry came from
    Column("centroid_lon", Float, nullable=False),  # a point inside the polygon, for circles/labels
    Column("centroid_lat", Float, nullable=False),
    Column("area_km2", Float, nullable=False),
)

municipality_geometry = Table(
    "municipality_geometry",
    metadata,
    Column("cvegeo", String(5), primary_key=True),
    Column("geometry_wkb", LargeBinary, nullable=False),  # WGS84 lon/lat, valid, full resolution
    Column("geometry_source", String, nullable=False),
)

state_geometry = Table(
    "state_geometry",
    metadata,
    Column("cve_ent", String(2), primary_key=True),
    Column("geometry_wkb", LargeBinary, nullable=False),
    Column("geometry_source", String, nullable=False),
)

place_names = Table(
    "place_names",
    metadata,
    Column("cvegeo", String(5), nullable=False, index=True),
    Column("name", String, nullable=False),
    Column("name_normalized", String, nullable=False, index=True),
    Column("name_source", String, nullable=False),  # which file spelled it this way
)

localities = Table(
    "localities",
    metadata,
    Column("cvegeo_loc", String(9), primary_key=True),
    Column("cvegeo", String(5), nullable=False, index=True),
    Column("locality_name", String, nullable=False),
    Column("locality_name_normalized", String, nullable=False),
    Column("ambito", String),
    Column("lon", Float),
    Column("lat", Float),
    Column("population", Integer),
    *_provenance(),
)

indicator_catalog = Table(
    "indicator_catalog",
    metadata,
    Column("indicator_id", String, primary_key=True),
    Column("label_es", String, nullable=False),
    Column("label_en", String, nullable=False),
    Column("unit", String, nullable=False),  # pct, persons, index, grade, usd, usd_per_person, per_100k, count
    Column("higher_is_worse", Boolean),  # null where direction is not a judgement (migration)
    Column("publisher", String, nullable=False),
    Column("note_es", Text),
    Column("note_en", Text),
)

indicator_values = Table(
    "indicator_values",
    metadata,
    Column("cvegeo", String(5), nullable=False),
    Column("indicator_id", String, nullable=False),
    Column("year", Integer, nullable=False),
    Column("value", Float),  # numeric value; for grades the ordinal (1 = Muy bajo ... 5 = Muy alto, 0 = Nulo)
    Column("category", String),  # grade label as published, e.g. "Muy alto"
    *_provenance(),
    Index("ix_indicator_values_lookup", "indicator_id", "year", "cvegeo", unique=True),
    Index("ix_indicator_values_cvegeo", "cvegeo"),
)

remittances_municipal = Table(
    "remittances_municipal",
    metadata,
    Column("cvegeo", String(5), nullable=False, index=True),
    Column("period_start", Date, nullable=False),
    Column("year", Integer, nullable=False),
    Column("quarter", Integer, nullable=False),
    Column("amount_usd", Float, nullable=False),
    *_provenance(),
)

remittances_state = Table(
    "remittances_state",
    metadata,
    Column("cve_ent", String(2), nullable=False, index=True),
    Column("period_start", Date, nullable=False),
    Column("year", Integer, nullable=False),
    Column("quarter", Integer, nullable=False),
    Column("amount_usd", Float, nullable=False),
    Column("is_municipality_unidentified", Boolean, nullable=False),  # Banxico "999" rows, state known
    *_provenance(),
)

remittances_us_state = Table(
    "remittances_us_state",
    metadata,
    Column("us_state_code", String(2), nullable=False),
    Column("us_state_name", String, nullable=False),
    Column("period_start", Date, nullable=False),
    Column("year", Integer, nullable=False),
    Column("quarter", Integer, nullable=False),
    Column("amount_usd", Float, nullable=False),
    *_provenance(),
)

deflators = Table(
    "deflators",
    metadata,
    Column("year", Integer, primary_key=True),
    Column("inpc_annual_mean", Float, nullable=False),  # mean of the 12 monthly INPC values (base 2Q Jul 2018 = 100)
    Column("months", Integer, nullable=False),  # months present; a partial year is flagged by < 12
    Column("base_year", Integer, nullable=False),
    Column("factor_to_base", Float, nullable=False),  # multiply current pesos of `year` to get pesos of `base_year`
)

crisis_events = Table(
    "crisis_events",
    metadata,
    Column("event_id", Integer, primary_key=True),
    Column("declaration_id", String, nullable=False),  # one declaration may name many municipalities
    Column("cvegeo", String(5), nullable=False, index=True),
    Column("event_date", Date),
    Column("year", Integer, nullable=False),
    Column("phenomenon", String, nullable=False),  # e.g. sismo, lluvia severa, inundación, incendio forestal
    Column("phenomenon_group", String, nullable=False),  # geológico | hidrometeorológico | incendio
    Column("declaration_kind", String, nullable=False),  # desastre | emergencia | emergencia extraordinaria
    Column("description", Text),
    Column("dof_date", Date),
    Column("dof_url", String),
    Column("name_as_published", String),
    Column("match_method", String, nullable=False),
    Column("match_score", Float),
    *_provenance(),
)

crisis_coverage = Table(
    "crisis_coverage",
    metadata,
    # What each crisis source covers, one row per source, year and phenomenon group: a year or group
    # no row names is "sin datos" in the app, never zero (dashapp/queries/coverage.py).
    Column("source_id", String, nullable=False),
    Column("record_kind", String, nullable=False),  # declaration | impact
    Column("year", Integer, nullable=False),
    Column("phenomenon_group", String, nullable=False),
    Column("complete", Boolean, nullable=False),  # False: only some events of that year and group (see scope)
    Column("scope", String, nullable=False),  # what the source holds, as a message key: coverage.scope.<scope>
    Column("municipalities_listed", Boolean, nullable=False),  # False: some events name no municipality
)

program_state_spending = Table(
    "program_state_spending",
    metadata,
    Column("year", Integer, nullable=False),
    Column("cve_ent", String(2), nullable=False),
    Column("federal_mxn", Float),
    Column("state_mxn", Float),
    Column("municipal_mxn", Float),
    Column("migrant_mxn", Float),
    Column("credit_mxn", Float),
    Column("total_mxn", Float),
    *_provenance(),
)

calibration_facts = Table(
    "calibration_facts",
    metadata,
    Column("period", String, nullable=False),
    Column("scope", String, nullable=False),
    Column("metric", String, nullable=False),
    Column("value", Float, nullable=False),
    Column("unit", String, nullable=False),
    Column("note", Text),
    Column("source_url", String, nullable=False),
    *_provenance(),
)

projects = Table(
    "projects",
    metadata,
    # One row per 3x1 project; also the open-data export. Real imported rows and the generated
    # demonstration rows share this table; `is_synthetic` tells them apart and must travel with every export.
    Column("project_id", String, primary_key=True),
    Column("fiscal_year", Integer, nullable=False),
    Column("cvegeo", String(5), nullable=False, index=True),
    Column("state_name", String, nullable=False),
    Column("municipality_name", String, nullable=False),
    Column("locality_name", String),
    Column("cvegeo_loc", String(9)),  # the locality's 9-digit key when its name matched the INEGI list
    Column("project_name", Text),
    Column("project_type", String, nullable=False),  # normalised to the catalogue in etl/projects/catalog.py
    Column("project_category", String, nullable=False),  # infraestructura social básica | servicios comunitarios | proyectos productivos | proyectos educativos
    Column("federal_mxn", Float),
    Column("state_mxn", Float),
    Column("municipal_mxn", Float),
    Column("migrant_mxn", Float),
    Column("total_mxn", Float),
    Column("club_name", String),
    Column("club_us_state", String),
    Column("beneficiaries", Integer),
    Column("is_synthetic", Boolean, nullable=False),
    *_provenance(),
    Column("match_method", String, nullable=False),
    Column("match_score", Float),
    Column("split_flag", String),  # null when the shares follow the operating rules; else why they depart
    Column("has_missing_amount", Boolean, nullable=False),  # a partner cell was "n.d"/"N/D"
    Index("ix_projects_year_state", "fiscal_year", "cvegeo"),
)

calibration_results = Table(
    "calibration_results",
    metadata,
    # Each cited figure next to the same figure computed from the demonstration list.
    Column("period", String, nullable=False),
    Column("scope", String, nullable=False),
    Column("metric", String, nullable=False),
    Column("cited_value", Float, nullable=False),
    Column("demo_value", Float),
    Column("unit", String, nullable=False),
    Column("comparison", String, nullable=False),  # how demo_value was computed, or why it cannot be
    Column("source_url", String),
)

rejected_rows = Table(
    "rejected_rows",
    metadata,
    Column("source_file", String, nullable=False, index=True),
    Column("source_row", Integer),
    Column("reason", String, nullable=False),
    Column("raw_values", Text, nullable=False),  # the row as read, JSON
)

source_accounting = Table(
    "source_accounting",
    metadata,
    Column("source_id", String, nullable=False),
    Column("source_file", String, nullable=False),
    Column("rows_read", Integer, nullable=False),
    Column("rows_loaded", Integer, nullable=False),
    Column("rows_rejected", Integer, nullable=False),
    Column("municipalities_covered", Integer),
)

build_info = Table(
    "build_info",
    metadata,
    Column("key", String, primary_key=True),
    Column("value", Text, nullable=False),
)


# --- dtype enforcement from the same declarations -------------------------------------------

_PANDAS_DTYPES = {
    String: "string",
    Text: "string",
    Integer: "Int64",
    Float: "float64",
    Boolean: "boolean",
}


def _pandas_dtype(column: Column) -> str | None:
    for sql_type, dtype in _PANDAS_DTYPES.items():
        if isinstance(column.type, sql_type):
            return dtype
    return None  # Date and LargeBinary are checked, not cast


def conform(df: pd.DataFrame, table_name: str) -> pd.DataFrame:
    """Return `df` with exactly the contract's columns, in order, cast to the contract's dtypes.

    Raises ValueError naming the table and the offending columns when columns are missing or
    unexpected, or when a non-nullable column holds nulls.
    """
    table = metadata.tables[table_name]
    expected = [c.name for c in table.columns]
    missing = [c for c in expected if c not in df.columns and not _autoincrement(table, c)]
    extra = [c for c in df.columns if c not in expected]
    if missing or extra:
        raise ValueError(
            f"table {table_name!r}: columns do not match the contract in store/schema.py; "
            f"missing {missing}, unexpected {extra}"
        )
    out = df[[c for c in expected if c in df.columns]].copy()
    for column in table.columns:
        if column.name not in out.columns:
            continue
        dtype = _pandas_dtype(column)
        if dtype is not None:
            out[column.name] = out[column.name].astype(dtype)
        if not column.nullable and not column.primary_key and out[column.name].isna().any():
            bad = int(out[column.name].isna().sum())
            raise ValueError(f"table {table_name!r}: column {column.name!r} has {bad} nulls but is NOT NULL")
    return out


def _autoincrement(table: Table, name: str) -> bool:
    column = table.columns[name]
    return bool(column.primary_key and isinstance(column.type, Integer))


crisis_impacts = Table(
    "crisis_impacts",
    metadata,
    # CENAPRED's impact record (etl/sources/cenapred_impacts.py): impacts, not declarations (crisis_events).
    # One published event is one row per municipality resolved, or one row per state of the event whose
    # municipalities are unknown (scope 'state', cvegeo null: not "no municipality affected"). The impact
    # figures are the event's own, repeated on each of its rows: sum them per event_key, not per row.
    Column("impact_id", Integer, primary_key=True),
    Column("event_key", String, nullable=False, index=True),  # 'cenapred-<sheet row>': the file has no event id
    Column("cvegeo", String(5), index=True),  # null when scope = 'state'
    Column("cve_ent", String(2), nullable=False, index=True),
    Column("scope", String, nullable=False),  # municipality | state
    Column("start_date", Date),  # null where published as "SD"
    Column("end_date", Date),
    Column("year", Integer, nullable=False),  # `Año` as published
    Column("phenomenon_class", String, nullable=False),  # as published: Geológico, Hidrometeorológico, Químico, ...
    Column("phenomenon_type", String),  # as published, capitalised: Lluvias, Sismo, Incendio forestal, ...
    Column("phenomenon_group", String, nullable=False),  # crisis_events' groups + químico-tecnológico | sanitario-ecológico | socio-organizativo
    Column("is_natural", Boolean, nullable=False),  # geológico, hidrometeorológico, incendio (forest fires)
    Column("deaths", Integer),
    Column("people_affected", Integer),
    Column("homes_damaged", Integer),
    Column("damages_mxn", Float),  # nominal pesos (published in millions)
    Column("source", String),  # who reported it, as published: CENACOM, FONDEN, CONAFOR, SS, ...
    Column("name_as_published", String),  # the municipality name matched, or the cell of a state row
    Column("match_method", String, nullable=False),  # exact | alias | fuzzy | list_unknown | unresolved
    Column("match_score", Float),
    *_provenance(),
)

program_federal_budget = Table(
    "program_federal_budget",
    metadata,
    # SHCP Cuenta Pública, program S061 (3x1 para Migrantes), federal share only, nominal pesos
    # (etl/sources/cuenta_publica.py). One row per year and stage. A year whose file has no S061 row
    # (2020: the program was not funded) has rows with null amounts and `note` saying so, never zeros;
    # a year with no file has no row ("sin datos").
    Column("year", Integer, nullable=False, index=True),
    Column("stage", String, nullable=False),  # aprobado | modificado | devengado | ejercido
    Column("total_mxn", Float),  # TOTAL: every chapter of spending
    Column("subsidies_mxn", Float),  # GC_SUBSIDIOS + GI_SUBSIDIOS: what reaches projects
    Column("note", String),  # null, or why the year has no amounts
    *_provenance(),
)
