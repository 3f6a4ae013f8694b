"""The projects table of `/proyectos`: AG Grid's server-side requests (filter, sort, page) and exports.

The grid asks for rows block by block (`getRowsRequest`: startRow, endRow, filterModel, sortModel);
`grid_rows` answers from the filtered projects, so tens of thousands of rows never travel to a
phone at once. `table_rows` is the same selection in full, for the CSV and GeoJSON downloads
(written by `dashapp.api_exports`, as the API writes them), so an export holds exactly the rows
the table shows, in its order and in the same pesos.
"""
from __future__ import annotations

import math

import pandas as pd

from core.names import fold, fold_series
from dashapp.filters import CATEGORIES, Filters
from dashapp.i18n import t
from dashapp.queries.projects import MONEY_COLUMNS, selected_projects
from dashapp.store import Snapshot

TEXT_COLUMNS = ("state_name", "municipality_name", "locality_name", "project_name", "project_type",
                "project_category", "club_name", "club_us_state", "split_flag", "cvegeo", "cvegeo_loc",
                "project_id", "source_file", "match_method")
NUMBER_COLUMNS = ("fiscal_year", *MONEY_COLUMNS, "beneficiaries", "source_row", "match_score")


def category_options(lang: str, all_label: str) -> list[dict]:
    """Dropdown options for the project categories of the filters, in `lang` ("" = all)."""
    return [{"label": all_label, "value": ""}] + [{"label": t(f"category.{slug}", lang), "value": slug}
                                                  for slug in CATEGORIES]


def _plain(series: pd.Series) -> pd.Series:
    """Lower case without accents, so 'educacion' finds 'Educación' (punctuation kept); missing -> ""."""
    return fold_series(series, keep_punctuation=True)


def _plain_text(value: object) -> str:
    return fold(str(value or ""), keep_punctuation=True)


def _text_mask(column: pd.Series, kind: str, value: object) -> pd.Series:
    if kind == "blank":
        return column.isna() | (column.astype("string").fillna("").str.strip() == "")
    if kind == "notBlank":
        return ~_text_mask(column, "blank", None)
    text, needle = _plain(column), _plain_text(value)
    tests = {"contains": lambda: text.str.contains(needle, regex=False),
             "notContains": lambda: ~text.str.contains(needle, regex=False),
             "equals": lambda: text == needle, "notEqual": lambda: text != needle,
             "startsWith": lambda: text.str.startswith(needle), "endsWith": lambda: text.str.endswith(needle)}
    return tests.get(kind, lambda: pd.Series(True, index=column.index))().fillna(False).astype(bool)


def _number_mask(column: pd.Series, kind: str, value: object, value_to: object) -> pd.Series:
    numbers = pd.to_numeric(column, errors="coerce").astype("float64")
    if kind == "blank":
        return numbers.isna()
    if kind == "notBlank":
        return numbers.notna()
    try:
        a = float(value)
        b = float(value_to) if value_to is not None else math.nan
    except (TypeError, ValueError):
        return pd.Series(True, index=column.index)  # an incomplete filter filters nothing
    tests = {"equals": numbers == a, "notEqual": numbers != a, "greaterThan": numbers > a,
             "greaterThanOrEqual": numbers >= a, "lessThan": numbers < a, "lessThanOrEqual": numbers <= a,
             "inRange": numbers.between(min(a, b), max(a, b)) if b == b else numbers >= a}
    return tests.get(kind, pd.Series(True, index=column.index)).fillna(False).astype(bool)


def _condition_mask(column: pd.Series, name: str, condition: dict) -> pd.Series:
    if "conditions" in condition:  # two conditions joined by AND / OR
        masks = [_condition_mask(column, name, c) for c in condition["conditions"]]
        if not masks:
            return pd.Series(True, index=column.index)
        out = masks[0]
        for mask in masks[1:]:
            out = (out | mask) if condition.get("operator") == "OR" else (out & mask)
        return out
    kind = condition.get("type", "contains")
    if condition.get("filterType") == "number" or name in NUMBER_COLUMNS:
        return _number_mask(column, kind, condition.get("filter"), condition.get("filterTo"))
    return _text_mask(column, kind, condition.get("filter"))


def apply_filter_model(frame: pd.DataFrame, model: dict | None) -> pd.DataFrame:
    """Rows passing AG Grid's filterModel ({column: condition}); unknown columns are ignored."""
    mask = pd.Series(True, index=frame.index)
    for name, condition in (model or {}).items():
        if name in frame.columns and isinstance(condition, dict):
            mask &= _condition_mask(frame[name], name, condition)
    return frame[mask]


def apply_sort_model(frame: pd.DataFrame, model: list | None) -> pd.DataFrame:
    """Rows in AG Grid's sortModel order ([{colId, sort}]); default: year, state, municipality."""
    keys = [(m["colId"], m.get("sort") != "desc") for m in (model or [])
            if isinstance(m, dict) and m.get("colId") in frame.columns]
    keys = keys or [("fiscal_year", True), ("cvegeo", True), ("project_id", True)]
    columns = [name for name, _ in keys]
    sort_keys = {name: (_plain(frame[name]) if name in TEXT_COLUMNS else frame[name]) for name in columns}
    order = pd.DataFrame(sort_keys, index=frame.index).sort_values(
        columns, ascending=[asc for _, asc in keys], na_position="last", kind="stable").index
    return frame.loc[order]


def table_rows(snapshot: Snapshot, filters: Filters, filter_model: dict | None = None,
               sort_model: list | None = None) -> pd.DataFrame:
    """The projects under the page filters, then the grid's column filters, in the grid's order."""
    return apply_sort_model(apply_filter_model(selected_projects(snapshot, filters), filter_model), sort_model)


def grid_rows(snapshot: Snapshot, filters: Filters, request: dict | None) -> dict:
    """The answer to one getRowsRequest: {'rowData': [...], 'rowCount': n}. Booleans go as 'true'/'false'."""
    request = request or {}
    rows = table_rows(snapshot, filters, request.get("filterModel"), request.get("sortModel"))
    start = max(0, int(request.get("startRow") or 0))
    end = max(start, int(request.get("endRow") or start + 100))
    block = rows.iloc[start:end].astype(object)
    block = block.where(block.notna(), None)
    return {"rowData": block.to_dict("records"), "rowCount": len(rows)}
