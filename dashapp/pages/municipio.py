"""The hometown page, `/municipio/<CVEGEO>`: one municipality's needs, projects, crises and remittances.

`?lang=en` for English, `?loc=<9-digit locality key>` points out a town found by the search box,
and the explorer's filters (`anio`, `tipo`, `pesos`, ...) narrow the projects list. An unknown or
malformed key shows a friendly not-found page with suggestions, never an error.
"""
from __future__ import annotations

from urllib.parse import unquote, urlencode

import dash
from dash import Input, Output, html

from dashapp import ids
from dashapp.filters import CRISIS_BOUNDS, PROGRAM_YEARS, Filters
from dashapp.i18n import fmt_number, lang_of, t
from dashapp.municipio_sections import (
    declarations_section,
    impacts_section,
    indicators_section,
    migration_section,
    projects_section,
    remittances_section,
    share_section,
)
from dashapp.queries import municipio as q
from dashapp.queries.coverage import crisis_coverage
from dashapp.queries.impacts import municipality_impacts, state_level_events
from dashapp.search import suggestion_block
from dashapp.store import current_snapshot

# The declarations section says which of these years the crisis sources cover (the program's first
# year to the last a source could hold).
ALL_CRISIS_YEARS = Filters(crisis_years=(PROGRAM_YEARS[0], CRISIS_BOUNDS[1]))


def page_title(cvegeo: str | None = None, lang: str | None = None, **_: object) -> str:
    """The browser tab's title: the municipality's name when the key is known."""
    try:
        found = q.municipality(current_snapshot(), cvegeo)
    except Exception:  # noqa: BLE001 - a title must never break the page; the layout reports problems
        found = None
    app = t("app.title", lang)
    return f"{found['municipality_name']}, {found['state_name']} · {app}" if found else app


dash.register_page(__name__, path_template="/municipio/<cvegeo>", title=page_title,
                   description="Needs, 3x1 projects, crises and remittances of one municipality")


def _one(value: object) -> str | None:
    """A query value as one string (a repeated parameter arrives as a list)."""
    if isinstance(value, list):
        value = value[0] if value else None
    return value if isinstance(value, str) else None


def _link(path: str, lang: str, **params: str | None) -> str:
    params = {k: v for k, v in params.items() if v}
    if lang == "en":
        params["lang"] = "en"
    return path + ("?" + urlencode(params) if params else "")


def share_url(cvegeo: str, lang: str, loc: str | None, filters: Filters) -> str:
    """The page's canonical absolute address (host of the request, clean query)."""
    from flask import has_request_context, request

    query = filters.to_query(loc=loc, lang="en" if lang == "en" else None)
    host = request.host_url.rstrip("/") if has_request_context() else ""
    return f"{host}/municipio/{cvegeo}{query}"


def not_found(key: str | None, lang: str) -> html.Div:
    """A friendly not-found page: what was wrong, suggestions from the key's words, the way back."""
    shown = unquote(key or "")[:80]
    children = [html.H1(t("notfound.title", lang)), html.P(t("notfound.bad_key", lang, code=shown)),
                html.P(t("notfound.search", lang))]
    block = suggestion_block(shown, lang, t("notfound.suggest", lang)) if not shown.isdigit() else None
    if block is not None:
        children.append(block)
    children.append(html.P(html.A(t("notfound.home", lang), href=_link("/", lang))))
    return html.Div(children, className="not-found", id=ids.MUNI_PAGE)


def _locality_card(place: dict, lang: str) -> html.Div:
    pop = t("muni.locality_pop", lang, count=place["population"]) if place["population"] else ""
    return html.Div([html.Strong(t("muni.locality", lang, name=place["locality_name"])),
                     html.Span(" · " + pop if pop else ""), html.P(t("muni.locality_in", lang))],
                    className="locality-card", role="note")


def _contents(lang: str) -> html.Nav:
    targets = (("indicadores", "muni.section.indicators"), ("proyectos", "muni.section.projects"),
               ("declaratorias", "muni.section.declarations"), ("impactos", "muni.section.impacts"),
               ("remesas", "muni.section.remittances"),
               ("migracion", "muni.section.migration"), ("compartir", "muni.section.share"))
    return html.Nav(html.Ul([html.Li(html.A(t(key, lang), href=f"#{anchor}")) for anchor, key in targets]),
                    className="muni-contents no-print", **{"aria-label": t("muni.contents", lang)})


def layout(cvegeo: str | None = None, lang: str | None = None, loc: str | None = None, **query: object):
    """The page for one municipality; tolerates any other query parameter."""
    lang = lang_of(_one(lang))
    cvegeo, loc = _one(cvegeo), _one(loc)
    try:
        snapshot = current_snapshot()
    except FileNotFoundError:
        return html.Div(html.P(t("store.missing", lang), className="empty-state"), id=ids.MUNI_PAGE)
    place = q.municipality(snapshot, cvegeo)
    if place is None:
        return not_found(cvegeo, lang)
    filters = Filters.lenient({k: v for k, v in query.items() if isinstance(v, (str, list))})
    town = q.locality(snapshot, place["cvegeo"], loc)
    projects = q.projects_here(snapshot, place["cvegeo"], filters)
    narrowed = filters.years != Filters().years or filters.category is not None
    base_year = snapshot.info.get("constant_pesos_base_year", "2018")
    header = html.Header([
        html.P(t("muni.kicker", lang), className="muni-kicker"),
        html.H1(t("muni.title", lang, name=place["municipality_name"], state=place["state_name"])),
        html.P([t("muni.population", lang, count=place["population_2020"]), " · ",
                t("muni.key", lang, code=place["cvegeo"]),
                html.Span([" · ", html.A(t("muni.see_map", lang), href=_link("/", lang, sel=place["cvegeo"]))],
                          className="no-print")],
               className="muni-facts"),
        _locality_card(town, lang) if town else None,
    ], className="muni-header")
    return html.Div([
        header,
        _contents(lang),
        indicators_section(q.headline(snapshot, place["cvegeo"]), place["state_name"], lang),
        projects_section(projects, q.projects_summary(projects), has_any=len(snapshot["projects"]) > 0,
                         pesos_note=t(f"muni.pesos.{filters.pesos}", lang, year=base_year), lang=lang,
                         see_all=_link(f"/municipio/{place['cvegeo']}", lang, loc=town and loc) if narrowed else None,
                downloads=filters.with_(selected=place["cvegeo"]).to_query(lang="en" if lang == "en" else None),
                loc=town and loc),
        declarations_section(q.declarations(snapshot, place["cvegeo"]), crisis_coverage(snapshot, ALL_CRISIS_YEARS), lang),
        impacts_section(municipality_impacts(snapshot, place["cvegeo"]),
                        state_level_events(snapshot, place["cvegeo"][:2]), place["state_name"], lang),
        remittances_section(q.remittances(snapshot, place["cvegeo"]), lang),
        migration_section(q.migration(snapshot, place["cvegeo"]), lang),
        share_section(share_url(place["cvegeo"], lang, town and loc, filters), lang),
        html.Div(id=ids.MUNI_PRINT_DONE, hidden=True),
    ], className="muni-page", id=ids.MUNI_PAGE, lang=lang)


dash.clientside_callback(
    "function(n) { if (n) { window.print(); } return ''; }",
    Output(ids.MUNI_PRINT_DONE, "children"),
    Input(ids.MUNI_PRINT, "n_clicks"),
    prevent_initial_call=True,
)
