"""A published 3x1 project list (CSV or XLSX, as state and federal offices publish it) -> `projects`.

Every data row ends in `projects` or in the rejects with a reason, checked in this order:
duplicate of an earlier line; summary row (TOTAL); year missing or outside 2002–2020; a
negative, unparseable or ambiguous amount; no amount at all; place not resolved (the shared
resolver: a valid key wins, a key that contradicts the names is a conflict, unknown or
ambiguous names are never guessed). Loaded rows carry the official state and municipality
names of the boundary base, not the text as published.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from core.accounting import FileAccount, make_rejects
from core.errors import RawDataError
from etl.base import SourceResult, first_reason
from etl.projects.catalog import INFRASTRUCTURE, OTHER, PRODUCTIVE, normalize_type, split_flag
from etl.projects.headers import find_header
from etl.projects.placing import compose_keys, locality_index, match_localities, resolve_places
from etl.projects.reading import read_rows
from etl.projects.rows import field_frame, raw_frame, row_reasons
from etl.projects.us_states import us_state_name
from store.schema import conform

SOURCE_ID = "program_3x1_projects"


def import_project_list(
    path: Path,
    resolver,
    municipalities: pd.DataFrame,
    localities: pd.DataFrame | None = None,
    source_file: str | None = None,
) -> SourceResult:
    """Read one published project list into a SourceResult with tables["projects"].

    `resolver` is an etl.places.PlaceResolver (anything with its `resolve_frame`);
    `municipalities` the boundary base (cvegeo, cve_ent, state_name, municipality_name);
    `localities` the `localities` table (or the INEGI attribute file) for locality keys;
    `source_file` the name stored in `source_file` (default: the file's name).
    Raises RawDataError when the file or its header cannot be read.
    """
    path = Path(path)
    source_file = source_file or path.name
    table = read_rows(path)
    header_at, header, data_start = find_header(table.rows, path)
    raw = raw_frame(table.rows[data_start:], header.headings)
    if raw.empty:
        raise RawDataError(path, "has a header but no data rows", "supply the list as published")
    fields = field_frame(raw, header)
    parsed, reason = row_reasons(raw, fields, header)

    alive = reason.isna()
    keys = compose_keys(fields, municipalities)
    places = pd.DataFrame({"cvegeo": pd.NA, "match_method": pd.NA, "match_score": float("nan"), "match_reason": pd.NA},
                          index=raw.index)
    if alive.any():
        places.loc[alive] = resolve_places(fields[alive], keys[alive], resolver).to_numpy()
    rejected_place = alive & (places["match_method"] == "rejected")
    reason = first_reason(reason, rejected_place,
                          "place not resolved: " + places["match_reason"].astype("string").fillna(""))
    outside = reason.isna() & ~places["cvegeo"].isin(set(municipalities["cvegeo"]))
    reason = first_reason(reason, outside, "place resolved to a key outside the municipality base: "
                          + places["cvegeo"].astype("string").fillna("none"))

    ok = reason.isna()
    projects = assemble(raw[ok], fields[ok], parsed[ok], places[ok], municipalities, localities, source_file)
    rejects = make_rejects(raw[~ok], reason[~ok], source_file)
    account = FileAccount(source_file, rows_read=len(raw), rows_loaded=int(ok.sum()), rows_rejected=int((~ok).sum()),
                          municipalities_covered=int(projects["cvegeo"].nunique()))
    header_line = table.rows[header_at][0]
    notes = [f"{source_file}: {table.describe()}; header at line {header_line}; "
             f"columns not read: {header.ignored or 'none'}"]
    if len(header.money_fields) < 4:
        notes.append(f"{source_file}: only {header.money_fields} published; the other partners are unknown")
    return SourceResult(source_id=SOURCE_ID, tables={"projects": projects}, rejects=rejects, accounts=[account],
                        notes=notes)


def project_ids(source_file: str, lines: pd.Series) -> pd.Series:
    """Deterministic ids: a short hash of the file name + the line, e.g. 'p3f9a1c2e-000042'."""
    digest = hashlib.sha1(source_file.encode("utf-8")).hexdigest()[:8]
    return ("p" + digest + "-" + lines.astype("Int64").astype("string").str.zfill(6)).astype("string")


def _category_from_split(amounts: pd.DataFrame) -> pd.Series:
    """Productive when only federal and migrants paid, in about equal parts; else infrastructure.
    Used only when neither the type nor the project name says what the project is."""
    local = amounts["state_mxn"].fillna(0) + amounts["municipal_mxn"].fillna(0)
    fed, mig = amounts["federal_mxn"].fillna(0), amounts["migrant_mxn"].fillna(0)
    productive = (local == 0) & (fed > 0) & ((fed - mig).abs() <= 0.05 * (fed + mig))
    return productive.map({True: PRODUCTIVE, False: INFRASTRUCTURE})


def _types(fields: pd.DataFrame, fallback: pd.Series) -> pd.DataFrame:
    empty = pd.Series(None, index=fields.index, dtype="object")
    typed = []
    for text, line, name, default in zip(fields.get("project_type", empty), fields.get("program_line", empty),
                                         fields.get("project_name", empty), fallback):
        project_type, category = normalize_type(text, line, default)
        if project_type == OTHER and isinstance(name, str):
            by_name = normalize_type(name, None, category)
            project_type, category = by_name if by_name[0] != OTHER else (project_type, category)
        typed.append((project_type, category))
    return pd.DataFrame(typed, columns=["project_type", "project_category"], index=fields.index)


def assemble(raw: pd.DataFrame, fields: pd.DataFrame, parsed: pd.DataFrame, places: pd.DataFrame,
             municipalities: pd.DataFrame, localities: pd.DataFrame | None, source_file: str) -> pd.DataFrame:
    """The `projects` rows of the loaded lines, conformed to store/schema.py."""
    empty = pd.Series(pd.NA, index=raw.index, dtype="string")
    cvegeo = places["cvegeo"].astype("string")
    names = municipalities.set_index("cvegeo")[["state_name", "municipality_name"]]
    official = names.reindex(cvegeo.to_numpy()).set_axis(raw.index)
    amounts = parsed[["federal_mxn", "state_mxn", "municipal_mxn", "migrant_mxn"]]
    out = pd.DataFrame({
        "project_id": project_ids(source_file, raw["source_row"]),
        "fiscal_year": parsed["fiscal_year"],
        "cvegeo": cvegeo,
        "state_name": official["state_name"],
        "municipality_name": official["municipality_name"],
    }, index=raw.index)
    out = out.join(match_localities(cvegeo, fields.get("locality", empty), locality_index(localities)),
                   validate="1:1")
    out["project_name"] = fields.get("project_name", empty)
    out = out.join(_types(fields, _category_from_split(amounts)), validate="1:1")
    out = out.join(amounts, validate="1:1")
    out["total_mxn"] = amounts.sum(axis=1, min_count=1)  # the partners that are known; see has_missing_amount
    out["club_name"] = fields.get("club", empty)
    out["club_us_state"] = fields.get("club_us_state", empty).map(us_state_name, na_action="ignore")
    beneficiaries = pd.to_numeric(fields.get("beneficiaries", empty).str.replace(r"[,\s]", "", regex=True),
                                  errors="coerce")
    out["beneficiaries"] = beneficiaries.where(beneficiaries.ge(0) & (beneficiaries % 1 == 0)).astype("Int64")
    out["is_synthetic"] = False
    out["source_file"] = source_file
    out["source_row"] = raw["source_row"]
    out["match_method"] = places["match_method"].astype("string")
    out["match_score"] = pd.to_numeric(places["match_score"], errors="coerce")
    out["split_flag"] = [split_flag(row) for row in out.to_dict(orient="records")]
    out["has_missing_amount"] = parsed["has_missing_amount"].astype(bool)
    return conform(out.reset_index(drop=True), "projects")

