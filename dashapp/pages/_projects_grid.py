"""The controls and the AG Grid of `/proyectos`: columns, formatters (assets/pages.js), Spanish grid texts.

Not a page module (the leading underscore keeps Dash from registering it). No column uses an
HTML cell renderer: names typed by people are shown as text.
"""
from __future__ import annotations

from dash import dcc, html

from dashapp import ids
from dashapp.filters import PROGRAM_YEARS, Filters
from dashapp.i18n import register, t
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

register({
    "proyectos.col.fiscal_year": {"es": "Año", "en": "Year"},
    "proyectos.col.state_name": {"es": "Estado", "en": "State"},
    "proyectos.col.municipality_name": {"es": "Municipio", "en": "Municipality"},
    "proyectos.col.locality_name": {"es": "Localidad", "en": "Locality"},
    "proyectos.col.project_name": {"es": "Proyecto", "en": "Project"},
    "proyectos.col.project_type": {"es": "Tipo", "en": "Type"},
    "proyectos.col.project_category": {"es": "Categoría", "en": "Category"},
    "proyectos.col.federal_mxn": {"es": "Federal", "en": "Federal"},
    "proyectos.col.state_mxn": {"es": "Estatal", "en": "State gov."},
    "proyectos.col.municipal_mxn": {"es": "Municipal", "en": "Municipal"},
    "proyectos.col.migrant_mxn": {"es": "Migrantes", "en": "Migrants"},
    "proyectos.col.total_mxn": {"es": "Total", "en": "Total"},
    "proyectos.col.club_name": {"es": "Club de migrantes", "en": "Migrant club"},
    "proyectos.col.club_us_state": {"es": "Estado del club (EUA)", "en": "Club's US state"},
    "proyectos.col.beneficiaries": {"es": "Beneficiarios", "en": "Beneficiaries"},
    "proyectos.col.is_synthetic": {"es": "Sintético", "en": "Synthetic"},
    "proyectos.col.split_flag": {"es": "Reparto fuera de regla", "en": "Off-rule split"},
    "proyectos.col.cvegeo": {"es": "Clave municipio", "en": "Municipality key"},
    "proyectos.col.cvegeo_loc": {"es": "Clave localidad", "en": "Locality key"},
    "proyectos.col.project_id": {"es": "Id", "en": "Id"},
    "proyectos.col.source_file": {"es": "Archivo de origen", "en": "Source file"},
    "proyectos.col.source_row": {"es": "Fila de origen", "en": "Source row"},
    "proyectos.col.match_method": {"es": "Cómo se ubicó", "en": "How it was placed"},
    "proyectos.money_group": {"es": "Aportaciones ({pesos})", "en": "Contributions ({pesos})"},
    "proyectos.years": {"es": "Años", "en": "Years"},
    "proyectos.state": {"es": "Estado", "en": "State"},
    "proyectos.category": {"es": "Tipo de proyecto", "en": "Project type"},
    "proyectos.pesos": {"es": "Pesos", "en": "Pesos"},
    "proyectos.pesos.constant": {"es": "pesos constantes de {base}", "en": "constant {base} pesos"},
    "proyectos.pesos.current": {"es": "pesos corrientes", "en": "current pesos"},
    "proyectos.pesos_option.constant": {"es": "Constantes de {base} (sin inflación)",
                                        "en": "Constant {base} pesos (inflation removed)"},
    "proyectos.pesos_option.current": {"es": "Corrientes (como se registraron)", "en": "Current (as recorded)"},
    "proyectos.all_states": {"es": "Todo el país", "en": "Whole country"},
    "proyectos.all": {"es": "Todos", "en": "All"},
})

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
        col.update(filter=False, cellDataType="text", valueFormatter={"function": f"mx3x1YesNo(params.value, '{lang}')"})
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


LOCALE_ES = {
    "page": "Página", "more": "más", "to": "a", "of": "de", "next": "Siguiente", "last": "Última",
    "first": "Primera", "previous": "Anterior", "loadingOoo": "Cargando…", "noRowsToShow": "Sin filas",
    "filterOoo": "Filtrar…", "equals": "Igual a", "notEqual": "Distinto de", "blank": "Vacío",
    "notBlank": "No vacío", "lessThan": "Menor que", "greaterThan": "Mayor que",
    "lessThanOrEqual": "Menor o igual que", "greaterThanOrEqual": "Mayor o igual que", "inRange": "Entre",
    "inRangeStart": "Desde", "inRangeEnd": "Hasta", "contains": "Contiene", "notContains": "No contiene",
    "startsWith": "Empieza con", "endsWith": "Termina con", "andCondition": "Y", "orCondition": "O",
    "applyFilter": "Aplicar", "resetFilter": "Quitar filtro", "clearFilter": "Limpiar", "cancelFilter": "Cancelar",
    "sortAscending": "Orden ascendente", "sortDescending": "Orden descendente", "sortUnSort": "Quitar orden",
    "pinColumn": "Fijar columna", "autosizeThisColumn": "Ajustar esta columna", "resetColumns": "Restablecer columnas",
    "columnFilter": "Filtro de columna", "ariaFilterInput": "Texto del filtro", "ariaFilterValue": "Valor del filtro",
    "ariaPageSizeSelectorLabel": "Filas por página", "pageSizeSelectorLabel": "Filas por página:",
    "pageLastRowUnknown": "?", "ariaFilterColumnsInput": "Filtrar columnas",
    "ariaSortableColumn": "Pulsa ENTER para ordenar",
    "ariaMenuColumn": "Pulsa ALT ABAJO para abrir el menú de la columna", "loadingError": "Error al cargar",
}


def grid_options(lang: str) -> dict:
    """Infinite row model with pages of PAGE_SIZE rows, cached a few pages at a time."""
    options = {"pagination": True, "paginationPageSize": PAGE_SIZE, "paginationPageSizeSelector": False,
               "cacheBlockSize": PAGE_SIZE, "maxBlocksInCache": 20, "infiniteInitialRowCount": PAGE_SIZE,
               "enableCellTextSelection": True, "ensureDomOrder": True, "tooltipShowDelay": 300,
               "suppressMultiSort": False}
    if lang != "en":
        options["localeText"] = LOCALE_ES
    return options


def pesos_text(snapshot, filters: Filters, lang: str) -> str:
    """'pesos constantes de 2018' or 'pesos corrientes'."""
    return t(f"proyectos.pesos.{filters.pesos}", lang, base=snapshot.info.get("constant_pesos_base_year", ""))


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
        _labelled(t("proyectos.state", lang), dcc.Dropdown(
            id=ids.PROJECTS_STATE, value=filters.state or "", clearable=False,
            options=[{"label": t("proyectos.all_states", lang), "value": ""}] + [
                {"label": str(n), "value": str(k)} for k, n in zip(states["cve_ent"], states["state_name"])]),
            ids.PROJECTS_STATE),
        _labelled(t("proyectos.category", lang), dcc.Dropdown(
            id=ids.PROJECTS_CATEGORY, value=filters.category or "", clearable=False,
            options=category_options(lang, t("proyectos.all", lang))), ids.PROJECTS_CATEGORY),
        _labelled(t("proyectos.pesos", lang), dcc.RadioItems(
            id=ids.PROJECTS_PESOS, value=filters.pesos,
            options=[{"label": t(f"proyectos.pesos_option.{p}", lang, base=base), "value": p}
                     for p in ("constant", "current")]),
            ids.PROJECTS_PESOS),
    ])
