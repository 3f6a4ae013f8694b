"""Gaps, `/brechas`: municipalities ranked by need against the 3x1 pesos per person they received.

For disaster-recovery planners. The table is rendered on the server from the URL (every control
writes the query string; paging is plain links), so a shared link shows the same page. The CSV
download is `gaps_table`, exactly the columns and rows of the table (all pages).
"""
from __future__ import annotations

from urllib.parse import parse_qs

import dash
import pandas as pd
from dash import ALL, Input, Output, State, callback, dcc, html, no_update

from dashapp import ids
from dashapp.filters import Filters
from dashapp.i18n import fmt_money, fmt_number, fmt_pct, lang_of, t, tab_title
from dashapp.pages._gaps_map import gaps_map
from dashapp.queries.coverage import coverage_note, crisis_coverage
from dashapp.pages._gaps_view import controls, status_cell, status_legend
from dashapp.store import current_snapshot
from dashapp.queries.gap_finder import COMBINED, GRADES, Criteria, export_csv, finder_frame, formula, \
    lenient_criteria, threshold_text
from dashapp.queries.gap_finder import headings as finder_headings
from dashapp.queries.gaps import gaps_frame, headings, need_of
from dashapp.vocabulary import grade_label, translate_grade

dash.register_page(__name__, path="/brechas", title=tab_title("nav.gaps"), name="Brechas")

PAGE_SIZE = 25


def _query(search: str | None) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs((search or "").lstrip("?")).items()}


def _page_number(text: str | None) -> int:
    return int(text) if str(text or "").isdigit() and int(text) > 0 else 1


def page_need(value: str | None) -> str:
    """The page's need: one of gaps.NEEDS, or the combined finder."""
    return COMBINED if value == COMBINED else need_of(value)


def _href(filters: Filters, need: str, lang: str, page: int | None = None, criteria: Criteria | None = None) -> str:
    finder = (criteria or Criteria()).to_query() if need == COMBINED else {}
    return "/brechas" + filters.to_query(necesidad=None if need == "pobreza" else need,
                                         lang="en" if lang == "en" else None,
                                         pagina=str(page) if page and page > 1 else None, **finder)


def _cell(key: str, row: dict, need: str, lang: str, label: str):
    value = row[key]
    missing = value is None or bool(pd.isna(value))
    if key == "status":
        return html.Td(status_cell(value, lang), **{"data-label": label})
    if key == "municipality":
        text = dcc.Link(str(value), href="/" + Filters(selected=row["cvegeo"]).to_query(
            lang="en" if lang == "en" else None))
    elif key in ("need", "score") and row["status"] == "no_data":
        text = t("nodata", lang)
    elif key.startswith("c_") and not missing:
        slug = key[2:]
        text = (grade_label(value, None, lang) if slug in GRADES else
                fmt_pct(value, lang) if slug.startswith("pobreza") else fmt_number(value, lang, 1 if value % 1 else 0))
    elif key == "score" and not missing:
        text = fmt_number(value, lang, 3)
    elif missing:
        text = "—"
    elif key == "need":
        text = fmt_pct(value, lang) if need == "pobreza" else fmt_number(value, lang)
    elif key in ("pesos", "pesos_per_person"):
        text = fmt_money(value, lang)
    elif key in ("rank", "population_2020", "projects", "declarations", "impacts"):
        text = fmt_number(value, lang)
    elif key == "need_label":
        text = str(translate_grade(str(value), lang))
    elif key == "is_synthetic":
        text = t("common.yes" if value else "common.no", lang)
    else:
        text = str(value)
    return html.Td(text, className="num" if _numeric(key) else None, **{"data-label": label})


def _numeric(key: str) -> bool:
    return key.startswith("c_") or key in ("rank", "need", "score", "declarations", "impacts", "population_2020", "projects",
                                           "pesos", "pesos_per_person")


def _table(frame, labels: dict[str, str], need: str, lang: str, page: int, pages: int) -> html.Div:
    rows = frame.iloc[(page - 1) * PAGE_SIZE: page * PAGE_SIZE].to_dict("records")
    keys = list(labels)
    head = html.Thead(html.Tr([html.Th(labels[k], scope="col", className="num" if _numeric(k) else None)
                               for k in keys]))
    body = html.Tbody([html.Tr([_cell(k, row, need, lang, labels[k]) for k in keys],
                               className=f"status-{row['status']}") for row in rows])
    return html.Div(html.Table([html.Caption(t("brechas.caption", lang, page=page, pages=pages)), head, body],
                               className="plain gaps-table", id=ids.GAPS_TABLE),
                    className="table-scroll", role="region", tabIndex="0",
                    **{"aria-label": t("brechas.table_region", lang)})


def _pager(filters: Filters, need: str, lang: str, page: int, pages: int, criteria: Criteria | None) -> html.Nav:
    links = []
    if page > 1:
        links.append(dcc.Link(t("brechas.prev", lang), href=_href(filters, need, lang, page - 1, criteria),
                              className="pager-link"))
    links.append(html.Span(f"{page} / {pages}", className="pager-pos"))
    if page < pages:
        links.append(dcc.Link(t("brechas.next", lang), href=_href(filters, need, lang, page + 1, criteria),
                              className="pager-link"))
    return html.Nav(links, className="pager", **{"aria-label": t("brechas.pager", lang)})


def layout(lang: str | None = None, necesidad: str | None = None, pagina: str | None = None, **query: str):
    lang = lang_of(lang)
    filters = Filters.lenient(query)
    need = page_need(necesidad)
    try:
        snapshot = current_snapshot()
    except FileNotFoundError:
        return html.Div(t("store.missing", lang), className="empty-state")
    criteria, notes = None, []
    if need == COMBINED:
        criteria, dropped = lenient_criteria({k: v for k, v in query.items() if isinstance(v, str)})
        frame = finder_frame(snapshot, filters, criteria)
        labels = finder_headings(snapshot, filters, criteria, lang)
        notes = [formula(criteria, lang), threshold_text(criteria, lang),
                 t("finder.left_out", lang, n=frame.attrs["left_out"]) if frame.attrs["left_out"] else None,
                 t("finder.dropped", lang, params=", ".join(dropped)) if dropped else None]
        note = t("finder.note", lang)
    else:
        frame = gaps_frame(snapshot, filters, need)
        labels = headings(snapshot, filters, need, lang, frame.attrs["vintage"])
        note = (t("brechas.declarations_note", lang) if need == "declaraciones"
                else t("brechas.vintage", lang, year=frame.attrs["vintage"]))
    pages = max(1, -(-len(frame) // PAGE_SIZE))
    page = min(_page_number(pagina), pages)
    counts = frame["status"].value_counts()
    kinds = {"declaraciones": ("declaration",), "impactos": ("impact",), "ambas": ("declaration", "impact")}
    record_kinds = kinds["declaraciones"] if need == "declaraciones" else \
        kinds.get(criteria.crisis, ()) if criteria is not None else ()
    coverage = " ".join(filter(None, (coverage_note(crisis_coverage(snapshot, filters, kind), lang)
                                      for kind in record_kinds))) or None
    synthetic = bool(frame["is_synthetic"].any())
    results = [html.P(t("brechas.empty", lang), className="empty-state")] if frame.empty else [
        html.P(t("brechas.summary", lang, total=fmt_number(len(frame), lang),
                 **{s: fmt_number(int(counts.get(s, 0)), lang) for s in ("with_projects", "no_projects", "no_data")}),
               role="status"),
        *[html.P(text, className="finder-note") for text in notes if text],
        status_legend(lang),
        _table(frame, labels, need, lang, page, pages),
        _pager(filters, need, lang, page, pages, criteria),
        html.Div(className="gaps-download no-print", children=[
            html.Button(t("brechas.download", lang, count=len(frame)), id=ids.GAPS_DOWNLOAD_BUTTON,
                        className="gaps-button"),
            html.P(t("brechas.synthetic", lang), className="demo-note") if synthetic else None,
            dcc.Download(id=ids.GAPS_DOWNLOAD),
        ]),
    ]
    return html.Div(className="gaps-page", lang=lang, children=[
        html.H1(t("brechas.title", lang)),
        html.P(t("brechas.intro", lang)),
        html.Div(className="gaps-layout", children=[
            html.Div([controls(snapshot, filters, need, lang, criteria), html.P(note, className="gaps-note"),
                      html.P(coverage, className="gaps-note coverage-note", role="note") if coverage else None,
                      gaps_map(snapshot, frame.iloc[(page - 1) * PAGE_SIZE: page * PAGE_SIZE], filters.state, lang)],
                     className="gaps-side"),
            html.Div(results, className="gaps-results"),
        ]),
    ])


@callback(
    Output(ids.URL, "search", allow_duplicate=True),
    Input(ids.GAPS_NEED, "value"), Input(ids.GAPS_YEARS, "value"), Input(ids.GAPS_CRISIS_YEARS, "value"),
    Input(ids.GAPS_PHENOMENON, "value"), Input(ids.GAPS_STATE, "value"), Input(ids.GAPS_CATEGORY, "value"),
    Input(ids.GAPS_PARTNER, "value"), Input(ids.GAPS_PESOS, "value"),
    State(ids.URL, "search"),
    prevent_initial_call=True,
)
def controls_to_url(need, years, crisis_years, phenomenon, state, category, partner, pesos, search):
    """Every control writes the query string; the page re-renders from it (page 1)."""
    query = _query(search)
    filters = Filters.lenient({**query, "anio": _range(years), "anio_decl": _range(crisis_years),
                               "fenomeno": phenomenon, "estado": state, "tipo": category,
                               "socio": partner, "pesos": pesos})
    if filters == Filters.lenient(query) and page_need(need) == page_need(query.get("necesidad")):
        return no_update  # a control re-announcing its value after a render: keep page and extra params
    criteria = lenient_criteria(query)[0]
    return _href(filters, page_need(need), lang_of(query.get("lang")), criteria=criteria)[len("/brechas"):]


@callback(
    Output(ids.URL, "search", allow_duplicate=True),
    Input({"type": ids.FINDER_WEIGHT, "slug": ALL}, "value"), Input({"type": ids.FINDER_MIN, "slug": ALL}, "value"),
    Input(ids.FINDER_CRISIS, "value"),
    State({"type": ids.FINDER_WEIGHT, "slug": ALL}, "id"), State({"type": ids.FINDER_MIN, "slug": ALL}, "id"),
    State(ids.URL, "search"),
    prevent_initial_call=True,
)
def finder_to_url(weights, minimums, crisis, weight_ids, minimum_ids, search):
    """The finder's weights, thresholds and crisis condition -> the query string (page 1). Blank or
    invalid numbers count as "not used"; the URL keeps only what the page can show."""
    query = _query(search)
    pairs = lambda values, found: ",".join(  # noqa: E731
        f"{i['slug']}:{float(v):g}" for v, i in zip(values, found) if _positive(v))
    criteria, _ = lenient_criteria({"criterios": pairs(weights, weight_ids) or None,
                                    "umbral": pairs(minimums, minimum_ids) or None,
                                    "crisis": _crisis_kind(crisis or [])})
    if criteria == lenient_criteria(query)[0]:
        return no_update
    return _href(Filters.lenient(query), COMBINED, lang_of(query.get("lang")), criteria=criteria)[len("/brechas"):]


def _crisis_kind(checked: list[str]) -> str | None:
    """The two boxes (declarations, impacts) as the `crisis` parameter."""
    both = {"declaraciones", "impactos"} <= set(checked)
    return "ambas" if both else next((k for k in ("declaraciones", "impactos") if k in checked), None)


def _positive(value) -> bool:
    try:
        return float(value) > 0
    except (TypeError, ValueError):
        return False


def _range(values) -> str | None:
    return f"{int(values[0])}-{int(values[1])}" if values and len(values) == 2 else None


@callback(
    Output(ids.GAPS_DOWNLOAD, "data"),
    Input(ids.GAPS_DOWNLOAD_BUTTON, "n_clicks"),
    State(ids.URL, "search"),
    prevent_initial_call=True,
)
def download_csv(_clicks, search):
    """The CSV of exactly the table shown (all pages), headings in the page's language; the same file
    as /api/brechas.csv with the same query."""
    from dashapp import api_exports as ex

    query = _query(search)
    filters, lang, need = Filters.lenient(query), lang_of(query.get("lang")), page_need(query.get("necesidad"))
    snapshot = current_snapshot()
    body, name = export_csv(snapshot, filters, need, lenient_criteria(query)[0], lang)
    return dcc.send_string(body, name, type="text/csv")
