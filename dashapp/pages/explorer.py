"""The explorer, `/`: the national map of need, 3x1 investment and crisis, with its table twin.

Geometry reaches the browser once, as static files from `/layers/<version>/` (geodata/layers.py: the national
band as pixel rings, the rest geobuf).
Every later change restyles those features: the server answers with values in feature order
(classes, radii; a few KB, never polygons) and `assets/map.js` colours, sizes and outlines them.
The page state lives in the query string; it is written with history.replaceState so the page is
never re-rendered (a `dcc.Location` change would make Dash pages rebuild the whole layout).
"""
from __future__ import annotations

import dash
from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, dcc, html, no_update

from dashapp import ids
from dashapp.answers import answers, remembered
from dashapp.browser_contract import CONTROL_IDS, CRISIS_GROUPS, STATE_VIEW_ZOOM, legend_class
from dashapp.filters import Filters
from dashapp.i18n import lang_of, t, tab_title
from dashapp.pages._explorer_map import MEXICO, MapStart, box_data, explorer_map, filters_from, overlays_of, \
    page_query, parse_overlays, parse_view
from dashapp.pages._explorer_panel import panel
from dashapp.pages._explorer_view import SORTS, class_labels, control_values, controls, layer_title, legend, \
    summary_strip, table, year_options
from dashapp.queries.coverage import coverage_note, crisis_coverage
from dashapp.queries.explorer import CIRCLE_COLOURS, LAYERS, crisis_codes, localities_geojson, nearest_state, \
    layer_years, need_style, parse_layer
from dashapp.queries.explorer_money import money_style, summary, table_frame
from dashapp.static_layers import layer_url
from dashapp.store import current_snapshot

dash.register_page(__name__, path="/", title=tab_title(), name="Mapa")

STATE_ZOOM = STATE_VIEW_ZOOM  # from this zoom on, the state under the map centre is drawn from its finer file
TABLE_ROWS, TABLE_CAP = 25, 600
# The filter controls are rendered after the map's first paint (`fill_controls`): the map is drawn
# about 30 ms sooner, and Dash's dropdown and slider chunks load after it. So no callback reads a
# control: the controls write their values into stores (EX_FILTERS, by the keys of browser_contract.CONTROLS;
# EX_SHOWN; EX_PICKED_STATE) that the layout fills from the address, and every callback reads those. A
# callback with an input missing from the page would fail in Dash.


def layout(lang: str | None = None, **query: str) -> html.Div:
    lang = lang_of(lang)
    try:
        snapshot = current_snapshot()
    except FileNotFoundError:
        return html.Div(html.P(t("store.missing", lang), className="empty-state"))
    filters = Filters.lenient(query)
    layer, year = parse_layer(snapshot, filters.layer)
    overlays = parse_overlays(query.get("ver"))
    sort = query.get("orden") if query.get("orden") in SORTS else "need"
    view = parse_view(query.get("vista"))
    if view is None and filters.selected in snapshot.municipality_index.index:
        row = snapshot.municipality_index.loc[filters.selected]
        view = (float(row["centroid_lat"]), float(row["centroid_lon"]), 9)
    view = view or MEXICO
    # The first view is rendered here, not by the callbacks below (they only answer changes): the map
    # gets its colours with the layout (box_data: data-first) and draws as soon as it exists, with no
    # round trip first. ex-data stays empty until a filter changes.
    data = remembered_restyle(snapshot, filters, lang)
    focus, state_url, states_url = focus_outputs(snapshot, view[2], view[0], view[1], filters.state)
    side, detail_url, _, points, no_selection = panel_outputs(snapshot, filters, filters.selected, overlays, lang)
    start = MapStart(view=view, state_url=state_url, states_url=states_url, detail_url=detail_url,
                     localities=points)
    return html.Div(className="ex-page", lang=lang, children=[
        dcc.Store(id=ids.EX_DATA), dcc.Store(id=ids.EX_FOCUS, data=focus or ""), dcc.Store(id=ids.EX_QUERY),
        dcc.Store(id=ids.EX_MUN),  # a municipality clicked on the national layer or picked in the table
        dcc.Store(id=ids.EX_LANG, data=lang), dcc.Store(id=ids.EX_PAINTED),
        dcc.Store(id=ids.EX_SELECTION, data={"cvegeo": filters.selected, "fly": False}),
        dcc.Store(id=ids.EX_FILTERS, data=control_values(filters, layer, year)),
        dcc.Store(id=ids.EX_SHOWN, data=list(overlays)), dcc.Store(id=ids.EX_PICKED_STATE, data=filters.state or ""),
        dcc.Store(id=ids.EX_TABLE_DATA),  # the table twin's rows, drawn by map.js
        html.H1(t("explorer.title", lang)),
        html.P(t("explorer.intro", lang), className="ex-intro"),
        html.Div(id=ids.EX_SUMMARY, className="ex-summary", role="status"),  # drawn by map.js from EX_DATA
        html.Div(className="ex-grid", children=[
            html.Div(id=ids.EX_CONTROLS, className="ex-controls-box"),
            html.Div(className="ex-map-col", children=[
                html.Div(explorer_map(start, lang), className="ex-map", role="region",
                         **{"aria-label": t("explorer.map_label", lang), "data-loading": t("explorer.map_loading", lang),
                            **box_data(snapshot.version, start, {"data": data, "overlays": overlays, "focus": focus})}),
                html.P(t("explorer.map_help", lang), className="ex-unit"),
                html.Div(id=ids.EX_LEGEND_WRAP, className=legend_class(overlays), role="region",
                         **{"aria-label": t("explorer.legend", lang)},
                         children=html.Div(id=ids.EX_LEGEND)),  # drawn by map.js from the payload's legend
            ]),
            html.Aside(className="ex-panel panel", children=[
                html.Button(t("explorer.panel.close", lang), id=ids.EX_PANEL_CLOSE, className="ex-close", n_clicks=0,
                            hidden=no_selection),
                html.Div(side, id=ids.EX_PANEL, className="ex-busy", **{"aria-live": "polite"})]),
        ]),
        html.Section(className="ex-table-section", children=[
            html.H2(t("explorer.table", lang)),
            html.Div([html.Label(t("explorer.table.sort", lang), htmlFor=ids.EX_TABLE_SORT,
                                 id=ids.EX_TABLE_SORT + "-label"),
                      dcc.RadioItems(id=ids.EX_TABLE_SORT, value=sort, inline=True, options=[
                          {"label": t(f"explorer.sort.{s}", lang), "value": s} for s in SORTS])],
                     className="control", role="group", **{"aria-labelledby": ids.EX_TABLE_SORT + "-label"}),
            html.Div(id=ids.EX_TABLE, className="ex-table-wrap ex-busy", tabIndex="0", role="region",
                     **{"aria-label": t("explorer.table", lang)}),
            html.Button(id=ids.EX_TABLE_MORE, n_clicks=0, className="ex-more", **{"aria-pressed": "false"}),
        ]),
    ])


@callback(Output(ids.EX_LAYER_YEAR, "options"), Output(ids.EX_LAYER_YEAR, "value"),
          Input(ids.EX_LAYER, "value"), State(ids.EX_LAYER_YEAR, "value"), State(ids.EX_LANG, "data"),
          prevent_initial_call=True)
def layer_year_options(indicator, year, lang):
    """The years of the chosen layer that the store has; the chosen year if it has it, else the latest."""
    snapshot = current_snapshot()
    layer, _ = parse_layer(snapshot, indicator if indicator in LAYERS else None)
    layer, year = parse_layer(snapshot, f"{layer.indicator_id}:{year}")
    return year_options(layer, layer_years(snapshot, layer), lang_of(lang)), year


def restyle_outputs(snapshot, filters: Filters, lang: str) -> dict:
    """The restyle payload for the map: values in feature order, with the texts of its legend and of
    the summary strip (assets/map.js draws both)."""
    layer, year = parse_layer(snapshot, filters.layer)
    need = need_style(snapshot, layer, year)
    money = money_style(snapshot, filters)
    base = snapshot.info.get("constant_pesos_base_year", "2018")
    return {"need": {**{k: need[k] for k in ("k", "v", "pal", "nd", "digits")}, "kind": layer.kind,
                     "title": layer_title(layer, year, lang), "labels": class_labels(layer, lang)},
            "crisis": crisis_codes(snapshot, filters),
            "crisisNames": {str(g.bit): t(f"phenomenon_group.{g.group}", lang) for g in CRISIS_GROUPS},  # by bit
            "money": {**{k: money[k] for k in ("m", "max", "rmax", "rmin")},
                      "perPerson": filters.money_mode == "per_capita", "colour": CIRCLE_COLOURS[layer.scheme]},
            "lang": lang, "nodata": t("nodata", lang),
            "legend": legend(layer, year, need["counts"], money, filters, base, lang,
                             coverage_note(crisis_coverage(snapshot, filters), lang)),
            "summary": summary_strip(summary(snapshot, filters), filters, base, bool(len(snapshot["projects"])), lang)}


@callback(Output(ids.EX_CONTROLS, "children"), Input(ids.EX_PAINTED, "data"), State(ids.EX_FILTERS, "data"),
          State(ids.EX_SHOWN, "data"), State(ids.EX_LANG, "data"), prevent_initial_call=True)
def fill_controls(_painted, values, shown, lang):
    """The filter controls, showing the stores' values, once the map is painted (assets/map.js)."""
    snapshot, filters, overlays, lang = current_snapshot(), filters_from(values), overlays_of(shown), lang_of(lang)
    layer, year = parse_layer(snapshot, filters.layer)
    return remembered(answers, snapshot, ("controls", filters, tuple(overlays), lang),
                      lambda: controls(snapshot, filters, layer, year, overlays, lang))


# The controls -> the stores the other callbacks read. Dash also calls these when the controls first
# appear (their stores are not inserted with them); the controls then echo the stores, which stay as
# they are (assets/map.js), so no callback runs twice.
clientside_callback(ClientsideFunction("mapa3x1", "values"), Output(ids.EX_FILTERS, "data"),
                    *[Input(control, "value") for control in CONTROL_IDS], State(ids.EX_FILTERS, "data"),
                    prevent_initial_call=True)
clientside_callback(ClientsideFunction("mapa3x1", "value"), Output(ids.EX_SHOWN, "data"),
                    Input(ids.EX_OVERLAYS, "value"), State(ids.EX_SHOWN, "data"), prevent_initial_call=True)
clientside_callback(ClientsideFunction("mapa3x1", "value"), Output(ids.EX_PICKED_STATE, "data"),
                    Input(ids.EX_STATE, "value"), State(ids.EX_PICKED_STATE, "data"), prevent_initial_call=True)


@callback(Output(ids.EX_DATA, "data"), Input(ids.EX_FILTERS, "data"), State(ids.EX_LANG, "data"),
          prevent_initial_call=True)
def restyle(values, lang):
    snapshot, filters, lang = current_snapshot(), filters_from(values), lang_of(lang)
    return remembered_restyle(snapshot, filters, lang)


def remembered_restyle(snapshot, filters: Filters, lang: str) -> dict:
    """restyle_outputs, once per store and filters: the same few combinations come back again and
    again, and the first view of an address already computed its own."""
    return remembered(answers, snapshot, ("restyle", filters, lang), lambda: restyle_outputs(snapshot, filters, lang))


@callback(Output(ids.EX_TABLE_DATA, "data"), Output(ids.EX_TABLE_MORE, "children"),
          Output(ids.EX_TABLE_MORE, "aria-pressed"),
          Input(ids.EX_FILTERS, "data"), Input(ids.EX_TABLE_SORT, "value"), Input(ids.EX_TABLE_MORE, "n_clicks"),
          Input(ids.EX_PAINTED, "data"), State(ids.EX_LANG, "data"), prevent_initial_call=True)
def table_twin(values, sort, clicks, _painted, lang):
    """The table under the map: the first rows, or all (capped without a state filter).

    It is first asked for once the map is painted (assets/map.js sets EX_PAINTED), so building it
    never delays the map."""
    lang, snapshot, filters = lang_of(lang), current_snapshot(), filters_from(values)
    sort = sort if sort in SORTS else "need"
    show_all = bool(clicks) and clicks % 2 == 1
    return remembered(answers, snapshot, ("table", filters, sort, show_all, lang),
                      lambda: _table_outputs(snapshot, filters, sort, show_all, lang))


def _table_outputs(snapshot, filters: Filters, sort: str, show_all: bool, lang: str):
    layer, year = parse_layer(snapshot, filters.layer)
    frame = table_frame(snapshot, filters, layer, year, sort)
    limit = TABLE_CAP if show_all else TABLE_ROWS
    out = table(frame, layer, year, filters, sort, limit, lang)
    if show_all and len(frame) > TABLE_CAP:
        out["note"] = t("explorer.table.capped", lang, shown=TABLE_CAP, n=len(frame))
    label = t("explorer.table.less", lang, n=TABLE_ROWS) if show_all else t("explorer.table.more", lang, n=len(frame))
    return out, label, "true" if show_all else "false"


def focus_outputs(snapshot, zoom, lat, lon, state: str | None) -> tuple[str | None, str | None, str]:
    """Which state gets its finer file (the state filter, or the state under the map centre when zoomed
    in), that file's URL and the URL of the state outlines at this zoom."""
    detailed = (zoom or 0) >= STATE_ZOOM
    focus = state or (nearest_state(snapshot, float(lat), float(lon)) if detailed else None)
    states = layer_url(snapshot.version, "states_state.pbf" if detailed else "states_national.pbf")
    municipal = layer_url(snapshot.version, f"mun_state/{focus}.pbf") if focus else None
    return focus, municipal, states


@callback(Output(ids.EX_FOCUS, "data"), Output(ids.EX_MUN_STATE, "url"), Output(ids.EX_STATES, "url"),
          Input(ids.EX_MAP, "zoom"), Input(ids.EX_MAP, "center"), Input(ids.EX_PICKED_STATE, "data"),
          State(ids.EX_FOCUS, "data"), prevent_initial_call=True)
def focus_state(zoom, center, state, current):
    if isinstance(center, dict):
        lat, lon = center.get("lat"), center.get("lng")
    else:
        lat, lon = (center or MEXICO[:2])[:2]
    state = Filters.lenient({"estado": state}).state
    focus, municipal, states = focus_outputs(current_snapshot(), zoom, lat, lon, state)
    # an unchanged focus is not written again: that would restyle every polygon for nothing. No focus
    # is "", not None: a dcc.Store mounted with None writes itself once, which would run `apply`.
    return (no_update if (focus or "") == (current or "") else (focus or "")), municipal, states


@callback(Output(ids.EX_MAP, "viewport"), Input(ids.EX_PICKED_STATE, "data"), Input(ids.EX_SELECTION, "data"),
          prevent_initial_call=True)
def move_map(state, selection):
    """Fit the chosen state, or fly to a municipality chosen in the table."""
    snapshot = current_snapshot()
    munis = snapshot["municipalities"]
    if dash.ctx.triggered_id == ids.EX_PICKED_STATE:
        state = Filters.lenient({"estado": state}).state
        rows = munis[munis["cve_ent"] == state] if state else munis
        pad = 0.4
        return {"bounds": [[float(rows["centroid_lat"].min()) - pad, float(rows["centroid_lon"].min()) - pad],
                           [float(rows["centroid_lat"].max()) + pad, float(rows["centroid_lon"].max()) + pad]],
                "transition": "flyToBounds"}
    cvegeo = (selection or {}).get("cvegeo")
    if not (selection or {}).get("fly") or cvegeo not in snapshot.municipality_index.index:
        return no_update
    row = snapshot.municipality_index.loc[cvegeo]
    return {"center": [float(row["centroid_lat"]), float(row["centroid_lon"])], "zoom": 9, "transition": "flyTo"}


@callback(Output(ids.EX_PANEL, "children"), Output(ids.EX_DETAIL, "url"), Output(ids.EX_DETAIL + "-halo", "url"),
          Output(ids.EX_LOCALITIES, "data"),
          Output(ids.EX_PANEL_CLOSE, "hidden"),
          Input(ids.EX_SELECTION, "data"), Input(ids.EX_SHOWN, "data"), Input(ids.EX_FILTERS, "data"),
          State(ids.EX_LANG, "data"), prevent_initial_call=True)
def side_panel(selection, shown, values, lang):
    return panel_outputs(current_snapshot(), filters_from(values), (selection or {}).get("cvegeo"), overlays_of(shown),
                         lang_of(lang))


def panel_outputs(snapshot, filters: Filters, cvegeo: str | None, overlays, lang: str):
    """The chosen municipality's figures, its outline in local detail and its project localities."""
    if cvegeo not in snapshot.municipality_index.index:
        cvegeo = None
    points = localities_geojson(snapshot, filters, cvegeo) if "loc" in (overlays or []) else \
        {"type": "FeatureCollection", "features": []}
    detail = layer_url(snapshot.version, f"mun_local/{cvegeo}.pbf") if cvegeo else None
    return panel(snapshot, cvegeo, filters, lang), detail, detail, points, cvegeo is None


@callback(Output(ids.EX_QUERY, "data"), Input(ids.EX_FILTERS, "data"), Input(ids.EX_SHOWN, "data"),
          Input(ids.EX_SELECTION, "data"), Input(ids.EX_MAP, "center"), Input(ids.EX_MAP, "zoom"),
          Input(ids.EX_TABLE_SORT, "value"), State(ids.EX_LANG, "data"), prevent_initial_call=True)
def query_string(values, shown, selection, center, zoom, sort, lang):
    """The query string of the current view (filters, layer, overlays, selection, map view)."""
    filters = filters_from(values, selected=(selection or {}).get("cvegeo"))
    return page_query(filters, overlays_of(shown), center, zoom, sort, lang)


clientside_callback(ClientsideFunction("mapa3x1", "apply"), Output(ids.EX_MUN_STATE, "hideout"),
                    Output(ids.EX_CIRCLES, "hideout"), Output(ids.EX_LEGEND_WRAP, "className"),
                    Input(ids.EX_DATA, "data"), Input(ids.EX_SHOWN, "data"), Input(ids.EX_FOCUS, "data"),
                    prevent_initial_call=True)  # the first view came with the map (national_layer.js)
clientside_callback(ClientsideFunction("mapa3x1", "select"), Output(ids.EX_SELECTION, "data"),
                    Input(ids.EX_MUN, "data"), Input(ids.EX_MUN_STATE, "clickData"),
                    Input(ids.EX_CIRCLES, "clickData"), Input(ids.EX_PANEL_CLOSE, "n_clicks"), prevent_initial_call=True)
clientside_callback(ClientsideFunction("mapa3x1", "table"), Input(ids.EX_TABLE_DATA, "data"), prevent_initial_call=True)
clientside_callback(ClientsideFunction("mapa3x1", "writeUrl"), Input(ids.EX_QUERY, "data"), prevent_initial_call=True)
