"""The controls and the AG Grid of `/proyectos`: columns, formatters (assets/pages.js), Spanish grid texts.

Not a page module (the leading underscore keeps Dash from registering it). No column uses an
HTML cell renderer: names typed by people are shown as text.
"""
from __future__ import annotations

from dash import dcc, html

from dashapp import ids
from dashapp.filters import PROGRAM_YEARS, Filters
from dashapp.i18n import t
from dashapp.queries.project_table import category_options

PAGE_SIZE = 50
MONEY = ("federal_mxn", "state_mxn", "municipal_mxn", "migrant_mxn", "total_mxn")
# (field, width, kind): kind picks the filter and the formatter
COLUMNS = (
    ("fiscal_year", 90, "year"), ("state_name", 140, "text"), ("municipality_name", 160, "text"),
    ("locality_name", 160, "text"), ("project_name", 280, "text"), ("project_type", 180, "text"),
    ("project_category", 190, "text"),
    *((field, 130, "money") for field in MONEY),
    ("club_name", 190, "text"), ("club_us_state", 140, "text"), ("beneficiaries", 120, "number"),
    ("is_synthetic", 110, "flag"), ("split_flag", 200, "text"), ("cvegeo", 110, "text"),
    ("cvegeo_loc", 120, "text"), ("project_id", 130, "text"), ("source_file", 170, "text"),
    ("source_row", 90, "number"), ("match_method", 130, "text"),
)

_TEXT_FILTER = {"filter": "agTextColumnFilter", "filterParams": {
    "filterOptions": ["contains", "notContains", "equals", "startsWith", "endsWith", "blank", "notBlank"],
    "maxNumConditions": 2, "buttons": ["reset"], "debounceMs": 400}}
_NUMBER_FILTER = {"filter": "agNumberColumnFilter", "filterParams": {
    "filterOptions": ["equals", "notEqual", "greaterThan", "greaterThanOrEqual", "lessThan", "lessThanOrEqual",
                      "inRange", "blank", "notBlank"], "maxNumConditions": 2, "buttons": ["reset"], "debounceMs": 400}}


def _column(field: str, width: int, kind: str, lang: str) -> dict:
    col = {"field": field, "headerName": t(f"proyectos.col.{field}", lang), "width": width, "colId": field,
           "headerTooltip": t(f"proyectos.col.{field}", lang)}
    if kind == "money":
        col.update(_NUMBER_FILTER, type="rightAligned", cellDataType="number",
                   valueFormatter={"function": f"mx3x1Money(params.value, '{lang}')"})
    elif kind in ("number", "year"):
        col.update(_NUMBER_FILTER, type="rightAligned", cellDataType="number",
                   valueFormatter={"function": f"mx3x1Number(params.value, '{lang}')" if kind == "number"
                                   else "params.value == null ? '—' : String(params.value)"})
    elif kind == "flag":
        col.update(filter=False, cellDataType="text", valueFormatter={"function": "mx3x1YesNo(params.value)"})
    else:
        col.update(_TEXT_FILTER, cellDataType="text", valueFormatter={"function": "mx3x1Text(params.value)"})
    return col


def column_defs(lang: str, pesos: str) -> list[dict]:
    """Column definitions in `lang`; the five contributions grouped under one heading naming `pesos`."""
    defs: list[dict] = []
    money: list[dict] = []
    for field, width, kind in COLUMNS:
        col = _column(field, width, kind, lang)
        if kind == "money":
            money.append(col)
            if field == MONEY[-1]:
                defs.append({"headerName": t("proyectos.money_group", lang, pesos=pesos), "children": money})
        else:
            defs.append(col)
    return defs


# AG Grid's own texts (its localeText keys), from the catalogue's `grid.*`. Sent in Spanish only: the
# English entries are the grid's built-in texts, which it shows when none are given.
GRID_TEXTS = ("page", "more", "to", "of", "next", "last", "first", "previous", "loadingOoo", "noRowsToShow",
              "filterOoo", "equals", "notEqual", "blank", "notBlank", "lessThan", "greaterThan", "lessThanOrEqual",
              "greaterThanOrEqual", "inRange", "inRangeStart", "inRangeEnd", "contains", "notContains", "startsWith",
              "endsWith", "andCondition", "orCondition", "applyFilter", "resetFilter", "clearFilter", "cancelFilter",
              "sortAscending", "sortDescending", "sortUnSort", "pinColumn", "autosizeThisColumn", "resetColumns",
              "columnFilter", "ariaFilterInput", "ariaFilterValue", "ariaPageSizeSelectorLabel",
              "pageSizeSelectorLabel", "pageLastRowUnknown", "ariaFilterColumnsInput", "ariaSortableColumn",
              "ariaMenuColumn", "loadingError")


def grid_options(lang: str) -> dict:
    """Infinite row model with pages of PAGE_SIZE rows, cached a few pages at a time."""
    options = {"pagination": True, "paginationPageSize": PAGE_SIZE, "paginationPageSizeSelector": False,
               "cacheBlockSize": PAGE_SIZE, "maxBlocksInCache": 20, "infiniteInitialRowCount": PAGE_SIZE,
               "enableCellTextSelection": True, "ensureDomOrder": True, "tooltipShowDelay": 300,
               "suppressMultiSort": False}
    if lang != "en":
        options["localeText"] = {key: t(f"grid.{key}", lang) for key in GRID_TEXTS}
    return options


def pesos_text(snapshot, filters: Filters, lang: str) -> str:
    """'pesos constantes de 2018' or 'pesos corrientes'."""
    return t(f"pesos.{filters.pesos}", lang, base=snapshot.info.get("constant_pesos_base_year", ""))


def _labelled(label: str, control, control_id: str) -> html.Div:
    return html.Div([html.Label(label, htmlFor=control_id, id=control_id + "-label"), control],
                    className="control", role="group", **{"aria-labelledby": control_id + "-label"})


def controls(snapshot, filters: Filters, lang: str) -> html.Div:
    """Years, state, project type and pesos: the Filters the table shares with the map and the API."""
    states = snapshot["states"].sort_values("state_name")
    base = snapshot.info.get("constant_pesos_base_year", "")
    return html.Div(className="panel projects-controls", children=[
        _labelled(t("proyectos.years", lang), dcc.RangeSlider(
            id=ids.PROJECTS_YEARS, min=PROGRAM_YEARS[0], max=PROGRAM_YEARS[1], step=1, value=list(filters.years),
            marks={y: str(y) for y in range(PROGRAM_YEARS[0], PROGRAM_YEARS[1] + 1, 3)}), ids.PROJECTS_YEARS),
        _labelled(t("filter.state", lang), dcc.Dropdown(
            id=ids.PROJECTS_STATE, value=filters.state or "", clearable=False,
            options=[{"label": t("filter.all_states", lang), "value": ""}] + [
                {"label": str(n), "value": str(k)} for k, n in zip(states["cve_ent"], states["state_name"])]),
            ids.PROJECTS_STATE),
        _labelled(t("filter.category", lang), dcc.Dropdown(
            id=ids.PROJECTS_CATEGORY, value=filters.category or "", clearable=False,
            options=category_options(lang, t("filter.all", lang))), ids.PROJECTS_CATEGORY),
        _labelled(t("filter.pesos", lang), dcc.RadioItems(
            id=ids.PROJECTS_PESOS, value=filters.pesos,
            options=[{"label": t(f"proyectos.pesos_option.{p}", lang, base=base), "value": p}
                     for p in ("constant", "current")]),
            ids.PROJECTS_PESOS),
    ])
