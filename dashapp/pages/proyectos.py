"""Projects, `/proyectos`: the 3x1 projects table (sort, filter, pages) and its exports.

The grid uses AG Grid's infinite row model: the server answers each block of rows (see
`queries/project_table.py`), so the page stays light with tens of thousands of projects. The
downloads hold exactly the rows the table shows (page filters + column filters, same order), with
`is_synthetic` and the provenance columns. Cell values are plain text (no HTML renderers).
"""
from __future__ import annotations

import json

from urllib.parse import parse_qs

import dash
import dash_ag_grid as dag
from dash import Input, Output, State, callback, ctx, dcc, html, no_update

from dashapp import ids
from dashapp.answers import answers, remembered
from dashapp.filters import Filters
from dashapp.i18n import fmt_money, lang_of, t, tab_title
from dashapp.pages._projects_grid import column_defs, controls, grid_options, pesos_text
from dashapp.queries.project_table import grid_rows, table_rows
from dashapp.queries.projects import selected_projects
from dashapp.store import current_snapshot

dash.register_page(__name__, path="/proyectos", title=tab_title("nav.projects"), name="Proyectos")


def _query(search: str | None) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs((search or "").lstrip("?")).items()}


def _only(snapshot, filters: Filters, lang: str):
    """When `sel` narrows the table to one municipality: say so, with a link back to all."""
    if not filters.selected or filters.selected not in snapshot.municipality_index.index:
        return None
    name = snapshot.municipality_index.at[filters.selected, "municipality_name"]
    back = "/proyectos" + filters.with_(selected=None).to_query(lang="en" if lang == "en" else None)
    return html.P([t("proyectos.only", lang, name=str(name), cvegeo=filters.selected), " ",
                   dcc.Link(t("proyectos.show_all", lang), href=back)], className="projects-only")


def layout(lang: str | None = None, **query: str):
    lang = lang_of(lang)
    filters = Filters.lenient(query)
    try:
        snapshot = current_snapshot()
    except FileNotFoundError:
        return html.Div(t("store.missing", lang), className="empty-state")
    here = "?lang=en" if lang == "en" else ""
    header = [html.H1(t("proyectos.title", lang)), html.P(t("proyectos.intro", lang))]
    if snapshot.has_synthetic_projects:
        header.append(html.P(t("proyectos.demo", lang), className="demo-note", role="note"))
    if not len(snapshot["projects"]):
        return html.Div(header + [html.P([t("proyectos.empty_store", lang), " ",
                                          html.A(t("proyectos.how_to_load", lang), href="/datos" + here + "#cargar")],
                                         className="empty-state")], className="projects-page", lang=lang)
    selected = selected_projects(snapshot, filters)
    total = selected["total_mxn"].astype("float64").sum() if len(selected) else 0.0
    pesos = pesos_text(snapshot, filters, lang)
    api_query = filters.to_query()
    body = [html.P(t("proyectos.none", lang), className="empty-state")] if selected.empty else [
        html.Div(className="projects-exports no-print", children=[
            html.Button(t("proyectos.csv", lang), id=ids.PROJECTS_CSV_BUTTON, className="projects-button"),
            html.Button(t("proyectos.geojson", lang), id=ids.PROJECTS_GEOJSON_BUTTON, className="projects-button"),
            dcc.Download(id=ids.PROJECTS_DOWNLOAD),
            html.P(t("proyectos.downloads", lang), className="projects-hint"),
            html.P([t("proyectos.api", lang), " ", html.A("CSV", href="/api/proyectos.csv" + api_query), " · ",
                    html.A("GeoJSON", href="/api/proyectos.geojson" + api_query)], className="projects-hint"),
            html.P(id=ids.PROJECTS_FILTER_NOTE, className="projects-hint", role="status"),
        ]),
        dag.AgGrid(id=ids.PROJECTS_GRID, rowModelType="infinite", columnDefs=column_defs(lang, pesos),
                   defaultColDef={"sortable": True, "resizable": True, "minWidth": 90},
                   dashGridOptions=grid_options(lang), className="projects-grid ag-theme-quartz",
                   style={"height": "70vh", "minHeight": "420px"}),
    ]
    return html.Div(className="projects-page", lang=lang, children=header + [
        controls(snapshot, filters, lang),
        _only(snapshot, filters, lang),
        html.P(t("proyectos.count", lang, count=len(selected), total=fmt_money(total, lang),
                 pesos=pesos), id=ids.PROJECTS_COUNT, role="status"),
        *body,
    ])


@callback(
    Output(ids.URL, "search", allow_duplicate=True),
    Input(ids.PROJECTS_YEARS, "value"), Input(ids.PROJECTS_STATE, "value"), Input(ids.PROJECTS_CATEGORY, "value"),
    Input(ids.PROJECTS_PESOS, "value"),
    State(ids.URL, "search"),
    prevent_initial_call=True,
)
def controls_to_url(years, state, category, pesos, search):
    """The controls write the query string; the page re-renders from it."""
    query = _query(search)
    span = f"{int(years[0])}-{int(years[1])}" if years and len(years) == 2 else None
    filters = Filters.lenient({**query, "anio": span, "estado": state, "tipo": category, "pesos": pesos})
    if filters == Filters.lenient(query):
        return no_update  # a control re-announcing its value after a render
    return filters.to_query(lang="en" if lang_of(query.get("lang")) == "en" else None) or "?"


@callback(
    Output(ids.PROJECTS_GRID, "getRowsResponse"),
    Input(ids.PROJECTS_GRID, "getRowsRequest"),
    State(ids.URL, "search"),
    prevent_initial_call=True,
)
def rows_for_grid(request, search):
    """One block of rows for the grid (server-side filter, sort and paging)."""
    if not request:
        return no_update
    snapshot, filters = current_snapshot(), Filters.lenient(_query(search))
    key = ("grid", filters, json.dumps(request, sort_keys=True, default=str))  # the first block comes back often
    return remembered(answers, snapshot, key, lambda: grid_rows(snapshot, filters, request))


@callback(
    Output(ids.PROJECTS_FILTER_NOTE, "children"),
    Input(ids.PROJECTS_GRID, "filterModel"),
    State(ids.URL, "search"),
    prevent_initial_call=True,
)
def filter_note(model, search):
    """Say when column filters make the table narrower than the API links."""
    return t("proyectos.filter_note", lang_of(_query(search).get("lang"))) if model else ""


@callback(
    Output(ids.PROJECTS_DOWNLOAD, "data"),
    Input(ids.PROJECTS_CSV_BUTTON, "n_clicks"), Input(ids.PROJECTS_GEOJSON_BUTTON, "n_clicks"),
    State(ids.PROJECTS_GRID, "getRowsRequest"), State(ids.URL, "search"),
    prevent_initial_call=True,
)
def download(_csv, _geojson, request, search):
    """CSV or GeoJSON of exactly the table's rows (all columns, the grid's filters and order)."""
    return export("geojson" if ctx.triggered_id == ids.PROJECTS_GEOJSON_BUTTON else "csv", request, search)


def export(kind: str, request: dict | None, search: str | None) -> dict:
    """The dcc.Download payload of the rows the grid shows for `request`, written as the API writes them."""
    from dashapp import api_exports as ex

    snapshot = current_snapshot()
    query = _query(search)
    filters, lang = Filters.lenient(query), lang_of(query.get("lang"))
    request = request or {}
    rows = table_rows(snapshot, filters, request.get("filterModel"), request.get("sortModel"))
    name = ex.filename("proyectos", filters, kind, ex.synthetic_count(rows) > 0)
    if kind == "geojson":
        return dcc.send_string(ex.to_geojson(snapshot, rows, filters, lang), name, type="application/geo+json")
    return dcc.send_string("\ufeff" + ex.to_csv(rows), name, type="text/csv")
